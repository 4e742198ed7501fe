"""The vendored Open Referral UK schemas (`schemas/`), and validators built from them.

The schemas are read from this package, never from the shared standards folder, so an
installed instance validates against exactly the files it was released with. They are
JSON Schema 2020-12 without `$id`s; each is registered under its upstream address, which is
also how the API description (`openapi.json`) refers to them.
"""

from __future__ import annotations

import copy
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
SERVICE_AT_LOCATION = "compiled/service_at_location.json"
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


# What this API accepts, as the description says it (the forms in `forms.py` check them).
_PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "page": {"type": "integer", "minimum": 1, "maximum": 1_000_000_000, "default": 1},
    "per_page": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    "minimum_age": {"type": "integer", "minimum": 0, "maximum": 150},
    "maximum_age": {"type": "integer", "minimum": 1, "maximum": 150},
    "proximity": {"type": "integer", "minimum": 1, "maximum": 100_000},
    "taxonomy_term_id": {"type": "string", "format": "uuid"},
    "search": {"type": "string", "maxLength": 200},
    "postcode": {"type": "string", "maxLength": 10},
    # The standard says "type": "time", which is no JSON Schema type.
    "start_time": {"type": "string", "format": "time"},
    "end_time": {"type": "string", "format": "time"},
}
_ERRORS: dict[str, Any] = {
    "type": "object",
    "description": "Why the request was refused: a message for each parameter at fault.",
    "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"}}},
    "required": ["errors"],
    "additionalProperties": False,
}


def _refusal(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }


def _bundled(value: Any) -> Any:
    """`value` with each reference to a schema of the standard pointing into the document's
    own `components.schemas`, named after the file (`compiled/service.json`: `service`)."""
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and ref.startswith(BASE_URI):
            return {**value, "$ref": "#/components/schemas/" + _component(ref[len(BASE_URI) :])}
        if isinstance(ref, str) and ref.endswith(".json"):  # between the standard's files
            return {**value, "$ref": "#/components/schemas/" + _component(ref)}
        return {key: _bundled(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_bundled(item) for item in value]
    return value


def _component(name: str) -> str:
    return Path(name).stem


@cache
def _description() -> str:
    described: dict[str, Any] = copy.deepcopy(schema(OPENAPI))
    # The file declares OpenAPI 3.0.0 but uses 3.1's `jsonSchemaDialect`, and its schemas
    # are JSON Schema 2020-12, which is 3.1's own.
    described["openapi"] = "3.1.0"
    described["info"]["description"] = (
        "The Open Referral UK profile's API as Little Minds answers it: the profile's own "
        "description with its errors put right (a valid OpenAPI 3.1 document), the "
        "standard's schemas included, the bounds of each parameter this API accepts, and "
        'its refusals, which are always {"errors": {parameter: message}}.'
    )
    described["servers"] = [{"url": "/openreferral"}]
    # The standard refers the full service at a location to the schema of a service.
    by_id = described["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    by_id["content"]["application/json"]["schema"] = {"$ref": BASE_URI + SERVICE_AT_LOCATION}
    parameters = described["components"]["parameters"]
    for name, wanted in _PARAMETER_SCHEMAS.items():
        parameters[name]["schema"] = wanted
    for path, item in described["paths"].items():
        responses = item["get"]["responses"]
        if "{id}" in path:
            responses["404"] = _refusal("Nothing has this id.")
        elif path != "/":
            responses["400"] = _refusal("A parameter is not one this API accepts.")
        responses["503"] = _refusal("The directory is down for maintenance; try again later.")
    text = json.dumps(described)
    referred = {name for name in _names() if BASE_URI + name in text and name != OPENAPI}
    if TAXONOMY in referred:
        referred.add(TAXONOMY_TERM)  # its terms
    described = _bundled(described)
    described["components"]["schemas"]["Errors"] = _ERRORS
    for name in sorted(referred):
        described["components"]["schemas"][_component(name)] = _bundled(schema(name))
    return json.dumps(described)


def api_description() -> dict[str, Any]:
    """The description of the Open Referral API served at /openreferral/openapi.json: the
    vendored `openapi.json`, which is left as the standard published it, corrected and
    completed (ADR 0021)."""
    loaded: dict[str, Any] = json.loads(_description())
    return loaded
