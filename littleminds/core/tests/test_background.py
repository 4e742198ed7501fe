"""The background worker: one thread, jobs in order, one connection kept between jobs,
stopped when idle or asked, and trouble logged without stopping the jobs after it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

import pytest
from django.db import connections

from littleminds.core.background import Worker


def _threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "test-worker"]


def test_it_runs_the_jobs_in_order_in_one_thread_and_stops_when_asked() -> None:
    worker = Worker(name="test-worker")
    ran: list[tuple[int, str]] = []

    def job(n: int) -> None:
        ran.append((n, threading.current_thread().name))

    for n in range(5):
        worker.submit(f"job {n}", partial(job, n))
    assert worker.running
    worker.stop()
    assert ran == [(n, "test-worker") for n in range(5)]
    assert not worker.running
    assert _threads() == []


def test_stopping_runs_the_jobs_that_jobs_queue() -> None:
    worker = Worker(name="test-worker")
    ran: list[str] = []

    def first() -> None:
        time.sleep(0.05)
        worker.submit("second", lambda: ran.append("second"))
        ran.append("first")

    worker.submit("first", first)
    worker.stop(timeout=5)
    assert ran == ["first", "second"]
    assert not worker.running


def test_it_stops_by_itself_when_idle_and_starts_again_for_a_new_job() -> None:
    worker = Worker(idle=0.1, name="test-worker")
    worker.submit("one", lambda: None)
    deadline = time.monotonic() + 5
    while worker.running and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not worker.running
    assert _threads() == []
    done = threading.Event()
    worker.submit("two", done.set)
    assert done.wait(5)
    worker.stop()


def test_a_failing_job_is_logged_and_the_next_runs(caplog: pytest.LogCaptureFixture) -> None:
    worker = Worker(name="test-worker")
    ran: list[str] = []

    def fails() -> None:
        raise RuntimeError("no")

    worker.submit("failing job", fails)
    worker.submit("next", lambda: ran.append("next"))
    worker.stop()
    assert ran == ["next"]
    assert "Background work failed: failing job" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_connection_between_jobs_and_closes_it_when_it_stops() -> None:
    worker = Worker(name="test-worker")
    seen: list[object] = []
    closed: list[int] = []

    def query() -> None:
        wrapper = connections["default"]  # this thread's own
        if not seen:
            original = wrapper.close

            def close() -> None:
                closed.append(len(seen))
                original()

            wrapper.close = close  # type: ignore[method-assign]
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT 1")
        seen.append(wrapper.connection)

    for _ in range(3):
        worker.submit("query", query)
    worker.stop()
    assert len(seen) == 3
    assert seen[0] is not None
    assert seen[0] is seen[1] is seen[2]  # the same database connection, kept
    assert closed == [3]  # closed once, after the last job, as the thread ended


def test_what_is_queued_still_runs_when_the_process_ends(tmp_path: Path) -> None:
    """A management command hands an e-mail to the worker and ends at once: the worker is a
    daemon thread, so without the exit hook the e-mail was lost (found in a walk: the
    training questionnaires' links never reached people without an account)."""
    done = tmp_path / "done"
    script = (
        "import django, time\n"
        "django.setup()\n"
        "from littleminds.core.background import run_in_background\n"
        "def work():\n"
        "    time.sleep(0.5)\n"
        f"    open({str(done)!r}, 'w').write('sent')\n"
        "run_in_background('test', work)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littleminds.settings",
        "LITTLEMINDS_ALLOW_DEV_KEY": "1",
    }
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)  # noqa: S603
    assert done.read_text() == "sent"
