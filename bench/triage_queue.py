"""Triage queue speed, with ten years of a national service's referrals in the database.

Fills a database with 300,000 referrals for one team (DOMAIN.md §11), 2,000 of them still
open and the rest decided, in bulk (the services would take hours). Serves the project with
gunicorn on this machine, signs in as a clinician of the team through the real sign-in form,
and requests the triage queue page (`/triage/`): the default view (the open referrals, those
waiting longest first), and the same with filters (age, area, worry, newest first, a decided
status). Prints the median, 95th percentile and slowest time of each, and the number of
database queries the page makes (counted in process with Django's test client), and the
same times for `/healthz`, the floor.

Run by hand, on PostgreSQL or SQLite:

    .venv/bin/python bench/triage_queue.py --database-url postgres://postgres@127.0.0.1:5432/littleminds_bench_triage
    .venv/bin/python bench/triage_queue.py

The target: the 95th percentile under 100 ms.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import directory_search  # noqa: E402
from directory_search import serve  # noqa: E402

EMAIL = "bench.clinician@littleminds.example"
PASSWORD = "Bench-triage-queue-2026"  # noqa: S105 - a throwaway account in a bench database
DISTRICTS = [f"BD{n}" for n in range(1, 23)]
CONCERNS = [
    "bonding",
    "baby_regulation",
    "trauma_loss",
    "parenting_confidence",
    "parent_mental_health",
    "domestic_abuse",
    "housing",
    "money",
]
FIRST = ["Ada", "Bea", "Cal", "Dee", "Eli", "Fay", "Gil", "Hal", "Ivy", "Jo", "Kit", "Lou"]
LAST = ["Example", "Sample", "Specimen", "Placeholder", "Madeup", "Fictional", "Dummy"]
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def environment(database_url: str) -> dict[str, str]:
    """The directory benchmark's server settings, with a test client's host and the bench
    clinician signing in with a password only (a live service keeps 2FA on)."""
    env = directory_search.environment(database_url)
    env.update(
        LITTLEMINDS_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LITTLEMINDS_REQUIRE_2FA="false",
    )
    return env


def reference(number: int) -> str:
    body = ""
    for _ in range(8):
        number, digit = divmod(number, len(ALPHABET))
        body += ALPHABET[digit]
    return f"LM-{body[:4]}-{body[4:]}"


def fill(total: int, open_count: int, seed: int) -> None:
    """Create the team, its clinician and `total` referrals in bulk (if not there yet)."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from littleminds.accounts import services as accounts
    from littleminds.accounts.models import Organisation, Team, User
    from littleminds.accounts.roles import Role
    from littleminds.referrals.lifecycle import DeclineReason, Status
    from littleminds.referrals.models import Referral

    team = Team.objects.filter(name="Bench Triage Team").first()
    if team is not None and Referral.objects.filter(team=team).count() >= total:
        print(f"The database already holds {total} referrals for the bench team.")
        return
    rng = random.Random(seed)
    with transaction.atomic():
        trust = accounts.organisation_create(by=None, name="Bench NHS Trust")
        team = accounts.team_create(by=None, organisation=trust, name="Bench Triage Team")
        accounts.user_create(
            by=None,
            email=EMAIL,
            full_name="Bench Clinician",
            password=PASSWORD,
            organisation=trust,
            roles=[(Role.CLINICIAN, team)],
        )
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Bench referrer organisation {n}") for n in range(200)
        )
        referrers = User.objects.bulk_create(
            User(
                email=f"referrer{n}@bench.littleminds.example",
                full_name=f"Referrer {n}",
                organisation=organisations[n % len(organisations)],
            )
            for n in range(1000)
        )
        now = timezone.now()
        today = timezone.localdate()
        decided = [Status.ACCEPTED, Status.DECLINED, Status.REDIRECTED, Status.DUPLICATE]
        open_statuses = [Status.SUBMITTED, Status.SUBMITTED, Status.IN_TRIAGE, Status.MORE_INFO]
        batch: list[Referral] = []
        for number in range(total):
            is_open = number >= total - open_count
            # Decided referrals over ten years; open ones over the last ten weeks.
            sent = now - timedelta(
                minutes=rng.randint(0, 70 * 24 * 60)
                if is_open
                else rng.randint(70 * 24 * 60, 10 * 365 * 24 * 60)
            )
            status = rng.choice(open_statuses) if is_open else rng.choice([*decided, "withdrawn"])
            unborn = rng.random() < 0.15
            self_referral = rng.random() < 0.2
            referrer = None if self_referral else rng.choice(referrers)
            district = rng.choice(DISTRICTS)
            born = (sent.date() if not is_open else today) - timedelta(days=rng.randint(0, 700))
            batch.append(
                Referral(
                    reference=reference(number),
                    kind="self" if self_referral else "practitioner",
                    status=status,
                    team=team,
                    referrer=referrer,
                    referrer_organisation=referrer.organisation if referrer else None,
                    parent_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    unborn=unborn,
                    expected_delivery_date=born + timedelta(days=300) if unborn else None,
                    child_date_of_birth=None if unborn else born,
                    postcode=f"{district} {rng.randint(1, 9)}AB",
                    postcode_district=district,
                    phone="+447700900" + f"{rng.randint(0, 999):03d}",
                    may_call=True,
                    concerns=rng.sample(CONCERNS, rng.choice([1, 1, 2, 3])),
                    concern_details="A fictional worry for the benchmark.",
                    impact=rng.choice(["mild", "moderate", "severe"]),
                    consent=True,
                    created_at=sent,
                    updated_at=sent,
                    submitted_at=sent,
                    decided_at=sent + timedelta(days=rng.randint(0, 30))
                    if status in decided
                    else None,
                    decline_reason=DeclineReason.OTHER if status == Status.DECLINED else "",
                )
            )
            if len(batch) == 5000:
                Referral.objects.bulk_create(batch)
                batch = []
                print(f"  {number + 1} referrals", flush=True)
        Referral.objects.bulk_create(batch)
    # A live database keeps its statistics and visibility map up to date (autovacuum); after
    # a bulk load, do it now, or counting is a scan of the table instead of its index.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def query_count(paths: list[str]) -> dict[str, int]:
    """The database queries of each page, counted in process (as the pinned test does)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from littleminds.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=EMAIL))
    counts = {}
    for path in paths:
        client.get(path)  # the session and its caches, as for a person already working
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[path] = len(queries)
    return counts


def signed_in(base: str) -> urllib.request.OpenerDirector:
    """A client with the clinician's session, signed in through the sign-in form."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/sign-in/") as response:
        page = response.read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if match is None:
        raise SystemExit("The sign-in page has no CSRF token")
    form = urlencode({"csrfmiddlewaretoken": match.group(1), "email": EMAIL, "password": PASSWORD})
    request = urllib.request.Request(  # noqa: S310 - our server
        f"{base}/sign-in/", data=form.encode(), headers={"Referer": f"{base}/sign-in/"}
    )
    with opener.open(request) as response:
        if urllib.parse.urlsplit(response.url).path != "/work/":
            raise SystemExit(f"Signing in ended at {response.url}")
    return opener


def measure(opener: urllib.request.OpenerDirector, base: str, path: str, n: int) -> list[float]:
    def one() -> float:
        start = time.perf_counter()
        with opener.open(f"{base}{path}", timeout=30) as response:
            response.read()
            if response.status != 200 or urlsplit(response.url).path != urlsplit(path).path:
                raise SystemExit(f"{path} answered {response.status} at {response.url}")
        return (time.perf_counter() - start) * 1000

    for _ in range(10):  # warm up the workers and the database cache
        one()
    return [one() for _ in range(n)]


def report(name: str, times: list[float], queries: int) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{name:<44} n={len(times):<4} median {statistics.median(times):6.1f} ms   "
        f"p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms   {queries} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_db = f"sqlite:///{Path(tempfile.gettempdir()) / 'littleminds-bench-triage.sqlite3'}"
    parser.add_argument("--database-url", default=default_db)
    parser.add_argument("--referrals", type=int, default=300_000)
    parser.add_argument("--open", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args()

    env = environment(args.database_url)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    backend = urlsplit(args.database_url).scheme
    print(f"Database: {backend}; filling to {args.referrals} referrals, {args.open} open…")
    subprocess.run(
        [sys.executable, "-m", "littleminds.manage", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    fill(args.referrals, args.open, args.seed)

    pages = {
        "the queue (open, waiting longest first)": "/triage/",
        "the queue, page 3": "/triage/?page=3",
        "6 to 11 months in BD7, newest first": "/triage/?age=6-11&district=BD7&sort=newest",
        "one worry (trauma or loss)": "/triage/?concern=trauma_loss",
        "self-referrals": "/triage/?organisation=self",
        "declined (of 300,000)": "/triage/?status=declined",
    }
    counts = query_count(list(pages.values()))
    with serve(env, args.workers) as base:
        opener = signed_in(base)
        print(
            f"{args.requests} requests of each page, one at a time, "
            f"{args.workers} gunicorn workers, {os.cpu_count()} cores:"
        )
        for name, path in pages.items():
            report(f"GET {name}", measure(opener, base, path, args.requests), counts[path])
        # The floor: the cheapest request through the same server and client. On a shared
        # machine it shows how much of each time is the machine's load, not the page.
        report("GET /healthz (the floor)", measure(opener, base, "/healthz", args.requests), 1)


if __name__ == "__main__":
    main()
