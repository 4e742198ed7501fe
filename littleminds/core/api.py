"""What every app's JSON API shares: refusals reported by field, and how they are described.

Raise `InvalidInput({field: message})` from a handler; the project's API answers it with
400 and `{"errors": {field: message}}` (the `FieldErrors` schema), the JSON form of the NHS
error summary. Every other refusal of the API (401, 404, 429, …) has the same shape.

Each operation lists every status it can answer in its `response={…}` through
`described()`, so that `/api/openapi.json` tells a partner system all of them
(ADR 0021)."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from ninja.errors import HttpError

# What any operation may answer, whatever it does: a signed-in person who has not yet
# passed the second factor is refused every API call (401, by the second-factor gate),
# and the instance may be down for maintenance (503).
ANY_OPERATION = (401, 503)
# What any operation that reads a body may answer: the body is too large, or not JSON.
WITH_A_BODY = (413, 415)


class FieldErrors(Schema):
    errors: dict[str, str]


class InvalidInput(HttpError):
    def __init__(self, errors: dict[str, str], status_code: int = 400) -> None:
        super().__init__(status_code, "; ".join(errors.values()))
        self.errors = errors


def described(answers: dict[int, Any], *refusals: int, body: bool = False) -> dict[int, Any]:
    """An operation's `response={…}`: its answers, and `FieldErrors` for each refusal it
    makes itself and for those any operation (or any with a body) may meet."""
    common = ANY_OPERATION + (WITH_A_BODY if body else ())
    return {**dict.fromkeys((*refusals, *common), FieldErrors), **answers}
