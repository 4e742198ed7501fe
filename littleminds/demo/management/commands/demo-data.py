"""`littleminds demo-data`: load the fictional demonstration instance (idempotent)."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from django.core.management.base import BaseCommand

from littleminds.demo import data, insights, organisation_kinds
from littleminds.notifications.models import Notification


class Command(BaseCommand):
    help = "Load the fictional demonstration data. Running it again adds nothing twice."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demonstration's referrals tell their referrers and families, as real ones do;
        # with the console backend those messages would bury the logins, so they are kept
        # out of the output (they are in the notifications list).
        before = Notification.objects.count()
        with contextlib.redirect_stdout(io.StringIO()):
            created = data.load()
            # After the directory is loaded: its organisations are those given a kind.
            organisation_kinds.apply()
            # Last: the insights' history, their commissioning body and the tallies of it all.
            history = insights.load()
        told = Notification.objects.count() - before
        created["referrals"] = created.get("referrals", 0) + history["insights_referrals"]
        if any(created.values()) or any(history.values()):
            self.stdout.write(
                "Demonstration data loaded: {organisations} organisations, {teams} teams, "
                "{people} people, {services} services, {referrals} referrals, "
                "{cases} cases, {consultation_slots} consultation slots.".format(
                    **{"consultation_slots": 0, **created}
                )
            )
            if told:
                self.stdout.write(
                    f"{told} notifications to the demonstration's referrers and families were "
                    "sent through the configured backend (console output not shown)."
                )
        else:
            self.stdout.write("Demonstration data already loaded; nothing to add.")
        self.stdout.write(f"\nDemonstration logins (password for all: {data.DEMO_PASSWORD}):")
        for login in data.LOGINS:
            roles = ", ".join(
                f"{role.label} ({team})" if team else str(role.label) for role, team in login.roles
            )
            self.stdout.write(f"  {login.email:<32} {roles}")
