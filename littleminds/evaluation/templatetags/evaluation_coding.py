"""Template tags of the coding part: a code's colour swatch (beside its name, never alone)
and the coding part's section of the study's page."""

from __future__ import annotations

from html import escape as quote
from typing import Any

from django import template
from django.forms import BoundField
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from littleminds.accounts.models import User
from littleminds.evaluation.models import Study
from littleminds.evaluation.selectors_coding import CodingPage, ready_transcripts
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


@register.simple_tag
def segment_options(field: BoundField) -> SafeString:
    """A segment choice's options, written here rather than by the widget's templates: a long
    transcript has hundreds of segments, each an option of two choices."""
    chosen = str(field.value() or "")
    choices = getattr(field.field, "choices", [])
    return mark_safe(  # noqa: S308 - every value and label is escaped here.
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>'
            f"{escape(label)}</option>"
            for value, label in choices
        )
    )


@register.simple_tag(takes_context=True)
def transcript_segments(context: template.Context, page: CodingPage) -> SafeString:
    """The transcript, a list item a segment: its label (number, speaker, withdrawn), its text
    (the reader's coded stretches marked) and its margin (the reader's codings, each with a
    remove button, and the memos on passages starting there). Written here in Python, not by
    template loops, so that a 20,000-word transcript with 500 codings renders quickly
    (issue 17's Speed). Every text is escaped."""
    request = context["request"]
    study = context["study"]
    transcript = page.transcript
    memo_item = get_template("evaluation/memo_item.html")
    bars: dict[str, str] = {}
    # Translated once, not once a segment.
    segment_words = _("Segment %(number)s")
    margin_words = _("Your codings and the memos of segment %(number)s")
    which_words = _("“%(name)s” from this passage")

    def bar(colour: str) -> str:
        bars[colour] = str(swatch(colour, "bar"))
        return bars[colour]

    withdrawn_tag = '<strong class="nhsuk-tag nhsuk-tag--grey">{}</strong>'.format(
        quote(_("withdrawn"))
    )
    remove_words = quote(_("Remove"))
    remove_url = quote(
        reverse(
            "evaluation:coding-remove", kwargs={"code": study.code, "transcript": transcript.code}
        )
    )
    parts: list[str] = [
        f'<form method="post" action="{remove_url}" id="remove-codings">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{quote(get_token(request))}">'
        '<ol class="lm-segments" id="transcript">'
    ]
    for view in page.segments:
        segment = view.segment
        number = segment.index + 1
        classes = "lm-segment lm-segment--withdrawn" if view.withdrawn else "lm-segment"
        label = quote(segment_words % {"number": number})
        if segment.speaker:
            label += " · " + quote(segment.speaker)
        if view.withdrawn:
            label += " " + withdrawn_tag
        text = "".join(
            f'<mark class="lm-coded">{quote(run.text)}</mark>' if run.coded else quote(run.text)
            for run in view.runs
        )
        withdrawn = ' data-withdrawn="true"' if view.withdrawn else ""
        parts.append(
            f'<li class="{classes}" id="{view.anchor}"><div class="lm-segment__body">'
            f'<p class="lm-segment__label">{label}</p>'
            f'<p class="lm-segment__text" data-start="{segment.start}" '
            f'data-end="{segment.end}"{withdrawn}>{text}</p></div>'
        )
        if view.codings or view.memos:
            about = quote(margin_words % {"number": number})
            parts.append(f'<ul class="lm-margin" aria-label="{about}">')
            for mark in view.codings:
                node = mark.coding.code
                which = quote(which_words % {"name": node.name})
                parts.append(
                    f'<li class="lm-margin__coding">{bars.get(node.colour) or bar(node.colour)}'
                    f'<span class="lm-margin__what"><span class="lm-margin__name">'
                    f"{quote(node.name)}</span> "
                    f'<span class="lm-margin__quote">“{quote(mark.quote)}”</span></span>'
                    f'<button class="lm-link-button" type="submit" name="coding" '
                    f'value="{mark.coding.guid}">{remove_words}'
                    f'<span class="nhsuk-u-visually-hidden"> {which}</span></button></li>'
                )
            for memo in view.memos:
                parts.append(memo_item.render({"memo": memo, "study": study, "request": request}))
            parts.append("</ul>")
        parts.append("</li>")
    if not page.segments:
        parts.append(f"<li>{quote(_('This transcript has no text to code.'))}</li>")
    parts.append("</ol></form>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped.
