"""Reads of the analysis: the codebook as rows, retrieval of passages, the matrix, and the
agreement between two coders. A study's pages reach these only after
`study_for_researcher`; codings come only through `analysable_codings` and transcripts only
through `live_transcripts`, so a withdrawn participant's words are in none of them.
Every read of passages' text (retrieval, its exports, the side-by-side view) is audited."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode
from uuid import UUID

from django.http import Http404
from django.urls import reverse

from littleminds.accounts.models import User
from littleminds.audit.services import audit_read, audit_record
from littleminds.evaluation.agreement import Agreement, cohen_kappa, coverage, pooled
from littleminds.evaluation.models import Code, Participant, Segment, Study, TimePoint, Transcript
from littleminds.evaluation.retrieval import Passage, PassageFilters, filtered, study_passages
from littleminds.evaluation.selectors import analysable_codings, live_transcripts


@dataclass(frozen=True)
class CodeRow:
    code: Code
    depth: int


def codebook_rows(study: Study) -> list[CodeRow]:
    """The study's codes in the codebook's order, each theme followed by its sub-codes."""
    children: dict[int | None, list[Code]] = defaultdict(list)
    for node in study.codes.order_by("position", "name"):
        children[node.parent_id].append(node)
    rows: list[CodeRow] = []

    def walk(parent: int | None, depth: int) -> None:
        for node in children.get(parent, []):
            rows.append(CodeRow(node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return rows


def code_of(study: Study, node: UUID | str) -> Code:
    """One of the study's codes; 404 for any other."""
    found = Code.objects.filter(study=study, code=node).first()
    if found is None:
        raise Http404
    return found


def with_subcodes(study: Study, node: Code) -> list[Code]:
    """The code and every code under it, in the codebook's order."""
    rows = codebook_rows(study)
    at = next(i for i, row in enumerate(rows) if row.code.pk == node.pk)
    under = [rows[at].code]
    for row in rows[at + 1 :]:
        if row.depth <= rows[at].depth:
            break
        under.append(row.code)
    return under


def coders_of(study: Study) -> list[User]:
    """The study's researchers, leads first: who may have coded."""
    return [member.user for member in study.researchers.select_related("user")]


# Retrieval.


@dataclass
class Retrieved:
    """The passages of each code asked for, in the codebook's order."""

    codes: list[tuple[Code, list[Passage]]]

    @property
    def count(self) -> int:
        return sum(len(passages) for _code, passages in self.codes)

    @property
    def transcripts(self) -> int:
        return len({p.transcript.pk for _code, passages in self.codes for p in passages})


def retrieve(
    *,
    by: User,
    study: Study,
    node: Code,
    subcodes: bool,
    filters: PassageFilters,
    export: str = "",
) -> Retrieved:
    """The passages coded with `node` (and its sub-codes, if asked) that pass the filters;
    the read is audited, as an export when `export` names the file's kind."""
    codes = with_subcodes(study, node) if subcodes else [node]
    wanted = {c.pk for c in codes}
    passages = filtered(
        (p for p in study_passages(study, coder=filters.coder) if p.code.pk in wanted), filters
    )
    by_code: dict[int, list[Passage]] = defaultdict(list)
    for passage in passages:
        by_code[passage.code.pk].append(passage)
    found = Retrieved([(c, by_code[c.pk]) for c in codes if by_code.get(c.pk)])
    detail = {
        "study": str(study.code),
        "subcodes": subcodes,
        "passages": found.count,
        **filters.detail(),
    }
    if export:
        audit_record(
            by=by,
            action="analysis.passages_exported",
            target=node,
            team=study.team,
            detail={**detail, "form": export},
        )
    else:
        audit_record(
            by=by, action="analysis.passages_viewed", target=node, team=study.team, detail=detail
        )
    return found


# The matrix.


@dataclass(frozen=True)
class Column:
    group: str
    group_label: str
    time_point: TimePoint


@dataclass
class Cell:
    passages: int = 0
    participants: int = 0
    link: str = ""
    column: Column | None = None


@dataclass
class MatrixRow:
    code: Code
    depth: int
    cells: list[Cell]
    total: Cell


@dataclass
class Matrix:
    columns: list[Column]
    rows: list[MatrixRow]
    groups: list[tuple[str, str]]
    time_points: list[TimePoint]
    coder: User | None = None
    unplaced: int = 0  # passages in a transcript with no time point


def _retrieval_link(study: Study, node: Code, **query: str) -> str:
    url = reverse("evaluation:retrieval", kwargs={"code": study.code, "node": node.code})
    query = {k: v for k, v in query.items() if v}
    return f"{url}?{urlencode(query)}" if query else url


def matrix(study: Study, *, coder: User | None = None) -> Matrix:
    """Codes × groups × time points: in each cell the passages of the code said by someone of
    the group at the time point, and how many participants (distinct) said them. A passage of
    speakers of two groups counts in each group's column; each row's total counts a passage
    once, whoever said it (including passages whose speaker is not known)."""
    time_points = list(study.time_points.all())
    present = set(
        Participant.objects.filter(study=study, withdrawn_at__isnull=True).values_list(
            "group", flat=True
        )
    )
    groups = [(value, str(label)) for value, label in Participant.Group.choices if value in present]
    columns = [Column(g, label, point) for g, label in groups for point in time_points]
    at = {(c.group, c.time_point.pk): i for i, c in enumerate(columns)}
    passages = study_passages(study, coder=coder)
    counted: dict[int, list[tuple[int, set[int]]]] = defaultdict(
        lambda: [(0, set()) for _column in columns]
    )
    totals: dict[int, tuple[int, set[int]]] = defaultdict(lambda: (0, set()))
    unplaced = 0
    for passage in passages:
        n, who = totals[passage.code.pk]
        totals[passage.code.pk] = (n + 1, who | {p.pk for p in passage.participants})
        point = passage.transcript.time_point_id
        if point is None:
            unplaced += 1
            continue
        cells = counted[passage.code.pk]
        groups_said: dict[str, set[int]] = defaultdict(set)
        for person in passage.participants:
            groups_said[person.group].add(person.pk)
        for group, people in groups_said.items():
            i = at.get((group, point))
            if i is not None:
                n, who = cells[i]
                cells[i] = (n + 1, who | people)
    coder_query = str(coder.code) if coder else ""
    rows = []
    for row in codebook_rows(study):
        cells = counted[row.code.pk]
        shown = []
        for column, (n, who) in zip(columns, cells, strict=True):
            link = (
                _retrieval_link(
                    study,
                    row.code,
                    group=column.group,
                    time_point=str(column.time_point.code),
                    coder=coder_query,
                )
                if n
                else ""
            )
            shown.append(Cell(n, len(who), link, column))
        n, who = totals[row.code.pk]
        total = Cell(n, len(who), _retrieval_link(study, row.code, coder=coder_query) if n else "")
        rows.append(MatrixRow(row.code, row.depth, shown, total))
    return Matrix(columns, rows, groups, time_points, coder, unplaced)


# Agreement between two coders.


def default_pair(study: Study) -> tuple[User | None, User | None]:
    """The two researchers with the most codings in the analysis (leads first on a tie)."""
    coders = coders_of(study)
    made = Counter(coding.coder_id for coding in analysable_codings(study))
    ranked = sorted(coders, key=lambda user: -made[user.pk])
    return (
        ranked[0] if ranked else None,
        ranked[1] if len(ranked) > 1 else None,
    )


@dataclass
class Decisions:
    """For one transcript, its segments in the analysis and, for each code, whether each
    coder coded each segment."""

    transcript: Transcript
    segments: list[Segment]
    a: dict[int, list[bool]]
    b: dict[int, list[bool]]


def _coded_spans(codings: list) -> dict[tuple[int, int], list[tuple[int, int]]]:
    spans: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for coding in codings:
        spans[(coding.transcript_id, coding.code_id)].append((coding.start, coding.end))
    return spans


def decisions(
    study: Study, a: User, b: User, *, transcripts: list[int] | None = None
) -> tuple[list[Decisions], list[Transcript]]:
    """Each coder's yes/no for every code on every segment in the analysis, for the
    transcripts both coded (at least one coding each); and the transcripts left out because
    only one of them, or neither, coded them. A segment is coded with a code by a coder when
    any of that coder's codings of that code overlaps it; a withdrawn participant's segments
    are left out."""
    codes = [row.code.pk for row in codebook_rows(study)]
    live = list(live_transcripts(study).order_by("title"))
    if transcripts is not None:
        live = [t for t in live if t.pk in transcripts]
    ids = [t.pk for t in live]
    of_a = analysable_codings(study, coder=a, transcripts=ids)
    of_b = analysable_codings(study, coder=b, transcripts=ids)
    spans_a, spans_b = _coded_spans(of_a), _coded_spans(of_b)
    coded_by_a = {c.transcript_id for c in of_a}
    coded_by_b = {c.transcript_id for c in of_b}
    both = [t for t in live if t.pk in coded_by_a and t.pk in coded_by_b]
    left_out = [t for t in live if t not in both]
    segments: dict[int, list[Segment]] = defaultdict(list)
    for segment in (
        Segment.objects.filter(transcript__in=[t.pk for t in both])
        .exclude(participant__withdrawn_at__isnull=False)
        .select_related("participant")
        .order_by("transcript", "index")
    ):
        segments[segment.transcript_id].append(segment)
    found = []
    for transcript in both:
        its = segments[transcript.pk]
        places = [(s.start, s.end) for s in its]
        found.append(
            Decisions(
                transcript,
                its,
                {c: coverage(places, spans_a.get((transcript.pk, c), [])) for c in codes},
                {c: coverage(places, spans_b.get((transcript.pk, c), [])) for c in codes},
            )
        )
    return found, left_out


@dataclass
class AgreementReport:
    a: User
    b: User
    codes: list[tuple[CodeRow, Agreement]]
    transcripts: list[tuple[Transcript, Agreement]]
    overall: Agreement
    left_out: list[Transcript] = field(default_factory=list)


def agreement(study: Study, a: User, b: User) -> AgreementReport:
    """Cohen's kappa per code (over every segment of the transcripts both coded), per
    transcript (over every code × segment of it) and overall (every code × segment)."""
    found, left_out = decisions(study, a, b)
    per: dict[tuple[int, int], Agreement] = {
        (d.transcript.pk, code): cohen_kappa(d.a[code], d.b[code]) for d in found for code in d.a
    }
    rows = codebook_rows(study)
    codes = [(row, pooled([per[(d.transcript.pk, row.code.pk)] for d in found])) for row in rows]
    transcripts = [
        (d.transcript, pooled([per[(d.transcript.pk, row.code.pk)] for row in rows])) for d in found
    ]
    return AgreementReport(a, b, codes, transcripts, pooled(list(per.values())), left_out=left_out)


@dataclass
class SideBySide:
    index: int
    speaker: str
    text: str
    withdrawn: bool
    a: list[Code]
    b: list[Code]

    @property
    def both(self) -> list[Code]:
        return [c for c in self.a if c in self.b]

    @property
    def only_a(self) -> list[Code]:
        return [c for c in self.a if c not in self.b]

    @property
    def only_b(self) -> list[Code]:
        return [c for c in self.b if c not in self.a]

    @property
    def differs(self) -> bool:
        return bool(self.only_a or self.only_b)


def transcript_for_agreement(study: Study, transcript: UUID | str) -> Transcript:
    """One of the study's transcripts in the analysis; 404 for any other."""
    found = live_transcripts(study).filter(code=transcript).select_related("time_point").first()
    if found is None:
        raise Http404
    return found


def side_by_side(
    *, by: User, study: Study, transcript: Transcript, a: User, b: User
) -> list[SideBySide]:
    """Each segment of the transcript with the codes coder A and coder B gave it. A withdrawn
    participant's segments keep their place but not their words. Audited as a read of the
    transcript."""
    audit_read(by=by, target=transcript, team=study.team)
    codes = {row.code.pk: row.code for row in codebook_rows(study)}
    spans_a = _coded_spans(analysable_codings(study, coder=a, transcripts=[transcript.pk]))
    spans_b = _coded_spans(analysable_codings(study, coder=b, transcripts=[transcript.pk]))
    segments = list(transcript.segments.select_related("participant").order_by("index"))
    places = [(segment.start, segment.end) for segment in segments]
    coded_a = {c: coverage(places, spans_a.get((transcript.pk, c), [])) for c in codes}
    coded_b = {c: coverage(places, spans_b.get((transcript.pk, c), [])) for c in codes}
    rows = []
    for i, segment in enumerate(segments):
        withdrawn = segment.participant is not None and segment.participant.withdrawn
        rows.append(
            SideBySide(
                index=segment.index + 1,
                speaker=segment.speaker,
                text="" if withdrawn else transcript.text[segment.start : segment.end],
                withdrawn=withdrawn,
                a=[] if withdrawn else [node for c, node in codes.items() if coded_a[c][i]],
                b=[] if withdrawn else [node for c, node in codes.items() if coded_b[c][i]],
            )
        )
    return rows
