"""Forms of groups and call-back requests: one message per box, bounds on dates, numbers
and lengths, nothing cut short (LimitsExplained says the limits)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Permission
from littleminds.consultations.models_groups import (
    ABOUT_LIMIT,
    CALLBACK_LIMIT,
    CAPACITY_MAX,
    GROUP_LINK_LIMIT,
    GROUP_PLACE_LIMIT,
    OUTCOME_LIMIT,
    THEMES_LIMIT,
    TITLE_LIMIT,
    CallbackRequest,
)
from littleminds.consultations.services_groups import (
    AHEAD,
    CALLBACK_AHEAD,
    SESSIONS_LIMIT,
    Date,
)
from littleminds.core.dates import clock_time
from littleminds.core.forms import DatePartsField
from littleminds.core.validation import (
    LimitsExplained,
    PhoneNumberField,
    https_only,
    too_long,
)
from littleminds.directory.models import Ring

GROUP_LENGTHS = [("60", _("1 hour")), ("90", _("1 and a half hours")), ("120", _("2 hours"))]
WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
]


class SeriesForm(LimitsExplained, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.none(),
        empty_label=_("Choose a team"),
        error_messages={
            "required": _("Choose the team that runs the group"),
            "invalid_choice": _("Choose one of your teams"),
        },
    )
    title = forms.CharField(
        label=_("Name of the group"),
        max_length=TITLE_LIMIT,
        error_messages={
            "required": _("Enter the name of the group"),
            "max_length": too_long(
                _("Enter the name of the group in %(limit)s characters or fewer"), TITLE_LIMIT
            ),
        },
    )
    about = forms.CharField(
        label=_("What the group is about"),
        max_length=ABOUT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": too_long(
                _("Enter what the group is about in %(limit)s characters or fewer"), ABOUT_LIMIT
            )
        },
    )
    capacity = forms.IntegerField(
        label=_("Places at each session"),
        min_value=1,
        max_value=CAPACITY_MAX,
        error_messages={
            "required": _("Enter how many practitioners can come to each session"),
            "invalid": _("Enter the number of places in figures, like 12"),
            "min_value": _("A session has at least 1 place"),
            "max_value": _("A session has 40 places at most"),
        },
    )
    day = DatePartsField(
        label=_("Date of the first session"),
        help_text=_("For example, 14 1 2027"),
        noun=_("Date of the first session"),
        missing=_("Enter the date of the first session"),
    )
    at = forms.CharField(
        label=_("Start time"),
        help_text=_("On the 24-hour clock, for example 14:30"),
        max_length=5,
        error_messages={
            "required": _("Enter the time the sessions start"),
            "max_length": _("Enter the start time like 14:30"),
        },
    )
    minutes = forms.ChoiceField(
        label=_("Length"),
        choices=GROUP_LENGTHS,
        initial="90",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how long each session is"),
            "invalid_choice": _("Choose one of the lengths"),
        },
    )
    every = forms.IntegerField(
        label=_("Every how many weeks?"),
        initial=4,
        min_value=1,
        max_value=8,
        error_messages={
            "required": _("Enter how many weeks apart the sessions are"),
            "invalid": _("Enter the number of weeks in figures, like 4"),
            "min_value": _("Sessions are at least 1 week apart"),
            "max_value": _("Sessions are at most 8 weeks apart"),
        },
    )
    sessions = forms.IntegerField(
        label=_("How many sessions?"),
        initial=6,
        min_value=1,
        max_value=SESSIONS_LIMIT,
        error_messages={
            "required": _("Enter how many sessions the series has"),
            "invalid": _("Enter the number of sessions in figures, like 6"),
            "min_value": _("A series has at least 1 session"),
            "max_value": _("A series has 52 sessions at most"),
        },
    )
    place = forms.CharField(
        label=_("Place"),
        help_text=_("The building and room, and its address; or give a video link"),
        max_length=GROUP_PLACE_LIMIT,
        required=False,
        error_messages={
            "max_length": too_long(
                _("Enter the place in %(limit)s characters or fewer"), GROUP_PLACE_LIMIT
            )
        },
    )
    video_link = forms.CharField(
        label=_("Video call link"),
        help_text=_("Starting with https://"),
        max_length=GROUP_LINK_LIMIT,
        required=False,
        error_messages={
            "max_length": too_long(
                _("Enter a video call link of %(limit)s characters or fewer"), GROUP_LINK_LIMIT
            )
        },
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("For these organisations"),
        help_text=_("Leave empty, and choose no ring, for a group open to everyone"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose organisations from the list")},
    )
    rings = forms.MultipleChoiceField(
        label=_("For organisations in these rings of the system map"),
        choices=Ring.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose rings from the list")},
    )

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = by.teams_with(Permission.CONSULTATIONS_OFFER)
        # One team: nothing to choose, so no box to ask it.
        self.only_team = teams[0] if len(teams) == 1 else None
        if self.only_team is not None:
            del self.fields["team"]
        else:
            field = self.fields["team"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Team.objects.filter(pk__in=[t.pk for t in teams])

    def chosen_team(self) -> Team:
        return self.only_team or self.cleaned_data["team"]

    def clean_title(self) -> str:
        return str(self.cleaned_data["title"]).strip()

    def clean_at(self) -> time:
        found = clock_time(str(self.cleaned_data["at"]))
        if found is None:
            raise forms.ValidationError(_("Enter the start time like 14:30"))
        return found

    def clean_video_link(self) -> str:
        link = str(self.cleaned_data["video_link"]).strip()
        if link:
            try:
                forms.URLField(assume_scheme="https").clean(link)
                https_only(link)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Enter a video link starting with https://")
                ) from None
        return link

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("place", "").strip()
            and not data.get("video_link")
            and not ("place" in self.errors or "video_link" in self.errors)
        ):
            self.add_error("place", _("Enter the place, or a video link"))
        day = data.get("day")
        if day is not None and day < timezone.localdate():
            # Said at once, whatever else is wrong: every error shows together.
            self.add_error("day", _("The first session must be in the future"))
        elif day is not None and day > timezone.localdate() + AHEAD:
            self.add_error("day", _("The first session must be within a year from today"))
        if self.errors:
            return data
        first = timezone.make_aware(datetime.combine(data["day"], data["at"]))
        now = timezone.now()
        last = first + timedelta(weeks=data["every"] * (data["sessions"] - 1))
        if first <= now:
            self.add_error("day", _("The first session must be in the future"))
        elif last > now + AHEAD:
            self.add_error("sessions", _("The last session must be within a year from today"))
        return data

    def dates(self) -> list[Date]:
        data = self.cleaned_data
        first = timezone.make_aware(datetime.combine(data["day"], data["at"]))
        return [
            Date(
                starts_at=timezone.make_aware(
                    datetime.combine(data["day"] + timedelta(weeks=data["every"] * n), data["at"])
                )
                if n
                else first,
                minutes=int(data["minutes"]),
                place=data["place"].strip(),
                video_link=data["video_link"],
            )
            for n in range(data["sessions"])
        ]


class RecordForm(LimitsExplained, forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who came?"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people from the list")},
    )
    themes = forms.CharField(
        label=_("Themes talked about"),
        help_text=_("Themes of practice only: no names or details of families"),
        max_length=THEMES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Enter the themes talked about"),
            "max_length": too_long(
                _("Enter the themes talked about in %(limit)s characters or fewer"), THEMES_LIMIT
            ),
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attended"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices


class CallbackForm(LimitsExplained, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.all(),
        empty_label=_("Choose a team"),
        error_messages={
            "required": _("Choose the team to call you back"),
            "invalid_choice": _("Choose one of the teams"),
        },
    )
    phone = PhoneNumberField(
        label=_("Your phone number"),
        help_text=_("For example, 01632 960 001"),
        error_messages={
            "required": _("Enter the number to call you on, like 01632 960 001"),
            "max_length": _("Enter a phone number, like 01632 960 001"),
        },
    )
    earliest = DatePartsField(
        label=_("From"),
        help_text=_("The first day that suits you. For example, 14 1 2027"),
        noun=_("The first day"),
        missing=_("Enter the first day that suits you"),
    )
    latest = DatePartsField(
        label=_("To"),
        help_text=_("The last day that suits you, within three months"),
        noun=_("The last day"),
        missing=_("Enter the last day that suits you"),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Which days suit you?"),
        choices=WEEKDAYS,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one day of the week"),
            "invalid_choice": _("Choose days from the list"),
        },
    )
    parts_of_day = forms.MultipleChoiceField(
        label=_("Which times of day suit you?"),
        choices=CallbackRequest.PartOfDay.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose the morning, the afternoon or both"),
            "invalid_choice": _("Choose from the list"),
        },
    )
    about = forms.CharField(
        label=_("What would you like to talk about?"),
        help_text=_("No names of families are needed"),
        max_length=CALLBACK_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Enter what you would like to talk about"),
            "max_length": too_long(
                _("Enter what you would like to talk about in %(limit)s characters or fewer"),
                CALLBACK_LIMIT,
            ),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = list(Team.objects.all()[:2])
        # One team: nothing to choose, so no box to ask it.
        self.only_team = teams[0] if len(teams) == 1 else None
        if self.only_team is not None:
            del self.fields["team"]

    def chosen_team(self) -> Team:
        return self.only_team or self.cleaned_data["team"]

    def clean_about(self) -> str:
        return str(self.cleaned_data["about"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        earliest, latest = data.get("earliest"), data.get("latest")
        if earliest and earliest < today:
            self.add_error("earliest", _("The first day must be today or later"))
        elif earliest and earliest > today + CALLBACK_AHEAD:
            self.add_error("earliest", _("The first day must be within three months"))
        elif earliest and latest and latest < earliest:
            self.add_error("latest", _("The last day must be the same as or after the first"))
        elif latest and latest > today + CALLBACK_AHEAD:
            self.add_error("latest", _("The last day must be within three months"))
        return data


class DoneForm(LimitsExplained, forms.Form):
    outcome = forms.CharField(
        label=_("What happened?"),
        help_text=_("For example, called back and booked a consultation"),
        max_length=OUTCOME_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Enter what happened"),
            "max_length": too_long(
                _("Enter what happened in %(limit)s characters or fewer"), OUTCOME_LIMIT
            ),
        },
    )

    def clean_outcome(self) -> str:
        text = str(self.cleaned_data["outcome"]).strip()
        if not text:
            raise forms.ValidationError(_("Enter what happened"))
        return text
