"""A family that chose to hear by text or by e-mail, and speaks Urdu, Polish or Romanian,
is told in its language: at every step of the referral's life, whether the family referred
itself or a practitioner referred it. The referrer is told in the instance's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import translation

from littleminds.accounts.models import User
from littleminds.notifications import messages
from littleminds.notifications.models import Notification
from littleminds.referrals import services as referral_services
from littleminds.referrals.lifecycle import Action, DeclineReason
from littleminds.referrals.models import Referral
from littleminds.referrals.tests.factories import sent_referral

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("intake")]

LANGUAGES = ("ur", "pl", "ro")
TEAM_WORDS = "The family hub's baby group on Tuesdays would suit them."


def _decide(action: str, referral: Referral, by: User) -> Referral:
    if action == "accept":
        return referral_services.referral_accept(by=by, referral=referral)
    if action == "decline":
        return referral_services.referral_decline(
            by=by, referral=referral, reason=DeclineReason.BETTER_ELSEWHERE, signposting=TEAM_WORDS
        )
    if action == "redirect":
        return referral_services.referral_redirect(by=by, referral=referral, message=TEAM_WORDS)
    if action == "request_info":
        return referral_services.referral_request_info(
            by=by, referral=referral, question=TEAM_WORDS
        )
    if action == "withdraw":
        return referral_services.referral_withdraw(by=by, referral=referral, reason="Moved.")
    raise AssertionError(action)


DECISIONS = ["accept", "decline", "redirect", "request_info", "withdraw"]


def _in_english(notification: Notification, referral: Referral) -> messages.Message:
    """The same message as it would read in English."""
    spoken = referral.language
    referral.language = "en-gb"
    try:
        return messages.render(
            template=notification.template,
            recipient="family",
            channel=notification.channel,
            referral=referral,
        )
    finally:
        referral.language = spoken


def _assert_in_language(notification: Notification, referral: Referral, code: str) -> None:
    """The message is in `code`: its sentences are the catalogue's, and none of the English
    message's sentences is left (except the team's own words, which the team wrote)."""
    assert notification.language == code
    english = _in_english(notification, referral)
    lines = {line for line in notification.body.splitlines() if line.strip()}
    english_lines = {line for line in english.body.splitlines() if line.strip()}
    assert not (lines & english_lines) - {TEAM_WORDS}, (code, lines & english_lines)
    assert str(referral.reference) in notification.body
    if notification.channel == "email":
        assert notification.subject
        assert notification.subject != english.subject
        with translation.override(code):
            danger = translation.gettext(
                "If you or your baby are in danger now, call 999. If you are worried about "
                "your baby's health or your own, call NHS 111 or speak to your GP, midwife or "
                "health visitor."
            )
        assert danger in notification.body
    else:
        assert notification.subject == ""
        assert notification.body.startswith("Little Minds: ")


def _last_template(referral: Referral) -> str:
    """The notification template of the referral's latest event."""
    last = referral.events.order_by("pk").last()
    assert last is not None
    return messages.TEMPLATE_OF[Action(last.action)]


def _family_hears(referral: Referral, template: str) -> Notification:
    return referral.notifications.get(recipient="family", template=template)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("channel", ["text", "email"])
def test_a_family_that_referred_itself_hears_each_step_in_its_language(
    self_referral: Callable[..., Referral], clinician: User, code: str, channel: str
) -> None:
    postcodes = iter(["BD7 1DP", "BD8 7AA", "BD9 4DG", "BD3 9AA", "BD5 0AA", "BD4 7AA"])
    answers: dict[str, Any] = {"confirm_by": channel, "language": code, "may_text": True}
    if channel == "email":
        answers["email"] = "sam@example.com"

    referral = self_referral(**answers, postcode=next(postcodes))
    _assert_in_language(_family_hears(referral, "submitted"), referral, code)
    for action in DECISIONS:
        if action == "withdraw":
            continue  # a family's own request is withdrawn by the team, below
        referral = self_referral(**answers, postcode=next(postcodes))
        referral_services.triage_start(by=clinician, referral=referral)
        referral = _decide(action, referral, clinician)
        template = _last_template(referral)
        _assert_in_language(_family_hears(referral, template), referral, code)


@pytest.mark.parametrize("code", LANGUAGES)
@pytest.mark.parametrize("channel", ["text", "email"])
def test_a_family_a_practitioner_referred_hears_in_its_language(
    practitioner: User, clinician: User, code: str, channel: str
) -> None:
    answers: dict[str, Any] = {"confirm_by": channel, "language": code, "may_text": True}
    if channel == "email":
        answers["email"] = "sam@example.com"
    for action in DECISIONS:
        referral = sent_referral(practitioner, **answers)
        _assert_in_language(_family_hears(referral, "submitted"), referral, code)
        by = practitioner if action == "withdraw" else clinician
        if action != "withdraw":
            referral_services.triage_start(by=clinician, referral=referral)
        referral = _decide(action, referral, by)
        template = _last_template(referral)
        if template in messages.FAMILY_TEMPLATES_PRACTITIONER:
            _assert_in_language(_family_hears(referral, template), referral, code)
        # The practitioner is told in the instance's language.
        for told in referral.notifications.filter(recipient="referrer"):
            assert told.language == "en-gb"
            assert told.subject.startswith("Referral ")


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_family_told_of_a_duplicate_hears_in_its_language(
    self_referral: Callable[..., Referral], clinician: User, code: str
) -> None:
    original = self_referral(confirm_by="text", language=code, may_text=True)
    again = self_referral(confirm_by="text", language=code, may_text=True, postcode="BD8 7AA")
    again = referral_services.referral_mark_duplicate(
        by=clinician, referral=again, original=original
    )
    notification = _family_hears(again, "duplicate")
    _assert_in_language(notification, again, code)
    assert str(original.reference) in notification.body


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_declined_family_is_sent_to_the_status_check_in_its_language(
    self_referral: Callable[..., Referral], clinician: User, code: str
) -> None:
    """Advice too long for a text: the text says where to read it, in the family's language."""
    referral = self_referral(confirm_by="text", may_text=True, language=code)
    referral_services.triage_start(by=clinician, referral=referral)
    referral_services.referral_decline(
        by=clinician,
        referral=referral,
        reason=DeclineReason.BETTER_ELSEWHERE,
        signposting=TEAM_WORDS * 20,
    )
    text = _family_hears(referral, "declined")
    _assert_in_language(text, referral, code)
    assert "/self-referral/where-is-my-request/" in text.body
    assert TEAM_WORDS not in text.body


@pytest.mark.parametrize("channel", ["text", "email"])
@pytest.mark.parametrize("kind", ["self", "practitioner"])
def test_the_family_is_told_the_intakes_time_to_a_decision_and_number(
    self_referral: Callable[..., Referral],
    practitioner: User,
    intake: Any,
    kind: str,
    channel: str,
) -> None:
    """Issue 11: the confirmation is one of the places a family is told a timescale and a
    number, and they are the receiving intake's, as on the pages."""
    intake.contact_phone, intake.decision_days = "+441134960100", 10
    intake.save()
    answers: dict[str, Any] = {"confirm_by": channel, "language": "en", "may_text": True}
    if channel == "email":
        answers["email"] = "sam@example.com"
    if kind == "self":
        referral = self_referral(**answers)
    else:
        referral = sent_referral(practitioner, **answers)
    english = _family_hears(referral, "submitted").body
    body = " ".join(english.split())
    assert "within 10 working days" in body
    assert "0113 496 0100" in body
    assert "a few working days" not in body
    for code in LANGUAGES:
        referral.language = code
        translated = messages.render(
            template="submitted", recipient="family", channel=channel, referral=referral
        )
        assert "0113 496 0100" in translated.body
        assert "10" in translated.body
        english_lines = {line for line in body_lines(english) if line.strip()}
        assert not english_lines & set(body_lines(translated.body)), code


def body_lines(body: str) -> list[str]:
    """A message's lines, but for those the same in every language (a link, a number)."""
    return [line for line in body.splitlines() if not line.startswith(("http", "Little Minds"))]
