from __future__ import annotations

from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "littleminds.pathway"
    label = "pathway"
    verbose_name = "Pathway navigator"

    def ready(self) -> None:
        # Registers the navigator's count on "Your work" (accounts.work).
        from littleminds.pathway import work  # noqa: F401
