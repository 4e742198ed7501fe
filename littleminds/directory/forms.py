from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from littleminds.accounts.models import Organisation
from littleminds.core.forms import DatePickerInput, PlainSelect, PostcodeField
from littleminds.core.templatetags.nhs import error_summary
from littleminds.core.validation import (
    TEXT_LIMIT,
    LimitsExplained,
    PhoneNumberField,
    explain_limits,
    https_only,
)
from littleminds.directory import selectors_map
from littleminds.directory.models import (
    LANGUAGES,
    AccessMethod,
    Area,
    LinkKind,
    MapSnapshot,
    NeedTerm,
    OverlapReview,
    Ring,
    Service,
)
from littleminds.directory.services import AccessFields, LocationFields, ServiceFields

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Sensible bounds for a service: ages from birth to 18 years, waits of up to 2 years.
MAX_AGE_MONTHS = 216
MAX_WAIT_WEEKS = 104


def need_choices(names: Sequence[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    """The needs to choose from, named in the page's language (as `NeedTerm.label`), from
    `names` (`selectors.need_names`) when given, otherwise read."""
    if names is None:
        return [(need.term, need.label) for need in NeedTerm.objects.order_by("group", "name")]
    return [(term, gettext(name)) for term, name in names]


class SearchForm(LimitsExplained, forms.Form):
    words = forms.CharField(
        label=_("What are you looking for? (optional)"),
        max_length=100,
        required=False,
        help_text=_("For example, baby massage, crying or debt advice"),
    )
    pregnant = forms.BooleanField(label=_("The family is expecting a baby"), required=False)
    age_months = forms.IntegerField(
        label=_("Age of the child in months (optional)"),
        min_value=0,
        max_value=216,
        required=False,
        help_text=_("For a baby aged 1 year and 3 months, enter 15"),
        error_messages={
            "invalid": _("Enter the child's age as a whole number of months, like 6"),
            "min_value": _("The child's age cannot be less than 0 months"),
            "max_value": _("Enter the child's age in months, not years: 18 years is 216 months"),
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
    )
    postcode = PostcodeField(
        label=_("The family's postcode (optional)"),
        required=False,
        allow_district=True,
        help_text=_("A full postcode, like BD7 1DP, or the first part, like BD7"),
    )
    need = forms.ChoiceField(
        label=_("What the family needs help with"), required=False, widget=PlainSelect
    )

    def __init__(
        self, *args: Any, needs: Sequence[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        """`needs`: the needs' terms and names as `selectors.need_names` gives them, or
        None to read them."""
        super().__init__(*args, **kwargs)
        need = self.fields["need"]
        assert isinstance(need, forms.ChoiceField)
        need.choices = [("", _("Anything")), *need_choices(needs)]


class AccessForm(LimitsExplained, forms.Form):
    """One way into a service; the service form holds one of these for each method."""

    offered = forms.BooleanField(required=False)
    phone = PhoneNumberField(label=_("Phone"), required=False)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    url = forms.URLField(
        label=_("Web address"),
        required=False,
        assume_scheme="https",
        validators=[https_only],
        error_messages={"invalid": _("Enter a web address that starts with https://")},
    )
    instructions = forms.CharField(
        label=_("What to do"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _months(what: StrOrPromise, label: StrOrPromise, help_text: StrOrPromise) -> forms.Field:
    """An age in whole months, from birth to 18 years (216 months)."""
    message = _("Enter the %(what)s in months, up to 216 (18 years)") % {"what": what}
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=MAX_AGE_MONTHS,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
    )


class ServiceForm(forms.ModelForm):
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas it covers"),
        queryset=Area.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for a service open to families from anywhere"),
    )
    needs = forms.ModelMultipleChoiceField(
        label=_("Needs it helps with"),
        queryset=NeedTerm.objects.order_by("group", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages it works in"),
        choices=LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    url = forms.URLField(
        label=_("Website (optional)"),
        required=False,
        assume_scheme="https",
        validators=[https_only],
        error_messages={"invalid": _("Enter a web address that starts with https://")},
    )
    phone = PhoneNumberField(label=_("Phone"), required=False)
    min_age_months = _months(
        _("youngest age"),
        _("Youngest age, in months (optional)"),
        _("0 for babies from birth; leave empty for no lower limit"),
    )
    max_age_months = _months(
        _("age limit"),
        _("Works with children younger than, in months (optional)"),
        _("24 means until the day before the second birthday"),
    )
    wait_weeks = forms.IntegerField(
        label=_("Typical wait (weeks)"),
        required=False,
        min_value=0,
        max_value=MAX_WAIT_WEEKS,
        error_messages={
            key: _("Enter the typical wait in weeks, up to 104 (2 years)")
            for key in ("invalid", "min_value", "max_value")
        },
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
    )
    location_name = forms.CharField(
        label=_("Where it meets (optional)"), max_length=200, required=False
    )
    location_address = forms.CharField(
        label=_("Address of that place"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    location_postcode = PostcodeField(label=_("Postcode of that place"), required=False)

    class Meta:
        model = Service
        fields = [
            "organisation",
            "name",
            "summary",
            "description",
            "remit",
            "boundaries",
            "ring",
            "pregnancy",
            "min_age_months",
            "max_age_months",
            "areas",
            "needs",
            "in_person",
            "online",
            "telephone",
            "languages",
            "wait_weeks",
            "status",
            "phone",
            "email",
            "url",
        ]
        help_texts = {
            "ring": _(
                "Core: supports parent–infant relationships. Universal: sees families "
                "often. Risk factors: supports problems that put babies at risk."
            ),
        }
        error_messages = {
            "name": {"required": _("Enter the name of the service")},
            "summary": {"required": _("Enter a one-sentence summary")},
            "remit": {"required": _("Enter what the service does, and for whom")},
            "boundaries": {
                "required": _("Enter what the service does not do, or who it does not take")
            },
            "organisation": {"required": _("Choose the organisation that runs the service")},
            "ring": {"required": _("Choose the ring of the system map")},
            "email": {"invalid": _("Enter an email address like name@example.org")},
        }
        widgets = {
            "ring": forms.RadioSelect,
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "remit": forms.Textarea(attrs={"rows": 3}),
            "boundaries": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.order_by("name")
        organisation.empty_label = _("Choose an organisation")
        ring = self.fields["ring"]
        assert isinstance(ring, forms.ChoiceField)
        ring.choices = Ring.choices
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = Service.Status.choices
        # The model keeps long text as TextField, without a limit; the form sets one, so a
        # paste of a whole document comes back with a message rather than filling the page.
        for name, limit in (
            ("description", 5000),
            ("remit", TEXT_LIMIT),
            ("boundaries", TEXT_LIMIT),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.CharField)
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
        explain_limits(self)
        prefix = self.prefix + "-" if self.prefix else ""
        current = {a.method: a for a in self.instance.access.all()} if self.instance.pk else {}
        self.access_forms = {}
        for method, label in AccessMethod.choices:
            existing = current.get(method)
            initial = (
                {
                    "offered": True,
                    "phone": existing.phone,
                    "email": existing.email,
                    "url": existing.url,
                    "instructions": existing.instructions,
                }
                if existing
                else {}
            )
            self.access_forms[method] = (
                label,
                AccessForm(
                    self.data if self.is_bound else None,
                    prefix=f"{prefix}access-{method}",
                    initial=initial,
                ),
            )
        if self.instance.pk:
            self.initial["languages"] = list(self.instance.languages)
            place = self.instance.locations.first()
            if place is not None:
                self.initial.update(
                    location_name=place.name,
                    location_address=place.address,
                    location_postcode=place.postcode,
                )

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return all([valid, *(form.is_valid() for _label, form in self.access_forms.values())])

    def summary_errors(self) -> list[tuple[str, str]]:
        """Every problem on the page for its one error summary: a way in's problems name
        that way in, since each has the same boxes (phone, email, web address)."""
        errors: list[tuple[str, str]] = error_summary(self)["errors"]
        for label, form in self.access_forms.values():
            errors += [
                (target, f"{label}: {message}") for target, message in error_summary(form)["errors"]
            ]
        return errors

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_age_months"), data.get("max_age_months")
        if low is not None and high is not None and low >= high:
            self.add_error("max_age_months", _("The age limit must be more than the youngest age"))
        if not (data.get("in_person") or data.get("online") or data.get("telephone")):
            self.add_error("in_person", _("Select at least one way the service is delivered"))
        return data

    def to_fields(self) -> ServiceFields:
        data = self.cleaned_data
        access = [
            AccessFields(
                method=method,
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                url=form.cleaned_data["url"],
                instructions=form.cleaned_data["instructions"],
            )
            for method, (_label, form) in self.access_forms.items()
            if form.cleaned_data.get("offered")
        ]
        locations = []
        if data.get("location_name"):
            postcode = data.get("location_postcode")
            existing = self.instance.locations.first() if self.instance.pk else None
            locations.append(
                LocationFields(
                    name=data["location_name"],
                    address=data.get("location_address") or "",
                    postcode=str(postcode) if postcode else "",
                    latitude=existing.latitude if existing else None,
                    longitude=existing.longitude if existing else None,
                    code=existing.code if existing else None,
                )
            )
        return ServiceFields(
            organisation=data["organisation"],
            name=data["name"],
            summary=data["summary"],
            description=data.get("description") or "",
            remit=data["remit"],
            boundaries=data["boundaries"],
            ring=data["ring"],
            min_age_months=data.get("min_age_months"),
            max_age_months=data.get("max_age_months"),
            pregnancy=bool(data.get("pregnancy")),
            areas=list(data.get("areas") or []),
            needs=list(data.get("needs") or []),
            in_person=bool(data.get("in_person")),
            online=bool(data.get("online")),
            telephone=bool(data.get("telephone")),
            languages=list(data.get("languages") or []),
            wait_weeks=data.get("wait_weeks"),
            status=data.get("status") or Service.Status.ACTIVE,
            email=data.get("email") or "",
            url=data.get("url") or "",
            phone=data.get("phone") or "",
            access=access,
            locations=locations,
        )

    def _post_clean(self) -> None:
        # The model is saved by the service (with its children, revision and audit event);
        # only the form's own validation runs here.
        pass


class ManageSearchForm(LimitsExplained, forms.Form):
    text = forms.CharField(label=_("Name or words"), max_length=100, required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *Service.Status.choices]
    )
    stale = forms.BooleanField(
        label=_("Only services not confirmed in the last 6 months"), required=False
    )


class OrganisationKindForm(LimitsExplained, forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        help_text=_("The system map groups services by the kind of organisation that runs them."),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the kind of organisation"),
            "invalid_choice": _("Choose the kind of organisation from the list"),
        },
    )


class StatusForm(LimitsExplained, forms.Form):
    status = forms.ChoiceField(choices=Service.Status.choices)


class LinkForm(LimitsExplained, forms.Form):
    kind = forms.ChoiceField(
        label=_("This service…"),
        choices=LinkKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the services are linked")},
    )
    target = forms.ModelChoiceField(
        label=_("…which other service"),
        queryset=Service.objects.none(),
        to_field_name="code",
        empty_label=_("Choose a service"),
        error_messages={"required": _("Choose the other service")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, service: Service, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target = self.fields["target"]
        assert isinstance(target, forms.ModelChoiceField)
        target.queryset = (
            Service.objects.exclude(pk=service.pk)
            .exclude(status=Service.Status.DECOMMISSIONED)
            .order_by("name")
        )


class NeedForm(LimitsExplained, forms.ModelForm):
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describe the need in a sentence")},
    )

    class Meta:
        model = NeedTerm
        fields = ["term", "name", "description", "group"]
        widgets = {"group": forms.RadioSelect}
        error_messages = {
            "term": {
                "required": _("Enter a short code, like bonding"),
                "invalid": _("Use only lower-case letters, numbers, hyphens and underscores"),
            },
            "name": {"required": _("Enter the name of the need")},
            "group": {"required": _("Choose the group")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code is part of every service and referral that used it; it never changes.
            self.fields["term"].disabled = True
        group = self.fields["group"]
        assert isinstance(group, forms.ChoiceField)
        group.choices = NeedTerm.Group.choices

    def clean_term(self) -> str:
        term: str = self.cleaned_data["term"].strip().lower()
        if not self.instance.pk and NeedTerm.objects.filter(term=term).exists():
            raise forms.ValidationError(_("A need with this code already exists"))
        return term

    def _post_clean(self) -> None:
        pass


class AreaForm(LimitsExplained, forms.Form):
    key = forms.SlugField(
        label=_("Short name"),
        max_length=64,
        help_text=_("Lower-case letters, numbers and hyphens, like brackendale-district"),
        error_messages={
            "required": _("Enter a short name"),
            "invalid": _("Use only lower-case letters, numbers and hyphens"),
        },
    )
    name = forms.CharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the area's name")}
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if Area.objects.filter(key=key).exists():
            raise forms.ValidationError(_("An area with this short name already exists"))
        return key


# An area's coverage is dated within these days: a typing slip such as year 1 or year 9999
# gets a message rather than a coverage that never started or never ends.
COVERAGE_DATES = (date(1990, 1, 1), date(2099, 12, 31))
COVERAGE_DATES_MESSAGE = _("Enter a date from 1 January 1990 to 31 December 2099")


def _coverage_date(value: date | None) -> None:
    if value is not None and not COVERAGE_DATES[0] <= value <= COVERAGE_DATES[1]:
        raise forms.ValidationError(COVERAGE_DATES_MESSAGE)


class CoverageForm(LimitsExplained, forms.Form):
    place = forms.CharField(
        label=_("Postcode district or sector"),
        max_length=8,
        help_text=_("A district, like BD7, or a sector, like BD3 9"),
        error_messages={"required": _("Enter a postcode district or sector")},
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    valid_from = forms.DateField(
        label=_("Covered from"),
        help_text=_("For example, 2020-04-01"),
        error_messages={
            "required": _("Enter the date the area starts covering it"),
            "invalid": _("Enter a real date, like 2020-04-01"),
        },
        validators=[_coverage_date],
        widget=DatePickerInput(),
    )
    valid_to = forms.DateField(
        label=_("Covered until (optional)"),
        required=False,
        error_messages={"invalid": _("Enter a real date, like 2024-03-31")},
        validators=[_coverage_date],
        widget=DatePickerInput(),
    )
    ons_code = forms.CharField(label=_("ONS code (optional)"), max_length=9, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date must be on or after the start date"))
        return data


class EndCoverageForm(LimitsExplained, forms.Form):
    valid_to = forms.DateField(
        label=_("Last day covered"),
        error_messages={
            "required": _("Enter the last day the area covers it"),
            "invalid": _("Enter a real date, like 2024-03-31"),
        },
        validators=[_coverage_date],
        widget=DatePickerInput(),
    )


OVERLAPS_SHOWN = [
    ("", _("All pairs")),
    ("unreviewed", _("Not yet recorded")),
    (OverlapReview.Verdict.COMPLEMENTARY.value, _("Recorded as complementary")),
    (OverlapReview.Verdict.CONFLICT.value, _("Recorded as a conflict")),
]


class OverlapFilterForm(LimitsExplained, forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=OVERLAPS_SHOWN,
        error_messages={"invalid_choice": _("Choose which pairs to show from the list")},
    )
    across = forms.BooleanField(
        label=_("Include pairs in different rings of the map"), required=False
    )


class OverlapReviewForm(LimitsExplained, forms.Form):
    first = forms.UUIDField(widget=forms.HiddenInput)
    second = forms.UUIDField(widget=forms.HiddenInput)
    # Where the manager was: the list they saw, on which page, to return to.
    show = forms.ChoiceField(choices=OVERLAPS_SHOWN, required=False, widget=forms.HiddenInput)
    across = forms.BooleanField(required=False, widget=forms.HiddenInput)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    verdict = forms.ChoiceField(
        label=_("These services are"),
        choices=OverlapReview.Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose complementary or conflict for the pair"),
            "invalid_choice": _("Choose complementary or conflict for the pair"),
        },
    )
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


EARLIEST_TIME_POINT = date(2000, 1, 1)


class SnapshotForm(LimitsExplained, forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        help_text=_("For example, Time 3, spring 2025"),
        error_messages={"required": _("Enter a label for the time point")},
    )
    taken_on = forms.DateField(
        label=_("Date of the time point"),
        initial=timezone.localdate,
        error_messages={
            "required": _("Enter the date of the time point"),
            "invalid": _("Enter a real date, like 2025-04-01"),
        },
        widget=DatePickerInput(),
    )

    def clean_taken_on(self) -> date:
        # A time point records the map as it is or was: never a day still to come, nor one
        # from before the services it compares could have been recorded.
        taken_on: date = self.cleaned_data["taken_on"]
        if taken_on > timezone.localdate():
            raise forms.ValidationError(_("The date of a time point must be today or earlier"))
        if taken_on < EARLIEST_TIME_POINT:
            raise forms.ValidationError(_("The date of a time point must be in 2000 or later"))
        return taken_on


class CompareForm(forms.Form):
    before = forms.ModelChoiceField(
        label=_("Compare"),
        queryset=MapSnapshot.objects.order_by("taken_on"),
        to_field_name="code",
        empty_label=_("Choose a time point"),
        error_messages={"required": _("Choose the earlier time point")},
    )
    after = forms.ChoiceField(label=_("with"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        after = self.fields["after"]
        assert isinstance(after, forms.ChoiceField)
        after.choices = [("now", _("The map today"))] + [
            (str(s.code), s.label) for s in MapSnapshot.objects.order_by("taken_on")
        ]


class MapAreaForm(LimitsExplained, forms.Form):
    """The map's area, typed, when there are too many areas to list (`selectors_map.
    AREAS_LISTED`): its name, or the key the map's own links give."""

    area = forms.CharField(
        label=_("Area"),
        max_length=200,
        required=False,
        help_text=_("Type the area's name, or leave it empty for every area"),
    )

    def clean_area(self) -> Area | None:
        typed: str = self.cleaned_data["area"]
        if not typed:
            return None
        found = selectors_map.area_find(typed)
        if found is None:
            raise forms.ValidationError(
                _(
                    "No area is called “%(name)s”. Check the spelling, or leave it empty for "
                    "every area."
                ),
                params={"name": typed},
            )
        return found
