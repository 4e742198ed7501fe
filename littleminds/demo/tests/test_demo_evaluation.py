"""The demonstration's evaluation study (issue 17): the report's Table 1, 12 ready
transcripts cut into segments, a codebook of the report's themes, two researchers whose
codings agree moderately (Cohen's kappa from scikit-learn on the segments), memos, one
withdrawn participant, and figures for the participants' organisations."""

from __future__ import annotations

import pytest
from django.urls import reverse
from sklearn.metrics import cohen_kappa_score  # type: ignore[import-untyped]

from littleminds.accounts import services as accounts
from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.demo import data, directory, evaluation
from littleminds.demo.evaluation_transcripts import TRANSCRIPTS
from littleminds.evaluation.models import (
    Coding,
    Memo,
    Participant,
    Participation,
    Segment,
    Study,
    Transcript,
)
from littleminds.evaluation.segments import pieces_of
from littleminds.evaluation.selectors_participants import table1

pytestmark = pytest.mark.django_db

TABLE_1 = {
    ("service_design", 1): 4,
    ("service_team", 1): 11,
    ("service_team", 2): 18,
    ("workforce", 1): 22,
    ("workforce", 2): 18,
}


@pytest.fixture
def study() -> Study:
    """The study on the part of the demonstration it stands on (its organisations, the
    clinical team, the two researchers and the directory's time points): `data.load` takes
    most of a minute, and the last test runs it whole."""
    made = {}
    for name, description in data.SYSTEM_ORGANISATIONS:
        made[name] = accounts.organisation_create(by=None, name=name, description=description)
    team = accounts.team_create(by=None, organisation=made[data.TRUST], name=data.CLINICAL_TEAM)
    for login in data.LOGINS:
        if login.email in (evaluation.LEAD, evaluation.SECOND):
            accounts.user_create(
                by=None,
                email=login.email,
                full_name=login.full_name,
                password=data.DEMO_PASSWORD,
                organisation=made[login.organisation],
                job_title=login.job_title,
                roles=[(role, team if name else None) for role, name in login.roles],
            )
    directory.load()
    assert evaluation.load() == {"evaluation_studies": 1}
    return Study.objects.get(title=evaluation.TITLE)


def test_it_has_the_reports_table_1(study: Study) -> None:
    table = table1(study)
    shown = {
        (row.label, point.position): count
        for row in table.by_group
        for point, count in zip(table.time_points, row.cells, strict=True)
        if count is not None
    }
    assert shown == {
        (str(Participant.Group(group).label), position): count
        for (group, position), count in TABLE_1.items()
    }
    # The one who withdrew is left out of the table, and counted apart.
    assert table.withdrawn == 1
    both = Participant.objects.filter(study=study, participations__time_point__position=2).filter(
        participations__time_point__position=1
    )
    assert both.filter(group="service_team").count() == 7
    assert both.filter(group="workforce").count() == 5
    # Some organisations took part at both times through different people.
    people_at = {
        position: set(
            Participation.objects.filter(
                participant__study=study, time_point__position=position
            ).values_list("participant__organisation", "participant")
        )
        for position in (1, 2)
    }
    assert any(o1 == o2 and p1 != p2 for o1, p1 in people_at[1] for o2, p2 in people_at[2])
    methods = set(Participation.objects.filter(participant__study=study).values_list("method"))
    assert methods == {("interview",), ("focus_group",)}
    assert Participant.objects.filter(study=study, organisation__isnull=True).count() == 0
    withdrawn = Participant.objects.get(study=study, withdrawn_at__isnull=False)
    assert withdrawn.label == evaluation.WITHDRAWN
    assert withdrawn.segments.exists()  # they spoke in a focus group


def test_it_has_12_ready_transcripts_cut_into_segments(study: Study) -> None:
    transcripts = list(Transcript.objects.filter(study=study))
    assert len(transcripts) == 12
    assert {t.method for t in transcripts} == {"interview", "focus_group"}
    for transcript in transcripts:
        assert transcript.status == Transcript.Status.READY
        assert 150 <= transcript.word_count <= 400, (transcript.title, transcript.word_count)
        segments = list(transcript.segments.all())
        assert [(s.start, s.end) for s in segments] == [
            (p.start, p.end) for p in pieces_of(transcript.text)
        ]
        assert "||" not in transcript.text
        # Pseudonymised: participants by their codes, every speaker one of the transcript's.
        labels = {p.label for p in transcript.participants.all()}
        speakers = {s.speaker for s in segments} - {"Interviewer", "Facilitator"}
        assert speakers == labels, transcript.title
        assert all(s.participant is not None for s in segments if s.speaker in labels)
    focus_groups = [t for t in transcripts if t.method == "focus_group"]
    assert len(focus_groups) >= 4
    assert any("روتا" in t.text for t in transcripts)  # a few Urdu words
    assert any("[place]" in t.text for t in transcripts)


def test_its_codebook_is_the_reports_themes_with_sub_codes(study: Study) -> None:
    themes = study.codes.filter(parent=None)
    assert [t.name for t in themes] == [
        "Awareness",
        "Referral pathways",
        "Consultation",
        "Training",
        "Capacity",
        "System fit",
    ]
    for theme in themes:
        assert 2 <= theme.children.count() <= 3
        assert theme.colour.startswith("#")


def test_its_two_researchers_agree_moderately(study: Study) -> None:
    lead = User.objects.get(email=evaluation.LEAD)
    second = User.objects.get(email=evaluation.SECOND)
    assert set(study.researchers.values_list("user__email", "lead")) == {
        (evaluation.LEAD, True),
        (evaluation.SECOND, False),
    }
    codes = list(study.codes.exclude(parent=None))
    segments = list(Segment.objects.filter(transcript__study=study))
    codings = list(Coding.objects.filter(transcript__study=study))

    def coded(coder: User) -> list[int]:
        """For each code and segment, 1 when any of the coder's codings of it touches it."""
        mine = [c for c in codings if c.coder_id == coder.pk]
        return [
            int(
                any(
                    c.code_id == code.pk
                    and c.transcript_id == s.transcript_id
                    and c.start < s.end
                    and s.start < c.end
                    for c in mine
                )
            )
            for code in codes
            for s in segments
        ]

    first, other = coded(lead), coded(second)
    assert sum(first) > 50
    assert sum(other) > 50
    kappa = cohen_kappa_score(first, other)
    assert 0.4 < kappa < 0.8, kappa
    assert first != other


def test_it_has_memos_and_loads_once(study: Study) -> None:
    assert Memo.objects.filter(study=study).count() >= 3
    assert Memo.objects.filter(study=study, on_code__isnull=False).exists()
    assert Memo.objects.filter(study=study, start__isnull=False).exists()
    events = AuditEvent.objects.count()
    assert evaluation.load() == {"evaluation_studies": 0}
    assert Study.objects.filter(title=evaluation.TITLE).count() == 1
    assert AuditEvent.objects.count() == events
    assert len(TRANSCRIPTS) == 12


def test_the_demonstration_loads_it_and_its_figures_show_the_participants_organisations(
    client, sign_in
) -> None:
    data.load()
    study = Study.objects.get(title=evaluation.TITLE)
    lead = User.objects.get(email=evaluation.LEAD)
    sign_in(client, lead)
    response = client.get(reverse("evaluation:figures", kwargs={"code": study.code}))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.change is not None
    names = {str(row[0]) for row in figures.points[0].organisations.rows}
    assert "Little Acorns Day Nursery" in names
    assert evaluation.ICB in names
    assert [p.time_point.snapshot is not None for p in figures.points] == [True, True]
