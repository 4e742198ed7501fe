"""Forms drawn in the NHS.UK design system, with its error-summary pattern."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from littleminds.core import plain_forms
from littleminds.core.postcodes import InvalidPostcode, Postcode, parse_postcode

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class NHSFormRenderer(TemplatesSetting):
    """Render every Django form and field with the NHS.UK design system's markup.

    `{{ form }}` draws each field as an NHS form group (label, hint, error message, input);
    `{% error_summary form %}` draws the summary that links to each field in error.
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        """The field groups and boxes that `core.plain_forms` draws in Python; the rest
        through the templates (ADR 0063)."""
        if template_name in plain_forms.INPUT_TEMPLATES:
            return plain_forms.input_widget(context)
        if template_name == plain_forms.TEXTAREA_TEMPLATE:
            return plain_forms.textarea_widget(context)
        if template_name == plain_forms.SELECT_TEMPLATE:
            drawn = plain_forms.select_widget(context)
            if drawn is not None:
                return drawn
        if template_name == self.field_template_name:
            drawn = plain_forms.field_group(context["field"])
            if drawn is not None:
                return drawn
        return super().render(template_name, context, request)


class PlainSelect(forms.Select):
    """A select of one choice drawn in Python rather than through Django's widget templates,
    which draw each choice with templates of its own: the same markup (the attributes the
    field is given, each choice escaped, the chosen one `selected`) in a small part of the
    time. For the filters drawn afresh on many requests (the course finder, What's on, the
    directory's search, the caseloads, the triage queue; ADR 0053). Choices in groups are
    left to Django's templates."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        chosen = {str(given) for given in self.format_value(value)}
        # The standard library's escape (the same characters as Django's: & < > " '),
        # without `format_html`'s checks for each option, which cost more than the rest of
        # a form for a few hundred options.
        options = mark_safe(  # noqa: S308 - every value and label is escaped here
            "\n  ".join(
                f'<option value="{escape(str(choice))}"'
                f"{' selected' if str(choice) in chosen else ''}>{escape(str(label))}</option>"
                for choice, label in choices
            )
        )
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        return format_html("<select{}>\n  {}\n</select>", flatatt(final), options)


class DatePickerInput(forms.DateInput):
    """The browser's date picker, `<input type="date">`. Browsers read and send its value
    as 2026-12-04 whatever the page's language, so the value is always written that way:
    in the site's own format (04/12/2026) the box shows empty and the date is lost."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year in three boxes: the NHS date input, which people on a phone find
    easier than a date picker. `field.html` draws it (its widget type is "dateparts")."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS
        }
        super().__init__(widgets, attrs)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        # A date given whole under the field's own name (`?start=2027-01-14`), as a filter's
        # address bookmarked before it asked for day, month and year, is read as before.
        if name in data and not any(f"{name}_{part}" in data for part in DATE_PARTS):
            return data.get(name)
        return super().value_from_datadict(data, files, name)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            value = iso_date(value)
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


def iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


DATE_PARTS = ("day", "month", "year")


class DatePartsField(forms.Field):
    """A date typed as day, month and year, with the NHS design system's messages: what is
    missing ("must include a month"), "must be a real date", and a 4-digit year.

    `noun` starts the messages ("Date of birth must include a year"); `missing` is the
    message when the date is required and nothing was typed. `what`, where given, names the
    date in every message instead ("Enter the date of birth as a real date", "Enter the year
    of the date of birth in 4 numbers"), so that each reads alone in the error summary of a
    page with several dates.
    """

    widget = DatePartsWidget

    def __init__(
        self,
        *,
        noun: StrOrPromise,
        missing: StrOrPromise,
        what: StrOrPromise | None = None,
        **kwargs: Any,
    ) -> None:
        self.noun = noun
        self.missing = missing
        self.what = what
        super().__init__(**kwargs)

    def _named(self, plain: StrOrPromise, named: StrOrPromise, **more: Any) -> str:
        if self.what is None:
            return str(plain) % {"noun": self.noun, **more}
        return str(named) % {"what": self.what, **more}

    def to_python(self, value: Any) -> date | None:
        if isinstance(value, date) or value in (None, ""):
            return value or None
        if isinstance(value, str):  # given whole, as 2027-01-14 (see the widget)
            whole = iso_date(value)
            if whole is None:
                raise forms.ValidationError(
                    self._named(
                        _("%(noun)s must be a real date, in numbers"),
                        _("Enter %(what)s as a real date, in numbers"),
                    ),
                    code="invalid",
                )
            return whole
        parts = dict(zip(DATE_PARTS, [str(v or "").strip() for v in value], strict=True))
        if not any(parts.values()):
            return None
        absent = [part for part in DATE_PARTS if not parts[part]]
        if absent:
            names = {"day": _("a day"), "month": _("a month"), "year": _("a year")}
            listed = [names[part] for part in absent]
            if len(listed) > 1:
                listed = [_("%(first)s and %(second)s") % {"first": listed[0], "second": listed[1]}]
            raise forms.ValidationError(
                self._named(
                    _("%(noun)s must include %(parts)s"),
                    _("Enter %(what)s including %(parts)s"),
                    parts=listed[0],
                ),
                code="incomplete",
            )
        if not all(parts[p].isdigit() for p in DATE_PARTS):
            raise forms.ValidationError(
                self._named(
                    _("%(noun)s must be a real date, in numbers"),
                    _("Enter %(what)s as a real date, in numbers"),
                ),
                code="invalid",
            )
        if len(parts["year"]) != 4:
            raise forms.ValidationError(
                self._named(
                    _("Year must include 4 numbers"), _("Enter the year of %(what)s in 4 numbers")
                ),
                code="year",
            )
        try:
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            raise forms.ValidationError(
                self._named(_("%(noun)s must be a real date"), _("Enter %(what)s as a real date")),
                code="invalid",
            ) from None

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.missing, code="required")


class PostcodeField(forms.CharField):
    """A UK postcode, normalised; ZZ99 pseudo-postcodes accepted (and flagged)."""

    def __init__(self, *, allow_district: bool = False, **kwargs: Any) -> None:
        self.allow_district = allow_district
        # Long enough for any postcode typed with spaces; anything longer is not a postcode,
        # and the parser says so in the same words as for any other wrong postcode.
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "postal-code", "spellcheck": "false", "class": "nhsuk-input--width-10"}
        )

    def clean(self, value: Any) -> Postcode | None:
        # Text longer than any postcode gets the parser's words, not a count of characters
        # (unless the form gives a message of its own).
        too_long = isinstance(value, str) and len(value.strip()) > (self.max_length or 0)
        if too_long and "max_length" not in self.error_messages:
            try:
                parse_postcode(value, allow_district=self.allow_district)
            except InvalidPostcode as error:
                raise forms.ValidationError(str(error)) from error
        text = super().clean(value)
        if not text:
            return None
        try:
            return parse_postcode(text, allow_district=self.allow_district)
        except InvalidPostcode as error:
            raise forms.ValidationError(str(error)) from error
