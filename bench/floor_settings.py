"""The project's settings with the floor page beside it: for benches only, never shipped.

The bench harness (`bench/serving.py`) serves the project with
`DJANGO_SETTINGS_MODULE=bench.floor_settings`, so the same gunicorn processes and the same
middleware answer both the project's pages and the floor (`bench/floor_urls.py`).
"""

from __future__ import annotations

from littleminds.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"
