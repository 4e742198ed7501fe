"""The chart of a measure over time: its SVG parsed, and its table."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest
from django.template.loader import render_to_string

from littleminds.measures.charts import BOTTOM, HEIGHT, TOP, Chart, chart
from littleminds.measures.definitions import measure_of

SVG = "{http://www.w3.org/2000/svg}"
TOTALS = [(date(2026, 6, 1), 7), (date(2026, 1, 5), 18), (date(2026, 3, 2), 12)]


def _parse(drawing: Chart) -> ElementTree.Element:
    return ElementTree.fromstring(str(drawing.svg()))


def test_it_draws_each_total_oldest_first() -> None:
    root = _parse(chart(measure_of("phq9"), TOTALS))

    circles = root.findall(f".//{SVG}circle")
    assert [c.find(f"{SVG}title").text for c in circles] == [  # type: ignore[union-attr]
        "5 January 2026: 18 (moderately severe)",
        "2 March 2026: 12 (moderate)",
        "1 June 2026: 7 (mild)",
    ]
    xs = [float(c.get("cx", "")) for c in circles]
    assert xs == sorted(xs)
    # Lower is better: the higher total is drawn higher up (a smaller y).
    ys = [float(c.get("cy", "")) for c in circles]
    assert ys[0] < ys[1] < ys[2]
    assert len(root.findall(f".//{SVG}polyline")) == 1


def test_it_is_named_and_described_for_screen_readers() -> None:
    root = _parse(chart(measure_of("phq9"), TOTALS, ident="case-phq9"))

    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == "case-phq9-title case-phq9-desc"
    assert (title.get("id"), desc.get("id")) == ("case-phq9-title", "case-phq9-desc")  # type: ignore[union-attr]
    assert title.text == "PHQ-9 over time"  # type: ignore[union-attr]
    assert desc.text == (  # type: ignore[union-attr]
        "3 totals from 5 January 2026 to 1 June 2026: the first 18, the latest 7. "
        "Lower is better. The dashed line marks the cut-off, 10. The table gives every total."
    )


def test_its_scale_runs_from_the_lowest_total_to_the_highest() -> None:
    root = _parse(chart(measure_of("phq9"), TOTALS))

    ticks = root.findall(f".//{SVG}g[@class='lm-measure-chart__ticks']/{SVG}text")
    assert [t.text for t in ticks] == ["0", "5", "10", "15", "20", "27"]


def test_it_marks_the_cut_off_where_it_falls() -> None:
    root = _parse(chart(measure_of("phq9"), TOTALS))

    group = root.find(f".//{SVG}g[@class='lm-measure-chart__cut-off']")
    assert group is not None
    line = group.find(f"{SVG}line")
    plot = HEIGHT - TOP - BOTTOM
    assert float(line.get("y1", "")) == pytest.approx(TOP + plot * (27 - 10) / 27, abs=0.1)  # type: ignore[union-attr]
    assert line.get("stroke-dasharray")  # type: ignore[union-attr]
    assert group.find(f"{SVG}text").text == "Cut-off 10"  # type: ignore[union-attr]


def test_a_measure_without_a_cut_off_has_no_line() -> None:
    root = _parse(
        chart(measure_of("swemwbs"), [(date(2026, 1, 5), 17.43), (date(2026, 4, 5), 20.73)])
    )

    assert root.find(f".//{SVG}g[@class='lm-measure-chart__cut-off']") is None
    assert "Higher is better." in root.find(f"{SVG}desc").text  # type: ignore[union-attr, operator]
    ticks = [t.text for t in root.findall(f".//{SVG}g[@class='lm-measure-chart__ticks']/{SVG}text")]
    assert (ticks[0], ticks[-1]) == ("7", "35")


def test_higher_is_better_draws_the_better_total_higher() -> None:
    root = _parse(chart(measure_of("pirgas"), [(date(2026, 1, 5), 30), (date(2026, 4, 5), 70)]))

    first, last = root.findall(f".//{SVG}circle")
    assert float(last.get("cy", "")) < float(first.get("cy", ""))


def test_one_total_is_drawn_in_the_middle() -> None:
    drawing = chart(measure_of("gad7"), [(date(2026, 1, 5), 9)])
    root = _parse(drawing)

    (circle,) = root.findall(f".//{SVG}circle")
    assert float(circle.get("cx", "")) == pytest.approx((drawing.left + drawing.right_edge) / 2)
    assert root.find(f"{SVG}desc").text.startswith("One total: 9 on 5 January 2026.")  # type: ignore[union-attr]


def test_no_totals_is_an_empty_chart() -> None:
    root = _parse(chart(measure_of("gbo"), []))

    assert root.findall(f".//{SVG}circle") == []
    assert root.find(f"{SVG}desc").text.startswith("No totals recorded yet.")  # type: ignore[union-attr]


def test_its_table_gives_every_total() -> None:
    drawing = chart(measure_of("phq9"), TOTALS, ident="case-phq9")

    html = render_to_string("measures/_chart_table.html", {"chart": drawing})

    table = ElementTree.fromstring(html)
    assert table.get("id") == "case-phq9-table"
    headings = [th.text for th in table.iter("th")]
    assert headings == ["Date", "Total", "Band", "10 or more (the cut-off)"]
    rows = [["".join(td.itertext()) for td in tr.iter("td")] for tr in table.find("tbody")]  # type: ignore[union-attr]
    assert rows == [
        [
            "Date 5 January 2026",
            "Total 18",
            "Band Moderately severe",
            "10 or more (the cut-off) Yes",
        ],
        ["Date 2 March 2026", "Total 12", "Band Moderate", "10 or more (the cut-off) Yes"],
        ["Date 1 June 2026", "Total 7", "Band Mild", "10 or more (the cut-off) No"],
    ]


def test_a_table_without_bands_or_cut_off_leaves_those_columns_out() -> None:
    drawing = chart(measure_of("gbo"), [(date(2026, 1, 5), 3.67)])

    table = ElementTree.fromstring(
        render_to_string("measures/_chart_table.html", {"chart": drawing})
    )

    assert [th.text for th in table.iter("th")] == ["Date", "Total"]
