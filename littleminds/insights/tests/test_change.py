"""The "change" pages on small hand-made datasets: practitioners' confidence (training and
consultation feedback) and families' outcomes, each number against a hand count, the
statistics against SciPy, and what an analyst sees of them."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from scipy import stats

from littleminds.accounts.models import Organisation, Team, User
from littleminds.casework.models import Case
from littleminds.casework.models_care import Goal, GoalRating
from littleminds.casework.models_records import Administration
from littleminds.casework.tests.factories import open_case
from littleminds.consultations.models_groups import GroupPlace
from littleminds.consultations.models_records import ConsultationRecord, Feedback, GroupFeedback
from littleminds.consultations.tests import factories as consultations
from littleminds.insights import page_confidence, page_outcomes
from littleminds.insights.models import CommissioningBody
from littleminds.insights.pages import Filters
from littleminds.insights.tables import Table, disclose
from littleminds.training.models import Course, Registration
from littleminds.training.models_questions import Answer, AnswerSet, QuestionnaireItem
from littleminds.training.services_attendance import attendance_mark
from littleminds.training.tests import factories as training
from littleminds.training.tests import factories_attendance as made

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _filters(*teams: Team, days: int = 365) -> Filters:
    today = TODAY()
    return Filters(start=today - timedelta(days=days - 1), end=today, teams=teams)


def _table(tables: list[Table], key: str) -> Table:
    return next(t for t in tables if t.key == key)


def _row(table: Table, label: str) -> dict[str, Any]:
    return dict(next(r for r in table.rows if label in (r.get("label"), r.get("measure"))))


# Consultation feedback ----------------------------------------------------------------------

# Eight pieces of feedback: noticing before and after. Differences 2, 1, 0, 2, 2, 1, 1, 2:
# mean 1.375; deviations squared sum to 3.875, so sd = sqrt(3.875 / 7) = 0.7440; the t
# quantile for 7 degrees of freedom is 2.3646, so the margin is 2.3646 * 0.7440 / sqrt(8) =
# 0.6220 and the interval 0.753 to 1.997; d_z = 1.375 / 0.7440 = 1.848. Means 2.25 and 3.625.
NOTICING_BEFORE = [2, 2, 3, 1, 2, 3, 2, 3]
NOTICING_AFTER = [4, 3, 3, 3, 4, 4, 3, 5]
# Talking: everyone rose by exactly one, so there is no spread and no effect size.
TALKING_BEFORE = [3] * 8
TALKING_AFTER = [4] * 8
WELLBEING = [2, 2, 1, 1, 1, 0, 0, -1]


def _answers(n: int) -> dict[str, int]:
    return {
        "usefulness": 4,
        "noticing_before": NOTICING_BEFORE[n],
        "noticing_after": NOTICING_AFTER[n],
        "talking_before": TALKING_BEFORE[n],
        "talking_after": TALKING_AFTER[n],
        "referring_before": 2,
        "referring_after": 2,
        "wellbeing": WELLBEING[n],
    }


def _duty_record(team: Team, clinician: User, organisation: Organisation, held_on: date) -> Any:
    return ConsultationRecord.objects.create(
        team=team,
        held_on=held_on,
        caller="A health visitor",
        organisation=organisation,
        outcome="continues",
        recorded_by=clinician,
    )


@pytest.fixture
def feedback_world(
    team: Team, other_team: Team, clinician: User, other_clinician: User, practitioner: User
) -> None:
    """Seven consultations' feedback and one group session's in the period, for the team;
    and feedback that does not count: a consultation of two years ago and another team's."""
    organisation = practitioner.organisation
    assert organisation is not None
    for n in range(7):
        record = _duty_record(team, clinician, organisation, TODAY() - timedelta(days=10 + n))
        Feedback.objects.create(record=record, practitioner=practitioner, **_answers(n))
    consultations.attended_session(clinician, practitioner)
    place = GroupPlace.objects.get(practitioner=practitioner)
    GroupFeedback.objects.create(place=place, practitioner=practitioner, **_answers(7))
    old = _duty_record(team, clinician, organisation, TODAY() - timedelta(days=800))
    Feedback.objects.create(record=old, practitioner=practitioner, **_answers(0))
    theirs = _duty_record(other_team, other_clinician, organisation, TODAY() - timedelta(days=5))
    Feedback.objects.create(record=theirs, practitioner=practitioner, **_answers(0))


def test_consultation_confidence_is_paired_per_item_and_matches_scipy(
    feedback_world: None, team: Team
) -> None:
    tables = page_confidence.build(_filters(team))
    table = _table(tables, "consultation")
    noticing = _row(
        table, "Noticing difficulties in the relationship between a parent and their baby"
    )
    # By hand (see above).
    assert noticing["pairs"] == 8
    assert noticing["before"] == pytest.approx(2.25)
    assert noticing["after"] == pytest.approx(3.625)
    assert noticing["change"] == pytest.approx(1.375)
    assert noticing["low"] == pytest.approx(0.753, abs=0.001)
    assert noticing["high"] == pytest.approx(1.997, abs=0.001)
    assert noticing["d"] == pytest.approx(1.848, abs=0.001)
    # And against SciPy.
    differences = [a - b for b, a in zip(NOTICING_BEFORE, NOTICING_AFTER, strict=True)]
    low, high = stats.t.interval(
        0.95, len(differences) - 1, loc=1.375, scale=stats.sem(differences)
    )
    assert (noticing["low"], noticing["high"]) == pytest.approx((low, high))
    assert noticing["d"] == pytest.approx(1.375 / stats.tstd(differences))
    assert stats.ttest_rel(NOTICING_AFTER, NOTICING_BEFORE).statistic == pytest.approx(
        noticing["d"] * math.sqrt(8)
    )
    # Everyone rose by one: a change, an interval of no width, no effect size.
    talking = _row(table, "Talking with parents about them")
    assert (talking["change"], talking["low"], talking["high"], talking["d"]) == (1, 1, 1, None)
    referring = _row(table, "Knowing when and where to refer")
    assert (referring["pairs"], referring["change"]) == (8, 0)


def test_wellbeing_at_work_is_counted_by_answer(feedback_world: None, team: Team) -> None:
    table = _table(page_confidence.build(_filters(team)), "wellbeing")
    counts = {row["label"]: row["answers"] for row in table.rows}
    assert counts == {
        "Much better": 2,
        "A little better": 3,
        "No effect": 2,
        "A little worse": 1,
        "Much worse": 0,
    }
    shown = disclose(table, suppressed=False)
    assert shown.value(1, "share") == 38  # 3 of 8


def test_an_analyst_sees_the_statistics_of_eight_pairs_and_not_of_fewer(
    feedback_world: None, team: Team
) -> None:
    table = _table(page_confidence.build(_filters(team)), "consultation")
    shown = disclose(table, suppressed=True)
    assert shown.value(0, "pairs") == 10  # 8, to the nearest 5
    assert shown.value(0, "change") == 1.38
    fewer = _table(page_confidence.build(_filters(team, days=30)), "consultation")
    # The group session (today) and the consultations 10 to 29 days ago: still 8.
    assert fewer.rows[0]["pairs"] == 8
    few = _table(page_confidence.build(_filters(team, days=13)), "consultation")
    # 10, 11 and 12 days ago and today's group: 4 pairs, too few to say even for the team.
    assert few.rows[0]["pairs"] == 4
    assert few.rows[0]["change"] is None
    hidden = disclose(few, suppressed=True)
    assert hidden.value(0, "pairs") == "*"
    assert disclose(few, suppressed=False).value(0, "change") is None


def test_consultation_confidence_narrows_to_an_organisation(
    feedback_world: None, team: Team, practitioner: User
) -> None:
    organisation = practitioner.organisation
    assert organisation is not None
    ours = Filters(
        start=TODAY() - timedelta(days=364), end=TODAY(), teams=(team,), organisation=organisation
    )
    assert _table(page_confidence.build(ours), "consultation").rows[0]["pairs"] == 8
    elsewhere = Organisation.objects.create(name="Elsewhere Nursery")
    theirs = Filters(
        start=TODAY() - timedelta(days=364), end=TODAY(), teams=(team,), organisation=elsewhere
    )
    assert _table(page_confidence.build(theirs), "consultation").rows[0]["pairs"] == 0


# Training questionnaires ----------------------------------------------------------------------


def _answered(registration: Registration, items: list[Any], when: str, scores: list[int]) -> None:
    answer_set = AnswerSet.objects.create(registration=registration, when=when)
    Answer.objects.bulk_create(
        Answer(answer_set=answer_set, item=item, score=score)
        for item, score in zip(items, scores, strict=True)
    )


def _present(by: User, registration: Registration, mark: str = "present") -> None:
    session = registration.session
    for part in session.parts.all():
        attendance_mark(by=by, session=session, registration=registration, part=part, mark=mark)


def test_training_confidence_pairs_each_persons_mean_over_the_statements(
    trainer: User, team: Team
) -> None:
    """Five people on a core course, worked by hand: means before 2, 2, 3, 3, 2.5 and straight
    after 4, 3, 3.5, 5, 4; changes 2, 1, 0.5, 2, 1.5 (mean 1.4, sd 0.652, d_z 2.15, interval
    0.59 to 2.21). Two answer three months after: too few. Someone excused throughout and a
    course whose session began before the period do not count."""
    core = training.course(trainer, team, title="Core course", tier=Course.Tier.CORE)
    session = made.past_session(trainer, core, days_ago=[40])
    items = [
        QuestionnaireItem.objects.create(course=core, text=t, position=n, created_by=trainer)
        for n, t in enumerate(["I notice a baby's cues", "I know where to refer"])
    ]
    before = [[2, 2], [1, 3], [3, 3], [3, 3], [2, 3]]
    after = [[4, 4], [3, 3], [4, 3], [5, 5], [4, 4]]
    for n, (b, a) in enumerate(zip(before, after, strict=True)):
        held = made.public_holder(session, f"Person{n} Test")
        _present(trainer, held)
        _answered(held, items, "before", b)
        _answered(held, items, "after", a)
        if n < 2:
            _answered(held, items, "later", a)
    excused = made.public_holder(session, "Excused Person")
    _present(trainer, excused, "excused")
    _answered(excused, items, "before", [1, 1])
    _answered(excused, items, "after", [5, 5])
    older = made.past_session(trainer, core, days_ago=[400])
    gone = made.public_holder(older, "Older Person")
    _present(trainer, gone)
    _answered(gone, items, "before", [1, 1])
    _answered(gone, items, "after", [5, 5])

    table = _table(page_confidence.build(_filters(team)), "training")
    core_after = _row(table, "Straight after the course: Core")
    assert core_after["pairs"] == 5
    assert core_after["before"] == pytest.approx(2.5)
    assert core_after["after"] == pytest.approx(3.9)
    assert core_after["change"] == pytest.approx(1.4)
    assert (core_after["low"], core_after["high"]) == pytest.approx((0.59, 2.21), abs=0.005)
    assert core_after["d"] == pytest.approx(2.15, abs=0.005)
    assert core_after["d"] == pytest.approx(1.4 / stats.tstd([2, 1, 0.5, 2, 1.5]))
    assert _row(table, "Straight after the course: all courses")["pairs"] == 5
    later = _row(table, "Three months after the course: Core")
    assert (later["pairs"], later["change"], later["d"]) == (2, None, None)
    assert _row(table, "Straight after the course: Awareness")["pairs"] == 0
    # Outside the team: 5 pairs are "*", and so is every statistic made from them.
    shown = disclose(table, suppressed=True)
    index = [r["label"] for r in table.rows].index("Straight after the course: Core")
    assert shown.rows[index][1:] == ("*",) * 7


# Families' outcomes ---------------------------------------------------------------------------


def _scored(case: Case, by: User, measure: str, *totals_and_days: tuple[float, int]) -> None:
    for total, days_ago in totals_and_days:
        Administration.objects.create(
            case=case,
            measure=measure,
            on=TODAY() - timedelta(days=days_ago),
            items=[],
            total=total,
            recorded_by=by,
        )


@pytest.fixture
def outcomes_world(clinician: User, other_clinician: User, practitioner: User) -> None:
    """PHQ-9 (reliable change 6, cut-off 10): 20 → 8 improved and recovered; 15 → 12 no
    reliable change; 5 → 12 deteriorated; 18 → 11 improved, still at the level of concern.
    Not counted: a single score, a latest score before the period, another team's case.
    GAD-7 (4, cut-off 8): 10 → 5 improved and recovered. Goal-based outcomes: one goal
    rated 2 then 6 (reliable change 2.45), improved. PIR-GAS has no reliable change index."""
    cases = [open_case(referrer=practitioner, clinician=clinician) for _ in range(6)]
    a, b, c, d, e, f = cases
    _scored(a, clinician, "phq9", (20, 100), (8, 10))
    _scored(b, clinician, "phq9", (15, 100), (14, 50), (12, 10))
    _scored(c, clinician, "phq9", (5, 100), (12, 10))
    _scored(d, clinician, "phq9", (18, 100), (11, 10))
    _scored(e, clinician, "phq9", (20, 10))
    _scored(f, clinician, "phq9", (20, 500), (5, 400))
    _scored(a, clinician, "gad7", (10, 100), (5, 20))
    _scored(a, clinician, "pirgas", (30, 100), (80, 10))
    goal = Goal.objects.create(
        case=b, text="Bath time together", agreed_on=TODAY(), added_by=clinician
    )
    GoalRating.objects.create(
        goal=goal, rated_on=TODAY() - timedelta(days=90), score=2, by=clinician
    )
    GoalRating.objects.create(
        goal=goal, rated_on=TODAY() - timedelta(days=5), score=6, by=clinician
    )
    theirs = open_case(referrer=practitioner, clinician=clinician)
    Case.objects.filter(pk=theirs.pk).update(team=other_clinician.teams()[0])
    _scored(theirs, other_clinician, "phq9", (20, 100), (2, 10))


def test_outcomes_count_reliable_change_and_recovery_per_measure(
    outcomes_world: None, team: Team
) -> None:
    tables = page_outcomes.build(_filters(team))
    change = _table(tables, "reliable-change")
    phq9 = _row(change, "PHQ-9")
    assert (phq9["cases"], phq9["improved"], phq9["unchanged"], phq9["deteriorated"]) == (
        4,
        2,
        1,
        1,
    )
    shown = disclose(change, suppressed=False)
    index = [r["measure"] for r in change.rows].index("PHQ-9")
    assert shown.value(index, "improved_rate") == 50
    assert shown.value(index, "deteriorated_rate") == 25
    gad7 = _row(change, "GAD-7")
    assert (gad7["cases"], gad7["improved"]) == (1, 1)
    goals = next(r for r in change.rows if r["cases"] and r["measure"] not in ("PHQ-9", "GAD-7"))
    assert (goals["cases"], goals["improved"]) == (1, 1)
    assert "PIR-GAS" not in [r["measure"] for r in change.rows]
    recovery = _table(tables, "reliable-recovery")
    phq9 = _row(recovery, "PHQ-9")
    assert (phq9["cases"], phq9["concern"], phq9["recovered"]) == (4, 3, 1)
    index = [r["measure"] for r in recovery.rows].index("PHQ-9")
    assert disclose(recovery, suppressed=False).value(index, "recovered_rate") == 33
    assert _row(recovery, "GAD-7")["recovered"] == 1
    # Outside the team: every count here is from 1 to 7, and so every rate is hidden.
    hidden = disclose(change, suppressed=True)
    assert hidden.rows[index][1:] == ("*",) * 7


def test_outcomes_page_as_the_analyst_shows_no_small_number(
    outcomes_world: None, feedback_world: None, team: Team, analyst: User, as_persona: Any
) -> None:
    body = CommissioningBody.objects.create(name="West Yorkshire ICB")
    body.teams.add(team)
    body.members.add(analyst)
    for slug in ("outcomes", "confidence"):
        response = as_persona("analyst").get(f"/insights/{slug}/")
        assert response.status_code == 200
        text = response.content.decode()
        assert "small numbers are hidden" in text
        cells = [
            cell.split("</td>")[0] for cell in text.split('<td class="nhsuk-table__cell">')[1:]
        ]
        for cell in cells:
            if cell.isdigit():
                assert int(cell) % 5 == 0, (slug, cell)


def test_the_consultation_table_downloads_as_csv_and_xlsx(
    feedback_world: None, manager: User, as_persona: Any
) -> None:
    import csv
    import io

    from openpyxl import load_workbook  # type: ignore[import-untyped]

    client = as_persona("manager")
    response = client.get("/insights/confidence/consultation.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    noticing = next(r for r in rows if r and r[0].startswith("Noticing"))
    assert noticing[1:] == ["8", "2.25", "3.62", "1.38", "0.75", "2.0", "1.85"]
    talking = next(r for r in rows if r and r[0].startswith("Talking"))
    assert talking[-1] == ""
    book = load_workbook(io.BytesIO(client.get("/insights/outcomes.xlsx").content))
    assert len(book.sheetnames) >= 2
