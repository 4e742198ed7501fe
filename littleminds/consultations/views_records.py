"""The page recording a booked consultation, for the team's clinicians and managers. The
record shows on the booking's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.consultations import (
    selectors,
    selectors_records,
    services,
    services_records,
    services_referral,
)
from littleminds.consultations.forms import when
from littleminds.consultations.forms_records import (
    DutyForm,
    FeedbackFilter,
    FeedbackForm,
    RecordFilter,
    RecordForm,
)
from littleminds.consultations.models import Booking
from littleminds.consultations.models_groups import GroupSession
from littleminds.consultations.models_records import (
    CONFIDENCE_ITEMS,
    ConsultationRecord,
    Feedback,
    FeedbackAnswers,
    GroupFeedback,
    Outcome,
)
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.referrals import selectors as referral_selectors
from littleminds.referrals.lifecycle import Status


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def records_context(user: User, booking: Booking) -> dict[str, Any]:
    """What the booking's page shows of its record, and whether the person may record it."""
    found: ConsultationRecord | None = (
        ConsultationRecord.objects.select_related("signposted_to__organisation", "recorded_by")
        .filter(booking=booking)
        .first()
    )
    own = services_referral.may_refer(user, booking)
    feedback_open = (
        found is not None
        and booking.practitioner_id == user.pk
        and user.has_perm(Permission.CONSULTATIONS_BOOK)
    )
    became = (
        referral_selectors.referral_from_consultation(booking.code)
        if found is not None and found.outcome == Outcome.REFERRAL_ADVISED
        else None
    )
    became_url = ""
    if became is not None:
        if own and became.referrer_id == user.pk:
            became_url = reverse("referrals:referral", kwargs={"code": became.code})
        elif (
            became.status != Status.DRAFT
            and referral_selectors.triage_queryset(user).filter(pk=became.pk).exists()
        ):
            became_url = reverse("triage:referral", kwargs={"code": became.code})
    return {
        # The referral the consultation became: the practitioner's own (a draft to carry
        # on), or, once sent, the team's to open from triage.
        "became": became if became_url or (became and became.status != Status.DRAFT) else None,
        "became_url": became_url,
        "referable": own and became is None and services_referral.ready_to_refer(booking, found),
        "record": found,
        # The practitioner's own feedback on the consultation, to give or change.
        "feedback_open": feedback_open,
        "feedback": (
            selectors_records.feedback_of(by=user, record=found)
            if feedback_open and found is not None
            else None
        ),
        "record_concerns": [
            str(CONCERN_LABELS[c]) for c in (found.concerns if found else []) if c in CONCERN_LABELS
        ],
        "recordable": booking.is_active
        and booking.slot.starts_at <= timezone.now()
        and services_records.may_record(user, booking),
    }


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.booking_for(by=user, code=code)
    if not services_records.may_record(user, found):
        raise Http404
    if not found.is_active:
        messages.error(request, _("This consultation is cancelled."))
        return redirect("consultations:booking", code=found.code)
    if found.slot.starts_at > timezone.now():
        messages.error(request, _("You can record the consultation once it has begun."))
        return redirect("consultations:booking", code=found.code)
    held_on = timezone.localdate(found.slot.starts_at)
    existing = ConsultationRecord.objects.filter(booking=found).first()
    initial: dict[str, Any] = {"concerns": list(found.concerns)}
    if existing is not None:
        initial = {
            "concerns": existing.concerns,
            "note": existing.note,
            "advice": existing.advice,
            "actions": existing.actions,
            "outcome": existing.outcome,
            "service": str(existing.signposted_to.code) if existing.signposted_to else "",
            "follow_up_on": existing.follow_up_on,
        }
    form = RecordForm(
        request.POST if request.method == "POST" else None, held_on=held_on, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_records.record_save(by=user, booking=found, said=form.said())
        except services.NotAllowed:
            messages.error(request, _("This consultation cannot be recorded."))
        else:
            messages.success(request, _("The consultation is recorded."))
        return redirect("consultations:booking", code=found.code)
    return render(
        request,
        "consultations/record.html",
        {"booking": found, "when": when(found.slot), "form": form, "existing": existing},
    )


@permission_required(Permission.CONSULTATIONS_BOOK)
@require_POST
def refer(request: HttpRequest, code: UUID) -> HttpResponse:
    """ "Start the referral": the consultation's practitioner turns a consultation that
    advised a referral into a referral draft with its details carried over (ADR 0030). A
    second press opens the same referral."""
    user = _user(request)
    found = selectors.booking_for(by=user, code=code)
    if not services_referral.may_refer(user, found):
        raise Http404
    try:
        referral, started = services_referral.referral_start(by=user, booking=found)
    except services.NotAllowed:
        messages.error(
            request,
            _(
                "A referral can be started from a consultation only when the clinician "
                "advised one and the family agreed to share their details."
            ),
        )
        return redirect("consultations:booking", code=found.code)
    if not started:
        return redirect("referrals:referral", code=referral.code)
    messages.success(
        request,
        _(
            "The referral has started with the details from the consultation. Check them, "
            "and ask the family again whether they agree to the referral."
        ),
    )
    return redirect("referrals:family", code=referral.code)


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_http_methods(["GET", "POST"])
def duty(request: HttpRequest) -> HttpResponse:
    """A duty call by phone, without a booking: one short page."""
    user = _user(request)
    teams = user.teams_with(Permission.CONSULTATIONS_OFFER)
    if not teams:
        raise Http404
    form = DutyForm(request.POST if request.method == "POST" else None, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            services_records.duty_record(
                by=user,
                team=form.chosen_team(),
                caller=form.cleaned_data["caller"],
                organisation=form.chosen_organisation(),
                said=form.said(),
            )
        except services.NotAllowed:
            messages.error(request, _("The duty call could not be recorded."))
        else:
            messages.success(request, _("The duty call is recorded."))
            return redirect("consultations:records")
    return render(request, "consultations/duty.html", {"form": form})


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_GET
def records(request: HttpRequest) -> HttpResponse:
    """The team's consultations, booked and duty, by outcome, kind and period."""
    filters = RecordFilter(request.GET or None)
    outcome, kind, since = filters.chosen()
    found = selectors_records.team_records(
        by=_user(request), outcome=outcome, kind=kind, since=since
    )
    rows = [
        {
            "record": item,
            "concerns": [str(CONCERN_LABELS[c]) for c in item.concerns if c in CONCERN_LABELS],
        }
        for item in found
    ]
    return render(
        request,
        "consultations/records.html",
        {"filters": filters, "rows": rows, "limit": selectors_records.LIST_LIMIT},
    )


@permission_required(Permission.CONSULTATIONS_BOOK)
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, code: UUID) -> HttpResponse:
    """The practitioner's feedback on one consultation; giving it again replaces it."""
    user = _user(request)
    found = selectors_records.record_for_feedback(by=user, code=code)
    given = Feedback.objects.filter(record=found, practitioner=user).first()
    form = FeedbackForm(request.POST if request.method == "POST" else None, initial=_initial(given))
    if request.method == "POST" and form.is_valid():
        try:
            services_records.feedback_give(by=user, record=found, answers=form.answers())
        except services.NotAllowed:
            raise Http404 from None
        messages.success(request, _("Thank you: your feedback is saved."))
        return redirect("consultations:feedback-due")
    assert found.booking is not None
    return render(
        request,
        "consultations/feedback.html",
        {"record": found, "when": when(found.booking.slot), "form": form, "given": given},
    )


def _initial(given: FeedbackAnswers | None) -> dict[str, Any]:
    """The answers given before, to change them."""
    if given is None:
        return {}
    return {
        "usefulness": given.usefulness,
        "wellbeing": given.wellbeing,
        "comments": given.comments,
        **{
            f"{item}_{when_}": getattr(given, f"{item}_{when_}")
            for item in CONFIDENCE_ITEMS
            for when_ in ("before", "after")
        },
    }


@permission_required(Permission.CONSULTATIONS_BOOK)
@require_http_methods(["GET", "POST"])
def group_feedback(request: HttpRequest, code: UUID) -> HttpResponse:
    """An attendee's feedback on one group session; giving it again replaces it. The same
    form and questions as a consultation's."""
    user = _user(request)
    place = selectors_records.place_for_feedback(by=user, code=code)
    given = GroupFeedback.objects.filter(place=place).first()
    form = FeedbackForm(
        request.POST if request.method == "POST" else None, initial=_initial(given), group=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_records.group_feedback_give(by=user, place=place, answers=form.answers())
        except services.NotAllowed:
            raise Http404 from None
        messages.success(request, _("Thank you: your feedback is saved."))
        return redirect("consultations:feedback-due")
    return render(
        request,
        "consultations/group_feedback.html",
        {"session": place.session, "form": form, "given": given},
    )


@dataclass(frozen=True)
class FeedbackRow:
    """One line of the practitioner's feedback list: a consultation or a group session."""

    kind: str
    day: str
    about: str
    url: str
    given_at: datetime | None = None


def _session_day(session: GroupSession) -> str:
    start = timezone.localtime(session.starts_at)
    return f"{date_format(start, 'l j F Y')}, {start:%H:%M}"


@permission_required(Permission.CONSULTATIONS_BOOK)
@require_GET
def feedback_due(request: HttpRequest) -> HttpResponse:
    """Exactly the consultations and group sessions the "Your work" counter counts, and the
    answers given, each with its kind."""
    user = _user(request)
    consultation, group = _("Consultation"), _("Reflective practice group")
    rows = [
        FeedbackRow(
            consultation,
            when(item.booking.slot),
            _("with %(clinician)s") % {"clinician": item.booking.slot.clinician.full_name},
            reverse("consultations:feedback", kwargs={"code": item.code}),
        )
        for item in selectors_records.feedback_due(by=user)
        if item.booking is not None
    ] + [
        FeedbackRow(
            group,
            _session_day(place.session),
            place.session.series.title,
            reverse("consultations:group-feedback", kwargs={"code": place.session.code}),
        )
        for place in selectors_records.group_feedback_due(by=user)
    ]
    answered = [
        FeedbackRow(
            consultation,
            when(given.record.booking.slot),
            _("with %(clinician)s") % {"clinician": given.record.booking.slot.clinician.full_name},
            reverse("consultations:feedback", kwargs={"code": given.record.code}),
            given.given_at,
        )
        for given in selectors_records.feedback_answered(by=user)
        if given.record.booking is not None
    ] + [
        FeedbackRow(
            group,
            _session_day(given.place.session),
            given.place.session.series.title,
            reverse("consultations:group-feedback", kwargs={"code": given.place.session.code}),
            given.given_at,
        )
        for given in selectors_records.group_feedback_answered(by=user)
    ]
    answered.sort(key=lambda row: row.given_at or timezone.now(), reverse=True)
    return render(request, "consultations/feedback_due.html", {"rows": rows, "answered": answered})


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_GET
def team_feedback(request: HttpRequest) -> HttpResponse:
    """The practitioners' feedback on the team's consultations and group sessions,
    summarised; all, or one kind."""
    filters = FeedbackFilter(request.GET or None)
    _outcome, kind, since = filters.chosen()
    summary = selectors_records.team_feedback(by=_user(request), since=since, kind=kind)
    return render(
        request,
        "consultations/team_feedback.html",
        {"filters": filters, "summary": summary, "overall_rows": [summary.overall]},
    )
