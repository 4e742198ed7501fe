"""The navigator's question pages, walked as a person would: one answer per page, following
wherever each page sends them, to "check your answers" and the answer."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from littleminds.directory.models import Service
from littleminds.directory.services import service_set_status
from littleminds.pathway import journey
from littleminds.pathway.labels import route_label
from littleminds.pathway.models import Recommendation, RuleSetVersion
from littleminds.pathway.rules import DEFAULT_SCENARIOS, SCENARIO_DAY
from littleminds.pathway.tests.factories import (
    default_rules,
    navigator_directory,
    navigator_intake,
    rival_services,
)
from littleminds.pathway.tests.test_api import area_read
from littleminds.referrals.models import Intake

pytestmark = pytest.mark.django_db

START = "/navigator/questions/who/"
CHECK = "/navigator/check-your-answers/"
ANSWER = "/navigator/answer/"


@pytest.fixture(autouse=True)
def system() -> dict[str, Any]:
    default_rules()
    directory = navigator_directory()
    navigator_intake(directory["lmm"])
    return directory


def _date_parts(name: str, value: date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def page_data(slug: str, family: dict[str, Any]) -> dict[str, Any]:
    """What a person types on one question page, for a family described as the API takes it."""
    return {
        "who": lambda: {"asker": family["asker"]},
        "pregnancy": lambda: {"pregnant": _yes_no(family["pregnant"])},
        "due-date": lambda: _date_parts("expected_delivery_date", family["expected_delivery_date"]),
        "baby": lambda: _date_parts("child_date_of_birth", family["child_date_of_birth"]),
        "postcode": lambda: {"postcode": family["postcode"]},
        "worries": lambda: {"concerns": family["concerns"] or ["none"]},
        "impact": lambda: {"impact": family["impact"]},
        "risk": lambda: {"immediate_risk": _yes_no(family["immediate_risk"])},
        "involved": lambda: {"practitioner_involved": _yes_no(family["practitioner_involved"])},
    }[slug]()


def walk(client: Client, family: dict[str, Any]) -> list[str]:
    """Answer each question the pages ask, in the order they ask, until "check your
    answers"; returns the question pages visited."""
    visited = []
    url = START
    while url != CHECK:
        slug = url.rstrip("/").split("/")[-1]
        visited.append(slug)
        response = client.post(url, page_data(slug, family))
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
        url = response["Location"]
        assert len(visited) < 12, visited
    return visited


def get_answer(client: Client) -> str:
    response = client.post(CHECK)
    assert response.status_code == 302
    assert response["Location"] == ANSWER
    answer = client.get(ANSWER)
    assert answer.status_code == 200
    return answer.content.decode()


def heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match
    return match.group(1).strip()


FAMILY = {
    "asker": "practitioner",
    "pregnant": False,
    "expected_delivery_date": None,
    "child_date_of_birth": date(2026, 5, 1),
    "postcode": "BD7 1DP",
    "concerns": ["bonding"],
    "impact": "moderate",
    "immediate_risk": False,
    "practitioner_involved": True,
}


@pytest.mark.parametrize("scenario", DEFAULT_SCENARIOS, ids=[s["name"] for s in DEFAULT_SCENARIOS])
def test_every_default_rule_and_edge_through_the_pages(anonymous: Client, scenario) -> None:
    with time_machine.travel(scenario["on_date"], tick=False):
        walk(anonymous, scenario)
        html = get_answer(anonymous)
    expected = scenario["expected_route"]
    if expected == "urgent":
        assert heading(html) == "Get help now"
        assert 'href="tel:999"' in html
    else:
        assert heading(html) == route_label(expected)
    for also in scenario["expected_also"]:
        assert route_label(also) in html
    counted = Recommendation.objects.get()
    assert (counted.route, counted.asker, counted.rule_set.number) == (
        expected,
        scenario["asker"],
        1,
    )


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_it_asks_only_the_questions_that_apply(anonymous: Client) -> None:
    parent = {**FAMILY, "asker": "parent", "concerns": []}
    assert walk(anonymous, parent) == ["who", "pregnancy", "baby", "postcode", "worries", "risk"]
    expecting = {**FAMILY, "pregnant": True, "expected_delivery_date": date(2027, 3, 1)}
    anonymous.cookies.clear()
    assert walk(anonymous, expecting) == [
        "who",
        "pregnancy",
        "due-date",
        "baby",
        "postcode",
        "worries",
        "impact",
        "risk",
        "involved",
    ]


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_the_answer_names_services_and_a_next_step_button(anonymous: Client, system) -> None:
    system["lmm"].access.filter(method="practitioner_referral").update(
        url="https://lmm.example.org/refer", instructions="Talk to the family first."
    )
    walk(anonymous, FAMILY)
    html = get_answer(anonymous)
    assert "Little Minds Matter" in html
    # The platform's own referral form takes over from the service's web address, and
    # carries the navigator's answers.
    assert 'href="/referrals/new/?from=navigator" role="button"' in html
    assert 'href="https://lmm.example.org/refer" role="button"' not in html
    assert "Start a referral to Little Minds Matter" in html
    assert "version 1 of the navigator" in html


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_parent_is_never_at_a_dead_end(anonymous: Client) -> None:
    """A family outside the area with no service for them still gets something to do."""
    walk(anonymous, {**FAMILY, "asker": "parent", "postcode": "TR1 1AA", "concerns": []})
    html = get_answer(anonymous)
    assert "Search for other services near the family" in html
    assert "/directory/?postcode=TR1+1AA&amp;age_months=6" in html


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_parent_is_sent_to_the_platforms_self_referral(anonymous: Client, system) -> None:
    walk(anonymous, {**FAMILY, "asker": "parent"})
    html = get_answer(anonymous)
    assert "Refer yourself to Little Minds Matter" in html
    assert 'href="/self-referral/" role="button"' in html


def buttons(html: str) -> list[tuple[str, str]]:
    """The next steps' buttons: where each goes, and what it says."""
    return [
        (href, " ".join(text.split()))
        for href, text in re.findall(r'<a [^>]*href="([^"]*)" role="button"[^>]*>(.*?)</a>', html)
    ]


def services_listed(html: str) -> list[str]:
    """The names of the services under "Services that can help"."""
    listed = html.split('id="services"', 1)[1].split("</h2>", 2)[1]
    return re.findall(r'<h3 class="nhsuk-card__heading[^"]*">\s*<a [^>]*>(.*?)</a>', listed)


@pytest.mark.parametrize(
    ("asker", "words", "url"),
    [
        ("practitioner", "Start a referral to", "/referrals/new/?from=navigator"),
        ("parent", "Refer yourself to", "/self-referral/"),
    ],
)
@time_machine.travel(SCENARIO_DAY, tick=False)
def test_the_button_names_the_service_that_will_receive_the_referral(
    anonymous: Client, asker: str, words: str, url: str
) -> None:
    """Issue 11: with another provider's service for the same worries in the directory (and
    first in the alphabet), the button to the platform's form named that service while the
    referral went to the parent–infant team's intake, and the intake's service was not
    listed at all."""
    rival_services()
    walk(anonymous, {**FAMILY, "asker": asker, "postcode": "BD3 9AB"})
    html = get_answer(anonymous)
    assert heading(html) == route_label("lmm_referral")
    assert buttons(html)[0] == (url, f"{words} Little Minds Matter")
    assert [text for href, text in buttons(html) if href == url] == [f"{words} Little Minds Matter"]
    assert "Little Minds Matter" in services_listed(html)
    assert "Baby Bonds" in services_listed(html)


@pytest.mark.parametrize(("asker", "shown"), [("parent", True), ("practitioner", False)])
@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_parent_is_shown_where_to_check_a_request_already_made(
    anonymous: Client, asker: str, shown: bool
) -> None:
    walk(anonymous, {**FAMILY, "asker": asker, "postcode": "BD3 9AB"})
    html = get_answer(anonymous)
    link = '<a href="/self-referral/where-is-my-request/">Check where your request is</a>'
    assert (link in html) is shown


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_another_services_way_in_never_opens_the_platforms_form(anonymous: Client, system) -> None:
    """Where no intake takes the family's referral, the button is the listed service's own
    way in (its web address, or its page), never the platform's form."""
    baby_bonds = rival_services()
    Intake.objects.all().delete()
    system["lmm"].delete()
    walk(anonymous, {**FAMILY, "asker": "parent", "postcode": "BD3 9AB"})
    html = get_answer(anonymous)
    assert ("https://baby-bonds.example.org", "Refer yourself to Baby Bonds") in buttons(html)
    assert not [href for href, _text in buttons(html) if href.startswith("/self-referral/")]
    anonymous.cookies.clear()
    walk(anonymous, {**FAMILY, "postcode": "BD3 9AB"})
    html = get_answer(anonymous)
    page = f"/directory/services/{baby_bonds.code}/"
    assert (page, "Start a referral to Baby Bonds") in buttons(html)
    assert not [href for href, _text in buttons(html) if href.startswith("/referrals/")]


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_family_with_no_fixed_address_is_sent_to_the_default_intakes_service(
    anonymous: Client,
) -> None:
    rival_services()
    walk(anonymous, {**FAMILY, "asker": "parent", "postcode": "ZZ99 3VZ"})
    html = get_answer(anonymous)
    assert buttons(html)[0] == ("/self-referral/", "Refer yourself to Little Minds Matter")
    assert services_listed(html)[0] == "Little Minds Matter"


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_service_to_open_beside_the_referral_is_another_service(anonymous: Client) -> None:
    """A parent's mild worry: universal help first, and a self-referral to the service as
    well. The service to open is one of the others: the receiving service has its button."""
    rival_services()
    walk(anonymous, {**FAMILY, "asker": "parent", "impact": "mild"})
    html = get_answer(anonymous)
    assert heading(html) == route_label("universal")
    assert ("/self-referral/", "Refer yourself to Little Minds Matter") in buttons(html)
    opened = [text for _href, text in buttons(html) if text.startswith("Open ")]
    assert opened == ["Open A bonding group"]


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_baby_past_the_intakes_age_limit_is_not_offered_the_platforms_form(
    anonymous: Client, system
) -> None:
    """The intake would turn the referral away (the baby is 6 months old on the day), so the
    button is the service's own way in, which says how to ask."""
    Intake.objects.update(age_limit_months=6)
    walk(anonymous, FAMILY)
    html = get_answer(anonymous)
    page = f"/directory/services/{system['lmm'].code}/"
    assert buttons(html)[0] == (page, "Start a referral to Little Minds Matter")
    assert not [href for href, _text in buttons(html) if href.startswith("/referrals/")]


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_practitioners_consultation_is_booked_in_the_platform(anonymous: Client, system) -> None:
    """The receiving service's consultation: the platform's booking, which carries the
    navigator's answers over (signing in first), named after the service."""
    walk(anonymous, {**FAMILY, "impact": "mild"})
    html = get_answer(anonymous)
    assert (
        "/consultations/book/?from=navigator",
        "Request a consultation with Little Minds Matter",
    ) in buttons(html)


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_without_an_intake_a_consultation_goes_to_the_service_page(
    anonymous: Client, system
) -> None:
    """No intake takes the family: the consultation's way in is the service's own, with no
    web address of its own here, so the button opens the service's page."""
    Intake.objects.all().delete()
    walk(anonymous, {**FAMILY, "impact": "mild"})
    html = get_answer(anonymous)
    lmm = system["lmm"]
    assert "Request a consultation with Little Minds Matter" in html
    assert f'href="/directory/services/{lmm.code}/" role="button"' in html
    assert "/consultations/book/" not in html


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_the_answer_is_counted_once_however_often_it_is_seen(anonymous: Client) -> None:
    walk(anonymous, FAMILY)
    get_answer(anonymous)
    for _ in range(3):
        assert anonymous.get(ANSWER).status_code == 200
    assert Recommendation.objects.count() == 1


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_the_answer_keeps_the_rule_set_that_gave_it(anonymous: Client) -> None:
    walk(anonymous, FAMILY)
    get_answer(anonymous)
    RuleSetVersion.objects.create(
        number=2,
        status="published",
        rules={"rules": [{"name": "all", "route": "signpost", "reason": "Everyone."}]},
        service_area="lmm-clinical",
        published_at=timezone.now(),
    )
    assert heading(anonymous.get(ANSWER).content.decode()) == route_label("lmm_referral")
    # Asking again uses the rules now in force.
    assert heading(get_answer(anonymous)) == route_label("signpost")
    assert [r.rule_set.number for r in Recommendation.objects.order_by("pk")] == [1, 2]


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_changing_an_answer_returns_to_check_your_answers(anonymous: Client) -> None:
    walk(anonymous, FAMILY)
    page = anonymous.get(CHECK).content.decode()
    assert "/navigator/questions/postcode/?return=check" in page
    response = anonymous.post(
        "/navigator/questions/postcode/?return=check", {"postcode": "bd231aa"}
    )
    assert response["Location"] == CHECK
    assert "BD23 1AA" in anonymous.get(CHECK).content.decode()
    assert heading(get_answer(anonymous)) == route_label("signpost")


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_change_that_brings_in_a_question_asks_it_before_returning(anonymous: Client) -> None:
    walk(anonymous, {**FAMILY, "concerns": []})
    response = anonymous.post(
        "/navigator/questions/worries/?return=check", {"concerns": ["bonding"]}
    )
    assert response["Location"] == "/navigator/questions/impact/?return=check"
    response = anonymous.post("/navigator/questions/impact/?return=check", {"impact": "mild"})
    assert response["Location"] == CHECK


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_an_answer_that_no_longer_applies_is_left_out(anonymous: Client) -> None:
    expecting = {**FAMILY, "pregnant": True, "expected_delivery_date": date(2027, 3, 1)}
    walk(anonymous, expecting)
    anonymous.post("/navigator/questions/pregnancy/?return=check", {"pregnant": "no"})
    page = anonymous.get(CHECK).content.decode()
    assert "When is the baby due?" not in page
    assert "1 March 2027" not in page


def test_questions_come_in_order(anonymous: Client) -> None:
    response = anonymous.get("/navigator/questions/postcode/")
    assert response["Location"] == START
    assert anonymous.get(CHECK)["Location"] == START
    assert anonymous.get(ANSWER)["Location"] == "/navigator/"
    assert anonymous.get("/navigator/questions/nonsense/").status_code == 404


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        ("who", {}, "Select whether you are a parent or you work with families"),
        ("pregnancy", {}, "Select yes if the family is expecting a baby"),
        ("baby", _date_parts("child_date_of_birth", None), "Enter the baby&#x27;s date of birth"),
        (
            "baby",
            {"child_date_of_birth_day": "3", "child_date_of_birth_year": "2026"},
            "Date of birth must include a month",
        ),
        (
            "baby",
            {"child_date_of_birth_day": "3"},
            "Date of birth must include a month and a year",
        ),
        (
            "baby",
            {
                "child_date_of_birth_day": "31",
                "child_date_of_birth_month": "2",
                "child_date_of_birth_year": "2026",
            },
            "Date of birth must be a real date",
        ),
        (
            "baby",
            {
                "child_date_of_birth_day": "1",
                "child_date_of_birth_month": "2",
                "child_date_of_birth_year": "26",
            },
            "Year must include 4 numbers",
        ),
        (
            "baby",
            _date_parts("child_date_of_birth", date(2026, 11, 29)),
            "The date of birth must be today or in the past",
        ),
        (
            "baby",
            _date_parts("child_date_of_birth", date(9999, 12, 30)),
            "The date of birth must be today or in the past",
        ),
        (
            "baby",
            {
                "child_date_of_birth_day": "1",
                "child_date_of_birth_month": "1",
                "child_date_of_birth_year": "0001",
            },
            "The date of birth must be 1 January 1900 or later",
        ),
        ("postcode", {"postcode": ""}, "Enter the family&#x27;s home postcode"),
        ("postcode", {"postcode": "BD7"}, "postcode"),
        ("worries", {}, "Select what is worrying the family, or none of these"),
        (
            "worries",
            {"concerns": ["bonding", "none"]},
            "Select the worries, or select none of these, but not both",
        ),
        ("worries", {"concerns": ["gambling"]}, "Select a valid choice"),
    ],
)
@time_machine.travel(SCENARIO_DAY, tick=False)
def test_each_question_says_what_is_wrong_and_keeps_nothing(
    anonymous: Client, slug: str, data: dict[str, Any], message: str
) -> None:
    before = _answered_before(slug)
    response = _with_answers(anonymous, before).post(f"/navigator/questions/{slug}/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nhsuk-error-summary" in html
    assert message in html
    assert "<title>Error: " in html
    assert journey.load(_request_with(anonymous)) == before


GIVEN = {
    "asker": "practitioner",
    "pregnant": False,
    "child_date_of_birth": "2026-05-01",
    "postcode": "BD7 1DP",
}


def _answered_before(slug: str) -> dict[str, Any]:
    """The answers to the questions before `slug`, as someone who got there gave them."""
    keys: list[str] = []
    for step in journey.STEPS:
        if step.slug == slug:
            break
        keys.extend(step.form.KEYS)
    return {key: GIVEN[key] for key in keys if key in GIVEN}


def _with_answers(client: Client, answers: dict[str, Any]) -> Client:
    response = HttpResponse()
    journey.save(response, answers)
    client.cookies[journey.COOKIE] = response.cookies[journey.COOKIE].value
    return client


def _request_with(client: Client) -> HttpRequest:
    request = RequestFactory().get("/")
    request.COOKIES = {key: morsel.value for key, morsel in client.cookies.items()}
    return request


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_due_date_too_far_ahead_is_refused(anonymous: Client) -> None:
    _with_answers(anonymous, {"asker": "parent", "pregnant": True})
    response = anonymous.post(
        "/navigator/questions/due-date/", _date_parts("expected_delivery_date", date(2027, 9, 19))
    )
    assert "The due date must be no more than 42 weeks from today" in response.content.decode()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        ("9999", "The due date must be no more than 42 weeks from today"),
        ("0001", "The due date must be no more than 2 weeks ago"),
    ],
)
@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_due_date_at_the_edge_of_the_calendar_is_refused(
    anonymous: Client, year: str, message: str
) -> None:
    _with_answers(anonymous, {"asker": "parent", "pregnant": True})
    response = anonymous.post(
        "/navigator/questions/due-date/",
        {
            "expected_delivery_date_day": "1",
            "expected_delivery_date_month": "1",
            "expected_delivery_date_year": year,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_answers_gone_wrong_since_they_were_given_are_shown_with_a_link(
    anonymous: Client,
) -> None:
    """Each page checks its answer, and the answer is checked again as a whole when sent
    (as the API does), in case something changed since: the check page then says what is
    wrong, links to the answer, and keeps nothing."""
    _with_answers(
        anonymous,
        {
            **GIVEN,
            "child_date_of_birth": "2099-01-01",
            "concerns": [],
            "immediate_risk": False,
            "practitioner_involved": True,
        },
    )
    response = anonymous.post(CHECK)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The date of birth must be today or in the past" in html
    assert 'href="#change-child_date_of_birth"' in html
    assert Recommendation.objects.count() == 0


def test_a_forged_cookie_is_ignored(anonymous: Client) -> None:
    anonymous.cookies[journey.COOKIE] = '{"asker":"parent"}'
    assert anonymous.get(CHECK)["Location"] == START


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_start_again_forgets_the_answers(anonymous: Client) -> None:
    walk(anonymous, FAMILY)
    response = anonymous.post("/navigator/start-again/")
    assert response["Location"] == "/navigator/"
    assert anonymous.get(CHECK)["Location"] == START


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_the_answer_page_is_rate_limited_with_a_clear_page(anonymous: Client, settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "navigator": (2, 60)}
    walk(anonymous, FAMILY)
    assert anonymous.post(CHECK).status_code == 302
    assert anonymous.post(CHECK).status_code == 302
    response = anonymous.post(CHECK)
    assert response.status_code == 429
    assert "You have sent too many requests" in response.content.decode()
    assert Recommendation.objects.count() == 2


@pytest.mark.parametrize(
    ("asker", "said", "not_said"),
    [
        (
            "parent",
            "Quite a lot: it gets in the way of caring for your baby on some days",
            ("worries them", "caring for the baby", "affects the family"),
        ),
        (
            "practitioner",
            "Quite a lot: it gets in the way of caring for the baby on some days",
            ("worries you", "caring for your baby"),
        ),
    ],
)
def test_how_much_it_affects_them_is_asked_in_the_askers_words(
    anonymous: Client, asker: str, said: str, not_said: tuple[str, ...]
) -> None:
    """Issue 11: a parent was offered "it worries them" and "the family" about their own."""
    walk(anonymous, {**FAMILY, "asker": asker})
    question = anonymous.get("/navigator/questions/impact/").content.decode()
    answers = anonymous.get(CHECK).content.decode()
    for html in (question, answers):
        assert said in html
        for words in not_said:
            assert words not in html.split('id="maincontent"', 1)[1], words


@pytest.mark.parametrize("asker", ["parent", "practitioner"])
@time_machine.travel(SCENARIO_DAY, tick=False)
def test_the_family_is_told_the_receiving_intakes_time_and_number(
    anonymous: Client, system: dict[str, Any], asker: str
) -> None:
    """Issue 11: the answer said "call you back within 5 working days" and gave the
    directory's number, while the self-referral's last page said 10 working days and gave
    the intake's. What the family is told is the intake's, everywhere."""
    Intake.objects.update(contact_phone="+441134960100", decision_days=10)
    way_in = "self_referral" if asker == "parent" else "practitioner_referral"
    system["lmm"].access.filter(method=way_in).update(
        phone="01632 960101",
        instructions="Someone will call you back within 5 working days.",
    )
    walk(anonymous, {**FAMILY, "asker": asker})
    html = get_answer(anonymous)
    main = html.split('id="maincontent"', 1)[1]
    assert "The team usually decides within 10 working days." in main
    assert "To talk to the team, call 0113 496 0100." in main
    assert "5 working days" not in main
    assert "960101" not in main.split('id="services"')[0]
    # The receiving service's card says the same for the way in the platform's form takes.
    card = main.split('id="services"', 1)[1].split('class="nhsuk-card"')[1]
    assert "Little Minds Matter" in card
    assert "within 10 working days" in card


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_the_answer_counts_for_the_signed_in_practitioners_organisation(
    as_persona, practitioner
) -> None:
    signed_in = as_persona("practitioner")
    walk(signed_in, FAMILY)
    get_answer(signed_in)

    assert Recommendation.objects.get().organisation == practitioner.organisation


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_a_familys_answer_counts_for_no_organisation(anonymous: Client) -> None:
    walk(anonymous, FAMILY)
    get_answer(anonymous)

    assert Recommendation.objects.get().organisation is None


# Sending "check your answers": the rate limit's count, the rule set in force with the
# directory's generation (one query; whether the postcode is outside the area is worked out
# from the area's postcodes, read once a generation, ADR 0059), the count of the answer and
# the mark of its day (one transaction). The answer: the rule set that gave it with the
# generation, the intake that would receive the
# referral, the areas covering the postcode, the services of the first worry (which fill
# the list, so the second worry's are not read), the chosen services and their ways in. One
# more is an N+1 creeping in; fewer, lower the pin (ADR 0048, ADR 0059).
SENDING_QUERIES = 4
ANSWER_QUERIES = 6
# The answer shown again: the rule set with the generation, and the intake;
# the services chosen come from the cache, under the directory's generation (ADR 0059).
ANSWER_AGAIN_QUERIES = 2


def test_the_answer_is_sent_and_shown_in_a_pinned_number_of_queries(
    anonymous: Client, django_assert_num_queries, monkeypatch
) -> None:
    monkeypatch.setattr("littleminds.core.ratelimit._next_prune", float("inf"))
    rival_services()
    walk(anonymous, {**FAMILY, "concerns": ["bonding", "housing"]})
    area_read()

    with django_assert_num_queries(SENDING_QUERIES):
        sent = anonymous.post(CHECK)
    with django_assert_num_queries(ANSWER_QUERIES):
        answer = anonymous.get(ANSWER)

    assert sent["Location"] == ANSWER
    assert answer.status_code == 200
    assert "Baby Bonds" in answer.content.decode()


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_the_answer_shown_again_takes_its_services_from_the_cache(
    anonymous: Client, django_assert_num_queries
) -> None:
    rival_services()
    walk(anonymous, {**FAMILY, "concerns": ["bonding", "housing"]})
    first = get_answer(anonymous)

    with django_assert_num_queries(ANSWER_AGAIN_QUERIES):
        again = anonymous.get(ANSWER)

    assert _without_csrf(again.content.decode()) == _without_csrf(first)
    assert "Baby Bonds" in services_listed(first)


def test_a_change_to_the_directory_shows_on_the_next_answer(
    anonymous: Client, manager: Any
) -> None:
    """The services cached for an answer are keyed by the directory's generation, which
    every write of the directory's services replaces: a service closed is no longer shown."""
    baby_bonds = rival_services()
    walk(anonymous, {**FAMILY, "concerns": ["bonding", "housing"]})
    assert "Baby Bonds" in services_listed(get_answer(anonymous))

    service_set_status(by=manager, service=baby_bonds, status=Service.Status.DECOMMISSIONED)

    assert "Baby Bonds" not in services_listed(anonymous.get(ANSWER).content.decode())


def test_answers_differing_only_in_what_chooses_services_are_not_mixed_up(
    anonymous: Client,
) -> None:
    """The cache's key holds the worries: an answer with other worries is not given the
    services cached for the first."""
    rival_services()
    walk(anonymous, {**FAMILY, "concerns": ["bonding"]})
    bonding = services_listed(get_answer(anonymous))
    other = Client()
    walk(other, {**FAMILY, "concerns": ["housing"]})
    housing = services_listed(get_answer(other))

    assert "Baby Bonds" in bonding
    assert "Baby Bonds" not in housing
    assert housing != bonding
