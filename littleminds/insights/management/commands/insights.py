"""`littleminds insights <subcommand>`: each module of `littleminds/insights/commands/` is a
subcommand named as the module is (`report`, ...), found here, so that adding one needs no
change to this file. A module gives `add_arguments(parser)` and `run(options, stdout,
stderr)`, and its first docstring line is its help."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from littleminds.insights import commands


def subcommands() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(commands.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "add_arguments") and hasattr(module, "run"):
            found[info.name.replace("_", "-")] = module
    return dict(sorted(found.items()))


class Command(BaseCommand):
    help = "Insights: the daily tallies and the report (see `littleminds insights --help`)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name, module in subcommands().items():
            summary = (module.__doc__ or "").strip().splitlines()[0] if module.__doc__ else ""
            module.add_arguments(
                sub.add_parser(
                    name,
                    help=summary,
                    description=module.__doc__,
                    formatter_class=argparse.RawDescriptionHelpFormatter,
                )
            )

    def handle(self, *args: Any, **options: Any) -> None:
        subcommands()[options["subcommand"]].run(options, self.stdout, self.stderr)
