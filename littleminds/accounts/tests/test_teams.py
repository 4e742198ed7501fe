from __future__ import annotations

import pytest

from littleminds.accounts.models import Organisation, Team, User
from littleminds.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_lists_teams_with_their_people(as_persona, sysadmin: User, clinician: User, team):
    response = as_persona("sysadmin").get("/teams/")

    rows = {(t.name, t.organisation.name, t.people) for t in response.context["teams"]}
    assert ("Parent–Infant Clinical Team", "Test District NHS Trust", 1) in rows


def test_it_sets_up_a_team_for_a_new_organisation(as_persona, sysadmin: User) -> None:
    response = as_persona("sysadmin").post(
        "/teams/new/", {"new_organisation": "Riverside Trust", "name": "Clinical Team"}
    )

    assert response["Location"] == "/teams/"
    team = Team.objects.get(name="Clinical Team")
    assert team.organisation.name == "Riverside Trust"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"organisation.created", "team.created"} <= actions


def test_it_sets_up_a_team_for_an_organisation_in_the_list(as_persona, sysadmin, trust) -> None:
    as_persona("sysadmin").post("/teams/new/", {"organisation": trust.pk, "name": "Second Team"})

    assert Team.objects.get(name="Second Team").organisation == trust


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "X"}, "Choose the organisation the team works for"),
        ({"new_organisation": "Test District NHS Trust", "name": "X"}, "is already in the list"),
        ({"organisation": "TRUST", "new_organisation": "New", "name": "X"}, "not both"),
        ({"organisation": "TRUST", "name": "Parent–Infant Clinical Team"}, "already has a team"),
        ({"new_organisation": "New Org", "name": ""}, "Enter the team&#x27;s name"),
    ],
)
def test_it_explains_each_problem_and_saves_nothing(
    as_persona, sysadmin: User, team: Team, data: dict[str, object], message: str
) -> None:
    if data.get("organisation") == "TRUST":
        data["organisation"] = team.organisation.pk
    teams, organisations = Team.objects.count(), Organisation.objects.count()

    response = as_persona("sysadmin").post("/teams/new/", data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Team.objects.count(), Organisation.objects.count()) == (teams, organisations)


def test_team_members_names_each_role_in_words(team: Team, manager: User, clinician: User):
    from littleminds.accounts.models import RoleAssignment
    from littleminds.accounts.roles import Role
    from littleminds.accounts.selectors import team_members

    RoleAssignment.objects.create(user=manager, role=Role.CLINICIAN, team=team)

    members = [(user.full_name, roles) for user, roles in team_members(team=team)]

    assert members == [
        ("Cal Clinician", ["Clinician"]),
        ("Maya Manager", ["Clinician", "Service manager"]),
    ]
