"""The query parameters of the Open Referral API, checked with a form each, so that a bad
parameter is a 400 answer that names it, never a server error."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from littleminds.core.postcodes import InvalidPostcode, Postcode, parse_postcode
from littleminds.directory.openreferral.selectors import Filters

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
# Nobody needs a service further away than this, and a bounded radius keeps the rows read
# for a distance search to a neighbourhood. (The messages below say these numbers too.)
MAX_PROXIMITY = 100_000
MAX_AGE_YEARS = 150


MAX_PAGE = 1_000_000_000
_DIGITS = re.compile(r"[0-9]+")


class _WholeNumber(forms.IntegerField):
    """A whole number written as JSON Schema's "integer" allows in a query: digits only.
    Django's own field would also take "1.0", " 1" and "+1", which the description
    (`standard.api_description`) does not allow."""

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if not isinstance(value, str) or not _DIGITS.fullmatch(value) or len(value) > 12:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(value)


def _whole_number(message: Any, low: int, high: int, **kwargs: Any) -> forms.IntegerField:
    return _WholeNumber(
        required=False,
        min_value=low,
        max_value=high,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        **kwargs,
    )


class PageForm(forms.Form):
    page = _whole_number(_("Enter a page number from 1 to 1000000000."), 1, MAX_PAGE)
    per_page = _whole_number(_("Enter a whole number from 1 to 200."), 1, MAX_PER_PAGE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A number given as nothing at all ("?page=") is not a number: leave it out.
        for name in ("page", "per_page"):
            if self.data.get(name) == "" and name not in self.errors:
                self.add_error(name, self.fields[name].error_messages["invalid"])
        return data

    @property
    def page_number(self) -> int:
        return int(self.cleaned_data.get("page") or 1)

    @property
    def page_size(self) -> int:
        return int(self.cleaned_data.get("per_page") or DEFAULT_PER_PAGE)


class ServiceFilterForm(PageForm):
    search = forms.CharField(required=False, max_length=200)
    taxonomy_term_id = forms.UUIDField(
        required=False,
        error_messages={"invalid": _("Enter the id of a taxonomy term (a UUID).")},
    )
    minimum_age = _whole_number(_("Enter an age in whole years, from 0 to 150."), 0, MAX_AGE_YEARS)
    maximum_age = _whole_number(_("Enter an age in whole years, from 1 to 150."), 1, MAX_AGE_YEARS)
    postcode = forms.CharField(required=False, max_length=10)

    def clean_postcode(self) -> Postcode | None:
        text = self.cleaned_data.get("postcode") or ""
        if not text.strip():
            return None
        try:
            return parse_postcode(text, allow_district=True)
        except InvalidPostcode as error:
            raise forms.ValidationError(
                _("Enter a UK postcode, like BD7 1DP, or a postcode district, like BD7.")
            ) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and high <= low:
            self.add_error(
                "maximum_age",
                _(
                    "maximum_age must be more than minimum_age: ages run from the minimum "
                    "birthday until the maximum one."
                ),
            )
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            search=data.get("search") or "",
            taxonomy_term_id=data.get("taxonomy_term_id"),
            minimum_age=data.get("minimum_age"),
            maximum_age=data.get("maximum_age"),
            postcode=data.get("postcode"),
            proximity=data.get("proximity"),
        )


class ServiceAtLocationFilterForm(ServiceFilterForm):
    proximity = _whole_number(
        _("Enter a distance in whole metres, from 1 to 100000."), 1, MAX_PROXIMITY
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        postcode = data.get("postcode")
        if data.get("proximity") is not None:
            if postcode is None and "postcode" not in self.errors:
                self.add_error("proximity", _("proximity needs a postcode."))
            elif postcode is not None and postcode.is_pseudo:
                self.add_error(
                    "proximity",
                    _("%(postcode)s is not a place, so there is no distance to measure from.")
                    % {"postcode": postcode},
                )
        return data


def errors_of(form: forms.Form) -> dict[str, str]:
    """The first message for each parameter, as the API's 400 answers give them."""
    return {field: str(messages[0]) for field, messages in form.errors.items()}
