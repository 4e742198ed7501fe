from __future__ import annotations

from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "littleminds.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # The pages register themselves (pages.PAGES).
        from littleminds.insights import catalogue  # noqa: F401
        from littleminds.insights.signals import connect

        # A change of a counted record marks its day for the tallies (signals.py).
        connect()
