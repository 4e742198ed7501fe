"""The participants part: a study's participants (list, add, change), their withdrawal, and
who may reach these pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.audit.models import AuditEvent
from littleminds.directory.models import Ring
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.evaluation.models import ListedName, Participant, Participation
from littleminds.evaluation.selectors import analysable_codings, live_transcripts
from littleminds.evaluation.tests.factories import participant, researcher_of, study, study_world

pytestmark = pytest.mark.django_db


def url(name: str, made: Any, **more: Any) -> str:
    return reverse(f"evaluation:{name}", kwargs={"code": made.code, **more})


def answers(**changes: str) -> dict[str, str]:
    given = {
        "label": "P07",
        "group": "service_team",
        "organisation": "",
        "at_1": "interview",
        "at_2": "",
        "consent_on_day": "15",
        "consent_on_month": "6",
        "consent_on_year": "2022",
        "information_sheet_version": "v3",
    }
    given.update(changes)
    return given


@pytest.fixture
def world(researcher, team) -> dict[str, Any]:
    return study_world(researcher, team)


# The list ---------------------------------------------------------------------------------


def test_it_lists_participants_with_time_points_consent_and_withdrawal(
    client, sign_in, researcher, world
):
    sign_in(client, researcher)
    response = client.get(url("participants", world["study"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Little Acorns Nursery" in page
    assert "Ring: Universal" in page
    assert "Time 1: Interview" in page
    assert "Time 2: Interview" in page
    assert "Time 1: Focus group" in page
    assert "Information sheet v2" in page
    withdrawn_on = world["withdrawn"].withdrawn_at.strftime("%-d %B %Y")
    assert f"Withdrawn on {withdrawn_on}" in page
    assert page.count("Withdrawn on") == 1
    # The list holds codes only: the listed (real) names are on the lead's page alone.
    assert "Amira Khan" not in page


def test_it_lists_participants_in_a_fixed_number_of_queries(
    client, sign_in, researcher, world, django_assert_num_queries
):
    sign_in(client, researcher)
    client.get(url("participants", world["study"]))  # warm the session and the caches
    for number in range(10):
        participant(
            world["study"], f"X{number}", times=(1, 2), organisation=OrganisationFactory.create()
        )
    # The session, the user and their roles, the study, its time points, the lead check, the
    # participants with their organisation, their time points: the same for 13 participants
    # as for 3. Not the session's save: it is renewed at most once a minute (ADR 0061; was
    # three statements more).
    with django_assert_num_queries(8):
        response = client.get(url("participants", world["study"]))
    assert response.content.decode().count('id="participant-') == 13


def test_it_hides_the_participants_from_managers_and_outsiders(
    client, sign_in, manager, clinician, world, other_team
):
    stranger = researcher_of(study(world["second_coder"], other_team), email="x@test.example")
    for who in (manager, clinician, stranger):
        sign_in(client, who)
        assert client.get(url("participants", world["study"])).status_code == 404
        assert client.get(url("participant-new", world["study"])).status_code == 404


def test_it_lets_a_second_researcher_who_is_not_lead_see_the_participants(client, sign_in, world):
    sign_in(client, world["second_coder"])
    page = client.get(url("participants", world["study"])).content.decode()
    assert "P01" in page
    # Not a lead: no link to the names.
    assert url("participants-names", world["study"]) not in page


def test_it_refuses_other_methods_on_the_list(client, sign_in, researcher, world):
    sign_in(client, researcher)
    assert client.post(url("participants", world["study"])).status_code == 405
    assert client.put(url("participant-new", world["study"])).status_code == 405


# Adding ----------------------------------------------------------------------------------


def test_it_adds_a_participant_with_the_ring_from_the_directory(client, sign_in, researcher, world):
    centre = OrganisationFactory.create(name="Family Hub North")
    ServiceFactory.create(organisation=centre, ring=Ring.UNIVERSAL)
    ServiceFactory.create(organisation=centre, ring=Ring.CORE)
    sign_in(client, researcher)
    response = client.post(
        url("participant-new", world["study"]),
        answers(organisation="  family hub   NORTH ", at_2="focus_group"),
    )
    assert response.status_code == 302
    added = Participant.objects.get(label="P07")
    assert added.organisation == centre
    # On two rings: the innermost counts.
    assert added.ring == Ring.CORE
    assert added.group == Participant.Group.SERVICE_TEAM
    assert added.consent_on == date(2022, 6, 15)
    assert added.information_sheet_version == "v3"
    assert sorted(
        (p.time_point.position, p.method) for p in Participation.objects.filter(participant=added)
    ) == [(1, "interview"), (2, "focus_group")]
    event = AuditEvent.objects.get(action="participant.added")
    assert event.target_code == str(added.code)
    assert event.detail["time_points"] == {"Time 1": "interview", "Time 2": "focus_group"}


def test_it_adds_a_participant_with_no_organisation_and_no_ring(client, sign_in, researcher, world):
    sign_in(client, researcher)
    assert client.post(url("participant-new", world["study"]), answers()).status_code == 302
    added = Participant.objects.get(label="P07")
    assert added.organisation is None
    assert added.ring == ""


def test_it_offers_the_directorys_organisations_as_one_types(client, sign_in, researcher, world):
    sign_in(client, researcher)
    page = client.get(url("participant-new", world["study"])).content.decode()
    assert 'list="organisation-names"' in page
    assert '<option value="Little Acorns Nursery">' in page


TOMORROW = timezone.localdate() + timedelta(days=1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": ""}, "Enter the participant&#x27;s code"),
        ({"label": "Amira Khan"}, "letters, numbers and hyphens only"),
        ({"label": "P07!"}, "letters, numbers and hyphens only"),
        ({"label": "-P07"}, "letters, numbers and hyphens only"),
        ({"label": "Amira"}, "with at least one number"),
        ({"label": "Manningham"}, "with at least one number"),
        ({"label": "P" * 11}, "10 characters"),
        ({"label": "p01"}, "Another participant of this study has the code p01"),
        ({"group": ""}, "Select the participant&#x27;s group"),
        ({"group": "ghosts"}, "Select the participant&#x27;s group from the list"),
        ({"organisation": "Nowhere Trust"}, "No organisation is called “Nowhere Trust”"),
        ({"organisation": "x" * 300}, "characters"),
        ({"at_1": "", "at_2": ""}, "Select how they took part at one time point at least"),
        ({"at_1": "telepathy"}, "Select how they took part at Time 1"),
        (
            {"consent_on_day": "", "consent_on_month": "", "consent_on_year": ""},
            "Enter the date consent was given",
        ),
        ({"consent_on_day": "31", "consent_on_month": "2"}, "as a real date"),
        ({"consent_on_year": "22"}, "in 4 numbers"),
        (
            {
                "consent_on_day": str(TOMORROW.day),
                "consent_on_month": str(TOMORROW.month),
                "consent_on_year": str(TOMORROW.year),
            },
            "must be today or in the past",
        ),
        (
            {"consent_on_day": "1", "consent_on_month": "6", "consent_on_year": "1850"},
            "must be on or after 1 January 2000",
        ),
        ({"information_sheet_version": "  "}, "Enter the version of the information sheet"),
        ({"information_sheet_version": "v" * 41}, "40 characters"),
    ],
)
def test_it_refuses_bad_answers_with_a_message_and_adds_no_one(
    client, sign_in, researcher, world, changes, message
):
    sign_in(client, researcher)
    before = Participant.objects.count()
    response = client.post(url("participant-new", world["study"]), answers(**changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert "nhsuk-error-summary" in page
    assert message in page
    assert Participant.objects.count() == before
    assert not AuditEvent.objects.filter(action="participant.added").exists()


# Changing ---------------------------------------------------------------------------------


def test_it_changes_a_participant_and_their_time_points(client, sign_in, researcher, world):
    p01 = world["participants"][0]
    sign_in(client, researcher)
    form = client.get(url("participant-edit", world["study"], participant=p01.code))
    assert 'value="P01"' in form.content.decode()
    response = client.post(
        url("participant-edit", world["study"], participant=p01.code),
        answers(label="P01A", at_1="", at_2="focus_group", group="workforce"),
    )
    assert response.status_code == 302
    p01.refresh_from_db()
    assert p01.label == "P01A"
    assert [(p.time_point.position, p.method) for p in p01.participations.all()] == [
        (2, "focus_group")
    ]
    # The name pseudonymisation replaces with the code follows the new code.
    assert ListedName.objects.get(participant=p01).replacement == "P01A"
    assert AuditEvent.objects.filter(action="participant.changed").count() == 1


def test_it_keeps_the_ring_while_the_organisation_stays(client, sign_in, researcher, world):
    p02 = world["participants"][1]
    sign_in(client, researcher)
    response = client.post(
        url("participant-edit", world["study"], participant=p02.code),
        answers(label="P02", organisation="Little Acorns Nursery"),
    )
    assert response.status_code == 302
    p02.refresh_from_db()
    # The organisation did not change: the ring kept from when they were added stays.
    assert p02.ring == "universal"


def test_it_says_a_withdrawal_cannot_be_undone_by_editing(client, sign_in, researcher, world):
    withdrawn = world["withdrawn"]
    sign_in(client, researcher)
    page = client.get(url("participant-edit", world["study"], participant=withdrawn.code))
    assert "Withdrawal cannot be undone by changing their details" in page.content.decode()
    client.post(
        url("participant-edit", world["study"], participant=withdrawn.code),
        answers(label="P03"),
    )
    withdrawn.refresh_from_db()
    assert withdrawn.withdrawn


def test_it_answers_404_for_a_participant_of_another_study(
    client, sign_in, researcher, world, other_team
):
    elsewhere = participant(study(researcher, other_team, title="Another"), "Q01")
    sign_in(client, researcher)
    response = client.get(url("participant-edit", world["study"], participant=elsewhere.code))
    assert response.status_code == 404


# Withdrawal -------------------------------------------------------------------------------


def test_it_asks_for_confirmation_before_withdrawing(client, sign_in, researcher, world):
    p01 = world["participants"][0]
    sign_in(client, researcher)
    response = client.get(url("participant-withdraw", world["study"], participant=p01.code))
    assert response.status_code == 200
    assert "This cannot be undone" in response.content.decode()
    p01.refresh_from_db()
    assert not p01.withdrawn


def test_it_needs_a_note_to_withdraw(client, sign_in, researcher, world):
    p01 = world["participants"][0]
    sign_in(client, researcher)
    response = client.post(
        url("participant-withdraw", world["study"], participant=p01.code), {"note": " "}
    )
    assert response.status_code == 400
    assert "Enter a note about the withdrawal" in response.content.decode()
    response = client.post(
        url("participant-withdraw", world["study"], participant=p01.code), {"note": "x" * 501}
    )
    assert response.status_code == 400
    assert "500 characters" in response.content.decode()
    p01.refresh_from_db()
    assert not p01.withdrawn


def test_it_withdraws_a_participant_and_their_words_leave_the_analysis(
    client, sign_in, researcher, world
):
    made, p01, interview = world["study"], world["participants"][0], world["transcript"]
    assert interview in live_transcripts(made)
    sign_in(client, researcher)
    response = client.post(
        url("participant-withdraw", made, participant=p01.code),
        {"note": "Asked by e-mail on 3 March"},
    )
    assert response.status_code == 302
    p01.refresh_from_db()
    assert p01.withdrawn
    assert p01.withdrawn_by == researcher
    assert p01.withdrawal_note == "Asked by e-mail on 3 March"
    # P01 was the interview's only participant: the whole interview leaves, its four turns
    # (two of them P01's) and the three codings on it.
    event = AuditEvent.objects.get(action="participant.withdrawn")
    assert event.detail == {"label": "P01", "segments_removed": 4, "codings_removed": 3}
    assert interview not in live_transcripts(made)
    assert all(c.transcript_id != interview.pk for c in analysable_codings(made))
    page = client.get(url("participants", made)).content.decode()
    assert page.count("Withdrawn on") == 2
    # The transcripts say whose words left, on their list and on their own page.
    for shown in (
        client.get(url("transcript-list", made)),
        client.get(url("transcript", made, transcript=interview.code)),
    ):
        assert "P01 (withdrawn)" in shown.content.decode()


def test_it_counts_only_the_withdrawn_participants_turns_when_others_stay(researcher, world):
    from littleminds.evaluation.services_participants import participant_withdraw

    made = world["study"]
    lone = participant(made, "P09", method="focus_group")
    group = world["transcripts"][1]
    group.participants.add(lone)
    p02 = world["participants"][1]
    before = len(analysable_codings(made))
    participant_withdraw(by=researcher, participant=p02, note="By phone")
    # P09 still takes part, so the focus group stays; P02's two turns leave, and the three
    # codings on them (the P03 turn's coding had left already).
    event = AuditEvent.objects.get(action="participant.withdrawn")
    assert event.detail["segments_removed"] == 2
    assert event.detail["codings_removed"] == 3
    assert len(analysable_codings(made)) == before - 3


def test_it_sends_back_to_the_list_when_already_withdrawn(client, sign_in, researcher, world):
    sign_in(client, researcher)
    response = client.post(
        url("participant-withdraw", world["study"], participant=world["withdrawn"].code),
        {"note": "Again"},
    )
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="participant.withdrawn").exists()


def test_it_refuses_withdrawal_to_a_manager(client, sign_in, manager, world):
    sign_in(client, manager)
    p01 = world["participants"][0]
    response = client.post(
        url("participant-withdraw", world["study"], participant=p01.code), {"note": "x"}
    )
    assert response.status_code == 404
    p01.refresh_from_db()
    assert not p01.withdrawn


def test_it_refuses_a_code_that_is_a_word_of_a_listed_name(client, sign_in, researcher, world):
    ListedName.objects.create(
        study=world["study"], kind="place", text="Flat 2B", replacement="[place]"
    )
    sign_in(client, researcher)
    response = client.post(url("participant-new", world["study"]), answers(label="2b"))
    assert response.status_code == 400
    assert "The participant code is one of the names to replace" in response.content.decode()
    assert not Participant.objects.filter(label="2b").exists()


def test_the_consent_dates_example_is_one_the_form_accepts(client, sign_in, researcher, world):
    """The hint's example date must not be one the same box refuses as in the future."""
    sign_in(client, researcher)
    page = client.get(url("participant-new", world["study"])).content.decode()
    example = re.search(r"For example, (\d{1,2}) (\d{1,2}) (\d{4})", page)
    assert example is not None
    day, month, year = (int(part) for part in example.groups())
    assert date(year, month, day) <= timezone.localdate()


def test_the_error_summary_lists_the_problems_in_the_pages_order(
    client, sign_in, researcher, world
):
    """The time points come before the consent date on the page, and so in the summary."""
    sign_in(client, researcher)
    response = client.post(
        url("participant-new", world["study"]),
        answers(at_1="", at_2="", consent_on_day="", consent_on_month="", consent_on_year=""),
    )
    page = response.content.decode()
    opens = page.index("nhsuk-error-summary")
    summary = page[opens : page.index("</ul>", opens)]
    assert summary.index("Select how they took part") < summary.index(
        "Enter the date consent was given"
    )
    form = page[page.index("<form") :]
    assert form.index('name="at_1"') < form.index('name="consent_on_day"')
