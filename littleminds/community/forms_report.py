"""The reach report's filter: a period typed as day, month and year (the last 12 months
unless asked), the same bounds as the training reports', and a team for those who see
several."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team
from littleminds.core.periods import FIELDS as PERIOD_FIELDS
from littleminds.core.periods import PeriodForm
from littleminds.core.validation import LimitsExplained

ALL_TEAMS = ""


class ReachFilterForm(LimitsExplained, PeriodForm):
    team = forms.ChoiceField(
        label=_("Team"),
        required=False,
        error_messages={"invalid_choice": _("Select a team from the list")},
    )

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {str(team.code): team for team in teams}
        field = self.fields["team"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (ALL_TEAMS, _("All teams")),
            *[(code, team.name) for code, team in self.teams.items()],
        ]
        if len(teams) < 2:
            # One team: nothing to choose.
            del self.fields["team"]

    @staticmethod
    def asked(data: Any) -> bool:
        """Whether the address names a period or a team at all (else the last 12 months)."""
        return any(
            key == name or key.startswith(f"{name}_")
            for key in data
            for name in (*PERIOD_FIELDS, "team")
        )

    def chosen_team(self) -> Team | None:
        code = self.cleaned_data.get("team") or ALL_TEAMS
        return self.teams.get(code)
