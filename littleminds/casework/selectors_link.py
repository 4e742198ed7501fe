"""Reads of questionnaire links (ADR 0025). A case's links are read for a case already
opened (and audited) through `selectors.case_for_team`. The public page finds a link by its
token and learns only what the page needs: the measure and the language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.utils import timezone

from littleminds.casework.models import Case
from littleminds.casework.models_link import QuestionnaireLink
from littleminds.casework.services_link import TOKEN_LIMIT, token_hash


@dataclass(frozen=True)
class LinkRow:
    link: QuestionnaireLink
    state: QuestionnaireLink.State

    @property
    def is_waiting(self) -> bool:
        return self.state == QuestionnaireLink.State.WAITING


def links_for_case(case: Case) -> list[LinkRow]:
    """The case's links, newest first, each with its state now: one query."""
    now = timezone.now()
    links = case.questionnaire_links.select_related("answerer", "created_by", "administration")
    rows = []
    for link in links:
        state = link.state_at(now)
        if state == QuestionnaireLink.State.WAITING and not case.is_open:
            # The family's page says it has expired once the case is closed; so does this.
            state = QuestionnaireLink.State.EXPIRED
        rows.append(LinkRow(link=link, state=state))
    return rows


def waiting_links_for_case(case: Case) -> list[QuestionnaireLink]:
    """The case's links that still work, with their person: one query."""
    return list(
        case.questionnaire_links.select_related("answerer").filter(
            used_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=timezone.now()
        )
    )


def link_for_case(*, case: Case, code: Any) -> QuestionnaireLink:
    found = case.questionnaire_links.filter(code=code).select_related("answerer").first()
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class PublicLink:
    """What the public page may know of a link: nothing about the family."""

    measure: str
    language: str
    state: QuestionnaireLink.State


def link_by_token(token: str) -> PublicLink | None:
    if not token or len(token) > TOKEN_LIMIT:
        return None
    row = (
        QuestionnaireLink.objects.filter(token_hash=token_hash(token))
        .values("measure", "language", "used_at", "withdrawn_at", "expires_at", "case__status")
        .first()
    )
    if row is None:
        return None
    link = QuestionnaireLink(
        measure=row["measure"],
        language=row["language"],
        used_at=row["used_at"],
        withdrawn_at=row["withdrawn_at"],
        expires_at=row["expires_at"],
    )
    state = link.state_at(timezone.now())
    if state == QuestionnaireLink.State.WAITING and row["case__status"] != Case.Status.OPEN:
        state = QuestionnaireLink.State.EXPIRED
    return PublicLink(measure=row["measure"], language=row["language"], state=state)
