from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from littleminds.accounts.models import User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.casework import selectors, services
from littleminds.casework.models import Allocation, Baby, Case, CasePerson, Contact, Note
from littleminds.casework.tests.factories import accepted_referral, open_case, planned
from littleminds.referrals.tests.factories import sent_referral

pytestmark = pytest.mark.django_db


def test_it_opens_a_case_with_the_referrals_family(clinician: User, practitioner: User) -> None:
    referral = accepted_referral(
        referrer=practitioner,
        clinician=clinician,
        nhs_number="9990000018",
        interpreter=True,
        language="ur",
    )
    case = services.case_open_from_referral(by=clinician, referral=referral, lead=clinician)

    assert case.team == referral.team
    assert case.is_open
    assert case.worries == ["bonding"]
    baby = case.babies.get()
    assert (baby.name, baby.date_of_birth, baby.nhs_number) == (
        "Robin",
        referral.child_date_of_birth,
        "9990000018",
    )
    parent = case.people.get()
    assert parent.name == "Sam Example"
    assert parent.may_call
    assert parent.may_text
    assert not parent.may_leave_message
    assert parent.interpreter
    assert parent.language == "Urdu"
    lead = case.allocations.get()
    assert lead.is_lead
    assert lead.clinician == clinician
    assert lead.end is None
    assert AuditEvent.objects.filter(action="case.opened", target_code=str(case.code)).exists()


def test_it_refuses_a_referral_not_accepted(clinician: User, practitioner: User) -> None:
    accepted_referral(referrer=practitioner, clinician=clinician)  # sets up the intake
    waiting = sent_referral(practitioner)
    with pytest.raises(services.NotAllowed):
        services.case_open_from_referral(by=clinician, referral=waiting, lead=clinician)


def test_it_refuses_a_second_case_for_one_referral(clinician: User, practitioner: User) -> None:
    referral = accepted_referral(referrer=practitioner, clinician=clinician)
    services.case_open_from_referral(by=clinician, referral=referral, lead=clinician)
    with pytest.raises(services.NotAllowed):
        services.case_open_from_referral(by=clinician, referral=referral, lead=clinician)


def test_it_takes_only_the_teams_clinicians_as_lead(
    clinician: User, manager: User, other_clinician: User, practitioner: User
) -> None:
    referral = accepted_referral(referrer=practitioner, clinician=clinician)
    for lead in (manager, other_clinician):
        with pytest.raises(services.NotAllowed):
            services.case_open_from_referral(by=manager, referral=referral, lead=lead)
    case = services.case_open_from_referral(by=manager, referral=referral, lead=clinician)
    assert case.opened_by == manager


def test_another_team_cannot_open_the_case(
    clinician: User, other_clinician: User, practitioner: User
) -> None:
    referral = accepted_referral(referrer=practitioner, clinician=clinician)
    with pytest.raises(services.NotAllowed):
        services.case_open_from_referral(
            by=other_clinician, referral=referral, lead=other_clinician
        )


def test_a_second_referral_joins_the_familys_open_case(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    again = accepted_referral(
        referrer=practitioner, clinician=clinician, concerns=["bonding", "baby_regulation"]
    )

    assert selectors.matching_open_cases(again) == [case]
    services.case_join_referral(by=clinician, referral=again, case=case)

    case.refresh_from_db()
    assert case.worries == ["bonding", "baby_regulation"]
    assert case.babies.count() == 1
    assert selectors.case_of_referral(again) == case


def test_a_born_babys_referral_finds_the_case_opened_in_pregnancy(
    clinician: User, practitioner: User
) -> None:
    """The same rules from a referral as for a family met without one: a case opened while
    the baby was due is offered when a referral comes after the birth."""
    due = timezone.localdate() + timedelta(days=20)
    case = open_case(
        referrer=practitioner,
        clinician=clinician,
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=due,
    )
    with time_machine.travel(due + timedelta(days=30), tick=False):
        born = accepted_referral(
            referrer=practitioner,
            clinician=clinician,
            child_date_of_birth=due + timedelta(days=3),
        )
        assert selectors.matching_open_cases(born) == [case]


def test_another_baby_is_not_offered_as_a_match(clinician: User, practitioner: User) -> None:
    open_case(referrer=practitioner, clinician=clinician)
    other = accepted_referral(
        referrer=practitioner, clinician=clinician, child_date_of_birth=date(2026, 1, 1)
    )
    assert selectors.matching_open_cases(other) == []


def test_an_unborn_baby_is_born_on_the_same_record(clinician: User, practitioner: User) -> None:
    from datetime import timedelta

    from django.utils import timezone

    due = timezone.localdate() + timedelta(days=30)
    case = open_case(
        referrer=practitioner,
        clinician=clinician,
        unborn=True,
        child_date_of_birth=None,
        expected_delivery_date=due,
    )
    baby = case.babies.get()
    assert baby.unborn
    assert baby.due_date == due

    born = services.baby_born(by=clinician, baby=baby, date_of_birth=timezone.localdate())

    assert born.pk == baby.pk
    assert Baby.objects.filter(case=case).count() == 1
    baby.refresh_from_db()
    assert not baby.unborn
    assert baby.date_of_birth == timezone.localdate()


def test_twins_are_two_babies(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    twin = case.babies.get()
    Baby.objects.create(case=case, name="Rowan", date_of_birth=twin.date_of_birth)
    assert case.babies.count() == 2


def test_a_born_baby_needs_a_date_of_birth(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    with pytest.raises(IntegrityError), transaction.atomic():
        Baby.objects.create(case=case, name="Nobody", unborn=False)


def test_a_case_has_one_current_lead_in_the_database(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    second = UserFactory.create(roles=[(Role.CLINICIAN, case.team)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(case=case, clinician=second, is_lead=True)


def test_changing_the_lead_keeps_the_old_lead_allocated(
    clinician: User, practitioner: User, manager: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    second = UserFactory.create(full_name="Sol Second", roles=[(Role.CLINICIAN, case.team)])

    services.lead_change(by=manager, case=case, clinician=second)

    current = case.allocations.filter(end__isnull=True)
    assert [(a.clinician, a.is_lead) for a in current.order_by("pk")] == [
        (clinician, False),
        (second, True),
    ]
    assert case.allocations.filter(end__isnull=False, is_lead=True, clinician=clinician).exists()


def test_a_contact_is_planned_then_recorded(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    parent = case.people.get()
    contact = planned(case, clinician, 0, invited=[parent])
    assert not contact.is_recorded

    services.contact_record(
        by=clinician, contact=contact, outcome=Contact.Outcome.ATTENDED, came=[parent], note="Ok"
    )

    contact.refresh_from_db()
    assert contact.outcome == "attended"
    assert list(contact.came.all()) == [parent]
    assert contact.recorded_by == clinician
    with pytest.raises(services.NotAllowed):
        services.contact_record(by=clinician, contact=contact, outcome="did_not_attend")


def test_a_future_contact_cannot_be_recorded(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    contact = planned(case, clinician, 3)
    with pytest.raises(services.NotAllowed):
        services.contact_record(by=clinician, contact=contact, outcome="attended")


def test_nobody_came_to_a_contact_that_did_not_happen(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    parent = case.people.get()
    contact = planned(case, clinician, -1)
    services.contact_record(
        by=clinician, contact=contact, outcome="cancelled_family", came=[parent]
    )
    assert contact.came.count() == 0


def test_people_of_another_case_cannot_be_invited(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    other = open_case(referrer=practitioner, clinician=clinician, postcode="BD9 4AA")
    with pytest.raises(services.NotAllowed):
        planned(case, clinician, 1, invited=[other.people.get()])


def test_a_note_is_signed_and_never_changes(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    note = services.note_add(by=clinician, case=case, text="  Saw mum and Robin.  ")
    assert note.text == "Saw mum and Robin."
    assert note.author == clinician
    assert note.signed_as == "Cal Clinician"

    note.text = "Changed"
    with pytest.raises(PermissionError):
        note.save()
    with pytest.raises(PermissionError):
        note.delete()
    with pytest.raises(PermissionError):
        Note.objects.filter(pk=note.pk).update(text="Changed")
    with pytest.raises(PermissionError):
        Note.objects.filter(pk=note.pk).delete()
    assert Note.objects.get(pk=note.pk).text == "Saw mum and Robin."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_change_a_note(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    note = services.note_add(by=clinician, case=case, text="Saw mum and Robin.")
    for sql in (
        "UPDATE casework_note SET text = 'Changed' WHERE id = %s",
        "DELETE FROM casework_note WHERE id = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [note.pk])
    assert Note.objects.get(pk=note.pk).text == "Saw mum and Robin."


def test_an_addendum_is_a_signed_note_beside_the_original(
    clinician: User, practitioner: User, manager: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    note = services.note_add(by=clinician, case=case, text="Saw mum on Tuesday.")
    addendum = services.addendum_add(by=manager, note=note, text="It was Wednesday.")

    assert addendum.addendum_to == note
    assert addendum.signed_as == "Maya Manager"
    assert Note.objects.get(pk=note.pk).text == "Saw mum on Tuesday."
    with pytest.raises(services.NotAllowed):
        services.addendum_add(by=manager, note=addendum, text="An addendum to an addendum")


def test_outsiders_cannot_write(clinician: User, other_clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    with pytest.raises(services.NotAllowed):
        services.note_add(by=other_clinician, case=case, text="Not mine")
    with pytest.raises(services.NotAllowed):
        planned(case, other_clinician, 1)
    assert not Note.objects.exists()


def test_every_write_is_audited(clinician: User, practitioner: User) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    contact = planned(case, clinician, 0)
    services.contact_record(by=clinician, contact=contact, outcome="did_not_attend")
    note = services.note_add(by=clinician, case=case, text="A note")
    services.addendum_add(by=clinician, note=note, text="More")
    actions = set(
        AuditEvent.objects.filter(target_code=str(case.code)).values_list("action", flat=True)
    )
    assert {
        "case.opened",
        "case.contact_planned",
        "case.contact_recorded",
        "case.note_signed",
        "case.addendum_signed",
    } <= actions


def test_a_case_person_is_a_parent_or_an_important_other(
    clinician: User, practitioner: User
) -> None:
    case = open_case(referrer=practitioner, clinician=clinician)
    nan = CasePerson.objects.create(case=case, name="Nan", relationship="grandparent")
    friend = CasePerson.objects.create(case=case, name="Friend", relationship="other")
    assert nan.is_parent_or_carer
    assert not friend.is_parent_or_carer
    assert Case.objects.get(pk=case.pk).people.count() == 3
