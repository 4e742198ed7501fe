"""`littleminds training offers`: lapse the offers of freed places unanswered in time and
pass each to the next person waiting, and close the public requests whose confirmation link
ran out (run from cron every few minutes).
`littleminds training remind`: remind everyone holding a place on tomorrow's sessions, once
(run daily).
`littleminds training questionnaires`: invite everyone whose questionnaire has opened
(before the course, straight after it, and the reminder three months after), once each
(run daily). Running any of them again changes nothing more."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from littleminds.training.services_places import offers_run, reminders_send
from littleminds.training.services_questions import questionnaires_send


class Command(BaseCommand):
    help = (
        "Training: lapse unanswered offers of places, send the reminders of tomorrow, and "
        "send the questionnaires' invitations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("offers", help="Lapse unanswered offers and offer their places on.")
        sub.add_parser("remind", help="Send the reminders of tomorrow's sessions, once.")
        sub.add_parser(
            "questionnaires", help="Send each questionnaire's invitation and reminder, once."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "offers":
            report = offers_run()
            self.stdout.write(
                f"{report.lapsed} offer(s) lapsed; {report.offered} place(s) offered; "
                f"{report.expired} unconfirmed request(s) expired."
            )
        elif options["subcommand"] == "questionnaires":
            sent = questionnaires_send()
            self.stdout.write(
                f"Questionnaire invitations sent: {sent.before} before, {sent.after} straight "
                f"after, {sent.later} three months after."
            )
        else:
            sent_reminders = reminders_send()
            self.stdout.write(
                f"Reminders sent: {sent_reminders} reminder(s) of tomorrow's sessions."
            )
