"""No API answer, chart, page or source file carries the wording of EPDS or PIR-GAS, whose
licences keep it off the platform (DOMAIN.md §8).

The test cannot hold the wording either, so it holds only SHA-256 digests of distinctive
phrases of the EPDS items and the PIR-GAS anchor descriptions (the first 20 hex digits of
each, the phrase in lower case, words joined by one space), and looks for any run of words
in the text whose digest is one of them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client

from littleminds.measures.charts import chart
from littleminds.measures.definitions import measure_of

pytestmark = pytest.mark.django_db

# Phrase length in words, and digest.
LICENSED_PHRASES = {
    (3, "76c0d715bfa6d27b14be"),
    (4, "bcd03fc056578e5959b4"),
    (3, "cca80314e89fd9ffbc18"),
    (5, "4363fc3f9d5504df9905"),
    (3, "f07428a073311524a01c"),
    (5, "402a347acdc104a10e17"),
    (3, "b7cd8df8efffe1b8f4fa"),
    (3, "d773dcf4341e7bff554e"),
    (4, "9ea66710c17d7fbec549"),
    (2, "1934dc0a4d14ee34c1e4"),
    (2, "a0e168e509a4fd332b8c"),
    (2, "9c489ccf09378ed3aec0"),
    (2, "367fce162065231f14c5"),
    (2, "f92d49faf677ba21bee0"),
}
ROOT = Path(__file__).resolve().parents[3]


def _digest(words: Iterable[str]) -> str:
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:20]


def licensed_phrases_in(text: str, phrases: set[tuple[int, str]] = LICENSED_PHRASES) -> int:
    words = re.findall(r"[a-z]+", text.lower())
    lengths = {length for length, _digest_ in phrases}
    return sum(
        (length, _digest(words[start : start + length])) in phrases
        for length in lengths
        for start in range(len(words) - length + 1)
    )


def test_the_search_finds_a_phrase_it_is_given() -> None:
    canary = {(3, _digest(["little", "minds", "matter"]))}

    assert licensed_phrases_in("The evaluation of Little Minds -- Matter!", canary) == 1
    assert licensed_phrases_in("Little Minds matters", canary) == 0


def _answers() -> list[str]:
    client = Client()

    def post(path: str, body: dict[str, object]) -> str:
        response = client.post(path, json.dumps(body), content_type="application/json")
        return response.content.decode()

    texts = [
        client.get("/api/measures").content.decode(),
        client.get("/api/openapi.json").content.decode(),
    ]
    for code, items, totals in (("epds", [3] * 10, (20, 9)), ("pirgas", [35], (30, 60))):
        for answers in (items, [9] * 12, ["x"]):
            texts.append(post(f"/api/measures/{code}/score", {"items": answers}))
        for first, last in (totals, (-1, "x")):
            texts.append(post(f"/api/measures/{code}/change", {"first": first, "last": last}))
    return texts


def test_no_api_answer_carries_epds_or_pirgas_wording(settings: Any) -> None:
    settings.RATE_LIMITS_ENABLED = False
    texts = _answers()

    assert all(text for text in texts)
    assert sum(licensed_phrases_in(text) for text in texts) == 0


@pytest.mark.parametrize("code", ["epds", "pirgas"])
def test_no_chart_or_table_carries_their_wording(code: str) -> None:
    measure = measure_of(code)
    drawing = chart(
        measure, [(date(2026, 1, 5), measure.total_min), (date(2026, 3, 2), measure.total_max)]
    )

    text = str(drawing.svg()) + render_to_string("measures/_chart_table.html", {"chart": drawing})

    assert licensed_phrases_in(text) == 0


def test_no_source_file_or_page_carries_their_wording() -> None:
    files = [
        path
        for folder in ("littleminds", "docs", "bench")
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".md", ".po", ".json", ".svg", ".mjs", ".js"}
        and "node_modules" not in path.parts
        and "static" not in path.parts
    ]

    found = [path for path in files if licensed_phrases_in(path.read_text(errors="replace"))]

    assert len(files) > 100
    assert found == []
