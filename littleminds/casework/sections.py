"""Which of the case page's sections have any rows, learnt in the page's one query of
totals, so that the page does not ask again for each section a case has nothing in (most
cases have no goals, chronology, safeguarding flags, interventions, measures, tasks,
questionnaire links, closings or referral links; each is a query of its own otherwise)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.db.models import Exists, Model, OuterRef

from littleminds.casework.models import CaseReferral
from littleminds.casework.models_care import (
    CaseIntervention,
    ChronologyEntry,
    Goal,
    SafeguardingFlag,
)
from littleminds.casework.models_closure import Closure
from littleminds.casework.models_link import QuestionnaireLink
from littleminds.casework.models_records import Administration, Task


@dataclass(frozen=True)
class CaseSections:
    """Whether the case has any row of each kind. A section marked False is known to be
    empty and is not read; the default, every section True, reads them all (as every page
    but the case page does)."""

    goals: bool = True
    chronology: bool = True
    flags: bool = True
    interventions: bool = True
    administrations: bool = True
    tasks: bool = True
    links: bool = True
    closures: bool = True
    referrals: bool = True


# Every section read, for a caller that has not asked which have rows.
EVERY_SECTION = CaseSections()

_MODELS: dict[str, type[Model]] = {
    "goals": Goal,
    "chronology": ChronologyEntry,
    "flags": SafeguardingFlag,
    "interventions": CaseIntervention,
    "administrations": Administration,
    "tasks": Task,
    "links": QuestionnaireLink,
    "closures": Closure,
    "referrals": CaseReferral,
}
assert set(_MODELS) == {f.name for f in fields(CaseSections)}


def section_annotations() -> dict[str, Exists]:
    """For a query of the case: whether it has any row of each kind, each an `EXISTS` read
    by the kind's index on the case."""
    return {
        f"has_{name}": Exists(model._default_manager.filter(case=OuterRef("pk")))
        for name, model in _MODELS.items()
    }


def sections_of(row: dict[str, Any]) -> CaseSections:
    """The sections from a row annotated with `section_annotations`."""
    return CaseSections(**{name: bool(row[f"has_{name}"]) for name in _MODELS})
