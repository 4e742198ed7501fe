"""A family's own referral, public and without an account (`/self-referral/`): a start page
with the safeguarding notice first, a few questions a page (`forms.py`), "check your
answers", then the reference and what happens next.

The answers travel between pages in a signed cookie on the family's device, as the
navigator's do (`pathway/journey.py`, ADR 0013), under a cookie of their own; a family who
used the navigator first finds its answers filled in. Nothing is stored on the server until
they send. Whether the family can be referred is checked as soon as their baby's dates and
postcode are known; a family who cannot be referred is told why, and what can help instead,
and cannot send. Sending is rate-limited per address, carries an idempotency key (one
referral however often the form arrives) and a honeypot (ADR 0014).
"""

from __future__ import annotations

import base64
import json
import logging
import zlib
from datetime import date
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.core.decorators import public
from littleminds.core.phones import phone_shown
from littleminds.core.postcodes import InvalidPostcode, parse_postcode
from littleminds.core.ratelimit import rate_limited
from littleminds.pathway import journey as navigator
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.referrals import eligibility, selectors, services
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import HeardFrom, Referral
from littleminds.referrals.self_referral import forms as steps

logger = logging.getLogger(__name__)

COOKIE = "littleminds_self_referral"
_SALT = "littleminds.referrals.self_referral"
MAX_AGE_SECONDS = 2 * 60 * 60
# Browsers keep a cookie of up to 4,096 bytes with its name and attributes.
COOKIE_LIMIT = 3800


# The answers, in a signed cookie ---------------------------------------------------------


def _encode(journey: dict[str, Any]) -> str:
    # Compressed, because a family's own words in Urdu take two bytes a letter.
    raw = json.dumps(journey, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode()


def load(request: HttpRequest) -> dict[str, Any]:
    """The answers so far; for a family who used the navigator as a parent first, its
    answers to the same questions."""
    try:
        raw = request.get_signed_cookie(COOKIE, salt=_SALT, max_age=MAX_AGE_SECONDS)
        data = json.loads(zlib.decompress(base64.urlsafe_b64decode(raw or "")))
    except (KeyError, signing.BadSignature, ValueError, zlib.error):
        return _from_navigator(navigator.load(request))
    return data if isinstance(data, dict) else {}


def _from_navigator(answers: dict[str, Any]) -> dict[str, Any]:
    if answers.get("asker") != "parent":
        return {}  # a practitioner's answers are about someone else's family
    carried: dict[str, Any] = {}
    if isinstance(answers.get("pregnant"), bool):
        carried["unborn"] = answers["pregnant"]
        if answers["pregnant"] and answers.get("expected_delivery_date"):
            carried["expected_delivery_date"] = answers["expected_delivery_date"]
        if not answers["pregnant"] and answers.get("child_date_of_birth"):
            carried["child_date_of_birth"] = answers["child_date_of_birth"]
    if answers.get("postcode"):
        carried["postcode"] = answers["postcode"]
    concerns = [code for code in answers.get("concerns") or [] if code in CONCERN_LABELS]
    if concerns:
        carried["concerns"] = concerns
    return carried


def fits(journey: dict[str, Any]) -> bool:
    return len(COOKIE) + len(_encode(journey)) + 120 < COOKIE_LIMIT


def save(response: HttpResponse, journey: dict[str, Any]) -> None:
    response.set_signed_cookie(
        COOKIE,
        _encode(journey),
        salt=_SALT,
        max_age=None,  # gone when the browser closes; the signature also expires it
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# What the answers mean ---------------------------------------------------------------------


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def family_of(journey: dict[str, Any]) -> eligibility.Family:
    postcode = None
    if journey.get("postcode"):
        try:
            postcode = parse_postcode(journey["postcode"])
        except InvalidPostcode:
            postcode = None
    unborn = journey.get("unborn") is True
    return eligibility.Family(
        unborn=unborn,
        expected_delivery_date=_date(journey.get("expected_delivery_date")) if unborn else None,
        child_date_of_birth=None if unborn else _date(journey.get("child_date_of_birth")),
        postcode=postcode,
        on=timezone.localdate(),
        concerns=tuple(journey.get("concerns") or ()),
        asker="parent",
    )


def details_of(journey: dict[str, Any]) -> services.Details:
    family = family_of(journey)
    confirm_by = journey.get("confirm_by") or ""
    return services.Details(
        parent_name=journey.get("parent_name", ""),
        unborn=family.unborn,
        expected_delivery_date=family.expected_delivery_date,
        child_date_of_birth=family.child_date_of_birth,
        postcode=str(family.postcode) if family.postcode else "",
        phone=journey.get("phone", ""),
        email=journey.get("email", ""),
        may_call=journey.get("may_call") is True,
        may_text=journey.get("may_text") is True,
        may_leave_message=journey.get("may_leave_message") is True,
        # Only a way that is still possible and safe (they may have changed their answers).
        confirm_by=confirm_by if confirm_by in steps.confirm_options(journey) else "",
        language=journey.get("language", ""),
        other_language=journey.get("other_language", "")
        if journey.get("language") == steps.OTHER_LANGUAGE
        else "",
        interpreter=journey.get("interpreter") is True,
        concerns=list(journey.get("concerns") or []),
        concern_details=journey.get("concern_details", ""),
        heard_from=journey.get("heard_from", "")
        if journey.get("heard_from") in HeardFrom.values
        else "",
    )


def _ineligible(journey: dict[str, Any]) -> eligibility.Eligibility | None:
    """Why the family cannot be referred, once their dates or postcode are known."""
    if not any(key in journey for key in ("child_date_of_birth", "postcode")):
        return None
    result = eligibility.check(family_of(journey))
    return None if result.eligible else result


def _reached_eligibility(step: steps.Step) -> bool:
    return steps.STEPS.index(step) > steps.LAST_ELIGIBILITY_STEP


def summary(journey: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of "check your answers": the question, the answer in words, where to change it."""
    details = details_of(journey)
    not_given = _("Not given")

    def day(value: date | None) -> str:
        return date_format(value, "j E Y") if value else not_given

    language = details.other_language or dict(steps.LANGUAGE_CHOICES).get(
        details.language, details.language
    )
    safe = [str(label) for way, label in steps.SAFE_WAYS if journey.get(steps._SAFE_KEYS[way])]
    confirm = {
        "email": _("By email"),
        "text": _("By text message"),
        "": _("No, do not send me anything"),
    }[details.confirm_by]
    rows: list[tuple[str, str, list[str]]] = [
        ("name", _("Your name"), [details.parent_name]),
        (
            "baby",
            _("Your baby"),
            [_("Expecting a baby") if details.unborn else _("Born")],
        ),
    ]
    if details.unborn:
        rows.append(("due-date", _("Due date"), [day(details.expected_delivery_date)]))
    else:
        rows.append(("birth-date", _("Date of birth"), [day(details.child_date_of_birth)]))
    rows += [
        ("postcode", _("Home postcode"), [details.postcode]),
        ("contact", _("Phone number"), [phone_shown(details.phone)]),
        ("contact", _("Safe for us to"), safe or [_("None of these")]),
        ("contact", _("Email address"), [details.email or not_given]),
        ("language", _("Language"), [str(language)]),
        ("language", _("Interpreter"), [_("Yes") if details.interpreter else _("No")]),
        (
            "worries",
            _("What is worrying you"),
            [str(CONCERN_LABELS[code]) for code in details.concerns],
        ),
        ("worries", _("In your own words"), [details.concern_details or not_given]),
    ]
    if steps.confirm_options(journey):
        rows.append(("hear-back", _("Tell you we have your request"), [str(confirm)]))
    heard = dict(HeardFrom.choices).get(details.heard_from)
    rows.append(("heard-from", _("How you heard about us"), [str(heard) if heard else not_given]))
    return [
        {
            "key": f"{slug}-{index}",
            "question": question,
            "answer": answer,
            "change_url": steps.STEP_BY_SLUG[slug].url(returning=True),
        }
        for index, (slug, question, answer) in enumerate(rows)
    ]


# The pages ------------------------------------------------------------------------------


def _where_next(journey: dict[str, Any], step: steps.Step, returning: bool) -> str:
    missing = steps.first_unanswered(journey)
    if returning:
        return missing.url(returning=True) if missing else reverse("self_referral:check")
    following = steps.step_after(step, journey)
    if following is None:
        return missing.url() if missing else reverse("self_referral:check")
    return following.url()


@public
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/self/start.html", {"first_url": steps.STEPS[0].url()})


@public
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, slug: str) -> HttpResponse:
    step = steps.STEP_BY_SLUG.get(slug)
    if step is None:
        raise Http404
    journey = load(request)
    if journey.get("sent"):
        journey = {}  # a new request after one was sent starts empty
    if not step.applies(journey):
        missing = steps.first_unanswered(journey)
        return redirect(missing.url() if missing else reverse("self_referral:check"))
    if _reached_eligibility(step) and _ineligible(journey):
        return redirect("self_referral:cannot")
    missing = steps.first_unanswered(journey)
    in_force = steps.steps_in_force(journey)
    if missing is not None and in_force.index(missing) < in_force.index(step):
        return redirect(missing.url())
    returning = request.GET.get("return") == "check"
    form = step.form(request.POST if request.method == "POST" else None, journey=journey)
    if request.method == "POST" and form.is_valid():
        journey = steps.without_unused({**journey, **form.answers()})
        if fits(journey):
            if step.checks_eligibility and _ineligible(journey):
                where = reverse("self_referral:cannot")
            else:
                where = _where_next(journey, step, returning)
            response = redirect(where)
            save(response, journey)
            return response
        form.add_error(None, _("Your answer is too long. Use fewer words."))
    before = steps.step_before(step, journey)
    if returning:
        back_url = reverse("self_referral:check")
    elif before is not None:
        back_url = before.url()
    else:
        back_url = reverse("self_referral:start")
    return render(
        request,
        "referrals/self/question.html",
        {"form": form, "step": step, "back_url": back_url},
        status=400 if form.errors else 200,
    )


@public
@rate_limited("self_referral")
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Check your answers, and send them. The send form carries a key made when the page is
    shown: the same key sent twice with the same answers (a double click, a resent form)
    gives one referral; with other answers it is refused (`services.KeyReused`) and the page
    comes back with a new key."""
    journey = load(request)
    form = steps.SendForm(request.POST or None, initial={"key": steps.SendForm.new_key()})
    if journey.get("sent"):
        # Sent already: the back button, or "send" once more with the same key, shows the
        # same reference. A new request begins at the start page.
        return redirect("self_referral:sent")
    if _ineligible(journey):
        return redirect("self_referral:cannot")
    missing = steps.first_unanswered(journey)
    if missing is not None:
        return redirect(missing.url())
    problem = ""
    if request.method == "POST":
        if form.is_robot:
            # Someone filled in the box that people never see. Nothing is stored; the page
            # says so plainly, in case it was a person (ADR 0014).
            logger.info("self-referral: honeypot filled in; nothing stored")
            problem = _(
                "Your request has not been sent. If you typed in the box called “Leave this box "
                "empty”, delete what you typed and send again."
            )
        elif form.is_valid():
            try:
                referral, _new = services.referral_create(
                    kind=Referral.Kind.SELF,
                    details=details_of(journey),
                    idempotency_key=form.cleaned_data["key"],
                )
            except services.KeyReused:
                # The key came before with other answers: as in the API, refused, and
                # nothing of the referral it made is shown, because it may be another
                # family's (the key can be changed in the browser, and families choose
                # their own in the API). These answers stay, with a key of their own.
                logger.info("self-referral: key sent before with other answers; not sent")
                form = steps.SendForm(initial={"key": steps.SendForm.new_key()})
                problem = _(
                    "Your request has not been sent yet. Your answers are still here: check "
                    "them and send your request again."
                )
                return _check_page(request, journey, form, problem)
            except services.NotEligible:
                return redirect("self_referral:cannot")
            except services.Incomplete:
                return redirect(steps.STEPS[0].url())
            response = redirect("self_referral:sent")
            # Only the reference stays on the device: the answers are forgotten.
            intake = referral.intake
            save(
                response,
                {
                    "sent": referral.reference,
                    "confirm_by": referral.confirm_by,
                    # What the last page tells the family: the team's number and how long
                    # it usually takes to decide.
                    "team_phone": intake.contact_phone if intake else "",
                    "decision_days": intake.decision_days if intake else None,
                },
            )
            return response
        else:
            # The hidden key was changed or lost: show the page again with a new one.
            form = steps.SendForm(initial={"key": steps.SendForm.new_key()})
            problem = _("Your request has not been sent. Try again.")
    return _check_page(request, journey, form, problem)


def _check_page(
    request: HttpRequest, journey: dict[str, Any], form: steps.SendForm, problem: str
) -> HttpResponse:
    family = family_of(journey)
    # The team the request would go to today: its number and time to a decision are what
    # the family is told here, on the last page and in the confirmation alike.
    intake = eligibility.intake_for(family.postcode, family.on)
    return render(
        request,
        "referrals/self/check.html",
        {
            "rows": summary(journey),
            "form": form,
            "problem": problem,
            "back_url": steps.steps_in_force(journey)[-1].url(),
            "team_phone": intake.contact_phone if intake else "",
            "team_phone_shown": phone_shown(intake.contact_phone) if intake else "",
            "decision_days": intake.decision_days if intake else None,
        },
        status=400 if problem else 200,
    )


@public
@require_GET
def cannot(request: HttpRequest) -> HttpResponse:
    """Why the family cannot be referred, and what can help instead."""
    journey = load(request)
    result = None if journey.get("sent") else _ineligible(journey)
    if result is None:
        return redirect("self_referral:check" if journey else "self_referral:start")
    changes = []
    if "child_date_of_birth" in result.problems:
        changes.append(
            (steps.STEP_BY_SLUG["birth-date"].url(), _("Change your baby's date of birth"))
        )
    if "postcode" in result.problems:
        changes.append((steps.STEP_BY_SLUG["postcode"].url(), _("Change your postcode")))
    return render(
        request,
        "referrals/self/cannot.html",
        {
            "problems": list(result.problems.values()),
            "route": result.route,
            "services": result.services,
            "changes": changes,
        },
    )


@public
@require_GET
def sent(request: HttpRequest) -> HttpResponse:
    journey = load(request)
    if not journey.get("sent"):
        return redirect("self_referral:start")
    return render(
        request,
        "referrals/self/sent.html",
        {
            "reference": journey["sent"],
            "confirm_by": journey.get("confirm_by", ""),
            "team_phone": journey.get("team_phone") or "",
            "team_phone_shown": phone_shown(journey.get("team_phone") or ""),
            "decision_days": journey.get("decision_days"),
        },
    )


@public
@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    """Forget every answer (the cookie is deleted) and go back to the start."""
    response = redirect("self_referral:start")
    response.delete_cookie(COOKIE, samesite="Lax")
    return response


def _status_words() -> dict[str, str]:
    """Where a request is, in the words a family reads (never the team's own words)."""
    return {
        Status.SUBMITTED: _("We have your request. Someone from our team will read it soon."),
        Status.IN_TRIAGE: _("Someone from our team is looking at your request."),
        Status.MORE_INFO: _(
            "We need a little more information about your request. Someone from our team "
            "will contact you."
        ),
        Status.ACCEPTED: _(
            "Our team can support your family. Someone will contact you to arrange a first meeting."
        ),
        Status.DECLINED: _("Sorry, we are not the right service for your family just now."),
        Status.REDIRECTED: _(
            "We have looked at your request. We will be in touch about how best to help."
        ),
        Status.DUPLICATE: _(
            "We already had a request for your family, so we have joined this one to it. You "
            "do not need to do anything."
        ),
        Status.WITHDRAWN: _("Your request is closed. You can ask for support again at any time."),
    }


@public
@rate_limited("self_referral_status")
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """Where a family's request is, from its reference, the baby's date of birth (or due
    date) and the postcode. The answer is shown on the page of the POST, never at an
    address of its own: a shared phone's history keeps nothing of it. A wrong combination
    gets one message whichever answer was wrong."""
    form = steps.StatusForm(request.POST if request.method == "POST" else None)
    referral = None
    problem = ""
    if request.method == "POST" and form.is_valid():
        referral = selectors.referral_for_family(
            reference=form.cleaned_data["reference"],
            day=form.cleaned_data["day"],
            postcode=str(form.cleaned_data["postcode"]),
        )
        if referral is None:
            problem = _(
                "We could not find a request with these answers. Check your reference, your "
                "baby's date of birth and your postcode."
            )
    advice = ""
    if referral is not None and referral.kind == Referral.Kind.SELF:
        # The team's advice to a family that referred itself: what its text message points to.
        advice = referral.message_to_referrer if referral.status == Status.DECLINED else ""
    return render(
        request,
        "referrals/self/status.html",
        {
            "form": form,
            "problem": problem,
            "referral": referral,
            "words": _status_words().get(referral.status, "") if referral else "",
            "advice": advice,
        },
        status=400 if form.errors or problem else 200,
    )
