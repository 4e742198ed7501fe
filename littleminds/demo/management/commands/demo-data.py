"""`littleminds demo-data`: load the fictional demonstration instance (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from littleminds.demo import data


class Command(BaseCommand):
    help = "Load the fictional demonstration data. Running it again adds nothing twice."

    def handle(self, *args: Any, **options: Any) -> None:
        created = data.load()
        if any(created.values()):
            self.stdout.write(
                "Demonstration data loaded: {organisations} organisations, {teams} teams, "
                "{people} people, {services} services.".format(**created)
            )
        else:
            self.stdout.write("Demonstration data already loaded; nothing to add.")
        self.stdout.write(f"\nDemonstration logins (password for all: {data.DEMO_PASSWORD}):")
        for login in data.LOGINS:
            roles = ", ".join(
                f"{role.label} ({team})" if team else str(role.label) for role, team in login.roles
            )
            self.stdout.write(f"  {login.email:<32} {roles}")
