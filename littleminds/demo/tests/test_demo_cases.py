"""The demonstration's cases: the accepted referrals' families, with contacts held, missed,
planned and not recorded, and signed notes; loaded once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from littleminds.accounts.models import User
from littleminds.casework.models import Case, Contact, Note
from littleminds.demo import data
from littleminds.referrals.lifecycle import Status
from littleminds.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    data.load()


@pytest.mark.usefixtures("loaded")
def test_it_opens_a_handful_of_cases_from_accepted_referrals() -> None:
    # The rest of the demonstration's caseload (`caseload.py`) opened without a referral.
    assert 4 <= Case.objects.filter(referral_links__isnull=False).distinct().count() <= 10
    for case in Case.objects.filter(referral_links__isnull=False):
        referral = case.referral_links.get().referral
        assert referral.status == Status.ACCEPTED
        assert case.babies.exists()
        assert case.people.exists()
        assert case.allocations.get(is_lead=True).clinician.email == "clinician@littleminds.example"
        assert case.opened_on <= case.referral_links.get().joined_at.date()


@pytest.mark.usefixtures("loaded")
def test_it_has_contacts_in_every_state_and_notes_with_an_addendum() -> None:
    outcomes = set(Contact.objects.values_list("outcome", flat=True))
    assert {"", "attended", "did_not_attend"} <= outcomes
    from django.utils import timezone

    now = timezone.now()
    assert Contact.objects.filter(outcome="", starts_at__lt=now).exists()  # not recorded
    assert Contact.objects.filter(outcome="", starts_at__gt=now).exists()  # planned
    assert Note.objects.filter(addendum_to__isnull=False).exists()
    for contact in Contact.objects.select_related("case"):
        assert timezone.localtime(contact.starts_at).date() >= contact.case.opened_on


def test_loading_again_adds_no_case() -> None:
    data.load()
    count = Case.objects.count()
    assert data.load()["cases"] == 0
    assert Case.objects.count() == count
    assert data.load()["cases_without_referral"] == 0
    assert Case.objects.count() == count
    with_referral = Case.objects.filter(referral_links__isnull=False).distinct().count()
    assert Referral.objects.filter(status=Status.ACCEPTED).count() >= with_referral


@pytest.mark.usefixtures("loaded")
def test_it_has_a_case_opened_without_a_referral_with_twins() -> None:
    case = Case.objects.get(referral_links__isnull=True, babies__name="Ivy")
    assert [b.name for b in case.babies.all()] == ["Ivy", "Jasper"]
    assert case.people.filter(relationship="grandparent").exists()
    assert case.contacts.count() == 3


@pytest.mark.usefixtures("loaded")
def test_the_demo_clinician_sees_the_caseload(
    client: Client, sign_in: Callable[[Client, User], Client]
) -> None:
    casey = User.objects.get(email="clinician@littleminds.example")
    html = sign_in(client, casey).get(reverse("casework:mine")).content.decode()
    mine = Case.objects.filter(
        status="open", allocations__clinician=casey, allocations__end__isnull=True
    ).distinct()
    assert 10 <= mine.count() < Case.objects.filter(status="open").count()
    assert f"{mine.count()} cases" in html
    case = Case.objects.first()
    assert case is not None
    assert client.get(reverse("casework:case", kwargs={"code": case.code})).status_code == 200
