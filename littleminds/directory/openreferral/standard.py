"""The vendored Open Referral UK schemas (`schemas/`), and validators built from them.

The schemas are read from this package, never from the shared standards folder, so an
installed instance validates against exactly the files it was released with. They are
JSON Schema 2020-12 without `$id`s; each is registered under its upstream address, which is
also how the API description (`openapi.json`) refers to them.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
BASE_URI = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"

# The Page fields of every paginated response (openapi.json, components.schemas.Page).
PAGE_FIELDS = [
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
]

SERVICE = "compiled/service.json"
SERVICE_LIST = "compiled/service_list.json"
SERVICE_AT_LOCATION_LIST = "compiled/service_at_location_list.json"
ORGANIZATION = "compiled/organization.json"
TAXONOMY = "taxonomy.json"
TAXONOMY_TERM = "taxonomy_term.json"
OPENAPI = "openapi.json"


def _names() -> list[str]:
    return [
        path.relative_to(SCHEMA_DIR).as_posix()
        for path in sorted(SCHEMA_DIR.rglob("*.json"))
        if path.is_file()
    ]


@cache
def schema_text(name: str) -> str:
    if name not in _names():
        raise KeyError(name)
    return (SCHEMA_DIR / name).read_text(encoding="utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@cache
def _registry() -> Registry:
    resources = [
        (BASE_URI + name, Resource.from_contents(schema(name), default_specification=DRAFT202012))
        for name in _names()
    ]
    return Registry().with_resources(resources)


def _validator(wrapper: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(
        wrapper, registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for one object of the standard: `validator(SERVICE)`. Formats are
    checked where jsonschema can check them without extra packages (uuid and email)."""
    return _validator({"$ref": BASE_URI + name})


@cache
def page_validator(item: str, *, strict: bool = True) -> Draft202012Validator:
    """A validator for a paginated response whose `contents` are `item`s. Strict pages
    (what the API answers) must carry every Page field; a page being imported need only
    carry its contents."""
    wrapper: dict[str, Any] = {
        "type": "object",
        "allOf": [{"$ref": BASE_URI + OPENAPI + "#/components/schemas/Page"}],
        "properties": {"contents": {"type": "array", "items": {"$ref": BASE_URI + item}}},
        "required": [*PAGE_FIELDS, "contents"] if strict else ["contents"],
    }
    return _validator(wrapper)
