"""REFI-QDA export (issue 17, "Exchange"; ADR 0044): the codebook as `.qdc` and the whole
project as `.qdpx`, valid against the REFI-QDA Project schema (read by lxml), each ready
transcript's text in `sources/` byte for byte, positions exact in code points across Urdu
and emoji, nothing a withdrawn participant said, no transcript in review and no original,
every download audited, researchers of the study only, and the same file for the same data.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import etree

from littleminds.audit.models import AuditEvent
from littleminds.evaluation import exchange_export
from littleminds.evaluation.models import Memo, Study, Transcript
from littleminds.evaluation.tests.factories import (
    code,
    coding,
    participant,
    ready_transcript,
    researcher_of,
    study,
    study_world,
)

pytestmark = pytest.mark.django_db

SCHEMA = Path(exchange_export.__file__).parent / "schemas" / "Project.xsd"
P = f"{{{exchange_export.PROJECT_NS}}}"
C = f"{{{exchange_export.CODEBOOK_NS}}}"


@cache
def project_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@cache
def codebook_schema() -> etree.XMLSchema:
    """The Project schema's own types in the codebook namespace, with `CodeBook` (of its
    `CodeBookType`) as a root element: a `.qdc` is checked by exactly the rules a project's
    codebook is (ADR 0044)."""
    text = SCHEMA.read_text(encoding="utf-8").replace(
        exchange_export.PROJECT_NS, exchange_export.CODEBOOK_NS
    )
    tree = etree.fromstring(text.encode("utf-8"))
    xsd = "{http://www.w3.org/2001/XMLSchema}"
    root_element = etree.Element(f"{xsd}element", name="CodeBook", type="CodeBookType")
    tree.insert(0, root_element)
    return etree.XMLSchema(tree)


def download(client, name: str, made: Study):
    return client.get(reverse(f"evaluation:{name}", kwargs={"code": made.code}))


def unzipped(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def project_of(files: dict[str, bytes]) -> etree._Element:
    return etree.fromstring(files["project.qde"])


def source_text(files: dict[str, bytes], source: etree._Element) -> str:
    path = source.get("plainTextPath")
    assert path.startswith("internal://")
    return files["sources/" + path.removeprefix("internal://")].decode("utf-8")


@pytest.fixture
def world(researcher, team):
    return study_world(researcher, team)


@pytest.fixture
def signed_in(client, sign_in, researcher):
    return sign_in(client, researcher)


def test_it_exports_a_project_valid_against_the_refi_qda_schema(signed_in, world) -> None:
    response = download(signed_in, "exchange-project-qdpx", world["study"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="little-minds-evaluation.qdpx"'
    )
    files = unzipped(response.content)
    assert files["project.qde"].startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Project ')
    project = project_of(files)
    project_schema().assertValid(project)
    assert project.tag == f"{P}Project"
    assert project.get("name") == "Little Minds evaluation"
    assert project.get("origin").startswith("Little Minds ")
    assert project.get("creatingUserGUID") == str(world["study"].created_by.code)
    assert project.findtext(f"{P}Description") == world["study"].research_questions
    # Every part the study has is there.
    for part in ("Users", "CodeBook", "Variables", "Cases", "Sources", "Notes"):
        assert project.find(f"{P}{part}") is not None, part


def test_it_exports_a_codebook_valid_against_the_schema_with_its_tree(signed_in, world) -> None:
    awareness, heard, pathways, _consultation = world["codes"]
    awareness.description = "How people came to know the service."
    awareness.save()

    response = download(signed_in, "exchange-codebook-qdc", world["study"])

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="little-minds-evaluation-codebook.qdc"'
    )
    book = etree.fromstring(response.content)
    codebook_schema().assertValid(book)
    assert book.tag == f"{C}CodeBook"
    themes = book.findall(f"{C}Codes/{C}Code")
    assert [t.get("name") for t in themes] == [
        "Awareness",
        "Referral pathways",
        "Consultation",
    ]
    first = themes[0]
    assert first.get("guid") == str(awareness.guid)
    assert first.get("color") == "#007F3B"
    assert first.get("isCodable") == "true"
    assert first.findtext(f"{C}Description") == "How people came to know the service."
    assert [c.get("guid") for c in first.findall(f"{C}Code")] == [str(heard.guid)]
    assert themes[1].get("color") == pathways.colour


def test_its_schema_checks_refuse_a_broken_file(signed_in, world) -> None:
    """The checks above mean something: a file that breaks the schema is refused."""
    files = unzipped(download(signed_in, "exchange-project-qdpx", world["study"]).content)
    project = project_of(files)
    selection = project.find(f".//{P}PlainTextSelection")
    del selection.attrib["startPosition"]
    assert not project_schema().validate(project)

    book = etree.fromstring(download(signed_in, "exchange-codebook-qdc", world["study"]).content)
    book.find(f"{C}Codes/{C}Code").set("color", "green")
    assert not codebook_schema().validate(book)
    # A project's codebook is not a `.qdc`: the namespaces differ.
    assert not codebook_schema().validate(project.find(f"{P}CodeBook"))


def test_it_puts_each_ready_transcripts_text_in_sources_byte_for_byte(signed_in, world) -> None:
    interview, group = world["transcripts"]
    files = unzipped(download(signed_in, "exchange-project-qdpx", world["study"]).content)
    project = project_of(files)
    sources = project.findall(f"{P}Sources/{P}TextSource")

    assert [s.get("name") for s in sources] == ["Focus group 1", "Interview P01"]
    by_guid = {s.get("guid"): s for s in sources}
    assert files[f"sources/{interview.code}.txt"] == interview.text.encode("utf-8")
    assert by_guid[str(interview.code)].get("plainTextPath") == f"internal://{interview.code}.txt"
    assert source_text(files, by_guid[str(interview.code)]) == interview.text
    # The focus group's text is the same but for its withdrawn speaker (see below).
    exported = source_text(files, by_guid[str(group.code)])
    assert len(exported) == len(group.text)
    assert sorted(files) == sorted(
        ["project.qde", f"sources/{interview.code}.txt", f"sources/{group.code}.txt"]
    )


def test_its_positions_are_code_points_across_urdu_and_emoji(signed_in, researcher, team) -> None:
    made = study(researcher, team)
    p01 = participant(made, "P01")
    text = (
        "Interviewer: آپ نے سروس کے بارے میں کیسے سنا؟ 🙂\n"
        "P01: ہیلتھ وزٹر نے بتایا 👶🏽 then the nursery said 😊 بہت اچھا\n"
    )
    transcript = ready_transcript(made, "Urdu interview", text, by=researcher, participants=[p01])
    node = code(made, "How they heard")
    passages = ["ہیلتھ وزٹر نے بتایا 👶🏽", "the nursery said 😊 بہت", "🙂"]
    for passage in passages:
        coding(transcript, node, researcher, passage)

    files = unzipped(download(signed_in, "exchange-project-qdpx", made).content)
    project = project_of(files)
    project_schema().assertValid(project)
    source = project.find(f"{P}Sources/{P}TextSource")
    exported = source_text(files, source)
    read_back = [
        exported[int(s.get("startPosition")) : int(s.get("endPosition"))]
        for s in source.findall(f"{P}PlainTextSelection")
    ]
    assert sorted(read_back) == sorted(passages)
    # Byte or UTF-16 offsets would not have found them: the test means something.
    start = text.index(passages[1])
    assert len(text[:start].encode("utf-16-le")) // 2 != start
    assert len(text[:start].encode("utf-8")) != start


def test_it_leaves_out_everything_a_withdrawn_participant_said(signed_in, world) -> None:
    _interview, group = world["transcripts"]
    withdrawn = world["withdrawn"]
    said = "P03: We never know whether a family is eligible."
    # A memo on the withdrawn participant's words goes too; one on P02's stays.
    start = group.text.index(said)
    Memo.objects.create(
        study=world["study"],
        author=world["second_coder"],
        text="Eligibility again.",
        transcript=group,
        start=start,
        end=start + len(said),
    )
    kept_start = group.text.index("The forms take too long")
    kept = Memo.objects.create(
        study=world["study"],
        author=world["second_coder"],
        text="Forms!",
        transcript=group,
        start=kept_start,
        end=kept_start + len("The forms take too long"),
    )

    files = unzipped(download(signed_in, "exchange-project-qdpx", world["study"]).content)
    project = project_of(files)
    project_schema().assertValid(project)
    source = project.find(f"{P}Sources/{P}TextSource[@guid='{group.code}']")
    exported = source_text(files, source)

    assert "eligible" not in exported
    assert "P03" not in exported
    assert "[withdrawn]" in exported
    # Their turn is masked at its own length, so every other position is unchanged.
    assert exported[start : start + len(said)] == "[withdrawn]".ljust(len(said))
    assert exported[:start] == group.text[:start]
    assert exported[start + len(said) :] == group.text[start + len(said) :]
    # The coding of their words, their case and the memo on their words are left out.
    coded = [
        exported[int(s.get("startPosition")) : int(s.get("endPosition"))]
        for s in source.findall(f"{P}PlainTextSelection")
    ]
    # The three codings of P02's words, then the memo on a passage of them.
    assert coded == [
        "The forms take too long",
        "referrals come back declined",
        "Consultation first",
        "The forms take too long",
    ]
    cases = [c.get("name") for c in project.findall(f"{P}Cases/{P}Case")]
    assert cases == ["P01", "P02"]
    assert str(withdrawn.code) not in files["project.qde"].decode()
    notes = [n.findtext(f"{P}PlainTextContent") for n in project.findall(f"{P}Notes/{P}Note")]
    assert "Eligibility again." not in notes
    assert "Forms!" in notes
    refs = [r.get("targetGUID") for r in source.findall(f"{P}PlainTextSelection/{P}NoteRef")]
    assert refs == [str(kept.code)]


def test_it_leaves_out_a_transcript_all_of_whose_participants_withdrew(
    signed_in, world, researcher
) -> None:
    made = world["study"]
    p09 = participant(made, "P09", withdrawn_by=researcher)
    gone = ready_transcript(
        made, "Interview P09", "P09: Gone.\n", by=researcher, participants=[p09]
    )

    files = unzipped(download(signed_in, "exchange-project-qdpx", made).content)

    assert f"sources/{gone.code}.txt" not in files
    assert str(gone.code) not in files["project.qde"].decode()


def test_it_never_exports_a_transcript_in_review_nor_an_original(
    signed_in, researcher, team
) -> None:
    made = study(researcher, team, keep_originals=True)
    p01 = participant(made, "P01")
    ready = ready_transcript(
        made, "Ready", "P01: I heard from P02.\n", by=researcher, participants=[p01]
    )
    Transcript.objects.filter(pk=ready.pk).update(original_text="P01: I heard from Amira Khan.\n")
    in_review = Transcript.objects.create(
        study=made,
        title="Still in review",
        source_format=Transcript.Format.TEXT,
        text="P01: Zainab Begum told me.\n",
        uploaded_by=researcher,
    )

    files = unzipped(download(signed_in, "exchange-project-qdpx", made).content)
    everything = b"".join(files.values()).decode("utf-8")

    assert sorted(files) == ["project.qde", f"sources/{ready.code}.txt"]
    assert "Amira Khan" not in everything
    assert "Zainab Begum" not in everything
    assert str(in_review.code) not in everything


def test_it_writes_cases_with_variables_in_words(signed_in, world) -> None:
    files = unzipped(download(signed_in, "exchange-project-qdpx", world["study"]).content)
    project = project_of(files)
    variables = {
        v.get("guid"): (v.get("name"), v.get("typeOfVariable"))
        for v in project.findall(f"{P}Variables/{P}Variable")
    }
    assert [name for name, _kind in variables.values()] == [
        "Group",
        "Organisation",
        "Ring",
        "Time points",
        "Method",
        "Consent given on",
        "Information sheet version",
    ]
    p01, p02, _p03 = world["participants"]
    interview, group = world["transcripts"]

    def case(who) -> tuple[dict[str, str], list[str]]:
        found = project.find(f"{P}Cases/{P}Case[@guid='{who.code}']")
        values = {
            variables[v.find(f"{P}VariableRef").get("targetGUID")][0]: v[1].text
            for v in found.findall(f"{P}VariableValue")
        }
        return values, [s.get("targetGUID") for s in found.findall(f"{P}SourceRef")]

    assert case(p02) == (
        {
            "Group": "Early-years workforce",
            "Organisation": "Little Acorns Nursery",
            "Ring": "Universal",
            "Time points": "Time 1",
            "Method": "Focus group",
            "Consent given on": "2022-06-01",
            "Information sheet version": "v2",
        },
        [str(group.code)],
    )
    values, sources = case(p01)
    assert values["Time points"] == "Time 1, Time 2"
    assert "Organisation" not in values
    assert "Ring" not in values
    assert sources == [str(interview.code)]


def test_it_links_memos_as_notes_and_codings_to_their_codes_and_coders(
    signed_in, world, researcher
) -> None:
    made = world["study"]
    interview = world["transcript"]
    files = unzipped(download(signed_in, "exchange-project-qdpx", made).content)
    project = project_of(files)

    users = {u.get("guid"): u.get("name") for u in project.findall(f"{P}Users/{P}User")}
    assert set(users) == {str(researcher.code), str(world["second_coder"].code)}
    notes = {n.get("guid"): n for n in project.findall(f"{P}Notes/{P}Note")}
    on_transcript = world["memo"]
    note = notes[str(on_transcript.code)]
    assert note.findtext(f"{P}PlainTextContent") == "Cues come up often."
    assert note.get("creatingUser") == str(researcher.code)
    source = project.find(f"{P}Sources/{P}TextSource[@guid='{interview.code}']")
    assert [r.get("targetGUID") for r in source.findall(f"{P}NoteRef")] == [str(on_transcript.code)]
    on_code = Memo.objects.get(on_code=world["code"])
    theme = project.find(f"{P}CodeBook/{P}Codes/{P}Code[@guid='{world['code'].guid}']")
    assert [r.get("targetGUID") for r in theme.findall(f"{P}NoteRef")] == [str(on_code.code)]
    # Each coding keeps its GUID, its code and its coder.
    codings = {c.get("guid"): c for c in project.iterfind(f".//{P}PlainTextSelection/{P}Coding")}
    for made_coding in world["codings"][:3]:
        written = codings[str(made_coding.guid)]
        assert written.find(f"{P}CodeRef").get("targetGUID") == str(made_coding.code.guid)
        assert written.get("creatingUser") == str(made_coding.coder.code)


def test_it_reads_the_same_number_of_times_however_much_there_is(
    signed_in, world, researcher, django_assert_max_num_queries
) -> None:
    """No read a transcript, coding, memo or participant: a large study exports as fast."""
    made = world["study"]
    url = reverse("evaluation:exchange-project-qdpx", kwargs={"code": made.code})
    with CaptureQueriesContext(connection) as small:
        signed_in.get(url)
    node = world["codes"][2]
    for n in range(3):
        more = participant(made, f"P1{n}", times=(2,))
        text = f"Interviewer: Anything else?\nP1{n}: The waiting list was long, {n}.\n"
        transcript = ready_transcript(
            made, f"Interview P1{n}", text, by=researcher, participants=[more], time_point=2
        )
        coding(transcript, node, researcher, "waiting list")
        coding(transcript, node, world["second_coder"], "was long")
        Memo.objects.create(study=made, author=researcher, text="Waits.", transcript=transcript)
    with django_assert_max_num_queries(len(small.captured_queries)):
        signed_in.get(url)


def test_it_gives_the_same_file_for_the_same_data(signed_in, world) -> None:
    first = download(signed_in, "exchange-project-qdpx", world["study"]).content
    again = download(signed_in, "exchange-project-qdpx", world["study"]).content
    assert first == again
    book = download(signed_in, "exchange-codebook-qdc", world["study"]).content
    assert book == download(signed_in, "exchange-codebook-qdc", world["study"]).content


def test_it_audits_every_download(signed_in, world, researcher) -> None:
    made = world["study"]
    download(signed_in, "exchange-codebook-qdc", made)
    download(signed_in, "exchange-project-qdpx", made)

    book, project = (
        AuditEvent.objects.filter(action__startswith="study.")
        .exclude(action="study.created")
        .order_by("sequence")
    )
    assert book.action == "study.codebook_exported"
    assert str(book.actor_code) == str(researcher.code)
    assert str(book.target_code) == str(made.code)
    assert str(book.team_code) == str(made.team.code)
    assert book.detail == {
        "form": "qdc",
        "file": "little-minds-evaluation-codebook.qdc",
        "codes": 4,
    }
    assert project.action == "study.project_exported"
    assert project.detail == {
        "form": "qdpx",
        "file": "little-minds-evaluation.qdpx",
        "sources": 2,
        "codings": 6,
        "memos": 2,
        "cases": 2,
    }


def test_it_answers_404_to_anyone_but_the_studys_researchers(
    client, sign_in, world, team, manager, researcher
) -> None:
    made = world["study"]
    other = researcher_of(study(researcher, team, title="Another study"), email="o@test.example")
    for name in ("exchange-codebook-qdc", "exchange-project-qdpx"):
        assert download(sign_in(client, other), name, made).status_code == 404
        assert download(sign_in(client, manager), name, made).status_code == 404
    assert not AuditEvent.objects.filter(action__endswith="_exported").exists()


def test_it_sends_a_visitor_to_sign_in_and_refuses_a_post(client, sign_in, world, researcher):
    made = world["study"]
    for name in ("exchange-codebook-qdc", "exchange-project-qdpx"):
        assert download(client, name, made).status_code == 302
        url = reverse(f"evaluation:{name}", kwargs={"code": made.code})
        assert sign_in(client, researcher).post(url).status_code == 405
        client.logout()


def test_it_says_so_when_the_codebook_is_empty(signed_in, researcher, team) -> None:
    made = study(researcher, team)
    response = download(signed_in, "exchange-codebook-qdc", made)
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation:study", kwargs={"code": made.code})
    # An empty study's project is still valid.
    files = unzipped(download(signed_in, "exchange-project-qdpx", made).content)
    project_schema().assertValid(project_of(files))
    assert not AuditEvent.objects.filter(action="study.codebook_exported").exists()


def test_the_study_and_codebook_pages_offer_both_files(signed_in, world) -> None:
    made = world["study"]
    page = signed_in.get(reverse("evaluation:study", kwargs={"code": made.code})).content.decode()
    assert reverse("evaluation:exchange-codebook-qdc", kwargs={"code": made.code}) in page
    assert reverse("evaluation:exchange-project-qdpx", kwargs={"code": made.code}) in page
    assert "Download the project (.qdpx)" in page
    assert "NVivo, ATLAS.ti, MAXQDA or QualCoder" in page
    book = signed_in.get(reverse("evaluation:codebook", kwargs={"code": made.code}))
    assert "Download the codebook (.qdc)" in book.content.decode()


def test_it_masks_a_span_at_its_own_length_however_short() -> None:
    text = "A: one\nB: no\nC: three times 😊\n"
    masked = exchange_export.masked(text, [(7, 12), (13, 29)])
    assert masked == "A: one\n…    \n[withdrawn]     \n"
    assert len(masked) == len(text)
    assert exchange_export.masked(text, []) == text


def test_it_leaves_out_characters_xml_cannot_hold(signed_in, world) -> None:
    node = world["code"]
    node.description = "Pasted\x0bfrom a document\x0c."
    node.save()
    Memo.objects.create(
        study=world["study"], author=world["second_coder"], text="A\x08memo", on_code=node
    )
    files = unzipped(download(signed_in, "exchange-project-qdpx", world["study"]).content)
    project = project_of(files)
    project_schema().assertValid(project)
    theme = project.find(f"{P}CodeBook/{P}Codes/{P}Code[@guid='{node.guid}']")
    assert theme.findtext(f"{P}Description") == "Pastedfrom a document."
