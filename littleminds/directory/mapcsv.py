"""The map's services as a CSV file: every service its filters choose, with its organisation,
kind of organisation, ring, areas and links, written as it is read, so that a national
directory downloads in full without being held in memory (ADR 0047)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from littleminds.core.spreadsheets import formula_safe
from littleminds.directory import selectors_map, systemmap
from littleminds.directory.models import ServiceLink
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
            _("Link"),
        ]
    )
    services = selectors_map.map_services(scope).prefetch_related(
        "areas",
        Prefetch(
            "links_out",
            queryset=ServiceLink.objects.select_related("target").order_by("kind", "pk"),
        ),
    )
    for service in services.iterator(chunk_size=CHUNK):
        yield writer.writerow(
            [
                _safe(service.name),
                _safe(service.organisation.name),
                systemmap.kind_label(service.organisation.kind),
                service.get_ring_display(),
                "; ".join(_safe(area.name) for area in service.areas.all()),
                "; ".join(
                    f"{capfirst(link.get_kind_display())} {_safe(link.target.name)}"
                    for link in service.links_out.all()
                ),
                base_url + reverse("directory:service", kwargs={"code": service.code}),
            ]
        )


def _safe(text: str) -> str:
    return str(formula_safe(text))
