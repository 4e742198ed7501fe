from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def public(view: F) -> F:
    """Mark a view as open to everyone, signed in or not.

    The access-matrix test reads this mark: every other view must turn away anonymous
    visitors, so a page that forgets its permission check fails the suite.
    """
    view.public = True  # type: ignore[attr-defined]
    return view


def is_public(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, "public", False))
