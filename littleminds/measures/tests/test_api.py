"""The measures' API: definitions, scoring and change, and what it refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _post(path: str, body: Any) -> Any:
    return Client().post(path, json.dumps(body), content_type="application/json")


def test_it_lists_every_definition() -> None:
    response = Client().get("/api/measures")

    assert response.status_code == 200
    measures = {m["code"]: m for m in response.json()}
    assert list(measures) == ["phq9", "gad7", "core10", "epds", "swemwbs", "pirgas", "gbo"]
    assert measures["phq9"] | {"licence": ""} == {
        "code": "phq9",
        "name": "PHQ-9",
        "items": 9,
        "fewest_items": 9,
        "item_min": 0,
        "item_max": 3,
        "reverse_items": [],
        "total_min": 0,
        "total_max": 27,
        "bands": [
            {"low": 0, "high": 4, "label": "minimal"},
            {"low": 5, "high": 9, "label": "mild"},
            {"low": 10, "high": 14, "label": "moderate"},
            {"low": 15, "high": 19, "label": "moderately severe"},
            {"low": 20, "high": 27, "label": "severe"},
        ],
        "cut_off": 10,
        "higher_is_better": False,
        "reliable_change": 6,
        "risk_items": [9],
        "answered_by": "parent",
        "wording_shown": True,
        "licence": "",
    }
    assert measures["core10"]["reverse_items"] == [2, 3]
    assert (measures["swemwbs"]["total_min"], measures["swemwbs"]["total_max"]) == (7, 35)
    assert (measures["gbo"]["fewest_items"], measures["gbo"]["items"]) == (1, 3)
    assert measures["pirgas"]["answered_by"] == "clinician"
    assert not measures["epds"]["wording_shown"]
    assert not measures["pirgas"]["wording_shown"]
    assert all(m["licence"] for m in measures.values())


@pytest.mark.parametrize(
    ("code", "items", "answer"),
    [
        (
            "phq9",
            [1, 2, 1, 0, 2, 1, 1, 0, 3],
            {"total": 11, "band": "moderate", "caseness": True, "risk": [9]},
        ),
        (
            "core10",
            [0, 4, 4, 0, 0, 2, 0, 0, 0, 0],
            {"total": 2, "band": "healthy", "caseness": False, "risk": [6]},
        ),
        (
            "swemwbs",
            [5, 5, 5, 5, 5, 5, 5],
            {"total": 35.0, "band": None, "caseness": None, "risk": []},
        ),
        ("pirgas", [40], {"total": 40, "band": None, "caseness": True, "risk": []}),
        ("gbo", [3, 4, 4], {"total": 3.67, "band": None, "caseness": None, "risk": []}),
    ],
)
def test_it_scores_answers(code: str, items: list[int], answer: dict[str, Any]) -> None:
    response = _post(f"/api/measures/{code}/score", {"items": items})

    assert response.status_code == 200
    assert response.json() == answer


def test_it_classes_a_change() -> None:
    response = _post("/api/measures/phq9/change", {"first": 15, "last": 9})

    assert response.status_code == 200
    assert response.json() == {"classification": "reliable improvement", "recovered": True}


def test_a_change_without_a_cut_off_has_no_recovery() -> None:
    response = _post("/api/measures/swemwbs/change", {"first": 20.73, "last": 17.43})

    assert response.json() == {"classification": "reliable deterioration", "recovered": None}


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"items": [0] * 8}, {"items": "PHQ-9 has 9 items: send 9 answers, not 8"}),
        (
            {"items": [0, 0, 4, 0, 0, 0, -1, 0, 0]},
            {
                "items.2": "Answer 3 must be a whole number from 0 to 3",
                "items.6": "Answer 7 must be a whole number from 0 to 3",
            },
        ),
        (
            {"items": [0, "1", 1.5, True, None, [1], 0, 0, 0]},
            {
                f"items.{n}": f"Answer {n + 1} must be a whole number from 0 to 3"
                for n in range(1, 6)
            },
        ),
        (
            {"items": {"1": 0}},
            {"items": "Send the answers as a list of whole numbers, such as [0, 1, 2]"},
        ),
    ],
)
def test_it_refuses_answers_with_a_message_for_each(
    body: dict[str, Any], errors: dict[str, str]
) -> None:
    response = _post("/api/measures/phq9/score", body)

    assert response.status_code == 400
    assert response.json() == {"errors": errors}


def test_it_refuses_a_body_without_answers() -> None:
    response = _post("/api/measures/phq9/score", {})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"items"}


def test_it_refuses_impossible_totals() -> None:
    response = _post("/api/measures/gad7/change", {"first": 22, "last": "4"})

    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "first": "The first total must be a whole number from 0 to 21",
            "last": "The latest total must be a whole number from 0 to 21",
        }
    }


def test_pirgas_change_cannot_be_classed() -> None:
    response = _post("/api/measures/pirgas/change", {"first": 30, "last": 70})

    assert response.status_code == 400
    assert "no published reliable change index" in response.json()["errors"]["__all__"]


@pytest.mark.parametrize("action", ["score", "change"])
def test_an_unknown_measure_is_a_404(action: str) -> None:
    response = _post(f"/api/measures/bdi/{action}", {"items": [0], "first": 1, "last": 0})

    assert response.status_code == 404
    assert set(response.json()["errors"]) == {"__all__"}


def test_scoring_takes_json_only() -> None:
    response = Client().post("/api/measures/phq9/score", {"items": "0"})

    assert response.status_code == 415


def test_reading_a_score_is_refused() -> None:
    response = Client().get("/api/measures/phq9/score")

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_it_is_rate_limited(settings) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "measures": (2, 60)}
    body = {"items": [0] * 9}

    statuses = [_post("/api/measures/phq9/score", body).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    refused = _post("/api/measures/phq9/change", {"first": 1, "last": 1})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "too many requests" in refused.json()["errors"]["__all__"]


def test_every_status_is_described() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]

    assert {"200", "429", "401", "503"} <= set(paths["/api/measures"]["get"]["responses"])
    for action in ("score", "change"):
        responses = set(paths[f"/api/measures/{{code}}/{action}"]["post"]["responses"])
        assert {"200", "400", "404", "413", "415", "429"} <= responses
