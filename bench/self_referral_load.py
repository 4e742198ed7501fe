"""Self-referrals under load: 500 families sending at once, through the public API.

Starts the platform under gunicorn on a throwaway PostgreSQL database (migrated, with the
demonstration data for its intake and directory), with rate limits off, then sends 500
self-referrals to `POST /api/self-referrals` with 50 in flight at a time, each with its own
`Idempotency-Key`, and then sends 50 of them again with the same keys (a family's phone
retrying after a time-out). It must end with exactly 500 referrals stored, every repeat
answered with the referral its key made, and no 5xx. Prints the median and 95th percentile
of each (target: under 200 ms).

Run by hand:

    .venv/bin/python bench/self_referral_load.py
    .venv/bin/python bench/self_referral_load.py --workers 4
    .venv/bin/python bench/self_referral_load.py --keep
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from directory_search import environment, serve  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
DISTRICTS = [f"BD{n}" for n in range(1, 23)] + ["LS29"]
CONCERNS = ["bonding", "baby_regulation", "trauma_loss", "parenting_confidence"]


@contextmanager
def server_output_hidden() -> Iterator[None]:
    """The server inherits this process's standard output: send it nowhere while it runs,
    so that the console notifications it prints do not bury the figures."""
    sys.stdout.flush()
    saved = os.dup(1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


@contextmanager
def throwaway_database(url: str | None, keep: bool) -> Iterator[str]:
    """The given database, or a new one on the local server, dropped at the end."""
    if url:
        yield url
        return
    import psycopg

    name = f"littleminds_bench_selfref_{secrets.token_hex(4)}"
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


def family(rng: random.Random, today: date) -> dict[str, object]:
    """A family the service can take: a baby under 23 months or one on the way, at home in
    the district (or with no fixed abode)."""
    unborn = rng.random() < 0.2
    body: dict[str, object] = {
        "parent_name": f"{rng.choice(['Sam', 'Alex', 'Jo', 'Amina', 'Kasia', 'Ioana'])} Example",
        "baby_name": rng.choice(["Robin", "Ayaan", "Zofia", "Maria", ""]),
        "unborn": unborn,
        "postcode": "ZZ99 3VZ"
        if rng.random() < 0.05
        else f"{rng.choice(DISTRICTS)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        "phone": f"07700 900{rng.randint(0, 999):03d}",
        "may_call": True,
        "may_text": rng.random() < 0.7,
        "language": rng.choice(["en", "en", "ur", "pl", "ro"]),
        "interpreter": rng.random() < 0.2,
        "concerns": rng.sample(CONCERNS, rng.randint(1, 2)),
        "concern_details": "It has been hard since the birth." * rng.randint(0, 3),
        "confirm_by": rng.choice(["", "text"]),
    }
    if unborn:
        body["expected_delivery_date"] = (today + timedelta(days=rng.randint(1, 250))).isoformat()
    else:
        body["child_date_of_birth"] = (today - timedelta(days=rng.randint(0, 690))).isoformat()
    return body


Answer = tuple[int, float, dict[str, object]]  # status, milliseconds, the JSON answer


async def post(
    address: tuple[str, int], body: dict[str, object], key: str, limit: asyncio.Semaphore
) -> Answer:
    """One `POST /api/self-referrals` on a new connection (gunicorn's sync workers close
    each), timed from connecting to the last byte of the answer.

    The client is one thread with asyncio rather than 50 threads with urllib, because it
    shares the machine's two cores with the server and the database: against the same
    server, the threads used 0.9 ms of processor time a request (this, 0.6 ms) and 50 of
    them switching in and out left the server 121 referrals a second (with this, 156)."""
    content = json.dumps(body).encode()
    request = (
        f"POST /api/self-referrals HTTP/1.1\r\nHost: {address[0]}:{address[1]}\r\n"
        f"Content-Type: application/json\r\nIdempotency-Key: {key}\r\n"
        f"Content-Length: {len(content)}\r\nConnection: close\r\n\r\n"
    ).encode() + content
    async with limit:
        start = time.perf_counter()
        reader, writer = await asyncio.open_connection(*address)
        writer.write(request)
        raw = await reader.read()  # to the end: the server closes the connection
        elapsed = (time.perf_counter() - start) * 1000
        writer.close()
    head, _sep, payload = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in head.lower():
        payload = _unchunked(payload)
    try:
        answer = json.loads(payload)
    except ValueError:
        answer = {"body": payload[:200].decode(errors="replace")}
    return status, elapsed, answer


def _unchunked(payload: bytes) -> bytes:
    body = b""
    while payload:
        size_line, _sep, payload = payload.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            break
        body, payload = body + payload[:size], payload[size + 2 :]
    return body


def send_all(base: str, sends: list[tuple[dict[str, object], str]], in_flight: int) -> list[Answer]:
    """Send every (body, key), `in_flight` at a time; the answers in the same order."""
    parts = urlsplit(base)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)

    async def run() -> list[Answer]:
        limit = asyncio.Semaphore(in_flight)
        return await asyncio.gather(*(post(address, body, key, limit) for body, key in sends))

    return asyncio.run(run())


def machine_busy() -> tuple[float, float]:
    """Processor time used by the whole machine so far, and time elapsed, in seconds of
    all cores (from /proc/stat), so that a run can say how busy the cores were."""
    with open("/proc/stat") as stat:
        fields = [int(n) for n in stat.readline().split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / ticks, sum(fields) / ticks


def report(name: str, times: list[float]) -> None:
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    print(
        f"{name}: n={len(times)} median {statistics.median(times):.1f} ms  "
        f"p95 {p95:.1f} ms  max {times[-1]:.1f} ms"
    )


def stored(env: dict[str, str], prefix: str) -> int:
    """Referrals in the database made by this run (their keys carry the run's prefix)."""
    code = (
        "import django; django.setup(); "
        "from littleminds.referrals.models import Referral; "
        f"print(Referral.objects.filter(idempotency_key__startswith={prefix!r}).count())"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="default: a throwaway database")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument("--referrals", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args()

    with throwaway_database(args.database_url, args.keep) as database_url:
        scheme = urlsplit(database_url).scheme
        if not scheme.startswith("postgres"):
            raise SystemExit("This benchmark runs on PostgreSQL: give a postgres:// URL")
        env = environment(database_url)
        env["LITTLEMINDS_RATE_LIMITS"] = "false"
        # Confirmations are stored and "sent" as on a live service, to the console: nothing
        # leaves the machine (a live service's GOV.UK Notify call would add its own time).
        env["LITTLEMINDS_NOTIFICATIONS_BACKEND"] = "console"
        for command in (["migrate", "--noinput", "-v0"], ["demo-data"]):
            subprocess.run(  # noqa: S603 - our own command
                [sys.executable, "-m", "littleminds.manage", *command],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        shown = urlunsplit(urlsplit(database_url)._replace(netloc="…"))
        print(
            f"PostgreSQL ({shown}); {args.workers} gunicorn workers, {os.cpu_count()} cores, "
            f"client on the same machine, rate limits off"
        )
        rng = random.Random(args.seed)
        today = date.today()
        prefix = f"bench-{secrets.token_hex(4)}-"
        bodies = [family(rng, today) for _ in range(args.referrals)]
        keys = [f"{prefix}{n}" for n in range(args.referrals)]

        with server_output_hidden(), serve(env, args.workers) as base:
            # Warm every worker up (imports, the URL resolver, the API's schemas) with bad
            # answers, which store nothing.
            warm = send_all(base, [({"postcode": "nowhere"}, f"warm{n}") for n in range(40)], 4)
            assert all(status == 400 for status, _t, _a in warm), warm[:3]

            busy_before, all_before = machine_busy()
            client_before = time.process_time()
            started = time.perf_counter()
            first = send_all(base, list(zip(bodies, keys, strict=True)), args.concurrency)
            seconds = time.perf_counter() - started
            client_cpu = time.process_time() - client_before
            busy_after, all_after = machine_busy()
            chosen = rng.sample(range(args.referrals), args.repeats)
            again = send_all(base, [(bodies[n], keys[n]) for n in chosen], args.concurrency)

        statuses = [status for status, _t, _a in first + again]
        server_errors = [s for s in statuses if s >= 500]
        print(
            f"{args.referrals} self-referrals, {args.concurrency} in flight: "
            f"{args.referrals / seconds:.0f} a second; answers {sorted(set(statuses))}"
        )
        print(
            f"Processor: cores {100 * (busy_after - busy_before) / (all_after - all_before):.0f}% "
            f"busy; the client used {1000 * client_cpu / args.referrals:.1f} ms a request"
        )
        report("POST /api/self-referrals (new)", [t for _s, t, _a in first])
        report("POST /api/self-referrals (repeat, same key)", [t for _s, t, _a in again])

        problems = []
        if server_errors:
            problems.append(f"{len(server_errors)} answers were 5xx")
        not_created = [(s, a) for s, _t, a in first if s != 201]
        if not_created:
            problems.append(f"{len(not_created)} were not created, such as {not_created[:3]}")
        for n, (status, _t, answer) in zip(chosen, again, strict=True):
            if status != 200 or answer.get("reference") != first[n][2].get("reference"):
                problems.append(f"repeat of key {keys[n]} gave {status} {answer}")
                break
        count = stored(env, prefix)
        print(f"Referrals stored: {count}")
        if count != args.referrals:
            problems.append(f"{count} referrals stored, not {args.referrals}")
        if problems:
            raise SystemExit("FAILED: " + "; ".join(problems))
        print("OK: every referral stored once, every repeat answered with its referral, no 5xx")


if __name__ == "__main__":
    main()
