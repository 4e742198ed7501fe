from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from littleminds.accounts.models import Organisation, Team, User
from littleminds.accounts.roles import Role
from littleminds.audit.models import AuditEvent
from littleminds.audit.selectors import audit_chain_verify
from littleminds.demo import data
from littleminds.directory.models import Area, AreaCoverage, MapSnapshot, Service, ServiceLink
from littleminds.directory.selectors import map_state, overlaps_find, snapshots_compare
from littleminds.referrals.models import Intake, Referral

pytestmark = pytest.mark.django_db


def test_it_loads_once_and_adds_nothing_the_second_time(capsys) -> None:
    call_command("demo-data")
    first = (Organisation.objects.count(), Team.objects.count(), User.objects.count())
    events = AuditEvent.objects.count()

    call_command("demo-data")

    second = (Organisation.objects.count(), Team.objects.count(), User.objects.count())
    assert first == second
    assert AuditEvent.objects.count() == events
    out = capsys.readouterr().out
    assert "Demonstration data loaded" in out
    assert "already loaded; nothing to add" in out
    assert data.DEMO_PASSWORD in out


def test_it_creates_two_providers_each_with_a_team() -> None:
    data.load()

    providers = {team.organisation.name for team in Team.objects.select_related("organisation")}
    assert providers == {data.CHARITY, data.TRUST}


def test_it_creates_one_login_for_each_role_that_can_sign_in() -> None:
    data.load()

    roles = set()
    for login in data.LOGINS:
        request = RequestFactory().post("/sign-in/")
        user = authenticate(request, username=login.email, password=data.DEMO_PASSWORD)
        assert isinstance(user, User), login.email
        roles |= {assignment.role for assignment in user.role_assignments()}
    assert roles == {role.value for role in Role}


def test_it_gives_every_organisation_of_the_system_some_practitioners() -> None:
    data.load()

    for name in [
        "Brackendale Health Visiting Service",
        "Brackendale Maternity Service",
        "Brackendale Children's Social Care",
        "Safe Spaces Domestic Abuse Service",
        "Brackendale Housing Options",
    ]:
        practitioners = User.objects.filter(organisation__name=name, roles__role="practitioner")
        assert practitioners.count() >= 2, name


def test_it_records_the_load_in_an_intact_audit_trail() -> None:
    data.load()

    report = audit_chain_verify()
    assert report.ok
    assert report.events == AuditEvent.objects.count() > 40


def test_it_builds_a_directory_of_the_whole_system() -> None:
    data.load()

    live = Service.objects.exclude(status=Service.Status.DECOMMISSIONED)
    assert live.count() >= 40
    assert set(live.values_list("ring", flat=True)) == {"core", "universal", "risk_factors"}
    lmm = Service.objects.get(name__startswith="Little Minds Matter – parent–infant")
    assert (lmm.min_age_months, lmm.max_age_months, lmm.pregnancy) == (0, 24, True)
    assert lmm.remit
    assert lmm.boundaries


def test_it_keeps_two_time_points_that_differ() -> None:
    data.load()

    time_1, time_2 = MapSnapshot.objects.order_by("taken_on")
    comparison = snapshots_compare(time_1.data, time_2.data)

    assert (time_1.label, time_2.label) == ("Time 1, summer 2022", "Time 2, winter 2023")
    assert comparison.added
    assert comparison.decommissioned
    assert comparison.renamed
    assert comparison.moved_ring
    assert comparison.changed_remit
    assert comparison.changed_eligibility


def test_it_gives_the_overlap_report_something_to_find() -> None:
    data.load()

    found = overlaps_find()
    conflicts = [o for o in found if o.review and o.review.verdict == "conflict"]
    assert len(found) >= 3
    assert {o.first.name for o in conflicts} | {o.second.name for o in conflicts} >= {"Baby Bonds"}


def test_it_survives_export_and_import_into_an_empty_directory(tmp_path, monkeypatch) -> None:
    """The whole demonstration directory, exported as Open Referral UK and imported into an
    empty directory, comes back the same: services, the links between them, and their areas'
    postcodes and dates."""
    # Without the cases: their signed notes can never be deleted (ADR 0024), and they hold
    # on to the referrals that are emptied below.
    monkeypatch.setattr(data.cases, "load", lambda: {"cases": 0})
    # Nor the consultations: their records name the services families were signposted to.
    monkeypatch.setattr(data.consultations, "load", lambda: {})
    data.load()
    state = map_state()
    before = {"services": {e["code"]: e for e in state["services"]}, "links": state["links"]}
    coverage = set(AreaCoverage.objects.values_list("area__name", "prefix", "valid_from"))
    out = tmp_path / "directory.json"
    call_command("directory", "export", "--output", str(out))
    # The referrals' intake holds on to its service; the directory alone goes round.
    Referral.objects.filter(duplicate_of__isnull=False).delete()
    Referral.objects.all().delete()
    Intake.objects.all().delete()
    ServiceLink.objects.all().delete()
    Service.objects.all().delete()
    Area.objects.all().delete()

    call_command("directory", "import", str(out))

    after = map_state()
    assert {entry["code"]: entry for entry in after["services"]} == before["services"]
    assert sorted(map(str, after["links"])) == sorted(map(str, before["links"]))
    assert set(AreaCoverage.objects.values_list("area__name", "prefix", "valid_from")) == coverage


def test_the_training_catalogue_has_every_tier_other_providers_and_a_bespoke_package() -> None:
    from littleminds.training.models import Course, CourseSession

    data.load()

    assert set(Course.objects.values_list("tier", flat=True)) == set(Course.Tier.values)
    assert Course.objects.filter(provider__isnull=False).count() == 2
    assert Course.objects.filter(partner__name="Brackendale Family Hubs").count() == 1
    today = timezone.localdate()
    assert CourseSession.objects.filter(last_day__lt=today).exists()
    assert CourseSession.objects.filter(first_day__gt=today).exists()


def test_the_training_demo_has_a_full_session_a_waiting_list_an_open_offer_and_reasons() -> None:
    from littleminds.training.models import Registration

    data.load()

    status = Registration.Status
    offer = Registration.objects.get(user__email="practitioner@littleminds.example")
    assert offer.status == status.OFFERED
    assert offer.offer_expires_at is not None
    assert offer.offer_expires_at > timezone.now()
    small = offer.session
    placed = Registration.objects.filter(session=small, status__in=(status.HELD, status.OFFERED))
    assert placed.count() == small.capacity
    assert Registration.objects.filter(session=small, status=status.WAITING).exists()
    reasons = set(
        Registration.objects.filter(status=status.CANCELLED).values_list("cancel_reason", flat=True)
    )
    assert {"workload", "not_released", "illness", "other"} <= reasons
    # Two people without an account hold places to come (the past sessions' students who
    # were marked at the door are the attendance demo's).
    coming = Registration.objects.filter(session__first_day__gte=timezone.localdate())
    assert coming.filter(user__isnull=True, status=status.HELD).count() == 2
