"""Reading uploaded transcripts (`uploads.read_upload`): each format into the same plain
text, with offsets that stay exact over Urdu and emoji, and broken files refused with a
message that says what is wrong."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from littleminds.evaluation.segments import pieces_of
from littleminds.evaluation.uploads import MAX_BYTES, Refused, read_upload

FILES = Path(__file__).parent / "files"


def word_document(*paragraphs: str) -> bytes:
    """A real .docx made with python-docx."""
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def lines_of(text: str) -> list[str]:
    """Each segment's text, cut from `text` by the segments' own offsets."""
    return [text[piece.start : piece.end] for piece in pieces_of(text)]


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(Refused) as refused:
        read_upload(name, data)
    return refused.value.message


# Plain text ------------------------------------------------------------------------------


def test_it_reads_utf8_text_with_a_byte_order_mark_and_windows_line_endings():
    data = (
        "\ufeffInterviewer: How did you hear?\r\n\r\n"
        "P01:  A health visitor   told me. 😊\r\n"
        "P01: بہت اچھا — it helped.\r\n"
    ).encode()
    read = read_upload("Interview.TXT", data)
    assert read.source_format == "txt"
    assert read.text == (
        "Interviewer: How did you hear?\n"
        "P01: A health visitor told me. 😊\n"
        "P01: بہت اچھا — it helped.\n"
    )
    assert lines_of(read.text) == [
        "Interviewer: How did you hear?",
        "P01: A health visitor told me. 😊",
        "P01: بہت اچھا — it helped.",
    ]
    assert [piece.speaker for piece in pieces_of(read.text)] == ["Interviewer", "P01", "P01"]


def test_it_keeps_text_without_a_byte_order_mark_and_old_mac_line_endings():
    read = read_upload("a.txt", b"First paragraph.\rSecond paragraph.")
    assert read.text == "First paragraph.\nSecond paragraph.\n"


def test_it_refuses_text_in_another_encoding_saying_which_line():
    message = refusal("a.txt", "Line one\nCafé in Manningham\n".encode("cp1252"))
    assert message.startswith("The file is not saved as UTF-8 text (line 2)")


def test_it_refuses_a_picture_named_as_text():
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    assert refusal("a.txt", png).startswith("The file's content is not text")


@pytest.mark.parametrize("name", ["a.txt", "a.vtt", "a.srt", "a.docx"])
def test_it_refuses_an_empty_file(name):
    assert refusal(name, b"") == "The file is empty"
    assert refusal(name, b" \n ") == "The file is empty"


def test_it_refuses_other_kinds_of_file():
    assert refusal("a.pdf", b"%PDF-1.4") == "The file must be a .txt, .docx, .vtt or .srt file"
    assert refusal("transcript", b"words") == "The file must be a .txt, .docx, .vtt or .srt file"


def test_it_refuses_a_file_over_five_megabytes():
    assert refusal("a.txt", b"a" * (MAX_BYTES + 1)) == "The file must be smaller than 5 MB"
    assert read_upload("a.txt", b"a " * (MAX_BYTES // 2)).text.startswith("a a")


# Word ------------------------------------------------------------------------------------


def test_it_reads_a_word_documents_paragraphs_dropping_empty_ones():
    data = word_document(
        "Interviewer: How did you hear?",
        "",
        "   ",
        "P01: A health visitor told me 😊 بہت اچھا",
        "A paragraph\nwith a line break",
    )
    read = read_upload("interview.docx", data)
    assert read.source_format == "docx"
    assert lines_of(read.text) == [
        "Interviewer: How did you hear?",
        "P01: A health visitor told me 😊 بہت اچھا",
        "A paragraph with a line break",
    ]


def test_it_reads_a_word_documents_table_rows_as_turns_in_order():
    document = docx.Document()
    document.add_paragraph("Interview, 3 June")
    table = document.add_table(rows=3, cols=2)
    for row, (speaker, words) in zip(
        table.rows,
        [("Interviewer:", "How did you hear?"), ("P01", "From the nursery 😊"), ("", "Notes")],
        strict=True,
    ):
        row.cells[0].text = speaker
        row.cells[1].text = words
    document.add_paragraph("End of interview")
    out = io.BytesIO()
    document.save(out)
    assert lines_of(read_upload("a.docx", out.getvalue()).text) == [
        "Interview, 3 June",
        "Interviewer: How did you hear?",
        "P01: From the nursery 😊",
        "Notes",
        "End of interview",
    ]


def test_it_refuses_a_zip_that_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert refusal("a.docx", out.getvalue()) == "The file is not a Word document that can be read"


@pytest.mark.parametrize(
    "data",
    [
        b"Just some text called .docx",
        word_document("Hello", "world")[:300],
        b"PK\x03\x04" + b"\x00" * 100,
    ],
    ids=["text", "cut short", "zip header only"],
)
def test_it_refuses_a_broken_word_document(data):
    assert refusal("a.docx", data) == "The file is not a Word document that can be read"


def test_it_refuses_a_word_document_whose_xml_is_broken():
    good = word_document("Hello")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            content = source.read(member.filename)
            if member.filename == "word/document.xml":
                content = content[: len(content) // 2]
            target.writestr(member, content)
    assert refusal("a.docx", out.getvalue()) == "The file is not a Word document that can be read"


def test_it_refuses_a_word_document_named_as_text():
    assert refusal("a.txt", word_document("Hello")).startswith("The file's content is not text")


# Subtitles -------------------------------------------------------------------------------


def test_it_reads_webvtt_voices_as_speaker_turns_joining_a_speakers_cues():
    read = read_upload("interview.vtt", (FILES / "interview.vtt").read_bytes())
    assert read.source_format == "vtt"
    assert lines_of(read.text) == [
        "Interviewer: How did you hear about the service?",
        "Amira Khan: A health visitor told me, then the nursery said so too 😊",
        "Interviewer: Thank you & what next?",
        "Amira Khan: بہت اچھا، the consultation helped.",
    ]
    assert [piece.speaker for piece in pieces_of(read.text)] == [
        "Interviewer",
        "Amira Khan",
        "Interviewer",
        "Amira Khan",
    ]


def test_it_reads_webvtt_without_voices_as_paragraphs_split_at_pauses():
    data = (
        b"WEBVTT\n\n"
        b"00:00:01.000 --> 00:00:02.000\nThe first\n\n"
        b"00:00:02.100 --> 00:00:03.000\nparagraph.\n\n"
        b"00:00:09.000 --> 00:00:10.000\nAfter a pause.\n"
    )
    assert read_upload("a.vtt", data).text == "The first paragraph.\nAfter a pause.\n"


def test_it_reads_subrip_keeping_speakers_and_joining_cues_into_turns():
    read = read_upload("group.srt", (FILES / "focus_group.srt").read_bytes())
    assert read.source_format == "srt"
    assert lines_of(read.text) == [
        "Facilitator: What gets in the way of referring?",
        "P02: The forms take too long and referrals come back declined. 🙁",
        "P03: We never know whether a family is eligible — اہل ہے؟",
    ]


def test_it_starts_a_new_turn_when_one_cue_holds_two_speakers():
    data = (
        b"1\n00:00:01,000 --> 00:00:02,000\nP01: Yes.\nInterviewer: Go on.\n\n"
        b"2\n00:00:02,000 --> 00:00:03,000\nP01: <i>Well</i>, it helped.\n"
    )
    assert read_upload("a.srt", data).text == (
        "P01: Yes.\nInterviewer: Go on.\nP01: Well, it helped.\n"
    )


def test_it_refuses_subrip_it_cannot_read_naming_the_line():
    message = refusal("a.srt", (FILES / "broken.srt").read_bytes())
    assert message == (
        "The subtitles could not be read: line 10 should be a time like "
        "00:01:02,500 --> 00:01:04,000"
    )


def test_it_refuses_subrip_with_text_where_a_subtitle_should_start():
    data = b"1\n00:00:01,000 --> 00:00:02,000\nHello\n\nStray words\n"
    assert refusal("a.srt", data).startswith("The subtitles could not be read: line 5 is not")


def test_it_refuses_webvtt_with_a_broken_time_naming_the_line():
    message = refusal("a.vtt", (FILES / "broken.vtt").read_bytes())
    assert message == (
        "The subtitles could not be read: line 6 has a time that is not in the form 00:01:02.500"
    )


def test_it_refuses_webvtt_without_its_header():
    message = refusal("a.vtt", b"00:00:01.000 --> 00:00:02.000\nHello\n")
    assert message == "The subtitles could not be read: line 1 should start with WEBVTT"


def test_it_refuses_subtitles_with_no_words():
    assert refusal("a.vtt", b"WEBVTT\n\n") == "The file has no words in it"
