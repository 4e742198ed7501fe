"""The embeddedness and map pages against hand counts of a small hand-made set of tallies:
exact for the team, suppressed for an analyst, with the weights in force at the period's
end, and two time points side by side."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.directory.models import MapSnapshot, Ring
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.insights import measures
from littleminds.insights.models import CommissioningBody, ScoreWeights
from littleminds.insights.score import DEFAULTS
from littleminds.insights.tests.factories import tally

pytestmark = pytest.mark.django_db

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
DAY = date(2026, 3, 10)


@pytest.fixture
def world(team, other_team) -> dict[str, Any]:
    alpha = OrganisationFactory.create(name="Alpha Health Visiting")
    beta = OrganisationFactory.create(name="Beta Nursery")
    gamma = OrganisationFactory.create(name="Gamma Housing")
    ServiceFactory.create(organisation=alpha, ring=Ring.CORE)
    ServiceFactory.create(organisation=beta, ring=Ring.UNIVERSAL)
    for measure, count in [
        (measures.trained("core"), 12),
        (measures.CONSULTATIONS, 9),
        (measures.REFERRALS, 10),
        (measures.outcome("accepted"), 6),
        (measures.outcome("declined", "outside_area"), 3),
        (measures.outcome("redirected"), 1),
        (measures.FEEDBACK, 2),
    ]:
        tally(measure, count, day=DAY, team=team, organisation=alpha)
    tally(measures.trained("awareness"), 3, day=DAY, team=team, organisation=beta)
    tally(measures.CONSULTATIONS, 2, day=DAY, team=team, organisation=beta)
    tally(measures.NAVIGATOR, 2, day=DAY, team=None, organisation=beta)
    tally(measures.REFERRALS, 5, day=DAY, team=team, organisation=gamma)
    tally(measures.outcome("duplicate"), 2, day=DAY, team=team, organisation=gamma)
    tally(measures.outcome("declined", "no_consent"), 3, day=DAY, team=team, organisation=gamma)
    tally(measures.CONSULTATIONS, 4, day=DAY, team=team, organisation=gamma)
    tally(measures.self_referral("event"), 4, day=DAY, team=team)
    tally(measures.self_referral(""), 1, day=DAY, team=team)
    # Not counted: another team's, and the day before the period.
    tally(measures.CONSULTATIONS, 50, day=DAY, team=other_team, organisation=alpha)
    tally(measures.CONSULTATIONS, 50, day=date(2025, 12, 31), team=team, organisation=alpha)
    return {"alpha": alpha, "beta": beta, "gamma": gamma}


def tables(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content.decode()[:2000]
    return {table.key: table for table in response.context["tables"]}


def rows(table: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in table.rows]


def test_the_team_sees_each_organisation_exactly(as_persona, manager, world) -> None:
    shown = tables(as_persona("manager").get("/insights/embeddedness/", PERIOD))
    # Scores by hand with the default weights (adding up to 19); the highest counts are
    # Alpha's 12 trained at core, 9 consultations, 10 referrals and 2 feedback, Beta's 3
    # trained at awareness and 2 navigator answers.
    # Alpha: 2 + 3 + 2 + 6/10 x 2 + 1 = 9.2 / 19 = 48.4.
    # Beta: 1 + 2/9 x 3 + 1 = 2.667 / 19 = 14.0. Gamma: 4/9 x 3 + 5/10 x 2 = 2.333 / 19 = 12.3.
    assert rows(shown["organisations"]) == [
        ("Alpha Health Visiting", "Core", 0, 12, 0, 0, 9, 0, 10, 6, 3, 1, 0, 0, 2, 33, 48.4),
        ("Beta Nursery", "Universal", 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 2, 0, 7, 14.0),
        ("Gamma Housing", "Not in the directory", 0, 0, 0, 0, 4, 0, 5, 0, 3, 0, 2, 0, 0, 9, 12.3),
    ]
    assert shown["organisations"].total == (
        "Total",
        None,
        3,
        12,
        0,
        0,
        15,
        0,
        15,
        6,
        6,
        1,
        2,
        2,
        2,
        49,
        None,
    )
    assert rows(shown["rings"]) == [
        ("Core", 1, 0, 12, 0, 0, 9, 0, 10, 6, 3, 1, 0, 0, 2, 33, 48.4),
        ("Universal", 1, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 2, 0, 7, 14.0),
        ("Risk factors", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None),
        ("Not in the directory", 1, 0, 0, 0, 0, 4, 0, 5, 0, 3, 0, 2, 0, 0, 9, 12.3),
    ]
    declined = dict(rows(shown["declined"]))
    assert declined["The family lives outside the service's area"] == 3
    assert declined["The family did not agree to the referral"] == 3
    assert shown["declined"].total == ("Total", 6)
    heard = dict(rows(shown["self-referrals"]))
    assert heard["At an event"] == 4
    assert heard["Did not say"] == 1
    assert shown["self-referrals"].total == ("Total", 5)
    assert "Scored with the default weights" in str(shown["organisations"].table.note)


def test_an_analyst_sees_the_same_suppressed(as_persona, analyst, team, world) -> None:
    body = CommissioningBody.objects.create(name="Test ICB")
    body.teams.add(team)
    body.members.add(analyst)
    response = as_persona("analyst").get("/insights/embeddedness/", PERIOD)
    shown = tables(response)
    assert rows(shown["organisations"]) == [
        (
            "Alpha Health Visiting",
            "Core",
            0,
            10,
            0,
            0,
            10,
            0,
            10,
            "*",
            "*",
            "*",
            0,
            0,
            "*",
            # All contact added up from its parts as shown (10 + 10 + 10 + "*"), not 33
            # rounded to 35.
            "30 + *",
            # Made from its accepted and feedback, which are "*": not shown.
            "*",
        ),
        # Beta's 7 in all is too few for its score to be shown.
        ("Beta Nursery", "Universal", "*", 0, 0, 0, "*", 0, 0, 0, 0, 0, 0, "*", 0, "*", "*"),
        (
            "Gamma Housing",
            "Not in the directory",
            0,
            0,
            0,
            0,
            "*",
            0,
            "*",
            0,
            "*",
            0,
            "*",
            0,
            0,
            # Every part "*" or 0: its 9 contacts in all show as "*" (not 9 rounded to 10),
            # and no score.
            "*",
            "*",
        ),
    ]
    assert shown["self-referrals"].total == ("Total", "*")
    assert b"small numbers are hidden" in response.content


def test_the_page_narrowed_to_a_ring_keeps_the_scores(as_persona, manager, world) -> None:
    shown = tables(
        as_persona("manager").get("/insights/embeddedness/", {**PERIOD, "ring": "universal"})
    )
    assert [(row[0], row[-1]) for row in rows(shown["organisations"])] == [("Beta Nursery", 14.0)]
    # Families' own referrals are on no ring.
    assert shown["self-referrals"].total == ("Total", 0)


def test_it_uses_the_weights_in_force_at_the_period_end(as_persona, manager, world) -> None:
    def at(day: date) -> datetime:
        return timezone.make_aware(datetime(day.year, day.month, day.day, 9))

    ScoreWeights.objects.create(
        weights=DEFAULTS | {"feedback": 0}, set_at=at(date(2026, 3, 1)), set_by=manager
    )
    ScoreWeights.objects.create(
        weights=DEFAULTS | {"feedback": 10}, set_at=at(date(2026, 8, 1)), set_by=manager
    )
    shown = tables(as_persona("manager").get("/insights/embeddedness/", PERIOD))
    # Without feedback the weights add up to 18: Alpha 8.2 / 18, Beta 2.667 / 18,
    # Gamma 2.333 / 18.
    assert [row[-1] for row in rows(shown["organisations"])] == [45.6, 14.8, 13.0]
    note = str(shown["organisations"].table.note)
    assert "set on 1 March 2026 by Maya Manager" in note


def test_the_map_marks_each_organisation_by_its_band(as_persona, manager, analyst, team, world):
    response = as_persona("manager").get("/insights/map/", PERIOD)
    shown = tables(response)
    assert rows(shown["map"]) == [
        ("Alpha Health Visiting", "Core", 33, 48.4),
        ("Beta Nursery", "Universal", 7, 14.0),
        ("Gamma Housing", "Not in the directory", 9, 12.3),
    ]
    page = response.content.decode()
    assert 'class="lm-score-map"' in page
    assert "Alpha Health Visiting: score 48.4, band C" in page
    assert "Beta Nursery: score 14.0, band E" in page
    body = CommissioningBody.objects.create(name="Test ICB")
    body.teams.add(team)
    body.members.add(analyst)
    page = as_persona("analyst").get("/insights/map/", PERIOD).content.decode()
    assert "Beta Nursery: score not shown" in page
    assert "14.0" not in page


def test_two_time_points_side_by_side_with_who_moved_most(as_persona, manager, team) -> None:
    alpha = OrganisationFactory.create(name="Alpha Health Visiting")
    beta = OrganisationFactory.create(name="Beta Nursery")
    first = MapSnapshot.objects.create(label="Time 1", taken_on=date(2026, 3, 31), data={})
    second = MapSnapshot.objects.create(label="Time 2", taken_on=date(2026, 6, 30), data={})
    tally(measures.CONSULTATIONS, 10, day=date(2026, 2, 1), team=team, organisation=alpha)
    tally(measures.CONSULTATIONS, 5, day=date(2026, 2, 1), team=team, organisation=beta)
    tally(measures.CONSULTATIONS, 10, day=date(2026, 5, 1), team=team, organisation=alpha)
    tally(measures.CONSULTATIONS, 20, day=date(2026, 5, 1), team=team, organisation=beta)
    response = as_persona("manager").get(
        "/insights/map/",
        {
            "start": "2026-04-01",
            "end": "2026-06-30",
            "first": str(first.code),
            "second": str(second.code),
        },
    )
    shown = tables(response)
    # Consultations alone (weight 3 of 19): the busiest 3/19 = 15.8, half as busy 7.9.
    assert rows(shown["time-point-1"]) == [
        ("Alpha Health Visiting", "Not in the directory", 10, 15.8),
        ("Beta Nursery", "Not in the directory", 5, 7.9),
    ]
    assert rows(shown["time-point-2"]) == [
        ("Beta Nursery", "Not in the directory", 20, 15.8),
        ("Alpha Health Visiting", "Not in the directory", 10, 7.9),
    ]
    assert rows(shown["risen"]) == [
        ("Beta Nursery", "Not in the directory", 5, 20, 7.9, 15.8, 7.9),
    ]
    assert rows(shown["fallen"]) == [
        ("Alpha Health Visiting", "Not in the directory", 10, 10, 15.8, 7.9, -7.9),
    ]
    page = response.content.decode()
    assert page.count('class="lm-score-map"') == 2


def test_the_organisations_csv_has_them_all(as_persona, manager, world) -> None:
    response = as_persona("manager").get("/insights/embeddedness/organisations.csv", PERIOD)
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("Alpha Health Visiting", "Beta Nursery", "Gamma Housing"):
        assert name in text


def test_the_page_shows_the_fifty_highest_and_the_csv_all(as_persona, manager, team) -> None:
    for n in range(1, 53):
        organisation = OrganisationFactory.create(name=f"Org {n:02d}")
        tally(measures.CONSULTATIONS, n, day=DAY, team=team, organisation=organisation)
    response = as_persona("manager").get("/insights/embeddedness/", PERIOD)
    organisations = tables(response)["organisations"]
    assert len(organisations.rows) == 52
    assert [row[0] for row in organisations.page_rows] == [f"Org {n:02d}" for n in range(52, 2, -1)]
    assert organisations.total[organisations.headings.index("Consultations")] == 52 * 53 // 2
    page = response.content.decode()
    shown = page[
        page.index('id="organisations"') : page.index("</table>", page.index('id="organisations"'))
    ]
    assert "Org 03" in shown
    assert "Org 02" not in shown
    assert "Org 01" not in shown
    assert "The page shows the 50 organisations with the highest scores" in page
    csv = as_persona("manager").get("/insights/embeddedness/organisations.csv", PERIOD)
    assert "Org 01" in csv.content.decode()
