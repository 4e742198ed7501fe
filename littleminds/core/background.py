"""Work a request hands on and does not wait for: it runs after the answer has gone, in the
process's one background worker thread (ADR 0017, ADR 0032). For work that must not be
lost, the caller stores it first (the notifications outbox does) so that a cron job
finishes it should the process stop; what runs here is only ever the first try.

The worker is a queue and one thread. The thread starts when the first job comes, keeps
its database connection from one job to the next (opening one costs a PostgreSQL backend
each time), and stops by itself, closing that connection, once it has had nothing to do
for `IDLE` seconds. `wait_for_background()` runs what is queued and stops it at once (the
tests wait for it so that nothing outlives its test)."""

from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections

logger = logging.getLogger(__name__)

# The worker's thread is named with this, so that it can be found.
THREAD_NAME = "littleminds-background"
# Seconds without a job after which the worker stops and closes its connection.
IDLE = 30.0


@dataclass(frozen=True)
class _Job:
    what: str
    work: Callable[[], object]


_STOP = _Job("stop", lambda: None)


class Worker:
    """One thread that runs the jobs given to it, one after the other, in order."""

    def __init__(self, *, idle: float = IDLE, name: str = THREAD_NAME) -> None:
        self.idle = idle
        self.name = name
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        # Held while the thread is started or decides to stop, so that a job is never
        # queued for a thread that has just decided to end.
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, what: str, work: Callable[[], object]) -> None:
        """Queue `work`; the thread is started if none is running."""
        with self._lock:
            self._jobs.put(_Job(what, work))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def stop(self, timeout: float = 30) -> None:
        """Run every job queued (those they queue too), then stop the thread. Raises
        `TimeoutError` if it is still busy after `timeout` seconds."""
        while True:
            with self._lock:
                thread = self._thread
                if thread is None:
                    return
                self._jobs.put(_STOP)
            thread.join(timeout=timeout)
            if thread.is_alive():
                raise TimeoutError(f"{self.name} is still running")

    def _run(self) -> None:
        stopping = False  # asked to stop: end as soon as the queue is empty
        try:
            while True:
                try:
                    job = self._jobs.get(block=not stopping, timeout=self.idle)
                except queue.Empty:
                    job = _STOP
                if job is _STOP:
                    with self._lock:
                        if self._jobs.empty():
                            self._thread = None
                            return
                    stopping = True  # jobs came meanwhile: run them first
                    continue
                # As a request starts: a connection that broke or grew too old is closed,
                # and the job opens a fresh one.
                for connection in connections.all(initialized_only=True):
                    connection.close_if_unusable_or_obsolete()
                try:
                    job.work()
                except Exception:
                    logger.exception("Background work failed: %s", job.what)
        finally:
            connections.close_all()  # this thread's own connections


_worker = Worker()


def _forked() -> None:
    """A forked child has none of its parent's threads: it starts a worker of its own."""
    global _worker
    _worker = Worker()


os.register_at_fork(after_in_child=_forked)


def _at_exit() -> None:
    """What is queued still runs when the process ends: a management command (the training
    invitations from cron, say) ends as soon as it has handed its e-mails over, and an
    e-mail to a person without an account has no outbox to be sent again from."""
    try:
        _worker.stop()
    except TimeoutError:
        logger.error("Background work still running at exit was left unfinished")


atexit.register(_at_exit)


def run_in_background(what: str, work: Callable[[], object]) -> None:
    """Run `work` in the process's background worker, after whatever is queued before it.
    Its trouble goes to the log."""
    _worker.submit(what, work)


def background_running() -> bool:
    return _worker.running


def wait_for_background(timeout: float = 30) -> None:
    """Run whatever is queued in the background, then stop the worker and close its
    database connection."""
    _worker.stop(timeout=timeout)
