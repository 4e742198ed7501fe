"""Interventions, goals and safeguarding on a case, and the lists managers keep."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.casework import services_care
from littleminds.casework.forms_care import (
    CatalogueNameForm,
    ChronologyForm,
    GoalForm,
    InterventionForm,
)
from littleminds.casework.models import Case
from littleminds.casework.models_care import (
    CaseIntervention,
    ChronologyEntry,
    FlagKind,
    Goal,
    Intervention,
)
from littleminds.casework.services import NotAllowed
from littleminds.casework.tests.factories import open_case

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]
TODAY = timezone.localdate


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(referrer=practitioner, clinician=clinician)


@pytest.fixture
def as_clinician(client: Client, clinician: User, sign_in: SignIn) -> Client:
    return sign_in(client, clinician)


def case_url(case: Case) -> str:
    return reverse("casework:case", kwargs={"code": case.code})


def kind(name: str) -> FlagKind:
    return FlagKind.objects.get(name=name)


def parts(prefix: str, day: object) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),  # type: ignore[attr-defined]
        f"{prefix}_month": str(day.month),  # type: ignore[attr-defined]
        f"{prefix}_year": str(day.year),  # type: ignore[attr-defined]
    }


# The seeded lists ---------------------------------------------------------------------------


def test_it_seeds_the_catalogue_and_the_flags() -> None:
    names = set(Intervention.objects.values_list("name", flat=True))
    assert {
        "Parent–infant psychotherapy",
        "Video Interaction Guidance",
        "Watch Wait and Wonder",
        "Circle of Security Parenting",
        "Newborn Behavioural Observations",
        "Psychological therapy for the parent",
        "Parenting group",
    } <= names
    assert {"Child protection plan", "Child in need", "Domestic abuse"} <= set(
        FlagKind.objects.values_list("name", flat=True)
    )


# Interventions ------------------------------------------------------------------------------


def test_it_adds_an_intervention_and_audits_it(case: Case, clinician: User) -> None:
    vig = Intervention.objects.get(name="Video Interaction Guidance")
    _opened_days_ago(case, 60)
    item = services_care.intervention_add(
        by=clinician, case=case, intervention=vig, start=TODAY() - timedelta(days=30), sessions=3
    )
    services_care.intervention_update(
        by=clinician, item=item, start=item.start, end=TODAY(), sessions=6
    )
    item.refresh_from_db()
    assert (item.end, item.sessions) == (TODAY(), 6)
    assert AuditEvent.objects.filter(action="case.intervention_added").count() == 1
    assert AuditEvent.objects.filter(action="case.intervention_updated").count() == 1


def test_an_intervention_ends_after_it_starts(case: Case, clinician: User) -> None:
    vig = Intervention.objects.get(name="Video Interaction Guidance")
    with pytest.raises(ValidationError):
        services_care.intervention_add(
            by=clinician,
            case=case,
            intervention=vig,
            start=TODAY(),
            end=TODAY() - timedelta(days=1),
        )


def test_the_intervention_form_checks_dates_and_bounds() -> None:
    offered = list(Intervention.objects.all())
    data = {
        "intervention": str(offered[0].code),
        **parts("start", TODAY()),
        **parts("end", TODAY() - timedelta(days=2)),
        "sessions": "201",
    }
    form = InterventionForm(data, offered=offered)
    assert not form.is_valid()
    assert form.errors["end"] == ["End date must be on or after the start date"]
    assert form.errors["sessions"] == ["Number of sessions must be between 0 and 200"]


def test_someone_of_another_team_cannot_add_an_intervention(
    case: Case, other_clinician: User
) -> None:
    with pytest.raises(NotAllowed):
        services_care.intervention_add(
            by=other_clinician,
            case=case,
            intervention=Intervention.objects.first(),  # type: ignore[arg-type]
            start=TODAY(),
        )


# Goals --------------------------------------------------------------------------------------


def test_a_fourth_open_goal_is_refused(case: Case, clinician: User) -> None:
    for n in range(3):
        services_care.goal_add(
            by=clinician, case=case, text=f"Goal {n}", agreed_on=TODAY(), rating=2
        )
    with pytest.raises(services_care.TooManyGoals):
        services_care.goal_add(by=clinician, case=case, text="Four", agreed_on=TODAY(), rating=2)
    assert Goal.objects.filter(case=case).count() == 3


def test_the_database_refuses_a_fourth_open_goal(case: Case, clinician: User) -> None:
    for n in range(3):
        services_care.goal_add(
            by=clinician, case=case, text=f"Goal {n}", agreed_on=TODAY(), rating=2
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(case=case, text="Four", agreed_on=TODAY(), slot=4, added_by=clinician)
    with pytest.raises(IntegrityError), transaction.atomic():
        Goal.objects.create(case=case, text="Four", agreed_on=TODAY(), slot=1, added_by=clinician)


def test_a_finished_goal_frees_its_place(case: Case, clinician: User) -> None:
    goals = [
        services_care.goal_add(by=clinician, case=case, text=f"G{n}", agreed_on=TODAY(), rating=1)
        for n in range(3)
    ]
    services_care.goal_rate(by=clinician, goal=goals[0], rated_on=TODAY(), rating=8, close=True)
    services_care.goal_add(by=clinician, case=case, text="New", agreed_on=TODAY(), rating=1)
    assert Goal.objects.filter(case=case, closed_on__isnull=True).count() == 3


def test_the_goal_form_checks_the_rating_and_length() -> None:
    form = GoalForm({"text": "x" * 301, **parts("agreed_on", TODAY()), "rating": "11"})
    assert not form.is_valid()
    assert "characters or fewer" in form.errors["text"][0]
    assert form.errors["rating"] == ["Rating must be between 0 and 10"]


def test_the_case_page_shows_the_goals_change(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    goal = services_care.goal_add(
        by=clinician, case=case, text="Enjoy bath time", agreed_on=TODAY(), rating=2
    )
    services_care.goal_rate(by=clinician, goal=goal, rated_on=TODAY(), rating=7)
    html = as_clinician.get(case_url(case)).content.decode()
    assert "Enjoy bath time" in html
    assert "Up 5" in html
    assert "reliable improvement" in html


# Safeguarding -------------------------------------------------------------------------------


def test_the_banner_is_shown_only_while_a_flag_is_open(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    assert "safeguarding-banner" not in as_clinician.get(case_url(case)).content.decode()
    flag = services_care.flag_raise(
        by=clinician, case=case, kind=kind("Child in need"), raised_on=TODAY()
    )
    html = as_clinician.get(case_url(case)).content.decode()
    assert "safeguarding-banner" in html
    assert "This family has an open safeguarding flag" in html
    assert "Child in need" in html
    caseload = as_clinician.get(reverse("casework:mine")).content.decode()
    assert "Safeguarding flag open" in caseload

    services_care.flag_close(by=clinician, flag=flag, closed_on=TODAY())
    assert "safeguarding-banner" not in as_clinician.get(case_url(case)).content.decode()
    assert (
        "Safeguarding flag open" not in as_clinician.get(reverse("casework:mine")).content.decode()
    )


def test_a_flag_is_open_once_and_closes_after_it_is_raised(case: Case, clinician: User) -> None:
    flag = services_care.flag_raise(
        by=clinician, case=case, kind=kind("Domestic abuse"), raised_on=TODAY()
    )
    with pytest.raises(NotAllowed):
        services_care.flag_raise(
            by=clinician, case=case, kind=kind("Domestic abuse"), raised_on=TODAY()
        )
    with pytest.raises(ValidationError):
        services_care.flag_close(by=clinician, flag=flag, closed_on=TODAY() - timedelta(days=1))


def test_a_chronology_entry_cannot_change(case: Case, clinician: User) -> None:
    entry = services_care.chronology_add(
        by=clinician, case=case, happened_on=TODAY(), text="Strategy meeting held."
    )
    entry.text = "Changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        ChronologyEntry.objects.filter(pk=entry.pk).update(text="Changed")
    correction = services_care.chronology_add(
        by=clinician, case=case, happened_on=TODAY(), text="It was a core group.", corrects=entry
    )
    assert correction.corrects == entry
    assert ChronologyEntry.objects.get(pk=entry.pk).text == "Strategy meeting held."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_a_chronology_entry(case: Case, clinician: User) -> None:
    entry = services_care.chronology_add(
        by=clinician, case=case, happened_on=TODAY(), text="Strategy meeting held."
    )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE casework_chronologyentry SET text = 'x' WHERE id = %s", [entry.pk])


def test_the_chronology_form_says_too_long_and_not_in_the_future() -> None:
    form = ChronologyForm({"text": "x" * 5001, **parts("happened_on", TODAY() + timedelta(days=1))})
    assert not form.is_valid()
    assert "characters or fewer" in form.errors["text"][0]
    assert form.errors["happened_on"] == ["Date it happened must be today or in the past"]


def test_reading_the_chronology_is_audited(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    entry = services_care.chronology_add(
        by=clinician, case=case, happened_on=TODAY(), text="Strategy meeting held."
    )
    as_clinician.get(case_url(case))
    event = AuditEvent.objects.filter(action="chronology.viewed").get()
    assert str(entry.code) in str(event.detail)


def test_the_case_page_costs_the_same_with_more_care(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    from django.test.utils import CaptureQueriesContext

    # One of each, so that every section is read (a section with no rows is not: ADR 0056).
    services_care.goal_add(by=clinician, case=case, text="One", agreed_on=TODAY(), rating=1)
    services_care.chronology_add(by=clinician, case=case, happened_on=TODAY(), text="One")
    services_care.flag_raise(
        by=clinician, case=case, kind=kind("Child protection plan"), raised_on=TODAY()
    )
    services_care.intervention_add(
        by=clinician, case=case, intervention=Intervention.objects.all()[2], start=TODAY()
    )
    with CaptureQueriesContext(connection) as few:
        as_clinician.get(case_url(case))
    for n in range(2):
        goal = services_care.goal_add(
            by=clinician, case=case, text=f"G{n}", agreed_on=TODAY(), rating=1
        )
        services_care.goal_rate(by=clinician, goal=goal, rated_on=TODAY(), rating=3)
        services_care.chronology_add(by=clinician, case=case, happened_on=TODAY(), text=f"E{n}")
        services_care.flag_raise(
            by=clinician,
            case=case,
            kind=kind(["Child in need", "Domestic abuse"][n]),
            raised_on=TODAY(),
        )
        services_care.intervention_add(
            by=clinician, case=case, intervention=Intervention.objects.all()[n], start=TODAY()
        )
    with CaptureQueriesContext(connection) as many:
        as_clinician.get(case_url(case))
    assert len(many) == len(few)


# Pages ----------------------------------------------------------------------------------------


def test_a_clinician_raises_a_flag_and_writes_the_chronology(
    as_clinician: Client, case: Case
) -> None:
    url = reverse("casework:flag-raise", kwargs={"code": case.code})
    empty = as_clinician.post(url, {})
    assert "Choose the flag" in empty.content.decode()
    response = as_clinician.post(
        url, {"kind": str(kind("Child protection plan").code), **parts("raised_on", TODAY())}
    )
    assert response.status_code == 302
    response = as_clinician.post(
        reverse("casework:chronology-add", kwargs={"code": case.code}),
        {"text": "Initial child protection conference.", **parts("happened_on", TODAY())},
    )
    assert response.status_code == 302
    html = as_clinician.get(case_url(case)).content.decode()
    assert "Child protection plan" in html
    assert "Initial child protection conference." in html


def test_the_goal_page_refuses_a_fourth_goal_in_words(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    for n in range(3):
        services_care.goal_add(by=clinician, case=case, text=f"G{n}", agreed_on=TODAY(), rating=1)
    response = as_clinician.post(
        reverse("casework:goal-add", kwargs={"code": case.code}),
        {"text": "Four", **parts("agreed_on", TODAY()), "rating": "3"},
    )
    assert response.status_code == 200
    assert "already has three goals" in response.content.decode()


def test_the_catalogue_pages_are_for_managers(
    client: Client, manager: User, clinician: User, sign_in: SignIn
) -> None:
    url = reverse("casework:care-interventions")
    assert sign_in(Client(), clinician).get(url).status_code == 404
    as_manager = sign_in(client, manager)
    assert "Watch Wait and Wonder" in as_manager.get(url).content.decode()
    assert as_manager.post(url, {"name": "Baby massage"}).status_code == 302
    added = Intervention.objects.get(name="Baby massage")
    entry_url = reverse("casework:care-intervention", kwargs={"code": added.code})
    as_manager.post(entry_url, {"action": "rename", "name": "Infant massage"})
    as_manager.post(entry_url, {"action": "retire"})
    added.refresh_from_db()
    assert added.name == "Infant massage"
    assert added.is_retired
    assert as_manager.delete(url).status_code == 405


def test_the_list_form_refuses_a_name_taken_or_too_long() -> None:
    form = CatalogueNameForm({"name": "parenting group"}, taken={"Parenting group"})
    assert form.errors["name"] == ["That name is already on the list"]
    form = CatalogueNameForm({"name": "x" * 121}, taken=set())
    assert "characters or fewer" in form.errors["name"][0]


def test_a_retired_intervention_is_not_offered(case: Case, clinician: User, manager: User) -> None:
    vig = Intervention.objects.get(name="Video Interaction Guidance")
    services_care.catalogue_retire(by=manager, entry=vig, retired=True)
    with pytest.raises(NotAllowed):
        services_care.intervention_add(by=clinician, case=case, intervention=vig, start=TODAY())
    with pytest.raises(NotAllowed):
        services_care.catalogue_add(by=clinician, kind="flags", name="Private fostering")


def test_the_teams_caseload_links_managers_to_their_lists(
    client: Client, manager: User, clinician: User, sign_in: SignIn
) -> None:
    lists = reverse("casework:care-interventions")
    assert lists in sign_in(client, manager).get(reverse("casework:team")).content.decode()
    assert lists not in sign_in(Client(), clinician).get(reverse("casework:team")).content.decode()


# Dates within sense (the browser walk of issue 12) -----------------------------------------


def _opened_days_ago(case: Case, days: int) -> date:
    opened = TODAY() - timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(opened_on=opened)
    case.refresh_from_db()
    return opened


def _day(on: date) -> str:
    from django.utils import formats

    return formats.date_format(on, "j F Y")


def _errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 200
    return {k: list(v) for k, v in response.context["form"].errors.items()}


def test_care_dates_are_not_before_the_case_opened(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    opened = _opened_days_ago(case, 30)
    long_ago = date(1850, 1, 1)
    offered = Intervention.objects.filter(retired_on__isnull=True).first()
    assert offered is not None
    flag_kind = FlagKind.objects.filter(retired_on__isnull=True).first()
    assert flag_kind is not None
    before = f"must be on or after {_day(opened)}, when the case was opened"

    for day in (long_ago, opened - timedelta(days=1)):
        response = as_clinician.post(
            reverse("casework:intervention-add", kwargs={"code": case.code}),
            {"intervention": str(offered.code), **parts("start", day), "sessions": "0"},
        )
        assert _errors(response) == {"start": [f"Start date {before}"]}
        response = as_clinician.post(
            reverse("casework:goal-add", kwargs={"code": case.code}),
            {"text": "Enjoy bath time", **parts("agreed_on", day), "rating": "3"},
        )
        assert _errors(response) == {"agreed_on": [f"Date agreed {before}"]}
        response = as_clinician.post(
            reverse("casework:flag-raise", kwargs={"code": case.code}),
            {"kind": str(flag_kind.code), **parts("raised_on", day)},
        )
        assert _errors(response) == {"raised_on": [f"Date raised {before}"]}

    with pytest.raises(ValidationError):
        services_care.goal_add(
            by=clinician, case=case, text="Enjoy bath time", agreed_on=long_ago, rating=3
        )
    with pytest.raises(ValidationError):
        services_care.intervention_add(
            by=clinician, case=case, intervention=offered, start=long_ago
        )
    with pytest.raises(ValidationError):
        services_care.flag_raise(by=clinician, case=case, kind=flag_kind, raised_on=long_ago)


def test_an_interventions_planned_end_is_at_most_2_years_ahead(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    offered = Intervention.objects.filter(retired_on__isnull=True).first()
    assert offered is not None
    url = reverse("casework:intervention-add", kwargs={"code": case.code})
    data = {"intervention": str(offered.code), **parts("start", TODAY()), "sessions": "0"}

    response = as_clinician.post(url, {**data, **parts("end", date(3026, 1, 1))})
    assert _errors(response) == {"end": ["End date must be within 2 years from today"]}
    with pytest.raises(ValidationError):
        services_care.intervention_add(
            by=clinician, case=case, intervention=offered, start=TODAY(), end=date(3026, 1, 1)
        )

    planned_end = TODAY() + timedelta(days=300)
    assert as_clinician.post(url, {**data, **parts("end", planned_end)}).status_code == 302
    assert CaseIntervention.objects.get(case=case).end == planned_end


def test_the_chronology_reaches_back_to_the_pregnancy_and_no_further(
    as_clinician: Client, case: Case, clinician: User
) -> None:
    from dateutil.relativedelta import relativedelta

    _opened_days_ago(case, 10)
    baby = case.babies.get()
    assert baby.date_of_birth is not None
    earliest = baby.date_of_birth - relativedelta(months=10)
    url = reverse("casework:chronology-add", kwargs={"code": case.code})

    for day in (date(1850, 1, 1), earliest - timedelta(days=1)):
        response = as_clinician.post(
            url, {"text": "Strategy meeting.", **parts("happened_on", day)}
        )
        assert _errors(response) == {
            "happened_on": [
                f"Date it happened must be on or after {_day(earliest)}, "
                "10 months before the baby's birth"
            ]
        }
    with pytest.raises(ValidationError):
        services_care.chronology_add(
            by=clinician, case=case, happened_on=date(1850, 1, 1), text="Old."
        )
    # In the pregnancy, long before the case opened: significant.
    in_pregnancy = earliest + timedelta(days=30)
    response = as_clinician.post(
        url, {"text": "DV incident.", **parts("happened_on", in_pregnancy)}
    )
    assert response.status_code == 302
    assert ChronologyEntry.objects.get(case=case).happened_on == in_pregnancy


def test_a_chronology_entry_too_long_gets_one_message(as_clinician: Client, case: Case) -> None:
    url = reverse("casework:chronology-add", kwargs={"code": case.code})
    response = as_clinician.post(url, {"text": "x" * 5001, **parts("happened_on", TODAY())})
    assert _errors(response) == {"text": ["What happened must be 5,000 characters or fewer"]}
    assert ChronologyEntry.objects.filter(case=case).count() == 0
