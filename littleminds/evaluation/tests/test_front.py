"""The workbench's front: the list of studies, starting a study, a study's page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import Study, StudyResearcher, TimePoint
from littleminds.evaluation.selectors import analysable_codings, live_transcripts
from littleminds.evaluation.tests.factories import study_world

pytestmark = pytest.mark.django_db


def test_it_starts_a_study_with_its_time_points_and_its_creator_as_lead(
    client, sign_in, researcher, team
):
    sign_in(client, researcher)
    response = client.post(
        reverse("evaluation:study-new"),
        {
            "title": "Next evaluation",
            "research_questions": "Is it embedded?",
            "team": str(team.code),
            "first_label": "Time 1",
            "first_starts_day": "1",
            "first_starts_month": "6",
            "first_starts_year": "2027",
            "first_ends_day": "30",
            "first_ends_month": "9",
            "first_ends_year": "2027",
            "second_label": "Time 2",
            "second_starts_day": "1",
            "second_starts_month": "6",
            "second_starts_year": "2028",
            "second_ends_day": "30",
            "second_ends_month": "9",
            "second_ends_year": "2028",
        },
    )
    study = Study.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:study", kwargs={"code": study.code})
    assert list(TimePoint.objects.values_list("label", flat=True)) == ["Time 1", "Time 2"]
    assert StudyResearcher.objects.get().user == researcher
    assert StudyResearcher.objects.get().lead
    assert AuditEvent.objects.filter(action="study.created").count() == 1


def test_it_refuses_a_study_with_fieldwork_ending_before_it_starts(
    client, sign_in, researcher, team
):
    sign_in(client, researcher)
    response = client.post(
        reverse("evaluation:study-new"),
        {
            "title": "x" * 201,
            "research_questions": "Q",
            "team": str(team.code),
            "first_label": "Time 1",
            "first_starts_day": "1",
            "first_starts_month": "6",
            "first_starts_year": "2027",
            "first_ends_day": "1",
            "first_ends_month": "5",
            "first_ends_year": "2027",
        },
    )
    assert response.status_code == 400
    assert "The fieldwork must end on or after the day it starts" in response.text
    assert "Title must be 200 characters or fewer" in response.text
    assert not Study.objects.exists()


def test_it_refuses_a_second_time_point_that_starts_before_the_first(
    client, sign_in, researcher, team
):
    """Time 2 before Time 1 would turn every "change between the time points" around."""
    sign_in(client, researcher)
    response = client.post(
        reverse("evaluation:study-new"),
        {
            "title": "Next evaluation",
            "research_questions": "Is it embedded?",
            "team": str(team.code),
            "first_label": "Spring",
            "first_starts_day": "1",
            "first_starts_month": "2",
            "first_starts_year": "2025",
            "first_ends_day": "1",
            "first_ends_month": "3",
            "first_ends_year": "2025",
            "second_label": "Autumn",
            "second_starts_day": "1",
            "second_starts_month": "2",
            "second_starts_year": "2024",
            "second_ends_day": "1",
            "second_ends_month": "3",
            "second_ends_year": "2024",
        },
    )
    assert response.status_code == 400
    assert "The second time point must start after the first one starts" in response.text
    assert 'href="#id_second_starts_day"' in response.text
    assert not Study.objects.exists()


def test_it_says_all_that_is_missing_of_a_second_time_point_at_once(
    client, sign_in, researcher, team
):
    """A start date with neither name nor end: both are asked for together, not the name
    first and the end date only once the name is given."""
    sign_in(client, researcher)
    response = client.post(
        reverse("evaluation:study-new"),
        {
            "title": "Next evaluation",
            "research_questions": "Is it embedded?",
            "team": str(team.code),
            "first_label": "Time 1",
            "first_starts_day": "1",
            "first_starts_month": "2",
            "first_starts_year": "2025",
            "first_ends_day": "1",
            "first_ends_month": "3",
            "first_ends_year": "2025",
            "second_label": "",
            "second_starts_day": "1",
            "second_starts_month": "2",
            "second_starts_year": "2026",
        },
    )
    assert response.status_code == 400
    assert "Enter the second time point&#x27;s name" in response.text
    assert "Enter the date the second time point&#x27;s fieldwork ends" in response.text
    assert not Study.objects.exists()


def test_it_shows_a_study_to_its_researchers_and_its_teams_managers_only(
    client, sign_in, researcher, manager, other_clinician, team
):
    world = study_world(researcher, team)
    url = reverse("evaluation:study", kwargs={"code": world["study"].code})
    assert "Is the service embedded?" in sign_in(client, researcher).get(url).text
    managed = sign_in(client, manager).get(url)
    assert managed.status_code == 200
    assert "Is the service embedded?" not in managed.text
    assert sign_in(client, other_clinician).get(url).status_code == 404


def test_it_leaves_a_withdrawn_participants_contributions_out_of_the_analysis(researcher, team):
    world = study_world(researcher, team)
    study = world["study"]
    # P03 withdrew: their one turn, and the one coding in it, leave the analysis; the focus
    # group stays, for P02 has not withdrawn.
    assert set(live_transcripts(study)) == set(world["transcripts"])
    passages = {c.transcript.text[c.start : c.end] for c in analysable_codings(study)}
    assert "never know whether a family is eligible" not in passages
    assert "referrals come back declined" in passages
    assert len(passages) == 6
