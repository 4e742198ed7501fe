"""`littleminds audit verify`: check the audit trail's hash chain from end to end."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from littleminds.audit.selectors import audit_chain_contains, audit_chain_verify


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
                "A head hash printed by an earlier verify and kept elsewhere: it must still be "
                "in the chain, which catches a trail cut short at its end."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"Audit trail broken at event #{report.broken_sequence}: {report.problem}. "
                f"{report.events} events before it are intact."
            )
        expected = options["expect_head"].strip()
        if expected and not audit_chain_contains(expected):
            raise CommandError(
                f"Audit trail no longer holds the earlier head {expected}: events at its end "
                f"have been removed. The chain now ends at {report.head}."
            )
        self.stdout.write(f"Audit trail intact: {report.events} events, head {report.head}.")
