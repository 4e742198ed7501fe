"""A measure drawn over time, on the server, as SVG: the totals of each administration
joined by a line, the cut-off marked, with an accessible title and description and the
same figures as a table beside it (`measures/_chart_table.html`), like the system map
(ADR 0009). The case page includes both; nothing here touches the database.

    drawing = chart(measure_of("phq9"), [(date(2026, 3, 2), 18), (date(2026, 6, 1), 7)])
    {% include "measures/_chart.svg.html" with chart=drawing %}   (or str(drawing.svg()))
    {% include "measures/_chart_table.html" with chart=drawing %}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from littleminds.measures.definitions import Measure

WIDTH = 640
HEIGHT = 320
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 24, 48
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50)


@dataclass(frozen=True)
class Point:
    on: date
    total: float
    x: float
    y: float
    band: str
    caseness: bool | None

    @property
    def shown(self) -> str:
        return f"{self.total:g}"

    @property
    def label(self) -> str:
        text = f"{date_format(self.on, 'j F Y')}: {self.shown}"
        return f"{text} ({self.band})" if self.band else text


@dataclass(frozen=True)
class Tick:
    value: float
    y: float

    @property
    def shown(self) -> str:
        return f"{self.value:g}"


@dataclass(frozen=True)
class Chart:
    measure: Measure
    ident: str
    points: tuple[Point, ...]
    ticks: tuple[Tick, ...]
    cut_off_y: float | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM

    @property
    def title(self) -> str:
        return _("%(name)s over time") % {"name": self.measure.name}

    @property
    def line(self) -> str:
        return " ".join(f"{p.x:g},{p.y:g}" for p in self.points)

    @property
    def cut_off_label(self) -> str:
        return _("Cut-off %(value)s") % {"value": f"{self.measure.cut_off:g}"}

    @property
    def caseness_heading(self) -> str:
        words = (
            _("%(value)s or less (the cut-off)")
            if self.measure.higher_is_better
            else _("%(value)s or more (the cut-off)")
        )
        return words % {"value": f"{self.measure.cut_off:g}"}

    @property
    def first_date(self) -> str:
        return date_format(self.points[0].on, "j M Y") if self.points else ""

    @property
    def last_date(self) -> str:
        return date_format(self.points[-1].on, "j M Y") if len(self.points) > 1 else ""

    @property
    def description(self) -> str:
        measure = self.measure
        better = _("Higher is better.") if measure.higher_is_better else _("Lower is better.")
        if not self.points:
            parts = [_("No totals recorded yet."), better]
        elif len(self.points) == 1:
            only = self.points[0]
            parts = [
                _("One total: %(total)s on %(date)s.")
                % {"total": only.shown, "date": date_format(only.on, "j F Y")},
                better,
            ]
        else:
            first, last = self.points[0], self.points[-1]
            parts = [
                _(
                    "%(count)d totals from %(start)s to %(end)s: the first %(first)s, "
                    "the latest %(last)s."
                )
                % {
                    "count": len(self.points),
                    "start": date_format(first.on, "j F Y"),
                    "end": date_format(last.on, "j F Y"),
                    "first": first.shown,
                    "last": last.shown,
                },
                better,
            ]
        if measure.cut_off is not None:
            parts.append(
                _("The dashed line marks the cut-off, %(value)s.")
                % {"value": f"{measure.cut_off:g}"}
            )
        parts.append(_("The table gives every total."))
        return " ".join(parts)

    def svg(self) -> SafeString:
        return SafeString(render_to_string("measures/_chart.svg.html", {"chart": self}))


def _ticks(low: float, high: float) -> list[float]:
    """Both ends of the scale, and round values between them not too near either end."""
    step = next((s for s in NICE_STEPS if (high - low) / s <= 6), NICE_STEPS[-1])
    between = [
        float(value)
        for value in range(math.ceil(low / step) * step, math.floor(high) + 1, step)
        if min(abs(value - low), abs(high - value)) >= step / 2
    ]
    return [float(low), *between, float(high)]


def chart(measure: Measure, totals: Sequence[tuple[date, float]], *, ident: str = "") -> Chart:
    """The drawing of `totals` (each administration's date and total) for `measure`, oldest
    first whatever their order. `ident` keeps the ids of two charts on one page apart."""
    low, high = measure.total_min, measure.total_max
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return round(TOP + plot_height * (high - value) / (high - low), 1)

    ordered = sorted(totals, key=lambda pair: pair[0])
    start = ordered[0][0].toordinal() if ordered else 0
    span = (ordered[-1][0].toordinal() - start) if ordered else 0
    points = tuple(
        Point(
            on=on,
            total=total,
            x=round(
                LEFT + (plot_width * (on.toordinal() - start) / span if span else plot_width / 2), 1
            ),
            y=y_of(total),
            band=str(band.label) if (band := measure.band_of(total)) else "",
            caseness=measure.is_case(total),
        )
        for on, total in ordered
    )
    return Chart(
        measure=measure,
        ident=ident or f"measure-{measure.code}",
        points=points,
        ticks=tuple(Tick(value, y_of(value)) for value in _ticks(low, high)),
        cut_off_y=None if measure.cut_off is None else y_of(measure.cut_off),
    )
