"""`littleminds training offers`: lapse the offers of freed places unanswered in time and
pass each to the next person waiting, and close the public requests whose confirmation link
ran out (run from cron every few minutes).
`littleminds training remind`: remind everyone holding a place on tomorrow's sessions, once
(run daily). Running either again changes nothing more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from littleminds.training.services_places import offers_run, reminders_send


class Command(BaseCommand):
    help = "Training: lapse unanswered offers of places, and send the reminders of tomorrow."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("offers", help="Lapse unanswered offers and offer their places on.")
        sub.add_parser("remind", help="Send the reminders of tomorrow's sessions, once.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "offers":
            report = offers_run()
            self.stdout.write(
                f"{report.lapsed} offer(s) lapsed; {report.offered} place(s) offered; "
                f"{report.expired} unconfirmed request(s) expired."
            )
        else:
            sent = reminders_send()
            self.stdout.write(f"Reminders sent: {sent} reminder(s) of tomorrow's sessions.")
