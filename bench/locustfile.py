"""Locust's users for `bench/load.py`: families and practitioners on the public pages, staff
on their own, each thinking about 5 seconds between pages.

Not run by itself: `bench/load.py` writes the plan (each page's varied requests, and the
staff's session cookies) to a JSON file named by `LITTLEMINDS_LOAD_PLAN` and runs Locust
headless against its own gunicorn on 127.0.0.1. Every answer but a 200 (a redirect to the
sign-in page too) counts as a failure.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(
    open(os.environ["LITTLEMINDS_LOAD_PLAN"], encoding="utf-8").read()  # noqa: SIM115
)
THINK = (float(PLAN["think"][0]), float(PLAN["think"][1]))


def _visit(user: HttpUser, pages: list[dict[str, Any]]) -> None:
    page = random.choices(pages, weights=[p["weight"] for p in pages])[0]
    call = random.choice(page["calls"])
    headers = dict(call["headers"])
    if page.get("cookie"):
        headers["Cookie"] = page["cookie"]
    if call["body"] is not None:
        headers["Content-Type"] = call["content_type"]
    with user.client.request(
        call["method"],
        call["path"],
        data=None if call["body"] is None else call["body"].encode(),
        headers=headers,
        name=page["name"],
        allow_redirects=False,
        catch_response=True,
    ) as response:
        if response.status_code != 200:
            response.failure(f"answered {response.status_code}")


class _Person(HttpUser):
    """Someone on 127.0.0.1 only, who visits one of their plan's pages, thinks, and again."""

    abstract = True
    wait_time = between(*THINK)
    pages = ""

    def on_start(self) -> None:
        if not self.host or not self.host.startswith("http://127.0.0.1:"):
            raise RuntimeError("The load test runs against 127.0.0.1 only")

    @task
    def page(self) -> None:
        _visit(self, PLAN[self.pages])


class Family(_Person):
    """Someone on the public pages: the directory, the navigator, What's on, training."""

    weight = int(PLAN["weights"]["public"])
    pages = "public"


class Staff(_Person):
    """A signed-in member of a team: triage, cases, caseloads, "Your work", insights."""

    weight = int(PLAN["weights"]["signed_in"])
    pages = "signed_in"
