from __future__ import annotations

import json

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from littleminds.core.api import InvalidInput
from littleminds.core.json_input import MAX_DEPTH, CheckedParser, load_json, nesting_depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('{"a": 1}', 1),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[", "{{{{"]', 1),
        (r'["\"[[[[", "\\", [[]]]', 3),
        ("[" * 100_000 + "]" * 100_000, 100_000),
        ("", 0),
    ],
)
def test_it_measures_nesting_without_decoding(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_it_takes_nesting_up_to_the_limit_and_refuses_more() -> None:
    allowed = "[" * MAX_DEPTH + "]" * MAX_DEPTH

    assert load_json(allowed.encode()) is not None
    with pytest.raises(InvalidInput) as refused:
        load_json(("[" + allowed + "]").encode())
    assert list(refused.value.errors) == ["body"]


def test_it_names_every_bad_piece_of_text_by_its_path() -> None:
    body = json.dumps({"a": ["ok", "\x00"], "b": {"c": "\ud800"}, "d\x00": 1, "e": "\U0001f600"})

    with pytest.raises(InvalidInput) as refused:
        load_json(body.encode())

    assert sorted(refused.value.errors) == ["a.1", "b.c", "d\ufffd"]


def test_a_whole_surrogate_pair_is_a_character_like_any_other() -> None:
    assert load_json(b'{"e": "\\ud83d\\ude00"}') == {"e": "\U0001f600"}


def test_text_that_is_not_json_is_a_value_error_as_json_loads_gives() -> None:
    with pytest.raises(json.JSONDecodeError):
        load_json(b"asker=parent")
    with pytest.raises(UnicodeDecodeError):
        load_json(b'{"a": "\xff"}')


def test_it_refuses_a_nul_in_a_query_string() -> None:
    request = RequestFactory().get("/api/")
    parser = CheckedParser()

    assert parser.parse_querydict(QueryDict("q=BD7"), [], request) == {"q": "BD7"}
    with pytest.raises(InvalidInput) as refused:
        parser.parse_querydict(QueryDict("q=BD7&q=a%00b"), ["q"], request)
    assert list(refused.value.errors) == ["q"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"a": NaN}', "NaN is not a number JSON allows"),
        (b'{"a": [Infinity]}', "Infinity is not a number JSON allows"),
        (b'{"a": 1e400}', "1e400 is too large a number"),
    ],
)
def test_it_refuses_numbers_json_does_not_have(body: bytes, message: str) -> None:
    # Before: Python's decoder took them, and a database refuses them as JSON.
    with pytest.raises(InvalidInput) as refused:
        load_json(body)

    assert refused.value.errors == {"body": message}


def test_it_takes_ordinary_numbers() -> None:
    assert load_json(b'{"a": 1.5e3, "b": -0.25, "c": 10}') == {"a": 1500.0, "b": -0.25, "c": 10}
