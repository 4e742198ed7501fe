"""The form a system administrator sets up or changes a commissioning body with: its name,
the teams it funds and its members, chosen among the people holding the analyst role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Role
from littleminds.core.validation import LimitsExplained
from littleminds.insights.models import NAME_LIMIT, CommissioningBody


class CodedChoice(forms.ModelMultipleChoiceField):
    """Records chosen by their code: a value that is no code at all gets the field's own
    "choose from the list", never the database's words about UUIDs."""

    def _check_values(self, value: Any) -> Any:
        try:
            return super()._check_values(value)  # type: ignore[misc]
        except forms.ValidationError as error:
            if error.code in ("invalid_choice", "invalid_pk_value", "invalid_list"):
                raise
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class AnalystChoice(CodedChoice):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, User)
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


def analysts() -> Any:
    return (
        User.objects.filter(roles__role=Role.ANALYST, is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


class CommissioningBodyForm(LimitsExplained, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_LIMIT,
        help_text=_("For example, West Yorkshire Integrated Care Board"),
        error_messages={"required": _("Enter the commissioning body's name")},
    )
    teams = CodedChoice(
        label=_("Teams it funds (optional)"),
        queryset=Team.objects.order_by("name"),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Its members see these teams' figures, with small numbers hidden"),
        error_messages={
            "invalid_choice": _("Choose the teams from the list"),
            "invalid_pk_value": _("Choose the teams from the list"),
        },
    )
    members = AnalystChoice(
        label=_("Members (optional)"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only people with the analyst role can be members"),
        error_messages={
            "invalid_choice": _("Choose the members from the list of analysts"),
            "invalid_pk_value": _("Choose the members from the list of analysts"),
        },
    )

    def __init__(self, *args: Any, body: CommissioningBody | None = None, **kwargs: Any) -> None:
        if body is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": body.name,
                "teams": list(body.teams.all()),
                "members": list(body.members.all()),
            }
        super().__init__(*args, **kwargs)
        self.body = body
        members = self.fields["members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)
        members.queryset = analysts()

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = CommissioningBody.objects.filter(name__iexact=name)
        if self.body is not None:
            clash = clash.exclude(pk=self.body.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("There is already a commissioning body called “%(name)s”") % {"name": name}
            )
        return name
