from __future__ import annotations

from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "littleminds.measures"
    label = "measures"
    verbose_name = "Outcome measures"
