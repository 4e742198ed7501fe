"""The navigator's rule sets (versioned, published ones immutable) and the count of its
recommendations (no personal data: the day, who asked, the route, the postcode district)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.pathway.engine import ASKERS, Route


class RuleSetVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

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

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True)
                | Q(status="published", published_at__isnull=False),
                name="rule_set_published_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"Rule set {self.number} ({self.status})"


class Recommendation(models.Model):
    """One answer the navigator gave, counted for the analytics; nothing personal."""

    made_on = models.DateField(default=timezone.localdate, db_index=True)
    asker = models.CharField(max_length=16, choices=[(a, a) for a in ASKERS])
    route = models.CharField(max_length=24, choices=[(r.value, r.value) for r in Route])
    rule_set = models.ForeignKey(RuleSetVersion, on_delete=models.PROTECT, related_name="+")
    postcode_district = models.CharField(max_length=4, blank=True)

    class Meta:
        ordering = ["-made_on"]

    def __str__(self) -> str:
        return f"{self.made_on} {self.route}"
