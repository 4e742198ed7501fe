"""Importing REFI-QDA files: real files other tools made (NVivo, ATLAS.ti, Taguette; see
files/refi-qda/README.md), a hand-made project with Urdu and emoji, and hand-made broken
files that must store nothing. What each file holds is counted here with lxml and zipfile,
not with the importer."""

from __future__ import annotations

import io
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.evaluation.exchange_import import read_import
from littleminds.evaluation.models import (
    Code,
    Coding,
    ListedName,
    Memo,
    Participant,
    Segment,
    StudyResearcher,
    Transcript,
)
from littleminds.evaluation.services_exchange import import_plan
from littleminds.evaluation.tests import factories
from littleminds.evaluation.views_exchange import RESULT_KEY

pytestmark = pytest.mark.django_db

FILES = Path(__file__).resolve().parent / "files" / "refi-qda"
PROJECT = "{urn:QDA-XML:project:1.0}"


@pytest.fixture
def study(researcher, team):
    return factories.study(researcher, team)


@pytest.fixture
def sam(study):
    """A second researcher of the study, whose name the hand-made project's first user has."""
    user = UserFactory.create(
        email="sam@test.example", full_name="Sam Researcher", roles=[(Role.RESEARCHER, None)]
    )
    StudyResearcher.objects.create(study=study, user=user)
    return user


def url(study, name: str = "exchange-import") -> str:
    return reverse(f"evaluation:{name}", kwargs={"code": study.code})


def upload(
    client, study, name: str, fields: dict[str, str] | None = None, *, data: bytes | None = None
):
    content = (FILES / name).read_bytes() if data is None else data
    return client.post(url(study), {"file": SimpleUploadedFile(name, content), **(fields or {})})


def project_fields(study) -> dict[str, str]:
    return {"time_point": str(study.time_points.get(position=1).code), "method": "interview"}


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Code, Transcript, Segment, Coding, Memo, Participant, AuditEvent)
    }


def qde_of(name: str) -> Any:
    with zipfile.ZipFile(FILES / name) as archive:
        return etree.fromstring(archive.read("project.qde"))


# Real files of other tools ---------------------------------------------------------------


def test_it_imports_nvivos_project_with_its_code_tree_and_lists_the_empty_sources(
    client, sign_in, researcher, study
):
    root = qde_of("nvivo-mac-15-qc-project.qdpx")
    codes = list(root.iter(f"{PROJECT}Code"))
    sources = list(root.iter(f"{PROJECT}TextSource"))
    # Each code's place, as its parents' names, counted from the file itself.
    places = set()
    for element in codes:
        path = [element.get("name")]
        parent = element.getparent()
        while parent.tag == f"{PROJECT}Code":
            path.insert(0, parent.get("name"))
            parent = parent.getparent()
        places.add(tuple(path))
    assert len(codes) == 262
    assert len(sources) == 2

    sign_in(client, researcher)
    response = upload(client, study, "nvivo-mac-15-qc-project.qdpx", project_fields(study))

    assert response.status_code == 302
    assert Code.objects.filter(study=study).count() == len(codes)
    assert {str(guid).upper() for guid in Code.objects.values_list("guid", flat=True)} == {
        element.get("guid").upper() for element in codes
    }
    made = set()
    for node in Code.objects.filter(study=study).select_related("parent"):
        path, parent = [node.name], node.parent
        while parent is not None:
            path.insert(0, parent.name)
            parent = Code.objects.get(pk=parent.pk).parent
        made.add(tuple(path))
    assert made == places
    # NVivo for Mac exported both sources' plain text as a single line break: nothing to code.
    assert not Transcript.objects.exists()
    result = client.session[RESULT_KEY]
    assert result["codes_created"] == len(codes)
    assert result["transcripts"] == []
    assert len(result["not_taken"]) == len(sources)
    assert all("it has no text" in line for line in result["not_taken"])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "NVivo for Mac 15.0.0" in page.content.decode()


@pytest.mark.parametrize("name", ["taguette-1.5.2-codebook.qdc", "atlas-ti-win-23.4-codebook.qdc"])
def test_it_imports_a_codebook_other_tools_made(client, sign_in, researcher, study, name):
    root = etree.fromstring((FILES / name).read_bytes())
    namespace = etree.QName(root).namespace
    expected = {
        element.get("guid").upper(): element for element in root.iter(f"{{{namespace}}}Code")
    }
    sets = len(list(root.iter(f"{{{namespace}}}Set")))

    sign_in(client, researcher)
    response = upload(client, study, name)

    assert response.status_code == 302
    made = {str(node.guid).upper(): node for node in Code.objects.filter(study=study)}
    assert set(made) == set(expected)
    for guid, element in expected.items():
        assert made[guid].name == element.get("name")
        colour = element.get("color")
        assert made[guid].colour == (colour.upper() if colour else "#005EB8")
        description = element.find(f"{{{namespace}}}Description")
        assert made[guid].description == (description.text if description is not None else "")
    result = client.session[RESULT_KEY]
    assert result["codes_created"] == len(expected)
    assert len(result["not_taken"]) == (1 if sets else 0)
    event = AuditEvent.objects.get(action="study.imported")
    assert event.detail["codes_created"] == len(expected)
    assert AuditEvent.objects.filter(action="code.created").count() == len(expected)


def test_it_matches_codes_already_in_the_codebook_rather_than_doubling_them(
    client, sign_in, researcher, study
):
    sign_in(client, researcher)
    upload(client, study, "taguette-1.5.2-codebook.qdc")
    before = Code.objects.count()

    response = upload(client, study, "taguette-1.5.2-codebook.qdc")

    assert response.status_code == 302
    assert Code.objects.count() == before
    result = client.session[RESULT_KEY]
    assert result["codes_created"] == 0
    assert len(result["codes_matched"]) == before
    page = client.get(response["Location"]).content.decode()
    assert "ماں اور بچہ" in page


# The hand-made project: every part, across Urdu and emoji -----------------------------------


def test_it_imports_a_project_with_passages_memos_cases_and_coders(
    client, sign_in, researcher, study, sam
):
    ListedName.objects.create(study=study, kind="person", text="Amira", replacement="[person]")
    name = "hand-made-urdu-emoji.qdpx"
    root = qde_of(name)
    with zipfile.ZipFile(FILES / name) as archive:
        texts = {}
        for source in root.iter(f"{PROJECT}TextSource"):
            inline = source.find(f"{PROJECT}PlainTextContent")
            texts[source.get("name")] = (
                inline.text
                if inline is not None
                else archive.read(
                    "sources/" + source.get("plainTextPath").removeprefix("internal://")
                ).decode()
            )
    selections = [
        (source.get("name"), selection, coding)
        for source in root.iter(f"{PROJECT}TextSource")
        for selection in source.iter(f"{PROJECT}PlainTextSelection")
        for coding in selection.iter(f"{PROJECT}Coding")
    ]
    assert len(selections) == 4

    sign_in(client, researcher)
    response = upload(client, study, name, project_fields(study))

    assert response.status_code == 302, response.content.decode()
    assert set(Transcript.objects.values_list("title", flat=True)) == set(texts)
    for title, text in texts.items():
        transcript = Transcript.objects.get(title=title)
        assert transcript.text == text
        assert transcript.status == Transcript.Status.READY
        assert transcript.source_format == Transcript.Format.REFI_QDA
        assert transcript.time_point == study.time_points.get(position=1)
        assert transcript.segments.count() == len([line for line in text.split("\n") if line])
    assert Coding.objects.count() == len(selections)
    users = {user.get("guid"): user.get("name") for user in root.iter(f"{PROJECT}User")}
    for title, selection, coding in selections:
        made = Coding.objects.get(guid=uuid.UUID(coding.get("guid")))
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        # The passage is the same words the other tool coded, Urdu and emoji included.
        assert made.transcript.text[made.start : made.end] == texts[title][start:end]
        assert str(made.code.guid).upper() == coding.find(f"{PROJECT}CodeRef").get("targetGUID")
        who = users.get(coding.get("creatingUser") or selection.get("creatingUser"))
        assert made.coder == (sam if who == "Sam Researcher" else researcher)
    mother = Coding.objects.select_related("transcript").get(code__name="مدد (help)")
    assert mother.transcript.text[mother.start : mother.end] == "ماں کو مدد ملی 👶🏽"
    support = Code.objects.get(name="Support")
    assert support.colour == "#AA3300"
    assert support.description == "Help the family got"
    assert Code.objects.get(name="مدد (help)").parent == support
    # Memos: one on a passage, one on a code; the project's own note is not taken.
    passage = Memo.objects.select_related("transcript").get(start__isnull=False)
    assert passage.transcript is not None
    assert passage.text == "ماں felt heard 👶🏽".replace("👶🏽", "👍")
    assert passage.transcript.text[passage.start : passage.end] == "ماں کو مدد ملی 👶🏽"
    assert passage.author == sam
    assert Memo.objects.get(on_code=support).author == researcher
    # Cases: P01 has what a participant needs, P02 lacks its consent and sheet.
    p01 = Participant.objects.get()
    assert (p01.label, p01.group, str(p01.consent_on)) == ("P01", "parent", "2022-06-03")
    assert list(Transcript.objects.get(title="Interview P01").participants.all()) == [p01]
    assert Segment.objects.filter(participant=p01).exists()

    result = client.session[RESULT_KEY]
    assert result["codings"] == 4
    assert result["memos"] == 2
    assert result["attributed_to_you"] == ["Visiting coder"]
    assert result["attributed_to_researchers"] == ["Sam Researcher → Sam Researcher"]
    # The session keeps the result as JSON: each pair comes back a list.
    assert result["names_found"] == [["Interview P01", 1]]
    page = client.get(response["Location"]).content.decode()
    assert "Recording P01" in page
    assert "an audio recording" in page
    assert "The case “P02”: it has no consent date and no information sheet version" in page
    assert "Visiting coder" in page
    assert "“Interview P01”: 1 name" in page
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("study.imported") == 1
    assert actions.count("transcript.imported") == 2
    assert actions.count("coding.imported") == 2
    assert actions.count("memo.imported") == 2
    assert actions.count("participant.added") == 1
    assert actions.count("code.created") == 3


def test_it_refuses_a_project_whose_transcript_title_the_study_has_and_stores_nothing(
    client, sign_in, researcher, study
):
    sign_in(client, researcher)
    upload(client, study, "hand-made-urdu-emoji.qdpx", project_fields(study))
    before = counts()

    response = upload(client, study, "hand-made-urdu-emoji.qdpx", project_fields(study))

    assert response.status_code == 400
    assert "The study already has a transcript called" in response.content.decode()
    assert counts() == before


def test_it_asks_for_the_time_point_and_method_of_a_projects_transcripts(
    client, sign_in, researcher, study
):
    sign_in(client, researcher)
    before = counts()

    response = upload(client, study, "hand-made-urdu-emoji.qdpx")

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose the time point of the project" in page
    assert "nhsuk-error-summary" in page
    assert counts() == before


# Broken files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("hand-made-bad-zip.qdpx", "a .qdpx file is a zip, and this is not"),
        ("hand-made-bad-xml.qdpx", "is not well-formed XML (line 1)"),
        ("hand-made-unknown-code.qdpx", "points at a code the project"),
        ("hand-made-beyond-text.qdpx", "runs from 5 to 500, outside its text of 17 characters"),
        ("hand-made-missing-source.qdpx", "should be in the project as sources/missing.txt"),
        ("hand-made-zip-bomb.qdpx", "would unpack to more than 100 MB"),
        ("hand-made-wrong-namespace.qdc", "namespace is “urn:example:not-refi”"),
        ("hand-made-too-long-name.qdc", "has a name of 103 characters"),
        ("hand-made-entities.qdc", "declares a DOCTYPE"),
    ],
)
def test_it_refuses_a_broken_file_says_why_and_stores_nothing(
    client, sign_in, researcher, study, name, message
):
    sign_in(client, researcher)
    before = counts()

    response = upload(client, study, name, project_fields(study))

    assert response.status_code == 400
    page = response.content.decode()
    assert message.replace("“", "&ldquo;") in page or message in page
    assert "nhsuk-error-summary" in page
    assert "Traceback" not in page
    assert counts() == before


def test_it_refuses_a_codebook_that_does_not_follow_the_standard(
    client, sign_in, researcher, study
):
    sign_in(client, researcher)
    before = counts()
    # A code without its guid, which the standard requires.
    data = (
        b'<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        b'<Code name="Support" isCodable="true"/></Codes></CodeBook>\n'
    )

    response = upload(client, study, "codebook.qdc", data=data)

    assert response.status_code == 400
    assert (
        "The codebook does not follow the REFI-QDA standard (line 2): Element &#x27;Code&#x27;: "
        "The attribute &#x27;guid&#x27; is required but missing."
    ) in response.content.decode()
    assert counts() == before


def test_it_refuses_a_file_over_the_size_limit(client, sign_in, researcher, study, settings):
    settings.EVALUATION_IMPORT_MAX_MB = 1
    sign_in(client, researcher)
    before = counts()

    response = upload(client, study, "big.qdc", data=b"<" * (1024 * 1024 + 1))

    assert response.status_code == 400
    assert "The file must be smaller than 1 MB" in response.content.decode()
    assert counts() == before


def test_it_refuses_a_project_in_a_codebook_and_a_codebook_in_a_project(
    client, sign_in, researcher, study
):
    codebook = (FILES / "taguette-1.5.2-codebook.qdc").read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", codebook)
    sign_in(client, researcher)

    response = upload(client, study, "codebook.qdpx", project_fields(study), data=buffer.getvalue())

    assert response.status_code == 400
    assert "is a codebook: import it as a .qdc file" in response.content.decode()


# Who may import --------------------------------------------------------------------------


def test_it_lets_only_the_studys_lead_researchers_import(
    client, sign_in, researcher, study, sam, clinician, other_team
):
    outsider = UserFactory.create(email="outsider@test.example", roles=[(Role.RESEARCHER, None)])
    factories.study(outsider, other_team)
    for user in (sam, outsider, clinician):
        sign_in(client, user)
        assert client.get(url(study)).status_code == 404
        assert upload(client, study, "taguette-1.5.2-codebook.qdc").status_code == 404
        assert client.get(url(study, "exchange-import-done")).status_code == 404
    assert not Code.objects.exists()
    client.logout()
    assert client.get(url(study)).status_code == 302


def test_it_answers_other_methods_with_405_and_the_result_page_without_a_result_with_the_form(
    client, sign_in, researcher, study
):
    sign_in(client, researcher)
    assert client.get(url(study)).status_code == 200
    assert client.put(url(study)).status_code == 405
    assert client.post(url(study, "exchange-import-done")).status_code == 405
    response = client.get(url(study, "exchange-import-done"))
    assert response.status_code == 302
    assert response["Location"] == url(study)


def test_the_study_page_links_its_lead_to_the_import(client, sign_in, researcher, study, sam):
    sign_in(client, researcher)
    page = client.get(reverse("evaluation:study", kwargs={"code": study.code})).content.decode()
    assert url(study) in page
    sign_in(client, sam)
    page = client.get(reverse("evaluation:study", kwargs={"code": study.code})).content.decode()
    assert url(study) not in page


def test_it_reads_sources_a_windows_tool_zipped_with_backslashes(
    client, sign_in, researcher, study
):
    with zipfile.ZipFile(FILES / "hand-made-urdu-emoji.qdpx") as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member.replace("/", "\\"), content)
    sign_in(client, researcher)

    response = upload(client, study, "windows.qdpx", project_fields(study), data=buffer.getvalue())

    assert response.status_code == 302
    assert Transcript.objects.get(title="Interview P01").text.startswith("P01: ماں")


def test_it_gives_new_identities_to_codings_another_study_already_holds(
    client, sign_in, researcher, study, team
):
    second = factories.study(researcher, team, title="Second study")
    sign_in(client, researcher)
    upload(client, study, "hand-made-urdu-emoji.qdpx", project_fields(study))

    response = client.post(
        url(second),
        {
            "file": SimpleUploadedFile(
                "p.qdpx", (FILES / "hand-made-urdu-emoji.qdpx").read_bytes()
            ),
            **project_fields(second),
        },
    )

    assert response.status_code == 302
    assert Coding.objects.filter(transcript__study=second).count() == 4
    assert Coding.objects.values("guid").distinct().count() == 8
    # Codes keep their identity in each study: a code's guid is unique within its study.
    assert set(Code.objects.filter(study=second).values_list("guid", flat=True)) == set(
        Code.objects.filter(study=study).values_list("guid", flat=True)
    )


def test_the_service_refuses_a_researcher_who_is_not_a_lead(study, sam):
    plan = read_import("codebook.qdc", (FILES / "taguette-1.5.2-codebook.qdc").read_bytes())

    with pytest.raises(PermissionDenied):
        import_plan(by=sam, study=study, plan=plan)

    assert not Code.objects.exists()
