"""The family's people and babies on a case, and a case opened without a referral."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.audit.models import AuditEvent
from littleminds.casework import services, services_week
from littleminds.casework.models import Baby, Case
from littleminds.casework.tests.factories import open_case
from littleminds.directory.models import Area
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.pathway.rules import DEFAULT_SERVICE_AREA
from littleminds.pathway.tests.factories import default_rules, navigator_directory
from littleminds.referrals.models import Intake
from littleminds.referrals.tests.factories import born_months_ago

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]


@pytest.fixture
def as_clinician(client: Client, clinician: User, sign_in: SignIn) -> Client:
    return sign_in(client, clinician)


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(referrer=practitioner, clinician=clinician)


def _date(name: str, value: date) -> dict[str, str]:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


PERSON = {
    "name": "Alex Example",
    "relationship": "father",
    "language": "Polish",
    "interpreter": "on",
    "phone": "07700 900 456",
    "contact": ["may_call", "may_leave_message"],
    "email": "alex@example.com",
    "contact_times": "Mornings",
}


# People ----------------------------------------------------------------------------------


def test_it_adds_a_parent_with_how_to_reach_them(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    url = reverse("casework:person-add", kwargs={"code": case.code})
    response = as_clinician.post(url, PERSON)
    assert response.status_code == 302
    person = case.people.get(name="Alex Example")
    assert person.relationship == "father"
    assert person.phone == "+447700900456"
    assert (person.may_call, person.may_text, person.may_leave_message) == (True, False, True)
    assert person.interpreter
    assert person.language == "Polish"
    assert AuditEvent.objects.filter(action="case.person_added").count() == 1
    html = as_clinician.get(reverse("casework:case", kwargs={"code": case.code})).content.decode()
    assert "Alex Example" in html
    assert "Polish, needs an interpreter" in html
    assert "Person added" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "12345"}, "phone", "Enter a phone number, like"),
        ({"phone": "+33 1 23 45 67 89"}, "phone", "Enter a UK phone number"),
        ({"email": "not an address"}, "email", "Enter an email address in the correct format"),
        ({"name": "x" * 121}, "name", "Name must be 120 characters or fewer"),
        ({"contact_times": "x" * 201}, "contact_times", "200 characters or fewer"),
        ({"language": "English"}, "interpreter", "An interpreter is for a language other"),
        ({"language": ""}, "language", "Enter the language they need an interpreter for"),
        ({"name": "  "}, "name", "Enter the person&#x27;s name"),
        ({"relationship": ""}, "relationship", "Choose the person&#x27;s relationship"),
    ],
)
def test_it_refuses_a_person_with_a_reason(
    as_clinician: Client, case: Case, changes: dict[str, Any], field: str, message: str
) -> None:
    url = reverse("casework:person-add", kwargs={"code": case.code})
    response = as_clinician.post(url, {**PERSON, **changes})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert f'href="#id_{field}' in html
    assert not case.people.filter(name="Alex Example").exists()


def test_it_changes_a_persons_details_and_audits_the_fields(
    as_clinician: Client, case: Case
) -> None:
    parent = case.people.get()
    url = reverse("casework:person-change", kwargs={"code": case.code, "person": parent.code})
    form = as_clinician.get(url).content.decode()
    assert parent.name in form
    response = as_clinician.post(
        url,
        {
            "name": parent.name,
            "relationship": "mother",
            "language": "Urdu",
            "interpreter": "on",
            "phone": "07700 900 123",
            "contact": ["may_text"],
            "email": "",
            "contact_times": "After 2pm",
        },
    )
    assert response.status_code == 302
    parent.refresh_from_db()
    assert (parent.relationship, parent.language, parent.interpreter) == ("mother", "Urdu", True)
    assert (parent.may_call, parent.may_text, parent.may_leave_message) == (False, True, False)
    event = AuditEvent.objects.get(action="case.person_changed")
    assert "Urdu" not in str(event.detail)
    assert "language" in event.detail["fields"]


def test_the_service_refuses_an_interpreter_for_english(case: Case, clinician: User) -> None:
    with pytest.raises(ValidationError):
        services_week.person_add(
            by=clinician,
            case=case,
            name="Jo",
            relationship="carer",
            language="english",
            interpreter=True,
        )


def test_another_team_cannot_add_a_person(case: Case, other_clinician: User) -> None:
    with pytest.raises(services.NotAllowed):
        services_week.person_add(by=other_clinician, case=case, name="Jo", relationship="carer")


def test_a_person_of_another_case_is_404(
    as_clinician: Client, case: Case, clinician: User, practitioner: User
) -> None:
    other = open_case(referrer=practitioner, clinician=clinician, postcode="BD9 4AA")
    url = reverse(
        "casework:person-change",
        kwargs={"code": case.code, "person": other.people.get().code},
    )
    assert as_clinician.get(url).status_code == 404


# Babies ----------------------------------------------------------------------------------


def test_it_adds_a_twin(as_clinician: Client, case: Case) -> None:
    first = case.babies.get()
    assert first.date_of_birth is not None
    url = reverse("casework:baby-add", kwargs={"code": case.code})
    response = as_clinician.post(
        url, {"baby_name": "Rowan", "born": "yes", **_date("date_of_birth", first.date_of_birth)}
    )
    assert response.status_code == 302
    assert [b.name for b in case.babies.all()] == ["Robin", "Rowan"]
    assert AuditEvent.objects.filter(action="case.baby_added").count() == 1
    html = as_clinician.get(reverse("casework:case", kwargs={"code": case.code})).content.decode()
    assert "Rowan: 6 months" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"born": "yes"}, "Enter the date of birth"),
        ({"born": "no"}, "Enter the due date"),
        ({}, "Choose whether the baby is born"),
        (
            {"born": "yes", **_date("date_of_birth", date.today() + timedelta(days=3))},
            "The date of birth must be today or in the past",
        ),
        (
            {"born": "no", **_date("due_date", date.today() + timedelta(days=400))},
            "The due date must be no more than 42 weeks from today",
        ),
        ({"born": "no", "baby_name": "x" * 121}, "120 characters or fewer"),
        ({"born": "no", "nhs_number": "123"}, "NHS number must be 10 numbers"),
    ],
)
def test_it_refuses_a_baby_with_a_reason(
    as_clinician: Client, case: Case, data: dict[str, str], message: str
) -> None:
    url = reverse("casework:baby-add", kwargs={"code": case.code})
    html = as_clinician.post(url, data).content.decode()
    assert "There is a problem" in html
    assert message in html
    assert case.babies.count() == 1


def test_a_birth_keeps_the_same_record(clinician: User, practitioner: User) -> None:
    case = open_case(
        referrer=practitioner,
        clinician=clinician,
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=timezone.localdate() + timedelta(days=10),
    )
    baby = case.babies.get()
    born = services.baby_born(by=clinician, baby=baby, date_of_birth=timezone.localdate())
    assert born.pk == baby.pk
    assert born.code == baby.code
    assert Baby.objects.filter(case=case).count() == 1
    assert not born.unborn
    assert born.due_date is None


# A case without a referral -----------------------------------------------------------------


@pytest.fixture
def intake(team: Team) -> Intake:
    default_rules()
    lmm = navigator_directory()["lmm"]
    area = Area.objects.get(key=DEFAULT_SERVICE_AREA)
    found: Intake = Intake.objects.create(team=team, service=lmm, area=area, is_default=True)
    return found


def new_family(**changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "baby_name": "Indigo",
        "born": "yes",
        **_date("date_of_birth", born_months_ago(3)),
        "postcode": "BD7 1DP",
        "name": "Morgan Group",
        "relationship": "mother",
        "language": "Romanian",
        "interpreter": "on",
        "phone": "07700 900 321",
        "contact": ["may_text"],
        "worries": ["bonding"],
        "worries_detail": "Met at the baby group.",
    }
    values.update(changes)
    return values


NEW = "/cases/new/"


def test_it_opens_a_case_without_a_referral(
    as_clinician: Client, clinician: User, intake: Intake
) -> None:
    html = as_clinician.get(NEW).content.decode()
    assert "Open a case without a referral" in html
    response = as_clinician.post(NEW, new_family(lead=str(clinician.code)))
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == reverse("casework:case", kwargs={"code": case.code})
    assert case.team == intake.team
    assert case.postcode == "BD7 1DP"
    assert case.worries == ["bonding"]
    assert case.babies.get().name == "Indigo"
    parent = case.people.get()
    assert (parent.name, parent.language, parent.interpreter) == ("Morgan Group", "Romanian", True)
    assert case.allocations.get(is_lead=True).clinician == clinician
    assert not case.referral_links.exists()
    event = AuditEvent.objects.get(action="case.opened")
    assert event.target_code == str(case.code)
    page = as_clinician.get(response["Location"]).content.decode()
    assert "Case opened without a referral" in page


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"postcode": "BD23 1AA"}, "BD23 1AA is outside the area the service covers."),
        (_date("date_of_birth", born_months_ago(25)), "second birthday"),
    ],
)
def test_it_refuses_a_family_the_service_cannot_see_with_the_alternatives(
    as_clinician: Client,
    clinician: User,
    intake: Intake,
    changes: dict[str, str],
    reason: str,
) -> None:
    ServiceFactory.create(
        name="Brackendale Family Hub",
        ring="universal",
        remit="Stay-and-play for every family.",
        needs=["bonding"],
        max_age_months=60,
    )
    response = as_clinician.post(NEW, new_family(lead=str(clinician.code), **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The service cannot see this family" in html
    assert reason in html
    assert "What could help instead" in html
    assert "The navigator suggests:" in html
    alternatives = html.split('id="alternatives"')[1]
    assert "Brackendale Family Hub" in alternatives
    assert not Case.objects.exists()


def test_it_offers_the_familys_open_case_first(
    as_clinician: Client, clinician: User, practitioner: User, intake: Intake
) -> None:
    existing = open_case(
        referrer=practitioner,
        clinician=clinician,
        baby_name="Indigo",
        child_date_of_birth=born_months_ago(3),
        postcode="BD7 1DP",
    )
    response = as_clinician.post(NEW, new_family(lead=str(clinician.code)))
    html = response.content.decode()
    assert "This family may already have a case" in html
    assert reverse("casework:case", kwargs={"code": existing.code}) in html
    assert Case.objects.count() == 1

    again = as_clinician.post(NEW, new_family(lead=str(clinician.code), different="yes"))
    assert again.status_code == 302
    assert Case.objects.count() == 2


def test_it_asks_for_the_lead_and_checks_the_fields(as_clinician: Client, intake: Intake) -> None:
    html = as_clinician.post(
        NEW, new_family(phone="0123", postcode="nowhere", worries_detail="x" * 5001)
    ).content.decode()
    assert "Choose the lead clinician" in html
    assert "Enter a phone number, like" in html
    assert "Enter a real UK postcode" in html or "Enter a full UK postcode" in html
    assert "5,000 characters or fewer" in html
    assert not Case.objects.exists()
