"""The API documentation at `/api/docs`: the OpenAPI description drawn on the server as an
NHS.UK page, like every other page of the site.

django-ninja's own renderers (Swagger UI, Redoc) draw the page in the browser with a large
script: slow to load, outside the design system, failing axe-core (no `lang`, contrast,
nested controls, small targets) and, for Redoc, needing inline style, which the
Content-Security-Policy forbids. Partner systems read `/api/openapi.json` itself; people
read this page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.openapi.docs import DocsBase

if TYPE_CHECKING:
    from ninja import NinjaAPI

METHODS = ("get", "put", "post", "patch", "delete")
REF = "#/components/schemas/"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    description: str
    schema: str = ""  # the schema it refers to, if any, to link to


@dataclass(frozen=True)
class Answer:
    status: str
    description: str
    schema: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field]
    body_media: str
    body_schema: str
    body_required: bool
    answers: list[Answer]

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", f"{self.method} {self.path}".lower()).strip("-")


@dataclass(frozen=True)
class Schema:
    name: str
    description: str
    fields: list[Field] = field(default_factory=list)
    example: str = ""


def type_of(schema: dict[str, Any]) -> str:
    """A schema's type in words: `string (date) or null`, `list of string`, a schema's name."""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return _(" or ").join(type_of(option) for option in schema[key])
    if "enum" in schema:
        return _("one of %(values)s") % {"values": ", ".join(map(str, schema["enum"]))}
    kind = schema.get("type", "")
    if isinstance(kind, list):
        return _(" or ").join(map(str, kind))
    if kind == "array":
        return _("list of %(type)s") % {"type": type_of(schema.get("items", {}))}
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        values = type_of(extra) if isinstance(extra, dict) else _("anything")
        return _("object of %(type)s") % {"type": values}
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind) or _("anything")


def referred(schema: dict[str, Any]) -> str:
    """The name of the first schema this one refers to, to link to."""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(REF)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            if name := referred(option):
                return name
    if "items" in schema:
        return referred(schema["items"])
    return ""


def _schema_of(content: dict[str, Any]) -> tuple[str, str]:
    """The media type and schema name of a body or an answer."""
    for media, body in content.items():
        schema = body.get("schema", {})
        return media, referred(schema) or type_of(schema)
    return "", ""


def _operation(path: str, method: str, spec: dict[str, Any]) -> Operation:
    parameters = [
        Field(
            name=f"{parameter['name']} ({parameter['in']})",
            type=type_of(parameter.get("schema", {})),
            required=bool(parameter.get("required")),
            description=parameter.get("description", ""),
        )
        for parameter in spec.get("parameters", [])
    ]
    body = spec.get("requestBody", {})
    media, body_schema = _schema_of(body.get("content", {}))
    answers = [
        Answer(str(status), answer.get("description", ""), _schema_of(answer.get("content", {}))[1])
        for status, answer in sorted(spec.get("responses", {}).items(), key=lambda a: str(a[0]))
    ]
    return Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        parameters=parameters,
        body_media=media,
        body_schema=body_schema,
        body_required=bool(body.get("required")),
        answers=answers,
    )


def _schema(name: str, spec: dict[str, Any]) -> Schema:

    required = set(spec.get("required", []))
    fields = [
        Field(
            name=field_name,
            type=type_of(field_spec),
            required=field_name in required,
            description=field_spec.get("description", ""),
            schema=referred(field_spec),
        )
        for field_name, field_spec in spec.get("properties", {}).items()
    ]
    examples = spec.get("examples", [])
    example = json.dumps(examples[0], indent=2, ensure_ascii=False) if examples else ""
    return Schema(name, spec.get("description", ""), fields, example)


def describe(schema: dict[str, Any]) -> dict[str, Any]:
    """The page's content from an OpenAPI description."""
    operations = [
        _operation(path, method, spec)
        for path, methods in schema.get("paths", {}).items()
        for method, spec in methods.items()
        if method in METHODS
    ]
    schemas = [
        _schema(name, spec)
        for name, spec in sorted(schema.get("components", {}).get("schemas", {}).items())
    ]
    return {"info": schema.get("info", {}), "operations": operations, "schemas": schemas}


class ApiDocsPage(DocsBase):
    """django-ninja's `docs=`: the description as a page of the site."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        description = api.get_openapi_schema(path_params=kwargs)
        context = {**describe(description), "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "core/api_docs.html", context)
