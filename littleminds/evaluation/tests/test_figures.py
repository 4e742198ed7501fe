"""The figures part (issue 17, "Linking to the records"): the insights' embeddedness figures
of a study's participants' organisations at each time point, suppressed as for analysts,
with the change between two time points, as a page and a CSV; researchers of the study only.

The walk stands on insights' own small-numbers world (real daily tallies, many counts from 1
to 7 and others not multiples of 5) and insights' own checks of what gives a number away."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import Study, StudyResearcher, TimePoint
from littleminds.evaluation.tests.factories import participant, researcher_of, study
from littleminds.insights import measures
from littleminds.insights.tables import Disclosed
from littleminds.insights.tests.factories import tally
from littleminds.insights.tests.walk_data import (
    World,
    count_ok,
    problems_of,
    rendered_problems,
    rows_problems,
    small_numbers_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(team, other_team, manager, analyst) -> World:
    return small_numbers_world(team=team, other_team=other_team, manager=manager, analyst=analyst)


def study_over(world: World, researcher, team, *, one_point: bool = False) -> Study:
    """A study of `team` whose two time points split the world's period (its tallies fall
    on the 20th day and 20 days before the end), with participants from each of the world's
    organisations, one only at Time 2, one withdrawn, and one from an organisation that had
    no contact with the team."""
    made = study(researcher, team)
    middle = world.start + (world.end - world.start) // 2
    if one_point:
        # One time point over the whole period.
        TimePoint.objects.filter(study=made, position=2).delete()
        middle = world.end
    TimePoint.objects.filter(study=made, position=1).update(starts_on=world.start, ends_on=middle)
    TimePoint.objects.filter(study=made, position=2).update(
        starts_on=middle + timedelta(days=1), ends_on=world.end
    )
    first, second, third, fourth = world.organisations
    later = (1,) if one_point else (2,)
    participant(made, "P01", organisation=first, times=(1, *later) if not one_point else (1,))
    participant(made, "P02", organisation=second, times=(1,))
    participant(made, "P03", organisation=second, times=later)
    participant(made, "P04", organisation=third, times=later)
    participant(made, "P05", organisation=fourth, times=(1,), withdrawn_by=researcher)
    quiet = OrganisationFactory.create(name="Quiet Lane Playgroup")
    participant(made, "P06", organisation=quiet, times=(1,) if one_point else (1, 2))
    participant(made, "P07", times=(1,))  # no organisation
    return made


def organisation_names(table: Disclosed) -> list[str]:
    return [str(row[0]) for row in table.rows]


def csv_sections(content: bytes) -> dict[str, list[list[str]]]:
    """The CSV's tables by caption: each the rows after its caption line."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for n, row in enumerate(rows):
        if not row:
            current = None
            continue
        if current is None and n > 0 and not rows[n - 1]:
            current = sections.setdefault(row[0], [])
            continue
        if current is not None:
            current.append(row)
    return sections


def test_it_shows_no_small_number_on_the_page_or_in_the_csv(
    client, sign_in, researcher, team, world: World
) -> None:
    made = study_over(world, researcher, team)
    sign_in(client, researcher)
    response = client.get(reverse("evaluation:figures", kwargs={"code": made.code}))
    assert response.status_code == 200
    found = response.context["figures"]
    tables: list[Disclosed] = found.tables
    # The change, then each time point's organisations and rings.
    assert [t.key for t in tables] == [
        "change",
        "time-point-1-organisations",
        "time-point-1-rings",
        "time-point-2-organisations",
        "time-point-2-rings",
    ]
    problems: list[str] = []
    starred = rounded = 0
    for table in tables:
        assert table.suppressed, table.key
        problems += problems_of(table, "page")
        for row in table.all_rows():
            for column, cell in zip(table.table.columns, row, strict=True):
                if column.kind == "count":
                    starred += cell == "*"
                    rounded += isinstance(cell, int) and cell > 0
                    assert count_ok(cell), (table.key, column.key, cell)
    problems += rendered_problems(response.content.decode(), tables, "page")

    download = client.get(reverse("evaluation:figures-csv", kwargs={"code": made.code}))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    sections = csv_sections(download.content)
    for table in tables:
        assert table.caption in sections, table.caption
        problems += rows_problems(sections[table.caption], table, f"csv {table.key}")
        # The file holds what the page shows, row for row.
        body = sections[table.caption][1 : 1 + len(table.all_rows())]
        assert [r[0] for r in body] == [str(row[0]) for row in table.all_rows()]

    assert not problems, "\n".join(problems)
    # The walk saw both what it hides and what it rounds.
    assert starred > 0
    assert rounded > 0


def test_it_shows_the_rows_of_the_participants_organisations_at_each_time_point(
    client, sign_in, researcher, team, world: World
) -> None:
    made = study_over(world, researcher, team)
    first, second, third, fourth = world.organisations
    sign_in(client, researcher)
    found = client.get(reverse("evaluation:figures", kwargs={"code": made.code})).context["figures"]
    one, two = found.points
    assert sorted(organisation_names(one.organisations)) == sorted(
        [first.name, second.name, "Quiet Lane Playgroup"]
    )
    assert sorted(organisation_names(two.organisations)) == sorted(
        [first.name, second.name, third.name, "Quiet Lane Playgroup"]
    )
    # The withdrawn participant's organisation is nowhere.
    assert all(fourth.name not in organisation_names(t) for t in found.tables)
    # An organisation with no contact has a row of noughts, and a score of 0.
    quiet = next(r for r in one.organisations.rows if r[0] == "Quiet Lane Playgroup")
    columns = one.organisations.table.columns
    assert all(
        cell == 0 for column, cell in zip(columns, quiet, strict=True) if column.kind == "count"
    )
    assert quiet[-1] == 0.0
    # The rings' rows are those of the organisations' rings (the playgroup, on none, had no
    # contact, so that row has nothing in it and is not shown), with no total of some rings.
    rings = [str(row[0]) for row in one.tables[1].rows]
    assert sorted(rings) == ["Core", "Universal"]
    assert one.tables[1].total is None
    # The change lists every organisation of either time point, by name.
    assert organisation_names(found.change) == sorted(
        [first.name, second.name, third.name, "Quiet Lane Playgroup"]
    )
    for row in found.change.rows:
        before, after, change = row[-3:]
        if isinstance(before, float) and isinstance(after, float):
            assert change == pytest.approx(round(after - before, 1))
        else:
            assert "*" in (before, after)
            assert change == "*"


def test_it_gives_researchers_the_figures_an_analyst_sees_for_the_team(
    client, sign_in, researcher, analyst, team, world: World
) -> None:
    # One time point over the whole period: the insights' embeddedness page for the same
    # period and team, as the analyst sees it, has the same rows for these organisations.
    made = study_over(world, researcher, team, one_point=True)
    sign_in(client, researcher)
    found = client.get(reverse("evaluation:figures", kwargs={"code": made.code})).context["figures"]
    assert found.change is None
    ours = {row[0]: row for row in found.points[0].organisations.rows}
    analysts = sign_in(type(client)(), analyst).get(
        reverse("insights:page", args=["embeddedness"]),
        {"start": world.start.isoformat(), "end": world.end.isoformat(), "team": str(team.code)},
    )
    theirs = {row[0]: row for row in analysts.context["tables"][0].rows}
    compared = [name for name in ours if name in theirs]
    assert len(compared) == 3
    for name in compared:
        assert ours[name] == theirs[name]


def test_it_says_when_no_participant_names_an_organisation(client, sign_in, researcher, team):
    made = study(researcher, team)
    participant(made, "P01")
    sign_in(client, researcher)
    response = client.get(reverse("evaluation:figures", kwargs={"code": made.code}))
    assert response.status_code == 200
    assert b'id="no-organisations"' in response.content
    assert not response.context["figures"].any_organisation


def test_it_audits_the_csv(client, sign_in, researcher, team) -> None:
    made = study(researcher, team)
    organisation = OrganisationFactory.create(name="Brook Lane Nursery")
    participant(made, "P01", organisation=organisation, times=(1,))
    tally(measures.CONSULTATIONS, 12, day=date(2022, 7, 1), team=team, organisation=organisation)
    sign_in(client, researcher)
    response = client.get(reverse("evaluation:figures-csv", kwargs={"code": made.code}))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Brook Lane Nursery" in text
    assert ",10," in text  # 12 consultations, rounded to the nearest 5
    assert ",12," not in text
    event = AuditEvent.objects.get(action="study.figures_exported")
    assert event.actor_code == researcher.code
    assert event.target_code == str(made.code)
    assert event.detail["suppressed"] is True


def test_it_answers_404_to_anyone_but_the_studys_researchers(
    client, sign_in, researcher, manager, analyst, team
) -> None:
    made = study(researcher, team)
    outsider = researcher_of(study(researcher, team, title="Another study"))
    StudyResearcher.objects.filter(user=outsider).delete()
    for name in ("evaluation:figures", "evaluation:figures-csv"):
        url = reverse(name, kwargs={"code": made.code})
        for user in (manager, analyst, outsider):
            sign_in(client, user)
            assert client.get(url).status_code == 404, (name, user)
        client.logout()
        assert client.get(url).status_code == 302  # to sign in
    assert not AuditEvent.objects.filter(action="study.figures_exported").exists()


def test_it_refuses_a_post(client, sign_in, researcher, team) -> None:
    made = study(researcher, team)
    sign_in(client, researcher)
    for name in ("evaluation:figures", "evaluation:figures-csv"):
        response = client.post(reverse(name, kwargs={"code": made.code}))
        assert response.status_code == 405
    assert not AuditEvent.objects.filter(action="study.figures_exported").exists()


def test_it_is_linked_from_the_studys_page(client, sign_in, researcher, team) -> None:
    made = study(researcher, team)
    sign_in(client, researcher)
    page = client.get(reverse("evaluation:study", kwargs={"code": made.code}))
    assert reverse("evaluation:figures", kwargs={"code": made.code}).encode() in page.content
