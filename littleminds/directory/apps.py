from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "littleminds.directory"
    label = "directory"
    verbose_name = "Directory"

    def ready(self) -> None:
        # Registers the directory's count on "Your work" (accounts.work).
        from littleminds.directory import work  # noqa: F401
