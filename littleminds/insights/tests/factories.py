"""Test data for insights: daily tallies made by hand, so each page's counting can be
checked against hand counts without the strands' records."""

from __future__ import annotations

from datetime import date

from littleminds.accounts.models import Organisation, Team
from littleminds.insights.models import Tally


def tally(
    measure: str,
    count: int = 1,
    *,
    day: date,
    team: Team | None = None,
    organisation: Organisation | None = None,
) -> Tally:
    """One measure's count on one day (`measures.trained("core")`, `measures.REFERRALS`...)."""
    return Tally.objects.create(
        day=day, team=team, organisation=organisation, measure=measure, count=count
    )
