"""Writes of consultations: publishing and withdrawing slots, booking, moving and
cancelling, and the reminders the day before. Each runs in one transaction, records its
audit event in it, and stores its notifications in it too (sent after the commit, by
`notifications.services.staff_notify_many`).

One slot, one booking is the database's to enforce (ADR 0026): `booking_create` and
`booking_move` do not look first and then write, which two requests at once could both
pass; they write, and a refusal by `consultation_one_active_booking_per_slot` becomes
`SlotTaken`, which the pages and the API turn into "This slot has just been taken; choose
another".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_record
from littleminds.consultations.models import Booking, Slot
from littleminds.core.phones import phone_shown
from littleminds.notifications.models import Notification
from littleminds.notifications.services import StaffEmail, staff_notify_many
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.referrals.lifecycle import Status as ReferralStatus
from littleminds.referrals.models import Referral

# How far ahead a slot may be offered, and how many weeks a weekly series may run.
AHEAD = timedelta(days=366)
SERIES_LIMIT = 52
LENGTHS = (15, 30, 45, 60, 90)
CONSTRAINT = "consultation_one_active_booking_per_slot"


class NotAllowed(Exception):
    """The person may not make this change, or the record is not in a state for it. The
    message is in words, for the page."""


class SlotTaken(Exception):
    """Another booking holds the slot: the database refused a second one."""


class SlotUnavailable(Exception):
    """The slot is withdrawn, or has started: it cannot be booked. The message says which."""


@dataclass(frozen=True)
class Family:
    """The family's details, given only when the family agrees to share them."""

    parent_name: str = ""
    baby_name: str = ""
    unborn: bool = False
    child_date_of_birth: date | None = None
    expected_delivery_date: date | None = None
    postcode: str = ""


@dataclass(frozen=True)
class Request:
    """What a practitioner wants to discuss, and where the request came from."""

    concerns: list[str] = field(default_factory=list)
    note: str = ""
    # The number the clinician calls, for a slot by phone.
    phone: str = ""
    family: Family | None = None
    source: str = Booking.Source.PAGES
    navigator_route: str = ""
    referral: Referral | None = None
    # The partner system's token that made the booking for the practitioner, by its name.
    via_token: str = ""


# Slots -----------------------------------------------------------------------------------


def occurrences(*, starts_on: date, at: time, weeks: int) -> list[datetime]:
    """The start of each slot of a weekly series (one when `weeks` is 1), in local time."""
    return [
        timezone.make_aware(datetime.combine(starts_on + timedelta(weeks=week), at))
        for week in range(weeks)
    ]


def slots_publish(
    *,
    by: User,
    team: Team,
    clinician: User,
    starts_on: date,
    at: time,
    minutes: int,
    mode: str,
    video_link: str = "",
    place: str = "",
    weeks: int = 1,
) -> list[Slot]:
    """Offer one slot, or one a week for `weeks` weeks, of `clinician`'s time. The bounds
    (not in the past, within a year, at most 52 weeks, no overlap with the clinician's own
    offered slots) are the form's to explain; here they are checked again and refused."""
    if team not in by.teams_with(Permission.CONSULTATIONS_OFFER):
        raise NotAllowed("only the team's clinicians and managers offer its slots")
    if team not in clinician.teams_with(Permission.CONSULTATIONS_OFFER):
        raise NotAllowed("a slot is a clinician of the team's")
    if not 1 <= weeks <= SERIES_LIMIT:
        raise NotAllowed(f"a weekly series runs for 1 to {SERIES_LIMIT} weeks")
    starts = occurrences(starts_on=starts_on, at=at, weeks=weeks)
    now = timezone.now()
    if starts[0] <= now:
        raise NotAllowed("a slot starts in the future")
    if starts[-1] > now + AHEAD:
        raise NotAllowed("a slot starts within a year")
    if clashes(clinician=clinician, starts=starts, minutes=minutes):
        raise NotAllowed("the clinician offers another slot at that time")
    series = uuid.uuid4() if weeks > 1 else None
    with transaction.atomic():
        made = []
        for start in starts:
            slot = Slot(
                team=team,
                clinician=clinician,
                starts_at=start,
                minutes=minutes,
                mode=mode,
                video_link=video_link if mode == Slot.Mode.VIDEO else "",
                place=place if mode == Slot.Mode.IN_PERSON else "",
                series=series,
                created_by=by,
            )
            slot.full_clean(validate_unique=False)
            made.append(slot)
        Slot.objects.bulk_create(made)
        audit_record(
            by=by,
            action="consultation.slots_published",
            target=made[0],
            team=team,
            detail={
                "clinician": str(clinician.code),
                "slots": len(made),
                "first": starts[0].isoformat(),
                "mode": mode,
                "minutes": minutes,
            },
        )
    return made


def clashes(*, clinician: User, starts: list[datetime], minutes: int) -> list[datetime]:
    """The starts among `starts` that overlap a slot the clinician already offers."""
    if not starts:
        return []
    length = timedelta(minutes=minutes)
    offered = list(
        Slot.objects.filter(
            clinician=clinician,
            withdrawn_at__isnull=True,
            starts_at__lt=starts[-1] + length,
            starts_at__gt=starts[0] - timedelta(hours=4),
        ).values_list("starts_at", "minutes")
    )
    return [
        start
        for start in starts
        if any(
            start < other + timedelta(minutes=other_minutes) and other < start + length
            for other, other_minutes in offered
        )
    ]


def slot_withdraw(*, by: User, slot: Slot) -> Slot:
    """Take back a free slot. A booked slot is moved or cancelled first."""
    with transaction.atomic():
        locked = Slot.objects.select_for_update().get(pk=slot.pk)
        if locked.team not in by.teams_with(Permission.CONSULTATIONS_OFFER):
            raise NotAllowed("only the team's clinicians and managers withdraw its slots")
        if locked.is_withdrawn:
            raise NotAllowed("the slot is withdrawn already")
        if locked.bookings.filter(cancelled_at__isnull=True).exists():
            raise NotAllowed("the slot is booked: move or cancel the booking first")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = by
        locked.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit_record(by=by, action="consultation.slot_withdrawn", target=locked, team=locked.team)
    return locked


# Bookings --------------------------------------------------------------------------------


def _bookable(slot: Slot) -> None:
    if slot.withdrawn_at is not None:
        raise SlotUnavailable(_("This slot is no longer offered; choose another"))
    if slot.starts_at <= timezone.now():
        raise SlotUnavailable(_("This slot has started or is over; choose another"))


def _taken(error: IntegrityError) -> bool:
    """Whether the database refused the write for the one-booking-a-slot rule (PostgreSQL
    names the constraint; SQLite names the column)."""
    text = str(error)
    return CONSTRAINT in text or "consultations_booking.slot_id" in text


def booking_create(*, by: User, practitioner: User, slot: Slot, request: Request) -> Booking:
    """Book `slot` for `practitioner`. `by` is the practitioner, or, through the API, the
    practitioner the partner system names (the token acts for them)."""
    if not practitioner.is_active or not practitioner.has_perm(Permission.CONSULTATIONS_BOOK):
        raise NotAllowed("only practitioners book consultations")
    referral = request.referral
    if referral is not None and (
        referral.referrer_id != practitioner.pk or referral.status != ReferralStatus.REDIRECTED
    ):
        raise NotAllowed("a referral's consultation is for its referrer, once redirected")
    family = request.family
    booking = Booking(
        slot=slot,
        practitioner=practitioner,
        organisation_id=practitioner.organisation_id,
        source=request.source,
        navigator_route=request.navigator_route,
        referral=referral,
        concerns=[code for code in CONCERN_LABELS if code in set(request.concerns)],
        note=request.note,
        phone=request.phone,
        family_shared=family is not None,
        created_by=by,
        **(_family_fields(family) if family is not None else {}),
    )
    # The one-booking rule is left to the database (ADR 0026), so no unique check here; nor
    # are the foreign keys looked up again: the slot is read below, the people and the
    # referral are in hand, and the organisation is the practitioner's own.
    booking.full_clean(
        exclude=["slot", "practitioner", "organisation", "referral", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    try:
        with transaction.atomic():
            fresh = Slot.objects.select_related("clinician", "team").get(pk=slot.pk)
            _bookable(fresh)
            if fresh.mode == Slot.Mode.PHONE and not request.phone:
                raise NotAllowed("a consultation by phone needs the number to call")
            booking.slot = fresh
            # Refused by `consultation_one_active_booking_per_slot` when another booking
            # holds the slot: the whole transaction is undone below, so the insert needs no
            # savepoint of its own.
            booking.save()
            audit_record(
                by=by,
                action="consultation.booked",
                target=booking,
                team=fresh.team,
                detail={
                    "slot": str(fresh.code),
                    "source": booking.source,
                    "family_shared": booking.family_shared,
                    **({"api_token": request.via_token} if request.via_token else {}),
                },
            )
            _tell(booking, Notification.Template.CONSULTATION_BOOKED)
    except IntegrityError as error:
        if _taken(error):
            raise SlotTaken from None
        raise
    return booking


def _family_fields(family: Family) -> dict[str, object]:
    return {
        "parent_name": family.parent_name,
        "baby_name": family.baby_name,
        "unborn": family.unborn,
        "child_date_of_birth": None if family.unborn else family.child_date_of_birth,
        "expected_delivery_date": family.expected_delivery_date if family.unborn else None,
        "postcode": family.postcode,
    }


def _may_change(by: User, booking: Booking) -> None:
    if booking.practitioner_id == by.pk and by.has_perm(Permission.CONSULTATIONS_BOOK):
        return
    if booking.slot.team in by.teams_with(Permission.CONSULTATIONS_OFFER):
        return
    raise NotAllowed("only the practitioner and the team change a booking")


def booking_move(*, by: User, booking: Booking, slot: Slot, phone: str = "") -> Booking:
    """Move the booking to another free slot, at once: it never holds both, and a slot
    taken meanwhile leaves it where it was (`SlotTaken`)."""
    with transaction.atomic():
        locked = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        _may_change(by, locked)
        if not locked.is_active:
            raise NotAllowed("the booking is cancelled")
        if locked.slot.starts_at <= timezone.now():
            raise NotAllowed("the consultation has started or is over")
        if slot.pk == locked.slot_id:
            raise SlotUnavailable(_("This is the slot the consultation has now; choose another"))
        fresh = Slot.objects.get(pk=slot.pk)
        _bookable(fresh)
        if phone:
            locked.phone = phone
        if fresh.mode == Slot.Mode.PHONE and not locked.phone:
            raise NotAllowed("a consultation by phone needs the number to call")
        if fresh.team_id != locked.slot.team_id:
            raise SlotUnavailable(_("Choose a slot of the same team"))
        before = locked.slot
        locked.slot = fresh
        locked.sequence += 1
        locked.moved_at = timezone.now()
        locked.reminder_sent_at = None
        try:
            with transaction.atomic():
                locked.save(
                    update_fields=["slot", "sequence", "moved_at", "reminder_sent_at", "phone"]
                )
        except IntegrityError as error:
            if _taken(error):
                raise SlotTaken from None
            raise
        audit_record(
            by=by,
            action="consultation.moved",
            target=locked,
            team=fresh.team,
            detail={"from": str(before.code), "to": str(fresh.code)},
        )
        _tell(locked, Notification.Template.CONSULTATION_MOVED, before=before)
    return locked


def booking_cancel(*, by: User, booking: Booking, reason: str, other: str = "") -> Booking:
    """Cancel the booking with a reason (another reason in words); the slot is free again."""
    if reason not in Booking.CancelReason.values:
        raise NotAllowed("choose a reason")
    if reason == Booking.CancelReason.OTHER and not other.strip():
        raise NotAllowed("say the other reason")
    with transaction.atomic():
        locked = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
        _may_change(by, locked)
        if not locked.is_active:
            raise NotAllowed("the booking is cancelled already")
        if locked.slot.starts_at <= timezone.now():
            raise NotAllowed("the consultation has started or is over")
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = by
        locked.cancel_reason = reason
        locked.cancel_other = other.strip() if reason == Booking.CancelReason.OTHER else ""
        locked.sequence += 1
        locked.full_clean(validate_unique=False, validate_constraints=False)
        locked.save(
            update_fields=[
                "cancelled_at",
                "cancelled_by",
                "cancel_reason",
                "cancel_other",
                "sequence",
            ]
        )
        audit_record(
            by=by,
            action="consultation.cancelled",
            target=locked,
            team=locked.slot.team,
            detail={"reason": reason},
        )
        _tell(locked, Notification.Template.CONSULTATION_CANCELLED)
    return locked


# Reminders -------------------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> int:
    """Remind the practitioner and the clinician of each active booking of tomorrow, once:
    the booking is marked as reminded in the same transaction as its reminder is stored, so
    running the command again (or two at once) sends none twice."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time()))
    end = start + timedelta(days=1)
    due = list(
        Booking.objects.filter(
            cancelled_at__isnull=True,
            reminder_sent_at__isnull=True,
            slot__starts_at__gte=max(start, timezone.now()),
            slot__starts_at__lt=end,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            booking = (
                Booking.objects.select_for_update(of=("self",))
                .select_related("slot__clinician", "slot__team", "practitioner")
                .filter(pk=pk, cancelled_at__isnull=True, reminder_sent_at__isnull=True)
                .first()
            )
            if booking is None:
                continue
            booking.reminder_sent_at = timezone.now()
            booking.save(update_fields=["reminder_sent_at"])
            audit_record(
                by=None,
                action="consultation.reminded",
                target=booking,
                team=booking.slot.team,
            )
            _tell(booking, Notification.Template.CONSULTATION_REMINDER)
            sent += 1
    return sent


# Telling people --------------------------------------------------------------------------


def _when(slot: Slot) -> str:
    local = timezone.localtime(slot.starts_at)
    return (
        f"{formats.date_format(local, 'l j F Y')}, "
        f"{local:%H:%M} to {timezone.localtime(slot.ends_at):%H:%M}"
    )


def _how(booking: Booking) -> str:
    slot = booking.slot
    if slot.mode == Slot.Mode.VIDEO:
        return f"By video call: {slot.video_link}"
    if slot.mode == Slot.Mode.IN_PERSON:
        return f"In person at: {slot.place}"
    return f"By phone: the clinician calls the practitioner on {phone_shown(booking.phone)}."


_SUBJECTS: dict[str, str] = {
    Notification.Template.CONSULTATION_BOOKED: "Consultation booked: {when}",
    Notification.Template.CONSULTATION_MOVED: "Consultation moved to {when}",
    Notification.Template.CONSULTATION_CANCELLED: "Consultation cancelled: {when}",
    Notification.Template.CONSULTATION_REMINDER: "Consultation tomorrow: {when}",
}
_OPENINGS: dict[str, str] = {
    Notification.Template.CONSULTATION_BOOKED: "A consultation is booked.",
    Notification.Template.CONSULTATION_MOVED: "A consultation has moved to a new time.",
    Notification.Template.CONSULTATION_CANCELLED: "A consultation is cancelled.",
    Notification.Template.CONSULTATION_REMINDER: "A reminder: you have a consultation tomorrow.",
}


def _tell(booking: Booking, template: str, *, before: Slot | None = None) -> None:
    """E-mail the practitioner and the clinician, whoever made the change: each needs the
    updated invitation for their own calendar. The words name no family; the invitation
    and the booking are behind sign-in, and the invitation is sent again on each change
    (its sequence number raised; a cancellation's is METHOD:CANCEL), so a calendar that
    took the first one updates it."""
    slot = booking.slot
    site = settings.SITE_URL.rstrip("/")
    page = site + reverse("consultations:booking", kwargs={"code": booking.code})
    invite = site + reverse("consultations:invite", kwargs={"code": booking.code})
    when = _when(slot)
    lines = [str(_OPENINGS[template]), "", f"When: {when}", _how(booking)]
    if before is not None:
        lines.append(f"It was: {_when(before)}")
    if template == Notification.Template.CONSULTATION_CANCELLED:
        lines.append(f"Why: {booking.cancel_reason_shown}")
    lines += [
        f"Clinician: {slot.clinician.full_name} ({slot.team.name})",
        f"Practitioner: {booking.practitioner.full_name}",
        "",
        f"The booking (sign-in needed): {page}",
        f"Add it to your calendar, or update it there (sign-in needed): {invite}",
        "",
        "This email was sent automatically. Please do not reply to it.",
    ]
    body = "\n".join(lines) + "\n"
    subject = _SUBJECTS[template].format(when=when)
    emails = [
        StaffEmail(user=person, template=template, subject=subject[:200], body=body)
        for person in (booking.practitioner, slot.clinician)
        if person.is_active
    ]
    if before is not None and before.clinician_id != slot.clinician_id:
        emails += _released(booking, before, invite)
    staff_notify_many(emails)


def _released(booking: Booking, before: Slot, invite: str) -> list[StaffEmail]:
    """The clinician a moved consultation is no longer with: a cancellation of their
    invitation (METHOD:CANCEL, the same UID), so that it leaves their calendar."""
    released = before.clinician
    if not released.is_active:
        return []
    was = _when(before)
    body = "\n".join(
        [
            "A consultation you had has moved to another clinician: it is no longer with you.",
            "",
            f"It was: {was}",
            f"It is now with: {booking.slot.clinician.full_name} ({booking.slot.team.name})",
            f"Practitioner: {booking.practitioner.full_name}",
            "",
            f"Remove it from your calendar (sign-in needed): {invite}?released=1",
            "",
            "This email was sent automatically. Please do not reply to it.",
        ]
    )
    subject = _SUBJECTS[Notification.Template.CONSULTATION_CANCELLED].format(when=was)
    return [
        StaffEmail(
            user=released,
            template=Notification.Template.CONSULTATION_CANCELLED,
            subject=subject[:200],
            body=body + "\n",
        )
    ]
