from __future__ import annotations

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "littleminds.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        # Registers casework's counts on "Your work" (accounts.work).
        from littleminds.casework import work  # noqa: F401
