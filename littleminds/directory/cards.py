"""A search's result cards and the navigator's answer's, drawn in Python (ADRs 0052, 0063).

The search page draws twenty cards; through Django's template engine (the card, its ways
in, their includes, translations and filters) they were a third of a search's time in the
server. These draw the same HTML as `directory/_service_card.html` with
`directory/_access.html` (heading level 3, with reasons, no way in taken over by a form),
escaped the same way (`format_html`), with the same words from the same catalogues. The
templates stay for every other page that shows a service; `tests/test_cards.py` compares
both drawings for every kind of card, so a change to one that is not made to the other
fails there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from littleminds.core.phones import phone_link, phone_shown
from littleminds.directory.models import Service, ServiceAccess
from littleminds.directory.selectors import Match


def _choices(model: type[Service] | type[ServiceAccess], name: str) -> dict[Any, Any]:
    return dict(model._meta.get_field(name).flatchoices)  # type: ignore[union-attr]


# A field's choices by value, made once: `get_FOO_display()` makes this dict on every call,
# which was a quarter of drawing a page's cards (ADR 0058). The labels are lazy, so each is
# translated when drawn, into the page's language.
_METHODS = _choices(ServiceAccess, "method")
_RINGS = _choices(Service, "ring")
_STATUSES = _choices(Service, "status")


def _display(labels: dict[Any, Any], value: Any) -> str:
    """As `get_FOO_display()`: the value's label, or the value when it has none."""
    return force_str(labels.get(value, value), strings_only=True)


def _t(message: str) -> SafeString:
    """Words from the catalogues, as `{% translate %}` gives them: not escaped (they are
    ours, and a translation may hold an apostrophe or an ampersand)."""
    return mark_safe(_(message))  # noqa: S308


def _phone(number: str) -> SafeString:
    link = phone_link(number)
    if link:
        return format_html('<a href="{}">{}</a>', link, phone_shown(number))
    return format_html("{}", number)


def _way_in(way: ServiceAccess, service: Service, taken_over: TakenOver | None) -> SafeString:
    parts = [format_html("<strong>{}</strong>", _display(_METHODS, way.method))]
    if taken_over is not None and way.method == taken_over.method:
        # The navigator's answer: the platform's form takes this way in over, and what the
        # family is told of it is the receiving intake's, not the directory's.
        if taken_over.words:
            parts.append(format_html("<br>{}", taken_over.words))
        return format_html("<li>\n{}\n</li>", mark_safe("\n".join(parts)))  # noqa: S308
    if way.instructions:
        parts.append(format_html('<br><span lang="en" dir="ltr">{}</span>', way.instructions))
    if way.phone:
        parts.append(format_html("<br>{} {}", _t("Phone:"), _phone(way.phone)))
    if way.email:
        parts.append(
            format_html('<br>{} <a href="mailto:{}">{}</a>', _t("Email:"), way.email, way.email)
        )
    if way.url:
        parts.append(
            format_html(
                '<br><a href="{}">{}</a>',
                way.url,
                # As `{% blocktranslate %}`: the name escaped, the words as translated.
                mark_safe(_("Website for %(name)s") % {"name": escape(service.name)}),  # noqa: S308
            )
        )
    return format_html("<li>\n{}\n</li>", mark_safe("\n".join(parts)))  # noqa: S308


def _ways_in(service: Service, taken_over: TakenOver | None) -> SafeString:
    ways = list(service.access.all())
    if ways:
        items = mark_safe("\n".join(_way_in(way, service, taken_over) for way in ways))  # noqa: S308
    elif service.phone:
        items = format_html("<li>{} {}</li>", _t("Phone:"), _phone(service.phone))
    else:
        items = format_html("<li>{}</li>", _t("Contact the service for how to get support."))
    return format_html('\n<ul class="nhsuk-list">\n{}\n</ul>\n', items)


_CARD = """<div class="nhsuk-card">
  <div class="nhsuk-card__content">
    <h3 class="nhsuk-card__heading nhsuk-heading-m">
      <a href="{url}" lang="en" dir="ltr">{name}</a>
    </h3>
    <p class="nhsuk-body-s"><span lang="en" dir="ltr">{organisation}</span> · {ring}{status}</p>
    <p class="nhsuk-card__description" lang="en" dir="ltr">{summary}</p>
    {reasons}
    <dl class="nhsuk-summary-list nhsuk-summary-list--no-border">
      <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">{does}</dt><dd class="nhsuk-summary-list__value" lang="en" dir="ltr">{remit}</dd></div>
      <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">{does_not}</dt><dd class="nhsuk-summary-list__value" lang="en" dir="ltr">{boundaries}</dd></div>
      <div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">{how}</dt><dd class="nhsuk-summary-list__value">{ways_in}</dd></div>
    </dl>
  </div>
</div>"""  # noqa: E501

_REASONS = """<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">{information} </span>
      <p class="nhsuk-u-margin-bottom-1"><strong>{why}</strong></p>
      <ul class="nhsuk-list nhsuk-list--bullet nhsuk-u-margin-bottom-0">
        {reasons}
      </ul>
    </div>"""  # noqa: E501


def _reasons(reasons: Iterable[str]) -> SafeString:
    # As `format_html_join`, without its `format_html` for each reason.
    items = mark_safe("".join(f"<li>{conditional_escape(reason)}</li>" for reason in reasons))  # noqa: S308
    if not items:
        return mark_safe("")
    return format_html(
        _REASONS, information=_t("Information:"), why=_t("Why it matches"), reasons=items
    )


@dataclass(frozen=True)
class TakenOver:
    """The navigator's receiving service (`directory/_access.html`'s `taken_over`,
    `receiver` and `receiver_words`): the way in that the platform's form takes over, and
    what the family is told of it instead of the directory's details."""

    method: str
    words: str


def card(match: Match, *, taken_over: TakenOver | None = None) -> SafeString:
    """One result: what the service does, what it does not, how to get in, and why it
    matched. Expects the service's organisation and ways in to be read with it.
    `taken_over` is given for the navigator's receiving service only."""
    service = match.service
    status = (
        format_html(
            ' · <strong class="nhsuk-tag nhsuk-tag--yellow">{}</strong>',
            _display(_STATUSES, service.status),
        )
        if service.status != Service.Status.ACTIVE
        else ""
    )
    return format_html(
        _CARD,
        url=reverse("directory:service", kwargs={"code": service.code}),
        name=service.name,
        organisation=service.organisation.name,
        ring=_display(_RINGS, service.ring),
        status=status,
        summary=service.summary,
        reasons=_reasons(match.reasons),
        does=_t("What it does"),
        remit=service.remit,
        does_not=_t("What it does not do"),
        boundaries=service.boundaries,
        how=_t("How to get support"),
        ways_in=_ways_in(service, taken_over),
    )
