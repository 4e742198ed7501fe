"""Bar charts of disclosed tables, drawn on the server as SVG (ADR 0009): a group of bars a
row, one bar a charted column, each with its words and figure written beside it, so colour
is never the only cue (the columns also differ by fill pattern). The figures are the
table's as disclosed: a "*" is drawn as no bar with "*" beside it. Nothing here touches the
database; the same charts go into the PDF report."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from littleminds.core import suppression
from littleminds.insights.pages import ChartSpec
from littleminds.insights.tables import Disclosed

WIDTH = 360
BAR = 14
GAP = 3
TOP = 4
ROOM = WIDTH - 120  # the words and figure go after the longest bar
# Fills told apart without colour: solid, striped, dotted.
FILLS = ("solid", "striped", "dotted")


@dataclass(frozen=True)
class Bar:
    words: str
    y: int
    width: float
    fill: str

    @property
    def text_x(self) -> float:
        return self.width + 5

    @property
    def text_y(self) -> int:
        return self.y + BAR - 3


@dataclass(frozen=True)
class Group:
    label: str
    label_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    ident: str
    title: str
    description: str
    groups: tuple[Group, ...]
    width: int
    height: int
    bar_height: int = BAR


def _number(shown: object) -> float:
    """A bar's length: a figure, or what a marked total ("25 + *") shows; nothing else."""
    if isinstance(shown, str) and shown.endswith(suppression.LEFT_OUT):
        return float(suppression.value(shown))
    return float(shown) if isinstance(shown, int | float) and not isinstance(shown, bool) else 0.0


def _figure(shown: object) -> str:
    """A figure as the chart writes it beside its bar: "not enough to say" where the table
    has none (a percentage of nothing, a statistic of too few)."""
    return _("not enough to say") if shown is None else str(shown)


def chart(spec: ChartSpec, table: Disclosed) -> Chart | None:
    """The chart of `table` as `spec` asks, or None when there is nothing to draw."""
    keys = [c.key for c in table.table.columns]
    label_at = keys.index(spec.label)
    value_at = [keys.index(key) for key in spec.values]
    headings = [table.headings[i] for i in value_at]
    rows = table.rows if spec.rows is None else table.rows[: spec.rows]
    top = max((_number(row[i]) for row in rows for i in value_at), default=0.0)
    if not rows or top <= 0:
        return None
    block = 20 + len(value_at) * (BAR + GAP) + 6
    groups = []
    for n, row in enumerate(rows):
        y = TOP + n * block
        bars = tuple(
            Bar(
                words=(
                    f"{headings[j]}: {_figure(row[i])}" if len(value_at) > 1 else _figure(row[i])
                ),
                y=y + 20 + j * (BAR + GAP),
                width=round(ROOM * _number(row[i]) / top, 1),
                fill=FILLS[j % len(FILLS)],
            )
            for j, i in enumerate(value_at)
        )
        groups.append(Group(label=str(row[label_at]), label_y=y + 15, bars=bars))
    described = "; ".join(
        f"{group.label}: " + ", ".join(bar.words for bar in group.bars) for group in groups
    )
    return Chart(
        ident=f"{table.key}-chart",
        title=str(spec.title or table.caption),
        description=_("A bar chart of the table below. %(bars)s") % {"bars": described},
        groups=tuple(groups),
        width=WIDTH,
        height=TOP + len(groups) * block,
    )


def charts_of(specs: tuple[ChartSpec, ...], tables: list[Disclosed]) -> dict[str, Chart]:
    """Each charted table's chart, by the table's key (tables with nothing to draw have none)."""
    by_key = {table.key: table for table in tables}
    drawn: dict[str, Chart] = {}
    for spec in specs:
        table = by_key.get(spec.table)
        if table is not None and (made := chart(spec, table)) is not None:
            drawn[spec.table] = made
    return drawn
