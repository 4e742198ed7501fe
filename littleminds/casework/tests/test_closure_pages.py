"""The closure pages: closing with a reason, the letters (a page and a PDF), the referrer's
letter, reopening, records past their date and destroying them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.casework.models import Case
from littleminds.casework.models_closure import ClosingLetter, Closure, DestroyedCase
from littleminds.casework.services_closure import case_close, case_reopen
from littleminds.casework.tests.factories import open_case

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]


@pytest.fixture
def as_clinician(client: Client, clinician: User, sign_in: SignIn) -> Client:
    return sign_in(client, clinician)


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(referrer=practitioner, clinician=clinician)


def url(name: str, case: Case, **kwargs: object) -> str:
    return reverse(f"casework:{name}", kwargs={"code": case.code, **kwargs})


def day(on: date) -> str:
    return formats.date_format(on, "j F Y")


def closed(case: Case, by: User, **changes: object) -> Closure:
    values: dict[str, object] = {
        "reason": "moved_away",
        "summary": "We met eight times; Robin and Sam are close and playful now.",
        "gp_name": "Dr Ada Lovelace",
        "gp_address": "Brackendale Surgery\n1 High Street",
    }
    values.update(changes)
    return case_close(by=by, case=case, **values)  # type: ignore[arg-type]


def test_it_closes_the_case_from_its_page(as_clinician: Client, case: Case) -> None:
    html = as_clinician.get(url("case", case)).content.decode()
    assert url("close", case) in html

    response = as_clinician.post(
        url("close", case),
        {"reason": "goals_met", "summary": "Robin is thriving.", "gp_name": "Dr Ada Lovelace"},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.is_open
    html = as_clinician.get(url("case", case)).content.decode()
    assert "Goals met" in html
    assert "Closing letter to Dr Ada Lovelace" in html
    assert "Closing letter to Pip Practitioner" in html
    assert "Records kept until" in html
    assert "Case closed" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"summary": "Fine."}, "Choose why the case is closing"),
        ({"reason": "goals_met", "summary": "  "}, "Enter the closing summary"),
        ({"reason": "other", "summary": "Fine."}, "Say why the case is closing"),
        ({"reason": "goals_met", "summary": "x" * 5001}, "characters or fewer"),
        ({"reason": "goals_met", "summary": "Fine.", "gp_address": "1 High St"}, "Enter the name"),
    ],
)
def test_closing_is_validated(
    as_clinician: Client, case: Case, data: dict[str, str], message: str
) -> None:
    response = as_clinician.post(url("close", case), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    case.refresh_from_db()
    assert case.is_open


def test_the_letter_is_a_page_and_a_pdf(as_clinician: Client, case: Case, clinician: User) -> None:
    closure = closed(case, clinician)
    letter = closure.letters.get(to="gp")

    html = as_clinician.get(url("letter", case, letter=letter.code)).content.decode()
    assert "Dear Dr Ada Lovelace" in html
    assert "The family moved away" in html
    assert "close and playful now" in html
    assert day(closure.closed_on) in html
    assert "PHQ-9" not in html  # the letter carries no measures
    assert "Difficulty bonding" not in html  # nor the worries
    assert AuditEvent.objects.filter(
        action="closingletter.viewed", target_code=str(letter.code)
    ).exists()

    response = as_clinician.get(url("letter-pdf", case, letter=letter.code))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"Lovelace" not in response.content[:200]
    assert len(response.content) > 1000


def test_the_referrer_sees_the_letter_sent_to_them_and_nothing_else(
    case: Case, clinician: User, practitioner: User, sign_in: SignIn
) -> None:
    closure = closed(case, clinician)
    to_referrer = closure.letters.get(to="referrer")
    to_gp = closure.letters.get(to="gp")
    referral = to_referrer.referral
    assert referral is not None
    client = sign_in(Client(), practitioner)

    page = client.get(reverse("referrals:referral", kwargs={"code": referral.code}))
    html = page.content.decode()
    letter_url = reverse("casework:referrer-letter", kwargs={"letter": to_referrer.code})
    assert letter_url in html

    html = client.get(letter_url).content.decode()
    assert "Dear Pip Practitioner" in html
    assert "Thank you for your referral" in html
    assert client.get(
        reverse("casework:referrer-letter-pdf", kwargs={"letter": to_referrer.code})
    ).content.startswith(b"%PDF-")
    # Not the GP's letter, not the case, not the team's letter page.
    assert (
        client.get(reverse("casework:referrer-letter", kwargs={"letter": to_gp.code})).status_code
        == 404
    )
    assert client.get(url("case", case)).status_code == 404
    assert client.get(url("letter", case, letter=to_referrer.code)).status_code == 404


def test_the_referrer_sees_the_case_closed_on_their_referral_pages(
    case: Case, clinician: User, practitioner: User, sign_in: SignIn
) -> None:
    referral = case.referral_links.get().referral
    client = sign_in(Client(), practitioner)
    page_url = reverse("referrals:referral", kwargs={"code": referral.code})
    mine_url = reverse("referrals:mine")
    assert "case closed" not in client.get(page_url).content.decode().lower()
    assert "case closed" not in client.get(mine_url).content.decode().lower()

    closure = closed(case, clinician)
    closed_line = f"Case closed on {day(closure.closed_on)}"
    for html in (client.get(page_url).content.decode(), client.get(mine_url).content.decode()):
        assert "Accepted: case closed" in html
        assert closed_line in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    html = client.get(page_url).content.decode()
    assert "Zaakceptowane: sprawa zamknięta" in html
    assert "Zespół zakończył pracę z rodziną" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The referral keeps its own status: the closing is read from the case.
    referral.refresh_from_db()
    assert referral.status == "accepted"

    case_reopen(by=clinician, case=case, reason="The family asked to come back.")
    html = client.get(page_url).content.decode()
    assert "Accepted: case closed" not in html
    assert closed_line not in html


def test_another_practitioner_gets_404(case: Case, clinician: User, sign_in: SignIn) -> None:
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory

    letter = closed(case, clinician).letters.get(to="referrer")
    stranger = UserFactory.create(
        email="stranger@test.example",
        organisation=User.objects.get(email="practitioner@test.example").organisation,
        roles=[(Role.PRACTITIONER, None)],
    )
    client = sign_in(Client(), stranger)
    assert (
        client.get(reverse("casework:referrer-letter", kwargs={"letter": letter.code})).status_code
        == 404
    )


def test_a_closed_case_is_reopened_within_3_months(
    clinician: User, practitioner: User, sign_in: SignIn
) -> None:
    with time_machine.travel(date(2026, 1, 10), tick=False):
        case = open_case(referrer=practitioner, clinician=clinician)
        closed(case, clinician)
    with time_machine.travel(date(2026, 4, 10), tick=False):
        client = sign_in(Client(), clinician)
        html = client.get(url("reopen", case)).content.decode()
        assert "It can be reopened until 10 April 2026" in html
        assert (
            "Say why the case is reopened" in client.post(url("reopen", case), {}).content.decode()
        )
        response = client.post(url("reopen", case), {"reason": "Sam asked for help again"})
        assert response.status_code == 302
    case.refresh_from_db()
    assert case.is_open


def test_after_3_months_the_page_offers_a_new_case(
    clinician: User, practitioner: User, sign_in: SignIn
) -> None:
    with time_machine.travel(date(2026, 1, 10), tick=False):
        case = open_case(referrer=practitioner, clinician=clinician)
        closed(case, clinician)
    with time_machine.travel(date(2026, 4, 11), tick=False):
        client = sign_in(Client(), clinician)
        html = client.get(url("reopen", case)).content.decode()
        assert "A new case starts" in html
        assert reverse("referrals:start") in html
        client.post(url("reopen", case), {"reason": "Too late"})
    case.refresh_from_db()
    assert not case.is_open


def past_date(case: Case, by: User) -> Closure:
    closure = closed(case, by)
    Closure.objects.filter(pk=closure.pk).update(keep_until=timezone.localdate() - timedelta(1))
    return closure


def test_a_manager_destroys_a_case_after_two_confirmations(
    case: Case, clinician: User, manager: User, sign_in: SignIn
) -> None:
    past_date(case, clinician)
    client = sign_in(Client(), manager)
    listing = client.get(reverse("casework:retention")).content.decode()
    assert str(case.code) in listing
    assert "Robin" not in listing

    first = client.get(url("destroy", case)).content.decode()
    assert "This cannot be undone" in first
    assert url("destroy-confirm", case) in first

    wrong = client.post(url("destroy-confirm", case), {"code": "something else"})
    assert "nothing was destroyed" in wrong.content.decode()
    assert Case.objects.filter(pk=case.pk).exists()

    response = client.post(url("destroy-confirm", case), {"code": str(case.code).upper()})
    assert response.status_code == 302
    assert not Case.objects.filter(pk=case.pk).exists()
    record = DestroyedCase.objects.get()
    assert record.destroyed_by == manager
    html = client.get(reverse("casework:retention")).content.decode()
    assert "Notes and addenda" in html or "Closing letters" in html
    assert "casework." not in html


def test_destroying_is_not_offered_before_the_date_or_to_clinicians(
    case: Case, clinician: User, manager: User, sign_in: SignIn
) -> None:
    closed(case, clinician)
    manager_client = sign_in(Client(), manager)
    assert manager_client.get(url("destroy", case)).status_code == 404
    assert manager_client.get(url("destroy-confirm", case)).status_code == 404
    Closure.objects.update(keep_until=timezone.localdate() - timedelta(1))
    clinician_client = sign_in(Client(), clinician)
    assert clinician_client.get(url("destroy", case)).status_code == 404
    assert (
        clinician_client.post(url("destroy-confirm", case), {"code": str(case.code)}).status_code
        == 404
    )
    assert Case.objects.filter(pk=case.pk).exists()
    assert ClosingLetter.objects.exists()


def test_the_pages_refuse_the_wrong_method(as_clinician: Client, case: Case) -> None:
    assert as_clinician.put(url("close", case)).status_code == 405
    closure = closed(case, User.objects.get(email="clinician@test.example"))
    letter = closure.letters.first()
    assert letter is not None
    assert as_clinician.post(url("letter", case, letter=letter.code)).status_code == 405


def test_a_visitor_is_sent_to_sign_in(case: Case) -> None:
    assert Client().get(url("close", case)).status_code == 302


def test_outsiders_get_404(case: Case, other_clinician: User, sign_in: SignIn) -> None:
    client = sign_in(Client(), other_clinician)
    assert client.get(url("close", case)).status_code == 404
    assert client.get(url("reopen", case)).status_code == 404


# What is still open when the case closes -----------------------------------------------------


def test_the_close_page_lists_what_is_open_and_asks_to_confirm(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    from littleminds.casework import services_care
    from littleminds.casework.models import Contact
    from littleminds.casework.models_care import FlagKind
    from littleminds.casework.tests.factories import planned

    first = planned(case, clinician, 4)
    planned(case, clinician, 11)
    flag_kind = FlagKind.objects.filter(retired_on__isnull=True).order_by("pk").first()
    assert flag_kind is not None
    services_care.flag_raise(
        by=clinician, case=case, kind=flag_kind, raised_on=timezone.localdate()
    )

    html = as_clinician.get(url("close", case)).content.decode()

    assert f"2 planned contacts from {day(timezone.localdate(first.starts_at))}" in html
    assert f"1 open safeguarding flag: {flag_kind.name}" in html
    assert 'name="dealt_with"' in html

    data = {"reason": "goals_met", "summary": "Robin is thriving."}
    response = as_clinician.post(url("close", case), data)
    assert response.status_code == 200
    assert "Confirm that you have dealt with" in response.content.decode()
    case.refresh_from_db()
    assert case.is_open

    response = as_clinician.post(url("close", case), {**data, "dealt_with": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.is_open
    assert set(case.contacts.values_list("outcome", flat=True)) == {
        Contact.Outcome.CANCELLED_BY_SERVICE
    }
    html = as_clinician.get(url("case", case)).content.decode()
    assert "Cancelled by the service" in html


def test_the_close_page_refuses_while_a_risk_task_is_open(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    from littleminds.casework import services_records

    services_records.administration_record(
        by=clinician,
        case=case,
        measure="phq9",
        on=timezone.localdate(),
        items=[0] * 8 + [2],
        answered_by=case.people.first(),
    )
    task = case.tasks.get()

    html = as_clinician.get(url("close", case)).content.decode()

    assert "1 open risk task: PHQ-9: item 9 answered above zero" in html
    assert "Close the risk task with the action taken before closing the case" in html
    assert url("task-done", case, task=task.code) in html
    assert 'name="summary"' not in html

    response = as_clinician.post(url("close", case), {"reason": "goals_met", "summary": "Well."})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.is_open


# The last measures: the case's own administrations, not free text -----------------------------


def _phq9(case: Case, clinician: User, days_ago: int, total: int) -> None:
    from littleminds.casework import services_records

    items = [0] * 9
    for n in range(total):
        items[n % 8] += 1  # never item 9: no risk task
    services_records.administration_record(
        by=clinician,
        case=case,
        measure="phq9",
        on=timezone.localdate() - timedelta(days=days_ago),
        items=items,
        answered_by=case.people.first(),
    )


def test_the_close_page_shows_the_recorded_measures_not_a_box(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    _phq9(case, clinician, 60, 18)
    _phq9(case, clinician, 2, 6)

    html = as_clinician.get(url("close", case)).content.decode()

    assert 'name="last_measures"' not in html
    assert "Last measures" in html
    latest = day(timezone.localdate() - timedelta(days=2))
    assert "PHQ-9</th>" in html
    assert latest in html
    assert "A reliable improvement, and recovery" in html


def test_the_closure_and_letter_carry_the_measures_in_words(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    _phq9(case, clinician, 60, 18)
    _phq9(case, clinician, 2, 6)
    first = day(timezone.localdate() - timedelta(days=60))
    latest = day(timezone.localdate() - timedelta(days=2))

    response = as_clinician.post(
        url("close", case),
        {"reason": "goals_met", "summary": "Robin is thriving.", "gp_name": "Dr Ada Lovelace"},
    )
    assert response.status_code == 302

    closure = Closure.objects.get(case=case)
    assert [m["name"] for m in closure.measures] == ["PHQ-9"]
    words = f"PHQ-9: 6 on {latest}, from 18 on {first}: a reliable improvement, and recovery"
    case_page = as_clinician.get(url("case", case)).content.decode()
    assert words in case_page
    for letter in closure.letters.all():
        html = as_clinician.get(url("letter", case, letter=letter.code)).content.decode()
        assert words in html
        assert "Moderately severe" not in html  # the band is for the team, not the letter


def test_an_old_closure_keeps_its_typed_last_measures_readable(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    closure = closed(case, clinician)
    Closure.objects.filter(pk=closure.pk).update(last_measures="PHQ-9 on 1 December: 4")

    html = as_clinician.get(url("case", case)).content.decode()

    assert "PHQ-9 on 1 December: 4" in html


def test_a_closed_case_shows_the_age_at_closing_and_an_old_last_contact_as_a_date(
    clinician: User, practitioner: User, sign_in: SignIn
) -> None:
    from littleminds.casework import services
    from littleminds.casework.tests.factories import planned

    with time_machine.travel(date(2026, 3, 4), tick=False):
        case = open_case(referrer=practitioner, clinician=clinician)
        case.babies.update(unborn=False, due_date=None, date_of_birth=date(2025, 1, 2))
        held = planned(case, clinician, -1)
        services.contact_record(by=clinician, contact=held, outcome="attended")
        closed(case, clinician)
    with time_machine.travel(date(2026, 12, 6), tick=False):
        html = sign_in(Client(), clinician).get(url("case", case)).content.decode()
    # 14 months on the day it closed, 23 today.
    assert "Age at closing: 14 months" in html
    assert "23 months" not in html
    assert "3 March 2026" in html
    assert "days ago" not in html


def test_a_closed_case_says_a_recent_last_contact_in_days(
    clinician: User, practitioner: User, sign_in: SignIn
) -> None:
    from littleminds.casework import services
    from littleminds.casework.tests.factories import planned

    with time_machine.travel(date(2026, 3, 4), tick=False):
        case = open_case(referrer=practitioner, clinician=clinician)
        held = planned(case, clinician, -1)
        services.contact_record(by=clinician, contact=held, outcome="attended")
        closed(case, clinician)
    with time_machine.travel(date(2026, 4, 2), tick=False):
        html = sign_in(Client(), clinician).get(url("case", case)).content.decode()
    assert "3 March 2026 (30 days ago)" in html
