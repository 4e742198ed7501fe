"""Forms of consultations: publishing slots, booking (what to discuss, and the family's
details only when the family agrees), moving and cancelling. Every box has its own message
(the NHS error summary), bounds on dates and lengths, and nothing is cut short."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.consultations import selectors, services
from littleminds.consultations.models import (
    LINK_LIMIT,
    NAME_LIMIT,
    NOTE_LIMIT,
    PLACE_LIMIT,
    REASON_LIMIT,
    Booking,
    Slot,
)
from littleminds.core.dates import clock_time
from littleminds.core.forms import DatePartsField, PostcodeField
from littleminds.core.postcodes import Postcode
from littleminds.core.validation import (
    LimitsExplained,
    PhoneNumberField,
    https_only,
    too_long,
)
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.pathway.validation import birth_date_problem, delivery_date_problem
from littleminds.referrals.eligibility import age_problem

TAKEN = _("This slot has just been taken; choose another")
NEEDS_PHONE = _("Enter the number the clinician should call, like 01632 960 001")
CLOCK = _("Enter the time on the 24-hour clock, like 14:30")


def phone_field() -> PhoneNumberField:
    return PhoneNumberField(
        label=_("Your phone number (for a consultation by phone)"),
        help_text=_("The clinician calls you on it. For example, 01632 960 001"),
        required=False,
        error_messages={"max_length": _("Enter a phone number, like 01632 960 001")},
    )


LENGTH_CHOICES = [(str(m), _("%(minutes)s minutes") % {"minutes": m}) for m in services.LENGTHS]
BORN_CHOICES = [("born", _("Yes")), ("unborn", _("No, the family is expecting the baby"))]


def when(slot: Slot) -> str:
    """A slot's day and times in words: "Tuesday 8 December 2026, 10:00 to 10:45"."""
    start = timezone.localtime(slot.starts_at)
    end = timezone.localtime(slot.ends_at)
    return gettext("%(day)s, %(start)s to %(end)s") % {
        "day": formats.date_format(start, "l j F Y"),
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
    }


def slot_words(slot: Slot) -> str:
    """A free slot as the booking form offers it."""
    return gettext("%(when)s: %(mode)s with %(clinician)s, %(team)s") % {
        "when": when(slot),
        "mode": slot.get_mode_display(),
        "clinician": slot.clinician.full_name,
        "team": slot.team.name,
    }


class SlotForm(LimitsExplained, forms.Form):
    """One slot, or one a week for a period, of a clinician's time."""

    whose = forms.ChoiceField(
        label=_("Whose time is it?"),
        error_messages={
            "required": _("Choose the clinician whose time it is"),
            "invalid_choice": _("Choose a clinician of your team"),
        },
    )
    day = DatePartsField(
        label=_("Date"),
        help_text=_("Of the first slot, if it repeats. For example, 14 1 2027"),
        noun=_("Date"),
        missing=_("Enter the date of the slot"),
    )
    at = forms.CharField(
        label=_("Start time"),
        help_text=_("On the 24-hour clock, for example 14:30. A slot ends by midnight."),
        max_length=5,
        error_messages={"required": _("Enter the time the slot starts"), "max_length": CLOCK},
    )
    minutes = forms.ChoiceField(
        label=_("Length"),
        choices=LENGTH_CHOICES,
        initial="45",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how long the slot is"),
            "invalid_choice": _("Choose one of the lengths"),
        },
    )
    mode = forms.ChoiceField(
        label=_("How does the consultation happen?"),
        choices=Slot.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the consultation happens"),
            "invalid_choice": _("Choose phone, video or in person"),
        },
    )
    video_link = forms.CharField(
        label=_("Video call link (for a video call)"),
        help_text=_("The link the practitioner opens, starting with https://"),
        max_length=LINK_LIMIT,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "max_length": too_long(
                _("Enter a video call link of %(limit)s characters or fewer"), LINK_LIMIT
            )
        },
    )
    place = forms.CharField(
        label=_("Place (in person)"),
        help_text=_("The building and room, and its address"),
        max_length=PLACE_LIMIT,
        required=False,
        error_messages={
            "max_length": too_long(
                _("Enter the place in %(limit)s characters or fewer"), PLACE_LIMIT
            )
        },
    )
    weeks = forms.IntegerField(
        label=_("For how many weeks?"),
        help_text=_(
            "1 offers this one slot. More offers the same time every week, up to 52 weeks."
        ),
        initial=1,
        min_value=1,
        max_value=services.SERIES_LIMIT,
        error_messages={
            "required": _("Enter for how many weeks to offer the slot; 1 for this one only"),
            "invalid": _("Enter the number of weeks in figures, like 6"),
            "min_value": _("The number of weeks must be between 1 and 52"),
            "max_value": _("A weekly series can run for 52 weeks at most"),
        },
    )

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by = by
        self.people: dict[str, tuple[Team, User]] = {}
        teams = by.teams_with(Permission.CONSULTATIONS_OFFER)
        for team in teams:
            for person in selectors.team_offerers(team):
                self.people[f"{team.code}:{person.code}"] = (team, person)
        several_teams = len(teams) > 1
        whose = self.fields["whose"]
        assert isinstance(whose, forms.ChoiceField)
        whose.choices = [
            (key, f"{person.full_name} ({team.name})" if several_teams else person.full_name)
            for key, (team, person) in self.people.items()
        ]
        mine = [key for key, (_team, person) in self.people.items() if person.pk == by.pk]
        whose.initial = mine[0] if mine else None
        self.fields["at"].widget.attrs.update(
            {"class": "nhsuk-input--width-5", "inputmode": "numeric"}
        )
        self.fields["weeks"].widget.attrs.update({"class": "nhsuk-input--width-3"})

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("The date must be today or in the future"), code="past")
        if day > today + services.AHEAD:
            raise forms.ValidationError(_("The date must be within a year from today"), code="far")
        return day

    def clean_at(self) -> time:
        found = clock_time(str(self.cleaned_data["at"]))
        if found is None:
            raise forms.ValidationError(
                _("Enter the time on the 24-hour clock, like 14:30"), code="invalid"
            )
        return found

    def clean_video_link(self) -> str:
        link = str(self.cleaned_data["video_link"]).strip()
        https_only(link)
        return link

    def clean_place(self) -> str:
        return str(self.cleaned_data["place"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("mode")
        if (
            mode == Slot.Mode.VIDEO
            and not data.get("video_link")
            and "video_link" not in (self.errors)
        ):
            self.add_error("video_link", _("Enter the link of the video call"))
        if mode == Slot.Mode.IN_PERSON and not data.get("place") and "place" not in self.errors:
            self.add_error("place", _("Enter the place where you meet"))
        day, at, weeks = data.get("day"), data.get("at"), data.get("weeks")
        minutes = int(data.get("minutes") or 0)
        # A slot crossing midnight would sit on two days of the team's week: it is refused.
        if at is not None and at.hour * 60 + at.minute + minutes > 24 * 60:
            self.add_error("at", _("A slot must end by midnight: choose an earlier time"))
            return data
        if day is None or at is None or weeks is None or not data.get("whose"):
            return data
        starts = services.occurrences(starts_on=day, at=at, weeks=weeks)
        if starts[0] <= timezone.now():
            self.add_error("at", _("The slot must start later than now"))
            return data
        if starts[-1] > timezone.now() + services.AHEAD:
            self.add_error(
                "weeks",
                gettext(
                    "The last slot would be on %(day)s, more than a year from today: offer "
                    "fewer weeks"
                )
                % {"day": formats.date_format(starts[-1], "j F Y")},
            )
            return data
        _team, person = self.people[data["whose"]]
        clash = services.clashes(clinician=person, starts=starts, minutes=minutes)
        if clash:
            self.add_error(
                "at",
                gettext(
                    "%(name)s already offers a slot at this time on %(day)s: choose another "
                    "time, or withdraw that slot first"
                )
                % {
                    "name": person.full_name,
                    "day": formats.date_format(timezone.localtime(clash[0]), "j F Y"),
                },
            )
        return data

    def chosen(self) -> tuple[Team, User]:
        return self.people[self.cleaned_data["whose"]]


class SlotChoice(forms.ChoiceField):
    """A free slot, by its code. A slot taken since the page was drawn is no longer among
    the choices: the same words as when two press "book" at once."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            {"required": _("Choose a slot"), "invalid_choice": TAKEN},
        )
        super().__init__(widget=forms.RadioSelect, **kwargs)


class BookingForm(LimitsExplained, forms.Form):
    """A booking: which slot, what to discuss (the navigator's worries and a note), and the
    family's details only when the family agrees to share them."""

    slot = SlotChoice(label=_("Choose a time"))
    concerns = forms.MultipleChoiceField(
        label=_("What would you like to talk about?"),
        help_text=_("Select all that apply."),
        choices=list(CONCERN_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Select the worries from the list")},
    )
    phone = phone_field()
    note = forms.CharField(
        label=_("Anything else the clinician should know beforehand (optional)"),
        help_text=_("No names are needed: a case consultation can be about a family unnamed."),
        max_length=NOTE_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "max_length": too_long(
                _("Enter what the clinician should know in %(limit)s characters or fewer"),
                NOTE_LIMIT,
            )
        },
    )
    share = forms.BooleanField(
        label=_("The family agrees to share their details with the team"),
        help_text=_(
            "Only if you have asked them. Their details let the consultation become a "
            "referral later without asking again."
        ),
        required=False,
    )
    parent_name = forms.CharField(
        label=_("Parent or carer's full name"),
        max_length=NAME_LIMIT,
        required=False,
        error_messages={
            "max_length": too_long(
                _("Enter the parent or carer's name in %(limit)s characters or fewer"),
                NAME_LIMIT,
            )
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    baby_name = forms.CharField(
        label=_("Baby's name (optional)"),
        max_length=NAME_LIMIT,
        required=False,
        error_messages={
            "max_length": too_long(
                _("Enter the baby's name in %(limit)s characters or fewer"), NAME_LIMIT
            )
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    born = forms.ChoiceField(
        label=_("Has the baby been born?"),
        choices=BORN_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    child_date_of_birth = DatePartsField(
        label=_("Baby's date of birth"),
        help_text=_("If the baby has been born. For example, 27 3 2026"),
        noun=_("Date of birth"),
        missing=_("Enter the baby's date of birth"),
        required=False,
    )
    expected_delivery_date = DatePartsField(
        label=_("Date the baby is due"),
        help_text=_("If the family is expecting the baby. For example, 15 3 2027"),
        noun=_("Due date"),
        missing=_("Enter the date the baby is due"),
        required=False,
    )
    postcode = PostcodeField(label=_("Family's home postcode"), required=False)

    FAMILY = ("parent_name", "baby_name", "born", "child_date_of_birth", "expected_delivery_date")

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {str(slot.code): slot for slot in slots}
        field = self.fields["slot"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, slot_words(slot)) for code, slot in self.slots.items()]

    def clean_note(self) -> str:
        return str(self.cleaned_data["note"]).strip()

    def clean_parent_name(self) -> str:
        return str(self.cleaned_data["parent_name"]).strip()

    def clean_baby_name(self) -> str:
        return str(self.cleaned_data["baby_name"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = self.slots.get(str(data.get("slot") or ""))
        if (
            chosen is not None
            and chosen.mode == Slot.Mode.PHONE
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", NEEDS_PHONE)
        if not data.get("share"):
            return data
        today = timezone.localdate()
        if not data.get("parent_name") and "parent_name" not in self.errors:
            self.add_error("parent_name", _("Enter the parent or carer's full name"))
        born = data.get("born")
        if not born:
            self.add_error("born", _("Select whether the baby has been born"))
        elif born == "born" and "child_date_of_birth" not in self.errors:
            dob = data.get("child_date_of_birth")
            # The referral forms' bounds and words: not in the future, and a baby the
            # service works with (under two), since the booking may become a referral.
            problem = (
                (birth_date_problem(dob, today) or age_problem(dob, today))
                if dob
                else gettext("Enter the baby's date of birth")
            )
            if problem:
                self.add_error("child_date_of_birth", problem)
        elif born == "unborn" and "expected_delivery_date" not in self.errors:
            due = data.get("expected_delivery_date")
            problem = (
                delivery_date_problem(due, today)
                if due
                else gettext("Enter the date the baby is due")
            )
            if problem:
                self.add_error("expected_delivery_date", problem)
        if not data.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", _("Enter the family's home postcode"))
        return data

    def chosen_slot(self) -> Slot:
        return self.slots[self.cleaned_data["slot"]]

    def family(self) -> services.Family | None:
        data = self.cleaned_data
        if not data.get("share"):
            return None
        postcode: Postcode | None = data.get("postcode")
        unborn = data.get("born") == "unborn"
        return services.Family(
            parent_name=data["parent_name"],
            baby_name=data["baby_name"],
            unborn=unborn,
            child_date_of_birth=None if unborn else data.get("child_date_of_birth"),
            expected_delivery_date=data.get("expected_delivery_date") if unborn else None,
            postcode=str(postcode) if postcode else "",
        )


class MoveForm(LimitsExplained, forms.Form):
    slot = SlotChoice(label=_("Choose the new time"))
    phone = phone_field()

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {str(slot.code): slot for slot in slots}
        field = self.fields["slot"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, slot_words(slot)) for code, slot in self.slots.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = self.slots.get(str(data.get("slot") or ""))
        if (
            chosen is not None
            and chosen.mode == Slot.Mode.PHONE
            and not data.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error("phone", NEEDS_PHONE)
        return data

    def chosen_slot(self) -> Slot:
        return self.slots[self.cleaned_data["slot"]]


class CancelForm(LimitsExplained, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why is it cancelled?"),
        choices=Booking.CancelReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose why the consultation is cancelled"),
            "invalid_choice": _("Choose one of the reasons"),
        },
    )
    other = forms.CharField(
        label=_("The other reason"),
        help_text=_("If you chose another reason"),
        max_length=REASON_LIMIT,
        required=False,
        error_messages={
            "max_length": too_long(
                _("Enter the other reason in %(limit)s characters or fewer"), REASON_LIMIT
            )
        },
    )

    def clean_other(self) -> str:
        return str(self.cleaned_data["other"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("reason") == Booking.CancelReason.OTHER
            and not data.get("other")
            and "other" not in self.errors
        ):
            self.add_error("other", _("Enter the other reason"))
        return data


class FreeSlotFilter(forms.Form):
    """The free-slot list's filters: how, and from which day (four weeks shown)."""

    mode = forms.ChoiceField(
        label=_("How"),
        choices=[("", _("Any way")), *Slot.Mode.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose phone, video, in person or any way")},
    )
    start = DatePartsField(
        label=_("From"),
        help_text=_("Slots for four weeks from this day. For example, 4 1 2027"),
        noun=_("The date"),
        missing=_("Enter a date"),
        required=False,
    )

    def clean_start(self) -> date | None:
        start: date | None = self.cleaned_data["start"]
        today = timezone.localdate()
        if start is not None and not today <= start <= today + services.AHEAD:
            raise forms.ValidationError(_("The date must be from today to a year ahead"))
        return start

    def window(self) -> tuple[date, date, str]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        start = data.get("start") or today
        return start, start + timedelta(days=27), data.get("mode") or ""
