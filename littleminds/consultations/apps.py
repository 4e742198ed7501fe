from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "littleminds.consultations"
    label = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from littleminds.consultations import work  # noqa: F401
