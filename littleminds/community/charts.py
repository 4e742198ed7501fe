"""The reach report's chart, drawn on the server as SVG like the training reports' (ADR
0009): for each postcode district, two bars, people reached and self-referrals, on one
scale. The two are told apart by their fill (solid, or striped) and by the words written
beside each bar, never by colour alone; the figures are those of the table beside the
chart, suppressed the same way. Nothing here touches the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from littleminds.community.selectors_report import ReachReport
from littleminds.core import suppression
from littleminds.core.suppression import Figure

# Narrow, so that its words stay readable when a phone shrinks it to the screen's width.
WIDTH = 360
BAR = 16
GAP = 4
# A district: its name's line, then two bars.
BLOCK = 20 + 2 * (BAR + GAP) + 8
TOP = 4
ROOM = WIDTH - 150  # the words and figure go after the longest bar


@dataclass(frozen=True)
class Bar:
    words: str  # what the bar is, and its figure, written beside it
    y: int
    width: float
    striped: bool

    @property
    def text_x(self) -> float:
        return self.width + 6

    @property
    def text_y(self) -> int:
        return self.y + BAR - 3


@dataclass(frozen=True)
class District:
    name: str
    name_y: int
    bars: tuple[Bar, Bar]


@dataclass(frozen=True)
class ReachChart:
    ident: str
    title: str
    description: str
    districts: tuple[District, ...]
    width: int
    height: int
    bar_height: int = BAR
    legend_reached: str = ""
    legend_referred: str = ""


def _words(what: str, figure: Figure) -> str:
    return f"{what}: {figure}"


def reach_chart(report: ReachReport) -> ReachChart | None:
    """The chart of the report's districts, or None when there is nothing to draw."""
    if not report.bars:
        return None
    values = [
        (suppression.value(row.reached), suppression.value(row.referred)) for row in report.bars
    ]
    top = max(max(pair) for pair in values)
    if not top and not any(
        suppression.SUPPRESSED in (row.reached, row.referred) for row in report.bars
    ):
        return None
    reached_word, referred_word = _("Reached"), _("Self-referrals")

    def width(value: int) -> float:
        return round(ROOM * value / top, 1) if top else 0.0

    districts = []
    for n, (row, (reached, referred)) in enumerate(zip(report.bars, values, strict=True)):
        y = TOP + n * BLOCK
        districts.append(
            District(
                name=row.district,
                name_y=y + 15,
                bars=(
                    Bar(_words(reached_word, row.reached), y + 20, width(reached), False),
                    Bar(
                        _words(referred_word, row.referred),
                        y + 20 + BAR + GAP,
                        width(referred),
                        True,
                    ),
                ),
            )
        )
    description = _(
        "A bar chart of the table by postcode district. For each district, a solid bar for "
        "people reached and a striped bar for self-referrals: %(figures)s"
    ) % {"figures": "; ".join(f"{d.name}: {d.bars[0].words}, {d.bars[1].words}" for d in districts)}
    return ReachChart(
        ident="reach-chart",
        title=_("People reached and self-referrals by postcode district"),
        description=description,
        districts=tuple(districts),
        width=WIDTH,
        height=TOP + len(districts) * BLOCK,
        legend_reached=_("Solid bar: people reached (adults and babies)"),
        legend_referred=_("Striped bar: self-referrals"),
    )
