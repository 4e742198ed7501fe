"""Forms for care on a case and for the lists managers keep. Each validates with words
(NHS error summary): dates not in the future, an end after its start, bounded numbers,
"too long" messages (`LimitsExplained`), never a silent cut."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.casework import bounds
from littleminds.casework.models import NAME_LIMIT, TEXT_LIMIT, Case
from littleminds.casework.models_care import GOAL_LIMIT, SESSIONS_MAX, CatalogueEntry
from littleminds.core.forms import DatePartsField
from littleminds.core.validation import LimitsExplained

EXAMPLE = _("For example, 4 12 2026")


def _day_field(label: Any, missing: Any, what: Any, *, required: bool = True) -> DatePartsField:
    return DatePartsField(
        label=label,
        help_text=EXAMPLE,
        noun=label,
        missing=missing,
        what=what,
        required=required,
    )


def _not_future(day: date | None, label: str) -> date | None:
    if day is not None and day > timezone.localdate():
        raise forms.ValidationError(
            _("%(noun)s must be today or in the past") % {"noun": label}, code="future"
        )
    return day


def _check(message: str | None) -> None:
    if message is not None:
        raise forms.ValidationError(message, code="bounds")


def _rating_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=_("From 0 (not at all) to 10 (the goal is reached)"),
        min_value=0,
        max_value=10,
        error_messages={
            "required": _("Enter the rating, from 0 to 10"),
            "invalid": _("Rating must be a whole number from 0 to 10"),
            "min_value": _("Rating must be between 0 and 10"),
            "max_value": _("Rating must be between 0 and 10"),
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2", "inputmode": "numeric"}),
    )


def _choice(label: Any, missing: Any, entries: Sequence[CatalogueEntry]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("", _("Choose one")), *((str(e.code), e.name) for e in entries)],
        widget=forms.Select,
        error_messages={"required": missing, "invalid_choice": missing},
    )


class InterventionForm(LimitsExplained, forms.Form):
    intervention = forms.ChoiceField(label=_("Intervention"), widget=forms.Select)
    start = _day_field(_("Start date"), _("Enter the start date"), _("the start date"))
    end = _day_field(
        _("End date (optional)"),
        _("Enter the end date"),
        _("the end date"),
        required=False,
    )
    sessions = forms.IntegerField(
        label=_("Number of sessions so far"),
        min_value=0,
        max_value=SESSIONS_MAX,
        initial=0,
        error_messages={
            "required": _("Enter the number of sessions"),
            "invalid": _("Number of sessions must be a whole number, like 6"),
            "min_value": _("Number of sessions must be between 0 and %(limit)d")
            % {"limit": SESSIONS_MAX},
            "max_value": _("Number of sessions must be between 0 and %(limit)d")
            % {"limit": SESSIONS_MAX},
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-3", "inputmode": "numeric"}),
    )

    def __init__(
        self,
        *args: Any,
        offered: Sequence[CatalogueEntry] | None,
        case: Case | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["end"].help_text = _(
            "When it ended, or when it is planned to end (up to 2 years ahead). "
            "For example, 4 12 2026"
        )
        if offered is None:
            # Changing an intervention already on the case: its kind stays.
            del self.fields["intervention"]
        else:
            self.offered = {str(e.code): e for e in offered}
            self.fields["intervention"] = _choice(
                _("Intervention"), _("Choose the intervention"), offered
            )

    def clean_start(self) -> date | None:
        start = _not_future(self.cleaned_data["start"], str(_("Start date")))
        if self.case is not None:
            _check(bounds.before_opened(start, self.case.opened_on, str(_("Start date"))))
        return start

    def clean_end(self) -> date | None:
        # An end still ahead is its planned end.
        end: date | None = self.cleaned_data["end"]
        _check(bounds.too_far_ahead(end, str(_("End date"))))
        return end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("End date must be on or after the start date"))
        return data

    def chosen(self) -> Any:
        return self.offered[self.cleaned_data["intervention"]]


class GoalForm(LimitsExplained, forms.Form):
    text = forms.CharField(
        label=_("The goal, in the family's words"),
        max_length=GOAL_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter the goal"),
            "max_length": _("The goal must be %(limit)s characters or fewer")
            % {"limit": GOAL_LIMIT},
        },
    )
    agreed_on = _day_field(
        _("Date agreed"), _("Enter the date the goal was agreed"), _("the date the goal was agreed")
    )
    rating = _rating_field(_("Rating at the start"))

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Enter the goal"), code="required")
        return text

    def clean_agreed_on(self) -> date | None:
        agreed = _not_future(self.cleaned_data["agreed_on"], str(_("Date agreed")))
        if self.case is not None:
            _check(bounds.before_opened(agreed, self.case.opened_on, str(_("Date agreed"))))
        return agreed


class GoalRatingForm(LimitsExplained, forms.Form):
    rated_on = _day_field(
        _("Date of the review"), _("Enter the date of the review"), _("the date of the review")
    )
    rating = _rating_field(_("Rating at this review"))
    close = forms.BooleanField(
        label=_("This is the last rating: the goal is finished"), required=False
    )

    def __init__(self, *args: Any, agreed_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreed_on = agreed_on

    def clean_rated_on(self) -> date | None:
        day = _not_future(self.cleaned_data["rated_on"], str(_("Date of the review")))
        if day is not None and day < self.agreed_on:
            raise forms.ValidationError(
                _("Date of the review must be on or after the day the goal was agreed"),
                code="early",
            )
        return day


class FlagRaiseForm(LimitsExplained, forms.Form):
    kind = forms.ChoiceField(label=_("Flag"), widget=forms.Select)
    raised_on = _day_field(
        _("Date raised"), _("Enter the date the flag was raised"), _("the date the flag was raised")
    )

    def __init__(
        self,
        *args: Any,
        kinds: Sequence[CatalogueEntry],
        case: Case | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.kinds = {str(e.code): e for e in kinds}
        self.fields["kind"] = _choice(_("Flag"), _("Choose the flag"), kinds)
        self.order_fields(["kind", "raised_on"])

    def clean_raised_on(self) -> date | None:
        raised = _not_future(self.cleaned_data["raised_on"], str(_("Date raised")))
        if self.case is not None:
            _check(bounds.before_opened(raised, self.case.opened_on, str(_("Date raised"))))
        return raised

    def chosen(self) -> Any:
        return self.kinds[self.cleaned_data["kind"]]


class FlagCloseForm(LimitsExplained, forms.Form):
    closed_on = _day_field(
        _("Date closed"), _("Enter the date the flag was closed"), _("the date the flag was closed")
    )

    def __init__(self, *args: Any, raised_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.raised_on = raised_on

    def clean_closed_on(self) -> date | None:
        day = _not_future(self.cleaned_data["closed_on"], str(_("Date closed")))
        if day is not None and day < self.raised_on:
            raise forms.ValidationError(
                _("Date closed must be on or after the day the flag was raised"), code="early"
            )
        return day


class ChronologyForm(LimitsExplained, forms.Form):
    happened_on = _day_field(
        _("Date it happened"), _("Enter the date it happened"), _("the date it happened")
    )
    text = forms.CharField(
        label=_("What happened"),
        help_text=_("Once saved, the entry is signed with your name and cannot be changed."),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter what happened")},
    )

    def __init__(self, *args: Any, case: Case | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The earliest day an entry may have (the eldest baby's pregnancy, or the case's
        # opening if earlier), worked out once.
        self.earliest = bounds.earliest_history(case) if case is not None else None

    def clean_happened_on(self) -> date | None:
        happened = _not_future(self.cleaned_data["happened_on"], str(_("Date it happened")))
        if self.earliest is not None:
            _check(bounds.before_history(happened, self.earliest, str(_("Date it happened"))))
        return happened

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Enter what happened"), code="required")
        return text


class CatalogueNameForm(LimitsExplained, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_LIMIT,
        error_messages={"required": _("Enter the name")},
    )

    def __init__(self, *args: Any, taken: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.taken = {name.casefold() for name in taken}

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Enter the name"), code="required")
        if name.casefold() in self.taken:
            raise forms.ValidationError(_("That name is already on the list"), code="taken")
        return name
