"""The load test: 70 people with 5 s think time over a realistic mix, on a national database.

Serves a database filled by `bench/national.py` with gunicorn (`--workers` 2, for the 2
cores) through the shared harness (`bench/serving.py`) on 127.0.0.1, and runs Locust
headless against it (`bench/locustfile.py`; Locust is a development dependency) for
`--run-time` seconds (default 180): `--users` people (default 70), started 10 a second,
each waiting `--think` seconds (default 4 to 6, 5 on average) between pages. Five in seven
are families and practitioners on the public pages (directory and Open Referral searches,
the navigator's questions and answers and its API, the self-referral start, What's on and
the course finder), two in seven signed-in staff (the triage queue and referrals, cases,
caseloads, "Your work", an insights page); each page's requests are the varied ones
`bench/national_pages.py` times, from the same seeded generator. The system map is left
out of the mix (`bench/national_pages.py` weighs it).

Prints, per page and in all, the requests, failures (any answer but a 200), median and 95th
percentile from Locust, the floor's one-at-a-time median and p95 just before the run (how
busy the machine is), the load average, and each gunicorn worker's resident memory
(VmRSS, from /proc/<pid>/status) after the run. Targets (issue 18): p95 of all requests
50 ms or less, no failures, every worker under 300 MB. Exits non-zero when one is missed.

Run by hand, on a national database:

    .venv/bin/python bench/load.py \\
        --database-url postgres://postgres@127.0.0.1:5432/lm_nb_national
    .venv/bin/python bench/load.py --database-url … --run-time 60 --users 70
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import national
import national_pages
import serving

P95_TARGET_MS = 50.0
RSS_TARGET_MB = 300.0
# How often each page is asked for, among the public pages and among the staff's.
WEIGHTS = {
    "directory": 20,
    "openreferral": 5,
    "question": 15,
    "answer": 5,
    "recommend": 5,
    "self-referral": 10,
    "whats-on": 15,
    "training": 10,
    "triage": 15,
    "referral": 15,
    "case": 20,
    "caseload": 10,
    "caseload-closed": 2,  # closed cases looked up now and then (each of two lists)
    "mine": 10,
    "work": 20,
    "insights": 5,
}
# Each of the other insights pages (`insights-<slug>`), looked at now and then.
OTHER_INSIGHTS_WEIGHT = 1


def weight(key: str) -> int:
    if key.startswith("insights-"):
        return OTHER_INSIGHTS_WEIGHT
    return WEIGHTS[key]


def plan(seed: int, think: tuple[float, float]) -> dict[str, Any]:
    """What the Locust users ask for: each page's varied requests, its weight, and the
    staff's session cookies."""
    from django.test import Client

    from littleminds.accounts.models import User

    rng = random.Random(seed)
    public = national_pages.public_pages(rng)
    signed = national_pages.signed_in_pages(rng)
    cookies = {}
    for email in {page.email for page in signed if page.email}:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookies[email] = f"sessionid={client.cookies['sessionid'].value}"

    def described(page: national_pages.Page) -> dict[str, object]:
        return {
            "name": page.name,
            "weight": weight(page.key),
            "cookie": cookies.get(page.email or "", ""),
            "calls": [
                {
                    **asdict(call),
                    "body": None if call.body is None else call.body.decode(),
                    "headers": list(call.headers),
                }
                for call in page.calls
            ],
        }

    return {
        "think": list(think),
        "weights": {"public": 5, "signed_in": 2},
        "public": [described(page) for page in public],
        "signed_in": [described(page) for page in signed],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--users", type=int, default=70)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--run-time", type=int, default=180, help="seconds")
    parser.add_argument("--think", default="4,6", help="seconds between pages, from,to")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=national.SEED)
    serving.add_cache_argument(parser)
    args = parser.parse_args()
    low, high = (float(n) for n in args.think.split(","))
    env = national.setup(args.database_url, args.cache_url)
    if not national.filled():
        raise SystemExit(
            "This database is not a national one: fill it first with "
            f"`.venv/bin/python bench/national.py --database-url {args.database_url}`"
        )
    from django.db import connections

    missed: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        plan_file = Path(folder) / "plan.json"
        made = plan(args.seed, (low, high))
        plan_file.write_text(json.dumps(made), encoding="utf-8")
        connections.close_all()
        with serving.gunicorn(env, args.workers) as server:
            # Every page's first requests warm the workers and the database's cache, as the
            # one-at-a-time benches' first ten do.
            for page in [*made["public"], *made["signed_in"]]:
                for call in page["calls"][:5]:
                    serving.send(
                        server.base,
                        serving.Call(
                            call["path"],
                            call["method"],
                            None if call["body"] is None else call["body"].encode(),
                            call["content_type"],
                            tuple(tuple(h) for h in call["headers"]),
                        ),
                        page["cookie"] or None,
                    )
            floors = serving.floor_calls(100, args.seed)
            floor = serving.one_at_a_time(server.base, "floor", floors, floors, 100)
            print(
                f"gunicorn {args.workers} workers, {os.cpu_count()} cores; the floor one at a "
                f"time before the run: median {floor.median:.1f} ms, p95 {floor.p95:.1f} ms "
                f"({serving.load()})"
            )
            print(
                f"Locust: {args.users} users ({args.spawn_rate:.0f} a second), {low:g} to "
                f"{high:g} s between pages, {args.run_time} s ...",
                flush=True,
            )
            prefix = Path(folder) / "load"
            locust_env = {**os.environ, "LITTLEMINDS_LOAD_PLAN": str(plan_file)}
            ran = subprocess.run(  # noqa: S603 - our own tool against our own server
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(Path(__file__).resolve().parent / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(args.users),
                    "--spawn-rate",
                    str(args.spawn_rate),
                    "--run-time",
                    f"{args.run_time}s",
                    "--host",
                    server.base,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=locust_env,
                check=False,
                capture_output=True,
                text=True,
            )
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            print(
                f"After the run ({serving.load()}); Locust itself used "
                f"{used.ru_utime + used.ru_stime:.0f} s of processor time in "
                f"{args.run_time} s:"
            )
            rss = serving.worker_rss(server)
        stats_file = Path(f"{prefix}_stats.csv")
        if not stats_file.exists():
            raise SystemExit(f"Locust gave no figures: {ran.stderr[-2000:]}")
        with stats_file.open(encoding="utf-8") as stats:
            rows = list(csv.DictReader(stats))
    total = None
    for row in rows:
        line = (
            f"  {row['Name']:<46} {int(row['Request Count']):>6} requests "
            f"{int(row['Failure Count']):>4} failed  median {row['50%']:>5} ms  "
            f"p95 {row['95%']:>5} ms"
        )
        print(line)
        if row["Name"] == "Aggregated":
            total = row
    if total is None:
        raise SystemExit("Locust gave no figures")
    p95 = float(total["95%"])
    failures = int(total["Failure Count"])
    print(
        f"All requests: p95 {p95:.0f} ms (target ≤ {P95_TARGET_MS:.0f} ms) "
        f"{'PASS' if p95 <= P95_TARGET_MS else 'MISS'}; {failures} failures (target none) "
        f"{'PASS' if failures == 0 else 'MISS'}"
    )
    if p95 > P95_TARGET_MS:
        missed.append(f"p95 {p95:.0f} ms > {P95_TARGET_MS:.0f} ms")
    if failures:
        missed.append(f"{failures} failures")
    for pid, kb in rss.items():
        mb = kb / 1024
        ok = mb < RSS_TARGET_MB
        print(
            f"Worker {pid}: resident memory {mb:.0f} MB (target < {RSS_TARGET_MB:.0f} MB) "
            f"{'PASS' if ok else 'MISS'}"
        )
        if not ok:
            missed.append(f"worker {pid} holds {mb:.0f} MB")
    if not rss:
        missed.append("the workers' memory could not be read")
    for line in missed:
        print(f"MISS {line}")
    if missed:
        raise SystemExit(1)
    print("Every target met.")


if __name__ == "__main__":
    main()
