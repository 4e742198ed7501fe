"""Drawing the early-years system map: the family at the centre, three rings around it
(core, universal, risk factors), every active service placed in its ring, links between them.

The drawing is plain geometry for an SVG template (no JavaScript), numbered so that the
table beside it, which is the accessible alternative, names each service.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from littleminds.directory.models import Area, LinkKind, NeedTerm, Ring, Service, ServiceLink
from littleminds.directory.selectors import MapData

SIZE = 960
CENTRE = SIZE / 2
FAMILY_RADIUS = 64
NODE_RADIUS = 14
# Names longer than this are shortened on the map (the full name is the link's title,
# shown on hover and read on focus, and is in the table).
LABEL_LENGTH = 22

# Inner to outer: where each ring's band starts and ends, and the colours the evaluation's
# map uses (green, grey, orange), chosen to keep text readable (WCAG AA contrast).
RINGS = [
    (Ring.CORE, 64, 200, "#e2f2e5", "#007f3b", "#ffffff"),
    (Ring.UNIVERSAL, 200, 330, "#eef0f1", "#4c6272", "#ffffff"),
    (Ring.RISK_FACTORS, 330, 460, "#fdebd3", "#ed8b00", "#212b32"),
]

LINK_STYLES = {
    LinkKind.REFERS_TO: ("#005eb8", ""),
    LinkKind.RECEIVES_FROM: ("#41b6e6", ""),
    LinkKind.OVERLAPS_WITH: ("#768692", "6 4"),
    LinkKind.CONFLICTS_WITH: ("#d5281b", "2 4"),
    LinkKind.DELIVERS_JOINTLY_WITH: ("#007f3b", ""),
}
CONFLICT_STYLE = ("#d5281b", "10 5")


@dataclass(frozen=True)
class MapFilters:
    need: str = ""
    area: Area | None = None
    service: str = ""  # the code of the service selected: only its links are drawn

    @classmethod
    def from_query(cls, query: QueryDict) -> MapFilters:
        """Unknown needs or areas are ignored: the map then shows everything."""
        # No need or area has a NUL character in it (and PostgreSQL refuses to compare with
        # one), so a value with one is unknown without asking.
        need, key = (
            "" if "\x00" in value else value
            for value in (query.get("need", ""), query.get("area", ""))
        )
        if need and not NeedTerm.objects.filter(term=need).exists():
            need = ""
        area = Area.objects.filter(key=key).first() if key else None
        try:
            service = str(uuid.UUID(query.get("service", "")))
        except ValueError:
            service = ""
        return cls(need=need, area=area, service=service)

    @property
    def active(self) -> bool:
        return bool(self.need or self.area)


@dataclass(frozen=True)
class Band:
    ring: str
    label: str
    inner: float
    outer: float
    fill: str
    stroke: str
    label_y: float


@dataclass(frozen=True)
class Node:
    number: int
    service: Service
    x: float
    y: float
    fill: str
    text: str

    @property
    def label(self) -> str:
        return shortened(self.service.name)

    @property
    def label_y(self) -> float:
        return round(self.y + NODE_RADIUS + 14, 1)


def shortened(name: str, length: int = LABEL_LENGTH) -> str:
    """The name, cut at a word and ended with "…" when longer than `length`."""
    if len(name) <= length:
        return name
    cut = name[: length - 1].rsplit(" ", 1)[0] if " " in name[: length - 1] else name[: length - 1]
    return cut.rstrip(" ,;:–-") + "…"


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    dash: str
    label: str


@dataclass
class Drawing:
    size: int
    centre: float
    family_radius: float
    node_radius: float
    bands: list[Band]
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    links: list[ServiceLink] = field(default_factory=list)
    conflicts: list[tuple[Service, Service, str]] = field(default_factory=list)
    selected: Service | None = None

    def number_of(self, service: Service) -> int:
        for node in self.nodes:
            if node.service.pk == service.pk:
                return node.number
        return 0

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        return [(str(kind.label), *LINK_STYLES[kind]) for kind in LinkKind]


def draw(data: MapData, size: int = SIZE, selected: str = "") -> Drawing:
    """The map; with `selected` (a service's code), only that service's links are drawn."""
    chosen = next((service for service in data.services if str(service.code) == selected), None)
    if chosen is not None:
        data = MapData(
            data.services,
            [link for link in data.links if chosen.pk in (link.source_id, link.target_id)],
            [conflict for conflict in data.conflicts if chosen in conflict[:2]],
        )
    scale = size / SIZE
    centre = size / 2
    bands: list[Band] = []
    nodes: list[Node] = []
    labels = dict(Ring.choices)
    number = 0
    for index, (ring, inner, outer, fill, stroke, text) in enumerate(RINGS):
        bands.append(
            Band(
                ring,
                str(labels[ring]),
                inner * scale,
                outer * scale,
                fill,
                stroke,
                centre - outer * scale + 18 * scale,
            )
        )
        # Services of one organisation sit together round the ring.
        members = sorted(
            (service for service in data.services if service.ring == ring),
            key=lambda service: (service.organisation.name, service.name),
        )
        if not members:
            continue
        radius = (inner + outer) / 2 * scale
        step = 2 * math.pi / len(members)
        # Each ring starts half a step round from the one inside it, so that services in
        # neighbouring rings do not line up and hide each other's links.
        start = -math.pi / 2 + index * step / 2 + step / 2
        for position, service in enumerate(members):
            number += 1
            angle = start + position * step
            nodes.append(
                Node(
                    number,
                    service,
                    round(centre + radius * math.cos(angle), 1),
                    round(centre + radius * math.sin(angle), 1),
                    stroke,
                    text,
                )
            )
    where = {node.service.pk: node for node in nodes}
    edges = []
    for link in data.links:
        a, b = where.get(link.source_id), where.get(link.target_id)
        if a is None or b is None:
            continue
        colour, dash = LINK_STYLES[LinkKind(link.kind)]
        edges.append(
            Edge(
                a.x,
                a.y,
                b.x,
                b.y,
                colour,
                dash,
                f"{link.source.name} {link.get_kind_display()} {link.target.name}",
            )
        )
    for first, second, _note in data.conflicts:
        a, b = where[first.pk], where[second.pk]
        edges.append(
            Edge(
                a.x,
                a.y,
                b.x,
                b.y,
                *CONFLICT_STYLE,
                str(_("Recorded conflict: %(a)s and %(b)s") % {"a": first.name, "b": second.name}),
            )
        )
    return Drawing(
        size=size,
        centre=centre,
        family_radius=FAMILY_RADIUS * scale,
        node_radius=NODE_RADIUS * scale,
        bands=bands,
        nodes=nodes,
        edges=edges,
        links=data.links,
        conflicts=data.conflicts,
        selected=chosen,
    )
