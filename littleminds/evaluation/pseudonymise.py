"""Finding the names in a transcript and replacing them, before anyone analyses it.

Two kinds of proposal:

- Listed names: every occurrence of a name the study lists (`ListedName`), as a whole word,
  whatever its case, also before a possessive ("Amira's" gives "P01's"). A participant's name
  is replaced by their participant code, a person or place by the study's replacement text.
  A name of several words is looked for whole first ("Amira Khan"); then each word of a
  participant's name on its own ("Amira", "Khan"), replaced by the same code.
- Candidates: other capitalised words that may be names the study has not listed: a word
  with a capital that does not start a sentence and is not one of the everyday words below
  (days, months, "I", the service's own words); a speaker's label ("Sarah: …"); or a run of
  two or more capitalised words anywhere ("Sarah Jones came"). Once a word is a candidate,
  its occurrences at the start of a sentence are candidates too. The researcher confirms a
  candidate by giving what replaces it.

`apply` replaces the accepted spans from the end of the text, so the offsets of those still
to come hold; nothing outside the spans changes.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Words that start with a capital in ordinary writing and are never a person or a place
# worth hiding: the pronoun, days and months, titles, and the service's own words.
_COMMON = """
    i i'm i've i'd i'll im ive id ill ok okay yes no mr mrs ms miss dr mx sir madam
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    christmas easter ramadan eid diwali covid covid-19 zoom teams
    english urdu polish romanian british
    nhs gp gps hv camhs send senco sendco ehcp cafcass ofsted dwp asd adhd
    little minds matter bradford district council health visitor visitors health visiting
    service services team family hub hubs children's centre centres nursery school
    parent infant mental midwife midwives midwifery early years nurse nurses
    time interviewer facilitator researcher moderator participant
    um uh er erm oh ah well so and but then because yeah
"""
COMMON_WORDS = frozenset(_COMMON.split())
# What a sentence may end with; a word after one of these (and spaces or an opening quote or
# bracket) starts a sentence.
_SENTENCE_END = set(".!?…:;")
_OPENERS = set("\"'“‘([«")
_WORD = re.compile(r"(?<![\w'’])([^\W\d_][\w'’-]*)")
DEFAULT_CANDIDATE_REPLACEMENT = "[name]"
CONTEXT_WORDS = 5


@dataclass(frozen=True)
class Name:
    """A name to look for and what replaces it; `participant` for a participant's name,
    whose words are looked for on their own too."""

    text: str
    replacement: str
    participant: bool = False


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    found: str
    replacement: str
    listed: bool
    before: str
    after: str

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True)
class Replacement:
    start: int
    end: int
    text: str


def _name_pattern(words: list[str]) -> str:
    return r"\s+".join(re.escape(word) for word in words)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def listed_spans(text: str, names: Iterable[Name]) -> list[tuple[int, int, str]]:
    """Every occurrence of the listed names, as (start, end, replacement), in order."""
    wanted: dict[str, str] = {}
    # Whole names first, the longest first, so "Amira Khan" wins over "Amira".
    whole = sorted(
        (name for name in names if name.text.strip()), key=lambda n: -len(n.text.strip())
    )
    for name in whole:
        wanted.setdefault(_normal(name.text), name.replacement)
    parts: dict[str, str] = {}
    for name in whole:
        words = name.text.split()
        if name.participant and len(words) > 1:
            for word in words:
                # An initial ("A.") or a word of one letter is too short to look for.
                if len(word.strip(".")) > 1:
                    parts.setdefault(_normal(word), name.replacement)
    for part, replacement in parts.items():
        wanted.setdefault(part, replacement)
    if not wanted:
        return []
    alternatives = sorted(wanted, key=lambda key: -len(key))
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(_name_pattern(key.split()) for key in alternatives) + r")(?!\w)",
        re.IGNORECASE,
    )
    return [
        (match.start(), match.end(), wanted[_normal(match.group())])
        for match in pattern.finditer(text)
        if _normal(match.group()) in wanted
    ]


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` begins a line, a turn ("P01: Word") or a sentence."""
    position = start - 1
    while position >= 0 and (text[position] in " \t" or text[position] in _OPENERS):
        position -= 1
    return position < 0 or text[position] == "\n" or text[position] in _SENTENCE_END


def _is_candidate_word(word: str) -> bool:
    core = word.rstrip("'’-").removesuffix("'s").removesuffix("’s")
    return (
        bool(core)
        and core[0].isupper()
        and core.casefold() not in COMMON_WORDS
        and word.casefold() not in COMMON_WORDS
        and not any(ch.isdigit() for ch in core)
    )


def _candidate_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    starts = [t_start for t_start, _t_end in taken]

    def is_taken(start: int, end: int) -> bool:
        # `taken` is in order and does not overlap: only the span starting last before
        # `end` can overlap [start, end).
        before = bisect.bisect_left(starts, end) - 1
        return before >= 0 and taken[before][1] > start

    words: list[tuple[int, int]] = []
    for match in _WORD.finditer(text):
        word = match.group()
        # A possessive belongs to the name but stays outside what is replaced.
        end = match.end()
        for suffix in ("'s", "’s"):
            if word.endswith(suffix):
                end -= len(suffix)
        end -= len(text[match.start() : end]) - len(text[match.start() : end].rstrip("'’-"))
        if end > match.start() and _is_candidate_word(word) and not is_taken(match.start(), end):
            words.append((match.start(), end))
    # Runs of capitalised words separated by one space.
    runs: list[list[tuple[int, int]]] = []
    for start, end in words:
        if runs and text[runs[-1][-1][1] : start] == " ":
            runs[-1].append((start, end))
        else:
            runs.append([(start, end)])
    spans: list[tuple[int, int]] = []
    for run in runs:
        if len(run) > 1:
            spans.append((run[0][0], run[-1][1]))
            continue
        start, end = run[0]
        # A speaker's label ("Sarah: …") starts its line but is as likely a name as any.
        if not _starts_sentence(text, start) or _is_speaker_label(text, start, end):
            spans.append((start, end))
    # A word already a candidate is one at the start of a sentence too.
    chosen = {text[start:end].casefold() for start, end in spans}
    already = set(spans)
    for run in runs:
        if len(run) == 1:
            start, end = run[0]
            if text[start:end].casefold() in chosen and (start, end) not in already:
                spans.append((start, end))
    return sorted(spans)


def _is_speaker_label(text: str, start: int, end: int) -> bool:
    """Whether the word is a turn's speaker label ("Interviewer:" at the start of a line)."""
    line_start = text.rfind("\n", 0, start) + 1
    return text[line_start:start].strip() == "" and text[end : end + 2] in (": ", ":\t")


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """A few words either side within the line, with the spaces that touch the name kept
    (so "Amira's" shows as one word)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    head, tail = text[line_start:start], text[end:line_end]
    starts = [match.start() for match in re.finditer(r"\S+", head)]
    ends = [match.end() for match in re.finditer(r"\S+", tail)]
    before = head[starts[-CONTEXT_WORDS] :] if len(starts) > CONTEXT_WORDS else head.lstrip()
    after = tail[: ends[CONTEXT_WORDS - 1]] if len(ends) > CONTEXT_WORDS else tail.rstrip()
    return before, after


def propose(text: str, names: Iterable[Name]) -> list[Proposal]:
    """Every replacement proposed for `text`, in order: listed names, then candidates."""
    listed = listed_spans(text, names)
    proposals = [
        Proposal(start, end, text[start:end], replacement, True, *_context(text, start, end))
        for start, end, replacement in listed
    ]
    for start, end in _candidate_spans(text, sorted((s, e) for s, e, _r in listed)):
        proposals.append(
            Proposal(
                start,
                end,
                text[start:end],
                DEFAULT_CANDIDATE_REPLACEMENT,
                False,
                *_context(text, start, end),
            )
        )
    return sorted(proposals, key=lambda proposal: proposal.start)


def fingerprint(proposals: Iterable[Proposal]) -> str:
    """A short digest of the proposals, so a review posted after the names changed is
    noticed rather than applied to spans nobody saw."""
    digest = hashlib.sha256()
    for proposal in proposals:
        digest.update(f"{proposal.key}|{proposal.replacement}|{proposal.listed}\n".encode())
    return digest.hexdigest()[:16]


def apply(text: str, replacements: Iterable[Replacement]) -> str:
    """`text` with each span replaced; the spans must not overlap."""
    ordered = sorted(replacements, key=lambda r: r.start, reverse=True)
    for later, earlier in itertools.pairwise(ordered):
        if earlier.end > later.start:
            raise ValueError("Replacements overlap")
    for replacement in ordered:
        if not (0 <= replacement.start < replacement.end <= len(text)):
            raise ValueError("A replacement lies outside the text")
        text = text[: replacement.start] + replacement.text + text[replacement.end :]
    return text
