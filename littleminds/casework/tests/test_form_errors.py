"""Every casework form, posted wrong: each box in error has exactly one message, the message
does not repeat the box's label ("Date: Enter the date"), and the error summary has one line
per box, linking to it (the NHS error pattern). Found in the browser walk of issue 12."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.casework import services, services_care, services_records, services_week
from littleminds.casework.models import Case
from littleminds.casework.models_care import FlagKind, Intervention
from littleminds.casework.tests.factories import open_case, planned

pytestmark = pytest.mark.django_db

LONG = "x" * 20001
# A day that is no day, a year that is not 4 numbers, a number that is no number.
NO_DAY = {"day": "32", "month": "13", "year": "20"}


def _date(prefix: str, **parts: str) -> dict[str, str]:
    return {f"{prefix}_{part}": value for part, value in (parts or NO_DAY).items()}


def _far(prefix: str) -> dict[str, str]:
    return _date(prefix, day="1", month="1", year="1850")


@pytest.fixture
def world(clinician: User, practitioner: User, manager: User) -> dict[str, Any]:
    case = open_case(referrer=practitioner, clinician=clinician)
    parent = case.people.get()
    contact = planned(case, clinician, -1)
    note = services.note_add(by=clinician, case=case, text="Saw them.")
    today = timezone.localdate()
    unborn = services_week.baby_add(
        by=clinician, case=case, unborn=True, due_date=today + timedelta(days=30)
    )
    goal = services_care.goal_add(
        by=clinician, case=case, text="Enjoy bath time", agreed_on=today, rating=3
    )
    flag = services_care.flag_raise(
        by=clinician,
        case=case,
        kind=FlagKind.objects.filter(retired_on__isnull=True).order_by("pk")[0],
        raised_on=today,
    )
    item = services_care.intervention_add(
        by=clinician,
        case=case,
        intervention=Intervention.objects.filter(retired_on__isnull=True).order_by("pk")[0],
        start=today,
    )
    earlier = services_records.administration_record(
        by=clinician, case=case, measure="gad7", on=today, items=[1] * 7, answered_by=parent
    )
    task = services_records.task_add(
        by=clinician, case=case, assigned_to=clinician, due_on=today, description="Ring GP"
    )
    return {
        "case": case,
        "parent": parent,
        "contact": contact,
        "note": note,
        "unborn": unborn,
        "goal": goal,
        "flag": flag,
        "item": item,
        "earlier": earlier,
        "task": task,
    }


def _url(name: str, case: Case, **more: Any) -> str:
    return reverse(f"casework:{name}", kwargs={"code": case.code, **more})


def _pages(w: dict[str, Any]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(what, url, posts): each post is wrong in as many boxes as it can be."""
    case = w["case"]
    return [
        (
            "close",
            _url("close", case),
            [
                {},
                {"reason": "other", "reason_note": LONG, "summary": LONG},
                {"reason": "lost", "summary": " ", "gp_name": LONG, "gp_address": "1 High St"},
            ],
        ),
        (
            "contact plan",
            _url("contact-plan", case),
            [
                {},
                {**_date("day"), "at": "25:99", "minutes": "x", "place": "moon", "clinician": "x"},
                {**_far("day"), "at": LONG, "minutes": "1", "invited": ["nobody"]},
            ],
        ),
        (
            "contact record",
            _url("contact-record", case, contact=w["contact"].code),
            [
                {},
                {"outcome": "cancelled_family", "came": [str(w["parent"].code)], "note": LONG},
                {"outcome": "nope", "came": ["nobody"]},
            ],
        ),
        ("note", _url("note-add", case), [{}, {"text": LONG}, {"text": "  "}]),
        ("addendum", _url("addendum-add", case, note=w["note"].code), [{}, {"text": LONG}]),
        (
            "born",
            _url("baby-born", case, baby=w["unborn"].code),
            [
                {},
                _date("born"),
                _far("born"),
                _date("born", day="1", month="1", year="3000"),
            ],
        ),
        (
            "baby",
            _url("baby-add", case),
            [
                {},
                {"baby_name": LONG, "nhs_number": LONG, "born": "yes", **_date("date_of_birth")},
                {"born": "no", **_far("due_date"), "nhs_number": "1234567890"},
                {"born": "yes"},
            ],
        ),
        (
            "person",
            _url("person-add", case),
            [
                {},
                {
                    "name": LONG,
                    "relationship": "alien",
                    "language": LONG,
                    "phone": "12",
                    "email": "not an address",
                    "contact_times": LONG,
                    "contact": ["fly"],
                },
                {"name": " ", "interpreter": "on", "phone": LONG, "email": LONG},
            ],
        ),
        (
            "intervention",
            _url("intervention-add", case),
            [
                {},
                {"intervention": "x", **_date("start"), **_date("end"), "sessions": "x"},
                {
                    **_far("start"),
                    **_date("end", day="1", month="1", year="3000"),
                    "sessions": "-1",
                },
            ],
        ),
        (
            "intervention change",
            _url("intervention-edit", case, intervention=w["item"].code),
            [
                {},
                {**_date("start"), **_far("end"), "sessions": "9999"},
            ],
        ),
        (
            "goal",
            _url("goal-add", case),
            [
                {},
                {"text": LONG, **_date("agreed_on"), "rating": "11"},
                {"text": " ", **_far("agreed_on"), "rating": "x"},
            ],
        ),
        (
            "goal rating",
            _url("goal-rate", case, goal=w["goal"].code),
            [
                {},
                {**_date("rated_on"), "rating": "-1"},
                {**_far("rated_on"), "rating": "x"},
            ],
        ),
        (
            "flag",
            _url("flag-raise", case),
            [
                {},
                {"kind": "x", **_date("raised_on")},
                {**_far("raised_on")},
            ],
        ),
        (
            "flag close",
            _url("flag-close", case, flag=w["flag"].code),
            [
                {},
                _date("closed_on"),
                _far("closed_on"),
            ],
        ),
        (
            "chronology",
            _url("chronology-add", case),
            [
                {},
                {"text": LONG, **_date("happened_on")},
                {"text": " ", **_far("happened_on")},
            ],
        ),
        (
            "measure",
            _url("administration-add", case, measure="phq9"),
            [
                {},
                {**_date("on"), "answered_by": "x", **{f"item_{n}": "9" for n in range(1, 10)}},
                {**_far("on"), **{f"item_{n}": "x" for n in range(1, 10)}},
            ],
        ),
        (
            "measure correction",
            _url("administration-replace", case, measure="gad7", replaces=w["earlier"].code),
            [{}, {"reason": LONG, **_date("on")}],
        ),
        (
            "goal measure",
            _url("administration-add", case, measure="pirgas"),
            [
                {},
                {**_date("on"), "item_1": "101"},
            ],
        ),
        (
            "task",
            _url("task-add", case),
            [
                {},
                {"description": LONG, "assigned_to": "x", **_date("due_on")},
                {"description": " ", **_far("due_on")},
            ],
        ),
        ("task done", _url("task-done", case, task=w["task"].code), [{"note": LONG}]),
        (
            "allocation",
            _url("allocation", case),
            [
                {"action": "lead"},
                {"action": "add", "add-clinician": "x"},
            ],
        ),
        (
            "new case",
            reverse("casework:case-new"),
            [
                {},
                {
                    "baby_name": LONG,
                    "born": "no",
                    **_date("due_date"),
                    "postcode": "nowhere",
                    "name": LONG,
                    "relationship": "x",
                    "worries": ["x"],
                    "worries_detail": LONG,
                    "lead": "x",
                    "email": LONG,
                },
                {"born": "yes", **_far("date_of_birth"), "postcode": LONG, "name": " "},
            ],
        ),
    ]


_ERROR_SPAN = re.compile(r'<span class="nhsuk-error-message" id="([^"]+)-error">')
_HIDDEN = '<span class="nhsuk-u-visually-hidden">Error: </span>'


def _problems(html: str, forms: list[Any]) -> list[str]:
    """What is wrong with the page's errors, in words (empty: all is well)."""
    found: list[str] = []
    boxes = _ERROR_SPAN.findall(html)
    if len(boxes) != len(set(boxes)):
        found.append(f"a box has two error messages: {boxes}")
    if html.count(_HIDDEN) != len(boxes):
        found.append(f"{html.count(_HIDDEN)} messages in {len(boxes)} boxes")
    summary = re.search(r'nhsuk-error-summary__list">(.*?)</ul>', html, re.S)
    lines = re.findall(r"<li>(.*?)</li>", summary.group(1), re.S) if summary else []
    general = sum(len(form.non_field_errors()) for form in forms)
    if len(lines) != len(boxes) + general:
        found.append(f"{len(lines)} summary lines for {len(boxes)} boxes and {general} general")
    if len(set(lines)) != len(lines):
        found.append(f"a summary line twice: {lines}")
    for form in forms:
        for name, errors in form.errors.items():
            if name == "__all__":
                continue
            if len(errors) != 1:
                found.append(f"{name}: {list(errors)}")
            label = str(form.fields[name].label or "").removesuffix(" (optional)")
            for message in errors:
                if label and message.lower().startswith(label.lower() + ":"):
                    found.append(f"{name} repeats its label: {message}")
                # Django's own words echo what was typed and are not the NHS pattern.
                if message.startswith(("Select a valid choice", "Ensure this value")):
                    found.append(f"{name} in Django's words: {message}")
            if f'href="#{form[name].auto_id}' not in html:
                found.append(f"{name}: no summary link to the box")
    return found


def _forms(response: Any) -> list[Any]:
    seen: list[Any] = []
    for context in response.context:
        for value in context.flatten().values():
            bound_form = getattr(value, "is_bound", False) and hasattr(value, "errors")
            if bound_form and all(value is not s for s in seen):
                seen.append(value)
    return seen


def test_every_casework_form_gives_one_message_a_box(
    client: Client,
    clinician: User,
    world: dict[str, Any],
    sign_in: Callable[[Client, User], Client],
) -> None:
    signed = sign_in(client, clinician)
    trouble: dict[str, list[str]] = {}
    for what, url, posts in _pages(world):
        for number, data in enumerate(posts):
            response = signed.post(url, data)
            assert response.status_code == 200, (what, number, response.status_code)
            html = response.content.decode()
            assert "There is a problem" in html, (what, number)
            problems = _problems(html, _forms(response))
            if problems:
                trouble[f"{what} #{number}"] = problems
    assert trouble == {}


def test_the_managers_list_forms_give_one_message_a_box(
    client: Client, manager: User, sign_in: Callable[[Client, User], Client]
) -> None:
    signed = sign_in(client, manager)
    entry = Intervention.objects.order_by("pk")[0]
    pages = [
        (reverse("casework:care-interventions"), [{}, {"name": LONG}, {"name": entry.name}]),
        (reverse("casework:care-intervention", kwargs={"code": entry.code}), [{"name": LONG}]),
    ]
    trouble = {}
    for url, posts in pages:
        for number, data in enumerate(posts):
            response = signed.post(url, data)
            assert response.status_code == 200, (url, number)
            problems = _problems(response.content.decode(), _forms(response))
            if problems:
                trouble[f"{url} #{number}"] = problems
    assert trouble == {}
