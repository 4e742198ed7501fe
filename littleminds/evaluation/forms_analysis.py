"""The analysis's choices, all read from the address (GET): retrieval's filters, the
matrix's coder, and the two coders agreement compares. A choice that is not in the list gets
a message by its field and reads nothing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import User
from littleminds.core.validation import LimitsExplained
from littleminds.directory.models import Ring
from littleminds.evaluation.models import Participant, Study
from littleminds.evaluation.retrieval import PassageFilters

ANY = ""


def _name(user: User) -> str:
    return user.full_name or user.email


class PassageFilterForm(LimitsExplained, forms.Form):
    subcodes = forms.BooleanField(label=_("Include its sub-codes"), required=False)
    group = forms.ChoiceField(
        label=_("Group"),
        required=False,
        choices=[(ANY, _("Any group")), *Participant.Group.choices],
        error_messages={"invalid_choice": _("Select a group from the list")},
    )
    time_point = forms.ChoiceField(
        label=_("Time point"),
        required=False,
        error_messages={"invalid_choice": _("Select a time point from the list")},
    )
    ring = forms.ChoiceField(
        label=_("Organisation's ring"),
        required=False,
        choices=[(ANY, _("Any ring")), *Ring.choices],
        error_messages={"invalid_choice": _("Select a ring from the list")},
    )
    coder = forms.ChoiceField(
        label=_("Coded by"),
        help_text=_("With every coder, a passage more than one coded is shown once"),
        required=False,
        error_messages={"invalid_choice": _("Select a researcher of this study from the list")},
    )

    def __init__(self, *args: Any, study: Study, coders: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.points = {str(point.code): point for point in study.time_points.all()}
        self.coders = {str(user.code): user for user in coders}
        self._choose(
            "time_point", _("Any time point"), {k: p.label for k, p in self.points.items()}
        )
        self._choose("coder", _("Every coder"), {k: _name(u) for k, u in self.coders.items()})

    def _choose(self, name: str, anything: Any, choices: dict[str, str]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(ANY, anything), *choices.items()]

    def filters(self) -> PassageFilters:
        data = self.cleaned_data
        return PassageFilters(
            group=data["group"],
            time_point=self.points.get(data["time_point"]),
            ring=data["ring"],
            coder=self.coders.get(data["coder"]),
        )


class MatrixForm(LimitsExplained, forms.Form):
    coder = forms.ChoiceField(
        label=_("Coded by"),
        required=False,
        error_messages={"invalid_choice": _("Select a researcher of this study from the list")},
    )

    def __init__(self, *args: Any, coders: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coders = {str(user.code): user for user in coders}
        field = self.fields["coder"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(ANY, _("Every coder")), *((k, _name(u)) for k, u in self.coders.items())]

    def chosen_coder(self) -> User | None:
        return self.coders.get(self.cleaned_data["coder"])


class CoderPairForm(LimitsExplained, forms.Form):
    a = forms.ChoiceField(
        label=_("Coder A"),
        error_messages={
            "invalid_choice": _("Select coder A from the study's researchers"),
            "required": _("Select coder A"),
        },
    )
    b = forms.ChoiceField(
        label=_("Coder B"),
        error_messages={
            "invalid_choice": _("Select coder B from the study's researchers"),
            "required": _("Select coder B"),
        },
    )

    def __init__(self, *args: Any, coders: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coders = {str(user.code): user for user in coders}
        for name in ("a", "b"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(k, _name(u)) for k, u in self.coders.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("a") and data.get("a") == data.get("b"):
            self.add_error("b", _("Select two different researchers"))
        return data

    def pair(self) -> tuple[User, User]:
        return self.coders[self.cleaned_data["a"]], self.coders[self.cleaned_data["b"]]


class SideBySideForm(CoderPairForm):
    differences = forms.BooleanField(
        label=_("Show only the segments where they differ"), required=False
    )
