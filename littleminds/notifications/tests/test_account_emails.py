"""Account e-mails (invitations, password resets) through the outbox (ADR 0017): stored with
the change, sent by a thread after the commit or by the cron job, their link made only as
they are sent, and failures shown to system administrators without it."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any, ClassVar

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from littleminds.accounts import services as account_services
from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.audit.models import AuditEvent
from littleminds.core.background import wait_for_background
from littleminds.notifications import services
from littleminds.notifications.backends import Outgoing
from littleminds.notifications.models import Notification
from littleminds.referrals.tests.factories import intake_for, sent_referral

Status = Notification.Status
LINK = re.compile(r"http://\S+(/password/set/\S+/)")
# A backend that fails quoting the whole message, as some providers' errors do.
QUOTING = "littleminds.notifications.tests.test_account_emails.QuotingBackend"


class QuotingBackend:
    bodies: ClassVar[list[str]] = []

    def send(self, message: Outgoing) -> None:
        QuotingBackend.bodies.append(message.body)
        raise ConnectionError(f"refused: {message.body}")


def _invite(manager: User, team: Team) -> User:
    return account_services.user_invite(
        by=manager,
        email="nia@test.example",
        full_name="Nia New",
        organisation=team.organisation,
        roles=[(Role.CLINICIAN, team)],
    )


def _choose_password(path: str) -> int:
    password = "A-good-long-pass-42"
    response = Client().post(path, {"new_password": password, "confirm_password": password})
    return int(response.status_code)


def _after_the_claim() -> Any:
    return time_machine.travel(timezone.now() + services.CLAIM + timedelta(seconds=1))


@pytest.mark.django_db
class TestQueued:
    def test_a_reset_is_stored_without_its_link_and_an_unknown_address_stores_nothing(
        self, clinician: User
    ) -> None:
        account_services.user_request_password_reset(email="nobody@test.example")
        assert not Notification.objects.exists()

        account_services.user_request_password_reset(email="Clinician@Test.Example")

        (queued,) = Notification.objects.all()
        assert (queued.recipient, queued.user, queued.referral) == ("account", clinician, None)
        assert (queued.template, queued.to) == ("password_reset", "clinician@test.example")
        assert queued.subject == "Choose a new Little Minds password"
        assert queued.body == ""  # the link is made when it is sent, never stored
        assert queued.status == Status.QUEUED

    def test_the_cron_job_sends_one_whose_thread_never_ran_and_its_link_works(
        self, settings: Any, manager: User, team: Team
    ) -> None:
        settings.NOTIFICATIONS_BACKEND = "email"
        person = _invite(manager, team)  # no commit here, so no thread: as if it had died

        call_command("notifications", "send", stdout=_Out())
        assert mail.outbox == []  # the request that stored it still holds it
        with _after_the_claim():
            call_command("notifications", "send", stdout=(out := _Out()))

        assert "Notifications sent: 1; failed: 0." in out.text
        (message,) = mail.outbox
        assert message.to == ["nia@test.example"]
        assert message.subject == "You have been invited to Little Minds"
        assert "Maya Manager has invited you" in str(message.body)
        link = LINK.search(str(message.body))
        assert link
        assert _choose_password(link.group(1)) == 302
        person.refresh_from_db()
        assert person.check_password("A-good-long-pass-42")
        sent = AuditEvent.objects.get(action="notification.sent")
        assert not sent.team_code  # an account's e-mail belongs to no team
        assert sent.detail["template"] == "invitation"

    def test_a_failure_never_records_the_link(self, settings: Any, clinician: User) -> None:
        settings.NOTIFICATIONS_BACKEND = QUOTING
        QuotingBackend.bodies = []
        account_services.user_request_password_reset(email=clinician.email)

        with _after_the_claim():
            call_command("notifications", "send", stdout=_Out())

        (body,) = QuotingBackend.bodies
        link = LINK.search(body)
        assert link
        failed = Notification.objects.get()
        assert failed.status == Status.FAILED
        assert "refused: Dear" in failed.last_error
        assert "[link]" in failed.last_error
        assert link.group(1) not in failed.last_error
        assert failed.body == ""

    def test_it_is_not_sent_once_the_account_is_closed_or_its_address_changed(
        self, settings: Any, clinician: User, practitioner: User, sysadmin: User
    ) -> None:
        settings.NOTIFICATIONS_BACKEND = "email"
        account_services.user_request_password_reset(email=clinician.email)
        account_services.user_request_password_reset(email=practitioner.email)
        account_services.user_deactivate(by=sysadmin, user=clinician, reason="Left the service")
        User.objects.filter(pk=practitioner.pk).update(email="moved@test.example")

        with _after_the_claim():
            call_command("notifications", "send", stdout=_Out())

        assert mail.outbox == []
        closed, moved = Notification.objects.order_by("pk")
        assert closed.gave_up
        assert "deactivated" in closed.last_error
        assert moved.gave_up
        assert "address changed" in moved.last_error


@pytest.mark.django_db
class TestUnsentPage:
    @pytest.fixture
    def failed(self, settings: Any, clinician: User) -> Notification:
        settings.NOTIFICATIONS_BACKEND = QUOTING
        account_services.user_request_password_reset(email=clinician.email)
        with _after_the_claim():
            call_command("notifications", "send", stdout=_Out())
        return Notification.objects.get()

    def test_system_administrators_see_failed_account_emails_without_the_link(
        self,
        failed: Notification,
        sysadmin: User,
        sign_in: Callable[[Client, User], Client],
    ) -> None:
        response = sign_in(Client(), sysadmin).get("/notifications/")

        assert list(response.context["page"]) == [failed]
        html = response.content.decode()
        assert "Cal Clinician" in html
        assert "clinician@test.example" in html
        assert "New password" in html
        assert "[link]" in html
        assert "/password/set/" not in html

    def test_service_managers_do_not_see_them(
        self, failed: Notification, manager: User, sign_in: Callable[[Client, User], Client]
    ) -> None:
        client = sign_in(Client(), manager)

        assert list(client.get("/notifications/").context["page"]) == []
        assert client.post(f"/notifications/{failed.code}/retry/").status_code == 404

    @pytest.mark.django_db(transaction=True)
    def test_a_system_administrator_can_try_again_and_it_is_audited(
        self,
        failed: Notification,
        settings: Any,
        sysadmin: User,
        sign_in: Callable[[Client, User], Client],
    ) -> None:
        settings.NOTIFICATIONS_BACKEND = "email"

        response = sign_in(Client(), sysadmin).post(
            f"/notifications/{failed.code}/retry/", follow=True
        )

        assert "The notification about Cal Clinician is sent." in response.content.decode()
        failed.refresh_from_db()
        assert failed.status == Status.SENT
        (message,) = mail.outbox
        assert LINK.search(str(message.body))
        assert AuditEvent.objects.get(action="notification.retry").actor_label == sysadmin.email


# Real commits: the thread started after the commit sends it, and the request did not wait.
@pytest.mark.django_db(transaction=True)
def test_a_thread_sends_it_after_the_commit_and_its_link_works(
    settings: Any, monkeypatch: pytest.MonkeyPatch, clinician: User
) -> None:
    settings.NOTIFICATIONS_BACKEND = "email"
    request_thread = threading.current_thread()
    senders: list[threading.Thread] = []
    original = services.notification_send_claimed

    def spy(notification_id: int) -> Notification | None:
        senders.append(threading.current_thread())
        return original(notification_id)

    monkeypatch.setattr(services, "notification_send_claimed", spy)

    response = Client().post("/password/forgotten/", {"email": clinician.email})
    wait_for_background()

    assert response.status_code == 200
    assert len(senders) == 1
    assert senders[0] is not request_thread
    assert Notification.objects.get().status == Status.SENT
    (message,) = mail.outbox
    link = LINK.search(str(message.body))
    assert link
    assert _choose_password(link.group(1)) == 302


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text


@pytest.mark.django_db
@pytest.mark.parametrize("about", ["neither", "both"])
def test_the_database_keeps_a_notification_about_a_referral_or_an_account(
    about: str, practitioner: User, team: Team
) -> None:
    fields: dict[str, Any] = {"recipient": "account", "channel": "email", "to": "x@test.example"}
    if about == "both":
        intake_for(team)
        fields.update(user=practitioner, referral=sent_referral(practitioner))

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(template="invitation", **fields)
