"""Every directory form says what is too long, in words, and cuts nothing; the search
form's need is the plain select (`core.forms.PlainSelect`)."""

from __future__ import annotations

import pytest

from littleminds.core.forms import PlainSelect
from littleminds.directory.forms import (
    AreaForm,
    LinkForm,
    NeedForm,
    OverlapReviewForm,
    SearchForm,
)
from littleminds.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_a_need_says_its_description_is_too_long() -> None:
    form = NeedForm({"term": "sleep", "name": "Sleep", "description": "x" * 1001, "group": "other"})

    assert form.errors["description"] == ["Description must be 1,000 characters or fewer"]


def test_an_area_says_its_description_is_too_long() -> None:
    form = AreaForm({"key": "north", "name": "North", "description": "x" * 1001})

    assert form.errors["description"] == ["Description must be 1,000 characters or fewer"]


def test_a_link_and_a_review_say_their_note_is_too_long() -> None:
    service = ServiceFactory.create()
    link = LinkForm({"kind": "refers_to", "note": "x" * 1001}, service=service)
    review = OverlapReviewForm({"note": "x" * 1001})

    assert link.errors["note"] == ["Note must be 1,000 characters or fewer"]
    assert review.errors["note"] == ["Note must be 1,000 characters or fewer"]


@pytest.mark.parametrize(
    ("form_class", "data", "field", "message"),
    [
        (
            "littleminds.accounts.forms.TeamForm",
            {"name": "t" * 201},
            "name",
            "Team name must be 200 characters or fewer",
        ),
        (
            "littleminds.accounts.forms.DeactivateForm",
            {"reason": "r" * 501},
            "reason",
            "Your answer must be 500 characters or fewer",
        ),
        (
            "littleminds.pathway.rules_forms.ScenarioForm",
            {"name": "s" * 201},
            "name",
            "Name of the scenario must be 200 characters or fewer",
        ),
    ],
)
def test_the_other_staff_forms_say_what_is_too_long_in_words(
    form_class: str, data: dict[str, str], field: str, message: str
) -> None:
    module, name = form_class.rsplit(".", 1)
    form = getattr(__import__(module, fromlist=[name]), name)(data)

    assert message in form.errors[field]


def test_the_search_form_draws_its_need_as_the_nhs_select() -> None:
    form = SearchForm({"need": "housing"})

    drawn = str(form["need"].as_widget(attrs={"class": "nhsuk-select"}))
    assert isinstance(form.fields["need"].widget, PlainSelect)
    assert drawn.startswith('<select class="nhsuk-select" id="id_need" name="need">')
    assert '<option value="housing" selected>' in drawn
