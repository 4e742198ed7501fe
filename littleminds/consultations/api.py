"""The consultations API: free slots and booking one, for signed-in practitioners (the
browser session, with its CSRF token, as the pages) and for partner systems with their
organisation's API token acting for a practitioner of that organisation, named by e-mail.

- `GET /api/consultations/slots?from=YYYY-MM-DD&to=YYYY-MM-DD&mode=…`: the free slots.
- `POST /api/consultations/bookings`: `{"slot": "<slot id>", …}`; 201 with the booking,
  409 `{"errors": {"slot": …}}` when another booking holds the slot (the database's one
  booking a slot, ADR 0026), 400 with a message per field for bad input.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth
from pydantic import ConfigDict

from littleminds.accounts.api_auth import OrganisationToken
from littleminds.accounts.models import ApiToken, User
from littleminds.accounts.roles import Permission
from littleminds.consultations import selectors, services
from littleminds.consultations.forms import TAKEN
from littleminds.consultations.models import NAME_LIMIT, NOTE_LIMIT, Booking, Slot
from littleminds.core.api import FieldErrors, InvalidInput, described
from littleminds.core.postcodes import InvalidPostcode, parse_postcode
from littleminds.pathway.engine import OTHER_CONCERNS, RELATIONSHIP_CONCERNS
from littleminds.pathway.validation import birth_date_problem, delivery_date_problem
from littleminds.referrals.validation import Invalid, email_address, phone_number, trimmed

router = Router(tags=["consultations"])

CONCERNS = RELATIONSHIP_CONCERNS | OTHER_CONCERNS


class SlotOut(Schema):
    id: str
    starts_at: str
    ends_at: str
    minutes: int
    mode: str
    mode_words: str
    clinician: str
    team: str
    place: str


class FamilyIn(Schema):
    """Only when the family agrees to share their details."""

    parent_name: str = ""
    baby_name: str = ""
    unborn: bool = False
    child_date_of_birth: date | None = None
    expected_delivery_date: date | None = None
    postcode: str = ""


class BookingIn(Schema):
    slot: str = ""
    # With an organisation's token: the e-mail address of the practitioner's account, in
    # that organisation, for whom the booking is made. Left out when signed in.
    practitioner: str = ""
    # The practitioner's number, which the clinician calls: needed for a slot by phone.
    phone: str = ""
    concerns: list[str] = []
    note: str = ""
    family: FamilyIn | None = None

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slot": "7d0c2b1e-6a36-4d9b-9a53-0d5b5f0e1c11",
                    "practitioner": "amira.ashdown@hv.example",
                    "concerns": ["bonding", "parent_mental_health"],
                    "note": "Mother of a 3-month-old finds it hard to feel close to him.",
                }
            ]
        }
    )


class BookingOut(Schema):
    id: str
    slot: SlotOut
    practitioner: str
    status: str
    url: str
    invitation: str
    video_link: str


def _slot_out(slot: Slot) -> SlotOut:
    return SlotOut(
        id=str(slot.code),
        starts_at=timezone.localtime(slot.starts_at).isoformat(),
        ends_at=timezone.localtime(slot.ends_at).isoformat(),
        minutes=slot.minutes,
        mode=slot.mode,
        mode_words=str(slot.get_mode_display()),
        clinician=slot.clinician.full_name,
        team=slot.team.name,
        place=slot.place,
    )


def _day(value: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[name] = _("Give the date as YYYY-MM-DD, such as 2027-01-14")
        return None


def _caller(request: HttpRequest) -> User | ApiToken:
    who = getattr(request, "auth", None)
    if isinstance(who, ApiToken):
        return who
    assert isinstance(who, User)
    # A signed-in person who does not book consultations: nothing here for them.
    if not who.has_perm(Permission.CONSULTATIONS_BOOK):
        raise Http404
    return who


@router.get(
    "/consultations/slots",
    auth=[OrganisationToken(), django_auth],
    response=described({200: list[SlotOut]}, 400, 401, 404),
    url_name="consultation-slots",
    summary="Free consultation slots between two dates",
)
def slots(
    request: HttpRequest,
    start: str | None = Query(None, alias="from", description="First day, YYYY-MM-DD (today)"),
    end: str | None = Query(None, alias="to", description="Last day, YYYY-MM-DD (4 weeks on)"),
    mode: str | None = Query(None, description="phone, video or in_person (any)"),
) -> HttpResponse:
    """The slots nobody has booked, soonest first, from `from` to `to` (both included, at
    most 92 days apart), of one `mode` or any. For a practitioner signed in, or a partner
    system's token; 404 for a signed-in person who does not book consultations."""
    _caller(request)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    first = _day(start, "from", errors) or today
    if "from" not in errors and not today - timedelta(days=1) <= first <= today + services.AHEAD:
        errors["from"] = _("Give a day from today to a year ahead")
    last = _day(end, "to", errors) or (today if "from" in errors else first) + timedelta(days=27)
    if "to" not in errors and "from" not in errors:
        if last < first:
            errors["to"] = _("Give a day on or after the first day")
        elif (last - first).days > selectors.API_DAYS:
            errors["to"] = _("Ask for %(days)s days at most") % {"days": selectors.API_DAYS}
    if mode and mode not in Slot.Mode.values:
        errors["mode"] = _("Give the mode as phone, video or in_person")
    if errors:
        raise InvalidInput(errors)
    rows = selectors.free_slot_rows(start=first, end=last, mode=mode or "", limit=500)
    # Up to 500 rows: built here as plain values and rendered as they are, rather than
    # each checked again by django-ninja against `SlotOut` (the schema still documents
    # them, and a test holds the rows to it).
    from littleminds.api import api  # the API this router is part of (it imports this)

    return api.create_response(request, slot_rows(rows), status=200)


def slot_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`SlotOut`s, as dicts, from rows of `selectors.free_slot_rows`. The words of each
    mode are translated, and the time zone found, once for them all, not once a row; and
    each time is written out once however many slots share it (a team's clinicians offer
    the same hours, so 500 slots hold about a hundred times: bench/consultations.py)."""
    words = {mode: str(label) for mode, label in Slot.Mode.choices}
    zone = timezone.get_current_timezone()
    written: dict[datetime, str] = {}

    def iso(moment: datetime) -> str:
        text = written.get(moment)
        if text is None:
            text = written[moment] = moment.astimezone(zone).isoformat()
        return text

    return [
        {
            "id": str(row["code"]),
            "starts_at": iso(row["starts_at"]),
            "ends_at": iso(row["starts_at"] + timedelta(minutes=row["minutes"])),
            "minutes": row["minutes"],
            "mode": row["mode"],
            "mode_words": words[row["mode"]],
            "clinician": row["clinician__full_name"],
            "team": row["team__name"],
            "place": row["place"],
        }
        for row in rows
    ]


def _practitioner(caller: User | ApiToken, named: str, errors: dict[str, str]) -> User | None:
    if isinstance(caller, User):
        return caller
    try:
        address = email_address(named)
    except Invalid as error:
        errors["practitioner"] = str(error)
        return None
    if not address:
        errors["practitioner"] = _("Name the practitioner by the email address of their account")
        return None
    person = User.objects.filter(
        email__iexact=address, is_active=True, organisation=caller.organisation
    ).first()
    if person is None or not person.has_perm(Permission.CONSULTATIONS_BOOK):
        errors["practitioner"] = _(
            "No practitioner of your organisation has an account with this email address"
        )
        return None
    return person


def _family(given: FamilyIn | None, errors: dict[str, str]) -> services.Family | None:
    if given is None:
        return None
    today = timezone.localdate()

    def text(name: str, what: str) -> str:
        try:
            return trimmed(getattr(given, name), limit=NAME_LIMIT, what=what)
        except Invalid as error:
            errors[f"family.{name}"] = str(error)
            return ""

    parent = text("parent_name", _("The parent or carer's name"))
    baby = text("baby_name", _("The baby's name"))
    if not parent and "family.parent_name" not in errors:
        errors["family.parent_name"] = _("Enter the parent or carer's full name")
    if given.unborn:
        if given.expected_delivery_date is None:
            errors["family.expected_delivery_date"] = _("Enter the date the baby is due")
        elif problem := delivery_date_problem(given.expected_delivery_date, today):
            errors["family.expected_delivery_date"] = problem
    elif given.child_date_of_birth is None:
        errors["family.child_date_of_birth"] = _("Enter the baby's date of birth")
    elif problem := birth_date_problem(given.child_date_of_birth, today):
        errors["family.child_date_of_birth"] = problem
    postcode = ""
    if not (given.postcode or "").strip():
        errors["family.postcode"] = _("Enter the family's home postcode")
    else:
        try:
            postcode = str(parse_postcode(given.postcode))
        except InvalidPostcode as error:
            errors["family.postcode"] = str(error)
    return services.Family(
        parent_name=parent,
        baby_name=baby,
        unborn=given.unborn,
        child_date_of_birth=None if given.unborn else given.child_date_of_birth,
        expected_delivery_date=given.expected_delivery_date if given.unborn else None,
        postcode=postcode,
    )


@router.post(
    "/consultations/bookings",
    auth=[OrganisationToken(), django_auth],
    response=described({201: BookingOut}, 400, 401, 403, 404, 409, body=True),
    url_name="consultation-bookings-create",
    summary="Book a free consultation slot",
)
def booking_create(request: HttpRequest, payload: BookingIn) -> Status[Any]:
    """Books `slot` (an id from `GET /api/consultations/slots`) for the practitioner signed
    in, or, with an organisation's token, for the practitioner of that organisation named
    in `practitioner`. `concerns` are the navigator's worry codes; `family` only when the
    family agrees to share their details. 201 with the booking (its page and calendar
    invitation, behind sign-in); 409 when the slot has just been taken, is withdrawn or has
    begun; 400 with a message per field; 403 when a signed-in call lacks its CSRF token;
    404 for a signed-in person who does not book consultations."""
    caller = _caller(request)
    errors: dict[str, str] = {}
    practitioner = _practitioner(caller, payload.practitioner, errors)
    slot = None
    try:
        code = UUID(payload.slot.strip())
    except ValueError:
        errors["slot"] = _("Give the id of a free slot, from GET /api/consultations/slots")
    else:
        slot = selectors.slot_any(code=code)
        if slot is None:
            errors["slot"] = _("There is no slot with this id")
    phone = ""
    try:
        phone = phone_number(payload.phone) if payload.phone.strip() else ""
    except Invalid as error:
        errors["phone"] = str(error)
    if slot is not None and slot.mode == Slot.Mode.PHONE and not phone and "phone" not in errors:
        errors["phone"] = _("Give the number the clinician should call, for a slot by phone")
    concerns = list(dict.fromkeys(payload.concerns))
    unknown = sorted(set(concerns) - CONCERNS)
    if unknown:
        errors["concerns"] = _("These are not worries the service knows: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
    note = ""
    try:
        note = trimmed(payload.note, limit=NOTE_LIMIT, what=_("The note"))
    except Invalid as error:
        errors["note"] = str(error)
    family = _family(payload.family, errors)
    if errors:
        raise InvalidInput(errors)
    assert practitioner is not None
    assert slot is not None
    try:
        booking = services.booking_create(
            by=practitioner,
            practitioner=practitioner,
            slot=slot,
            request=services.Request(
                concerns=concerns,
                note=note,
                phone=phone,
                family=family,
                source=Booking.Source.API if isinstance(caller, ApiToken) else Booking.Source.PAGES,
                via_token=caller.name if isinstance(caller, ApiToken) else "",
            ),
        )
    except services.SlotTaken:
        return Status(409, FieldErrors(errors={"slot": str(TAKEN)}))
    except services.SlotUnavailable as refused:
        return Status(409, FieldErrors(errors={"slot": str(refused)}))
    return Status(201, _booking_out(request, booking))


def _booking_out(request: HttpRequest, booking: Booking) -> BookingOut:
    return BookingOut(
        id=str(booking.code),
        slot=_slot_out(booking.slot),
        practitioner=booking.practitioner.email,
        status="booked" if booking.is_active else "cancelled",
        url=request.build_absolute_uri(
            reverse("consultations:booking", kwargs={"code": booking.code})
        ),
        invitation=request.build_absolute_uri(
            reverse("consultations:invite", kwargs={"code": booking.code})
        ),
        video_link=booking.slot.video_link,
    )
