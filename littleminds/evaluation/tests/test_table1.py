"""Table 1 regenerated: participants by group and time point, and by method, counted by hand
on a small study; as a page, on the study's page and as a CSV read back; who may see it."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import Participant, TimePoint
from littleminds.evaluation.selectors_participants import table1
from littleminds.evaluation.tests.factories import participant, study

pytestmark = pytest.mark.django_db

SD = Participant.Group.SERVICE_DESIGN
TEAM = Participant.Group.SERVICE_TEAM
WORKFORCE = Participant.Group.WORKFORCE


@pytest.fixture
def small(researcher, team) -> Any:
    """Service design: two at Time 1 (interviews), nobody at Time 2. The service's team: one
    at Time 1 only (interview), one at both (focus groups). The workforce: one at Time 2
    (focus group), and one who withdrew (Time 1). Nobody from the parents or other."""
    made = study(researcher, team)
    participant(made, "SD1", group=SD)
    participant(made, "SD2", group=SD)
    participant(made, "T1", group=TEAM)
    participant(made, "T2", group=TEAM, times=(1, 2), method="focus_group")
    participant(made, "W1", group=WORKFORCE, times=(2,), method="focus_group")
    participant(made, "W2", group=WORKFORCE, withdrawn_by=researcher)
    return made


def test_it_counts_participants_by_group_and_time_point(small):
    built = table1(small)
    assert [point.label for point in built.time_points] == ["Time 1", "Time 2"]
    assert [(row.number, row.label, row.cells) for row in built.by_group] == [
        (1, "Service design", [2, None]),
        (2, "The service's own team", [2, 1]),
        (3, "Early-years workforce", [None, 1]),
    ]
    assert built.group_totals == [4, 2]
    assert [(row.label, row.cells) for row in built.by_method] == [
        ("Interview", [3, 0]),
        ("Focus group", [1, 2]),
    ]
    assert built.method_totals == [4, 2]
    assert built.withdrawn == 1
    assert built.counted == 5


def test_it_has_nothing_to_count_in_an_empty_study(researcher, team):
    built = table1(study(researcher, team))
    assert built.empty()
    assert built.group_totals == [0, 0]


def test_it_shows_table_1_with_n_a_and_the_note(client, sign_in, researcher, small):
    sign_in(client, researcher)
    response = client.get(reverse("evaluation:participants-table1", kwargs={"code": small.code}))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(">n/a<") == 2
    assert "Participants who withdrew are not counted: 1 withdrew." in page
    assert 'id="by-method"' in page


def test_it_reads_back_the_csv_and_audits_the_download(client, sign_in, researcher, small):
    sign_in(client, researcher)
    response = client.get(
        reverse("evaluation:participants-table1-csv", kwargs={"code": small.code})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Group number", "Group", "Number at Time 1", "Number at Time 2"]
    assert rows[1:5] == [
        ["1", "Service design", "2", "n/a"],
        ["2", "The service's own team", "2", "1"],
        ["3", "Early-years workforce", "n/a", "1"],
        ["", "Total", "4", "2"],
    ]
    assert rows[6:10] == [
        ["", "Method", "Number at Time 1", "Number at Time 2"],
        ["", "Interview", "3", "0"],
        ["", "Focus group", "1", "2"],
        ["", "Total", "4", "2"],
    ]
    assert "1 withdrew" in rows[-1][1]
    event = AuditEvent.objects.get(action="participant.table_downloaded")
    assert event.target_code == str(small.code)
    assert str(event.actor_code) == str(researcher.code)


def test_it_keeps_a_time_points_name_from_being_read_as_a_formula(
    client, sign_in, researcher, small
):
    TimePoint.objects.filter(study=small, position=2).update(label="=HYPERLINK(1)")
    sign_in(client, researcher)
    response = client.get(
        reverse("evaluation:participants-table1-csv", kwargs={"code": small.code})
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][3] == "Number at =HYPERLINK(1)"
    # No cell starts as a formula would, whatever the time points are called.
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]


def test_it_opens_table_1_to_the_teams_manager_but_nothing_else(client, sign_in, manager, small):
    sign_in(client, manager)
    code = {"code": small.code}
    assert client.get(reverse("evaluation:participants-table1", kwargs=code)).status_code == 200
    response = client.get(reverse("evaluation:participants-table1-csv", kwargs=code))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="participant.table_downloaded").count() == 1
    assert client.get(reverse("evaluation:participants", kwargs=code)).status_code == 404
    study_page = client.get(reverse("evaluation:study", kwargs=code)).content.decode()
    # The study's page shows Table 1 itself, and no way into the participants.
    assert 'id="part-by-group"' in study_page
    assert reverse("evaluation:participants", kwargs=code) not in study_page
    assert reverse("evaluation:participants-names", kwargs=code) not in study_page


def test_it_keeps_table_1_from_others(client, sign_in, clinician, other_team, small):
    other_manager_of = UserFactory.create(
        email="other.manager@test.example", roles=[(Role.SERVICE_MANAGER, other_team)]
    )
    for who in (clinician, other_manager_of):
        sign_in(client, who)
        code = {"code": small.code}
        assert client.get(reverse("evaluation:participants-table1", kwargs=code)).status_code == 404
        assert (
            client.get(reverse("evaluation:participants-table1-csv", kwargs=code)).status_code
            == 404
        )
    assert not AuditEvent.objects.filter(action="participant.table_downloaded").exists()


def test_it_refuses_other_methods_on_table_1(client, sign_in, researcher, small):
    sign_in(client, researcher)
    code = {"code": small.code}
    assert client.post(reverse("evaluation:participants-table1", kwargs=code)).status_code == 405
    assert (
        client.post(reverse("evaluation:participants-table1-csv", kwargs=code)).status_code == 405
    )


def test_it_links_a_lead_to_every_page_of_the_part(client, sign_in, researcher, small):
    sign_in(client, researcher)
    code = {"code": small.code}
    page = client.get(reverse("evaluation:study", kwargs=code)).content.decode()
    for name in ("participants", "participants-names", "participants-researchers"):
        assert reverse(f"evaluation:{name}", kwargs=code) in page
