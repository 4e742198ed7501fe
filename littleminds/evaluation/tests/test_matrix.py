"""The matrix: codes × groups × time points, counting passages and participants, checked by
hand on `study_world` and on a study made here; its CSV and spreadsheet read back."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from littleminds.accounts.models import Team, User
from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import Participant
from littleminds.evaluation.selectors_analysis import matrix
from littleminds.evaluation.tests.factories import (
    code,
    coding,
    participant,
    ready_transcript,
    researcher_of,
    study,
    study_world,
)

pytestmark = pytest.mark.django_db

DESIGN = Participant.Group.SERVICE_DESIGN
TEAM = Participant.Group.SERVICE_TEAM
WORKFORCE = Participant.Group.WORKFORCE


def hand_made_world(lead: User, team: Team) -> dict[str, Any]:
    """Three groups at two time points; a withdrawn participant in a focus group; two coders
    whose codings overlap once. Counted by hand in the tests that use it."""
    made = study(lead, team, title="Hand-made study")
    second = researcher_of(made, email="hand.second@test.example")
    a1 = participant(made, "A1", group=DESIGN, ring="universal")
    b1 = participant(made, "B1", group=TEAM, ring="core", times=(2,))
    c1 = participant(made, "C1", group=WORKFORCE, ring="risk_factors", times=(1, 2))
    w1 = participant(made, "W1", group=WORKFORCE, ring="risk_factors", withdrawn_by=lead)
    t1 = ready_transcript(
        made,
        "T1 interview A1",
        "Interviewer: First question?\nA1: alpha beta gamma.\nInterviewer: Next?\n"
        "A1: delta epsilon.\n",
        by=lead,
        participants=[a1],
    )
    t2 = ready_transcript(
        made,
        "T2 focus group",
        "Facilitator: First question?\nB1: one two three.\nC1: four five six.\n"
        "W1: seven eight nine.\nC1: ten eleven.\n",
        by=lead,
        participants=[b1, c1, w1],
        time_point=2,
        method="focus_group",
    )
    t3 = ready_transcript(
        made,
        "T3 interview C1",
        "Interviewer: Question?\nC1: zeta eta theta.\n",
        by=lead,
        participants=[c1],
    )
    awareness = code(made, "Awareness")
    heard = code(made, "Heard", parent=awareness)
    capacity = code(made, "Capacity")
    coding(t1, awareness, lead, "alpha beta")
    coding(t1, awareness, second, "beta gamma")  # overlaps the lead's: one passage
    coding(t1, awareness, lead, "delta")
    coding(t2, awareness, lead, "one two three.\nC1: four")  # said by B1 and C1
    coding(t2, awareness, second, "seven eight")  # W1 withdrew: never counted
    coding(t3, awareness, lead, "zeta")
    coding(t1, heard, lead, "epsilon")
    coding(t2, capacity, second, "ten eleven")
    return {
        "study": made,
        "second": second,
        "codes": {"awareness": awareness, "heard": heard, "capacity": capacity},
        "transcripts": [t1, t2, t3],
        "participants": {"A1": a1, "B1": b1, "C1": c1, "W1": w1},
    }


def counts(table: Any) -> dict[str, list[tuple[int, int]]]:
    return {
        row.code.name: [(c.passages, c.participants) for c in row.cells]
        + [(row.total.passages, row.total.participants)]
        for row in table.rows
    }


def test_it_counts_passages_and_participants_on_a_hand_made_study(researcher, team):
    world = hand_made_world(researcher, team)
    table = matrix(world["study"])
    # Groups present (W1 withdrew but C1 is of the workforce too), each at Time 1 and Time 2.
    assert [(c.group, c.time_point.label) for c in table.columns] == [
        (DESIGN, "Time 1"),
        (DESIGN, "Time 2"),
        (TEAM, "Time 1"),
        (TEAM, "Time 2"),
        (WORKFORCE, "Time 1"),
        (WORKFORCE, "Time 2"),
    ]
    assert counts(table) == {
        # A1 twice at Time 1 (the two coders' overlapping codings are one passage); the
        # passage B1 and C1 share at Time 2 counts for each group; C1's "zeta" at Time 1.
        "Awareness": [(2, 1), (0, 0), (0, 0), (1, 1), (1, 1), (1, 1), (4, 3)],
        "Heard": [(1, 1), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (1, 1)],
        "Capacity": [(0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (1, 1), (1, 1)],
    }
    assert [(row.code.name, row.depth) for row in table.rows] == [
        ("Awareness", 0),
        ("Heard", 1),
        ("Capacity", 0),
    ]


def test_it_counts_one_coders_passages_when_asked(researcher, team):
    world = hand_made_world(researcher, team)
    table = matrix(world["study"], coder=world["second"])
    assert counts(table) == {
        "Awareness": [(1, 1), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (1, 1)],
        "Heard": [(0, 0)] * 7,
        "Capacity": [(0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (1, 1), (1, 1)],
    }


def test_it_counts_study_world_by_hand(researcher, team):
    world = study_world(researcher, team)
    table = matrix(world["study"])
    # Only the workforce is present (P01, P02; P03 withdrew), at two time points; both
    # transcripts are at Time 1. P03's "eligible" coding is out.
    assert [(c.group, c.time_point.label) for c in table.columns] == [
        (WORKFORCE, "Time 1"),
        (WORKFORCE, "Time 2"),
    ]
    assert counts(table) == {
        "Awareness": [(0, 0), (0, 0), (0, 0)],
        "How they heard": [(1, 1), (0, 0), (1, 1)],
        "Referral pathways": [(2, 1), (0, 0), (2, 1)],
        "Consultation": [(3, 2), (0, 0), (3, 2)],
    }


def test_it_links_each_non_zero_cell_to_its_passages(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    response = sign_in(client, researcher).get(
        reverse("evaluation:matrix", kwargs={"code": world["study"].code})
    )
    assert response.status_code == 200
    assert "Not for sharing" in response.text
    table = response.context["table"]
    awareness = table.rows[0]
    team_time_2 = awareness.cells[3]
    assert team_time_2.link.startswith(
        reverse(
            "evaluation:retrieval",
            kwargs={"code": world["study"].code, "node": world["codes"]["awareness"].code},
        )
    )
    assert f'href="{team_time_2.link.replace("&", "&amp;")}"' in response.text
    assert awareness.cells[1].link == ""
    # Its words for a screen reader count in the singular: "1 passage of …", not "1 passages".
    one = response.text.index(f'href="{team_time_2.link.replace("&", "&amp;")}"')
    link_text = response.text[one : response.text.index("</a>", one)]
    assert '>1<span class="nhsuk-u-visually-hidden"> passage of “Awareness”' in link_text
    # The link leads to exactly the cell's passages.
    passages = client.get(team_time_2.link)
    assert passages.status_code == 200
    assert passages.context["found"].count == 1
    assert "one two three." in passages.text


def test_it_downloads_the_matrix_as_csv_and_xlsx_and_audits_both(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    sign_in(client, researcher)
    kwargs = {"code": world["study"].code}
    got = client.get(reverse("evaluation:matrix-csv", kwargs=kwargs))
    assert got.status_code == 200
    assert got["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    awareness = next(row for row in rows if row and row[0] == "Awareness")
    assert awareness[1:] == ["2", "1", "0", "0", "0", "0", "1", "1", "1", "1", "1", "1", "4", "3"]
    assert any(row and row[0] == "  Heard" for row in rows)

    got = client.get(reverse("evaluation:matrix-xlsx", kwargs=kwargs))
    assert got.status_code == 200
    book = load_workbook(io.BytesIO(got.content))
    sheet = book[book.sheetnames[1]]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][1] == "Service design, Time 1"
    capacity = next(row for row in values if row[0] == "Capacity")
    assert capacity[1:] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]
    events = AuditEvent.objects.filter(action="analysis.matrix_exported")
    assert sorted(e.detail["form"] for e in events) == ["csv", "xlsx"]


def test_it_refuses_a_coder_who_is_not_the_studys(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    response = sign_in(client, researcher).get(
        reverse("evaluation:matrix-csv", kwargs={"code": world["study"].code}),
        {"coder": "00000000-0000-0000-0000-000000000000"},
    )
    assert response.status_code == 400
    assert "Select a researcher of this study from the list" in response.text
    assert not AuditEvent.objects.filter(action="analysis.matrix_exported").exists()


def test_it_shows_the_matrix_to_the_studys_researchers_only(
    client, sign_in, researcher, manager, team
):
    world = hand_made_world(researcher, team)
    url = reverse("evaluation:matrix", kwargs={"code": world["study"].code})
    assert sign_in(client, manager).get(url).status_code == 404
    outsider = researcher_of(study(world["second"], team, title="Another"))
    assert sign_in(client, outsider).get(url).status_code == 404
    assert sign_in(client, researcher).post(url).status_code == 405


def test_it_reads_as_many_times_for_a_bigger_study(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    made = world["study"]
    url = reverse("evaluation:matrix", kwargs={"code": made.code})
    sign_in(client, researcher)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    extra = code(made, "Training")
    more = ready_transcript(
        made,
        "T4 interview",
        "Interviewer: Question?\nZ1: training helped.\n",
        by=researcher,
        participants=[participant(made, "Z1", group=Participant.Group.PARENT, times=(2,))],
        time_point=2,
    )
    coding(more, extra, researcher, "training")
    coding(more, world["codes"]["capacity"], world["second"], "helped")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["table"].rows) == 4
    assert len(many) == len(few)


def test_it_links_the_three_analysis_pages_from_the_studys_page(
    client, sign_in, researcher, manager, team
):
    world = hand_made_world(researcher, team)
    url = reverse("evaluation:study", kwargs={"code": world["study"].code})
    links = [
        reverse(name, kwargs={"code": world["study"].code})
        for name in ("evaluation:retrieval-codes", "evaluation:matrix", "evaluation:agreement")
    ]
    shown = sign_in(client, researcher).get(url).text
    assert all(link in shown for link in links)
    overview = sign_in(client, manager).get(url).text
    assert not any(link in overview for link in links)
