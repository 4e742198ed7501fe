"""The referral life cycle (DOMAIN.md §7), in one place: every status, and every action with
the statuses it may start from and the status it leads to. `services.py` moves a referral
only through `transition()`; nothing else sets a referral's status.

    draft → submitted → in triage → accepted | declined | redirected to consultation |
    more information requested (→ in triage again when the referrer answers, or when the
    team records what it found out itself) | duplicate | withdrawn
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent")
    IN_TRIAGE = "in_triage", _("Being looked at")
    MORE_INFO = "more_info", _("More information needed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Not accepted")
    REDIRECTED = "redirected", _("Consultation offered instead")
    DUPLICATE = "duplicate", _("Duplicate")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Waiting for the team: these make up the triage queue.
OPEN = frozenset({Status.SUBMITTED, Status.IN_TRIAGE, Status.MORE_INFO})
# The team has decided: submission → decision is the first waiting time.
DECIDED = frozenset({Status.ACCEPTED, Status.DECLINED, Status.REDIRECTED, Status.DUPLICATE})


class Action(StrEnum):
    SUBMIT = "submit"
    START_TRIAGE = "start_triage"
    ACCEPT = "accept"
    DECLINE = "decline"
    REDIRECT = "redirect"
    REQUEST_INFO = "request_info"
    ANSWER_INFO = "answer_info"
    MARK_DUPLICATE = "mark_duplicate"
    WITHDRAW = "withdraw"


@dataclass(frozen=True)
class Move:
    sources: frozenset[Status]
    target: Status
    # Who may take it: the team that triages, or the person who referred.
    by_team: bool
    by_referrer: bool
    # A reason in words is required (the "why" of who, when and why).
    needs_note: bool


_TRIAGE_FROM = frozenset({Status.SUBMITTED, Status.IN_TRIAGE})

MOVES: dict[Action, Move] = {
    Action.SUBMIT: Move(frozenset({Status.DRAFT}), Status.SUBMITTED, False, True, False),
    Action.START_TRIAGE: Move(frozenset({Status.SUBMITTED}), Status.IN_TRIAGE, True, False, False),
    Action.ACCEPT: Move(_TRIAGE_FROM, Status.ACCEPTED, True, False, False),
    Action.DECLINE: Move(_TRIAGE_FROM, Status.DECLINED, True, False, True),
    Action.REDIRECT: Move(_TRIAGE_FROM, Status.REDIRECTED, True, False, True),
    Action.REQUEST_INFO: Move(_TRIAGE_FROM, Status.MORE_INFO, True, False, True),
    # The team too: a family that referred itself, or a partner system's practitioner, has
    # no account to answer with, and the team finds out by phone instead.
    Action.ANSWER_INFO: Move(frozenset({Status.MORE_INFO}), Status.IN_TRIAGE, True, True, True),
    Action.MARK_DUPLICATE: Move(_TRIAGE_FROM, Status.DUPLICATE, True, False, False),
    Action.WITHDRAW: Move(OPEN, Status.WITHDRAWN, True, True, True),
}


class NotAllowed(Exception):
    """The action cannot be taken from the referral's status (or by this person)."""


def target_of(action: Action, current: Status | str) -> Status:
    """The status `action` leads to from `current`, or NotAllowed."""
    move = MOVES[action]
    if Status(current) not in move.sources:
        raise NotAllowed(action, current)
    return move.target


def actions_from(current: Status | str, *, team: bool, referrer: bool) -> list[Action]:
    """The actions open from `current` to the team, the referrer, or both."""
    return [
        action
        for action, move in MOVES.items()
        if Status(current) in move.sources
        and ((team and move.by_team) or (referrer and move.by_referrer))
    ]


class DeclineReason(models.TextChoices):
    """Why a referral was not accepted: coded for the analytics, with signposting in words."""

    OUTSIDE_AGE = "outside_age", _("The child is outside the service's age range")
    OUTSIDE_AREA = "outside_area", _("The family lives outside the service's area")
    NOT_RELATIONSHIP = "not_relationship", _("The worry is not about the parent–baby relationship")
    BETTER_ELSEWHERE = "better_elsewhere", _("Another service is better placed to help")
    NO_CONSENT = "no_consent", _("The family did not agree to the referral")
    OTHER = "other", _("Another reason")
