"""Navigator speed: decisions per second in-process, and the API over HTTP.

1. The default rule set, run by the engine on varied answers, in this process (target:
   at least 5,000 decisions a second).
2. `POST /api/pathway/recommend` served by gunicorn on this machine, with the
   demonstration directory, under concurrent requests (target: median and 95th
   percentile under 30 ms).

Run by hand:

    .venv/bin/python bench/pathway_decide.py
    .venv/bin/python bench/pathway_decide.py --database-url postgres://postgres@127.0.0.1:5432/littleminds_bench_pathway
"""

from __future__ import annotations

import argparse
import json
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
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from directory_search import environment, serve  # noqa: E402

CONCERNS = [
    "bonding",
    "baby_regulation",
    "trauma_loss",
    "parenting_confidence",
    "parent_mental_health",
    "domestic_abuse",
    "substance_use",
    "housing",
    "money",
]
POSTCODES = ["BD7 1DP", "BD3 9HW", "LS29 8AB", "BD23 1AA", "LS1 4AP", "ZZ99 3VZ", "BD18 4NN"]


def answers(rng: random.Random, today: date) -> dict[str, object]:
    pregnant = rng.random() < 0.25
    body: dict[str, object] = {
        "asker": rng.choice(["practitioner", "parent"]),
        "pregnant": pregnant,
        "postcode": rng.choice(POSTCODES),
        "concerns": rng.sample(CONCERNS, rng.choice([0, 1, 1, 2, 3])),
        "immediate_risk": rng.random() < 0.05,
        "on_date": today.isoformat(),
    }
    if pregnant:
        body["expected_delivery_date"] = (today + timedelta(days=rng.randint(1, 250))).isoformat()
    else:
        body["child_date_of_birth"] = (today - timedelta(days=rng.randint(0, 900))).isoformat()
    if body["concerns"]:
        body["impact"] = rng.choice(["mild", "moderate", "severe"])
    return body


def in_process(count: int, seed: int) -> float:
    from littleminds.pathway.engine import Answers, decide, facts_from, rule_set_from_data
    from littleminds.pathway.rules import DEFAULT_RULES

    rng = random.Random(seed)
    today = date(2026, 11, 28)
    rule_set = rule_set_from_data(DEFAULT_RULES)
    samples = []
    for _ in range(1000):
        body = answers(rng, today)
        samples.append(
            (
                Answers(
                    asker=str(body["asker"]),
                    pregnant=bool(body["pregnant"]),
                    expected_delivery_date=None,
                    child_date_of_birth=date.fromisoformat(str(body["child_date_of_birth"]))
                    if "child_date_of_birth" in body
                    else None,
                    concerns=frozenset(body["concerns"]),  # type: ignore[arg-type]
                    impact=body.get("impact"),  # type: ignore[arg-type]
                    immediate_risk=bool(body["immediate_risk"]),
                    practitioner_involved=False,
                    on_date=today,
                ),
                rng.random() < 0.2,
            )
        )
    start = time.perf_counter()
    for n in range(count):
        given, outside = samples[n % len(samples)]
        decide(rule_set, facts_from(given, outside_area=outside))
    return count / (time.perf_counter() - start)


def over_http(
    base: str,
    bodies: Sequence[dict[str, object] | None],
    concurrency: int,
    path: str = "/api/pathway/recommend",
) -> list[float]:
    """Each body sent `concurrency` at a time; a body of None is a GET (the floor)."""

    def one(body: dict[str, object] | None) -> float:
        request = urllib.request.Request(  # noqa: S310 - our own server on loopback
            f"{base}{path}",
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="GET" if body is None else "POST",
        )
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
        return (time.perf_counter() - start) * 1000

    # Warm every worker up (imports, the URL resolver, the API's schemas, the database's
    # pages) before timing: the first run would otherwise pay for it alone.
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, bodies[:40]))
    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, bodies))


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{name}: n={len(times)} median {statistics.median(times):.1f} ms  "
        f"p95 {p95:.1f} ms  max {times[-1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_db = f"sqlite:///{Path(tempfile.gettempdir()) / 'littleminds-bench-pathway.sqlite3'}"
    parser.add_argument("--database-url", default=default_db)
    parser.add_argument("--decisions", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", default="1,2,4")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="turn the rate limiter off, to see its cost"
    )
    args = parser.parse_args()

    env = environment(args.database_url)
    # By default the rate limiter counts every request, as in production (its one upsert is
    # part of the cost measured), but with a limit the benchmark never reaches.
    env["LITTLEMINDS_RATE_LIMIT_NAVIGATOR"] = "1000000/m"
    env["LITTLEMINDS_RATE_LIMITS"] = "false" if args.no_rate_limits else "true"
    os.environ.update(env)
    import django

    django.setup()
    rate = in_process(args.decisions, args.seed)
    print(f"Engine, in process: {rate:,.0f} decisions a second ({args.decisions:,} decisions)")

    for command in (["migrate", "--noinput", "-v0"], ["demo-data"]):
        subprocess.run(  # noqa: S603 - our own command
            [sys.executable, "-m", "littleminds.manage", *command],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print(f"{args.workers} gunicorn workers, {os.cpu_count()} cores, client on the same machine")
    with serve(env, args.workers) as base:
        rng = random.Random(args.seed)
        bodies = [answers(rng, date(2026, 11, 28)) for _ in range(args.requests)]
        for concurrency in [int(n) for n in args.concurrency.split(",")]:
            report(
                f"POST /api/pathway/recommend, {concurrency} at a time",
                over_http(base, bodies, concurrency),
            )
            # The floor: the cheapest request (one "SELECT 1") through the same server and
            # client, so the recommendation's own cost can be told from theirs.
            report(
                f"GET /healthz (floor), {concurrency} at a time",
                over_http(base, [None] * args.requests, concurrency, path="/healthz"),
            )


if __name__ == "__main__":
    main()
