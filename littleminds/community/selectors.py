"""The staff's reads of campaigns, events and reach. Which records a person may see is
decided here only: the team's community workers and managers (`community.manage`) see all
their team's records; other holders of `community.view` see the published events of every
team that are still to come, read only. Anyone else gets 404."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from littleminds.accounts.models import Team, User
from littleminds.accounts.roles import Permission
from littleminds.community.languages import Language
from littleminds.community.models import Campaign, Event, Reach, ReachMaterial

EVENTS_A_PAGE = 50


def managed_teams(user: Any) -> list[Team]:
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        return []
    return user.teams_with(Permission.COMMUNITY_MANAGE)


def can_view(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm(Permission.COMMUNITY_VIEW)
    )


def _coming(now: datetime | None = None) -> Q:
    """Published, not cancelled and not yet ended."""
    return Q(
        published_at__isnull=False,
        cancelled_at__isnull=True,
        ends_at__gt=now or timezone.now(),
    )


def _reached() -> Exists:
    return Exists(Reach.objects.filter(event=OuterRef("pk")))


# Campaigns -----------------------------------------------------------------------------


def team_campaigns(user: Any) -> QuerySet[Campaign]:
    return Campaign.objects.filter(team__in=managed_teams(user)).select_related("team")


def campaign_for(user: Any, code: Any) -> Campaign:
    """One of the person's teams' campaigns, or 404."""
    campaign = team_campaigns(user).filter(code=code).first()
    if campaign is None:
        raise Http404
    return campaign


def running_campaigns(user: Any) -> list[Campaign]:
    today = timezone.localdate()
    return list(team_campaigns(user).filter(starts__lte=today, ends__gte=today))


@dataclass
class KindCount:
    label: str
    held: int = 0
    coming: int = 0
    cancelled: int = 0


@dataclass
class CampaignSummary:
    """A campaign's events and reach, summed."""

    events: Sequence[Event]
    activities: list[Reach]
    kinds: list[KindCount]
    adults: int
    babies: int
    online_views: int
    records: int
    materials: list[tuple[str, int]]  # (language's name, count), most first
    districts: list[dict[str, Any]]  # district, adults, babies, records
    partners: list[Any] = field(default_factory=list)

    @property
    def materials_total(self) -> int:
        return sum(count for _name, count in self.materials)


def campaign_summary(campaign: Campaign, *, now: datetime | None = None) -> CampaignSummary:
    """Its events (each with its reach summed), the reach of activities without an event,
    and the totals: seven queries, however many events and records."""
    now = now or timezone.now()
    events = list(
        campaign.events.annotate(
            reach_adults=Sum("reach__adults"),
            reach_babies=Sum("reach__babies"),
            reach_views=Sum("reach__online_views"),
            reach_records=Count("reach"),
        ).order_by("starts_at", "pk")
    )
    labels = dict(Event.Kind.choices)
    kinds = {kind: KindCount(str(label)) for kind, label in labels.items()}
    for event in events:
        count = kinds[event.kind]
        if event.cancelled_at is not None:
            count.cancelled += 1
        elif event.ends_at <= now:
            count.held += 1
        else:
            count.coming += 1
    reach = Reach.objects.filter(campaign=campaign)
    totals = reach.aggregate(
        adults=Sum("adults"), babies=Sum("babies"), views=Sum("online_views"), records=Count("pk")
    )
    names = dict(Language.choices)
    materials = [
        (str(names.get(row["language"], row["language"])), row["total"])
        for row in ReachMaterial.objects.filter(reach__campaign=campaign)
        .values("language")
        .annotate(total=Sum("count"))
        .order_by("-total", "language")
    ]
    districts = sorted(
        reach.values("postcode_district")
        .annotate(adults_sum=Sum("adults"), babies_sum=Sum("babies"), records=Count("pk"))
        .order_by("postcode_district"),
        key=lambda row: district_order(row["postcode_district"]),
    )
    activities = list(reach.filter(event__isnull=True).prefetch_related("materials"))
    return CampaignSummary(
        events=events,
        activities=activities,
        kinds=[k for k in kinds.values() if k.held or k.coming or k.cancelled],
        adults=totals["adults"] or 0,
        babies=totals["babies"] or 0,
        online_views=totals["views"] or 0,
        records=totals["records"] or 0,
        materials=materials,
        districts=[
            {
                "district": row["postcode_district"],
                "adults": row["adults_sum"] or 0,
                "babies": row["babies_sum"] or 0,
                "records": row["records"],
            }
            for row in districts
        ],
        partners=list(campaign.partners.all()),
    )


def district_order(district: str) -> tuple[bool, str, int, str]:
    """Districts in their natural order (BD1, BD2, ..., BD13), "not known" (empty) last."""
    found = re.match(r"([A-Za-z]+)(\d*)(.*)", district or "")
    if not district or found is None:
        return (True, district or "", 0, "")
    letters, number, rest = found.groups()
    return (False, letters.upper(), int(number) if number else 0, rest)


# Events --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventFilters:
    when: str = "coming"  # "coming", "past" or "all"
    kind: str = ""
    status: str = ""  # "", "draft", "published" or "no_reach"
    campaign: Campaign | None = None


def events_for(user: Any, filters: EventFilters, page: Any = None) -> Page[Any]:
    """The person's teams' events, drafts too; for a viewer, the published events of every
    team that are still to come. Coming events soonest first, past ones latest first."""
    now = timezone.now()
    teams = managed_teams(user)
    if teams:
        events = Event.objects.filter(team__in=teams)
        when = filters.when
    elif can_view(user):
        events = Event.objects.filter(_coming(now))
        when = "coming"
    else:
        raise Http404
    if when == "coming":
        events = events.filter(ends_at__gt=now).order_by("starts_at", "pk")
    elif when == "past":
        events = events.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.campaign is not None:
        events = events.filter(campaign=filters.campaign)
    if filters.status == "draft":
        events = events.filter(published_at__isnull=True)
    elif filters.status == "published":
        events = events.filter(published_at__isnull=False)
    elif filters.status == "no_reach":
        events = events.filter(
            published_at__isnull=False, cancelled_at__isnull=True, ends_at__lte=now
        ).exclude(_reached())
    events = events.select_related("team", "campaign").annotate(reach_records=Count("reach"))
    return Paginator(events, EVENTS_A_PAGE).get_page(page)


def event_for(user: Any, code: Any) -> Event:
    """An event of the person's teams, or (for a viewer) a published event still to come."""
    events = Event.objects.select_related("team", "campaign", "partner", "created_by")
    teams = managed_teams(user)
    visible = Q(team__in=teams) if teams else Q(pk__in=[])
    if can_view(user):
        visible |= _coming()
    event = events.filter(visible, code=code).first()
    if event is None:
        raise Http404
    return event


def event_to_manage(user: Any, code: Any) -> Event:
    event = (
        Event.objects.select_related("team", "campaign", "partner")
        .filter(team__in=managed_teams(user), code=code)
        .first()
    )
    if event is None:
        raise Http404
    return event


def can_manage(user: Any, event: Event) -> bool:
    return any(team.pk == event.team_id for team in managed_teams(user))


def has_happened(event: Event) -> bool:
    """Whether the event has begun, so that its reach can be recorded."""
    return event.starts_at <= timezone.now()


def event_reach(event: Event) -> list[Reach]:
    return list(
        event.reach.select_related("created_by").prefetch_related(
            Prefetch("materials", queryset=ReachMaterial.objects.order_by("language"))
        )
    )


def reach_to_manage(user: Any, code: Any) -> Reach:
    reach = (
        Reach.objects.select_related("event", "campaign", "team")
        .prefetch_related("materials")
        .filter(team__in=managed_teams(user), code=code)
        .first()
    )
    if reach is None:
        raise Http404
    return reach


def waiting_for_reach(user: Any) -> QuerySet[Event]:
    """Published events of the person's teams that have ended, were not cancelled, and have
    no reach recorded yet."""
    return (
        Event.objects.filter(
            team__in=managed_teams(user),
            published_at__isnull=False,
            cancelled_at__isnull=True,
            ends_at__lte=timezone.now(),
        )
        .exclude(_reached())
        .order_by("-starts_at", "-pk")
    )


def coming_events(user: Any, limit: int = 10) -> list[Event]:
    """For the community home: the team's coming events (drafts too), or for a viewer the
    published coming events of every team."""
    now = timezone.now()
    teams = managed_teams(user)
    if teams:
        events = Event.objects.filter(team__in=teams, cancelled_at__isnull=True, ends_at__gt=now)
    else:
        events = Event.objects.filter(_coming(now))
    return list(events.select_related("team").order_by("starts_at", "pk")[:limit])


def materials_by_language(reach_records: list[Reach]) -> dict[int, list[tuple[str, int]]]:
    names = dict(Language.choices)
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for reach in reach_records:
        for material in reach.materials.all():
            found[reach.pk].append((str(names.get(material.language, "")), material.count))
    return found
