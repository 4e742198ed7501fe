"""Agreement between two coders: Cohen's kappa against scikit-learn's `cohen_kappa_score` on
the same vectors (edge cases included), the decisions counted by hand on `study_world`, the
pages, the side-by-side view and its audit."""

from __future__ import annotations

import math
import random
import re
import warnings

import pytest
from django.urls import reverse
from sklearn.metrics import cohen_kappa_score  # type: ignore[import-untyped]

from littleminds.audit.models import AuditEvent
from littleminds.evaluation.agreement import cohen_kappa, coverage, overlaps, pooled
from littleminds.evaluation.selectors_analysis import agreement, decisions, default_pair
from littleminds.evaluation.tests.factories import (
    coding,
    ready_transcript,
    researcher_of,
    study,
    study_world,
)

VECTORS = [
    ([1, 0, 1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 0, 1, 1, 0]),
    ([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
    ([1, 0, 1, 0], [0, 1, 0, 1]),  # complete disagreement: kappa −1
    ([1, 1, 0, 0], [1, 1, 0, 0]),  # complete agreement: kappa 1
    ([1, 1, 1, 1], [0, 0, 0, 0]),  # each coder constant, opposite: kappa 0
    ([0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0]),  # B never codes: kappa 0
    ([0, 1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]),
]


@pytest.mark.parametrize(("a", "b"), VECTORS)
def test_it_agrees_with_scikit_learn(a, b):
    ours = cohen_kappa([bool(x) for x in a], [bool(y) for y in b])
    assert ours.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    assert ours.observed == pytest.approx(sum(x == y for x, y in zip(a, b, strict=True)) / len(a))
    assert ours.segments == len(a)
    assert ours.why_not == ""


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ([1, 1, 1], [1, 1, 1], "Both coders coded every segment"),
        ([0, 0, 0, 0], [0, 0, 0, 0], "Neither coder coded any segment"),
    ],
)
def test_it_says_why_kappa_cannot_be_computed_where_scikit_learn_gives_nan(a, b, why):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert math.isnan(cohen_kappa_score(a, b))
    ours = cohen_kappa([bool(x) for x in a], [bool(y) for y in b])
    assert ours.kappa is None
    assert not ours.computed
    assert ours.why_not.startswith(why)
    assert ours.observed == 1.0
    assert ours.expected == 1.0


def test_it_says_why_when_there_are_no_segments():
    ours = cohen_kappa([], [])
    assert ours.kappa is None
    assert ours.observed is None
    assert ours.why_not == "There are no segments both coders could code."


def test_it_refuses_vectors_of_different_lengths():
    with pytest.raises(ValueError, match="same items"):
        cohen_kappa([True], [True, False])


def test_it_pools_decisions_as_one_vector_not_an_average_of_kappas():
    parts = [cohen_kappa([bool(x) for x in a], [bool(y) for y in b]) for a, b in VECTORS[:3]]
    all_a = [x for a, _b in VECTORS[:3] for x in a]
    all_b = [y for _a, b in VECTORS[:3] for y in b]
    assert pooled(parts).kappa == pytest.approx(cohen_kappa_score(all_a, all_b), abs=1e-12)
    assert pooled(parts).segments == len(all_a)


@pytest.mark.django_db
def test_it_decides_each_segment_as_counted_by_hand_on_study_world(researcher, team):
    world = study_world(researcher, team)
    second = world["second_coder"]
    awareness, heard, pathways, consultation = (c.pk for c in world["codes"])
    found, left_out = decisions(world["study"], researcher, second)
    assert left_out == []
    # Transcripts by title: "Focus group 1" (P03's turn left out: 3 segments), then
    # "Interview P01" (4 segments).
    assert [(d.transcript.title, len(d.segments)) for d in found] == [
        ("Focus group 1", 3),
        ("Interview P01", 4),
    ]
    group, interview = found
    F, T = False, True
    assert group.a == {
        awareness: [F, F, F],
        heard: [F, F, F],
        pathways: [F, T, F],
        consultation: [F, F, F],
    }
    assert group.b == {
        awareness: [F, F, F],
        heard: [F, F, F],
        pathways: [F, T, F],
        consultation: [F, F, T],
    }
    assert interview.a == {
        awareness: [F, F, F, F],
        heard: [F, T, F, F],
        pathways: [F, F, F, F],
        consultation: [F, F, F, T],
    }
    assert interview.b == {
        awareness: [F, F, F, F],
        heard: [F, F, F, F],
        pathways: [F, F, F, F],
        consultation: [F, F, F, T],
    }


@pytest.mark.django_db
def test_it_computes_kappa_per_code_per_transcript_and_overall_as_scikit_learn(researcher, team):
    world = study_world(researcher, team)
    second = world["second_coder"]
    found, _left_out = decisions(world["study"], researcher, second)
    report = agreement(world["study"], researcher, second)
    by_code = {row.code.name: result for row, result in report.codes}
    for node in world["codes"]:
        a = [x for d in found for x in d.a[node.pk]]
        b = [y for d in found for y in d.b[node.pk]]
        ours = by_code[node.name]
        assert ours.segments == 7
        if ours.computed:
            assert ours.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
    # Worked by hand: pathways agree everywhere; consultation 10/17; "how they heard" 0;
    # nobody coded "Awareness" itself.
    assert by_code["Referral pathways"].kappa == pytest.approx(1.0)
    assert by_code["Consultation"].kappa == pytest.approx(10 / 17)
    assert by_code["Consultation"].observed == pytest.approx(6 / 7)
    assert by_code["How they heard"].kappa == pytest.approx(0.0)
    assert by_code["Awareness"].kappa is None
    assert "Neither coder" in by_code["Awareness"].why_not
    all_a = [x for d in found for node in world["codes"] for x in d.a[node.pk]]
    all_b = [y for d in found for node in world["codes"] for y in d.b[node.pk]]
    assert report.overall.segments == 28
    assert report.overall.kappa == pytest.approx(cohen_kappa_score(all_a, all_b), abs=1e-12)
    for d, (transcript, result) in zip(found, report.transcripts, strict=True):
        assert transcript == d.transcript
        a = [x for node in world["codes"] for x in d.a[node.pk]]
        b = [y for node in world["codes"] for y in d.b[node.pk]]
        assert result.kappa == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


@pytest.mark.django_db
def test_it_leaves_out_transcripts_only_one_coder_coded(researcher, team):
    world = study_world(researcher, team)
    third = researcher_of(world["study"], email="third@test.example")
    coding(world["transcript"], world["codes"][1], third, "A health visitor")
    report = agreement(world["study"], researcher, third)
    assert [t.title for t, _result in report.transcripts] == ["Interview P01"]
    assert [t.title for t in report.left_out] == ["Focus group 1"]
    assert report.overall.segments == 16


@pytest.mark.django_db
def test_it_chooses_the_two_researchers_with_the_most_codings(researcher, team):
    world = study_world(researcher, team)
    assert default_pair(world["study"]) == (researcher, world["second_coder"])
    third = researcher_of(world["study"], email="third@test.example")
    for passage in ("A health visitor", "told me", "about the training", "The consultation"):
        coding(world["transcript"], world["codes"][1], third, passage)
    assert default_pair(world["study"]) == (third, researcher)


@pytest.mark.django_db
def test_it_shows_the_agreement_page_with_the_default_pair(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    response = sign_in(client, researcher).get(
        reverse("evaluation:agreement", kwargs={"code": world["study"].code})
    )
    assert response.status_code == 200
    assert not re.search(r"\bnan\b", response.text, re.IGNORECASE)
    assert "Cannot be computed: Neither coder coded any segment" in response.text
    assert "0.59" in response.text
    side = reverse(
        "evaluation:agreement-transcript",
        kwargs={"code": world["study"].code, "transcript": world["transcript"].code},
    )
    assert side in response.text


@pytest.mark.django_db
def test_it_refuses_the_same_researcher_twice_and_a_stranger(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    url = reverse("evaluation:agreement", kwargs={"code": world["study"].code})
    sign_in(client, researcher)
    same = client.get(url, {"a": str(researcher.code), "b": str(researcher.code)})
    assert same.status_code == 400
    assert "Select two different researchers" in same.text
    stranger = client.get(url, {"a": str(researcher.code), "b": "not-a-researcher"})
    assert stranger.status_code == 400
    assert "Select coder B from the study&#x27;s researchers" in stranger.text


@pytest.mark.django_db
def test_it_says_agreement_needs_two_researchers(client, sign_in, researcher, team):
    made = study(researcher, team)
    response = sign_in(client, researcher).get(
        reverse("evaluation:agreement", kwargs={"code": made.code})
    )
    assert response.status_code == 200
    assert "Agreement needs two researchers on the study" in response.text
    # Nothing was asked, so nothing is in error: the title does not start "Error:".
    assert "<title>Agreement between two coders – Little Minds</title>" in response.text


@pytest.mark.django_db
def test_it_shows_two_coders_side_by_side_and_audits_the_read(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    group = world["transcripts"][1]
    url = reverse(
        "evaluation:agreement-transcript",
        kwargs={"code": world["study"].code, "transcript": group.code},
    )
    response = sign_in(client, researcher).get(url)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r.index, [c.name for c in r.a], [c.name for c in r.b]) for r in rows] == [
        (1, [], []),
        (2, ["Referral pathways"], ["Referral pathways"]),
        (3, [], []),
        (4, [], ["Consultation"]),
    ]
    assert rows[2].withdrawn
    # P03 withdrew: their turn keeps its place, not its words, nor the coding in it.
    assert "never know" not in response.text
    assert "Left out: the participant withdrew." in response.text
    assert "only B: Consultation" in response.text
    assert AuditEvent.objects.filter(
        action="transcript.viewed", target_code=str(group.code)
    ).exists()

    only = client.get(
        url,
        {"a": str(researcher.code), "b": str(world["second_coder"].code), "differences": "on"},
    )
    assert [r.index for r in only.context["rows"]] == [4]
    assert "The forms take too long" not in only.text


@pytest.mark.django_db
def test_it_answers_404_for_a_transcript_out_of_the_analysis(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    made = world["study"]
    world["participants"][1].withdrawn_at = world["withdrawn"].withdrawn_at
    world["participants"][1].withdrawn_by = researcher
    world["participants"][1].save()
    url = reverse(
        "evaluation:agreement-transcript",
        kwargs={"code": made.code, "transcript": world["transcripts"][1].code},
    )
    sign_in(client, researcher)
    # Every participant of the focus group has now withdrawn: it has left the analysis.
    assert client.get(url).status_code == 404
    other = study(researcher, team, title="Another study")
    elsewhere = ready_transcript(
        other, "Elsewhere", "Interviewer: Hello?\n", by=researcher, participants=[]
    )
    foreign = reverse(
        "evaluation:agreement-transcript",
        kwargs={"code": made.code, "transcript": elsewhere.code},
    )
    assert client.get(foreign).status_code == 404
    assert not AuditEvent.objects.filter(action="transcript.viewed").exists()


@pytest.mark.django_db
def test_it_shows_agreement_to_the_studys_researchers_only(
    client, sign_in, researcher, manager, team
):
    world = study_world(researcher, team)
    url = reverse("evaluation:agreement", kwargs={"code": world["study"].code})
    assert sign_in(client, manager).get(url).status_code == 404
    assert sign_in(client, researcher).post(url).status_code == 405


def test_it_finds_the_coded_segments_by_bisection_as_one_by_one():
    rng = random.Random(17)
    for _trial in range(200):
        cuts = sorted(rng.sample(range(1, 400), 20))
        # Segments with gaps between them (blank lines), as a transcript has.
        segments = [(cuts[i] + 1, cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        spans = []
        for _span in range(rng.randint(0, 8)):
            start = rng.randint(0, 398)
            spans.append((start, rng.randint(start + 1, 400)))
        assert coverage(segments, spans) == [overlaps(s, e, spans) for s, e in segments]
    # A span touching a segment's end, or ending where it starts, does not overlap it.
    assert coverage([(0, 5), (6, 10)], [(5, 6)]) == [False, False]
    assert coverage([(0, 5), (6, 10)], [(4, 7)]) == [True, True]
