"""Make the insights report as a PDF, as /insights/report.pdf does, for any teams.

`littleminds insights report --from 2026-04-01 --to 2027-03-31 [--compare T1 T2]
[--team CODE ...] [--suppressed] [--language ur] --output report.pdf`

It runs on the server, by an administrator, so it is not bound by anyone's teams: it covers
every team unless `--team` names some (by code or name), and shows exact figures, marked as
not for sharing, unless `--suppressed` asks for small numbers hidden as commissioners see
them. Each report made is audited as an export by the system. A progress bar (tqdm, on
standard error) moves a step a page of insights, and one for the PDF."""

from __future__ import annotations

import argparse
import contextlib
import uuid
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.core.management.base import CommandError
from django.db.models import Q
from django.utils import translation
from tqdm import tqdm  # type: ignore[import-untyped]

from littleminds.accounts.models import Team
from littleminds.core.periods import EARLIEST, LONGEST
from littleminds.directory.models import MapSnapshot
from littleminds.insights import report as reports
from littleminds.insights.pages import PAGES, Filters, Page
from littleminds.insights.services import export_audited

HELP = "Make the insights report for a period as a PDF, with a progress bar."


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, for example 2026-04-01"
        ) from error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--from", dest="start", type=_day, required=True, help="The first day (YYYY-MM-DD)."
    )
    parser.add_argument(
        "--to", dest="end", type=_day, required=True, help="The last day (YYYY-MM-DD)."
    )
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("T1", "T2"),
        help="Two time points of the system map to compare, by label or code.",
    )
    parser.add_argument(
        "--team",
        action="append",
        default=[],
        metavar="TEAM",
        help="A team to count, by code or name (again for more); every team if none.",
    )
    parser.add_argument(
        "--suppressed",
        action="store_true",
        help="Hide small numbers, as analysts and commissioners see them.",
    )
    parser.add_argument(
        "--language",
        default=settings.LANGUAGE_CODE,
        choices=[code for code, _name in settings.LANGUAGES],
        help="The language of the report (default: %(default)s).",
    )
    parser.add_argument("--output", required=True, help="The PDF file to write.")


def _named(name: str, field: str) -> Q:
    """A record called `name` (in any case) in `field`, or whose code it is."""
    match = Q(**{f"{field}__iexact": name.strip()})
    with contextlib.suppress(ValueError):
        match |= Q(code=uuid.UUID(name.strip()))
    return match


def _teams(named: list[str]) -> tuple[Team, ...]:
    if not named:
        teams = tuple(Team.objects.order_by("name", "pk"))
        if not teams:
            raise CommandError("There are no teams to report on.")
        return teams
    found: dict[int, Team] = {}
    for name in named:
        matching = list(Team.objects.filter(_named(name, "name")))
        if not matching:
            raise CommandError(f"No team is called {name!r} or has that code.")
        if len(matching) > 1:
            raise CommandError(
                f"{len(matching)} teams are called {name!r}: name the one meant by its code "
                f"({', '.join(str(team.code) for team in matching)})."
            )
        found[matching[0].pk] = matching[0]
    return tuple(sorted(found.values(), key=lambda team: (team.name, team.pk)))


def _snapshot(name: str) -> MapSnapshot:
    snapshots = list(MapSnapshot.objects.filter(_named(name, "label")))
    if not snapshots:
        labels = ", ".join(MapSnapshot.objects.order_by("taken_on").values_list("label", flat=True))
        raise CommandError(
            f"No time point of the map is called {name!r} or has that code. "
            + (f"The time points are: {labels}." if labels else "There are no time points yet.")
        )
    if len(snapshots) > 1:
        raise CommandError(
            f"{len(snapshots)} time points are called {name!r}: name the one meant by its code "
            f"({', '.join(str(s.code) for s in snapshots)})."
        )
    return snapshots[0]


def filters_of(options: dict[str, Any]) -> Filters:
    start, end = options["start"], options["end"]
    if start < EARLIEST:
        raise CommandError(f"The first day must be on or after {EARLIEST.isoformat()}.")
    if end < start:
        raise CommandError("The last day must be the same as or after the first day.")
    if end > start + LONGEST:
        raise CommandError("The period can be at most 10 years long.")
    compare = None
    if options.get("compare"):
        first, second = (_snapshot(name) for name in options["compare"])
        if first.pk == second.pk:
            raise CommandError("Choose a second time point other than the first.")
        pair = sorted([first, second], key=lambda s: s.taken_on)
        compare = (pair[0], pair[1])
    return Filters(start=start, end=end, teams=_teams(options["team"]), compare=compare)


def run(options: dict[str, Any], stdout: TextIO, stderr: TextIO) -> None:
    # Imported here: the views' words for the cover, shared with the download.
    from littleminds.insights.views import about

    filters = filters_of(options)
    output = Path(options["output"])
    if output.is_dir():
        raise CommandError(f"{output} is a folder: give the name of the PDF file to write.")
    suppressed = bool(options["suppressed"])
    with (
        translation.override(options["language"]),
        tqdm(
            total=len(PAGES) + 1,
            desc="Insights report",
            unit="step",
            file=stderr,
            # Kept on the screen when done, so the last line says every step was made.
            leave=True,
        ) as bar,
    ):

        def step(page: Page) -> None:
            bar.set_postfix_str(page.slug)
            bar.update(1)

        made = reports.build(filters, suppressed=suppressed, step=step)
        bar.set_postfix_str("PDF")
        pdf = reports.as_pdf(made, about(filters, suppressed=suppressed))
        bar.update(1)
    try:
        output.write_bytes(pdf)
    except OSError as error:
        raise CommandError(f"Cannot write {output}: {error.strerror or error}") from error
    # By the system: the command runs on the server, by whoever may run commands there.
    export_audited(by=None, what="report", form="pdf", filters=filters, suppressed=suppressed)
    stdout.write(
        f"Wrote {output} ({len(pdf):,} bytes): {len(made.sections)} pages of insights for "
        f"{len(filters.teams)} teams, from {filters.start.isoformat()} to "
        f"{filters.end.isoformat()}, "
        + ("with small numbers hidden." if suppressed else "exact figures, not for sharing.")
        + "\n"
    )
