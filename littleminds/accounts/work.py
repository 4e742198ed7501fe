"""What "Your work" counts for each person. Apps above `accounts` (referrals, and later the
others) register what they count with `@work_counter`, from their `AppConfig.ready`, so
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
_COUNTERS: list[Counter] = []


def work_counter(counter: Counter) -> Counter:
    if counter not in _COUNTERS:
        _COUNTERS.append(counter)
    return counter


def work_for(user: User) -> list[WorkItem]:
    """Every registered count for `user`; a counter gives nothing for a person whose roles
    do not reach its work."""
    return [item for counter in _COUNTERS for item in counter(user)]
