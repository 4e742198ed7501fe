"""The form a researcher starts a study with."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team
from littleminds.core.forms import DatePartsField
from littleminds.core.validation import LimitsExplained
from littleminds.directory.models import MapSnapshot
from littleminds.evaluation.services import TimePointInput


class StudyForm(LimitsExplained, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, Little Minds Matter enhanced evaluation"),
        error_messages={"required": _("Enter the study's title")},
    )
    research_questions = forms.CharField(
        label=_("Research questions"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line"),
        error_messages={"required": _("Enter the study's research questions")},
    )
    team = forms.ModelChoiceField(
        label=_("The service it evaluates"),
        queryset=Team.objects.select_related("organisation").order_by("name"),
        to_field_name="code",
        empty_label=_("Choose a team"),
        help_text=_(
            "The team's managers will see that the study exists and who took part, by group "
            "and time point, but nothing else"
        ),
        error_messages={
            "required": _("Choose the service the study evaluates"),
            "invalid_choice": _("Choose the service the study evaluates from the list"),
        },
    )
    keep_originals = forms.BooleanField(
        label=_(
            "Keep each transcript as uploaded, before names are replaced (lead researchers only)"
        ),
        required=False,
    )
    first_label = forms.CharField(
        label=_("First time point's name"),
        max_length=100,
        initial=_("Time 1"),
        error_messages={"required": _("Enter the first time point's name")},
    )
    first_starts = DatePartsField(
        label=_("Its fieldwork starts"),
        noun=_("The first start date"),
        missing=_("Enter the date the first time point's fieldwork starts"),
        what=_("the first time point's start"),
    )
    first_ends = DatePartsField(
        label=_("Its fieldwork ends"),
        noun=_("The first end date"),
        missing=_("Enter the date the first time point's fieldwork ends"),
        what=_("the first time point's end"),
    )
    first_snapshot = forms.ModelChoiceField(
        label=_("The directory's map at that time (optional)"),
        queryset=MapSnapshot.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a map from the list")},
    )
    second_label = forms.CharField(
        label=_("Second time point's name (optional)"),
        max_length=100,
        required=False,
        initial=_("Time 2"),
    )
    second_starts = DatePartsField(
        label=_("Its fieldwork starts (optional)"),
        required=False,
        noun=_("The second start date"),
        missing=_("Enter the date the second time point's fieldwork starts"),
        what=_("the second time point's start"),
    )
    second_ends = DatePartsField(
        label=_("Its fieldwork ends (optional)"),
        required=False,
        noun=_("The second end date"),
        missing=_("Enter the date the second time point's fieldwork ends"),
        what=_("the second time point's end"),
    )
    second_snapshot = forms.ModelChoiceField(
        label=_("The directory's map at that time (optional)"),
        queryset=MapSnapshot.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose a map from the list")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix, required in (("first", True), ("second", False)):
            starts: date | None = data.get(f"{prefix}_starts")
            ends: date | None = data.get(f"{prefix}_ends")
            label = data.get(f"{prefix}_label")
            # The second is given as soon as one of its dates is (its name is asked for
            # then too), so that all it lacks is said at once.
            given = bool(starts or ends) if not required else True
            if not required and (starts or ends) and not label:
                self.add_error(f"{prefix}_label", _("Enter the second time point's name"))
            if not given:
                continue
            for part in ("starts", "ends"):
                name = f"{prefix}_{part}"
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, self.fields[name].missing)  # type: ignore[attr-defined]
            if starts and ends and ends < starts:
                self.add_error(
                    f"{prefix}_ends", _("The fieldwork must end on or after the day it starts")
                )
        first_starts, second_starts = data.get("first_starts"), data.get("second_starts")
        if (
            data.get("second_label")
            and first_starts
            and second_starts
            and second_starts <= first_starts
            and "second_starts" not in self.errors
        ):
            self.add_error(
                "second_starts", _("The second time point must start after the first one starts")
            )
        if (
            data.get("second_label")
            and data.get("first_label")
            and data["second_label"].strip().casefold() == data["first_label"].strip().casefold()
        ):
            self.add_error("second_label", _("Give the two time points different names"))
        return data

    def time_points(self) -> list[TimePointInput]:
        data = self.cleaned_data
        points = [
            TimePointInput(
                data["first_label"],
                data["first_starts"],
                data["first_ends"],
                data["first_snapshot"],
            )
        ]
        if data.get("second_label") and data.get("second_starts") and data.get("second_ends"):
            points.append(
                TimePointInput(
                    data["second_label"],
                    data["second_starts"],
                    data["second_ends"],
                    data["second_snapshot"],
                )
            )
        return points
