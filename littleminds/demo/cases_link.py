"""Demonstration questionnaire links (ADR 0025): one family that filled in GAD-7 on their
phone through a link, and one link still waiting for a family, in Urdu where the family
speaks it. Idempotent: once any demo case has a link, nothing more is added.

The waiting link's token is made known for the demonstration only, so that a visitor can
open the family's page at `/questionnaire/demo-questionnaire/`: its stored hash is replaced
by the hash of that word. A live service never has a token anyone could guess."""

from __future__ import annotations

from littleminds.casework import services_link
from littleminds.casework.forms_link import link_language
from littleminds.casework.models import Case
from littleminds.casework.models_link import QuestionnaireLink

DEMO_TOKEN = "demo-questionnaire"  # noqa: S105 (a demonstration token, made public on purpose)
# The answers of the family who filled in GAD-7: a mild anxiety, no risk.
ANSWERS = [1, 1, 2, 1, 0, 1, 1]


def load() -> dict[str, int]:
    cases = list(
        Case.objects.filter(status=Case.Status.OPEN, opened_by__isnull=False).order_by("pk")
    )
    if QuestionnaireLink.objects.filter(case__in=cases).exists():
        return {"questionnaire_links": 0}
    # Past the cases that carry the measure histories (cases_records), so each story has
    # its own family.
    chosen = [case for case in cases[3:] if case.people.exclude(relationship="other").exists()]
    made = 0
    for case, waiting in zip(chosen[:2], (False, True), strict=False):
        by = case.opened_by
        assert by is not None
        parent = case.people.exclude(relationship="other").first()
        assert parent is not None
        link = services_link.link_create(
            by=by,
            case=case,
            measure="gad7" if not waiting else "phq9",
            answerer=parent,
            language=link_language(parent.language),
        )
        made += 1
        token = link.url.rstrip("/").rsplit("/", 1)[1]
        if waiting:
            QuestionnaireLink.objects.filter(pk=link.link.pk).update(
                token_hash=services_link.token_hash(DEMO_TOKEN)
            )
        else:
            services_link.link_answer(token=token, items=ANSWERS)
    return {"questionnaire_links": made}
