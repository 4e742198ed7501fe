"""The clinician's calendar feed as iCalendar (RFC 5545), made with `icalendar`. It carries
no names: only "Contact (home visit)", the case's code, the time, the length and the kind of
place, because a calendar app may show it anywhere (a phone's lock screen)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

import icalendar
from django.utils import timezone

from littleminds.casework.models import Contact

PLACE_KIND: dict[str, str] = {
    Contact.Place.HOME: "home visit",
    Contact.Place.CLINIC: "clinic",
    Contact.Place.COMMUNITY: "community venue",
    Contact.Place.VIDEO: "video call",
    Contact.Place.PHONE: "phone call",
}


def feed(contacts: Iterable[Contact], *, host: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Little Minds//Casework week//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Little Minds contacts")
    stamp = timezone.now()
    for contact in contacts:
        kind = PLACE_KIND.get(contact.place, contact.place)
        event = icalendar.Event()
        event.add("uid", f"{contact.code}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", contact.starts_at)
        event.add("dtend", contact.starts_at + timedelta(minutes=contact.minutes))
        event.add("summary", f"Contact ({kind})")
        event.add("location", kind)
        event.add("description", f"Case {contact.case.code}")
        calendar.add_component(event)
    return calendar.to_ical()
