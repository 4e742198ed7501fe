"""Community events as iCalendar (RFC 5545), made with `icalendar` as training's
invitations are: one VEVENT an event, whose UID is the event's code, so that a calendar
that subscribed to the feed updates an event rather than adding it twice. The words are in
the page's language."""

from __future__ import annotations

from datetime import UTC

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.community.models import Event


def _vevent(event: Event, *, host: str, page_url: str) -> icalendar.Event:
    item = icalendar.Event()
    item.add("uid", f"{event.code}@{host}")
    item.add("dtstamp", timezone.now().astimezone(UTC))
    item.add("dtstart", event.starts_at.astimezone(UTC))
    item.add("dtend", event.ends_at.astimezone(UTC))
    item.add("summary", event.title)
    if event.online:
        # The joining link, where there is one, is where the family goes.
        item.add("location", event.link or _("Online"))
    else:
        item.add(
            "location", ", ".join(p for p in (event.venue, event.address, event.postcode) if p)
        )
    item.add("url", page_url)
    parts = [event.description]
    if event.how_to_come:
        parts.append(event.how_to_come)
    if event.online and event.link:
        parts.append(_("Join the event online: %(link)s") % {"link": event.link})
    parts.append(_("More about it, and booking: %(url)s") % {"url": page_url})
    item.add("description", "\n\n".join(parts))
    item.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    return item


def calendar_of(events: list[Event], *, host: str, page_url_of: object) -> bytes:
    """A calendar of the events; `page_url_of(event)` gives each event's page address."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Little Minds//What's on//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("What's on for families"))
    for event in events:
        calendar.add_component(_vevent(event, host=host, page_url=page_url_of(event)))  # type: ignore[operator]
    return bytes(calendar.to_ical())
