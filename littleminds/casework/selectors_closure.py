"""Reads about a case's closing: its section of the case page, its letters (for the team,
and for the practitioner a letter was sent to), and the cases past their retention date.
Every read of a letter is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from littleminds.accounts.models import User
from littleminds.accounts.roles import Permission
from littleminds.audit.services import audit_read, audit_record
from littleminds.casework.models import Case, CaseReferral
from littleminds.casework.models_closure import (
    ClosingLetter,
    Closure,
    DestroyedCase,
    change_in_words,
)
from littleminds.casework.sections import EVERY_SECTION, CaseSections
from littleminds.casework.services_closure import (
    LooseEnds,
    loose_ends,
    may_reopen,
    measures_at_closing,
    reopen_until,
)
from littleminds.measures.definitions import measure_of
from littleminds.referrals.models import Referral


def closure_section(case: Case, by: User, present: CaseSections = EVERY_SECTION) -> dict[str, Any]:
    """The case page's closing section: its closings, its letters, and what may be done
    now. Two queries; one for a case never closed (no closing, so no letters), none when
    `present` says it has no closing."""
    closures = (
        list(case.closures.select_related("closed_by", "reopened_by")) if present.closures else []
    )
    letters = (
        list(
            ClosingLetter.objects.filter(closure__case=case)
            .select_related("closure")
            .order_by("pk")
        )
        if closures
        else []
    )
    current = next((c for c in reversed(closures) if c.reopened_on is None), None)
    closed = current if not case.is_open else None
    today = timezone.localdate()
    return {
        "closures": closures,
        "closing_letters": letters,
        "closure": closed,
        "reopen_until": reopen_until(closed) if closed else None,
        "may_reopen": closed is not None and may_reopen(closed, today),
        "past_retention": closed is not None and closed.keep_until < today,
        "may_destroy": case.team in by.teams_with(Permission.CASES_DESTROY),
    }


def closing_loose_ends(case: Case) -> LooseEnds:
    """What is still open on a case already opened by the reader, for its closing page."""
    return loose_ends(case)


def closing_measures(case: Case, by: User) -> list[dict[str, Any]]:
    """The measures the closure will keep, each with its change in words, for the closing
    page to show (read-only) before the clinician closes."""
    rows = measures_at_closing(case, by=by)
    for row in rows:
        words = change_in_words(row)
        row["change_words"] = words[:1].upper() + words[1:]
        row["latest_day"] = date.fromisoformat(row["latest_on"])
        # The band in words from the measure's definition, starting its cell with a capital.
        band = measure_of(row["code"]).band_of(row["latest_total"])
        words = str(band.label) if band is not None else row["band"]
        row["band_words"] = words[:1].upper() + words[1:]
    return rows


def letter_for_team(*, by: User, case: Case, code: UUID) -> ClosingLetter:
    """A letter of a case already opened by `by` (audited as its own read)."""
    letter = (
        ClosingLetter.objects.filter(closure__case=case, code=code)
        .select_related("closure__case__team")
        .first()
    )
    if letter is None:
        raise Http404
    audit_read(by=by, target=letter, team=case.team)
    return letter


def letter_for_referrer(*, by: User, code: UUID) -> ClosingLetter:
    """A closing letter sent to `by` as the referrer; 404 for anyone else. The referrer
    sees the letter and nothing else of the case."""
    letter = (
        ClosingLetter.objects.filter(code=code, referrer=by, to=ClosingLetter.To.REFERRER)
        .select_related("closure__case__team")
        .first()
    )
    if letter is None:
        raise Http404
    audit_read(by=by, target=letter, team=letter.closure.case.team)
    return letter


def letters_for_referral(*, by: User, referral: Referral) -> list[ClosingLetter]:
    """The closing letters sent to `by` about their referral (for its page)."""
    return list(
        ClosingLetter.objects.filter(
            referral=referral, referrer=by, to=ClosingLetter.To.REFERRER
        ).select_related("closure")
    )


def cases_closed_on(referral_ids: Iterable[int]) -> dict[int, date]:
    """For each of the referrals (by id) whose case is closed now, the day it closed: what
    the referrer's pages show as "Accepted: case closed", with no status of the referral's
    own for it (DOMAIN.md §7). One query, whatever the number of referrals."""
    ids = list(referral_ids)
    if not ids:
        return {}
    return {
        referral_id: closed_on
        for referral_id, closed_on in CaseReferral.objects.filter(
            referral_id__in=ids, case__status=Case.Status.CLOSED
        ).values_list("referral_id", "case__closed_on")
        if closed_on is not None
    }


def retention_due_for(by: User) -> QuerySet[Closure]:
    """The closed cases of `by`'s teams whose records are past their retention date."""
    return (
        Closure.objects.filter(
            case__team__in=by.teams_with(Permission.CASES_DESTROY),
            case__status=Case.Status.CLOSED,
            reopened_on__isnull=True,
            keep_until__lt=timezone.localdate(),
        )
        .select_related("case__team")
        .order_by("keep_until", "pk")
    )


# What each kind of record destroyed is called; kinds that later parts of casework add are
# named by their model's own plural.
KIND_LABELS = {
    "casework.contact": gettext_lazy("Contacts"),
    "casework.note": gettext_lazy("Notes and addenda"),
    "casework.baby": gettext_lazy("Babies"),
    "casework.caseperson": gettext_lazy("Parents, carers and others"),
    "casework.allocation": gettext_lazy("Allocations"),
    "casework.caseevent": gettext_lazy("Entries in the case's history"),
    "casework.casereferral": gettext_lazy("Links to referrals"),
    "casework.closure": gettext_lazy("Closings"),
    "casework.closingletter": gettext_lazy("Closing letters"),
}


def kind_in_words(label: str) -> str:
    if label in KIND_LABELS:
        return str(KIND_LABELS[label])
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural).capitalize()
    except (LookupError, ValueError):
        return label


def destroyed_for(by: User) -> QuerySet[DestroyedCase]:
    return DestroyedCase.objects.filter(
        team__in=by.teams_with(Permission.CASES_DESTROY)
    ).select_related("team", "destroyed_by")


def case_to_destroy(*, by: User, code: UUID) -> tuple[Case, Closure]:
    """A closed case of `by`'s teams past its retention date, with what it holds; 404
    otherwise (audited as a read)."""
    case = (
        Case.objects.filter(
            code=code,
            team__in=by.teams_with(Permission.CASES_DESTROY),
            status=Case.Status.CLOSED,
        )
        .select_related("team")
        .first()
    )
    closure = (
        case.closures.filter(reopened_on__isnull=True).order_by("-closed_on", "-pk").first()
        if case is not None
        else None
    )
    if case is None or closure is None or closure.keep_until >= timezone.localdate():
        raise Http404
    audit_record(by=by, action="case.viewed", target=case, team=case.team)
    return case, closure


def holdings(case: Case) -> dict[str, int]:
    """How many records of each kind the case holds (what destroying it removes)."""
    return {
        "contacts": case.contacts.count(),
        "notes": case.notes.count(),
        "babies": case.babies.count(),
        "people": case.people.count(),
    }
