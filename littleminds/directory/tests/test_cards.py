"""A search's result cards, drawn in Python (ADR 0052), are the HTML the card's template
draws, in every language, for every kind of card a search shows."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from littleminds.directory.cards import TakenOver, card
from littleminds.directory.models import Service, ServiceAccess
from littleminds.directory.selectors import Match
from littleminds.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _squashed(html: str) -> str:
    """HTML with each run of white space as one space, as a browser reads it."""
    return re.sub(r"\s+", " ", html).strip()


def _by_template(match: Match) -> str:
    return render_to_string(
        "directory/_service_card.html",
        {"service": match.service, "reasons": match.reasons, "heading_level": 3},
    )


def _services() -> list[Service]:
    plain = ServiceFactory.create(name="No way in, no phone", phone="")
    phoned = ServiceFactory.create(name="Phone only", phone="01274 123456")
    odd = ServiceFactory.create(name="Not a number", phone="ask at reception")
    closed = ServiceFactory.create(
        name="Tom & Jerry's <group>",
        summary='Play "together" & talk',
        remit="Families <who> need it.",
        boundaries="Not an emergency service & not a nursery.",
        status=Service.Status.TEMPORARILY_CLOSED,
        access=["self_referral", "drop_in"],
    )
    ServiceAccess.objects.create(
        service=closed,
        method="practitioner_referral",
        email="referrals@example.org",
        url="https://example.org/refer?a=1&b=2",
        instructions="Use the form <online>.",
    )
    ServiceAccess.objects.create(service=phoned, method="consultation", phone="+33 1 23 45 67 89")
    return list(
        Service.objects.filter(pk__in=[plain.pk, phoned.pk, odd.pk, closed.pk])
        .select_related("organisation")
        .prefetch_related("access")
        .order_by("pk")
    )


@pytest.mark.parametrize("language", ["en-gb", "ur", "pl", "ro"])
def test_it_draws_what_the_cards_template_draws(language: str) -> None:
    reasons = [
        [],
        ["Mentions “baby”", "Covers BD7 1DP (West <Bradford> & Keighley)"],
        ["Open to families from anywhere"],
        ["Temporarily closed: check before referring"],
    ]

    with translation.override(language):
        for service, why in zip(_services(), reasons, strict=True):
            match = Match(service, why)

            assert _squashed(card(match)) == _squashed(_by_template(match))


def test_the_search_page_shows_the_cards(anonymous) -> None:
    ServiceFactory.create(name="Baby massage", access=["self_referral"])

    page = anonymous.get("/directory/", {"words": "massage"}).content.decode()

    assert page.count('class="nhsuk-card"') == 1
    assert ">Baby massage</a>" in page
    assert "Mentions “massage”" in page
    assert "Families can refer themselves" in page


@pytest.mark.parametrize("language", ["en-gb", "ur", "pl", "ro"])
def test_the_navigators_receiving_service_is_drawn_as_the_template_draws_it(
    language: str,
) -> None:
    """The navigator's answer: the way in that the platform's form takes over shows the
    receiving intake's words, not the directory's details; the service's other ways in,
    and every other service's, are drawn as ever."""
    services = _services()
    receiving = services[3]  # practitioner referral with e-mail, web site and instructions
    words = "We decide within 10 working days & <call> you"

    with translation.override(language):
        for service in services:
            over = TakenOver("practitioner_referral", words) if service is receiving else None
            by_template = render_to_string(
                "directory/_service_card.html",
                {
                    "service": service,
                    "heading_level": 3,
                    "receiver": SimpleNamespace(service=receiving),
                    "taken_over": "practitioner_referral",
                    "receiver_words": words,
                },
            )

            assert _squashed(card(Match(service), taken_over=over)) == _squashed(by_template)

    drawn = card(Match(receiving), taken_over=TakenOver("practitioner_referral", words))
    assert "&lt;call&gt;" in drawn
    assert "referrals@example.org" not in drawn
    assert "Drop-in" in drawn or "drop" in drawn.lower()
