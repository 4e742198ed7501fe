"""A registration's calendar invitation as iCalendar (RFC 5545 and iTIP, RFC 5546), made
with `icalendar` as a consultation's is (consultations/calendar.py): one event a part of
the session, whose UID is the registration's code and the part's number. Cancelling sends
it again with a higher SEQUENCE, METHOD:CANCEL and STATUS:CANCELLED, so a calendar that
took the first removes it. Its words are in the person's language: a public registrant's
own, the site's for a signed-in person (as their e-mails are)."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from littleminds.training.models import Registration


def invitation(registration: Registration, *, host: str, page_url: str) -> bytes:
    language = registration.language if registration.is_public else settings.LANGUAGE_CODE
    with translation.override(language):
        return _invitation(registration, host=host, page_url=page_url)


def _invitation(registration: Registration, *, host: str, page_url: str) -> bytes:
    session = registration.session
    course = session.course
    cancelled = registration.status != Registration.Status.HELD
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Little Minds//Training//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    for number, part in enumerate(session.parts.all(), start=1):
        event = icalendar.Event()
        event.add("uid", f"{registration.code}-{number}@{host}")
        event.add("sequence", registration.sequence)
        event.add("dtstamp", timezone.now().astimezone(UTC))
        starts = timezone.make_aware(datetime.combine(part.day, part.starts))
        ends = timezone.make_aware(datetime.combine(part.day, part.ends))
        event.add("dtstart", starts.astimezone(UTC))
        event.add("dtend", ends.astimezone(UTC))
        event.add("summary", _("Training: %(title)s") % {"title": course.title})
        if session.link:
            event.add("location", session.link)
            event.add("url", session.link)
        elif session.place:
            event.add("location", session.place)
        your_place = _("Your place: %(url)s") % {"url": page_url}
        event.add("description", f"{course.summary}\n\n{your_place}")
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        attendee = icalendar.vCalAddress(f"mailto:{registration.person_email}")
        attendee.params["cn"] = icalendar.vText(registration.person_name)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
