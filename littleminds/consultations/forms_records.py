"""The form recording a consultation: the worries discussed (pre-filled from the booking),
a note, the advice given, the actions agreed, the outcome, the service signposted to
(chosen from the directory) and a follow-up date within a year of the consultation."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team
from littleminds.consultations.models import NOTE_LIMIT
from littleminds.consultations.models_records import (
    ADVICE_LIMIT,
    CALLER_LIMIT,
    CONFIDENCE_ITEMS,
    FEEDBACK_TEXT_LIMIT,
    Outcome,
    Wellbeing,
)
from littleminds.consultations.services_records import FOLLOW_UP_AHEAD, Answers, Said
from littleminds.core.forms import DatePartsField
from littleminds.core.validation import LimitsExplained, too_long
from littleminds.directory.models import Service
from littleminds.pathway.labels import CONCERN_LABELS


def _text(label: Any, limit: int, too_long_message: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=limit,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long(too_long_message, limit)},
    )


class RecordForm(LimitsExplained, forms.Form):
    concerns = forms.MultipleChoiceField(
        label=_("Worries discussed"),
        help_text=_("Select all that apply."),
        choices=list(CONCERN_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select the worries from the list")},
    )
    note = _text(
        _("Note (optional)"),
        NOTE_LIMIT,
        _("Enter the note in %(limit)s characters or fewer"),
        _("What you talked about. No names needed."),
    )
    advice = _text(
        _("Advice given (optional)"),
        ADVICE_LIMIT,
        _("Enter the advice given in %(limit)s characters or fewer"),
    )
    actions = _text(
        _("Actions agreed (optional)"),
        ADVICE_LIMIT,
        _("Enter the actions agreed in %(limit)s characters or fewer"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the outcome"),
            "invalid_choice": _("Choose one of the outcomes"),
        },
    )
    service = forms.ChoiceField(
        label=_("Service signposted to"),
        help_text=_("If you signposted the practitioner to another service"),
        required=False,
        error_messages={"invalid_choice": _("Choose a service from the directory")},
    )
    follow_up_on = DatePartsField(
        label=_("Follow-up date"),
        help_text=_("Needed for a follow-up consultation. For example, 15 1 2027"),
        noun=_("The follow-up date"),
        missing=_("Enter the follow-up date"),
        required=False,
    )

    def __init__(self, *args: Any, held_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held_on = held_on
        self.services = {
            str(service.code): service
            for service in Service.objects.filter(status=Service.Status.ACTIVE)
            .select_related("organisation")
            .order_by("name")
        }
        field = self.fields["service"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a service"))] + [
            (code, f"{service.name} ({service.organisation.name})")
            for code, service in self.services.items()
        ]

    def clean_note(self) -> str:
        return str(self.cleaned_data["note"]).strip()

    def clean_advice(self) -> str:
        return str(self.cleaned_data["advice"]).strip()

    def clean_actions(self) -> str:
        return str(self.cleaned_data["actions"]).strip()

    def clean_follow_up_on(self) -> date | None:
        day: date | None = self.cleaned_data["follow_up_on"]
        if day is not None and not self.held_on <= day <= self.held_on + FOLLOW_UP_AHEAD:
            raise forms.ValidationError(
                _("The follow-up date must be from the consultation's day to a year after it")
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outcome = data.get("outcome")
        if (
            outcome == Outcome.SIGNPOSTED
            and not data.get("service")
            and "service" not in self.errors
        ):
            self.add_error("service", _("Choose the service you signposted to"))
        if (
            outcome == Outcome.FOLLOW_UP
            and not data.get("follow_up_on")
            and "follow_up_on" not in self.errors
        ):
            self.add_error("follow_up_on", _("Enter the follow-up date"))
        return data

    def said(self) -> Said:
        data = self.cleaned_data
        signposted = data["outcome"] == Outcome.SIGNPOSTED
        return Said(
            outcome=data["outcome"],
            concerns=list(data.get("concerns") or []),
            note=data["note"],
            advice=data["advice"],
            actions=data["actions"],
            signposted_to=self.services.get(data.get("service") or "") if signposted else None,
            follow_up_on=data.get("follow_up_on"),
        )


class DutyForm(RecordForm):
    """A duty call, logged in under a minute: who called, their organisation, the worries,
    the outcome and a note (the service or follow-up date when the outcome asks for one)."""

    caller = forms.CharField(
        label=_("Who called"),
        help_text=_("Their name and role, for example, Jo Smith, health visitor"),
        max_length=CALLER_LIMIT,
        error_messages={
            "required": _("Enter who called"),
            "max_length": too_long(
                _("Enter who called in %(limit)s characters or fewer"), CALLER_LIMIT
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    organisation = forms.ChoiceField(
        label=_("Their organisation"),
        error_messages={
            "required": _("Choose the caller's organisation"),
            "invalid_choice": _("Choose an organisation from the list"),
        },
    )
    team = forms.ChoiceField(
        label=_("Your team"),
        error_messages={
            "required": _("Choose your team"),
            "invalid_choice": _("Choose one of your teams"),
        },
    )

    field_order = [
        "team",
        "caller",
        "organisation",
        "concerns",
        "outcome",
        "service",
        "follow_up_on",
        "note",
    ]

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, held_on=timezone.localdate(), **kwargs)
        del self.fields["advice"]
        del self.fields["actions"]
        self.organisations = {
            str(organisation.code): organisation
            for organisation in Organisation.objects.order_by("name")
        }
        chosen = self.fields["organisation"]
        assert isinstance(chosen, forms.ChoiceField)
        chosen.choices = [("", _("Choose an organisation"))] + [
            (code, organisation.name) for code, organisation in self.organisations.items()
        ]
        self.teams = {str(team.code): team for team in teams}
        if len(self.teams) == 1:
            del self.fields["team"]
        else:
            field = self.fields["team"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(code, team.name) for code, team in self.teams.items()]

    def clean_caller(self) -> str:
        caller = str(self.cleaned_data["caller"]).strip()
        if not caller:
            raise forms.ValidationError(_("Enter who called"))
        return caller

    def said(self) -> Said:
        self.cleaned_data.setdefault("advice", "")
        self.cleaned_data.setdefault("actions", "")
        return super().said()

    def chosen_team(self) -> Team:
        if len(self.teams) == 1:
            return next(iter(self.teams.values()))
        return self.teams[self.cleaned_data["team"]]

    def chosen_organisation(self) -> Organisation:
        return self.organisations[self.cleaned_data["organisation"]]


PERIODS = [
    ("28", _("The last 4 weeks")),
    ("91", _("The last 3 months")),
    ("365", _("The last 12 months")),
    ("all", _("All time")),
]
# The period the list covers when none is chosen: the select shows it, the list uses it.
DEFAULT_PERIOD = "91"
KINDS = [("", _("Booked and duty")), ("booked", _("Booked")), ("duty", _("Duty calls"))]


class RecordFilter(forms.Form):
    """The team's list of consultations: by outcome, kind and period."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Any outcome")), *Outcome.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose one of the outcomes")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=KINDS,
        required=False,
        error_messages={"invalid_choice": _("Choose booked, duty, or both")},
    )
    period = forms.ChoiceField(
        label=_("Period"),
        choices=PERIODS,
        required=False,
        initial=DEFAULT_PERIOD,
        error_messages={"invalid_choice": _("Choose one of the periods")},
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Filters given without a period use the default one, and the select says so.
        if data is not None and not data.get("period"):
            data = data.copy()
            data["period"] = DEFAULT_PERIOD
        super().__init__(data, *args, **kwargs)

    def chosen(self) -> tuple[str, str, date | None]:
        """The outcome, the kind and the first day of the period (None: all time)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        period = data.get("period") or DEFAULT_PERIOD
        since = None if period == "all" else timezone.localdate() - timedelta(days=int(period))
        return data.get("outcome") or "", data.get("kind") or "", since


class FeedbackFilter(RecordFilter):
    """The team's feedback: by kind (consultations, groups or both) and period."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            ("", _("Consultations and groups")),
            ("consultations", _("Consultations")),
            ("groups", _("Reflective practice groups")),
        ],
        required=False,
        error_messages={"invalid_choice": _("Choose consultations, groups, or both")},
    )


SCALE = [(str(n), str(n)) for n in range(1, 6)]


def _scale(label: Any, help_text: Any, missing: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": missing, "invalid_choice": _("Choose a number from 1 to 5")},
    )


# What to choose, by confidence item, before and after: each message names its topic, so
# that the six read apart in the error summary.
CONFIDENCE_MISSING = {
    "noticing": (
        _(
            "Choose how confident you were before in noticing difficulties in the "
            "relationship between a parent and their baby"
        ),
        _(
            "Choose how confident you are now in noticing difficulties in the relationship "
            "between a parent and their baby"
        ),
    ),
    "talking": (
        _("Choose how confident you were before in talking with parents about such difficulties"),
        _("Choose how confident you are now in talking with parents about such difficulties"),
    ),
    "referring": (
        _("Choose how confident you were before in knowing when and where to refer"),
        _("Choose how confident you are now in knowing when and where to refer"),
    ),
}


class FeedbackForm(LimitsExplained, forms.Form):
    """Usefulness, confidence before and after on the three items, the effect on wellbeing
    at work, and anything else."""

    usefulness = _scale(
        _("How useful was the consultation?"),
        _("1 is not useful at all, 5 is very useful"),
        _("Choose how useful the consultation was"),
    )
    wellbeing = forms.TypedChoiceField(
        label=_("What effect did it have on your own wellbeing at work?"),
        choices=[(str(value), label) for value, label in Wellbeing.choices],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the effect on your wellbeing at work"),
            "invalid_choice": _("Choose one of the answers"),
        },
    )
    comments = forms.CharField(
        label=_("Anything else you would like to tell us (optional)"),
        max_length=FEEDBACK_TEXT_LIMIT,
        required=False,
        error_messages={
            "max_length": too_long(
                _("Enter anything else you would like to tell us in %(limit)s characters or fewer"),
                FEEDBACK_TEXT_LIMIT,
            )
        },
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, group: bool = False, **kwargs: Any) -> None:
        """`group`: the questions ask about a reflective practice group session."""
        super().__init__(*args, **kwargs)
        if group:
            self.fields["usefulness"] = _scale(
                _("How useful was the group session?"),
                _("1 is not useful at all, 5 is very useful"),
                _("Choose how useful the group session was"),
            )
        before = (
            _("Before the group session, how confident were you in: %(item)s?")
            if group
            else _("Before the consultation, how confident were you in: %(item)s?")
        )
        fields: dict[str, forms.Field] = {"usefulness": self.fields.pop("usefulness")}
        for item, words in CONFIDENCE_ITEMS.items():
            fields[f"{item}_before"] = _scale(
                before % {"item": words},
                _("1 is not at all confident, 5 is very confident"),
                CONFIDENCE_MISSING[item][0],
            )
            fields[f"{item}_after"] = _scale(
                _("And now, after it: %(item)s?") % {"item": words},
                _("1 is not at all confident, 5 is very confident"),
                CONFIDENCE_MISSING[item][1],
            )
        fields.update(self.fields)
        self.fields = fields

    def clean_comments(self) -> str:
        return str(self.cleaned_data["comments"]).strip()

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            usefulness=data["usefulness"],
            before={item: data[f"{item}_before"] for item in CONFIDENCE_ITEMS},
            after={item: data[f"{item}_after"] for item in CONFIDENCE_ITEMS},
            wellbeing=data["wellbeing"],
            comments=data["comments"],
        )
