from __future__ import annotations

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "littleminds.community"
    label = "community"
    verbose_name = "Community messaging"

    def ready(self) -> None:
        # The counters on "Your work": events waiting for their reach, materials due for
        # review.
        from littleminds.community import work, work_materials  # noqa: F401
