from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from littleminds.accounts.models import Organisation, User
from littleminds.accounts.services import user_deactivate
from littleminds.audit.models import AuditEvent
from littleminds.notifications import messages, services
from littleminds.notifications.models import Notification, mask_address
from littleminds.notifications.tests.fakes import FlakyBackend
from littleminds.referrals import services as referral_services
from littleminds.referrals.lifecycle import DeclineReason
from littleminds.referrals.models import Intake, Referral
from littleminds.referrals.tests.factories import details, sent_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("intake")]

Recipient = Notification.Recipient
Channel = Notification.Channel
Status = Notification.Status


def told(referral: Referral) -> list[tuple[str, str, str, str]]:
    return [
        (n.recipient, n.channel, n.template, n.to) for n in referral.notifications.order_by("pk")
    ]


# Who is told what ----------------------------------------------------------------------------


def test_it_tells_the_referrer_by_email_that_their_referral_arrived(practitioner: User) -> None:
    referral = sent_referral(practitioner)

    assert told(referral) == [("referrer", "email", "submitted", "practitioner@test.example")]
    notification = referral.notifications.get()
    assert notification.status == Status.QUEUED
    assert notification.subject == f"Referral {referral.reference} received"
    assert str(referral.reference) in notification.body
    assert "Parent–Infant Clinical Team" in notification.body
    assert notification.language == "en-gb"


def test_it_tells_the_practitioner_a_partner_system_named(health_visiting: Organisation) -> None:
    referral, _new = referral_services.referral_create(
        kind=Referral.Kind.PRACTITIONER,
        details=details(),
        organisation=health_visiting,
        source=Referral.Source.API,
        referrer_contact={
            "referrer_name": "Amira Ashdown",
            "referrer_role": "Health visitor",
            "referrer_email": "amira@hv.example",
        },
    )

    assert told(referral) == [("referrer", "email", "submitted", "amira@hv.example")]
    body = referral.notifications.get().body
    # No account to sign in to: the reference to quote instead.
    assert "Sign in" not in body
    assert f"quote the reference {referral.reference}" in body


def test_it_does_not_write_to_a_referrer_whose_account_is_closed(
    practitioner: User, clinician: User, sysadmin: User
) -> None:
    referral = sent_referral(practitioner)
    user_deactivate(by=sysadmin, user=practitioner, reason="Left the service.")
    referral.refresh_from_db()

    referral_services.referral_accept(by=clinician, referral=referral)

    assert [n[2] for n in told(referral)] == ["submitted"]


def test_it_tells_a_family_that_referred_itself_by_text_in_plain_words(
    self_referral: Callable[..., Referral],
) -> None:
    referral = self_referral(confirm_by="text", may_text=True)

    assert told(referral) == [("family", "text", "submitted", "+447700900123")]
    text = referral.notifications.get()
    assert text.subject == ""
    assert str(referral.reference) in text.body
    # Nothing of the worries, nor the family's or the baby's names, on a phone's screen.
    for private in ("close to Robin", "Robin", "Sam", "bonding"):
        assert private not in text.body


@pytest.mark.parametrize("channel", ["text", "email"])
def test_the_confirmation_gives_the_teams_number_and_how_long_a_decision_takes(
    self_referral: Callable[..., Referral], intake: Intake, channel: str
) -> None:
    intake.contact_phone, intake.decision_days = "+441632960001", 10
    intake.save()
    referral = self_referral(confirm_by=channel, may_text=True, email="sam@example.com")

    body = referral.notifications.get(template="submitted").body
    assert "01632 960001" in body
    assert "within 10 working days" in body
    assert "/self-referral/where-is-my-request/" in body


def test_it_tells_a_family_by_email_when_they_asked_for_email(
    self_referral: Callable[..., Referral],
) -> None:
    referral = self_referral(confirm_by="email", email="sam@example.com", may_text=False)

    assert told(referral) == [("family", "email", "submitted", "sam@example.com")]
    email = referral.notifications.get()
    assert email.subject == f"We have your request for support ({referral.reference})"
    assert "call 999" in email.body


@pytest.mark.parametrize(
    "changes",
    [
        {"confirm_by": "text", "may_text": False},  # texting them is not safe
        {"confirm_by": "email", "email": ""},  # no address to write to
        {"confirm_by": "", "email": "sam@example.com"},  # they did not ask to hear
    ],
)
def test_it_tells_a_family_nothing_when_they_did_not_ask_or_it_is_not_safe(
    self_referral: Callable[..., Referral], changes: dict[str, Any]
) -> None:
    referral = self_referral(**changes)

    assert told(referral) == []


def test_it_stores_nothing_when_the_referral_is_refused(practitioner: User) -> None:
    with pytest.raises(referral_services.NotEligible):
        sent_referral(practitioner, postcode="LS1 4AP")

    assert not Notification.objects.exists()


def _decide(action: str, referral: Referral, by: User) -> Referral:
    if action == "accept":
        return referral_services.referral_accept(by=by, referral=referral)
    if action == "decline":
        return referral_services.referral_decline(
            by=by,
            referral=referral,
            reason=DeclineReason.BETTER_ELSEWHERE,
            signposting="The family hub's baby group on Tuesdays would suit them.",
        )
    if action == "redirect":
        return referral_services.referral_redirect(
            by=by, referral=referral, message="Book a consultation to talk it through with us."
        )
    if action == "request_info":
        return referral_services.referral_request_info(
            by=by, referral=referral, question="Is the family known to children's social care?"
        )
    if action == "withdraw":
        return referral_services.referral_withdraw(
            by=by, referral=referral, reason="The family moved away."
        )
    raise AssertionError(action)


# For each decision: the referrer's e-mail, with what it must say; whether the family hears.
DECISIONS = [
    ("accept", "accepted", "Referral {ref} accepted", ["has accepted"], True),
    (
        "decline",
        "declined",
        "Referral {ref} not accepted",
        ["Another service is better placed to help", "baby group on Tuesdays"],
        True,
    ),
    (
        "redirect",
        "redirected",
        "Referral {ref}: a consultation is offered instead",
        ["Book a consultation"],
        True,
    ),
    (
        "request_info",
        "more_info",
        "Referral {ref}: more information needed",
        ["Is the family known to children's social care?"],
        False,
    ),
    ("withdraw", "withdrawn", "Referral {ref} withdrawn", ["has been withdrawn"], True),
]


@pytest.mark.parametrize(("action", "template", "subject", "says", "family_hears"), DECISIONS)
def test_it_tells_the_referrer_and_the_family_of_each_decision(
    practitioner: User,
    clinician: User,
    action: str,
    template: str,
    subject: str,
    says: list[str],
    family_hears: bool,
) -> None:
    referral = sent_referral(practitioner, confirm_by="text", may_text=True)
    assert [n[2] for n in told(referral)] == ["submitted", "submitted"]

    referral = _decide(action, referral, clinician)

    new = list(referral.notifications.filter(template=template).order_by("pk"))
    expected = [("referrer", "email", "practitioner@test.example")]
    if family_hears:
        expected.append(("family", "text", "+447700900123"))
    assert [(n.recipient, n.channel, n.to) for n in new] == expected
    email = new[0]
    assert email.subject == subject.format(ref=referral.reference)
    for words in [str(referral.reference), *says]:
        assert words in email.body
    if family_hears:
        # The team's words to the practitioner never reach the family's phone.
        text = new[1]
        for words in says[1:]:
            assert words not in text.body
        assert str(referral.reference) in text.body


def test_it_tells_the_referrer_of_a_duplicate_with_the_earlier_reference(
    practitioner: User, clinician: User
) -> None:
    original = sent_referral(practitioner)
    again = sent_referral(practitioner)

    again = referral_services.referral_mark_duplicate(
        by=clinician, referral=again, original=original
    )

    email = again.notifications.get(template="duplicate")
    assert original.reference is not None
    assert original.reference in email.body
    assert email.recipient == Recipient.REFERRER


def test_it_does_not_tell_anyone_that_triage_has_started(
    practitioner: User, clinician: User
) -> None:
    referral = sent_referral(practitioner)

    referral_services.triage_start(by=clinician, referral=referral)

    assert [n[2] for n in told(referral)] == ["submitted"]


def test_it_does_not_tell_a_referrer_of_the_withdrawal_they_made(practitioner: User) -> None:
    referral = sent_referral(practitioner)

    referral_services.referral_withdraw(by=practitioner, referral=referral, reason="Sent twice.")

    assert [n[2] for n in told(referral)] == ["submitted"]


def test_it_gives_a_family_that_referred_itself_the_teams_advice_by_email_and_by_text(
    self_referral: Callable[..., Referral], clinician: User
) -> None:
    by_email = self_referral(confirm_by="email", email="sam@example.com")
    by_text = self_referral(confirm_by="text", may_text=True, postcode="BD8 7AA")

    for referral in (by_email, by_text):
        _decide("decline", referral, clinician)

    email = by_email.notifications.get(template="declined")
    text = by_text.notifications.get(template="declined")
    assert "baby group on Tuesdays" in email.body
    assert "baby group on Tuesdays" in text.body
    assert "Other support that may help:" in text.body
    assert "health visitor or GP" not in text.body  # the team said who can help
    assert len(text.body) <= messages.TEXT_LIMIT


def test_advice_too_long_for_a_text_is_behind_the_status_check(
    self_referral: Callable[..., Referral], clinician: User, settings: Any
) -> None:
    referral = self_referral(confirm_by="text", may_text=True)
    advice = "The family hub runs a baby group on Tuesdays at 10 in the morning. " * 12
    referral_services.triage_start(by=clinician, referral=referral)
    referral_services.referral_decline(
        by=clinician, referral=referral, reason=DeclineReason.BETTER_ELSEWHERE, signposting=advice
    )

    text = referral.notifications.get(template="declined").body
    assert len(text) <= messages.TEXT_LIMIT
    assert "baby group" not in text
    # A link anyone holding the phone may open: it says nothing until the three answers.
    link = f"{settings.SITE_URL}/self-referral/where-is-my-request/"
    assert f"{link} " in text
    assert "date of birth" in text
    assert str(referral.reference) not in text.split(link)[1].split()[0]


def test_it_writes_to_a_family_in_their_language_where_the_instance_has_it(
    self_referral: Callable[..., Referral], practitioner: User, settings: Any
) -> None:
    settings.LANGUAGES = [("en-gb", "English"), ("pl", "Polski")]
    polish = self_referral(confirm_by="email", email="ola@example.com", language="pl")
    welsh = self_referral(
        confirm_by="email", email="cerys@example.com", language="cy", postcode="BD8 7AA"
    )
    referral = sent_referral(practitioner, confirm_by="email", email="a@example.com", language="pl")

    assert polish.notifications.get().language == "pl"
    assert welsh.notifications.get().language == "en-gb"  # no Welsh yet: the default
    # The referrer reads the instance's language, whatever the family speaks.
    assert referral.notifications.get(recipient="referrer").language == "en-gb"
    assert referral.notifications.get(recipient="family").language == "pl"


# Sending ---------------------------------------------------------------------------------------


def test_it_sends_after_the_referral_is_committed(
    practitioner: User, django_capture_on_commit_callbacks, capsys: pytest.CaptureFixture[str]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        referral = sent_referral(practitioner)
        # Nothing goes out before the referral is stored for good.
        assert capsys.readouterr().out == ""

    assert len(callbacks) == 1
    printed = capsys.readouterr().out
    assert "Email to practitioner@test.example" in printed
    assert f"Subject: Referral {referral.reference} received" in printed
    notification = referral.notifications.get()
    assert notification.status == Status.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    assert notification.next_attempt_at is None
    assert AuditEvent.objects.filter(
        action="notification.sent", target_code=str(notification.code)
    ).exists()
    # Sending again does nothing: it is not due.
    assert services.notification_send(notification.pk) is None


def test_a_failing_backend_never_loses_the_referral_and_it_is_retried_until_it_is_sent(
    practitioner: User, flaky: type[FlakyBackend], django_capture_on_commit_callbacks
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            referral = sent_referral(practitioner)

        referral.refresh_from_db()
        assert referral.reference
        assert referral.status == "submitted"
        notification = referral.notifications.get()
        assert notification.status == Status.FAILED
        assert notification.attempts == 1
        assert notification.last_error == "ConnectionError: the provider did not answer"
        assert notification.next_attempt_at == start + timedelta(minutes=5)
        assert AuditEvent.objects.filter(action="notification.failed").count() == 1

        call_command("notifications", "send", stdout=(out := _Out()))
        assert out.text == "Notifications sent: 0; failed: 0.\n"  # not due yet

    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        call_command("notifications", "send", stdout=(out := _Out()))
        assert out.text == "Notifications sent: 0; failed: 1.\n"
        notification.refresh_from_db()
        assert notification.attempts == 2
        assert notification.next_attempt_at == timezone.now() + timedelta(minutes=15)

    flaky.down = False
    with time_machine.travel(start + timedelta(minutes=22), tick=False):
        call_command("notifications", "send", stdout=(out := _Out()))
        assert out.text == "Notifications sent: 1; failed: 0.\n"

    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert notification.attempts == 3
    assert notification.last_error == ""
    assert [message.to for message in flaky.sent] == ["practitioner@test.example"]


def test_it_stops_trying_after_the_attempts_allowed_and_keeps_the_failure(
    practitioner: User, flaky: type[FlakyBackend], settings: Any
) -> None:
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    notification = sent_referral(practitioner).notifications.get()
    when = timezone.now()
    for _try in range(5):
        with time_machine.travel(when, tick=False):
            call_command("notifications", "send", stdout=_Out())
        when += timedelta(days=1)

    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert notification.attempts == 3
    assert notification.next_attempt_at is None
    assert notification.gave_up
    assert notification.last_error


def test_the_command_sends_what_was_stored_but_never_sent(
    practitioner: User, capsys: pytest.CaptureFixture[str]
) -> None:
    # As if the process had stopped between the commit and the send (the callbacks that
    # run after a commit never run in this test's transaction).
    notification = sent_referral(practitioner).notifications.get()
    assert notification.status == Status.QUEUED

    # The request that made it holds it for a while: the cron job leaves it alone...
    call_command("notifications", "send")
    notification.refresh_from_db()
    assert notification.status == Status.QUEUED
    assert "Notifications sent: 0; failed: 0." in capsys.readouterr().out

    # ...and sends it once the hold has run out.
    with time_machine.travel(timezone.now() + services.CLAIM + timedelta(seconds=1)):
        call_command("notifications", "send")

    notification.refresh_from_db()
    assert notification.status == Status.SENT
    assert "Notifications sent: 1; failed: 0." in capsys.readouterr().out


def test_it_gives_up_at_once_when_trying_again_cannot_help(
    self_referral: Callable[..., Referral], settings: Any, django_capture_on_commit_callbacks
) -> None:
    settings.NOTIFICATIONS_BACKEND = "email"  # it cannot send text messages
    with django_capture_on_commit_callbacks(execute=True):
        notification = self_referral(confirm_by="text", may_text=True).notifications.get()

    notification.refresh_from_db()
    assert notification.status == Status.FAILED
    assert notification.attempts == 1
    assert notification.next_attempt_at is None
    assert "sends e-mail only" in notification.last_error


def test_it_never_records_a_familys_address_in_full_in_an_error(
    self_referral: Callable[..., Referral],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:
    class Refusing:
        def send(self, message: Any) -> None:
            raise RuntimeError(f"550 <{message.to}>: Recipient address rejected")

    monkeypatch.setattr(services.backends, "get_backend", Refusing)
    with django_capture_on_commit_callbacks(execute=True):
        referral = self_referral(confirm_by="email", email="sam@example.com")
    notification = referral.notifications.get()

    notification.refresh_from_db()
    assert "sam@example.com" not in notification.last_error
    assert "s•••@•••.com" in notification.last_error


def test_a_notification_another_sender_holds_is_left_alone(practitioner: User) -> None:
    notification = sent_referral(practitioner).notifications.get()
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() + services.CLAIM
    )

    assert services.notification_send(notification.pk) is None
    notification.refresh_from_db()
    assert notification.status == Status.QUEUED


def test_it_waits_longer_after_each_failure_up_to_a_day() -> None:
    assert [services.backoff(n) for n in (1, 2, 3, 4)] == [
        timedelta(minutes=5),
        timedelta(minutes=15),
        timedelta(minutes=45),
        timedelta(minutes=135),
    ]
    assert services.backoff(10) == timedelta(days=1)


@pytest.mark.parametrize(
    ("channel", "address", "shown"),
    [
        ("email", "sam.example@mail.example.com", "s•••@•••.com"),
        ("email", "x@localhost", "x•••@•••"),
        ("text", "+447700900123", "•••••••123"),
        ("text", "07700 900 456", "•••••••456"),
    ],
)
def test_it_masks_addresses(channel: str, address: str, shown: str) -> None:
    assert mask_address(channel, address) == shown


class _Out:
    """Collects what a command writes."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_a_staff_email_of_a_kind_without_words_is_refused(practitioner: User) -> None:
    """Staff see each e-mail's kind in words on the unsent list and in the audit trail, so
    a kind with no words (a code) is a mistake caught when it is stored, not shown."""
    with pytest.raises(ValueError, match="training_surprise"):
        services.staff_notify(
            user=practitioner, template="training_surprise", subject="Hello", body="Hello."
        )
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "template",
    [
        "training_booked",
        "training_waiting",
        "training_offer",
        "training_lapsed",
        "training_cancelled",
        "training_reminder",
        "training_already",
    ],
)
def test_the_training_emails_have_words(practitioner: User, template: str) -> None:
    notification = services.staff_notify(
        user=practitioner, template=template, subject="Training", body="About your place."
    )
    assert notification.get_template_display() != template
