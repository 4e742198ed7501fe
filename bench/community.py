"""What's on speed, with ten years of a national service's community events on PostgreSQL.

Fills the given database (migrated first) by COPY (the services would take hours) with
`--events` events (default 60,000) over `--years` years (default 10), the last of them to
come: across 2,000 postcode districts of 100 areas (a tenth online), every kind, the
district's eight languages (a quarter with an interpreter), a few drafts and cancelled
events; a third need booking, and those are part-booked by families (five bookings each
on average, some cancelled).

Then serves the project with gunicorn on this machine (`--workers` 2 x `--threads` 8, as
`bench/training.py` does) and times, one request at a time, the families' What's on
(`/whats-on/`): with no filter; near a postcode; near a postcode by kind and language; near
a postcode in a month's dates; a later page; and, untargeted, an event's page and the
calendar feed of 200 events. Target for each targeted page: 95th percentile 50 ms or less.
Prints each page's database queries (counted in process with Django's test client) and the
machine's load with each figure; exits non-zero when a target is missed.

Run by hand (the database is filled, not dropped; use a throwaway one):

    createdb -h 127.0.0.1 -U postgres community_speed_bench
    .venv/bin/python bench/community.py \\
        --database-url postgres://postgres@127.0.0.1:5432/community_speed_bench

A second run on the same database measures again without filling it.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import casework  # noqa: E402
import training as training_bench  # noqa: E402
from consultations import serve  # noqa: E402

TARGET_MS = 50.0
AREAS = [
    "BD", "LS", "HX", "HD", "WF", "M", "B", "L", "S", "NE", "SR", "DH", "TS", "YO", "HU",
    "DN", "LN", "NG", "DE", "LE", "CV", "WV", "WS", "DY", "ST", "SK", "OL", "BL", "BB", "PR",
    "FY", "LA", "CA", "WA", "WN", "CH", "CW", "TF", "SY", "HR", "WR", "GL", "OX", "MK", "NN",
    "PE", "CB", "IP", "NR", "CO", "CM", "SS", "RM", "IG", "E", "N", "NW", "W", "SW", "SE",
    "EC", "WC", "EN", "HA", "UB", "TW", "KT", "SM", "CR", "BR", "DA", "ME", "CT", "TN", "RH",
    "GU", "SL", "RG", "HP", "AL", "SG", "LU", "BN", "PO", "SO", "BH", "SP", "BA", "BS", "TA",
    "EX", "TQ", "PL", "TR", "DT", "SN", "NP", "CF", "SA", "LL",
]  # fmt: skip
DISTRICTS_AN_AREA = 20
KINDS = ["talk", "stay_and_play", "group", "stall"]
LANGUAGES = ["en", "ur", "pa", "bn", "pl", "ro", "sk", "ar"]
AUDIENCES = ["parents_to_be", "parents", "grandparents", "community_group", "professionals"]
TITLES = [
    "Stay and play",
    "Babies have feelings too: a talk",
    "Coffee morning for new parents",
    "Grandparents' group",
    "Information stall at the market",
    "Bump to baby group",
    "Talking with your baby",
    "Crying, sleep and soothing",
]
WORKER_EMAIL = "bench.community@littleminds.example"


def fill(events: int, years: int, seed: int) -> None:
    """The bench's team, its community worker, the events and their bookings, by COPY."""
    from django.db import connection, transaction
    from django.utils import timezone

    from littleminds.accounts.models import Organisation, RoleAssignment, Team, User
    from littleminds.community.models import Event, EventBooking
    from littleminds.community.services_booking import whats_on_changed

    rng = random.Random(seed)
    now = timezone.now()
    started = time.perf_counter()
    raw = connection.connection
    assert raw is not None
    with transaction.atomic(), raw.cursor() as cursor:
        charity = Organisation.objects.create(name="Bench community charity", kind="voluntary")
        team = Team.objects.create(organisation=charity, name="Bench community team")
        worker = User(email=WORKER_EMAIL, full_name="Bench Worker", organisation=charity)
        worker.set_unusable_password()
        worker.save()
        RoleAssignment.objects.create(user=worker, role="community_worker", team=team)
        span = timedelta(days=365 * years)
        first = now - span + timedelta(days=365)  # the last year is still to come
        first_event = (Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        booked: list[tuple[int, int, datetime]] = []

        def rows() -> Iterator[dict[str, Any]]:
            for n in range(events):
                pk = first_event + n
                starts = first + span * rng.random()
                starts = starts.replace(minute=0, second=0, microsecond=0)
                online = rng.random() < 0.1
                area = rng.choice(AREAS)
                district = f"{area}{rng.randint(1, DISTRICTS_AN_AREA)}"
                booking = rng.random() < 0.33
                places = rng.randint(10, 40) if booking else None
                if booking:
                    booked.append((pk, places or 0, starts))
                yield {
                    "id": pk,
                    "code": uuid.UUID(int=rng.getrandbits(128)),
                    "team_id": team.pk,
                    "kind": rng.choice(KINDS),
                    "title": rng.choice(TITLES),
                    "description": "Play, songs and a talk about what babies feel and need.",
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=rng.choice([1, 2, 3])),
                    "online": online,
                    "venue": "" if online else f"Bench children's centre {n % 997}",
                    "address": "" if online else f"{n % 300 + 1} High Street",
                    "postcode": "" if online else f"{district} {rng.randint(1, 9)}AA",
                    "postcode_district": "" if online else district,
                    "link": "https://meet.example.org/bench" if online else "",
                    "how_to_come": "",
                    "audience": "|" + "|".join(rng.sample(AUDIENCES, 2)) + "|",
                    "language": rng.choice(LANGUAGES),
                    "interpreter": rng.choice(LANGUAGES) if rng.random() < 0.25 else "",
                    "booking": booking,
                    "places": places,
                    "published_at": None if rng.random() < 0.03 else now,
                    "cancelled_at": now if rng.random() < 0.02 else None,
                    "cancel_reason": "",
                    "created_at": now,
                    "created_by_id": worker.pk,
                }

        training_bench.copy_into(cursor, Event, rows())
        print(f"  {events:,} events ({time.perf_counter() - started:.0f} s)", flush=True)
        first_booking = (
            EventBooking.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1

        def bookings() -> Iterator[dict[str, Any]]:
            pk = first_booking
            for event_id, places, starts in booked:
                left = places
                for _ in range(rng.randint(0, 10)):
                    people = min(left, rng.randint(1, 4))
                    if people < 1:
                        break
                    left -= people
                    yield {
                        "id": pk,
                        "code": uuid.UUID(int=rng.getrandbits(128)),
                        "event_id": event_id,
                        "name": f"Family {pk}",
                        "phone": f"+4477009{pk % 100000:05}",
                        "email": "",
                        "people": people,
                        "language": rng.choice(["en", "ur", "pl", "ro"]),
                        "created_at": starts - timedelta(days=rng.randint(1, 20)),
                        "cancelled_at": now if rng.random() < 0.05 else None,
                    }
                    pk += 1

        made = training_bench.copy_into(cursor, EventBooking, bookings())
        whats_on_changed()  # written by COPY, not through the services (ADR 0050)
        print(f"  {made:,} bookings ({time.perf_counter() - started:.0f} s)", flush=True)


def fill_reach(seed: int) -> int:
    """The reach recorded after each of the bench team's past published events, as its
    community worker records it (adults, babies, the event's postcode district, online
    views for online ones), by COPY. Returns how many."""
    from django.db import connection, transaction
    from django.utils import timezone

    from littleminds.accounts.models import User
    from littleminds.community.models import Event, Reach

    rng = random.Random(seed)
    now = timezone.now()
    worker = User.objects.get(email=WORKER_EMAIL)
    past = list(
        Event.objects.filter(
            created_by=worker,
            published_at__isnull=False,
            cancelled_at__isnull=True,
            ends_at__lt=now,
        )
        .order_by("pk")
        .values_list("pk", "team_id", "starts_at", "postcode_district", "online")
    )
    first = (Reach.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    raw = connection.connection
    assert raw is not None
    with transaction.atomic(), raw.cursor() as cursor:
        return training_bench.copy_into(
            cursor,
            Reach,
            (
                {
                    "id": first + n,
                    "code": uuid.UUID(int=rng.getrandbits(128)),
                    "team_id": team,
                    "event_id": pk,
                    "campaign_id": None,
                    "channel": "",
                    "day": starts.date(),
                    "postcode_district": district,
                    "adults": rng.randint(0, 30),
                    "babies": rng.randint(0, 20),
                    "online_views": rng.randint(5, 400) if online else None,
                    "note": "",
                    "created_at": starts + timedelta(hours=3),
                    "created_by_id": worker.pk,
                }
                for n, (pk, team, starts, district, online) in enumerate(past)
            ),
        )


def pages(rng: random.Random) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The targeted pages, and the others, each with varied addresses."""
    from django.utils import timezone

    from littleminds.community.models import Event

    today = timezone.localdate()
    districts = [f"{rng.choice(AREAS)}{rng.randint(1, DISTRICTS_AN_AREA)}" for _ in range(40)]

    def at(query: dict[str, Any]) -> str:
        return "/whats-on/?" + urlencode(query)

    def month(days: int) -> dict[str, int]:
        start, end = today + timedelta(days=days), today + timedelta(days=days + 30)
        return {
            "start_day": start.day,
            "start_month": start.month,
            "start_year": start.year,
            "end_day": end.day,
            "end_month": end.month,
            "end_year": end.year,
        }

    targeted = {
        "What's on, no filter": ["/whats-on/"],
        "What's on near a postcode": [at({"postcode": f"{d} 1AB"}) for d in districts],
        "What's on near a postcode, by kind and language": [
            at({"postcode": d, "kind": rng.choice(KINDS), "language": rng.choice(LANGUAGES)})
            for d in districts
        ],
        "What's on near a postcode, in a month": [
            at({"postcode": d, **month(rng.randint(0, 300))}) for d in districts
        ],
        "What's on near a postcode, page 5": [at({"postcode": d, "page": 5}) for d in districts],
    }
    coming = Event.objects.filter(
        published_at__isnull=False, cancelled_at__isnull=True, starts_at__gt=timezone.now()
    ).values_list("code", flat=True)[:40]
    others = {
        "an event's page": [f"/whats-on/{code}/" for code in coming],
        "the calendar feed near a postcode (200 events)": [
            f"/whats-on/events.ics?postcode={d}" for d in districts
        ],
    }
    return targeted, others


def time_pages(base: str, named: dict[str, list[str]], runs: int, target: bool) -> list[Any]:
    # The training bench's timing (one request at a time, ten to warm up, median and p95).
    return training_bench.time_pages(base, None, named, runs, target=target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--events", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=200, help="requests of each page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()
    env = casework.environment(args.database_url)
    env.update(LITTLEMINDS_RATE_LIMITS="false")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    from littleminds.community.models import Event, EventBooking

    call_command("migrate", "--noinput", verbosity=0)
    if not Event.objects.filter(created_by__email=WORKER_EMAIL).exists():
        print(f"Filling {args.years} years of {args.events:,} community events")
        started = time.perf_counter()
        fill(args.events, args.years, args.seed)
        print(f"Filled in {time.perf_counter() - started:.0f} s ({training_bench.load()})")
    # As autovacuum would, once the rows are written: the statistics, and the visibility map
    # that lets What's on read its covering index alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE community_event")
        cursor.execute("VACUUM ANALYZE community_eventbooking")
    coming = Event.objects.filter(
        published_at__isnull=False, cancelled_at__isnull=True, ends_at__gt=timezone.now()
    ).count()
    print(
        f"{Event.objects.count():,} events ({coming:,} to come), "
        f"{EventBooking.objects.count():,} bookings"
    )
    targeted, others = pages(random.Random(args.seed))
    connections.close_all()
    missed: list[tuple[str, float]] = []
    with serve(env, args.workers, args.threads) as base:
        print(
            f"gunicorn: {args.workers} workers x {args.threads} threads, {os.cpu_count()} "
            f"cores; {args.runs} requests of each page, one at a time; "
            f"target p95 {TARGET_MS:.0f} ms"
        )
        missed += time_pages(base, targeted, args.runs, target=True)
        time_pages(base, others, args.runs, target=False)
        time_pages(base, {"/healthz (the floor)": ["/healthz"]}, args.runs, target=False)
    for name, figure in missed:
        print(f"Missed: {name}, p95 {figure:.1f} ms > {TARGET_MS:.0f} ms")
    if missed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
