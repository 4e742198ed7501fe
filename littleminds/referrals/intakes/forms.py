"""The form for setting up or changing an intake: which team takes referrals for which
service, for families living in which area, until what age, and whether families with no
fixed address go to it. The checks that need other intakes (an area another open intake
takes; the default moving) are the services'; their messages come back by field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team
from littleminds.core.forms import PlainSelect
from littleminds.core.phones import phone_shown
from littleminds.core.validation import LimitsExplained
from littleminds.directory.models import Area, Service
from littleminds.referrals import selectors
from littleminds.referrals.models import Intake
from littleminds.referrals.validation import Invalid, phone_number

AGE_LIMIT_LOW = _("The age limit must be 1 month or more")
AGE_LIMIT_HIGH = _("The age limit must be 36 months (3 years) or less")


class CodeChoiceField(forms.ModelChoiceField):
    """A record chosen by its `code`. Anything that is not one of the choices, a value
    that is not even a UUID included, gets the field's own "choose from the list"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(to_field_name="code", **kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class IntakeForm(LimitsExplained, forms.Form):
    team = CodeChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("The team whose triage queue the referrals reach"),
        error_messages={
            "required": _("Choose the team that takes the referrals"),
            "invalid_choice": _("Choose one of the teams you manage"),
        },
    )
    service = CodeChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        empty_label=_("Choose a service"),
        widget=PlainSelect,
        help_text=_(
            "The directory's service that families are referred to. Only services that take "
            "referrals from practitioners or families are listed."
        ),
        error_messages={
            "required": _("Choose the service that families are referred to"),
            "invalid_choice": _("Choose a service from the list"),
        },
    )
    area = CodeChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        empty_label=_("Choose an area"),
        widget=PlainSelect,
        help_text=_(
            "Families whose home postcode is in this area are referred to this intake. Areas "
            "and their postcodes are set up in the directory."
        ),
        error_messages={
            "required": _("Choose the area the families live in"),
            "invalid_choice": _("Choose an area from the list"),
        },
    )
    age_limit_months = forms.IntegerField(
        label=_("Age limit in months"),
        min_value=1,
        max_value=36,
        help_text=_(
            "Families can be referred until the day before the baby reaches this age: 24 "
            "means until the day before the second birthday"
        ),
        error_messages={
            "required": _("Enter the age limit in months"),
            "invalid": _("Enter the age limit as a whole number of months, like 24"),
            "min_value": AGE_LIMIT_LOW,
            "max_value": AGE_LIMIT_HIGH,
        },
        # Not type="number": browsers change or drop what is typed in one (the NHS and
        # GOV.UK design systems advise against it).
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4", "spellcheck": "false"}
        ),
    )
    contact_phone = forms.CharField(
        label=_("Phone number families can call"),
        help_text=_(
            "Shown to a family when they have sent their own referral, and in the message "
            "that says it arrived. For example, 01632 960 001"
        ),
        max_length=40,
        error_messages={
            "required": _("Enter the phone number families can call"),
            "max_length": _("Enter a phone number, like 01632 960 001"),
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    decision_days = forms.IntegerField(
        label=_("Working days to a decision, usually"),
        help_text=_(
            "How long the team usually takes to decide, in working days: families are told"
        ),
        min_value=1,
        max_value=60,
        error_messages={
            "required": _("Enter how many working days a decision usually takes"),
            "invalid": _("Enter a number of working days from 1 to 60"),
            "min_value": _("Enter a number of working days from 1 to 60"),
            "max_value": _("Enter a number of working days from 1 to 60"),
        },
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4", "spellcheck": "false"}
        ),
    )
    is_default = forms.BooleanField(
        label=_("Make this the intake for families with no fixed address"), required=False
    )

    def __init__(
        self,
        *args: Any,
        teams: list[Team],
        default: Intake | None,
        intake: Intake | None = None,
        **kwargs: Any,
    ) -> None:
        if intake is not None:
            kwargs.setdefault(
                "initial",
                {
                    "service": intake.service.code,
                    "area": intake.area.code,
                    "age_limit_months": intake.age_limit_months,
                    "contact_phone": phone_shown(intake.contact_phone),
                    "decision_days": intake.decision_days,
                    "is_default": intake.is_default,
                },
            )
        else:
            kwargs.setdefault("initial", {"age_limit_months": 24, "is_default": default is None})
        super().__init__(*args, **kwargs)
        self.intake = intake
        self._team = intake.team if intake is not None else None
        team = self.fields["team"]
        assert isinstance(team, forms.ModelChoiceField)
        if intake is not None or len(teams) == 1:
            # An intake keeps its team; someone who manages one team has nothing to choose.
            del self.fields["team"]
            self._team = self._team or teams[0]
        else:
            team.queryset = Team.objects.filter(pk__in=[t.pk for t in teams]).order_by("name")
        service = self.fields["service"]
        assert isinstance(service, forms.ModelChoiceField)
        service.queryset = selectors.intake_service_choices(
            also=intake.service if intake is not None else None
        )
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = selectors.intake_area_choices()
        self.fields["is_default"].help_text = self._default_hint(default)

    def _default_hint(self, default: Intake | None) -> str:
        """Only one intake takes families with no fixed address (postcode ZZ99 3VZ): say
        which does today, so that nobody moves them without knowing."""
        if default is None:
            return str(
                _(
                    "Families with no fixed address (postcode ZZ99 3VZ) go to one intake. "
                    "No intake takes them yet."
                )
            )
        if self.intake is not None and default.pk == self.intake.pk:
            return str(
                _(
                    "Families with no fixed address (postcode ZZ99 3VZ) go to this intake. To "
                    "send them elsewhere, make another intake the default."
                )
            )
        return str(
            _(
                "Families with no fixed address (postcode ZZ99 3VZ) go to one intake: today "
                "%(team)s's intake for %(area)s. Ticking this moves them to this intake "
                "instead."
            )
            % {"team": default.team.name, "area": default.area.name}
        )

    def clean_contact_phone(self) -> str:
        try:
            return phone_number(self.cleaned_data["contact_phone"])
        except Invalid as invalid:
            raise forms.ValidationError(str(invalid)) from None

    @property
    def single_team(self) -> Team | None:
        """The team when there is nothing to choose (one team, or an intake's own)."""
        return self._team

    def chosen_team(self) -> Team:
        team = self._team or self.cleaned_data["team"]
        assert isinstance(team, Team)
        return team
