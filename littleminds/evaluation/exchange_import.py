"""Reading a REFI-QDA file made by another tool (NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette)
into a plan of what the study will take, before anything is stored (ADR 0045).

- A `.qdc` is a codebook: `<CodeBook>` in the codebook namespace, its codes nested.
- A `.qdpx` is a zip holding `project.qde` (namespace `urn:QDA-XML:project:1.0`, valid
  against the standard's schema, `schemas/Project.xsd`) and the sources in `sources/`.

`read_import` checks everything first: the file's size, the zip's member names and the sum of
their unpacked sizes, the XML (no DTD, no entities, no network), the schema, each code's
name and description against the codebook's limits, each source's text, and each coding's
and memo's passage against its text's code-point length (ADR 0043). The first problem raises
`Refused` with a message for the researcher (which part of the file, and why); nothing is
stored. What the workbench cannot hold (audio, video, pictures, a PDF without its text,
cases without the participant details the study needs, memos on nothing it keeps) is not a
problem: it goes into `Plan.not_taken`, and the result page lists it.

`services_exchange.import_plan` stores a plan in one transaction.
"""

from __future__ import annotations

import functools
import io
import posixpath
import threading
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from lxml import etree

from littleminds.evaluation.forms_participants import LABEL
from littleminds.evaluation.models import Code, Memo, Participant, Transcript
from littleminds.evaluation.uploads import Refused, extension_of

PROJECT_NS = "urn:QDA-XML:project:1.0"
# The codebook namespace the standard gives, and the two other spellings tools are known to
# write in files that are otherwise the standard's codebook: NVivo for Mac "1:0", and newer
# ATLAS.ti releases "0:4" (its schema's draft number). Any other namespace is refused.
CODEBOOK_NAMESPACES = frozenset(
    {"urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4"}
)
SCHEMA = Path(__file__).resolve().parent / "schemas" / "Project.xsd"
ACCEPT = ".qdpx,.qdc"
DEFAULT_COLOUR = "#005EB8"
# A zip's members: more than this many is not a project someone exported by hand.
MAX_MEMBERS = 5000
NAME_LIMIT = Code._meta.get_field("name").max_length or 100
DESCRIPTION_LIMIT = Code._meta.get_field("description").max_length or 2000
TITLE_LIMIT = Transcript._meta.get_field("title").max_length or 200
MEMO_LIMIT = Memo._meta.get_field("text").max_length or 5000

# Sources the workbench cannot hold, by element, as the result page names them.
OTHER_SOURCES = {
    "AudioSource": gettext_lazy("an audio recording"),
    "VideoSource": gettext_lazy("a video"),
    "PictureSource": gettext_lazy("a picture"),
    "PDFSource": gettext_lazy("a PDF without its text"),
}
# Parts of a project the workbench has no place for.
OTHER_PARTS = {
    "Sets": gettext_lazy("sets of codes or sources"),
    "Graphs": gettext_lazy("graphs"),
    "Links": gettext_lazy("links"),
}


def max_bytes() -> int:
    return int(settings.EVALUATION_IMPORT_MAX_MB) * 1024 * 1024


def max_unpacked_bytes() -> int:
    return int(settings.EVALUATION_IMPORT_MAX_UNPACKED_MB) * 1024 * 1024


# The plan ------------------------------------------------------------------------------


@dataclass
class CodePlan:
    guid: uuid.UUID
    name: str
    description: str
    colour: str
    children: list[CodePlan] = field(default_factory=list)


@dataclass(frozen=True)
class CodingPlan:
    guid: uuid.UUID
    code: uuid.UUID
    start: int
    end: int
    user: uuid.UUID | None


@dataclass(frozen=True)
class MemoPlan:
    text: str
    user: uuid.UUID | None
    # On a source (wholly, or the passage start..end), or on a code.
    source: uuid.UUID | None = None
    start: int | None = None
    end: int | None = None
    code: uuid.UUID | None = None


@dataclass
class SourcePlan:
    guid: uuid.UUID
    title: str
    text: str
    codings: list[CodingPlan] = field(default_factory=list)


@dataclass(frozen=True)
class CasePlan:
    label: str
    group: str
    consent_on: date
    information_sheet_version: str
    sources: tuple[uuid.UUID, ...]
    # The organisation as the file names it ("" for none): found in the directory by name.
    organisation: str = ""


@dataclass
class Plan:
    kind: str  # "qdc" or "qdpx"
    origin: str
    codes: list[CodePlan] = field(default_factory=list)
    sources: list[SourcePlan] = field(default_factory=list)
    memos: list[MemoPlan] = field(default_factory=list)
    cases: list[CasePlan] = field(default_factory=list)
    # The project's users: guid to name, for who coded and wrote what.
    users: dict[uuid.UUID, str] = field(default_factory=dict)
    not_taken: list[str] = field(default_factory=list)

    def all_codes(self) -> list[CodePlan]:
        found: list[CodePlan] = []
        waiting = list(reversed(self.codes))
        while waiting:
            node = waiting.pop()
            found.append(node)
            waiting.extend(reversed(node.children))
        return found


# Reading -------------------------------------------------------------------------------


def read_import(name: str, data: bytes) -> Plan:
    """The plan of the file called `name` with content `data`, or `Refused`."""
    extension = extension_of(name)
    if extension not in ("qdc", "qdpx"):
        raise Refused(_("The file must be a REFI-QDA project (.qdpx) or codebook (.qdc)"))
    if len(data) > max_bytes():
        raise Refused(
            _("The file must be smaller than %(most)s MB")
            % {"most": settings.EVALUATION_IMPORT_MAX_MB}
        )
    if not data.strip():
        raise Refused(_("The file is empty"))
    if extension == "qdc":
        return _read_codebook(data)
    return _read_project(data)


def _parser() -> etree.XMLParser:
    # Files from elsewhere: no entities expanded, no DTD loaded, nothing fetched.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _xml(data: bytes, what: str) -> Any:
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        raise Refused(
            _("%(what)s is not well-formed XML (line %(line)s): %(why)s")
            % {"what": what, "line": line, "why": error.msg}
        ) from None
    if root.getroottree().docinfo.doctype:
        raise Refused(
            _("%(what)s declares a DOCTYPE, which REFI-QDA files never need: it is not taken")
            % {"what": what}
        )
    return root


@functools.cache
def _schema() -> Any:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


# One validation at a time: a schema's error log belongs to the validator, which the
# threads of one process share.
_validating = threading.Lock()


def _validate(root: Any, what: str) -> None:
    with _validating:
        schema = _schema()
        if schema.validate(root):
            return
        error = schema.error_log.filter_from_errors()[0]
        line, why = error.line, error.message
    # The schema's words name elements with their namespace; a researcher knows them by name.
    why = why.replace(f"{{{PROJECT_NS}}}", "")
    raise Refused(
        _("%(what)s does not follow the REFI-QDA standard (line %(line)s): %(why)s")
        % {"what": what, "line": line, "why": why}
    )


def _tag(element: Any) -> str:
    return str(etree.QName(element).localname)


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if isinstance(child.tag, str) and _tag(child) == name]


def _child(element: Any, name: str) -> Any:
    found = _children(element, name)
    return found[0] if found else None


def _guid(value: str | None) -> uuid.UUID:
    return uuid.UUID((value or "").strip().strip("{}"))


def _maybe_guid(value: str | None) -> uuid.UUID | None:
    return _guid(value) if value else None


def _text_of(element: Any) -> str:
    return "" if element is None else "".join(element.itertext())


def _colour(value: str | None) -> str:
    value = (value or "").strip()
    if len(value) == 4 and value.startswith("#"):
        value = "#" + "".join(digit * 2 for digit in value[1:])
    if len(value) == 7 and value.startswith("#"):
        try:
            int(value[1:], 16)
        except ValueError:
            return DEFAULT_COLOUR
        return value.upper()
    return DEFAULT_COLOUR


def _codes(parent: Any, path: tuple[str, ...]) -> list[CodePlan]:
    made: list[CodePlan] = []
    seen: dict[str, str] = {}
    for element in _children(parent, "Code"):
        name = " ".join((element.get("name") or "").split())
        where = " › ".join((*path, name))
        if not name:
            raise Refused(_("The code on line %(line)s has no name") % {"line": element.sourceline})
        if len(name) > NAME_LIMIT:
            raise Refused(
                _(
                    "The code “%(name)s…” (line %(line)s) has a name of %(count)s characters: "
                    "the codebook takes names of up to %(most)s. Shorten it in the other tool "
                    "and export again"
                )
                % {
                    "name": name[:40],
                    "line": element.sourceline,
                    "count": len(name),
                    "most": NAME_LIMIT,
                }
            )
        if name.casefold() in seen:
            raise Refused(
                _(
                    "The file has two codes called “%(name)s” in the same place (line "
                    "%(line)s): rename one in the other tool and export again"
                )
                % {"name": where, "line": element.sourceline}
            )
        seen[name.casefold()] = name
        description = _text_of(_child(element, "Description")).strip()
        if len(description) > DESCRIPTION_LIMIT:
            raise Refused(
                _(
                    "The description of the code “%(name)s” has %(count)s characters: the "
                    "codebook takes descriptions of up to %(most)s. Shorten it in the other "
                    "tool and export again"
                )
                % {"name": where, "count": len(description), "most": DESCRIPTION_LIMIT}
            )
        made.append(
            CodePlan(
                guid=_guid(element.get("guid")),
                name=name,
                description=description,
                colour=_colour(element.get("color")),
                children=_codes(element, (*path, name)),
            )
        )
    return made


def _check_code_guids(plan: Plan) -> None:
    seen: set[uuid.UUID] = set()
    for node in plan.all_codes():
        if node.guid in seen:
            raise Refused(
                _("Two codes of the file have the same identifier (guid %(guid)s)")
                % {"guid": str(node.guid).upper()}
            )
        seen.add(node.guid)


def _read_codebook(data: bytes) -> Plan:
    what = _("The codebook")
    root = _xml(data, what)
    namespace = etree.QName(root).namespace or ""
    if _tag(root) != "CodeBook":
        raise Refused(
            _(
                "The file is not a REFI-QDA codebook: it starts with <%(found)s> where a "
                "codebook starts with <CodeBook>"
            )
            % {"found": _tag(root)}
        )
    if namespace not in CODEBOOK_NAMESPACES:
        raise Refused(
            _(
                "The codebook's namespace is “%(found)s”, not the REFI-QDA codebook's "
                "(urn:QDA-XML:codebook:1.0): it was not made for this standard"
            )
            % {"found": namespace or _("none")}
        )
    # The codebook's codes are the project's: checked against the project schema, moved
    # into its namespace inside an otherwise empty project.
    codes = _child(root, "Codes")
    if codes is None:
        raise Refused(_("The codebook has no <Codes> element"))
    wrapper = etree.Element(f"{{{PROJECT_NS}}}Project", name="codebook")
    book = etree.SubElement(wrapper, f"{{{PROJECT_NS}}}CodeBook")
    book.append(_in_namespace(codes, PROJECT_NS))
    _validate(wrapper, what)
    plan = Plan(kind="qdc", origin=root.get("origin") or "")
    plan.codes = _codes(codes, ())
    _check_code_guids(plan)
    sets = _child(root, "Sets")
    if sets is not None and len(_children(sets, "Set")):
        count = len(_children(sets, "Set"))
        plan.not_taken.append(
            ngettext(
                "%(count)s set of codes: the codebook keeps themes and sub-codes only",
                "%(count)s sets of codes: the codebook keeps themes and sub-codes only",
                count,
            )
            % {"count": count}
        )
    return plan


def _in_namespace(element: Any, namespace: str) -> Any:
    copied = etree.Element(f"{{{namespace}}}{_tag(element)}", attrib=dict(element.attrib))
    copied.text = element.text
    copied.sourceline = element.sourceline
    for child in element:
        if isinstance(child.tag, str):
            copied.append(_in_namespace(child, namespace))
    return copied


# Projects ------------------------------------------------------------------------------


class _Archive:
    """The zip's members, their names and sizes checked before any is read."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError):
            raise Refused(
                _("The file is not a REFI-QDA project: a .qdpx file is a zip, and this is not")
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise Refused(
                _("The project holds %(count)s files; at most %(most)s are taken")
                % {"count": len(infos), "most": MAX_MEMBERS}
            )
        unpacked = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename
            # Some Windows tools write "sources\\a.txt"; the zip standard's separator is "/".
            normal = posixpath.normpath(name.replace("\\", "/"))
            if (
                normal.startswith("/")
                or normal == ".."
                or normal.startswith("../")
                or ":" in name
                or "\x00" in name
            ):
                raise Refused(
                    _("The project holds a file with a name that is not allowed: “%(name)s”")
                    % {"name": name[:100]}
                )
            unpacked += info.file_size
            if not info.is_dir():
                self.members[normal.casefold()] = info
        if unpacked > max_unpacked_bytes():
            raise Refused(
                _(
                    "The project would unpack to more than %(most)s MB, which is more than a "
                    "project of transcripts needs: it is not taken"
                )
                % {"most": settings.EVALUATION_IMPORT_MAX_UNPACKED_MB}
            )

    def find(self, path: str) -> zipfile.ZipInfo | None:
        return self.members.get(posixpath.normpath(path).casefold())

    def read(self, info: zipfile.ZipInfo) -> bytes:
        # A member's header may understate its size: read no more than the limit allows.
        most = max_unpacked_bytes()
        try:
            with self.zip.open(info) as member:
                data = member.read(most + 1)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
            raise Refused(
                _("The project's file “%(name)s” cannot be unpacked: the zip is damaged")
                % {"name": info.filename}
            ) from None
        if len(data) > most:
            raise Refused(
                _("The project's file “%(name)s” unpacks to more than %(most)s MB")
                % {"name": info.filename, "most": settings.EVALUATION_IMPORT_MAX_UNPACKED_MB}
            )
        return data


def _project_qde(archive: _Archive) -> zipfile.ZipInfo:
    found = archive.find("project.qde")
    if found is not None:
        return found
    # ATLAS.ti names the file after the project; take the only .qde at the top.
    top = [info for key, info in archive.members.items() if key.endswith(".qde") and "/" not in key]
    if len(top) == 1:
        return top[0]
    raise Refused(_("The project has no project.qde: it is not a REFI-QDA project"))


def _read_project(data: bytes) -> Plan:
    archive = _Archive(data)
    what = _("The project's project.qde")
    root = _xml(archive.read(_project_qde(archive)), what)
    if _tag(root) != "Project" or etree.QName(root).namespace != PROJECT_NS:
        if _tag(root) == "CodeBook":
            raise Refused(_("The project's project.qde is a codebook: import it as a .qdc file"))
        raise Refused(
            _(
                "The project's project.qde is not a REFI-QDA project: its first element is "
                "<%(found)s> in the namespace “%(namespace)s”, where the standard has <Project> "
                "in urn:QDA-XML:project:1.0"
            )
            % {"found": _tag(root), "namespace": etree.QName(root).namespace or _("none")}
        )
    _validate(root, what)
    plan = Plan(kind="qdpx", origin=root.get("origin") or "")
    users = _child(root, "Users")
    for user in _children(users, "User") if users is not None else []:
        plan.users[_guid(user.get("guid"))] = (user.get("name") or user.get("id") or "").strip()
    book = _child(root, "CodeBook")
    if book is not None:
        plan.codes = _codes(_child(book, "Codes"), ())
    _check_code_guids(plan)
    code_guids = {node.guid: node for node in plan.all_codes()}
    notes = _notes(root, archive)
    noted: set[uuid.UUID] = set()

    def memo(ref: Any, **target: Any) -> None:
        guid = _guid(ref.get("targetGUID"))
        note = notes.get(guid)
        if note is None:
            raise Refused(
                _("A memo reference (line %(line)s) points at a note the project does not have")
                % {"line": ref.sourceline}
            )
        noted.add(guid)
        text, user = note
        plan.memos.append(MemoPlan(text=text, user=user, **target))

    for node_element in root.iter(f"{{{PROJECT_NS}}}Code"):
        for ref in _children(node_element, "NoteRef"):
            memo(ref, code=_guid(node_element.get("guid")))

    sources = _child(root, "Sources")
    titles: dict[str, str] = {}
    for element in list(sources) if sources is not None else []:
        if not isinstance(element.tag, str):
            continue
        kind = _tag(element)
        name = (element.get("name") or "").strip()
        text_element = element
        if kind == "PDFSource":
            text_element = _child(element, "Representation")
        if kind not in ("TextSource", "PDFSource") or text_element is None:
            codings = len(element.findall(f".//{{{PROJECT_NS}}}Coding"))
            plan.not_taken.append(
                ngettext(
                    "“%(name)s”, %(kind)s, with %(codings)s coding: the workbench keeps text only",
                    "“%(name)s”, %(kind)s, with %(codings)s codings: the workbench keeps text only",
                    codings,
                )
                % {"name": name, "kind": str(OTHER_SOURCES.get(kind, kind)), "codings": codings}
            )
            continue
        text = _source_text(text_element, archive, name)
        if text is None:
            continue_message = _(
                "“%(name)s”: its text is kept outside the project (%(path)s), so it cannot be read"
            ) % {"name": name, "path": text_element.get("plainTextPath")}
            plan.not_taken.append(continue_message)
            continue
        if not text.strip():
            plan.not_taken.append(_("“%(name)s”: it has no text") % {"name": name})
            continue
        if not name:
            raise Refused(
                _("The source on line %(line)s has no name") % {"line": element.sourceline}
            )
        if len(name) > TITLE_LIMIT:
            raise Refused(
                _(
                    "The source “%(name)s…” has a name of %(count)s characters: a transcript's "
                    "title takes up to %(most)s. Shorten it in the other tool and export again"
                )
                % {"name": name[:40], "count": len(name), "most": TITLE_LIMIT}
            )
        if name.casefold() in titles:
            raise Refused(
                _(
                    "The project has two sources called “%(name)s”: a study's transcripts have "
                    "different titles. Rename one in the other tool and export again"
                )
                % {"name": name}
            )
        titles[name.casefold()] = name
        source = SourcePlan(guid=_guid(element.get("guid")), title=name, text=text)
        for ref in _children(text_element, "NoteRef"):
            memo(ref, source=source.guid)
        for selection in _children(text_element, "PlainTextSelection"):
            start = int(selection.get("startPosition"))
            end = int(selection.get("endPosition"))
            if not 0 <= start <= end <= len(text):
                raise Refused(
                    _(
                        "A coded passage of “%(name)s” (line %(line)s) runs from %(start)s to "
                        "%(end)s, outside its text of %(length)s characters: the project's "
                        "positions do not match its text"
                    )
                    % {
                        "name": name,
                        "line": selection.sourceline,
                        "start": start,
                        "end": end,
                        "length": len(text),
                    }
                )
            if start == end:
                plan.not_taken.append(
                    _("An empty passage of “%(name)s” at %(start)s (its codings and memos)")
                    % {"name": name, "start": start}
                )
                continue
            selection_user = _maybe_guid(selection.get("creatingUser"))
            for coding in _children(selection, "Coding"):
                code_ref = _child(coding, "CodeRef")
                target = _guid(code_ref.get("targetGUID"))
                if target not in code_guids:
                    raise Refused(
                        _(
                            "A coding of “%(name)s” (line %(line)s) points at a code the "
                            "project's codebook does not have (guid %(guid)s)"
                        )
                        % {"name": name, "line": coding.sourceline, "guid": str(target).upper()}
                    )
                source.codings.append(
                    CodingPlan(
                        guid=_guid(coding.get("guid")),
                        code=target,
                        start=start,
                        end=end,
                        user=_maybe_guid(coding.get("creatingUser")) or selection_user,
                    )
                )
            for ref in _children(selection, "NoteRef"):
                memo(ref, source=source.guid, start=start, end=end)
        whole = _children(text_element, "Coding")
        if whole:
            plan.not_taken.append(
                ngettext(
                    "%(count)s coding of the whole of “%(name)s”: the workbench codes passages",
                    "%(count)s codings of the whole of “%(name)s”: the workbench codes passages",
                    len(whole),
                )
                % {"count": len(whole), "name": name}
            )
        plan.sources.append(source)

    unreferenced = [guid for guid in notes if guid not in noted]
    if unreferenced:
        plan.not_taken.append(
            ngettext(
                "%(count)s memo on the project itself or on something the workbench does not "
                "keep: a memo here is on a transcript, a passage or a code",
                "%(count)s memos on the project itself or on things the workbench does not "
                "keep: a memo here is on a transcript, a passage or a code",
                len(unreferenced),
            )
            % {"count": len(unreferenced)}
        )
    plan.cases = _cases(root, plan)
    for extra, part in OTHER_PARTS.items():
        element = _child(root, extra)
        if element is not None and len(element):
            plan.not_taken.append(
                _("%(what)s (%(count)s): the workbench does not keep them")
                % {"count": len(element), "what": part}
            )
    return plan


def _source_text(element: Any, archive: _Archive, name: str) -> str | None:
    """A text source's text: inline, or from its file in the project. None when the file is
    outside the project (an absolute path on the other tool's computer)."""
    inline = _child(element, "PlainTextContent")
    if inline is not None:
        return _text_of(inline)
    path = (element.get("plainTextPath") or "").strip()
    if not path:
        raise Refused(_("The source “%(name)s” has no text and no path to it") % {"name": name})
    if path.startswith("internal://"):
        member = "sources/" + path[len("internal://") :]
        info = archive.find(member)
        if info is None:
            raise Refused(
                _(
                    "The text of “%(name)s” should be in the project as %(member)s, and it is "
                    "not there: the project is incomplete"
                )
                % {"name": name, "member": member}
            )
    elif "://" in path or path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
        return None
    else:
        info = archive.find(path) or archive.find("sources/" + path)
        if info is None:
            return None
    data = archive.read(info)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(
            _("The text of “%(name)s” (%(member)s) is not UTF-8 text")
            % {"name": name, "member": info.filename}
        ) from None


def _notes(root: Any, archive: _Archive) -> dict[uuid.UUID, tuple[str, uuid.UUID | None]]:
    notes: dict[uuid.UUID, tuple[str, uuid.UUID | None]] = {}
    container = _child(root, "Notes")
    for note in _children(container, "Note") if container is not None else []:
        name = (note.get("name") or "").strip()
        text = (_source_text(note, archive, name or _("a memo")) or "").strip()
        if len(text) > MEMO_LIMIT:
            raise Refused(
                _(
                    "The memo “%(name)s” has %(count)s characters: a memo takes up to %(most)s. "
                    "Shorten it in the other tool and export again"
                )
                % {"name": name, "count": len(text), "most": MEMO_LIMIT}
            )
        if text:
            notes[_guid(note.get("guid"))] = (text, _maybe_guid(note.get("creatingUser")))
    return notes


# Cases ----------------------------------------------------------------------------------

# The variables a case needs to become a participant, by the names tools may give them.
_VARIABLES = {
    "group": ("group", "participant group"),
    "consent": ("consent given on", "consent date", "consent on", "consent"),
    "sheet": ("information sheet version", "information sheet", "sheet version"),
}
# Taken when the file has it; a case without it is still taken.
_OPTIONAL = {"organisation": ("organisation", "organization", "workplace")}


def _simple(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("-", " ").casefold().split())


def _cases(root: Any, plan: Plan) -> list[CasePlan]:
    variables = _child(root, "Variables")
    names = {
        _guid(variable.get("guid")): _simple(variable.get("name") or "")
        for variable in (_children(variables, "Variable") if variables is not None else [])
    }
    container = _child(root, "Cases")
    taken_sources = {source.guid for source in plan.sources}
    groups = {value: value for value in Participant.Group.values}
    groups.update({_simple(str(label)): value for value, label in Participant.Group.choices})
    made: list[CasePlan] = []
    labels: set[str] = set()
    for case in _children(container, "Case") if container is not None else []:
        label = (case.get("name") or "").strip()
        values: dict[str, Any] = {}
        for value in _children(case, "VariableValue"):
            ref = _child(value, "VariableRef")
            variable = names.get(_guid(ref.get("targetGUID")), "")
            kind = next(
                (key for key, spelt in {**_VARIABLES, **_OPTIONAL}.items() if variable in spelt),
                None,
            )
            held = [child for child in value if isinstance(child.tag, str) and child is not ref]
            if kind and held:
                values[kind] = (_text_of(held[0]) or "").strip()
        missing = [key for key in _VARIABLES if not values.get(key)]
        problem = ""
        group = groups.get(_simple(values.get("group", "")))
        consent: date | None = None
        try:
            consent = date.fromisoformat(values.get("consent", "")[:10])
        except ValueError:
            consent = None
        if missing:
            words = {
                "group": _("no group"),
                "consent": _("no consent date"),
                "sheet": _("no information sheet version"),
            }
            problem = _("it has %(what)s") % {
                "what": _(" and ").join(words[key] for key in missing)
            }
        elif not LABEL.fullmatch(label):
            problem = _("its name is not a participant code like P07")
        elif group is None:
            problem = _("its group is not one the study uses")
        elif consent is None:
            problem = _("its consent date is not a date")
        elif len(values["sheet"]) > 40:
            problem = _("its information sheet version is longer than 40 characters")
        elif label.casefold() in labels:
            problem = _("another case has the same name")
        if problem:
            plan.not_taken.append(
                _("The case “%(name)s”: %(why)s, so add the participant by hand")
                % {"name": label, "why": problem}
            )
            continue
        assert consent is not None
        assert group is not None
        labels.add(label.casefold())
        made.append(
            CasePlan(
                label=label,
                group=group,
                consent_on=consent,
                information_sheet_version=values["sheet"],
                organisation=values.get("organisation", ""),
                sources=tuple(
                    guid
                    for guid in (
                        _guid(ref.get("targetGUID")) for ref in _children(case, "SourceRef")
                    )
                    if guid in taken_sources
                ),
            )
        )
    return made
