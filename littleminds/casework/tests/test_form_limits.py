"""Every text box of the casework and measures forms says "too long" in its own words,
naming what it is ("Enter the closing summary in 5,000 characters or fewer"), never the
generic "Your answer must be N characters or fewer" (issue 12). Every form class of
casework/forms*.py and measures is walked: a new form must be added to `MAKERS` below, so a
form cannot slip past this test."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.utils import timezone, translation

from littleminds import casework, measures
from littleminds.accounts.models import User
from littleminds.casework.models import Case
from littleminds.casework.tests.factories import open_case
from littleminds.measures.definitions import measure_of
from littleminds.measures.wording import wording_of

pytestmark = pytest.mark.django_db


def form_classes() -> list[type[forms.BaseForm]]:
    """Each form class defined in a forms module of casework or measures."""
    found: dict[str, type[forms.BaseForm]] = {}
    for package in (casework, measures):
        for module_info in pkgutil.iter_modules(package.__path__):
            if not module_info.name.startswith("forms"):
                continue
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for name, value in vars(module).items():
                if (
                    inspect.isclass(value)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    found[f"{module.__name__}.{name}"] = value
    return [found[name] for name in sorted(found)]


# The class is Any: each form takes its own keywords, which BaseForm does not know.
Maker = Callable[[Any, dict[str, str], Case, User], Any]


def _plain(cls: type[forms.BaseForm], data: dict[str, str], case: Case, by: User) -> Any:
    return cls(data)


MAKERS: dict[str, Maker] = {
    "CaseloadForm": lambda c, d, case, by: c(d, by=by),
    "MyCaseloadForm": lambda c, d, case, by: c(d, by=by),
    "TeamCaseloadForm": lambda c, d, case, by: c(d, by=by),
    "FromReferralForm": lambda c, d, case, by: c(d, matches=[case], team_id=case.team_id),
    "ContactPlanForm": lambda c, d, case, by: c(
        d, case=case, people=list(case.people.all()), by=by
    ),
    "ContactRecordForm": lambda c, d, case, by: c(d, people=list(case.people.all())),
    "NoteForm": _plain,
    "AddendumForm": _plain,
    "ClinicianForm": lambda c, d, case, by: c(d, case=case, label="Clinician"),
    "BornForm": lambda c, d, case, by: c(d, due=timezone.localdate()),
    "InterventionForm": lambda c, d, case, by: c(d, offered=[], case=case),
    "GoalForm": lambda c, d, case, by: c(d, case=case),
    "GoalRatingForm": lambda c, d, case, by: c(d, agreed_on=timezone.localdate()),
    "FlagRaiseForm": lambda c, d, case, by: c(d, kinds=[], case=case),
    "FlagCloseForm": lambda c, d, case, by: c(d, raised_on=timezone.localdate()),
    "ChronologyForm": lambda c, d, case, by: c(d, case=case),
    "CatalogueNameForm": lambda c, d, case, by: c(d, taken=set()),
    "CloseForm": lambda c, d, case, by: c(d, confirm=True),
    "ReopenForm": _plain,
    "DestroyForm": lambda c, d, case, by: c(d, expected="ABC"),
    "LinkForm": lambda c, d, case, by: c(d, people=list(case.people.all())),
    "QuestionnaireForm": lambda c, d, case, by: c(d, wording=wording_of("phq9")),
    "AdministrationForm": lambda c, d, case, by: c(
        d,
        measure=measure_of("gbo"),
        people=list(case.people.all()),
        opened_on=case.opened_on,
        replacing=True,
    ),
    "TaskForm": lambda c, d, case, by: c(d, case=case),
    "TaskDoneForm": lambda c, d, case, by: c(d, risk=True),
    "PersonForm": _plain,
    "BabyForm": _plain,
    "NewCaseForm": lambda c, d, case, by: c(d, by=by),
}


def test_every_form_class_is_walked() -> None:
    names = {cls.__name__ for cls in form_classes()}
    assert names, "no form class found"
    assert names - set(MAKERS) == set(), "add the new form to MAKERS"


@pytest.mark.parametrize("cls", form_classes(), ids=lambda cls: cls.__name__)
def test_each_text_box_says_too_long_in_its_own_words(
    cls: type[forms.BaseForm], clinician: User, practitioner: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    maker = MAKERS[cls.__name__]
    with translation.override("en-gb"):
        empty = maker(cls, {}, case, clinician)
        limited = {
            name: field.max_length
            for name, field in empty.fields.items()
            if isinstance(field, forms.CharField) and field.max_length
        }
        if not limited:
            return
        data = {name: "x" * (limit + 1) for name, limit in limited.items()}
        form = maker(cls, data, case, clinician)
        assert not form.is_valid()
        for name in limited:
            # "Too long", or where so many characters are also the wrong shape (a time, an
            # NHS number, a phone number) what the right shape is: in either case words
            # about this box, never the message every box could give.
            messages = [str(m) for m in form.errors.get(name, [])]
            assert messages, f"{cls.__name__}.{name}: nothing said of a box too long"
            for message in messages:
                assert not message.startswith("Your answer"), f"{cls.__name__}.{name}: {message}"


def test_the_closing_summary_says_too_long_as_the_note_does(
    clinician: User, practitioner: User
) -> None:
    from littleminds.casework.forms_closure import CloseForm
    from littleminds.casework.models_closure import TEXT_LIMIT

    assert TEXT_LIMIT == 5000
    form = CloseForm({"reason": "goals_met", "summary": "x" * (TEXT_LIMIT + 1)})
    assert form.errors["summary"] == ["Enter the closing summary in 5,000 characters or fewer"]


def test_a_contacts_note_says_too_long_as_a_note_does(clinician: User, practitioner: User) -> None:
    from littleminds.casework.forms import ContactRecordForm

    case = open_case(referrer=practitioner, clinician=clinician)
    form = ContactRecordForm(
        {"outcome": "did_not_attend", "note": "x" * 5001}, people=list(case.people.all())
    )
    assert form.errors["note"] == ["Enter the note in 5,000 characters or fewer"]
