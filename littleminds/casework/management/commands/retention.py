"""`littleminds retention report`: the closed cases whose records are past their retention
date (DOMAIN.md §9). It lists them, with nothing personal: the case's code, its team, when
it closed and the day until which it was to be kept. It destroys nothing: destroying a
case's records is a service manager's act in the pages, confirmed twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from littleminds.casework.services_closure import retention_due


class Command(BaseCommand):
    help = "Cases whose records are past their retention date (nothing is destroyed)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser(
            "report",
            help="List the closed cases past their retention date: code, team, dates.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        due = list(retention_due())
        if not due:
            self.stdout.write("No case is past its retention date.")
            return
        self.stdout.write("case code\tteam\tclosed on\tkept until")
        for closure in due:
            self.stdout.write(
                f"{closure.case.code}\t{closure.case.team.name}\t"
                f"{closure.closed_on.isoformat()}\t{closure.keep_until.isoformat()}"
            )
        self.stdout.write(
            f"{len(due)} case(s) past their retention date. Nothing was destroyed: a service "
            "manager destroys a case's records from the team's page of records past their date."
        )
