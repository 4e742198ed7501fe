"""The consultation pages: booking from the list, from the navigator's answer and from a
redirected referral (what was said there carried over), the family's details only with
their agreement and checked like the referral form's, the slot taken meanwhile, moving and
cancelling, publishing slots within bounds, withdrawing, and who may see what."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, time, timedelta
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
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.consultations import services
from littleminds.consultations.models import Booking, Slot
from littleminds.consultations.tests.factories import booking, family, slot
from littleminds.directory.models import Area
from littleminds.pathway import journey
from littleminds.pathway.rules import DEFAULT_SERVICE_AREA
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.referrals import services as referral_services
from littleminds.referrals.models import Intake
from littleminds.referrals.tests.factories import sent_referral

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)  # a Wednesday
BOOK = "/consultations/book/"
HOME = "/consultations/"


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with time_machine.travel(date(2026, 11, 25), tick=False):
        yield


@pytest.fixture
def client(practitioner: User, sign_in: Callable[[Client, User], Client]) -> Client:
    return sign_in(Client(), practitioner)


@pytest.fixture
def intake(team: Team) -> Intake:
    default_rules()
    lmm = navigator_directory()["lmm"]
    area = Area.objects.get(key=DEFAULT_SERVICE_AREA)
    made: Intake = Intake.objects.create(team=team, service=lmm, area=area, is_default=True)
    return made


def _date(name: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def text(response: Any) -> str:
    return unescape(response.content.decode())


# Booking from the list -------------------------------------------------------------------


def test_it_lists_the_free_slots_with_words_and_books_one(
    client: Client, clinician: User, practitioner: User
) -> None:
    free = slot(clinician, days=6, at=time(14, 0))
    taken = slot(clinician, days=7)
    booking(practitioner, taken)
    page = text(client.get(BOOK))
    assert "Tuesday 1 December 2026, 14:00 to 14:45: Video call with Cal Clinician" in page
    assert str(taken.code) not in page
    assert "Bonding, or feeling close to the baby" in page  # worries in words

    response = client.post(
        BOOK, {"slot": str(free.code), "concerns": ["bonding", "housing"], "note": "Dad too."}
    )
    made = Booking.objects.get(slot=free)
    assert response.status_code == 302
    assert response["Location"] == f"/consultations/bookings/{made.code}/"
    assert made.concerns == ["bonding", "housing"]
    assert made.source == Booking.Source.PAGES
    assert not made.family_shared
    page = text(client.get(response["Location"]))
    assert "Not named: a case consultation" in page
    assert "Dad too." in page


def test_it_asks_for_a_slot_and_explains_limits(client: Client, clinician: User) -> None:
    slot(clinician)
    page = text(client.post(BOOK, {"note": "x" * 2001}))
    assert "Choose a slot" in page
    assert "Enter what the clinician should know in 2,000 characters or fewer" in page
    assert not Booking.objects.exists()


def test_a_slot_taken_meanwhile_gets_one_clear_message(
    client: Client, clinician: User, practitioner: User
) -> None:
    wanted = slot(clinician)
    page_first = client.get(BOOK)
    assert page_first.status_code == 200
    # Another practitioner books it before this one presses "book".
    other = UserFactory.create(email="o@test.example", roles=[(Role.PRACTITIONER, None)])
    booking(other, wanted)
    page = text(client.post(BOOK, {"slot": str(wanted.code)}))
    assert page.count("This slot has just been taken; choose another") == 2  # summary, field
    assert Booking.objects.count() == 1


def test_the_race_lost_in_the_database_gets_the_same_message(
    client: Client, clinician: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = slot(clinician)

    def lost(**_: Any) -> Booking:
        raise services.SlotTaken

    monkeypatch.setattr(services, "booking_create", lost)
    page = text(client.post(BOOK, {"slot": str(wanted.code)}))
    assert "This slot has just been taken; choose another" in page


def test_the_familys_details_are_checked_only_when_shared(client: Client, clinician: User) -> None:
    wanted = slot(clinician)
    page = text(client.post(BOOK, {"slot": str(wanted.code), "share": "on"}))
    for message in (
        "Enter the parent or carer's full name",
        "Select whether the baby has been born",
        "Enter the family's home postcode",
    ):
        assert message in page
    page = text(
        client.post(
            BOOK,
            {
                "slot": str(wanted.code),
                "share": "on",
                "parent_name": "Sam Example",
                "born": "born",
                **_date("child_date_of_birth", TODAY + timedelta(days=3)),
                "postcode": "not a postcode",
            },
        )
    )
    assert "The date of birth must be today or in the past" in page
    assert "postcode" in page.lower()
    assert not Booking.objects.exists()
    client.post(
        BOOK,
        {
            "slot": str(wanted.code),
            "share": "on",
            "parent_name": "Sam Example",
            "born": "unborn",
            **_date("expected_delivery_date", TODAY + timedelta(days=60)),
            "postcode": "bd71dp",
        },
    )
    made = Booking.objects.get()
    assert made.family_shared
    assert made.unborn
    assert made.expected_delivery_date == TODAY + timedelta(days=60)
    assert made.postcode == "BD7 1DP"


def test_a_slot_by_phone_asks_for_the_number_to_call(client: Client, clinician: User) -> None:
    wanted = slot(clinician, mode=Slot.Mode.PHONE)
    page = text(client.post(BOOK, {"slot": str(wanted.code)}))
    assert "Enter the number the clinician should call" in page
    page = text(client.post(BOOK, {"slot": str(wanted.code), "phone": "12"}))
    assert "phone number" in page.lower()
    assert not Booking.objects.exists()
    client.post(BOOK, {"slot": str(wanted.code), "phone": "01632 960 001"})
    made = Booking.objects.get()
    assert made.phone == "+441632960001"
    page = text(client.get(f"/consultations/bookings/{made.code}/"))
    assert "The clinician calls 01632 960001" in page


def test_details_typed_without_the_familys_agreement_are_not_kept(
    client: Client, clinician: User
) -> None:
    wanted = slot(clinician)
    client.post(BOOK, {"slot": str(wanted.code), "parent_name": "Sam Example"})
    made = Booking.objects.get()
    assert not made.family_shared
    assert made.parent_name == ""


# Hand-offs -------------------------------------------------------------------------------


NAVIGATOR = {
    "asker": "practitioner",
    "pregnant": False,
    "child_date_of_birth": "2026-05-01",
    "postcode": "BD7 1DP",
    "concerns": ["bonding", "housing"],
    "impact": "mild",
    "immediate_risk": False,
    "practitioner_involved": True,
    "result": {"version": 1, "on": "2026-11-25"},
}


def _with_navigator_answers(client: Client, answers: dict[str, Any]) -> None:
    response = HttpResponse()
    journey.save(response, answers)
    client.cookies[journey.COOKIE] = response.cookies[journey.COOKIE].value


def test_it_carries_the_navigators_answers_over(
    client: Client, clinician: User, intake: Intake
) -> None:
    wanted = slot(clinician)
    _with_navigator_answers(client, NAVIGATOR)
    page = client.get(f"{BOOK}?from=navigator").content.decode()
    assert 'id="carried"' in page
    assert 'name="from" value="navigator"' in page
    assert 'value="BD7 1DP"' in page  # kept for the family's details, if they agree
    client.post(BOOK, {"from": "navigator", "slot": str(wanted.code), "concerns": ["bonding"]})
    made = Booking.objects.get()
    assert made.source == Booking.Source.NAVIGATOR
    assert made.navigator_route == "lmm_consultation"
    assert not made.family_shared  # nothing of the family without their agreement


def test_the_worries_are_ticked_from_the_navigator(client: Client, clinician: User) -> None:
    slot(clinician)
    _with_navigator_answers(client, NAVIGATOR)
    page = client.get(f"{BOOK}?from=navigator").content.decode()
    ticked = [
        code
        for code in ("bonding", "housing", "money")
        if f'value="{code}"' in page and _checked(page, code)
    ]
    assert ticked == ["bonding", "housing"]
    plain = client.get(BOOK).content.decode()
    assert not _checked(plain, "bonding")


def _checked(page: str, code: str) -> bool:
    start = page.index(f'value="{code}"')
    tag = page[page.rindex("<input", 0, start) : page.index(">", start)]
    return "checked" in tag


def test_it_carries_a_redirected_referrals_worries_for_its_referrer_only(
    client: Client, practitioner: User, clinician: User, intake: Intake, sign_in: Any
) -> None:
    referral = sent_referral(practitioner, concerns=["trauma_loss", "money"])
    referral_services.triage_start(by=clinician, referral=referral)
    referral_services.referral_redirect(by=clinician, referral=referral, message="Let us talk.")
    wanted = slot(clinician)
    url = f"{BOOK}?from=referral&reference={referral.reference}"
    page = client.get(url).content.decode()
    assert str(referral.reference) in page
    assert _checked(page, "trauma_loss")
    assert _checked(page, "money")
    assert not _checked(page, "bonding")
    client.post(
        BOOK,
        {"from": "referral", "reference": referral.reference, "slot": str(wanted.code)},
    )
    made = Booking.objects.get()
    assert made.referral == referral
    assert made.source == Booking.Source.REFERRAL

    # Another practitioner, or a referral not redirected: not found.
    other = UserFactory.create(email="o@test.example", roles=[(Role.PRACTITIONER, None)])
    assert sign_in(Client(), other).get(url).status_code == 404
    waiting = sent_referral(practitioner)
    assert client.get(f"{BOOK}?from=referral&reference={waiting.reference}").status_code == 404


def test_the_redirected_referral_links_to_the_booking(
    client: Client, practitioner: User, clinician: User, intake: Intake
) -> None:
    referral = sent_referral(practitioner)
    referral_services.triage_start(by=clinician, referral=referral)
    referral_services.referral_redirect(by=clinician, referral=referral, message="Let us talk.")
    page = client.get(f"/referrals/{referral.code}/").content.decode()
    assert f"/consultations/book/?from=referral&amp;reference={referral.reference}" in page
    told = referral.notifications.get(template="redirected", recipient="referrer")
    assert f"/consultations/book/?from=referral&reference={referral.reference}" in told.body


def test_a_referrer_who_does_not_book_consultations_gets_no_button(
    other_clinician: User, clinician: User, intake: Intake, sign_in: Any
) -> None:
    """A clinician of another team may refer, but books no consultation."""
    referral = sent_referral(other_clinician)
    referral_services.triage_start(by=clinician, referral=referral)
    referral_services.referral_redirect(by=clinician, referral=referral, message="Talk?")
    page = sign_in(Client(), other_clinician).get(f"/referrals/{referral.code}/")
    assert page.status_code == 200
    assert "The team suggests a consultation instead" in page.content.decode()
    assert "/consultations/book/" not in page.content.decode()
    told = referral.notifications.get(template="redirected", recipient="referrer")
    assert "/consultations/book/" not in told.body


# A booking's page, moving and cancelling -------------------------------------------------


def test_the_booking_page_shows_the_familys_details_to_the_team_and_audits_it(
    practitioner: User, clinician: User, sign_in: Any
) -> None:
    made = booking(practitioner, slot(clinician), family=family())
    page = text(sign_in(Client(), clinician).get(f"/consultations/bookings/{made.code}/"))
    assert "Sam Example" in page
    assert "Pip Practitioner" in page
    assert AuditEvent.objects.filter(action="consultation.booking_viewed").count() == 1


def test_moving_from_the_page(client: Client, practitioner: User, clinician: User) -> None:
    made = booking(practitioner, slot(clinician, days=3))
    new = slot(clinician, days=4)
    page = text(client.get(f"/consultations/bookings/{made.code}/move/"))
    assert str(new.code) in page
    assert str(made.slot.code) not in page
    response = client.post(f"/consultations/bookings/{made.code}/move/", {"slot": str(new.code)})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.slot == new


def test_cancelling_from_the_page_needs_the_other_reason(
    client: Client, practitioner: User, clinician: User
) -> None:
    made = booking(practitioner, slot(clinician))
    url = f"/consultations/bookings/{made.code}/cancel/"
    assert "Choose why the consultation is cancelled" in text(client.post(url, {}))
    assert "Enter the other reason" in text(client.post(url, {"reason": "other"}))
    client.post(url, {"reason": "other", "other": "Moved to another team"})
    made.refresh_from_db()
    assert not made.is_active
    page = text(client.get(f"/consultations/bookings/{made.code}/"))
    assert "Moved to another team" in page
    assert "Move to another time" not in page
    # A cancelled booking cannot be moved or cancelled again.
    assert client.get(url)["Location"] == f"/consultations/bookings/{made.code}/"


def test_home_lists_the_practitioners_own_bookings_in_few_queries(
    client: Client, practitioner: User, clinician: User
) -> None:
    for days in range(3, 8):
        booking(practitioner, slot(clinician, days=days))
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(HOME))
    assert page.count("/consultations/bookings/") == 5
    assert len(queries) <= 8


# The team's offer ------------------------------------------------------------------------


def test_the_team_sees_its_offer_and_who_booked(
    manager: User, clinician: User, practitioner: User, sign_in: Any
) -> None:
    booking(practitioner, slot(clinician, days=6))
    slot(clinician, days=7)
    client = sign_in(Client(), manager)
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(HOME))
    assert "Pip Practitioner, Test Health Visiting Service" in page
    assert "Withdraw" in page
    assert "Week beginning" in page
    assert len(queries) <= 12


def _slot_form(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "minutes": "45",
        "mode": "video",
        "video_link": "https://video.example/room/9",
        "at": "10:00",
        "weeks": "1",
        **_date("day", TODAY + timedelta(days=5)),
    }
    values.update(changes)
    return values


def test_publishing_slots_checks_the_bounds(clinician: User, sign_in: Any) -> None:
    client = sign_in(Client(), clinician)
    whose = f"{clinician.teams()[0].code}:{clinician.code}"
    url = "/consultations/slots/new/"
    cases = {
        "The date must be today or in the future": _date("day", TODAY - timedelta(days=1)),
        "The date must be within a year from today": _date("day", TODAY + timedelta(days=400)),
        "A weekly series can run for 52 weeks at most": {"weeks": "53"},
        "Enter the time on the 24-hour clock, like 14:30": {"at": "25:00"},
        "Enter a web address that starts with https://": {"video_link": "http://x.example"},
        "Enter the link of the video call": {"video_link": ""},
        "Enter the place where you meet": {"mode": "in_person"},
        "more than a year from today": {
            "weeks": "52",
            **_date("day", TODAY + timedelta(days=300)),
        },
    }
    for message, changes in cases.items():
        page = text(client.post(url, _slot_form(whose=whose, **changes)))
        assert message in page, message
    assert not Slot.objects.exists()
    response = client.post(url, _slot_form(whose=whose, weeks="4"))
    assert response.status_code == 302
    assert Slot.objects.count() == 4
    page = text(client.post(url, _slot_form(whose=whose, at="10:30")))
    assert "Cal Clinician already offers a slot at this time on 30 November 2026" in page


def test_withdrawing_a_free_slot(clinician: User, sign_in: Any) -> None:
    made = slot(clinician)
    client = sign_in(Client(), clinician)
    url = f"/consultations/slots/{made.code}/withdraw/"
    assert "Withdraw the slot" in text(client.get(url))
    assert client.post(url).status_code == 302
    made.refresh_from_db()
    assert made.is_withdrawn


# Who may see what ------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["put", "delete"])
def test_the_pages_refuse_other_methods(
    client: Client, clinician: User, practitioner: User, method: str
) -> None:
    made = booking(practitioner, slot(clinician))
    for url in (
        HOME,
        BOOK,
        f"/consultations/bookings/{made.code}/",
        f"/consultations/bookings/{made.code}/cancel/",
    ):
        assert getattr(client, method)(url).status_code == 405


def test_the_teams_pages_refuse_other_methods(clinician: User, sign_in: Any) -> None:
    client = sign_in(Client(), clinician)
    made = slot(clinician)
    for url in ("/consultations/slots/new/", f"/consultations/slots/{made.code}/withdraw/"):
        assert client.put(url).status_code == 405
    assert client.post(f"/consultations/bookings/{made.code}/invite.ics").status_code == 405


def test_a_practitioner_sees_only_their_own_bookings(
    practitioner: User, clinician: User, sign_in: Any, other_clinician: User
) -> None:
    made = booking(practitioner, slot(clinician))
    other = UserFactory.create(email="o@test.example", roles=[(Role.PRACTITIONER, None)])
    for who in (other, other_clinician):
        client = sign_in(Client(), who)
        for suffix in ("", "move/", "cancel/", "invite.ics"):
            assert client.get(f"/consultations/bookings/{made.code}/{suffix}").status_code == 404
    assert Client().get(f"/consultations/bookings/{made.code}/").status_code == 302
