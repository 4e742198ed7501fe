"""Fields drawn in Python (`core.plain_forms`, ADR 0063) are the HTML the NHS field template
and Django's widget templates draw, for every kind of field, bound or not, in error or not,
in every language, and for the project's own forms."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

import littleminds
from littleminds.core import plain_forms
from littleminds.core.forms import DatePartsField, DatePickerInput, NHSFormRenderer, PlainSelect

LANGUAGES = ["en-gb", "ur", "pl", "ro"]


class _ByTemplates(NHSFormRenderer):
    """The renderer as it was: every field and widget through its template."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        return TemplatesSetting.render(self, template_name, context, request)


def _squashed(html: object) -> str:
    """HTML with each run of white space as one space, as a browser reads it."""
    return re.sub(r"\s+", " ", str(html)).strip()


def _both(form_class: type[forms.BaseForm], **kwargs: Any) -> tuple[str, str]:
    plain = form_class(renderer=NHSFormRenderer(), **kwargs)
    templated = form_class(renderer=_ByTemplates(), **kwargs)
    return _squashed(plain), _squashed(templated)


class EveryKind(forms.Form):
    words = forms.CharField(
        label=_("What are you looking for? (optional)"),
        max_length=100,
        required=False,
        help_text=_("For example, baby massage, crying or debt advice"),
    )
    name = forms.CharField(label="Tom & Jerry's <name>", help_text='Say "hello" & <wave>')
    age = forms.IntegerField(
        label=_("Age of the child in months (optional)"),
        min_value=0,
        max_value=216,
        required=False,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    web = forms.URLField(label=_("Web address"), required=False, assume_scheme="https")
    secret = forms.CharField(label="Password", widget=forms.PasswordInput, required=False)
    when = forms.DateField(label="Date", widget=DatePickerInput, required=False)
    note = forms.CharField(
        label=_("What to do"),
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": True, "disabled": False}),
        max_length=500,
    )
    agree = forms.BooleanField(label=_("The family is expecting a baby"), required=False)
    consent = forms.BooleanField(label="I agree & <consent>", help_text="Read this first")
    code = forms.CharField(widget=forms.HiddenInput, required=False)
    need = forms.ChoiceField(
        label=_("What the family needs help with"),
        choices=[("", "Anything"), ("sleep", "Sleep & <rest>")],
        required=False,
        widget=PlainSelect,
    )
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B & <c>")], required=False)
    grouped = forms.ChoiceField(
        label="Grouped",
        choices=[("", "None"), ("Group & <one>", [("g1", "G1"), ("g2", 'G "2"')]), ("z", "Z")],
        required=False,
    )
    several = forms.MultipleChoiceField(
        label="Several", choices=[(1, "One"), (2, "Two")], required=False
    )
    ways = forms.MultipleChoiceField(
        label="Ways in",
        choices=[("phone", "Phone"), ("web", "Web & <more>")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    route = forms.ChoiceField(
        label="Route", choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect, required=False
    )
    born = DatePartsField(label="Date of birth", noun="Date of birth", missing="Enter it")
    safe_hint = forms.CharField(
        label="Safe", help_text=mark_safe("<strong>bold</strong> hint"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].page_heading = True  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        # A second error on a field in error, so that the two are drawn apart.
        if "note" in self.errors:
            self.add_error("note", "And say it <briefly> & plainly")
        return self.cleaned_data


VALUES = {
    "words": 'crying & "sleep" <b>',
    "name": "",
    "age": "-3",
    "email": "not an email",
    "web": "https://example.org/?a=1&b=2",
    "secret": "hunter2",
    "when": "2027-01-14",
    "note": "<b>&amp;" + "x" * 501,
    "agree": "on",
    "code": 'a"b',
    "need": "sleep",
    "kind": "b",
    "grouped": "g2",
    "several": ["1", "2"],
    "ways": ["web"],
    "route": "y",
    "born_day": "31",
    "born_month": "2",
    "born_year": "2026",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_form_is_drawn_as_its_templates_draw_it(language: str) -> None:
    with translation.override(language):
        plain, templated = _both(EveryKind)

    assert plain == templated
    assert 'type="number"' in plain  # the boxes were drawn, not left out of both


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_in_error_is_drawn_as_its_templates_draw_it(language: str) -> None:
    with translation.override(language):
        plain, templated = _both(EveryKind, data=VALUES)

    assert plain == templated
    assert "nhsuk-form-group--error" in plain
    assert "nhsuk-input--error" in plain
    assert "&lt;b&gt;" in plain  # what was typed is escaped
    assert "&lt;briefly&gt; &amp; plainly" in plain


def test_a_form_with_initial_values_is_drawn_as_its_templates_draw_it() -> None:
    plain, templated = _both(
        EveryKind, initial={"words": "O'Brien & sons", "agree": True, "age": 0, "note": "a\nb"}
    )

    assert plain == templated
    assert "O&#x27;Brien" in plain


def test_maxlength_is_left_out_as_the_projects_attrs_template_leaves_it_out() -> None:
    drawn = str(EveryKind(renderer=NHSFormRenderer())["words"])

    assert "maxlength" not in drawn
    assert plain_forms.attributes({"maxlength": 3, "required": True, "hidden": False}) == (
        " required"
    )


def test_fieldsets_are_left_to_the_template() -> None:
    form = EveryKind(renderer=NHSFormRenderer())

    assert plain_forms.field_group(form["ways"]) is None
    assert plain_forms.field_group(form["route"]) is None
    assert plain_forms.field_group(form["born"]) is None
    assert plain_forms.field_group(form["words"]) is not None


def _project_forms() -> list[type[forms.BaseForm]]:
    """Every form class of the project that can be made without arguments."""
    for module in pkgutil.walk_packages(littleminds.__path__, "littleminds."):
        leaf = module.name.rsplit(".", 1)[-1]
        if (leaf.startswith("forms") or leaf == "forms") and ".tests" not in module.name:
            importlib.import_module(module.name)
    found = []
    seen: set[type[forms.BaseForm]] = set()
    pending: list[type[forms.BaseForm]] = [forms.Form, forms.ModelForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub in seen or not sub.__module__.startswith("littleminds."):
                continue
            seen.add(sub)
            if ".tests" in sub.__module__:
                continue
            try:
                sub(renderer=NHSFormRenderer())
            except Exception:  # noqa: S112 - a form that needs arguments is left out
                continue
            found.append(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


@pytest.mark.django_db
def test_the_projects_forms_are_drawn_as_their_templates_draw_them() -> None:
    checked = 0
    for form_class in _project_forms():
        for data in (None, dict[str, str]()):
            plain, templated = _both(form_class, data=data)
            assert plain == templated, form_class
        checked += 1

    # Most forms take arguments (a team, a user); enough are made without to be worth it.
    assert checked >= 20
