"""Triage, for the team that receives referrals: the queue, and one referral with the
actions its status allows. Only the team's clinicians and managers see either; everyone
else gets 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.core.dates import age_in_months
from littleminds.core.listing import filtered_listing
from littleminds.directory.models import LANGUAGE_NAMES
from littleminds.pathway.labels import CONCERN_LABELS, IMPACT_LABELS
from littleminds.referrals import selectors, services
from littleminds.referrals.lifecycle import Action, DeclineReason, NotAllowed, Status
from littleminds.referrals.models import Referral
from littleminds.referrals.triage.forms import (
    ACTION_FORMS,
    ActionForm,
    DuplicateForm,
    QueueForm,
    open_actions,
)

# What each recorded move is called in a referral's history.
EVENT_LABELS: dict[str, Any] = {
    Action.SUBMIT: gettext_lazy("Sent"),
    Action.START_TRIAGE: gettext_lazy("Triage started"),
    Action.ACCEPT: gettext_lazy("Accepted"),
    Action.DECLINE: gettext_lazy("Declined"),
    Action.REDIRECT: gettext_lazy("Consultation offered instead"),
    Action.REQUEST_INFO: gettext_lazy("More information asked for"),
    Action.ANSWER_INFO: gettext_lazy("More information given"),
    Action.MARK_DUPLICATE: gettext_lazy("Marked as a duplicate"),
    Action.WITHDRAW: gettext_lazy("Withdrawn"),
}


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@dataclass(frozen=True)
class Waits:
    """The two waiting times, in whole days: from sending to the triage decision (to today
    while undecided), and from the decision to the first contact with the family."""

    to_decision: int | None
    decided: bool
    to_contact: int | None
    # Withdrawn before a decision: `to_decision` is then the days until the withdrawal.
    withdrawn: bool = False


def waits_of(referral: Referral) -> Waits:
    to_contact = None
    if referral.decided_at and referral.first_contact_at:
        to_contact = max(0, (referral.first_contact_at - referral.decided_at).days)
    if referral.status == Status.WITHDRAWN and referral.decided_at is None:
        # Nothing changes a withdrawn referral after its withdrawal, its last change.
        sent = referral.submitted_at
        days = (referral.updated_at - sent).days if sent else None
        return Waits(days, False, None, withdrawn=True)
    return Waits(referral.days_waiting, referral.decided_at is not None, to_contact)


def age_of(referral: Referral, today: date) -> str:
    """The baby's age on the day, or when they are due."""
    if referral.unborn:
        if referral.expected_delivery_date is None:
            return _("Not born yet")
        return _("Not born yet, due %(day)s") % {
            "day": formats.date_format(referral.expected_delivery_date, "j M Y")
        }
    if referral.child_date_of_birth is None:
        return _("Not known")
    if referral.child_date_of_birth > today:
        return _("Born %(day)s") % {
            "day": formats.date_format(referral.child_date_of_birth, "j M Y")
        }
    months = age_in_months(referral.child_date_of_birth, today)
    if months == 0:
        return _("Under 1 month")
    if months == 1:
        return _("1 month")
    return _("%(months)d months") % {"months": months}


def worries_of(referral: Referral) -> list[str]:
    return [str(CONCERN_LABELS.get(code, code)) for code in referral.concerns or ()]


# The colour of each status's tag (the NHS tag modifiers).
STATUS_TAGS = {
    Status.SUBMITTED: "nhsuk-tag--blue",
    Status.IN_TRIAGE: "nhsuk-tag--purple",
    Status.MORE_INFO: "nhsuk-tag--yellow",
    Status.ACCEPTED: "nhsuk-tag--green",
    Status.DECLINED: "nhsuk-tag--red",
    Status.REDIRECTED: "nhsuk-tag--aqua-green",
}


def waits_in_words(waits: Waits) -> list[str]:
    """The waiting times as the queue shows them, a line each."""
    days = waits.to_decision or 0
    if waits.withdrawn:
        return [
            ngettext("Withdrawn after %(days)d day", "Withdrawn after %(days)d days", days)
            % {"days": days}
        ]
    if not waits.decided:
        return [ngettext("%(days)d day", "%(days)d days", days) % {"days": days}]
    lines = [
        ngettext("Decided after %(days)d day", "Decided after %(days)d days", days) % {"days": days}
    ]
    if waits.to_contact is not None:
        later = waits.to_contact
        lines.append(
            ngettext("First contact %(days)d day later", "First contact %(days)d days later", later)
            % {"days": later}
        )
    return lines


@dataclass(frozen=True)
class Row:
    """One line of the queue, worked out here: fifty of them drawn through template tags
    (a link reversed, a date formatted and a sentence translated in each) would cost more
    than the database does (ADR 0051, 0057). The words are those the template drew."""

    referral: Referral
    link: str
    reference: str | None
    sent: SafeString
    age: str
    area: str
    worries: str
    referred_by: str
    status: str
    status_tag: str
    # The waiting times, a line each, escaped and joined by line breaks.
    waits: SafeString
    # Back from the referrer with the answer to the team's question.
    new_answer: bool = False

    @classmethod
    def of(cls, referral: Referral, today: date, words: RowWords) -> Row:
        return cls(
            referral,
            f"{words.link_prefix}{referral.code}{words.link_suffix}",
            referral.reference,
            words.sent(referral),
            age_of(referral, today),
            referral.postcode_district or "–",
            "; ".join(worries_of(referral)),
            words.referred_by(referral),
            words.statuses[referral.status],
            STATUS_TAGS.get(Status(referral.status), "nhsuk-tag--grey"),
            mark_safe("<br>".join(escape(line) for line in waits_in_words(waits_of(referral)))),  # noqa: S308 - each line escaped
            selectors.has_new_answer(referral),
        )


_ANY_CODE = UUID(int=0)


class RowWords:
    """What every row of a page says the same way, worked out once for the page: the
    statuses' labels, "Self-referral", the sentence for the day sent and the links' start."""

    def __init__(self) -> None:
        self.statuses = {status.value: str(status.label) for status in Status}
        self.self_referral = _("Self-referral")
        self.sent_words = _("Sent %(day)s")
        # A referral's page, reversed once: the address around a code.
        self.link_prefix, self.link_suffix = reverse(
            "triage:referral", kwargs={"code": _ANY_CODE}
        ).split(str(_ANY_CODE))

    def sent(self, referral: Referral) -> SafeString:
        # As `{% blocktranslate %}` drew it: the day (in local time) escaped, the sentence not.
        sent = referral.submitted_at
        day = formats.date_format(timezone.localtime(sent), "j M Y") if sent else ""
        return mark_safe(self.sent_words % {"day": escape(day)})  # noqa: S308 - the day escaped

    def referred_by(self, referral: Referral) -> str:
        if referral.kind == Referral.Kind.SELF:
            return self.self_referral
        organisation = referral.referrer_organisation
        return (organisation.name if organisation is not None else "") or "–"


@permission_required(Permission.REFERRALS_TRIAGE)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = _person(request)
    listing = filtered_listing(
        request, QueueForm, partial(selectors.triage_search, user), form_kwargs={"by": user}
    )
    today = timezone.localdate()
    words = RowWords()
    rows = [Row.of(referral, today, words) for referral in (listing.page or ())]
    return render(
        request,
        "referrals/triage/queue.html",
        listing.context(rows=rows, teams=selectors.triage_teams(user)),
    )


@permission_required(Permission.REFERRALS_TRIAGE)
@require_http_methods(["GET", "POST"])
def referral(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _person(request)
    found = selectors.referral_for_team(by=user, code=code)
    duplicates = selectors.possible_duplicates(found)
    available = open_actions(found)
    bound: ActionForm | None = None
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in available:
            # A page opened before someone else decided, or a forged request.
            messages.error(request, _changed_meanwhile(found))
            return redirect("triage:referral", code=found.code)
        bound = _action_form(name, request.POST, found, user, duplicates)
        if bound.is_valid():
            if (confirm := bound.confirm_url()) is not None:
                return redirect(confirm)
            try:
                bound.apply()
            except NotAllowed:
                messages.error(request, _changed_meanwhile(found, fresh=True))
            else:
                messages.success(request, str(bound.done_words))
                if (after := bound.next_url()) is not None:
                    return redirect(after)
            return redirect("triage:referral", code=found.code)
    action_forms = [
        bound
        if bound is not None and bound.action == name
        else _action_form(name, None, found, user, duplicates)
        for name in available
    ]
    return render(
        request,
        "referrals/triage/referral.html",
        _page_context(found, duplicates, action_forms, bound),
    )


def differences(referral: Referral, original: Referral) -> list[str]:
    """What tells two referrals apart that should not, were they the same family's: the
    baby's date of birth (or due date) and the home postcode."""
    found = []
    if (referral.unborn, referral.child_date_of_birth, referral.expected_delivery_date) != (
        original.unborn,
        original.child_date_of_birth,
        original.expected_delivery_date,
    ):
        found.append(
            _("The baby's date of birth differs: %(here)s here, %(there)s on the original.")
            % {"here": _born(referral), "there": _born(original)}
        )
    if "".join(referral.postcode.split()).upper() != "".join(original.postcode.split()).upper():
        found.append(
            _("The home postcode differs: %(here)s here, %(there)s on the original.")
            % {"here": referral.postcode or "–", "there": original.postcode or "–"}
        )
    return found


def _born(referral: Referral) -> str:
    if referral.unborn:
        if referral.expected_delivery_date is None:
            return _("not born yet")
        return _("not born yet, due %(day)s") % {
            "day": formats.date_format(referral.expected_delivery_date, "j F Y")
        }
    if referral.child_date_of_birth is None:
        return _("not known")
    return formats.date_format(referral.child_date_of_birth, "j F Y")


@permission_required(Permission.REFERRALS_TRIAGE)
@require_http_methods(["GET", "POST"])
def duplicate_confirm(request: HttpRequest, code: UUID, original: UUID) -> HttpResponse:
    """The second step of marking a duplicate: both referrals side by side, with what
    differs between them, and the button that closes this one."""
    user = _person(request)
    if code == original:
        raise Http404
    found = selectors.referral_for_team(by=user, code=code)
    first = selectors.referral_for_team(by=user, code=original)
    if Action.MARK_DUPLICATE not in open_actions(found):
        messages.error(request, _changed_meanwhile(found))
        return redirect("triage:referral", code=found.code)
    if request.method == "POST":
        try:
            services.referral_mark_duplicate(by=user, referral=found, original=first)
        except NotAllowed:
            messages.error(request, _changed_meanwhile(found, fresh=True))
        else:
            messages.success(request, str(DuplicateForm.done))
        return redirect("triage:referral", code=found.code)
    today = timezone.localdate()
    return render(
        request,
        "referrals/triage/duplicate.html",
        {
            "referral": found,
            "original": first,
            "warnings": differences(found, first),
            "sides": [
                (found, age_of(found, today), worries_of(found)),
                (first, age_of(first, today), worries_of(first)),
            ],
        },
    )


def _action_form(
    name: str, data: Any, referral: Referral, by: User, duplicates: list[Referral]
) -> ActionForm:
    form_class = ACTION_FORMS[name]
    extra: dict[str, Any] = {"duplicates": duplicates} if name == Action.MARK_DUPLICATE else {}
    return form_class(data, referral=referral, by=by, **extra)


def _changed_meanwhile(referral: Referral, *, fresh: bool = False) -> str:
    if fresh:
        referral.refresh_from_db(fields=["status"])
    return _(
        "Nothing was changed: that action is not open for this referral now. Someone may have "
        "acted on it since you opened the page; it is now “%(status)s”. Check its history "
        "before you do anything else."
    ) % {"status": Status(referral.status).label}


def _page_context(
    referral: Referral,
    duplicates: list[Referral],
    action_forms: list[ActionForm],
    bound: ActionForm | None,
) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "referral": referral,
        "age": age_of(referral, today),
        "worries": worries_of(referral),
        "impact": IMPACT_LABELS.get(referral.impact, referral.impact),
        "language": referral.other_language
        or LANGUAGE_NAMES.get(referral.language, referral.language),
        "waits": waits_of(referral),
        "events": [
            (event, EVENT_LABELS.get(event.action, event.action))
            for event in selectors.referral_events(referral)
        ],
        "decline_reason": DeclineReason(referral.decline_reason).label
        if referral.decline_reason
        else "",
        "duplicates": duplicates,
        "action_forms": action_forms,
        # The form sent with errors, for the error summary and the page title.
        "form": bound,
    }
