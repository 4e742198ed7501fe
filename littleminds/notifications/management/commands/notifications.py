"""`littleminds notifications send`: send every notification that is due (run from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from littleminds.notifications.services import notifications_send_due


class Command(BaseCommand):
    help = "Work with the notifications to referrers and families."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser(
            "send",
            help=(
                "Send every notification that is due: new ones not sent yet, and failed ones "
                "whose wait before the next try is over. Run it every few minutes from cron."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = notifications_send_due()
        self.stdout.write(f"Notifications sent: {report.sent}; failed: {report.failed}.")
