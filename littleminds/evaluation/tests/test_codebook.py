"""The codebook: its tree with counts, adding and changing codes (names unique under their
parent, colours checked, no cycles), moving, merging (codings kept, duplicates dropped) and
removing only what is unused."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from littleminds.audit.models import AuditEvent
from littleminds.evaluation.models import Code, Coding, Memo
from littleminds.evaluation.services_coding import code_change, code_merge
from littleminds.evaluation.tests.factories import code, coding, study, study_world

pytestmark = pytest.mark.django_db


def url(name: str, world, node=None) -> str:
    kwargs = {"code": world["study"].code}
    if node is not None:
        kwargs["node"] = node.code
    return reverse(f"evaluation:{name}", kwargs=kwargs)


def names_in_order(html: str) -> list[str]:
    return [
        name.strip()
        for name in re.findall(
            r'<h2 class="nhsuk-heading-s lm-codebook__name">.*?</svg> ([^<]*)</h2>', html
        )
    ]


def test_it_shows_the_tree_with_swatches_names_counts_and_memos(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    response = sign_in(client, researcher).get(url("codebook", world))
    assert response.status_code == 200
    assert names_in_order(response.text) == [
        "Awareness",
        "How they heard",
        "Referral pathways",
        "Consultation",
    ]
    assert 'class="lm-codebook__code lm-depth-1"' in response.text
    assert "A sub-code of “Awareness”" in response.text
    assert 'fill="#007F3B"' in response.text
    # Referral pathways: three codings, two of them the reader's; Consultation three, one.
    assert "3 codings (2 yours)" in response.text
    assert "3 codings (1 yours)" in response.text
    assert "Theme of the report." in response.text


def test_it_adds_a_sub_code(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    awareness = world["code"]
    response = sign_in(client, researcher).post(
        url("codebook-new", world),
        {
            "name": "  From a leaflet ",
            "description": "Heard of it from a leaflet",
            "colour": "#ffb81c",
            "parent": str(awareness.code),
        },
    )
    made = Code.objects.get(name="From a leaflet")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#node-{made.code}")
    assert made.parent == awareness
    assert made.colour == "#FFB81C"
    assert made.position > world["codes"][1].position
    assert AuditEvent.objects.filter(action="code.created").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "awareness"}, "There is already a code called “awareness” among the themes"),
        (
            {"name": "HOW THEY HEARD", "parent": "awareness"},
            "There is already a code called “HOW THEY HEARD” under “Awareness”",
        ),
        ({"name": "New", "colour": "blue"}, "Enter the colour as # and six hexadecimal digits"),
        ({"name": "New", "colour": "#12345G"}, "Enter the colour as # and six hexadecimal digits"),
        ({"name": ""}, "Enter the code&#x27;s name"),
        ({"name": "x" * 101}, "Name must be 100 characters or fewer"),
        ({"name": "New", "parent": "nonsense"}, "Choose a theme from the list"),
    ],
)
def test_it_refuses_a_bad_code_and_changes_nothing(
    client, sign_in, researcher, team, data, message
):
    world = study_world(researcher, team)
    posted = {"colour": "#005EB8", **data}
    if posted.get("parent") == "awareness":
        posted["parent"] = str(world["code"].code)
    before = Code.objects.count()
    response = sign_in(client, researcher).post(url("codebook-new", world), posted)
    assert response.status_code == 400
    assert message in response.text
    assert Code.objects.count() == before


def test_it_moves_a_code_to_another_theme_keeping_its_codings(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    _awareness, heard, pathways, _consultation = world["codes"]
    codings = set(heard.codings.values_list("pk", flat=True))
    response = sign_in(client, researcher).post(
        url("codebook-edit", world, heard),
        {"name": "How they heard", "colour": "#005EB8", "parent": str(pathways.code)},
    )
    assert response.status_code == 302
    heard.refresh_from_db()
    assert heard.parent == pathways
    assert set(heard.codings.values_list("pk", flat=True)) == codings


def test_it_refuses_to_put_a_code_under_itself_or_its_sub_codes(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    awareness, heard, *_rest = world["codes"]
    deeper = code(world["study"], "Deeper", parent=heard)
    sign_in(client, researcher)
    form = client.get(url("codebook-edit", world, awareness))
    # Neither itself nor its sub-codes are offered as its theme.
    offered = re.findall(r'<option value="([0-9a-f-]+)"', form.text)
    assert str(heard.code) not in offered
    assert str(awareness.code) not in offered
    for under in (awareness, heard, deeper):
        response = client.post(
            url("codebook-edit", world, awareness),
            {"name": "Awareness", "colour": "#005EB8", "parent": str(under.code)},
        )
        assert response.status_code == 400
        assert "Choose a theme from the list" in response.text
    # And the service refuses it whatever a form offers.
    with pytest.raises(ValidationError, match="under itself or under one of its own"):
        code_change(
            by=researcher,
            node=awareness,
            name="Awareness",
            description="",
            colour="#005EB8",
            parent=deeper,
        )
    awareness.refresh_from_db()
    assert awareness.parent is None


def test_it_moves_a_code_up_and_down_among_its_siblings(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    awareness, _heard, _pathways, consultation = world["codes"]
    sign_in(client, researcher)
    assert client.get(url("codebook-move", world, consultation)).status_code == 405
    response = client.post(url("codebook-move", world, consultation), {"direction": "up"})
    assert response.status_code == 302
    page = client.get(url("codebook", world))
    assert names_in_order(page.text) == [
        "Awareness",
        "How they heard",
        "Consultation",
        "Referral pathways",
    ]
    client.post(url("codebook-move", world, awareness), {"direction": "down"})
    page = client.get(url("codebook", world))
    assert names_in_order(page.text)[0] == "Consultation"
    assert AuditEvent.objects.filter(action="code.moved").count() == 2


def test_it_merges_a_code_keeping_codings_and_dropping_duplicates(
    client, sign_in, researcher, team
):
    world = study_world(researcher, team)
    _awareness, heard, _pathways, consultation = world["codes"]
    interview = world["transcript"]
    # The researcher also coded "A health visitor told me" with Consultation: after merging
    # "How they heard" into Consultation, that passage keeps one coding, not two.
    coding(interview, consultation, researcher, "A health visitor told me")
    sub = code(world["study"], "Leaflet", parent=heard)
    Memo.objects.create(study=world["study"], author=researcher, text="On heard.", on_code=heard)
    before = Coding.objects.count()
    sign_in(client, researcher)
    response = client.post(url("codebook-merge", world, heard), {"into": str(consultation.code)})
    assert response.status_code == 302
    assert not Code.objects.filter(pk=heard.pk).exists()
    assert Coding.objects.count() == before - 1
    assert (
        Coding.objects.filter(
            code=consultation, coder=researcher, start=interview.text.index("A health")
        ).count()
        == 1
    )
    sub.refresh_from_db()
    assert sub.parent == consultation
    assert Memo.objects.get(text="On heard.").on_code == consultation
    event = AuditEvent.objects.get(action="code.merged")
    assert event.detail["codings_moved"] == 0
    assert event.detail["codings_dropped"] == 1
    assert event.detail["sub_codes_moved"] == 1
    assert event.detail["memos_moved"] == 1
    # Said in words, each count with its own singular or plural.
    page = client.get(response["Location"])
    assert (
        "“How they heard” is merged into “Consultation”: 0 codings moved (1 that was already "
        "there dropped), 1 sub-code and 1 memo moved."
    ) in page.text


def test_it_merges_the_codings_of_both_coders(researcher, team):
    world = study_world(researcher, team)
    _awareness, _heard, pathways, consultation = world["codes"]
    moved = set(pathways.codings.values_list("pk", flat=True))
    result = code_merge(by=researcher, source=pathways, into=consultation)
    assert result.codings_moved == 3
    assert result.codings_dropped == 0
    assert moved <= set(consultation.codings.values_list("pk", flat=True))


def test_it_refuses_to_merge_a_code_into_its_own_sub_code(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    awareness, heard, *_rest = world["codes"]
    with pytest.raises(ValidationError):
        code_merge(by=researcher, source=awareness, into=heard)
    with pytest.raises(ValidationError):
        code_merge(by=researcher, source=awareness, into=awareness)
    response = sign_in(client, researcher).post(
        url("codebook-merge", world, awareness), {"into": str(heard.code)}
    )
    assert response.status_code == 400
    assert Code.objects.filter(pk=awareness.pk).exists()


def test_it_refuses_a_merge_that_would_give_a_theme_two_sub_codes_of_one_name(researcher, team):
    made = study(researcher, team)
    one, two = code(made, "One"), code(made, "Two")
    code(made, "Same", parent=one)
    code(made, "Same", parent=two)
    with pytest.raises(ValidationError, match="already has sub-codes called “Same”"):
        code_merge(by=researcher, source=one, into=two)
    assert Code.objects.filter(pk=one.pk).exists()


def test_it_removes_only_an_unused_code(client, sign_in, researcher, team):
    world = study_world(researcher, team)
    awareness, heard, *_rest = world["codes"]
    unused = code(world["study"], "Unused")
    sign_in(client, researcher)
    page = client.get(url("codebook-remove", world, heard))
    assert "merge it into another code instead" in page.text
    response = client.post(url("codebook-remove", world, heard))
    assert response.status_code == 400
    assert "has codings: merge it into another code instead" in response.text
    assert "<title>Error: Remove “How they heard” – Little Minds</title>" in response.text
    response = client.post(url("codebook-remove", world, awareness))
    assert response.status_code == 400
    assert Code.objects.filter(pk__in=[heard.pk, awareness.pk]).count() == 2
    response = client.post(url("codebook-remove", world, unused))
    assert response.status_code == 302
    assert not Code.objects.filter(pk=unused.pk).exists()
    assert AuditEvent.objects.filter(action="code.removed").count() == 1


def test_it_counts_a_codes_codings_and_sub_codes_each_in_its_own_number(
    client, sign_in, researcher, team
):
    """ "0 codings and 1 sub-code", not "1 sub-codes"; and an unused code with no memo is
    not said to lose "its 0 memos"."""
    world = study_world(researcher, team)
    awareness = world["codes"][0]
    assert awareness.codings.count() == 0
    assert awareness.children.count() == 1
    unused = code(world["study"], "Unused")
    sign_in(client, researcher)
    page = client.get(url("codebook-remove", world, awareness)).text
    assert "“Awareness” has 0 codings and 1 sub-code, so it cannot be removed" in page
    page = client.get(url("codebook-remove", world, unused)).text
    assert "Nobody has used it." in page
    assert "0 memos" not in page
    Memo.objects.create(study=world["study"], author=researcher, text="Why.", on_code=unused)
    page = client.get(url("codebook-remove", world, unused)).text
    assert "Nobody has used it. Its 1 memo is removed with it." in page


def test_it_answers_404_for_another_studys_code(client, sign_in, researcher, team, other_team):
    world = study_world(researcher, team)
    other = study(researcher, other_team, title="Another")
    theirs = code(other, "Theirs")
    sign_in(client, researcher)
    for name in ("codebook-edit", "codebook-merge", "codebook-remove"):
        assert client.get(url(name, world, theirs)).status_code == 404
    response = client.post(url("codebook-move", world, theirs), {"direction": "up"})
    assert response.status_code == 404
