"""A practitioner's referral: start (carrying the navigator's answers), three pages of
questions that save the draft as they go, "check your answers", send, the confirmation, and
"Your referrals" with each referral's status and history.

Whether the family can be referred is checked as soon as the first page (age and area) is
answered: where they cannot, the form says why and what would help instead, and the
referral cannot be sent. Every page works without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core.dates import age_in_months
from littleminds.core.phones import phone_shown
from littleminds.core.postcodes import InvalidPostcode, parse_postcode
from littleminds.directory.models import LANGUAGE_NAMES, Service
from littleminds.pathway import journey
from littleminds.pathway import selectors as pathway_selectors
from littleminds.pathway.labels import CONCERN_LABELS, IMPACT_DESCRIPTIONS
from littleminds.referrals import eligibility, selectors, services
from littleminds.referrals.lifecycle import Action, NotAllowed, Status, actions_from
from littleminds.referrals.models import Referral
from littleminds.referrals.referrer.forms import (
    CONTACT_WAYS,
    AnswerForm,
    ContactForm,
    FamilyForm,
    ReferralPage,
    WithdrawForm,
    WorriesForm,
)

RETURN_TO_CHECK = "check"
FROM_NAVIGATOR = "navigator"


@dataclass(frozen=True)
class Page:
    slug: str
    form: type[ReferralPage]
    title: Any
    # The answers of `services.missing_answers` this page gives.
    answers: tuple[str, ...]

    def url(self, referral: Referral, *, returning: bool = False) -> str:
        url = reverse(f"referrals:{self.slug}", kwargs={"code": referral.code})
        return f"{url}?return={RETURN_TO_CHECK}" if returning else url


PAGES: tuple[Page, ...] = (
    Page(
        "family",
        FamilyForm,
        gettext_lazy("About the family"),
        ("parent_name", "child_date_of_birth", "expected_delivery_date", "postcode"),
    ),
    Page(
        "contact",
        ContactForm,
        gettext_lazy("Contacting the family"),
        ("phone", "interpreter"),
    ),
    Page(
        "worries",
        WorriesForm,
        gettext_lazy("What worries you"),
        ("concerns", "impact", "consent"),
    ),
)
PAGE_BY_SLUG = {page.slug: page for page in PAGES}
PAGE_OF_ANSWER = {answer: page for page in PAGES for answer in page.answers}
# Where the error summary's link lands for an answer not given: the field's first box.
_ANCHORS = {
    "child_date_of_birth": "id_child_date_of_birth_day",
    "expected_delivery_date": "id_expected_delivery_date_day",
    "concerns": "id_concerns_0",
    "impact": "id_impact_0",
}


def _referrer(request: HttpRequest) -> User:
    """The person signed in (`permission_required` has turned everyone else away)."""
    user = request.user
    assert isinstance(user, User)
    return user


def _refusal(referral: Referral) -> eligibility.Eligibility | None:
    """Why the family cannot be referred, with the alternatives; None while they can (or
    while too little is known to say)."""
    result = eligibility.check(services.family_of(referral))
    return result if result.problems else None


def _resume_url(referral: Referral) -> str:
    """Where a draft carries on: the first page with an answer still missing (the first
    page until it has been answered), or "check your answers"."""
    missing = services.missing_answers(referral)
    if not referral.parent_name:
        return PAGES[0].url(referral)
    for page in PAGES:
        if any(answer in missing for answer in page.answers):
            return page.url(referral)
    if not referral.language:
        return PAGE_BY_SLUG["contact"].url(referral)
    return reverse("referrals:check", kwargs={"code": referral.code})


# Starting, from the navigator or afresh ------------------------------------------------------


def _iso_date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _navigator_answers(request: HttpRequest) -> tuple[services.Details, str] | None:
    """What the person told the navigator (its signed cookie, on their own device), as the
    referral's answers, and the route the navigator gave; None when there is nothing."""
    answers = journey.load(request)
    given = journey.payload(answers)
    if not given:
        return None
    details = services.Details()
    details.unborn = given.get("pregnant") is True
    if details.unborn:
        details.expected_delivery_date = _iso_date(given.get("expected_delivery_date"))
    else:
        details.child_date_of_birth = _iso_date(given.get("child_date_of_birth"))
    try:
        details.postcode = str(parse_postcode(str(given.get("postcode") or "")))
    except InvalidPostcode:
        details.postcode = ""
    chosen = set(given.get("concerns") or [])
    details.concerns = [code for code in CONCERN_LABELS if code in chosen]
    impact = given.get("impact")
    details.impact = impact if impact in IMPACT_DESCRIPTIONS else ""
    return details, _navigator_route(answers)


def _navigator_route(answers: dict[str, Any]) -> str:
    """The route of the navigator's answer, as it was given; "" when none was given."""
    decided = pathway_selectors.answer_given(answers)
    return decided[3].route.value if decided else ""


def _carried_rows(details: services.Details) -> list[tuple[str, str]]:
    rows = []
    if details.unborn and details.expected_delivery_date:
        rows.append((_("Due date"), date_format(details.expected_delivery_date, "j F Y")))
    if details.child_date_of_birth:
        rows.append((_("Baby's date of birth"), date_format(details.child_date_of_birth, "j F Y")))
    if details.postcode:
        rows.append((_("Home postcode"), details.postcode))
    if details.concerns:
        rows.append(
            (_("Worries"), ", ".join(str(CONCERN_LABELS[code]) for code in details.concerns))
        )
    if details.impact:
        rows.append((_("How much it affects the family"), str(IMPACT_DESCRIPTIONS[details.impact])))
    return rows


@permission_required(Permission.REFERRALS_CREATE)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """What the referral asks and why; starting makes the draft (with the navigator's
    answers when the person comes from its answer) and opens its first page."""
    source = request.POST.get("from") or request.GET.get("from") or ""
    carried = _navigator_answers(request) if source == FROM_NAVIGATOR else None
    if request.method == "POST":
        details, route = carried or (None, "")
        referral = services.draft_start(
            by=_referrer(request), details=details, navigator_route=route
        )
        return redirect("referrals:family", code=referral.code)
    return render(
        request,
        "referrals/start.html",
        {
            "source": FROM_NAVIGATOR if carried else "",
            "carried": _carried_rows(carried[0]) if carried else [],
        },
    )


# The question pages --------------------------------------------------------------------------


def _question(request: HttpRequest, code: UUID, page: Page) -> HttpResponse:
    referral = selectors.referral_for_referrer(by=_referrer(request), code=code)
    if referral.status != Status.DRAFT:
        return redirect("referrals:referral", code=referral.code)
    if page is not PAGES[0] and _refusal(referral):
        return redirect("referrals:not-eligible", code=referral.code)
    returning = request.GET.get("return") == RETURN_TO_CHECK
    form = page.form(request.POST if request.method == "POST" else None, referral=referral)
    if request.method == "POST" and form.is_valid():
        # Each page that passes its checks is saved: the draft can be left and resumed.
        referral = services.draft_save(
            by=_referrer(request), referral=referral, changes=form.changes()
        )
        if page is PAGES[0] and _refusal(referral):
            return redirect("referrals:not-eligible", code=referral.code)
        position = PAGES.index(page)
        if returning or position == len(PAGES) - 1:
            return redirect("referrals:check", code=referral.code)
        return redirect(PAGES[position + 1].url(referral))
    position = PAGES.index(page)
    if returning:
        back_url = reverse("referrals:check", kwargs={"code": referral.code})
    elif position:
        back_url = PAGES[position - 1].url(referral)
    else:
        back_url = reverse("referrals:mine")
    return render(
        request,
        "referrals/question.html",
        {
            "form": form,
            "page": page,
            "number": position + 1,
            "pages": len(PAGES),
            "referral": referral,
            "back_url": back_url,
        },
        status=400 if form.is_bound else 200,
    )


@permission_required(Permission.REFERRALS_CREATE)
@require_http_methods(["GET", "POST"])
def family(request: HttpRequest, code: UUID) -> HttpResponse:
    return _question(request, code, PAGE_BY_SLUG["family"])


@permission_required(Permission.REFERRALS_CREATE)
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, code: UUID) -> HttpResponse:
    return _question(request, code, PAGE_BY_SLUG["contact"])


@permission_required(Permission.REFERRALS_CREATE)
@require_http_methods(["GET", "POST"])
def worries(request: HttpRequest, code: UUID) -> HttpResponse:
    return _question(request, code, PAGE_BY_SLUG["worries"])


@permission_required(Permission.REFERRALS_CREATE)
@require_GET
def not_eligible(request: HttpRequest, code: UUID) -> HttpResponse:
    """Why the family cannot be referred, and what would help instead."""
    referral = selectors.referral_for_referrer(by=_referrer(request), code=code)
    if referral.status != Status.DRAFT:
        return redirect("referrals:referral", code=referral.code)
    refused = _refusal(referral)
    if refused is None:
        return redirect(_resume_url(referral))
    return render(
        request,
        "referrals/not_eligible.html",
        {
            "referral": referral,
            "problems": list(refused.problems.values()),
            "route": refused.route,
            "services": refused.services,
            "search_url": _directory_search_url(referral),
            "change_url": PAGES[0].url(referral),
        },
    )


@permission_required(Permission.REFERRALS_CREATE)
@require_GET
def eligibility_check(request: HttpRequest) -> JsonResponse:
    """For the first page's script: whether a family could be referred from the age and
    postcode typed so far. Nothing is kept, and only what is known is checked; the pages
    check again when they are saved, with or without JavaScript."""
    unborn = request.GET.get("born") == "unborn"
    try:
        postcode = parse_postcode(request.GET.get("postcode", ""))
    except InvalidPostcode:
        postcode = None
    result = eligibility.check(
        eligibility.Family(
            unborn=unborn,
            expected_delivery_date=_iso_date(request.GET.get("expected_delivery_date"))
            if unborn
            else None,
            child_date_of_birth=None
            if unborn
            else _iso_date(request.GET.get("child_date_of_birth")),
            postcode=postcode,
            on=timezone.localdate(),
        )
    )
    return JsonResponse(
        {
            "eligible": not result.problems,
            "problems": list(result.problems.values()),
            "route": result.route,
        }
    )


# Check your answers, send, the confirmation ---------------------------------------------------


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _when(value: date | None) -> str:
    return date_format(value, "j F Y") if value else _("Not given")


def _summary(referral: Referral) -> list[dict[str, Any]]:
    """The answers by page, in words, each page with its "Change" link."""
    nhs = referral.nhs_number
    ways = [str(label) for name, label in CONTACT_WAYS if getattr(referral, name)]
    rows: dict[str, list[tuple[str, list[str]]]] = {
        "family": [
            (_("Parent or carer"), [referral.parent_name or _("Not given")]),
            (
                _("Baby"),
                [referral.baby_name or (_("Unborn") if referral.unborn else _("Name not given"))],
            ),
            (
                _("Due date") if referral.unborn else _("Date of birth"),
                [
                    _when(
                        referral.expected_delivery_date
                        if referral.unborn
                        else referral.child_date_of_birth
                    )
                ],
            ),
            (_("Home postcode"), [referral.postcode or _("Not given")]),
        ],
        "contact": [
            (_("Phone number"), [phone_shown(referral.phone) or _("Not given")]),
            (_("Safe to"), ways or [_("None of these: do not call, text or leave a message")]),
            (
                _("Language"),
                [str(LANGUAGE_NAMES.get(referral.language, _("Not given")))],
            ),
            (_("Needs an interpreter"), [_yes_no(referral.interpreter)]),
            (
                _("Baby's NHS number"),
                [f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" if nhs else _("Not given")],
            ),
        ],
        "worries": [
            (
                _("Worries"),
                [str(CONCERN_LABELS.get(code, code)) for code in referral.concerns]
                or [_("Not given")],
            ),
            (_("More about the worries"), [referral.concern_details or _("Not given")]),
            (
                _("How much it affects the family"),
                [str(IMPACT_DESCRIPTIONS.get(referral.impact, _("Not given")))],
            ),
            (_("What has been tried"), [referral.tried or _("Not given")]),
            (
                _("Who else is working with the family"),
                [referral.others_involved or _("Not given")],
            ),
            (_("The family agreed to the referral"), [_yes_no(referral.consent)]),
        ],
    }
    return [
        {
            "title": page.title,
            "slug": page.slug,
            "change_url": page.url(referral, returning=True),
            "rows": rows[page.slug],
        }
        for page in PAGES
    ]


@permission_required(Permission.REFERRALS_CREATE)
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, code: UUID) -> HttpResponse:
    """Check your answers, then send. Sending twice (a double click) sends once: the second
    request finds the referral sent and goes to the same confirmation."""
    referral = selectors.referral_for_referrer(by=_referrer(request), code=code)
    errors: list[tuple[str, str]] = []
    if referral.status == Status.DRAFT and _refusal(referral):
        # Whether the family can be referred at all comes before any answer still missing.
        return redirect("referrals:not-eligible", code=referral.code)
    if request.method == "POST":
        try:
            referral = services.referral_submit(by=_referrer(request), referral=referral)
        except services.Incomplete as incomplete:
            errors = [
                (
                    f"{PAGE_OF_ANSWER[name].url(referral, returning=True)}"
                    f"#{_ANCHORS.get(name, f'id_{name}')}",
                    message,
                )
                for name, message in incomplete.problems.items()
            ]
        except services.NotEligible:
            return redirect("referrals:not-eligible", code=referral.code)
        else:
            return redirect("referrals:sent", code=referral.code)
    elif referral.status != Status.DRAFT:
        return redirect("referrals:referral", code=referral.code)
    family = services.family_of(referral)
    return render(
        request,
        "referrals/check.html",
        {
            "referral": referral,
            # Where the referral would go today, and how long that team usually takes.
            "intake": eligibility.intake_for(family.postcode, family.on),
            "sections": _summary(referral),
            "errors": errors,
            "back_url": PAGES[-1].url(referral),
        },
        status=400 if errors else 200,
    )


@permission_required(Permission.REFERRALS_CREATE)
@require_GET
def sent(request: HttpRequest, code: UUID) -> HttpResponse:
    referral = selectors.referral_for_referrer(by=_referrer(request), code=code)
    if referral.status == Status.DRAFT:
        return redirect("referrals:check", code=referral.code)
    return render(request, "referrals/sent.html", {"referral": referral, "intake": referral.intake})


@permission_required(Permission.REFERRALS_CREATE)
@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, code: UUID) -> HttpResponse:
    referral = selectors.referral_for_referrer(by=_referrer(request), code=code)
    if referral.status != Status.DRAFT:
        return redirect("referrals:referral", code=referral.code)
    if request.method == "POST":
        services.draft_discard(by=_referrer(request), referral=referral)
        messages.success(request, _("The draft referral has been deleted."))
        return redirect("referrals:mine")
    return render(request, "referrals/discard.html", {"referral": referral})


# Your referrals ------------------------------------------------------------------------------


def baby_of(referral: Referral) -> str:
    if referral.baby_name:
        return referral.baby_name
    if referral.unborn:
        return _("Unborn")
    return _("Name not given")


@permission_required(Permission.REFERRALS_CREATE)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The referrer's drafts (to carry on or delete) and sent referrals, newest first; only
    what waits on them with `?waiting=draft` or `?waiting=question` (the lists behind "Your
    work"'s counts). Any other value lists everything."""
    waiting = request.GET.get("waiting", "")
    if waiting not in selectors.WAITING_ON_REFERRER:
        waiting = ""
    drafts: list[dict[str, Any]] = []
    sent_ones: list[dict[str, Any]] = []
    for referral in selectors.referrals_mine(_referrer(request), waiting=waiting):
        row = {"referral": referral, "baby": baby_of(referral)}
        (drafts if referral.status == Status.DRAFT else sent_ones).append(row)
    return render(
        request,
        "referrals/mine.html",
        {"drafts": drafts, "sent": sent_ones, "waiting": waiting},
    )


# What each move of the life cycle reads as, in the referral's history.
_EVENT_WORDS: dict[str, Any] = {
    Action.SUBMIT: gettext_lazy("Sent"),
    Action.START_TRIAGE: gettext_lazy("The team started looking at the referral"),
    Action.ACCEPT: gettext_lazy("Accepted: the team will contact the family"),
    Action.DECLINE: gettext_lazy("Not accepted"),
    Action.REDIRECT: gettext_lazy("The team offered a consultation instead"),
    Action.REQUEST_INFO: gettext_lazy("The team asked for more information"),
    Action.ANSWER_INFO: gettext_lazy("You answered the team's question"),
    Action.MARK_DUPLICATE: gettext_lazy("Marked as a duplicate of another referral"),
    Action.WITHDRAW: gettext_lazy("Withdrawn"),
}


def _directory_search_url(referral: Referral) -> str:
    query: dict[str, str] = {}
    if referral.postcode:
        query["postcode"] = referral.postcode
    if referral.unborn:
        query["pregnant"] = "on"
    elif referral.child_date_of_birth:
        query["age_months"] = str(age_in_months(referral.child_date_of_birth, timezone.localdate()))
    return f"{reverse('directory:search')}?{urlencode(query)}"


def _other_services(referral: Referral) -> list[Service]:
    """The directory's services the navigator finds for the family today, besides the one
    that declined: what else could help."""
    _route, found = eligibility.alternatives(services.family_of(referral))
    own = referral.intake.service_id if referral.intake_id and referral.intake else None
    return [service for service in found if service.pk != own]


def _history(referral: Referral, by: User) -> list[dict[str, Any]]:
    return [
        {
            "at": event.at,
            "what": gettext_lazy("The team found out what it needed to know")
            if event.action == Action.ANSWER_INFO and event.by_id != by.pk
            else _EVENT_WORDS.get(event.action, event.action),
            # The referrer's own moves by name; the team's as the team's.
            "who": event.by.full_name
            if event.by is not None and event.by_id == by.pk
            else (referral.team.name if referral.team else ""),
            "note": event.note,
        }
        for event in referral.events.select_related("by")
    ]


def _referral_page(
    request: HttpRequest, referral: Referral, *, answer_form: AnswerForm | None = None
) -> HttpResponse:
    can = actions_from(referral.status, team=False, referrer=True)
    declined = referral.status == Status.DECLINED
    return render(
        request,
        "referrals/referral.html",
        {
            "referral": referral,
            "baby": baby_of(referral),
            "history": _history(referral, _referrer(request)),
            "sections": _summary(referral),
            "can_answer": Action.ANSWER_INFO in can,
            "can_withdraw": Action.WITHDRAW in can,
            "answer_form": answer_form or AnswerForm(),
            "other_services": _other_services(referral) if declined else [],
            "search_url": _directory_search_url(referral),
        },
        status=400 if answer_form is not None else 200,
    )


@permission_required(Permission.REFERRALS_CREATE)
@require_GET
def referral(request: HttpRequest, code: UUID) -> HttpResponse:
    """One of the referrer's referrals: its status, what happened and why. A draft carries
    on where it was left."""
    found = selectors.referral_for_referrer(by=_referrer(request), code=code)
    if found.status == Status.DRAFT:
        return redirect(_resume_url(found))
    return _referral_page(request, found)


@permission_required(Permission.REFERRALS_CREATE)
@require_POST
def answer(request: HttpRequest, code: UUID) -> HttpResponse:
    """The referrer answers the team's question: the referral goes back to triage."""
    found = selectors.referral_for_referrer(by=_referrer(request), code=code)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _referral_page(request, found, answer_form=form)
    try:
        services.referral_answer_info(
            by=_referrer(request), referral=found, answer=form.cleaned_data["answer"]
        )
    except NotAllowed:
        messages.info(request, _("The referral has moved on: it no longer needs an answer."))
    else:
        messages.success(request, _("Your answer has been sent to the team."))
    return redirect("referrals:referral", code=found.code)


@permission_required(Permission.REFERRALS_CREATE)
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, code: UUID) -> HttpResponse:
    found = selectors.referral_for_referrer(by=_referrer(request), code=code)
    if Action.WITHDRAW not in actions_from(found.status, team=False, referrer=True):
        return redirect("referrals:referral", code=found.code)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_withdraw(
                by=_referrer(request), referral=found, reason=form.cleaned_data["reason"]
            )
        except NotAllowed:
            messages.info(request, _("The referral has moved on: it can no longer be withdrawn."))
        else:
            messages.success(request, _("The referral has been withdrawn."))
        return redirect("referrals:referral", code=found.code)
    return render(
        request,
        "referrals/withdraw.html",
        {"referral": found, "form": form},
        status=400 if form.is_bound else 200,
    )
