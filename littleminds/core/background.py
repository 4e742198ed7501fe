"""Work a request hands on and does not wait for: it runs in a thread of its own, after the
answer has gone (ADR 0017). For work that must not be lost, the caller stores it first (the
notifications outbox does) so that a cron job finishes it should the process stop; what
runs here is only ever the first try."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.db import connections

logger = logging.getLogger(__name__)

# Every thread started here is named with this, so that it can be found (a test waits for
# them all before its database goes).
THREAD_NAME = "littleminds-background"


def run_in_background(what: str, work: Callable[[], object]) -> None:
    """Run `work` in a daemon thread. Its trouble goes to the log, and the thread closes
    its own database connections when it ends."""

    def run() -> None:
        try:
            work()
        except Exception:
            logger.exception("Background work failed: %s", what)
        finally:
            connections.close_all()  # this thread's own connections

    threading.Thread(target=run, name=f"{THREAD_NAME}: {what}", daemon=True).start()


def wait_for_background(timeout: float = 30) -> None:
    """Wait until no thread started here is running, those they started included."""
    while running := [t for t in threading.enumerate() if t.name.startswith(THREAD_NAME)]:
        for thread in running:
            thread.join(timeout=timeout)
            if thread.is_alive():
                raise TimeoutError(f"{thread.name} is still running")
