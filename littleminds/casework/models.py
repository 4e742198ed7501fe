"""The service's direct clinical work with families (strand 4, DOMAIN.md §2): a case for a
family, the baby or babies on it, the people around them, the clinicians allocated, the
contacts planned and recorded, and the notes written about it.

A case belongs to one team: only that team's clinicians and managers see it
(`selectors.py`), and every read and write is in the audit trail. Everything here changes
only through `services.py`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team
from littleminds.core.db import NullsFirstIndex
from littleminds.referrals.models import Referral

NAME_LIMIT = 120
TEXT_LIMIT = 5000
# A note or addendum: long enough for a full record of a visit, short enough to read.
NOTE_LIMIT = 5000


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The worries the case is about (the navigator's concern codes, shown in words), and
    # the referrer's or clinician's own words.
    worries = models.JSONField(_("worries"), default=list, blank=True)
    worries_detail = models.TextField(_("the worries in words"), blank=True)
    postcode = models.CharField(_("home postcode"), max_length=8, blank=True)
    # The start of the last contact the family attended (none: no contact yet), kept by
    # the contact services as each is recorded, so that a caseload is sorted by it from an
    # index rather than by working it out for every case first (ADR 0062).
    last_contact_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["team", "status"], name="case_team_status"),
            # A team's caseload in its usual order, no contact at all first, then the
            # longest since the last contact. Not by status: the cases of the status most
            # of them have are read in this order, those of the rare one (open cases, in a
            # service ten years old) from `case_team_status` and sorted (ADR 0062).
            NullsFirstIndex(
                F("team"),
                F("last_contact_at").asc(nulls_first=True),
                F("id"),
                name="case_team_last_contact",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | Q(status="closed", closed_on__isnull=False),
                name="case_closed_has_date",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return f"case {self.code}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CaseReferral(models.Model):
    """A referral that opened the case, or joined it later (another referral for a family
    the team already works with). A referral belongs to one case at most."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referral_links")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)
    opened_case = models.BooleanField(default=False)

    class Meta:
        ordering = ["joined_at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} → {self.case}"


class Baby(models.Model):
    """A baby on the case. An unborn baby has a due date; when born, the same record gets a
    date of birth (never a new record). Twins are two babies."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="babies")
    name = models.CharField(_("baby's name"), max_length=NAME_LIMIT, blank=True)
    nhs_number = models.CharField(_("baby's NHS number"), max_length=10, blank=True)
    unborn = models.BooleanField(_("not born yet"), default=False)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unborn=True, due_date__isnull=False, date_of_birth__isnull=True)
                | Q(unborn=False, date_of_birth__isnull=False),
                name="baby_born_or_due",
            ),
        ]

    def __str__(self) -> str:
        return self.name or "baby"


class CasePerson(models.Model):
    """A parent or carer, or another person important to the baby, with how and when the
    team may reach them."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        PARENT = "parent", _("Parent")
        CARER = "carer", _("Carer")
        GRANDPARENT = "grandparent", _("Grandparent")
        OTHER = "other", _("Other important person")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(_("name"), max_length=NAME_LIMIT)
    relationship = models.CharField(
        _("relationship to the baby"), max_length=16, choices=Relationship.choices
    )
    # In words ("Urdu"), as people see it.
    language = models.CharField(_("language"), max_length=60, blank=True)
    interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    may_call = models.BooleanField(_("safe to call"), default=False)
    may_text = models.BooleanField(_("safe to text"), default=False)
    may_leave_message = models.BooleanField(_("safe to leave a message"), default=False)
    contact_times = models.CharField(_("best times to contact"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_parent_or_carer(self) -> bool:
        return self.relationship != self.Relationship.OTHER


class Allocation(models.Model):
    """A clinician allocated to the case from a date, as its lead or not, until a date."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="allocations")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    is_lead = models.BooleanField(_("lead clinician"), default=False)
    start = models.DateField(_("from"), default=timezone.localdate)
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        indexes = [models.Index(fields=["clinician", "end"], name="allocation_clinician")]
        constraints = [
            # At most one current lead in the database; services keep exactly one.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(is_lead=True, end__isnull=True),
                name="allocation_one_current_lead",
            ),
            models.UniqueConstraint(
                fields=["case", "clinician"],
                condition=Q(end__isnull=True),
                name="allocation_once_at_a_time",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="allocation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.clinician} on {self.case}"


class Contact(models.Model):
    """A meeting with the family: planned ahead, then recorded (what happened)."""

    class Place(models.TextChoices):
        HOME = "home", _("At home")
        CLINIC = "clinic", _("At the clinic")
        COMMUNITY = "community", _("At a community venue")
        VIDEO = "video", _("By video call")
        PHONE = "phone", _("By phone")

    class Outcome(models.TextChoices):
        ATTENDED = "attended", _("Attended")
        DID_NOT_ATTEND = "did_not_attend", _("Did not attend")
        CANCELLED_BY_FAMILY = "cancelled_family", _("Cancelled by the family")
        CANCELLED_BY_SERVICE = "cancelled_service", _("Cancelled by the service")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts"
    )
    starts_at = models.DateTimeField(_("date and time"))
    minutes = models.PositiveSmallIntegerField(
        _("length in minutes"),
        validators=[
            MinValueValidator(5, _("Length must be between 5 and 480 minutes")),
            MaxValueValidator(480, _("Length must be between 5 and 480 minutes")),
        ],
    )
    place = models.CharField(_("where"), max_length=16, choices=Place.choices)
    invited = models.ManyToManyField(CasePerson, related_name="invited_to", blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    planned_at = models.DateTimeField(default=timezone.now)

    outcome = models.CharField(
        _("what happened"), max_length=20, choices=Outcome.choices, blank=True
    )
    came = models.ManyToManyField(CasePerson, related_name="came_to", blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["case", "starts_at"], name="contact_case_time"),
            models.Index(fields=["clinician", "starts_at"], name="contact_clinician_time"),
            # A clinician's contacts not recorded yet ("Your work", "Your cases"): a few
            # among the hundreds of thousands of a clinician's ten years.
            models.Index(
                fields=["clinician", "starts_at"],
                condition=Q(outcome=""),
                name="contact_unrecorded",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", recorded_at__isnull=True, recorded_by__isnull=True)
                | (~Q(outcome="") & Q(recorded_at__isnull=False, recorded_by__isnull=False)),
                name="contact_recorded_together",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=5, minutes__lte=480), name="contact_minutes_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"contact {self.code}"

    @property
    def is_recorded(self) -> bool:
        return bool(self.outcome)


class NoteQuerySet(models.QuerySet["Note"]):
    """Bulk changes are refused as well as single ones: a signed note never changes."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("A signed note cannot be changed; add an addendum.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("A signed note cannot be deleted; add an addendum.")


class Note(models.Model):
    """A note on the case, signed by its author when saved, and never changed or deleted
    after: a correction is an addendum, a signed note of its own linked to the note it
    corrects (ADR 0024). On PostgreSQL a trigger refuses UPDATE and DELETE as well."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The author's name as it was when they signed.
    signed_as = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)
    addendum_to = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="addenda"
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["case", "signed_at"], name="note_case_time")]

    def __str__(self) -> str:
        return f"note {self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("A signed note cannot be changed; add an addendum.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("A signed note cannot be deleted; add an addendum.")


class CaseEvent(models.Model):
    """One thing that happened to the case, for its history: who, when, what."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=32)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.action}"


from littleminds.casework.models_care import *  # noqa: E402, F403
from littleminds.casework.models_closure import *  # noqa: E402, F403
from littleminds.casework.models_link import QuestionnaireLink  # noqa: E402,F401
from littleminds.casework.models_records import Administration, Task  # noqa: E402,F401
from littleminds.casework.models_week import CalendarFeed  # noqa: E402,F401
