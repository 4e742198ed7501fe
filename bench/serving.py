"""The benches' shared HTTP harness: serve the project, time it, compare it with the floor.

Not run by itself. A bench uses it to:

- serve the project with gunicorn on a free loopback port (`serve`, `gunicorn`), by default
  with `bench.floor_settings`, which adds the floor page (`/bench-floor/<n>/`, a bare
  Django page doing three indexed queries, `bench/floor_urls.py`) beside every page of the
  project, in the same processes and behind the same middleware;
- time requests one at a time, each page's request alternating with a floor request, so
  that a page and its floor share the machine's load at every moment (`one_at_a_time`);
- measure saturated throughput with wrk (`saturate`), a separate, light load generator on
  loopback (Debian: `apt-get install -y wrk`), page and floor back to back;
- print each figure beside the floor's with the ratio, the target and PASS or MISS
  (`Verdicts`), and read each gunicorn worker's resident memory (`worker_rss`).

Targets (issue 18): a public page's p95 at most 2.5 times the floor's and its saturated
throughput at least 40% of the floor's; a signed-in page's p95 at most 4 times the floor's.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR_SETTINGS = "bench.floor_settings"
PUBLIC_P95_RATIO = 2.5
PUBLIC_THROUGHPUT_SHARE = 0.40
SIGNED_IN_P95_RATIO = 4.0
# Every rate limit the benches' pages meet, counted as in production (its upsert is part of
# the cost) but never reached.
RATE_LIMITS = [
    "NAVIGATOR",
    "SELF_REFERRAL",
    "SELF_REFERRAL_STATUS",
    "MEASURES",
    "CALENDAR_FEED",
    "TRAINING_REGISTRATION",
    "COMMUNITY_BOOKING",
]


def environment(database_url: str, cache_url: str = "") -> dict[str, str]:
    """The server's environment: the database, a throwaway key, plain HTTP on loopback,
    two-factor sign-in off (the benches sign in with a session cookie), every rate limit
    counting but out of reach, and the cache (`LITTLEMINDS_CACHE_URL`: Redis, as a live
    service has it, or, when empty, each worker's own memory)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LITTLEMINDS_", "DJANGO_"))}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="littleminds.settings",
        LITTLEMINDS_SECRET_KEY=secrets.token_urlsafe(50),
        LITTLEMINDS_SSL_REDIRECT="false",
        LITTLEMINDS_SECURE_COOKIES="false",
        LITTLEMINDS_HSTS_SECONDS="0",
        LITTLEMINDS_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LITTLEMINDS_LOG_LEVEL="WARNING",
        LITTLEMINDS_REQUIRE_2FA="false",
        LITTLEMINDS_VAR_DIR=env.get("LITTLEMINDS_VAR_DIR", tempfile.gettempdir()),
    )
    for name in RATE_LIMITS:
        env[f"LITTLEMINDS_RATE_LIMIT_{name}"] = "1000000/m"
    if cache_url:
        env["LITTLEMINDS_CACHE_URL"] = cache_url
    return env


# A live service's cache (ADR 0046): the national benches serve with it unless told not to.
LIVE_CACHE_URL = "redis://127.0.0.1:6379/0"


def add_cache_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cache-url",
        default=LIVE_CACHE_URL,
        help=f"the server's LITTLEMINDS_CACHE_URL (default {LIVE_CACHE_URL}, as a live "
        "service; '' for each worker's own memory)",
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]

    def workers(self) -> list[int]:
        """The gunicorn master's worker processes."""
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]


@contextmanager
def gunicorn(
    env: dict[str, str], workers: int = 2, threads: int = 1, settings: str | None = FLOOR_SETTINGS
) -> Iterator[Server]:
    """gunicorn serving the project on a free loopback port (with the floor page unless
    `settings` is None); yields the server, stopped at the end."""
    port = free_port()
    served = dict(env)
    if settings is not None:
        served["DJANGO_SETTINGS_MODULE"] = settings
    command = [sys.executable, "-m", "gunicorn", "littleminds.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    if threads > 1:
        command += ["--threads", str(threads)]
    command += ["--log-level", "warning", "--chdir", str(ROOT)]
    process = subprocess.Popen(command, env=served, cwd=ROOT)  # noqa: S603 - loopback only
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        yield Server(base, process)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@contextmanager
def serve(
    env: dict[str, str], workers: int = 2, threads: int = 1, settings: str | None = None
) -> Iterator[str]:
    """As `gunicorn`, yielding only the address (the older benches' helper; by default
    without the floor page, as they were measured)."""
    with gunicorn(env, workers, threads, settings) as server:
        yield server.base


def worker_rss(server: Server) -> dict[int, int]:
    """Each worker's resident memory in kB (VmRSS in /proc/<pid>/status)."""
    sizes = {}
    for pid in server.workers():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if match:
            sizes[pid] = int(match.group(1))
    return sizes


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.1f} {five:.1f} {fifteen:.1f}"


def p95(times: Sequence[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


@dataclass(frozen=True)
class Call:
    """One request: GET by default; a body is sent as JSON (the APIs) unless a content type
    is given."""

    path: str
    method: str = "GET"
    body: bytes | None = None
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


def floor_calls(count: int, seed: int, highest: int = 1000) -> list[Call]:
    """Floor requests on varied primary keys (1 to `highest`, which the national database
    holds in each of the three tables)."""
    rng = random.Random(seed)
    return [Call(f"/bench-floor/{rng.randint(1, highest)}/") for _ in range(count)]


class HarnessError(SystemExit):
    pass


def send(base: str, call: Call, cookie: str | None = None) -> tuple[int, bytes]:
    """One request on a fresh connection (gunicorn's sync workers close each after its
    answer, as they do for a browser); the status and the body, read in full."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    headers = dict(call.headers)
    if cookie:
        headers["Cookie"] = cookie
    if call.body is not None:
        headers["Content-Type"] = call.content_type
    try:
        connection.request(call.method, call.path, body=call.body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@dataclass
class Timing:
    name: str
    times: list[float]
    floor: list[float]
    size: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def p95(self) -> float:
        return p95(self.times)

    @property
    def floor_p95(self) -> float:
        return p95(self.floor)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor)


def one_at_a_time(
    base: str,
    name: str,
    calls: Sequence[Call],
    floors: Sequence[Call],
    runs: int,
    cookie: str | None = None,
    expect: Sequence[int] = (200,),
    warm: int = 10,
) -> Timing:
    """`runs` requests of the page (its calls in turn), one at a time, each followed by a
    floor request; the first `warm` of each warm the workers and the database's cache.
    Stops the bench when a page answers with a status not expected."""
    timing = Timing(name, [], [])
    for run in range(runs + warm):
        call = calls[run % len(calls)]
        began = time.perf_counter()
        status, body = send(base, call, cookie)
        took = (time.perf_counter() - began) * 1000
        if status not in expect:
            said = " ".join(body[:2000].decode(errors="replace").split())[:300]
            raise HarnessError(f"{call.method} {call.path} answered {status}: {said}")
        floor_call = floors[run % len(floors)]
        began = time.perf_counter()
        floor_status, _ = send(base, floor_call, cookie)
        floor_took = (time.perf_counter() - began) * 1000
        if floor_status != 200:
            raise HarnessError(f"The floor {floor_call.path} answered {floor_status}")
        if run >= warm:
            timing.times.append(took)
            timing.floor.append(floor_took)
            timing.size = max(timing.size, len(body))
            timing.statuses[status] = timing.statuses.get(status, 0) + 1
    return timing


@dataclass
class Throughput:
    name: str
    per_second: float
    floor_per_second: float
    errors: int
    floor_errors: int


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise HarnessError(
            "wrk is needed to measure throughput: install it with `apt-get install -y wrk` "
            "(Debian), or pass --no-throughput"
        )
    return found


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def wrk_script(calls: Sequence[Call], cookie: str | None) -> str:
    """A wrk script sending the calls in turn (each connection from its own place)."""
    lines = ["local calls = {}"]
    for n, call in enumerate(calls, start=1):
        headers = dict(call.headers)
        if cookie:
            headers["Cookie"] = cookie
        if call.body is not None:
            headers["Content-Type"] = call.content_type
        table = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items())
        body = "nil" if call.body is None else _lua_string(call.body.decode())
        lines.append(
            f"calls[{n}] = wrk.format({_lua_string(call.method)}, {_lua_string(call.path)}, "
            f"{{{table}}}, {body})"
        )
    lines += [
        "local i = 0",
        "init = function(args) i = math.random(#calls) end",
        "request = function()",
        "  i = i % #calls + 1",
        "  return calls[i]",
        "end",
    ]
    return "\n".join(lines) + "\n"


def wrk(
    base: str, calls: Sequence[Call], seconds: float, connections: int, cookie: str | None = None
) -> tuple[float, int]:
    """Requests a second over `seconds` with `connections` in flight, and how many answers
    were errors (not 2xx or 3xx, or socket errors)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(calls, cookie))
    try:
        result = subprocess.run(  # noqa: S603 - our own tool, on loopback
            [
                wrk_path(),
                "--threads",
                "1",
                "--connections",
                str(connections),
                "--duration",
                f"{seconds:.0f}s",
                "--timeout",
                "10s",
                "--script",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", result.stdout)
    if rate is None:
        raise HarnessError(f"wrk said: {result.stdout}{result.stderr}")
    errors = 0
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", result.stdout)
    if bad:
        errors += int(bad.group(1))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", result.stdout
    )
    if sockets:
        errors += sum(int(n) for n in sockets.groups())
    return float(rate.group(1)), errors


def saturate(
    base: str,
    name: str,
    calls: Sequence[Call],
    floors: Sequence[Call],
    seconds: float,
    connections: int,
    cookie: str | None = None,
) -> Throughput:
    """The page's saturated throughput, then the floor's, back to back."""
    page, errors = wrk(base, calls, seconds, connections, cookie)
    floor, floor_errors = wrk(base, floors, seconds, connections, cookie)
    return Throughput(name, page, floor, errors, floor_errors)


@dataclass
class Verdicts:
    """Every figure beside the floor's, with its target and PASS or MISS."""

    missed: list[str] = field(default_factory=list)

    def latency(self, timing: Timing, signed_in: bool, note: str = "") -> None:
        ratio = timing.p95 / timing.floor_p95
        limit = SIGNED_IN_P95_RATIO if signed_in else PUBLIC_P95_RATIO
        verdict = "PASS" if ratio <= limit else "MISS"
        if verdict == "MISS":
            self.missed.append(f"{timing.name}: p95 {ratio:.1f}× the floor's (target ≤ {limit}×)")
        size = f"{timing.size / 1024:,.0f} kB" if timing.size >= 1024 else f"{timing.size} B"
        print(
            f"  {timing.name:<46} median {timing.median:6.1f} p95 {timing.p95:6.1f} ms | "
            f"floor {timing.floor_median:4.1f} / {timing.floor_p95:4.1f} ms | "
            f"p95 {ratio:4.1f}× (≤ {limit}×) {verdict} | {size}{note} ({load()})",
            flush=True,
        )

    def throughput(self, figure: Throughput) -> None:
        share = figure.per_second / figure.floor_per_second if figure.floor_per_second else 0
        ok = share >= PUBLIC_THROUGHPUT_SHARE and figure.errors == 0
        verdict = "PASS" if ok else "MISS"
        if not ok:
            self.missed.append(
                f"{figure.name}: {share:.0%} of the floor's throughput "
                f"(target ≥ {PUBLIC_THROUGHPUT_SHARE:.0%}), {figure.errors} errors"
            )
        print(
            f"  {figure.name:<46} {figure.per_second:6.0f}/s | "
            f"floor {figure.floor_per_second:4.0f}/s | "
            f"{share:4.0%} (≥ {PUBLIC_THROUGHPUT_SHARE:.0%}) {verdict} | "
            f"{figure.errors} errors ({load()})",
            flush=True,
        )

    def finish(self) -> None:
        for line in self.missed:
            print(f"MISS {line}")
        if self.missed:
            raise SystemExit(1)
        print("Every target met.")
