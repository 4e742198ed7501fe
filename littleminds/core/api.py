"""What every app's JSON API shares: bad input reported by field.

Raise `InvalidInput({field: message})` from a handler; the project's API answers it with
400 and `{"errors": {field: message}}` (the `FieldErrors` schema), the JSON form of the NHS
error summary."""

from __future__ import annotations

from ninja import Schema
from ninja.errors import HttpError


class FieldErrors(Schema):
    errors: dict[str, str]


class InvalidInput(HttpError):
    def __init__(self, errors: dict[str, str], status_code: int = 400) -> None:
        super().__init__(status_code, "; ".join(errors.values()))
        self.errors = errors
