"""A small world for walking the insights as an analyst: many figures from 1 to 7, others
not multiples of 5, so that a figure shown exactly where it should be suppressed stands out.
And the checks that say whether a figure, as disclosed or as rendered, gives anything away."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from html.parser import HTMLParser
from itertools import cycle
from typing import Any

from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.directory import services as directory_services
from littleminds.directory.models import MapSnapshot, Ring
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.insights import measures
from littleminds.insights.models import CommissioningBody, Tally
from littleminds.insights.tables import Disclosed
from littleminds.training.models import Registration
from littleminds.training.tests.factories import course, session

# Exact counts that suppression must hide (1 to 7) or round (the rest).
COUNTS = (1, 2, 3, 4, 5, 6, 7, 23, 41, 0, 58, 117, 9, 12, 6, 3)


@dataclass(frozen=True)
class World:
    start: date
    end: date
    organisations: list[Organisation]
    snapshots: tuple[MapSnapshot, MapSnapshot]
    body: CommissioningBody

    def query(self, *, compare: bool = False) -> dict[str, str]:
        values = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if compare:
            values["first"] = str(self.snapshots[0].code)
            values["second"] = str(self.snapshots[1].code)
        return values


def small_numbers_world(*, team: Team, other_team: Team, manager: User, analyst: User) -> World:
    """Tallies of every measure for four organisations (one on each ring, one on none) and
    for no organisation, for both teams; training places cancelled for each reason; two
    time points of the map; and a commissioning body funding both teams, whose analyst is
    `analyst`."""
    today = timezone.localdate()
    start, end = today - timedelta(days=200), today - timedelta(days=1)
    organisations = [
        OrganisationFactory.create(name="Brook Lane Nursery", kind="early_years"),
        OrganisationFactory.create(name="Riverside Health Visiting", kind="nhs"),
        OrganisationFactory.create(name="Hillside Housing Advice", kind="voluntary"),
        OrganisationFactory.create(name="Meadow Family Hub", kind="other"),
    ]
    rings = (Ring.UNIVERSAL, Ring.CORE, Ring.RISK_FACTORS)
    for organisation, ring in zip(organisations[:3], rings, strict=True):
        ServiceFactory.create(organisation=organisation, ring=ring)
    first = directory_services.snapshot_take(
        by=manager, label="Time 1", taken_on=start + timedelta(days=10)
    )
    ServiceFactory.create(organisation=organisations[3], ring=Ring.CORE)
    second = directory_services.snapshot_take(
        by=manager, label="Time 2", taken_on=end - timedelta(days=10)
    )
    counts = cycle(COUNTS)
    tallies = []
    for n, day in enumerate((start + timedelta(days=20), end - timedelta(days=20))):
        for owner_of in [*organisations, None]:
            for owner in (team, other_team):
                for measure in measures.ALL:
                    owned_by = None if measure == measures.NAVIGATOR else owner
                    if measure == measures.NAVIGATOR and owner == other_team:
                        continue
                    count = next(counts)
                    if count == 0 or (n == 1 and count > 7):
                        continue
                    tallies.append(
                        Tally(
                            day=day,
                            team=owned_by,
                            organisation=owner_of,
                            measure=measure,
                            count=count,
                        )
                    )
    Tally.objects.bulk_create(tallies)
    _cancelled_places(team, manager, organisations[0])
    body = CommissioningBody.objects.create(name="West Yorkshire ICB")
    body.teams.add(team, other_team)
    body.members.add(analyst)
    return World(
        start=start,
        end=end,
        organisations=organisations,
        snapshots=(first, second),
        body=body,
    )


def _cancelled_places(team: Team, manager: User, organisation: Organisation) -> None:
    held = session(manager, course(manager, team), days=5, capacity=40)
    when = timezone.now() - timedelta(days=30)
    places = {"workload": 3, "not_released": 12, "illness": 1, "other": 6}
    n = 0
    for reason, count in places.items():
        for _ in range(count):
            n += 1
            Registration.objects.create(
                session=held,
                name=f"Person {n}",
                email=f"person{n}@test.example",
                email_confirmed_at=when,
                organisation=organisation,
                status=Registration.Status.CANCELLED,
                cancelled_at=when,
                cancel_reason=reason,
                cancel_note="Moved away" if reason == "other" else "",
            )


# What a count may be when small numbers are suppressed: 0, "*", a multiple of 5, or a
# total that left out starred figures ("25 + *").
MARKED_TOTAL = re.compile(r"(\d+) \+ \*")


def count_ok(cell: Any) -> bool:
    if cell in (0, "*", "0"):
        return True
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int):
        return cell % 5 == 0
    if isinstance(cell, str):
        text = cell.replace(",", "").strip()
        if text.isdigit():
            return int(text) % 5 == 0
        marked = MARKED_TOTAL.fullmatch(text)
        return marked is not None and int(marked.group(1)) % 5 == 0
    return False


def problems_of(table: Disclosed, where: str) -> list[str]:
    """Each figure of a disclosed table that gives a small number away: a count not
    suppressed, a percentage of a starred count, a statistic of a count under 8, a derived
    value made from a starred figure. Facts (how many organisations a ring has) are no
    counts of people and may be small."""
    found = []
    columns = table.table.columns
    keys = [c.key for c in columns]
    for r, row in enumerate(table.all_rows()):
        for column, cell in zip(columns, row, strict=True):
            at = f"{where} {table.key} row {r} {column.key}: {cell!r}"
            if column.kind == "count" and cell is not None and not count_ok(cell):
                found.append(at)
            elif column.kind == "percent" and column.of is not None:
                if any(row[keys.index(key)] == "*" for key in column.of) and cell != "*":
                    found.append(at)
            elif column.kind == "statistic" and column.n is not None:
                n = row[keys.index(column.n)]
                if cell not in (None, "*") and not (isinstance(n, int) and n >= 8):
                    found.append(at)
            elif column.kind == "derived":
                used = [row[keys.index(k)] for k in column.uses if k in keys]
                if cell not in (None, "*") and "*" in used:
                    found.append(at)
    return found


def small_exact(table: Disclosed) -> bool:
    """Whether a count from 1 to 7 is shown as it is (the team's exact view)."""
    counts = [i for i, c in enumerate(table.table.columns) if c.kind == "count"]
    return any(row[i] in range(1, 8) for row in table.all_rows() for i in counts)


class TableCells(HTMLParser):
    """The cells of each <table> of a page, by the table's id, as the reader sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = dict(attrs).get("id") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._table is not None and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def rendered_problems(html: str, tables: list[Disclosed], where: str) -> list[str]:
    """Each count cell of the rendered tables that gives a small number away; and a table
    of the disclosed ones missing from the page."""
    parser = TableCells()
    parser.feed(html)
    found = []
    for table in tables:
        rows = parser.tables.get(table.key)
        if rows is None:
            found.append(f"{where}: table {table.key} not shown")
            continue
        body = rows[1:]  # the headings first
        if not table.rows:
            continue
        counts = [i for i, c in enumerate(table.table.columns) if c.kind == "count"]
        for r, row in enumerate(body):
            for i in counts:
                if i < len(row) and row[i] not in ("", "–") and not count_ok(row[i]):
                    found.append(f"{where} {table.key} row {r} column {i}: {row[i]!r}")
    return found


def rows_problems(rows: list[list[Any]], table: Disclosed, where: str) -> list[str]:
    """Each count cell of a table read back from a file (CSV or XLSX: its heading row then
    its rows) that gives a small number away."""
    headings = [str(h) for h in table.headings]
    at = next((n for n, row in enumerate(rows) if [str(c) for c in row] == headings), None)
    if at is None:
        return [f"{where}: the headings of {table.key} are missing"]
    counts = [i for i, c in enumerate(table.table.columns) if c.kind == "count"]
    found = []
    for row in rows[at + 1 : at + 1 + len(table.all_rows())]:
        for i in counts:
            cell = row[i] if i < len(row) else None
            if cell not in (None, "") and not count_ok(cell):
                found.append(f"{where} {table.key}: {row!r}")
    return found
