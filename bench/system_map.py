"""The system map at national size: how many bytes each page is and how long it takes.

Fills a database with 50,000 services (DOMAIN.md §11) by `directory_search.fill`, then
spreads them as a national directory would be: organisations of every kind (and some not
yet known), 150 areas with a few services open to every area, and about one link a service.
It then asks for the map as a commissioner would (the whole country, a ring and kind, an
area, down to services drawn one by one), its SVG picture and its CSV download, and prints
each one's size in bytes, its database queries (in process) and, served by gunicorn one
request at a time, its median and 95th percentile beside `GET /healthz` (the floor).

Run by hand, with a PostgreSQL database you name (made and migrated here if new):

    createdb -h 127.0.0.1 -U postgres lm_nm_bench
    .venv/bin/python bench/system_map.py --database-url postgres://postgres@127.0.0.1:5432/lm_nm_bench

The target (issue 18): every map page under 500 kB and readable.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from directory_search import environment, fill, serve  # noqa: E402

TARGET_BYTES = 500_000
AREAS = 150
# Of the services, this share is open to every area (national helplines and the like).
EVERYWHERE = 0.001


def spread(seed: int) -> None:
    """Gives the filled directory the spread of a national one, once."""
    from django.db import connection, transaction

    from littleminds.accounts.models import Organisation
    from littleminds.directory.models import Area, AreaCoverage, Service, ServiceLink

    if Area.objects.filter(key__startswith="nation-").exists():
        return
    rng = random.Random(seed)
    kinds = [*Organisation.Kind.values, ""]
    with transaction.atomic():
        for index, organisation in enumerate(Organisation.objects.order_by("pk")):
            organisation.kind = kinds[index % len(kinds)]
            organisation.save(update_fields=["kind"])
        areas = []
        for number in range(AREAS):
            area = Area.objects.create(key=f"nation-{number}", name=f"Area {number:03d}")
            AreaCoverage.objects.create(area=area, prefix=f"ZZ{number}", valid_from="2016-04-01")
            areas.append(area)
        through = Service.areas.through
        through.objects.all().delete()
        ids = list(Service.objects.values_list("pk", flat=True))
        everywhere = set(rng.sample(ids, int(len(ids) * EVERYWHERE)))
        through.objects.bulk_create(
            (
                through(service_id=pk, area_id=area.pk)
                for pk in ids
                if pk not in everywhere
                for area in rng.sample(areas, rng.choice([1, 1, 1, 2]))
            ),
            batch_size=5000,
        )
        Service.objects.update(open_everywhere=False)
        Service.objects.filter(pk__in=everywhere).update(open_everywhere=True)
        links: set[tuple[int, int, str]] = set()
        while len(links) < len(ids):
            source, target = rng.sample(ids, 2)
            links.add((source, target, rng.choice(["refers_to", "receives_from", "overlaps_with"])))
        ServiceLink.objects.bulk_create(
            (ServiceLink(source_id=s, target_id=t, kind=k) for s, t, k in links), batch_size=5000
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def pages() -> list[tuple[str, str]]:
    """The map as a commissioner and a practitioner would walk it."""
    from littleminds.accounts.models import Organisation
    from littleminds.directory.models import Area, Service

    area = Area.objects.get(key="nation-7")
    service = Service.objects.filter(areas=area, ring="core", organisation__kind="nhs").first()
    assert service is not None
    one = {"area": area.key, "ring": "core", "kind": Organisation.Kind.NHS}
    return [
        ("the whole country", "/directory/map/"),
        ("one ring and kind (by area)", "/directory/map/?ring=core&kind=nhs"),
        ("one area (grouped)", f"/directory/map/?area={area.key}"),
        ("one area, ring and kind", f"/directory/map/?{urlencode(one)}"),
        ("… with a service selected", f"/directory/map/?{urlencode(one)}&service={service.code}"),
        ("one need", "/directory/map/?need=bonding"),
        ("the SVG, whole country", "/directory/map.svg"),
        ("the SVG, one area, ring and kind", f"/directory/map.svg?{urlencode(one)}"),
    ]


def in_process(named: list[tuple[str, str]]) -> None:
    """Bytes and queries of each page, rendered in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/directory/map/?ring=core&kind=nhs")  # loads the code and templates
    print(f"{'page':<36} {'bytes':>12} {'queries':>8} {'time':>9}  under 500 kB")
    for name, path in [*named, ("the CSV of every service", "/directory/map.csv")]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response: Any = client.get(path)
            if response.streaming:
                size = sum(len(part) for part in response.streaming_content)
            else:
                size = len(response.content)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code == 404:
            print(f"{name:<36} (not on this version)")
            continue
        assert response.status_code == 200, (path, response.status_code)
        ok = "yes" if size < TARGET_BYTES else "NO"
        if path.endswith(".csv"):
            ok = "(a download)"
        print(f"{name:<36} {size:>12,} {len(queries):>8} {elapsed:>7.0f} ms  {ok}")


def timed(base: str, path: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs + 2):
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}{path}", timeout=120) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return []
            raise
        times.append((time.perf_counter() - start) * 1000)
    return times[2:]  # the first two warm the worker


def report(name: str, times: list[float]) -> None:
    if not times:
        print(f"{name:<36} (not on this version)")
        return
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    median = statistics.median(times)
    print(f"{name:<36} n={len(times):<4} median {median:7.1f} ms   p95 {p95:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--no-serve", action="store_true", help="sizes and queries only")
    args = parser.parse_args()

    env = environment(args.database_url)
    os.environ.update(env)
    print(f"Database: {urlsplit(args.database_url).scheme}; filling to {args.services} services…")
    subprocess.run(
        [sys.executable, "-m", "littleminds.manage", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
    )
    fill(args.services, args.seed)
    spread(args.seed)
    named = pages()
    in_process(named)
    if args.no_serve:
        return
    print(f"One at a time, {args.runs} each, gunicorn, 2 workers, load {os.getloadavg()}:")
    with serve(env, 2) as base:
        report("GET /healthz (the floor)", timed(base, "/healthz", args.runs))
        for name, path in named:
            report(name, timed(base, path, args.runs))
        report("GET /healthz (the floor, again)", timed(base, "/healthz", args.runs))
    print(f"Load afterwards: {os.getloadavg()}")


if __name__ == "__main__":
    main()
