"""Each case keeps the start of its last attended contact (`Case.last_contact_at`, ADR
0062): after every contact service it is what working it out from the contacts gives."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from littleminds.accounts.models import User
from littleminds.casework import services
from littleminds.casework.models import Case, Contact
from littleminds.casework.services_closure import case_close
from littleminds.casework.tests.factories import open_case, planned

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]


def worked_out(case: Case) -> datetime | None:
    """The last attended contact as the caseloads worked it out before the column."""
    return (
        Contact.objects.filter(case=case, outcome=Contact.Outcome.ATTENDED)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )


def kept(case: Case) -> datetime | None:
    return Case.objects.values_list("last_contact_at", flat=True).get(pk=case.pk)


def assert_kept(*cases: Case) -> None:
    for case in cases:
        assert kept(case) == worked_out(case)


def test_it_is_kept_by_each_contact_service(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    other = open_case(referrer=practitioner, clinician=clinician, postcode="BD9 4AA")
    assert kept(case) is None
    assert_kept(case, other)

    ten_days_ago = planned(case, clinician, -10)
    three_days_ago = planned(case, clinician, -3)
    yesterday = planned(case, clinician, -1)
    ahead = planned(case, clinician, 2)
    assert_kept(case, other)  # planned, not attended: still none

    services.contact_record(by=clinician, contact=three_days_ago, outcome="attended")
    assert kept(case) == three_days_ago.starts_at
    assert_kept(case, other)

    # An earlier visit recorded later does not move the last contact back.
    services.contact_record(by=clinician, contact=ten_days_ago, outcome="attended")
    assert kept(case) == three_days_ago.starts_at
    assert_kept(case, other)

    # A later contact that did not happen is not a contact.
    services.contact_record(by=clinician, contact=yesterday, outcome="did_not_attend")
    assert kept(case) == three_days_ago.starts_at
    assert_kept(case, other)

    # Closing cancels the contact still planned: not attended either.
    case_close(by=clinician, case=case, reason="goals_met", summary="Done.", dealt_with=True)
    ahead.refresh_from_db()
    assert ahead.outcome == Contact.Outcome.CANCELLED_BY_SERVICE
    assert kept(case) == three_days_ago.starts_at
    assert_kept(case, other)


def test_a_contact_recorded_after_the_case_closed_counts(
    clinician: User, practitioner: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    held = planned(case, clinician, -2)
    case_close(by=clinician, case=case, reason="goals_met", summary="Done.", dealt_with=True)

    services.contact_record(by=clinician, contact=held, outcome="attended")

    assert kept(case) == held.starts_at
    assert_kept(case)


def backfills() -> list[tuple[str, list[str]]]:
    migration = importlib.import_module("littleminds.casework.migrations.0011_last_contact_at")
    return [
        (migration.BACKFILL, []),
        (services.LAST_CONTACT_BACKFILL, [Contact.Outcome.ATTENDED.value]),
    ]


@pytest.mark.parametrize("which", [0, 1], ids=["the migration", "the bench's loader"])
def test_the_backfill_gives_what_the_contacts_give(
    which: int, clinician: User, practitioner: User
) -> None:
    attended = open_case(referrer=practitioner, clinician=clinician)
    for days in (-9, -4):
        services.contact_record(
            by=clinician, contact=planned(attended, clinician, days), outcome="attended"
        )
    services.contact_record(
        by=clinician, contact=planned(attended, clinician, -1), outcome="did_not_attend"
    )
    missed = open_case(referrer=practitioner, clinician=clinician, postcode="BD9 4AA")
    services.contact_record(
        by=clinician, contact=planned(missed, clinician, -1), outcome="cancelled_family"
    )
    untouched = open_case(referrer=practitioner, clinician=clinician, postcode="BD5 0AA")
    Case.objects.update(last_contact_at=None)

    sql, params = backfills()[which]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)

    assert kept(attended) is not None
    assert kept(missed) is None
    assert kept(untouched) is None
    assert_kept(attended, missed, untouched)


def test_closed_cases_are_listed_longest_since_the_last_contact_first(
    clinician: User, practitioner: User, sign_in: SignIn
) -> None:
    as_clinician = sign_in(Client(), clinician)
    names = {"Ash": -30, "Kit": -2, "Lee": None, "Max": -12}
    for n, (name, days) in enumerate(names.items()):
        case = open_case(
            referrer=practitioner, clinician=clinician, baby_name=name, postcode=f"BD{n + 1} 4AA"
        )
        if days is not None:
            held = planned(case, clinician, days)
            services.contact_record(by=clinician, contact=held, outcome="attended")
        case_close(by=clinician, case=case, reason="goals_met", summary="Done.")
    still_open = open_case(
        referrer=practitioner, clinician=clinician, baby_name="Oak", postcode="BD9 9AA"
    )
    services.contact_record(
        by=clinician, contact=planned(still_open, clinician, -20), outcome="attended"
    )

    def order(status: str) -> list[str]:
        rows = as_clinician.get(reverse("casework:team"), {"status": status}).context["rows"]
        return [row.baby for row in rows]

    # No contact at all first, then the longest since the last contact.
    assert order("closed") == ["Lee", "Ash", "Max", "Kit"]
    assert order("all") == ["Lee", "Ash", "Oak", "Max", "Kit"]
    assert order("open") == ["Oak"]
