"""The staff's forms for campaigns, events and reach. Every field has bounds, every message
says what to do, and bad input changes nothing."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation
from littleminds.community.languages import Language
from littleminds.community.models import (
    ADDRESS_LIMIT,
    DESCRIPTION_LIMIT,
    HOW_TO_COME_LIMIT,
    LINK_LIMIT,
    MESSAGES_LIMIT,
    NOTE_LIMIT,
    PLACES_MAX,
    REACH_MAX,
    TITLE_LIMIT,
    VENUE_LIMIT,
    VIEWS_MAX,
    Campaign,
    Channel,
    Event,
    Reach,
    tokens,
)
from littleminds.community.services_booking import places_booked_message
from littleminds.core.dates import clock_time
from littleminds.core.forms import DatePartsField
from littleminds.core.postcodes import InvalidPostcode, parse_postcode
from littleminds.core.validation import LimitsExplained, https_only

IN_PERSON = "in_person"
ONLINE = "online"


def _numeric(**attrs: Any) -> forms.TextInput:
    """A number box people on a phone fill with the number pad."""
    return forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "class": "nhsuk-input--width-5",
            "autocomplete": "off",
            **attrs,
        }
    )


def _bounded(value: int | None, high: int, message: Any) -> int | None:
    if value is not None and not (0 <= value <= high):
        raise forms.ValidationError(message % {"high": f"{high:,}"})
    return value


# Campaigns -----------------------------------------------------------------------------


class CampaignForm(LimitsExplained, forms.Form):
    theme = forms.CharField(
        label=_("Theme"),
        max_length=TITLE_LIMIT,
        help_text=_("For example, babies have feelings too"),
        error_messages={"required": _("Enter the campaign's theme")},
    )
    key_messages = forms.CharField(
        label=_("Key messages"),
        max_length=MESSAGES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter the campaign's key messages")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one language of the campaign"),
            "invalid_choice": _("Choose the languages from the list"),
        },
    )
    channels = forms.MultipleChoiceField(
        label=_("Channels"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one channel of the campaign"),
            "invalid_choice": _("Choose the channels from the list"),
        },
    )
    starts = DatePartsField(
        label=_("Start date"),
        help_text=_("For example, 14 1 2027"),
        noun=_("The start date"),
        missing=_("Enter the campaign's start date"),
    )
    ends = DatePartsField(
        label=_("End date"),
        help_text=_("For example, 31 12 2027"),
        noun=_("The end date"),
        missing=_("Enter the campaign's end date"),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations (optional)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose the partner organisations from the list"),
            "invalid_pk_value": _("Choose the partner organisations from the list"),
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends < starts:
            self.add_error("ends", _("The end date must be the same as or after the start date"))
        return data

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["languages"] = tokens(data["languages"])
        data["channels"] = tokens(data["channels"])
        data["partners"] = list(data["partners"])
        return data

    @staticmethod
    def initial_of(campaign: Campaign) -> dict[str, Any]:
        return {
            "theme": campaign.theme,
            "key_messages": campaign.key_messages,
            "languages": campaign.language_list,
            "channels": campaign.channel_list,
            "starts": campaign.starts,
            "ends": campaign.ends,
            "partners": [o.code for o in campaign.partners.all()],
        }


# Events --------------------------------------------------------------------------------


class EventForm(LimitsExplained, forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=Event.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of event"),
            "invalid_choice": _("Choose the kind of event from the list"),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_LIMIT,
        error_messages={"required": _("Enter the event's title")},
    )
    description = forms.CharField(
        label=_("What happens there"),
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In plain words, for families"),
        error_messages={"required": _("Enter what happens at the event")},
    )
    day = DatePartsField(
        label=_("Day"),
        help_text=_("For example, 14 1 2027"),
        noun=_("The day"),
        missing=_("Enter the day of the event"),
    )
    starts = forms.CharField(
        label=_("Start time"),
        max_length=5,
        help_text=_("On the 24-hour clock, for example 10:00"),
        error_messages={"required": _("Enter the start time")},
    )
    ends = forms.CharField(
        label=_("End time"),
        max_length=5,
        help_text=_("On the 24-hour clock, for example 12:00"),
        error_messages={"required": _("Enter the end time")},
    )
    where = forms.ChoiceField(
        label=_("Where is it?"),
        choices=[(IN_PERSON, _("At a venue")), (ONLINE, _("Online"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether the event is at a venue or online"),
            "invalid_choice": _("Choose whether the event is at a venue or online"),
        },
    )
    venue = forms.CharField(
        label=_("Venue (for an event at a venue)"),
        max_length=VENUE_LIMIT,
        required=False,
        help_text=_("For example, Barkerend Family Hub"),
    )
    address = forms.CharField(
        label=_("Address (for an event at a venue)"),
        max_length=ADDRESS_LIMIT,
        required=False,
    )
    postcode = forms.CharField(
        label=_("Postcode (for an event at a venue)"),
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "autocomplete": "off"}),
    )
    link = forms.URLField(
        label=_("Joining link (for an event online)"),
        max_length=LINK_LIMIT,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address that starts with https://")},
    )
    how_to_come = forms.CharField(
        label=_("How to come (optional)"),
        max_length=HOW_TO_COME_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Buses, parking, step-free access, whether to bring the baby"),
    )
    audience = forms.MultipleChoiceField(
        label=_("Who is it for?"),
        choices=Event.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one group the event is for"),
            "invalid_choice": _("Choose who the event is for from the list"),
        },
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Choose a language")), *Language.choices],
        error_messages={
            "required": _("Choose the event's language"),
            "invalid_choice": _("Choose the event's language from the list"),
        },
    )
    interpreter = forms.ChoiceField(
        label=_("Interpreter"),
        choices=[("", _("No interpreter")), *Language.choices],
        required=False,
        help_text=_("The language an interpreter at the event speaks"),
        error_messages={"invalid_choice": _("Choose the interpreter's language from the list")},
    )
    partner = forms.ModelChoiceField(
        label=_("Partner running it with the service (optional)"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("No partner"),
        error_messages={"invalid_choice": _("Choose a partner organisation from the list")},
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign (optional)"),
        queryset=Campaign.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("No campaign"),
        error_messages={"invalid_choice": _("Choose one of your team's campaigns")},
    )
    booking = forms.BooleanField(label=_("Families book places"), required=False)
    places = forms.IntegerField(
        label=_("Number of places (when families book)"),
        required=False,
        widget=_numeric(),
        error_messages={"invalid": _("Enter the number of places as a whole number, like 20")},
    )

    def __init__(
        self, *args: Any, campaigns: Any, creating: bool, booked: int = 0, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.creating = creating
        # The places families hold already: the places cannot go below them.
        self.booked = booked
        campaign = self.fields["campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        campaign.queryset = campaigns

    def clean_postcode(self) -> str:
        text = (self.cleaned_data.get("postcode") or "").strip()
        if not text:
            return ""
        try:
            return str(parse_postcode(text))
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from None

    def clean_link(self) -> str:
        link = self.cleaned_data.get("link") or ""
        # Only a well-formed address is checked for https, so a bad one has one message.
        try:
            https_only(link)
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from None
        return link

    def clean_places(self) -> int | None:
        places = self.cleaned_data.get("places")
        if places is not None and not (1 <= places <= PLACES_MAX):
            raise forms.ValidationError(
                _("The number of places must be between 1 and %(high)s") % {"high": PLACES_MAX}
            )
        return places

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day: date | None = data.get("day")
        if day and self.creating and day < timezone.localdate():
            self.add_error("day", _("The day must be today or later"))
        starts = ends = None
        if data.get("starts"):
            starts = clock_time(data["starts"])
            if starts is None:
                self.add_error("starts", _("Enter the start time on the 24-hour clock, like 10:00"))
        if data.get("ends"):
            ends = clock_time(data["ends"])
            if ends is None:
                self.add_error("ends", _("Enter the end time on the 24-hour clock, like 12:00"))
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end time must be after the start time"))
        if day and starts and ends and ends > starts:
            data["starts_at"] = _moment(day, starts)
            data["ends_at"] = _moment(day, ends)
        where = data.get("where")
        if where == IN_PERSON:
            if not data.get("venue"):
                self.add_error("venue", _("Enter the venue of an event at a venue"))
            if not data.get("postcode") and "postcode" not in self.errors:
                self.add_error("postcode", _("Enter the postcode of an event at a venue"))
        if where == ONLINE and not data.get("link") and "link" not in self.errors:
            self.add_error("link", _("Enter the joining link of an event online"))
        if data.get("booking") and data.get("places") is None and "places" not in self.errors:
            self.add_error("places", _("Enter how many places families can book"))
        if not data.get("booking") and data.get("places") is not None:
            self.add_error(
                "places", _("Tick 'Families book places', or leave the number of places empty")
            )
        if self.booked and not data.get("booking") and "booking" not in self.errors:
            self.add_error("booking", _("Cancel the bookings first, or cancel the event"))
        places = data.get("places")
        if self.booked and data.get("booking") and places is not None and places < self.booked:
            self.add_error("places", places_booked_message(self.booked))
        language, interpreter = data.get("language"), data.get("interpreter")
        if language and interpreter and language == interpreter:
            self.add_error(
                "interpreter",
                _(
                    "The interpreter must speak another language than the event's, "
                    "or choose no interpreter"
                ),
            )
        return data

    def fields_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        online = data["where"] == ONLINE
        return {
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "online": online,
            "venue": "" if online else data["venue"],
            "address": "" if online else data["address"],
            "postcode": "" if online else data["postcode"],
            "link": data["link"],
            "how_to_come": data["how_to_come"],
            "audience": tokens(data["audience"]),
            "language": data["language"],
            "interpreter": data["interpreter"],
            "partner": data["partner"],
            "campaign": data["campaign"],
            "booking": bool(data["booking"]),
            "places": data["places"] if data["booking"] else None,
        }

    @staticmethod
    def initial_of(event: Event) -> dict[str, Any]:
        starts = timezone.localtime(event.starts_at)
        ends = timezone.localtime(event.ends_at)
        return {
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "day": starts.date(),
            "starts": f"{starts:%H:%M}",
            "ends": f"{ends:%H:%M}",
            "where": ONLINE if event.online else IN_PERSON,
            "venue": event.venue,
            "address": event.address,
            "postcode": event.postcode,
            "link": event.link,
            "how_to_come": event.how_to_come,
            "audience": event.audience_list,
            "language": event.language,
            "interpreter": event.interpreter,
            "partner": event.partner.code if event.partner else None,
            "campaign": event.campaign.code if event.campaign else None,
            "booking": event.booking,
            "places": event.places,
        }


def _moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


WHEN_CHOICES = [("coming", _("Coming")), ("past", _("Past")), ("all", _("All"))]
STATUS_CHOICES = [
    ("", _("Any")),
    ("draft", _("Drafts")),
    ("published", _("Published")),
    ("no_reach", _("Waiting for their reach")),
]


class EventFilterForm(forms.Form):
    """The events list's filters (GET). A bad value is reported, and no filter applied."""

    when = forms.ChoiceField(
        label=_("When"),
        choices=WHEN_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose coming, past or all events")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[("", _("Any kind")), *Event.Kind.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a kind of event from the list")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=STATUS_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose a status from the list")},
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Any campaign"),
        error_messages={"invalid_choice": _("Choose one of your team's campaigns")},
    )

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        campaign = self.fields["campaign"]
        assert isinstance(campaign, forms.ModelChoiceField)
        campaign.queryset = campaigns


# Reach ---------------------------------------------------------------------------------


def material_field(language: str) -> str:
    return f"materials_{language}"


class ReachForm(LimitsExplained, forms.Form):
    """What one event or campaign activity reached: quick to fill in on a phone."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the channel of the activity"),
            "invalid_choice": _("Choose the channel from the list"),
        },
    )
    day = DatePartsField(
        label=_("Day"),
        help_text=_("For example, 14 1 2027"),
        noun=_("The day"),
        missing=_("Enter the day of the activity"),
    )
    adults = forms.IntegerField(
        label=_("Adults reached"),
        widget=_numeric(),
        error_messages={
            "required": _("Enter the number of adults reached, or 0"),
            "invalid": _("Enter the number of adults as a whole number, like 12"),
        },
    )
    babies = forms.IntegerField(
        label=_("Babies reached"),
        widget=_numeric(),
        error_messages={
            "required": _("Enter the number of babies reached, or 0"),
            "invalid": _("Enter the number of babies as a whole number, like 5"),
        },
    )
    postcode_district = forms.CharField(
        label=_("Postcode district (optional)"),
        max_length=8,
        required=False,
        help_text=_("The first part of the postcode, like BD3"),
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-5", "autocomplete": "off"}),
    )
    online_views = forms.IntegerField(
        label=_("Online views (optional)"),
        required=False,
        widget=_numeric(),
        error_messages={"invalid": _("Enter the online views as a whole number, like 250")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, event: Event | None, campaign: Campaign | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        if event is not None:
            del self.fields["channel"]
        first: list[str] = []
        if event is not None:
            first += [event.language, event.interpreter]
        if campaign is not None:
            first += campaign.language_list
        known = [code for code, _label in Language.choices]
        self.main_languages = [c for c in dict.fromkeys(first) if c in known]
        self.other_languages = [c for c in known if c not in self.main_languages]
        names = dict(Language.choices)
        for code in [*self.main_languages, *self.other_languages]:
            self.fields[material_field(code)] = forms.IntegerField(
                label=_("Materials given out in %(language)s (optional)")
                % {"language": names[code]},
                required=False,
                widget=_numeric(),
                error_messages={
                    "invalid": _(
                        "Enter the materials given out in %(language)s as a whole number, like 10"
                    )
                    % {"language": names[code]}
                },
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[material_field(c)] for c in self.main_languages]

    def other_fields(self) -> list[forms.BoundField]:
        return [self[material_field(c)] for c in self.other_languages]

    def other_has_values(self) -> bool:
        return any(self[material_field(c)].value() not in (None, "") for c in self.other_languages)

    def clean_day(self) -> date | None:
        day = self.cleaned_data.get("day")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The day must be today or earlier"))
        if day and self.event is not None:
            first = timezone.localtime(self.event.starts_at).date()
            if day < first:
                raise forms.ValidationError(
                    _("The day must be on or after the day of the event, %(day)s")
                    % {"day": formats.date_format(first, "j F Y")}
                )
        return day

    def clean_adults(self) -> int | None:
        return _bounded(
            self.cleaned_data.get("adults"),
            REACH_MAX,
            _("The number of adults must be between 0 and %(high)s"),
        )

    def clean_babies(self) -> int | None:
        return _bounded(
            self.cleaned_data.get("babies"),
            REACH_MAX,
            _("The number of babies must be between 0 and %(high)s"),
        )

    def clean_online_views(self) -> int | None:
        return _bounded(
            self.cleaned_data.get("online_views"),
            VIEWS_MAX,
            _("The online views must be between 0 and %(high)s"),
        )

    def clean_postcode_district(self) -> str:
        text = (self.cleaned_data.get("postcode_district") or "").strip()
        if not text:
            return ""
        try:
            return parse_postcode(text, allow_district=True).district
        except InvalidPostcode:
            raise forms.ValidationError(
                _("Enter a postcode district, like BD3, or a full postcode, like BD3 9AA")
            ) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = dict(Language.choices)
        for code in [*self.main_languages, *self.other_languages]:
            name = material_field(code)
            count = data.get(name)
            if count is not None and not (0 <= count <= REACH_MAX):
                self.add_error(
                    name,
                    _("The materials given out in %(language)s must be between 0 and %(high)s")
                    % {"language": names[code], "high": f"{REACH_MAX:,}"},
                )
        return data

    def materials(self) -> dict[str, int]:
        found = {}
        for code in [*self.main_languages, *self.other_languages]:
            count = self.cleaned_data.get(material_field(code))
            if count:
                found[code] = count
        return found

    def fields_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            "day": data["day"],
            "adults": data["adults"],
            "babies": data["babies"],
            "postcode_district": data["postcode_district"],
            "online_views": data["online_views"],
            "note": data["note"],
            "materials": self.materials(),
        }
        if self.event is None:
            fields["channel"] = data["channel"]
        return fields

    @staticmethod
    def initial_for_event(event: Event) -> dict[str, Any]:
        return {
            "day": timezone.localtime(event.starts_at).date(),
            "postcode_district": event.postcode_district,
        }

    @staticmethod
    def initial_of(reach: Reach) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "channel": reach.channel,
            "day": reach.day,
            "adults": reach.adults,
            "babies": reach.babies,
            "postcode_district": reach.postcode_district,
            "online_views": reach.online_views,
            "note": reach.note,
        }
        for material in reach.materials.all():
            initial[material_field(material.language)] = material.count
        return initial
