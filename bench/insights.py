"""Insights speed, with ten years of a national service in the database (issue 16's Speed).

Fills the given PostgreSQL database (migrated first; filled once, measured on every run) by
COPY, as the other benches do, with DOMAIN.md §11's national service:

- the training bench's 1,000 organisations, `--practitioners` practitioners (default
  100,000) and ten years of its courses, sessions, places (some cancelled) and marks
  (`bench/training.py`'s `fill`); its team is the service's team here;
- the casework bench's `--cases` cases (default 300,000) and `--contacts` contacts
  (default 3 million) (`bench/casework.py`'s `fill`; `--no-casework` leaves them out: the
  insights read none of them);
- a directory service for each organisation, on one of the three rings;
- `--referrals` referrals (default 300,000) over the ten years from the practitioners
  (one in ten a family's own, with how they heard), each decided as a team decides them;
- `--consultations` consultations (default 100,000), the practitioners' calls to the team;
- a service manager of the team, and an analyst of a commissioning body that funds it.

Then the tallies and the funnel's trained days, with `littleminds.insights.summaries.rebuild`
(what `littleminds insights rebuild` runs); a database filled before the trained days
existed gets them the same way.

Then, in process through Django's test client (signed in as the manager, then as the
analyst), each registered insights page (`pages.PAGES`) one request at a time for the last
12 months (the default period) and, in turn, a ring and a year ago: `--runs` requests
(default 30) after three to warm up; the median, 95th percentile and slowest of each, and
its database queries. Target: every page's 95th percentile 300 ms or less. And when the
`littleminds insights report` command exists, the PDF report for a year (target: under
10 s). Exits non-zero when a target is missed.

Run by hand (the database is filled, not dropped; use a throwaway one):

    createdb -h 127.0.0.1 -U postgres lm_bench_insights
    .venv/bin/python bench/insights.py \\
        --database-url postgres://postgres@127.0.0.1:5432/lm_bench_insights
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import casework  # noqa: E402
import training as training_bench  # noqa: E402

PAGE_TARGET_MS = 300.0
PDF_TARGET_S = 10.0
MANAGER = "bench.insights.manager@littleminds.example"
ANALYST = "bench.insights.analyst@littleminds.example"
BODY = "Bench commissioning body"
RINGS = ["core", "universal", "risk_factors"]
WORRIES = ["bonding", "baby_regulation", "parent_mental_health", "trauma_loss", "housing"]
HEARD = ["event", "leaflet", "social_media", "professional", "friend_or_relative", "other", ""]
DECLINED = ["outside_age", "outside_area", "not_relationship", "better_elsewhere", "no_consent"]
# How a team decides: accepted, declined, redirected, duplicate, withdrawn, still open.
DECISIONS = ["accepted"] * 60 + ["declined"] * 15 + ["redirected"] * 12 + ["duplicate"] * 3
DECISIONS += ["withdrawn"] * 6 + ["in_triage"] * 4
LETTERS = "ACDEFGHJKMNPQRTUVWXY34679"


def step(started: float, what: str) -> None:
    print(f"  {what} ({time.perf_counter() - started:.0f} s)", flush=True)


def reference(number: int) -> str:
    body = ""
    for _n in range(8):
        body += LETTERS[number % len(LETTERS)]
        number //= len(LETTERS)
    return f"LM-{body[:4]}-{body[4:]}"


def fill(referrals: int, consultations: int, years: int, seed: int) -> None:
    """The directory's services, the referrals, the consultations, the manager, the analyst
    and the commissioning body, around the training bench's organisations and team."""
    from django.db import connection, transaction
    from django.utils import timezone
    from psycopg.types.json import Jsonb

    from littleminds.accounts import services as accounts
    from littleminds.accounts.models import Organisation, Team, User
    from littleminds.accounts.roles import Role
    from littleminds.consultations.models_records import ConsultationRecord
    from littleminds.directory.models import Service
    from littleminds.insights.models import CommissioningBody
    from littleminds.referrals.models import Referral

    rng = random.Random(seed)
    now = timezone.now()
    started = time.perf_counter()
    team = Team.objects.get(name="Bench training team")
    organisations = list(
        Organisation.objects.filter(name__startswith="Bench organisation ").values_list(
            "pk", flat=True
        )
    )
    people: list[tuple[int, int]] = list(
        User.objects.filter(email__startswith="bench.prac").values_list("pk", "organisation_id")
    )
    raw = connection.connection
    assert raw is not None
    with transaction.atomic(), raw.cursor() as cursor:
        Service.objects.bulk_create(
            Service(
                organisation_id=pk,
                name=f"Bench service {n}",
                summary="A service of the bench's system.",
                remit="Families with a baby.",
                ring=RINGS[n % len(RINGS)],
            )
            for n, pk in enumerate(organisations)
        )
        step(started, f"{len(organisations):,} directory services")
        manager = accounts.user_create(
            by=None,
            email=MANAGER,
            full_name="Bench Manager",
            password=None,
            organisation=team.organisation,
            roles=[(Role.SERVICE_MANAGER, team)],
        )
        analyst = accounts.user_create(
            by=None,
            email=ANALYST,
            full_name="Bench Analyst",
            password=None,
            organisation=team.organisation,
            roles=[(Role.ANALYST, None)],
        )
        body = CommissioningBody.objects.create(name=BODY)
        body.teams.add(team)
        body.members.add(analyst)
        del manager

        first = now - timedelta(days=365 * years)
        span = (now - first).total_seconds()
        first_referral = (
            Referral.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1

        def referral_rows() -> Iterator[dict[str, Any]]:
            for n in range(referrals):
                sent = first + timedelta(seconds=span * (n + rng.random()) / referrals)
                own = rng.random() < 0.1
                referrer, organisation = (None, None) if own else rng.choice(people)
                status = rng.choice(DECISIONS) if sent < now - timedelta(days=14) else "submitted"
                decided = sent + timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 8))
                decided_at = (
                    decided if status not in ("withdrawn", "in_triage", "submitted") else None
                )
                contact = (
                    decided + timedelta(days=rng.randint(2, 30)) if status == "accepted" else None
                )
                district = f"BD{rng.randint(1, 22)}"
                yield {
                    "id": first_referral + n,
                    "code": uuid.UUID(int=rng.getrandbits(128)),
                    "reference": reference(n * 7919 + 25**7),
                    "kind": "self" if own else "practitioner",
                    "status": status,
                    "team_id": team.pk,
                    "referrer_id": referrer,
                    "referrer_organisation_id": organisation,
                    "parent_name": f"Parent {n}",
                    "baby_name": f"Baby {n}",
                    "postcode": f"{district} {rng.randint(1, 9)}AA",
                    "postcode_district": district,
                    "heard_from": rng.choice(HEARD) if own else "",
                    "concerns": Jsonb([rng.choice(WORRIES)]),
                    "consent": True,
                    "created_at": sent,
                    "updated_at": contact or decided_at or sent,
                    "submitted_at": sent,
                    "decided_at": decided_at,
                    "first_contact_at": contact,
                    "decline_reason": rng.choice(DECLINED) if status == "declined" else "",
                    "idempotency_key": "",
                }

        made = training_bench.copy_into(cursor, Referral, referral_rows())
        step(started, f"{made:,} referrals")

        first_record = (
            ConsultationRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        trainer = User.objects.filter(email=training_bench.TRAINER_EMAIL).values_list(
            "pk", flat=True
        )[0]
        start_day = first.date()
        days = (now.date() - start_day).days

        def record_rows() -> Iterator[dict[str, Any]]:
            for n in range(consultations):
                held = start_day + timedelta(days=days * n // consultations)
                _person, organisation = rng.choice(people)
                yield {
                    "id": first_record + n,
                    "code": uuid.UUID(int=rng.getrandbits(128)),
                    "booking_id": None,
                    "caller": f"Practitioner {n}",
                    "organisation_id": organisation,
                    "team_id": team.pk,
                    "held_on": held,
                    "concerns": Jsonb([rng.choice(WORRIES)]),
                    "outcome": rng.choice(["continues", "follow_up"]),
                    "follow_up_on": held + timedelta(days=21),
                    "recorded_at": datetime.combine(held, datetime.min.time(), tzinfo=now.tzinfo),
                    "recorded_by_id": trainer,
                }

        made = training_bench.copy_into(cursor, ConsultationRecord, record_rows())
        step(started, f"{made:,} consultations")


def tallies() -> str:
    """Build the tallies with the rebuild every installation runs (`littleminds insights
    rebuild`), with its progress bar."""
    from littleminds.insights.summaries import rebuild

    rebuild(start=None, end=None, progress=True)
    return "summaries.rebuild"


def period(start: date, end: date) -> dict[str, int]:
    return {
        "start_day": start.day,
        "start_month": start.month,
        "start_year": start.year,
        "end_day": end.day,
        "end_month": end.month,
        "end_year": end.year,
    }


def addresses(slug: str, today: date) -> list[str]:
    """A page's addresses in turn: the default period, a ring, and a year a year ago."""
    a_year_ago = today - timedelta(days=365)
    return [
        f"/insights/{slug}/",
        f"/insights/{slug}/?" + urlencode({**period(a_year_ago, today), "ring": "risk_factors"}),
        f"/insights/{slug}/?"
        + urlencode(period(a_year_ago - timedelta(days=365), a_year_ago - timedelta(days=1))),
    ]


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


def time_pages(email: str, runs: int) -> list[tuple[str, float]]:
    """Each registered page, one request at a time, as the person; the figures printed."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from littleminds.accounts.models import User
    from littleminds.insights.pages import ordered

    client = Client()
    client.force_login(User.objects.get(email=email))
    today = timezone.localdate()
    missed = []
    for page in ordered():
        paths = addresses(page.slug, today)
        queries: list[str] = []

        def counted(execute: Any, sql: str, *args: Any, queries: list[str] = queries) -> Any:
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            response = client.get(paths[0])
        if response.status_code != 200:
            raise SystemExit(f"{paths[0]} answered {response.status_code} for {email}")
        times: list[float] = []
        for run in range(runs + 3):
            began = time.perf_counter()
            response = client.get(paths[run % len(paths)])
            took = (time.perf_counter() - began) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{paths[run % len(paths)]} answered {response.status_code}")
            if run >= 3:  # the first three warm the caches
                times.append(took)
        figure = p95(times)
        print(
            f"  GET /insights/{page.slug + '/':<32} median {statistics.median(times):6.1f} ms  "
            f"p95 {figure:6.1f} ms  max {max(times):6.1f} ms  {len(queries):>3} queries  "
            f"({training_bench.load()})",
            flush=True,
        )
        if figure > PAGE_TARGET_MS:
            missed.append((f"{page.slug} as {email}", figure))
    return missed


def time_report(runs: int) -> list[tuple[str, float]]:
    """The PDF report for the last year from the command line, when the command exists."""
    from django.core.management import call_command, get_commands
    from django.utils import timezone

    if "insights" not in get_commands():
        print("  no `littleminds insights` command on this branch: the PDF is not timed")
        return []
    today = timezone.localdate()
    start = today - timedelta(days=365)
    missed = []
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "report.pdf"
        times = []
        for _run in range(runs):
            began = time.perf_counter()
            try:
                call_command(
                    "insights",
                    "report",
                    "--from",
                    start.isoformat(),
                    "--to",
                    today.isoformat(),
                    "--output",
                    str(output),
                )
            except Exception as error:  # a bench reports what it could not do
                print(f"  the report command failed: {error!r}")
                return []
            times.append(time.perf_counter() - began)
        size = output.stat().st_size // 1024
    print(
        f"  PDF report, {start} to {today}: median {statistics.median(times):.1f} s, "
        f"slowest {max(times):.1f} s, {size} KB"
    )
    if max(times) > PDF_TARGET_S:
        missed.append(("the PDF report for a year (s)", max(times)))
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--practitioners", type=int, default=100_000)
    parser.add_argument("--referrals", type=int, default=300_000)
    parser.add_argument("--consultations", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--contacts", type=int, default=3_000_000)
    parser.add_argument("--no-casework", action="store_true", help="leave out the casework")
    parser.add_argument("--runs", type=int, default=30, help="requests of each page")
    parser.add_argument("--report-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    env = casework.environment(args.database_url)
    env.update(LITTLEMINDS_RATE_LIMITS="false")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from littleminds.accounts.models import User
    from littleminds.insights.models import Tally, TrainedDay

    call_command("migrate", "--noinput", verbosity=0)
    if not User.objects.filter(email=MANAGER).exists():
        started = time.perf_counter()
        print(f"Filling {args.years} years of a national service")
        if not User.objects.filter(email=training_bench.TRAINER_EMAIL).exists():
            training_bench.fill(args.practitioners, args.years, args.seed)
        if not args.no_casework and not User.objects.filter(email=casework.EMAIL).exists():
            casework.fill(args.cases, args.contacts, 500, args.seed)
            step(started, f"{args.cases:,} cases and {args.contacts:,} contacts")
        fill(args.referrals, args.consultations, args.years, args.seed)
        print(f"Filled in {time.perf_counter() - started:.0f} s ({training_bench.load()})")
    # A database filled before the funnel's summary (`TrainedDay`) existed has tallies but
    # no trained days: the rebuild makes both.
    if not Tally.objects.exists() or not TrainedDay.objects.exists():
        started = time.perf_counter()
        how = tallies()
        print(
            f"Tallies built by {how}: {Tally.objects.count():,} rows and "
            f"{TrainedDay.objects.count():,} trained days in "
            f"{time.perf_counter() - started:.0f} s"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {
        "referrals": "referrals_referral",
        "contacts": "casework_contact",
        "practitioners": "accounts_user",
        "consultations": "consultations_consultationrecord",
        "training places": "training_registration",
        "tallies": "insights_tally",
        "trained days": "insights_trainedday",
    }
    with connection.cursor() as cursor:
        held = []
        for name, table in counts.items():
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            held.append(f"{int(row[0]) if row else 0:,} {name}")
    print("About " + ", ".join(held) + f"; {os.cpu_count()} cores")
    missed: list[tuple[str, float]] = []
    for email in (MANAGER, ANALYST):
        print(
            f"Each insights page, {args.runs} requests one at a time, as {email} "
            f"(target p95 {PAGE_TARGET_MS:.0f} ms):"
        )
        missed += time_pages(email, args.runs)
    missed += time_report(args.report_runs)
    for name, figure in missed:
        print(f"Missed: {name}, {figure:.1f}")
    if missed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
