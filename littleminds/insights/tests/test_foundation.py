"""The insights skeleton: who reaches it, one page end to end, and `disclose`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from littleminds.insights.models import CommissioningBody
from littleminds.insights.tables import Column, Table, disclose

pytestmark = pytest.mark.django_db


def test_disclose_suppresses_counts_totals_and_percentages() -> None:
    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("name", "Name", kind="label"),
            Column("made", "Made"),
            Column("accepted", "Accepted"),
            Column("share", "Share", kind="percent", of=("accepted", "made")),
            Column("mean", "Mean", kind="statistic", n="made"),
        ),
        rows=[
            {"name": "A", "made": 12, "accepted": 3, "mean": 2.345},
            {"name": "B", "made": 40, "accepted": 22, "mean": 1.0},
        ],
        total_row=True,
    )
    shown = disclose(table, suppressed=True)
    assert shown.rows == (("A", 10, "*", "*", 2.3), ("B", 40, 20, 50, 1.0))
    assert shown.total == ("Total", 50, "20 + *", "*", None)
    exact = disclose(table, suppressed=False)
    assert exact.rows[0] == ("A", 12, 3, 25, 2.3)
    assert exact.total == ("Total", 52, 25, 48, None)


def test_a_statistic_of_a_small_count_is_hidden() -> None:
    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("name", "Name", kind="label"),
            Column("n", "People"),
            Column("mean", "Mean", kind="statistic", n="n"),
        ),
        rows=[{"name": "A", "n": 5, "mean": 3.0}, {"name": "B", "n": 8, "mean": 2.0}],
    )
    assert disclose(table, suppressed=True).rows == (("A", "*", "*"), ("B", 10, 2.0))


def test_the_team_sees_exact_figures_and_outsiders_get_404(as_persona, manager) -> None:
    assert as_persona("manager").get("/insights/").status_code == 200
    response = as_persona("manager").get("/insights/training-cancelled/")
    assert response.status_code == 200
    assert b"Not for sharing" in response.content
    for persona in ("practitioner", "researcher", "trainer"):
        assert as_persona(persona).get("/insights/").status_code == 404, persona


def test_an_analyst_sees_the_teams_their_body_funds_suppressed(as_persona, analyst, team) -> None:
    body = CommissioningBody.objects.create(name="West Yorkshire ICB")
    body.teams.add(team)
    body.members.add(analyst)
    response = as_persona("analyst").get("/insights/training-cancelled/")
    assert response.status_code == 200
    assert b"small numbers are hidden" in response.content


def test_a_bad_period_is_refused_in_words(as_persona, manager) -> None:
    today = timezone.localdate()
    later = today + timedelta(days=3)
    response = as_persona("manager").get(
        "/insights/training-cancelled/",
        {"start": later.isoformat(), "end": today.isoformat()},
    )
    assert response.status_code == 400
    assert b"The last day must be the same as or after the first day" in response.content


def test_an_analyst_no_body_has_taken_on_is_told_so(as_persona, analyst) -> None:
    response = as_persona("analyst").get("/insights/")
    assert response.status_code == 200
    assert b"No commissioning body has added you yet" in response.content
    assert as_persona("analyst").get("/insights/training-cancelled/").status_code == 404


def test_the_organisation_is_typed_by_name_and_an_unknown_one_is_refused(
    as_persona, manager, health_visiting
) -> None:
    client = as_persona("manager")
    today = timezone.localdate()
    period = {"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()}
    found = client.get(
        "/insights/training-cancelled/",
        {**period, "organisation": "  " + health_visiting.name.upper()},
    )
    assert found.status_code == 200
    assert found.context["filters"].organisation == health_visiting
    # The downloads carry it by name, and the name is read back.
    assert "organisation=" in found.context["downloads"]["xlsx"]
    refused = client.get(
        "/insights/training-cancelled/", {**period, "organisation": "Nowhere Trust"}
    )
    assert refused.status_code == 400
    assert "No organisation is called “Nowhere Trust”" in refused.content.decode()
    too_long = client.get("/insights/training-cancelled/", {**period, "organisation": "x" * 201})
    assert too_long.status_code == 400


def test_a_chart_says_when_there_is_not_enough_to_say() -> None:
    from littleminds.insights.charts import chart
    from littleminds.insights.pages import ChartSpec

    table = Table(
        key="t",
        caption="Recovered",
        columns=(
            Column("measure", "Measure", kind="label"),
            Column("cases", "Cases"),
            Column("recovered", "Recovered"),
            Column("rate", "Rate", kind="percent", of=("recovered", "cases")),
        ),
        rows=[
            {"measure": "PHQ-9", "cases": 20, "recovered": 10},
            {"measure": "GAD-7", "cases": 0, "recovered": 0},
        ],
    )
    drawn = chart(
        ChartSpec(table="t", label="measure", values=("rate",)), disclose(table, suppressed=False)
    )
    assert drawn is not None
    assert [bar.words for group in drawn.groups for bar in group.bars] == [
        "50",
        "not enough to say",
    ]
    assert "GAD-7: not enough to say" in drawn.description


def test_a_bad_time_point_gets_one_message_and_the_empty_choice_says_so(
    as_persona, manager
) -> None:
    from littleminds.directory.models import MapSnapshot

    later = MapSnapshot.objects.create(label="Time 2", taken_on=timezone.localdate(), data={})
    client = as_persona("manager")
    today = timezone.localdate()
    period = {"start": (today - timedelta(days=30)).isoformat(), "end": today.isoformat()}
    response = client.get("/insights/map/", {**period, "first": "bogus", "second": str(later.code)})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Select a time point from the list" in text
    assert "Choose two time points to compare, or neither" not in text
    blank = client.get("/insights/map/").context["form"].fields["first"].choices[0]
    assert str(blank[1]) == "No time point"
