"""The form that sets the embeddedness score's weights: a whole number from 0 to 10 for
each part, and a note why they changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.core.validation import LimitsExplained
from littleminds.insights.models import NOTE_LIMIT
from littleminds.insights.score import LARGEST_WEIGHT, PARTS, SMALLEST_WEIGHT


def _weight_field(words: Any, initial: int) -> forms.IntegerField:
    bounds = _("The weight of “%(part)s” must be a whole number from %(low)d to %(high)d") % {
        "part": words,
        "low": SMALLEST_WEIGHT,
        "high": LARGEST_WEIGHT,
    }
    return forms.IntegerField(
        label=words,
        min_value=SMALLEST_WEIGHT,
        max_value=LARGEST_WEIGHT,
        initial=initial,
        error_messages={
            "required": _("Enter the weight of “%(part)s”, from %(low)d to %(high)d")
            % {"part": words, "low": SMALLEST_WEIGHT, "high": LARGEST_WEIGHT},
            "invalid": bounds,
            "min_value": bounds,
            "max_value": bounds,
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
    )


class WeightsForm(LimitsExplained, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why they changed"),
        help_text=gettext_lazy("Kept with the weights, for whoever reads an old report"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say why the weights changed")},
    )

    def __init__(self, *args: Any, current: Mapping[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        note = self.fields.pop("note")
        for part in PARTS:
            self.fields[part.key] = _weight_field(part.words, current[part.key])
        self.fields["note"] = note

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(part.key) for part in PARTS]
        if all(isinstance(v, int) for v in values) and not any(values):
            self.add_error(PARTS[0].key, _("Give at least one part a weight of 1 or more"))
        return data

    def weights(self) -> dict[str, int]:
        return {part.key: int(self.cleaned_data[part.key]) for part in PARTS}
