"""Casework's numbers on "Your work": the families a clinician sees today, and those with a
past contact of theirs not recorded, each linked to "Your cases" showing exactly them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission, Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.casework import selectors, services
from littleminds.casework.models import Case, Contact
from littleminds.casework.tests.factories import at, open_case, planned

pytestmark = pytest.mark.django_db


def work_of(client: Client) -> dict[str, tuple[int, str]]:
    return {item.key: (item.number, item.url) for item in client.get("/work/").context["work"]}


@pytest.fixture(autouse=True)
def early_morning() -> Iterator[None]:
    """Today's contacts are all still to come."""
    with time_machine.travel(at(0, hour=7), tick=False):
        yield


@pytest.fixture
def cases(clinician: User, practitioner: User) -> dict[str, Case]:
    """Four of the clinician's cases: one seen today (twice), one with a contact from last
    week not recorded, one whose past contact is recorded and whose next is tomorrow, and
    one led by a colleague whose own contact today is not the clinician's."""
    made = {
        name: open_case(referrer=practitioner, clinician=clinician, baby_name=name)
        for name in ("Today", "Missed", "Done")
    }
    colleague = UserFactory.create(
        full_name="Cleo Colleague", roles=[(Role.CLINICIAN, made["Today"].team)]
    )
    made["Theirs"] = open_case(
        referrer=practitioner, clinician=clinician, lead=colleague, baby_name="Theirs"
    )
    for hour in (9, 15):
        services.contact_plan(
            by=clinician,
            case=made["Today"],
            clinician=clinician,
            starts_at=at(0, hour=hour),
            minutes=60,
            place=Contact.Place.HOME,
        )
    planned(made["Missed"], clinician, -7)
    held = planned(made["Done"], clinician, -2)
    services.contact_record(by=clinician, contact=held, outcome="attended")
    planned(made["Done"], clinician, 1)
    planned(made["Theirs"], colleague, 0)
    return made


def listed(client: Client, url: str) -> list[str]:
    return [row.baby for row in client.get(url).context["rows"]]


def test_it_counts_the_clinicians_families_with_links_to_exactly_them(
    as_persona: Callable[[str], Client], cases: dict[str, Case]
) -> None:
    client = as_persona("clinician")
    work = work_of(client)

    today, today_url = work["cases_contacts_today"]
    missed, missed_url = work["cases_not_recorded"]

    assert (today, today_url) == (1, "/cases/?contact=today")
    assert listed(client, today_url) == ["Today"]
    assert (missed, missed_url) == (1, "/cases/?contact=not_recorded")
    assert listed(client, missed_url) == ["Missed"]


def test_a_recorded_contact_leaves_the_count(
    as_persona: Callable[[str], Client], cases: dict[str, Case], clinician: User
) -> None:
    contact = cases["Missed"].contacts.get()
    services.contact_record(by=clinician, contact=contact, outcome="did_not_attend")

    assert work_of(as_persona("clinician"))["cases_not_recorded"][0] == 0


def test_it_counts_nothing_in_other_teams_and_is_not_shown_to_others(
    as_persona: Callable[[str], Client], cases: dict[str, Case]
) -> None:
    work = work_of(as_persona("other_clinician"))
    assert work["cases_contacts_today"][0] == 0
    assert work["cases_not_recorded"][0] == 0
    assert "cases_contacts_today" not in work_of(as_persona("practitioner"))


def test_a_wrong_contact_filter_shows_an_error(as_persona: Callable[[str], Client]) -> None:
    response = as_persona("clinician").get("/cases/?contact=yesterday")
    assert response.context["form"].errors["contact"]


def test_both_numbers_are_one_query_however_many_cases(
    cases: dict[str, Case], clinician: User, practitioner: User, django_assert_num_queries: Any
) -> None:
    for name in ("More", "Again"):
        more = open_case(referrer=practitioner, clinician=clinician, baby_name=name)
        planned(more, clinician, -1)
    clinician.teams_with(Permission.CASES_VIEW)  # the person's roles, read once a request
    with django_assert_num_queries(1):
        counts = selectors.my_contact_counts(clinician)
    assert counts == {"today": 1, "not_recorded": 3}
