"""Forms drawn in the NHS.UK design system, with its error-summary pattern."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class NHSFormRenderer(TemplatesSetting):
    """Render every Django form and field with the NHS.UK design system's markup.

    `{{ form }}` draws each field as an NHS form group (label, hint, error message, input);
    `{% error_summary form %}` draws the summary that links to each field in error.
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
