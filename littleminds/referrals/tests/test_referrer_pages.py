"""A practitioner's referral through its pages: start (from the navigator's answers or
afresh), three pages of questions each saved as a draft, eligibility as the answers come in,
check your answers, send (once), the confirmation, and "Your referrals"."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from html import unescape
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import PASSWORD, UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.directory.models import Area, AreaCoverage
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.pathway import journey
from littleminds.pathway.rules import DEFAULT_SERVICE_AREA
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.referrals import services
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Intake, Referral, ReferralEvent
from littleminds.referrals.tests.factories import details, sent_referral

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
    """The navigator's rules and directory, and the team's intake over the service's area
    (BD1 to BD22 and LS29 from April 2020), also for families with no fixed address."""
    default_rules()
    lmm = navigator_directory()["lmm"]
    area = Area.objects.get(key=DEFAULT_SERVICE_AREA)
    intake: Intake = Intake.objects.create(team=team, service=lmm, area=area, is_default=True)
    return intake


@pytest.fixture
def client(practitioner: User, sign_in: Callable[[Client, User], Client]) -> Client:
    return sign_in(Client(), practitioner)


def _date(name: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


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
    "concern_details": "  Mum finds it hard to feel close to Robin.  ",
    "impact": "moderate",
    "tried": "Listening visits.",
    "others_involved": "Health visitor.",
    "consent": "on",
}


def _draft(client: Client) -> Referral:
    response = client.post(START)
    assert response.status_code == 302
    referral = Referral.objects.order_by("-pk").first()
    assert referral is not None
    assert response["Location"] == f"/referrals/{referral.code}/family/"
    return referral


def _page(referral: Referral, slug: str) -> str:
    return f"/referrals/{referral.code}/{slug}/"


def _errors(response: Any) -> list[str]:
    """The messages of the page's error summary."""
    html = response.content.decode()
    summary = html.split('class="nhsuk-error-summary"', 1)
    if len(summary) < 2:
        return []
    found = re.findall(r'<li><a href="[^"]*">([^<]*)</a></li>', summary[1].split("</ul>", 1)[0])
    return [unescape(message) for message in found]


def _filled(client: Client, **family: Any) -> Referral:
    """A draft with every page answered, on "check your answers"."""
    referral = _draft(client)
    assert client.post(_page(referral, "family"), {**FAMILY, **family}).status_code == 302
    assert client.post(_page(referral, "contact"), CONTACT).status_code == 302
    response = client.post(_page(referral, "worries"), WORRIES)
    assert response["Location"] == _page(referral, "check-your-answers")
    referral.refresh_from_db()
    return referral


# Starting --------------------------------------------------------------------------------------


def test_it_sends_a_visitor_to_sign_in_and_back(anonymous: Client, practitioner: User) -> None:
    """A practitioner who followed the navigator's button without signing in signs in and
    lands on the referral's start, still carrying the navigator's answers."""
    response = anonymous.get(f"{START}?from=navigator")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/referrals/new/%3Ffrom%3Dnavigator"
    form = anonymous.get(response["Location"]).content.decode()
    assert 'name="next" value="/referrals/new/?from=navigator"' in form
    signed_in = anonymous.post(
        response["Location"],
        {
            "email": practitioner.email,
            "password": PASSWORD,
            "next": "/referrals/new/?from=navigator",
        },
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/referrals/new/?from=navigator"
    assert anonymous.get(signed_in["Location"]).status_code == 200


def test_it_starts_a_draft_and_opens_its_first_page(client: Client, practitioner: User) -> None:
    page = client.get(START)
    assert page.status_code == 200
    assert "Refer a family to the parent–infant service" in page.content.decode()
    referral = _draft(client)
    assert referral.status == Status.DRAFT
    assert referral.referrer == practitioner
    assert referral.referrer_organisation == practitioner.organisation
    assert client.get(_page(referral, "family")).status_code == 200


def _with_navigator_answers(client: Client, answers: dict[str, Any]) -> None:
    response = HttpResponse()
    journey.save(response, answers)
    client.cookies[journey.COOKIE] = response.cookies[journey.COOKIE].value


NAVIGATOR = {
    "asker": "practitioner",
    "pregnant": False,
    "child_date_of_birth": "2026-05-01",
    "postcode": "BD7 1DP",
    "concerns": ["bonding", "housing"],
    "impact": "severe",
    "immediate_risk": False,
    "practitioner_involved": True,
    "result": {"version": 1, "on": "2026-11-28"},
}


def test_it_carries_the_navigators_answers_so_nobody_types_them_twice(client: Client) -> None:
    _with_navigator_answers(client, NAVIGATOR)
    page = client.get(f"{START}?from=navigator").content.decode()
    assert 'id="carried"' in page
    assert "1 May 2026" in page
    assert 'name="from" value="navigator"' in page
    client.post(START, {"from": "navigator"})
    referral = Referral.objects.get()
    assert referral.unborn is False
    assert referral.child_date_of_birth == date(2026, 5, 1)
    assert referral.postcode == "BD7 1DP"
    assert referral.concerns == ["bonding", "housing"]
    assert referral.impact == "severe"
    assert referral.navigator_route == "lmm_referral"
    # The first page shows them filled in.
    html = client.get(_page(referral, "family")).content.decode()
    assert 'value="BD7 1DP"' in html
    assert 'value="2026"' in html


def test_it_carries_a_pregnancy_as_unborn_with_the_due_date(client: Client) -> None:
    answers = {
        **NAVIGATOR,
        "pregnant": True,
        "expected_delivery_date": "2027-03-01",
        "child_date_of_birth": None,
    }
    answers.pop("result")
    _with_navigator_answers(client, answers)
    client.post(START, {"from": "navigator"})
    referral = Referral.objects.get()
    assert referral.unborn is True
    assert referral.expected_delivery_date == date(2027, 3, 1)
    assert referral.child_date_of_birth is None
    assert referral.navigator_route == ""  # no answer was given yet


def test_it_carries_nothing_unless_the_person_comes_from_the_navigator(client: Client) -> None:
    _with_navigator_answers(client, NAVIGATOR)
    assert 'id="carried"' not in client.get(START).content.decode()
    referral = _draft(client)
    assert (referral.postcode, referral.concerns, referral.navigator_route) == ("", [], "")


def test_a_tampered_navigator_cookie_is_ignored(client: Client) -> None:
    client.cookies[journey.COOKIE] = "not-signed"
    client.post(START, {"from": "navigator"})
    assert Referral.objects.get().postcode == ""


# The pages' checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"parent_name": "  "}, "Enter the parent or carer's full name"),
        ({"parent_name": "x" * 121}, "The parent or carer's name must be 120 characters or fewer"),
        ({"baby_name": "x" * 121}, "The baby's name must be 120 characters or fewer"),
        ({"born": ""}, "Select whether the baby has been born"),
        ({**_date("child_date_of_birth", None)}, "Enter the baby's date of birth"),
        (
            {"born": "unborn", **_date("child_date_of_birth", None)},
            "Enter the date the baby is due",
        ),
        (
            {**_date("child_date_of_birth", date(2026, 11, 29))},
            "The date of birth must be today or in the past",
        ),
        (
            {"born": "unborn", **_date("expected_delivery_date", date(2027, 9, 19))},
            "The due date must be no more than 42 weeks from today",
        ),
        (
            {"child_date_of_birth_day": "1", "child_date_of_birth_month": "1"}
            | {"child_date_of_birth_year": "0001"},
            "The date of birth must be 1 January 1900 or later",
        ),
        (
            {**_date("child_date_of_birth", date(9999, 12, 30))},
            "The date of birth must be today or in the past",
        ),
        (
            {"born": "unborn", **_date("expected_delivery_date", date(9999, 12, 30))},
            "The due date must be no more than 42 weeks from today",
        ),
        (
            {"born": "unborn", "expected_delivery_date_day": "1"}
            | {"expected_delivery_date_month": "1", "expected_delivery_date_year": "0001"},
            "The due date must be no more than 2 weeks ago",
        ),
        ({"child_date_of_birth_month": ""}, "Date of birth must include a month"),
        ({"child_date_of_birth_day": "31", "child_date_of_birth_month": "2"}, None),
        ({"child_date_of_birth_year": "26"}, "Year must include 4 numbers"),
        ({"postcode": ""}, "Enter the family's home postcode"),
        ({"postcode": "BD7"}, None),
        ({"postcode": "not a postcode"}, None),
    ],
)
def test_the_family_page_says_what_is_wrong_and_saves_nothing(
    client: Client, changes: dict[str, Any], message: str | None
) -> None:
    referral = _draft(client)
    audit = AuditEvent.objects.count()
    response = client.post(_page(referral, "family"), {**FAMILY, **changes})
    assert response.status_code == 400
    errors = _errors(response)
    assert len(errors) == 1, errors
    if message is not None:
        assert errors == [message]
    else:
        assert errors[0].startswith(("Enter", "Date of birth must be a real date")), errors
    assert "<title>Error: About the family" in response.content.decode()
    referral.refresh_from_db()
    assert referral.parent_name == ""
    assert AuditEvent.objects.count() == audit + 1  # the read of the draft, nothing written


def test_a_due_date_of_42_weeks_is_accepted(client: Client) -> None:
    referral = _draft(client)
    response = client.post(
        _page(referral, "family"),
        {**FAMILY, "born": "unborn", **_date("expected_delivery_date", date(2027, 9, 18))},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    # Only the date that applies is kept.
    assert (referral.unborn, referral.child_date_of_birth) == (True, None)
    assert referral.expected_delivery_date == date(2027, 9, 18)


@pytest.mark.parametrize(
    ("family", "kept"),
    [
        # Born, with a due date (even a wrong one) left from choosing "expecting" first.
        (
            {"born": "born", **_date("expected_delivery_date", date(2001, 1, 1))},
            (False, date(2026, 5, 28), None),
        ),
        (
            {
                "born": "born",
                "expected_delivery_date_day": "99",
                "expected_delivery_date_year": "1",
            },
            (False, date(2026, 5, 28), None),
        ),
        # Expecting, with a date of birth in the future left from choosing "Yes" first.
        (
            {
                "born": "unborn",
                **_date("expected_delivery_date", date(2027, 3, 1)),
                **_date("child_date_of_birth", date(2030, 1, 1)),
            },
            (True, None, date(2027, 3, 1)),
        ),
    ],
)
def test_the_other_answers_date_is_neither_checked_nor_kept(
    client: Client, family: dict[str, Any], kept: tuple[Any, ...]
) -> None:
    referral = _draft(client)
    response = client.post(_page(referral, "family"), {**FAMILY, **family})
    assert response.status_code == 302, _errors(response)
    referral.refresh_from_db()
    assert (referral.unborn, referral.child_date_of_birth, referral.expected_delivery_date) == kept


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": ""}, "Enter a phone number"),
        (
            {"phone": "12345"},
            "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        ({"phone": "+33 1 42 68 53 00"}, "Enter a UK phone number"),
        ({"language": ""}, "Select the language the family prefers"),
        ({"language": "xx"}, "Select a language from the list"),
        (
            {"language": "en", "interpreter": "on"},
            "An interpreter is for a language other than English: select the language the "
            "family needs an interpreter for, or untick the box",
        ),
        ({"nhs_number": "999 000 001"}, "NHS number must be 10 numbers"),
        (
            {"nhs_number": "999 000 0019"},
            "Enter a valid NHS number: check each number, it does not add up",
        ),
        ({"nhs_number": "1" * 21}, "NHS number must be 10 numbers"),
    ],
)
def test_the_contact_page_says_what_is_wrong(
    client: Client, changes: dict[str, Any], message: str
) -> None:
    referral = _draft(client)
    client.post(_page(referral, "family"), FAMILY)
    response = client.post(_page(referral, "contact"), {**CONTACT, **changes})
    assert response.status_code == 400
    assert _errors(response) == [message]
    referral.refresh_from_db()
    assert referral.phone == ""


def test_the_contact_page_keeps_the_numbers_in_one_form(client: Client) -> None:
    referral = _draft(client)
    client.post(_page(referral, "family"), FAMILY)
    client.post(_page(referral, "contact"), CONTACT)
    referral.refresh_from_db()
    assert referral.phone == "+447700900123"
    assert referral.nhs_number == "9990000018"
    assert (referral.may_call, referral.may_text, referral.may_leave_message) == (True, True, False)
    assert (referral.language, referral.interpreter) == ("ur", True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"concerns": []}, "Select what is worrying you about the family"),
        ({"concerns": ["nonsense"]}, "Select the worries from the list"),
        ({"impact": ""}, "Select how much it affects the family"),
        ({"consent": ""}, "Confirm that the family agreed to the referral"),
        ({"concern_details": "x" * 2001}, "What worries you must be 2,000 characters or fewer"),
        ({"tried": "x" * 2001}, "What has been tried must be 2,000 characters or fewer"),
        (
            {"others_involved": "x" * 2001},
            "Who else is working with the family must be 2,000 characters or fewer",
        ),
    ],
)
def test_the_worries_page_says_what_is_wrong(
    client: Client, changes: dict[str, Any], message: str
) -> None:
    referral = _draft(client)
    client.post(_page(referral, "family"), FAMILY)
    client.post(_page(referral, "contact"), CONTACT)
    response = client.post(_page(referral, "worries"), {**WORRIES, **changes})
    assert response.status_code == 400
    assert _errors(response) == [message]


def test_free_text_is_trimmed(client: Client) -> None:
    referral = _filled(client)
    assert referral.concern_details == "Mum finds it hard to feel close to Robin."
    assert referral.concerns == ["bonding", "parenting_confidence"]


# Eligibility as the answers come in ------------------------------------------------------------


@pytest.mark.parametrize(
    ("family", "allowed"),
    [
        ({**_date("child_date_of_birth", date(2024, 11, 29))}, True),  # 23 months
        ({**_date("child_date_of_birth", date(2024, 11, 28))}, False),  # 24 months
        ({"postcode": "BD23 1AA"}, False),  # Craven: outside the district
        ({"postcode": "LS1 4AP"}, False),  # Leeds
        ({"postcode": "ZZ99 3VZ"}, True),  # no fixed abode: never refused for the area
        ({"postcode": "LS29 8AB"}, True),
    ],
)
def test_eligibility_is_checked_after_the_first_page(
    client: Client, family: dict[str, Any], allowed: bool
) -> None:
    referral = _draft(client)
    response = client.post(_page(referral, "family"), {**FAMILY, **family})
    assert response.status_code == 302
    if allowed:
        assert response["Location"] == _page(referral, "contact")
        return
    assert response["Location"] == _page(referral, "cannot-refer")
    html = client.get(response["Location"]).content.decode()
    assert "This family cannot be referred to the service" in html
    why = html.split('id="why"')[1].split("</ul>")[0]
    assert "second birthday" in why or "outside the area" in why
    assert "What could help instead" in html
    assert "The navigator suggests:" in html
    assert "/directory/?postcode=" in html
    # The later pages and sending lead back to the reasons; nothing can be sent.
    assert client.get(_page(referral, "contact"))["Location"] == _page(referral, "cannot-refer")
    assert client.get(_page(referral, "check-your-answers"))["Location"] == _page(
        referral, "cannot-refer"
    )
    sent = client.post(_page(referral, "check-your-answers"))
    assert sent["Location"] == _page(referral, "cannot-refer")
    referral.refresh_from_db()
    assert referral.status == Status.DRAFT
    assert referral.reference is None


def test_the_reasons_name_the_alternatives_with_their_remit(client: Client) -> None:
    ServiceFactory.create(
        name="Brackendale Family Hub",
        ring="universal",
        remit="Stay-and-play sessions for every family.",
        boundaries="No one-to-one therapy.",
    )
    referral = _draft(client)
    client.post(_page(referral, "family"), {**FAMILY, "postcode": "BD23 1AA"})
    html = client.get(_page(referral, "cannot-refer")).content.decode()
    assert "BD23 1AA is outside the area the service covers." in html
    alternatives = html.split('id="alternatives"')[1]
    # A service card: what it does, what it does not, how to get in.
    for text in ("Brackendale Family Hub", "Stay-and-play sessions", "No one-to-one therapy."):
        assert text in alternatives, text


def test_the_area_is_the_one_in_force_on_the_day(
    client: Client, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    """The service takes BD23 from 1 December 2026: refused the day before, allowed on it."""
    area = Area.objects.get(key=DEFAULT_SERVICE_AREA)
    AreaCoverage.objects.create(area=area, prefix="BD23", valid_from=date(2026, 12, 1))
    referral = _draft(client)
    before = client.post(_page(referral, "family"), {**FAMILY, "postcode": "BD23 1AA"})
    assert before["Location"] == _page(referral, "cannot-refer")
    with time_machine.travel(date(2026, 12, 1), tick=False):
        sign_in(client, practitioner)  # days later: a new session
        after = client.post(_page(referral, "family"), {**FAMILY, "postcode": "BD23 1AA"})
        assert after["Location"] == _page(referral, "contact")
        assert client.get(_page(referral, "cannot-refer"))["Location"] == _page(referral, "contact")


def test_the_reasons_page_of_a_family_that_can_be_referred_goes_back_to_the_form(
    client: Client,
) -> None:
    referral = _draft(client)
    assert client.get(_page(referral, "cannot-refer"))["Location"] == _page(referral, "family")


@pytest.mark.parametrize(
    ("query", "eligible", "problem"),
    [
        ({"born": "born", "child_date_of_birth": "2024-11-29", "postcode": "BD7 1DP"}, True, ""),
        (
            {"born": "born", "child_date_of_birth": "2024-11-28", "postcode": "BD7 1DP"},
            False,
            "The baby is 24 months old.",
        ),
        ({"born": "born", "postcode": "BD23 1AA"}, False, "outside the area"),
        ({"born": "born", "postcode": "ZZ99 3VZ"}, True, ""),
        # A pregnancy is never too old, whatever date of birth was typed before.
        ({"born": "unborn", "child_date_of_birth": "2020-01-01"}, True, ""),
        # What cannot be read yet is not held against the family.
        ({"child_date_of_birth": "2024-02-31", "postcode": "BD"}, True, ""),
        # A year typed wrong (the future): the page names that mistake, not this check.
        ({"born": "born", "child_date_of_birth": "2030-01-01", "postcode": "BD7 1DP"}, True, ""),
    ],
)
def test_the_check_while_typing_answers_in_json(
    client: Client, query: dict[str, str], eligible: bool, problem: str
) -> None:
    writes = AuditEvent.objects.count()
    response = client.get("/referrals/eligibility/", query)
    assert response.status_code == 200
    answer = response.json()
    assert answer["eligible"] is eligible
    assert problem in " ".join(answer["problems"])
    assert bool(answer["problems"]) is not eligible
    assert AuditEvent.objects.count() == writes  # nothing kept, nothing personal read


# Check your answers and send -------------------------------------------------------------------


def test_check_your_answers_shows_every_answer_and_the_referrer(
    client: Client, practitioner: User
) -> None:
    referral = _filled(client)
    response = client.get(_page(referral, "check-your-answers"))
    html = response.content.decode()
    for text in (
        "Sam Example",
        "Robin",
        "28 May 2026",
        "BD7 1DP",
        "07700 900123",
        "Call",
        "Urdu",
        "999 000 0018",
        "Bonding, or feeling close to the baby",
        "Quite a lot",
        "Listening visits.",
        practitioner.full_name,
        str(practitioner.organisation),
        practitioner.email,
    ):
        assert text in html, text
    assert f"/referrals/{referral.code}/contact/?return=check" in html


def test_changing_an_answer_returns_to_check_your_answers(client: Client) -> None:
    referral = _filled(client)
    response = client.post(
        f"{_page(referral, 'contact')}?return=check", {**CONTACT, "phone": "01632 960001"}
    )
    assert response["Location"] == _page(referral, "check-your-answers")
    referral.refresh_from_db()
    assert referral.phone == "+441632960001"


def test_sending_gives_a_reference_and_the_confirmation(client: Client, team: Team) -> None:
    referral = _filled(client)
    response = client.post(_page(referral, "check-your-answers"))
    assert response["Location"] == _page(referral, "sent")
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    assert referral.team == team
    assert referral.reference
    html = client.get(_page(referral, "sent")).content.decode()
    assert "nhsuk-panel" in html
    assert referral.reference in html
    assert "What happens next" in html


def test_the_referrer_is_told_which_service_receives_it_and_how_long_it_usually_takes(
    client: Client, intake: Intake, team: Team
) -> None:
    """Issue 11: the practitioner's pages and confirmation name the receiving service and
    its intake's usual time to a decision."""
    intake.decision_days = 7
    intake.save()
    referral = _filled(client)
    said = f"to {intake.service.name}, at {team.name}."
    days = "The team usually decides within 7 working days."
    check = client.get(_page(referral, "check-your-answers")).content.decode()
    assert f"The referral goes {said}" in check
    assert days in check
    client.post(_page(referral, "check-your-answers"))
    sent = client.get(_page(referral, "sent")).content.decode()
    assert f"The referral has gone {said}" in sent
    assert days in sent
    told = referral.notifications.get(recipient="referrer", template="submitted")
    assert f"The referral is for {intake.service.name}." in told.body
    assert days in " ".join(told.body.split())


def test_a_double_click_sends_once_and_shows_the_same_confirmation(client: Client) -> None:
    referral = _filled(client)
    first = client.post(_page(referral, "check-your-answers"))
    second = client.post(_page(referral, "check-your-answers"))
    assert first["Location"] == second["Location"] == _page(referral, "sent")
    assert Referral.objects.count() == 1
    assert ReferralEvent.objects.filter(action="submit").count() == 1
    reference = Referral.objects.get().reference
    referral.refresh_from_db()
    assert referral.reference == reference


def test_sending_with_answers_missing_links_to_each_page(client: Client) -> None:
    referral = _draft(client)
    client.post(_page(referral, "family"), FAMILY)
    response = client.post(_page(referral, "check-your-answers"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: Check your answers" in html
    assert f'href="/referrals/{referral.code}/contact/?return=check#id_phone"' in html
    assert f'href="/referrals/{referral.code}/worries/?return=check#id_concerns_0"' in html
    assert "Confirm that the family agreed to the referral" in html
    referral.refresh_from_db()
    assert referral.status == Status.DRAFT
    assert not ReferralEvent.objects.exists()


def test_a_family_that_stops_being_eligible_before_sending_is_refused_whole(
    client: Client, practitioner: User, sign_in: Callable[[Client, User], Client]
) -> None:
    """The baby turns two between the first page and sending: nothing is sent."""
    referral = _filled(client, **_date("child_date_of_birth", date(2024, 12, 1)))
    with time_machine.travel(date(2026, 12, 1), tick=False):
        sign_in(client, practitioner)
        response = client.post(_page(referral, "check-your-answers"))
    assert response["Location"] == _page(referral, "cannot-refer")
    referral.refresh_from_db()
    assert (referral.status, referral.reference, referral.team) == (Status.DRAFT, None, None)
    assert not ReferralEvent.objects.exists()


def test_a_sent_referrals_pages_lead_to_its_own_page(client: Client) -> None:
    referral = _filled(client)
    client.post(_page(referral, "check-your-answers"))
    for slug in ("family", "contact", "worries", "cannot-refer", "check-your-answers", "delete"):
        assert client.get(_page(referral, slug))["Location"] == f"/referrals/{referral.code}/", slug
    before = referral.phone
    client.post(_page(referral, "contact"), {**CONTACT, "phone": "01632 960001"})
    referral.refresh_from_db()
    assert referral.phone == before


def test_a_draft_is_resumed_where_it_was_left(client: Client) -> None:
    referral = _draft(client)
    own = f"/referrals/{referral.code}/"
    assert client.get(own)["Location"] == _page(referral, "family")
    client.post(_page(referral, "family"), FAMILY)
    assert client.get(own)["Location"] == _page(referral, "contact")
    client.post(_page(referral, "contact"), CONTACT)
    assert client.get(own)["Location"] == _page(referral, "worries")
    client.post(_page(referral, "worries"), WORRIES)
    assert client.get(own)["Location"] == _page(referral, "check-your-answers")


def test_a_draft_can_be_deleted(client: Client) -> None:
    referral = _draft(client)
    assert client.get(_page(referral, "delete")).status_code == 200
    response = client.post(_page(referral, "delete"))
    assert response["Location"] == MINE
    assert not Referral.objects.exists()
    assert AuditEvent.objects.filter(action="referral.draft_discarded").exists()


# Your referrals --------------------------------------------------------------------------------


def test_your_referrals_lists_drafts_and_sent_referrals(
    client: Client,
    practitioner: User,
    sign_in: Callable[[Client, User], Client],
    django_assert_num_queries: Any,
) -> None:
    draft = _draft(client)
    services.draft_save(
        by=practitioner,
        referral=draft,
        changes={"parent_name": "Dee Draft", "unborn": True, "expected_delivery_date": TODAY},
    )
    sent = sent_referral(practitioner)
    unborn = sent_referral(
        practitioner,
        baby_name="",
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=date(2027, 3, 1),
    )
    with time_machine.travel(date(2026, 12, 3), tick=False):
        html = sign_in(Client(), practitioner).get(MINE).content.decode()
    drafts = html.split('id="drafts"')[1].split("</table>")[0]
    assert "Dee Draft" in drafts
    assert f"/referrals/{draft.code}/delete/" in drafts
    table = html.split('id="sent"')[1].split("</table>")[0]
    for text in (str(sent.reference), str(unborn.reference), "Robin", "Unborn"):
        assert text in table, text
    assert "Sent" in table
    assert 'aria-hidden="true">Days waiting </span>5</td>' in table
    # The list costs the same few queries however many referrals there are.
    with CaptureQueriesContext(connection) as three:
        client.get(MINE)
    for _ in range(3):
        sent_referral(practitioner)
    with django_assert_num_queries(len(three)):
        assert client.get(MINE).content.decode().count("/referrals/") > 6


def test_your_referrals_shows_only_ones_own(
    client: Client, team: Team, health_visiting: Any
) -> None:
    colleague = UserFactory.create(
        email="colleague@test.example",
        organisation=health_visiting,
        roles=[(Role.PRACTITIONER, None)],
    )
    theirs = sent_referral(colleague)
    assert str(theirs.reference) not in client.get(MINE).content.decode()


def test_your_referrals_lists_only_what_waits_on_the_referrer_when_asked(
    client: Client, practitioner: User, clinician: User
) -> None:
    drafts = [_draft(client), _draft(client)]
    asked = sent_referral(practitioner)
    services.referral_request_info(by=clinician, referral=asked, question="Which GP?")
    quiet = sent_referral(practitioner)

    html = client.get(MINE, {"waiting": "draft"}).content.decode()
    assert "Showing only your referrals not sent yet." in html
    assert f'<a href="{MINE}">Show all your referrals</a>' in html
    assert all(f"/referrals/{draft.code}/delete/" in html for draft in drafts)
    assert str(asked.reference) not in html
    assert 'id="sent"' not in html

    response = client.get(MINE, {"waiting": "question"})
    html = response.content.decode()
    assert "Showing only your referrals with a question from the team to answer." in html
    assert [row["referral"] for row in response.context["sent"]] == [asked]
    assert response.context["drafts"] == []
    assert str(quiet.reference) not in html

    # With no filter, or one it does not know, everything is listed and no filter is said.
    for query in ({}, {"waiting": "sent"}):
        response = client.get(MINE, query)
        assert len(response.context["drafts"]) + len(response.context["sent"]) == 4
        assert "Showing only" not in response.content.decode()


def test_your_referrals_says_when_nothing_waits_on_the_referrer(client: Client) -> None:
    assert "You have no referrals waiting to be sent." in (
        client.get(MINE, {"waiting": "draft"}).content.decode()
    )
    assert "No question from the team is waiting for your answer." in (
        client.get(MINE, {"waiting": "question"}).content.decode()
    )


# A referral's own page -------------------------------------------------------------------------


@pytest.fixture
def triaged(practitioner: User, clinician: User) -> Referral:
    referral = sent_referral(practitioner)
    return services.triage_start(by=clinician, referral=referral)


def test_a_declined_referral_shows_the_reason_and_the_alternatives(
    client: Client, clinician: User, triaged: Referral
) -> None:
    services.referral_decline(
        by=clinician,
        referral=triaged,
        reason="better_elsewhere",
        signposting="The family hub runs a bonding group on Tuesdays.",
    )
    html = client.get(f"/referrals/{triaged.code}/").content.decode()
    assert "Not accepted" in html
    outcome = html.split('id="outcome"')[1].split("</div>")[0]
    assert "Another service is better placed to help" in outcome
    assert "The family hub runs a bonding group on Tuesdays." in outcome
    assert "Search for other services near the family" in html
    history = html.split('id="history"')[1].split("</ol>")[0]
    assert [text.strip() for text in re.findall(r"<strong>([^<]*)</strong>", history)] == [
        "Sent",
        "The team started looking at the referral",
        "Not accepted",
    ]
    assert "Withdraw the referral" not in html


def test_a_redirected_referral_shows_the_teams_message(
    client: Client, clinician: User, triaged: Referral
) -> None:
    services.referral_redirect(
        by=clinician, referral=triaged, message="Book a consultation on Thursday."
    )
    html = client.get(f"/referrals/{triaged.code}/").content.decode()
    outcome = html.split('id="outcome"')[1].split("</div>")[0]
    assert "Book a consultation on Thursday." in outcome
    assert "Consultation offered instead" in html


def test_the_referrer_answers_the_teams_question(
    client: Client, clinician: User, triaged: Referral
) -> None:
    services.referral_request_info(by=clinician, referral=triaged, question="Is dad involved?")
    html = client.get(f"/referrals/{triaged.code}/").content.decode()
    assert "Is dad involved?" in html
    empty = client.post(f"/referrals/{triaged.code}/answer/", {"answer": "  "})
    assert empty.status_code == 400
    assert _errors(empty) == ["Enter your answer to the team's question"]
    too_long = client.post(f"/referrals/{triaged.code}/answer/", {"answer": "x" * 2001})
    assert _errors(too_long) == ["Your answer must be 2,000 characters or fewer"]
    triaged.refresh_from_db()
    assert triaged.status == Status.MORE_INFO
    response = client.post(f"/referrals/{triaged.code}/answer/", {"answer": "Yes, most days."})
    assert response["Location"] == f"/referrals/{triaged.code}/"
    triaged.refresh_from_db()
    assert triaged.status == Status.IN_TRIAGE
    assert triaged.events.last().note == "Yes, most days."  # type: ignore[union-attr]
    assert client.get(f"/referrals/{triaged.code}/answer/").status_code == 405


def test_the_referrer_reads_whose_answer_brought_the_referral_back(
    client: Client, clinician: User, triaged: Referral
) -> None:
    """When the team found out by phone instead, the history does not say the referrer
    answered."""
    services.referral_request_info(by=clinician, referral=triaged, question="Is dad involved?")
    services.referral_answer_info(by=clinician, referral=triaged, answer="Dad is, most days.")
    html = client.get(f"/referrals/{triaged.code}/").content.decode()
    assert "The team found out what it needed to know" in html
    assert "You answered the team&#x27;s question" not in html
    assert "You answered the team's question" not in html


def test_the_referrer_withdraws_with_a_reason(client: Client, triaged: Referral) -> None:
    page = client.get(f"/referrals/{triaged.code}/withdraw/")
    assert page.status_code == 200
    empty = client.post(f"/referrals/{triaged.code}/withdraw/", {"reason": ""})
    assert empty.status_code == 400
    assert _errors(empty) == ["Enter why you are withdrawing the referral"]
    response = client.post(f"/referrals/{triaged.code}/withdraw/", {"reason": "Moved away."})
    assert response["Location"] == f"/referrals/{triaged.code}/"
    triaged.refresh_from_db()
    assert triaged.status == Status.WITHDRAWN
    # Once withdrawn, the page says so and offers nothing more.
    html = client.get(f"/referrals/{triaged.code}/").content.decode()
    assert "Moved away." in html
    assert client.get(f"/referrals/{triaged.code}/withdraw/")["Location"] == (
        f"/referrals/{triaged.code}/"
    )


# Outsiders -------------------------------------------------------------------------------------

OWN_PAGES = [
    "",
    "family/",
    "contact/",
    "worries/",
    "cannot-refer/",
    "check-your-answers/",
    "sent/",
    "delete/",
    "withdraw/",
]


@pytest.mark.parametrize("persona", ["clinician", "manager", "other_clinician"])
def test_someone_elses_referral_is_not_found(
    practitioner: User, persona: str, as_persona: Callable[[str], Client]
) -> None:
    """Others with the permission to refer (and the receiving team) get 404 here: the team
    sees referrals through triage, not through the referrer's pages."""
    draft = services.draft_start(by=practitioner, details=details())
    sent = sent_referral(practitioner)
    other = as_persona(persona)
    for referral in (draft, sent):
        for tail in OWN_PAGES:
            assert other.get(f"/referrals/{referral.code}/{tail}").status_code == 404, tail
        assert other.post(f"/referrals/{referral.code}/check-your-answers/").status_code == 404
        assert other.post(f"/referrals/{referral.code}/answer/", {"answer": "x"}).status_code == 404
    assert other.post(f"/referrals/{draft.code}/delete/").status_code == 404
    assert Referral.objects.filter(pk=draft.pk, status=Status.DRAFT).exists()


@pytest.mark.parametrize("persona", ["trainer", "analyst", "researcher", "sysadmin"])
def test_people_who_do_not_refer_get_not_found(
    persona: str, as_persona: Callable[[str], Client]
) -> None:
    other = as_persona(persona)
    assert other.get(MINE).status_code == 404
    assert other.get(START).status_code == 404
    assert other.post(START).status_code == 404
    assert not Referral.objects.exists()


def test_the_start_page_refuses_other_methods(client: Client) -> None:
    assert client.put(START).status_code == 405
    assert client.post(MINE).status_code == 405
