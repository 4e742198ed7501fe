"""The system map coloured by the embeddedness score (issue 16's second view): the rings as
bands round the family, each organisation a mark on its ring showing its score's band by a
letter (A to E) as well as by colour, and the table of scores beside it. For two of the
directory's time points, two maps side by side, each scoring the period of the chosen
length that ends on its time point's day, and the organisations whose scores moved most.

The directory's own map (`directory.systemmap`, ADR 0009) places services, not
organisations, and reads the live directory; this one is simpler so that it can be drawn
from the disclosed tables alone."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from littleminds.directory.models import MapSnapshot, Ring
from littleminds.insights import score
from littleminds.insights.embeddedness import SHOWN, Period, Scored, period, read_from, ring_words
from littleminds.insights.pages import Filters, Page, register
from littleminds.insights.tables import Column, Disclosed, Ranking, Raw, Shown, Table

# How many organisations each list of those that moved most holds.
MOVED = 10

# Room is left round the outermost ring for the names beside its marks.
SIZE = 840
CENTRE = SIZE / 2
MARK_RADIUS = 11
LABEL_LENGTH = 16
# Inner to outer: each ring's band (its inner and outer radius and fill), the family at the
# centre; organisations not in the directory on the outermost, dashed.
BANDS: tuple[tuple[str, int, int, str], ...] = (
    (Ring.CORE, 40, 130, "#e2f2e5"),
    (Ring.UNIVERSAL, 130, 210, "#eef0f1"),
    (Ring.RISK_FACTORS, 210, 280, "#fdebd3"),
    ("", 280, 318, "#ffffff"),
)
# A score band's fill and the colour of its letter (contrast at least 4.5:1 either way).
BAND_STYLES: dict[str, tuple[str, str]] = {
    "A": ("#003087", "#ffffff"),
    "B": ("#005eb8", "#ffffff"),
    "C": ("#41b6e6", "#212b32"),
    "D": ("#d8dde0", "#212b32"),
    "E": ("#ffffff", "#212b32"),
    "*": ("#768692", "#ffffff"),
}


SCORE_NOTE = gettext_lazy(
    "A score is worked out from the figures shown, against the highest shown of any"
    " organisation, and is not shown (*) when a figure it is made from is not."
)


def map_table(key: str, caption: str, found: Period) -> Table:
    rows: list[dict[str, Raw]] = [
        {
            "organisation": s.name,
            "ring": ring_words(s.ring),
            "activity": s.activity,
            **{part: s.counts[part] for part in score.SCORED},
        }
        for s in found.organisations
    ]
    return Table(
        key=key,
        caption=caption,
        columns=(
            Column("organisation", _("Organisation"), kind="label"),
            Column("ring", _("Ring"), kind="text"),
            Column("activity", _("All contact"), sum_of=score.CONTACT),
            Column(
                "score",
                _("Score out of 100"),
                kind="derived",
                uses=score.SCORED,
                derive=score.shown_score(found.weights.values),
            ),
        ),
        rows=rows,
        note=" ".join(
            [
                _(
                    "The map shows the %(shown)d organisations with the highest scores; the"
                    " CSV download has them all."
                )
                % {"shown": SHOWN}
                if len(rows) > SHOWN
                else _("Highest score first."),
                score.described(found.weights),
            ]
        ),
        page_rows=SHOWN,
        reference=found.everyone,
        ranking=Ranking("score", hidden_last=True),
        note_outside_team=SCORE_NOTE,
    )


def window(snapshot: MapSnapshot, filters: Filters) -> tuple[date, date]:
    """The period of the filters' length that ends on the time point's day."""
    return snapshot.taken_on - (filters.end - filters.start), snapshot.taken_on


def moved_table(
    key: str,
    caption: str,
    pairs: list[tuple[Scored | None, Scored | None]],
    found: tuple[Period, Period],
    *,
    rose: bool,
) -> Table:
    """The organisations whose scores moved most one way, ranked by `disclose` from the
    scores as shown (outside the team, a change that is not shown is not listed)."""
    rows: list[dict[str, Raw]] = []
    for first, second in pairs:
        either = second or first
        assert either is not None
        row: dict[str, Raw] = {
            "organisation": either.name,
            "ring": ring_words(either.ring),
            "activity_first": first.activity if first else 0,
            "activity_second": second.activity if second else 0,
        }
        # The figures each score is made from, carried for `disclose` to derive it.
        for prefix, held in (("first:", first), ("second:", second)):
            for part in score.SCORED:
                row[prefix + part] = held.counts[part] if held else 0
        rows.append(row)
    weights = found[1].weights.values
    reference = [
        *({f"first:{k}": v for k, v in r.items()} for r in found[0].everyone),
        *({f"second:{k}": v for k, v in r.items()} for r in found[1].everyone),
    ]
    return Table(
        key=key,
        caption=caption,
        columns=(
            Column("organisation", _("Organisation"), kind="label"),
            Column("ring", _("Ring"), kind="text"),
            Column(
                "activity_first",
                _("All contact at the first time point"),
                sum_of=tuple(f"first:{part}" for part in score.CONTACT),
            ),
            Column(
                "activity_second",
                _("All contact at the second time point"),
                sum_of=tuple(f"second:{part}" for part in score.CONTACT),
            ),
            Column(
                "score_first",
                _("Score at the first"),
                kind="derived",
                uses=tuple(f"first:{part}" for part in score.SCORED),
                derive=score.shown_score(weights, "first:"),
            ),
            Column(
                "score_second",
                _("Score at the second"),
                kind="derived",
                uses=tuple(f"second:{part}" for part in score.SCORED),
                derive=score.shown_score(weights, "second:"),
            ),
            Column(
                "change",
                _("Change in score"),
                kind="derived",
                uses=("score_first", "score_second"),
                derive=_change,
            ),
        ),
        rows=rows,
        reference=reference,
        ranking=Ranking("change", descending=rose, limit=MOVED, beyond=0.0),
        note_outside_team=_(
            "A change is shown, and listed, only when both scores are: when every figure"
            " they are made from is shown."
        ),
    )


def _change(row: Mapping[str, Shown], _reference: Sequence[Mapping[str, Shown]]) -> Shown:
    first, second = row.get("score_first"), row.get("score_second")
    if not isinstance(first, int | float) or not isinstance(second, int | float):
        return None
    return float(second) - float(first)


def compared(filters: Filters, pair: tuple[MapSnapshot, MapSnapshot]) -> list[Table]:
    first, second = pair
    # Both periods are scored with the same weights, those in force at the later time
    # point, so that a change is a change in what organisations did, not in the weights.
    weights = score.weights_on(second.taken_on)
    found = []
    for snapshot in pair:
        start, end = window(snapshot, filters)
        found.append(period(filters, start=start, end=end, weights=weights))
    tables = [
        map_table(
            f"time-point-{n}",
            _("Scores in the period ending %(day)s (%(label)s)")
            % {"day": date_format(snapshot.taken_on, "j F Y"), "label": snapshot.label},
            kept,
        )
        for n, (snapshot, kept) in enumerate(zip(pair, found, strict=True), start=1)
    ]
    before = {s.organisation: s for s in found[0].organisations}
    after = {s.organisation: s for s in found[1].organisations}
    pairs = [(before.get(o), after.get(o)) for o in {*before, *after}]

    def change(p: tuple[Scored | None, Scored | None]) -> float:
        return (p[1].score if p[1] else 0.0) - (p[0].score if p[0] else 0.0)

    def name(p: tuple[Scored | None, Scored | None]) -> str:
        either = p[1] or p[0]
        return either.name if either else ""

    # Every organisation goes to `disclose`, which ranks them by the changes as shown and
    # keeps the first `MOVED`; the builder's order breaks ties as before.
    risen = sorted(pairs, key=lambda p: (-change(p), name(p)))
    fallen = sorted(pairs, key=lambda p: (change(p), name(p)))
    both = (found[0], found[1])
    tables.append(
        moved_table(
            "risen",
            _("The organisations whose scores rose most from %(first)s to %(second)s")
            % {"first": first.label, "second": second.label},
            risen,
            both,
            rose=True,
        )
    )
    tables.append(
        moved_table(
            "fallen",
            _("The organisations whose scores fell most from %(first)s to %(second)s")
            % {"first": first.label, "second": second.label},
            fallen,
            both,
            rose=False,
        )
    )
    return tables


def build(filters: Filters) -> list[Table]:
    if filters.compare is not None:
        return compared(filters, filters.compare)
    return [map_table("map", _("Scores by organisation"), period(filters))]


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    letter: str
    fill: str
    ink: str
    label: str
    label_x: float
    label_y: float
    anchor: str
    title: str


@dataclass(frozen=True)
class Band:
    inner: int
    outer: int
    fill: str
    label: str
    label_y: float
    dashed: bool


@dataclass(frozen=True)
class Drawing:
    ident: str
    title: str
    description: str
    bands: tuple[Band, ...]
    marks: tuple[Mark, ...]
    size: int = SIZE
    centre: float = CENTRE


def _shorten(name: str) -> str:
    return name if len(name) <= LABEL_LENGTH else name[: LABEL_LENGTH - 1].rstrip() + "…"


def short_labels(names: list[str]) -> list[str]:
    """A short label for each name, never two alike (the directory's map's rule): names cut
    to the same start ("Brackendale Hea…") keep their start and end instead
    ("Brack…Surgery"), and any still alike are numbered."""
    labels = [_shorten(name) for name in names]
    alike = Counter(labels)
    for index, name in enumerate(names):
        if alike[labels[index]] > 1 and len(name) > LABEL_LENGTH:
            head = name[:5].rstrip()
            labels[index] = f"{head}…{name[-(LABEL_LENGTH - len(head) - 1) :].lstrip()}"
    seen: Counter[str] = Counter()
    alike = Counter(labels)
    for index, label in enumerate(labels):
        if alike[label] > 1:
            seen[label] += 1
            labels[index] = f"{label[: LABEL_LENGTH - 4]} ({seen[label]})"
    return labels


def drawing(table: Disclosed) -> Drawing:
    """The map of one disclosed table of scores: its first rows, each on its ring."""
    keys = [c.key for c in table.table.columns]
    rings = {ring_words(ring): ring for ring, *_rest in BANDS}
    by_ring: dict[str, list[tuple[str, object]]] = {ring: [] for ring, *_rest in BANDS}
    for row in table.page_rows:
        ring = rings.get(str(row[keys.index("ring")]), "")
        by_ring[ring].append((str(row[0]), row[keys.index("score")]))
    everyone = [name for ring, *_rest in BANDS for name, _shown in by_ring[ring]]
    label_of = dict(zip(everyone, short_labels(everyone), strict=True))
    marks: list[Mark] = []
    for n, (ring, inner, outer, _fill) in enumerate(BANDS):
        members = by_ring[ring]
        radius = (inner + outer) / 2
        for i, (name, shown) in enumerate(members):
            # Each ring starts a little further round, so that marks of neighbouring rings
            # do not line up along one spoke.
            angle = -math.pi / 2 + 2 * math.pi * i / len(members) + n * 0.35
            x, y = CENTRE + radius * math.cos(angle), CENTRE + radius * math.sin(angle)
            if isinstance(shown, int | float):
                letter = score.band(float(shown))
                words = _("score %(score)s, band %(band)s") % {"score": shown, "band": letter}
            else:
                letter = "*"
                words = _("score not shown: too few to say")
            fill, ink = BAND_STYLES[letter]
            right = math.cos(angle) >= 0
            marks.append(
                Mark(
                    x=round(x, 1),
                    y=round(y, 1),
                    letter=letter,
                    fill=fill,
                    ink=ink,
                    label=label_of[name],
                    label_x=round(x + (MARK_RADIUS + 3) * (1 if right else -1), 1),
                    label_y=round(y + MARK_RADIUS + 10, 1),
                    anchor="start" if right else "end",
                    title=f"{name}: {words}",
                )
            )
    bands = tuple(
        Band(
            inner=inner,
            outer=outer,
            fill=fill,
            label=ring_words(ring),
            label_y=CENTRE - outer + 14,
            dashed=not ring,
        )
        for ring, inner, outer, fill in BANDS
    )
    return Drawing(
        ident=f"{table.key}-map",
        title=table.caption,
        description=_(
            "The rings of the system map round the family, each organisation a circle on its"
            " ring with the letter of its score's band: A 80 to 100, B 60 to 79, C 40 to 59,"
            " D 20 to 39, E under 20, * not shown. The table below has every figure."
        ),
        bands=tuple(reversed(bands)),
        marks=tuple(marks),
    )


def figure(filters: Filters, tables: list[Disclosed]) -> str | None:
    """The map, or the two maps side by side, from the disclosed tables of scores."""
    drawn = [drawing(t) for t in tables if t.key == "map" or t.key.startswith("time-point-")]
    if not drawn:
        return None
    return render_to_string(
        "insights/_map.html",
        {"drawings": drawn, "styles": BAND_STYLES, "side_by_side": len(drawn) > 1},
    )


register(
    Page(
        slug="map",
        title=gettext_lazy("The system map by embeddedness score"),
        question="embedded",
        summary=gettext_lazy(
            "Each organisation of the system map on its ring, marked with its embeddedness"
            " score's band (A is 80 to 100, E under 20), scored as on the embeddedness page."
            " With two time points, each is scored over a period of the length chosen ending"
            " on its day, with the weights in force at the later one, and the organisations"
            " whose scores rose and fell most are listed."
        ),
        build=build,
        read_from=read_from,
        compares=True,
        order=20,
        figure=figure,
    )
)
