"""Bar charts of the training reports, drawn on the server as SVG like the measures' charts
(ADR 0009): a bar a row of a report's table, each labelled with its row and its figure, and
the table itself always beside it. Nothing here touches the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from littleminds.training.selectors_reports import Cell, Rate, Table

# Narrow, so that its words stay readable when a phone shrinks it to the screen's width.
WIDTH = 360
ROW = 48  # a label's line, then its bar
BAR = 18
TOP = 4
# The tables drawn, and the column each bar shows.
CHARTED = {
    "trained-tier": 1,
    "completion-tier": 3,
    "cancelled": 1,
}


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    label_y: int
    bar_y: int
    width: float

    @property
    def value_x(self) -> float:
        return self.width + 8

    @property
    def value_y(self) -> int:
        return self.bar_y + 14


@dataclass(frozen=True)
class BarChart:
    ident: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int
    height: int
    bar_height: int = BAR


def chart_for(table: Table) -> BarChart | None:
    """The table's chart, or None for a table not drawn or with nothing to draw. The rows of
    totals ("All tiers", "All reasons") are left out of the bars."""
    column = CHARTED.get(table.key)
    if column is None:
        return None
    rows = [row for row in table.rows if not _is_total(table, row)]
    values: list[tuple[str, float, str]] = []
    for row in rows:
        cell = row[column]
        if isinstance(cell, Rate):
            value = cell.value
            values.append((str(row[0]), value or 0.0, str(cell)))
        elif isinstance(cell, int):
            values.append((str(row[0]), float(cell), str(cell)))
    if not values or not any(v for _label, v, _shown in values):
        return None
    top = (
        1.0
        if any(isinstance(row[column], Rate) for row in rows)
        else max(v for _l, v, _s in values)
    )
    room = WIDTH - 64  # the figure goes after the longest bar
    bars = tuple(
        Bar(
            label=label,
            shown=shown,
            label_y=TOP + n * ROW + 16,
            bar_y=TOP + n * ROW + 22,
            width=round(room * value / top, 1) if top else 0.0,
        )
        for n, (label, value, shown) in enumerate(values)
    )
    return BarChart(
        ident=f"{table.key}-chart",
        title=table.caption,
        description=_("A bar chart of the table below: %(bars)s")
        % {"bars": "; ".join(f"{bar.label}: {bar.shown}" for bar in bars)},
        bars=bars,
        width=WIDTH,
        height=TOP + len(bars) * ROW + 4,
    )


def _is_total(table: Table, row: list[Cell]) -> bool:
    return row is table.rows[-1] and table.key in ("completion-tier", "cancelled")
