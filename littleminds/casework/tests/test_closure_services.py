"""Closing, reopening, retention dates and destruction (DOMAIN.md §9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.audit.models import AuditEvent
from littleminds.casework import services, services_care, services_records, services_week
from littleminds.casework.models import Baby, Case, CaseEvent, Contact, Note
from littleminds.casework.models_care import (
    CaseIntervention,
    ChronologyEntry,
    FlagKind,
    Goal,
    Intervention,
    SafeguardingFlag,
)
from littleminds.casework.models_closure import ClosingLetter, Closure, DestroyedCase
from littleminds.casework.models_records import Administration, Task
from littleminds.casework.services_closure import (
    anniversary,
    case_close,
    case_destroy,
    case_reopen,
    keep_until_for,
    retention_due,
)
from littleminds.casework.tests.factories import ensure_intake, open_case, planned
from littleminds.referrals.models import Intake
from littleminds.referrals.tests.factories import intake_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(clinician: User, practitioner: User) -> Case:
    return open_case(referrer=practitioner, clinician=clinician)


def close(case: Case, by: User, **changes: object) -> Closure:
    values: dict[str, object] = {"reason": "goals_met", "summary": "Robin and Sam are doing well."}
    values.update(changes)
    return case_close(by=by, case=case, **values)  # type: ignore[arg-type]


# Closing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", [r for r in Closure.Reason.values if r != "other"])
def test_it_closes_a_case_for_each_reason(case: Case, clinician: User, reason: str) -> None:
    closure = close(case, clinician, reason=reason)

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert case.closed_on == timezone.localdate()
    assert closure.reason == reason
    assert closure.reason_in_words == Closure.Reason(reason).label
    assert CaseEvent.objects.filter(case=case, action="closed").exists()
    event = AuditEvent.objects.get(action="case.closed")
    assert event.target_code == str(case.code)
    assert str(event.team_code) == str(case.team.code)


def test_another_reason_needs_a_note(case: Case, clinician: User) -> None:
    with pytest.raises(ValidationError):
        close(case, clinician, reason="other", reason_note="  ")
    case.refresh_from_db()
    assert case.is_open

    closure = close(case, clinician, reason="other", reason_note="The family asked for a pause")
    assert closure.reason_in_words == "The family asked for a pause"


def test_a_closed_case_does_not_close_again(case: Case, clinician: User) -> None:
    close(case, clinician)
    with pytest.raises(services.NotAllowed):
        close(case, clinician)


def test_another_team_cannot_close_it(case: Case, other_clinician: User) -> None:
    with pytest.raises(services.NotAllowed):
        close(case, other_clinician)


def test_it_writes_letters_to_the_referrer_and_the_gp(
    case: Case, clinician: User, practitioner: User
) -> None:
    closure = close(case, clinician, gp_name="Dr Ada Lovelace", gp_address="1 High Street")

    letters = {letter.to: letter for letter in closure.letters.all()}
    assert set(letters) == {"referrer", "gp"}
    assert letters["referrer"].referrer == practitioner
    assert "Pip Practitioner" in letters["referrer"].recipient_name
    assert letters["gp"].recipient_name == "Dr Ada Lovelace"
    assert letters["gp"].signed_as == "Cal Clinician"


def test_no_gp_letter_when_none_is_known(case: Case, clinician: User) -> None:
    closure = close(case, clinician)
    assert [letter.to for letter in closure.letters.all()] == ["referrer"]


def test_a_case_without_a_referral_takes_the_teams_phone_from_its_intake(
    clinician: User,
) -> None:
    team = clinician.teams()[0]
    ensure_intake(team)
    Intake.objects.filter(team=team).update(contact_phone="01632960001")
    case = services_week.case_open_without_referral(
        by=clinician,
        team=team,
        lead=clinician,
        baby={
            "name": "Ivy",
            "nhs_number": "",
            "unborn": False,
            "due_date": None,
            "date_of_birth": timezone.localdate() - timedelta(days=70),
        },
        parent={"name": "Dana Whitlock", "relationship": "mother"},
        postcode="BD7 2AB",
        worries=["bonding"],
    )
    closure = close(case, clinician, gp_name="Dr Ada Lovelace", gp_address="1 High Street")
    assert [letter.team_phone for letter in closure.letters.all()] == ["01632960001"]


def test_the_referrals_intake_phone_comes_first_then_the_teams(case: Case, clinician: User) -> None:
    referred_through = case.referral_links.get().referral.intake
    assert referred_through is not None
    assert referred_through.contact_phone == ""
    other = intake_for(case.team, default=False)
    Intake.objects.filter(pk=other.pk).update(contact_phone="01632960002")
    closure = close(case, clinician)
    assert [letter.team_phone for letter in closure.letters.all()] == ["01632960002"]
    Intake.objects.filter(pk=referred_through.pk).update(contact_phone="01632960003")
    case_reopen(by=clinician, case=case, reason="The family asked to come back.")
    closure = close(case, clinician)
    assert [letter.team_phone for letter in closure.letters.all()] == ["01632960003"]


# Reopening ----------------------------------------------------------------------------------


def test_it_reopens_within_3_months(clinician: User, practitioner: User) -> None:
    with time_machine.travel(date(2026, 1, 10), tick=False):
        case = open_case(referrer=practitioner, clinician=clinician)
        closure = close(case, clinician)
    with time_machine.travel(date(2026, 4, 10), tick=False):
        case_reopen(by=clinician, case=case, reason="The family asked for help again")

    case.refresh_from_db()
    closure.refresh_from_db()
    assert case.is_open
    assert case.closed_on is None
    assert closure.reopened_on == date(2026, 4, 10)
    assert closure.reopened_by == clinician
    assert AuditEvent.objects.filter(action="case.reopened").count() == 1


def test_after_3_months_a_new_case_starts(clinician: User, practitioner: User) -> None:
    with time_machine.travel(date(2026, 1, 10), tick=False):
        case = open_case(referrer=practitioner, clinician=clinician)
        close(case, clinician)
    with time_machine.travel(date(2026, 4, 11), tick=False), pytest.raises(services.NotAllowed):
        case_reopen(by=clinician, case=case, reason="Too late")
    case.refresh_from_db()
    assert not case.is_open


def test_reopening_needs_a_reason(case: Case, clinician: User) -> None:
    close(case, clinician)
    with pytest.raises(ValidationError):
        case_reopen(by=clinician, case=case, reason=" ")


# Retention ----------------------------------------------------------------------------------


def baby(born: date | None = None, due: date | None = None) -> Baby:
    return Baby(unborn=born is None, date_of_birth=born, due_date=due)


def test_20_years_after_closure_wins_for_a_baby() -> None:
    assert keep_until_for([baby(date(2025, 6, 1))], date(2026, 6, 1)) == date(2050, 6, 1)


def test_the_25th_birthday_wins_when_later() -> None:
    # Closed when the child was 3: the 25th birthday (2048) is later than 20 years (2046).
    assert keep_until_for([baby(date(2023, 3, 1))], date(2026, 3, 1)) == date(2048, 3, 1)


def test_a_child_17_at_closure_is_kept_until_26() -> None:
    born = date(2009, 1, 15)
    closed = date(2026, 6, 1)  # 17 years old
    # At 17, the 26th birthday (2035) comes before 20 years after closure (2046), which wins.
    assert keep_until_for([baby(born)], closed) == date(2046, 6, 1)
    # The 26th birthday rule on its own: 17 at closure gives 26, not 25.
    assert anniversary(born, 26) == date(2035, 1, 15)
    assert keep_until_for([baby(born)], closed) >= anniversary(born, 26)


def test_the_26th_birthday_rule_applies_only_at_17() -> None:
    from littleminds.casework.services_closure import CHILD_AT_17_UNTIL_AGE, age_in_years

    assert age_in_years(date(2009, 6, 2), date(2026, 6, 1)) == 16
    assert age_in_years(date(2009, 6, 1), date(2026, 6, 1)) == 17
    assert CHILD_AT_17_UNTIL_AGE == 26


def test_a_leap_day_birthday_falls_on_1_march() -> None:
    assert anniversary(date(2024, 2, 29), 25) == date(2049, 3, 1)
    assert anniversary(date(2024, 2, 29), 24) == date(2048, 2, 29)
    assert keep_until_for([baby(date(2024, 2, 29))], date(2024, 3, 1)) == date(2049, 3, 1)


def test_a_leap_day_closure_falls_on_1_march() -> None:
    assert keep_until_for([], date(2028, 2, 29)) == date(2048, 2, 29)
    assert keep_until_for([], date(2024, 2, 29)) == date(2044, 2, 29)
    assert anniversary(date(2028, 2, 29), 21) == date(2049, 3, 1)


def test_an_unborn_baby_counts_from_the_due_date() -> None:
    assert keep_until_for([baby(due=date(2026, 9, 1))], date(2026, 6, 1)) == date(2051, 9, 1)


def test_twins_take_the_latest_date() -> None:
    older = baby(date(2025, 1, 1))
    younger = baby(due=date(2026, 12, 1))
    assert keep_until_for([older, younger], date(2026, 6, 1)) == date(2051, 12, 1)


def test_closing_stores_the_date(case: Case, clinician: User) -> None:
    closure = close(case, clinician)
    born = case.babies.get().date_of_birth
    assert born is not None
    assert closure.keep_until == max(anniversary(born, 25), anniversary(timezone.localdate(), 20))


# Destruction --------------------------------------------------------------------------------


def past_retention(case: Case, by: User) -> Closure:
    closure = close(case, by)
    Closure.objects.filter(pk=closure.pk).update(keep_until=timezone.localdate() - timedelta(1))
    closure.refresh_from_db()
    return closure


def test_a_manager_destroys_a_case_past_its_date(
    case: Case, clinician: User, manager: User
) -> None:
    parent = case.people.get()
    held = planned(case, clinician, -3)
    services.contact_record(by=clinician, contact=held, outcome="attended", came=[parent])
    note = services.note_add(by=clinician, case=case, text="Saw them.")
    services.addendum_add(by=clinician, note=note, text="And the baby smiled.")
    past_retention(case, clinician)
    code = case.code

    destroyed = case_destroy(by=manager, case=case, confirm_code=str(code))

    assert not Case.objects.filter(code=code).exists()
    assert not Note.objects.filter(case_id=case.pk).exists()
    assert not Contact.objects.filter(case_id=case.pk).exists()
    assert not ClosingLetter.objects.exists()
    assert destroyed.case_code == code
    assert destroyed.destroyed_by == manager
    assert destroyed.counts["casework.note"] == 2
    assert destroyed.counts["casework.contact"] == 1
    assert destroyed.counts["casework.baby"] == 1
    text = str(destroyed.counts)
    assert "Robin" not in text
    assert "Sam" not in text
    event = AuditEvent.objects.get(action="case.destroyed")
    assert event.target_code == str(code)


def test_only_a_manager_destroys(case: Case, clinician: User) -> None:
    past_retention(case, clinician)
    with pytest.raises(services.NotAllowed):
        case_destroy(by=clinician, case=case, confirm_code=str(case.code))


def test_nothing_before_its_date_or_with_the_wrong_code(
    case: Case, clinician: User, manager: User
) -> None:
    close(case, clinician)
    with pytest.raises(services.NotAllowed):
        case_destroy(by=manager, case=case, confirm_code=str(case.code))
    past_retention_case = case
    Closure.objects.update(keep_until=timezone.localdate() - timedelta(1))
    with pytest.raises(services.NotAllowed):
        case_destroy(by=manager, case=past_retention_case, confirm_code="not the code")
    assert Case.objects.filter(pk=case.pk).exists()
    assert not DestroyedCase.objects.exists()


def test_the_report_lists_only_cases_past_their_date(
    case: Case, clinician: User, practitioner: User
) -> None:
    due = past_retention(case, clinician)
    other = open_case(referrer=practitioner, clinician=clinician, baby_name="Kit")
    close(other, clinician)
    assert list(retention_due()) == [due]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_note_trigger_still_refuses_outside_destruction(case: Case, clinician: User) -> None:
    from django.db import DatabaseError, transaction

    note = services.note_add(by=clinician, case=case, text="Saw them.")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM casework_note WHERE id = %s", [note.pk])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL littleminds.destroying_case = 'on'")
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute("UPDATE casework_note SET text = 'changed' WHERE id = %s", [note.pk])
    assert Note.objects.filter(pk=note.pk, text="Saw them.").exists()


def test_the_command_lists_cases_past_their_date_with_nothing_personal(
    case: Case, clinician: User, practitioner: User
) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("retention", "report", stdout=out)
    assert "No case is past its retention date." in out.getvalue()

    closure = past_retention(case, clinician)
    kept = open_case(referrer=practitioner, clinician=clinician, baby_name="Kit")
    close(kept, clinician)
    out = StringIO()
    call_command("retention", "report", stdout=out)
    text = out.getvalue()

    assert str(case.code) in text
    assert str(kept.code) not in text
    assert case.team.name in text
    assert closure.keep_until.isoformat() in text
    assert "1 case(s)" in text
    for personal in ("Robin", "Sam", "Kit", "Pip"):
        assert personal not in text
    assert Case.objects.filter(pk=case.pk).exists()


def test_destroying_takes_every_record_of_the_case_from_every_part(
    case: Case, clinician: User, manager: User
) -> None:
    """Found after the merge: the chronology's trigger (like the notes') refused the DELETE
    of the reviewed destruction on PostgreSQL. Every part's records go, on both databases."""
    today = timezone.localdate()
    parent = case.people.get()
    services_care.chronology_add(by=clinician, case=case, happened_on=today, text="Core group.")
    flag = services_care.flag_raise(
        by=clinician, case=case, kind=FlagKind.objects.all()[0], raised_on=today
    )
    services_care.flag_close(by=clinician, flag=flag, closed_on=today)
    services_care.goal_add(
        by=clinician, case=case, text="Enjoy bath time.", agreed_on=today, rating=3
    )
    services_care.intervention_add(
        by=clinician, case=case, intervention=Intervention.objects.all()[0], start=today
    )
    services_records.administration_record(
        by=clinician, case=case, measure="phq9", on=today, items=[1] * 9, answered_by=parent
    )
    services.note_add(by=clinician, case=case, text="Saw them.")
    # A case closes only once its risk task is closed with the action taken.
    for task in Task.objects.filter(case=case, kind=Task.Kind.RISK):
        services_records.task_complete(by=clinician, task=task, note="Safety plan agreed.")
    past_retention(case, clinician)
    code = case.code
    tasks = Task.objects.filter(case=case).count()
    assert tasks >= 1  # the risk task the PHQ-9's item 9 opened

    destroyed = case_destroy(by=manager, case=case, confirm_code=str(code))

    assert not Case.objects.filter(code=code).exists()
    for model in (ChronologyEntry, SafeguardingFlag, Goal, CaseIntervention, Administration, Task):
        assert not model.objects.filter(case_id=case.pk).exists(), model
    assert destroyed.counts["casework.chronologyentry"] == 1
    assert destroyed.counts["casework.administration"] == 1
    assert destroyed.counts["casework.task"] == tasks


# What is still open when the case closes (the browser walk of issue 12) ----------------------


def _risk_task(case: Case, clinician: User) -> Task:
    parent = case.people.first()
    services_records.administration_record(
        by=clinician,
        case=case,
        measure="phq9",
        on=timezone.localdate(),
        items=[1] * 9,
        answered_by=parent,
    )
    return Task.objects.get(case=case, kind=Task.Kind.RISK)


def test_a_case_with_an_open_risk_task_is_not_closed(case: Case, clinician: User) -> None:
    task = _risk_task(case, clinician)

    with pytest.raises(services.NotAllowed):
        close(case, clinician, dealt_with=True)

    case.refresh_from_db()
    assert case.is_open
    services_records.task_complete(by=clinician, task=task, note="Called her GP; safe plan made.")
    close(case, clinician, dealt_with=True)
    case.refresh_from_db()
    assert not case.is_open


def test_planned_contacts_and_open_flags_are_confirmed_before_closing(
    case: Case, clinician: User
) -> None:
    planned(case, clinician, 3)
    services_care.flag_raise(
        by=clinician,
        case=case,
        kind=FlagKind.objects.filter(retired_on__isnull=True).first(),  # type: ignore[arg-type]
        raised_on=timezone.localdate(),
    )

    with pytest.raises(ValidationError) as error:
        close(case, clinician)

    assert "dealt_with" in error.value.message_dict
    case.refresh_from_db()
    assert case.is_open


def test_closing_cancels_the_contacts_still_planned_and_records_it(
    case: Case, clinician: User
) -> None:
    ahead = [planned(case, clinician, 3), planned(case, clinician, 10)]
    past = planned(case, clinician, -3)

    close(case, clinician, dealt_with=True)

    for contact in ahead:
        contact.refresh_from_db()
        assert contact.outcome == Contact.Outcome.CANCELLED_BY_SERVICE
        assert contact.recorded_by == clinician
        assert "case closed" in contact.note.lower()
    past.refresh_from_db()
    assert past.outcome == ""  # a past contact is recorded by its clinician, not cancelled
    assert CaseEvent.objects.filter(case=case, action="contacts_cancelled").exists()
    event = AuditEvent.objects.get(action="case.closed")
    assert sorted(event.detail["contacts_cancelled"]) == sorted(str(c.code) for c in ahead)


def test_closing_closes_the_open_tasks_it_was_confirmed_with(case: Case, clinician: User) -> None:
    task = services_records.task_add(
        by=clinician,
        case=case,
        assigned_to=clinician,
        due_on=timezone.localdate(),
        description="Send the leaflet",
    )

    close(case, clinician, dealt_with=True)

    task.refresh_from_db()
    assert task.is_done
    assert task.done_by == clinician
    assert "case closed" in task.done_note.lower()
    event = AuditEvent.objects.get(action="case.closed")
    assert event.detail["tasks_closed"] == [str(task.code)]


def test_a_case_with_nothing_open_closes_without_confirming(case: Case, clinician: User) -> None:
    close(case, clinician)
    case.refresh_from_db()
    assert not case.is_open


def test_past_contacts_not_recorded_and_waiting_links_are_confirmed_and_links_withdrawn(
    case: Case, clinician: User
) -> None:
    from littleminds.casework import services_link
    from littleminds.casework.models_link import QuestionnaireLink
    from littleminds.casework.services_closure import loose_ends

    past = planned(case, clinician, -3)
    made = services_link.link_create(
        by=clinician, case=case, measure="gad7", answerer=case.people.get(), language="en"
    )
    still_open = loose_ends(case)
    assert still_open.not_recorded == [past]
    assert still_open.links == [made.link]
    with pytest.raises(ValidationError) as error:
        close(case, clinician)
    assert "dealt_with" in error.value.message_dict

    close(case, clinician, dealt_with=True)

    link = QuestionnaireLink.objects.get(pk=made.link.pk)
    assert link.state == QuestionnaireLink.State.WITHDRAWN
    past.refresh_from_db()
    assert past.outcome == ""  # recorded by its clinician, even after closing
    event = AuditEvent.objects.get(action="case.closed")
    assert event.detail["links_withdrawn"] == [str(made.link.code)]
