"""`littleminds consultations remind`: remind the practitioner and the clinician of each
consultation of tomorrow, once (run daily from cron; running it again sends nothing
twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from littleminds.consultations.services import reminders_send


class Command(BaseCommand):
    help = "Consultations: remind people of tomorrow's consultations (each reminder sent once)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("remind", help="Send the reminders of tomorrow's consultations, once.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        self.stdout.write(f"Reminders sent for {sent} consultation(s) of tomorrow.")
