"""The demonstration's community messaging (`demo/community.py`): what the issue's
"Demonstration data" asks for, after the whole demonstration has loaded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from littleminds.audit.models import AuditEvent
from littleminds.community.models import (
    Campaign,
    Channel,
    Event,
    EventBooking,
    Material,
    MaterialVersion,
    Reach,
    ReachMaterial,
)
from littleminds.demo import community, data
from littleminds.referrals.models import HeardFrom, Referral

pytestmark = pytest.mark.django_db

# What each kind of file begins with, whatever its name says.
MAGIC = {
    "application/pdf": (0, b"%PDF-"),
    "image/png": (0, b"\x89PNG\r\n\x1a\n"),
    "video/mp4": (4, b"ftyp"),
}


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        "campaigns": list(Campaign.objects.values_list("theme", "languages", "starts", "ends")),
        "events": list(
            Event.objects.order_by("starts_at", "title").values_list(
                "title", "kind", "language", "interpreter", "starts_at", "postcode", "online",
                "booking", "places", "audience", "partner__name", "campaign__theme",
            )
        ),
        "bookings": list(
            EventBooking.objects.order_by("event__starts_at", "name", "people").values_list(
                "event__title", "name", "phone", "email", "people"
            )
        ),
        "materials": list(Material.objects.values_list("title", "kind", "review_by")),
        "versions": list(
            MaterialVersion.objects.order_by("material__title", "language").values_list(
                "material__title", "language", "title", "content_type"
            )
        ),
        "reach": list(
            Reach.objects.order_by("day", "event__title", "channel", "adults").values_list(
                "day", "postcode_district", "adults", "babies", "online_views", "channel"
            )
        ),
        "given": list(
            ReachMaterial.objects.order_by("reach__day", "reach__adults", "language").values_list(
                "reach__day", "language", "count"
            )
        ),
    }  # fmt: skip


def test_the_demonstration_has_a_year_of_community_messaging() -> None:
    data.load()
    now, today = timezone.now(), timezone.localdate()

    # Two campaigns over a year, run by the charity's community team with partners.
    campaigns = list(Campaign.objects.all())
    assert len(campaigns) == 2
    for campaign in campaigns:
        assert campaign.team.name == data.COMMUNITY_TEAM
        assert campaign.team.organisation.name == data.CHARITY
        assert campaign.partners.count() >= 2
        assert {"en", "ur", "pl", "ro"} <= set(campaign.language_list)
        assert campaign.starts < today < campaign.ends
    assert max(c.ends for c in campaigns) - min(c.starts for c in campaigns) >= timedelta(days=365)
    assert {Channel.SOCIAL_MEDIA, Channel.RADIO} <= {
        channel for campaign in campaigns for channel in campaign.channel_list
    }

    # Sixty events across districts and languages: a mix of kinds, some online, some booked.
    events = Event.objects.all()
    assert events.count() == 60
    assert set(events.values_list("kind", flat=True)) == set(Event.Kind.values)
    assert len(set(events.values_list("language", flat=True))) >= 5
    assert events.exclude(interpreter="").exists()
    assert 3 <= events.filter(online=True).count() <= 8
    assert len(set(events.exclude(online=True).values_list("postcode_district", flat=True))) >= 8
    audiences = {token for event in events for token in event.audience_list}
    assert audiences == set(Event.Audience.values)
    coming = events.filter(starts_at__gt=now, starts_at__lte=now + timedelta(days=92))
    assert 25 <= coming.count() <= 35
    assert events.count() - coming.count() == events.filter(ends_at__lt=now).count()
    assert events.filter(published_at__isnull=True).count() == 2
    cancelled = events.get(cancelled_at__isnull=False)
    assert cancelled.cancel_reason
    assert cancelled.starts_at > now
    booked = events.filter(booking=True)
    assert booked.count() >= 5
    assert all(event.places for event in booked)
    bookings = EventBooking.objects.all()
    assert bookings.count() >= 5
    for booking in bookings:
        assert booking.phone.startswith("07700 900") or booking.phone == ""
        assert booking.email.endswith("@example.org") or booking.email == ""
        assert booking.created_at <= booking.event.starts_at
    for event in booked:
        assert sum(event.bookings.values_list("people", flat=True)) <= (event.places or 0)

    # Ten materials in English, Urdu, Polish and Romanian (some Punjabi), each a real file.
    materials = list(Material.objects.prefetch_related("versions"))
    assert len(materials) == 10
    assert {m.kind for m in materials} == set(Material.Kind.values)
    for material in materials:
        assert {"en", "ur", "pl", "ro"} <= {v.language for v in material.versions.all()}
        assert material.approved_by is not None
        assert material.approved_by.email == "manager@littleminds.example"
        assert material.published_at is not None
    assert [m.title for m in materials if m.due_for_review()] == ["Asking us for help"]
    assert MaterialVersion.objects.filter(language="pa").exists()
    for version in MaterialVersion.objects.all():
        assert default_storage.exists(str(version.file.name)), version
        with version.file.open("rb") as file:
            content = file.read()
        assert len(content) == version.size
        offset, magic = MAGIC[version.content_type]
        assert content[offset : offset + len(magic)] == magic, version

    # Reach on every past, published event not cancelled, and on the campaigns' activities.
    done = events.filter(ends_at__lt=now, published_at__isnull=False, cancelled_at__isnull=True)
    assert done.count() >= 25
    assert set(Reach.objects.filter(event__isnull=False).values_list("event", flat=True)) == set(
        done.values_list("pk", flat=True)
    )
    activities = Reach.objects.filter(event__isnull=True)
    assert {Channel.SOCIAL_MEDIA, Channel.RADIO} <= set(
        activities.values_list("channel", flat=True)
    )
    assert all(reach.online_views for reach in activities)
    assert ReachMaterial.objects.filter(language="ur").exists()
    assert ReachMaterial.objects.filter(language="pl").exists()

    # Every family who referred themselves said how they heard; those who heard at an event
    # live in a district where one was held.
    selves = Referral.objects.filter(kind=Referral.Kind.SELF, submitted_at__isnull=False)
    assert selves.count() >= 4
    assert not selves.filter(heard_from="").exists()
    assert len(set(selves.values_list("heard_from", flat=True))) >= 3
    held = set(done.values_list("postcode_district", flat=True))
    at_events = selves.filter(heard_from=HeardFrom.EVENT)
    assert at_events.exists()
    for referral in at_events:
        assert referral.postcode.split()[0] in held

    # Every row written has its audit event; loading again adds nothing.
    made = 2 + 60 + bookings.count() + 10 + MaterialVersion.objects.count() + Reach.objects.count()
    seeded = AuditEvent.objects.filter(action=community.ACTION)
    assert seeded.count() == made + selves.count()
    assert community.load() == {"community_events": 0}
    assert seeded.count() == made + selves.count()


def test_the_same_seed_makes_the_same_data() -> None:
    data.load()
    first = _snapshot()

    ReachMaterial.objects.all().delete()
    Reach.objects.all().delete()
    EventBooking.objects.all().delete()
    MaterialVersion.objects.all().delete()
    Material.objects.all().delete()
    Event.objects.all().delete()
    Campaign.objects.all().delete()
    Referral.objects.update(heard_from="")
    community.load()

    assert _snapshot() == first
    assert Referral.objects.exclude(heard_from="").count() == len(community.HEARD_FROM)
