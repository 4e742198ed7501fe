"""The map's services as a CSV file: every service its filters choose, with its organisation,
kind of organisation, ring, areas and links, written as it is read, so that a national
directory downloads in full without being held in memory (ADR 0047).

Rows are read as plain values, a chunk at a time with the chunk's areas and links, and every
label is looked up once: building 50,000 model instances with their prefetched areas and
links, and asking each for its ring's label, took minutes (ADR 0047)."""

from __future__ import annotations

import csv
import itertools
import uuid
from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from littleminds.core.spreadsheets import formula_safe
from littleminds.directory import selectors_map, systemmap
from littleminds.directory.models import LinkKind, Ring, Service, ServiceLink
from littleminds.directory.selectors_map import MapScope

# Services read from the database this many at a time (with their areas and links).
CHUNK = 2000


class _Line:
    """csv.writer writes to it and gets the line back."""

    def write(self, value: str) -> str:
        return value


def rows(scope: MapScope, *, base_url: str) -> Iterator[str]:
    """The heading, then a line a service; `base_url` begins each service's page address."""
    writer = csv.writer(_Line())
    yield writer.writerow(
        [
            _("Service"),
            _("Organisation"),
            _("Who runs the service"),
            _("Ring"),
            _("Areas"),
            _("Works with"),
            _("Address of its page"),
        ]
    )
    rings = {ring.value: str(ring.label) for ring in Ring}
    kinds = {kind: systemmap.kind_label(kind) for kind in systemmap.KIND_ORDER}
    links = {kind.value: str(capfirst(kind.label)) for kind in LinkKind}
    page = base_url + reverse("directory:service", kwargs={"code": uuid.UUID(int=0)})
    page = page.replace(str(uuid.UUID(int=0)), "{}")
    services = (
        selectors_map.map_services(scope)
        .values_list("pk", "code", "name", "organisation__name", "organisation__kind", "ring")
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(itertools.islice(services, CHUNK)):
        ids = [row[0] for row in chunk]
        areas: dict[int, list[str]] = defaultdict(list)
        for service_id, name in (
            Service.areas.through.objects.filter(service_id__in=ids)
            .order_by("area__name")
            .values_list("service_id", "area__name")
        ):
            areas[service_id].append(_safe(name))
        works_with: dict[int, list[str]] = defaultdict(list)
        for source_id, kind, name in (
            ServiceLink.objects.filter(source_id__in=ids)
            .order_by("kind", "pk")
            .values_list("source_id", "kind", "target__name")
        ):
            works_with[source_id].append(f"{links[kind]} {_safe(name)}")
        for pk, code, name, organisation, kind, ring in chunk:
            yield writer.writerow(
                [
                    _safe(name),
                    _safe(organisation),
                    kinds[kind],
                    rings[ring],
                    "; ".join(areas[pk]),
                    "; ".join(works_with[pk]),
                    page.format(code),
                ]
            )


def _safe(text: str) -> str:
    return str(formula_safe(text))
