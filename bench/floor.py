"""The floor: what a bare Django page costs on this machine, served as every bench serves.

Serves the project with gunicorn (`--workers` 2, for the 2 cores) and the bench-only floor
page beside it (`/bench-floor/<n>/`: three queries by primary key and a tiny template,
behind the project's whole middleware; `bench/floor_urls.py`, never shipped), through the
shared harness (`bench/serving.py`), and measures:

- one request at a time: `--runs` floor requests on varied keys (median, p95), beside
  `GET /healthz` (one `SELECT 1`, no template) in the same run;
- saturated throughput: requests a second with `--connections` (default 8) in flight for
  `--seconds` (default 10), from wrk, a separate light load generator on loopback
  (Debian: `apt-get install -y wrk`).

Every other bench prints its figures beside the floor's from its own run, as ratios with
the issue's targets; this one shows the floor alone, for the README and to check the
machine. Run by hand (the database is migrated, not filled; any will do, the national one
too):

    createdb -h 127.0.0.1 -U postgres lm_nb_floor
    .venv/bin/python bench/floor.py --database-url postgres://postgres@127.0.0.1:5432/lm_nb_floor
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serving


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20261207)
    serving.add_cache_argument(parser)
    args = parser.parse_args()
    env = serving.environment(args.database_url, args.cache_url)
    subprocess.run(
        [sys.executable, "-m", "littleminds.manage", "migrate", "--noinput", "-v0"],
        env=env,
        check=True,
        cwd=serving.ROOT,
    )
    serving.wrk_path()
    floors = serving.floor_calls(200, args.seed)
    healthz = [serving.Call("/healthz")]
    with serving.gunicorn(env, args.workers) as server:
        print(
            f"gunicorn: {args.workers} workers, {os.cpu_count()} cores; "
            f"{args.runs} requests one at a time; wrk {args.connections} connections for "
            f"{args.seconds:.0f} s"
        )
        timing = serving.one_at_a_time(server.base, "/healthz", healthz, floors, args.runs)
        print(
            f"  floor /bench-floor/<n>/   median {timing.floor_median:5.1f} ms  "
            f"p95 {timing.floor_p95:5.1f} ms  ({serving.load()})"
        )
        print(
            f"  GET /healthz              median {timing.median:5.1f} ms  p95 {timing.p95:5.1f} ms"
        )
        rate, errors = serving.wrk(server.base, floors, args.seconds, args.connections)
        print(
            f"  floor, saturated          {rate:5.0f} a second, {errors} errors ({serving.load()})"
        )
        rate, errors = serving.wrk(server.base, healthz, args.seconds, args.connections)
        print(
            f"  /healthz, saturated       {rate:5.0f} a second, {errors} errors ({serving.load()})"
        )
        rss = serving.worker_rss(server)
        print(
            "  workers' resident memory: " + ", ".join(f"{kb / 1024:.0f} MB" for kb in rss.values())
        )


if __name__ == "__main__":
    main()
