"""Reading an uploaded transcript into the plain text the workbench keeps (`segments`): one
paragraph or speaker turn a line, a turn written "Speaker: what they said".

- `.txt`: UTF-8, with or without a byte order mark; line endings made "\\n"; each non-blank
  line kept as it is (a "Name: words" line is already a turn).
- `.docx`: the document's paragraphs, empty ones dropped, and its tables' rows (python-docx).
- `.vtt`: the cues' text (webvtt-py); a voice tag `<v Speaker>` becomes "Speaker: ".
- `.srt`: the cues' text (srt); a "Speaker:" at the start of a cue is kept.

Subtitles cut speech into cues of a few seconds, so cues are joined back into turns: a cue
that names a speaker other than the current one starts a new turn; a cue of the same speaker,
or naming none, continues the turn. Without any speaker, a pause of `PAUSE` seconds or more
between cues starts a new paragraph.

Anything wrong with the file raises `Refused` with a message for the person who uploaded it,
before anything is stored.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import docx
import docx.table
import filetype
import srt
import webvtt
from django.utils.translation import gettext as _

from littleminds.evaluation.models import Transcript

MAX_MB = 5
MAX_BYTES = MAX_MB * 1024 * 1024
# A Word document is a zip: what it may unpack to, so a small file cannot fill the memory.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Seconds of silence between cues that end a paragraph when nobody is named.
PAUSE = 2.0
FORMATS = {
    "txt": Transcript.Format.TEXT,
    "docx": Transcript.Format.WORD,
    "vtt": Transcript.Format.WEBVTT,
    "srt": Transcript.Format.SUBRIP,
}
ACCEPT = ".txt,.docx,.vtt,.srt,text/plain,text/vtt,application/x-subrip"

# Line breaks other than "\n" that some editors write: each becomes "\n", so a segment is
# always a line of `str.split("\n")` and the browser sees the same lines.
_OTHER_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
# Control characters no transcript needs (tabs and line breaks are kept).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_SPEAKER = re.compile(r"([^\n:<>]{1,40}):[ \t]+")
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_TIMING = re.compile(r"^\s*((?:\d+:)?\d{2}:\d{2}[.,]\d{3})\s+-->\s+((?:\d+:)?\d{2}:\d{2}[.,]\d{3})")


class Refused(ValueError):
    """The file cannot be taken; `message` says why, in words for the uploader."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Read:
    text: str
    source_format: str


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def read_upload(name: str, data: bytes) -> Read:
    """The canonical text of the file called `name` with content `data`, or `Refused`."""
    extension = extension_of(name)
    if extension not in FORMATS:
        raise Refused(_("The file must be a .txt, .docx, .vtt or .srt file"))
    if len(data) > MAX_BYTES:
        raise Refused(_("The file must be smaller than %(most)s MB") % {"most": MAX_MB})
    if not data.strip():
        raise Refused(_("The file is empty"))
    if extension == "docx":
        text = _from_docx(data)
    else:
        _check_is_text(data)
        decoded = _decoded(data)
        if extension == "txt":
            text = _lines(decoded.split("\n"))
        elif extension == "vtt":
            text = _from_vtt(decoded)
        else:
            text = _from_srt(decoded)
    if not text:
        raise Refused(_("The file has no words in it"))
    return Read(text, FORMATS[extension])


def _check_is_text(data: bytes) -> None:
    kind = filetype.guess(data)
    if kind is not None or b"\x00" in data:
        raise Refused(
            _("The file's content is not text, whatever its name says: upload the transcript")
        )


def _decoded(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Refused(
            _(
                "The file is not saved as UTF-8 text (line %(line)s): save it again as UTF-8 "
                "(in most editors, Save as, then choose UTF-8) and upload it again"
            )
            % {"line": line}
        ) from None
    return _OTHER_BREAKS.sub("\n", text)


def _clean(line: str) -> str:
    return " ".join(_CONTROLS.sub("", line).split())


def _lines(lines: Iterable[str]) -> str:
    """Non-blank lines, each without surrounding or repeated spaces, ending in "\\n"."""
    kept = [cleaned for cleaned in (_clean(line) for line in lines) if cleaned]
    return "".join(line + "\n" for line in kept)


# Word ----------------------------------------------------------------------------------


def _from_docx(data: bytes) -> str:
    unreadable = _("The file is not a Word document that can be read")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise Refused(unreadable) from None
    if "word/document.xml" not in names:
        raise Refused(unreadable)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Refused(_("The Word document is too large to read: save it as text and try again"))
    try:
        document = docx.Document(io.BytesIO(data))
        paragraphs = list(_docx_paragraphs(document))
    # A broken document fails inside python-docx, lxml or zipfile in many ways; each
    # means the same to the person who uploaded it.
    except Exception:
        raise Refused(unreadable) from None
    return _lines(_OTHER_BREAKS.sub(" ", text.replace("\n", " ")) for text in paragraphs)


def _docx_paragraphs(document: Any) -> Iterable[str]:
    """The body's paragraphs in order; a table's rows too, as transcription services often
    write a transcript as a table: a row of two cells is a turn ("Speaker: words"), any other
    row its cells' text joined."""
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                if len(cells) == 2 and cells[0] and cells[1] and len(cells[0]) <= 40:
                    yield f"{cells[0].rstrip(':')}: {cells[1]}"
                else:
                    yield " ".join(cell for cell in cells if cell)
        else:
            yield block.text


# Subtitles -----------------------------------------------------------------------------


@dataclass
class _Cue:
    start: float
    end: float
    speaker: str
    text: str


def _subtitles_refused(line: int, what: str) -> Refused:
    return Refused(
        _("The subtitles could not be read: line %(line)s %(what)s") % {"line": line, "what": what}
    )


def _from_vtt(text: str) -> str:
    lines = text.split("\n")
    if not lines or not lines[0].startswith("WEBVTT"):
        raise _subtitles_refused(1, _("should start with WEBVTT"))
    for number, line in enumerate(lines, start=1):
        if "-->" in line and not _TIMING.match(line):
            raise _subtitles_refused(number, _("has a time that is not in the form 00:01:02.500"))
    try:
        captions = webvtt.from_string(text, strict=True)
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError) as error:
        raise _subtitles_refused(_line_of(lines, str(error)), _("is not a cue")) from None
    cues: list[_Cue] = []
    for caption in captions.captions:
        speaker = ""
        for raw in caption.raw_text.split("\n"):
            voice = _VOICE.search(raw)
            if voice:
                speaker = _clean(voice.group(1))
            words = _clean(html.unescape(_TAG.sub("", raw)))
            if words:
                cues.append(
                    _Cue(
                        caption.start_time.in_milliseconds() / 1000,
                        caption.end_time.in_milliseconds() / 1000,
                        speaker,
                        words,
                    )
                )
    return _joined(cues)


def _line_of(lines: list[str], message: str) -> int:
    """The line a webvtt-py message quotes (it quotes the cue block's lines), else 1."""
    quoted = re.search(r"\['((?:[^'\\]|\\.)*)'", message)
    if quoted:
        for number, line in enumerate(lines, start=1):
            if line == quoted.group(1):
                return number
    return 1


def _check_srt_blocks(text: str) -> None:
    """Each block (lines between blank lines) must be a number, a time, then text. The srt
    library takes a block without a time as more text of the one before, which would hide
    a broken file."""
    lines = text.split("\n")
    expecting_block = True
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            expecting_block = True
            continue
        if not expecting_block:
            continue
        expecting_block = False
        if line.strip().isdigit():
            following = lines[number] if number < len(lines) else ""
            if not _TIMING.match(following):
                raise _subtitles_refused(
                    number + 1, _("should be a time like 00:01:02,500 --> 00:01:04,000")
                )
        elif not _TIMING.match(line):
            raise _subtitles_refused(
                number, _("is not a subtitle (a number, a time like 00:01:02,500 --> …, then text)")
            )


def _from_srt(text: str) -> str:
    _check_srt_blocks(text)
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        line = text[: error.expected_start].count("\n") + 1
        raise _subtitles_refused(
            line, _("is not a subtitle (a number, a time like 00:01:02,500 --> …, then text)")
        ) from None
    except ValueError:
        raise _subtitles_refused(1, _("has a time that cannot be read")) from None
    cues: list[_Cue] = []
    for subtitle in subtitles:
        for raw in subtitle.content.split("\n"):
            words = _clean(html.unescape(_TAG.sub("", raw)))
            if words:
                cues.append(
                    _Cue(subtitle.start.total_seconds(), subtitle.end.total_seconds(), "", words)
                )
    return _joined(cues)


def _joined(cues: list[_Cue]) -> str:
    """Cues joined into turns and paragraphs (see the module's note)."""
    turns: list[tuple[str, list[str]]] = []
    last_end: float | None = None
    for cue in cues:
        speaker, words = cue.speaker, cue.text
        named = _SPEAKER.match(words)
        if named:
            # "Speaker: words" in the text names the speaker as a voice tag would.
            speaker, words = _clean(named.group(1)), _clean(words[named.end() :])
        current: Any = turns[-1] if turns else None
        if current is None:
            starts_new = True
        elif speaker:
            starts_new = speaker != current[0]
        elif current[0]:
            starts_new = False
        else:
            starts_new = last_end is not None and cue.start - last_end >= PAUSE
        if starts_new:
            turns.append((speaker, [words] if words else []))
        elif words:
            current[1].append(words)
        last_end = cue.end
    return _lines(
        f"{speaker}: {' '.join(words)}" if speaker else " ".join(words)
        for speaker, words in turns
        if words
    )
