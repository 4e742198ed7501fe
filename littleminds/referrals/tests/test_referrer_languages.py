"""A practitioner's referral journey is complete in Urdu, Polish and Romanian: each page and
each error state, rendered for a signed-in practitioner in English and in the language, keeps
none of the English words of the page, and declares its `lang` and `dir` (as
test_self_referral.py proves for the families' pages; docs/translations.md)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.test import Client

from littleminds.accounts.models import Team, User
from littleminds.directory.models import Area
from littleminds.pathway import journey
from littleminds.pathway.rules import DEFAULT_SERVICE_AREA
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.referrals import services
from littleminds.referrals.models import Intake, Referral
from littleminds.referrals.tests.factories import sent_referral
from littleminds.referrals.tests.test_self_referral import TRANSLATED, visible_text

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)
START = "/referrals/new/"
MINE = "/referrals/"


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def intake(team: Team) -> Intake:
    default_rules()
    lmm = navigator_directory()["lmm"]
    area = Area.objects.get(key=DEFAULT_SERVICE_AREA)
    intake: Intake = Intake.objects.create(team=team, service=lmm, area=area, is_default=True)
    return intake


def _date(name: str, value: date | None) -> dict[str, str]:
    parts = ("", "", "") if value is None else (value.day, value.month, value.year)
    return {f"{name}_{p}": str(v) for p, v in zip(("day", "month", "year"), parts, strict=True)}


FAMILY: dict[str, Any] = {
    "parent_name": "Sam Example",
    "born": "born",
    "baby_name": "Robin",
    **_date("child_date_of_birth", date(2026, 5, 28)),
    **_date("expected_delivery_date", None),
    "postcode": "bd7 1dp",
}
CONTACT: dict[str, Any] = {
    "phone": "07700 900123",
    "contact": ["may_call", "may_text"],
    "language": "ur",
    "interpreter": "on",
    "nhs_number": "999 000 0018",
}
WORRIES: dict[str, Any] = {
    "concerns": ["bonding", "parenting_confidence"],
    "concern_details": "Mum finds it hard to feel close to Robin.",
    "impact": "moderate",
    "tried": "Listening visits.",
    "others_involved": "Health visitor.",
    "consent": "on",
}

# Each wrong answer a page can be sent with, page by page.
WRONG: dict[str, list[dict[str, Any]]] = {
    "family": [
        {"parent_name": " ", "born": "", "postcode": ""},
        {"parent_name": "x" * 121, "baby_name": "x" * 121},
        _date("child_date_of_birth", None),
        {"born": "unborn", **_date("child_date_of_birth", None)},
        _date("child_date_of_birth", date(2026, 11, 29)),
        {"born": "unborn", **_date("expected_delivery_date", date(2027, 9, 19))},
        {"child_date_of_birth_month": ""},
        {"child_date_of_birth_day": "31", "child_date_of_birth_month": "2"},
        {"child_date_of_birth_day": "x"},
        {"child_date_of_birth_year": "26"},
        {"postcode": "BD7"},
        {"postcode": "QQ1 1QQ"},
    ],
    "contact": [
        {"phone": "", "language": ""},
        {"phone": "12345", "language": "xx", "nhs_number": "999 000 001"},
        {"phone": "+33 1 42 68 53 00", "nhs_number": "999 000 0019"},
    ],
    "worries": [
        {"concerns": [], "impact": "", "consent": ""},
        {"concerns": ["nonsense"]},
        {"concern_details": "x" * 2001, "tried": "x" * 2001, "others_involved": "x" * 2001},
    ],
}

# What is the same in every language: the platform's name, what the practitioner typed, the
# people's and team's names, the directory's service names, and the team's own words.
SAME_IN_EVERY_LANGUAGE = {
    "Little Minds",
    "Sam Example",
    "Robin",
    "BD7 1DP",
    "BD23 1AA",
    "Mum finds it hard to feel close to Robin.",
    "Listening visits.",
    "Health visitor.",
    "The family moved away.",
    "The family hub runs a bonding group on Tuesdays.",
    "Book a consultation on Thursday.",
    "Is dad involved?",
}


# Words that are the same word in a language ("Menu" is Polish too).
SAME_WORD = {"pl": {"Menu"}}


def in_language(client: Client, code: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    return client


def _draft(client: Client) -> Referral:
    client.post(START)
    referral = Referral.objects.order_by("-pk").first()
    assert referral is not None
    return referral


def _page(referral: Referral, slug: str = "") -> str:
    return f"/referrals/{referral.code}/{slug + '/' if slug else ''}"


def every_page(client: Client, practitioner: User, clinician: User) -> Iterator[tuple[str, Any]]:
    """Each page of the practitioner's journey and each of its error states, in the client's
    language."""
    yield "your referrals (none)", client.get(MINE)
    yield "start", client.get(START)
    navigator = HttpResponse()
    journey.save(
        navigator,
        {
            "asker": "practitioner",
            "pregnant": False,
            "child_date_of_birth": "2026-05-01",
            "postcode": "BD7 1DP",
            "concerns": ["bonding", "housing"],
            "impact": "severe",
            "immediate_risk": False,
            "practitioner_involved": True,
            "result": {"version": 1, "on": "2026-11-28"},
        },
    )
    client.cookies[journey.COOKIE] = navigator.cookies[journey.COOKIE].value
    yield "start (from the navigator)", client.get(f"{START}?from=navigator")
    client.cookies.pop(journey.COOKIE)

    referral = _draft(client)
    for slug, answers in (("family", FAMILY), ("contact", CONTACT), ("worries", WORRIES)):
        yield f"{slug} (empty)", client.get(_page(referral, slug))
        for number, wrong in enumerate(WRONG[slug]):
            yield (
                f"{slug} (error {number})",
                client.post(_page(referral, slug), {**answers, **wrong}),
            )
        if slug == "family":
            # The check of the answers as they are typed, in JSON.
            yield (
                "eligibility (json)",
                client.get(
                    "/referrals/eligibility/",
                    {**FAMILY, "postcode": "BD23 1AA", "referral": str(referral.code)},
                ),
            )
        client.post(_page(referral, slug), answers)
    yield "check", client.get(_page(referral, "check-your-answers"))
    yield "delete", client.get(_page(referral, "delete"))

    # A draft with answers missing, sent; and one that cannot be referred.
    half = _draft(client)
    client.post(_page(half, "family"), FAMILY)
    yield "check (answers missing)", client.post(_page(half, "check-your-answers"))
    outside = _draft(client)
    client.post(_page(outside, "family"), {**FAMILY, "postcode": "BD23 1AA"})
    yield "cannot refer (area)", client.get(_page(outside, "cannot-refer"))
    older = _draft(client)
    client.post(
        _page(older, "family"), {**FAMILY, **_date("child_date_of_birth", date(2024, 1, 1))}
    )
    yield "cannot refer (age)", client.get(_page(older, "cannot-refer"))

    client.post(_page(referral, "check-your-answers"))
    yield "sent", client.get(_page(referral, "sent"))
    yield "referral (sent)", client.get(_page(referral))
    yield "your referrals", client.get(MINE)
    yield "withdraw", client.get(_page(referral, "withdraw"))
    yield "withdraw (error)", client.post(_page(referral, "withdraw"), {"reason": " "})

    # Each decision of the team, as the referral's page shows it.
    def decided(name: str, decide: Callable[[Referral], Any]) -> tuple[str, Any]:
        sent = sent_referral(practitioner)
        services.triage_start(by=clinician, referral=sent)
        decide(sent)
        return name, client.get(_page(sent))

    yield decided("referral (in triage)", lambda r: None)
    yield decided(
        "referral (accepted)", lambda r: services.referral_accept(by=clinician, referral=r)
    )
    yield decided(
        "referral (declined)",
        lambda r: services.referral_decline(
            by=clinician,
            referral=r,
            reason="better_elsewhere",
            signposting="The family hub runs a bonding group on Tuesdays.",
        ),
    )
    yield decided(
        "referral (redirected)",
        lambda r: services.referral_redirect(
            by=clinician, referral=r, message="Book a consultation on Thursday."
        ),
    )
    asked = sent_referral(practitioner)
    services.triage_start(by=clinician, referral=asked)
    services.referral_request_info(by=clinician, referral=asked, question="Is dad involved?")
    yield "referral (more information)", client.get(_page(asked))
    yield "answer (error)", client.post(_page(asked, "answer"), {"answer": " "})
    yield "answer (too long)", client.post(_page(asked, "answer"), {"answer": "x" * 2001})
    client.post(_page(asked, "answer"), {"answer": "The family moved away."})
    yield "referral (answered)", client.get(_page(asked))
    original = sent_referral(practitioner)
    yield decided(
        "referral (duplicate)",
        lambda r: services.referral_mark_duplicate(by=clinician, referral=r, original=original),
    )
    client.post(_page(referral, "withdraw"), {"reason": "The family moved away."})
    yield "referral (withdrawn)", client.get(_page(referral))
    spare = _draft(client)
    yield (
        "your referrals (draft deleted)",
        client.get(client.post(_page(spare, "delete"))["Location"]),
    )


def _words(response: Any) -> set[str]:
    if response["Content-Type"].startswith("application/json"):
        return {
            " ".join(str(value).split())
            for value in _json_strings(response.json())
            if re.search(r"[A-Za-z]{2}", str(value))
        }
    return visible_text(response.content.decode())


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_referral_page_is_complete_in_each_language(
    practitioner: User,
    clinician: User,
    sign_in: Callable[[Client, User], Client],
    code: str,
) -> None:
    english = dict(
        every_page(in_language(sign_in(Client(), practitioner), "en-gb"), practitioner, clinician)
    )
    Referral.objects.update(duplicate_of=None)
    Referral.objects.all().delete()
    translated = dict(
        every_page(in_language(sign_in(Client(), practitioner), code), practitioner, clinician)
    )
    assert english.keys() == translated.keys()
    direction = "rtl" if code == "ur" else "ltr"
    same = SAME_IN_EVERY_LANGUAGE | {
        *SAME_WORD.get(code, ()),
        practitioner.email,
        practitioner.full_name,
        practitioner.job_title,
        str(practitioner.organisation),
        *(str(team) for team in Team.objects.all()),
    }
    problems = []
    for name, response in translated.items():
        assert response.status_code in (200, 400), (name, response.status_code)
        if not response["Content-Type"].startswith("application/json"):
            html = response.content.decode()
            assert f'<html lang="{code}" dir="{direction}">' in html, name
        left = (_words(english[name]) & _words(response)) - same
        # References, and the over-long answers typed to see the errors.
        left = {
            text
            for text in left
            if not re.fullmatch(r"(LM-[A-Z0-9]{4}-[A-Z0-9]{4}[ ,]*)+|x+", text)
        }
        if left:
            problems.append(f"{name}: {sorted(left)}")
    assert not problems, f"English left untranslated in {code}:\n" + "\n".join(problems)


def test_the_language_switch_is_on_the_referral_pages_and_not_on_staff_pages(
    practitioner: User, clinician: User, sign_in: Callable[[Client, User], Client]
) -> None:
    client = sign_in(Client(), practitioner)
    referral = _draft(client)
    for url in (MINE, START, _page(referral, "family")):
        html = client.get(url).content.decode()
        assert 'class="lm-language-switch' in html, url
    response = client.post("/language/setlang/", {"language": "ur", "next": MINE})
    assert response["Location"] == MINE
    assert '<html lang="ur" dir="rtl">' in client.get(MINE).content.decode()
    staff = sign_in(Client(), clinician)
    for url in ("/triage/", "/directory/manage/"):
        response = staff.get(url)
        if response.status_code == 200:
            assert 'class="lm-language-switch' not in response.content.decode(), url
