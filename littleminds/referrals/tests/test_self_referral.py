"""A family's own referral, walked page by page as a parent would: every validation message,
eligibility as the answers come in, the honeypot, the rate limit, one referral per key, and
every page complete in Urdu, Polish and Romanian."""

from __future__ import annotations

import ast
import gettext
import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from littleminds.accounts.models import Team
from littleminds.audit.models import AuditEvent
from littleminds.pathway import journey as navigator
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.pathway.tests.factories import default_rules
from littleminds.referrals import services
from littleminds.referrals.models import Intake, Referral
from littleminds.referrals.self_referral import views as self_views
from littleminds.referrals.tests.factories import details, intake_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)
START = "/self-referral/"
CHECK = "/self-referral/check-your-answers/"
CANNOT = "/self-referral/cannot-refer/"
SENT = "/self-referral/sent/"
TRANSLATED = ("ur", "pl", "ro")


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def intake(team: Team) -> Intake:
    default_rules()
    intake = intake_for(team)
    # The last page's number and time to a decision, so that every page shows them.
    intake.contact_phone, intake.decision_days = "+441632960001", 10
    intake.save()
    return intake


def page(slug: str) -> str:
    return f"/self-referral/{slug}/"


def date_parts(name: str, value: date | None) -> dict[str, str]:
    parts = ("", "", "") if value is None else (value.day, value.month, value.year)
    return {f"{name}_{p}": str(v) for p, v in zip(("day", "month", "year"), parts, strict=True)}


FAMILY: dict[str, dict[str, Any]] = {
    "name": {"parent_name": "  Sam Example  "},
    "baby": {"unborn": "no"},
    "birth-date": date_parts("child_date_of_birth", date(2026, 5, 28)),
    "due-date": date_parts("expected_delivery_date", date(2027, 3, 15)),
    "postcode": {"postcode": "bd71dp"},
    "contact": {"phone": "07700 900123", "safe": ["call", "text"], "email": "sam@example.com"},
    "language": {"language": "ur", "interpreter": "yes"},
    "worries": {"concerns": ["bonding", "housing"], "concern_details": " It is hard. "},
    "hear-back": {"confirm_by": "text"},
    "heard-from": {"heard_from": "event"},
}


def walk(client: Client, **changes: dict[str, Any] | None) -> Any:
    """Answer every page the journey shows, from the first, until "check your answers" or
    another page that is not a question; returns the last response."""
    answers = {**FAMILY, **changes}
    response = client.get(page("name"))
    url = page("name")
    for _turn in range(12):
        slug = url.rstrip("/").split("/")[-1]
        if answers.get(slug) is None:
            return client.get(url)
        response = client.post(url, answers[slug])
        assert response.status_code == 302, (url, response.content.decode()[:3000])
        url = response["Location"]
        if not url.startswith("/self-referral/") or url in (CHECK, CANNOT):
            return client.get(url)
    pytest.fail("the journey did not end")


def send(client: Client, **extra: str) -> Any:
    form = client.get(CHECK)
    key = re.search(r'name="key" value="([^"]+)"', form.content.decode())
    assert key, form.content.decode()[:2000]
    return client.post(CHECK, {"key": key.group(1), "website": "", **extra})


# The journey -------------------------------------------------------------------------------


def test_it_shows_the_safeguarding_notice_before_anything_else(anonymous: Client) -> None:
    html = anonymous.get(START).content.decode()
    main = html[html.index('id="maincontent"') :]
    assert main.index("If you or your baby are in danger now") < main.index("<h1")
    assert "NHS number" in main  # to say it is never asked for


def test_it_sends_a_self_referral_and_gives_its_reference(anonymous: Client, team: Team) -> None:
    response = walk(anonymous)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Check your answers before sending" in html
    for typed in ("Sam Example", "BD7 1DP", "07700 900123"):
        assert typed in html
    response = send(anonymous)
    assert (response.status_code, response["Location"]) == (302, SENT)

    referral = Referral.objects.get()
    assert referral.kind == Referral.Kind.SELF
    assert (referral.status, referral.team) == ("submitted", team)
    assert referral.referrer is None
    assert referral.nhs_number == ""
    assert (referral.parent_name, referral.postcode, referral.phone) == (
        "Sam Example",
        "BD7 1DP",
        "+447700900123",
    )
    assert (referral.may_call, referral.may_text, referral.may_leave_message) == (True, True, False)
    assert (referral.language, referral.interpreter, referral.confirm_by) == ("ur", True, "text")
    assert referral.concerns == ["bonding", "housing"]
    assert referral.concern_details == "It is hard."
    assert referral.heard_from == "event"
    assert AuditEvent.objects.filter(action="referral.submit", target_code=str(referral.code))

    confirmation = anonymous.get(SENT).content.decode()
    assert str(referral.reference) in confirmation
    assert "What happens next" in confirmation
    assert "We will send you a text message" in confirmation
    # Only the reference stays on the device; the answers are forgotten.
    assert self_views.load(_request_with(anonymous)) == {
        "sent": referral.reference,
        "confirm_by": "text",
        "team_phone": "+441632960001",
        "decision_days": 10,
    }


def test_the_last_page_gives_the_teams_number_and_how_long_a_decision_takes(
    anonymous: Client, intake: Intake
) -> None:
    walk(anonymous)
    send(anonymous)
    html = anonymous.get(SENT).content.decode()
    assert "01632 960001" in html
    assert "tel:+441632960001" in html
    assert "within 10 working days" in html
    assert "/self-referral/where-is-my-request/" in html


def test_check_your_answers_gives_the_teams_number_and_how_long_a_decision_takes(
    anonymous: Client,
) -> None:
    """Issue 11: the family is told the receiving intake's time and number before sending
    too, as on the sent page and in the confirmation."""
    html = walk(anonymous).content.decode()
    assert "Check your answers before sending" in html
    assert "Our team usually decides within 10 working days." in html
    assert 'href="tel:+441632960001"' in html
    assert "01632 960001" in html


def test_it_asks_which_language_when_it_is_another_one(anonymous: Client) -> None:
    html = walk(
        anonymous,
        language={"language": "other", "other_language": " Tigrinya ", "interpreter": "yes"},
    ).content.decode()
    assert "Tigrinya" in html  # on "check your answers"
    send(anonymous)
    referral = Referral.objects.get()
    assert (referral.language, referral.other_language, referral.interpreter) == (
        "other",
        "Tigrinya",
        True,
    )


def test_it_forgets_another_language_when_a_listed_one_is_chosen(anonymous: Client) -> None:
    walk(
        anonymous,
        language={"language": "pl", "other_language": "Tigrinya", "interpreter": "no"},
    )
    send(anonymous)
    assert (Referral.objects.get().language, Referral.objects.get().other_language) == ("pl", "")


def _request_with(client: Client) -> Any:
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in client.cookies.items()}
    return request


def test_it_sends_for_an_unborn_baby_with_the_due_date(anonymous: Client) -> None:
    walk(anonymous, baby={"unborn": "yes"})
    send(anonymous)
    referral = Referral.objects.get()
    assert (referral.unborn, referral.expected_delivery_date) == (True, date(2027, 3, 15))
    assert referral.child_date_of_birth is None


def test_it_accepts_no_fixed_address(anonymous: Client, intake: Intake) -> None:
    response = walk(anonymous, postcode={"postcode": "zz99 3vz"})
    assert "ZZ99 3VZ" in response.content.decode()
    send(anonymous)
    referral = Referral.objects.get()
    assert (referral.postcode, referral.intake) == ("ZZ99 3VZ", intake)


def test_it_tells_the_family_with_no_fixed_address_what_to_enter(anonymous: Client) -> None:
    html = walk(anonymous, postcode=None).content.decode()
    assert "If you have no fixed address, enter ZZ99 3VZ" in html


def test_it_never_asks_for_an_nhs_number(anonymous: Client) -> None:
    walk(anonymous)
    for slug in FAMILY:
        html = anonymous.get(page(slug)).content.decode()
        assert "nhs_number" not in html


def test_it_offers_text_only_when_texting_is_safe(anonymous: Client) -> None:
    html = walk(
        anonymous,
        contact={"phone": "07700 900123", "safe": ["call"], "email": "a@example.com"},
        **{"hear-back": None},
    ).content.decode()
    assert 'value="email"' in html
    assert 'value="text"' not in html
    response = anonymous.post(page("hear-back"), {"confirm_by": "text"})
    assert response.status_code == 400
    assert "Select a valid choice" not in response.content.decode()


def test_it_does_not_ask_how_to_hear_back_when_there_is_no_safe_way(anonymous: Client) -> None:
    response = walk(anonymous, contact={"phone": "07700 900123", "safe": ["call"], "email": ""})
    assert "Check your answers before sending" in response.content.decode()
    send(anonymous)
    assert Referral.objects.get().confirm_by == ""


def test_it_forgets_a_way_to_hear_back_that_is_no_longer_safe(anonymous: Client) -> None:
    walk(anonymous)
    anonymous.post(
        page("contact") + "?return=check", {"phone": "07700 900123", "safe": ["call"], "email": ""}
    )
    send(anonymous)
    assert Referral.objects.get().confirm_by == ""


def test_it_carries_the_navigators_answers_over(anonymous: Client) -> None:
    response = HttpResponse()
    navigator.save(
        response,
        {
            "asker": "parent",
            "pregnant": False,
            "child_date_of_birth": "2026-05-28",
            "postcode": "BD7 1DP",
            "concerns": ["bonding"],
        },
    )
    anonymous.cookies.update(response.cookies)
    assert self_views.load(_request_with(anonymous)) == {
        "unborn": False,
        "child_date_of_birth": "2026-05-28",
        "postcode": "BD7 1DP",
        "concerns": ["bonding"],
    }
    anonymous.post(page("name"), FAMILY["name"])
    assert 'value="no" checked' in anonymous.get(page("baby")).content.decode()


def test_it_does_not_carry_a_practitioners_navigator_answers(anonymous: Client) -> None:
    response = HttpResponse()
    navigator.save(response, {"asker": "practitioner", "postcode": "BD7 1DP"})
    anonymous.cookies.update(response.cookies)
    assert 'value="BD7 1DP"' not in anonymous.get(page("postcode")).content.decode()


def test_later_pages_send_a_newcomer_to_the_first_question(anonymous: Client) -> None:
    assert anonymous.get(page("contact"))["Location"] == page("name")
    assert anonymous.get(CHECK)["Location"] == page("name")
    assert anonymous.get(CANNOT)["Location"] == START
    assert anonymous.get(SENT)["Location"] == START
    assert anonymous.get(page("nonsense")).status_code == 404


def test_start_again_forgets_the_answers(anonymous: Client) -> None:
    walk(anonymous)
    assert anonymous.get(page("start-again")).status_code == 405
    assert anonymous.post(page("start-again"))["Location"] == START
    assert anonymous.get(CHECK)["Location"] == page("name")


def test_a_long_answer_in_urdu_still_fits_the_cookie(anonymous: Client) -> None:
    words = ("میرا بچہ رات کو نہیں سوتا اور میں بہت تھکی ہوئی ہوں۔ " * 40)[:1000]
    response = walk(anonymous, worries={"concerns": ["bonding"], "concern_details": words})
    assert "Check your answers before sending" in response.content.decode()
    assert len(anonymous.cookies[self_views.COOKIE].OutputString()) < 4000
    send(anonymous)
    assert Referral.objects.get().concern_details == words.strip()


# Validation: each message, and nothing changes --------------------------------------------

MESSAGES: list[tuple[str, dict[str, Any], str]] = [
    ("name", {"parent_name": " "}, "Enter your name"),
    ("name", {"parent_name": "x" * 121}, "Your name must be 120 characters or fewer"),
    ("baby", {}, "Select yes if your baby has been born"),
    ("birth-date", {}, "Enter your baby&#x27;s date of birth"),
    (
        "birth-date",
        {
            "child_date_of_birth_day": "1",
            "child_date_of_birth_month": "",
            "child_date_of_birth_year": "2026",
        },
        "Date of birth must include a month",
    ),
    (
        "birth-date",
        {
            "child_date_of_birth_day": "",
            "child_date_of_birth_month": "",
            "child_date_of_birth_year": "2026",
        },
        "Date of birth must include a day and a month",
    ),
    (
        "birth-date",
        date_parts("child_date_of_birth", None)
        | {
            "child_date_of_birth_day": "x",
            "child_date_of_birth_month": "1",
            "child_date_of_birth_year": "2026",
        },
        "Date of birth must be a real date, in numbers",
    ),
    (
        "birth-date",
        {
            "child_date_of_birth_day": "31",
            "child_date_of_birth_month": "2",
            "child_date_of_birth_year": "2026",
        },
        "Date of birth must be a real date",
    ),
    (
        "birth-date",
        {
            "child_date_of_birth_day": "1",
            "child_date_of_birth_month": "2",
            "child_date_of_birth_year": "26",
        },
        "Year must include 4 numbers",
    ),
    (
        "birth-date",
        date_parts("child_date_of_birth", date(2026, 11, 29)),
        "The date of birth must be today or in the past",
    ),
    (
        "birth-date",
        {
            "child_date_of_birth_day": "1",
            "child_date_of_birth_month": "1",
            "child_date_of_birth_year": "0001",
        },
        "The date of birth must be 1 January 1900 or later",
    ),
    (
        "birth-date",
        date_parts("child_date_of_birth", date(9999, 12, 30)),
        "The date of birth must be today or in the past",
    ),
    ("due-date", {}, "Enter the date your baby is due"),
    (
        "due-date",
        date_parts("expected_delivery_date", date(9999, 12, 30)),
        "The due date must be no more than 42 weeks from today",
    ),
    (
        "due-date",
        {
            "expected_delivery_date_day": "1",
            "expected_delivery_date_month": "1",
            "expected_delivery_date_year": "0001",
        },
        "The due date must be no more than 2 weeks ago",
    ),
    (
        "due-date",
        date_parts("expected_delivery_date", date(2027, 9, 20)),
        "The due date must be no more than 42 weeks from today",
    ),
    (
        "due-date",
        date_parts("expected_delivery_date", date(2026, 11, 13)),  # 15 days ago
        "The due date must be no more than 2 weeks ago",
    ),
    (
        "due-date",
        {
            "expected_delivery_date_day": "1",
            "expected_delivery_date_month": "",
            "expected_delivery_date_year": "",
        },
        "Due date must include a month and a year",
    ),
    ("postcode", {"postcode": ""}, "Enter your home postcode"),
    ("postcode", {"postcode": "BD7"}, "Enter a full UK postcode, like BD7 1DP"),
    ("postcode", {"postcode": "QQ1 1QQ"}, "Enter a real UK postcode, like BD7 1DP"),
    ("postcode", {"postcode": "B" * 41}, "Enter a real UK postcode, like BD7 1DP"),
    ("contact", {"phone": ""}, "Enter a phone number"),
    (
        "contact",
        {"phone": "hello"},
        "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
    ),
    (
        "contact",
        {"phone": "0770090"},
        "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
    ),
    ("contact", {"phone": "+33 1 23 45 67 89"}, "Enter a UK phone number"),
    (
        "contact",
        {"phone": "07700 900123", "email": "sam@"},
        "Enter an email address in the correct format, like name@example.com",
    ),
    (
        "contact",
        {"phone": "07700 900123", "email": "s" * 60 + "@" + ".".join(["d" * 60] * 4) + ".uk"},
        "Your email address must be 254 characters or fewer",
    ),
    ("language", {"interpreter": "no"}, "Select the language you would like to speak"),
    ("language", {"language": "ur"}, "Select yes if you need an interpreter"),
    (
        "language",
        {"language": "other", "interpreter": "yes"},
        "Enter the language you would like to speak",
    ),
    (
        "language",
        {"language": "other", "other_language": "T" * 61, "interpreter": "yes"},
        "The language must be 60 characters or fewer",
    ),
    (
        "language",
        {"language": "en", "interpreter": "yes"},
        "You chose English, so you do not need an interpreter. Select no, or select the "
        "language you would like an interpreter for",
    ),
    ("worries", {}, "Select what is worrying you"),
    (
        "worries",
        {"concerns": ["bonding"], "concern_details": "x" * 1001},
        "Your answer must be 1,000 characters or fewer",
    ),
    ("hear-back", {}, "Select how we should tell you, or select no"),
    (
        "heard-from",
        {"heard_from": "a billboard"},
        "Select how you heard about us, or leave it blank",
    ),
    (
        "contact",
        {"phone": "07700 900123", "email": "sam@example.com"},
        "Select at least one way that is safe for us to contact you",
    ),
]


@pytest.mark.parametrize(("slug", "data", "message"), MESSAGES, ids=[m for _s, _d, m in MESSAGES])
def test_each_wrong_answer_gets_its_own_message_and_changes_nothing(
    anonymous: Client, slug: str, data: dict[str, Any], message: str
) -> None:
    walk(anonymous, baby={"unborn": "yes" if slug == "due-date" else "no"})
    before = anonymous.cookies[self_views.COOKIE].value
    response = anonymous.post(page(slug), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert html.count(message) == 2, html  # in the summary and beside the field
    assert "<title>Error: " in html
    assert anonymous.cookies[self_views.COOKIE].value == before
    assert not Referral.objects.exists()


# Eligibility as the answers come in ------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"birth-date": date_parts("child_date_of_birth", date(2024, 11, 28))},
            "The baby is 24 months old.",
        ),
        (
            {"postcode": {"postcode": "BD23 1AA"}},
            "BD23 1AA is outside the area the service covers.",
        ),
        ({"postcode": {"postcode": "LS1 4AP"}}, "LS1 4AP is outside the area the service covers."),
    ],
)
def test_a_family_that_cannot_be_referred_is_told_why_and_what_helps_instead(
    anonymous: Client, changes: dict[str, Any], reason: str
) -> None:
    response = walk(anonymous, **changes)
    assert response.request["PATH_INFO"] == CANNOT
    html = response.content.decode()
    assert reason in html
    assert "What can help instead" in html
    assert 'id="route"' in html
    assert "/directory/" in html
    # They cannot go on, nor send.
    assert anonymous.get(page("contact"))["Location"] == CANNOT
    assert anonymous.get(CHECK)["Location"] == CANNOT
    assert anonymous.post(CHECK, {"key": "k" * 43})["Location"] == CANNOT
    assert not Referral.objects.exists()


def test_a_baby_of_23_months_can_be_referred(anonymous: Client) -> None:
    walk(anonymous, **{"birth-date": date_parts("child_date_of_birth", date(2024, 11, 29))})
    send(anonymous)
    assert Referral.objects.count() == 1


# Abuse: honeypot, rate limit, one referral per key ---------------------------------------


def test_the_honeypot_is_hidden_from_people(anonymous: Client) -> None:
    walk(anonymous)
    html = anonymous.get(CHECK).content.decode()
    box = re.search(
        r'<div class="nhsuk-u-visually-hidden" aria-hidden="true">(.*?)</div>', html, re.S
    )
    assert box
    assert "Leave this box empty" in box.group(1)
    assert 'tabindex="-1"' in box.group(1)
    assert 'name="website"' in box.group(1)


def test_a_filled_honeypot_stores_nothing_and_says_so(anonymous: Client) -> None:
    walk(anonymous)
    response = send(anonymous, website="http://spam.example")
    assert response.status_code == 400
    assert "Your request has not been sent" in response.content.decode()
    assert not Referral.objects.exists()
    assert send(anonymous).status_code == 302  # a person who empties it can send
    assert Referral.objects.count() == 1


def test_a_double_click_or_resent_form_makes_one_referral(anonymous: Client) -> None:
    walk(anonymous)
    html = anonymous.get(CHECK).content.decode()
    key = re.search(r'name="key" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    answers = anonymous.cookies[self_views.COOKIE].value
    first = anonymous.post(CHECK, {"key": key})
    first_reference = anonymous.get(SENT).context["reference"]
    # The second click left the browser before the first answer came back: same answers.
    anonymous.cookies[self_views.COOKIE] = answers
    second = anonymous.post(CHECK, {"key": key})
    assert first["Location"] == second["Location"] == SENT
    assert anonymous.get(SENT).context["reference"] == first_reference
    # And after the answer came back (the back button, then send again).
    assert anonymous.post(CHECK, {"key": key})["Location"] == SENT
    assert anonymous.get(SENT).context["reference"] == first_reference
    assert Referral.objects.count() == 1


def test_a_new_key_makes_a_new_referral(anonymous: Client) -> None:
    walk(anonymous)
    answers = anonymous.cookies[self_views.COOKIE].value
    send(anonymous)
    anonymous.cookies[self_views.COOKIE] = answers
    send(anonymous)
    assert Referral.objects.count() == 2


def test_a_key_another_family_sent_shows_nothing_of_theirs_and_lets_this_family_send(
    anonymous: Client,
) -> None:
    """Families choose their own keys in the API, and the web form's key can be changed in
    the browser: a key another family sent with other answers is refused, as in the API,
    and this family is asked to send again (with a key of its own), losing nothing."""
    key = "k" * 43
    first = Client().post(
        "/api/self-referrals",
        {
            "parent_name": "Jo Other",
            "child_date_of_birth": "2026-05-28",
            "postcode": "BD8 7AA",
            "phone": "07700 900456",
            "may_call": True,
            "concerns": ["bonding"],
        },
        content_type="application/json",
        headers={"Idempotency-Key": key},
    )
    assert first.status_code == 201
    theirs = first.json()["reference"]
    walk(anonymous)

    refused = anonymous.post(CHECK, {"key": key, "website": ""})

    html = refused.content.decode()
    assert refused.status_code == 400
    assert theirs not in html
    assert first.json()["id"] not in html
    assert "Your request has not been sent yet" in html
    assert "Sam Example" in html  # this family's answers, still there
    fresh = re.search(r'name="key" value="([^"]+)"', html)
    assert fresh
    assert fresh.group(1) != key
    assert Referral.objects.count() == 1
    # The family sends with the page's new key: their own referral, and the other is kept.
    sent = anonymous.post(CHECK, {"key": fresh.group(1), "website": ""})
    assert (sent.status_code, sent["Location"]) == (302, SENT)
    mine = anonymous.get(SENT).context["reference"]
    assert mine != theirs
    assert Referral.objects.get(reference=mine).parent_name == "Sam Example"
    assert Referral.objects.get(reference=theirs).parent_name == "Jo Other"


def test_a_changed_key_sends_nothing(anonymous: Client) -> None:
    walk(anonymous)
    response = anonymous.post(CHECK, {"key": "short"})
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_sending_is_rate_limited_with_a_clear_page(anonymous: Client, settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "self_referral": (2, 3600)}
    walk(anonymous)
    answers = anonymous.cookies[self_views.COOKIE].value
    for _attempt in range(2):
        anonymous.cookies[self_views.COOKIE] = answers
        assert send(anonymous).status_code == 302
    anonymous.cookies[self_views.COOKIE] = answers
    response = send(anonymous)
    assert response.status_code == 429
    assert "You have sent too many requests" in response.content.decode()
    assert "If you or your baby are in danger now" in response.content.decode()
    assert Referral.objects.count() == 2
    assert anonymous.get(CHECK).status_code == 200  # showing the page is never counted


def test_the_wrong_method_is_refused(anonymous: Client) -> None:
    assert anonymous.post(START).status_code == 405
    assert anonymous.put(CHECK).status_code == 405
    assert anonymous.post(SENT).status_code == 405
    assert anonymous.post(CANNOT).status_code == 405


def test_signed_in_people_can_use_it_too(as_persona: Any, practitioner: Any) -> None:
    client = as_persona("practitioner")
    walk(client)
    send(client)
    assert Referral.objects.get().referrer is None


# Languages ------------------------------------------------------------------------------


def in_language(client: Client, code: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


@pytest.mark.parametrize(
    ("code", "direction"), [("en-gb", "ltr"), ("ur", "rtl"), ("pl", "ltr"), ("ro", "ltr")]
)
def test_each_page_declares_its_language_and_direction(
    anonymous: Client, code: str, direction: str
) -> None:
    html = in_language(anonymous, code).get(START).content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html


def test_the_language_switch_works_without_javascript(anonymous: Client) -> None:
    html = anonymous.get(START).content.decode()
    switch = html[html.index('class="lm-language-switch') :]
    switch = switch[: switch.index("</nav>")]
    assert 'lang="ur" dir="rtl">اردو</button>' in switch
    assert 'lang="pl" dir="ltr">Polski</button>' in switch
    assert 'lang="ro" dir="ltr">Română</button>' in switch
    assert 'aria-current="true">English</strong>' in switch
    response = anonymous.post("/language/setlang/", {"language": "ur", "next": START})
    assert response["Location"] == START
    assert '<html lang="ur" dir="rtl">' in anonymous.get(START).content.decode()


class VisibleText(HTMLParser):
    """The words a person meets on a page: its text, and the labels of its controls, except
    what is marked as being in another language (the language switch)."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "wbr",
    }

    def __init__(self) -> None:
        super().__init__()
        self.chunks: set[str] = set()
        self.stack: list[bool] = []  # per open element: inside another language?

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        other = bool(self.stack and self.stack[-1]) or ("lang" in values and tag != "html")
        other = other or tag in ("script", "style")
        for name in ("aria-label", "alt", "title", "placeholder"):
            if values.get(name) and not other:
                self._add(str(values[name]))
        if tag not in self.VOID:
            self.stack.append(other)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self._add(data)

    def _add(self, text: str) -> None:
        text = " ".join(text.split())
        if re.search(r"[A-Za-z]{2}", text):
            self.chunks.add(text)


def visible_text(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.chunks


# Words that are the same in every language: the name of the platform, and what the family
# typed (names, postcodes, an email address).
SAME_IN_EVERY_LANGUAGE = {
    "Little Minds",
    "Sam Example",
    "BD7 1DP",
    "sam@example.com",
    "It is hard.",
    *(wrong["concern_details"] for slug, wrong, _m in MESSAGES if "concern_details" in wrong),
}


def every_page(client: Client) -> Iterator[tuple[str, Any]]:
    """Each page of the self-referral and each of its error states, in the client's
    language, for a family answering as `FAMILY` does."""
    client.cookies.pop(self_views.COOKIE, None)
    yield "start", client.get(START)
    for slug, data in FAMILY.items():
        if slug == "due-date":
            continue
        yield f"{slug} (empty)", client.get(page(slug))
        for message_slug, wrong, _message in MESSAGES:
            if message_slug == slug:
                yield f"{slug} (error)", client.post(page(slug), wrong)
        client.post(page(slug), data)
    yield "check", client.get(CHECK)
    yield "check (honeypot)", send(client, website="x")
    # A key another family sent before with other answers: this family is asked again.
    services.referral_create(
        kind=Referral.Kind.SELF,
        details=details(parent_name="Jo Other", postcode="BD8 7AA"),
        idempotency_key="c" * 43,
    )
    yield "check (key sent before)", client.post(CHECK, {"key": "c" * 43, "website": ""})
    answers = client.cookies[self_views.COOKIE].value
    # The due-date page and its errors, for a family expecting a baby.
    client.post(page("baby"), {"unborn": "yes"})
    yield "due-date (empty)", client.get(page("due-date"))
    for message_slug, wrong, _message in MESSAGES:
        if message_slug == "due-date":
            yield "due-date (error)", client.post(page("due-date"), wrong)
    client.cookies[self_views.COOKIE] = answers
    client.post(page("postcode"), {"postcode": "BD23 1AA"})
    yield "cannot (postcode)", client.get(CANNOT)
    client.post(page("birth-date"), date_parts("child_date_of_birth", date(2024, 1, 1)))
    yield "cannot (age)", client.get(CANNOT)
    client.cookies[self_views.COOKIE] = answers
    sent = client.get(client.post(CHECK, {"key": "k" * 43})["Location"])
    yield "sent", sent
    # Checking where the request is: the form, its errors, a wrong answer, the answer.
    status = "/self-referral/where-is-my-request/"
    yield "status (empty)", client.get(status)
    yield "status (error)", client.post(status, {"reference": "LM-1", "day_day": "1"})
    found = {
        "reference": sent.context["reference"],
        **date_parts("day", date(2026, 5, 28)),
        "postcode": "BD7 1DP",
    }
    yield "status (not found)", client.post(status, {**found, "postcode": "BD8 7AA"})
    yield "status (found)", client.post(status, found)
    # Sending too often: the page that says how long to wait.
    limits = {**settings.RATE_LIMITS, "self_referral": (1, 3600)}
    with override_settings(RATE_LIMITS_ENABLED=True, RATE_LIMITS=limits):
        client.post(CHECK)
        yield "too many requests", client.post(CHECK)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_self_referral_page_is_complete_in_each_language(
    anonymous: Client, code: str, settings: Any
) -> None:
    """Each page and error state rendered in English and in the language: none of the
    English words of the page is left in the translation."""
    settings.RATE_LIMITS_ENABLED = False
    english = dict(every_page(in_language(anonymous, "en-gb")))
    Referral.objects.all().delete()
    translated = dict(every_page(in_language(anonymous, code)))
    assert english.keys() == translated.keys()
    assert translated["too many requests"].status_code == 429
    direction = "rtl" if code == "ur" else "ltr"
    for name, response in translated.items():
        assert response.status_code in (200, 400, 429), name
        html = response.content.decode()
        assert f'<html lang="{code}" dir="{direction}">' in html, name
        left = (
            visible_text(english[name].content.decode()) & visible_text(html)
        ) - SAME_IN_EVERY_LANGUAGE
        reference = re.search(r"LM-[A-Z0-9]{4}-[A-Z0-9]{4}", html)
        left -= {reference.group(0)} if reference else set()
        assert not left, f"{name} in {code}: English left untranslated: {sorted(left)}"


def test_the_concern_labels_are_translated() -> None:
    from django.utils import translation

    for label in CONCERN_LABELS.values():
        with translation.override("en-gb"):
            english = str(label)
        for code in TRANSLATED:
            with translation.override(code):
                assert str(label) != english, (code, english)


LOCALE = Path(settings.BASE_DIR) / "locale"


def po_catalogue(path: Path) -> dict[Any, str]:
    """The translations a .po file holds, keyed as gettext keys a compiled catalogue (a
    plural form as (msgid, n)); untranslated and fuzzy entries are left out, as msgfmt does."""
    catalogue: dict[Any, str] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    keyword = ""

    def finish() -> None:
        msgid = entry.get("msgid", "")
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if msgid and not fuzzy:
            if "msgid_plural" in entry:
                forms = {k: v for k, v in entry.items() if k.startswith("msgstr[")}
                if all(forms.values()):
                    for name, text in forms.items():
                        catalogue[(msgid, int(name[7:-1]))] = text
            elif entry.get("msgstr"):
                catalogue[msgid] = entry["msgstr"]

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                finish()
            entry, fuzzy, keyword = {}, False, ""
        elif line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[keyword] += ast.literal_eval(line)
        else:
            keyword, _space, text = line.partition(" ")
            entry[keyword] = ast.literal_eval(text)
    return catalogue


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_compiled_catalogue_matches_its_source(code: str) -> None:
    """The committed .mo is its .po compiled (so that running Little Minds needs no gettext
    tools): after editing a .po, `make messages` compiles it."""
    source = LOCALE / code / "LC_MESSAGES" / "django.po"
    with source.with_suffix(".mo").open("rb") as compiled:
        mo = dict(gettext.GNUTranslations(compiled)._catalog)  # type: ignore[attr-defined]
    mo.pop("", None)  # the header
    assert po_catalogue(source) == mo


# A long paste in every box: one message, and "too long" when that is what is wrong -------

PASTE = "x" * 5000
PASTES: list[tuple[str, dict[str, Any], str]] = [
    ("name", {"parent_name": PASTE}, "Your name must be 120 characters or fewer"),
    ("postcode", {"postcode": PASTE}, "Enter a real UK postcode, like BD7 1DP"),
    (
        "contact",
        {"phone": "07700 900123", "safe": ["call"], "email": PASTE + "@example.com"},
        "Your email address must be 254 characters or fewer",
    ),
    (
        "contact",
        {"phone": "0" * 5000, "safe": ["call"]},
        "Your phone number must be 40 characters or fewer",
    ),
    (
        "language",
        {"language": "other", "other_language": PASTE, "interpreter": "yes"},
        "The language must be 60 characters or fewer",
    ),
    (
        "worries",
        {"concerns": ["bonding"], "concern_details": PASTE},
        "Your answer must be 1,000 characters or fewer",
    ),
]


@pytest.mark.parametrize(("slug", "data", "message"), PASTES, ids=[m for _s, _d, m in PASTES])
def test_a_long_paste_gets_one_message_and_it_says_too_long(
    anonymous: Client, slug: str, data: dict[str, Any], message: str
) -> None:
    walk(anonymous)
    response = anonymous.post(page(slug), data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html.split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert summary.count("<li>") == 1, summary
    assert html.count(message) == 2, summary  # in the summary and beside the field


def test_the_answer_not_chosen_is_neither_kept_nor_sent(anonymous: Client) -> None:
    """A due date given before changing the answer to "born" is forgotten."""
    walk(anonymous, baby={"unborn": "yes"})
    anonymous.post(page("baby") + "?return=check", {"unborn": "no"})
    anonymous.post(page("birth-date") + "?return=check", FAMILY["birth-date"])
    kept = self_views.load(_request_with(anonymous))
    assert "expected_delivery_date" not in kept
    assert kept["child_date_of_birth"] == "2026-05-28"
    send(anonymous)
    referral = Referral.objects.get()
    assert (referral.unborn, referral.expected_delivery_date) == (False, None)


# How did you hear about us? (issue 15) -----------------------------------------------------


def test_it_asks_how_the_family_heard_about_us_last_and_shows_it_to_check(
    anonymous: Client,
) -> None:
    response = walk(anonymous, **{"heard-from": None})
    html = response.content.decode()
    assert "How did you hear about us? (optional)" in html
    for words in ("At an event", "From a leaflet or poster", "I would rather not say"):
        assert words in html
    response = anonymous.post(page("heard-from"), {"heard_from": "leaflet"})
    assert response["Location"] == CHECK
    html = anonymous.get(CHECK).content.decode()
    assert "How you heard about us" in html
    assert "From a leaflet or poster" in html
    assert f'href="{page("heard-from")}?return=check"' in html
    send(anonymous)
    assert Referral.objects.get().heard_from == "leaflet"


@pytest.mark.parametrize("answer", [{}, {"heard_from": "not_said"}])
def test_the_family_may_leave_how_they_heard_unanswered(
    anonymous: Client, answer: dict[str, str]
) -> None:
    walk(anonymous, **{"heard-from": None})
    response = anonymous.post(page("heard-from"), answer)
    assert response["Location"] == CHECK
    html = anonymous.get(CHECK).content.decode()
    row = html[html.index("How you heard about us") :]
    assert row.index("Not given") < row.index("</div>")
    send(anonymous)
    assert Referral.objects.get().heard_from == ""


@pytest.mark.parametrize(
    ("answer", "checked"), [({}, None), ({"heard_from": "not_said"}, "not_said")]
)
def test_a_blank_answer_comes_back_blank_on_change(
    anonymous: Client, answer: dict[str, str], checked: str | None
) -> None:
    # Left blank, the question comes back with nothing chosen; "I would rather not say"
    # comes back chosen.
    walk(anonymous, **{"heard-from": None})
    anonymous.post(page("heard-from"), answer)
    form = anonymous.get(page("heard-from") + "?return=check").content.decode()
    if checked is None:
        assert " checked" not in form
    else:
        assert f'value="{checked}" checked' in form
    send(anonymous)
    assert Referral.objects.get().heard_from == ""


def test_how_they_heard_can_be_changed_from_check_your_answers(anonymous: Client) -> None:
    walk(anonymous)
    response = anonymous.post(
        page("heard-from") + "?return=check", {"heard_from": "friend_or_relative"}
    )
    assert response["Location"] == CHECK
    form = anonymous.get(page("heard-from")).content.decode()
    assert 'value="friend_or_relative" checked' in form
    send(anonymous)
    assert Referral.objects.get().heard_from == "friend_or_relative"


def test_the_team_sees_how_the_family_heard_on_the_triage_page(
    anonymous: Client, as_persona: Any
) -> None:
    walk(anonymous)
    send(anonymous)
    referral = Referral.objects.get()
    url = reverse("triage:referral", kwargs={"code": referral.code})
    html = as_persona("clinician").get(url).content.decode()
    row = html[html.index('id="heard-from"') :]
    assert "How they heard about us" in row[:300]
    assert "At an event" in row[:400]
