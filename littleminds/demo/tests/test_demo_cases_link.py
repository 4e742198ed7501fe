"""The demonstration's questionnaire links: a family that filled one in, and one waiting
whose page can be opened; loaded once."""

from __future__ import annotations

import pytest
from django.test import Client

from littleminds.casework.models_link import QuestionnaireLink
from littleminds.demo import data
from littleminds.demo.cases_link import DEMO_TOKEN

pytestmark = pytest.mark.django_db


def test_it_makes_a_used_link_and_a_waiting_one_once(client: Client) -> None:
    data.load()
    links = list(QuestionnaireLink.objects.order_by("pk"))
    assert [link.state for link in links] == [
        QuestionnaireLink.State.USED,
        QuestionnaireLink.State.WAITING,
    ]
    used = links[0]
    assert used.administration is not None
    assert used.administration.answered_by == used.answerer
    assert links[0].case != links[1].case
    assert client.get(f"/questionnaire/{DEMO_TOKEN}/").status_code == 200
    assert data.load()["questionnaire_links"] == 0
    assert QuestionnaireLink.objects.count() == 2
