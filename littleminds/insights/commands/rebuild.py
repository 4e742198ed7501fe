"""`littleminds insights rebuild [--from DAY] [--to DAY] [--chunk-days N]`: make every
day's tallies again, with a progress bar on standard error (when it is a terminal)."""

from __future__ import annotations

import datetime as dt
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError, OutputWrapper

from littleminds.insights.summaries import CHUNK_DAYS, rebuild

HELP = (
    "Make every day's tallies again, from the earliest record's day to today (or --from, "
    "--to), with a progress bar."
)
MOST_CHUNK_DAYS = 366


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: give it as YYYY-MM-DD") from None


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="The first day.")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="The last day.")
    parser.add_argument(
        "--chunk-days",
        type=int,
        default=CHUNK_DAYS,
        help=f"Days made in one transaction (default {CHUNK_DAYS}).",
    )


def run(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> None:
    start = _day(options["start"]) if options.get("start") else None
    end = _day(options["end"]) if options.get("end") else None
    if start and end and start > end:
        raise CommandError("--from must be on or before --to")
    chunk = options.get("chunk_days", CHUNK_DAYS)
    if not 1 <= chunk <= MOST_CHUNK_DAYS:
        raise CommandError(f"--chunk-days must be from 1 to {MOST_CHUNK_DAYS}")
    made = rebuild(start, end, progress=sys.stderr.isatty(), chunk_days=chunk)
    stdout.write(f"Tallies made again for {made.days} day(s): {made.rows} row(s).")
