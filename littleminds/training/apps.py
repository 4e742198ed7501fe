from __future__ import annotations

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "littleminds.training"
    label = "training"
    verbose_name = "Training"

    def ready(self) -> None:
        from littleminds.training import work  # noqa: F401
