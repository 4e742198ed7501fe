"""Writes of booking places at community events (ADR 0038): a family books places, the team
cancels a booking or the whole event, and reading the bookings is recorded.

Every change of places first locks the event's row (`select_for_update`), so two families
who book the last place at once get one booking between them and the other a clear
message. Each write is audited in its transaction, with codes only; the messages to the
families are sent once it commits, in the language each booked in.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from littleminds.accounts.models import User
from littleminds.audit.services import audit_record
from littleminds.community.models import PEOPLE_PER_BOOKING_MAX, REASON_LIMIT, Event, EventBooking
from littleminds.community.selectors_public import WHATS_ON
from littleminds.core import caching
from littleminds.core.background import run_in_background
from littleminds.notifications import backends

# The languages of the public pages, in which a family books and is written to.
LANGUAGES = ("en", "ur", "pl", "ro")


class BookingError(Exception):
    """The booking cannot be made or changed; the message says why, for the page."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


def whats_on_changed() -> None:
    """Give What's on's cached pages a new generation (ADR 0050), inside the caller's
    transaction. Every write that changes what the list finds or shows calls it: an event
    made, changed, published, made a draft again or cancelled, a booking made or cancelled
    (the places left). A bulk load that writes the tables itself calls it at the end."""
    caching.generation_changed(WHATS_ON)


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("team").get(pk=event.pk)


def _taken(event: Event) -> int:
    total = event.bookings.filter(cancelled_at__isnull=True).aggregate(total=Sum("people"))
    return int(total["total"] or 0)


def when_text(event: Event) -> str:
    """The day and time in words, in the active language: "Tuesday 14 January 2027, 10:00
    to 12:00"."""
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    day = formats.date_format(starts, "l j F Y")
    if starts.date() == ends.date():
        return _("%(day)s, %(starts)s to %(ends)s") % {
            "day": day,
            "starts": f"{starts:%H:%M}",
            "ends": f"{ends:%H:%M}",
        }
    return _("%(starts)s to %(ends)s") % {
        "starts": f"{day}, {starts:%H:%M}",
        "ends": f"{formats.date_format(ends, 'l j F Y')}, {ends:%H:%M}",
    }


def event_book(
    *,
    by: User | None,
    event: Event,
    name: str,
    phone: str,
    email: str,
    people: int,
    language: str = "en",
    now: datetime | None = None,
) -> EventBooking:
    """Book `people` places at the event for a family (`by` is None for a family, who has
    no account). Refused, with a message, when the event is cancelled, has started, needs no
    booking, or has fewer places left."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(event)
        if locked.published_at is None or locked.cancelled_at is not None:
            raise BookingError(_("This event has been cancelled, so it cannot be booked"))
        if locked.starts_at <= now:
            raise BookingError(_("This event has already started, so it cannot be booked"))
        if not locked.booking or locked.places is None:
            raise BookingError(_("This event needs no booking: just come along"))
        left = locked.places - _taken(locked)
        if left <= 0:
            raise BookingError(_("Sorry, this event is now full: the last places have gone"))
        if people > left:
            raise BookingError(
                ngettext(
                    "Sorry, only %(count)s place is left: book %(count)s or fewer",
                    "Sorry, only %(count)s places are left: book %(count)s or fewer",
                    left,
                )
                % {"count": left}
            )
        booking = EventBooking(
            event=locked,
            name=name.strip(),
            phone=phone,
            email=email,
            people=people,
            language=language if language in LANGUAGES else "en",
            created_at=now,
        )
        booking.full_clean()
        booking.save()
        whats_on_changed()
        audit_record(
            by=by,
            action="community.event_booked",
            target=booking,
            team=locked.team,
            detail={"event": str(locked.code), "people": people},
        )
        if booking.email:
            _send(booking, booked_message(locked, booking))
    return booking


def bookings_viewed(*, by: User, event: Event) -> None:
    """Record that `by` read the event's bookings, with the families' names and contacts."""
    with transaction.atomic():
        audit_record(
            by=by,
            action="community.bookings_viewed",
            target=event,
            team=event.team,
            detail={"event": str(event.code)},
        )


def booking_cancel(*, by: User, booking: EventBooking, now: datetime | None = None) -> EventBooking:
    """The team cancels one family's booking (they rang to say they cannot come); its
    places are free again at once."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_event = _lock(booking.event)
        locked = EventBooking.objects.select_for_update().get(pk=booking.pk)
        if locked.cancelled_at is not None:
            raise BookingError(_("This booking has been cancelled already"))
        locked.cancelled_at = now
        locked.full_clean()
        locked.save(update_fields=["cancelled_at"])
        whats_on_changed()
        audit_record(
            by=by,
            action="community.booking_cancelled",
            target=locked,
            team=locked_event.team,
            detail={"event": str(locked_event.code), "people": locked.people},
        )
    return locked


def event_cancel(*, by: User, event: Event, reason: str, now: datetime | None = None) -> Event:
    """Cancel the event, saying why; every family holding a booking is told, by email or
    text message, in the language they booked in."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(_("Say why the event is cancelled"))
    if len(reason) > REASON_LIMIT:
        raise BookingError(
            _("The reason must be %(limit)s characters or fewer") % {"limit": REASON_LIMIT}
        )
    with transaction.atomic():
        locked = _lock(event)
        if locked.cancelled_at is not None:
            raise BookingError(_("This event has been cancelled already"))
        if locked.ends_at <= now:
            raise BookingError(_("This event has ended, so it cannot be cancelled"))
        locked.cancelled_at = now
        locked.cancelled_by = by
        locked.cancel_reason = reason
        locked.full_clean()
        locked.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        whats_on_changed()
        held = list(locked.bookings.filter(cancelled_at__isnull=True))
        audit_record(
            by=by,
            action="community.event_cancelled",
            target=locked,
            team=locked.team,
            detail={"bookings": len(held)},
        )
        for booking in held:
            _tell_cancelled(locked, booking)
    return locked


# Telling the families --------------------------------------------------------------------


def event_url(event: Event) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "community:whats-on-event", kwargs={"code": event.code}
    )


def cancelled_message(event: Event, booking: EventBooking) -> backends.Outgoing:
    """The message that tells a family the event they booked is cancelled: an email when
    they gave an address, a text message otherwise."""
    with translation.override(booking.language or "en"):
        subject = _("Cancelled: %(title)s") % {"title": event.title}
        lines = [
            _("Sorry: the event you booked has been cancelled.") + " " + event.title,
            _("It was to be on %(when)s.") % {"when": when_text(event)},
            _("Why: %(reason)s") % {"reason": event.cancel_reason},
            _("You need do nothing. To find another event, see What's on: %(url)s")
            % {"url": settings.SITE_URL.rstrip("/") + reverse("community:whats-on")},
        ]
    if booking.email:
        return backends.Outgoing(
            channel="email",
            to=booking.email,
            subject=subject[:200],
            body="\n\n".join(lines) + "\n",
            reference=str(booking.code),
        )
    return backends.Outgoing(
        channel="text",
        to=booking.phone,
        subject="",
        body=" ".join(lines[:3]),
        reference=str(booking.code),
    )


def places_booked_message(booked: int) -> str:
    return ngettext(
        "%(count)s place is booked already: give %(count)s or more",
        "%(count)s places are booked already: give %(count)s or more",
        booked,
    ) % {"count": booked}


def changed_message(event: Event, booking: EventBooking) -> backends.Outgoing:
    """The message that tells a family the day, time or place of the event they booked has
    changed: an email when they gave an address, a text message otherwise."""
    with translation.override(booking.language or "en"):
        where = (
            _("Online")
            if event.online
            else ", ".join(p for p in (event.venue, event.address, event.postcode) if p)
        )
        subject = _("Changed: %(title)s") % {"title": event.title}
        lines = [
            _("The event you booked has changed.") + " " + event.title,
            _("When: %(when)s") % {"when": when_text(event)},
            _("Where: %(where)s") % {"where": where},
            _("See the event: %(url)s") % {"url": event_url(event)},
            _("If you cannot come, please tell the team so someone else can have your place."),
        ]
    if booking.email:
        return backends.Outgoing(
            channel="email",
            to=booking.email,
            subject=subject[:200],
            body="\n\n".join(lines) + "\n",
            reference=str(booking.code),
        )
    return backends.Outgoing(
        channel="text",
        to=booking.phone,
        subject="",
        body=" ".join(lines[:3]),
        reference=str(booking.code),
    )


def booked_message(event: Event, booking: EventBooking) -> backends.Outgoing:
    """The email that confirms a family's booking, in the language they booked in, with
    the address of their confirmation page (signed: it cannot be guessed)."""
    from littleminds.community.selectors_public import booking_key

    site = settings.SITE_URL.rstrip("/")
    page = site + reverse("community:whats-on-booked", kwargs={"booking_key": booking_key(booking)})
    with translation.override(booking.language or "en"):
        where = (
            _("Online")
            if event.online
            else ", ".join(p for p in (event.venue, event.address, event.postcode) if p)
        )
        subject = _("Booked: %(title)s") % {"title": event.title}
        lines = [
            ngettext(
                "%(counter)s place is booked for you",
                "%(counter)s places are booked for you",
                booking.people,
            )
            % {"counter": booking.people},
            event.title,
            _("When: %(when)s") % {"when": when_text(event)},
            _("Where: %(where)s") % {"where": where},
            _("Your booking: %(url)s") % {"url": page},
            _("If you cannot come, please tell the team so someone else can have your place."),
            _("This email was sent automatically. Please do not reply to it."),
        ]
    return backends.Outgoing(
        channel="email",
        to=booking.email,
        subject=subject[:200],
        body="\n\n".join(lines) + "\n",
        reference=str(booking.code),
    )


def _tell_cancelled(event: Event, booking: EventBooking) -> None:
    _send(booking, cancelled_message(event, booking))


def _send(booking: EventBooking, message: backends.Outgoing) -> None:
    transaction.on_commit(
        partial(
            run_in_background,
            f"a message about booking {booking.code}",
            partial(family_message_send, booking.pk, message),
        ),
        robust=True,
    )


def family_message_send(booking_id: int, message: backends.Outgoing) -> bool:
    """Hand one family's message to the notifications backend, once, and audit how it
    went (codes only: never the address or the words)."""
    booking = EventBooking.objects.select_related("event__team").filter(pk=booking_id).first()
    if booking is None:
        return False
    sent = backends.send_direct(message, what=f"Community event message for {booking.code}")
    with transaction.atomic():
        audit_record(
            by=None,
            action="community.message_sent" if sent else "community.message_not_sent",
            target=booking,
            team=booking.event.team,
            detail={"event": str(booking.event.code), "channel": message.channel},
        )
    return sent


__all__ = [
    "PEOPLE_PER_BOOKING_MAX",
    "BookingError",
    "booking_cancel",
    "bookings_viewed",
    "event_book",
    "event_cancel",
]
