"""The consultation pages: a practitioner's bookings and booking a slot (from these pages,
from the navigator's consultation answer, or from a referral redirected to consultation),
each booking with its move, cancel and calendar invitation; and the team's offer for its
clinicians and managers, publishing and withdrawing slots. Every page works without
JavaScript."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from littleminds.accounts.decorators import permission_required
from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.consultations import calendar, selectors, services
from littleminds.consultations.forms import (
    TAKEN,
    BookingForm,
    CancelForm,
    FreeSlotFilter,
    MoveForm,
    SlotForm,
    when,
)
from littleminds.consultations.models import Booking
from littleminds.consultations.views_records import records_context
from littleminds.core.postcodes import InvalidPostcode, parse_postcode
from littleminds.pathway import journey
from littleminds.pathway import selectors as pathway_selectors
from littleminds.pathway.labels import CONCERN_LABELS
from littleminds.referrals.models import Referral

FROM_NAVIGATOR = "navigator"
FROM_REFERRAL = "referral"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


@permission_required(Permission.CONSULTATIONS_VIEW)
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """A practitioner's bookings, and the team's offer for its clinicians and managers."""
    user = _user(request)
    context: dict[str, Any] = {}
    if user.has_perm(Permission.CONSULTATIONS_BOOK):
        context["mine"] = selectors.bookings_of_practitioner(by=user)
    if user.has_perm(Permission.CONSULTATIONS_OFFER):
        context["weeks"] = selectors.team_weeks(by=user)
        context["team_slots"] = selectors.team_slots(by=user)
    return render(request, "consultations/home.html", context)


# Booking ---------------------------------------------------------------------------------


@dataclass
class Carried:
    """What the booking form starts from: where the practitioner came from, and what was
    said there, so that nothing is asked twice."""

    source: str = Booking.Source.PAGES
    navigator_route: str = ""
    referral: Referral | None = None
    initial: dict[str, Any] = field(default_factory=dict)
    rows: list[tuple[str, str]] = field(default_factory=list)
    hidden: dict[str, str] = field(default_factory=dict)


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _from_navigator(request: HttpRequest) -> Carried:
    """The navigator's answers (its signed cookie on this device): the worries to discuss,
    and the baby's dates and postcode, kept for the family's details should the family
    agree to share them; the route the navigator gave, for the evaluation."""
    answers = journey.load(request)
    given = journey.payload(answers)
    carried = Carried(source=Booking.Source.NAVIGATOR, hidden={"from": FROM_NAVIGATOR})
    if not given:
        return carried
    chosen = set(given.get("concerns") or [])
    concerns = [code for code in CONCERN_LABELS if code in chosen]
    carried.initial["concerns"] = concerns
    if given.get("pregnant") is True:
        carried.initial["born"] = "unborn"
        carried.initial["expected_delivery_date"] = _iso(given.get("expected_delivery_date"))
    elif _iso(given.get("child_date_of_birth")):
        carried.initial["born"] = "born"
        carried.initial["child_date_of_birth"] = _iso(given.get("child_date_of_birth"))
    with contextlib.suppress(InvalidPostcode):
        carried.initial["postcode"] = str(parse_postcode(str(given.get("postcode") or "")))
    decided = pathway_selectors.answer_given(answers)
    carried.navigator_route = decided[3].route.value if decided else ""
    if concerns:
        carried.rows.append(
            (_("Worries"), ", ".join(str(CONCERN_LABELS[code]) for code in concerns))
        )
    return carried


def _from_referral(request: HttpRequest, user: User, reference: str) -> Carried:
    referral = selectors.redirected_referral(by=user, reference=reference)
    concerns = [code for code in CONCERN_LABELS if code in set(referral.concerns or [])]
    carried = Carried(
        source=Booking.Source.REFERRAL,
        referral=referral,
        initial={"concerns": concerns},
        hidden={"from": FROM_REFERRAL, "reference": referral.reference or ""},
    )
    carried.rows.append((_("Referral"), referral.reference or ""))
    if concerns:
        carried.rows.append(
            (_("Worries"), ", ".join(str(CONCERN_LABELS[code]) for code in concerns))
        )
    return carried


def _carried(request: HttpRequest, user: User) -> Carried:
    source = request.POST.get("from") or request.GET.get("from") or ""
    if source == FROM_NAVIGATOR:
        return _from_navigator(request)
    if source == FROM_REFERRAL:
        reference = request.POST.get("reference") or request.GET.get("reference") or ""
        return _from_referral(request, user, reference)
    return Carried()


@permission_required(Permission.CONSULTATIONS_BOOK)
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    """The free slots (filtered by how and from which day) and what to discuss."""
    user = _user(request)
    carried = _carried(request, user)
    filters = FreeSlotFilter(request.GET or None)
    start, end, mode = filters.window()
    # A referral's consultation is with the team that redirected it.
    team = carried.referral.team if carried.referral is not None else None
    slots = selectors.free_slots(start=start, end=end, mode=mode, team=team)
    form = BookingForm(_posted(request), slots=slots, initial=carried.initial)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                by=user,
                practitioner=user,
                slot=form.chosen_slot(),
                request=services.Request(
                    concerns=form.cleaned_data["concerns"],
                    note=form.cleaned_data["note"],
                    phone=form.cleaned_data["phone"],
                    family=form.family(),
                    source=carried.source,
                    navigator_route=carried.navigator_route,
                    referral=carried.referral,
                ),
            )
        except (services.SlotTaken, services.SlotUnavailable):
            form.add_error("slot", TAKEN)
            form.fields["slot"].choices = [  # type: ignore[attr-defined]
                (code, words)
                for code, words in form.fields["slot"].choices  # type: ignore[attr-defined]
                if code != form.cleaned_data.get("slot")
            ]
        else:
            messages.success(
                request,
                _(
                    "Your consultation is booked for %(when)s. We have emailed you and the "
                    "clinician."
                )
                % {"when": when(booking.slot)},
            )
            return redirect("consultations:booking", code=booking.code)
    return render(
        request,
        "consultations/book.html",
        {
            "form": form,
            "filters": filters,
            "carried": carried,
            "slots": slots,
            "start": start,
            "end": end,
            "filter_hidden": carried.hidden,
        },
    )


@permission_required(Permission.CONSULTATIONS_VIEW)
@require_GET
def booking(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.booking_for(by=user, code=code)
    return render(
        request,
        "consultations/booking.html",
        {
            "booking": found,
            "when": when(found.slot),
            "concerns": [str(CONCERN_LABELS[c]) for c in found.concerns if c in CONCERN_LABELS],
            "changeable": found.is_active and found.slot.starts_at > timezone.now(),
            # A calendar file is for a consultation to come, not one that has been.
            "coming": found.slot.starts_at > timezone.now(),
            "own": found.practitioner_id == user.pk,
            **records_context(user, found),
        },
    )


def _changeable(request: HttpRequest, booking: Booking) -> HttpResponse | None:
    if not booking.is_active:
        messages.error(request, _("This consultation is cancelled."))
    elif booking.slot.starts_at <= timezone.now():
        messages.error(request, _("This consultation has started or is over."))
    else:
        return None
    return redirect("consultations:booking", code=booking.code)


@permission_required(Permission.CONSULTATIONS_VIEW)
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.booking_for(by=user, code=code)
    if (refused := _changeable(request, found)) is not None:
        return refused
    filters = FreeSlotFilter(request.GET or None)
    start, end, mode = filters.window()
    slots = selectors.free_slots(start=start, end=end, mode=mode, team=found.slot.team_id)
    form = MoveForm(_posted(request), slots=slots, initial={"phone": found.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_move(
                by=user, booking=found, slot=form.chosen_slot(), phone=form.cleaned_data["phone"]
            )
        except (services.SlotTaken, services.SlotUnavailable):
            form.add_error("slot", TAKEN)
        except services.NotAllowed:
            messages.error(request, _("This consultation can no longer be moved."))
            return redirect("consultations:booking", code=found.code)
        else:
            found.refresh_from_db()
            messages.success(
                request,
                _("The consultation is moved to %(when)s. We have emailed the new invitation.")
                % {"when": when(found.slot)},
            )
            return redirect("consultations:booking", code=found.code)
    return render(
        request,
        "consultations/move.html",
        {"booking": found, "when": when(found.slot), "form": form, "filters": filters},
    )


@permission_required(Permission.CONSULTATIONS_VIEW)
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    found = selectors.booking_for(by=user, code=code)
    if (refused := _changeable(request, found)) is not None:
        return refused
    form = CancelForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel(
                by=user,
                booking=found,
                reason=form.cleaned_data["reason"],
                other=form.cleaned_data["other"],
            )
        except services.NotAllowed:
            messages.error(request, _("This consultation can no longer be cancelled."))
        else:
            messages.success(
                request, _("The consultation is cancelled. We have emailed the cancellation.")
            )
        return redirect("consultations:booking", code=found.code)
    return render(
        request,
        "consultations/cancel.html",
        {"booking": found, "when": when(found.slot), "form": form},
    )


@permission_required(Permission.CONSULTATIONS_VIEW)
@require_GET
def invite(request: HttpRequest, code: UUID) -> HttpResponse:
    """The booking's calendar invitation (.ics): a cancelled one's cancels the event."""
    found = selectors.booking_for(by=_user(request), code=code)
    page = request.build_absolute_uri(reverse("consultations:booking", kwargs={"code": found.code}))
    # `?released=1`: the cancellation for a clinician the consultation moved away from.
    released = request.GET.get("released") == "1"
    body = calendar.invitation(
        found, host=request.get_host().split(":")[0], page_url=page, released=released
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    day = timezone.localtime(found.slot.starts_at).date().isoformat()
    response["Content-Disposition"] = f'attachment; filename="consultation-{day}.ics"'
    return response


# The team's offer -----------------------------------------------------------------------


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_http_methods(["GET", "POST"])
def slot_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = SlotForm(_posted(request), by=user)
    if request.method == "POST" and form.is_valid():
        team, clinician = form.chosen()
        data = form.cleaned_data
        try:
            made = services.slots_publish(
                by=user,
                team=team,
                clinician=clinician,
                starts_on=data["day"],
                at=data["at"],
                minutes=int(data["minutes"]),
                mode=data["mode"],
                video_link=data["video_link"],
                place=data["place"],
                weeks=data["weeks"],
            )
        except services.NotAllowed:
            form.add_error(None, _("The slots could not be published: check the date and time"))
        else:
            if len(made) == 1:
                text = _("The slot on %(day)s is published.") % {
                    "day": date_format(timezone.localtime(made[0].starts_at), "j F Y")
                }
            else:
                text = _("%(count)s weekly slots are published, from %(first)s to %(last)s.") % {
                    "count": len(made),
                    "first": date_format(timezone.localtime(made[0].starts_at), "j F Y"),
                    "last": date_format(timezone.localtime(made[-1].starts_at), "j F Y"),
                }
            messages.success(request, text)
            return redirect(reverse("consultations:home") + "#offer")
    return render(request, "consultations/slot_new.html", {"form": form})


@permission_required(Permission.CONSULTATIONS_OFFER)
@require_http_methods(["GET", "POST"])
def slot_withdraw(request: HttpRequest, code: UUID) -> HttpResponse:
    user = _user(request)
    slot = selectors.slot_for_team(by=user, code=code)
    booked = slot.bookings.filter(cancelled_at__isnull=True).first()
    if request.method == "POST":
        try:
            services.slot_withdraw(by=user, slot=slot)
        except services.NotAllowed:
            messages.error(
                request,
                _("This slot cannot be withdrawn: it is booked, or withdrawn already."),
            )
        else:
            messages.success(
                request, _("The slot of %(when)s is withdrawn.") % {"when": when(slot)}
            )
        return redirect(reverse("consultations:home") + "#offer")
    return render(
        request,
        "consultations/slot_withdraw.html",
        {"slot": slot, "when": when(slot), "booked": booked},
    )
