"""Shared reads of the funnel and barrier pages (`page_funnel`, `page_declines`,
`page_districts`, `page_waiting`): the period as moments, so that indexed datetime fields
are compared with a range rather than through a function, and the referrals of the period
narrowed to the filters."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from littleminds.insights.pages import Filters
from littleminds.insights.selectors import in_ring_or_organisation
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral


def start_of(day: date) -> datetime:
    """The first moment of `day` in the service's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def moments(start: date, end: date) -> tuple[datetime, datetime]:
    """From the first moment of `start` to (not including) the first moment after `end`."""
    return start_of(start), start_of(end + timedelta(days=1))


def referrals_sent(
    filters: Filters, *, narrowed: bool = True, rings: dict[int, str] | None = None
) -> QuerySet[Referral]:
    """Referrals sent to the filters' teams in the period (drafts never count), narrowed to
    the ring or organisation of the referrer when `narrowed` (which leaves out families'
    own referrals, which have no referring organisation, once either is chosen), from
    `rings` (`selectors.organisation_rings()`) when the caller has read them already."""
    since, until = moments(filters.start, filters.end)
    sent = Referral.objects.filter(
        team__in=filters.team_ids, submitted_at__gte=since, submitted_at__lt=until
    ).exclude(status=Status.DRAFT)
    if narrowed:
        sent = in_ring_or_organisation(sent, filters, "referrer_organisation", rings=rings)
    return sent
