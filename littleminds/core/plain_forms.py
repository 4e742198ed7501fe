"""Form fields drawn in Python (ADR 0063).

Django draws each field of a form through templates: the NHS form group
(`core/forms/field.html`, with `core/forms/hint_and_errors.html`), then the widget's own
(`django/forms/widgets/text.html`, which includes `input.html`, which includes
`attrs.html`). On pages that draw a form afresh on every request (the directory's search,
What's on, the course finder, the caseloads' and the queue's filters) that was a tenth or
more of the page's time. `core.forms.NHSFormRenderer` asks these functions first: they draw
the same HTML for the fields and widgets that are a label, a hint, errors and one box (text,
number, email, date, a select, a single checkbox, a text area), and give None for any other,
which the templates draw as before (radios, checkbox groups, dates in three boxes, files).

`core/tests/test_plain_forms.py` draws every kind of field both ways, in every language, and
compares them, so a change made to a template and not here (or here and not there) fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Django's widget templates that are `input.html` and nothing more.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "input",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
SELECT_TEMPLATE = "django/forms/widgets/select.html"
_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"

# The field template's widget types drawn as a fieldset, or as a checkbox with its label
# after it: the checkbox is drawn here, the rest by the template.
_FIELDSETS = frozenset({"checkboxselectmultiple", "radioselect", "dateparts"})

_WIDGET_CLASSES = {
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "selectmultiple": "nhsuk-select",
    "plainselect": "nhsuk-select",  # core.forms.PlainSelect
}
_ERROR_CLASSES = {
    "nhsuk-input": "nhsuk-input--error",
    "nhsuk-textarea": "nhsuk-textarea--error",
    "nhsuk-select": "nhsuk-select--error",
}


def describedby(field: BoundField) -> str:
    """The ids of the field's hint and error message, for its `aria-describedby`."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def widget(field: BoundField) -> SafeString:
    """A text-like widget with the NHS classes, error state and aria-describedby."""
    base = _WIDGET_CLASSES.get(field.widget_type, "nhsuk-input")
    classes = [base, field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append(_ERROR_CLASSES[base])
    attrs: dict[str, Any] = {"class": " ".join(c for c in classes if c)}
    described = describedby(field)
    if described:
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


def _text(value: Any) -> str:
    """As `{{ value }}` (escaped unless already safe) or `{{ value|stringformat:'s' }}`."""
    return str(conditional_escape(value))


def attributes(attrs: Mapping[str, Any]) -> str:
    """As the project's `django/forms/widgets/attrs.html`: each attribute but False ones
    and `maxlength` (a browser would cut a longer paste silently), True ones bare."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False and name != "maxlength"
    )


def input_widget(context: Mapping[str, Any]) -> str:
    """As `django/forms/widgets/input.html`."""
    drawn = context["widget"]
    value = drawn["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    kind, name = _text(drawn["type"]), _text(drawn["name"])
    return f'<input type="{kind}" name="{name}"{shown}{attributes(drawn["attrs"])}>'


def textarea_widget(context: Mapping[str, Any]) -> str:
    """As `django/forms/widgets/textarea.html`."""
    drawn = context["widget"]
    value = _text(drawn["value"]) if drawn["value"] else ""
    return (
        f'<textarea name="{_text(drawn["name"])}"{attributes(drawn["attrs"])}>\n{value}</textarea>'
    )


def select_widget(context: Mapping[str, Any]) -> str | None:
    """As `django/forms/widgets/select.html` with `select_option.html` for each choice, in
    groups or not; None when a choice has a template of its own."""
    drawn = context["widget"]
    parts = [f'<select name="{_text(drawn["name"])}"{attributes(drawn["attrs"])}>']
    for group, options, _index in drawn["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{_text(group)}">')
        for option in options:
            if option["template_name"] != _OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{attributes(option["attrs"])}>'
                f"{_text(option['label'])}</option>"
            )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _hint_and_errors(field: BoundField) -> str:
    """As `core/forms/hint_and_errors.html`."""
    parts = []
    named = _text(field.auto_id)
    if field.help_text:
        parts.append(f'<div class="nhsuk-hint" id="{named}-hint">{_text(field.help_text)}</div>')
    errors = field.errors
    if errors:
        hidden = f'<span class="nhsuk-u-visually-hidden">{_text(_("Error:"))} </span>'
        listed = "<br>".join(f"{hidden}{_text(error)}" for error in errors)
        parts.append(f'<span class="nhsuk-error-message" id="{named}-error">{listed}</span>')
    return "\n".join(parts)


def field_group(field: BoundField) -> str | None:
    """As `core/forms/field.html` for a field that is a label, a hint, its errors and one
    box, or a single checkbox; None for one the template draws as a fieldset."""
    kind = field.widget_type
    if kind in _FIELDSETS:
        return None
    group = "nhsuk-form-group nhsuk-form-group--error" if field.errors else "nhsuk-form-group"
    label = _text(field.label)
    if kind == "checkbox":
        described = describedby(field)
        aria = f' aria-describedby="{_text(described)}"' if described else ""
        checked = " checked" if field.value() else ""
        body = (
            f"{_hint_and_errors(field)}\n"
            '<div class="nhsuk-checkboxes" data-module="nhsuk-checkboxes">\n'
            '<div class="nhsuk-checkboxes__item">\n'
            f'<input class="nhsuk-checkboxes__input" id="{_text(field.auto_id)}"'
            f' name="{_text(field.html_name)}" type="checkbox" value="on"{checked}{aria}>\n'
            '<label class="nhsuk-label nhsuk-checkboxes__label"'
            f' for="{_text(field.auto_id)}">{label}</label>\n'
            "</div>\n</div>"
        )
    else:
        target = _text(field.id_for_label)
        if getattr(field.field, "page_heading", False):
            heading = (
                '<h1 class="nhsuk-label-wrapper"><label class="nhsuk-label nhsuk-label--l"'
                f' for="{target}">{label}</label></h1>'
            )
        else:
            heading = f'<label class="nhsuk-label" for="{target}">{label}</label>'
        body = f"{heading}\n{_hint_and_errors(field)}\n{widget(field)}"
    return mark_safe(f'<div class="{group}">\n{body}\n</div>')  # noqa: S308 - escaped above
