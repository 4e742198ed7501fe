"""The families' "What's on" (ADR 0038): the list of coming events near a postcode, an
event's page with booking, the confirmation of a booking, the calendar feeds; and, for the
team that runs an event, its bookings and cancelling it. Every page works without
JavaScript."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.models import User
from littleminds.community import calendar
from littleminds.community import selectors_public as selectors
from littleminds.community import services_booking as booking_services
from littleminds.community.forms_public import BookingForm, WhatsOnForm
from littleminds.community.languages import Language
from littleminds.community.models import Event
from littleminds.core import caching
from littleminds.core.decorators import public
from littleminds.core.ratelimit import rate_limited

logger = logging.getLogger(__name__)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _filters(form: WhatsOnForm) -> selectors.Filters:
    data = form.cleaned_data
    return selectors.Filters(
        postcode=data["postcode"],
        kind=data["kind"],
        language=data["language"],
        start=data["start"],
        end=data["end"],
    )


def _language() -> str:
    code = (translation.get_language() or "en").split("-")[0]
    return code if code in booking_services.LANGUAGES else "en"


class Labels:
    """The words of the kinds and languages, looked up once a page rather than once an
    event (a model's `get_..._display` builds its choices anew each time)."""

    def __init__(self) -> None:
        self.kinds = {value: str(label) for value, label in Event.Kind.choices}
        self.languages = {value: str(label) for value, label in Language.choices}


def describe(event: Event, labels: Labels) -> Event:
    """Give the event the words a family reads of it: its kind, when, its language and
    interpreter, and its places."""
    left = selectors.places_left(event)
    language = labels.languages.get(event.language, event.language)
    words = _("In %(language)s") % {"language": language}
    if event.interpreter:
        interpreter = labels.languages.get(event.interpreter, event.interpreter)
        words += _(", with an interpreter who speaks %(language)s") % {"language": interpreter}
    if event.cancelled_at or event.ends_at <= timezone.now():
        places = ""
    elif not event.booking:
        places = _("Just come along")
    elif left:
        places = ngettext(
            "Booking needed: %(counter)s place left",
            "Booking needed: %(counter)s places left",
            left,
        ) % {"counter": left}
    else:
        places = _("Full")
    event.kind_label = labels.kinds.get(event.kind, event.kind)  # type: ignore[attr-defined]
    event.when = booking_services.when_text(event)  # type: ignore[attr-defined]
    event.language_words = words  # type: ignore[attr-defined]
    event.places_left = left  # type: ignore[attr-defined]
    event.places_words = places  # type: ignore[attr-defined]
    event.is_full = bool(event.booking and not left)  # type: ignore[attr-defined]
    return event


def near_words(event: Event, filters: selectors.Filters) -> str:
    """Which nearness band the event is in, in words; nothing without a postcode."""
    if not filters.postcode:
        return ""
    band = getattr(event, "band", selectors.BAND_ELSEWHERE)
    if band == selectors.BAND_DISTRICT:
        return _("In %(district)s, near you") % {"district": filters.district}
    if band == selectors.BAND_AREA:
        return _("Elsewhere in the %(area)s area") % {"area": filters.area}
    if band == selectors.BAND_ONLINE:
        return _("Online")
    return _("Further away")


@public
@require_GET
def whats_on(request: HttpRequest) -> HttpResponse:
    """The coming events near a postcode. A page asked for before, since What's on last
    changed and its next event ended, is answered from the cache: its form and its list as
    they were drawn, keyed by the generation, the language and the query as sent (ADR
    0050), so it checks no form, reads no event and draws nothing."""
    version = selectors.whats_on_version()
    key = version and caching.cache_key(
        "community",
        "whats-on",
        version,
        language=translation.get_language(),
        day=timezone.localdate().isoformat(),
        query=request.GET.urlencode(),
    )
    form = None

    def draw() -> tuple[str, str] | None:
        nonlocal form
        form = WhatsOnForm(request.GET)
        if not form.is_valid():
            return None
        filters = _filters(form)
        page = selectors.whats_on_page(filters, request.GET.get("page"))
        events = list(page.object_list)
        labels = Labels()
        for item in events:
            describe(item, labels)
            item.near = near_words(item, filters)  # type: ignore[attr-defined]
        query = request.GET.copy()
        query.pop("page", None)
        drawn = render_to_string(
            "community/public/_whats_on_events.html",
            {
                "events": events,
                "page": page,
                "query": query.urlencode(),
                # Each event's link carries the list's filters, so its "Back" link keeps
                # them.
                "from_query": urlencode({"from": request.GET.urlencode()}) if request.GET else "",
            },
        )
        return str(form), drawn

    drawn = caching.cached(key or None, draw)
    query = request.GET.copy()
    query.pop("page", None)
    context: dict[str, object] = {"form": form, "events": None, "query": query.urlencode()}
    if drawn is not None:
        # Drawn by the form's and our own templates, which escape what they show; kept in
        # the cache as text.
        context["form_html"] = mark_safe(drawn[0])  # noqa: S308
        context["events"] = mark_safe(drawn[1])  # noqa: S308
    return render(
        request,
        "community/public/whats_on.html",
        context,
        status=200 if drawn is not None else 400,
    )


# The list's filters an event page may carry back to the list, and nothing else.
LIST_FIELDS = frozenset(
    {"postcode", "kind", "language", "page"}
    | {f"{name}_{part}" for name in ("start", "end") for part in ("day", "month", "year")}
    | {"start", "end"}
)
# A list's query string is short; anything longer is not one of ours.
BACK_LIMIT = 500


def back_to_list(query: str) -> str:
    """The address of What's on with the filters the family had, from the `from` parameter
    an event's link carries. Only the list's own filters are kept, and the address is
    always What's on's: it cannot send the family anywhere else."""
    home = reverse("community:whats-on")
    if not query or len(query) > BACK_LIMIT:
        return home
    kept = QueryDict(mutable=True)
    for key, values in QueryDict(query).lists():
        if key in LIST_FIELDS:
            kept.setlist(key, [value[:100] for value in values[:1]])
    encoded = kept.urlencode()
    return f"{home}?{encoded}" if encoded else home


def _back_query(back: str) -> str:
    """The `from` parameter that carries the list's filters on to the event's own links."""
    _path, _mark, query = back.partition("?")
    return urlencode({"from": query}) if query else ""


@public
@rate_limited("community_booking")
@require_http_methods(["GET", "POST"])
def event(request: HttpRequest, code: UUID) -> HttpResponse:
    """An event's page; its booking form posts here."""
    found = selectors.public_event(code)
    left = selectors.places_left(found)
    ended = found.ends_at <= timezone.now()
    cancelled = found.cancelled_at is not None
    bookable = found.booking and not cancelled and not ended and found.starts_at > timezone.now()
    form = BookingForm(request.POST if request.method == "POST" else None, places_left=left)
    back = back_to_list(request.GET.get("from", ""))
    status = 200
    if request.method == "POST":
        status = 400
        if not bookable:
            form.add_error(None, _("This event cannot be booked now"))
        elif form.is_robot:
            # Someone filled in the box people never see: nothing is stored, and the page
            # says so plainly, in case it was a person.
            logger.info("community booking: honeypot filled in; nothing stored")
            form.add_error(
                None,
                _(
                    "Your booking has not been made. If you typed in the box called “Leave "
                    "this box empty”, delete what you typed and book again."
                ),
            )
        elif form.is_valid():
            data = form.cleaned_data
            try:
                made = booking_services.event_book(
                    by=None,
                    event=found,
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    people=data["people"],
                    language=_language(),
                )
            except booking_services.BookingError as refused:
                form.add_error("people", refused.message)
            else:
                return redirect(
                    "community:whats-on-booked", booking_key=selectors.booking_key(made)
                )
        # The places left may have changed while the family typed.
        found = selectors.public_event(code)
        left = selectors.places_left(found)
    describe(found, Labels())
    return render(
        request,
        "community/public/event.html",
        {
            "event": found,
            "places_left": left,
            "ended": ended,
            "cancelled": cancelled,
            "bookable": bookable,
            "back": back,
            "back_query": _back_query(back),
            "form": form,
            "when": booking_services.when_text(found),
        },
        status=status,
    )


@public
@require_GET
def booked(request: HttpRequest, booking_key: str) -> HttpResponse:
    made = selectors.booking_of_key(booking_key)
    return render(
        request,
        "community/public/booked.html",
        {
            "booking": made,
            "event": made.event,
            "when": booking_services.when_text(made.event),
        },
    )


def _page_url(request: HttpRequest) -> Any:
    def url(item: Event) -> str:
        return request.build_absolute_uri(
            reverse("community:whats-on-event", kwargs={"code": item.code})
        )

    return url


def _ics(request: HttpRequest, events: list[Event], filename: str) -> HttpResponse:
    body = calendar.calendar_of(
        events, host=request.get_host().split(":")[0], page_url_of=_page_url(request)
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public
@require_GET
def event_ics(request: HttpRequest, code: UUID) -> HttpResponse:
    found = selectors.public_event(code)
    return _ics(request, [found], f"event-{found.starts_at:%Y-%m-%d}.ics")


@public
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """The list as a calendar, with the same filters. Bad filters are refused (400) with a
    message in plain words, rather than an empty calendar that looks like no events."""
    form = WhatsOnForm(request.GET)
    if not form.is_valid():
        message = _(
            "These filters are not right, so there is no calendar. "
            "Check them on What's on and try again."
        )
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return _ics(request, selectors.feed_events(_filters(form)), "whats-on.ics")
