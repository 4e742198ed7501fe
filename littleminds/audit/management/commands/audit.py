"""`littleminds audit verify`: check the audit trail's hash chain from end to end."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from littleminds.audit.selectors import audit_chain_head_problem, audit_chain_verify


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify",
            help="Check every event's hash and link; exit non-zero at the first broken event.",
        )
        verify.add_argument(
            "--expect-head",
            default="",
            help=(
                "A head (NUMBER:HASH) printed by an earlier verify and kept elsewhere: that "
                "event must still have that hash, which catches a trail cut short at its end "
                "or rewritten and re-hashed, and says which."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.ok:
            if report.events == 0:
                intact = "No events come before it."
            elif report.events == 1:
                intact = "Event #1 before it is intact."
            else:
                intact = f"Events #1 to #{report.events} before it are intact."
            raise CommandError(
                f"Audit trail broken at event #{report.broken_sequence}: {report.problem}. {intact}"
            )
        expected = options["expect_head"].strip()
        problem = audit_chain_head_problem(expected, report) if expected else ""
        if problem:
            raise CommandError(problem)
        self.stdout.write(f"Audit trail intact: {report.events} events, head {report.kept_head}.")
