"""Memos on a transcript, a passage or a code: seen by every researcher of the study,
changed and removed by their author only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import Memo
from littleminds.evaluation.tests.factories import study_world

pytestmark = pytest.mark.django_db


def coding_url(world) -> str:
    return reverse(
        "evaluation:transcript-code",
        kwargs={"code": world["study"].code, "transcript": world["transcript"].code},
    )


def memo_url(name: str, world, memo) -> str:
    return reverse(f"evaluation:{name}", kwargs={"code": world["study"].code, "memo": memo.code})


def test_it_keeps_a_memo_on_the_transcript_seen_by_every_researcher(
    client, sign_in, researcher, team
):
    world = study_world(researcher, team)
    url = reverse(
        "evaluation:coding-memo-new",
        kwargs={"code": world["study"].code, "transcript": world["transcript"].code},
    )
    sign_in(client, researcher)
    assert client.get(url).status_code == 405
    response = client.post(url, {"text": "  Long pauses throughout.  "})
    assert response.status_code == 302
    assert response["Location"] == coding_url(world) + "#memos"
    memo = Memo.objects.get(text="Long pauses throughout.")
    assert memo.transcript == world["transcript"]
    assert memo.start is None
    assert AuditEvent.objects.filter(action="memo.added").count() == 1
    seen = sign_in(client, world["second_coder"]).get(coding_url(world))
    assert "Long pauses throughout." in seen.text
    # The second coder sees the memos, but may change none of them.
    assert memo_url("coding-memo-edit", world, memo) not in seen.text


def test_it_keeps_a_memo_on_a_code(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    url = reverse(
        "evaluation:codebook-memo-new",
        kwargs={"code": world["study"].code, "node": world["codes"][2].code},
    )
    response = sign_in(client, researcher).post(url, {"text": "Declines hurt."})
    assert response.status_code == 302
    assert Memo.objects.get(text="Declines hurt.").on_code == world["codes"][2]
    codebook = client.get(reverse("evaluation:codebook", kwargs={"code": world["study"].code}))
    assert "Declines hurt." in codebook.text


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Write the memo"), ("x" * 5001, "Memo must be 5,000 characters or fewer")],
)
def test_it_refuses_an_empty_or_too_long_memo(client, sign_in, researcher, team, text, message):
    world = study_world(researcher, team)
    before = Memo.objects.count()
    sign_in(client, researcher)
    for url in (
        reverse(
            "evaluation:coding-memo-new",
            kwargs={"code": world["study"].code, "transcript": world["transcript"].code},
        ),
        reverse(
            "evaluation:codebook-memo-new",
            kwargs={"code": world["study"].code, "node": world["code"].code},
        ),
        memo_url("coding-memo-edit", world, world["memo"]),
    ):
        response = client.post(url, {"text": text})
        assert response.status_code == 400, url
        assert message in response.text
    assert Memo.objects.count() == before
    world["memo"].refresh_from_db()
    assert world["memo"].text == "Cues come up often."


def test_it_lets_the_author_change_and_remove_their_memo(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    memo = world["memo"]
    sign_in(client, researcher)
    assert client.get(memo_url("coding-memo-edit", world, memo)).status_code == 200
    response = client.post(memo_url("coding-memo-edit", world, memo), {"text": "Cues, often."})
    assert response.status_code == 302
    memo.refresh_from_db()
    assert memo.text == "Cues, often."
    assert client.get(memo_url("coding-memo-remove", world, memo)).status_code == 200
    response = client.post(memo_url("coding-memo-remove", world, memo))
    assert response.status_code == 302
    assert not Memo.objects.filter(pk=memo.pk).exists()
    assert AuditEvent.objects.filter(action__in=["memo.changed", "memo.removed"]).count() == 2


def test_it_lets_nobody_else_change_or_remove_a_memo(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    memo = world["memo"]
    sign_in(client, world["second_coder"])
    for name in ("coding-memo-edit", "coding-memo-remove"):
        assert client.get(memo_url(name, world, memo)).status_code == 404
        assert client.post(memo_url(name, world, memo), {"text": "Mine now"}).status_code == 404
    memo.refresh_from_db()
    assert memo.text == "Cues come up often."
