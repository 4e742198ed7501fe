"""Every figure insights show is a cell of a `Table`, and every table reaches a page, a
download or the PDF only through `disclose` (DOMAIN.md §9, ADR 0040). That is the one place
small numbers are suppressed for anyone outside the team:

- a count from 1 to 7 is shown as "*" and any other rounded to the nearest 5
  (`core.suppression`);
- a total is recomputed from the figures shown, marked "25 + *" when it left one out;
- a percentage is computed from the shown figures of its two columns, and is "*" when
  either is;
- a statistic (a mean, a median, an effect size) is shown only when the count it was made
  from is shown as a number of at least 8, else "*";
- a derived value (the embeddedness score, a ring's average score) is worked out here, after
  suppression, from the figures as shown (`Column.derive`), and is "*" when a figure it uses
  is;
- a row that totals other rows (`Table.total_of`: all courses) shows, when one of them is
  hidden, the total of what they show ("25 + *") and no statistic;
- a ranked list (`Table.ranking`) is ranked by the figures as shown, leaving out those hidden;
- a note about suppression (`Table.note_outside_team`) is shown only when it applies;
- a fact that is no count of people (how many organisations a ring has) is never hidden.

Team members see the exact figures, marked as not for sharing by the page. Nothing here
touches the database."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext

from littleminds.core import suppression
from littleminds.core.suppression import SUPPRESSED, Figure

Kind = Literal["label", "count", "percent", "statistic", "derived", "fact", "text"]
Raw = int | float | str | None
Shown = int | float | str | None
# A derivation: from a row's figures as shown (by column key) and the table's reference rows
# as shown, a value (rounded by the column), None for nothing to say, or "*" for hidden.
Derive = Callable[[Mapping[str, Shown], Sequence[Mapping[str, Shown]]], Shown]


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
    # Whether the total row adds this column up (counts and facts only).
    summed: bool = True
    # A count that is the row's total of other counts (by key: the row's columns or counts it
    # carries): outside the team it is the total of those as shown, marked when it left a
    # hidden one out ("25 + *"), never the exact total rounded (DOMAIN.md §9).
    sum_of: tuple[str, ...] = ()
    # A derived value: the keys of the row's figures it is made from (it is "*" outside
    # the team when any of them is), and how it is made from the figures as shown.
    uses: tuple[str, ...] = ()
    derive: Derive | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.kind == "percent" and self.of is None:
            raise ValueError(f"percentage column {self.key} needs `of`")
        if self.kind == "statistic" and self.n is None:
            raise ValueError(f"statistic column {self.key} needs `n`")
        if self.kind == "derived" and self.derive is None:
            raise ValueError(f"derived column {self.key} needs `derive`")
        if self.sum_of and self.kind != "count":
            raise ValueError(f"only a count column sums others: {self.key}")

    @property
    def numeric(self) -> bool:
        return self.kind in ("count", "percent", "statistic", "derived", "fact")


@dataclass(frozen=True)
class Ranking:
    """A list of the rows with the highest (or lowest) value of a column, ranked after
    disclosure: outside the team by the value as shown, so that a row whose value is hidden
    is left out rather than placed (or, with `hidden_last`, put after the others in the
    order of their first column). Only values beyond `beyond` (above it when descending,
    below it when not) are listed; at most `limit` rows."""

    key: str
    descending: bool = True
    limit: int | None = None
    beyond: float | None = None
    hidden_last: bool = False


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
    # A note that only holds when small numbers are hidden (shown after `note` then).
    note_outside_team: str | Promise = ""
    # Rows the derived columns measure against (every organisation, when the table shows
    # some): their counts are suppressed as the table's are, their words kept.
    reference: Sequence[Mapping[str, Raw]] | None = None
    # A row (by index) that totals other rows (raw, of this table or of another): outside
    # the team, when one of those is hidden, its counts are the total of what they show.
    total_of: Mapping[int, Sequence[Mapping[str, Raw]]] = field(default_factory=dict)
    # Rows ranked after disclosure (the organisations that moved most).
    ranking: Ranking | None = None

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
    def note(self) -> str:
        """The table's note as this reader should read it: what only holds when small
        numbers are hidden is said only to those who see them hidden."""
        parts = [str(self.table.note)]
        if self.suppressed:
            parts.append(str(self.table.note_outside_team))
        return " ".join(part for part in parts if part)

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


def _count(raw: Raw, *, suppressed: bool) -> Figure:
    count = int(raw or 0)
    return suppression.suppress(count) if suppressed else count


def _shown_counts(
    counted: Sequence[Column], row: Mapping[str, Raw], *, suppressed: bool
) -> dict[str, Figure | str]:
    """A row's count cells as shown: a row total (`Column.sum_of`) outside the team is added
    up from its parts as shown (the row's cells, or counts it carries)."""
    shown: dict[str, Figure | str] = {
        c.key: _count(row.get(c.key), suppressed=suppressed)
        for c in counted
        if not (suppressed and c.sum_of)
    }
    if suppressed:
        for column in counted:
            if column.sum_of:
                shown[column.key] = suppression.marked_total(
                    shown[key] if key in shown else _count(row.get(key), suppressed=True)
                    for key in column.sum_of
                )
    return shown


def _shown_reference(table: Table, *, suppressed: bool) -> list[dict[str, Shown]] | None:
    if table.reference is None:
        return None
    out: list[dict[str, Shown]] = []
    for row in table.reference:
        shown: dict[str, Shown] = {}
        for key, value in row.items():
            if isinstance(value, bool | float):
                raise ValueError(f"a reference row holds counts and words only, not {key}")
            shown[key] = _count(value, suppressed=suppressed) if isinstance(value, int) else value
        out.append(shown)
    return out


def _derived(
    column: Column,
    shown: Mapping[str, Shown],
    reference: Sequence[Mapping[str, Shown]],
    *,
    suppressed: bool,
) -> Shown:
    assert column.derive is not None
    if suppressed and any(shown.get(key) == SUPPRESSED for key in column.uses):
        return SUPPRESSED
    value = column.derive(shown, reference)
    if value is None or value == SUPPRESSED:
        return value
    return round(float(value), column.digits)


def _ranked(
    table: Table, rows: list[tuple[Shown, ...]], *, suppressed: bool
) -> list[tuple[Shown, ...]]:
    ranking = table.ranking
    if ranking is None:
        return rows
    at = [c.key for c in table.columns].index(ranking.key)

    def listed(row: tuple[Shown, ...]) -> bool:
        value = row[at]
        if not isinstance(value, int | float):
            # Hidden or nothing to say: placed nowhere outside the team; the team's
            # builder chose its rows from the exact figures.
            return not suppressed
        if ranking.beyond is None:
            return True
        return value > ranking.beyond if ranking.descending else value < ranking.beyond

    kept = [row for row in rows if listed(row)]
    hidden = [row for row in rows if not listed(row)] if ranking.hidden_last else []
    sign = -1 if ranking.descending else 1
    # A stable sort: rows of one value stay in the builder's order (by name, say).
    kept.sort(key=lambda row: sign * float(v) if isinstance(v := row[at], int | float) else 0.0)
    hidden.sort(key=lambda row: str(row[0]))
    kept += hidden
    return kept if ranking.limit is None else kept[: ranking.limit]


def disclose(
    table: Table,
    *,
    suppressed: bool,
    references: dict[int, list[dict[str, Shown]] | None] | None = None,
) -> Disclosed:
    """The table as a reader may see it: exact for the team, suppressed outside it.

    `references`: for disclosing a page's tables together, a dict in which the reference
    rows as shown are kept (by the reference's identity) for the next table that shares
    them (a page's tables measure against the same thousands of organisations)."""
    counted = [c for c in table.columns if c.kind == "count"]
    counts = [_shown_counts(counted, row, suppressed=suppressed) for row in table.rows]
    # Rows that total hidden rows: their counts are the total of what those show, and
    # nothing is worked out from them.
    tainted: set[int] = set()
    if suppressed:
        for index, groups in table.total_of.items():
            shown_groups = [
                {c.key: _count(g.get(c.key), suppressed=True) for c in counted} for g in groups
            ]
            if any(SUPPRESSED in g.values() for g in shown_groups):
                tainted.add(index)
                for c in counted:
                    counts[index][c.key] = suppression.marked_total(g[c.key] for g in shown_groups)

    def words(row: Mapping[str, Raw]) -> dict[str, Shown]:
        return {
            c.key: None if row.get(c.key) is None else str(row.get(c.key))
            for c in table.columns
            if c.kind in ("label", "text")
        }

    if references is None:
        reference = _shown_reference(table, suppressed=suppressed)
    else:
        held = id(table.reference)
        if held not in references:
            references[held] = _shown_reference(table, suppressed=suppressed)
        reference = references[held]
    if reference is None:
        reference = [{**words(row), **shown} for row, shown in zip(table.rows, counts, strict=True)]

    def cells(index: int, row: Mapping[str, Raw], shown: Mapping[str, Any]) -> tuple[Shown, ...]:
        # What a derivation may use: the row's words, and its counts as shown, those of its
        # columns and any other it carries (the parts of a score at two time points).
        carried = {
            key: _count(value, suppressed=suppressed)
            for key, value in row.items()
            if isinstance(value, int) and not isinstance(value, bool) and key not in shown
        }
        values: dict[str, Shown] = {**carried, **words(row), **shown}
        out: list[Shown] = []
        for column in table.columns:
            if column.kind == "count":
                cell: Shown = shown[column.key]
            elif column.kind == "fact":
                value = row.get(column.key)
                cell = None if value is None else int(value)
            elif column.kind == "percent":
                assert column.of is not None
                cell = _percent(shown[column.of[0]], shown[column.of[1]])
            elif column.kind == "statistic":
                assert column.n is not None
                cell = (
                    SUPPRESSED
                    if index in tainted and row.get(column.key) is not None
                    else _statistic(
                        row.get(column.key), shown[column.n], column, suppressed=suppressed
                    )
                )
            elif column.kind == "derived":
                cell = _derived(column, values, reference, suppressed=suppressed)
            else:
                value = row.get(column.key)
                cell = None if value is None else str(value)
            values[column.key] = cell
            out.append(cell)
        return tuple(out)

    rows = [
        cells(n, row, shown) for n, (row, shown) in enumerate(zip(table.rows, counts, strict=True))
    ]
    rows = _ranked(table, rows, suppressed=suppressed)
    total: tuple[Shown, ...] | None = None
    if table.total_row:
        sums: dict[str, Any] = {}
        for n, column in enumerate(table.columns):
            if column.kind == "count" and column.summed:
                figures = [row[n] for row in rows]
                sums[column.key] = (
                    suppression.marked_total(figures)  # type: ignore[arg-type]
                    if suppressed
                    else sum(map(int, figures))  # type: ignore[arg-type]
                )
            elif column.kind == "fact" and column.summed:
                sums[column.key] = sum(int(row[n] or 0) for row in rows)
        line: list[Shown] = []
        for n, column in enumerate(table.columns):
            if n == 0:
                line.append(gettext("Total"))
            elif column.kind in ("count", "fact"):
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
        rows=tuple(rows),
        total=total,
        numeric=tuple(c.numeric for c in table.columns),
    )


def _derived_before(row: Mapping[str, Shown], reference: Sequence[Mapping[str, Shown]]) -> Shown:
    raise AssertionError("a kept table's derived values were worked out when it was disclosed")


def kept(table: Disclosed) -> Disclosed:
    """A disclosed table as the cache keeps it (ADR 0060): what showing and downloading it
    read (its words, its columns' keys and kinds, every cell as shown), without the raw
    figures it was disclosed from or the functions that derived its values, which the
    cache could not hold and a reader outside the team may never see."""
    counted = table.table
    bare = replace(
        counted,
        caption=str(counted.caption),
        note=str(counted.note),
        note_outside_team=str(counted.note_outside_team),
        columns=tuple(
            replace(
                column,
                heading=str(column.heading),
                derive=None if column.derive is None else _derived_before,
            )
            for column in counted.columns
        ),
        rows=(),
        reference=None,
        total_of={},
    )
    return replace(table, table=bare)
