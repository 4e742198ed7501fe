"""Bands of outcome measures are words wherever a person sees them (issue 12): on the case
page (the measure's table, a cell starting with a capital; the list of every measure
recorded, mid-sentence in lower case), on the closing page (a cell) and on the closed case
and its letters. Every band of every measure that has bands is rendered, and no page holds
a code in place of a word."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.casework import services_records
from littleminds.casework.models_closure import Closure
from littleminds.casework.tests.factories import open_case
from littleminds.measures.definitions import MEASURES, Band, Measure

pytestmark = pytest.mark.django_db

SignIn = Callable[[Client, User], Client]

BANDS = [
    pytest.param(measure, band, id=f"{measure.code}-{band.low}")
    for measure in MEASURES.values()
    for band in measure.bands
]


def items_for(measure: Measure, total: int) -> list[int]:
    """Answers that score `total`, with every risk item at its lowest (a risk would open a
    task, which stops the case closing). A reversed item scores its lowest when answered
    at the top of the form."""
    answers = [
        measure.item_max if n in measure.reverse_items else measure.item_min
        for n in range(1, measure.items + 1)
    ]
    left = total - measure.items * measure.item_min
    for index in range(measure.items):
        number = index + 1
        if number in measure.risk_items or number in measure.reverse_items:
            continue
        step = min(left, measure.item_max - measure.item_min)
        answers[index] = measure.item_min + step
        left -= step
    assert left == 0, "the total cannot be reached without a risk item"
    return answers


def visible_text(html: str) -> str:
    """The page's words as a person reads them: no markup, scripts or styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


# A code: lower-case words joined by underscores, such as "moderately_severe".
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def assert_no_codes(html: str) -> None:
    assert CODE.findall(visible_text(html)) == []


@pytest.mark.parametrize(("measure", "band"), BANDS)
def test_every_band_is_a_word_on_every_page(
    client: Client,
    clinician: User,
    practitioner: User,
    sign_in: SignIn,
    measure: Measure,
    band: Band,
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    parent = case.people.get()
    on = timezone.localdate() - timedelta(days=3)
    services_records.administration_record(
        by=clinician,
        case=case,
        measure=measure.code,
        on=on,
        items=items_for(measure, band.low),
        answered_by=None if measure.answered_by == "clinician" else parent,
    )
    word = str(band.label)
    capitalised = word[:1].upper() + word[1:]
    as_clinician = sign_in(client, clinician)
    case_url = reverse("casework:case", kwargs={"code": case.code})

    page = as_clinician.get(case_url).content.decode()
    assert_no_codes(page)
    # The list of every measure recorded: mid-sentence, in lower case.
    assert f", {word}" in visible_text(page)
    # The measure's table: the band's cell begins with a capital.
    assert re.search(rf"</span>\s*{re.escape(capitalised)}\s*</td>", page)

    close_url = reverse("casework:close", kwargs={"code": case.code})
    closing = as_clinician.get(close_url).content.decode()
    assert_no_codes(closing)
    assert re.search(rf"</span>\s*{re.escape(capitalised)}\s*</td>", closing)

    answer = as_clinician.post(
        close_url, {"reason": "goals_met", "summary": "Robin is thriving.", "gp_name": "Dr Ada"}
    )
    assert answer.status_code == 302
    closed = as_clinician.get(case_url).content.decode()
    assert_no_codes(closed)
    closure = Closure.objects.get(case=case)
    for letter in closure.letters.all():
        letter_url = reverse("casework:letter", kwargs={"code": case.code, "letter": letter.code})
        assert_no_codes(as_clinician.get(letter_url).content.decode())
