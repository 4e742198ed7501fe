"""Issue 11's journey on the demonstration's own directory and intake: a practitioner, and a
parent, with a 7-month-old in BD3 9AB, worried about bonding "quite a lot"."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from littleminds.pathway.rules import SCENARIO_DAY
from littleminds.pathway.tests.test_flow import FAMILY, buttons, get_answer, services_listed, walk

pytestmark = pytest.mark.django_db

PARENT_INFANT_SERVICE = "Little Minds Matter – parent–infant relationship service"


@time_machine.travel(SCENARIO_DAY, tick=False)
def test_the_demonstrations_families_are_sent_to_the_intakes_service(anonymous: Client) -> None:
    call_command("demo-data", verbosity=0)
    family = {**FAMILY, "postcode": "BD3 9AB", "child_date_of_birth": date(2026, 4, 20)}
    for asker, words, url in [
        ("practitioner", "Start a referral to", "/referrals/new/?from=navigator"),
        ("parent", "Refer yourself to", "/self-referral/"),
    ]:
        anonymous.cookies.clear()
        walk(anonymous, {**family, "asker": asker})
        html = get_answer(anonymous)
        assert buttons(html)[0] == (url, f"{words} {PARENT_INFANT_SERVICE}")
        assert PARENT_INFANT_SERVICE in services_listed(html)
        assert "Baby Bonds" in services_listed(html)
