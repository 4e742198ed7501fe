"""`littleminds insights <subcommand>`: the insights' jobs from the command line.

- `littleminds insights refresh`: make the tallies of every day marked dirty again (run
  it from cron every few minutes; the background worker usually has already).
- `littleminds insights rebuild [--from DAY] [--to DAY]`: make every day's tallies again,
  with a progress bar.
- `littleminds insights report --from DAY --to DAY [--compare T1 T2] --output report.pdf`:
  the insights report as a PDF, with a progress bar (`commands/report.py`).

How it is built, so that a subcommand is added without touching this file: each
subcommand is a module of `littleminds.insights.commands` (`commands/<name>.py`, the
module's name with "_" read as "-") with

- `HELP`: one line for `--help`;
- `add_arguments(parser)`: its own arguments, on its own subparser;
- `run(options, stdout, stderr)`: does the work; `options` is the parsed arguments as a
  dict, `stdout` and `stderr` the command's `OutputWrapper`s; raises `CommandError` for
  bad arguments.

This file finds the modules and dispatches to the one named on the command line.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from littleminds.insights import commands


def subcommands() -> dict[str, ModuleType]:
    """Each subcommand's module, by the name typed."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        found[info.name.replace("_", "-")] = importlib.import_module(
            f"{commands.__name__}.{info.name}"
        )
    return found


class Command(BaseCommand):
    help = "Insights: make the daily tallies again (refresh, rebuild) and the report (report)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        for name, module in subcommands().items():
            module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))

    def handle(self, *args: Any, **options: Any) -> None:
        subcommands()[options["subcommand"]].run(options, self.stdout, self.stderr)
