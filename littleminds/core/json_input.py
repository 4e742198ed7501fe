"""JSON bodies as the API reads them: refused before any app sees them when they are nested
too deeply, or hold text no database can keep (ADR 0020).

- Nesting is measured on the raw text, with the strings taken out by one regular expression,
  before `json.loads`: Python's decoder recurses, and a body of 100,000 brackets would
  exhaust the stack (RecursionError, a 500) long before the body size limit stops it.
- A lone surrogate (`"\\ud800"`: half of a UTF-16 pair) is valid JSON but not Unicode text:
  it cannot be encoded as UTF-8 for the database, a log or a hash. A NUL character is
  refused by PostgreSQL (and kept by SQLite). Both are refused wherever they appear, naming
  the field by its path (`concerns.1`, `entry.2.resource.name.0.text`).
- `NaN`, `Infinity` and `-Infinity` are not JSON, though Python's decoder takes them, and a
  number such as `1e400` is too large for any database's JSON: both are refused as the text
  is decoded (`decode_json`, which the Open Referral import uses too).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja.parser import Parser

from littleminds.core.api import InvalidInput

# FHIR Bundles, the deepest bodies the API takes, nest about 10 levels.
MAX_DEPTH = 32

# A JSON string, escapes included (the unrolled form, which never backtracks), and
# anything that is not a bracket.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_BAD_CHARACTER = re.compile("[\x00\ud800-\udfff]")
# In JSON text decoded strictly from bytes, a NUL or a surrogate can only come as an escape
# (a raw control character in a string is invalid JSON): without one, nothing need be walked.
_BAD_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


def nesting_depth(text: str) -> int:
    """How deeply the arrays and objects of JSON text nest, without decoding it."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, map(ord, brackets))), default=0)


class NotAJsonNumber(ValueError):
    """A number JSON does not have, or one too large to keep."""


def _constant(name: str) -> float:
    raise NotAJsonNumber(_("%(number)s is not a number JSON allows") % {"number": name})


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise NotAJsonNumber(_("%(number)s is too large a number") % {"number": text})
    return value


def decode_json(text: str) -> Any:
    """The value of JSON text, refusing before decoding text nested more deeply than
    `MAX_DEPTH` (InvalidInput), and, as it decodes, numbers JSON does not have or no
    database can keep (NotAJsonNumber). Broken JSON raises `json.JSONDecodeError`."""
    if nesting_depth(text) > MAX_DEPTH:
        raise InvalidInput(
            {
                "body": _("The JSON is nested too deeply: send no more than %(limit)s levels")
                % {"limit": MAX_DEPTH}
            }
        )
    return json.loads(text, parse_constant=_constant, parse_float=_finite)


def text_problem(text: str) -> str | None:
    """Why a piece of text cannot be taken, if it cannot."""
    found = _BAD_CHARACTER.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return _("This has a NUL character (\\u0000) in it: remove it")
    return _(
        "This has a broken character in it (a lone surrogate, such as \\ud800): "
        "send whole characters only"
    )


def _problems(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        if problem := text_problem(value):
            yield path or "body", problem
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, f"{path}.{index}" if path else str(index))
    elif isinstance(value, dict):
        for key, item in value.items():
            # The name itself may be the broken text: name it in characters that can be sent.
            name = _BAD_CHARACTER.sub("\ufffd", key)
            where = f"{path}.{name}" if path else name
            if problem := text_problem(key):
                yield where, problem
            else:
                yield from _problems(item, where)


def load_json(body: bytes) -> Any:
    """The value of a JSON body, or InvalidInput naming each problem by its path. Text that
    is not JSON at all raises ValueError, as `json.loads` does."""
    text = body.decode(json.detect_encoding(body), errors="strict")
    try:
        value = decode_json(text)
    except NotAJsonNumber as error:
        raise InvalidInput({"body": str(error)}) from error
    errors = dict(_problems(value, "")) if _BAD_ESCAPE.search(text) else {}
    if errors:
        raise InvalidInput(errors)
    return value


class CheckedParser(Parser):
    """django-ninja's parser, reading bodies with `load_json` and refusing a NUL character
    in a query string. (django-ninja reports any exception of `parse_body` as its own 400,
    keeping ours as the cause: the API's handler of that 400 gives our errors.)"""

    def parse_body(self, request: HttpRequest) -> Any:
        return load_json(request.body)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        errors = {
            key: problem
            for key, values in data.lists()
            for value in values
            if isinstance(value, str) and (problem := text_problem(value))
        }
        if errors:
            raise InvalidInput(errors)
        return super().parse_querydict(data, list_fields, request)
