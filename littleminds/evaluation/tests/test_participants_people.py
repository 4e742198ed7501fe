"""The lead researcher's pages of the participants part: the names pseudonymisation looks
for, and the study's researchers."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import ListedName, StudyResearcher
from littleminds.evaluation.tests.factories import study_world

pytestmark = pytest.mark.django_db


def url(name: str, made: Any, **more: Any) -> str:
    return reverse(f"evaluation:{name}", kwargs={"code": made.code, **more})


@pytest.fixture
def world(researcher, team) -> dict[str, Any]:
    return study_world(researcher, team)


# Listed names -----------------------------------------------------------------------------


def test_it_shows_the_listed_names_to_the_lead_only(client, sign_in, researcher, manager, world):
    sign_in(client, researcher)
    page = client.get(url("participants-names", world["study"])).content.decode()
    assert "Amira Khan" in page
    assert "Manningham" in page
    for who in (world["second_coder"], manager):
        sign_in(client, who)
        assert client.get(url("participants-names", world["study"])).status_code == 404
        assert client.get(url("participants-name-new", world["study"])).status_code == 404


def test_it_lists_a_person_replaced_by_person_unless_told(client, sign_in, researcher, world):
    sign_in(client, researcher)
    response = client.post(
        url("participants-name-new", world["study"]), {"kind": "person", "text": " Dr  Shah "}
    )
    assert response.status_code == 302
    listed = ListedName.objects.get(text="Dr Shah")
    assert listed.replacement == "[person]"
    assert listed.participant is None
    client.post(
        url("participants-name-new", world["study"]),
        {"kind": "place", "text": "Girlington", "replacement": "[area of the city]"},
    )
    assert ListedName.objects.get(text="Girlington").replacement == "[area of the city]"
    client.post(url("participants-name-new", world["study"]), {"kind": "place", "text": "Leeds"})
    assert ListedName.objects.get(text="Leeds").replacement == "[place]"
    events = AuditEvent.objects.filter(action="listed_name.added")
    assert events.count() == 3
    # The trail keeps no real name.
    assert all("Shah" not in str(event.detail) for event in events)


def test_it_replaces_a_participants_name_with_their_code(client, sign_in, researcher, world):
    p02 = world["participants"][1]
    sign_in(client, researcher)
    response = client.post(
        url("participants-name-new", world["study"]),
        {
            "kind": "participant",
            "text": "Jo Bloggs",
            "participant": str(p02.code),
            "replacement": "x",
        },
    )
    assert response.status_code == 302
    listed = ListedName.objects.get(text="Jo Bloggs")
    assert listed.participant == p02
    assert listed.replacement == "P02"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"kind": "", "text": "Jo"},
            "Select whether it is a participant, another person or a place",
        ),
        ({"kind": "animal", "text": "Jo"}, "Select whether it is a participant"),
        ({"kind": "person", "text": " "}, "Enter the name"),
        ({"kind": "person", "text": "x" * 201}, "200 characters"),
        ({"kind": "person", "text": "amira khan"}, "This name is listed already"),
        ({"kind": "person", "text": "Jo", "replacement": "y" * 41}, "40 characters"),
        ({"kind": "participant", "text": "Jo"}, "Select whose name this is"),
        (
            {"kind": "participant", "text": "Jo", "participant": "not-a-code"},
            "Select the participant from the list",
        ),
    ],
)
def test_it_refuses_a_bad_name_and_lists_nothing(
    client, sign_in, researcher, world, given, message
):
    sign_in(client, researcher)
    before = ListedName.objects.count()
    response = client.post(url("participants-name-new", world["study"]), given)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ListedName.objects.count() == before


@pytest.mark.parametrize("text", ["P02", "p02", "Ask P02"])
def test_it_refuses_a_participants_code_as_a_name(client, sign_in, researcher, world, text):
    """A code listed as a name would be "replaced" in every transcript, and its participant
    could no longer be changed (their code would be one of the names to replace)."""
    p02 = world["participants"][1]
    assert p02.label == "P02"
    sign_in(client, researcher)
    before = ListedName.objects.count()
    response = client.post(
        url("participants-name-new", world["study"]),
        {"kind": "participant", "text": text, "participant": str(p02.code)},
    )
    assert response.status_code == 400
    assert "is a participant&#x27;s code, not a name" in response.content.decode()
    assert ListedName.objects.count() == before


def test_it_changes_and_removes_a_listed_name(client, sign_in, researcher, world):
    place = ListedName.objects.get(text="Manningham")
    sign_in(client, researcher)
    edit = url("participants-name-edit", world["study"], listed_name=place.code)
    assert 'value="Manningham"' in client.get(edit).content.decode()
    response = client.post(edit, {"kind": "place", "text": "Manningham Lane", "replacement": ""})
    assert response.status_code == 302
    place.refresh_from_db()
    assert place.text == "Manningham Lane"
    assert place.replacement == "[place]"
    remove = url("participants-name-remove", world["study"], listed_name=place.code)
    assert client.get(remove).status_code == 405
    assert client.post(remove).status_code == 302
    assert not ListedName.objects.filter(pk=place.pk).exists()
    assert AuditEvent.objects.filter(action="listed_name.changed").count() == 1
    assert AuditEvent.objects.filter(action="listed_name.removed").count() == 1


def test_it_keeps_another_researcher_from_removing_a_name(client, sign_in, world):
    place = ListedName.objects.get(text="Manningham")
    sign_in(client, world["second_coder"])
    response = client.post(url("participants-name-remove", world["study"], listed_name=place.code))
    assert response.status_code == 404
    assert ListedName.objects.filter(pk=place.pk).exists()


# The study's researchers ------------------------------------------------------------------


def test_it_adds_a_researcher_by_email(client, sign_in, researcher, world):
    newcomer = UserFactory.create(email="new.coder@test.example", roles=[(Role.RESEARCHER, None)])
    sign_in(client, researcher)
    response = client.post(
        url("participants-researchers", world["study"]),
        {"email": "New.Coder@test.example", "lead": "on"},
    )
    assert response.status_code == 302
    member = StudyResearcher.objects.get(study=world["study"], user=newcomer)
    assert member.lead
    event = AuditEvent.objects.get(action="study_researcher.added")
    assert event.detail == {"researcher": str(newcomer.code), "lead": True}


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter the researcher&#x27;s e-mail address"),
        ("not an address", "Enter an e-mail address in the correct format"),
        ("nobody@test.example", "Nobody with the researcher role has the e-mail address"),
        ("clinician@test.example", "Nobody with the researcher role has the e-mail address"),
        ("second.coder@test.example", "is already a researcher of this study"),
    ],
)
def test_it_refuses_someone_who_cannot_be_added(
    client, sign_in, researcher, clinician, world, email, message
):
    sign_in(client, researcher)
    before = StudyResearcher.objects.count()
    response = client.post(url("participants-researchers", world["study"]), {"email": email})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert StudyResearcher.objects.count() == before


def test_it_makes_a_researcher_lead_and_back(client, sign_in, researcher, world):
    second = world["second_coder"]
    sign_in(client, researcher)
    lead_url = url("participants-researcher-lead", world["study"])
    assert client.get(lead_url).status_code == 405
    client.post(lead_url, {"researcher": str(second.code), "lead": "yes"})
    assert StudyResearcher.objects.get(user=second).lead
    client.post(lead_url, {"researcher": str(second.code), "lead": "no"})
    assert not StudyResearcher.objects.get(user=second).lead
    assert AuditEvent.objects.filter(action="study_researcher.changed").count() == 2


def test_it_always_keeps_a_lead(client, sign_in, researcher, world):
    sign_in(client, researcher)
    response = client.post(
        url("participants-researcher-lead", world["study"]),
        {"researcher": str(researcher.code), "lead": "no"},
    )
    assert response.status_code == 400
    assert "A study always has a lead researcher" in response.content.decode()
    # The page in error says so in its title too, as every page with an error summary does.
    assert "<title>Error: The study" in response.content.decode()
    response = client.post(
        url("participants-researcher-remove", world["study"]), {"researcher": str(researcher.code)}
    )
    assert response.status_code == 400
    assert StudyResearcher.objects.get(user=researcher).lead
    assert not AuditEvent.objects.filter(action__startswith="study_researcher.").exists()


def test_it_lets_a_lead_step_down_once_another_leads(client, sign_in, researcher, world):
    second = world["second_coder"]
    sign_in(client, researcher)
    client.post(
        url("participants-researcher-lead", world["study"]),
        {"researcher": str(second.code), "lead": "yes"},
    )
    response = client.post(
        url("participants-researcher-remove", world["study"]), {"researcher": str(researcher.code)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:home")
    assert not StudyResearcher.objects.filter(user=researcher).exists()
    # No longer a researcher of the study, they see nothing of it.
    assert client.get(url("participants", world["study"])).status_code == 404


def test_it_removes_a_researcher(client, sign_in, researcher, world):
    second = world["second_coder"]
    sign_in(client, researcher)
    response = client.post(
        url("participants-researcher-remove", world["study"]), {"researcher": str(second.code)}
    )
    assert response.status_code == 302
    assert not StudyResearcher.objects.filter(user=second).exists()
    assert AuditEvent.objects.get(action="study_researcher.removed").detail == {
        "researcher": str(second.code),
        "lead": False,
    }


def test_it_answers_404_for_someone_not_on_the_study(client, sign_in, researcher, world):
    stranger = UserFactory.create(email="stranger@test.example", roles=[(Role.RESEARCHER, None)])
    sign_in(client, researcher)
    for name in ("participants-researcher-remove", "participants-researcher-lead"):
        for given in ({"researcher": str(stranger.code)}, {"researcher": "nonsense"}, {}):
            assert client.post(url(name, world["study"]), given).status_code == 404


def test_it_keeps_the_researchers_page_from_non_leads(client, sign_in, manager, world):
    second = world["second_coder"]
    for who in (second, manager):
        sign_in(client, who)
        assert client.get(url("participants-researchers", world["study"])).status_code == 404
        response = client.post(
            url("participants-researcher-lead", world["study"]),
            {"researcher": str(who.code), "lead": "yes"},
        )
        assert response.status_code == 404
    assert not StudyResearcher.objects.get(user=second).lead


def test_it_sends_a_lead_who_steps_down_to_the_study_page(client, sign_in, researcher, world):
    second = world["second_coder"]
    sign_in(client, researcher)
    lead_url = url("participants-researcher-lead", world["study"])
    client.post(lead_url, {"researcher": str(second.code), "lead": "yes"})
    response = client.post(lead_url, {"researcher": str(researcher.code), "lead": "no"})
    assert response.status_code == 302
    assert response["Location"] == url("study", world["study"])
    assert not StudyResearcher.objects.get(user=researcher).lead
    # Still a researcher, no longer a lead: the lead's pages are closed to them.
    assert client.get(url("participants", world["study"])).status_code == 200
    assert client.get(url("participants-researchers", world["study"])).status_code == 404
