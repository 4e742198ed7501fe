"""Every figure insights show is a cell of a `Table`, and every table reaches a page, a
download or the PDF only through `disclose` (DOMAIN.md §9, ADR 0040). That is the one place
small numbers are suppressed for anyone outside the team:

- a count from 1 to 7 is shown as "*" and any other rounded to the nearest 5
  (`core.suppression`);
- a total is recomputed from the figures shown, marked "25 + *" when it left one out;
- a percentage is computed from the shown figures of its two columns, and is "*" when
  either is;
- a statistic (a mean, a median, an effect size) is shown only when the count it was made
  from is shown as a number of at least 8, else "*".

Team members see the exact figures, marked as not for sharing by the page. Nothing here
touches the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext

from littleminds.core import suppression
from littleminds.core.suppression import SUPPRESSED, Figure

Kind = Literal["label", "count", "percent", "statistic", "text"]
Raw = int | float | str | None
Shown = int | float | str | None


@dataclass(frozen=True)
class Column:
    key: str
    heading: str | Promise
    kind: Kind = "count"
    # A percentage: the keys of its numerator's and denominator's count columns.
    of: tuple[str, str] | None = None
    # A statistic: the key of the count column it was made from.
    n: str | None = None
    # Decimal places a statistic is shown with.
    digits: int = 1
    # Whether the total row adds this column up (counts only).
    summed: bool = True

    def __post_init__(self) -> None:
        if self.kind == "percent" and self.of is None:
            raise ValueError(f"percentage column {self.key} needs `of`")
        if self.kind == "statistic" and self.n is None:
            raise ValueError(f"statistic column {self.key} needs `n`")

    @property
    def numeric(self) -> bool:
        return self.kind in ("count", "percent", "statistic")


@dataclass(frozen=True)
class Table:
    """A table as counted, before disclosure: `rows` map column keys to raw values (counts
    as int, statistics as float or None when there is too little to say)."""

    key: str  # a slug: the table's anchor, its download's name and its sheet's
    caption: str | Promise
    columns: tuple[Column, ...]
    rows: Sequence[Mapping[str, Raw]]
    # Whether a total row follows (its first column says "Total").
    total_row: bool = False
    note: str | Promise = ""
    # How many rows a page shows (the first ones); the downloads have them all.
    page_rows: int | None = None

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Disclosed:
    """A table as shown: every cell as the reader sees it."""

    table: Table
    suppressed: bool
    headings: tuple[str, ...]
    rows: tuple[tuple[Shown, ...], ...]
    total: tuple[Shown, ...] | None = None
    numeric: tuple[bool, ...] = field(default=())

    @property
    def key(self) -> str:
        return self.table.key

    @property
    def caption(self) -> str:
        return str(self.table.caption)

    @property
    def page_rows(self) -> tuple[tuple[Shown, ...], ...]:
        """The rows a page shows: all of them, or the first `Table.page_rows`."""
        limit = self.table.page_rows
        return self.rows if limit is None else self.rows[:limit]

    def all_rows(self) -> list[tuple[Shown, ...]]:
        return [*self.rows, *([self.total] if self.total is not None else [])]

    def value(self, row: int, key: str) -> Shown:
        index = [c.key for c in self.table.columns].index(key)
        return self.rows[row][index]


def _percent(numerator: Any, denominator: Any) -> Shown:
    if numerator == SUPPRESSED or denominator == SUPPRESSED:
        return SUPPRESSED
    if not isinstance(numerator, int) or not isinstance(denominator, int) or denominator == 0:
        return None
    return round(100 * numerator / denominator)


def _statistic(raw: Raw, n: Any, column: Column, *, suppressed: bool) -> Shown:
    if raw is None:
        return None
    if suppressed and (not isinstance(n, int) or n <= suppression.LARGEST_SUPPRESSED):
        return SUPPRESSED
    return round(float(raw), column.digits)


def disclose(table: Table, *, suppressed: bool) -> Disclosed:
    """The table as a reader may see it: exact for the team, suppressed outside it."""
    counts: list[dict[str, Figure]] = []
    for row in table.rows:
        shown: dict[str, Figure] = {}
        for column in table.columns:
            if column.kind == "count":
                count = int(row.get(column.key) or 0)
                shown[column.key] = suppression.shown(count, suppressed=suppressed)
        counts.append(shown)

    def cells(row: Mapping[str, Raw], shown: Mapping[str, Any]) -> tuple[Shown, ...]:
        out: list[Shown] = []
        for column in table.columns:
            if column.kind == "count":
                out.append(shown[column.key])
            elif column.kind == "percent":
                assert column.of is not None
                out.append(_percent(shown[column.of[0]], shown[column.of[1]]))
            elif column.kind == "statistic":
                assert column.n is not None
                out.append(
                    _statistic(row.get(column.key), shown[column.n], column, suppressed=suppressed)
                )
            else:
                value = row.get(column.key)
                out.append(None if value is None else str(value))
        return tuple(out)

    rows = tuple(cells(row, shown) for row, shown in zip(table.rows, counts, strict=True))
    total: tuple[Shown, ...] | None = None
    if table.total_row:
        sums: dict[str, Any] = {}
        for column in table.columns:
            if column.kind == "count" and column.summed:
                figures = [shown[column.key] for shown in counts]
                sums[column.key] = (
                    suppression.marked_total(figures) if suppressed else sum(map(int, figures))
                )
        line: list[Shown] = []
        for n, column in enumerate(table.columns):
            if n == 0:
                line.append(gettext("Total"))
            elif column.kind == "count":
                line.append(sums.get(column.key))
            elif column.kind == "percent" and column.of is not None:
                numerator, denominator = (sums.get(key) for key in column.of)
                # A marked total ("25 + *") is not a number to divide.
                line.append(
                    _percent(numerator, denominator)
                    if isinstance(numerator, int) and isinstance(denominator, int)
                    else SUPPRESSED
                    if suppressed
                    else None
                )
            else:
                line.append(None)
        total = tuple(line)
    return Disclosed(
        table=table,
        suppressed=suppressed,
        headings=tuple(str(c.heading) for c in table.columns),
        rows=rows,
        total=total,
        numeric=tuple(c.numeric for c in table.columns),
    )
