"""Consultation (strand 3, DOMAIN.md §2): the slots clinicians offer and the practitioners'
bookings of them.

A slot is one clinician's time, for one practitioner: a slot has at most one active
booking, and the database says so (`consultation_one_active_booking_per_slot`, ADR 0026),
so two practitioners who press "book" at once get one booking and one refusal, whatever
the code does. A cancelled booking stays (with who cancelled, when and why) and frees its
slot; moving a booking changes its slot, keeping the booking, its code and so its
calendar invitation, whose sequence number goes up with each change.

A case consultation names no family by default. A practitioner may add the family's
details when the family agrees: what lets the consultation become a referral later (part 2
of the issue records consultations against a booking).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team, User

NOTE_LIMIT = 2000
NAME_LIMIT = 120
PLACE_LIMIT = 300
LINK_LIMIT = 500
REASON_LIMIT = 500


class Slot(models.Model):
    """A clinician's time offered for one consultation."""

    class Mode(models.TextChoices):
        PHONE = "phone", _("Phone call")
        VIDEO = "video", _("Video call")
        IN_PERSON = "in_person", _("In person")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="consultation_slots")
    clinician = models.ForeignKey(User, on_delete=models.PROTECT, related_name="consultation_slots")
    starts_at = models.DateTimeField(_("starts at"))
    minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)
    video_link = models.URLField(_("video call link"), max_length=LINK_LIMIT, blank=True)
    place = models.CharField(_("place"), max_length=PLACE_LIMIT, blank=True)
    # The slots published together as "weekly for a period" share a series.
    series = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # The free-slot list: offered slots from a day on.
            models.Index(
                fields=["starts_at"], condition=Q(withdrawn_at__isnull=True), name="slot_offered"
            ),
            models.Index(fields=["team", "starts_at"], name="slot_team_starts"),
            models.Index(fields=["clinician", "starts_at"], name="slot_clinician_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=15, minutes__lte=180), name="slot_minutes_bounded"
            ),
            models.CheckConstraint(
                condition=~Q(mode="video") | ~Q(video_link=""), name="slot_video_has_link"
            ),
            models.CheckConstraint(
                condition=~Q(mode="in_person") | ~Q(place=""), name="slot_in_person_has_place"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
                name="slot_withdrawal_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Booking(models.Model):
    """A practitioner's booking of a slot, to talk a family (or their own practice) through
    with a clinician. Active while `cancelled_at` is empty."""

    class Source(models.TextChoices):
        """Where the booking came from, for the evaluation: does consulting replace
        referring, does it follow the navigator's answer."""

        PAGES = "pages", _("The consultation pages")
        NAVIGATOR = "navigator", _("The navigator's answer")
        REFERRAL = "referral", _("A referral redirected to consultation")
        API = "api", _("A partner system")

    class CancelReason(models.TextChoices):
        NOT_NEEDED = "not_needed", _("The consultation is no longer needed")
        CANNOT_ATTEND = "cannot_attend", _("The practitioner cannot attend")
        CLINICIAN_UNAVAILABLE = "clinician_unavailable", _("The clinician is not available")
        REFERRED = "referred", _("The family has been referred instead")
        OTHER = "other", _("Another reason")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    practitioner = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="consultation_bookings"
    )
    # The practitioner's organisation when they booked, kept for the evaluation's counts.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PAGES)
    # The navigator's route the booking followed, or the referral it was redirected from.
    navigator_route = models.CharField(max_length=20, blank=True)
    # A referral destroyed (past its retention date) leaves the booking, which names it no
    # more; `source` still says where the booking came from.
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_bookings",
    )
    # What the practitioner wants to discuss: the navigator's worries as codes, and a note.
    concerns = models.JSONField(_("worries"), default=list, blank=True)
    note = models.TextField(_("what you want to discuss"), blank=True)
    # The practitioner's number for a consultation by phone (the clinician calls it), in
    # the international format.
    phone = models.CharField(_("phone number to call"), max_length=20, blank=True)
    # The family's details, only when the family agrees to share them.
    family_shared = models.BooleanField(default=False)
    parent_name = models.CharField(max_length=NAME_LIMIT, blank=True)
    baby_name = models.CharField(max_length=NAME_LIMIT, blank=True)
    unborn = models.BooleanField(default=False)
    child_date_of_birth = models.DateField(null=True, blank=True)
    expected_delivery_date = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=8, blank=True)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Each change of time or place (a move, a cancellation) raises it, as RFC 5545 asks of
    # an invitation sent again.
    sequence = models.PositiveIntegerField(default=0)
    moved_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancel_reason = models.CharField(max_length=24, choices=CancelReason.choices, blank=True)
    cancel_other = models.CharField(max_length=REASON_LIMIT, blank=True)
    # The reminder the day before, sent once (for the slot the booking had then).
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        indexes = [
            models.Index(fields=["practitioner", "created_at"], name="booking_practitioner"),
        ]
        constraints = [
            # One slot, one booking (ADR 0026): the database refuses a second active one.
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(cancelled_at__isnull=True),
                name="consultation_one_active_booking_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True, cancelled_by__isnull=True, cancel_reason="")
                | (
                    Q(cancelled_at__isnull=False, cancelled_by__isnull=False) & ~Q(cancel_reason="")
                ),
                name="booking_cancellation_consistent",
            ),
            models.CheckConstraint(
                condition=Q(cancel_reason="other") | Q(cancel_other=""),
                name="booking_other_reason_only_for_other",
            ),
            models.CheckConstraint(
                condition=Q(family_shared=True)
                | Q(
                    parent_name="",
                    baby_name="",
                    postcode="",
                    child_date_of_birth__isnull=True,
                    expected_delivery_date__isnull=True,
                ),
                name="booking_family_details_only_when_shared",
            ),
            models.CheckConstraint(
                condition=Q(referral__isnull=True) | Q(source="referral"),
                name="booking_referral_only_from_referral",
            ),
        ]

    def __str__(self) -> str:
        return f"Booking {self.code}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None

    @property
    def cancel_reason_shown(self) -> str:
        if self.cancel_reason == self.CancelReason.OTHER and self.cancel_other:
            return self.cancel_other
        return str(self.get_cancel_reason_display())


from littleminds.consultations.models_records import (  # noqa: E402
    ConsultationRecord,
    Feedback,
    GroupFeedback,
    Outcome,
)

__all__ = ["Booking", "ConsultationRecord", "Feedback", "GroupFeedback", "Outcome", "Slot"]


from littleminds.consultations.models_groups import (  # noqa: E402, F401
    CallbackRequest,
    GroupPlace,
    GroupSeries,
    GroupSession,
)
