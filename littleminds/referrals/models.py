"""Referrals to the parent–infant service's clinical work (strand 4), from practitioners and
from families themselves, and everything that happens to them in triage (DOMAIN.md §7).

A referral belongs to the team that receives it (`Intake`): only that team's clinicians and
managers see it, and the practitioner who sent it sees its status. Its status changes only
through `services.py`, by the moves of `lifecycle.py`, and each change is a `ReferralEvent`
(who, when, why) as well as an audit event.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team
from littleminds.directory.models import Area, Service
from littleminds.referrals.lifecycle import OPEN, DeclineReason, Status


class Intake(models.Model):
    """A team that takes referrals for a service, for families living in an area: where a
    referral goes, and the area its eligibility is checked against. A family with a ZZ99
    pseudo-postcode (no fixed abode) goes to the intake marked as the default.

    An intake that has received referrals is never deleted (they point at it): it is closed
    instead, and a closed intake takes no new referrals (ADR 0016)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="intakes")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    is_default = models.BooleanField(default=False)
    # Eligibility (DOMAIN.md §5): until the day before this age in months.
    age_limit_months = models.PositiveSmallIntegerField(
        _("age limit in months"),
        default=24,
        validators=[
            MinValueValidator(1, _("The age limit must be 1 month or more")),
            MaxValueValidator(36, _("The age limit must be 36 months (3 years) or less")),
        ],
    )
    is_open = models.BooleanField(_("takes new referrals"), default=True)
    # What a family is told when it has sent its request (the last page and the
    # confirmation): a number to call, and how long the team usually takes to decide.
    # Empty on intakes set up before the intake pages asked.
    contact_phone = models.CharField(_("phone number for families"), max_length=20, blank=True)
    decision_days = models.PositiveSmallIntegerField(
        _("working days to a decision"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, _("Enter a number of working days from 1 to 60")),
            MaxValueValidator(60, _("Enter a number of working days from 1 to 60")),
        ],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="intake_one_default"
            ),
            # Two teams taking referrals for one area would leave routing to chance.
            models.UniqueConstraint(
                fields=["area"], condition=Q(is_open=True), name="intake_one_open_per_area"
            ),
            # Families with no fixed address must always have somewhere to go.
            models.CheckConstraint(
                condition=Q(is_open=True) | Q(is_default=False), name="intake_default_is_open"
            ),
            models.CheckConstraint(
                condition=Q(age_limit_months__gte=1, age_limit_months__lte=36),
                name="intake_age_limit_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team} ← {self.area}"


class HeardFrom(models.TextChoices):
    EVENT = "event", _("At an event")
    LEAFLET = "leaflet", _("From a leaflet or poster")
    SOCIAL_MEDIA = "social_media", _("On social media")
    PROFESSIONAL = "professional", _("From a professional, such as a health visitor")
    FRIEND_OR_RELATIVE = "friend_or_relative", _("From a friend or relative")
    OTHER = "other", _("Another way")


class Referral(models.Model):
    class Kind(models.TextChoices):
        PRACTITIONER = "practitioner", _("From a practitioner")
        SELF = "self", _("Self-referral")

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        API = "api", _("Partner system")
        FHIR = "fhir", _("FHIR message")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # What the family and the referrer quote: short, unambiguous, given on submission.
    reference = models.CharField(max_length=16, unique=True, null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    intake = models.ForeignKey(
        Intake, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )

    # Who referred: a practitioner (their organisation is kept as it was on the day), or
    # nobody for a family's own referral.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_made",
    )
    referrer_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A partner system's referral has no referrer account: who referred, as the system sent it.
    referrer_name = models.CharField(_("referrer's name"), max_length=120, blank=True)
    referrer_role = models.CharField(_("referrer's role"), max_length=120, blank=True)
    referrer_email = models.EmailField(_("referrer's email address"), blank=True)

    # The family.
    parent_name = models.CharField(_("parent or carer's name"), max_length=120, blank=True)
    baby_name = models.CharField(_("baby's name"), max_length=120, blank=True)
    unborn = models.BooleanField(_("the baby is not born yet"), default=False)
    expected_delivery_date = models.DateField(_("due date"), null=True, blank=True)
    child_date_of_birth = models.DateField(_("baby's date of birth"), null=True, blank=True)
    nhs_number = models.CharField(_("baby's NHS number"), max_length=10, blank=True)
    postcode = models.CharField(_("home postcode"), max_length=8, blank=True)
    postcode_district = models.CharField(max_length=4, blank=True, db_index=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    may_call = models.BooleanField(_("safe to call"), default=False)
    may_text = models.BooleanField(_("safe to text"), default=False)
    may_leave_message = models.BooleanField(_("safe to leave a message"), default=False)
    # How the family wants to hear what happens next (self-referral): "", "email" or "text".
    confirm_by = models.CharField(max_length=8, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # A family's own referral offers the languages spoken most, and "other": then the
    # family names it in their own words (the team needs it to book an interpreter).
    other_language = models.CharField(_("another language"), max_length=60, blank=True)
    interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    # How a family that referred itself heard of the service (optional; issue 15), so that
    # community messaging can be linked to the families who then ask for help.
    heard_from = models.CharField(
        _("how they heard about us"), max_length=20, choices=HeardFrom.choices, blank=True
    )

    # The worries.
    concerns = models.JSONField(_("worries"), default=list, blank=True)
    concern_details = models.TextField(_("what worries the referrer"), blank=True)
    impact = models.CharField(_("how much it affects the family"), max_length=16, blank=True)
    tried = models.TextField(_("what has been tried"), blank=True)
    others_involved = models.TextField(_("who else is involved"), blank=True)
    consent = models.BooleanField(_("the family agreed to the referral"), default=False)

    # Triage.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    first_contact_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(
        _("reason"), max_length=24, choices=DeclineReason.choices, blank=True
    )
    # What the referrer reads: the signposting with a decline, the invitation to book a
    # consultation, or the question when more information is needed.
    message_to_referrer = models.TextField(blank=True)
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="duplicates"
    )
    # A repeated submission with the same key (a double click, a retried request) gives
    # back this referral instead of a second one. Unique per referrer (or per organisation
    # for partner systems; per key alone for families).
    idempotency_key = models.CharField(max_length=80, blank=True)
    # A digest of the answers sent with the key: the same key with other answers is another
    # family's request (a partner or a family may choose any key), never this referral.
    idempotency_fingerprint = models.CharField(max_length=64, blank=True)
    # The navigator's answer it started from, if any: its route and rule set version.
    navigator_route = models.CharField(max_length=24, blank=True)
    # The consultation it came from, when a clinician advised referral (ADR 0030): the
    # consultation's code, not a foreign key (`consultations` sits above `referrals`), with
    # the day and the clinician's name as they were, so the referral says where it came
    # from in words. One referral per consultation: the database says so.
    consultation_code = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    consultation_on = models.DateField(null=True, blank=True, editable=False)
    consultation_clinician = models.CharField(max_length=120, blank=True, editable=False)

    class Meta:
        ordering = ["submitted_at"]
        indexes = [
            models.Index(fields=["team", "status", "submitted_at"], name="referral_queue"),
            # The triage queue: the open referrals, those waiting longest first. Without it,
            # PostgreSQL walks the submitted_at index past every decided referral (300,000
            # in ten years) to find the few open ones, which are the newest.
            models.Index(
                fields=["team", "submitted_at", "id"],
                condition=Q(status__in=sorted(OPEN)),
                name="referral_open_queue",
            ),
            # The queue's "referred by" filter: the organisations with open referrals for a
            # team. Without it, PostgreSQL probes every organisation's referrals of all
            # statuses (1,000 organisations, 26,000 pages read, 45-95 ms at national size);
            # with it, it reads the open ones' pairs from this small index alone.
            models.Index(
                fields=["team", "referrer_organisation"],
                condition=Q(status__in=sorted(OPEN)),
                name="referral_open_referrers",
            ),
            models.Index(fields=["referrer", "status"], name="referral_mine"),
            models.Index(fields=["child_date_of_birth"], name="referral_dob"),
            models.Index(fields=["expected_delivery_date"], name="referral_edd"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "referrer_organisation", "idempotency_key"],
                condition=~Q(idempotency_key="") & Q(referrer_organisation__isnull=False),
                name="referral_idempotent",
            ),
            # Families' own referrals have no organisation, and NULLs never clash in a
            # unique index: their keys are unique among themselves.
            models.UniqueConstraint(
                fields=["kind", "idempotency_key"],
                condition=~Q(idempotency_key="") & Q(referrer_organisation__isnull=True),
                name="referral_idempotent_public",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(reference__isnull=False, submitted_at__isnull=False),
                name="referral_sent_has_reference",
            ),
            models.CheckConstraint(
                condition=Q(consultation_code__isnull=True, consultation_on__isnull=True)
                | Q(consultation_code__isnull=False, consultation_on__isnull=False),
                name="referral_consultation_has_its_day",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"draft {self.code}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def days_waiting(self) -> int | None:
        """Whole days from submission to the triage decision; to now while it is open; to
        its withdrawal when withdrawn before a decision."""
        if self.submitted_at is None:
            return None
        end = self.decided_at or (timezone.now() if self.is_open else self.updated_at)
        return (end - self.submitted_at).days


class ReferralEvent(models.Model):
    """One change of a referral's status: who, when, why. Never changed or deleted."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=24)
    from_status = models.CharField(max_length=16, choices=Status.choices)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} {self.from_status} → {self.to_status}"
