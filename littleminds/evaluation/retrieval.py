"""Passages: what retrieval lists, the matrix counts and the exports write out.

A passage is a stretch of a transcript coded with one code. Codings of the same code in the
same transcript that share any text are one passage (their spans joined), whoever made them:
so a passage both coders coded is shown once, with both names. With a coder chosen, only that
coder's codings make passages.

Who said a passage: the participants of the segments it overlaps (`Segment.participant`);
for the filters a passage belongs to those participants' groups and rings, and to its
transcript's time point. Codings are read only through `analysable_codings`, so nothing a
withdrawn participant said (nor any transcript all of whose participants withdrew) comes in;
the context shown around a passage stays within the segments it overlaps, so it cannot show
a neighbouring withdrawn turn either.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from littleminds.accounts.models import User
from littleminds.evaluation.models import Code, Coding, Participant, Segment, Study, TimePoint
from littleminds.evaluation.models import Transcript as TranscriptModel
from littleminds.evaluation.selectors import analysable_codings

# How much text around a passage is shown, at most, on each side (code points).
CONTEXT = 80


@dataclass(frozen=True)
class PassageFilters:
    """Which passages: of these codes, optionally said by a group, at a time point, by an
    organisation in a ring, coded by one coder. Empty means any."""

    group: str = ""
    time_point: TimePoint | None = None
    ring: str = ""
    coder: User | None = None

    def detail(self) -> dict[str, str]:
        """The filters as the audit trail keeps them."""
        return {
            "group": self.group,
            "time_point": str(self.time_point.code) if self.time_point else "",
            "ring": self.ring,
            "coder": str(self.coder.code) if self.coder else "",
        }


@dataclass
class Passage:
    code: Code
    transcript: TranscriptModel
    start: int
    end: int
    text: str = ""
    before: str = ""
    after: str = ""
    participants: list[Participant] = field(default_factory=list)
    coders: list[User] = field(default_factory=list)

    @property
    def participant_labels(self) -> str:
        return ", ".join(p.label for p in self.participants)

    @property
    def coder_names(self) -> str:
        return ", ".join(c.full_name or c.email for c in self.coders)

    def said_by(self, group: str = "", ring: str = "") -> list[Participant]:
        return [
            p
            for p in self.participants
            if (not group or p.group == group) and (not ring or p.ring == ring)
        ]


def _merged(codings: list[Coding]) -> list[tuple[int, int, list[User]]]:
    """The codings' spans joined where they share text, each with its coders."""
    joined: list[tuple[int, int, list[User]]] = []
    for coding in sorted(codings, key=lambda c: (c.start, c.end)):
        if joined and coding.start < joined[-1][1]:
            start, end, coders = joined[-1]
            if coding.coder not in coders:
                coders.append(coding.coder)
            joined[-1] = (start, max(end, coding.end), coders)
        else:
            joined.append((coding.start, coding.end, [coding.coder]))
    return joined


def _context(text: str, start: int, end: int, low: int, high: int) -> tuple[str, str]:
    """A little text each side of [start, end), within [low, high), cut between words."""
    before_from = max(low, start - CONTEXT)
    before = text[before_from:start]
    if before_from > low and " " in before:
        before = "…" + before.split(" ", 1)[1]
    after_to = min(high, end + CONTEXT)
    after = text[end:after_to]
    if after_to < high and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, after


def _live_segments(transcript_ids: Iterable[int]) -> dict[int, list[Segment]]:
    segments: dict[int, list[Segment]] = defaultdict(list)
    for segment in (
        Segment.objects.filter(transcript__in=list(transcript_ids))
        .exclude(participant__withdrawn_at__isnull=False)
        .select_related("participant")
        .order_by("transcript", "start")
    ):
        segments[segment.transcript_id].append(segment)
    return segments


def study_passages(study: Study, *, coder: User | None = None) -> list[Passage]:
    """Every passage of the study in the analysis, for every code (one coder's, if given),
    in transcript order."""
    by_place: dict[tuple[int, int], list[Coding]] = defaultdict(list)
    for coding in analysable_codings(study, coder=coder):
        by_place[(coding.code_id, coding.transcript_id)].append(coding)
    segments = _live_segments({transcript for _code, transcript in by_place})
    # Each coding brings its own copy of its transcript: give each copy its time point from
    # one read, so that a page showing them does not read one a passage.
    points = {point.pk: point for point in study.time_points.all()}
    found: list[Passage] = []
    for codings in by_place.values():
        transcript = codings[0].transcript
        transcript.time_point = points.get(transcript.time_point_id)  # type: ignore[arg-type]
        text = transcript.text
        spoken = segments.get(transcript.pk, [])
        ends = [segment.end for segment in spoken]
        for start, end, coders in _merged(codings):
            touched = []
            # The first segment ending after `start`, then every one starting before `end`.
            for segment in spoken[bisect_left(ends, start + 1) :]:
                if segment.start >= end:
                    break
                touched.append(segment)
            participants: list[Participant] = []
            for segment in touched:
                if segment.participant is not None and segment.participant not in participants:
                    participants.append(segment.participant)
            before, after = (
                _context(text, start, end, touched[0].start, touched[-1].end)
                if touched
                else ("", "")
            )
            found.append(
                Passage(
                    code=codings[0].code,
                    transcript=transcript,
                    start=start,
                    end=end,
                    text=text[start:end],
                    before=before,
                    after=after,
                    participants=participants,
                    coders=coders,
                )
            )
    found.sort(key=lambda p: (p.transcript.title, p.start, p.end, p.code.pk))
    return found


def filtered(passages: Iterable[Passage], filters: PassageFilters) -> list[Passage]:
    """The passages that pass the filters (the coder is chosen when making them)."""
    return [
        passage
        for passage in passages
        if (filters.time_point is None or passage.transcript.time_point_id == filters.time_point.pk)
        # Group and ring are asked of the same participant: a passage of two speakers
        # belongs to a group's ring only when one of them is of both.
        and (
            not (filters.group or filters.ring)
            or passage.said_by(group=filters.group, ring=filters.ring)
        )
    ]
