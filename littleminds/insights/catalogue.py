"""The modules that register insights pages (`pages.register`), imported once when the app
is ready. Add a line for each new page module."""

from __future__ import annotations

from littleminds.insights import (
    page_confidence,  # noqa: F401
    page_declines,  # noqa: F401
    page_districts,  # noqa: F401
    page_embeddedness,  # noqa: F401
    page_funnel,  # noqa: F401
    page_map,  # noqa: F401
    page_outcomes,  # noqa: F401
    page_training,  # noqa: F401
    page_waiting,  # noqa: F401
)
