"""Commissioning bodies, set up by a system administrator: the list, setting up, changing and
removing one, each audited; bad input answered in words by its field, nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from littleminds.accounts.models import Team, User
from littleminds.audit.labels import action_words
from littleminds.audit.models import AuditEvent
from littleminds.insights import services_commissioning as services
from littleminds.insights.models import CommissioningBody

pytestmark = pytest.mark.django_db

LIST = "/insights/commissioning/"
NEW = "/insights/commissioning/new/"


def _change_url(body: CommissioningBody) -> str:
    return f"/insights/commissioning/{body.code}/"


def test_the_administrator_sets_one_up_and_its_analyst_then_sees_the_team(
    as_persona: Any, sysadmin: User, analyst: User, team: Team
) -> None:
    admin = as_persona("sysadmin")
    assert as_persona("analyst").get("/insights/training-cancelled/").status_code == 404
    response = admin.post(
        NEW,
        {
            "name": "  West Yorkshire ICB ",
            "teams": [str(team.code)],
            "members": [str(analyst.code)],
        },
    )
    assert response.status_code == 302
    body = CommissioningBody.objects.get()
    assert body.name == "West Yorkshire ICB"
    assert list(body.teams.all()) == [team]
    assert list(body.members.all()) == [analyst]
    event = AuditEvent.objects.get(action="insights.commissioner_created")
    assert event.detail["teams"] == [str(team.code)]
    assert action_words(event.action) == "Set up a commissioning body"
    listed = admin.get(LIST).content.decode()
    assert "West Yorkshire ICB" in listed
    assert team.name in listed
    assert as_persona("analyst").get("/insights/training-cancelled/").status_code == 200


def test_the_form_offers_analysts_only(
    as_persona: Any, sysadmin: User, analyst: User, practitioner: User
) -> None:
    text = as_persona("sysadmin").get(NEW).content.decode()
    assert str(analyst.code) in text
    assert str(practitioner.code) not in text


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter the commissioning body&#x27;s name"),
        ("west yorkshire icb", "There is already a commissioning body called “west yorkshire icb”"),
        ("x" * 201, "Name must be 200 characters or fewer"),
    ],
)
def test_a_bad_name_is_refused_by_its_field(
    as_persona: Any, sysadmin: User, name: str, message: str
) -> None:
    CommissioningBody.objects.create(name="West Yorkshire ICB")
    response = as_persona("sysadmin").post(NEW, {"name": name})
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "nhsuk-error-summary" in text
    assert CommissioningBody.objects.count() == 1
    assert not AuditEvent.objects.filter(action__startswith="insights.commissioner").exists()


def test_a_member_who_is_not_an_analyst_is_refused(
    as_persona: Any, sysadmin: User, practitioner: User
) -> None:
    response = as_persona("sysadmin").post(
        NEW, {"name": "Bradford Council", "members": [str(practitioner.code)]}
    )
    assert response.status_code == 200
    assert "Choose the members from the list of analysts" in response.content.decode()
    assert not CommissioningBody.objects.exists()
    # The service refuses them too, whoever calls it.
    with pytest.raises(ValidationError, match="not an analyst"):
        services.commissioner_create(
            by=sysadmin, name="Bradford Council", teams=[], members=[practitioner]
        )
    assert not CommissioningBody.objects.exists()


def test_a_team_not_in_the_list_is_refused(as_persona: Any, sysadmin: User) -> None:
    response = as_persona("sysadmin").post(
        NEW, {"name": "Bradford Council", "teams": ["not-a-team"]}
    )
    assert response.status_code == 200
    assert "Choose the teams from the list" in response.content.decode()
    assert not CommissioningBody.objects.exists()


def test_the_administrator_changes_one_keeping_its_name_or_not(
    as_persona: Any, sysadmin: User, analyst: User, team: Team, other_team: Team
) -> None:
    body = services.commissioner_create(
        by=sysadmin, name="West Yorkshire ICB", teams=[team], members=[analyst]
    )
    admin = as_persona("sysadmin")
    page = admin.get(_change_url(body)).content.decode()
    assert 'value="West Yorkshire ICB"' in page
    response = admin.post(
        _change_url(body), {"name": "West Yorkshire ICB", "teams": [str(other_team.code)]}
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert list(body.teams.all()) == [other_team]
    assert not body.members.exists()
    event = AuditEvent.objects.get(action="insights.commissioner_changed")
    assert event.detail["before"]["members"] == [str(analyst.code)]
    assert event.detail["after"]["members"] == []
    # Another body's name is taken.
    services.commissioner_create(by=sysadmin, name="Bradford Council", teams=[], members=[])
    response = admin.post(_change_url(body), {"name": "BRADFORD COUNCIL"})
    assert "There is already a commissioning body called “BRADFORD COUNCIL”" in (
        response.content.decode()
    )
    body.refresh_from_db()
    assert body.name == "West Yorkshire ICB"


def test_the_administrator_removes_one_and_its_analyst_loses_the_team(
    as_persona: Any, sysadmin: User, analyst: User, team: Team
) -> None:
    body = services.commissioner_create(
        by=sysadmin, name="West Yorkshire ICB", teams=[team], members=[analyst]
    )
    assert as_persona("analyst").get("/insights/training-cancelled/").status_code == 200
    admin = as_persona("sysadmin")
    remove = f"/insights/commissioning/{body.code}/remove/"
    assert "Remove West Yorkshire ICB" in admin.get(remove).content.decode()
    assert admin.post(remove).status_code == 302
    assert not CommissioningBody.objects.exists()
    event = AuditEvent.objects.get(action="insights.commissioner_removed")
    assert event.detail["name"] == "West Yorkshire ICB"
    assert as_persona("analyst").get("/insights/training-cancelled/").status_code == 404


def test_only_the_administrator_reaches_them(
    as_persona: Any, sysadmin: User, manager: User, analyst: User
) -> None:
    body = CommissioningBody.objects.create(name="West Yorkshire ICB")
    for persona in ("manager", "analyst"):
        client = as_persona(persona)
        assert client.get(LIST).status_code == 404
        assert client.post(f"/insights/commissioning/{body.code}/remove/").status_code == 404
    assert CommissioningBody.objects.exists()
    teams = as_persona("sysadmin").get("/teams/").content.decode()
    assert 'href="/insights/commissioning/"' in teams
