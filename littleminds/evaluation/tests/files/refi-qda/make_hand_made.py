"""Writes the hand-made REFI-QDA files of this folder (`hand-made-*`): one small project with
Urdu and emoji that uses every part the import takes, and broken files for the refusals.
Run from the repository's root:
`python littleminds/evaluation/tests/files/refi-qda/make_hand_made.py`.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NS = 'xmlns="urn:QDA-XML:project:1.0"'
USER_SAM = "6A1D2B3C-0000-4000-8000-000000000001"
USER_OTHER = "6A1D2B3C-0000-4000-8000-000000000002"
THEME = "C0DE0000-0000-4000-8000-000000000001"
SUB = "C0DE0000-0000-4000-8000-000000000002"
OTHER = "C0DE0000-0000-4000-8000-000000000003"
SOURCE_1 = "50000000-0000-4000-8000-000000000001"
SOURCE_2 = "50000000-0000-4000-8000-000000000002"
# Line 1 of the first source; the coded passages are "ماں کو مدد ملی 👶🏽" and "Health visitor".
TEXT_1 = "P01: ماں کو مدد ملی 👶🏽 بہت اچھا\nInterviewer: And the Health visitor? Amira said so.\n"
TEXT_2 = "P02: The waiting list was long 😟 but the group helped.\n"


def _at(text: str, passage: str) -> tuple[int, int]:
    start = text.index(passage)
    return start, start + len(passage)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def project(sources: str, *, codes: str = "", notes: str = "", extra: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project {NS} name="Hand-made" '
        f'origin="Little Minds tests (hand-made)">\n'
        f'<Users><User guid="{USER_SAM}" name="Sam Researcher"/>'
        f'<User guid="{USER_OTHER}" name="Visiting coder"/></Users>\n'
        f"<CodeBook><Codes>{codes or _CODES}</Codes></CodeBook>\n"
        f"{extra}<Sources>{sources}</Sources>{notes}</Project>\n"
    )


_CODES = (
    f'<Code guid="{THEME}" name="Support" isCodable="true" color="#AA3300">'
    f"<Description>Help the family got</Description>"
    f'<NoteRef targetGUID="40000000-0000-4000-8000-000000000002"/>'
    f'<Code guid="{SUB}" name="مدد (help)" isCodable="true" color="#0A0"/></Code>'
    f'<Code guid="{OTHER}" name="Waiting 😟" isCodable="true"/>'
)


def full() -> bytes:
    mother = _at(TEXT_1, "ماں کو مدد ملی 👶🏽")
    visitor = _at(TEXT_1, "Health visitor")
    waiting = _at(TEXT_2, "waiting list was long 😟")
    sources = (
        f'<TextSource guid="{SOURCE_1}" name="Interview P01" '
        f'plainTextPath="internal://{SOURCE_1}.txt">'
        f'<PlainTextSelection guid="51000000-0000-4000-8000-000000000001" '
        f'startPosition="{mother[0]}" endPosition="{mother[1]}" creatingUser="{USER_SAM}">'
        f'<Coding guid="52000000-0000-4000-8000-000000000001" creatingUser="{USER_SAM}">'
        f'<CodeRef targetGUID="{SUB}"/></Coding>'
        f'<Coding guid="52000000-0000-4000-8000-000000000002" creatingUser="{USER_OTHER}">'
        f'<CodeRef targetGUID="{THEME}"/></Coding>'
        f'<NoteRef targetGUID="40000000-0000-4000-8000-000000000001"/>'
        f"</PlainTextSelection>"
        f'<PlainTextSelection guid="51000000-0000-4000-8000-000000000002" '
        f'startPosition="{visitor[0]}" endPosition="{visitor[1]}" creatingUser="{USER_OTHER}">'
        f'<Coding guid="52000000-0000-4000-8000-000000000003"><CodeRef targetGUID="{THEME}"/>'
        f"</Coding></PlainTextSelection>"
        f"</TextSource>"
        f'<TextSource guid="{SOURCE_2}" name="Focus group 1">'
        f"<PlainTextContent>{TEXT_2}</PlainTextContent>"
        f'<PlainTextSelection guid="51000000-0000-4000-8000-000000000003" '
        f'startPosition="{waiting[0]}" endPosition="{waiting[1]}">'
        f'<Coding guid="52000000-0000-4000-8000-000000000004" creatingUser="{USER_SAM}">'
        f'<CodeRef targetGUID="{OTHER}"/></Coding></PlainTextSelection>'
        f"</TextSource>"
        f'<AudioSource guid="50000000-0000-4000-8000-000000000003" name="Recording P01" '
        f'path="internal://recording.m4a">'
        f'<AudioSelection guid="51000000-0000-4000-8000-000000000009" '
        f'begin="0" end="1000"><Coding guid="52000000-0000-4000-8000-000000000009">'
        f'<CodeRef targetGUID="{THEME}"/></Coding></AudioSelection></AudioSource>'
    )
    notes = (
        "<Notes>"
        f'<Note guid="40000000-0000-4000-8000-000000000001" name="On the mother" '
        f'creatingUser="{USER_SAM}"><PlainTextContent>ماں felt heard 👍</PlainTextContent></Note>'
        f'<Note guid="40000000-0000-4000-8000-000000000002" name="On support" '
        f'creatingUser="{USER_OTHER}"><PlainTextContent>Broad theme.</PlainTextContent></Note>'
        f'<Note guid="40000000-0000-4000-8000-000000000003" name="Project note">'
        f"<PlainTextContent>About the whole project.</PlainTextContent></Note>"
        "</Notes>"
    )
    variables = (
        '<Variables><Variable guid="70000000-0000-4000-8000-000000000001" name="Group" '
        'typeOfVariable="Text"/><Variable guid="70000000-0000-4000-8000-000000000002" '
        'name="Consent date" typeOfVariable="Date"/>'
        '<Variable guid="70000000-0000-4000-8000-000000000003" name="Information sheet version" '
        'typeOfVariable="Text"/></Variables>'
        '<Cases><Case guid="71000000-0000-4000-8000-000000000001" name="P01">'
        '<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000001"/>'
        "<TextValue>Parent</TextValue></VariableValue>"
        '<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000002"/>'
        "<DateValue>2022-06-03</DateValue></VariableValue>"
        '<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000003"/>'
        "<TextValue>v2</TextValue></VariableValue>"
        f'<SourceRef targetGUID="{SOURCE_1}"/></Case>'
        '<Case guid="71000000-0000-4000-8000-000000000002" name="P02">'
        '<VariableValue><VariableRef targetGUID="70000000-0000-4000-8000-000000000001"/>'
        "<TextValue>Parent</TextValue></VariableValue>"
        f'<SourceRef targetGUID="{SOURCE_2}"/></Case></Cases>'
    )
    qde = project(sources, notes=notes, extra=variables)
    return _zip(
        {
            "project.qde": qde.encode(),
            f"sources/{SOURCE_1}.txt": TEXT_1.encode(),
        }
    )


_PLAIN_CODES = f'<Code guid="{THEME}" name="Support" isCodable="true"/>'


def _one_source(selection: str, *, path: bool = False) -> bytes:
    text = "P01: Short text.\n"
    if path:
        source = (
            f'<TextSource guid="{SOURCE_1}" name="Interview" '
            f'plainTextPath="internal://missing.txt"/>'
        )
    else:
        source = (
            f'<TextSource guid="{SOURCE_1}" name="Interview">'
            f"<PlainTextContent>{text}</PlainTextContent>{selection}</TextSource>"
        )
    return _zip({"project.qde": project(source, codes=_PLAIN_CODES).encode()})


def main() -> None:
    files = {
        "hand-made-urdu-emoji.qdpx": full(),
        "hand-made-bad-zip.qdpx": b"PK\x03\x04 this is not really a zip file",
        "hand-made-bad-xml.qdpx": _zip(
            {"project.qde": b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0">'}
        ),
        "hand-made-unknown-code.qdpx": _one_source(
            '<PlainTextSelection guid="51000000-0000-4000-8000-000000000001" startPosition="0" '
            'endPosition="3"><Coding guid="52000000-0000-4000-8000-000000000001">'
            '<CodeRef targetGUID="C0DE0000-0000-4000-8000-0000000000FF"/></Coding>'
            "</PlainTextSelection>"
        ),
        "hand-made-beyond-text.qdpx": _one_source(
            '<PlainTextSelection guid="51000000-0000-4000-8000-000000000001" startPosition="5" '
            f'endPosition="500"><Coding guid="52000000-0000-4000-8000-000000000001">'
            f'<CodeRef targetGUID="{THEME}"/></Coding></PlainTextSelection>'
        ),
        "hand-made-missing-source.qdpx": _one_source("", path=True),
        "hand-made-zip-bomb.qdpx": _zip(
            {
                "project.qde": project("").encode(),
                "sources/big.txt": b"\0" * (101 * 1024 * 1024),
            }
        ),
        "hand-made-wrong-namespace.qdc": (
            b'<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:example:not-refi">'
            b'<Codes><Code guid="C0DE0000-0000-4000-8000-000000000001" name="Support" '
            b'isCodable="true"/></Codes></CodeBook>\n'
        ),
        "hand-made-too-long-name.qdc": (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            f'<Code guid="{THEME}" name="{"Support " * 13}" isCodable="true"/>'
            "</Codes></CodeBook>\n"
        ).encode(),
        "hand-made-entities.qdc": (
            b'<?xml version="1.0"?>\n<!DOCTYPE CodeBook [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            b'<Code guid="C0DE0000-0000-4000-8000-000000000001" name="&b;" isCodable="true"/>'
            b"</Codes></CodeBook>\n"
        ),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
