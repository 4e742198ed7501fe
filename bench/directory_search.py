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
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

# The shared harness; `environment`, `free_port`, `serve` and `wait_for` are imported from
# here by the older benches.
from serving import environment, free_port, serve, wait_for  # noqa: E402

__all__ = ["environment", "fill", "free_port", "serve", "wait_for"]
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


def fill(
    count: int,
    seed: int,
    *,
    districts: Sequence[str] = DISTRICTS,
    groups: dict[str, list[str]] | None = None,
    organisations: list[int] | None = None,
    everywhere: float = 0.25,
    statuses: bool = False,
    key: str = "bench",
    progress: bool = False,
) -> None:
    """Create `count` services in bulk (the services layer would take hours for 50,000).

    Each of `districts` is an area of its own (key `<key>-<district>`), and each of
    `groups` (a name and its districts, such as a postcode area or a local authority) one
    covering all of them; a service covers one or two of those areas, or (a share
    `everywhere` of them) has no area limit. The services belong to `organisations` (their
    primary keys), or to 500 new ones. With `statuses`, some are temporarily closed or
    decommissioned, as a live directory's are. Does nothing when the areas exist (or, for
    the default areas, when the database holds `count` services already)."""
    import django

    django.setup()
    from django.db import transaction
    from tqdm import tqdm  # type: ignore[import-untyped]

    from littleminds.accounts.models import Organisation
    from littleminds.directory.models import (
        Area,
        AreaCoverage,
        NeedTerm,
        Ring,
        Service,
        ServiceAccess,
    )

    if Area.objects.filter(key=f"{key}-{districts[0].lower()}").exists() or (
        organisations is None and Service.objects.count() >= count
    ):
        print(f"The database already holds {Service.objects.count():,} services.")
        return
    rng = random.Random(seed)
    with transaction.atomic():
        if organisations is None:
            made_organisations = Organisation.objects.bulk_create(
                Organisation(name=f"Bench organisation {n}") for n in range(500)
            )
            owners = [(o.pk, o.name) for o in made_organisations]
        else:
            owners = list(
                Organisation.objects.filter(pk__in=organisations).values_list("pk", "name")
            )
        covered = [(district, [district]) for district in districts]
        covered += [(f"{name} area", members) for name, members in (groups or {}).items()]
        areas = Area.objects.bulk_create(
            Area(key=f"{key}-{name.lower().replace(' ', '-')}", name=f"Bench {name}")
            for name, _members in covered
        )
        AreaCoverage.objects.bulk_create(
            AreaCoverage(area=area, prefix=district, valid_from=date(2016, 4, 1))
            for area, (_name, members) in zip(areas, covered, strict=True)
            for district in members
        )
        needs = list(NeedTerm.objects.filter(term__in=NEEDS))
        rings = [Ring.CORE, Ring.UNIVERSAL, Ring.RISK_FACTORS]
        status_of = [Service.Status.ACTIVE] * 95 + [Service.Status.TEMPORARILY_CLOSED] * 3
        status_of += [Service.Status.DECOMMISSIONED] * 2
        batch: list[Service] = []
        made = 0
        bar = tqdm(total=count, unit=" services", disable=not progress)
        while made < count:
            for _ in range(min(5000, count - made)):
                words = " ".join(rng.sample(WORDS, 6))
                low = rng.choice([None, 0, 0, 0, 6, 12, 24])
                high = rng.choice([None, 12, 24, 24, 36, 60]) if low is None or low < 12 else 60
                organisation, organisation_name = rng.choice(owners)
                name = f"{words.split()[0].title()} service {made}"
                summary = f"A {words} service."
                batch.append(
                    Service(
                        organisation_id=organisation,
                        name=name,
                        summary=summary,
                        remit=f"Families who need {words}.",
                        boundaries="Not an emergency service.",
                        ring=rng.choice(rings),
                        min_age_months=low,
                        max_age_months=high,
                        pregnancy=rng.random() < 0.3,
                        status=rng.choice(status_of) if statuses else Service.Status.ACTIVE,
                        search_text=f"{name} {summary} families who need {words}. "
                        f"{organisation_name}".lower(),
                    )
                )
                made += 1
            created = Service.objects.bulk_create(batch)
            through_areas = Service.areas.through
            through_needs = Service.needs.through
            links = [
                through_areas(service_id=s.pk, area_id=a.pk)
                for s in created
                if rng.random() >= everywhere
                for a in rng.sample(areas, rng.choice([1, 1, 2]))
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
            bar.update(len(batch))
            batch = []
            if not progress:
                print(f"  {made} services", flush=True)
        bar.close()
    # A live database keeps its statistics up to date and its dead rows vacuumed; after a
    # bulk load, do it now. Without the vacuum, the update of `open_everywhere` above
    # leaves a dead version of nearly every service, which its indexes still point to
    # until autovacuum comes round (ADR 0052). SQLite has nothing to vacuum here.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


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
