"""Pseudonymisation (`pseudonymise`): every listed name found and replaced, candidates
proposed but never taken unasked, and nothing outside the replaced spans changed."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from littleminds.evaluation.pseudonymise import (
    Name,
    Proposal,
    Replacement,
    apply,
    fingerprint,
    propose,
)

NAMES = [
    Name("Amira Khan", "P01", participant=True),
    Name("Bilal", "P02", participant=True),
    Name("Manningham", "[place]"),
    Name("Sarah Jones", "[health visitor]"),
]


def listed(proposals: list[Proposal]) -> list[tuple[str, str]]:
    return [(p.found, p.replacement) for p in proposals if p.listed]


def candidates(proposals: list[Proposal]) -> list[str]:
    return [p.found for p in proposals if not p.listed]


def take_listed(text: str, names: list[Name]) -> tuple[str, list[Proposal]]:
    proposals = [p for p in propose(text, names) if p.listed]
    return apply(text, [Replacement(p.start, p.end, p.replacement) for p in proposals]), proposals


def test_it_finds_full_names_then_a_participants_parts_whatever_their_case():
    text = "P01: Amira Khan said amira's friend saw KHAN in Manningham.\n"
    found = propose(text, NAMES)
    assert listed(found) == [
        ("Amira Khan", "P01"),
        ("amira", "P01"),
        ("KHAN", "P01"),
        ("Manningham", "[place]"),
    ]
    new, _proposals = take_listed(text, NAMES)
    assert new == "P01: P01 said P01's friend saw P01 in [place].\n"


def test_it_does_not_look_for_the_parts_of_a_person_or_place_that_is_not_a_participant():
    text = "Sarah came; Sarah Jones left. Jones stayed.\n"
    assert listed(propose(text, NAMES)) == [("Sarah Jones", "[health visitor]")]


def test_it_matches_whole_words_only():
    text = "Bilalian Manninghamshire and Bilal, (Bilal) Bilal’s Bilal.\n"
    found = listed(propose(text, NAMES))
    assert found == [("Bilal", "P02")] * 4


def test_it_matches_a_name_written_across_two_spaces_or_a_line_break():
    text = "Amira  Khan came.\nAmira\tKhan too.\n"
    assert [p.found for p in propose(text, NAMES) if p.listed] == ["Amira  Khan", "Amira\tKhan"]


def test_it_proposes_capitalised_words_that_do_not_start_a_sentence_as_candidates():
    text = (
        "Interviewer: Did you see Dr Patel on Monday?\n"
        "P01: Yes. Zainab came with me to the NHS clinic. I liked Zainab.\n"
        "P01: Then Little Minds Matter rang. Ryan Smith answered.\n"
    )
    found = propose(text, NAMES)
    # Zainab starts a sentence once, but is a candidate elsewhere, so both are offered.
    assert candidates(found) == ["Patel", "Zainab", "Zainab", "Ryan Smith"]
    assert all(p.replacement == "[name]" for p in found if not p.listed)


def test_it_proposes_a_speakers_label_unless_it_is_the_interviewers_or_a_code():
    text = "Interviewer: Hello.\nSarah: Hi.\nP03: Yes.\nFacilitator: Thanks, Sarah.\n"
    found = propose(text, NAMES)
    assert [(p.found, text.count("\n", 0, p.start) + 1) for p in found] == [
        ("Sarah", 2),
        ("Sarah", 4),
    ]


def test_it_shows_a_few_words_either_side_within_the_line():
    text = "P01: one two three four five six Bilal's seven eight nine ten eleven twelve\n"
    (proposal,) = [p for p in propose(text, NAMES) if p.listed]
    assert proposal.before == "two three four five six "
    assert proposal.after == "'s seven eight nine ten"


def test_it_keeps_offsets_exact_over_urdu_and_emoji():
    text = "P01: 😊 بہت اچھا Amira Khan 👍🏽 Manningham ✔\n"
    new, proposals = take_listed(text, NAMES)
    for proposal in proposals:
        assert text[proposal.start : proposal.end] == proposal.found
    assert new == "P01: 😊 بہت اچھا P01 👍🏽 [place] ✔\n"


def test_its_fingerprint_changes_when_the_proposals_do():
    text = "Bilal met Amira Khan.\n"
    assert fingerprint(propose(text, NAMES)) == fingerprint(propose(text, NAMES))
    assert fingerprint(propose(text, NAMES)) != fingerprint(propose(text, NAMES[:1]))


def test_it_refuses_overlapping_replacements_and_spans_outside_the_text():
    with pytest.raises(ValueError, match="overlap"):
        apply("abcdef", [Replacement(0, 3, "x"), Replacement(2, 4, "y")])
    with pytest.raises(ValueError, match="outside"):
        apply("abc", [Replacement(2, 9, "x")])


# The property: every listed name replaced, and nothing else changed. ----------------------

FILLER = st.lists(
    st.sampled_from(
        [
            "the",
            "service",
            "helped",
            "P03:",
            "Interviewer:",
            "😊",
            "بہت",
            "اچھا",
            "—",
            ".",
            ",",
            "\n",
            "'s",
            "Amiras",
            "Khanum",
            "Bilalx",
            "Manning",
            "Jonesy",
        ]
    ),
    max_size=6,
)
NAME_FORMS = st.sampled_from(
    ["Amira Khan", "AMIRA KHAN", "amira", "Khan", "Bilal", "bilal", "Manningham", "Sarah Jones"]
)


@st.composite
def transcripts(draw: st.DrawFn) -> str:
    pieces: list[str] = []
    for _turn in range(draw(st.integers(1, 8))):
        pieces.append(" ".join(draw(FILLER)))
        if draw(st.booleans()):
            pieces.append(" " + draw(NAME_FORMS) + draw(st.sampled_from(["", "'s", ".", ","])))
        pieces.append(draw(st.sampled_from([" ", "\n"])))
    return "".join(pieces)


LOOKED_FOR = re.compile(r"(?<!\w)(amira|khan|bilal|manningham|sarah\s+jones)(?!\w)", re.IGNORECASE)


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_it_replaces_every_listed_name_and_changes_nothing_else(text: str) -> None:
    new, proposals = take_listed(text, NAMES)
    # Every listed name (and every part of a participant's name) is gone.
    assert LOOKED_FOR.search(new) is None
    # Outside the replaced spans, the text is the same, piece by piece.
    kept_before: list[str] = []
    position = 0
    for proposal in proposals:
        kept_before.append(text[position : proposal.start])
        position = proposal.end
    kept_before.append(text[position:])
    rebuilt = kept_before[0]
    for proposal, kept in zip(proposals, kept_before[1:], strict=True):
        rebuilt += proposal.replacement + kept
    assert rebuilt == new
    # The spans found are exactly the names, in order, and do not overlap.
    assert [text[p.start : p.end] for p in proposals] == [p.found for p in proposals]
    assert all(a.end <= b.start for a, b in itertools.pairwise(proposals))
    assert len(proposals) == len(LOOKED_FOR.findall(text)) - _parts_inside_full_names(text)


def _parts_inside_full_names(text: str) -> int:
    """`LOOKED_FOR` counts "Amira" and "Khan" of "Amira Khan" apart; a proposal takes both."""
    return len(re.findall(r"(?<!\w)amira\s+khan(?!\w)", text, re.IGNORECASE))
