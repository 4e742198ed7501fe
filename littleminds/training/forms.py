"""The training forms: the finder's filters (GET), a course, a session and its cancelling.
Every message is specific and in plain words; bad input changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.core.dates import clock_time
from littleminds.core.forms import DatePartsField, PlainSelect
from littleminds.core.validation import LimitsExplained, https_only
from littleminds.training import services
from littleminds.training.models import (
    CAPACITY_MAX,
    CAPACITY_MIN,
    HOURS_MAX,
    HOURS_MIN,
    LINK_LIMIT,
    OUTCOMES_LIMIT,
    PLACE_LIMIT,
    REASON_LIMIT,
    SUMMARY_LIMIT,
    TITLE_LIMIT,
    Course,
    audience_choices,
)

PARTS = 3  # parts a session form offers; a course may need several days
REQUIRED_PARTS_MAX = 20  # parts a course may ask people to attend


class FinderForm(forms.Form):
    """The public finder's filters. Any bad value is reported, and no filter is applied."""

    tier = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Tier"),
        required=False,
        error_messages={"invalid_choice": _("Choose a tier from the list")},
    )
    audience = forms.ChoiceField(
        widget=PlainSelect,
        label=_("Who it is for"),
        required=False,
        error_messages={"invalid_choice": _("Choose who the course is for from the list")},
    )
    delivery = forms.ChoiceField(
        widget=PlainSelect,
        label=_("How it is given"),
        required=False,
        error_messages={"invalid_choice": _("Choose how the course is given from the list")},
    )
    start = DatePartsField(
        label=_("First date (optional)"),
        help_text=_("For example, 14 1 2027"),
        noun=_("The first date"),
        missing=_("Enter the first date"),
        required=False,
    )
    end = DatePartsField(
        label=_("Last date (optional)"),
        help_text=_("For example, 31 3 2027"),
        noun=_("The last date"),
        missing=_("Enter the last date"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tier_field = self.fields["tier"]
        audience_field = self.fields["audience"]
        delivery_field = self.fields["delivery"]
        assert isinstance(tier_field, forms.ChoiceField)
        assert isinstance(audience_field, forms.ChoiceField)
        assert isinstance(delivery_field, forms.ChoiceField)
        tier_field.choices = [("", _("All tiers")), *Course.Tier.choices]
        audience_field.choices = [("", _("Everyone")), *audience_choices()]
        delivery_field.choices = [("", _("In any way")), *Course.Delivery.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last date must be the same as or after the first"))
        return data


class CourseForm(LimitsExplained, forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_LIMIT,
        error_messages={"required": _("Enter the course's title")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter a summary of the course")},
    )
    outcomes = forms.CharField(
        label=_("Learning outcomes"),
        max_length=OUTCOMES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter what people will learn")},
    )
    tier = forms.ChoiceField(
        label=_("Tier"),
        choices=Course.Tier.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the course's tier"),
            "invalid_choice": _("Choose a tier from the list"),
        },
    )
    audience = forms.MultipleChoiceField(
        label=_("Who is it for?"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one group the course is for"),
            "invalid_choice": _("Choose who the course is for from the list"),
        },
    )
    hours = forms.DecimalField(
        label=_("Length in hours"),
        decimal_places=1,
        max_digits=5,
        error_messages={
            "required": _("Enter the course's length in hours"),
            "invalid": _("Enter the length in hours as a number, like 3 or 1.5"),
            "max_decimal_places": _("Enter the length to the nearest half hour, like 1.5"),
            "max_digits": _("The length must be %(max)s hours or fewer") % {"max": HOURS_MAX},
        },
    )
    required_parts = forms.IntegerField(
        label=_("Parts to attend to complete the course (optional)"),
        help_text=_(
            "Leave empty when people must attend every part of a session. Late counts as "
            "attending; an excused absence does not"
        ),
        required=False,
        error_messages={
            "invalid": _("Enter the number of parts as a whole number, like 2"),
        },
    )
    delivery = forms.ChoiceField(
        label=_("How is it given?"),
        choices=Course.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how the course is given"),
            "invalid_choice": _("Choose how the course is given from the list"),
        },
    )
    provider = forms.ModelChoiceField(
        label=_("Provider (optional)"),
        help_text=_("Leave empty when your team gives the course"),
        queryset=Organisation.objects.all(),
        required=False,
        to_field_name="code",
        error_messages={"invalid_choice": _("Choose a provider from the list")},
    )
    partner = forms.ModelChoiceField(
        label=_("Partner organisation (optional)"),
        help_text=_("For a bespoke course only: the organisation whose staff it is for"),
        queryset=Organisation.objects.all(),
        required=False,
        to_field_name="code",
        error_messages={"invalid_choice": _("Choose a partner organisation from the list")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        audience_field = self.fields["audience"]
        assert isinstance(audience_field, forms.MultipleChoiceField)
        audience_field.choices = audience_choices()

    def clean_hours(self) -> Decimal | None:
        hours = self.cleaned_data.get("hours")
        if hours is not None and not (HOURS_MIN <= hours <= HOURS_MAX):
            raise forms.ValidationError(
                _("The length must be between %(low)s and %(high)s hours")
                % {"low": HOURS_MIN, "high": HOURS_MAX}
            )
        return hours

    def clean_required_parts(self) -> int | None:
        parts = self.cleaned_data.get("required_parts")
        if parts is not None and not (1 <= parts <= REQUIRED_PARTS_MAX):
            raise forms.ValidationError(
                _("The number of parts to attend must be between 1 and %(high)s")
                % {"high": REQUIRED_PARTS_MAX}
            )
        return parts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tier") == Course.Tier.BESPOKE and not data.get("partner"):
            self.add_error("partner", _("Choose the partner organisation of a bespoke course"))
        if data.get("tier") and data["tier"] != Course.Tier.BESPOKE and data.get("partner"):
            self.add_error("partner", _("Only a bespoke course has a partner organisation"))
        return data

    def fields_for_service(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["audience"] = services.audience_text(data["audience"])
        return data

    @staticmethod
    def initial_of(course: Course) -> dict[str, Any]:
        return {
            "title": course.title,
            "summary": course.summary,
            "outcomes": course.outcomes,
            "tier": course.tier,
            "audience": course.audience_list,
            "hours": course.hours,
            "required_parts": course.required_parts,
            "delivery": course.delivery,
            "provider": course.provider.code if course.provider else None,
            "partner": course.partner.code if course.partner else None,
        }


class SessionForm(LimitsExplained, forms.Form):
    capacity = forms.IntegerField(
        label=_("Places"),
        error_messages={
            "required": _("Enter how many places the session has"),
            "invalid": _("Enter the number of places as a whole number, like 20"),
        },
    )
    place = forms.CharField(
        label=_("Place (optional)"),
        max_length=PLACE_LIMIT,
        required=False,
        help_text=_("For a session in person: the address"),
    )
    link = forms.URLField(
        label=_("Joining link (optional)"),
        max_length=LINK_LIMIT,
        required=False,
        assume_scheme="https",
        validators=[https_only],
        help_text=_("For a session online"),
        error_messages={"invalid": _("Enter a web address that starts with https://")},
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers (optional)"),
        queryset=User.objects.none(),
        required=False,
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose trainers from your team")},
    )

    def __init__(self, *args: Any, course: Course, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course = course
        trainers = self.fields["trainers"]
        assert isinstance(trainers, forms.ModelMultipleChoiceField)
        trainers.queryset = User.objects.filter(roles__team=course.team, is_active=True).distinct()
        for n in range(1, PARTS + 1):
            optional = n > 1
            self.fields[f"day_{n}"] = DatePartsField(
                label=_("Day %(n)s date") % {"n": n}
                + (" " + str(_("(optional)")) if optional else ""),
                noun=_("Day %(n)s date") % {"n": n},
                missing=_("Enter the date of day %(n)s") % {"n": n},
                required=not optional,
                help_text=_("For example, 14 1 2027"),
            )
            self.fields[f"starts_{n}"] = forms.CharField(
                label=_("Day %(n)s start time") % {"n": n},
                max_length=5,
                required=False,
                help_text=_("On the 24-hour clock, for example 09:30"),
            )
            self.fields[f"ends_{n}"] = forms.CharField(
                label=_("Day %(n)s end time") % {"n": n},
                max_length=5,
                required=False,
                help_text=_("On the 24-hour clock, for example 16:00"),
            )

    def clean_capacity(self) -> int | None:
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and not (CAPACITY_MIN <= capacity <= CAPACITY_MAX):
            raise forms.ValidationError(
                _("The number of places must be between %(low)s and %(high)s")
                % {"low": CAPACITY_MIN, "high": CAPACITY_MAX}
            )
        return capacity

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        parts: list[services.Part] = []
        for n in range(1, PARTS + 1):
            day: date | None = data.get(f"day_{n}")
            starts_text = (data.get(f"starts_{n}") or "").strip()
            ends_text = (data.get(f"ends_{n}") or "").strip()
            if day is None:
                if f"day_{n}" not in self.errors and (starts_text or ends_text):
                    self.add_error(f"day_{n}", _("Enter the date of day %(n)s") % {"n": n})
                continue
            if day < today:
                self.add_error(
                    f"day_{n}", _("The date of day %(n)s must be today or later") % {"n": n}
                )
            starts, ends = clock_time(starts_text), clock_time(ends_text)
            if starts is None:
                self.add_error(
                    f"starts_{n}",
                    _("Enter the start time of day %(n)s on the 24-hour clock, like 09:30")
                    % {"n": n},
                )
            if ends is None:
                self.add_error(
                    f"ends_{n}",
                    _("Enter the end time of day %(n)s on the 24-hour clock, like 16:00")
                    % {"n": n},
                )
            if starts and ends:
                if ends <= starts:
                    self.add_error(
                        f"ends_{n}",
                        _("The end time of day %(n)s must be after its start time") % {"n": n},
                    )
                else:
                    parts.append(services.Part(day=day, starts=starts, ends=ends))
        if self.course.delivery == Course.Delivery.IN_PERSON and not data.get("place"):
            self.add_error("place", _("Enter the place of a session in person"))
        if (
            self.course.delivery == Course.Delivery.ONLINE_LIVE
            and not data.get("link")
            and "link" not in self.errors
        ):
            self.add_error("link", _("Enter the joining link of a session online"))
        data["parts"] = parts
        return data


class CancelForm(LimitsExplained, forms.Form):
    reason = forms.CharField(
        label=_("Why is the session cancelled?"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter why the session is cancelled")},
    )


def team_of(user: User) -> Team | None:
    from littleminds.accounts.roles import Permission

    teams = user.teams_with(Permission.TRAINING_MANAGE)
    return teams[0] if teams else None
