"""A booking's calendar invitation as iCalendar (RFC 5545 and iTIP, RFC 5546), made with
`icalendar` as the casework week's feed is. One event whose UID is the booking's code:
a move sends it again with the new time and a higher SEQUENCE, a cancellation with
METHOD:CANCEL and STATUS:CANCELLED, so a calendar that took the first updates or removes
it. It names no family: "Consultation with <clinician>", the time and how."""

from __future__ import annotations

from datetime import UTC

import icalendar
from django.utils import timezone

from littleminds.consultations.models import Booking, Slot

MODE_WORDS = {
    Slot.Mode.PHONE: "phone call",
    Slot.Mode.VIDEO: "video call",
    Slot.Mode.IN_PERSON: "in person",
}


def invitation(booking: Booking, *, host: str, page_url: str, released: bool = False) -> bytes:
    """The booking's invitation; `released`, the cancellation a clinician gets whose time the
    consultation moved away from (the event goes on with another clinician)."""
    slot = booking.slot
    cancelled = released or not booking.is_active
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Little Minds//Consultations//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{booking.code}@{host}")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", slot.starts_at.astimezone(UTC))
    event.add("dtend", slot.ends_at.astimezone(UTC))
    kind = MODE_WORDS.get(Slot.Mode(slot.mode), slot.mode)
    event.add("summary", f"Consultation with {slot.clinician.full_name} ({kind})")
    if slot.mode == Slot.Mode.VIDEO:
        event.add("location", slot.video_link)
        event.add("url", slot.video_link)
    elif slot.mode == Slot.Mode.IN_PERSON:
        event.add("location", slot.place)
    else:
        event.add("location", "Phone call")
    event.add(
        "description",
        f"Case consultation with {slot.clinician.full_name} of {slot.team.name}. "
        f"The booking (sign-in needed): {page_url}",
    )
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{slot.clinician.email}")
    organizer.params["cn"] = icalendar.vText(slot.clinician.full_name)
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{booking.practitioner.email}")
    attendee.params["cn"] = icalendar.vText(booking.practitioner.full_name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
