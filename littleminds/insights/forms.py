"""The insights filter: a period (the last 12 months unless asked), and, for those who
choose, a team, a ring of the system map and an organisation; on the pages that compare,
two of the directory's time points. A bad choice gets a message by its field and reads
nothing."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team
from littleminds.core.periods import FIELDS as PERIOD_FIELDS
from littleminds.core.periods import PeriodForm
from littleminds.core.validation import LimitsExplained
from littleminds.directory.models import MapSnapshot, Ring

ALL = ""
ORGANISATION_NAME_LIMIT = Organisation._meta.get_field("name").max_length
FIELDS = (*PERIOD_FIELDS, "team", "ring", "organisation", "first", "second")


class InsightsFilterForm(LimitsExplained, PeriodForm):
    team = forms.ChoiceField(
        label=_("Team"),
        required=False,
        error_messages={"invalid_choice": _("Select a team from the list")},
    )
    ring = forms.ChoiceField(
        label=_("Ring of the system map"),
        required=False,
        choices=[(ALL, _("All rings")), *Ring.choices],
        error_messages={"invalid_choice": _("Select a ring from the list")},
    )
    # Typed, not chosen from a list: a national instance has thousands of organisations,
    # and a list that long is slow to draw and to use.
    organisation = forms.CharField(
        label=_("Organisation"),
        help_text=_("Type the organisation's name as the directory writes it, or leave it empty"),
        required=False,
        max_length=ORGANISATION_NAME_LIMIT,
    )
    first = forms.ChoiceField(
        label=_("First time point"),
        required=False,
        error_messages={"invalid_choice": _("Select a time point from the list")},
    )
    second = forms.ChoiceField(
        label=_("Second time point"),
        required=False,
        error_messages={"invalid_choice": _("Select a time point from the list")},
    )

    def __init__(self, *args: Any, teams: list[Team], compares: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.teams = {str(team.code): team for team in teams}
        self._set_choices("team", _("All your teams"), [(c, t.name) for c, t in self.teams.items()])
        if len(teams) < 2:
            del self.fields["team"]
        self.snapshots: dict[str, MapSnapshot] = {}
        if compares:
            self.snapshots = {str(s.code): s for s in MapSnapshot.objects.order_by("taken_on")}
            choices = [(c, f"{s.label} ({s.taken_on:%d/%m/%Y})") for c, s in self.snapshots.items()]
            self._set_choices("first", _("No time point"), choices)
            self._set_choices("second", _("No time point"), choices)
        else:
            del self.fields["first"]
            del self.fields["second"]

    def _set_choices(self, name: str, blank: Any, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(ALL, blank), *choices]

    @staticmethod
    def asked(data: Any) -> bool:
        return PeriodForm.asked(data) or any(data.get(name) for name in FIELDS[2:])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("first"), data.get("second")
        if "first" in self.errors or "second" in self.errors:
            # A time point not on the list has its message; the pair is not judged.
            return data
        if bool(first) != bool(second):
            self.add_error(
                "second" if first else "first",
                _("Choose two time points to compare, or neither"),
            )
        elif first and first == second:
            self.add_error("second", _("Choose a second time point other than the first"))
        return data

    def chosen_teams(self) -> list[Team]:
        code = self.cleaned_data.get("team") or ALL
        return [self.teams[code]] if code else list(self.teams.values())

    def clean_organisation(self) -> Organisation | None:
        """The organisation named (its name in any case, or its code as the downloads'
        addresses carry it), or None when the box is empty."""
        typed = " ".join((self.cleaned_data.get("organisation") or "").split())
        if not typed:
            return None
        found = Organisation.objects.filter(name__iexact=typed).first()
        if found is None:
            try:
                found = Organisation.objects.filter(code=uuid.UUID(typed)).first()
            except ValueError:
                found = None
        if found is None:
            raise forms.ValidationError(
                _("No organisation is called “%(name)s”: check its name in the directory"),
                params={"name": typed},
            )
        return found

    def chosen_organisation(self) -> Organisation | None:
        chosen = self.cleaned_data.get("organisation")
        return chosen if isinstance(chosen, Organisation) else None

    def chosen_compare(self) -> tuple[MapSnapshot, MapSnapshot] | None:
        first, second = self.cleaned_data.get("first"), self.cleaned_data.get("second")
        if not (first and second):
            return None
        pair = sorted([self.snapshots[first], self.snapshots[second]], key=lambda s: s.taken_on)
        return pair[0], pair[1]
