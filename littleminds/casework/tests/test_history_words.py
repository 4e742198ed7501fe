"""A case's history says what happened in words: no event's code, no measure's code, and
what the family did through a questionnaire link is the family's, not the clinician's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.casework import services_care, services_link
from littleminds.casework.models import Case, CaseEvent
from littleminds.casework.models_care import FlagKind, Intervention
from littleminds.casework.rows import EVENT_LABELS
from littleminds.casework.tests.factories import open_case

pytestmark = pytest.mark.django_db

SERVICES = Path(__file__).resolve().parent.parent


def test_every_event_the_services_write_has_words() -> None:
    written = set()
    for module in SERVICES.glob("services*.py"):
        written |= set(re.findall(r'_event\(\s*[\w.]+,\s*"([a-z_]+)"', module.read_text()))
        written |= set(re.findall(r'"([a-z_]+)"\s+if by_family', module.read_text()))
    assert {"goal_agreed", "flag_raised", "intervention_added"} <= written
    assert written - set(EVENT_LABELS) == set()


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(referrer=practitioner, clinician=clinician)


def test_the_history_shows_care_and_links_in_words(
    client: Client, sign_in: object, clinician: User, case: Case
) -> None:
    today = timezone.localdate()
    services_care.intervention_add(
        by=clinician,
        case=case,
        intervention=Intervention.objects.get_or_create(name="Video Interaction Guidance")[0],
        start=today,
    )
    goal = services_care.goal_add(
        by=clinician, case=case, text="Enjoy bath time", agreed_on=today, rating=3
    )
    services_care.goal_rate(by=clinician, goal=goal, rated_on=today, rating=5)
    services_care.flag_raise(
        by=clinician,
        case=case,
        kind=FlagKind.objects.get_or_create(name="Child in need")[0],
        raised_on=today,
    )
    services_link.link_create(
        by=clinician, case=case, measure="phq9", answerer=case.people.get(), language="en"
    )
    page = sign_in(client, clinician).get(  # type: ignore[operator]
        reverse("casework:case-history", kwargs={"code": case.code})
    )
    html = page.content.decode()
    for words in (
        "Intervention added: Video Interaction Guidance",
        "Goal agreed",
        "Goal rated",
        "Safeguarding flag raised: Child in need",
        "Questionnaire link made for the family: PHQ-9",
    ):
        assert words in html
    for code in ("goal_agreed", "goal_rated", "flag_raised", "intervention_added", "PHQ9"):
        assert code not in html
    case_page = client.get(reverse("casework:case", kwargs={"code": case.code})).content.decode()
    assert "PHQ9" not in case_page
    assert "the PHQ-9 link for" in case_page


def test_what_the_family_answered_is_the_familys(
    client: Client, sign_in: object, clinician: User, case: Case
) -> None:
    made = services_link.link_create(
        by=clinician, case=case, measure="phq9", answerer=case.people.get(), language="en"
    )
    token = made.url.rstrip("/").rsplit("/", 1)[1]
    services_link.link_answer(token=token, items=[1, 1, 1, 1, 1, 1, 1, 1, 2])
    events = {e.action: e for e in CaseEvent.objects.filter(case=case)}
    assert events["measure_by_family"].by is None
    assert events["risk_task_opened"].by is None
    page = sign_in(client, clinician).get(  # type: ignore[operator]
        reverse("casework:case-history", kwargs={"code": case.code})
    )
    rows = re.findall(
        r"<tr role=\"row\" class=\"nhsuk-table__row\">(.*?)</tr>", page.content.decode(), re.S
    )
    family_rows = [r for r in rows if "through a link" in r or "Risk task opened" in r]
    assert len(family_rows) == 2
    for row in family_rows:
        assert "The family" in row
        assert clinician.full_name not in row
