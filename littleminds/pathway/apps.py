from __future__ import annotations

from django.apps import AppConfig


class PathwayConfig(AppConfig):
    name = "littleminds.pathway"
    label = "pathway"
    verbose_name = "Pathway navigator"
