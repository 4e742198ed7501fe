"""The team's pages of an event's bookings (ADR 0038): who booked, with their contacts (each
reading audited), cancelling a booking, and cancelling the event, which tells the families."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.community import selectors_public as selectors
from littleminds.community import services_booking as booking_services
from littleminds.community.forms_public import EventCancelForm
from littleminds.community.models import Event


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _booking_of(event: Event, code: str) -> Any:
    try:
        wanted = UUID(code)
    except ValueError:
        return None
    return event.bookings.filter(code=wanted).first()


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def event_bookings(request: HttpRequest, code: UUID) -> HttpResponse:
    """The families who booked, with their contacts; reading it is recorded. A booking is
    cancelled by posting its code here."""
    user = _user(request)
    found = selectors.team_event(user, code)
    if request.method == "POST":
        chosen = _booking_of(found, request.POST.get("booking", ""))
        if chosen is None:
            messages.error(request, _("Choose a booking from the list"))
        else:
            try:
                booking_services.booking_cancel(by=user, booking=chosen)
            except booking_services.BookingError as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _("The booking is cancelled"))
        return redirect("community:event-bookings", code=found.code)
    booking_services.bookings_viewed(by=user, event=found)
    return render(
        request,
        "community/manage/bookings.html",
        {
            "event": found,
            "bookings": selectors.event_bookings(found),
            "places_left": selectors.places_left(found),
            "when": booking_services.when_text(found),
        },
    )


@permission_required(Permission.COMMUNITY_MANAGE)
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.team_event(user, code)
    form = EventCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            booking_services.event_cancel(by=user, event=found, reason=form.cleaned_data["reason"])
        except booking_services.BookingError as refused:
            form.add_error("reason", refused.message)
        else:
            messages.success(
                request, _("The event is cancelled, and the families who booked are told")
            )
            return redirect("community:event-detail", code=found.code)
    return render(
        request,
        "community/manage/event_cancel.html",
        {
            "event": found,
            "form": form,
            "held": sum(1 for b in selectors.event_bookings(found) if b.cancelled_at is None),
            "when": booking_services.when_text(found),
        },
        status=400 if request.method == "POST" else 200,
    )
