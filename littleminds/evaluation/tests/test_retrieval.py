"""Retrieval: a code's passages, filtered by group, time point, ring and coder, shown once
when both coders coded them; its CSV and Word files read back; every read audited; nothing a
withdrawn participant said, anywhere."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import Participant
from littleminds.evaluation.retrieval import PassageFilters
from littleminds.evaluation.selectors_analysis import retrieve
from littleminds.evaluation.tests.factories import (
    coding,
    participant,
    ready_transcript,
    researcher_of,
    study,
    study_world,
)
from littleminds.evaluation.tests.test_matrix import hand_made_world

pytestmark = pytest.mark.django_db


def texts(found) -> list[str]:
    return [p.text for _code, passages in found.codes for p in passages]


def test_it_shows_a_passage_both_coders_coded_once_with_both_names(researcher, team):
    world = hand_made_world(researcher, team)
    found = retrieve(
        by=researcher,
        study=world["study"],
        node=world["codes"]["awareness"],
        subcodes=False,
        filters=PassageFilters(),
    )
    assert texts(found) == [
        "alpha beta gamma",
        "delta",
        "one two three.\nC1: four",
        "zeta",
    ]
    first = found.codes[0][1][0]
    assert [c.email for c in first.coders] == [researcher.email, "hand.second@test.example"]
    assert first.participant_labels == "A1"
    assert first.before == "A1: "
    assert first.after == "."
    shared = found.codes[0][1][2]
    assert shared.participant_labels == "B1, C1"


def test_it_filters_by_group_time_point_ring_and_coder(researcher, team):
    world = hand_made_world(researcher, team)
    made, node = world["study"], world["codes"]["awareness"]
    time_2 = made.time_points.get(position=2)

    def passages(**filters) -> list[str]:
        return texts(
            retrieve(
                by=researcher,
                study=made,
                node=node,
                subcodes=False,
                filters=PassageFilters(**filters),
            )
        )

    assert passages(group=Participant.Group.WORKFORCE) == ["one two three.\nC1: four", "zeta"]
    assert passages(time_point=time_2) == ["one two three.\nC1: four"]
    assert passages(group=Participant.Group.SERVICE_DESIGN, time_point=time_2) == []
    assert passages(ring="universal") == ["alpha beta gamma", "delta"]
    # Group and ring are of one participant: B1 (service team) is in the core ring.
    assert passages(group=Participant.Group.SERVICE_TEAM, ring="core") == [
        "one two three.\nC1: four"
    ]
    assert passages(group=Participant.Group.SERVICE_TEAM, ring="risk_factors") == []
    assert passages(coder=world["second"]) == ["beta gamma"]
    assert passages(coder=researcher) == ["alpha beta", "delta", "one two three.\nC1: four", "zeta"]


def test_it_includes_sub_codes_when_asked_each_under_its_code(researcher, team):
    world = hand_made_world(researcher, team)
    found = retrieve(
        by=researcher,
        study=world["study"],
        node=world["codes"]["awareness"],
        subcodes=True,
        filters=PassageFilters(),
    )
    assert [(node.name, len(passages)) for node, passages in found.codes] == [
        ("Awareness", 4),
        ("Heard", 1),
    ]


def test_it_never_shows_what_a_withdrawn_participant_said(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    made = world["study"]
    sign_in(client, researcher)
    # C1's "ten eleven" follows W1's turn; its context stays within C1's turn.
    coding(world["transcripts"][1], world["codes"]["awareness"], researcher, "four five")
    for node in world["codes"].values():
        kwargs = {"code": made.code, "node": node.code}
        page = client.get(reverse("evaluation:retrieval", kwargs=kwargs), {"subcodes": "on"})
        assert page.status_code == 200
        got = client.get(reverse("evaluation:retrieval-csv", kwargs=kwargs))
        document = Document(
            io.BytesIO(client.get(reverse("evaluation:retrieval-docx", kwargs=kwargs)).content)
        )
        for shown in (
            page.text,
            got.content.decode("utf-8-sig"),
            "\n".join(p.text for p in document.paragraphs),
        ):
            assert "seven" not in shown
            # As a word: the page's form token (random letters and digits) may hold "W1".
            assert not re.search(r"\bW1\b", shown)
    assert (
        "ten eleven"
        in client.get(
            reverse(
                "evaluation:retrieval",
                kwargs={"code": made.code, "node": world["codes"]["capacity"].code},
            )
        ).text
    )


def test_it_leaves_a_withdrawn_participants_coding_out_on_study_world(
    client, sign_in, researcher, team
):
    world = study_world(researcher, team)
    pathways = world["codes"][2]
    response = sign_in(client, researcher).get(
        reverse("evaluation:retrieval", kwargs={"code": world["study"].code, "node": pathways.code})
    )
    assert response.status_code == 200
    assert "referrals come back declined" in response.text
    assert "The forms take too long" in response.text
    assert "eligible" not in response.text
    assert not re.search(r"\bP03\b", response.text)


def test_it_lists_passages_with_their_transcript_participants_and_coders(
    client, sign_in, researcher, team
):
    world = study_world(researcher, team)
    consultation = world["codes"][3]
    response = sign_in(client, researcher).get(
        reverse(
            "evaluation:retrieval",
            kwargs={"code": world["study"].code, "node": consultation.code},
        )
    )
    found = response.context["found"]
    assert [(p.transcript.title, p.text, p.participant_labels) for p in found.codes[0][1]] == [
        ("Focus group 1", "Consultation first", "P02"),
        ("Interview P01", "The consultation helped me", "P01"),
        ("Interview P01", "think about the baby's cues", "P01"),
    ]
    assert world["second_coder"].full_name in response.text
    event = AuditEvent.objects.get(action="analysis.passages_viewed")
    assert event.target_code == str(consultation.code)
    assert event.detail["passages"] == 3


def test_it_exports_csv_and_docx_with_the_filters_audited(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    made, node = world["study"], world["codes"]["awareness"]
    time_2 = made.time_points.get(position=2)
    kwargs = {"code": made.code, "node": node.code}
    sign_in(client, researcher)
    query = {"time_point": str(time_2.code), "subcodes": "on"}

    got = client.get(reverse("evaluation:retrieval-csv", kwargs=kwargs), query)
    assert got.status_code == 200
    assert 'filename="passages.csv"' in got["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    header = rows.index(
        ["Code", "Transcript", "Time point", "Participants", "Coded by", "Start", "End", "Passage"]
    )
    assert rows[header + 1 :] == [
        [
            "Awareness",
            "T2 focus group",
            "Time 2",
            "B1, C1",
            researcher.full_name,
            str(world["transcripts"][1].text.index("one")),
            str(world["transcripts"][1].text.index("one") + len("one two three.\nC1: four")),
            "one two three.\nC1: four",
        ]
    ]
    assert ["Time point", "Time 2"] in rows

    got = client.get(reverse("evaluation:retrieval-docx", kwargs=kwargs), query)
    assert got.status_code == 200
    document = Document(io.BytesIO(got.content))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [text for style, text in styled if style.startswith("Heading")]
    assert headings == ["Passages coded “Awareness”", "Awareness"]
    quotes = [text for style, text in styled if style == "Quote"]
    assert quotes == ["one two three.\nC1: four"]
    assert "B1, C1, T2 focus group" in [p.text for p in document.paragraphs]

    events = AuditEvent.objects.filter(action="analysis.passages_exported").order_by("sequence")
    assert [(e.detail["form"], e.detail["time_point"], e.detail["subcodes"]) for e in events] == [
        ("csv", str(time_2.code), True),
        ("docx", str(time_2.code), True),
    ]


def test_it_keeps_words_from_being_read_as_formulas_in_the_csv(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    node = world["codes"]["capacity"]
    node.name = "=SUM(A1)"
    node.save()
    got = sign_in(client, researcher).get(
        reverse("evaluation:retrieval-csv", kwargs={"code": world["study"].code, "node": node.code})
    )
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[-1][0] == "'=SUM(A1)"


def test_it_refuses_bad_filters_with_a_message_and_reads_nothing(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    kwargs = {"code": world["study"].code, "node": world["codes"]["awareness"].code}
    sign_in(client, researcher)
    for url in ("evaluation:retrieval", "evaluation:retrieval-csv", "evaluation:retrieval-docx"):
        response = client.get(
            reverse(url, kwargs=kwargs),
            {"group": "aliens", "time_point": "nope", "ring": "outer", "coder": "x"},
        )
        assert response.status_code == 400
        assert "Select a group from the list" in response.text
        assert "Select a time point from the list" in response.text
        assert "Select a ring from the list" in response.text
        assert "Select a researcher of this study from the list" in response.text
        assert "alpha" not in response.text
    assert not AuditEvent.objects.filter(action__startswith="analysis.").exists()


def test_it_answers_404_for_another_studys_code_and_to_outsiders(
    client, sign_in, researcher, manager, team
):
    world = hand_made_world(researcher, team)
    other = study_world(researcher, team)
    sign_in(client, researcher)
    foreign = reverse(
        "evaluation:retrieval", kwargs={"code": world["study"].code, "node": other["code"].code}
    )
    assert client.get(foreign).status_code == 404
    url = reverse(
        "evaluation:retrieval",
        kwargs={"code": world["study"].code, "node": world["codes"]["awareness"].code},
    )
    assert client.post(url).status_code == 405
    assert sign_in(client, manager).get(url).status_code == 404
    outsider = researcher_of(study(world["second"], team, title="Another"))
    assert sign_in(client, outsider).get(url).status_code == 404


def test_it_lists_the_codebook_to_choose_a_code(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    response = sign_in(client, researcher).get(
        reverse("evaluation:retrieval-codes", kwargs={"code": world["study"].code})
    )
    assert response.status_code == 200
    for node in world["codes"].values():
        assert (
            reverse("evaluation:retrieval", kwargs={"code": world["study"].code, "node": node.code})
            in response.text
        )


def test_it_reads_as_many_times_for_many_passages_as_for_few(client, sign_in, researcher, team):
    world = hand_made_world(researcher, team)
    made, node = world["study"], world["codes"]["awareness"]
    url = reverse("evaluation:retrieval", kwargs={"code": made.code, "node": node.code})
    sign_in(client, researcher)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"subcodes": "on"}).status_code == 200
    more = ready_transcript(
        made,
        "T4 interview",
        "Interviewer: Question?\nZ1: one more passage.\nZ2: and another.\n",
        by=researcher,
        participants=[
            participant(made, "Z1", group=Participant.Group.PARENT),
            participant(made, "Z2", group=Participant.Group.OTHER),
        ],
        time_point=2,
    )
    coding(more, node, world["second"], "one more")
    coding(more, node, researcher, "another")
    coding(more, world["codes"]["heard"], researcher, "passage")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"subcodes": "on"})
    assert response.context["found"].count == 8
    assert len(many) == len(few)
