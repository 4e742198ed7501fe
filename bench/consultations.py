"""Consultation speed and the booking race, with five years of slots on PostgreSQL.

Fills the given database (migrated first) with `--years` years of slots (default 5) for 20
clinicians of one team (five a clinician a working day, by COPY-speed bulk inserts), a
third of them booked. Then, in process and one at a time, times:

- the free-slot list (`selectors.free_slots`, the next four weeks, as the page and the API
  ask for it; target: 95th percentile 30 ms or less);
- booking a free slot (`services.booking_create`, with its audit event and notifications
  stored; target: 95th percentile 30 ms or less);

and then lets 50 practitioners, each in its own thread with its own connection, book the
same 10 slots at once: there must be exactly 10 bookings, 40 clear refusals (`SlotTaken`)
and no other error.

This measures the database work in process, without gunicorn and HTTP in front (the
pages' and the API's own cost is that of the other benches' floor, about a millisecond).

Run by hand (the database is filled, not dropped; use a throwaway one):

    createdb -h 127.0.0.1 -U postgres lm_bench_consult
    .venv/bin/python bench/consultations.py \
        --database-url postgres://postgres@127.0.0.1:5432/lm_bench_consult [--years 1]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def report(name: str, times: list[float]) -> None:
    ms = [t * 1000 for t in times]
    print(
        f"{name}: median {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
        f"slowest {max(ms):.1f} ms ({len(ms)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("LITTLEMINDS_ALLOW_DEV_KEY", "1")
    # The stored notifications are part of the cost; sending them is not.
    os.environ.setdefault(
        "LITTLEMINDS_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littleminds.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    from littleminds.accounts.models import Organisation, Team, User
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory
    from littleminds.consultations import selectors, services
    from littleminds.consultations.models import Booking, Slot

    call_command("migrate", "--noinput", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(name="Bench health visiting")
    provider, _ = Organisation.objects.get_or_create(name="Bench provider")
    team, _ = Team.objects.get_or_create(name="Bench consultation team", organisation=provider)
    clinicians = [
        User.objects.filter(email=f"bench.clin{n}@littleminds.example").first()
        or UserFactory.create(
            email=f"bench.clin{n}@littleminds.example", roles=[(Role.CLINICIAN, team)]
        )
        for n in range(20)
    ]
    people = [
        User.objects.filter(email=f"bench.prac{n}@littleminds.example").first()
        or UserFactory.create(
            email=f"bench.prac{n}@littleminds.example",
            organisation=organisation,
            roles=[(Role.PRACTITIONER, None)],
        )
        for n in range(50)
    ]
    today = timezone.localdate()
    if not Slot.objects.filter(team=team).exists():
        started = time.perf_counter()
        first = today - timedelta(days=365 * args.years // 2)
        rows: list[Slot] = []
        bookings = 0
        for day in range(365 * args.years):
            date = first + timedelta(days=day)
            if date.weekday() >= 5:
                continue
            for clinician in clinicians:
                for hour in (9, 10, 11, 14, 15):
                    rows.append(
                        Slot(
                            team=team,
                            clinician=clinician,
                            starts_at=timezone.make_aware(datetime.combine(date, clock(hour))),
                            minutes=45,
                            mode=Slot.Mode.VIDEO,
                            video_link="https://video.example/room",
                            created_by=clinician,
                        )
                    )
            if len(rows) > 20000:
                made = Slot.objects.bulk_create(rows)
                Booking.objects.bulk_create(
                    Booking(slot=s, practitioner=people[0], created_by=people[0]) for s in made[::3]
                )
                bookings += len(made[::3])
                rows = []
        made = Slot.objects.bulk_create(rows)
        Booking.objects.bulk_create(
            Booking(slot=s, practitioner=people[0], created_by=people[0]) for s in made[::3]
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"Filled {Slot.objects.count():,} slots and {Booking.objects.count():,} bookings "
            f"in {time.perf_counter() - started:.0f} s"
        )

    times = []
    for run in range(args.runs):
        start = today + timedelta(days=1 + run % 60)
        began = time.perf_counter()
        found = selectors.free_slots(start=start, end=start + timedelta(days=27))
        times.append(time.perf_counter() - began)
        assert found
    report("Free-slot list (four weeks, 60 shown)", times)

    free = selectors.free_slots(
        start=today + timedelta(days=70), end=today + timedelta(days=400), limit=args.runs + 10
    )
    times = []
    for run in range(args.runs):
        began = time.perf_counter()
        services.booking_create(
            by=people[run % 50],
            practitioner=people[run % 50],
            slot=free[run],
            request=services.Request(concerns=["bonding"]),
        )
        times.append(time.perf_counter() - began)
    report("Booking a slot", times)

    wanted = selectors.free_slots(
        start=today + timedelta(days=2), end=today + timedelta(days=9), limit=10
    )
    barrier = threading.Barrier(len(people))
    outcomes: list[Any] = []
    lock = threading.Lock()

    def run_one(person: User) -> None:
        """Five practitioners press "book" on each of the 10 slots at the same moment."""
        try:
            barrier.wait(timeout=60)
            target = wanted[people.index(person) % len(wanted)]
            try:
                result: Any = services.booking_create(
                    by=person,
                    practitioner=person,
                    slot=target,
                    request=services.Request(concerns=["bonding"]),
                ).pk
            except services.SlotTaken:
                result = "taken"
            except Exception as error:
                result = error
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=run_one, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    made_n = sum(isinstance(o, int) for o in outcomes)
    taken = sum(o == "taken" for o in outcomes)
    errors = [o for o in outcomes if isinstance(o, Exception)]
    active = Booking.objects.filter(slot__in=wanted, cancelled_at__isnull=True).count()
    print(
        f"50 practitioners on 10 slots at once: {active} bookings held, {made_n} made, "
        f"{taken} refusals (slot taken), {len(errors)} errors, "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(f"Machine load (1, 5, 15 min): {os.getloadavg()}")


if __name__ == "__main__":
    main()
