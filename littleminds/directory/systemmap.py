"""Drawing the early-years system map: the family at the centre, three rings around it
(core, universal, risk factors), every active service placed in its ring, links between them.

The drawing is plain geometry for an SVG template (no JavaScript). Each ring's services are
grouped by the kind of organisation that runs them, and each ring is turned so that linked
services in neighbouring rings sit near each other, which keeps links short and crossings
few. Each service is labelled by its name (shortened where needed, never two alike), and the
labels are placed where they overlap nothing else. The table beside the map, the accessible
alternative, numbers each service as the map does.
"""

from __future__ import annotations

import math
import re
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from littleminds.accounts.models import Organisation
from littleminds.directory import selectors_map
from littleminds.directory.models import Area, LinkKind, NeedTerm, Ring, Service, ServiceLink
from littleminds.directory.selectors_map import AreaCount, GroupCount, MapData, MapScope

SIZE = 960
CENTRE = SIZE / 2
FAMILY_RADIUS = 64
NODE_RADIUS = 14
# Names longer than this are shortened on the map (the full name is the link's title,
# shown on hover, and its accessible name, read on focus; the table has it too). A label
# takes up to two lines of LINE_LENGTH characters.
LABEL_LENGTH = 34
LINE_LENGTH = 18
FONT_SIZE = 12
LINE_HEIGHT = 14
# Room kept clear around each label, and around each circle, so nothing touches.
LABEL_PADDING = 2

# Inner to outer: where each ring's band starts and ends, and the colours the evaluation's
# map uses (green, grey, orange) for the bands.
RINGS = [
    (Ring.CORE, 64, 200, "#e2f2e5", "#007f3b"),
    (Ring.UNIVERSAL, 200, 330, "#eef0f1", "#4c6272"),
    (Ring.RISK_FACTORS, 330, 460, "#fdebd3", "#ed8b00"),
]

# Round each ring, services are grouped by the kind of organisation that runs them, in this
# order; each kind has its colour (the circles' numbers are white on them, WCAG AA).
KIND_STYLES: dict[str, str] = {
    Organisation.Kind.NHS: "#005eb8",
    Organisation.Kind.PRIMARY_CARE: "#006747",
    Organisation.Kind.LOCAL_AUTHORITY: "#330072",
    Organisation.Kind.EARLY_YEARS: "#9a4b00",
    Organisation.Kind.VOLUNTARY: "#8a1538",
    Organisation.Kind.OTHER: "#425563",
    "": "#212b32",
}
KIND_ORDER = list(KIND_STYLES)
NO_KIND = _("Kind of organisation not yet known")

LINK_STYLES = {
    LinkKind.REFERS_TO: ("#005eb8", ""),
    LinkKind.RECEIVES_FROM: ("#41b6e6", ""),
    LinkKind.OVERLAPS_WITH: ("#768692", "6 4"),
    LinkKind.CONFLICTS_WITH: ("#d5281b", "2 4"),
    LinkKind.DELIVERS_JOINTLY_WITH: ("#007f3b", ""),
}
CONFLICT_STYLE = ("#d5281b", "10 5")


Point = tuple[float, float]


# Above this many services the map draws groups instead of services: one circle for each
# kind of organisation in each ring, sized by and labelled with its number of services, each
# opening the map of that group (ADR 0047). Up to about 60 services, every label finds a
# place clear of the others; beyond it some cannot (measured on random directories of 50
# to 90 services, ADR 0047), and at national size the page would be tens of megabytes.
MAX_SERVICES = 60
# A group's circle: its area grows with its number of services, between these radii.
GROUP_RADIUS = (22, 44)
# A group's label: its kind of organisation on up to two lines this long, then its count.
GROUP_LINE_LENGTH = 22
# In the value of `?kind=`, organisations whose kind is not yet known.
UNKNOWN_KIND = "unknown"


@dataclass(frozen=True)
class MapFilters:
    need: str = ""
    area: Area | None = None
    service: str = ""  # the code of the service selected: only its links are drawn
    ring: str = ""  # one ring only
    kind: str | None = None  # one kind of organisation only ("" not yet known)

    @classmethod
    def from_query(cls, query: QueryDict) -> MapFilters:
        """Unknown needs, areas, rings or kinds are ignored: the map then shows everything."""
        # No need or area has a NUL character in it (and PostgreSQL refuses to compare with
        # one), so a value with one is unknown without asking.
        need, key = (
            "" if "\x00" in value else value
            for value in (query.get("need", ""), query.get("area", ""))
        )
        if need and not NeedTerm.objects.filter(term=need).exists():
            need = ""
        area = selectors_map.area_find(key) if key else None
        try:
            service = str(uuid.UUID(query.get("service", "")))
        except ValueError:
            service = ""
        ring = query.get("ring", "")
        kind: str | None = query.get("kind", "")
        if kind == UNKNOWN_KIND:
            kind = ""
        elif kind not in Organisation.Kind.values:
            kind = None
        return cls(
            need=need,
            area=area,
            service=service,
            ring=ring if ring in Ring.values else "",
            kind=kind,
        )

    @property
    def active(self) -> bool:
        return bool(self.need or self.area or self.ring or self.kind is not None)

    @property
    def scope(self) -> MapScope:
        return MapScope(need=self.need, area=self.area, ring=self.ring, kind=self.kind)

    @property
    def kind_value(self) -> str:
        """The kind as `?kind=` spells it ("" for every kind)."""
        if self.kind is None:
            return ""
        return self.kind or UNKNOWN_KIND


def kind_label(kind: str) -> str:
    return str(Organisation.Kind(kind).label) if kind else str(NO_KIND)


def kind_choices() -> list[tuple[str, str]]:
    """The kinds of organisation as the filter offers them, in their order round the rings."""
    return [(kind or UNKNOWN_KIND, kind_label(kind)) for kind in KIND_ORDER]


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
class Box:
    """A rectangle on the map: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, size: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= size and self.bottom <= size

    @property
    def width(self) -> float:
        return round(self.right - self.left, 1)

    @property
    def height(self) -> float:
        return round(self.bottom - self.top, 1)


@dataclass
class Label:
    lines: list[str]
    box: Box
    # Where a line from the circle to a label set apart from it ends (None: beside it).
    leader: tuple[float, float, float, float] | None = None

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def x(self) -> float:
        return round((self.box.left + self.box.right) / 2, 1)

    @property
    def line_ys(self) -> list[tuple[str, float]]:
        """Each line with its baseline."""
        top = self.box.top + LABEL_PADDING
        return [
            (line, round(top + LINE_HEIGHT * index + FONT_SIZE * 0.9, 1))
            for index, line in enumerate(self.lines)
        ]


@dataclass
class Node:
    number: int
    service: Service
    x: float
    y: float
    fill: str
    text: str = "#ffffff"
    label: Label | None = None
    selected: bool = False
    linked: bool = False
    radius: float = NODE_RADIUS

    @property
    def kind(self) -> str:
        return self.service.organisation.kind

    @property
    def kind_label(self) -> str:
        kind = self.kind
        return str(Organisation.Kind(kind).label) if kind else str(NO_KIND)


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

    @property
    def selected_radius(self) -> float:
        return self.node_radius + 3

    @property
    def linked_radius(self) -> float:
        return self.node_radius + 2.5

    def number_of(self, service: Service) -> int:
        for node in self.nodes:
            if node.service.pk == service.pk:
                return node.number
        return 0

    @property
    def legend(self) -> list[tuple[str, str, str]]:
        return [(str(kind.label), *LINK_STYLES[kind]) for kind in LinkKind]

    @property
    def kinds(self) -> list[tuple[str, str]]:
        """The kinds of organisation on the map, in their order round the rings, each
        with its colour."""
        present = {node.kind for node in self.nodes}
        return [
            (str(Organisation.Kind(kind).label) if kind else str(NO_KIND), KIND_STYLES[kind])
            for kind in KIND_ORDER
            if kind in present
        ]

    @property
    def grouped(self) -> bool:
        return False

    @property
    def table_nodes(self) -> list[Node]:
        """The table follows the map: with a service selected, that service and the
        services it is linked with; otherwise every service."""
        if self.selected is None:
            return self.nodes
        return [node for node in self.nodes if node.selected or node.linked]


def _bands(size: int) -> list[Band]:
    scale = size / SIZE
    centre = size / 2
    labels = dict(Ring.choices)
    return [
        Band(
            ring,
            str(labels[ring]),
            inner * scale,
            outer * scale,
            fill,
            stroke,
            centre - outer * scale + 18 * scale,
        )
        for ring, inner, outer, fill, stroke in RINGS
    ]


def draw(data: MapData, size: int = SIZE, selected: str = "", grouped: bool = True) -> Drawing:
    """The map; with `selected` (a service's code), only that service's links are drawn.
    `grouped` False places services by organisation name alone, without turning the
    rings (the layout before services were grouped by kind, kept to compare with)."""
    chosen = next((service for service in data.services if str(service.code) == selected), None)
    scale = size / SIZE
    centre = size / 2
    # Placed by every link, so that selecting a service moves nothing on the map.
    nodes = _place(data, scale, centre, grouped=grouped)
    if chosen is not None:
        data = MapData(
            data.services,
            [link for link in data.links if chosen.pk in (link.source_id, link.target_id)],
            [conflict for conflict in data.conflicts if chosen in conflict[:2]],
        )
    bands = _bands(size)
    where = {node.service.pk: node for node in nodes}
    if chosen is not None:
        for node in nodes:
            node.selected = node.service.pk == chosen.pk
        for link in data.links:
            for end in (link.source_id, link.target_id):
                where[end].linked = end != chosen.pk
        for first, second, _note in data.conflicts:
            for end in (first.pk, second.pk):
                where[end].linked = end != chosen.pk
    names = short_labels([node.service.name for node in nodes])
    _label(nodes, [wrapped(name) for name in names], bands, centre, size)
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


# The map at national size: groups of services ----------------------------------------------


def count_words(count: int) -> str:
    """A number of services as people read it in the page's language ("2,345 services")."""
    return ngettext("%(counter)s service", "%(counter)s services", count) % {
        "counter": number_format(count, force_grouping=True)
    }


@dataclass
class Group:
    """The services of one kind of organisation in one ring: a circle sized by their number,
    opening the map of just those services (`query`, the page's filters with this group's)."""

    ring: str
    kind: str
    count: int
    x: float
    y: float
    radius: float
    fill: str
    query: str = ""
    label: Label | None = None

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def ring_label(self) -> str:
        return str(Ring(self.ring).label)

    @property
    def count_words(self) -> str:
        return count_words(self.count)

    @property
    def name(self) -> str:
        """What a screen reader says for the circle: the ring, the kind and the count."""
        return _("%(ring)s ring, %(kind)s: %(services)s") % {
            "ring": self.ring_label,
            "kind": self.kind_label,
            "services": self.count_words,
        }


@dataclass
class GroupDrawing:
    """The map drawn by groups of services, when there are too many to draw one by one."""

    size: int
    centre: float
    family_radius: float
    bands: list[Band]
    groups: list[Group]
    # Filled by the view for the table: each area's count once a ring and kind are chosen,
    # a page at a time, how many of them are open to every area, or the services
    # themselves a page at a time.
    areas: Page[AreaCount] | None = None
    area_rows: list[tuple[AreaCount, str, str]] = field(default_factory=list)  # words, link
    everywhere: int = 0
    services: Page[Service] | None = None

    grouped = True
    selected = None
    edges: list[Edge] = field(default_factory=list)
    conflicts: list[tuple[Service, Service, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)

    @property
    def total_words(self) -> str:
        return count_words(self.total)

    @property
    def everywhere_words(self) -> str:
        return count_words(self.everywhere)

    @property
    def kinds(self) -> list[tuple[str, str]]:
        present = {group.kind for group in self.groups}
        return [(kind_label(kind), KIND_STYLES[kind]) for kind in KIND_ORDER if kind in present]


# The table lists areas, or the services themselves when even one ring, kind and area hold
# too many to draw, this many a page: a national directory has about 2,000 areas, and a
# page listing them all would be a megabyte.
TABLE_PAGE = 100


def build(filters: MapFilters, query: QueryDict, *, with_conflicts: bool) -> Drawing | GroupDrawing:
    """The map the filters choose: its services one by one, as ADR 0009 draws them, when
    there are at most `MAX_SERVICES`; otherwise its groups (ADR 0047), with what the table
    beside them lists: the groups; each area's count once a ring and a kind are chosen; and
    the services a page at a time once an area is chosen too."""
    scope = filters.scope
    counts = selectors_map.map_groups(scope)
    if sum(count.count for count in counts) <= MAX_SERVICES:
        data = selectors_map.map_data(scope, with_conflicts=with_conflicts)
        return draw(data, selected=filters.service)
    drawing = draw_groups(counts, query)
    if filters.ring and filters.kind is not None:
        if filters.area is None:
            areas, drawing.everywhere = selectors_map.map_areas(scope)
            page = Paginator(areas, TABLE_PAGE).get_page(query.get("page"))
            # Words and links for the page's areas only.
            drawing.areas = page
            drawing.area_rows = [
                (area, count_words(area.count), _changed(query, area=area.key))
                for area in page.object_list
            ]
        else:
            pages = Paginator(selectors_map.map_services(scope), TABLE_PAGE)
            drawing.services = pages.get_page(query.get("page"))
    return drawing


def _changed(query: QueryDict, **values: str | None) -> str:
    """The query with these values set (None: taken out), and no service or page chosen."""
    changed = query.copy()
    for name in ("service", "page"):
        changed.pop(name, None)
    for name, value in values.items():
        changed.pop(name, None)
        if value is not None:
            changed[name] = value
    return changed.urlencode()


def draw_groups(counts: list[GroupCount], query: QueryDict, size: int = SIZE) -> GroupDrawing:
    """One circle for each kind of organisation in each ring, round the ring in the order of
    the kinds, its area growing with its number of services and labelled with its kind and
    number. `query` is the page's: each circle opens it with its own ring and kind."""
    scale = size / SIZE
    centre = size / 2
    bands = _bands(size)
    largest = max((count.count for count in counts), default=1)
    smallest, biggest = GROUP_RADIUS
    groups: list[Group] = []
    for index, (ring, inner, outer, _fill, _stroke) in enumerate(RINGS):
        members = sorted(
            (count for count in counts if count.ring == ring),
            key=lambda count: KIND_ORDER.index(count.kind),
        )
        if not members:
            continue
        radius = (inner + outer) / 2 * scale
        step = 2 * math.pi / len(members)
        start = -math.pi / 2 + index * step / 2 + step / 2
        for position, member in enumerate(members):
            angle = start + position * step
            groups.append(
                Group(
                    ring=member.ring,
                    kind=member.kind,
                    count=member.count,
                    x=round(centre + radius * math.cos(angle), 1),
                    y=round(centre + radius * math.sin(angle), 1),
                    radius=round(
                        (smallest + (biggest - smallest) * math.sqrt(member.count / largest))
                        * scale,
                        1,
                    ),
                    fill=KIND_STYLES[member.kind],
                    query=_changed(query, ring=member.ring, kind=member.kind or UNKNOWN_KIND),
                )
            )
    _label(
        groups,
        [[*wrapped(group.kind_label, GROUP_LINE_LENGTH), group.count_words] for group in groups],
        bands,
        centre,
        size,
    )
    return GroupDrawing(
        size=size,
        centre=centre,
        family_radius=FAMILY_RADIUS * scale,
        bands=bands,
        groups=groups,
    )


# Placing the services ---------------------------------------------------------------------


def _order(service: Service) -> tuple[int, str, str]:
    return (KIND_ORDER.index(service.organisation.kind), service.organisation.name, service.name)


# How many ways of turning each ring are tried (a whole turn, in equal steps).
TURNS = 48


def _place(data: MapData, scale: float, centre: float, *, grouped: bool) -> list[Node]:
    """Each ring's services evenly round it, grouped by kind of organisation, then by
    organisation; each ring turned (and, if it helps, run the other way round) so that
    its links to the rings inside cross as few others as can be."""
    pairs = [(link.source_id, link.target_id) for link in data.links]
    points: dict[int, Point] = {}
    placed: list[tuple[Service, Point]] = []
    for index, (ring, inner, outer, _fill, _stroke) in enumerate(RINGS):
        members = sorted(
            (service for service in data.services if service.ring == ring),
            key=_order if grouped else lambda s: (s.organisation.name, s.name),
        )
        if not members:
            continue
        radius = (inner + outer) / 2 * scale
        step = 2 * math.pi / len(members)
        # Without grouping, each ring starts half a step round from the one inside it.
        start = -math.pi / 2 + index * step / 2 + step / 2
        ways = [(start, 1)]
        if grouped and points:
            ways = [
                (-math.pi / 2 + 2 * math.pi * turn / TURNS, way)
                for way in (1, -1)
                for turn in range(TURNS)
            ]

        def spots(
            start: float,
            way: int,
            members: list[Service] = members,
            radius: float = radius,
            step: float = step,
        ) -> dict[int, Point]:
            return {
                service.pk: (
                    round(centre + radius * math.cos(start + way * position * step), 1),
                    round(centre + radius * math.sin(start + way * position * step), 1),
                )
                for position, service in enumerate(members)
            }

        best = min(ways, key=lambda way: _cost(pairs, {**points, **spots(*way)}, points, centre))
        ring_points = spots(*best)
        points.update(ring_points)
        placed += [(service, ring_points[service.pk]) for service in members]
    return [
        Node(number, service, x, y, KIND_STYLES[service.organisation.kind])
        for number, (service, (x, y)) in enumerate(placed, start=1)
    ]


def _cost(
    pairs: list[tuple[int, int]],
    points: dict[int, Point],
    inside: dict[int, Point],
    centre: float,
) -> float:
    """How many links cross, then how long they are; a circle in line with one of the ring
    inside (which would hide the links behind it) counts as a crossing. Crossings among the
    rings inside are the same whichever way this ring is turned, so they are not counted."""
    moving: list[tuple[Point, Point]] = []
    fixed: list[tuple[Point, Point]] = []
    for a, b in pairs:
        if a in points and b in points:
            line = (points[a], points[b])
            (fixed if a in inside and b in inside else moving).append(line)
    crossed = sum(
        1
        for index, (a, b) in enumerate(moving)
        for c, d in [*moving[index + 1 :], *fixed]
        if not {a, b} & {c, d} and _segments_cross(a, b, c, d)
    )
    length = sum(math.dist(a, b) for a, b in moving)
    angles = [_angle(point, centre) for point in inside.values()]
    hidden = sum(
        1
        for angle in [_angle(point, centre) for key, point in points.items() if key not in inside]
        for other in angles
        if abs((angle - other + math.pi) % (2 * math.pi) - math.pi) < 0.04
    )
    return crossed + hidden + length / 100000


def _angle(point: Point, centre: float) -> float:
    return math.atan2(point[1] - centre, point[0] - centre)


def crossings(drawing: Drawing) -> int:
    """How many pairs of lines on the map cross (lines that meet at a circle do not)."""
    count = 0
    for index, one in enumerate(drawing.edges):
        for other in drawing.edges[index + 1 :]:
            ends = {(one.x1, one.y1), (one.x2, one.y2)}
            if ends & {(other.x1, other.y1), (other.x2, other.y2)}:
                continue
            if _segments_cross(
                (one.x1, one.y1), (one.x2, one.y2), (other.x1, other.y1), (other.x2, other.y2)
            ):
                count += 1
    return count


def _segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    # Lines whose surrounding boxes do not meet cannot cross: most pairs stop here.
    if (
        max(a[0], b[0]) < min(c[0], d[0])
        or max(c[0], d[0]) < min(a[0], b[0])
        or max(a[1], b[1]) < min(c[1], d[1])
        or max(c[1], d[1]) < min(a[1], b[1])
    ):
        return False

    def side(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    return side(a, b, c) * side(a, b, d) < 0 and side(c, d, a) * side(c, d, b) < 0


# Labels ------------------------------------------------------------------------------------

# Widths of Arial's (and Liberation Sans's) characters, in thousandths of the font size,
# to measure labels on the server; a character not listed counts as wide.
_WIDTHS = {
    **dict.fromkeys("ijl'|", 222),
    **dict.fromkeys(" ftI.,:;/!", 278),
    **dict.fromkeys("r()-[]", 333),
    **dict.fromkeys("cksvxyzJ", 500),
    **dict.fromkeys("abdeghnopqu0123456789–L", 556),
    **dict.fromkeys("FTZ", 611),
    **dict.fromkeys("ABEKPSVXY&", 667),
    **dict.fromkeys("wCDHNRU", 722),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("mM", 833),
    "W": 944,
    "…": 1000,
}
_WIDE = 778


def text_width(text: str, size: float = FONT_SIZE) -> float:
    return sum(_WIDTHS.get(char, _WIDE) for char in text) * size / 1000


def shortened(name: str, length: int = LABEL_LENGTH) -> str:
    """The name, cut at a word and ended with "…" when longer than `length`."""
    if len(name) <= length:
        return name
    cut = name[: length - 1].rsplit(" ", 1)[0] if " " in name[: length - 1] else name[: length - 1]
    return cut.rstrip(" ,;:–-(") + "…"


def _initials(words: list[str]) -> str:
    return "".join(word[0] for word in words if word[:1].isalnum()).upper()


def short_labels(names: list[str]) -> list[str]:
    """A short label for each name; names whose short labels would be the same are told
    apart by what differs, their shared start written as its initials ("LMM –
    community messaging"), and numbered if even that leaves two alike."""
    labels = [shortened(name) for name in names]
    alike = Counter(labels)
    for label in [label for label, count in alike.items() if count > 1]:
        group = [index for index, other in enumerate(labels) if other == label]
        if len({names[index] for index in group}) == 1:
            continue  # the same name: only a number tells them apart
        words = [names[index].split() for index in group]
        shared = 0
        while all(len(w) > shared + 1 for w in words) and len({w[shared] for w in words}) == 1:
            shared += 1
        for index, name_words in zip(group, words, strict=True):
            head = _initials(name_words[:shared])
            rest = " ".join(name_words[shared:])
            labels[index] = shortened(f"{head} {rest}" if head else rest)
    # Whatever is still alike (two services of the same name) is numbered.
    seen: Counter[str] = Counter()
    alike = Counter(labels)
    for index, label in enumerate(labels):
        if alike[label] > 1:
            seen[label] += 1
            labels[index] = f"{shortened(label, LABEL_LENGTH - 4)} ({seen[label]})"
    return labels


def wrapped(label: str, width: int = LINE_LENGTH) -> list[str]:
    """The label on at most two lines, broken between words."""
    if len(label) <= width:
        return [label]
    words = re.split(r"(?<=[ ])", label)
    first = ""
    while words and (not first or len(first + words[0].rstrip()) <= width):
        first += words.pop(0)
    return [first.rstrip(), "".join(words)] if words else [first.rstrip()]


def _label_size(lines: list[str]) -> tuple[float, float]:
    width = max(text_width(line) for line in lines) * 1.04 + 2 * LABEL_PADDING
    return width, LINE_HEIGHT * len(lines) + 2 * LABEL_PADDING


# Directions tried for a label, from straight out from the centre round both ways, in
# degrees; then the same further from the circle.
_DIRECTIONS = [0, 30, -30, 60, -60, 90, -90, 120, -120, 150, -150, 180, 15, -15, 45, -45]
_DISTANCES = [0, 6, 12, 20, 30, 42, 56, 72, 90]


class _Mark(Protocol):
    """A circle on the map to label: a service or a group of services."""

    x: float
    y: float
    radius: float
    label: Label | None


def _label(
    nodes: Sequence[_Mark], texts: list[list[str]], bands: list[Band], centre: float, size: int
) -> None:
    """Give each circle its label (`texts`, its lines) where it overlaps no other label, no
    circle, and no word of the map itself; a label set apart from its circle gets a line to
    it."""
    obstacles: list[Box] = [
        Box(centre - 40, centre - 12, centre + 40, centre + 12),  # "Family"
        *(
            Box(
                centre - text_width(band.label, 16) / 2 - 4,
                band.label_y - 16,
                centre + text_width(band.label, 16) / 2 + 4,
                band.label_y + 5,
            )
            for band in bands
        ),
    ]
    # Room for the ring drawn round a selected service's circle.
    circles = [
        Box(
            node.x - node.radius - 4 - LABEL_PADDING,
            node.y - node.radius - 4 - LABEL_PADDING,
            node.x + node.radius + 4 + LABEL_PADDING,
            node.y + node.radius + 4 + LABEL_PADDING,
        )
        for node in nodes
    ]
    placed: list[Box] = []
    for node, lines in zip(nodes, texts, strict=True):
        width, height = _label_size(lines)
        outward = math.atan2(node.y - centre, node.x - centre)
        fallback: Label | None = None
        label = None
        for distance in _DISTANCES:
            for turn in _DIRECTIONS:
                # Outward first, so that labels lean away from the family at the centre.
                direction = outward + math.radians(turn)
                box = _box_beside(node, direction, distance, width, height)
                candidate = Label(lines, box, _leader(node, box))
                if fallback is None:
                    fallback = candidate
                if not box.inside(size):
                    continue
                if any(box.overlaps(other) for other in placed + obstacles + circles):
                    continue
                label = candidate
                break
            if label is not None:
                break
        node.label = label or fallback
        assert node.label is not None
        placed.append(node.label.box)


def _box_beside(node: _Mark, direction: float, distance: float, width: float, height: float) -> Box:
    """The label's box in `direction` from the circle, clear of it by `distance`."""
    dx, dy = math.cos(direction), math.sin(direction)
    # How far along the direction the box's centre must be for the box to clear the circle.
    reach = node.radius + 4 + LABEL_PADDING + 1 + distance
    along = reach + min(
        width / 2 / abs(dx) if abs(dx) > 1e-9 else math.inf,
        height / 2 / abs(dy) if abs(dy) > 1e-9 else math.inf,
    )
    cx, cy = node.x + dx * along, node.y + dy * along
    return Box(
        round(cx - width / 2, 1),
        round(cy - height / 2, 1),
        round(cx + width / 2, 1),
        round(cy + height / 2, 1),
    )


def _leader(node: _Mark, box: Box) -> tuple[float, float, float, float] | None:
    """A line from the circle's edge to the nearest point of a label set apart from it."""
    x = min(max(node.x, box.left), box.right)
    y = min(max(node.y, box.top), box.bottom)
    length = math.hypot(x - node.x, y - node.y) or 1
    if length <= node.radius + 10:
        return None
    return (
        round(node.x + (x - node.x) / length * node.radius, 1),
        round(node.y + (y - node.y) / length * node.radius, 1),
        round(x, 1),
        round(y, 1),
    )
