"""Casework speed, with ten years of a national service's casework in the database.

Makes a throwaway PostgreSQL database (dropped at the end unless `--keep`), migrates it and
fills it with 300,000 cases and 3 million contacts of synthetic families (DOMAIN.md §11),
with COPY (the services would take days). Every case has a baby, a parent, a lead clinician,
two signed notes and its "opened" event; 500 of the cases are open, and one of them has 200
contacts, 100 notes and 50 administrations of outcome measures (6 measures in turn, one in
ten a correction of the one before). Serves the project with gunicorn on this machine, signs in as a
clinician of the team through the real sign-in form and requests, one at a time:

- the case page of the case with 200 contacts, 100 notes and 50 administrations (target:
  95th percentile 100 ms or less), which shows the latest 20 contacts, 10 notes and 20
  events, and its page of all contacts (the first 50);
- the team's caseload of 500 open cases, as it opens and sorted by the next contact
  (target: 95th percentile 150 ms or less);
- the clinician's own caseload;
- `/healthz`, the floor.

Prints the median, 95th percentile and slowest time of each, and the database queries of
each page (counted in process with Django's test client).

The score API's target (20 ms) is measured by `bench/measures_score.py`.

Run by hand:

    .venv/bin/python bench/casework.py
    .venv/bin/python bench/casework.py --keep
    .venv/bin/python bench/casework.py --database-url postgres://postgres@127.0.0.1:5432/lm_bench
    .venv/bin/python bench/casework.py --filled --database-url postgres://…/lm_bench

`--filled` measures again a database an earlier run filled (with `--database-url` or
`--keep`), after migrating it: loading takes about five minutes.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import directory_search  # noqa: E402
from directory_search import serve  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
EMAIL = "bench.casework@littleminds.example"
PASSWORD = "Bench-casework-2026"  # noqa: S105 - a throwaway account in a throwaway database
FIRST = ["Ada", "Bea", "Cal", "Dee", "Eli", "Fay", "Gil", "Hal", "Ivy", "Jo", "Kit", "Lou"]
LAST = ["Example", "Sample", "Specimen", "Placeholder", "Madeup", "Fictional", "Dummy"]
PLACES = ["home", "clinic", "community", "video", "phone"]
OUTCOMES = ["attended"] * 7 + ["did_not_attend", "cancelled_family", "cancelled_service"]
NOTE = "A fictional note for the benchmark: how the visit went and what comes next. " * 4


@contextmanager
def throwaway_database(url: str | None, keep: bool) -> Iterator[str]:
    """The given database, or a new one on the local server, dropped at the end."""
    if url:
        yield url
        return
    import psycopg

    name = f"littleminds_bench_casework_{secrets.token_hex(4)}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{SERVER}/{name}"
    finally:
        if keep:
            print(f"Database kept: {SERVER}/{name}")
        else:
            with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database_url: str) -> dict[str, str]:
    env = directory_search.environment(database_url)
    env.update(
        LITTLEMINDS_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LITTLEMINDS_REQUIRE_2FA="false",
    )
    return env


def fill(cases: int, contacts: int, open_count: int, seed: int) -> str:
    """Create the team, its clinicians and the casework, with COPY. Returns the code of the
    case with 200 contacts."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from littleminds.accounts import services as accounts
    from littleminds.accounts.roles import Role
    from littleminds.casework import services as casework_services

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        trust = accounts.organisation_create(by=None, name="Bench NHS Trust")
        team = accounts.team_create(by=None, organisation=trust, name="Bench Casework Team")
        me = accounts.user_create(
            by=None,
            email=EMAIL,
            full_name="Bench Clinician",
            password=PASSWORD,
            organisation=trust,
            roles=[(Role.CLINICIAN, team)],
        )
        others = [
            accounts.user_create(
                by=None,
                email=f"clinician{n}@bench.littleminds.example",
                full_name=f"Clinician {n}",
                password=None,
                organisation=trust,
                roles=[(Role.CLINICIAN, team)],
            )
            for n in range(19)
        ]
    clinicians = [me.pk, *(other.pk for other in others)]
    big = cases  # the last case, open, is the one with 200 contacts
    big_code = str(uuid.uuid4())
    per_case = (contacts - 200) / (cases - 1)
    started = time.perf_counter()
    raw = connection.connection
    assert raw is not None
    with transaction.atomic(), raw.cursor() as cursor:
        case_rows: list[tuple[Any, ...]] = []
        contact_rows: list[tuple[Any, ...]] = []
        copy_cases = cursor.copy(
            "COPY casework_case (id, code, team_id, status, opened_on, closed_on, "
            "opened_by_id, worries, worries_detail, postcode) FROM STDIN"
        )
        with copy_cases as copy:
            for n in range(1, cases + 1):
                is_open = n > cases - open_count
                opened = (
                    today - timedelta(days=rng.randint(7, 300))
                    if is_open
                    else today - timedelta(days=rng.randint(400, 3650))
                )
                closed = None if is_open else opened + timedelta(days=rng.randint(30, 360))
                code = big_code if n == big else str(uuid.uuid4())
                copy.write_row(
                    (
                        n,
                        code,
                        team.pk,
                        "open" if is_open else "closed",
                        opened,
                        closed,
                        rng.choice(clinicians),
                        '["bonding"]',
                        "",
                        f"BD{rng.randint(1, 22)} {rng.randint(1, 9)}AB",
                    )
                )
                case_rows.append((n, is_open, opened, closed))
        print(f"  {cases} cases ({time.perf_counter() - started:.0f} s)", flush=True)
        with cursor.copy(
            "COPY casework_baby (code, case_id, name, nhs_number, unborn, due_date, "
            "date_of_birth) FROM STDIN"
        ) as copy:
            for n, _, opened, _ in case_rows:
                copy.write_row(
                    (uuid.uuid4(), n, rng.choice(FIRST), "", False, None, opened - timedelta(60))
                )
        with cursor.copy(
            "COPY casework_caseperson (code, case_id, name, relationship, language, "
            "interpreter, phone, email, may_call, may_text, may_leave_message, contact_times) "
            "FROM STDIN"
        ) as copy:
            for n, *_ in case_rows:
                copy.write_row(
                    (
                        uuid.uuid4(),
                        n,
                        f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        "mother",
                        "",
                        False,
                        "07700900123",
                        "",
                        True,
                        True,
                        False,
                        "",
                    )
                )
        # The lead clinician: the bench clinician leads every tenth open case (50 of them).
        lead_of: dict[int, int] = {}
        with cursor.copy(
            'COPY casework_allocation (case_id, clinician_id, is_lead, start, "end") FROM STDIN'
        ) as copy:
            for n, is_open, opened, closed in case_rows:
                lead = me.pk if is_open and n % 10 == 0 else rng.choice(clinicians)
                lead_of[n] = lead
                copy.write_row((n, lead, True, opened, closed))
        with cursor.copy(
            "COPY casework_caseevent (case_id, action, at, by_id, detail) FROM STDIN"
        ) as copy:
            for n, _, opened, _ in case_rows:
                at = datetime.combine(opened, datetime.min.time(), tzinfo=now.tzinfo)
                copy.write_row((n, "opened", at, lead_of[n], ""))
        print(f"  babies, parents, leads, events ({time.perf_counter() - started:.0f} s)")
        with cursor.copy(
            "COPY casework_contact (code, case_id, clinician_id, starts_at, minutes, place, "
            "planned_by_id, planned_at, outcome, note, recorded_by_id, recorded_at) FROM STDIN"
        ) as copy:
            written = 0
            for n, is_open, opened, closed in case_rows:
                count = 200 if n == big else int(per_case) + (rng.random() < per_case % 1)
                start = datetime.combine(opened, datetime.min.time(), tzinfo=now.tzinfo)
                end = (
                    now + timedelta(days=30)
                    if is_open
                    else datetime.combine(closed, datetime.min.time(), tzinfo=now.tzinfo)
                )
                span = (end - start).total_seconds()
                for k in range(count):
                    at = start + timedelta(seconds=span * (k + rng.random()) / count)
                    at = at.replace(minute=0, second=0, microsecond=0)
                    clinician = lead_of[n]
                    past = at < now
                    # Open cases keep a few past contacts not recorded yet.
                    recorded = past and not (is_open and rng.random() < 0.1)
                    copy.write_row(
                        (
                            uuid.uuid4(),
                            n,
                            clinician,
                            at,
                            60,
                            rng.choice(PLACES),
                            clinician,
                            at - timedelta(days=7),
                            rng.choice(OUTCOMES) if recorded else "",
                            "Saw the family. A fictional note." if recorded else "",
                            clinician if recorded else None,
                            at + timedelta(hours=2) if recorded else None,
                        )
                    )
                    written += 1
                    if k < 2 or n == big:
                        contact_rows.append((n, clinician, at))
                if written and n % 50_000 == 0:
                    print(f"  {written} contacts ({time.perf_counter() - started:.0f} s)")
        print(f"  {written} contacts ({time.perf_counter() - started:.0f} s)", flush=True)
        with cursor.copy(
            "COPY casework_note (code, case_id, text, author_id, signed_as, signed_at, "
            "addendum_to_id) FROM STDIN"
        ) as copy:
            notes = 0
            for n, clinician, at in contact_rows:
                if n == big and notes % 2:
                    notes += 1
                    continue
                copy.write_row((uuid.uuid4(), n, NOTE, clinician, "A Clinician", at, None))
                notes += 1
        print(f"  notes ({time.perf_counter() - started:.0f} s)", flush=True)
        for table in ("case", "baby", "caseperson", "allocation", "caseevent", "contact", "note"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('casework_{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM casework_{table}))"
            )
    # COPY leaves each case's last attended contact (`Case.last_contact_at`, which the
    # contact services keep) empty: worked out here once for every case, as the migration
    # that added it did.
    casework_services.cases_last_contact_backfill()
    print(f"  last contacts ({time.perf_counter() - started:.0f} s)", flush=True)
    fill_administrations(big_code)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"  loaded and analysed ({time.perf_counter() - started:.0f} s)", flush=True)
    return big_code


def fill_administrations(case_code: str, count: int = 50, seed: int = 20261205) -> None:
    """The case's administrations of outcome measures (the issue's case page has 50): PHQ-9,
    GAD-7, CORE-10, SWEMWBS, EPDS and PIR-GAS in turn, every four weeks back from today,
    answered by the case's parent (the clinician for PIR-GAS), each scored by
    `measures.scoring` as the services do. No risk item is answered above zero (a risk would
    open a task, which the services do, not this loader). One in ten corrects the one before
    it (the replaced one is kept, as the services keep it)."""
    from django.db import transaction
    from django.utils import timezone

    from littleminds.casework.models import Administration, Case
    from littleminds.measures.definitions import Answerer, measure_of
    from littleminds.measures.scoring import score

    rng = random.Random(seed)
    case = Case.objects.get(code=case_code)
    parent = case.people.order_by("pk").first()
    lead = case.allocations.filter(is_lead=True).values_list("clinician", flat=True).first()
    today = timezone.localdate()
    codes = ["phq9", "gad7", "core10", "swemwbs", "epds", "pirgas"]
    made = 0
    with transaction.atomic():
        previous: Administration | None = None
        while made < count:
            replaces = previous if made % 10 == 9 and previous is not None else None
            code = replaces.measure if replaces else codes[made % len(codes)]
            definition = measure_of(code)
            items = [
                0
                if number in definition.risk_items
                else rng.randint(definition.item_min, definition.item_max)
                for number in range(1, definition.items + 1)
            ]
            result = score(code, items)
            previous = Administration.objects.create(
                case=case,
                measure=code,
                on=replaces.on if replaces else today - timedelta(days=28 * (count - made) // 6),
                answered_by=parent if definition.answered_by == Answerer.PARENT else None,
                items=items,
                total=result.total,
                band=str(result.band.label) if result.band else "",
                caseness=result.caseness,
                risk=[],
                replaces=replaces,
                reason="Corrected: an answer was typed wrongly." if replaces else "",
                recorded_by_id=lead,
            )
            made += 1


def filled_case() -> str:
    """The code of the case with 200 contacts in a database filled by an earlier run."""
    import django

    django.setup()
    from django.db.models import Count

    from littleminds.casework.models import Case

    case = (
        Case.objects.filter(status=Case.Status.OPEN)
        .annotate(n=Count("contacts"))
        .order_by("-n")
        .values_list("code", flat=True)
        .first()
    )
    if case is None:
        raise SystemExit("The database has no open case: fill it first (without --filled)")
    return str(case)


def query_count(paths: list[str]) -> dict[str, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from littleminds.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=EMAIL))
    counts = {}
    for path in paths:
        client.get(path)
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
        with opener.open(f"{base}{path}", timeout=60) as response:
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
        f"{name:<48} n={len(times):<4} median {statistics.median(times):6.1f} ms   "
        f"p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms   {queries} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="an empty PostgreSQL database to fill")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument("--cases", type=int, default=300_000)
    parser.add_argument("--contacts", type=int, default=3_000_000)
    parser.add_argument("--open", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument(
        "--filled",
        action="store_true",
        help="the database given is already filled by an earlier run (--keep): migrate it "
        "and measure again, without loading",
    )
    args = parser.parse_args()
    if args.filled and not args.database_url:
        parser.error("--filled needs --database-url")

    with throwaway_database(args.database_url, args.keep) as url:
        env = environment(url)
        os.environ.update(env)
        print(f"Database: {url}; {args.cases} cases, {args.contacts} contacts, {args.open} open")
        subprocess.run(
            [sys.executable, "-m", "littleminds.manage", "migrate", "--noinput", "-v0"],
            env=env,
            check=True,
        )
        started = time.perf_counter()
        big = (
            filled_case() if args.filled else fill(args.cases, args.contacts, args.open, args.seed)
        )
        if not args.filled:
            print(f"Loaded in {time.perf_counter() - started:.0f} s", flush=True)
        pages = {
            "the case page (200 contacts, 100 notes, 50 measures)": f"/cases/{big}/",
            "all the case's contacts (the first 50 of 200)": f"/cases/{big}/contacts/",
            "the team's caseload (500 open cases)": "/cases/team/",
            "the team's caseload, next contact first": "/cases/team/?sort=next",
            "the team's caseload, contacts not recorded": "/cases/team/?contact=not_recorded",
            "the clinician's own caseload (50 cases)": "/cases/",
            "Your work": "/work/",
        }
        counts = query_count(list(pages.values()))
        from django.db import connections

        connections.close_all()  # or the database cannot be dropped at the end
        with serve(env, args.workers) as base:
            opener = signed_in(base)
            print(
                f"{args.requests} requests of each page, one at a time, "
                f"{args.workers} gunicorn workers, {os.cpu_count()} cores:"
            )
            for name, path in pages.items():
                report(f"GET {name}", measure(opener, base, path, args.requests), counts[path])
            report("GET /healthz (the floor)", measure(opener, base, "/healthz", args.requests), 1)


if __name__ == "__main__":
    main()
