"""Importing Open Referral documents into the directory.

`import_document` takes one document in any of three shapes: a single service (the UK
profile, or HSDS 3.0 international with its extra fields), a page of services (an object
with `contents`, as GET /services and `littleminds directory export` give), or an
organisation with its services (an object with `services`).

It is all or nothing. The whole document is checked first, against the vendored schemas
and then against what the directory needs, and every problem is reported with its JSON
path (`$.contents[3].minimum_age`). Only a document with no problems is written, in one
transaction, through the directory's own services (so every change has its revision and
audit event); a problem found while writing undoes everything written before it.

What a foreign record does not say is filled in plainly and can be corrected afterwards:
the remit is taken from the description, the boundaries are a sentence saying they were not
given, the ring is "universal", and ages in years become months (years × 12). Our own
export carries a `littleminds` extension object with the exact values (ADR 0007); an import
prefers it, then the "Little Minds eligibility" attributes, then the years.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_slug
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from littleminds.accounts.models import Organisation
from littleminds.accounts.services import organisation_create
from littleminds.audit.services import audit_record
from littleminds.core.postcodes import InvalidPostcode, parse_postcode
from littleminds.directory.models import (
    LANGUAGE_NAMES,
    AccessMethod,
    Area,
    ImportedDocument,
    LinkKind,
    NeedTerm,
    Ring,
    Service,
    ServiceLink,
    Taxonomy,
)
from littleminds.directory.openreferral import standard
from littleminds.directory.openreferral.serialise import (
    AREA_URI,
    DELIVERY,
    ELIGIBILITY_BY_CODE,
    ELIGIBILITY_LINK,
    EXTENSION,
    MINIMUM_MONTHS,
    NEED_LINK,
    PREGNANCY,
    years_from_months,
)
from littleminds.directory.selectors import needs_taxonomy
from littleminds.directory.services import (
    AccessFields,
    LocationFields,
    ServiceFields,
    area_create,
    coverage_add,
    link_add,
    need_save,
    service_create,
    service_update,
)

if TYPE_CHECKING:
    from jsonschema import ValidationError as SchemaError

    from littleminds.accounts.models import User

SHAPE_SERVICE = "service"
SHAPE_LIST = "service_list"
SHAPE_ORGANISATION = "organization"

PROFILE_LITTLEMINDS = "littleminds"
PROFILE_HSDS = "hsds-3.0"
PROFILE_UK = "uk-profile"

NOT_GIVEN = "Not given in the imported record."

STATUSES = {
    "active": Service.Status.ACTIVE,
    "temporarily closed": Service.Status.TEMPORARILY_CLOSED,
    # HSDS's "inactive" may become active again, which is what temporarily closed means here.
    "inactive": Service.Status.TEMPORARILY_CLOSED,
    "defunct": Service.Status.DECOMMISSIONED,
}

# Fields of an HSDS 3.0 service that the UK profile does not have: their presence tells an
# international record from a UK one.
_HSDS_ONLY = {
    "alternate_name",
    "application_process",
    "eligibility_description",
    "fees_description",
    "interpretation_services",
    "licenses",
    "phones",
    "program",
    "program_id",
    "requirements",
    "wait_time",
}
# The largest number the directory's month and week fields (PositiveSmallIntegerField) hold.
_MAX_SMALL = 32767
_MAX_YEARS = 150
_WAIT = re.compile(r"(\d+)\s*weeks?\b", re.IGNORECASE)
_LANGUAGE_BY_NAME = {str(name).lower(): code for code, name in LANGUAGE_NAMES.items()}


class InvalidDocument(Exception):
    """The document cannot be imported. `errors` holds every problem as (JSON path,
    message), in the order of the document."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("\n".join(f"{path}: {message}" for path, message in errors))


@dataclass
class ImportResult:
    document: ImportedDocument
    shape: str
    profile: str
    added: list[Service] = field(default_factory=list)
    updated: list[Service] = field(default_factory=list)
    # Things imported as well as could be, with the path they concern: an area created
    # with no postcodes, a language the directory does not list, an attribute left out.
    warnings: list[tuple[str, str]] = field(default_factory=list)


# What the document asks for, read and checked before anything is written ----------------


@dataclass
class _OrganisationRef:
    path: str
    code: uuid.UUID | None
    name: str
    description: str = ""
    website: str = ""
    found: Organisation | None = None


@dataclass
class _AreaRef:
    path: str
    code: uuid.UUID | None
    key: str
    name: str
    description: str
    # (prefix, from, until, ONS code) from our own extension, for an area created anew.
    coverage: list[tuple[str, date, date | None, str]] = field(default_factory=list)
    found: Area | None = None

    @property
    def identity(self) -> str:
        """What makes two mentions in one document the same new area."""
        return self.key or self.name.lower()


@dataclass
class _NeedRef:
    path: str
    code: uuid.UUID | None
    term: str
    name: str
    description: str
    taxonomy_code: uuid.UUID | None
    found: NeedTerm | None = None


@dataclass
class _Plan:
    """One service of the document, ready to become ServiceFields."""

    path: str
    code: uuid.UUID
    profile: str
    organisation: _OrganisationRef | None
    organisation_code: uuid.UUID | None
    values: dict[str, Any]
    areas: list[_AreaRef]
    needs: list[_NeedRef]
    access: list[AccessFields]
    locations: list[LocationFields]
    # (kind, target service id, note, path) from our extension: made once every service is in.
    links: list[tuple[str, uuid.UUID, str, str]] = field(default_factory=list)


def _at(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"


def _uuid(value: Any) -> uuid.UUID | None:
    if not isinstance(value, str):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    return value.strip() if isinstance(value, str) else ""


def _objects(obj: dict[str, Any], key: str) -> Iterable[tuple[int, dict[str, Any]]]:
    """The objects of a list field, with their positions; anything else the schema has
    already reported."""
    items = obj.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


class _Reader:
    """Reads a document into plans, collecting every problem rather than stopping at the
    first, so that whoever fixes the feed sees them all at once."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.plans: list[_Plan] = []
        self._ids: dict[uuid.UUID, str] = {}

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append((path, message))

    # Small checks ------------------------------------------------------------------------

    def _limited(self, path: str, text: str, limit: int) -> str:
        if len(text) > limit:
            self.error(path, _("This must be at most %(count)d characters.") % {"count": limit})
        return text

    def _email(self, path: str, text: str) -> str:
        if text:
            try:
                validate_email(text)
            except ValidationError:
                self.error(
                    path,
                    _("This must be an email address, not %(given)s.") % {"given": _shown(text)},
                )
        return text

    def _url(self, path: str, text: str, *, standard: bool = False) -> str:
        """A web address. In a field of the standard, whose schema takes any text, one that
        is not an address is left out with a warning; in our extension it is a problem."""
        if text:
            try:
                URLValidator()(text)
            except ValidationError:
                if standard:
                    self.warn(
                        path,
                        _("%(given)s is not a web address, so it was left out.")
                        % {"given": _shown(text)},
                    )
                    return ""
                self.error(
                    path, _("This must be a web address, not %(given)s.") % {"given": _shown(text)}
                )
            self._limited(path, text, 200)
        return text

    def _count(self, path: str, value: Any, limit: int) -> int | None:
        """A whole number from 0 to `limit`, or None; anything else is a problem."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
            self.error(
                path,
                _("This must be a whole number from 0 to %(limit)d, not %(given)s.")
                % {"limit": limit, "given": _shown(value)},
            )
            return None
        return value

    def _years(self, path: str, value: Any) -> int | None:
        """Years as months. Open Referral's ages are numbers, so a half year is 6 months."""
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            return None  # Absent, or the schema has reported its type.
        if not 0 <= value <= _MAX_YEARS:
            # The schema takes any number: the record is kept without this age.
            self.warn(
                path,
                _(
                    "The age %(given)s is not one a service can have (from 0 to %(limit)d "
                    "years), so it was left out."
                )
                % {"given": _number(value), "limit": _MAX_YEARS},
            )
            return None
        return round(value * 12)

    # The document ------------------------------------------------------------------------

    def read(self, data: dict[str, Any], shape: str) -> None:
        if shape == SHAPE_SERVICE:
            self._service(data, "$", None)
        elif shape == SHAPE_LIST:
            for i, item in _objects(data, "contents"):
                self._service(item, _at("$.contents", i), None)
        else:
            parent = self._organisation(data, "$")
            for i, item in _objects(data, "services"):
                self._service(item, _at("$.services", i), parent)

    def _organisation(self, obj: dict[str, Any], path: str) -> _OrganisationRef:
        name = self._limited(_at(path, "name"), _text(obj, "name"), 200)
        if not name and isinstance(obj.get("name"), str):
            self.error(_at(path, "name"), _("Give the organisation a name."))
        return _OrganisationRef(
            path=path,
            code=_uuid(obj.get("id")),
            name=name,
            description=_text(obj, "description"),
            website=self._url(_at(path, "website"), _text(obj, "website"), standard=True),
        )

    def _service(self, obj: dict[str, Any], path: str, parent: _OrganisationRef | None) -> None:
        # Without a UUID (the schema has said so) the rest is still checked, so that every
        # problem is reported at once, but nothing is planned for it.
        code = _uuid(obj.get("id"))
        if code is not None and code in self._ids:
            self.error(
                _at(path, "id"),
                _("Another service in the document has this id (%(path)s).")
                % {"path": self._ids[code]},
            )
            code = None
        elif code is not None:
            self._ids[code] = path

        name = self._limited(_at(path, "name"), _text(obj, "name"), 200)
        if not name and isinstance(obj.get("name"), str):
            self.error(_at(path, "name"), _("Give the service a name."))

        extension = obj.get(EXTENSION)
        if extension is not None and not isinstance(extension, dict):
            self.error(_at(path, EXTENSION), _("This must be an object."))
            extension = None
        ext_path = _at(path, EXTENSION)
        if extension is not None:
            profile = PROFILE_LITTLEMINDS
        elif _HSDS_ONLY & obj.keys() or any(
            "code" in item or "name" in item for _i, item in _objects(obj, "languages")
        ):
            profile = PROFILE_HSDS
        else:
            profile = PROFILE_UK

        organisation = parent
        organisation_code = _uuid(obj.get("organization_id"))
        if parent is None and isinstance(obj.get("organization"), dict):
            organisation = self._organisation(obj["organization"], _at(path, "organization"))
        if organisation is None and organisation_code is None:
            self.error(
                _at(path, "organization_id"),
                _("Say which organisation provides the service (organization_id or organization)."),
            )

        values: dict[str, Any] = {"name": name}
        values["status"] = STATUSES.get(_text(obj, "status"), Service.Status.ACTIVE)
        values["email"] = self._limited(
            _at(path, "email"), self._email(_at(path, "email"), _text(obj, "email")), 254
        )
        values["url"] = self._url(_at(path, "url"), _text(obj, "url"), standard=True)
        values["languages"] = self._languages(obj, path)

        attributes = list(_objects(obj, "attributes"))
        eligibility = self._eligibility(attributes, path)
        needs = self._needs(attributes, path)

        if extension is not None:
            self._from_extension(obj, extension, ext_path, values)
        else:
            self._from_record(obj, path, values, eligibility)
        self._ages_in_order(path, values, extension is not None)

        areas = self._areas(obj, path)
        access = self._access(extension, ext_path) if extension is not None else []
        links = self._links(extension, ext_path) if extension is not None else []
        locations = self._locations(obj, path, name)
        if code is None:
            return
        self.plans.append(
            _Plan(
                path=path,
                code=code,
                profile=profile,
                organisation=organisation,
                organisation_code=organisation_code if parent is None else parent.code,
                values=values,
                areas=areas,
                needs=needs,
                access=access,
                locations=locations,
                links=links,
            )
        )

    def _links(self, ext: dict[str, Any], path: str) -> list[tuple[str, uuid.UUID, str, str]]:
        found = []
        for i, link in _objects(ext, "links"):
            where = _at(_at(path, "links"), i)
            kind, target = _text(link, "kind"), _uuid(link.get("target"))
            if kind not in LinkKind.values:
                self.error(_at(where, "kind"), _("This is not a kind of link the directory knows."))
            elif target is None:
                self.error(_at(where, "target"), _("Give the other service's id, a UUID."))
            else:
                found.append((kind, target, _text(link, "note"), where))
        return found

    # Our extension, or what a foreign record says ----------------------------------------

    def _required_text(self, ext: dict[str, Any], path: str, key: str, limit: int) -> str:
        value = ext.get(key)
        if not isinstance(value, str) or not value.strip():
            self.error(_at(path, key), _("This must be text, and not empty."))
            return ""
        return self._limited(_at(path, key), value.strip(), limit)

    def _from_extension(
        self, obj: dict[str, Any], ext: dict[str, Any], path: str, values: dict[str, Any]
    ) -> None:
        summary = self._required_text(ext, path, "summary", 300)
        given = obj.get("description")
        text = given if isinstance(given, str) else ""
        # The published description is the summary, a blank line and the description.
        if text.strip() == summary:
            description = ""
        elif text.startswith(summary + "\n\n"):
            description = text[len(summary) + 2 :]
        else:
            description = text
        values.update(
            summary=summary,
            description=description.strip(),
            remit=self._required_text(ext, path, "remit", 100_000),
            boundaries=self._required_text(ext, path, "boundaries", 100_000),
        )
        ring = ext.get("ring")
        if ring not in Ring.values:
            self.error(
                _at(path, "ring"),
                _("This must be one of: %(values)s.") % {"values": ", ".join(Ring.values)},
            )
        values["ring"] = ring if ring in Ring.values else Ring.UNIVERSAL
        low = self._count(
            _at(path, "minimum_age_months"), ext.get("minimum_age_months"), _MAX_SMALL
        )
        high = self._count(
            _at(path, "maximum_age_months"), ext.get("maximum_age_months"), _MAX_SMALL
        )
        values["min_age_months"], values["max_age_months"] = low, high
        self._years_agree(obj, path, low, high)
        pregnancy = ext.get("pregnancy", False)
        if not isinstance(pregnancy, bool):
            self.error(_at(path, "pregnancy"), _("This must be true or false."))
        values["pregnancy"] = pregnancy is True
        delivery = ext.get("delivery", [])
        if not isinstance(delivery, list) or any(way not in DELIVERY for way in delivery):
            self.error(
                _at(path, "delivery"),
                _("This must be a list of: %(values)s.") % {"values": ", ".join(DELIVERY)},
            )
            delivery = []
        for way in DELIVERY:
            values[way] = way in delivery
        values["wait_weeks"] = self._count(
            _at(path, "wait_weeks"), ext.get("wait_weeks"), _MAX_SMALL
        )
        phone = ext.get("phone", "")
        if not isinstance(phone, str):
            self.error(_at(path, "phone"), _("This must be text."))
            phone = ""
        values["phone"] = self._limited(_at(path, "phone"), phone.strip(), 40)

    def _years_agree(
        self, obj: dict[str, Any], path: str, low: int | None, high: int | None
    ) -> None:
        """Someone may have changed the years and kept our extension: say which won."""
        years = years_from_months(low, high)
        for key, published in zip(("minimum_age", "maximum_age"), years, strict=True):
            given = obj.get(key)
            if (
                isinstance(given, int | float)
                and not isinstance(given, bool)
                and given != published
            ):
                self.warn(
                    _at(path.removesuffix("." + EXTENSION), key),
                    _("This disagrees with the months in %(path)s; the months were kept.")
                    % {"path": path},
                )

    def _from_record(
        self,
        obj: dict[str, Any],
        path: str,
        values: dict[str, Any],
        eligibility: dict[str, Any],
    ) -> None:
        text = _text(obj, "description")
        first, _blank, rest = text.partition("\n\n")
        first = " ".join(first.split())
        if not first:
            summary, description = values["name"][:300], ""
        elif len(first) <= 300:
            summary, description = first, rest.strip()
        else:
            summary, description = first[:299].rsplit(" ", 1)[0] + "…", text
        who = _text(obj, "eligibility_description")
        values.update(
            summary=summary,
            description=description,
            remit="\n\n".join(part for part in (text, who) if part) or NOT_GIVEN,
            boundaries=NOT_GIVEN,
            ring=Ring.UNIVERSAL,
            pregnancy=bool(eligibility.get("pregnancy")),
            in_person=True,
            online=any(
                isinstance(sal.get("location"), dict)
                and sal["location"].get("location_type") == "virtual"
                for _i, sal in _objects(obj, "service_at_locations")
            ),
            telephone=False,
        )
        for months, key in (("min_age_months", "minimum_age"), ("max_age_months", "maximum_age")):
            if months in eligibility:
                values[months] = eligibility[months]
            else:
                values[months] = self._years(_at(path, key), obj.get(key))
        wait = _WAIT.search(_text(obj, "wait_time"))
        values["wait_weeks"] = min(int(wait.group(1)), _MAX_SMALL) if wait else None
        phones = [
            (i, _text(phone, "number"))
            for i, phone in _objects(obj, "phones")
            if _text(phone, "number")
        ]
        values["phone"] = ""
        if phones:
            i, number = phones[0]
            values["phone"] = self._limited(_at(_at(_at(path, "phones"), i), "number"), number, 40)

    def _ages_in_order(self, path: str, values: dict[str, Any], extended: bool) -> None:
        low, high = values["min_age_months"], values["max_age_months"]
        if low is None or high is None or low < high:
            return
        if extended:
            self.error(
                _at(_at(path, EXTENSION), "maximum_age_months"),
                _("The maximum age must be more than the minimum age."),
            )
            return
        # Open Referral's ages, which the schema takes in any order: the service is kept
        # from its minimum age, with no maximum.
        self.warn(
            _at(path, "maximum_age"),
            _(
                "The maximum age %(high)s is not more than the minimum age %(low)s, so it was "
                "left out."
            )
            % {"high": _number(high / 12), "low": _number(low / 12)},
        )
        values["max_age_months"] = None

    def _access(self, ext: dict[str, Any], path: str) -> list[AccessFields]:
        items = ext.get("access", [])
        if not isinstance(items, list):
            self.error(_at(path, "access"), _("This must be a list."))
            return []
        access: list[AccessFields] = []
        seen: set[str] = set()
        for i, item in enumerate(items):
            where = _at(_at(path, "access"), i)
            if not isinstance(item, dict):
                self.error(where, _("This must be an object."))
                continue
            method = item.get("method")
            if method not in AccessMethod.values:
                self.error(
                    _at(where, "method"),
                    _("This must be one of: %(values)s.")
                    % {"values": ", ".join(AccessMethod.values)},
                )
                continue
            if method in seen:
                self.error(_at(where, "method"), _("Give each way into the service once."))
                continue
            seen.add(method)
            texts = {}
            for key in ("phone", "email", "url", "instructions"):
                value = item.get(key, "")
                if not isinstance(value, str):
                    self.error(_at(where, key), _("This must be text."))
                    value = ""
                texts[key] = value.strip()
            access.append(
                AccessFields(
                    method=method,
                    phone=self._limited(_at(where, "phone"), texts["phone"], 40),
                    email=self._email(_at(where, "email"), texts["email"]),
                    url=self._url(_at(where, "url"), texts["url"]),
                    instructions=texts["instructions"],
                )
            )
        return access

    # Lists of the service ----------------------------------------------------------------

    def _languages(self, obj: dict[str, Any], path: str) -> list[str]:
        codes: list[str] = []
        for i, item in _objects(obj, "languages"):
            # "pl-PL" is Polish; a language given only by its English name is found by it.
            given, name = _text(item, "code").lower(), _text(item, "name")
            code = next(
                (c for c in (given, given.split("-")[0]) if c in LANGUAGE_NAMES),
                _LANGUAGE_BY_NAME.get(name.lower(), ""),
            )
            if code and code not in codes:
                codes.append(code)
            elif not code and (given or name):
                self.warn(
                    _at(_at(path, "languages"), i),
                    _("The directory does not list %(language)s, so it was left out.")
                    % {"language": given or name},
                )
        return codes

    def _eligibility(
        self, attributes: list[tuple[int, dict[str, Any]]], path: str
    ) -> dict[str, Any]:
        """Pregnancy and months from the attributes of the eligibility taxonomy."""
        found: dict[str, Any] = {}
        for i, item in attributes:
            code = _uuid(item.get("taxonomy_term_id"))
            term = ELIGIBILITY_BY_CODE.get(code) if code is not None else None
            if term is None:
                continue
            where = _at(_at(path, "attributes"), i)
            value = item.get("value")
            if term is PREGNANCY:
                found["pregnancy"] = str(value).lower() != "false"
                continue
            months = int(value) if isinstance(value, str) and value.isdigit() else None
            if months is None or months > _MAX_SMALL:
                self.error(
                    _at(where, "value"), _("This must be a whole number of months, as text.")
                )
                continue
            key = "min_age_months" if term is MINIMUM_MONTHS else "max_age_months"
            found[key] = months
        return found

    def _needs(self, attributes: list[tuple[int, dict[str, Any]]], path: str) -> list[_NeedRef]:
        needs: list[_NeedRef] = []
        for i, item in attributes:
            where = _at(_at(path, "attributes"), i)
            code = _uuid(item.get("taxonomy_term_id"))
            if code in ELIGIBILITY_BY_CODE or item.get("link_type") == ELIGIBILITY_LINK:
                continue
            given = item.get("taxonomy_term")
            term: dict[str, Any] = given if isinstance(given, dict) else {}
            ref = _NeedRef(
                path=where,
                code=code or _uuid(term.get("id")),
                term=_text(term, "term") or _text(term, "code"),
                name=self._limited(
                    _at(_at(where, "taxonomy_term"), "name"), _text(term, "name"), 200
                ),
                description=_text(term, "description"),
                taxonomy_code=_uuid(term.get("taxonomy_id")),
            )
            if item.get("link_type") == NEED_LINK or _is_need(ref):
                needs.append(ref)
            else:
                self.warn(where, _("This attribute is not one of the directory's needs; left out."))
        return needs

    def _areas(self, obj: dict[str, Any], path: str) -> list[_AreaRef]:
        areas = []
        for i, item in _objects(obj, "service_areas"):
            where = _at(_at(path, "service_areas"), i)
            uri = _text(item, "uri")
            key = uri.removeprefix(AREA_URI) if uri.startswith(AREA_URI) else ""
            name = self._limited(_at(where, "name"), _text(item, "name"), 200)
            if not (name or key):
                self.error(_at(where, "name"), _("Give the area a name."))
                continue
            described = _text(item, "service_area")
            areas.append(
                _AreaRef(
                    path=where,
                    code=_uuid(item.get("id")),
                    key=key,
                    name=name or key,
                    description="" if described == name else described,
                    coverage=self._coverage(item, where),
                )
            )
        return areas

    def _coverage(
        self, item: dict[str, Any], where: str
    ) -> list[tuple[str, date, date | None, str]]:
        extra = item.get("littleminds")
        if not isinstance(extra, dict):
            return []
        found = []
        for i, cover in _objects(extra, "coverage"):
            at = _at(_at(_at(where, "littleminds"), "coverage"), i)
            try:
                start = date.fromisoformat(str(cover.get("valid_from")))
                end_text = cover.get("valid_to")
                end = date.fromisoformat(str(end_text)) if end_text else None
            except ValueError:
                self.error(at, _("Give the dates as YYYY-MM-DD, like 2020-04-01."))
                continue
            prefix = _text(cover, "prefix")
            if not prefix:
                self.error(_at(at, "prefix"), _("Give the postcode district or sector."))
                continue
            found.append((prefix, start, end, _text(cover, "ons_code")))
        return found

    def _locations(self, obj: dict[str, Any], path: str, service_name: str) -> list[LocationFields]:
        places: list[LocationFields] = []
        seen: set[uuid.UUID] = set()
        for i, sal in _objects(obj, "service_at_locations"):
            where = _at(_at(path, "service_at_locations"), i)
            place = sal.get("location")
            if not isinstance(place, dict):
                self.error(_at(where, "location"), _("Include the location itself."))
                continue
            where = _at(where, "location")
            code = _uuid(place.get("id"))
            if code is None:
                continue  # The schema has reported it.
            if code in seen:
                self.error(_at(where, "id"), _("The service lists this location twice."))
                continue
            seen.add(code)
            addresses = list(_objects(place, "addresses"))
            address = next(
                (a for a in addresses if a[1].get("address_type") == "physical"),
                addresses[0] if addresses else None,
            )
            lines: list[str] = []
            postcode = ""
            if address is not None:
                j, fields = address
                lines = [_text(fields, key) for key in ("address_1", "address_2", "city")]
                postcode = self._postcode(
                    _at(_at(_at(where, "addresses"), j), "postal_code"),
                    _text(fields, "postal_code"),
                )
            ours = place.get(EXTENSION)
            typed = ours.get("address") if isinstance(ours, dict) else None
            latitude, longitude = self._coordinates(place, where)
            places.append(
                LocationFields(
                    name=self._limited(
                        _at(where, "name"),
                        _text(place, "name") or (lines[0] if lines else "") or service_name,
                        200,
                    ),
                    address=typed
                    if isinstance(typed, str)
                    else "\n".join(line for line in lines if line),
                    postcode=postcode,
                    latitude=latitude,
                    longitude=longitude,
                    code=code,
                )
            )
        return places

    def _postcode(self, path: str, text: str) -> str:
        if not text:
            return ""
        try:
            return str(parse_postcode(text))
        except InvalidPostcode as error:
            # The schema allows any postal code (the standard is not only British): the
            # location is kept without it, and the warning says why.
            self.warn(
                path,
                _(
                    "%(postcode)s is not a UK postcode (%(problem)s), so the location was "
                    "imported without it."
                )
                % {"postcode": _shown(text), "problem": str(error).rstrip(".")},
            )
            return ""

    def _coordinates(self, place: dict[str, Any], path: str) -> tuple[float | None, float | None]:
        """The location's coordinates, or none: the schema allows any number, and either
        one alone, but a place on Earth has both, within ±90 and ±180. What is impossible
        is left out of the location with a warning; the rest of it is imported."""
        latitude, longitude = place.get("latitude"), place.get("longitude")
        lat, lon = _degrees(latitude), _degrees(longitude)
        if lat is not None and not -90 <= lat <= 90:
            self.warn(
                _at(path, "latitude"),
                _(
                    "The latitude %(value)s is not on Earth (a latitude is between -90 and "
                    "90), so the location was imported without its coordinates."
                )
                % {"value": _number(latitude)},
            )
            return None, None
        if lon is not None and not -180 <= lon <= 180:
            self.warn(
                _at(path, "longitude"),
                _(
                    "The longitude %(value)s is not on Earth (a longitude is between -180 "
                    "and 180), so the location was imported without its coordinates."
                )
                % {"value": _number(longitude)},
            )
            return None, None
        if lat is not None and lon is None:
            self.warn(
                _at(path, "latitude"),
                _(
                    "A latitude without a longitude is no place, so the location was "
                    "imported without its coordinates."
                ),
            )
            return None, None
        if lon is not None and lat is None:
            self.warn(
                _at(path, "longitude"),
                _(
                    "A longitude without a latitude is no place, so the location was "
                    "imported without its coordinates."
                ),
            )
            return None, None
        return lat, lon


def _degrees(value: Any) -> float | None:
    """A coordinate as a float; NaN for a number too large for one (never on Earth)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        return float(value)
    except OverflowError:
        return math.nan


def _number(value: Any) -> str:
    """A number as a person writes it: 100, not 100.0."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _is_need(ref: _NeedRef) -> bool:
    """An attribute of another link type is still a need if it names one of ours."""
    if ref.code is not None and NeedTerm.objects.filter(code=ref.code).exists():
        return True
    return (
        ref.taxonomy_code is not None and Taxonomy.objects.filter(code=ref.taxonomy_code).exists()
    )


# The schemas -----------------------------------------------------------------------------


def _type_names() -> dict[str, str]:
    return {
        "string": _("text"),
        "number": _("a number"),
        "integer": _("a whole number"),
        "boolean": _("true or false"),
        "array": _("a list"),
        "object": _("an object"),
        "null": _("null"),
    }


def _schema_problems(error: SchemaError) -> list[tuple[str, str]]:
    """One schema error in the house's words (jsonschema's own are not translated)."""
    path = error.json_path
    given = _shown(error.instance)
    if error.validator == "required":
        names = [
            name
            for name in error.validator_value
            if error.message == f"{name!r} is a required property"
        ]
        return [(_at(path, name), _("This is required.")) for name in names]
    if error.validator == "type":
        expected = error.validator_value
        kinds = expected if isinstance(expected, list) else [expected]
        words = _type_names()
        return [
            (
                path,
                _("This must be %(expected)s, not %(given)s.")
                % {
                    "expected": _(" or ").join(words.get(str(k), str(k)) for k in kinds),
                    "given": given,
                },
            )
        ]
    if error.validator == "enum":
        values = ", ".join(_shown(v) for v in error.validator_value)
        return [(path, _("This must be one of: %(values)s.") % {"values": values})]
    if error.validator == "format" and error.validator_value == "uuid":
        return [
            (
                path,
                _("This must be a UUID, like 3f2504e0-4f89-11d3-9a0c-0305e82c3301, not %(given)s.")
                % {"given": given},
            )
        ]
    if error.validator == "format" and error.validator_value == "email":
        return [(path, _("This must be an email address, not %(given)s.") % {"given": given})]
    return [(path, error.message)]


def _path_key(path: str) -> list[Any]:
    """Sort paths in document order: $.contents[10] after $.contents[9]."""
    return [int(part) if part.isdigit() else part for part in re.split(r"\[(\d+)\]", path)]


def detect_shape(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    if "contents" in data:
        return SHAPE_LIST
    if "services" in data:
        return SHAPE_ORGANISATION
    if "id" in data or "name" in data:
        return SHAPE_SERVICE
    return None


def _validator(shape: str) -> Any:
    if shape == SHAPE_LIST:
        return standard.page_validator(standard.SERVICE, strict=False)
    if shape == SHAPE_ORGANISATION:
        return standard.validator(standard.ORGANIZATION)
    return standard.validator(standard.SERVICE)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text_problem(text: str) -> str | None:
    """Why `text` cannot be kept, if it cannot: no database text holds a NUL character
    (PostgreSQL refuses it), and a lone surrogate (JSON's "\\ud83d" without its pair) is
    not a character at all."""
    if "\x00" in text:
        return _("This text holds a NUL character (\\u0000), which no text may hold.")
    found = _SURROGATE.search(text)
    if found:
        return _(
            "This text holds a lone surrogate (\\u%(code)04x), half of a character without "
            "its other half."
        ) % {"code": ord(found.group())}
    return None


def _unstorable(value: Any, path: str) -> Iterable[tuple[str, str]]:
    """Every text in the document, keys too, that cannot be kept, by JSON path."""
    if isinstance(value, str):
        problem = _text_problem(value)
        if problem:
            yield path, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = _text_problem(key)
            if problem:
                yield path, _("A key of this object: %(problem)s") % {"problem": problem}
            else:
                yield from _unstorable(item, _at(path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _unstorable(item, _at(path, i))


def check_document(data: Any) -> tuple[str, _Reader]:
    """Read and check the whole document without writing anything; raises InvalidDocument
    with every problem found."""
    shape = detect_shape(data)
    if shape is None:
        raise InvalidDocument(
            [
                (
                    "$",
                    _(
                        "This is not a service, a page of services (an object with contents) "
                        "or an organisation with its services."
                    ),
                )
            ]
        )
    unstorable = list(_unstorable(data, "$"))
    if unstorable:
        # Nothing else is read: these would fail wherever the text went.
        raise InvalidDocument(unstorable)
    errors = [
        problem
        for error in _validator(shape).iter_errors(data)
        for problem in _schema_problems(error)
    ]
    reader = _Reader()
    reader.read(data, shape)
    reader.errors = errors + reader.errors
    if not reader.errors:
        _resolve(reader)
    if reader.errors:
        unique = dict.fromkeys(reader.errors)
        raise InvalidDocument(sorted(unique, key=lambda problem: _path_key(problem[0])))
    return shape, reader


# Matching what the document names with what the directory has (reads only) ---------------


def _resolve(reader: _Reader) -> None:
    known: dict[uuid.UUID, _OrganisationRef] = {}
    missing_areas: set[str] = set()  # Each is created once, and said once.
    for plan in reader.plans:
        if plan.organisation is not None and plan.organisation.code is not None:
            known.setdefault(plan.organisation.code, plan.organisation)
    for plan in reader.plans:
        if plan.organisation is None and plan.organisation_code is not None:
            plan.organisation = known.get(plan.organisation_code) or _OrganisationRef(
                path=_at(plan.path, "organization_id"), code=plan.organisation_code, name=""
            )
        ref = plan.organisation
        if ref is None:
            continue
        ref.found = Organisation.objects.filter(code=ref.code).first() if ref.code else None
        if ref.found is None and ref.name:
            ref.found = Organisation.objects.filter(name__iexact=ref.name).first()
            if ref.found is not None and ref.code is not None:
                reader.warn(
                    _at(ref.path, "id"),
                    _("Matched the organisation %(name)s by name; it keeps its own id.")
                    % {"name": ref.found.name},
                )
        if ref.found is None and not ref.name:
            reader.error(
                ref.path,
                _("No organisation has this id: include the organization object, with its name."),
            )
        for need in plan.needs:
            _resolve_need(reader, need)
        for area in plan.areas:
            area.found = (
                (Area.objects.filter(key=area.key).first() if area.key else None)
                or (Area.objects.filter(code=area.code).first() if area.code else None)
                or Area.objects.filter(name__iexact=area.name).first()
            )
            if area.found is None and not area.coverage and area.identity not in missing_areas:
                missing_areas.add(area.identity)
                reader.warn(
                    area.path,
                    _(
                        "The directory had no area called %(name)s, so it was added with no "
                        "postcodes: until someone adds them, the service reaches no postcode."
                    )
                    % {"name": area.name},
                )


def _resolve_need(reader: _Reader, need: _NeedRef) -> None:
    if need.code is not None:
        need.found = NeedTerm.objects.filter(code=need.code).first()
    if need.found is None and need.term:
        terms = NeedTerm.objects.filter(term=need.term).order_by("taxonomy_id")
        in_taxonomy = (
            terms.filter(taxonomy__code=need.taxonomy_code).first() if need.taxonomy_code else None
        )
        # The same term in another taxonomy will do: a fresh instance's seeded needs have
        # ids of their own, but the same terms.
        need.found = in_taxonomy or terms.first()
    if need.found is None and not need.name:
        reader.error(
            _at(need.path, "taxonomy_term_id"),
            _(
                "The directory has no need with this id or term: include the taxonomy_term, "
                "with its name, to add it."
            ),
        )


# Writing ---------------------------------------------------------------------------------


def _free_key(wanted: str, taken: set[str]) -> str:
    base = (slugify(wanted) or "area")[:60]
    key, n = base, 1
    while key in taken or Area.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


def _free_code(model: Any, code: uuid.UUID | None) -> uuid.UUID | None:
    """The document's id for a new record, unless another kind of record already has it."""
    return code if code is not None and not model.objects.filter(code=code).exists() else None


def _create_organisation(ref: _OrganisationRef, by: User | None) -> Organisation:
    # The document's id is kept, so that the next import of the same feed finds it.
    return organisation_create(
        by=by,
        name=ref.name,
        description=ref.description,
        website=ref.website,
        code=_free_code(Organisation, ref.code),
    )


def _create_area(ref: _AreaRef, by: User | None, taken: set[str]) -> Area:
    area = area_create(
        by=by,
        key=_free_key(ref.key or ref.name, taken),
        name=ref.name,
        description=ref.description,
        code=_free_code(Area, ref.code),
    )
    for prefix, start, end, ons_code in ref.coverage:
        coverage_add(
            by=by, area=area, prefix=prefix, valid_from=start, valid_to=end, ons_code=ons_code
        )
    return area


def _create_need(ref: _NeedRef, by: User | None) -> NeedTerm:
    taxonomy = (
        Taxonomy.objects.filter(code=ref.taxonomy_code).first() if ref.taxonomy_code else None
    )
    if taxonomy is None:
        try:
            taxonomy = needs_taxonomy()
        except Http404 as error:
            raise ValidationError(_("There is no needs taxonomy to add the need to.")) from error
    wanted = ref.term
    try:
        validate_slug(wanted)
    except ValidationError:
        wanted = slugify(ref.term or ref.name).replace("-", "_")
    term, n = (wanted or "need")[:60], 1
    while NeedTerm.objects.filter(taxonomy=taxonomy, term=term).exists():
        n += 1
        term = f"{wanted[:60]}_{n}"
    return need_save(
        by=by,
        term=term,
        name=ref.name,
        description=ref.description or ref.name,
        group=NeedTerm.Group.OTHER,
        taxonomy=taxonomy,
        code=_free_code(NeedTerm, ref.code),
    )


def _messages(error: ValidationError | IntegrityError) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return _("The database refused it: %(problem)s") % {"problem": error}


def _write(reader: _Reader, by: User | None) -> tuple[list[Service], list[Service]]:
    """Create what is missing and add or update each service. Raises InvalidDocument if the
    directory refuses anything, inside the caller's transaction, so nothing is kept."""
    organisations: dict[str, Organisation] = {}
    areas: dict[str, Area] = {}
    needs: dict[str, NeedTerm] = {}
    taken: set[str] = set()
    added: list[Service] = []
    updated: list[Service] = []
    errors: list[tuple[str, str]] = []
    for plan in reader.plans:
        try:
            with transaction.atomic():
                ref = plan.organisation
                assert ref is not None
                org_key = str(ref.code or ref.name.lower())
                if ref.found is None and org_key not in organisations:
                    organisations[org_key] = _create_organisation(ref, by)
                organisation = ref.found or organisations[org_key]
                chosen_areas = []
                for area in plan.areas:
                    if area.found is None and area.identity not in areas:
                        areas[area.identity] = _create_area(area, by, taken)
                    chosen_areas.append(area.found or areas[area.identity])
                chosen_needs = []
                for need in plan.needs:
                    need_key = str(need.code or need.term or need.name.lower())
                    if need.found is None and need_key not in needs:
                        needs[need_key] = _create_need(need, by)
                    chosen = need.found or needs[need_key]
                    if chosen not in chosen_needs:
                        chosen_needs.append(chosen)
                fields = ServiceFields(
                    organisation=organisation,
                    areas=chosen_areas,
                    needs=chosen_needs,
                    access=plan.access,
                    locations=plan.locations,
                    **plan.values,
                )
                existing = Service.objects.filter(code=plan.code).first()
                if existing is None:
                    added.append(service_create(by=by, fields=fields, code=plan.code))
                else:
                    service_update(by=by, service=existing, fields=fields)
                    updated.append(existing)
        except (ValidationError, IntegrityError) as error:
            errors.append((plan.path, _messages(error)))
    if errors:
        raise InvalidDocument(errors)
    _link(reader, by)
    return added, updated


def _link(reader: _Reader, by: User | None) -> None:
    """The links between services, once every service of the document is in."""
    codes = {plan.code for plan in reader.plans} | {
        target for plan in reader.plans for _kind, target, _note, _path in plan.links
    }
    services = {service.code: service for service in Service.objects.filter(code__in=codes)}
    errors: list[tuple[str, str]] = []
    for plan in reader.plans:
        source = services[plan.code]
        for kind, target, note, path in plan.links:
            other = services.get(target)
            if other is None:
                errors.append((path, _("No service has this id, here or in the directory.")))
            elif not ServiceLink.objects.filter(source=source, target=other, kind=kind).exists():
                try:
                    link_add(by=by, source=source, target=other, kind=kind, note=note)
                except ValidationError as error:
                    errors.append((path, _messages(error)))
    if errors:
        raise InvalidDocument(errors)


def _profile(reader: _Reader) -> str:
    profiles = {plan.profile for plan in reader.plans}
    return profiles.pop() if len(profiles) == 1 else ("mixed" if profiles else PROFILE_UK)


def import_document(data: Any, *, source: str, by: User | None = None) -> ImportResult:
    """Import an Open Referral document (see the module note). Raises InvalidDocument, with
    every problem and its path, and changes nothing, if any part of it is wrong."""
    shape, reader = check_document(data)
    with transaction.atomic():
        added, updated = _write(reader, by)
        document = ImportedDocument.objects.create(
            source=source[:500],
            shape=shape,
            document=data,
            created=len(added),
            updated=len(updated),
        )
        audit_record(
            by=by,
            action="directory.imported",
            target=document,
            detail={
                "source": source[:500],
                "shape": shape,
                "added": len(added),
                "updated": len(updated),
            },
        )
    return ImportResult(
        document=document,
        shape=shape,
        profile=_profile(reader),
        added=added,
        updated=updated,
        warnings=reader.warnings,
    )
