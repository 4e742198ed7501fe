"""The issue's round trip: a study exported as `.qdpx`, then imported into an empty study,
gives back the same codebook, transcripts and codings (and the memos and participants
that travel with them). What withdrawal leaves out of an export stays out."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from littleminds.accounts.models import Organisation
from littleminds.directory.models import Ring
from littleminds.directory.tests.factories import ServiceFactory
from littleminds.evaluation.exchange_export import codebook_qdc, project_export, project_qdpx
from littleminds.evaluation.exchange_import import read_import
from littleminds.evaluation.models import Code, Memo, Participant, Study, StudyResearcher
from littleminds.evaluation.selectors import analysable_codings
from littleminds.evaluation.services_exchange import import_plan
from littleminds.evaluation.tests import factories

pytestmark = pytest.mark.django_db


def codebook(study: Study) -> set[tuple[Any, ...]]:
    return {
        (c.guid, c.name, c.description, c.colour.upper(), c.parent.guid if c.parent else None)
        for c in Code.objects.filter(study=study).select_related("parent")
    }


def codings(study: Study) -> Counter[tuple[Any, ...]]:
    return Counter(
        (
            c.transcript.title,
            c.code.guid,
            c.coder_id,
            c.start,
            c.end,
            c.transcript.text[c.start : c.end],
        )
        for c in analysable_codings(study)
    )


@pytest.fixture
def world(researcher, team) -> dict[str, Any]:
    made = factories.study_world(researcher, team)
    # P02's nursery is on the universal ring of the directory's map, as its ring says.
    nursery = made["participants"][1].organisation
    ServiceFactory.create(organisation=nursery, ring=Ring.UNIVERSAL)
    empty = factories.study(researcher, team, title="The same study, imported")
    StudyResearcher.objects.create(study=empty, user=made["second_coder"])
    return {**made, "empty": empty}


def imported(world: dict[str, Any], researcher: Any) -> Study:
    study, empty = world["study"], world["empty"]
    plan = read_import("study.qdpx", project_qdpx(project_export(study)))
    import_plan(
        by=researcher,
        study=empty,
        plan=plan,
        time_point=empty.time_points.get(position=1),
        method="interview",
    )
    return empty


def test_a_project_exported_then_imported_gives_back_its_codebook_and_codings(
    researcher, world
) -> None:
    study = world["study"]
    empty = imported(world, researcher)

    assert codebook(empty) == codebook(study)
    # Every coding in the analysis comes back: the same code, the same coder (the second
    # coder matched by their identity), the same positions and the same words.
    assert codings(empty) == codings(study)
    assert sum(codings(empty).values()) == 6  # the seventh coded the withdrawn P03's words


def test_the_transcripts_come_back_word_for_word_but_for_withdrawn_words(researcher, world) -> None:
    interview, group = world["transcripts"]
    empty = imported(world, researcher)
    back = {t.title: t for t in empty.transcripts.all()}

    assert set(back) == {interview.title, group.title}
    # Urdu and emoji included, the interview is the same text, character for character.
    assert back[interview.title].text == interview.text
    # The focus group has the same length and the same words but for the withdrawn
    # participant's turn, which never left the study.
    again = back[group.title].text
    assert len(again) == len(group.text)
    withdrawn = group.segments.get(participant=world["withdrawn"])
    assert again[: withdrawn.start] == group.text[: withdrawn.start]
    assert again[withdrawn.end :] == group.text[withdrawn.end :]
    assert "We never know" not in again
    assert "[withdrawn]" in again[withdrawn.start : withdrawn.end]


def test_the_memos_and_the_participants_who_stayed_come_back(researcher, world) -> None:
    study = world["study"]
    empty = imported(world, researcher)

    assert sorted(Memo.objects.filter(study=empty).values_list("text", flat=True)) == sorted(
        Memo.objects.filter(study=study).values_list("text", flat=True)
    )
    stayed = Participant.objects.filter(study=study, withdrawn_at__isnull=True)
    fields = ("label", "group", "organisation", "ring", "consent_on", "information_sheet_version")
    assert sorted(Participant.objects.filter(study=empty).values_list(*fields)) == sorted(
        stayed.values_list(*fields)
    )
    assert sorted(stayed.values_list("label", flat=True)) == ["P01", "P02"]


def test_a_codebook_exported_then_imported_gives_back_the_same_tree(researcher, world) -> None:
    study, empty = world["study"], world["empty"]

    import_plan(by=researcher, study=empty, plan=read_import("c.qdc", codebook_qdc(study)))

    assert codebook(empty) == codebook(study)


def test_an_organisation_the_directory_does_not_know_is_said_and_left_for_the_researcher(
    researcher, world
) -> None:
    study, empty = world["study"], world["empty"]
    plan = read_import("study.qdpx", project_qdpx(project_export(study)))
    Organisation.objects.filter(pk=world["participants"][1].organisation_id).update(
        name="Little Acorns Day Nursery"
    )

    result = import_plan(
        by=researcher,
        study=empty,
        plan=plan,
        time_point=empty.time_points.get(position=1),
        method="interview",
    )

    p02 = Participant.objects.get(study=empty, label="P02")
    assert p02.organisation is None
    assert p02.ring == ""
    assert (
        "The organisation “Little Acorns Nursery” of P02 is not one organisation of the"
        " directory, so choose it on the participant’s page"
    ) in result.not_taken
