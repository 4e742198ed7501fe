"""Setting the embeddedness score's weights: the form, its bad inputs, the history and the
audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from littleminds.audit.models import AuditEvent
from littleminds.insights.models import ScoreWeights
from littleminds.insights.score import DEFAULTS, PART_KEYS
from littleminds.insights.services_weights import weights_set

pytestmark = pytest.mark.django_db

URL = "/insights/weights/"


def posted(**changes: object) -> dict[str, object]:
    return {**DEFAULTS, "note": "Consultations matter more this year", **changes}


def test_it_shows_the_formula_and_the_default_weights(as_persona, manager) -> None:
    response = as_persona("manager").get(URL)
    assert response.status_code == 200
    assert b"The default weights are in force" in response.content
    assert b"as a share of the highest count" in response.content
    assert b'name="consultations" value="3"' in response.content


def test_a_manager_sets_new_weights_kept_with_who_and_why(as_persona, manager) -> None:
    response = as_persona("manager").post(URL, posted(consultations=8, navigator=0))
    assert response.status_code == 302
    kept = ScoreWeights.objects.get()
    assert kept.weights == DEFAULTS | {"consultations": 8, "navigator": 0}
    assert kept.set_by == manager
    assert kept.note == "Consultations matter more this year"
    event = AuditEvent.objects.get(action="insights.weights_changed")
    assert event.detail["weights"]["consultations"] == 8
    page = as_persona("manager").get(URL).content.decode()
    assert "The weights in force were set on" in page
    assert "Maya Manager" in page
    assert 'name="consultations" value="8"' in page
    assert "Consultations matter more this year" in page


def test_the_history_lists_every_set_of_weights_newest_first(as_persona, manager) -> None:
    weights_set(by=manager, weights=DEFAULTS | {"feedback": 6}, note="First change")
    weights_set(by=manager, weights=DEFAULTS | {"feedback": 4}, note="Second change")
    page = as_persona("manager").get(URL).content.decode()
    history = page[page.index('id="history"') :]
    assert history.index("Second change") < history.index("First change")
    assert ScoreWeights.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"consultations": "11"},
            "The weight of “Consultations” must be a whole number from 0 to 10",
        ),
        (
            {"consultations": "-1"},
            "The weight of “Consultations” must be a whole number from 0 to 10",
        ),
        (
            {"consultations": "2.5"},
            "The weight of “Consultations” must be a whole number from 0 to 10",
        ),
        (
            {"consultations": "lots"},
            "The weight of “Consultations” must be a whole number from 0 to 10",
        ),
        ({"consultations": ""}, "Enter the weight of “Consultations”, from 0 to 10"),
        (dict.fromkeys(PART_KEYS, "0"), "Give at least one part a weight of 1 or more"),
        ({"note": ""}, "Say why the weights changed"),
        ({"note": "x" * 501}, "Why they changed must be 500 characters or fewer"),
    ],
)
def test_a_bad_weight_is_refused_in_words_and_nothing_changes(
    as_persona, manager, changes, message
) -> None:
    response = as_persona("manager").post(URL, posted(**changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not ScoreWeights.objects.exists()


def test_only_service_managers_reach_the_weights(as_persona, manager, clinician, analyst) -> None:
    for persona in ("clinician", "analyst"):
        assert as_persona(persona).get(URL).status_code == 404
        assert as_persona(persona).post(URL, posted()).status_code == 404
    assert not ScoreWeights.objects.exists()


def test_the_service_refuses_bad_weights_and_people_without_the_permission(
    manager, clinician
) -> None:
    with pytest.raises(PermissionDenied):
        weights_set(by=clinician, weights=dict(DEFAULTS), note="")
    with pytest.raises(ValidationError):
        weights_set(by=manager, weights=DEFAULTS | {"consultations": 11}, note="")
    with pytest.raises(ValidationError):
        weights_set(by=manager, weights={"consultations": 1}, note="")
    with pytest.raises(ValidationError):
        weights_set(by=manager, weights=dict.fromkeys(PART_KEYS, 0), note="")
    assert not ScoreWeights.objects.exists()


def test_the_insights_home_links_managers_to_the_weights(as_persona, manager, clinician) -> None:
    assert b'href="/insights/weights/"' in as_persona("manager").get("/insights/").content
    assert b'href="/insights/weights/"' not in as_persona("clinician").get("/insights/").content
