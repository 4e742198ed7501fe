"""Coding a transcript: the page (the reader's own codings only, withdrawn words greyed and
not offered), choosing a passage by offsets or by segments and words, applying codes,
removing a coding, and offsets kept exact across Urdu and emoji."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from littleminds.audit.models import AuditEvent
from littleminds.audit.testing import chain_lock_queries
from littleminds.evaluation.models import Coding, Memo, Transcript
from littleminds.evaluation.services_coding import coding_apply
from littleminds.evaluation.tests.factories import (
    participant,
    ready_transcript,
    researcher_of,
    study,
    study_world,
)

pytestmark = pytest.mark.django_db


def page_url(world, transcript=None) -> str:
    return reverse(
        "evaluation:transcript-code",
        kwargs={
            "code": world["study"].code,
            "transcript": (transcript or world["transcript"]).code,
        },
    )


def margin(html: str) -> list[str]:
    return re.findall(r'<span class="lm-margin__name">([^<]*)</span>', html)


def marked(html: str) -> list[str]:
    return re.findall(r'<mark class="lm-coded">([^<]*)</mark>', html)


def test_it_shows_the_reader_only_their_own_codings(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    mine = sign_in(client, researcher).get(page_url(world))
    assert mine.status_code == 200
    assert margin(mine.text) == ["How they heard", "Consultation"]
    assert "A health visitor told me" in marked(mine.text)
    # The second coder's coding of the same transcript is neither in the margin nor marked.
    assert not any("baby" in passage for passage in marked(mine.text))
    theirs = sign_in(client, world["second_coder"]).get(page_url(world))
    assert margin(theirs.text) == ["Consultation"]
    assert marked(theirs.text) == ["think about the baby&#x27;s cues"]


def test_it_greys_a_withdrawn_participants_words_and_does_not_offer_them(
    client, sign_in, researcher, team
):
    world = study_world(researcher, team)
    group = world["transcripts"][1]
    response = sign_in(client, researcher).get(page_url(world, group))
    assert response.status_code == 200
    withdrawn = re.search(
        r'<li class="lm-segment lm-segment--withdrawn" id="s(\d+)">', response.text
    )
    assert withdrawn
    assert withdrawn.group(1) == "2"
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">withdrawn</strong>' in response.text
    options = re.findall(r'<option value="(\d+)"', response.text)
    assert "2" not in options
    assert "1" in options


def test_it_records_each_reading_of_the_transcript(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    sign_in(client, researcher).get(page_url(world))
    event = AuditEvent.objects.get(action="transcript.viewed")
    assert event.target_code == str(world["transcript"].code)


def test_it_applies_two_codes_to_words_chosen_by_keyboard(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    transcript = world["transcript"]
    awareness, _heard, pathways, _consultation = world["codes"]
    response = sign_in(client, researcher).post(
        page_url(world),
        {
            "from_segment": "1",
            "to_segment": "1",
            "words": "told   me about THE training",
            "codes": [str(pathways.code), str(awareness.code)],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == page_url(world) + "#s1"
    made = Coding.objects.filter(transcript=transcript, coder=researcher, start__gt=0).filter(
        code__in=[pathways, awareness]
    )
    assert {c.code for c in made} == {pathways, awareness}
    for coding in made:
        assert transcript.text[coding.start : coding.end] == "told me about the training"
    assert AuditEvent.objects.filter(action="coding.applied").count() == 1
    page = client.get(page_url(world))
    assert "Referral pathways" in margin(page.text)
    assert "Awareness" in margin(page.text)


def test_it_codes_whole_segments_when_no_words_are_given(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    transcript = world["transcript"]
    consultation = world["codes"][3]
    response = sign_in(client, researcher).post(
        page_url(world),
        {"from_segment": "1", "to_segment": "3", "codes": [str(consultation.code)]},
    )
    assert response.status_code == 302
    coding = Coding.objects.get(coder=researcher, code=consultation, start__lt=60)
    assert transcript.text[coding.start : coding.end].startswith("P01: A health visitor")
    assert transcript.text[coding.start : coding.end].endswith("بہت اچھا")


def test_it_keeps_offsets_exact_across_urdu_and_emoji(client, sign_in, researcher, team):
    made = study(researcher, team)
    p01 = participant(made, "P01")
    text = "P01: 😊😊 ماں نے کہا 👶🏽 the baby smiled\nInterviewer: اچھا؟\n"
    transcript = ready_transcript(made, "Urdu", text, by=researcher, participants=[p01])
    node = made.codes.create(name="Joy", colour="#007F3B")
    world = {"study": made, "transcript": transcript}
    # What coding.js sends: code points, so "ماں نے کہا" starts after 5 + 2 + 1 code points
    # (the emoji are one code point each, two UTF-16 units).
    start = text.index("ماں")
    assert start == 8
    end = start + len("ماں نے کہا")
    sign_in(client, researcher)
    response = client.post(
        page_url(world), {"start": str(start), "end": str(end), "codes": [str(node.code)]}
    )
    assert response.status_code == 302
    coding = Coding.objects.get(code=node)
    assert text[coding.start : coding.end] == "ماں نے کہا"
    # The same words found by keyboard give the same offsets, and a skin-toned baby is kept
    # whole (two code points).
    response = client.post(
        page_url(world),
        {"from_segment": "0", "to_segment": "0", "words": "👶🏽 the", "codes": [str(node.code)]},
    )
    assert response.status_code == 302
    baby = Coding.objects.filter(code=node).exclude(pk=coding.pk).get()
    assert text[baby.start : baby.end] == "👶🏽 the"
    page = client.get(page_url(world))
    assert marked(page.text) == ["ماں نے کہا", "👶🏽 the"]
    assert 'data-start="0"' in page.text
    assert 'data-start="' + str(text.index("Interviewer")) in (page.text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "10", "end": "9999"}, "Choose a passage within the transcript"),
        ({"start": "10", "end": "10"}, "Choose a passage within the transcript"),
        ({}, "Choose the segment the passage starts in"),
        (
            {"from_segment": "3", "to_segment": "1"},
            "The passage must end in the segment it starts in, or a later one",
        ),
        (
            {"from_segment": "1", "to_segment": "1", "words": "the consultation helped"},
            "The exact words are not in the segments you chose",
        ),
        ({"from_segment": "99", "to_segment": "1"}, "Choose a segment from the list"),
        ({"from_segment": "1", "to_segment": "1", "codes": None}, "Choose at least one code"),
        ({"from_segment": "1", "to_segment": "1", "codes": ["nonsense"]}, "Choose codes from"),
        (
            {"from_segment": "1", "to_segment": "1", "memo": "x" * 5001},
            "Memo on the passage must be 5,000 characters or fewer",
        ),
    ],
)
def test_it_refuses_a_bad_passage_and_changes_nothing(
    client, sign_in, researcher, team, data, message
):
    world = study_world(researcher, team)
    before = Coding.objects.count()
    posted = {"codes": [str(world["codes"][0].code)], **data}
    posted = {key: value for key, value in posted.items() if value is not None}
    response = sign_in(client, researcher).post(page_url(world), posted)
    assert response.status_code == 400
    assert message in response.text
    assert "nhsuk-error-summary" in response.text
    assert Coding.objects.count() == before
    assert not Memo.objects.filter(start__isnull=False).exists()


def test_it_says_every_problem_of_a_passage_at_once(client, sign_in, researcher, team):
    """A memo too long does not hide that the exact words are not there, nor that no code
    was chosen: the error summary lists them all, not one more each time it is sent."""
    world = study_world(researcher, team)
    response = sign_in(client, researcher).post(
        page_url(world),
        {"from_segment": "1", "to_segment": "1", "words": "not there", "memo": "x" * 5001},
    )
    assert response.status_code == 400
    assert "Memo on the passage must be 5,000 characters or fewer" in response.text
    assert "The exact words are not in the segments you chose" in response.text
    response = client.post(
        page_url(world), {"from_segment": "2", "to_segment": "1", "codes": ["nonsense"]}
    )
    assert "Choose codes from the list" in response.text
    assert "The passage must end in the segment it starts in, or a later one" in response.text


def test_it_refuses_to_code_a_withdrawn_participants_words(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    group = world["transcripts"][1]
    start = group.text.index("We never know")
    before = Coding.objects.count()
    response = sign_in(client, researcher).post(
        page_url(world, group),
        {"start": str(start), "end": str(start + 10), "codes": [str(world["codes"][2].code)]},
    )
    assert response.status_code == 400
    assert "a participant who withdrew" in response.text
    assert Coding.objects.count() == before


def test_it_says_when_a_passage_already_has_the_code(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    transcript = world["transcript"]
    heard = world["codes"][1]
    start = transcript.text.index("A health visitor told me")
    before = Coding.objects.count()
    response = sign_in(client, researcher).post(
        page_url(world),
        {
            "start": str(start),
            "end": str(start + len("A health visitor told me")),
            "codes": [str(heard.code), str(world["codes"][0].code)],
        },
    )
    assert response.status_code == 400
    assert "You have already coded this passage with “How they heard”" in response.text
    assert Coding.objects.count() == before


def test_it_keeps_a_memo_on_the_passage_with_the_codes(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    response = sign_in(client, researcher).post(
        page_url(world),
        {
            "from_segment": "3",
            "to_segment": "3",
            "words": "baby's cues",
            "codes": [str(world["codes"][3].code)],
            "memo": "Cues again.",
        },
    )
    assert response.status_code == 302
    memo = Memo.objects.get(text="Cues again.")
    assert world["transcript"].text[memo.start : memo.end] == "baby's cues"
    page = client.get(page_url(world))
    segment = page.text.split('id="s3"')[1].split("</li>\n    \n")[0]
    assert "Cues again." in segment


def test_it_removes_ones_own_coding_only(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    mine = world["codings"][0]
    theirs = world["codings"][2]
    url = reverse(
        "evaluation:coding-remove",
        kwargs={"code": world["study"].code, "transcript": world["transcript"].code},
    )
    sign_in(client, researcher)
    assert client.get(url).status_code == 405
    assert client.post(url, {"coding": str(theirs.guid)}).status_code == 404
    assert client.post(url, {"coding": "not a uuid"}).status_code == 404
    response = client.post(url, {"coding": str(mine.guid), "anchor": "s1"})
    assert response.status_code == 302
    assert response["Location"].endswith("#s1")
    assert not Coding.objects.filter(pk=mine.pk).exists()
    assert Coding.objects.filter(pk=theirs.pk).exists()
    assert AuditEvent.objects.filter(action="coding.removed").count() == 1


def test_it_answers_404_to_outsiders_and_for_a_transcript_not_ready(
    client, sign_in, researcher, team, other_team
):
    world = study_world(researcher, team)
    other = study(researcher, other_team, title="Another study")
    outsider = researcher_of(other, email="outsider@test.example")
    assert sign_in(client, outsider).get(page_url(world)).status_code == 404
    transcript = world["transcript"]
    Transcript.objects.filter(pk=transcript.pk).update(status=Transcript.Status.REVIEW)
    assert sign_in(client, researcher).get(page_url(world)).status_code == 404


def test_it_reads_the_page_in_a_fixed_number_of_queries(
    client, sign_in, researcher, team, django_assert_num_queries
):
    world = study_world(researcher, team)
    transcript = world["transcript"]
    sign_in(client, researcher)
    client.get(page_url(world))

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(world)).status_code == 200
        return len(queries)

    few = count()
    # Many more codings, segments stay the same: the queries do not grow.
    heard = world["codes"][1]
    for start in range(0, 40, 2):
        coding_apply(
            by=researcher, transcript=transcript, start=start + 60, end=start + 62, codes=[heard]
        )
    assert count() == few
    # The session, the user and their roles, the study, the transcript; the page's four
    # reads (segments, the reader's codings, the codebook, the memos); the audit trail's
    # last event and the new one (with its lock on PostgreSQL). Not the session's save: it
    # is renewed at most once a minute (ADR 0061; was three statements more).
    with django_assert_num_queries(11 + chain_lock_queries()):
        client.get(page_url(world))
