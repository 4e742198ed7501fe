"""What "Your work" counts for each person. Apps above `accounts` (referrals, and later the
others) register what they count with `@work_counter(order=…)`, from their `AppConfig.ready`, so
that `accounts` never imports them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from littleminds.accounts.models import User


@dataclass(frozen=True)
class WorkItem:
    """One number of a person's day, with the list behind it. `key` names it for tests."""

    key: str
    label: str
    number: int
    url: str
    # A sentence more: how the number is counted, or the oldest wait.
    detail: str = ""


Counter = Callable[[User], list[WorkItem]]
# Each counter with its place on the page: families waiting come before the house-keeping.
_COUNTERS: list[tuple[int, Counter]] = []

# Places on the page, the lowest first.
FAMILIES = 10
SERVICE = 50


def work_counter(*, order: int) -> Callable[[Counter], Counter]:
    """Register a counter at its place on the page (`FAMILIES`, `SERVICE`, ...), whatever
    the order the apps are installed in."""

    def register(counter: Counter) -> Counter:
        if all(known is not counter for _, known in _COUNTERS):
            _COUNTERS.append((order, counter))
            _COUNTERS.sort(key=lambda entry: entry[0])
        return counter

    return register


def work_for(user: User) -> list[WorkItem]:
    """Every registered count for `user`, families' work first; a counter gives nothing
    for a person whose roles do not reach its work."""
    return [item for _, counter in _COUNTERS for item in counter(user)]
