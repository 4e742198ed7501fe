"""The day-month-year date field, given a whole date by an older address, lists joined in the
page's language, and the select drawn in Python."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms
from django.test.html import parse_html
from django.utils import translation

from littleminds.core.forms import DatePartsField, PlainSelect
from littleminds.core.templatetags.nhs import listed


class Filter(forms.Form):
    start = DatePartsField(label="From", noun="The date", missing="Enter a date", required=False)


def test_it_reads_a_date_given_whole_under_the_fields_own_name() -> None:
    form = Filter({"start": "2027-01-14"})

    assert form.is_valid()
    assert form.cleaned_data["start"] == date(2027, 1, 14)
    assert form["start"].field.widget.decompress(form["start"].value()) == [14, 1, 2027]


def test_it_refuses_a_whole_date_that_is_not_real() -> None:
    form = Filter({"start": "2027-02-31"})

    assert form.errors["start"] == ["The date must be a real date, in numbers"]


def test_the_parts_win_over_a_whole_date() -> None:
    form = Filter(
        {"start": "2027-01-14", "start_day": "2", "start_month": "3", "start_year": "2028"}
    )

    assert form.is_valid()
    assert form.cleaned_data["start"] == date(2028, 3, 2)


def test_lists_are_joined_in_the_pages_language() -> None:
    with translation.override("en"):
        assert listed(["Core", "Students"]) == "Core, Students"
    with translation.override("ur"):
        assert listed(["الف", "ب"]) == "الف، ب"


class _Pair(forms.Form):
    """The same choices drawn by Django's select and by `PlainSelect`."""

    django = forms.ChoiceField(
        choices=[("", "Any"), ("a", "Apples & <pears>"), ("b", "Bread")],
        required=False,
        label="Food",
        help_text="Pick one",
    )
    plain = forms.ChoiceField(
        widget=PlainSelect,
        choices=[("", "Any"), ("a", "Apples & <pears>"), ("b", "Bread")],
        required=False,
        label="Food",
        help_text="Pick one",
    )
    grouped = forms.ChoiceField(
        widget=PlainSelect,
        choices=[("Fruit", [("a", "Apples")]), ("b", "Bread")],
        required=False,
    )


@pytest.mark.parametrize("data", [{}, {"django": "a", "plain": "a"}, {"django": "x", "plain": "x"}])
def test_a_plain_select_draws_what_djangos_select_draws(data: dict[str, str]) -> None:
    form = _Pair(data or None)
    form.is_valid()
    drawn = {name: str(form[name].as_field_group()) for name in ("django", "plain")}
    # The same field drawn under another name: the same markup, name for name.
    assert parse_html(drawn["plain"]) == parse_html(drawn["django"].replace("django", "plain"))
    assert "Apples &amp; &lt;pears&gt;" in drawn["plain"]
    assert ('<option value="a" selected>' in drawn["plain"]) == (data.get("plain") == "a")
    if data.get("plain") == "x":
        assert 'class="nhsuk-select nhsuk-select--error"' in drawn["plain"]
        assert 'aria-describedby="id_plain-hint id_plain-error"' in drawn["plain"]


def test_a_plain_select_leaves_choices_in_groups_to_django() -> None:
    drawn = str(_Pair()["grouped"].as_widget())
    assert '<optgroup label="Fruit">' in drawn
