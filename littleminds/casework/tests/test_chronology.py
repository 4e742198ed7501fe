"""The case's whole safeguarding chronology on its own page (issue 12): newest first, 50 a
page, each page audited as read, the same number of queries however many entries; and the
case page showing the latest 20 with a link to them all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.casework import selectors_care, services_care
from littleminds.casework.models import Case
from littleminds.casework.models_care import ChronologyEntry
from littleminds.casework.tests.factories import open_case

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(referrer=practitioner, clinician=clinician)


@pytest.fixture
def as_clinician(client: Client, clinician: User, sign_in: SignIn) -> Client:
    return sign_in(client, clinician)


def entries(case: Case, by: User, count: int) -> list[ChronologyEntry]:
    """`count` entries, entry n on the day n days ago (entry 0 today: the newest)."""
    today = timezone.localdate()
    return [
        services_care.chronology_add(
            by=by, case=case, happened_on=today - timedelta(days=n), text=f"Event number {n}."
        )
        for n in range(count)
    ]


def chronology_url(case: Case) -> str:
    return reverse("casework:case-chronology", kwargs={"code": case.code})


def case_url(case: Case) -> str:
    return reverse("casework:case", kwargs={"code": case.code})


def test_the_chronology_is_listed_newest_first_50_a_page(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    entries(case, clinician, 60)
    first = as_clinician.get(chronology_url(case))
    assert first.status_code == 200
    shown = first.context["entries"]
    assert len(shown) == selectors_care.ALL_CHRONOLOGY_PER_PAGE == 50
    assert [e.text for e in shown[:2]] == ["Event number 0.", "Event number 1."]
    html = first.content.decode()
    assert "60 entries, the latest first." in html
    assert "Page 1 of 2" in html
    assert "Event number 49." in html
    assert "Event number 50." not in html
    second = as_clinician.get(f"{chronology_url(case)}?page=2")
    assert [e.text for e in second.context["entries"]][-1] == "Event number 59."
    assert as_clinician.get(f"{chronology_url(case)}?page=x").status_code == 200


def test_each_page_of_the_chronology_is_audited_as_read(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    made = entries(case, clinician, 55)
    before_case = AuditEvent.objects.filter(action="case.viewed").count()
    as_clinician.get(f"{chronology_url(case)}?page=2")
    read = AuditEvent.objects.filter(action="chronology.viewed").order_by("pk").last()
    assert read is not None
    assert read.detail["entries"] == [str(entry.code) for entry in made[50:]]
    assert AuditEvent.objects.filter(action="case.viewed").count() == before_case + 1


def test_the_chronology_page_costs_the_same_however_many_entries(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    entries(case, clinician, 2)
    with CaptureQueriesContext(connection) as few:
        assert as_clinician.get(chronology_url(case)).status_code == 200
    first = ChronologyEntry.objects.order_by("pk").first()
    assert first is not None
    services_care.chronology_add(
        by=clinician,
        case=case,
        happened_on=timezone.localdate(),
        text="A correction.",
        corrects=first,
    )
    entries(case, clinician, 40)
    with CaptureQueriesContext(connection) as many:
        assert as_clinician.get(chronology_url(case)).status_code == 200
    assert len(many) == len(few)


def test_the_case_page_shows_the_latest_20_entries_and_links_to_all(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    made = entries(case, clinician, 25)
    html = as_clinician.get(case_url(case)).content.decode()
    assert f'href="{chronology_url(case)}">Show all 25 entries</a>' in html
    assert "Event number 19." in html
    assert "Event number 20." not in html
    assert html.index("Event number 0.") < html.index("Event number 19.")
    read = AuditEvent.objects.filter(action="chronology.viewed").order_by("pk").last()
    assert read is not None
    assert read.detail["entries"] == [str(entry.code) for entry in made[:20]]


def test_a_short_chronology_has_no_link_to_all(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    entries(case, clinician, 20)
    html = as_clinician.get(case_url(case)).content.decode()
    assert f'href="{chronology_url(case)}"' not in html
    assert "Show all" not in html
    assert "Event number 19." in html


def test_the_chronology_page_is_404_to_outsiders(
    case: Case, clinician: User, other_clinician: User, practitioner: User, sign_in: SignIn
) -> None:
    entries(case, clinician, 1)
    for outsider in (other_clinician, practitioner):
        client = sign_in(Client(), outsider)
        assert client.get(chronology_url(case)).status_code == 404
    assert Client().get(chronology_url(case)).status_code == 302


def test_the_chronology_page_refuses_the_wrong_method(as_clinician: Client, case: Case) -> None:
    assert as_clinician.post(chronology_url(case)).status_code == 405


def test_the_chronology_page_shows_a_day_as_words(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    entry = entries(case, clinician, 1)[0]
    html = as_clinician.get(chronology_url(case)).content.decode()
    assert formats.date_format(entry.happened_on, "j F Y") in html
    assert "1 entry, the latest first." in html
