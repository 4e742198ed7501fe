from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from littleminds.directory.selectors import search_generation
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.pathway.models import Recommendation, RuleSetVersion
from littleminds.pathway.rules import DEFAULT_SERVICE_AREA, seed_default_rule_set
from littleminds.pathway.selectors import SERVICES_SHOWN, _area_coverage
from littleminds.pathway.tests.factories import navigator_intake, rival_services

pytestmark = pytest.mark.django_db

URL = "/api/pathway/recommend"
ON = "2026-11-28"


@pytest.fixture(autouse=True)
def system() -> dict[str, Any]:
    """The default rules, the LMM area (the whole district from April 2020), and a few
    services of the directory."""
    seed_default_rule_set(RuleSetVersion)
    area = AreaFactory.create(
        key="lmm-clinical",
        name="LMM area",
        prefixes=[("BD7", date(2020, 4, 1), None), ("LS29", date(2020, 4, 1), None)],
    )
    lmm = ServiceFactory.create(
        name="Little Minds Matter",
        areas=[area],
        needs=["bonding", "baby_regulation"],
        access=["practitioner_referral", "consultation"],
        pregnancy=True,
    )
    housing = ServiceFactory.create(
        name="Housing options", ring="risk_factors", needs=["housing"], min_age_months=None
    )
    return {"lmm": lmm, "housing": housing}


def _ask(client: Client, headers: dict[str, Any] | None = None, **changes: Any):
    """Ask with the default answers and `changes`; `headers` are the request's META (the
    client's address, X-Forwarded-For)."""
    body: dict[str, Any] = {
        "asker": "practitioner",
        "child_date_of_birth": "2026-05-01",
        "postcode": "BD7 1DP",
        "concerns": ["bonding"],
        "impact": "moderate",
        "immediate_risk": False,
        "on_date": ON,
    }
    body.update(changes)
    return client.post(URL, json.dumps(body), content_type="application/json", **(headers or {}))


def test_it_recommends_a_route_with_reasons_and_services(anonymous: Client, system) -> None:
    response = _ask(anonymous)

    data = response.json()
    assert response.status_code == 200
    assert data["route"] == "lmm_referral"
    assert data["also"] == []
    assert data["rule_set_version"] == 1
    assert "refer to the parent–infant service" in data["reasons"][0]
    (service,) = data["services"]
    assert service["name"] == "Little Minds Matter"
    assert service["boundaries"] == "Does not offer crisis support."
    assert [way["method"] for way in service["how_to_access"]] == [
        "consultation",
        "practitioner_referral",
    ]


def test_it_counts_each_recommendation_without_personal_data(anonymous: Client) -> None:
    _ask(anonymous, postcode="bd7 1dp")

    (count,) = Recommendation.objects.values(
        "made_on", "asker", "route", "rule_set__number", "postcode_district"
    )
    assert count == {
        "made_on": date(2026, 11, 28),
        "asker": "practitioner",
        "route": "lmm_referral",
        "rule_set__number": 1,
        "postcode_district": "BD7",
    }


@pytest.mark.parametrize(
    ("postcode", "route"),
    [
        ("BD7 1DP", "lmm_referral"),
        ("LS29 8AB", "lmm_referral"),
        ("BD23 1AA", "signpost"),
        ("LS1 4AP", "signpost"),
        ("ZZ99 3VZ", "lmm_referral"),
    ],
)
def test_it_checks_the_area_on_the_day(anonymous: Client, postcode: str, route: str) -> None:
    assert _ask(anonymous, postcode=postcode).json()["route"] == route


def test_it_checks_the_area_as_it_was_on_an_earlier_day(anonymous: Client) -> None:
    assert (
        _ask(anonymous, on_date="2019-06-01", child_date_of_birth="2019-01-01").json()["route"]
        == "signpost"
    )


@pytest.mark.parametrize(
    ("born", "route"), [("2024-11-29", "lmm_referral"), ("2024-11-28", "signpost")]
)
def test_it_counts_age_to_the_day(anonymous: Client, born: str, route: str) -> None:
    assert _ask(anonymous, child_date_of_birth=born).json()["route"] == route


def test_it_takes_a_pregnancy_with_an_older_child(anonymous: Client) -> None:
    response = _ask(
        anonymous,
        pregnant=True,
        expected_delivery_date="2027-03-01",
        child_date_of_birth="2022-01-01",
    )

    assert response.json()["route"] == "lmm_referral"


def test_it_gives_urgent_help_without_services(anonymous: Client) -> None:
    data = _ask(anonymous, immediate_risk=True).json()

    assert (data["route"], data["services"]) == ("urgent", [])


def test_it_signposts_other_worries_beside_a_referral(anonymous: Client) -> None:
    data = _ask(anonymous, concerns=["bonding", "housing"]).json()

    assert (data["route"], data["also"]) == ("lmm_referral", ["signpost"])
    assert {s["name"] for s in data["services"]} == {"Little Minds Matter", "Housing options"}


def test_it_offers_a_parent_self_referral_beside_universal_help(anonymous: Client) -> None:
    data = _ask(anonymous, asker="parent", impact="mild").json()

    assert (data["route"], data["also"]) == ("universal", ["lmm_referral"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"child_date_of_birth": None},
            "child_date_of_birth",
            "or say that the family is expecting",
        ),
        ({"child_date_of_birth": "2027-01-01"}, "child_date_of_birth", "today or in the past"),
        (
            {"pregnant": True, "expected_delivery_date": "2027-12-01"},
            "expected_delivery_date",
            "no more than 42 weeks",
        ),
        ({"pregnant": True}, "expected_delivery_date", "Give the expected date of delivery"),
        ({"concerns": ["bonding", "ghosts"]}, "concerns", "ghosts"),
        ({"impact": "extreme"}, "impact", "mild"),
        ({"impact": None}, "impact", "Say how much it affects the family"),
        ({"postcode": "QQ1 1QQ"}, "postcode", "Enter a real UK postcode"),
        ({"concerns": "bonding"}, "concerns", "list"),
        ({"immediate_risk": "perhaps"}, "immediate_risk", "boolean"),
        ({"asker": "robot"}, "asker", "practitioner"),
        ({"child_date_of_birth": "31/02/2026"}, "child_date_of_birth", "date"),
    ],
)
def test_it_explains_bad_input_per_field_and_keeps_nothing(
    anonymous: Client, changes: dict[str, Any], field: str, message: str
) -> None:
    response = _ask(anonymous, **changes)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert field in errors, errors
    assert message.lower() in errors[field].lower()
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"on_date": "9999-12-30"}, "on_date", "between 1 January 1900 and 31 December 2199"),
        ({"on_date": "0001-01-01"}, "on_date", "between 1 January 1900 and 31 December 2199"),
        ({"child_date_of_birth": "0001-01-01"}, "child_date_of_birth", "1 January 1900 or later"),
        (
            {"pregnant": True, "expected_delivery_date": "9999-12-30"},
            "expected_delivery_date",
            "no more than 42 weeks",
        ),
        (
            {"pregnant": True, "expected_delivery_date": "0001-01-01"},
            "expected_delivery_date",
            "no more than 2 weeks ago",
        ),
    ],
)
def test_it_refuses_dates_at_the_edges_of_the_calendar(
    anonymous: Client, changes: dict[str, Any], field: str, message: str
) -> None:
    response = _ask(anonymous, **changes)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert message in errors[field], errors
    assert not Recommendation.objects.exists()


def test_it_refuses_a_body_that_is_not_json(anonymous: Client) -> None:
    response = anonymous.post(URL, "asker=parent", content_type="application/json")

    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_it_is_described_in_the_openapi_document(anonymous: Client) -> None:
    schema = anonymous.get("/api/openapi.json").json()

    operation = schema["paths"]["/api/pathway/recommend"]["post"]
    assert set(operation["responses"]) >= {"200", "400"}


# Rate limits. The counters live in the database, so each test starts with none (its
# transaction is rolled back); the tests above stay far below the default limit.


@pytest.fixture
def three_a_minute(settings, time_machine) -> None:
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "navigator": (3, 60)}
    time_machine.move_to(datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC), tick=False)


def test_it_refuses_an_address_over_the_limit_and_keeps_nothing(
    anonymous: Client, three_a_minute
) -> None:
    assert [_ask(anonymous).status_code for _ in range(3)] == [200, 200, 200]

    response = _ask(anonymous)

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json() == {
        "errors": {"__all__": "You have sent too many requests. Wait 1 minute, then try again."}
    }
    assert Recommendation.objects.count() == 3


def test_it_counts_each_address_separately(anonymous: Client, three_a_minute) -> None:
    for _ in range(3):
        _ask(anonymous, headers={"REMOTE_ADDR": "192.0.2.1"})

    assert _ask(anonymous, headers={"REMOTE_ADDR": "192.0.2.2"}).status_code == 200
    assert _ask(anonymous, headers={"REMOTE_ADDR": "192.0.2.1"}).status_code == 429


def test_it_ignores_x_forwarded_for_unless_behind_a_proxy(
    anonymous: Client, three_a_minute
) -> None:
    for n in range(3):
        _ask(anonymous, headers={"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"})

    assert _ask(anonymous, headers={"HTTP_X_FORWARDED_FOR": "198.51.100.99"}).status_code == 429


def test_it_counts_the_forwarded_address_behind_a_proxy(
    anonymous: Client, three_a_minute, settings
) -> None:
    settings.BEHIND_PROXY = True
    for _ in range(3):
        assert _ask(anonymous, headers={"HTTP_X_FORWARDED_FOR": "198.51.100.0"}).status_code == 200

    # Every request comes from the proxy's address; the clients behind it differ.
    assert _ask(anonymous, headers={"HTTP_X_FORWARDED_FOR": "198.51.100.1"}).status_code == 200
    assert _ask(anonymous, headers={"HTTP_X_FORWARDED_FOR": "198.51.100.0"}).status_code == 429
    # A made-up entry left of the proxy's own does not make a new client.
    assert (
        _ask(anonymous, headers={"HTTP_X_FORWARDED_FOR": "203.0.113.1, 198.51.100.0"}).status_code
        == 429
    )


def test_it_answers_again_in_the_next_window(
    anonymous: Client, three_a_minute, time_machine
) -> None:
    for _ in range(4):
        _ask(anonymous)
    time_machine.shift(59)
    assert _ask(anonymous).status_code == 429

    time_machine.shift(1)

    assert _ask(anonymous).status_code == 200


def test_it_never_limits_with_the_limits_off(anonymous: Client, three_a_minute, settings) -> None:
    settings.RATE_LIMITS_ENABLED = False

    assert {_ask(anonymous).status_code for _ in range(10)} == {200}


def test_it_documents_the_limit_in_the_openapi_document(anonymous: Client) -> None:
    schema = anonymous.get("/api/openapi.json").json()

    assert "429" in schema["paths"]["/api/pathway/recommend"]["post"]["responses"]


@pytest.mark.parametrize("asker", ["practitioner", "parent"])
def test_it_lists_the_service_that_receives_the_referral(
    anonymous: Client, system, asker: str
) -> None:
    """Issue 11: the service that the platform's referral goes to (its intake's, for the
    family's postcode and age on the day) is listed first, with its remit and boundaries,
    however many other services fit the same worries."""
    navigator_intake(system["lmm"])
    rival_services()

    data = _ask(anonymous, asker=asker).json()

    assert data["route"] == "lmm_referral"
    assert len(data["services"]) == SERVICES_SHOWN
    first = data["services"][0]
    assert (first["id"], first["name"]) == (str(system["lmm"].code), "Little Minds Matter")
    assert (first["remit"], first["boundaries"]) == (
        "Supports parents and babies.",
        "Does not offer crisis support.",
    )
    assert "Baby Bonds" in [service["name"] for service in data["services"]]


# The rate limit's count, the rule set with the directory's generation (one query; whether the
# postcode is outside the area is worked out from the area's postcodes, read once a
# generation, `area_read`; ADR 0059), the count of the recommendation, the mark of
# its day for the insights' tallies (insights/signals.py), the intake that would receive a
# referral (with its service), the areas covering the postcode, for each of the two worries
# the services that fit, then the chosen services and their ways in. One more is an N+1
# creeping in; fewer, lower the pin.
PINNED_QUERIES = 10
# Asked again the same: the areas, the two worries' services, the chosen services and their
# ways in come from the cache, under the directory's generation (ADR 0059).
CACHED_SERVICES_QUERIES = 5


def area_read() -> None:
    """Read the area's postcodes, as the first answer of a directory's generation does for
    all the others (ADR 0059)."""
    generation = search_generation()
    assert generation is not None
    _area_coverage(DEFAULT_SERVICE_AREA, generation)


def test_it_answers_in_a_pinned_number_of_queries(
    anonymous: Client, django_assert_max_num_queries, monkeypatch
) -> None:
    monkeypatch.setattr("littleminds.core.ratelimit._next_prune", float("inf"))
    area_read()

    with django_assert_max_num_queries(PINNED_QUERIES):
        response = _ask(anonymous, concerns=["bonding", "housing"])

    assert response.status_code == 200
    assert len(response.json()["services"]) == 2


def test_the_same_answer_again_takes_its_services_from_the_cache(
    anonymous: Client, monkeypatch
) -> None:
    monkeypatch.setattr("littleminds.core.ratelimit._next_prune", float("inf"))
    area_read()
    with CaptureQueriesContext(connection) as first:
        one = _ask(anonymous, concerns=["bonding", "housing"])
    with CaptureQueriesContext(connection) as again:
        two = _ask(anonymous, concerns=["bonding", "housing"])

    assert len(again.captured_queries) == len(first.captured_queries) - CACHED_SERVICES_QUERIES
    assert two.json() == one.json()
    assert len(two.json()["services"]) == 2


def test_it_asks_no_further_worry_once_the_list_is_full(
    anonymous: Client, django_assert_max_num_queries, monkeypatch
) -> None:
    """The list shows the first services of each worry in turn, five in all: once the first
    worry fills it, the next worry's services would not be shown, so they are not read (at
    national scale each worry's query is the answer's dearest, ADR 0048)."""
    monkeypatch.setattr("littleminds.core.ratelimit._next_prune", float("inf"))
    rival_services()
    area_read()

    with django_assert_max_num_queries(PINNED_QUERIES - 1):
        response = _ask(anonymous, concerns=["bonding", "housing"])

    names = [service["name"] for service in response.json()["services"]]
    assert len(names) == SERVICES_SHOWN
    assert "Housing options" not in names


def test_an_answer_counts_for_the_organisation_of_the_token_that_asked(
    anonymous: Client, health_visiting
) -> None:
    from littleminds.accounts.api_tokens import api_token_create

    made = api_token_create(by=None, organisation=health_visiting, name="Their records system")
    _ask(anonymous, headers={"HTTP_AUTHORIZATION": f"Bearer {made.secret}"})
    _ask(anonymous, headers={"HTTP_AUTHORIZATION": "Bearer lm_not-a-token"})
    _ask(anonymous)

    # A token that does not work is answered all the same, and counted for nobody.
    assert list(Recommendation.objects.order_by("pk").values_list("organisation", flat=True)) == [
        health_visiting.pk,
        None,
        None,
    ]


def test_an_answer_counts_for_the_organisation_of_the_signed_in_practitioner(
    as_persona, practitioner
) -> None:
    _ask(as_persona("practitioner"))

    assert Recommendation.objects.get().organisation == practitioner.organisation


@pytest.mark.django_db(transaction=True)
def test_an_answer_and_its_mark_for_the_insights_are_kept_or_lost_together(
    anonymous: Client, monkeypatch
) -> None:
    """The count and the mark of its day (insights/signals.py) are one transaction: a count
    whose mark failed would never reach the insights' tallies."""

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the mark failed")

    monkeypatch.setattr("littleminds.insights.signals.mark", fail)
    anonymous.raise_request_exception = False

    assert _ask(anonymous).status_code == 500
    assert not Recommendation.objects.exists()
