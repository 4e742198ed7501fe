"""The summed tallies kept in the cache under the tallies' generation (ADR 0054)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from littleminds.accounts.models import Organisation, Team
from littleminds.directory.models import Ring
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.insights import measures, summaries
from littleminds.insights.pages import Filters
from littleminds.insights.selectors import tallies
from littleminds.insights.tests.factories import tally

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def written(team: Team, organisation: Organisation, n: int) -> None:
    """The day's tallies written as a refresh writes them."""
    summaries._write(
        [DAY], Counter({(DAY, team.pk, organisation.pk, measures.REFERRALS): n}), between=False
    )


def filters(team: Team, **narrowed: object) -> Filters:
    return Filters(start=DAY, end=DAY, teams=(team,), **narrowed)  # type: ignore[arg-type]


def reads_tallies(queries: CaptureQueriesContext) -> bool:
    return any("insights_tally" in query["sql"] for query in queries.captured_queries)


def test_the_sum_is_read_once_until_the_tallies_are_written_again(
    team: Team, trust: Organisation
) -> None:
    written(team, trust, 3)
    assert tallies(filters(team)) == {(trust.pk, measures.REFERRALS): 3}
    with CaptureQueriesContext(connection) as again:
        assert tallies(filters(team)) == {(trust.pk, measures.REFERRALS): 3}
    assert not reads_tallies(again)
    written(team, trust, 5)
    assert tallies(filters(team)) == {(trust.pk, measures.REFERRALS): 5}


def test_each_period_and_team_has_its_own_sum(
    team: Team, other_team: Team, trust: Organisation
) -> None:
    written(team, trust, 3)
    assert tallies(filters(team)) == {(trust.pk, measures.REFERRALS): 3}
    assert tallies(filters(other_team)) == {}
    later = Filters(start=DAY + dt.timedelta(days=1), end=DAY + dt.timedelta(days=9), teams=(team,))
    assert tallies(later) == {}
    assert tallies(filters(team), [measures.CONSULTATIONS]) == {}


def test_nothing_is_cached_before_the_first_write(team: Team, trust: Organisation) -> None:
    tally(measures.REFERRALS, 2, day=DAY, team=team, organisation=trust)
    assert tallies(filters(team)) == {(trust.pk, measures.REFERRALS): 2}
    with CaptureQueriesContext(connection) as again:
        tallies(filters(team))
    assert reads_tallies(again)


def test_a_sum_narrowed_to_a_ring_is_made_afresh(team: Team, trust: Organisation) -> None:
    ServiceFactory.create(organisation=trust, ring=Ring.CORE)
    written(team, trust, 3)
    tallies(filters(team, ring=Ring.CORE))
    with CaptureQueriesContext(connection) as again:
        tallies(filters(team, ring=Ring.CORE))
    assert reads_tallies(again)
