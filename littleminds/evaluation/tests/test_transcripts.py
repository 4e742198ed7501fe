"""The transcripts part's pages: uploading, reviewing the names, the list, reading, the kept
original and deleting; who may do each, and what the audit trail keeps."""

from __future__ import annotations

import io
import json
import re

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import Coding, ListedName, Segment, Transcript
from littleminds.evaluation.pseudonymise import fingerprint, propose
from littleminds.evaluation.selectors_transcripts import names_to_find
from littleminds.evaluation.tests import factories
from littleminds.evaluation.tests.factories import participant, researcher_of, study_world

pytestmark = pytest.mark.django_db

INTERVIEW = (
    "Interviewer: How did you hear about the service, Amira?\n"
    "Amira Khan: A health visitor in Manningham told me and Zainab came too. 😊 بہت اچھا\n"
)


def url(name: str, world: dict, transcript: Transcript | None = None) -> str:
    kwargs = {"code": world["study"].code}
    if transcript is not None:
        kwargs["transcript"] = transcript.code
    return reverse(f"evaluation:{name}", kwargs=kwargs)


def word_document(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload_data(world: dict, name: str, content: bytes, **more: object) -> dict:
    return {
        "title": "Interview P01, time 1",
        "time_point": str(world["time_point"].code),
        "method": "interview",
        "participants": [str(world["participants"][0].code)],
        "file": SimpleUploadedFile(name, content),
        **more,
    }


def uploaded(
    world: dict, text: str = INTERVIEW, *, by=None, title: str = "Uploaded interview"
) -> Transcript:
    transcript = Transcript.objects.create(
        study=world["study"],
        title=title,
        time_point=world["time_point"],
        method="interview",
        source_format="txt",
        text=text,
        word_count=len(text.split()),
        uploaded_by=by or world["study"].created_by,
    )
    transcript.participants.set([world["participants"][0]])
    return transcript


@pytest.fixture
def world(researcher, team):
    return study_world(researcher, team)


# Uploading -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "source_format", "first_line"),
    [
        ("interview.txt", INTERVIEW.replace("\n", "\r\n").encode("utf-8-sig"), "txt", None),
        ("interview.docx", word_document(*INTERVIEW.splitlines()), "docx", None),
        (
            "interview.vtt",
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hello \xf0\x9f\x98\x8a\n",
            "vtt",
            "Interviewer: Hello 😊",
        ),
        (
            "interview.srt",
            "1\n00:00:01,000 --> 00:00:02,000\nP01: بہت اچھا\n".encode(),
            "srt",
            "P01: بہت اچھا",
        ),
    ],
)
def test_it_uploads_each_format_into_review_and_audits_it(
    client, sign_in, world, researcher, name, content, source_format, first_line
):
    sign_in(client, researcher)
    response = client.post(url("transcript-upload", world), upload_data(world, name, content))
    transcript = Transcript.objects.get(title="Interview P01, time 1")
    assert response.status_code == 302
    assert response["Location"] == url("transcript-review", world, transcript)
    assert transcript.status == Transcript.Status.REVIEW
    assert transcript.source_format == source_format
    assert transcript.text.split("\n")[0] == (first_line or INTERVIEW.split("\n")[0])
    if first_line is None:
        assert transcript.text == INTERVIEW
    assert list(transcript.participants.all()) == [world["participants"][0]]
    assert transcript.time_point == world["time_point"]
    assert transcript.uploaded_by == researcher
    assert not transcript.segments.exists()
    event = AuditEvent.objects.get(action="transcript.uploaded")
    assert event.target_code == str(transcript.code)
    assert event.detail == {
        "format": source_format,
        "characters": len(transcript.text),
        "participants": 1,
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.docx", b"not a zip", "The file is not a Word document that can be read"),
        ("a.vtt", b"WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\nHi\n", "line 3 has a time"),
        ("a.srt", b"1\nnot a time\nHi\n", "The subtitles could not be read: line 2"),
        ("a.txt", "Café".encode("cp1252"), "The file is not saved as UTF-8 text"),
        ("a.txt", b"", "The file is empty"),
        ("a.pdf", b"%PDF-1.4 x", "The file must be a .txt, .docx, .vtt or .srt file"),
    ],
)
def test_it_stores_nothing_from_a_broken_file_and_says_why(
    client, sign_in, world, researcher, name, content, message
):
    sign_in(client, researcher)
    before = Transcript.objects.count()
    response = client.post(url("transcript-upload", world), upload_data(world, name, content))
    assert response.status_code == 400
    assert message in response.text
    assert "nhsuk-error-summary" in response.text
    assert Transcript.objects.count() == before
    assert not AuditEvent.objects.filter(action="transcript.uploaded").exists()


def test_it_refuses_a_file_over_the_limit(client, sign_in, world, researcher, settings):
    sign_in(client, researcher)
    big = b"words " * (1024 * 1024)
    response = client.post(url("transcript-upload", world), upload_data(world, "a.txt", big))
    assert response.status_code == 400
    assert "The file must be smaller than 5 MB" in response.text
    assert not Transcript.objects.filter(title="Interview P01, time 1").exists()


def test_it_refuses_a_title_the_study_already_has_or_one_too_long(
    client, sign_in, world, researcher
):
    sign_in(client, researcher)
    same = upload_data(world, "a.txt", b"Words.", title="interview p01")
    response = client.post(url("transcript-upload", world), same)
    assert response.status_code == 400
    assert "The study already has a transcript with this title" in response.text
    long = upload_data(world, "a.txt", b"Words.", title="x" * 201)
    response = client.post(url("transcript-upload", world), long)
    assert response.status_code == 400
    assert "Title must be 200 characters or fewer" in response.text
    assert Transcript.objects.count() == 2


def test_it_refuses_another_studys_time_point_and_participants(
    client, sign_in, world, researcher, team
):
    other = factories.study(researcher, team, title="Another study")
    elsewhere = participant(other, "Q01")
    sign_in(client, researcher)
    data = upload_data(
        world,
        "a.txt",
        b"Words.",
        time_point=str(other.time_points.get(position=1).code),
        participants=[str(elsewhere.code)],
        method="chat",
    )
    response = client.post(url("transcript-upload", world), data)
    assert response.status_code == 400
    assert "Choose a time point from the list" in response.text
    assert "Choose participants from the list" in response.text
    assert "Choose whether it was an interview or a focus group" in response.text
    assert not Transcript.objects.filter(title="Interview P01, time 1").exists()


def test_it_shows_the_upload_form_to_the_studys_researchers_only(
    client, sign_in, world, researcher, manager, team
):
    sign_in(client, researcher)
    response = client.get(url("transcript-upload", world))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "P03 (withdrawn)" in response.text
    outsider = Client()
    sign_in(outsider, researcher_of(factories.study(manager, team, title="Another study")))
    assert outsider.get(url("transcript-upload", world)).status_code == 404
    assert client.put(url("transcript-upload", world)).status_code == 405


# Reviewing the names ---------------------------------------------------------------------


def test_it_shows_the_uploader_each_proposal_with_listed_names_ticked(
    client, sign_in, world, researcher
):
    transcript = uploaded(world)
    sign_in(client, researcher)
    response = client.get(url("transcript-review", world, transcript))
    assert response.status_code == 200
    proposals = propose(transcript.text, names_to_find(world["study"]))
    assert [(p.found, p.listed) for p in proposals] == [
        ("Amira", True),
        ("Amira Khan", True),
        ("Manningham", True),
        ("Zainab", False),
    ]
    for proposal in proposals:
        box = f'name="take-{proposal.key}" type="checkbox" value="on"'
        assert (box + " checked" in response.text) is proposal.listed
    assert f'name="with-{proposals[3].key}"' in response.text
    assert "A health visitor in <mark>Manningham</mark> told me and" in response.text
    assert AuditEvent.objects.filter(action="transcript.viewed").count() == 1


def test_it_keeps_the_review_from_researchers_who_neither_uploaded_nor_lead(
    client, sign_in, world, researcher
):
    transcript = uploaded(world)
    sign_in(client, world["second_coder"])
    assert client.get(url("transcript-review", world, transcript)).status_code == 404
    assert client.post(url("transcript-review", world, transcript)).status_code == 404
    # Their own upload, they review.
    own = uploaded(world, by=world["second_coder"], title="Their own")
    assert client.get(url("transcript-review", world, own)).status_code == 200
    # The page of a transcript in review does not show its text to them.
    page = client.get(url("transcript", world, transcript))
    assert page.status_code == 200
    assert "Manningham" not in page.text
    assert url("transcript-review", world, transcript) not in page.text


def review_post(transcript: Transcript, world: dict, **choices: str) -> dict[str, str]:
    proposals = propose(transcript.text, names_to_find(world["study"]))
    data = {"fingerprint": fingerprint(proposals)}
    for proposal in proposals:
        if proposal.listed:
            data[f"take-{proposal.key}"] = "on"
        elif proposal.found in choices:
            data[f"take-{proposal.key}"] = "on"
            data[f"with-{proposal.key}"] = choices[proposal.found]
    return data


def test_it_applies_the_review_cutting_segments_and_auditing_counts_only(
    client, sign_in, world, researcher
):
    transcript = uploaded(world)
    sign_in(client, researcher)
    response = client.post(
        url("transcript-review", world, transcript),
        review_post(transcript, world, Zainab="[sister]"),
    )
    assert response.status_code == 302
    assert response["Location"] == url("transcript", world, transcript)
    transcript.refresh_from_db()
    assert transcript.text == (
        "Interviewer: How did you hear about the service, P01?\n"
        "P01: A health visitor in [place] told me and [sister] came too. 😊 بہت اچھا\n"
    )
    assert transcript.status == Transcript.Status.READY
    assert transcript.ready_at is not None
    assert transcript.original_text == ""
    assert transcript.word_count == len(transcript.text.split())
    segments = list(transcript.segments.order_by("index"))
    assert [(s.speaker, s.participant) for s in segments] == [
        ("Interviewer", None),
        ("P01", world["participants"][0]),
    ]
    assert transcript.text[segments[1].start : segments[1].end].endswith("😊 بہت اچھا")
    event = AuditEvent.objects.get(action="transcript.pseudonymised")
    assert event.detail == {
        "replacements": 4,
        "listed": 3,
        "confirmed": 1,
        "segments": 2,
        "original_kept": False,
    }
    assert "Amira" not in json.dumps(event.detail)
    assert "Zainab" not in json.dumps(event.detail)
    # Applied once only: the review page now sends to the transcript.
    again = client.get(url("transcript-review", world, transcript))
    assert again.status_code == 302


def test_it_gives_a_focus_groups_turns_to_its_participants_once_names_become_codes(
    client, sign_in, world, researcher
):
    p01, p02, _p03 = world["participants"]
    ListedName.objects.create(
        study=world["study"],
        kind="participant",
        text="Bilal Ahmed",
        replacement="P02",
        participant=p02,
    )
    subtitles = (
        "1\n00:00:01,000 --> 00:00:02,000\nFacilitator: What helps?\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nBilal Ahmed: Consultations.\n\n"
        "3\n00:00:04,100 --> 00:00:05,000\nBilal Ahmed: Really 👍🏽\n\n"
        "4\n00:00:05,500 --> 00:00:07,000\nAmira Khan: بہت اچھا, Bilal.\n"
    ).encode()
    sign_in(client, researcher)
    data = upload_data(world, "group.srt", subtitles, method="focus_group")
    data["participants"] = [str(p01.code), str(p02.code)]
    client.post(url("transcript-upload", world), data)
    transcript = Transcript.objects.get(title="Interview P01, time 1")
    client.post(url("transcript-review", world, transcript), review_post(transcript, world))
    transcript.refresh_from_db()
    assert transcript.text == (
        "Facilitator: What helps?\nP02: Consultations. Really 👍🏽\nP01: بہت اچھا, P02.\n"
    )
    assert [
        (s.speaker, s.participant, transcript.text[s.start : s.end])
        for s in transcript.segments.order_by("index")
    ] == [
        ("Facilitator", None, "Facilitator: What helps?"),
        ("P02", p02, "P02: Consultations. Really 👍🏽"),
        ("P01", p01, "P01: بہت اچھا, P02."),
    ]


def test_it_keeps_the_original_only_when_the_study_says_so(client, sign_in, world, researcher):
    world["study"].keep_originals = True
    world["study"].save()
    transcript = uploaded(world)
    sign_in(client, researcher)
    client.post(url("transcript-review", world, transcript), review_post(transcript, world))
    transcript.refresh_from_db()
    assert transcript.original_text == INTERVIEW
    assert "Amira" not in transcript.text


def test_it_leaves_an_unticked_name_and_asks_for_a_ticked_candidates_replacement(
    client, sign_in, world, researcher
):
    transcript = uploaded(world)
    sign_in(client, researcher)
    data = review_post(transcript, world, Zainab="   ")
    response = client.post(url("transcript-review", world, transcript), data)
    assert response.status_code == 400
    assert "Enter what replaces “Zainab”, or leave it unticked" in response.text
    long = review_post(transcript, world, Zainab="x" * 41)
    response = client.post(url("transcript-review", world, transcript), long)
    assert response.status_code == 400
    # Said in words that read as a sentence, not "Replace “Zainab” with must be …".
    assert "What replaces “Zainab” must be 40 characters or fewer" in response.text
    assert "with must be" not in response.text
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.REVIEW
    assert transcript.text == INTERVIEW
    # Unticking a listed name leaves it as it is.
    data = review_post(transcript, world)
    proposals = propose(transcript.text, names_to_find(world["study"]))
    place = next(p for p in proposals if p.found == "Manningham")
    del data[f"take-{place.key}"]
    client.post(url("transcript-review", world, transcript), data)
    transcript.refresh_from_db()
    assert "Manningham" in transcript.text
    assert "Amira" not in transcript.text


def test_it_says_plainly_when_it_found_no_names_to_review(client, sign_in, world, researcher):
    """Not "0 listed names found, each ticked … tick each that is": there is nothing to tick."""
    transcript = uploaded(world, "Interviewer: how was it?\nP01: fine, thank you.\n")
    sign_in(client, researcher)
    page = client.get(url("transcript-review", world, transcript)).text
    assert "No names were found" in page
    assert "0 listed names found" not in page
    assert "tick each that is" not in page


def test_it_refuses_a_review_made_before_the_listed_names_changed(
    client, sign_in, world, researcher
):
    transcript = uploaded(world)
    sign_in(client, researcher)
    data = review_post(transcript, world)
    ListedName.objects.create(
        study=world["study"], kind="person", text="Zainab", replacement="[sister]"
    )
    response = client.post(url("transcript-review", world, transcript), data)
    assert response.status_code == 400
    assert "The names listed for the study changed while you were reviewing" in response.text
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.REVIEW
    # The page now shows the new proposals, and sending it again applies them.
    current = review_post(transcript, world)
    assert f'name="fingerprint" value="{current["fingerprint"]}"' in response.text
    assert current["fingerprint"] != data["fingerprint"]
    response = client.post(url("transcript-review", world, transcript), current)
    assert response.status_code == 302


def test_it_refuses_a_review_sent_without_the_pages_proposals(client, sign_in, world, researcher):
    transcript = uploaded(world)
    sign_in(client, researcher)
    data = review_post(transcript, world)
    del data["fingerprint"]
    response = client.post(url("transcript-review", world, transcript), data)
    assert response.status_code == 400
    assert "Open the review page again and check the replacements" in response.text
    transcript.refresh_from_db()
    assert transcript.text == INTERVIEW


# Reading ---------------------------------------------------------------------------------


def test_it_lists_the_studys_transcripts_in_a_fixed_number_of_queries(
    client, sign_in, world, researcher, django_assert_num_queries
):
    # A researcher who neither leads nor uploaded: whether they may review each is asked too.
    sign_in(client, world["second_coder"])
    client.get(url("transcript-list", world))
    with CaptureQueriesContext(connection) as two:
        response = client.get(url("transcript-list", world))
    assert response.status_code == 200
    for number in range(4):
        uploaded(world, title=f"Interview {number}")
    with django_assert_num_queries(len(two.captured_queries)):
        response = client.get(url("transcript-list", world))
    assert response.text.count("Waiting for its uploader to review the names") == 4
    assert "Interview P01" in response.text
    assert "Focus group 1" in response.text
    assert "P02, P03" in response.text


def test_it_shows_a_ready_transcript_by_segment_and_audits_the_read(
    client, sign_in, world, researcher
):
    sign_in(client, world["second_coder"])
    transcript = world["transcript"]
    response = client.get(url("transcript", world, transcript))
    assert response.status_code == 200
    assert response.text.count('class="lm-segment"') == transcript.segments.count()
    assert "Participant P01" in response.text
    assert "😊 بہت اچھا" in response.text
    event = AuditEvent.objects.get(action="transcript.viewed")
    assert event.target_code == str(transcript.code)
    assert str(event.actor_code) == str(world["second_coder"].code)


def test_it_shows_the_kept_original_to_lead_researchers_only_and_audits_it(
    client, sign_in, world, researcher
):
    transcript = world["transcript"]
    transcript.original_text = "Interviewer: Hello Amira Khan\n"
    transcript.save()
    sign_in(client, researcher)
    response = client.get(url("transcript-original", world, transcript))
    assert response.status_code == 200
    assert "Hello Amira Khan" in response.text
    assert AuditEvent.objects.filter(action="transcript.original_viewed").count() == 1
    coder = Client()
    sign_in(coder, world["second_coder"])
    assert coder.get(url("transcript-original", world, transcript)).status_code == 404
    assert "as uploaded" not in coder.get(url("transcript", world, transcript)).text
    assert AuditEvent.objects.filter(action="transcript.original_viewed").count() == 1


# Deleting --------------------------------------------------------------------------------


def test_it_lets_any_researcher_delete_a_transcript_in_review(client, sign_in, world, researcher):
    transcript = uploaded(world)
    sign_in(client, world["second_coder"])
    assert client.get(url("transcript-delete", world, transcript)).status_code == 200
    response = client.post(url("transcript-delete", world, transcript))
    assert response.status_code == 302
    assert not Transcript.objects.filter(pk=transcript.pk).exists()
    event = AuditEvent.objects.get(action="transcript.deleted")
    assert event.detail["status"] == "review"


def test_it_lets_only_a_lead_delete_a_ready_transcript_with_its_codings(
    client, sign_in, world, researcher
):
    transcript = world["transcript"]
    codings = transcript.codings.count()
    assert codings
    coder = Client()
    sign_in(coder, world["second_coder"])
    assert coder.get(url("transcript-delete", world, transcript)).status_code == 404
    assert coder.post(url("transcript-delete", world, transcript)).status_code == 404
    sign_in(client, researcher)
    page = client.get(url("transcript-delete", world, transcript))
    assert f"has {codings} codings" in page.text
    assert client.post(url("transcript-delete", world, transcript)).status_code == 302
    assert not Transcript.objects.filter(pk=transcript.pk).exists()
    assert not Coding.objects.filter(transcript_id=transcript.pk).exists()
    assert not Segment.objects.filter(transcript_id=transcript.pk).exists()
    event = AuditEvent.objects.get(action="transcript.deleted")
    assert event.detail["codings"] == codings


def test_it_does_not_warn_of_codings_a_ready_transcript_does_not_have(
    client, sign_in, world, researcher
):
    """Not "Its coding goes with it … has 0 codings. They, its memos …"."""
    transcript = world["transcript"]
    transcript.codings.all().delete()
    sign_in(client, researcher)
    page = client.get(url("transcript-delete", world, transcript)).text
    assert "Its coding goes with it" not in page
    assert "0 codings" not in page
    assert "It has no codings. It and its memos are deleted for good." in page


def test_it_counts_one_replacement_in_the_singular(client, sign_in, world, researcher):
    transcript = uploaded(world, "Interviewer: hello.\nP01: we live in Manningham now.\n")
    sign_in(client, researcher)
    response = client.post(
        url("transcript-review", world, transcript), review_post(transcript, world)
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).text
    assert "1 replacement made. The transcript is ready to code." in page


def test_it_answers_404_to_outsiders_and_405_to_the_wrong_method(
    client, sign_in, world, researcher, manager, team
):
    transcript = uploaded(world)
    sign_in(client, manager)
    for name in ("transcript-list", "transcript-upload"):
        assert client.get(url(name, world)).status_code == 404
    for name in ("transcript", "transcript-review", "transcript-original", "transcript-delete"):
        assert client.get(url(name, world, transcript)).status_code == 404
    assert client.post(url("transcript-delete", world, transcript)).status_code == 404
    assert Transcript.objects.filter(pk=transcript.pk).exists()
    sign_in(client, researcher)
    assert client.post(url("transcript-list", world)).status_code == 405
    assert client.post(url("transcript", world, transcript)).status_code == 405
    assert client.delete(url("transcript-delete", world, transcript)).status_code == 405


def test_it_counts_the_studys_transcripts_by_status_on_the_studys_page(
    client, sign_in, world, researcher
):
    uploaded(world)
    participant(world["study"], "P09")
    sign_in(client, researcher)
    response = client.get(reverse("evaluation:study", kwargs={"code": world["study"].code}))
    assert "3 transcripts: 2 ready to code, 1 with names to review" in response.text
    assert url("transcript-upload", world) in response.text


def test_the_list_says_which_transcripts_left_the_analysis_when_everyone_in_them_withdrew(
    client, sign_in, world, researcher
):
    # Found in the walk: P03's own interview still read "Ready to code" after they withdrew.
    factories.ready_transcript(
        world["study"],
        "Interview P03",
        "P03: We never know whether a family is eligible.\n",
        by=researcher,
        participants=[world["withdrawn"]],
    )
    sign_in(client, researcher)
    response = client.get(url("transcript-list", world))

    rows = re.findall(r'<tr class="nhsuk-table__row">(.*?)</tr>', response.text, re.S)

    def row(title: str) -> str:
        return next(found for found in rows if f">{title}</a>" in found)

    assert "Left out: every participant withdrew" in row("Interview P03")
    # P03 withdrew from the focus group too, but P02 did not: it stays in the analysis.
    assert "Left out" not in row("Focus group 1")
    assert "Left out" not in row("Interview P01")
