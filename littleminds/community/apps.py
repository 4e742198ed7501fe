from __future__ import annotations

from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "littleminds.community"
    label = "community"
    verbose_name = "Community messaging"
