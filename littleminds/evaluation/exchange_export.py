"""REFI-QDA export: a study's codebook as a `.qdc` file and the whole project as a `.qdpx`,
for NVivo, ATLAS.ti, MAXQDA and QualCoder (ADR 0044).

What goes out is what the analysis reads (ADR 0043): ready transcripts still in the analysis
(`live_transcripts`), never one in review nor an original; codings through
`analysable_codings`; a withdrawn participant's segments masked in the exported text with a
marker of the same length, so every position stays the app's own; their case, and memos on
passages they said, left out.

Identity. Every element's GUID is one the app keeps: `Code.guid`, `Coding.guid`, and each
other record's `code` (a user, a participant, a transcript, a memo). Selections and
variables, which the app does not keep as records, get a name-based UUID (version 5) made
from their record's GUID, so exporting the same data again gives the same file, byte for
byte, and a later export names every object as the earlier one did.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from lxml import etree

from littleminds.accounts.models import User
from littleminds.directory.models import Ring
from littleminds.evaluation.models import (
    Code,
    Coding,
    Memo,
    Participant,
    Participation,
    Study,
    Transcript,
)
from littleminds.evaluation.selectors import (
    analysable_codings,
    live_transcripts,
    researchers_of,
    withdrawn_spans,
)
from littleminds.evaluation.selectors_analysis import codebook_rows
from littleminds.evaluation.selectors_coding import quote_of
from littleminds.evaluation.selectors_participants import participants_of

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"

# XML 1.0 refuses most control characters; a memo or a description pasted from elsewhere
# may hold one. Transcripts go out as text files and keep every character.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def origin() -> str:
    """The project's `origin`, "Little Minds 0.1.0": where tools say it came from."""
    try:
        number = package_version("littleminds")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout not installed
        number = "unknown"
    return f"Little Minds {number}"


def xml_datetime(value: datetime) -> str:
    """An xsd:dateTime in UTC, to the second (some tools refuse fractions)."""
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def derived_guid(of: uuid.UUID, what: str) -> uuid.UUID:
    """A stable GUID for something the app keeps no record of (a selection, a variable),
    made from the GUID of the record it belongs to."""
    return uuid.uuid5(of, what)


def source_file_name(transcript: Transcript) -> str:
    return f"{transcript.code}.txt"


def masked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each span replaced by a marker of exactly its length in code points, so
    that every position after it stays where it was."""
    marker = _("[withdrawn]")
    pieces: list[str] = []
    at = 0
    for start, end in sorted(spans):
        start = max(start, at)
        if start >= end:
            continue
        length = end - start
        pieces.append(text[at:start])
        pieces.append((marker if len(marker) <= length else "…"[:length]).ljust(length))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _note_name(text: str) -> str:
    """A memo's start on one line, as the name tools list notes by."""
    line = " ".join(text.split())
    return quote_of(line, 0, len(line), 40)


def _name(user: User) -> str:
    return user.full_name or user.email


# Gathering what goes out.


@dataclass(frozen=True)
class Variable:
    key: str
    name: str
    kind: str  # REFI-QDA's typeOfVariable
    description: str


@dataclass
class ExportedSource:
    transcript: Transcript
    text: str  # as exported: withdrawn segments masked
    codings: list[Coding]
    passage_memos: list[Memo]
    memos: list[Memo]  # on the whole transcript


@dataclass
class ProjectExport:
    study: Study
    codes: list[tuple[Code, int]]  # in the codebook's order, with their depth
    sources: list[ExportedSource]
    code_memos: dict[int, list[Memo]]
    participants: list[Participant]  # not withdrawn
    users: list[User]

    @property
    def memos(self) -> list[Memo]:
        found = [m for memos in self.code_memos.values() for m in memos]
        for source in self.sources:
            found += source.memos + source.passage_memos
        return sorted(found, key=lambda m: (m.created_at, str(m.code)))

    @property
    def codings(self) -> int:
        return sum(len(source.codings) for source in self.sources)


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < span_end and span_start < end for span_start, span_end in spans)


def project_export(study: Study) -> ProjectExport:
    """Everything of the study that goes into its `.qdpx`, read through the analysis's own
    selectors (so withdrawal is applied as everywhere else), in a fixed order."""
    transcripts = list(
        live_transcripts(study)
        .defer("original_text")
        .select_related("uploaded_by", "time_point")
        .order_by("title")
    )
    ids = [t.pk for t in transcripts]
    spans = withdrawn_spans(ids)
    codings: dict[int, list[Coding]] = defaultdict(list)
    for found in analysable_codings(study, transcripts=ids):
        codings[found.transcript_id].append(found)
    transcript_memos: dict[int, list[Memo]] = defaultdict(list)
    passage_memos: dict[int, list[Memo]] = defaultdict(list)
    code_memos: dict[int, list[Memo]] = defaultdict(list)
    live = set(ids)
    for memo in (
        Memo.objects.filter(study=study).select_related("author").order_by("created_at", "code")
    ):
        if memo.on_code_id is not None:
            code_memos[memo.on_code_id].append(memo)
        elif memo.transcript_id in live:
            if memo.start is None or memo.end is None:
                transcript_memos[memo.transcript_id].append(memo)
            elif not _overlaps(memo.start, memo.end, spans.get(memo.transcript_id, ())):
                passage_memos[memo.transcript_id].append(memo)
    sources = [
        ExportedSource(
            transcript=t,
            text=masked(t.text, spans.get(t.pk, ())),
            codings=sorted(codings[t.pk], key=lambda c: (c.start, c.end, str(c.guid))),
            passage_memos=sorted(
                passage_memos[t.pk], key=lambda m: (m.start or 0, m.end or 0, str(m.code))
            ),
            memos=transcript_memos[t.pk],
        )
        for t in transcripts
    ]
    # Which transcripts each participant is in, without their text.
    in_transcripts = Prefetch(
        "transcripts", queryset=Transcript.objects.only("pk", "code", "title")
    )
    participants = [
        p for p in participants_of(study).prefetch_related(in_transcripts) if p.withdrawn_at is None
    ]
    users: dict[int, User] = {study.created_by_id: study.created_by}
    for member in researchers_of(study):
        users[member.user_id] = member.user
    for source in sources:
        users[source.transcript.uploaded_by_id] = source.transcript.uploaded_by
        for coding in source.codings:
            users[coding.coder_id] = coding.coder
    for memos in [*code_memos.values(), *transcript_memos.values(), *passage_memos.values()]:
        for memo in memos:
            users[memo.author_id] = memo.author
    return ProjectExport(
        study=study,
        codes=[(row.code, row.depth) for row in codebook_rows(study)],
        sources=sources,
        code_memos=code_memos,
        participants=participants,
        users=sorted(users.values(), key=lambda u: (_name(u).casefold(), str(u.code))),
    )


def variables() -> list[Variable]:
    """The participants' variables, defined once for the project, in the order tools show."""
    return [
        Variable("group", _("Group"), "Text", _("The participant's group")),
        Variable("organisation", _("Organisation"), "Text", _("Where the participant works")),
        Variable(
            "ring",
            _("Ring"),
            "Text",
            _("The organisation's ring on the directory's map when the participant was added"),
        ),
        Variable("time_points", _("Time points"), "Text", _("The time points they took part in")),
        Variable("method", _("Method"), "Text", _("How they took part")),
        Variable("consent_on", _("Consent given on"), "Date", _("The date of their consent")),
        Variable(
            "information_sheet",
            _("Information sheet version"),
            "Text",
            _("The version of the information sheet they were given"),
        ),
    ]


def _values(participant: Participant) -> dict[str, str]:
    """The participant's variables in words, blank where unknown."""
    participations: list[Participation] = list(participant.participations.all())
    methods: list[str] = []
    for taking_part in participations:
        words = str(Participation.Method(taking_part.method).label)
        if words not in methods:
            methods.append(words)
    return {
        "group": str(Participant.Group(participant.group).label),
        "organisation": participant.organisation.name if participant.organisation else "",
        "ring": str(Ring(participant.ring).label) if participant.ring else "",
        "time_points": ", ".join(p.time_point.label for p in participations),
        "method": ", ".join(methods),
        "consent_on": participant.consent_on.isoformat(),
        "information_sheet": participant.information_sheet_version,
    }


# Writing XML.


class _Writer:
    """Elements of one namespace, each attribute written only when it has a value."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def root(self, tag: str, **attributes: str) -> etree._Element:
        element = etree.Element(f"{{{self.namespace}}}{tag}", nsmap={None: self.namespace})
        self._set(element, attributes)
        return element

    def add(
        self, parent: etree._Element, tag: str, text: str | None = None, **attributes: str
    ) -> etree._Element:
        element = etree.SubElement(parent, f"{{{self.namespace}}}{tag}")
        self._set(element, attributes)
        if text is not None:
            element.text = _clean(text)
        return element

    @staticmethod
    def _set(element: etree._Element, attributes: dict[str, str]) -> None:
        for key, value in attributes.items():
            if value != "":
                element.set(key, _clean(value))


def _codes(
    writer: _Writer,
    parent: etree._Element,
    export_codes: list[tuple[Code, int]],
    code_memos: dict[int, list[Memo]] | None,
) -> None:
    """The codebook's `<Codes>`, each sub-code inside its theme."""
    codes = writer.add(parent, "Codes")
    by_parent: dict[int | None, list[Code]] = defaultdict(list)
    for node, _depth in export_codes:
        by_parent[node.parent_id].append(node)

    def write(into: etree._Element, node: Code) -> None:
        element = writer.add(
            into,
            "Code",
            guid=str(node.guid),
            name=node.name,
            isCodable="true",
            color=node.colour,
        )
        if node.description:
            writer.add(element, "Description", node.description)
        for memo in (code_memos or {}).get(node.pk, []):
            writer.add(element, "NoteRef", targetGUID=str(memo.code))
        for child in by_parent.get(node.pk, []):
            write(element, child)

    for theme in by_parent.get(None, []):
        write(codes, theme)


def _serialised(root: etree._Element) -> bytes:
    # The declaration written out in the usual form (lxml's own uses single quotes).
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
        root, encoding="utf-8", pretty_print=True
    )


def codebook_qdc(study: Study) -> bytes:
    """The study's codebook as a REFI-QDA `.qdc` file: `<CodeBook>` in the codebook
    namespace, its codes nested as in the codebook. An empty codebook has no valid `.qdc`
    (the schema wants a code at least), so the caller checks `has_codes` first."""
    writer = _Writer(CODEBOOK_NS)
    root = writer.root("CodeBook")
    _codes(writer, root, [(row.code, row.depth) for row in codebook_rows(study)], None)
    return _serialised(root)


def has_codes(study: Study) -> bool:
    return study.codes.exists()


def _modified(export: ProjectExport) -> datetime:
    """When the exported data last changed: the latest time any exported record keeps."""
    times = [export.study.created_at]
    for source in export.sources:
        times.append(source.transcript.ready_at or source.transcript.uploaded_at)
        times += [c.created_at for c in source.codings]
    times += [m.updated_at for m in export.memos]
    return max(times)


def project_qde(export: ProjectExport) -> bytes:
    """The `project.qde` of the study's `.qdpx` (see the module's note)."""
    study = export.study
    writer = _Writer(PROJECT_NS)
    root = writer.root(
        "Project",
        name=study.title,
        origin=origin(),
        creatingUserGUID=str(study.created_by.code),
        creationDateTime=xml_datetime(study.created_at),
        modifiedDateTime=xml_datetime(_modified(export)),
    )
    users = writer.add(root, "Users")
    for user in export.users:
        writer.add(users, "User", guid=str(user.code), name=_name(user))
    if export.codes:
        _codes(writer, writer.add(root, "CodeBook"), export.codes, export.code_memos)
    if export.participants:
        _cases(writer, root, export)
    if export.sources:
        sources = writer.add(root, "Sources")
        for source in export.sources:
            _source(writer, sources, source)
    memos = export.memos
    if memos:
        notes = writer.add(root, "Notes")
        for memo in memos:
            note = writer.add(
                notes,
                "Note",
                guid=str(memo.code),
                name=_note_name(memo.text),
                creatingUser=str(memo.author.code),
                creationDateTime=xml_datetime(memo.created_at),
                modifyingUser=str(memo.author.code),
                modifiedDateTime=xml_datetime(memo.updated_at),
            )
            writer.add(note, "PlainTextContent", memo.text)
    writer.add(root, "Description", study.research_questions)
    return _serialised(root)


def _cases(writer: _Writer, root: etree._Element, export: ProjectExport) -> None:
    defined = variables()
    guids = {v.key: derived_guid(export.study.code, f"variable:{v.key}") for v in defined}
    listed = writer.add(root, "Variables")
    for variable in defined:
        element = writer.add(
            listed,
            "Variable",
            guid=str(guids[variable.key]),
            name=variable.name,
            typeOfVariable=variable.kind,
        )
        writer.add(element, "Description", variable.description)
    exported = {source.transcript.pk: source.transcript for source in export.sources}
    cases = writer.add(root, "Cases")
    for participant in export.participants:
        case = writer.add(cases, "Case", guid=str(participant.code), name=participant.label)
        values = _values(participant)
        for variable in defined:
            if not values[variable.key]:
                continue
            value = writer.add(case, "VariableValue")
            writer.add(value, "VariableRef", targetGUID=str(guids[variable.key]))
            writer.add(
                value,
                "DateValue" if variable.kind == "Date" else "TextValue",
                values[variable.key],
            )
        for transcript in sorted(
            (t for t in participant.transcripts.all() if t.pk in exported),
            key=lambda t: t.title,
        ):
            writer.add(case, "SourceRef", targetGUID=str(transcript.code))


def _source(writer: _Writer, parent: etree._Element, source: ExportedSource) -> None:
    transcript = source.transcript
    element = writer.add(
        parent,
        "TextSource",
        guid=str(transcript.code),
        name=transcript.title,
        plainTextPath=f"internal://{source_file_name(transcript)}",
        creatingUser=str(transcript.uploaded_by.code),
        creationDateTime=xml_datetime(transcript.uploaded_at),
        modifiedDateTime=xml_datetime(transcript.ready_at or transcript.uploaded_at),
    )
    about = [
        transcript.time_point.label if transcript.time_point else "",
        str(Participation.Method(transcript.method).label) if transcript.method else "",
    ]
    if any(about):
        writer.add(element, "Description", ", ".join(part for part in about if part))

    def selection_of(of: uuid.UUID, start: int, end: int, by: User, at: datetime) -> etree._Element:
        return writer.add(
            element,
            "PlainTextSelection",
            guid=str(derived_guid(of, "selection")),
            name=quote_of(source.text, start, end),
            startPosition=str(start),
            endPosition=str(end),
            creatingUser=str(by.code),
            creationDateTime=xml_datetime(at),
        )

    # One selection a coding, then one a memo on a passage, each in the text's order.
    for coding in source.codings:
        selection = selection_of(
            coding.guid, coding.start, coding.end, coding.coder, coding.created_at
        )
        made = writer.add(
            selection,
            "Coding",
            guid=str(coding.guid),
            creatingUser=str(coding.coder.code),
            creationDateTime=xml_datetime(coding.created_at),
        )
        writer.add(made, "CodeRef", targetGUID=str(coding.code.guid))
    for memo in source.passage_memos:
        assert memo.start is not None
        assert memo.end is not None
        selection = selection_of(memo.code, memo.start, memo.end, memo.author, memo.created_at)
        writer.add(selection, "NoteRef", targetGUID=str(memo.code))
    for memo in source.memos:
        writer.add(element, "NoteRef", targetGUID=str(memo.code))


def project_qdpx(export: ProjectExport) -> bytes:
    """The study's `.qdpx`: a zip of `project.qde` and each transcript's text as UTF-8 in
    `sources/<guid>.txt`. Every entry carries the project's modified time, so the same data
    gives the same bytes."""
    stamp = _modified(export).astimezone(UTC)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def write(name: str, content: bytes) -> None:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, content)

        write(PROJECT_FILE, project_qde(export))
        for source in export.sources:
            write(
                f"{SOURCES_FOLDER}/{source_file_name(source.transcript)}",
                source.text.encode("utf-8"),
            )
    return out.getvalue()
