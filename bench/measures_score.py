"""Scoring speed: `POST /api/measures/{code}/score`, one request at a time.

Serves the project with gunicorn on this machine (a freshly migrated database: the API reads
nothing from it but counts each request for the rate limiter, under a limit the benchmark
never reaches), sends varied answers to every measure one at a time, and prints the median,
95th percentile and slowest time, beside `GET /healthz` as the floor. It also times the
scoring itself in process. The target: a 95th percentile of 20 ms or less.

Run by hand, on SQLite (default) or PostgreSQL:

    .venv/bin/python bench/measures_score.py
    .venv/bin/python bench/measures_score.py --database-url postgres://postgres@127.0.0.1:5432/littleminds_bench_measures
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from directory_search import environment, serve  # noqa: E402
from pathway_decide import over_http, report  # noqa: E402


def bodies(count: int, seed: int) -> list[tuple[str, dict[str, object]]]:
    """Complete, valid answers to a measure chosen at random, as a clinic would send them."""
    from littleminds.measures.definitions import MEASURES

    rng = random.Random(seed)
    made = []
    for _ in range(count):
        measure = rng.choice(list(MEASURES.values()))
        items = rng.randint(measure.fewest_items, measure.items)
        answers = [rng.randint(measure.item_min, measure.item_max) for _ in range(items)]
        made.append((measure.code, {"items": answers}))
    return made


def in_process(made: list[tuple[str, dict[str, object]]], rounds: int) -> float:
    from littleminds.measures.scoring import score

    start = time.perf_counter()
    for _ in range(rounds):
        for code, body in made:
            score(code, body["items"])  # type: ignore[arg-type]
    return rounds * len(made) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_db = f"sqlite:///{Path(tempfile.gettempdir()) / 'littleminds-bench-measures.sqlite3'}"
    parser.add_argument("--database-url", default=default_db)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261205)
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="turn the rate limiter off, to see its cost"
    )
    args = parser.parse_args()

    env = environment(args.database_url)
    env["LITTLEMINDS_RATE_LIMIT_MEASURES"] = "1000000/m"
    env["LITTLEMINDS_RATE_LIMITS"] = "false" if args.no_rate_limits else "true"
    os.environ.update(env)
    import django

    django.setup()
    made = bodies(args.requests, args.seed)
    rate = in_process(made, 20)
    print(f"Scoring, in process: {rate:,.0f} administrations a second")

    subprocess.run(
        [sys.executable, "-m", "littleminds.manage", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"{args.workers} gunicorn workers, {os.cpu_count()} cores, client on the same machine")
    with serve(env, args.workers) as base:
        # One measure per run of requests would hide nothing: each request names its own.
        times: list[float] = []
        by_code: dict[str, list[dict[str, object] | None]] = {}
        for code, body in made:
            by_code.setdefault(code, []).append(body)
        for code, sent in by_code.items():
            times += over_http(base, sent, 1, path=f"/api/measures/{code}/score")
        report("POST /api/measures/{code}/score, 1 at a time", times)
        report(
            "GET /healthz (floor), 1 at a time",
            over_http(base, [None] * args.requests, 1, path="/healthz"),
        )


if __name__ == "__main__":
    main()
