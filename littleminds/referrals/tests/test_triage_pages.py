"""The triage pages: the team's queue with its filters, one referral with its history and
possible duplicates, and every action the life cycle opens, through the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import unescape
from typing import Any

import django.urls
import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.audit.models import AuditEvent
from littleminds.referrals import services
from littleminds.referrals.lifecycle import NotAllowed, Status
from littleminds.referrals.models import Referral, ReferralEvent
from littleminds.referrals.tests.factories import (
    born_months_ago,
    details,
    intake_for,
    sent_referral,
)
from littleminds.referrals.triage import forms as triage_forms
from littleminds.referrals.triage import views as triage_views

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("intake")]

TODAY = date(2026, 11, 28)
QUEUE = "/triage/"


@pytest.fixture(autouse=True)
def today() -> Any:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def intake(team: Team) -> Any:
    return intake_for(team)


@pytest.fixture
def as_clinician(clinician: User, sign_in: Callable[[Client, User], Client]) -> Client:
    return sign_in(Client(), clinician)


def page_of(referral: Referral) -> str:
    return f"/triage/{referral.code}/"


def sent_days_ago(days: int, by: User, **changes: Any) -> Referral:
    """A referral sent `days` ago, for the same baby as one sent today (unless told)."""
    changes.setdefault("child_date_of_birth", born_months_ago(6))
    with time_machine.travel(timezone.now() - timedelta(days=days), tick=False):
        return sent_referral(by, **changes)


def self_referral(**changes: Any) -> Referral:
    referral, _new = services.referral_create(
        kind=Referral.Kind.SELF, details=details(**changes), by=None
    )
    return referral


def rows(response: Any) -> list[str]:
    """The references in the queue's table, in order."""
    return [row.referral.reference for row in response.context["rows"]]


# The queue --------------------------------------------------------------------------------


def test_it_lists_the_open_referrals_oldest_first(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    old = sent_days_ago(20, practitioner, postcode="BD3 9AA")
    middle = sent_days_ago(5, practitioner)
    new = self_referral(
        concerns=["trauma_loss"],
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=date(2027, 2, 1),
    )
    decided = sent_days_ago(30, practitioner)
    services.referral_accept(by=clinician, referral=decided)

    response = as_clinician.get(QUEUE)

    assert response.status_code == 200
    assert rows(response) == [old.reference, middle.reference, new.reference]
    html = response.content.decode()
    assert f'href="/triage/{old.code}/"' in html
    assert "Test Health Visiting Service" in html  # the referrer's organisation
    assert "Self-referral" in html
    assert "Not born yet, due 1 Feb 2027" in html
    assert "6 months" in html
    assert "BD3" in html
    assert "Bonding, or feeling close to the baby" in html
    assert "A difficult birth, a loss, or a past trauma" in html
    assert "20 days" in html
    assert str(decided.reference) not in html


def test_it_sorts_newest_first_on_request(as_clinician: Client, practitioner: User) -> None:
    old = sent_days_ago(9, practitioner)
    new = sent_days_ago(1, practitioner)
    assert rows(as_clinician.get(QUEUE, {"sort": "newest"})) == [new.reference, old.reference]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "accepted"}, ["accepted"]),
        ({"status": "all"}, ["accepted", "baby", "unborn", "older", "leeds_side", "self"]),
        ({"age": "unborn"}, ["unborn"]),
        ({"age": "0-5"}, ["baby", "leeds_side", "self"]),
        ({"age": "12-17"}, ["older"]),
        ({"district": "bd 13"}, ["leeds_side"]),
        ({"concern": "housing"}, ["older"]),
        ({"organisation": "self"}, ["self"]),
    ],
)
def test_it_filters_the_queue(
    as_clinician: Client,
    practitioner: User,
    clinician: User,
    query: dict[str, str],
    expected: list[str],
) -> None:
    made = {
        "accepted": sent_days_ago(10, practitioner),
        "baby": sent_days_ago(9, practitioner, child_date_of_birth=date(2026, 9, 1)),
        "unborn": sent_days_ago(
            8,
            practitioner,
            unborn=True,
            child_date_of_birth=None,
            expected_delivery_date=date(2027, 1, 20),
        ),
        "older": sent_days_ago(
            7,
            practitioner,
            child_date_of_birth=date(2025, 10, 1),
            concerns=["bonding", "housing"],
        ),
        "leeds_side": sent_days_ago(
            6, practitioner, postcode="BD13 1AA", child_date_of_birth=date(2026, 7, 1)
        ),
        "self": self_referral(child_date_of_birth=date(2026, 8, 15)),
    }
    services.referral_accept(by=clinician, referral=made["accepted"])

    response = as_clinician.get(QUEUE, query)

    assert rows(response) == [made[name].reference for name in expected]


def test_it_filters_by_the_referrers_organisation(as_clinician: Client, practitioner: User) -> None:
    theirs = sent_days_ago(3, practitioner)
    self_referral()
    organisation = practitioner.organisation
    assert organisation is not None
    response = as_clinician.get(QUEUE, {"organisation": str(organisation.code)})
    assert rows(response) == [theirs.reference]


@pytest.fixture
def organisations_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    """More organisations refer to the team than the queue lists (here, any at all)."""
    monkeypatch.setattr(triage_forms, "ORGANISATIONS_LISTED", 0)


def test_up_to_the_limit_the_organisations_are_listed(
    as_clinician: Client, practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(triage_forms, "ORGANISATIONS_LISTED", 1)
    sent_days_ago(3, practitioner)
    html = as_clinician.get(QUEUE).content.decode()
    assert '<select class="nhsuk-select" id="id_organisation" name="organisation">' in html
    assert ">Test Health Visiting Service</option>" in html


@pytest.mark.usefixtures("organisations_typed")
def test_above_the_limit_the_organisation_is_typed_by_name(
    as_clinician: Client, practitioner: User
) -> None:
    theirs = sent_days_ago(3, practitioner)
    family = self_referral()
    html = as_clinician.get(QUEUE).content.decode()
    assert "Test Health Visiting Service</option>" not in html
    assert '<input type="text" name="organisation"' in html

    response = as_clinician.get(QUEUE, {"organisation": "  test health  visiting service "})
    assert rows(response) == [theirs.reference]
    assert 'value="Test Health Visiting Service"' in response.content.decode()
    for words in ("Self-referral", "self-referral", "self"):
        response = as_clinician.get(QUEUE, {"organisation": words})
        assert rows(response) == [family.reference]
        assert 'value="Self-referral"' in response.content.decode()


@pytest.mark.usefixtures("organisations_typed")
def test_a_typed_organisation_takes_the_code_of_a_link_and_shows_its_name(
    as_clinician: Client, practitioner: User
) -> None:
    theirs = sent_days_ago(3, practitioner)
    self_referral()
    organisation = practitioner.organisation
    assert organisation is not None
    response = as_clinician.get(QUEUE, {"organisation": str(organisation.code)})
    assert rows(response) == [theirs.reference]
    assert 'value="Test Health Visiting Service"' in response.content.decode()


@pytest.mark.usefixtures("organisations_typed")
def test_a_typed_organisation_that_is_none_is_an_error_not_a_list(
    as_clinician: Client, practitioner: User
) -> None:
    sent_days_ago(3, practitioner)
    response = as_clinician.get(QUEUE, {"organisation": "Nowhere Trust"})
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    assert "No organisation is called “Nowhere Trust”. Check the spelling" in html
    assert response.context["page"] is None
    response = as_clinician.get(QUEUE, {"organisation": "x" * 201})
    assert "Referred by must be 200 characters or fewer" in response.content.decode()
    assert response.context["page"] is None


def test_a_wrong_district_is_an_error_not_a_list(as_clinician: Client, practitioner: User) -> None:
    sent_referral(practitioner)
    response = as_clinician.get(QUEUE, {"district": "nowhere"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a postcode district, like BD7, or leave it empty" in html
    assert response.context["page"] is None


def test_it_shows_only_the_teams_own_referrals(
    sign_in: Callable[[Client, User], Client],
    practitioner: User,
    other_clinician: User,
) -> None:
    sent_referral(practitioner)
    response = sign_in(Client(), other_clinician).get(QUEUE)
    assert response.status_code == 200
    assert rows(response) == []


def test_it_filters_what_waits_for_a_decision_is_due_and_has_a_new_answer(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    due = sent_days_ago(20, practitioner)
    fresh = sent_days_ago(3, practitioner)
    asked = sent_days_ago(5, practitioner)
    answered = sent_days_ago(30, practitioner)
    services.referral_request_info(by=clinician, referral=asked, question="Who is the GP?")
    services.referral_request_info(by=clinician, referral=answered, question="Who is the GP?")
    services.referral_answer_info(by=practitioner, referral=answered, answer="Dr Example.")

    def found(status: str) -> list[str]:
        return rows(as_clinician.get(QUEUE, {"status": status}))

    assert found("triage") == [answered.reference, due.reference, fresh.reference]
    assert found("due") == [answered.reference, due.reference]
    assert found("answered") == [answered.reference]
    html = as_clinician.get(QUEUE).content.decode()
    assert html.count(">New answer</strong>") == 1


def test_what_the_team_found_out_itself_is_not_a_new_answer(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    referral = sent_referral(practitioner)
    services.referral_request_info(by=clinician, referral=referral, question="Who is the GP?")
    services.referral_answer_info(by=clinician, referral=referral, answer="Rang the family.")
    assert rows(as_clinician.get(QUEUE, {"status": "answered"})) == []


# Searching by reference or name -------------------------------------------------------------


def test_it_finds_a_referral_by_its_reference_however_it_is_written(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    wanted = sent_days_ago(4, practitioner)
    sent_days_ago(3, practitioner)
    # A family phoning about a decided referral is found too: a search looks at every status.
    services.referral_accept(by=clinician, referral=wanted)
    reference = wanted.reference
    assert reference is not None
    body = reference.replace("-", "")
    for written in (reference, reference.lower(), f" {body[:6]} {body[6:]} ", body.lower()):
        response = as_clinician.get(QUEUE, {"q": written})
        assert rows(response) == [reference], written


def test_it_finds_a_referral_by_its_reference_without_lm(
    as_clinician: Client, practitioner: User
) -> None:
    wanted = sent_days_ago(4, practitioner)
    sent_days_ago(3, practitioner)
    reference = wanted.reference
    assert reference is not None
    body = reference.removeprefix("LM-")
    for written in (
        body,
        body.lower(),
        f" {body.lower().replace('-', ' ')} ",
        body.replace("-", ""),
    ):
        response = as_clinician.get(QUEUE, {"q": written})
        assert rows(response) == [reference], written


def test_eight_letters_without_lm_are_looked_for_as_a_name_too(
    as_clinician: Client, practitioner: User
) -> None:
    # "Khan Ward" is written with letters that references are made of.
    family = sent_days_ago(4, practitioner, parent_name="Aisha Khan Ward")
    sent_days_ago(3, practitioner)
    assert rows(as_clinician.get(QUEUE, {"q": "Khan Ward"})) == [family.reference]
    assert AuditEvent.objects.filter(action="referral.searched").exists()


def test_it_finds_referrals_by_part_of_the_familys_name_and_audits_the_search(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    parent = sent_days_ago(5, practitioner, parent_name="Aisha Khan", baby_name="Zara")
    baby = sent_days_ago(4, practitioner, parent_name="Jo Smith", baby_name="Khaled")
    sent_days_ago(3, practitioner, parent_name="Sam Example", baby_name="Robin")

    response = as_clinician.get(QUEUE, {"q": "  KHA "})

    assert rows(response) == [parent.reference, baby.reference]
    event = AuditEvent.objects.get(action="referral.searched")
    assert event.actor_code == clinician.code
    assert event.team_code == parent.team.code  # type: ignore[union-attr]
    assert event.detail == {"query": "KHA", "found": 2}


def test_searching_by_reference_is_not_a_search_of_names(
    as_clinician: Client, practitioner: User
) -> None:
    wanted = sent_referral(practitioner)
    as_clinician.get(QUEUE, {"q": str(wanted.reference)})
    as_clinician.get(QUEUE)
    assert not AuditEvent.objects.filter(action="referral.searched").exists()


def test_a_search_finds_nothing_of_another_team(
    sign_in: Callable[[Client, User], Client], practitioner: User, other_clinician: User
) -> None:
    theirs = sent_referral(practitioner, parent_name="Aisha Khan")
    client = sign_in(Client(), other_clinician)
    assert rows(client.get(QUEUE, {"q": str(theirs.reference)})) == []
    assert rows(client.get(QUEUE, {"q": "Khan"})) == []


def test_a_search_too_long_is_an_error_not_a_list(as_clinician: Client, practitioner: User) -> None:
    sent_referral(practitioner)
    response = as_clinician.get(QUEUE, {"q": "x" * 121})
    assert "Enter no more than 120 characters" in response.content.decode()
    assert response.context["page"] is None


# Not the session's save: it is renewed at most once a minute (ADR 0061; was 10).
QUEUE_QUERIES = 7


@pytest.mark.parametrize("count", [5, 50])
def test_the_queue_costs_the_same_queries_for_5_rows_or_50(
    as_clinician: Client,
    practitioner: User,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    for n in range(count):
        if n % 5 == 0:
            self_referral(parent_name=f"Parent {n}")
        else:
            sent_referral(practitioner, parent_name=f"Parent {n}")
    as_clinician.get(QUEUE)  # the session and its caches, as for a person already working
    with django_assert_num_queries(QUEUE_QUERIES):
        response = as_clinician.get(QUEUE)
    assert len(response.context["rows"]) == count


@pytest.mark.usefixtures("organisations_typed")
@pytest.mark.parametrize("query", [{}, {"organisation": "Test Health Visiting Service"}])
def test_a_typed_organisation_costs_one_query_at_most(
    as_clinician: Client,
    practitioner: User,
    query: dict[str, str],
    django_assert_num_queries: Any,
) -> None:
    # No list of organisations is drawn, but the one query that finds whether to list
    # them stays; a name typed is looked up once.
    sent_referral(practitioner)
    as_clinician.get(QUEUE)
    with django_assert_num_queries(QUEUE_QUERIES + (1 if query else 0)):
        response = as_clinician.get(QUEUE, query)
    assert len(response.context["rows"]) == 1


def test_the_rows_are_drawn_without_a_link_reversed_for_each(
    as_clinician: Client, practitioner: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fifty rows each reversing its link, formatting its day and translating its words
    # through template tags cost more than the page's queries (ADR 0057): the words are
    # worked out once for the page, so the page reverses as many addresses for 2 rows as 12.
    calls: list[str] = []

    def counted(real: Callable[..., str]) -> Callable[..., str]:
        def reverse(*args: Any, **kwargs: Any) -> str:
            calls.append(str(args[0]))
            return real(*args, **kwargs)

        return reverse

    # The `{% url %}` tag imports `reverse` from `django.urls` each time it draws.
    monkeypatch.setattr(django.urls, "reverse", counted(django.urls.reverse))
    monkeypatch.setattr(triage_views, "reverse", counted(triage_views.reverse))
    reversed_for = []
    for count in (2, 12):
        while Referral.objects.count() < count:
            sent_referral(practitioner)
        calls.clear()
        response = as_clinician.get(QUEUE)
        assert len(response.context["rows"]) == count
        reversed_for.append(len(calls))
    assert reversed_for[0] == reversed_for[1]
    html = response.content.decode()
    referral = response.context["rows"][0].referral
    assert (
        f'<a href="/triage/{referral.code}/">{referral.reference}</a><br>'
        '<span class="nhsuk-body-s">Sent 28 Nov 2026</span>'
    ) in html


# Who may see what --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["other_clinician", "practitioner", "trainer", "analyst"])
def test_outsiders_get_not_found(
    as_persona: Callable[[str], Client], persona: str, practitioner: User
) -> None:
    referral = sent_referral(practitioner)
    client = as_persona(persona)
    assert client.get(page_of(referral)).status_code == 404
    assert client.post(page_of(referral), {"action": "accept"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    if persona != "other_clinician":
        assert client.get(QUEUE).status_code == 404


def test_visitors_are_sent_to_sign_in(practitioner: User) -> None:
    referral = sent_referral(practitioner)
    for path in (QUEUE, page_of(referral)):
        response = Client().get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/")


def test_other_methods_are_refused(as_clinician: Client, practitioner: User) -> None:
    referral = sent_referral(practitioner)
    assert as_clinician.post(QUEUE).status_code == 405
    assert as_clinician.put(page_of(referral)).status_code == 405


def test_the_manager_of_the_team_triages_too(
    as_persona: Callable[[str], Client], practitioner: User
) -> None:
    referral = sent_referral(practitioner)
    assert as_persona("manager").get(page_of(referral)).status_code == 200


# One referral ------------------------------------------------------------------------------


def test_opening_a_referral_shows_everything_and_is_audited(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    referral = sent_referral(
        practitioner,
        tried="Baby massage at the family hub.",
        others_involved="The health visitor.",
        nhs_number="9990000018",
    )

    response = as_clinician.get(page_of(referral))

    html = response.content.decode()
    for text in [
        f"Referral {referral.reference}",
        "Sam Example",
        "Robin",
        "BD7 1DP",
        "07700 900123",
        "999 000 0018",
        "Mum finds it hard to feel close to Robin.",
        "Baby massage at the family hub.",
        "The health visitor.",
        "Moderate",
        "Pip Practitioner",
        "practitioner@test.example",
        "Test Health Visiting Service",
        "Sent",  # the history
        "Waiting for 0 days so far",
    ]:
        assert text in html, text
    assert AuditEvent.objects.filter(
        action="referral.viewed", target_code=str(referral.code), actor_code=clinician.code
    ).exists()


def test_possible_duplicates_are_shown_with_links(as_clinician: Client, practitioner: User) -> None:
    first = sent_days_ago(4, practitioner)
    again = sent_referral(practitioner, parent_name="sam  example")
    stranger = sent_referral(practitioner, parent_name="Jo Other", postcode="BD9 4AA")

    html = as_clinician.get(page_of(again)).content.decode()

    assert f'href="/triage/{first.code}/"' in html
    assert str(stranger.reference) not in html


def test_the_waiting_times_are_shown_on_the_queue_and_the_page(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    accepted = sent_days_ago(10, practitioner)
    with time_machine.travel(timezone.now() - timedelta(days=7), tick=False):
        services.referral_accept(by=clinician, referral=accepted)
    with time_machine.travel(timezone.now() - timedelta(days=2), tick=False):
        services.first_contact_record(by=clinician, referral=accepted, on=timezone.now())
    withdrawn = sent_days_ago(9, practitioner, parent_name="Jo Other", postcode="BD9 4AA")
    with time_machine.travel(timezone.now() - timedelta(days=5), tick=False):
        services.referral_withdraw(by=clinician, referral=withdrawn, reason="Moved away.")

    queue = as_clinician.get(QUEUE, {"status": "all"}).content.decode()
    assert "Decided after 3 days<br>First contact 5 days later" in queue
    assert "Withdrawn after 4 days" in queue
    page = as_clinician.get(page_of(accepted)).content.decode()
    assert "3 days (decided on 21 November 2026)" in page
    assert "5 days (first contact on 26 November 2026)" in page


def test_the_history_says_who_when_and_why(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    referral = sent_referral(practitioner)
    services.referral_request_info(by=clinician, referral=referral, question="Who is the GP?")
    html = as_clinician.get(page_of(referral)).content.decode()
    assert "More information asked for" in html
    assert "Cal Clinician" in html
    assert "Who is the GP?" in html
    assert "28 Nov 2026" in html


# The actions -------------------------------------------------------------------------------


def act(client: Client, referral: Referral, action: str, **fields: str) -> Any:
    prefix = action.replace("_", "-")
    data = {"action": action, **{f"{prefix}-{name}": value for name, value in fields.items()}}
    return client.post(page_of(referral), data, follow=True)


def test_starting_triage(as_clinician: Client, practitioner: User, clinician: User) -> None:
    referral = sent_referral(practitioner)
    response = act(as_clinician, referral, "start_triage")
    referral.refresh_from_db()
    assert referral.status == Status.IN_TRIAGE
    assert referral.triaged_by == clinician
    assert "You are looking at this referral" in response.content.decode()


def test_accepting(as_clinician: Client, practitioner: User) -> None:
    referral = sent_referral(practitioner)
    response = act(as_clinician, referral, "accept", note="A good fit.")
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    assert referral.decided_at is not None
    assert "The referral is accepted" in response.content.decode()
    assert referral.events.last().note == "A good fit."  # type: ignore[union-attr]


def test_declining_with_a_reason_and_signposting(as_clinician: Client, practitioner: User) -> None:
    referral = sent_referral(practitioner)
    response = act(
        as_clinician,
        referral,
        "decline",
        reason="better_elsewhere",
        signposting="The perinatal mental health team can help: call 01632 960000.",
    )
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.decline_reason == "better_elsewhere"
    assert referral.message_to_referrer.startswith("The perinatal mental health team")
    html = response.content.decode()
    assert "The referral is declined" in html
    assert "Another service is better placed to help" in html


def test_the_decline_form_says_who_reads_the_signposting(
    as_clinician: Client, practitioner: User
) -> None:
    practitioners = as_clinician.get(page_of(sent_days_ago(1, practitioner))).content.decode()
    family = as_clinician.get(page_of(self_referral(postcode="BD8 7AA"))).content.decode()
    assert "The referrer reads this: name the services" in practitioners
    assert "The family reads this" not in practitioners
    assert "The family reads this, in their text message or email" in family
    assert "What should the family do instead?" in family
    assert "The referrer reads this: name the services" not in family


def test_a_self_referral_speaks_of_the_family_never_of_a_referrer(as_clinician: Client) -> None:
    referral = self_referral(postcode="BD8 7AA")
    pages = {"opened": as_clinician.get(page_of(referral))}
    pages["asked"] = act(as_clinician, referral, "request_info", question="Who else helps?")
    pages["answered"] = act(as_clinician, referral, "answer_info", answer="Her mother.")
    pages["refused"] = act(as_clinician, referral, "decline", reason="", signposting="")
    pages["declined"] = act(
        as_clinician, referral, "decline", reason="better_elsewhere", signposting="Call us."
    )
    for when, response in pages.items():
        html = unescape(response.content.decode())
        assert "referrer" not in html.lower(), when
    assert "The family is told why" in unescape(pages["declined"].content.decode())
    assert "What the family reads:" in unescape(pages["declined"].content.decode())


def test_a_self_referral_offered_a_consultation_speaks_of_the_family(
    as_clinician: Client,
) -> None:
    referral = self_referral(postcode="BD8 7AA")
    refused = act(as_clinician, referral, "redirect", message="")
    assert "Enter a message to the family about the consultation" in refused.content.decode()
    done = unescape(act(as_clinician, referral, "redirect", message="Talk to us.").content.decode())
    assert "referrer" not in done.lower()


def test_declining_needs_a_reason_and_signposting(as_clinician: Client, practitioner: User) -> None:
    referral = sent_referral(practitioner)
    response = act(as_clinician, referral, "decline", reason="", signposting="   ")
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Select why the referral is not accepted" in html
    assert "Enter what the referrer should do instead" in html
    assert "<title>Error: " in html
    assert 'href="#id_decline-reason_0"' in html
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    assert referral.events.count() == 1


@pytest.mark.parametrize(
    ("action", "fields", "status", "message", "missing"),
    [
        (
            "redirect",
            {"message": "A consultation would help you plan."},
            Status.REDIRECTED,
            "A consultation is offered instead",
            "Enter a message to the referrer about the consultation",
        ),
        (
            "request_info",
            {"question": "Who else is involved?"},
            Status.MORE_INFO,
            "The question is sent",
            "Enter what you need to know",
        ),
        (
            "withdraw",
            {"reason": "The family asked to withdraw."},
            Status.WITHDRAWN,
            "The withdrawal is recorded",
            "Enter why the referral is withdrawn",
        ),
    ],
)
def test_actions_with_words(
    as_clinician: Client,
    practitioner: User,
    action: str,
    fields: dict[str, str],
    status: Status,
    message: str,
    missing: str,
) -> None:
    referral = sent_referral(practitioner)

    refused = act(as_clinician, referral, action, **dict.fromkeys(fields, ""))
    assert missing in refused.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED

    response = act(as_clinician, referral, action, **fields)
    referral.refresh_from_db()
    assert referral.status == status
    assert message in response.content.decode()
    assert referral.events.last().note == next(iter(fields.values()))  # type: ignore[union-attr]


def test_the_team_records_what_it_found_out_for_a_family_with_no_account(
    as_clinician: Client, clinician: User
) -> None:
    """A family that referred itself cannot answer a question on the platform: the team
    phones them and records what it learned, and the referral is back in triage."""
    referral = self_referral(impact="", consent=True)
    services.referral_request_info(by=clinician, referral=referral, question="Who is the GP?")

    refused = act(as_clinician, referral, "answer_info", answer="  ")
    assert "Enter what you found out" in refused.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.MORE_INFO

    response = act(as_clinician, referral, "answer_info", answer="Dr Example, Bank Surgery.")
    referral.refresh_from_db()
    assert referral.status == Status.IN_TRIAGE
    assert "back in triage" in response.content.decode()
    event = referral.events.last()
    assert event is not None
    assert (event.action, event.by, event.note) == (
        "answer_info",
        clinician,
        "Dr Example, Bank Surgery.",
    )


def confirm_page(referral: Referral, original: Referral) -> str:
    return f"/triage/{referral.code}/duplicate/{original.code}/"


def test_marking_a_duplicate_asks_to_confirm_with_both_side_by_side(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    first = sent_days_ago(3, practitioner)
    again = sent_referral(practitioner)

    response = act(as_clinician, again, "mark_duplicate", original=str(first.code))

    # Choosing the original changes nothing yet: the next page shows both.
    assert response.redirect_chain == [(confirm_page(again, first), 302)]
    again.refresh_from_db()
    assert again.status == Status.SUBMITTED
    html = response.content.decode()
    assert f"Is {again.reference} a duplicate of {first.reference}?" in html
    assert html.count("Sam Example") >= 2
    assert "differ" not in html  # the same baby, born the same day, at the same address
    assert f'href="/triage/{first.code}/"' in html
    before = AuditEvent.objects.filter(action="referral.viewed", target_code=first.code).count()
    assert before >= 1  # opening the original to compare is a read of it

    confirmed = as_clinician.post(confirm_page(again, first), follow=True)

    again.refresh_from_db()
    assert again.status == Status.DUPLICATE
    assert again.duplicate_of == first
    assert confirmed.redirect_chain[-1][0] == page_of(again)
    assert "marked as a duplicate" in confirmed.content.decode()
    event = ReferralEvent.objects.filter(referral=again).order_by("at", "pk").last()
    assert event is not None
    assert event.by == clinician


def test_marking_a_duplicate_by_a_reference_without_lm(
    as_clinician: Client, practitioner: User
) -> None:
    first = sent_referral(practitioner, parent_name="Someone Else", postcode="BD9 4AA")
    again = sent_referral(practitioner)
    written = str(first.reference).removeprefix("LM-").lower().replace("-", " ")
    response = act(as_clinician, again, "mark_duplicate", reference=written)
    assert response.redirect_chain == [(confirm_page(again, first), 302)]


def test_marking_a_duplicate_by_reference(as_clinician: Client, practitioner: User) -> None:
    first = sent_referral(practitioner, parent_name="Someone Else", postcode="BD9 4AA")
    again = sent_referral(practitioner)
    response = act(as_clinician, again, "mark_duplicate", reference=f" {first.reference.lower()} ")  # type: ignore[union-attr]
    assert response.redirect_chain == [(confirm_page(again, first), 302)]
    as_clinician.post(confirm_page(again, first))
    again.refresh_from_db()
    assert again.duplicate_of == first


def test_the_confirmation_warns_when_the_date_of_birth_or_postcode_differ(
    as_clinician: Client, practitioner: User
) -> None:
    first = sent_referral(practitioner, postcode="BD9 4AA", child_date_of_birth=date(2026, 4, 2))
    again = sent_referral(practitioner, postcode="BD7 1DP", child_date_of_birth=date(2026, 5, 2))
    html = unescape(as_clinician.get(confirm_page(again, first)).content.decode())
    assert (
        "The baby's date of birth differs: 2 May 2026 here, 2 April 2026 on the original." in html
    )
    assert "The home postcode differs: BD7 1DP here, BD9 4AA on the original." in html
    assert "Check that they are the same family before you go on." in html


def test_the_confirmation_warns_when_one_baby_is_born_and_the_other_not(
    as_clinician: Client, practitioner: User
) -> None:
    first = sent_referral(
        practitioner, unborn=True, child_date_of_birth=None, expected_delivery_date=date(2027, 1, 5)
    )
    again = sent_referral(practitioner)
    html = unescape(as_clinician.get(confirm_page(again, first)).content.decode())
    assert "The baby's date of birth differs" in html


@pytest.mark.parametrize("persona", ["other_clinician", "practitioner"])
def test_the_confirmation_is_the_teams_alone(
    as_persona: Callable[[str], Client], persona: str, practitioner: User
) -> None:
    first = sent_referral(practitioner)
    again = sent_referral(practitioner)
    client = as_persona(persona)
    assert client.get(confirm_page(again, first)).status_code == 404
    assert client.post(confirm_page(again, first)).status_code == 404
    again.refresh_from_db()
    assert again.status == Status.SUBMITTED


def test_a_referral_is_not_a_duplicate_of_itself(as_clinician: Client, practitioner: User) -> None:
    referral = sent_referral(practitioner)
    assert as_clinician.get(confirm_page(referral, referral)).status_code == 404
    assert as_clinician.post(confirm_page(referral, referral)).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_confirming_after_someone_decided_changes_nothing_and_says_so(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    first = sent_referral(practitioner)
    again = sent_referral(practitioner)
    page = as_clinician.get(confirm_page(again, first))
    assert page.status_code == 200
    services.referral_accept(by=clinician, referral=again)
    response = as_clinician.post(confirm_page(again, first), follow=True)
    assert response.redirect_chain[-1][0] == page_of(again)
    assert "Nothing was changed" in response.content.decode()
    again.refresh_from_db()
    assert again.status == Status.ACCEPTED
    # Opened again, the page sends the person back to the referral, which says what it is.
    assert as_clinician.get(confirm_page(again, first))["Location"] == page_of(again)


def test_the_confirmation_refuses_other_methods(as_clinician: Client, practitioner: User) -> None:
    first = sent_referral(practitioner)
    again = sent_referral(practitioner)
    assert as_clinician.put(confirm_page(again, first)).status_code == 405


def test_a_duplicate_needs_another_referral_of_the_team(
    as_clinician: Client, practitioner: User
) -> None:
    referral = sent_referral(practitioner)
    for reference, message in [
        ("", "Enter the reference of the original referral"),
        ("LM-XXXX-XXXX", "Enter the reference of another referral to your team"),
        (referral.reference, "Enter the reference of another referral to your team"),
    ]:
        response = act(as_clinician, referral, "mark_duplicate", reference=reference or "")
        assert message in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED


def test_recording_first_contact(as_clinician: Client, practitioner: User, clinician: User) -> None:
    referral = sent_days_ago(10, practitioner)
    services.referral_accept(by=clinician, referral=referral)
    page = as_clinician.get(page_of(referral)).content.decode()
    assert "Record first contact" in page

    for day, message in [
        ({}, "Enter the date of first contact"),
        ({"on_day": "29", "on_month": "11", "on_year": "2026"}, "must be today or in the past"),
        ({"on_day": "1", "on_month": "11", "on_year": "2026"}, "must be on or after 18 November"),
        ({"on_day": "31", "on_month": "2", "on_year": "2026"}, "must be a real date"),
    ]:
        response = act(as_clinician, referral, "first_contact", **day)
        assert message in response.content.decode()
        referral.refresh_from_db()
        assert referral.first_contact_at is None

    response = act(
        as_clinician, referral, "first_contact", on_day="27", on_month="11", on_year="2026"
    )
    referral.refresh_from_db()
    assert referral.first_contact_at is not None
    assert timezone.localdate(referral.first_contact_at) == date(2026, 11, 27)
    html = response.content.decode()
    assert "The date of first contact is saved" in html
    assert "first contact on 27 November 2026" in html
    assert "Record first contact" not in html


def test_first_contact_on_the_day_it_was_sent(
    sign_in: Callable[[Client, User], Client], practitioner: User, clinician: User
) -> None:
    with time_machine.travel(timezone.now() + timedelta(hours=15), tick=False):
        referral = sent_referral(practitioner)
        services.referral_accept(by=clinician, referral=referral)
        client = sign_in(Client(), clinician)
        act(client, referral, "first_contact", on_day="28", on_month="11", on_year="2026")
    referral.refresh_from_db()
    assert referral.first_contact_at == referral.submitted_at


def test_a_decided_referral_offers_no_action(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    referral = sent_referral(practitioner)
    services.referral_decline(
        by=clinician, referral=referral, reason="outside_age", signposting="Try the family hub."
    )
    html = as_clinician.get(page_of(referral)).content.decode()
    assert 'name="action"' not in html
    assert "there is nothing more to do here" in html
    assert "Try the family hub." in html
    assert "The child is outside the service&#x27;s age range" in html


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("accept", {}),
        ("withdraw", {"reason": "Because."}),
        ("first_contact", {"on_day": "28", "on_month": "11", "on_year": "2026"}),
        ("answer_info", {}),
        ("no_such_action", {}),
    ],
)
def test_a_forged_action_changes_nothing_and_says_so(
    as_clinician: Client,
    practitioner: User,
    clinician: User,
    action: str,
    fields: dict[str, str],
) -> None:
    referral = sent_referral(practitioner)
    services.referral_decline(
        by=clinician, referral=referral, reason="outside_age", signposting="Try the family hub."
    )
    events = ReferralEvent.objects.count()

    response = act(as_clinician, referral, action, **fields)

    assert response.redirect_chain == [(page_of(referral), 302)]
    assert "Nothing was changed" in response.content.decode()
    assert "it is now “Not accepted”" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert referral.first_contact_at is None
    assert ReferralEvent.objects.count() == events


def test_someone_deciding_meanwhile_changes_nothing_and_says_so(
    as_clinician: Client, practitioner: User, clinician: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page was right when drawn; another clinician declines just before this accept."""
    referral = sent_referral(practitioner)

    def declined_meanwhile(*, by: User, referral: Referral, note: str = "") -> Referral:
        services.referral_decline(
            by=clinician, referral=referral, reason="other", signposting="Elsewhere."
        )
        raise NotAllowed("accept", "declined")

    monkeypatch.setattr(services, "referral_accept", declined_meanwhile)
    response = act(as_clinician, referral, "accept")

    assert "Nothing was changed" in response.content.decode()
    assert "it is now “Not accepted”" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.DECLINED
    assert not referral.events.filter(to_status=Status.ACCEPTED).exists()


def test_every_action_is_audited_with_who(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    referral = sent_referral(practitioner)
    act(as_clinician, referral, "start_triage")
    act(as_clinician, referral, "accept")
    actions = set(
        AuditEvent.objects.filter(
            target_code=str(referral.code), actor_code=clinician.code
        ).values_list("action", flat=True)
    )
    assert {"referral.start_triage", "referral.accept", "referral.viewed"} <= actions


# A long paste into any box ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "fields", "refused"),
    [
        ("accept", {"note": "x" * 5000}, "Note for the team must be 2,000 characters or fewer"),
        ("decline", {"reason": "other", "signposting": "x" * 5000}, "Enter no more than"),
        ("redirect", {"message": "x" * 5000}, "Enter no more than"),
        ("request_info", {"question": "x" * 5000}, "Enter no more than"),
        ("withdraw", {"reason": "x" * 5000}, "Enter no more than"),
        ("mark_duplicate", {"reference": "x" * 5000}, "must be 20 characters or fewer"),
    ],
)
def test_a_long_paste_into_an_action_is_too_long_and_changes_nothing(
    as_clinician: Client, practitioner: User, action: str, fields: dict[str, str], refused: str
) -> None:
    referral = sent_referral(practitioner)

    response = act(as_clinician, referral, action, **fields)

    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "There is a problem" in html
    assert refused in html
    assert "x" * 5000 in html  # what was pasted is kept, not cut
    referral.refresh_from_db()
    assert referral.status == Status.SUBMITTED
    assert referral.events.count() == 1


def test_a_long_paste_into_what_the_team_found_out_is_too_long(
    as_clinician: Client, practitioner: User
) -> None:
    referral = sent_referral(practitioner)
    act(as_clinician, referral, "request_info", question="Who else helps?")

    response = act(as_clinician, referral, "answer_info", answer="x" * 5000)

    assert "Enter no more than" in unescape(response.content.decode())
    referral.refresh_from_db()
    assert referral.status == Status.MORE_INFO


def test_a_long_paste_into_the_search_is_too_long(as_clinician: Client) -> None:
    response = as_clinician.get(QUEUE, {"q": "x" * 5000})
    assert response.status_code == 200
    assert "Enter no more than 120 characters" in response.content.decode()


def test_a_long_paste_into_the_date_of_first_contact_is_an_error_not_a_crash(
    as_clinician: Client, practitioner: User, clinician: User
) -> None:
    referral = sent_referral(practitioner)
    services.referral_accept(by=clinician, referral=referral)

    for part in ("day", "month", "year"):
        fields = {"day": "28", "month": "11", "year": "2026", part: "9" * 5000}
        data = {
            "action": "first_contact",
            **{f"first-contact-on_{k}": v for k, v in fields.items()},
        }
        response = as_clinician.post(page_of(referral), data, follow=True)

        assert response.status_code == 200, part
        html = unescape(response.content.decode())
        assert "There is a problem" in html, part
        assert "must be a real date" in html or "Year must include 4 numbers" in html, part
    referral.refresh_from_db()
    assert referral.first_contact_at is None
