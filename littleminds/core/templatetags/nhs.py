"""Template helpers for the NHS.UK design system."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.forms import BoundField
from django.utils.safestring import SafeString
from django.utils.translation import get_language_info, pgettext
from django.utils.translation import gettext as _

from littleminds.core import plain_forms

register = template.Library()


@register.filter
def nhs_widget(field: BoundField) -> SafeString:
    """Draw a text-like widget with the NHS classes, error state and aria-describedby."""
    return plain_forms.widget(field)


@register.filter
def date_parts(field: BoundField) -> list[dict[str, Any]]:
    """The day, month and year boxes of a `DatePartsField`, with what was typed in each."""
    value = field.value()
    if not isinstance(value, list | tuple):
        value = field.field.widget.decompress(value)
    widths = {"day": 2, "month": 2, "year": 4}
    labels = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
    return [
        {
            "id": f"{field.auto_id}_{part}",
            "name": f"{field.html_name}_{part}",
            "label": labels[part],
            "width": widths[part],
            "value": "" if given is None else given,
        }
        for part, given in zip(("day", "month", "year"), value, strict=True)
    ]


@register.filter
def field_describedby(field: BoundField) -> str:
    return plain_forms.describedby(field)


@register.inclusion_tag("core/forms/error_summary.html")
def error_summary(*forms: Any) -> dict[str, Any]:
    """The NHS error summary for one or more forms: each error links to its field."""
    errors: list[tuple[str, str]] = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        anchors = {field.name: _anchor(field) for field in form if not field.is_hidden}
        first = next((f"#{anchor}" for anchor in anchors.values() if anchor), "")
        for message in form.non_field_errors():
            errors.append((first, message))
        for field in form:
            for message in field.errors:
                anchor = anchors.get(field.name)
                errors.append((f"#{anchor}" if anchor else first, message))
    return {"errors": errors}


def _anchor(field: Any) -> str:
    """The id on the page that a field's error links to: its first box for a group of
    checkboxes or radios ("" when the group has no choices, so no box), its day for a
    date; "" when the field has no id."""
    if not field.auto_id:
        return ""
    if field.widget_type in ("checkboxselectmultiple", "radioselect"):
        boxes = list(field.subwidgets)
        return str(boxes[0].id_for_label) if boxes else ""
    if field.widget_type == "dateparts":
        return f"{field.auto_id}_day"
    return str(field.auto_id)


@register.simple_tag(takes_context=True)
def page_title(context: template.Context, title: str) -> str:
    """The document title, prefixed with "Error:" when the page shows a form in error."""
    for value in context.flatten().values():
        if getattr(value, "is_bound", False) and getattr(value, "errors", None):
            return _("Error: %(title)s") % {"title": title}
    return title


@register.inclusion_tag("breadcrumbs.html")
def breadcrumbs(*labels_and_urls: str) -> dict[str, Any]:
    """`{% breadcrumbs label1 url1 label2 url2 %}`: the trail above a page's heading."""
    if len(labels_and_urls) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes pairs of label and URL")
    pairs = list(zip(labels_and_urls[::2], labels_and_urls[1::2], strict=True))
    return {"crumbs": pairs}


@register.simple_tag
def languages_in_their_own_words() -> list[dict[str, Any]]:
    """The languages of the language switch, each named as `settings.LANGUAGES` writes it, in
    its own language. (Django's `get_available_languages` passes the names through the
    catalogues, which would call English "انگریزی" on an Urdu page.)"""
    return [
        {"code": code, "name": name, "bidi": get_language_info(code)["bidi"]}
        for code, name in settings.LANGUAGES
    ]


@register.filter
def listed(items: Any) -> str:
    """Words joined as a list in the page's language: "a, b" in English, "a، b" in Urdu."""
    return pgettext("list separator", ", ").join(str(item) for item in items)
