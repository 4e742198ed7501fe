"""Care on a case beyond contacts and notes (issue 12): the interventions the family is
offered, from a catalogue the service managers keep; the goals agreed with the family and
their ratings (goal-based outcomes); and safeguarding: flags raised and closed, from a
list the managers keep, and a chronology of significant events whose entries are signed
and never changed (a correction is a new entry, as with notes; ADR 0024)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.casework.models import NAME_LIMIT, TEXT_LIMIT, Case

# A family works towards three goals at most at a time (goal-based outcomes).
GOALS_AT_ONCE = 3
SESSIONS_MAX = 200
GOAL_LIMIT = 300


class CatalogueEntry(models.Model):
    """An entry of a small list that service managers keep: named, renamed, retired (never
    deleted, since cases point at it)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=NAME_LIMIT, unique=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None


class Intervention(CatalogueEntry):
    """An intervention the service offers (parent–infant psychotherapy, Video Interaction
    Guidance...)."""


class FlagKind(CatalogueEntry):
    """A kind of safeguarding flag (child protection plan, child in need, domestic abuse...)."""


class CaseIntervention(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interventions")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="+")
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"), null=True, blank=True)
    sessions = models.PositiveSmallIntegerField(
        _("number of sessions"),
        default=0,
        validators=[
            MaxValueValidator(
                SESSIONS_MAX, _("Number of sessions must be %(limit_value)s or fewer")
            )
        ],
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="intervention_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(sessions__lte=SESSIONS_MAX), name="intervention_sessions_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} on {self.case}"


class Goal(models.Model):
    """A goal agreed with the family, in their words. An open goal holds one of three
    slots, so the database itself refuses a fourth open goal."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="goals")
    text = models.CharField(_("goal"), max_length=GOAL_LIMIT)
    agreed_on = models.DateField(_("agreed on"))
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["agreed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "slot"], name="goal_three_open_at_most"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, slot__gte=1, slot__lte=GOALS_AT_ONCE)
                | Q(closed_on__isnull=False, slot__isnull=True),
                name="goal_open_holds_a_slot",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("agreed_on")),
                name="goal_closed_after_agreed",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class GoalRating(models.Model):
    """How far towards the goal the family is, 0 (not at all) to 10 (reached): the first
    rating when the goal is agreed, then one at each review."""

    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="ratings")
    rated_on = models.DateField(_("date of the rating"))
    score = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[
            MinValueValidator(0, _("Rating must be between 0 and 10")),
            MaxValueValidator(10, _("Rating must be between 0 and 10")),
        ],
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=10), name="goal_rating_0_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.score}"


class SafeguardingFlag(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="flags")
    kind = models.ForeignKey(FlagKind, on_delete=models.PROTECT, related_name="+")
    raised_on = models.DateField(_("raised on"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["raised_on", "pk"]
        indexes = [models.Index(fields=["case", "closed_on"], name="flag_case_open")]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=Q(closed_on__isnull=True),
                name="flag_open_once_a_kind",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True, closed_by__isnull=True)
                | Q(closed_on__isnull=False, closed_by__isnull=False),
                name="flag_closed_together",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("raised_on")),
                name="flag_closed_after_raised",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.case}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ChronologyQuerySet(models.QuerySet["ChronologyEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("A chronology entry cannot be changed; add a correction.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("A chronology entry cannot be deleted; add a correction.")


class ChronologyEntry(models.Model):
    """A significant event in the family's life (safeguarding chronology): when it
    happened, what happened, and who recorded it, signed as it is saved and never changed
    or deleted after. On PostgreSQL a trigger refuses UPDATE and DELETE as well."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology")
    happened_on = models.DateField(_("date it happened"))
    text = models.TextField(_("what happened"), max_length=TEXT_LIMIT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_as = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=timezone.now)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    objects = ChronologyQuerySet.as_manager()

    class Meta:
        ordering = ["happened_on", "signed_at", "pk"]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"chronology entry {self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("A chronology entry cannot be changed; add a correction.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("A chronology entry cannot be deleted; add a correction.")


__all__ = [
    "CaseIntervention",
    "ChronologyEntry",
    "FlagKind",
    "Goal",
    "GoalRating",
    "Intervention",
    "SafeguardingFlag",
]
