"""`littleminds insights refresh`: make the tallies of every dirty day again."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import OutputWrapper

from littleminds.insights.summaries import refresh

HELP = "Make the tallies of every day marked dirty again (run it from cron)."


def add_arguments(parser: ArgumentParser) -> None:
    """No arguments: it does every dirty day."""


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> None:
    made = refresh()
    stdout.write(f"Tallies made again for {made.days} day(s): {made.rows} row(s).")
