"""Walk defect 13: Urdu pages and e-mails had Latin punctuation where the sentence and the
session's times are Urdu ("درست نہیں ہے." and "27 دسمبر 2026, 09:30")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from littleminds.accounts.models import Team, User
from littleminds.training.services_places import when_text
from littleminds.training.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "end"), [("ur", "ہے۔</p>"), ("en", "not right.</p>"), ("pl", ".</p>")]
)
def test_a_link_that_does_not_work_ends_its_sentence_in_the_pages_language(
    language: str, end: str
) -> None:
    client = Client()
    client.cookies["django_language"] = language
    page = client.get(reverse("training:public-confirm", args=["made-up"])).content.decode()
    assert end in page


@pytest.mark.parametrize(("language", "comma"), [("ur", "، "), ("en", ", "), ("ro", ", ")])
def test_a_sessions_times_take_the_languages_comma(
    trainer: User, team: Team, language: str, comma: str
) -> None:
    session = factories.session(trainer, factories.course(trainer, team))
    part = session.parts.get()
    with translation.override(language):
        text = when_text(session)
    assert text.endswith(f"{comma}09:30–12:30")
    assert str(part.day.year) in text


def test_a_public_registrants_calendar_invitation_is_in_their_language(
    trainer: User, team: Team
) -> None:
    """Walk defect 12: Sara registered in Urdu, and her .ics read "Training: …" and "Your
    place: …" in English."""
    from littleminds.training import calendar
    from littleminds.training.tests import factories_attendance as made

    session = factories.session(trainer, factories.course(trainer, team, title="Baby talk"))
    sara = made.public_holder(session, "Sara Khan", language="ur")
    ics = calendar.invitation(sara, host="example.org", page_url="https://x/p/").decode()
    body = ics.replace("\r\n ", "")  # long lines are folded (RFC 5545)
    assert "SUMMARY:تربیت: Baby talk" in body
    assert "آپ کی جگہ: https://x/p/" in body
    signed_in = made.holder(session, trainer)
    english = calendar.invitation(signed_in, host="example.org", page_url="https://x/p/")
    assert "SUMMARY:Training: Baby talk" in english.decode()
