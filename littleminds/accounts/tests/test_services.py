from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from littleminds.accounts import services
from littleminds.accounts.models import Organisation, RoleAssignment, Team, User
from littleminds.accounts.roles import Role
from littleminds.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


@pytest.mark.usefixtures("account_emails_at_once")
def test_it_invites_a_person_and_emails_them_after_commit(
    manager: User, team: Team, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        person = services.user_invite(
            by=manager,
            email=" New.Clinician@Test.Example ",
            full_name="Nia New",
            organisation=team.organisation,
            roles=[(Role.CLINICIAN, team)],
        )

    assert person.email == "new.clinician@test.example"
    assert not person.has_usable_password()
    assert person.invited_by == manager
    assert person.has_role(Role.CLINICIAN, team)
    (event,) = _events("user.invited")
    assert event.actor_code == manager.code
    assert event.detail == {"roles": [f"clinician@{team.code}"]}
    (message,) = mail.outbox
    assert message.to == ["new.clinician@test.example"]
    assert "/password/set/" in message.body
    assert "Maya Manager has invited you" in message.body


def test_it_sends_no_email_when_the_invitation_is_rolled_back(
    manager: User, team: Team, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.user_invite(
            by=manager,
            email="x@test.example",
            full_name="X",
            organisation=team.organisation,
            roles=[(Role.CLINICIAN, team)],
        )

    assert len(callbacks) == 1
    assert mail.outbox == []


def test_it_refuses_to_grant_a_role_in_another_team(manager: User, other_team: Team) -> None:
    with pytest.raises(PermissionDenied):
        services.user_invite(
            by=manager,
            email="x@test.example",
            full_name="X",
            organisation=None,
            roles=[(Role.CLINICIAN, other_team)],
        )

    assert not User.objects.filter(email="x@test.example").exists()
    assert _events("user.invited") == []


def test_it_refuses_to_let_a_manager_grant_instance_roles(manager: User) -> None:
    with pytest.raises(PermissionDenied):
        services.user_invite(
            by=manager,
            email="x@test.example",
            full_name="X",
            organisation=None,
            roles=[(Role.SYSTEM_ADMIN, None)],
        )


def test_it_requires_an_organisation_for_a_practitioner(manager: User) -> None:
    with pytest.raises(ValidationError, match="must belong to an organisation"):
        services.user_invite(
            by=manager,
            email="x@test.example",
            full_name="X",
            organisation=None,
            roles=[(Role.PRACTITIONER, None)],
        )

    assert not User.objects.filter(email="x@test.example").exists()


def test_it_refuses_a_duplicate_email_and_saves_nothing(
    manager: User, clinician: User, team: Team
) -> None:
    with pytest.raises(ValidationError):
        services.user_invite(
            by=manager,
            email="CLINICIAN@test.example",
            full_name="Copy",
            organisation=None,
            roles=[(Role.TRAINER, team)],
        )

    assert User.objects.filter(email="clinician@test.example").count() == 1
    assert _events("user.invited") == []


def test_it_sets_roles_and_records_what_changed(
    manager: User, clinician: User, team: Team, health_visiting: Organisation
) -> None:
    clinician.organisation = health_visiting
    clinician.save()

    change = services.user_set_roles(
        by=manager, user=clinician, roles=[(Role.TRAINER, team), (Role.PRACTITIONER, None)]
    )

    assert sorted(role for role, _team in change.added) == [Role.PRACTITIONER, Role.TRAINER]
    assert change.removed == [(Role.CLINICIAN, team)]
    held = set(RoleAssignment.objects.filter(user=clinician).values_list("role", flat=True))
    assert held == {"trainer", "practitioner"}
    (event,) = _events("user.roles_changed")
    assert event.detail["removed"] == [f"clinician@{team.code}"]


def test_it_leaves_roles_outside_the_managers_reach(
    manager: User, team: Team, other_team: Team
) -> None:
    person = User.objects.create_user("two.teams@test.example", full_name="Two Teams")
    RoleAssignment.objects.create(user=person, role=Role.CLINICIAN, team=other_team)

    services.user_set_roles(by=manager, user=person, roles=[(Role.TRAINER, team)])

    held = {(a.role, a.team_id) for a in RoleAssignment.objects.filter(user=person)}
    assert held == {("clinician", other_team.pk), ("trainer", team.pk)}


def test_it_records_nothing_when_roles_do_not_change(manager: User, clinician: User, team: Team):
    services.user_set_roles(by=manager, user=clinician, roles=[(Role.CLINICIAN, team)])

    assert _events("user.roles_changed") == []


def test_it_deactivates_and_reactivates_an_account(manager: User, clinician: User) -> None:
    services.user_deactivate(by=manager, user=clinician, reason="  Left the team ")
    clinician.refresh_from_db()

    assert not clinician.is_active
    assert clinician.deactivated_by == manager
    assert _events("user.deactivated")[0].detail == {"reason": "Left the team"}

    services.user_reactivate(by=manager, user=clinician)
    clinician.refresh_from_db()

    assert clinician.is_active
    assert clinician.deactivated_at is None
    assert len(_events("user.reactivated")) == 1


def test_it_refuses_to_deactivate_oneself(manager: User) -> None:
    with pytest.raises(ValidationError, match="your own account"):
        services.user_deactivate(by=manager, user=manager, reason="oops")

    manager.refresh_from_db()
    assert manager.is_active


def test_it_keeps_deactivation_fields_consistent_in_the_database(clinician: User) -> None:
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=clinician.pk).update(is_active=False)


def test_it_keeps_team_roles_with_a_team_in_the_database(clinician: User) -> None:
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=clinician, role=Role.TRAINER, team=None)


@pytest.mark.usefixtures("account_emails_at_once")
def test_it_sends_a_reset_link_only_to_an_existing_active_account(
    clinician: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.user_request_password_reset(email="nobody@test.example")
        services.user_request_password_reset(email="Clinician@Test.Example")

    (message,) = mail.outbox
    assert message.to == ["clinician@test.example"]
    assert "/password/set/" in message.body


def test_it_creates_the_first_system_administrator_with_createsuperuser() -> None:
    admin = User.objects.create_superuser(
        "first.admin@test.example", "A-long-enough-pass-1", full_name="First Admin"
    )

    assert admin.has_role(Role.SYSTEM_ADMIN)
    assert admin.check_password("A-long-enough-pass-1")
    assert _events("user.created")[0].actor_label == "system"
