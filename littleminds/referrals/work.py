"""The referrals' part of "Your work" (`accounts.work`): the triage work of the person's
teams, each number linked to the triage queue filtered to exactly those referrals; and a
referrer's own referrals that wait on them, linked to "Your referrals" filtered the same
way."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.accounts.work import FAMILIES, WorkItem, work_counter
from littleminds.referrals import selectors


@work_counter(order=FAMILIES)
def triage_work(user: User) -> list[WorkItem]:
    if not selectors.triage_teams(user):
        return []
    work = selectors.triage_work(user)
    queue = reverse("triage:queue")
    oldest = ""
    if work.oldest_days is not None:
        oldest = ngettext(
            "The oldest has waited %(days)d day.",
            "The oldest has waited %(days)d days.",
            work.oldest_days,
        ) % {"days": work.oldest_days}
    days = selectors.DECISION_DUE.days
    return [
        WorkItem(
            "triage_waiting",
            _("Referrals waiting for a triage decision"),
            work.waiting,
            f"{queue}?status=triage",
            oldest,
        ),
        WorkItem(
            "triage_due",
            _("Decisions due"),
            work.due,
            f"{queue}?status=due",
            _(
                "Referrals waiting %(days)d days or more since they were sent, with no "
                "triage decision yet."
            )
            % {"days": days},
        ),
        WorkItem(
            "triage_answered",
            _("New answers from referrers"),
            work.answered,
            f"{queue}?status=answered",
            _("Referrals back in triage with the referrer's answer to the team's question."),
        ),
    ]


@work_counter(order=FAMILIES)
def referrer_work(user: User) -> list[WorkItem]:
    if not user.has_perm(Permission.REFERRALS_CREATE):
        return []
    waiting = selectors.waiting_on_referrer(user)
    if selectors.triage_teams(user) and not any(waiting.values()):
        # Referring is not this person's main work: nothing to say while nothing waits.
        return []
    mine = reverse("referrals:mine")
    return [
        WorkItem(
            "referrals_drafts",
            _("Your referrals not sent yet"),
            waiting["draft"],
            f"{mine}?waiting=draft",
            _("Drafts you started: carry on and send them, or delete them."),
        ),
        WorkItem(
            "referrals_questions",
            _("Questions from the team to answer"),
            waiting["question"],
            f"{mine}?waiting=question",
            _("The team needs more information before it can decide about these referrals."),
        ),
    ]
