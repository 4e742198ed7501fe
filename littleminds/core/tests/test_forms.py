"""The day-month-year date field, given a whole date by an older address, and lists joined in
the page's language."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import translation

from littleminds.core.forms import DatePartsField
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
