"""The navigator's rule sets (versioned, published ones immutable), the test bench's
scenarios, and the count of its recommendations (no personal data: the day, who asked, the
route, the postcode district)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.core.postcodes import InvalidPostcode, Postcode, parse_postcode
from littleminds.pathway.engine import (
    ASKERS,
    IMPACTS,
    OTHER_CONCERNS,
    RELATIONSHIP_CONCERNS,
    Answers,
    Route,
)

CONCERNS = RELATIONSHIP_CONCERNS | OTHER_CONCERNS


class PublishedRuleSetImmutable(Exception):
    """A published rule set is kept as it was: it is never changed or deleted. To go back
    to it, publish it again (a new version with the same rules)."""


class RuleSetVersionQuerySet(models.QuerySet["RuleSetVersion"]):
    # Bulk updates and deletes skip save() and delete(), so they check for themselves.
    def update(self, **kwargs: Any) -> int:
        if self.filter(status=RuleSetVersion.Status.PUBLISHED).exists():
            raise PublishedRuleSetImmutable
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(status=RuleSetVersion.Status.PUBLISHED).exists():
            raise PublishedRuleSetImmutable
        return super().delete()


class RuleSetVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # A draft's number is the one it will be published with (one more than the highest
    # published); publishing an earlier version again moves the draft on by one.
    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # The rules as engine.rule_set_from_data reads them, and the key of the directory area
    # that "outside the area" is tested against.
    rules = models.JSONField()
    service_area = models.SlugField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The version a draft was started from (kept when it is published).
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The earlier version whose rules a republished version repeats (a rollback).
    republished_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RuleSetVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True)
                | Q(status="published", published_at__isnull=False),
                name="rule_set_published_consistent",
            ),
            # One draft at a time: every manager works on the same one.
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="draft"), name="rule_set_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"Rule set {self.number} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A published version is what recommendations were made with: keeping it exactly
        # as it was is what makes each recommendation explainable afterwards. Publishing a
        # draft (stored as a draft) is the one change of status allowed.
        if self._stored_status() == self.Status.PUBLISHED:
            raise PublishedRuleSetImmutable
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._stored_status() == self.Status.PUBLISHED:
            raise PublishedRuleSetImmutable
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()


class Scenario(models.Model):
    """A family's answers on a given day and the route the rules must give them: the test
    bench runs every active scenario against a draft before it may be published. Scenarios
    belong to the bench, not to a version, so each new draft meets all of them.

    "Outside the area" is worked out from the directory, exactly as for a real family: a
    scenario whose answer depends on the area says so in its note, and fails while the
    directory does not have the area (see ADR 0011)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("Name"), max_length=200)
    note = models.TextField(_("Why it is on the bench"), blank=True)
    asker = models.CharField(max_length=16, choices=[(a, a) for a in ASKERS])
    pregnant = models.BooleanField(default=False)
    expected_delivery_date = models.DateField(null=True, blank=True)
    child_date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=8)
    concerns = models.JSONField(default=list, blank=True)
    impact = models.CharField(max_length=16, blank=True, choices=[(i, i) for i in IMPACTS])
    immediate_risk = models.BooleanField(default=False)
    practitioner_involved = models.BooleanField(default=False)
    # The day the answers are given on, so that ages and areas come out the same every run.
    on_date = models.DateField()
    expected_route = models.CharField(max_length=24, choices=[(r.value, r.value) for r in Route])
    # The secondary routes the answer must offer, exactly; None: they are not checked.
    expected_also = models.JSONField(null=True, blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The same checks as the navigator makes of a family's answers, on the day of the
        scenario rather than today."""
        errors: dict[str, Any] = {}
        if not self.pregnant and self.child_date_of_birth is None:
            errors["child_date_of_birth"] = _(
                "Give the baby's date of birth, or say that the family is expecting a baby"
            )
        if self.on_date and self.child_date_of_birth and self.child_date_of_birth > self.on_date:
            errors["child_date_of_birth"] = _(
                "The date of birth must be on or before the day of the scenario"
            )
        if self.pregnant and self.expected_delivery_date is None:
            errors["expected_delivery_date"] = _("Give the expected date of delivery")
        if (
            self.on_date
            and self.expected_delivery_date
            and (self.expected_delivery_date - self.on_date).days > 42 * 7
        ):
            errors["expected_delivery_date"] = _(
                "The expected date of delivery must be no more than 42 weeks after the day "
                "of the scenario"
            )
        concerns = self.concerns if isinstance(self.concerns, list) else None
        if concerns is None or set(concerns) - CONCERNS:
            errors["concerns"] = _("Choose the worries from the list")
        elif concerns and not self.impact:
            errors["impact"] = _("Say how much it affects the family: mild, moderate or severe")
        try:
            self.postcode = str(parse_postcode(self.postcode or ""))
        except InvalidPostcode as error:
            errors["postcode"] = str(error)
        also = self.expected_also
        if also is not None and (
            not isinstance(also, list) or any(r not in Route.__members__.values() for r in also)
        ):
            errors["expected_also"] = _("Choose the other routes from the list")
        if errors:
            raise ValidationError(errors)

    def answers(self) -> Answers:
        return Answers(
            asker=self.asker,
            pregnant=self.pregnant,
            expected_delivery_date=self.expected_delivery_date,
            child_date_of_birth=self.child_date_of_birth,
            concerns=frozenset(self.concerns),
            impact=self.impact or None,
            immediate_risk=self.immediate_risk,
            practitioner_involved=self.practitioner_involved,
            on_date=self.on_date,
        )

    def parsed_postcode(self) -> Postcode:
        return parse_postcode(self.postcode)


class Recommendation(models.Model):
    """One answer the navigator gave, counted for the analytics; nothing personal."""

    made_on = models.DateField(default=timezone.localdate, db_index=True)
    asker = models.CharField(max_length=16, choices=[(a, a) for a in ASKERS])
    route = models.CharField(max_length=24, choices=[(r.value, r.value) for r in Route])
    rule_set = models.ForeignKey(RuleSetVersion, on_delete=models.PROTECT, related_name="+")
    postcode_district = models.CharField(max_length=4, blank=True)
    # The organisation of the practitioner who asked, when they were signed in (or of the
    # partner system's API token): what the insights count as that organisation's use of
    # the navigator. Empty for a family, or anyone not signed in.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-made_on"]

    def __str__(self) -> str:
        return f"{self.made_on} {self.route}"
