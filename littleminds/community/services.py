"""Writes to the team's campaigns, events and reach. Each is keyword-only, takes the person
who makes it (`by=`), runs in one transaction, checks the record (`full_clean`) and is
audited. Cancelling an event and its bookings are What's on's (`services_booking`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation, Team, User
from littleminds.audit.services import audit_record
from littleminds.community.models import Campaign, Event, EventBooking, Reach, ReachMaterial
from littleminds.community.services_booking import (
    BookingError,
    _send,
    changed_message,
    places_booked_message,
    whats_on_changed,
)
from littleminds.core.postcodes import parse_postcode

CAMPAIGN_FIELDS = ("theme", "key_messages", "languages", "channels", "starts", "ends")
EVENT_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "online",
    "venue",
    "address",
    "postcode",
    "link",
    "how_to_come",
    "audience",
    "language",
    "interpreter",
    "partner",
    "campaign",
    "booking",
    "places",
)
REACH_FIELDS = ("day", "postcode_district", "adults", "babies", "online_views", "note", "channel")


def _plain(value: Any) -> Any:
    if hasattr(value, "code"):
        return str(value.code)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _detail(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(getattr(record, name)) for name in names}


def _changed(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in after.items() if before.get(name) != value}


# Campaigns -----------------------------------------------------------------------------


def _campaign_detail(campaign: Campaign) -> dict[str, Any]:
    detail = _detail(campaign, CAMPAIGN_FIELDS)
    detail["partners"] = sorted(str(o.code) for o in campaign.partners.all())
    return detail


@transaction.atomic
def campaign_create(
    *,
    by: User,
    team: Team,
    partners: list[Organisation] | None = None,
    **fields: Any,
) -> Campaign:
    campaign = Campaign(team=team, created_by=by, **fields)
    campaign.full_clean()
    campaign.save()
    campaign.partners.set(partners or [])
    audit_record(
        by=by,
        action="community.campaign_created",
        target=campaign,
        team=team,
        detail=_campaign_detail(campaign),
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    by: User,
    campaign: Campaign,
    partners: list[Organisation] | None = None,
    **fields: Any,
) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    before = _campaign_detail(campaign)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    if partners is not None:
        campaign.partners.set(partners)
    audit_record(
        by=by,
        action="community.campaign_changed",
        target=campaign,
        team=campaign.team,
        detail=_changed(before, _campaign_detail(campaign)),
    )
    return campaign


# Events --------------------------------------------------------------------------------


def _place(event: Event) -> None:
    """An online event has no venue; one in person keeps its postcode's district."""
    if event.online:
        event.venue = event.address = event.postcode = event.postcode_district = ""
    else:
        postcode = parse_postcode(event.postcode)
        event.postcode = str(postcode)
        event.postcode_district = postcode.district
    if not event.booking:
        event.places = None


@transaction.atomic
def event_create(*, by: User, team: Team, **fields: Any) -> Event:
    event = Event(team=team, created_by=by, **fields)
    _place(event)
    event.full_clean()
    event.save()
    whats_on_changed()
    audit_record(
        by=by,
        action="community.event_created",
        target=event,
        team=team,
        detail=_detail(event, EVENT_FIELDS),
    )
    return event


# What families who booked are told of when it changes.
TOLD_FIELDS = ("starts_at", "ends_at", "online", "venue", "address", "postcode", "link")


def _held(event: Event) -> list[EventBooking]:
    return list(event.bookings.filter(cancelled_at__isnull=True))


@transaction.atomic
def event_update(*, by: User, event: Event, **fields: Any) -> Event:
    """Change the event. When it is published and families hold bookings, its places cannot
    go below those booked nor its booking be turned off, and a change of its day, times or
    place tells each family, in the language they booked in."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = _detail(event, EVENT_FIELDS)
    held = _held(event) if event.cancelled_at is None else []
    booked = sum(b.people for b in held)
    for name, value in fields.items():
        setattr(event, name, value)
    _place(event)
    if held and not event.booking:
        raise BookingError(_("Cancel the bookings first, or cancel the event"))
    if held and event.places is not None and event.places < booked:
        raise BookingError(places_booked_message(booked))
    event.full_clean()
    event.save()
    whats_on_changed()
    after = _detail(event, EVENT_FIELDS)
    moved = [name for name in TOLD_FIELDS if before.get(name) != after.get(name)]
    tell = bool(moved) and bool(held) and event.published_at is not None
    if tell:
        for booking in held:
            _send(booking, changed_message(event, booking))
    # Its reach follows it into (or out of) a campaign.
    event.reach.exclude(campaign=event.campaign).update(campaign=event.campaign)
    audit_record(
        by=by,
        action="community.event_changed",
        target=event,
        team=event.team,
        detail={**_changed(before, after), **({"families_told": len(held)} if tell else {})},
    )
    return event


@transaction.atomic
def event_publish(*, by: User, event: Event, now: datetime | None = None) -> Event:
    """Families see the event on What's on. Publishing it again changes nothing."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.published_at is not None or event.cancelled_at is not None:
        return event
    event.published_at = now or timezone.now()
    event.save(update_fields=["published_at"])
    whats_on_changed()
    audit_record(by=by, action="community.event_published", target=event, team=event.team)
    return event


@transaction.atomic
def event_unpublish(*, by: User, event: Event) -> Event:
    """Back to a draft that families no longer see."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.published_at is None:
        return event
    if event.cancelled_at is None and _held(event):
        raise BookingError(
            _(
                "Families have booked this event, so it cannot go back to a draft: "
                "cancel the event instead, so that they are told"
            )
        )
    event.published_at = None
    event.save(update_fields=["published_at"])
    whats_on_changed()
    audit_record(by=by, action="community.event_unpublished", target=event, team=event.team)
    return event


# Reach ---------------------------------------------------------------------------------


def _materials_detail(reach: Reach) -> dict[str, int]:
    return {m.language: m.count for m in reach.materials.all()}


def _set_materials(reach: Reach, materials: dict[str, int]) -> None:
    """The counts by language, zeros left out."""
    reach.materials.all().delete()
    rows = [
        ReachMaterial(reach=reach, language=language, count=count)
        for language, count in sorted(materials.items())
        if count
    ]
    for row in rows:
        row.full_clean()
    ReachMaterial.objects.bulk_create(rows)


def _reach_detail(reach: Reach) -> dict[str, Any]:
    detail = _detail(reach, REACH_FIELDS)
    detail["materials"] = _materials_detail(reach)
    return detail


@transaction.atomic
def reach_record(
    *,
    by: User,
    event: Event | None = None,
    campaign: Campaign | None = None,
    materials: dict[str, int] | None = None,
    **fields: Any,
) -> Reach:
    """What one event, or one campaign activity without an event, reached. An event's reach
    belongs to the event's campaign too, when it has one."""
    assert event is not None or campaign is not None, "reach is of an event or a campaign"
    team = event.team if event is not None else campaign.team  # type: ignore[union-attr]
    if event is not None:
        campaign = event.campaign
        fields["channel"] = ""
    reach = Reach(team=team, event=event, campaign=campaign, created_by=by, **fields)
    reach.full_clean()
    reach.save()
    _set_materials(reach, materials or {})
    audit_record(
        by=by,
        action="community.reach_recorded",
        target=reach,
        team=team,
        detail={
            "event": str(event.code) if event else "",
            "campaign": str(campaign.code) if campaign else "",
            **_reach_detail(reach),
        },
    )
    return reach


@transaction.atomic
def reach_update(
    *, by: User, reach: Reach, materials: dict[str, int] | None = None, **fields: Any
) -> Reach:
    reach = Reach.objects.select_for_update().get(pk=reach.pk)
    before = _reach_detail(reach)
    if reach.event_id is not None:
        fields["channel"] = ""
    for name, value in fields.items():
        setattr(reach, name, value)
    reach.full_clean()
    reach.save()
    if materials is not None:
        _set_materials(reach, materials)
    audit_record(
        by=by,
        action="community.reach_changed",
        target=reach,
        team=reach.team,
        detail={"before": before, "after": _reach_detail(reach)},
    )
    return reach


@transaction.atomic
def reach_remove(*, by: User, reach: Reach) -> None:
    reach = Reach.objects.select_for_update().get(pk=reach.pk)
    detail = {
        "event": str(reach.event.code) if reach.event else "",
        "campaign": str(reach.campaign.code) if reach.campaign else "",
        **_reach_detail(reach),
    }
    team = reach.team
    audit_record(by=by, action="community.reach_removed", target=reach, team=team, detail=detail)
    reach.delete()
