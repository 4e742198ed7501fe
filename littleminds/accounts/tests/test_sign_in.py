from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from littleminds.accounts.models import User
from littleminds.accounts.tests.factories import PASSWORD, DeactivatedUserFactory
from littleminds.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    return client.post("/sign-in/", {"email": email, "password": password, **extra})


def test_it_signs_in_by_email_in_any_case_and_lands_on_your_work(practitioner: User) -> None:
    client = Client()

    response = _sign_in(client, "Practitioner@TEST.example")

    assert response.status_code == 302
    assert response["Location"] == "/work/"
    assert client.get("/work/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.signed_in", actor_code=practitioner.code).exists()


def test_it_follows_a_safe_next_address_only(practitioner: User) -> None:
    assert _sign_in(Client(), practitioner.email, next="/account/")["Location"] == "/account/"
    evil = _sign_in(Client(), practitioner.email, next="https://evil.example/")
    assert evil["Location"] == "/work/"


def test_it_explains_a_wrong_password_without_saying_which_part_was_wrong(
    practitioner: User,
) -> None:
    wrong_password = _sign_in(Client(), practitioner.email, "not-the-password")
    unknown_email = _sign_in(Client(), "nobody@test.example")

    for response in (wrong_password, unknown_email):
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert "Enter a correct email address and password" in body
        assert "<title>Error: Sign in" in body
        assert "_auth_user_id" not in response.wsgi_request.session


def test_it_asks_for_both_fields_with_specific_messages() -> None:
    body = Client().post("/sign-in/", {"email": "", "password": ""}).content.decode()

    assert "Enter your email address" in body
    assert "Enter your password" in body
    assert 'href="#id_email"' in body


def test_it_refuses_a_deactivated_account() -> None:
    person = DeactivatedUserFactory.create(email="gone@test.example")

    response = _sign_in(Client(), person.email)

    assert "Enter a correct email address and password" in response.content.decode()


def test_it_locks_out_the_account_after_repeated_failures(settings, practitioner: User) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _sign_in(client, practitioner.email, "wrong-password")

    response = _sign_in(client, practitioner.email)  # now even the right password is refused

    assert response.status_code == 429
    assert "Sign-in is locked for now" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_out_the_address_for_other_accounts_too(
    settings, practitioner: User, analyst: User
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        _sign_in(client, "someone.else@test.example", "wrong-password")

    assert _sign_in(client, analyst.email).status_code == 429


class TestLockoutFromManyAddresses:
    """ADR 0006: failures lock the account (from wherever they come) and, separately, the
    address (whichever accounts it tries). Behind the proxy each request's address is the
    one the proxy recorded in X-Forwarded-For."""

    @pytest.fixture(autouse=True)
    def _behind_a_proxy(self, settings) -> None:
        settings.AXES_FAILURE_LIMIT = 3
        settings.BEHIND_PROXY = True
        settings.PROXY_COUNT = 1

    @staticmethod
    def _from(address: str, email: str, password: str = PASSWORD):
        client = Client(HTTP_X_FORWARDED_FOR=address)
        return client, _sign_in(client, email, password)

    def test_it_locks_an_account_failed_from_many_addresses(self, practitioner: User) -> None:
        # The same account in another letter case is the same account.
        for n, email in enumerate(["practitioner@test.example", "PRACTITIONER@test.example"] * 2):
            _, response = self._from(f"203.0.113.{n + 1}", email, "wrong-password")
            assert response.status_code == (200 if n < 2 else 429)  # the third locks it

        client, response = self._from("198.51.100.7", practitioner.email)

        assert response.status_code == 429
        assert "Sign-in is locked for now" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_it_locks_an_address_that_fails_for_many_accounts(self, analyst: User) -> None:
        for n in range(3):
            self._from("203.0.113.9", f"guess.{n}@test.example", "wrong-password")

        assert self._from("203.0.113.9", analyst.email)[1].status_code == 429
        assert self._from("198.51.100.7", analyst.email)[1].status_code == 302

    def test_it_never_locks_another_account_from_another_address(
        self, practitioner: User, analyst: User
    ) -> None:
        for n in range(5):
            self._from(f"203.0.113.{n + 1}", practitioner.email, "wrong-password")

        wrong = self._from("198.51.100.7", analyst.email, "wrong-password")[1]
        right = self._from("198.51.100.8", analyst.email)[1]

        assert wrong.status_code == 200
        assert "Enter a correct email address and password" in wrong.content.decode()
        assert right.status_code == 302

    def test_a_sign_in_to_another_account_does_not_clear_an_accounts_failures(
        self, practitioner: User, analyst: User
    ) -> None:
        # Otherwise anyone with an account could guess two passwords, sign in to their own
        # account from the same address to wipe the count, and guess again for ever.
        for _ in range(2):
            self._from("203.0.113.9", practitioner.email, "wrong-password")
        assert self._from("203.0.113.9", analyst.email)[1].status_code == 302
        self._from("203.0.113.10", practitioner.email, "wrong-password")

        assert self._from("198.51.100.7", practitioner.email)[1].status_code == 429

    def test_the_right_password_clears_the_accounts_own_failures(self, practitioner: User) -> None:
        for n in range(2):
            self._from(f"203.0.113.{n + 1}", practitioner.email, "wrong-password")
        assert self._from("198.51.100.7", practitioner.email)[1].status_code == 302

        for n in range(2):
            self._from(f"203.0.113.{n + 1}", practitioner.email, "wrong-password")

        assert self._from("198.51.100.8", practitioner.email)[1].status_code == 302


def test_it_signs_out_only_by_post(sign_in, practitioner: User) -> None:
    client = sign_in(Client(), practitioner)

    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")

    assert response["Location"] == "/"
    assert client.get("/work/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.signed_out").exists()


def test_it_says_why_after_a_timeout_sign_out(sign_in, practitioner: User) -> None:
    client = sign_in(Client(), practitioner)

    response = client.post("/sign-out/", {"reason": "timeout"}, follow=True)

    assert "You were signed out because you had not done anything" in response.content.decode()
    assert AuditEvent.objects.get(action="auth.signed_out").detail == {"reason": "timeout"}


def test_it_extends_a_session_on_request(sign_in, practitioner: User) -> None:
    client = sign_in(Client(), practitioner)

    assert client.post("/session/extend/").status_code == 204
    assert client.get("/session/extend/").status_code == 405
    assert Client().post("/session/extend/").status_code == 401


def test_it_ends_sessions_after_thirty_idle_minutes(practitioner: User) -> None:
    client = Client()
    _sign_in(client, practitioner.email)
    start = timezone.now()

    with time_machine.travel(start + timedelta(minutes=29)):
        assert client.get("/work/").status_code == 200  # activity renews the session
    with time_machine.travel(start + timedelta(minutes=29 + 29)):
        assert client.get("/work/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=29 + 29 + 31)):
        response = client.get("/work/")

    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


class TestSecondFactor:
    def test_it_sends_staff_with_personal_data_to_enrol(self, settings, clinician: User) -> None:
        settings.REQUIRE_2FA = True
        client = Client()

        response = _sign_in(client, clinician.email)

        assert response["Location"].startswith("/account/two-factor/?next=")
        assert client.get("/work/")["Location"].startswith("/account/two-factor/")
        assert client.get("/api/accounts/me").status_code == 401

    def test_it_lets_roles_without_personal_data_in_without_one(
        self, settings, practitioner: User
    ) -> None:
        settings.REQUIRE_2FA = True

        assert _sign_in(Client(), practitioner.email)["Location"] == "/work/"

    def test_it_enrols_a_device_with_a_valid_code(self, settings, clinician: User) -> None:
        settings.REQUIRE_2FA = True
        client = Client()
        _sign_in(client, clinician.email)
        page = client.get("/account/two-factor/")
        device = TOTPDevice.objects.get(user=clinician, confirmed=False)

        assert "setup-key" in page.content.decode()
        assert "<svg" in page.content.decode()
        wrong = client.post("/account/two-factor/", {"code": "000000"})
        assert "The security code is not correct" in wrong.content.decode()
        code = f"{totp(device.bin_key):06d}"
        too_soon = client.post("/account/two-factor/", {"code": code})
        assert "Wait a minute, then enter the newest code" in too_soon.content.decode()

        with time_machine.travel(timezone.now() + timedelta(seconds=3)):
            code = f"{totp(device.bin_key):06d}"
            response = client.post("/account/two-factor/", {"code": code, "next": "/account/"})

            assert response["Location"] == "/account/"
            assert client.get("/work/").status_code == 200
        device.refresh_from_db()
        assert device.confirmed
        assert AuditEvent.objects.filter(action="auth.second_factor_enrolled").exists()

    def test_it_asks_an_enrolled_person_for_a_code_at_each_sign_in(
        self, settings, clinician: User
    ) -> None:
        settings.REQUIRE_2FA = True
        device = TOTPDevice.objects.create(user=clinician, name="phone", confirmed=True)
        client = Client()

        response = _sign_in(client, clinician.email)
        assert response["Location"].startswith("/account/two-factor/verify/")
        # Someone with only the password cannot replace the enrolled device.
        assert client.get("/account/two-factor/")["Location"].startswith(
            "/account/two-factor/verify/"
        )
        bad = client.post("/account/two-factor/verify/", {"code": "12ab"})
        assert "Enter the security code as 6 numbers" in bad.content.decode()

        good = client.post("/account/two-factor/verify/", {"code": f"{totp(device.bin_key):06d}"})

        assert good["Location"] == "/work/"
        assert client.get("/work/").status_code == 200
        assert AuditEvent.objects.filter(action="auth.second_factor_verified").exists()

    def test_it_records_a_wrong_code(self, settings, clinician: User) -> None:
        settings.REQUIRE_2FA = True
        TOTPDevice.objects.create(user=clinician, name="phone", confirmed=True)
        client = Client()
        _sign_in(client, clinician.email)

        response = client.post("/account/two-factor/verify/", {"code": "000000"})

        assert "The security code is not correct" in response.content.decode()
        assert client.get("/work/").status_code == 302
        event = AuditEvent.objects.get(action="auth.second_factor_failed")
        assert event.detail == {"reason": "wrong"}

    def test_it_is_not_required_when_the_instance_turns_it_off(
        self, settings, clinician: User
    ) -> None:
        settings.REQUIRE_2FA = False
        client = Client()

        assert _sign_in(client, clinician.email)["Location"] == "/work/"
        assert client.get("/work/").status_code == 200


@pytest.mark.parametrize("url", ["/sign-in/", "/password/forgotten/"])
def test_a_pasted_page_for_an_email_address_is_told_once_that_it_is_too_long(url: str) -> None:
    body = Client().post(url, {"email": "x" * 5000, "password": "x"}).content.decode()

    summary = body.split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert summary.count("<li>") == 1, summary
    assert "Your email address must be 254 characters or fewer" in summary
    assert "correct format" not in body
