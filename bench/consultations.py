"""Consultation speed and the booking race over HTTP, with five years of slots on PostgreSQL.

Fills the given database (migrated first) with `--years` years of slots (default 5) for 20
clinicians of one team (five a clinician a working day, by bulk inserts), a third of them
booked. Then serves the project with gunicorn on this machine (`--workers` 2 × `--threads`
8, as a live service would run it) and, as a partner system with its organisation's API
token acting for named practitioners of that organisation, times one request at a time:

- `GET /api/consultations/slots` for four weeks (up to 500 free slots in the answer);
- `POST /api/consultations/bookings` of a free slot (with its audit event and the two
  e-mails stored, and sent after the commit by the server's background worker);

target for each: 95th percentile 30 ms or less. Then 50 practitioners' systems, each on a
connection of its own, POST bookings for the same 10 slots at the same moment: there must
be exactly 10 answers 201, 40 answers 409 (the slot has just been taken) and no 5xx, and
the database must hold exactly one booking for each of the 10. The bench exits non-zero
otherwise.

Run by hand (the database is filled, not dropped; use a throwaway one):

    createdb -h 127.0.0.1 -U postgres consult_speed_bench
    .venv/bin/python bench/consultations.py \
        --database-url postgres://postgres@127.0.0.1:5432/consult_speed_bench [--years 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import directory_search  # noqa: E402
from serving import serve  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def report(name: str, times: list[float]) -> None:
    ms = [t * 1000 for t in times]
    print(
        f"{name}: median {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
        f"slowest {max(ms):.1f} ms ({len(ms)} runs)"
    )


TEAM = "Bench consultation team"


def fill(years: int) -> tuple[Any, list[Any]]:
    """`years` years of slots for the 20 clinicians of one team (five a clinician a working
    day, half before today and half after, by bulk inserts), a third of them booked by the
    first of 50 practitioners of one organisation; skipped when the team has slots. Returns
    the practitioners' organisation and the practitioners. Django must be set up."""
    from django.db import connection
    from django.utils import timezone

    from littleminds.accounts.models import Organisation, Team, User
    from littleminds.accounts.roles import Role
    from littleminds.accounts.tests.factories import UserFactory
    from littleminds.consultations.models import Booking, Slot

    organisation, _ = Organisation.objects.get_or_create(name="Bench health visiting")
    provider, _ = Organisation.objects.get_or_create(name="Bench provider")
    team, _ = Team.objects.get_or_create(name=TEAM, organisation=provider)
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
    if Slot.objects.filter(team=team).exists():
        return organisation, people
    started = time.perf_counter()
    first = timezone.localdate() - timedelta(days=365 * years // 2)
    rows: list[Slot] = []

    def flush() -> None:
        made = Slot.objects.bulk_create(rows)
        Booking.objects.bulk_create(
            Booking(slot=s, practitioner=people[0], created_by=people[0]) for s in made[::3]
        )
        rows.clear()

    for day in range(365 * years):
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
            flush()
    flush()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"Filled {Slot.objects.count():,} slots and {Booking.objects.count():,} bookings "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return organisation, people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("LITTLEMINDS_ALLOW_DEV_KEY", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littleminds.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from littleminds.consultations import selectors
    from littleminds.consultations.models import Booking

    call_command("migrate", "--noinput", verbosity=0)
    organisation, people = fill(args.years)
    today = timezone.localdate()

    from littleminds.accounts.api_tokens import api_token_create

    secret = api_token_create(by=None, organisation=organisation, name="Bench partner").secret
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
    # Free slots far enough ahead that the race's and the windows' are not among them.
    free = [
        str(s.code)
        for s in selectors.free_slots(
            start=today + timedelta(days=70),
            end=today + timedelta(days=360),
            limit=args.runs + 10,
        )
    ]
    wanted = [
        str(s.code)
        for s in selectors.free_slots(
            start=today + timedelta(days=2), end=today + timedelta(days=9), limit=10
        )
    ]
    emails = [person.email for person in people]
    connections.close_all()

    env = directory_search.environment(args.database_url)
    env.update(
        LITTLEMINDS_NOTIFICATIONS_BACKEND="email",
        LITTLEMINDS_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    with serve(env, args.workers, args.threads) as base:
        print(
            f"gunicorn: {args.workers} workers x {args.threads} threads, "
            f"{os.cpu_count()} cores; {args.runs} requests of each, one at a time"
        )
        for _ in range(5):  # each worker's first answers (imports, connections)
            call(base, "GET", "/api/consultations/slots", headers)
        times = []
        shown = 0
        for run in range(args.runs):
            first = today + timedelta(days=1 + run % 60)
            query = urlencode({"from": first.isoformat(), "to": (first + timedelta(days=27))})
            began = time.perf_counter()
            status, body = call(base, "GET", f"/api/consultations/slots?{query}", headers)
            times.append(time.perf_counter() - began)
            if status != 200:
                raise SystemExit(f"GET slots answered {status}: {body[:300]!r}")
            shown = max(shown, len(json.loads(body)))
        report(f"GET /api/consultations/slots (four weeks, {shown} slots)", times)

        times = []
        for run in range(args.runs):
            payload = {
                "slot": free[run],
                "practitioner": emails[run % len(emails)],
                "concerns": ["bonding"],
            }
            began = time.perf_counter()
            status, body = call(
                base, "POST", "/api/consultations/bookings", headers, json.dumps(payload)
            )
            times.append(time.perf_counter() - began)
            if status != 201:
                raise SystemExit(f"POST booking answered {status}: {body[:300]!r}")
        report("POST /api/consultations/bookings", times)
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            call(base, "GET", "/healthz", {})
            times.append(time.perf_counter() - began)
        report("GET /healthz (the floor: no database, this machine's load)", times)

        barrier = threading.Barrier(len(emails))
        statuses: list[int] = []
        lock = threading.Lock()

        def run_one(index: int) -> None:
            """Five practitioners' systems press "book" on each of the 10 slots at once."""
            payload = json.dumps(
                {"slot": wanted[index % len(wanted)], "practitioner": emails[index]}
            )
            try:
                barrier.wait(timeout=60)
                status, _ = call(base, "POST", "/api/consultations/bookings", headers, payload)
            except Exception as error:  # a refused connection or a timeout: a failure too
                print(f"Request {index} failed: {error!r}")
                status = 0
            with lock:
                statuses.append(status)

        started = time.perf_counter()
        threads = [threading.Thread(target=run_one, args=(n,)) for n in range(len(emails))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        took = time.perf_counter() - started

    held = Booking.objects.filter(slot__code__in=wanted, cancelled_at__isnull=True).count()
    made_n, taken = statuses.count(201), statuses.count(409)
    failures = sum(1 for status in statuses if status >= 500 or status == 0)
    others = len(statuses) - made_n - taken - failures
    print(
        f"{len(emails)} practitioners on {len(wanted)} slots at once: {made_n} x 201, "
        f"{taken} x 409, {failures} x 5xx or no answer, {others} other; "
        f"{held} bookings held; {took:.1f} s"
    )
    print(f"Machine load (1, 5, 15 min): {os.getloadavg()}")
    if (made_n, taken, failures, others, held) != (10, 40, 0, 0, 10):
        raise SystemExit("The race did not end in exactly 10 bookings and 40 clear refusals")


def call(
    base: str, method: str, path: str, headers: dict[str, str], body: str | None = None
) -> tuple[int, bytes]:
    """One request; its status and body, whatever the status."""
    request = urllib.request.Request(  # noqa: S310 - our own server
        f"{base}{path}",
        data=body.encode() if body is not None else None,
        headers=headers,
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - ours
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


if __name__ == "__main__":
    main()
