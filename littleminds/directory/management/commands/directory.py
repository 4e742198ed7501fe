"""`littleminds directory import FILE` and `littleminds directory export [--output FILE]`:
the directory as Open Referral UK documents (see directory/openreferral/importer.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from littleminds.core.api import InvalidInput
from littleminds.core.json_input import NotAJsonNumber, decode_json
from littleminds.directory.openreferral.importer import InvalidDocument, import_document
from littleminds.directory.openreferral.selectors import services_for_export
from littleminds.directory.openreferral.serialise import page, service_full


def export_document() -> dict[str, Any]:
    """Every service in full, as one page holding them all."""
    services = [service_full(service) for service in services_for_export()]
    return page(services, len(services), 1, len(services))


class Command(BaseCommand):
    help = "Import and export the directory as Open Referral UK documents."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        importing = sub.add_parser(
            "import",
            help=(
                "Add or update services from an Open Referral document (a service, a page of "
                "services, or an organisation with its services). Nothing changes if any part "
                "of it is wrong."
            ),
        )
        importing.add_argument("file", help="The JSON document to import.")
        exporting = sub.add_parser(
            "export", help="Write every service, in full, as one page of an Open Referral list."
        )
        exporting.add_argument(
            "--output", default="", help="Write to this file instead of standard output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "import":
            self._import(options["file"])
        else:
            self._export(options["output"])

    def _import(self, name: str) -> None:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {name}: {error}") from error
        try:
            data = decode_json(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{name} is not valid JSON: {error.msg} at line {error.lineno}, "
                f"column {error.colno}. Nothing was imported."
            ) from error
        except NotAJsonNumber as error:
            raise CommandError(f"{name} cannot be read: {error}. Nothing was imported.") from error
        except InvalidInput as error:
            problems = "; ".join(error.errors.values())
            raise CommandError(
                f"{name} cannot be read: {problems}. Nothing was imported."
            ) from error
        try:
            result = import_document(data, source=str(path), by=None)
        except InvalidDocument as error:
            problems = "\n".join(f"  {where}: {message}" for where, message in error.errors)
            raise CommandError(
                f"{name} was not imported, and nothing changed. "
                f"Correct these {len(error.errors)} problems and import it again:\n{problems}"
            ) from error
        for where, message in result.warnings:
            self.stderr.write(f"Warning: {where}: {message}")
        count = len(result.warnings)
        self.stdout.write(
            f"Imported {name}: {len(result.added)} services added, {len(result.updated)} "
            f"updated, {count} {'warning' if count == 1 else 'warnings'}."
        )

    def _export(self, output: str) -> None:
        document = export_document()
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from error
        self.stdout.write(f"Exported {document['total_items']} services to {output}.")
