"""The navigator's journey: which question comes next, and where the answers are kept.

The answers are kept in a signed cookie on the person's own device, not on the server: an
anonymous parent leaves nothing personal behind (only the count a recommendation adds). The
cookie lasts until the browser closes or two hours pass, and "Start again" deletes it. It is
signed so that nobody can hand the pages answers they did not give, and it holds the answers
under the API's names, so they are checked and decided exactly as the API does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from littleminds.pathway import forms
from littleminds.pathway.labels import CONCERN_LABELS, impact_descriptions

COOKIE = "littleminds_navigator"
RETURN_TO_CHECK = "check"
_SALT = "littleminds.pathway.journey"
MAX_AGE_SECONDS = 2 * 60 * 60


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[forms.QuestionForm]
    applies: Callable[[dict[str, Any]], bool] = lambda journey: True

    def url(self, *, returning: bool = False) -> str:
        """The question's page; `returning` comes back to "check your answers" after it."""
        url = reverse("pathway:question", kwargs={"slug": self.slug})
        return f"{url}?return={RETURN_TO_CHECK}" if returning else url

    def answered(self, journey: dict[str, Any]) -> bool:
        return all(key in journey for key in self.form.KEYS)


STEPS: tuple[Step, ...] = (
    Step("who", forms.AskerForm),
    Step("pregnancy", forms.PregnancyForm),
    Step("due-date", forms.DueDateForm, lambda journey: journey.get("pregnant") is True),
    Step("baby", forms.BirthDateForm),
    Step("postcode", forms.PostcodeForm),
    Step("worries", forms.ConcernsForm),
    Step("impact", forms.ImpactForm, lambda journey: bool(journey.get("concerns"))),
    Step("risk", forms.RiskForm),
    Step("involved", forms.InvolvedForm, lambda journey: journey.get("asker") == "practitioner"),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def steps_in_force(journey: dict[str, Any]) -> list[Step]:
    return [step for step in STEPS if step.applies(journey)]


def first_unanswered(journey: dict[str, Any]) -> Step | None:
    return next((s for s in steps_in_force(journey) if not s.answered(journey)), None)


def step_after(step: Step, journey: dict[str, Any]) -> Step | None:
    steps = steps_in_force(journey)
    later = steps[steps.index(step) + 1 :] if step in steps else steps
    return later[0] if later else None


def step_before(step: Step, journey: dict[str, Any]) -> Step | None:
    steps = steps_in_force(journey)
    if step not in steps or steps.index(step) == 0:
        return None
    return steps[steps.index(step) - 1]


def payload(journey: dict[str, Any]) -> dict[str, Any]:
    """The answers of the questions that apply, under the API's names: an answer to a
    question that no longer applies (a due date, after "not expecting") is left out."""
    kept = {key for step in steps_in_force(journey) for key in step.form.KEYS}
    return {key: value for key, value in journey.items() if key in kept}


def load(request: HttpRequest) -> dict[str, Any]:
    try:
        raw = request.get_signed_cookie(COOKIE, salt=_SALT, max_age=MAX_AGE_SECONDS)
        data = json.loads(raw or "")
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(response: HttpResponse, journey: dict[str, Any]) -> None:
    response.set_signed_cookie(
        COOKIE,
        json.dumps(journey, separators=(",", ":")),
        salt=_SALT,
        max_age=None,  # gone when the browser closes; the signature also expires it
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def clear(response: HttpResponse) -> None:
    response.delete_cookie(COOKIE, samesite="Lax")


def summary(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of "check your answers": the question, the answer in words, where to change it."""
    rows = []
    for step in steps_in_force(answers):
        form = step.form(journey=answers)
        (key,) = step.form.KEYS
        rows.append(
            {
                "key": key,
                "question": form.fields[key].label,
                "answer": _in_words(key, answers.get(key), parent=answers.get("asker") == "parent"),
                "change_url": step.url(returning=True),
            }
        )
    return rows


def _in_words(key: str, value: Any, *, parent: bool = False) -> list[str]:
    if value is None or value == "" or value == []:
        return [_("None") if key == "concerns" else _("Not given")]
    if isinstance(value, bool):
        return [_("Yes") if value else _("No")]
    if key == "asker":
        return [
            _("A parent or carer") if value == "parent" else _("Someone who works with families")
        ]
    if key == "concerns":
        return [str(CONCERN_LABELS[code]) for code in value if code in CONCERN_LABELS]
    if key == "impact":
        return [str(impact_descriptions(parent=parent).get(value, value))]
    if key.endswith("date") or key.endswith("date_of_birth"):
        return [date_format(date.fromisoformat(value), "j F Y")]
    return [str(value)]
