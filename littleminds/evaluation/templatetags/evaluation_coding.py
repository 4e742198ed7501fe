"""Template tags of the coding part: a code's colour swatch (beside its name, never alone)
and the coding part's section of the study's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from littleminds.accounts.models import User
from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors_coding import ready_transcripts
from littleminds.evaluation.services_coding import COLOUR

register = template.Library()


@register.simple_tag
def swatch(colour: str, kind: str = "swatch") -> SafeString:
    """A code's colour as a small square (or a bar, for the margin), drawn in SVG: the page's
    Content-Security-Policy allows no inline style, and an SVG's `fill` is not one. Always
    beside the code's name, so colour is never the only cue."""
    fill = colour if COLOUR.match(colour or "") else "#768692"
    if kind == "bar":
        return format_html(
            '<svg class="lm-code-bar" width="6" height="24" viewBox="0 0 6 24" '
            'preserveAspectRatio="none" aria-hidden="true" focusable="false">'
            '<rect width="6" height="24" fill="{}"/></svg>',
            fill,
        )
    return format_html(
        '<svg class="lm-swatch" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" '
        'focusable="false"><rect x="0.5" y="0.5" width="15" height="15" fill="{}" '
        'stroke="#212B32"/></svg>',
        fill,
    )


@register.inclusion_tag("evaluation/coding_part.html", takes_context=True)
def coding_part(context: template.Context, study: Study) -> dict[str, Any]:
    user = context["request"].user
    assert isinstance(user, User)
    return {"study": study, "transcripts": list(ready_transcripts(study, user))}
