"""Outcome measures recorded on a case, and the case's tasks (issue 12).

An administration stores the answers in form order and what `measures.scoring` made of
them (total, band, caseness, risk items): never typed by anyone. A mistake is corrected by
a new administration that `replaces` the old one; both are kept, and only the ones not
replaced count. A task is work for one person by a date; a risk task, opened when a risk
item is answered above zero, can only be closed with the action taken.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.casework.models import TEXT_LIMIT, Case, CasePerson
from littleminds.measures.definitions import measure_of

# A measure recorded on a case is due again this many days after its latest administration,
# while the case is open (12 weeks).
MEASURE_DUE_DAYS = 84


class Administration(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="administrations")
    measure = models.CharField(_("measure"), max_length=16)
    on = models.DateField(_("date"))
    # The parent or carer who answered; none where the clinician rated (PIR-GAS).
    answered_by = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    items = models.JSONField(_("answers"))
    # Computed by measures.scoring when it is recorded, never typed.
    total = models.FloatField()
    # The band's name in English as scored (`band_label` is what a person reads).
    band = models.CharField(max_length=60, blank=True)
    # None where the measure has no cut-off (SWEMWBS, goal-based outcomes).
    caseness = models.BooleanField(null=True, blank=True)
    risk = models.JSONField(default=list, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    reason = models.CharField(_("why it replaces the earlier one"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "recorded_at", "pk"]
        indexes = [models.Index(fields=["case", "measure", "on"], name="administration_case")]

    def __str__(self) -> str:
        return f"{self.measure} {self.code}"

    @property
    def measure_name(self) -> str:
        """The measure as people know it ("PHQ-9"), never its code."""
        return measure_of(self.measure).name

    @property
    def band_label(self) -> str:
        """The band in the reader's language and in lower case ("moderately severe"), from
        the measure's definition; the stored English where the definition finds none."""
        band = measure_of(self.measure).band_of(self.total)
        return str(band.label) if band is not None else self.band


class Task(models.Model):
    class Kind(models.TextChoices):
        TASK = "task", _("Task")
        RISK = "risk", _("Risk to follow up")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.TASK)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casework_tasks"
    )
    due_on = models.DateField(_("due date"))
    description = models.CharField(_("what needs doing"), max_length=500)
    administration = models.ForeignKey(
        Administration, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField(_("what was done"), max_length=TEXT_LIMIT, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["assigned_to", "done_at"], name="task_assigned"),
            models.Index(fields=["case", "done_at"], name="task_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True, done_by__isnull=True)
                | Q(done_at__isnull=False, done_by__isnull=False),
                name="task_done_together",
            ),
            # A risk task is closed only with the action taken.
            models.CheckConstraint(
                condition=~Q(kind="risk") | Q(done_at__isnull=True) | ~Q(done_note=""),
                name="task_risk_closed_with_action",
            ),
        ]

    def __str__(self) -> str:
        return f"task {self.code}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def anchor(self) -> str:
        """The id of the task on its case page, for links straight to it."""
        return f"task-{self.code}"
