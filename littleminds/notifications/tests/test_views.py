from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.notifications.models import Notification
from littleminds.notifications.tests.fakes import FlakyBackend
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import sent_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("intake")]

LIST = reverse("notifications:list")


def retry_url(notification: Notification) -> str:
    return reverse("notifications:retry", kwargs={"code": notification.code})


@pytest.fixture
def failed(
    practitioner: User,
    flaky: type[FlakyBackend],
    self_referral: Callable[..., Referral],
    django_capture_on_commit_callbacks: Any,
) -> list[Notification]:
    """A referrer's e-mail and a family's text that failed, and one that went (each tried
    once, straight after its referral was committed)."""
    with django_capture_on_commit_callbacks(execute=True):
        referrals = [sent_referral(practitioner), self_referral(confirm_by="text", may_text=True)]
    flaky.down = False
    with django_capture_on_commit_callbacks(execute=True):
        sent_referral(practitioner, postcode="BD8 7AA")
    flaky.down = True
    return [n for referral in referrals for n in referral.notifications.all()]


@pytest.fixture
def other_manager(other_team: Team) -> User:
    return UserFactory.create(
        email="other.manager@test.example", roles=[(Role.SERVICE_MANAGER, other_team)]
    )


def test_it_lists_the_failed_and_waiting_notifications_of_the_managers_teams(
    manager: User, sign_in: Callable[[Client, User], Client], failed: list[Notification]
) -> None:
    referral = failed[0].referral
    assert referral is not None
    waiting = referral.notifications.create(
        recipient="referrer", channel="email", template="accepted", to="x@test.example", body="b"
    )
    client = sign_in(Client(), manager)

    response = client.get(LIST)

    assert response.status_code == 200
    rows = list(response.context["page"])
    assert rows == [*failed, waiting]
    html = response.content.decode()
    assert "3 notifications not sent" in html
    assert str(referral.reference) in html
    assert "ConnectionError: the provider did not answer" in html
    assert "practitioner@test.example" in html  # a colleague's work address, in full
    # The family's phone number is never shown in full.
    assert "+447700900123" not in html
    assert "•••••••123" in html
    assert "Try again now" in html


def test_it_keeps_its_query_count_whatever_the_number_of_rows(
    manager: User,
    sign_in: Callable[[Client, User], Client],
    failed: list[Notification],
    practitioner: User,
    django_assert_num_queries: Any,
) -> None:
    client = sign_in(Client(), manager)
    client.get(LIST)  # the session's first request loads more
    # Not the session's save: it is renewed at most once a minute (ADR 0061; was 9).
    with django_assert_num_queries(6) as few:
        client.get(LIST)
    for n in range(5):
        sent_referral(practitioner, postcode=f"BD{n + 1} 1AA")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert len(response.context["page"]) == 7


def test_it_shows_nothing_of_other_teams(
    other_manager: User, sign_in: Callable[[Client, User], Client], failed: list[Notification]
) -> None:
    client = sign_in(Client(), other_manager)

    response = client.get(LIST)

    assert list(response.context["page"]) == []
    assert "Every notification has been sent." in response.content.decode()
    assert client.post(retry_url(failed[0])).status_code == 404


def test_a_system_administrator_sees_no_referrals_notifications(
    sysadmin: User, sign_in: Callable[[Client, User], Client], failed: list[Notification]
) -> None:
    client = sign_in(Client(), sysadmin)

    response = client.get(LIST)

    assert response.status_code == 200  # the page of account e-mails (ADR 0017)
    assert list(response.context["page"]) == []
    assert client.post(retry_url(failed[0])).status_code == 404
    assert Notification.objects.get(pk=failed[0].pk).attempts == 1


@pytest.mark.parametrize("persona", ["clinician", "other_clinician", "practitioner"])
def test_it_is_not_found_for_anyone_but_a_service_manager(
    persona: str,
    request: pytest.FixtureRequest,
    sign_in: Callable[[Client, User], Client],
    failed: list[Notification],
) -> None:
    client = sign_in(Client(), request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 404
    assert client.post(retry_url(failed[0])).status_code == 404
    assert Notification.objects.get(pk=failed[0].pk).attempts == 1


def test_it_sends_a_visitor_to_sign_in(failed: list[Notification]) -> None:
    for response in (Client().get(LIST), Client().post(retry_url(failed[0]))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:sign-in"))


# Real commits, so that the send after the commit happens while the request runs, as live.
@pytest.mark.django_db(transaction=True)
def test_try_again_now_sends_it_and_is_audited(
    manager: User,
    sign_in: Callable[[Client, User], Client],
    failed: list[Notification],
    flaky: type[FlakyBackend],
) -> None:
    flaky.down = False
    client = sign_in(Client(), manager)
    text = failed[1]

    response = client.post(retry_url(text), follow=True)

    text.refresh_from_db()
    assert text.status == Notification.Status.SENT
    assert text.attempts == 2
    assert f"The notification about {text.about} is sent." in (response.content.decode())
    event = AuditEvent.objects.get(action="notification.retry")
    assert (event.actor_label, event.target_code) == (manager.email, str(text.code))
    # It no longer needs attention: trying it again is not found.
    assert text not in list(response.context["page"])
    assert client.post(retry_url(text)).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_try_again_now_works_after_the_last_try_allowed_and_reports_the_error(
    manager: User, sign_in: Callable[[Client, User], Client], failed: list[Notification]
) -> None:
    email = failed[0]
    Notification.objects.filter(pk=email.pk).update(attempts=5, next_attempt_at=None)
    client = sign_in(Client(), manager)

    response = client.post(retry_url(email), follow=True)

    email.refresh_from_db()
    assert (email.status, email.attempts, email.next_attempt_at) == ("failed", 6, None)
    assert "could not be sent: ConnectionError" in response.content.decode()


def test_try_again_now_is_a_form_only(
    manager: User, sign_in: Callable[[Client, User], Client], failed: list[Notification]
) -> None:
    client = sign_in(Client(), manager)

    assert client.get(retry_url(failed[0])).status_code == 405
    assert client.post(LIST).status_code == 405
    assert not AuditEvent.objects.filter(action="notification.retry").exists()


def test_it_lists_only_the_failed_ones_when_asked_and_says_so(
    manager: User, sign_in: Callable[[Client, User], Client], failed: list[Notification]
) -> None:
    referral = failed[0].referral
    assert referral is not None
    referral.notifications.create(
        recipient="referrer", channel="email", template="accepted", to="x@test.example", body="b"
    )
    client = sign_in(Client(), manager)

    response = client.get(LIST, {"status": "failed"})

    assert list(response.context["page"]) == failed
    html = response.content.decode()
    assert "2 notifications could not be sent" in html
    assert "Showing only the notifications that could not be sent." in html
    assert f'<a href="{LIST}">Show every notification not sent</a>' in html
    # Without the filter, or with one it does not know, every unsent one is listed.
    for query in ({}, {"status": "queued"}, {"status": "x" * 500}):
        assert len(client.get(LIST, query).context["page"]) == 3
    assert f'href="{LIST}?status=failed"' in client.get(LIST).content.decode()


def test_the_failed_ones_keep_the_filter_from_page_to_page(
    manager: User, sign_in: Callable[[Client, User], Client], failed: list[Notification]
) -> None:
    referral = failed[0].referral
    assert referral is not None
    for n in range(55):
        referral.notifications.create(
            recipient="referrer",
            channel="email",
            template="accepted",
            to="x@t.example",
            status="failed",
            attempts=1,
            body=f"{n}",
        )
    html = sign_in(Client(), manager).get(LIST, {"status": "failed"}).content.decode()
    assert "?status=failed&amp;page=2" in html


def _staff_email(to: User, status: str) -> Notification:
    from django.utils import timezone

    return Notification.objects.create(
        user=to,
        recipient=Notification.Recipient.STAFF,
        channel=Notification.Channel.EMAIL,
        template="risk_task",
        to=to.email,
        subject="A risk to follow up",
        body="b",
        status=status,
        attempts=1,
        sent_at=timezone.now() if status == Notification.Status.SENT else None,
        next_attempt_at=None,
    )


def test_a_managers_failed_count_includes_staff_emails_and_equals_the_list(
    manager: User,
    clinician: User,
    other_clinician: User,
    sign_in: Callable[[Client, User], Client],
    failed: list[Notification],
) -> None:
    """Found in the browser walk: risk tasks' e-mails to the team's clinicians that failed
    were in nobody's count."""
    from littleminds.accounts.work import work_for

    mine = _staff_email(clinician, Notification.Status.FAILED)
    _staff_email(other_clinician, Notification.Status.FAILED)  # another team's
    _staff_email(clinician, Notification.Status.SENT)

    item = next(i for i in work_for(manager) if i.key == "notifications_failed")
    response = sign_in(Client(), manager).get(item.url)
    rows = list(response.context["page"])

    assert mine in rows
    assert item.number == len(rows) == len(failed) + 1
    assert "Member of staff" in response.content.decode()
