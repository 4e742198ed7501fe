"""Commissioning bodies as the system administrator's list shows them."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from littleminds.insights.models import CommissioningBody


def commissioners() -> QuerySet[CommissioningBody]:
    """Every body by name, with its teams and its numbers of teams and members."""
    return (
        CommissioningBody.objects.annotate(
            team_count=Count("teams", distinct=True), member_count=Count("members", distinct=True)
        )
        .prefetch_related("teams")
        .order_by("name")
    )
