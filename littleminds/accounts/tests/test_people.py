from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from littleminds.accounts import services
from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import PASSWORD, UserFactory
from littleminds.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


class TestPeopleList:
    def test_it_shows_a_manager_their_team_and_the_practitioners(
        self, as_persona, clinician: User, practitioner: User, other_clinician: User, sysadmin
    ) -> None:
        response = as_persona("manager").get("/people/")

        people = {person.email for person in response.context["page"]}
        assert people == {"clinician@test.example", "practitioner@test.example"}

    def test_it_shows_a_system_administrator_everyone(
        self, as_persona, manager: User, other_clinician: User
    ) -> None:
        response = as_persona("sysadmin").get("/people/")

        people = {person.email for person in response.context["page"]}
        assert {"manager@test.example", "other.clinician@test.example"} <= people

    def test_it_searches_by_name_role_and_status(
        self, as_persona, manager: User, clinician: User, practitioner: User, team: Team
    ) -> None:
        client = as_persona("manager")
        UserFactory.create(
            email="left@test.example",
            is_active=False,
            deactivated_at="2026-01-01T00:00Z",
            roles=[(Role.TRAINER, team)],
        )

        by_text = client.get("/people/", {"text": "Pip"}).context["page"]
        by_role = client.get("/people/", {"role": "clinician"}).context["page"]
        by_status = client.get("/people/", {"status": "deactivated"}).context["page"]

        assert [p.email for p in by_text] == ["practitioner@test.example"]
        assert [p.email for p in by_role] == ["clinician@test.example"]
        assert [p.email for p in by_status] == ["left@test.example"]

    def test_it_explains_an_unknown_role_filter(self, as_persona, manager: User) -> None:
        response = as_persona("manager").get("/people/", {"role": "wizard"})

        assert response.context["page"] is None
        assert "There is a problem" in response.content.decode()

    def test_it_lists_people_in_a_fixed_number_of_queries(
        self, as_persona, manager: User, team: Team, django_assert_max_num_queries
    ) -> None:
        client = as_persona("manager")
        for _ in range(25):
            UserFactory.create(roles=[(Role.CLINICIAN, team)])

        with django_assert_max_num_queries(12):
            response = client.get("/people/")

        assert len(response.context["page"]) == 25

    @pytest.mark.parametrize(
        "persona", ["clinician", "trainer", "community_worker", "practitioner", "analyst"]
    )
    def test_it_is_not_found_for_other_roles(self, as_persona, persona: str) -> None:
        assert as_persona(persona).get("/people/").status_code == 404

    def test_it_sends_a_visitor_to_sign_in(self, anonymous: Client) -> None:
        assert anonymous.get("/people/")["Location"] == "/sign-in/?next=/people/"


class TestPerson:
    def test_it_shows_a_person_and_audits_the_read(
        self, as_persona, manager: User, clinician: User
    ) -> None:
        response = as_persona("manager").get(f"/people/{clinician.code}/")

        assert response.status_code == 200
        assert "Cal Clinician" in response.content.decode()
        event = AuditEvent.objects.get(action="user.viewed")
        assert (event.actor_code, event.target_code) == (manager.code, str(clinician.code))

    def test_it_is_not_found_for_someone_in_another_team(
        self, as_persona, manager: User, other_clinician: User
    ) -> None:
        response = as_persona("manager").get(f"/people/{other_clinician.code}/")

        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action="user.viewed").exists()

    def test_it_is_not_found_for_oneself(self, as_persona, manager: User) -> None:
        assert as_persona("manager").get(f"/people/{manager.code}/").status_code == 404

    def test_it_is_not_found_for_a_clinician(self, as_persona, clinician: User) -> None:
        assert as_persona("clinician").get(f"/people/{clinician.code}/").status_code == 404


class TestInvite:
    @pytest.mark.usefixtures("account_emails_at_once")
    def test_it_invites_someone_to_the_team(
        self, as_persona, manager: User, team: Team, django_capture_on_commit_callbacks
    ) -> None:
        client = as_persona("manager")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/people/invite/",
                {
                    "full_name": "Nia New",
                    "email": "nia@test.example",
                    "job_title": "Psychotherapist",
                    "roles": [f"clinician:{team.code}"],
                },
            )

        person = User.objects.get(email="nia@test.example")
        assert response["Location"] == f"/people/{person.code}/"
        assert person.has_role(Role.CLINICIAN, team)
        assert mail.outbox[0].to == ["nia@test.example"]

    def test_it_shows_every_problem_and_saves_nothing(
        self, as_persona, manager: User, clinician: User
    ) -> None:
        response = as_persona("manager").post(
            "/people/invite/",
            {"full_name": "", "email": "CLINICIAN@test.example", "roles": ["practitioner"]},
        )

        body = response.content.decode()
        assert response.status_code == 200
        assert "Enter the person&#x27;s full name" in body
        assert "Someone already has an account with this email address" in body
        assert "Choose the organisation the practitioner works for" in body
        assert User.objects.count() == 2
        assert mail.outbox == []

    def test_it_offers_only_the_roles_the_manager_may_give(
        self, as_persona, manager: User, team: Team, other_team: Team
    ) -> None:
        body = as_persona("manager").get("/people/invite/").content.decode()

        assert f'value="clinician:{team.code}"' in body
        assert f'value="clinician:{other_team.code}"' not in body
        assert 'value="system_admin"' not in body
        assert 'value="practitioner"' in body

    def test_it_rejects_a_forged_role(self, as_persona, manager: User, other_team: Team) -> None:
        response = as_persona("manager").post(
            "/people/invite/",
            {
                "full_name": "X",
                "email": "x@test.example",
                "roles": [f"clinician:{other_team.code}"],
            },
        )

        assert "Select a valid choice" in response.content.decode()
        assert not User.objects.filter(email="x@test.example").exists()


class TestRolesAndDeactivation:
    def test_it_changes_roles(self, as_persona, manager: User, clinician: User, team: Team):
        response = as_persona("manager").post(
            f"/people/{clinician.code}/roles/", {"roles": [f"trainer:{team.code}"]}
        )

        assert response["Location"] == f"/people/{clinician.code}/"
        clinician.forget_roles()
        assert clinician.has_role(Role.TRAINER, team)
        assert not clinician.has_role(Role.CLINICIAN)

    def test_it_shows_current_roles_ticked(self, as_persona, manager, clinician, team) -> None:
        body = as_persona("manager").get(f"/people/{clinician.code}/roles/").content.decode()

        assert re.search(rf'value="clinician:{team.code}"\s+checked', body)

    def test_it_deactivates_with_a_reason(self, as_persona, manager, clinician) -> None:
        client = as_persona("manager")

        empty = client.post(f"/people/{clinician.code}/deactivate/", {"reason": ""})
        assert "Enter why you are deactivating this account" in empty.content.decode()
        clinician.refresh_from_db()
        assert clinician.is_active

        done = client.post(f"/people/{clinician.code}/deactivate/", {"reason": "Left"})
        assert done["Location"] == f"/people/{clinician.code}/"
        clinician.refresh_from_db()
        assert not clinician.is_active

        again = client.post(f"/people/{clinician.code}/reactivate/")
        assert again["Location"] == f"/people/{clinician.code}/"
        clinician.refresh_from_db()
        assert clinician.is_active

    def test_it_reactivates_only_by_post(self, as_persona, manager, clinician) -> None:
        assert as_persona("manager").get(f"/people/{clinician.code}/reactivate/").status_code == 405

    def test_it_hides_deactivation_from_outsiders(
        self, as_persona, manager, other_clinician
    ) -> None:
        response = as_persona("manager").post(
            f"/people/{other_clinician.code}/deactivate/", {"reason": "x"}
        )

        assert response.status_code == 404
        other_clinician.refresh_from_db()
        assert other_clinician.is_active

    def test_it_resets_a_second_factor(self, as_persona, manager, clinician) -> None:
        TOTPDevice.objects.create(user=clinician, name="phone", confirmed=True)

        response = as_persona("manager").post(f"/people/{clinician.code}/two-factor/reset/")

        assert response["Location"] == f"/people/{clinician.code}/"
        assert not TOTPDevice.objects.filter(user=clinician).exists()
        assert AuditEvent.objects.filter(action="auth.second_factor_reset").exists()


class TestSetPassword:
    def _link(self, manager: User, team: Team, captured) -> tuple[User, str]:
        with captured(execute=True):
            person = services.user_invite(
                by=manager,
                email="new@test.example",
                full_name="New Person",
                organisation=None,
                roles=[(Role.CLINICIAN, team)],
            )
        link = re.search(r"http://\S+(/password/set/\S+/)", str(mail.outbox[-1].body))
        assert link
        return person, link.group(1)

    @pytest.mark.usefixtures("account_emails_at_once")
    def test_it_sets_a_password_from_an_invitation_once(
        self, manager: User, team: Team, django_capture_on_commit_callbacks
    ) -> None:
        person, path = self._link(manager, team, django_capture_on_commit_callbacks)
        client = Client()

        weak = client.post(path, {"new_password": "password", "confirm_password": "password"})
        assert "This password is too short" in weak.content.decode()
        mismatch = client.post(
            path, {"new_password": "A-good-long-pass-42", "confirm_password": "A-good-long-pass-43"}
        )
        assert "The passwords do not match" in mismatch.content.decode()

        done = client.post(
            path, {"new_password": "A-good-long-pass-42", "confirm_password": "A-good-long-pass-42"}
        )

        assert done["Location"] == "/sign-in/"
        person.refresh_from_db()
        assert person.check_password("A-good-long-pass-42")
        assert Client().get(path).status_code == 404  # the link works once

    def test_it_explains_a_broken_link(self) -> None:
        response = Client().get(f"/password/set/{uuid.uuid4()}/not-a-token/")

        assert response.status_code == 404
        assert "This link has expired" in response.content.decode()

    def test_it_asks_for_an_email_and_says_the_same_either_way(self, clinician: User) -> None:
        client = Client()

        known = client.post("/password/forgotten/", {"email": "clinician@test.example"})
        unknown = client.post("/password/forgotten/", {"email": "nobody@test.example"})
        invalid = client.post("/password/forgotten/", {"email": "not an email"})

        assert "Check your email" in known.content.decode()
        assert "Check your email" in unknown.content.decode()
        assert "Enter an email address in the correct format" in invalid.content.decode()


class TestAccountPages:
    def test_it_shows_your_work_by_role(self, as_persona, manager: User, clinician: User):
        manager_page = as_persona("manager").get("/work/").content.decode()
        clinician_page = as_persona("clinician").get("/work/").content.decode()

        assert 'href="/people/"' in manager_page
        assert 'href="/audit/"' in manager_page
        assert 'href="/people/"' not in clinician_page
        assert "Your team: Parent–Infant Clinical Team" in clinician_page
        assert "Cal Clinician" in clinician_page

    def test_it_changes_your_password(self, as_persona, practitioner: User) -> None:
        client = as_persona("practitioner")

        wrong = client.post(
            "/account/password/",
            {
                "current_password": "nope",
                "new_password": "A-good-long-pass-42",
                "confirm_password": "A-good-long-pass-42",
            },
        )
        assert "Your current password is not correct" in wrong.content.decode()

        done = client.post(
            "/account/password/",
            {
                "current_password": PASSWORD,
                "new_password": "A-good-long-pass-42",
                "confirm_password": "A-good-long-pass-42",
            },
        )

        assert done["Location"] == "/account/"
        assert client.get("/account/").status_code == 200  # still signed in
        practitioner.refresh_from_db()
        assert practitioner.check_password("A-good-long-pass-42")

    def test_it_describes_the_signed_in_person_in_the_api(
        self, as_persona, clinician: User, team: Team
    ) -> None:
        data = as_persona("clinician").get("/api/accounts/me").json()

        assert data["email"] == "clinician@test.example"
        assert data["roles"] == [{"role": "clinician", "team": str(team.code)}]
        assert data["permissions"] == [
            "cases.edit",
            "cases.view",
            "community.view",
            "consultations.offer",
            "consultations.view",
            "insights.view",
            "referrals.create",
            "referrals.triage",
            "team.view",
        ]

    def test_it_refuses_the_api_to_a_visitor(self, anonymous: Client) -> None:
        assert anonymous.get("/api/accounts/me").status_code == 401
