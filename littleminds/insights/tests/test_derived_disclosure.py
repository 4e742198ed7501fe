"""Figures made from other figures, disclosed from what is shown (DOMAIN.md §9, the fixes of
the browser walk): derived values (the embeddedness score, a ring's average), rankings (the
organisations that moved most), notes about suppression, rows that total other rows (all
courses), and facts that are not counts of people (how many organisations a ring has)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from littleminds.insights.models import CommissioningBody
from littleminds.insights.tables import Column, Ranking, Raw, Shown, Table, disclose
from littleminds.insights.tests.test_embeddedness import PERIOD, rows, tables, world  # noqa: F401
from littleminds.insights.tests.walk_data import problems_of


def _share_of_best(row: Mapping[str, Shown], reference: Sequence[Mapping[str, Shown]]) -> float:
    best = max(n for r in reference if isinstance(n := r["n"], int))
    n = row["n"]
    assert isinstance(n, int)
    return 100 * n / best if best else 0.0


def test_a_derived_value_is_made_from_shown_figures_only() -> None:
    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("name", "Name", kind="label"),
            Column("n", "People"),
            Column(
                "share", "Share of the best", kind="derived", uses=("n",), derive=_share_of_best
            ),
        ),
        rows=[{"name": "A", "n": 42}, {"name": "B", "n": 21}, {"name": "C", "n": 3}],
        # The best is measured against every row, shown or not.
        reference=[{"n": 42}, {"n": 21}, {"n": 3}, {"n": 44}],
    )
    # The team: exact figures, against the exact best (44).
    assert disclose(table, suppressed=False).rows == (
        ("A", 42, 95.5),
        ("B", 21, 47.7),
        ("C", 3, 6.8),
    )
    # Outside: against the best shown figure (45), and "*" where a figure used is hidden.
    assert disclose(table, suppressed=True).rows == (
        ("A", 40, 88.9),
        ("B", 20, 44.4),
        ("C", "*", "*"),
    )


def test_a_ranking_leaves_out_what_is_hidden_outside_the_team() -> None:
    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("name", "Name", kind="label"),
            Column("n", "People"),
            Column("change", "Change", kind="statistic", n="n"),
        ),
        rows=[
            {"name": "A", "n": 3, "change": 9.0},
            {"name": "B", "n": 4, "change": 7.5},
            {"name": "C", "n": 30, "change": 3.2},
            {"name": "D", "n": 30, "change": 1.0},
            {"name": "E", "n": 30, "change": -2.0},
        ],
        ranking=Ranking("change", descending=True, limit=2, beyond=0.0),
    )
    assert [r[0] for r in disclose(table, suppressed=False).rows] == ["A", "B"]
    assert [r[0] for r in disclose(table, suppressed=True).rows] == ["C", "D"]


def test_a_note_about_suppression_shows_only_when_suppressed() -> None:
    table = Table(
        key="t",
        caption="T",
        columns=(Column("name", "Name", kind="label"),),
        rows=[],
        note="Counted once.",
        note_outside_team="Shown only when 8 or more.",
    )
    assert disclose(table, suppressed=False).note == "Counted once."
    assert disclose(table, suppressed=True).note == "Counted once. Shown only when 8 or more."


def test_a_row_totalling_hidden_rows_shows_only_what_they_show() -> None:
    groups: list[dict[str, Raw]] = [
        {"label": "Core", "pairs": 15, "mean": 2.0},
        {"label": "Specialist", "pairs": 5, "mean": 1.0},
        {"label": "Bespoke", "pairs": 10, "mean": 3.0},
    ]
    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("label", "Which", kind="label"),
            Column("pairs", "Pairs", summed=False),
            Column("mean", "Mean", kind="statistic", n="pairs"),
        ),
        rows=[{"label": "All", "pairs": 30, "mean": 2.1}, *groups],
        total_of={0: tuple(groups)},
    )
    assert disclose(table, suppressed=False).rows[0] == ("All", 30, 2.1)
    shown = disclose(table, suppressed=True)
    assert shown.rows[0] == ("All", "25 + *", "*")
    assert shown.rows[2] == ("Specialist", "*", "*")
    # With no hidden group, the total row is disclosed as any other.
    whole = Table(
        key="t",
        caption="T",
        columns=table.columns,
        rows=[{"label": "All", "pairs": 25, "mean": 2.1}, groups[0], groups[2]],
        total_of={0: (groups[0], groups[2])},
    )
    assert disclose(whole, suppressed=True).rows[0] == ("All", 25, 2.1)


def test_a_row_total_outside_the_team_adds_up_its_parts_as_shown() -> None:
    # DOMAIN.md §9: totals recomputed from what is shown. 12 + 3 + 9 = 24 would round to 25;
    # shown, its parts are 10, "*" and 10, so the reader is shown "20 + *".
    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("name", "Name", kind="label"),
            Column("trained", "Trained"),
            Column("consulted", "Consulted"),
            Column("referred", "Referred"),
            Column("all", "All contact", sum_of=("trained", "consulted", "referred")),
        ),
        rows=[
            {"name": "A", "trained": 12, "consulted": 3, "referred": 9, "all": 24},
            {"name": "B", "trained": 20, "consulted": 10, "referred": 0, "all": 30},
            {"name": "C", "trained": 2, "consulted": 1, "referred": 0, "all": 3},
        ],
        total_row=True,
    )
    assert [row[-1] for row in disclose(table, suppressed=False).rows] == [24, 30, 3]
    assert disclose(table, suppressed=False).total == ("Total", 34, 14, 9, 57)
    shown = disclose(table, suppressed=True)
    assert [row[-1] for row in shown.rows] == ["20 + *", 30, "*"]
    # The column's total adds the marked totals as shown, and stays marked.
    assert shown.total == ("Total", "30 + *", "10 + *", 10, "50 + *")
    assert problems_of(shown, "t") == []


def test_only_a_count_sums_others() -> None:
    with pytest.raises(ValueError, match="only a count column sums others"):
        Column("all", "All", kind="fact", sum_of=("a",))


def test_a_fact_is_never_suppressed() -> None:
    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("ring", "Ring", kind="label"),
            Column("organisations", "Organisations", kind="fact"),
        ),
        rows=[{"ring": "Core", "organisations": 2}],
        total_row=True,
    )
    shown = disclose(table, suppressed=True)
    assert shown.rows == (("Core", 2),)
    assert shown.total == ("Total", 2)
    assert problems_of(shown, "t") == []


def test_the_checks_refuse_a_derived_value_of_a_hidden_figure() -> None:
    table = Table(
        key="t",
        caption="T",
        columns=(
            Column("name", "Name", kind="label"),
            Column("n", "People"),
            Column("share", "Share", kind="derived", uses=("n",), derive=_share_of_best),
        ),
        rows=[{"name": "A", "n": 3}, {"name": "B", "n": 30}],
    )
    assert problems_of(disclose(table, suppressed=True), "t") == []
    leaked = disclose(table, suppressed=False)
    suppressed_shape = [("A", "*", leaked.rows[0][2]), ("B", 30, 100.0)]
    assert problems_of(
        type(leaked)(**{**leaked.__dict__, "suppressed": True, "rows": tuple(suppressed_shape)}),
        "t",
    )


@pytest.mark.django_db
def test_an_analyst_sees_no_score_made_of_hidden_parts(as_persona, analyst, team, world) -> None:  # noqa: F811
    body = CommissioningBody.objects.create(name="Test ICB")
    body.teams.add(team)
    body.members.add(analyst)
    shown = tables(as_persona("analyst").get("/insights/embeddedness/", PERIOD))
    organisations = shown["organisations"]
    # Alpha's accepted (6) and feedback (2) are "*", Gamma's parts all "*" or 0 (its 9
    # contacts in all used to show its score 12.3): neither score is shown.
    # Alpha's contact (12 + 9 + 10 + 2 = 33) is added up from its parts as shown (10, 10,
    # 10 and "*"), never 33 rounded to 35.
    assert rows(organisations)[0][-2] == "30 + *"
    assert [(row[0], row[-1]) for row in rows(organisations)] == [
        ("Alpha Health Visiting", "*"),
        ("Beta Nursery", "*"),
        ("Gamma Housing", "*"),
    ]
    rings = {row[0]: row for row in rows(shown["rings"])}
    # How many organisations a ring has is a fact of the directory, never "*".
    assert rings["Core"][1] == 1
    assert rings["Not in the directory"][1:2] == (1,)
    # A ring's average of hidden scores is hidden.
    assert rings["Not in the directory"][-1] == "*"
    assert rings["Core"][-1] == "*"
    assert problems_of(organisations, "organisations") == []


@pytest.mark.django_db
def test_the_team_keeps_its_exact_scores(as_persona, manager, world) -> None:  # noqa: F811
    shown = tables(as_persona("manager").get("/insights/embeddedness/", PERIOD))
    assert [row[-1] for row in rows(shown["organisations"])] == [48.4, 14.0, 12.3]
    assert [row[-1] for row in rows(shown["rings"])] == [48.4, 14.0, None, 12.3]


def _unused(*_args: Any) -> None:
    return None


@pytest.mark.django_db
def test_the_moved_lists_leave_out_hidden_changes_outside_the_team(
    as_persona, manager, analyst, team
) -> None:
    from datetime import date

    from littleminds.accounts.tests.factories import OrganisationFactory
    from littleminds.directory.models import MapSnapshot
    from littleminds.insights import measures
    from littleminds.insights.tests.factories import tally

    first = MapSnapshot.objects.create(label="Time 1", taken_on=date(2026, 3, 31), data={})
    second = MapSnapshot.objects.create(label="Time 2", taken_on=date(2026, 6, 30), data={})
    # Consultations alone (weight 3 of 19, 15.8 for the busiest): Alpha 3 then 40 (1.2 to
    # 15.8, +14.6), Beta 20 then 40 (7.9 to 15.8, +7.9), Gamma 40 then 20 (-7.9).
    for name, before, after in (("Alpha", 3, 40), ("Beta", 20, 40), ("Gamma", 40, 20)):
        organisation = OrganisationFactory.create(name=name)
        tally(
            measures.CONSULTATIONS,
            before,
            day=date(2026, 2, 1),
            team=team,
            organisation=organisation,
        )
        tally(
            measures.CONSULTATIONS,
            after,
            day=date(2026, 5, 1),
            team=team,
            organisation=organisation,
        )
    query = {
        "start": "2026-04-01",
        "end": "2026-06-30",
        "first": str(first.code),
        "second": str(second.code),
    }
    response = as_persona("manager").get("/insights/map/", query)
    shown = tables(response)
    assert [(r[0], r[-1]) for r in rows(shown["risen"])] == [("Alpha", 14.6), ("Beta", 7.9)]
    assert [(r[0], r[-1]) for r in rows(shown["fallen"])] == [("Gamma", -7.9)]
    # The manager's exact figures carry no note about what is hidden.
    assert b"A change is shown" not in response.content
    assert shown["risen"].note == ""

    body = CommissioningBody.objects.create(name="Test ICB")
    body.teams.add(team)
    body.members.add(analyst)
    response = as_persona("analyst").get("/insights/map/", query)
    shown = tables(response)
    # Alpha's first score is made from a hidden 3: its change is neither shown nor ranked.
    assert [(r[0], r[-1]) for r in rows(shown["risen"])] == [("Beta", 7.9)]
    assert [(r[0], r[-1]) for r in rows(shown["fallen"])] == [("Gamma", -7.9)]
    assert b"A change is shown" in response.content
    csv = as_persona("analyst").get("/insights/map/risen.csv", query).content.decode()
    assert "Alpha" not in csv
    assert "A change is shown" in csv


@pytest.mark.django_db
def test_all_courses_and_all_referrals_are_totals_of_their_groups(team, other_team) -> None:
    from littleminds.insights import page_confidence, page_waiting
    from littleminds.insights.tests.test_change import _filters, _table

    training = _table(page_confidence.build(_filters(team)), "training")
    labels = [str(row["label"]) for row in training.rows]
    for when in ("Straight after the course", "Three months after the course"):
        at = labels.index(f"{when}: all courses")
        groups = training.total_of[at]
        assert [str(g["label"]) for g in groups] == [
            label for label in labels if label.startswith(when) and label != labels[at]
        ]
    built = page_waiting.build(_filters(team, other_team))
    overall, teams = _table(built, "overall"), _table(built, "teams")
    assert list(overall.total_of[0]) == list(teams.rows)


def test_the_maps_short_names_are_never_two_alike() -> None:
    from littleminds.insights.page_map import LABEL_LENGTH, short_labels

    names = [
        "Brackendale Health Centre",
        "Brackendale Health Visiting",
        "Brackendale Health Visiting",
        "Oak Nursery",
    ]
    labels = short_labels(names)
    assert len(set(labels)) == len(labels)
    assert labels[3] == "Oak Nursery"
    assert all(len(label) <= LABEL_LENGTH for label in labels)
    assert labels[0].endswith("Centre")


@pytest.mark.django_db
def test_the_map_scrolls_in_its_own_region(as_persona, manager, world) -> None:  # noqa: F811
    page = as_persona("manager").get("/insights/map/", PERIOD).content.decode()
    assert 'class="lm-table-scroll lm-score-map-scroll" role="region" tabindex="0"' in page
