"""Writes of consultation records: the team's clinician records a booked consultation once
it has begun; recording it again replaces the record's words. Audited, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.consultations.models import Booking
from littleminds.consultations.models_groups import GroupPlace
from littleminds.consultations.models_records import (
    CONFIDENCE_ITEMS,
    ConsultationRecord,
    Feedback,
    GroupFeedback,
    Outcome,
)
from littleminds.consultations.services import NotAllowed
from littleminds.directory.models import Service
from littleminds.notifications.models import Notification
from littleminds.notifications.services import StaffEmail, staff_notify, staff_notify_many
from littleminds.pathway.labels import CONCERN_LABELS

A = TypeVar("A", Feedback, GroupFeedback)

# How far after the consultation a follow-up may be set.
FOLLOW_UP_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class Said:
    """What the record says."""

    outcome: str
    concerns: list[str] = field(default_factory=list)
    note: str = ""
    advice: str = ""
    actions: str = ""
    signposted_to: Service | None = None
    follow_up_on: date | None = None


def may_record(by: User, booking: Booking) -> bool:
    return booking.slot.team in by.teams_with(Permission.CONSULTATIONS_OFFER)


def record_save(*, by: User, booking: Booking, said: Said) -> ConsultationRecord:
    """Record the consultation, or replace its record. Refused for a cancelled booking,
    one not yet begun, or someone not of the booking's team."""
    if said.outcome not in Outcome.values:
        raise NotAllowed("choose an outcome")
    signposted = said.outcome == Outcome.SIGNPOSTED
    if signposted and said.signposted_to is None:
        raise NotAllowed("a signposting names the service")
    with transaction.atomic():
        locked = Booking.objects.select_for_update().select_related("slot__team").get(pk=booking.pk)
        if not may_record(by, locked):
            raise NotAllowed("only the team's clinicians and managers record its consultations")
        if not locked.is_active:
            raise NotAllowed("the booking is cancelled")
        if locked.slot.starts_at > timezone.now():
            raise NotAllowed("the consultation has not begun")
        held_on = timezone.localdate(locked.slot.starts_at)
        if said.follow_up_on is not None and not (
            held_on <= said.follow_up_on <= held_on + FOLLOW_UP_AHEAD
        ):
            raise NotAllowed("a follow-up is within a year of the consultation")
        record = ConsultationRecord.objects.filter(booking=locked).first()
        changed = record is not None
        if record is None:
            record = ConsultationRecord(
                booking=locked, team=locked.slot.team, held_on=held_on, recorded_by=by
            )
        else:
            record.changed_at = timezone.now()
        record.concerns = [code for code in CONCERN_LABELS if code in set(said.concerns)]
        record.note = said.note
        record.advice = said.advice
        record.actions = said.actions
        record.outcome = said.outcome
        record.signposted_to = said.signposted_to if signposted else None
        record.follow_up_on = said.follow_up_on
        record.full_clean(validate_unique=False)
        record.save()
        audit_record(
            by=by,
            action="consultation.record_changed" if changed else "consultation.recorded",
            target=record,
            team=record.team,
            detail={
                "booking": str(locked.code),
                "outcome": record.outcome,
                **({"service": str(record.signposted_to.code)} if record.signposted_to else {}),
            },
        )
        if not changed:
            _ask_feedback(record, locked.practitioner)
    return record


def duty_record(
    *, by: User, team: Team, caller: str, organisation: Organisation, said: Said
) -> ConsultationRecord:
    """Record a duty consultation: a practitioner's call to the team without a booking,
    held today."""
    if team not in by.teams_with(Permission.CONSULTATIONS_OFFER):
        raise NotAllowed("only the team's clinicians and managers record its consultations")
    if said.outcome not in Outcome.values:
        raise NotAllowed("choose an outcome")
    signposted = said.outcome == Outcome.SIGNPOSTED
    if signposted and said.signposted_to is None:
        raise NotAllowed("a signposting names the service")
    if not caller.strip():
        raise NotAllowed("say who called")
    held_on = timezone.localdate()
    if said.follow_up_on is not None and not (
        held_on <= said.follow_up_on <= held_on + FOLLOW_UP_AHEAD
    ):
        raise NotAllowed("a follow-up is within a year of the consultation")
    record = ConsultationRecord(
        team=team,
        held_on=held_on,
        caller=caller.strip(),
        organisation=organisation,
        concerns=[code for code in CONCERN_LABELS if code in set(said.concerns)],
        note=said.note,
        advice=said.advice,
        actions=said.actions,
        outcome=said.outcome,
        signposted_to=said.signposted_to if signposted else None,
        follow_up_on=said.follow_up_on,
        recorded_by=by,
    )
    record.full_clean(validate_unique=False)
    with transaction.atomic():
        record.save()
        audit_record(
            by=by,
            action="consultation.duty_recorded",
            target=record,
            team=team,
            detail={
                "organisation": str(organisation.code),
                "outcome": record.outcome,
                **({"service": str(record.signposted_to.code)} if record.signposted_to else {}),
            },
        )
    return record


def _ask_feedback(record: ConsultationRecord, practitioner: User) -> None:
    """E-mail the practitioner a link to the feedback form, once, when the consultation is
    first recorded. The words name no family."""
    if not practitioner.is_active:
        return
    site = settings.SITE_URL.rstrip("/")
    link = site + reverse("consultations:feedback", kwargs={"code": record.code})
    body = (
        "Thank you for your consultation with the parent-infant team.\n\n"
        "How useful was it? Four short questions, a minute of your time (sign-in needed):\n"
        f"{link}\n\n"
        'It is also on your "Your work" page.\n\n'
        "This email was sent automatically. Please do not reply to it.\n"
    )
    staff_notify(
        user=practitioner,
        template=Notification.Template.CONSULTATION_FEEDBACK,
        subject="How useful was your consultation?",
        body=body,
    )


@dataclass(frozen=True)
class Answers:
    """A practitioner's feedback: usefulness 1 to 5, confidence before and after (1 to 5)
    on each of the three items, the effect on wellbeing at work (-2 to 2), and free text."""

    usefulness: int
    before: dict[str, int]
    after: dict[str, int]
    wellbeing: int
    comments: str = ""


def may_give_feedback(by: User, record: ConsultationRecord) -> bool:
    return (
        record.booking is not None
        and record.booking.practitioner_id == by.pk
        and by.has_perm(Permission.CONSULTATIONS_BOOK)
    )


def _answer_values(answers: Answers) -> dict[str, Any]:
    """The answers as the columns of a feedback row, refused off their scales."""
    scales = [answers.usefulness, *answers.before.values(), *answers.after.values()]
    if set(answers.before) != set(CONFIDENCE_ITEMS) or set(answers.after) != set(CONFIDENCE_ITEMS):
        raise NotAllowed("answer each item before and after")
    if not all(1 <= value <= 5 for value in scales) or not -2 <= answers.wellbeing <= 2:
        raise NotAllowed("the answers are on their scales")
    return {
        "usefulness": answers.usefulness,
        "wellbeing": answers.wellbeing,
        "comments": answers.comments.strip(),
        "given_at": timezone.now(),
        **{f"{item}_before": answers.before[item] for item in CONFIDENCE_ITEMS},
        **{f"{item}_after": answers.after[item] for item in CONFIDENCE_ITEMS},
    }


def _replace_or_create(model: type[A], values: dict[str, Any], **key: Any) -> tuple[A, bool]:
    """The one answer for `key`, made or replaced; a race's loser replaces the winner's."""
    try:
        with transaction.atomic():
            return model.objects.update_or_create(defaults=values, **key)
    except IntegrityError:
        # Two answers at once: the other one won the insert; this one replaces it.
        given = model.objects.get(**key)
        for name, value in values.items():
            setattr(given, name, value)
        given.save()
        return given, False


def feedback_give(*, by: User, record: ConsultationRecord, answers: Answers) -> Feedback:
    """Give feedback on a consultation, or replace the feedback given before."""
    if not may_give_feedback(by, record):
        raise NotAllowed("feedback is the consultation's practitioner's")
    values = _answer_values(answers)
    with transaction.atomic():
        given, created = _replace_or_create(Feedback, values, record=record, practitioner=by)
        audit_record(
            by=by,
            action="consultation.feedback_given" if created else "consultation.feedback_changed",
            target=given,
            team=record.team,
            detail={"record": str(record.code), "usefulness": answers.usefulness},
        )
    return given


def may_give_group_feedback(by: User, place: GroupPlace) -> bool:
    """The attendee's own place at a recorded session, which they attended."""
    return (
        place.practitioner_id == by.pk
        and place.attended is True
        and place.left_at is None
        and by.has_perm(Permission.CONSULTATIONS_BOOK)
    )


def group_feedback_give(*, by: User, place: GroupPlace, answers: Answers) -> GroupFeedback:
    """Give feedback on a group session attended, or replace the feedback given before."""
    if not may_give_group_feedback(by, place):
        raise NotAllowed("feedback is the session's attendees'")
    values = _answer_values(answers)
    with transaction.atomic():
        given, created = _replace_or_create(
            GroupFeedback, {**values, "practitioner": by}, place=place
        )
        session = place.session
        audit_record(
            by=by,
            action=(
                "consultation.group_feedback_given"
                if created
                else "consultation.group_feedback_changed"
            ),
            target=given,
            team=session.series.team,
            detail={"session": str(session.code), "usefulness": answers.usefulness},
        )
    return given


def ask_group_feedback(places: list[GroupPlace]) -> int:
    """E-mail each attendee a link to the feedback form, once per place (a session recorded
    again asks nobody twice). In the caller's transaction. Returns how many were asked."""
    site = settings.SITE_URL.rstrip("/")
    wanted = [
        p
        for p in places
        if p.attended is True and p.feedback_asked_at is None and p.practitioner.is_active
    ]
    emails = []
    for place in wanted:
        link = site + reverse("consultations:group-feedback", kwargs={"code": place.session.code})
        emails.append(
            StaffEmail(
                user=place.practitioner,
                template=Notification.Template.GROUP_FEEDBACK,
                subject="How useful was the reflective practice group?",
                body=(
                    "Thank you for coming to the reflective practice group.\n\n"
                    "How useful was it? Four short questions, a minute of your time "
                    "(sign-in needed):\n"
                    f"{link}\n\n"
                    'It is also on your "Your work" page.\n\n'
                    "This email was sent automatically. Please do not reply to it.\n"
                ),
            )
        )
    if emails:
        staff_notify_many(emails)
        GroupPlace.objects.filter(pk__in=[p.pk for p in wanted]).update(
            feedback_asked_at=timezone.now()
        )
    return len(emails)
