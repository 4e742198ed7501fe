"""Reads of the coding part: the codebook as a tree, and a transcript's coding page.

Every function takes a study already reached through `selectors.study_for_researcher`, and
answers 404 for a record of another study. The coding page shows the reader's own codings
only: two researchers code the same transcripts blind, so neither sees the other's here.

Speed (issue 17): a transcript of 20,000 words with 500 codings is read in four queries
(its segments with who spoke them, the reader's codings, the codebook, the memos), and its
margin and highlights are built here in Python, never a query a segment.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from littleminds.accounts.models import User
from littleminds.evaluation.models import Code, Coding, Memo, Segment, Study, Transcript


def _uuid(value: UUID | str) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError:
        raise Http404 from None


@dataclass
class Node:
    """A code in the tree, with how deep it is (0: a theme) and its counts."""

    code: Code
    depth: int
    parent: Code | None = None
    codings: int = 0
    mine: int = 0
    children: int = 0
    first: bool = False
    last: bool = False
    memos: list[Memo] = field(default_factory=list)


def tree_of(codes: Sequence[Code]) -> list[Node]:
    """The codes in tree order: each theme, then its sub-codes (depth first), in their
    order. A code whose parent is missing (it cannot be, but a broken import might) is shown
    as a theme, never lost."""
    by_parent: dict[int | None, list[Code]] = defaultdict(list)
    ids = {node.pk: node for node in codes}
    for node in codes:
        by_parent[node.parent_id if node.parent_id in ids else None].append(node)
    for siblings in by_parent.values():
        siblings.sort(key=lambda node: (node.position, node.name.casefold()))
    ordered: list[Node] = []

    def walk(parent: int | None, depth: int) -> None:
        siblings = by_parent.get(parent, [])
        for at, node in enumerate(siblings):
            ordered.append(
                Node(
                    node,
                    depth,
                    parent=ids.get(parent) if parent is not None else None,
                    children=len(by_parent.get(node.pk, [])),
                    first=at == 0,
                    last=at == len(siblings) - 1,
                )
            )
            if depth < 50:
                walk(node.pk, depth + 1)

    walk(None, 0)
    return ordered


def codebook(study: Study, user: User) -> list[Node]:
    """The study's codebook as a tree, each code with its codings (everyone's, and the
    reader's own) and its memos: two queries."""
    codes = list(
        Code.objects.filter(study=study).annotate(
            all_codings=Count("codings"), my_codings=Count("codings", filter=Q(codings__coder=user))
        )
    )
    nodes = tree_of(codes)
    memos: dict[int, list[Memo]] = defaultdict(list)
    for memo in Memo.objects.filter(study=study, on_code__isnull=False).select_related("author"):
        assert memo.on_code_id is not None
        memos[memo.on_code_id].append(memo)
    for node in nodes:
        node.codings = node.code.all_codings  # type: ignore[attr-defined]
        node.mine = node.code.my_codings  # type: ignore[attr-defined]
        node.memos = memos.get(node.code.pk, [])
    return nodes


def code_in(study: Study, node: UUID | str) -> Code:
    found = Code.objects.filter(study=study, code=_uuid(node)).select_related("parent").first()
    if found is None:
        raise Http404
    return found


def codes_in(study: Study) -> QuerySet[Code]:
    return Code.objects.filter(study=study)


def ready_transcript(study: Study, transcript: UUID | str) -> Transcript:
    """A ready transcript of the study (one still in review cannot be coded): 404 else."""
    found = Transcript.objects.filter(
        study=study, code=_uuid(transcript), status=Transcript.Status.READY
    ).first()
    if found is None:
        raise Http404
    return found


def ready_transcripts(study: Study, user: User) -> QuerySet[Transcript]:
    """The study's ready transcripts with how many codings the reader has made in each."""
    return (
        Transcript.objects.filter(study=study, status=Transcript.Status.READY)
        .annotate(my_codings=Count("codings", filter=Q(codings__coder=user)))
        .only("code", "title", "word_count")
        .order_by("title")
    )


def own_coding(user: User, transcript: Transcript, guid: str) -> Coding:
    """One of the reader's own codings of the transcript: 404 for anyone else's."""
    try:
        key = UUID(str(guid))
    except ValueError:
        raise Http404 from None
    found = (
        Coding.objects.filter(transcript=transcript, coder=user, guid=key)
        .select_related("code", "transcript__study__team")
        .first()
    )
    if found is None:
        raise Http404
    return found


def memo_in(study: Study, memo: UUID | str) -> Memo:
    found = (
        Memo.objects.filter(study=study, code=_uuid(memo))
        .select_related("transcript", "on_code", "study__team")
        .first()
    )
    if found is None:
        raise Http404
    return found


def own_memo(user: User, study: Study, memo: UUID | str) -> Memo:
    """A memo of the study by the reader: only its author changes or removes it."""
    found = memo_in(study, memo)
    if found.author_id != user.pk:
        raise Http404
    return found


def themes_of(tree: list[Node]) -> list[tuple[Node, list[Node]]]:
    """The codebook grouped by theme: each theme with itself and every code under it."""
    groups: list[tuple[Node, list[Node]]] = []
    for node in tree:
        if node.depth == 0:
            groups.append((node, [node]))
        elif groups:
            groups[-1][1].append(node)
    return groups


@dataclass(frozen=True)
class Run:
    """A stretch of a segment's text, highlighted when the reader has coded it."""

    text: str
    coded: bool


@dataclass(frozen=True)
class Row:
    """A segment as the coding page needs it (read as plain values: a long transcript has
    hundreds, and model instances would cost more than the page's whole budget)."""

    index: int
    start: int
    end: int
    speaker: str


@dataclass(frozen=True)
class Marked:
    """One of the reader's codings, as the margin shows it."""

    guid: UUID
    code: Code
    start: int
    end: int


@dataclass(frozen=True)
class Mark:
    """One of the reader's codings in the margin, with the start of the passage it codes."""

    coding: Marked
    quote: str


def quote_of(text: str, start: int, end: int, limit: int = 60) -> str:
    passage = text[start : min(end, start + limit + 1)]
    return passage if end - start <= limit else passage[: limit - 1] + "…"


@dataclass
class SegmentView:
    segment: Row
    withdrawn: bool
    runs: list[Run]
    codings: list[Mark] = field(default_factory=list)
    memos: list[Memo] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"s{self.segment.index}"


@dataclass
class CodingPage:
    transcript: Transcript
    segments: list[SegmentView]
    codes: list[Node]
    memos: list[Memo]
    codings: int

    @property
    def themes(self) -> list[tuple[Node, list[Node]]]:
        return themes_of(self.codes)


def anchor_at(segments: list[SegmentView], position: int) -> str:
    """The anchor of the segment a position falls in (or of the last one before it)."""
    starts = [view.segment.start for view in segments]
    at = bisect_right(starts, position) - 1
    return segments[at].anchor if 0 <= at < len(segments) else ""


def _rows(transcript: Transcript) -> list[tuple[Row, bool]]:
    """The transcript's segments in order, each with whether a withdrawn participant spoke it
    (as `selectors.segment_is_withdrawn` says, read in the same query)."""
    return [
        (Row(index, start, end, speaker), withdrawn_at is not None)
        for index, start, end, speaker, withdrawn_at in Segment.objects.filter(
            transcript=transcript
        )
        .order_by("index")
        .values_list("index", "start", "end", "speaker", "participant__withdrawn_at")
    ]


def passage_parts(study: Study, transcript: Transcript) -> tuple[list[SegmentView], list[Node]]:
    """What choosing a passage needs, without the margin: the segments (two queries in all,
    so applying a code stays quick on a long transcript) and the codebook."""
    segments = [SegmentView(row, withdrawn, []) for row, withdrawn in _rows(transcript)]
    return segments, tree_of(list(Code.objects.filter(study=study)))


def _runs(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[Run]:
    if not spans:
        return [Run(text[start:end], False)]
    cuts = {start, end}
    for span_start, span_end in spans:
        cuts.add(max(start, span_start))
        cuts.add(min(end, span_end))
    runs: list[Run] = []
    for left, right in pairwise(sorted(cuts)):
        if left >= right:
            continue
        coded = any(s < right and left < e for s, e in spans)
        if runs and runs[-1].coded == coded:
            runs[-1] = Run(runs[-1].text + text[left:right], coded)
        else:
            runs.append(Run(text[left:right], coded))
    return runs


def coding_page(user: User, study: Study, transcript: Transcript) -> CodingPage:
    """The transcript by segment with the reader's own codings (in the margin of the segment
    each starts in, and highlighted in the text), the memos on it and on its passages, and
    the codebook to choose from."""
    rows = _rows(transcript)
    nodes = tree_of(list(Code.objects.filter(study=study)))
    codes = {node.code.pk: node.code for node in nodes}
    codings = [
        Marked(guid, codes[code_id], start, end)
        for guid, code_id, start, end in Coding.objects.filter(transcript=transcript, coder=user)
        .order_by("start", "end", "pk")
        .values_list("guid", "code_id", "start", "end")
    ]
    memos = list(
        Memo.objects.filter(transcript=transcript).select_related("author").order_by("created_at")
    )
    text = transcript.text
    segments = [row for row, _withdrawn in rows]
    starts = [segment.start for segment in segments]
    spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
    margin: dict[int, list[Mark]] = defaultdict(list)
    for coding in codings:
        first = max(bisect_right(starts, coding.start) - 1, 0)
        margin[first].append(Mark(coding, quote_of(text, coding.start, coding.end)))
        at = first
        while at < len(segments) and segments[at].start < coding.end:
            spans[at].append((coding.start, coding.end))
            at += 1
    passage_memos: dict[int, list[Memo]] = defaultdict(list)
    whole: list[Memo] = []
    for memo in memos:
        if memo.start is None:
            whole.append(memo)
        else:
            passage_memos[max(bisect_right(starts, memo.start) - 1, 0)].append(memo)
    views = [
        SegmentView(
            segment=segment,
            withdrawn=withdrawn,
            runs=_runs(text, segment.start, segment.end, spans.get(at, [])),
            codings=margin.get(at, []),
            memos=passage_memos.get(at, []),
        )
        for at, (segment, withdrawn) in enumerate(rows)
    ]
    return CodingPage(transcript, views, nodes, whole, len(codings))


def segment_anchor(transcript: Transcript, position: int) -> str:
    """The anchor of the segment a position of the transcript falls in (one query)."""
    index = (
        Segment.objects.filter(transcript=transcript, start__lte=position)
        .order_by("-start")
        .values_list("index", flat=True)
        .first()
    )
    return f"s{index}" if index is not None else ""
