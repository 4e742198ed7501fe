"""An insights page kept in the cache as disclosed and as drawn (ADR 0060): asked again, it
reads no tallies; any write of what it is read from (the tallies, a service's ring, the
weights) shows at once; exact and suppressed readers, and languages, never share."""

from __future__ import annotations

import pickle
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.directory.models import Ring, Service
from littleminds.directory.services import directory_changed
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.insights import measures, score, summaries
from littleminds.insights.models import CommissioningBody
from littleminds.insights.pages import PAGES, Filters
from littleminds.insights.score import DEFAULTS
from littleminds.insights.services_weights import weights_set

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 10)
PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
URL = "/insights/embeddedness/"


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def written(team: Team, organisation: Organisation, n: int) -> None:
    """The day's consultations of one organisation, written as a refresh writes them (which
    changes the tallies' generation)."""
    summaries._write(
        [DAY],
        Counter({(DAY, team.pk, organisation.pk, measures.CONSULTATIONS): n}),
        between=False,
    )


@pytest.fixture
def alpha(team: Team) -> Organisation:
    alpha = OrganisationFactory.create(name="Alpha Health Visiting")
    ServiceFactory.create(organisation=alpha, ring=Ring.CORE)
    directory_changed()
    written(team, alpha, 12)
    return alpha


def reads_tallies(queries: CaptureQueriesContext) -> bool:
    return any("insights_tally" in query["sql"] for query in queries.captured_queries)


def page(client: Client, period: dict[str, str] = PERIOD, **headers: Any) -> tuple[str, bool]:
    """The page's figures as drawn (below the filter, whose form has the session's token),
    and whether drawing them read the tallies."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, period, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('id="summary"')[1].split("</main>")[0], reads_tallies(queries)


def test_asked_again_the_page_reads_no_tallies_and_reads_the_same(
    as_persona: Any, manager: User, alpha: Organisation
) -> None:
    client = as_persona("manager")
    first, read = page(client)
    assert read
    again, read_again = page(client)
    assert not read_again
    assert again == first
    assert "Alpha Health Visiting" in again


def test_new_tallies_show_at_once(
    as_persona: Any, manager: User, team: Team, alpha: Organisation
) -> None:
    client = as_persona("manager")
    first, _ = page(client)
    assert ">12<" in first
    written(team, alpha, 30)
    after, read = page(client)
    assert read
    assert ">30<" in after
    assert ">12<" not in after


def test_a_services_new_ring_shows_at_once(
    as_persona: Any, manager: User, alpha: Organisation
) -> None:
    client = as_persona("manager")
    first, _ = page(client)
    assert ">Core<" in first
    # A service's write changes the directory's generation (directory.services).
    Service.objects.filter(organisation=alpha).update(ring=Ring.UNIVERSAL)
    directory_changed()
    after, _ = page(client)
    assert ">Core<" not in after.split('id="organisations"')[1].split("</table>")[0]
    assert ">Universal<" in after


def test_new_weights_show_at_once(as_persona: Any, manager: User, alpha: Organisation) -> None:
    client = as_persona("manager")
    # New weights are in force from now: a period to today scores with them.
    to_today = {"start": "2026-01-01", "end": timezone.localdate().isoformat()}
    before, _ = page(client, to_today)
    weights_set(by=manager, weights=DEFAULTS | {"feedback": 7}, note="More for feedback")
    after, _ = page(client, to_today)
    said = score.described(score.weights_on(timezone.localdate()))
    assert "Maya Manager" in said
    assert said in after
    assert said not in before


def test_exact_and_suppressed_readers_never_share(
    as_persona: Any, manager: User, analyst: User, team: Team, alpha: Organisation
) -> None:
    body = CommissioningBody.objects.create(name="Test ICB")
    body.teams.add(team)
    body.members.add(analyst)
    exact, _ = page(as_persona("manager"))
    suppressed, _ = page(as_persona("analyst"))
    # 12 consultations: exact for the team, rounded to the nearest 5 outside it.
    assert ">12<" in exact
    assert ">12<" not in suppressed
    assert ">10<" in suppressed
    assert page(as_persona("manager"))[0] == exact


def test_each_language_is_drawn_in_its_own_words(
    as_persona: Any, manager: User, alpha: Organisation
) -> None:
    client = as_persona("manager")
    english, _ = page(client)
    urdu, _ = page(client, HTTP_ACCEPT_LANGUAGE="ur")
    # An organisation's ring, in the reader's words, is drawn in the kept figures.
    assert ">Core<" in english
    assert ">بنیادی<" not in english
    assert ">بنیادی<" in urdu
    assert ">Core<" not in urdu


def test_nothing_is_kept_before_the_tallies_first_change(
    as_persona: Any, manager: User, team: Team
) -> None:
    organisation = OrganisationFactory.create()
    directory_changed()
    summaries.Tally.objects.create(
        day=DAY, team=team, organisation=organisation, measure=measures.CONSULTATIONS, count=3
    )
    client = as_persona("manager")
    page(client)
    assert page(client)[1]


def test_a_page_that_says_nothing_of_what_it_reads_is_built_every_time(
    team: Team, alpha: Organisation
) -> None:
    declines = PAGES["declines"]
    assert declines.read_from is None
    filters = Filters(start=date(2026, 1, 1), end=date(2026, 6, 30), teams=(team,))
    assert declines.cache_key(filters, suppressed=False, kind="tables") is None


def test_kept_tables_hold_no_raw_figures_and_keep_in_the_cache(
    team: Team, alpha: Organisation
) -> None:
    filters = Filters(start=date(2026, 1, 1), end=date(2026, 6, 30), teams=(team,))
    tables = PAGES["embeddedness"].disclosed(filters, suppressed=True)
    organisations = next(t for t in tables if t.key == "organisations")
    assert organisations.table.rows == ()
    assert organisations.table.reference is None
    assert organisations.rows[0][0] == "Alpha Health Visiting"
    again = pickle.loads(pickle.dumps(tables))  # noqa: S301 (our own tables)
    assert [t.all_rows() for t in again] == [t.all_rows() for t in tables]
    assert [t.note for t in again] == [t.note for t in tables]
