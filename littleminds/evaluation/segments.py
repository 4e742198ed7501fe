"""Cutting a transcript's text into segments, and saying who spoke each.

Every upload format is turned into the same plain text (`uploads`): one paragraph or speaker
turn a line, a turn written "Speaker: what they said". A segment is one non-blank line,
without its surrounding spaces; its speaker is the label before the first colon when the line
has one of up to 40 characters. Agreement between coders is counted on these segments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SPEAKER = re.compile(r"([^\n:]{1,40}):[ \t]")


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    speaker: str


def pieces_of(text: str) -> list[Piece]:
    """The segments of `text`, in order, with code-point offsets."""
    found: list[Piece] = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + (len(line) - len(line.lstrip()))
            match = _SPEAKER.match(stripped)
            speaker = match.group(1).strip() if match else ""
            found.append(Piece(start, start + len(stripped), speaker))
        position += len(line) + 1
    return found


def speakers_of(pieces: Iterable[Piece]) -> list[str]:
    """The distinct speakers, in order of first turn."""
    seen: dict[str, None] = {}
    for piece in pieces:
        if piece.speaker:
            seen.setdefault(piece.speaker, None)
    return list(seen)


def speaker_participants(
    pieces: list[Piece], participants: dict[str, int], interviewers: frozenset[str]
) -> list[int | None]:
    """Who said each piece: the participant whose code is the turn's speaker; in a transcript
    with one participant, every piece that is not an interviewer's; otherwise nobody known.

    `participants` maps each participant code of the transcript to its id; `interviewers`
    holds the speaker labels that are the researchers' own ("Interviewer", "Facilitator")."""
    only = next(iter(participants.values())) if len(participants) == 1 else None
    said: list[int | None] = []
    for piece in pieces:
        if piece.speaker in participants:
            said.append(participants[piece.speaker])
        elif only is not None and piece.speaker.casefold() not in interviewers:
            said.append(only)
        else:
            said.append(None)
    return said


INTERVIEWERS = frozenset({"interviewer", "facilitator", "researcher", "moderator", "int", "i"})
