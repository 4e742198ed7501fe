"""Directory search speed, through the HTTP API, with a directory of national size.

Fills a database with 50,000 services (DOMAIN.md §11), serves it with gunicorn on this
machine, and sends searches that combine words, the child's age, a postcode and a need to
the Open Referral API (`/openreferral/services`) and to the public search page
(`/directory/`). Prints the median, 95th percentile and slowest time of each: cold (each
search for the first time since the directory's generation changed, so nothing is cached)
and warm (the same searches again, answered from the cache; ADR 0046), beside `/healthz`
as the floor, with the machine's load.

Run by hand, on SQLite (default) or PostgreSQL:

    .venv/bin/python bench/directory_search.py
    .venv/bin/python bench/directory_search.py --database-url postgres://postgres@127.0.0.1:5432/littleminds_bench
    .venv/bin/python bench/directory_search.py --database-url … --cache-url redis://127.0.0.1:6379/0

The target: median and 95th percentile under 50 ms on this machine.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "baby",
    "parent",
    "bonding",
    "massage",
    "feeding",
    "sleep",
    "crying",
    "group",
    "support",
    "home",
    "visits",
    "talking",
    "therapy",
    "family",
    "hub",
    "nursery",
    "library",
    "rhyme",
    "time",
    "dads",
    "mums",
    "refugee",
    "debt",
    "housing",
    "advice",
    "recovery",
    "wellbeing",
    "perinatal",
    "midwife",
    "health",
    "visitor",
    "speech",
    "language",
    "play",
    "peer",
]
DISTRICTS = [f"BD{n}" for n in range(1, 23)] + ["LS29"]
NEEDS = [
    "bonding",
    "baby_regulation",
    "trauma_loss",
    "parenting_confidence",
    "parent_mental_health",
    "domestic_abuse",
    "substance_use",
    "housing",
    "money",
    "refugee_asylum",
]


def environment(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LITTLEMINDS_", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="littleminds.settings",
        LITTLEMINDS_SECRET_KEY=secrets.token_urlsafe(50),
        LITTLEMINDS_SSL_REDIRECT="false",
        LITTLEMINDS_SECURE_COOKIES="false",
        LITTLEMINDS_HSTS_SECONDS="0",
        LITTLEMINDS_ALLOWED_HOSTS="127.0.0.1,localhost",
        LITTLEMINDS_LOG_LEVEL="WARNING",
        LITTLEMINDS_VAR_DIR=env.get("LITTLEMINDS_VAR_DIR", tempfile.gettempdir()),
    )
    return env


def fill(count: int, seed: int) -> None:
    """Create `count` services in bulk (the services layer would take hours for 50,000)."""
    import django

    django.setup()
    from django.db import transaction

    from littleminds.accounts.models import Organisation
    from littleminds.directory.models import (
        Area,
        AreaCoverage,
        NeedTerm,
        Ring,
        Service,
        ServiceAccess,
    )

    if Service.objects.count() >= count:
        print(f"The database already holds {Service.objects.count()} services.")
        return
    rng = random.Random(seed)
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Bench organisation {n}") for n in range(500)
        )
        areas = []
        for district in DISTRICTS:
            area = Area.objects.create(key=f"bench-{district.lower()}", name=f"Bench {district}")
            AreaCoverage.objects.create(area=area, prefix=district, valid_from=date(2016, 4, 1))
            areas.append(area)
        needs = list(NeedTerm.objects.filter(term__in=NEEDS))
        rings = [Ring.CORE, Ring.UNIVERSAL, Ring.RISK_FACTORS]
        batch: list[Service] = []
        made = 0
        while made < count:
            for _ in range(min(5000, count - made)):
                words = " ".join(rng.sample(WORDS, 6))
                low = rng.choice([None, 0, 0, 0, 6, 12, 24])
                high = rng.choice([None, 12, 24, 24, 36, 60]) if low is None or low < 12 else 60
                organisation = rng.choice(organisations)
                name = f"{words.split()[0].title()} service {made}"
                summary = f"A {words} service."
                batch.append(
                    Service(
                        organisation=organisation,
                        name=name,
                        summary=summary,
                        remit=f"Families who need {words}.",
                        boundaries="Not an emergency service.",
                        ring=rng.choice(rings),
                        min_age_months=low,
                        max_age_months=high,
                        pregnancy=rng.random() < 0.3,
                        search_text=f"{name} {summary} families who need {words}. "
                        f"{organisation.name}".lower(),
                    )
                )
                made += 1
            created = Service.objects.bulk_create(batch)
            through_areas = Service.areas.through
            through_needs = Service.needs.through
            links = [
                through_areas(service_id=s.pk, area_id=a.pk)
                for s in created
                for a in rng.sample(areas, rng.choice([0, 1, 1, 2]))
            ]
            through_areas.objects.bulk_create(links)
            Service.objects.filter(pk__in={link.service_id for link in links}).update(
                open_everywhere=False
            )
            through_needs.objects.bulk_create(
                through_needs(service_id=s.pk, needterm_id=n.pk)
                for s in created
                for n in rng.sample(needs, rng.randint(1, 3))
            )
            ServiceAccess.objects.bulk_create(
                ServiceAccess(service=s, method="self_referral", phone="01632 960000")
                for s in created
            )
            batch = []
            print(f"  {made} services", flush=True)
    # A live database keeps its statistics up to date; after a bulk load, do it now.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(env: dict[str, str], workers: int) -> Iterator[str]:
    """gunicorn serving the project on a free loopback port; yields its address."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server, on loopback only
        [
            sys.executable,
            "-m",
            "gunicorn",
            "littleminds.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        yield base
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The server did not answer at {url}")


def queries(rng: random.Random, total: int) -> list[dict[str, str]]:
    """Searches a practitioner would make: a word or two, an age, a postcode, a need."""
    made = []
    for _ in range(total):
        age_months = rng.randint(0, 30)
        made.append(
            {
                "words": " ".join(rng.sample(WORDS, rng.choice([1, 1, 2]))),
                "age_months": str(age_months),
                "years": str(age_months // 12),
                "postcode": f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}AB",
                "need": rng.choice(NEEDS),
            }
        )
    return made


def new_generation() -> None:
    """A new directory generation, as every write of the directory makes: searches cached by
    an earlier run (in Redis, which outlives the server) are not served again."""
    from littleminds.directory.services import directory_changed

    directory_changed()


def measure(
    base: str,
    path: str,
    params: list[dict[str, str]],
    concurrency: int,
    warm_up: list[dict[str, str]] | None = None,
) -> list[float]:
    def one(query: str) -> float:
        start = time.perf_counter()
        with urllib.request.urlopen(f"{base}{path}?{query}", timeout=30) as response:  # noqa: S310
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}?{query} answered {response.status}")
        return (time.perf_counter() - start) * 1000

    encoded = [urlencode(p) for p in params]
    # Warm up the workers and the database's cache, with other searches than those timed.
    for query in [urlencode(p) for p in (warm_up if warm_up is not None else params)][:10]:
        one(query)
    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, encoded))


def report(name: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{name:<40} n={len(times):<5} median {statistics.median(times):6.1f} ms   "
        f"p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_db = f"sqlite:///{Path(tempfile.gettempdir()) / 'littleminds-bench.sqlite3'}"
    parser.add_argument("--database-url", default=default_db)
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument(
        "--concurrency", default="1,2", help="requests in flight at once; a list runs each"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument(
        "--cache-url",
        default="",
        help="the server's LITTLEMINDS_CACHE_URL (default: none, each worker's own memory)",
    )
    args = parser.parse_args()

    env = environment(args.database_url)
    if args.cache_url:
        env["LITTLEMINDS_CACHE_URL"] = args.cache_url
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    backend = urlsplit(args.database_url).scheme
    print(f"Database: {backend}; filling to {args.services} services…")
    subprocess.run(
        [sys.executable, "-m", "littleminds.manage", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    fill(args.services, args.seed)

    with serve(env, args.workers) as base:
        searches = queries(random.Random(args.seed), args.requests)
        others = queries(random.Random(args.seed + 1), 10)
        api = [
            {
                "search": q["words"],
                "minimum_age": q["years"],
                "maximum_age": str(int(q["years"]) + 1),
                "postcode": q["postcode"],
                "taxonomy_term_id": need_codes()[q["need"]],
            }
            for q in searches
        ]
        page = [
            {
                "words": q["words"],
                "age_months": q["age_months"],
                "postcode": q["postcode"],
                "need": q["need"],
            }
            for q in searches
        ]
        warm_up = {
            "/openreferral/services": [
                {"search": q["words"], "postcode": q["postcode"]} for q in others
            ],
            "/directory/": [{"words": q["words"], "postcode": q["postcode"]} for q in others],
        }
        print(f"Cache: {args.cache_url or 'each worker process its own (local memory)'}")
        for concurrency in [int(n) for n in args.concurrency.split(",")]:
            print(
                f"{args.requests} searches each, {concurrency} at a time, "
                f"{args.workers} gunicorn workers, {os.cpu_count()} cores, "
                f"load average {os.getloadavg()[0]:.1f}:"
            )
            floor: list[dict[str, str]] = [{} for _ in range(args.requests)]
            report("GET /healthz (floor)", measure(base, "/healthz", floor, concurrency))
            for name, path, params in [
                ("GET /openreferral/services", "/openreferral/services", api),
                ("GET /directory/ (search page)", "/directory/", page),
            ]:
                new_generation()
                report(f"{name} cold", measure(base, path, params, concurrency, warm_up[path]))
                report(f"{name} warm", measure(base, path, params, concurrency))
            print(f"load average {os.getloadavg()[0]:.1f}")


def need_codes() -> dict[str, str]:
    from littleminds.directory.models import NeedTerm

    return {need.term: str(need.code) for need in NeedTerm.objects.all()}


if __name__ == "__main__":
    main()
