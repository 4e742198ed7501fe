"""Intakes: the services that set them up, change, close, reopen and remove them, the
routing that skips a closed one, and the managers' pages at /intakes/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from littleminds.accounts.models import RoleAssignment, Team, User
from littleminds.accounts.roles import Role
from littleminds.accounts.tests.factories import UserFactory
from littleminds.audit.models import AuditEvent
from littleminds.core.postcodes import parse_postcode
from littleminds.directory.models import Area, Service
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory
from littleminds.referrals import eligibility, selectors, services
from littleminds.referrals.models import Intake
from littleminds.referrals.tests.factories import FROM, details, sent_referral

pytestmark = pytest.mark.django_db

LIST = "/intakes/"
NEW = "/intakes/new/"
DISTRICT = [(f"BD{n}", FROM, None) for n in range(1, 23)] + [("LS29", FROM, None)]


def _area(name: str, prefixes: list[Any]) -> Area:
    area: Area = AreaFactory.create(name=name, prefixes=prefixes)
    return area


@pytest.fixture
def district() -> Area:
    return _area("Bradford district", DISTRICT)


@pytest.fixture
def lmm() -> Service:
    service: Service = ServiceFactory.create(
        name="Little Minds Matter", access=["practitioner_referral", "self_referral"]
    )
    return service


@pytest.fixture
def intake(team: Team, manager: User, lmm: Service, district: Area) -> Intake:
    """The team's intake over the district, the default for no fixed address."""
    return services.intake_set_up(
        by=manager, team=team, service=lmm, area=district, is_default=True
    )


@pytest.fixture
def other_manager(other_team: Team) -> User:
    return UserFactory.create(
        email="other.manager@test.example",
        full_name="Oona Othermanager",
        organisation=other_team.organisation,
        roles=[(Role.SERVICE_MANAGER, other_team)],
    )


@pytest.fixture
def craven(other_team: Team, other_manager: User, lmm: Service) -> Intake:
    """Another team's open intake, over BD23, BD24 and one sector of BD3."""
    area = _area("Craven", ["BD23", "BD24", ("BD3 9", FROM, None)])
    return services.intake_set_up(by=other_manager, team=other_team, service=lmm, area=area)


@pytest.fixture
def as_manager(manager: User, sign_in: Callable[[Client, User], Client]) -> Client:
    return sign_in(Client(), manager)


def _actions(**where: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(**where).order_by("sequence").values_list("action", flat=True)
    )


def _form(service: Service, area: Area, /, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "service": str(service.code),
        "area": str(area.code),
        "age_limit_months": "24",
        "contact_phone": "01632 960 001",
        "decision_days": "10",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _change(intake: Intake, **changes: Any) -> dict[str, Any]:
    data = _form(intake.service, intake.area, age_limit_months=str(intake.age_limit_months))
    if intake.is_default:
        data["is_default"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# The services --------------------------------------------------------------------------------


class TestServices:
    def test_it_sets_up_an_intake_and_records_it(
        self, team: Team, manager: User, lmm: Service, district: Area
    ) -> None:
        intake = services.intake_set_up(
            by=manager, team=team, service=lmm, area=district, age_limit_months=18
        )

        assert (intake.team, intake.service, intake.area) == (team, lmm, district)
        assert (intake.age_limit_months, intake.is_default, intake.is_open) == (18, False, True)
        event = AuditEvent.objects.get(action="referral.intake_set_up")
        assert (event.target_code, event.team_code, event.actor_code) == (
            str(intake.code),
            team.code,
            manager.code,
        )
        assert event.detail == {
            "service": "Little Minds Matter",
            "area": district.key,
            "age_limit_months": 18,
            "contact_phone": "",
            "decision_days": None,
            "default": False,
        }

    def test_it_refuses_an_area_another_teams_open_intake_takes(
        self, team: Team, manager: User, lmm: Service, craven: Intake
    ) -> None:
        before = _actions()

        with pytest.raises(ValidationError) as refused:
            services.intake_set_up(by=manager, team=team, service=lmm, area=craven.area)

        assert refused.value.message_dict == {
            "area": [
                "Other Team already takes referrals for Craven: choose another area, or ask "
                "them to close their intake first"
            ]
        }
        assert Intake.objects.count() == 1
        assert _actions() == before

    def test_it_refuses_an_area_the_team_takes_already(
        self, team: Team, manager: User, lmm: Service, intake: Intake
    ) -> None:
        with pytest.raises(ValidationError, match="change that intake instead"):
            services.intake_set_up(by=manager, team=team, service=lmm, area=intake.area)

    def test_the_database_refuses_two_open_intakes_for_one_area(
        self, team: Team, lmm: Service, intake: Intake
    ) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Intake.objects.create(team=team, service=lmm, area=intake.area)

    def test_a_closed_intakes_area_can_be_taken(
        self, team: Team, manager: User, other_manager: User, lmm: Service, craven: Intake
    ) -> None:
        services.intake_close(by=other_manager, intake=craven)

        mine = services.intake_set_up(by=manager, team=team, service=lmm, area=craven.area)

        assert mine.is_open
        # …and the closed one cannot open again while the area is taken.
        with pytest.raises(ValidationError, match="Parent–Infant Clinical Team already takes"):
            services.intake_reopen(by=other_manager, intake=craven)
        craven.refresh_from_db()
        assert not craven.is_open

    def test_making_one_the_default_takes_it_from_the_other(
        self, team: Team, manager: User, other_manager: User, intake: Intake, craven: Intake
    ) -> None:
        services.intake_change(
            by=other_manager,
            intake=craven,
            service=craven.service,
            area=craven.area,
            age_limit_months=24,
            is_default=True,
        )

        intake.refresh_from_db()
        craven.refresh_from_db()
        assert (intake.is_default, craven.is_default) == (False, True)
        # The team that lost it finds it in its own trail.
        assert _actions(team_code=team.code)[-1] == "referral.intake_default_moved"
        moved = AuditEvent.objects.get(action="referral.intake_default_moved")
        assert (moved.target_code, moved.detail) == (str(intake.code), {"to": str(craven.code)})
        assert _actions(target_code=craven.code)[-1] == "referral.intake_changed"

    def test_a_new_default_takes_it_too(
        self, team: Team, other_team: Team, other_manager: User, lmm: Service, intake: Intake
    ) -> None:
        area = _area("Keighley", ["BD20"])
        new = services.intake_set_up(
            by=other_manager, team=other_team, service=lmm, area=area, is_default=True
        )

        assert list(Intake.objects.filter(is_default=True)) == [new]

    def test_it_changes_an_intake_and_records_what_changed(
        self, manager: User, intake: Intake
    ) -> None:
        other = ServiceFactory.create(name="Baby Bonds")

        services.intake_change(
            by=manager,
            intake=intake,
            service=other,
            area=intake.area,
            age_limit_months=12,
            is_default=True,
        )

        intake.refresh_from_db()
        assert (intake.service, intake.age_limit_months) == (other, 12)
        event = AuditEvent.objects.filter(action="referral.intake_changed").get()
        assert event.detail == {
            "changes": {
                "service": ["Little Minds Matter", "Baby Bonds"],
                "age_limit_months": [24, 12],
            }
        }

    def test_a_change_that_changes_nothing_records_nothing(
        self, manager: User, intake: Intake
    ) -> None:
        before = _actions()
        services.intake_change(
            by=manager,
            intake=intake,
            service=intake.service,
            area=intake.area,
            age_limit_months=intake.age_limit_months,
            is_default=True,
        )
        assert _actions() == before

    def test_the_default_is_moved_never_taken_away(self, manager: User, intake: Intake) -> None:
        with pytest.raises(ValidationError) as refused:
            services.intake_change(
                by=manager,
                intake=intake,
                service=intake.service,
                area=intake.area,
                age_limit_months=24,
                is_default=False,
            )

        assert "make another intake the default" in refused.value.message_dict["is_default"][0]
        intake.refresh_from_db()
        assert intake.is_default

    @pytest.mark.parametrize("months", [0, 37])
    def test_it_keeps_the_age_limit_from_1_to_36_months(
        self, manager: User, intake: Intake, months: int
    ) -> None:
        with pytest.raises(ValidationError) as refused:
            services.intake_change(
                by=manager,
                intake=intake,
                service=intake.service,
                area=intake.area,
                age_limit_months=months,
                is_default=True,
            )
        assert list(refused.value.message_dict) == ["age_limit_months"]
        intake.refresh_from_db()
        assert intake.age_limit_months == 24

    def test_it_closes_and_reopens_an_intake(
        self, other_manager: User, craven: Intake, team: Team
    ) -> None:
        services.intake_close(by=other_manager, intake=craven)
        craven.refresh_from_db()
        assert not craven.is_open

        services.intake_reopen(by=other_manager, intake=craven)
        craven.refresh_from_db()
        assert craven.is_open
        assert _actions(target_code=craven.code) == [
            "referral.intake_set_up",
            "referral.intake_closed",
            "referral.intake_reopened",
        ]

    def test_a_closed_intake_cannot_become_the_default(
        self, other_manager: User, craven: Intake
    ) -> None:
        services.intake_close(by=other_manager, intake=craven)

        with pytest.raises(ValidationError, match="open it again first"):
            services.intake_change(
                by=other_manager,
                intake=craven,
                service=craven.service,
                area=craven.area,
                age_limit_months=24,
                is_default=True,
            )

    @pytest.mark.parametrize("write", ["intake_close", "intake_remove"])
    def test_the_default_intake_cannot_be_closed_or_removed(
        self, manager: User, intake: Intake, write: str
    ) -> None:
        with pytest.raises(ValidationError, match="Make another intake the default"):
            getattr(services, write)(by=manager, intake=intake)

        intake.refresh_from_db()
        assert intake.is_open

    def test_it_removes_an_intake_with_no_referrals(
        self, other_manager: User, craven: Intake
    ) -> None:
        services.intake_remove(by=other_manager, intake=craven)

        assert not Intake.objects.filter(pk=craven.pk).exists()
        event = AuditEvent.objects.get(action="referral.intake_removed")
        assert (event.target_code, event.detail["area"]) == (str(craven.code), craven.area.key)

    def test_an_intake_with_referrals_is_closed_not_removed(
        self, manager: User, intake: Intake, practitioner: User
    ) -> None:
        referral = sent_referral(practitioner)
        assert referral.intake == intake
        # Another intake takes no fixed address, so that this one may be closed.
        Intake.objects.filter(pk=intake.pk).update(is_default=False)

        with pytest.raises(ValidationError, match="cannot be removed: they stay with it"):
            services.intake_remove(by=manager, intake=intake)

        assert Intake.objects.filter(pk=intake.pk).exists()
        assert "referral.intake_removed" not in _actions()

    def test_only_a_manager_of_the_team_may_write(
        self, other_manager: User, clinician: User, intake: Intake
    ) -> None:
        for person in (other_manager, clinician):
            with pytest.raises(PermissionDenied):
                services.intake_close(by=person, intake=intake)
            with pytest.raises(PermissionDenied):
                services.intake_set_up(
                    by=person, team=intake.team, service=intake.service, area=_area("A", [])
                )
        assert Intake.objects.count() == 1


class TestRouting:
    def test_a_closed_intake_takes_no_new_referrals(
        self, manager: User, other_manager: User, intake: Intake, craven: Intake
    ) -> None:
        today = date.today()
        bd3 = parse_postcode("BD3 9AA")
        # BD3 9 is in both areas: the intake set up first takes it, until it closes.
        assert eligibility.intake_for(bd3, today) == intake
        assert eligibility.intake_for(parse_postcode("BD23 1AA"), today) == craven

        services.intake_close(by=other_manager, intake=craven)

        assert eligibility.intake_for(parse_postcode("BD23 1AA"), today) is None
        assert eligibility.intake_for(bd3, today) == intake

    def test_the_closed_intakes_families_are_told_before_they_refer(
        self, manager: User, practitioner: User, other_manager: User, craven: Intake
    ) -> None:
        services.intake_close(by=other_manager, intake=craven)
        family = eligibility.Family(
            unborn=False,
            expected_delivery_date=None,
            child_date_of_birth=details().child_date_of_birth,
            postcode=parse_postcode("BD23 1AA"),
            on=date.today(),
        )

        result = eligibility.check(family)

        assert not result.eligible
        assert result.problems["postcode"] == "BD23 1AA is outside the area the service covers."

    def test_an_overlap_is_found_with_the_postcodes_shared(
        self, intake: Intake, craven: Intake
    ) -> None:
        found = selectors.intake_overlaps([intake, craven])

        assert [(o.other, o.places) for o in found[intake.pk]] == [(craven, ["BD3 9"])]
        assert [(o.other, o.places) for o in found[craven.pk]] == [(intake, ["BD3 9"])]


# The pages -----------------------------------------------------------------------------------


class TestList:
    def test_it_lists_the_teams_intakes_with_what_managers_need(
        self, as_manager: Client, intake: Intake, practitioner: User, craven: Intake
    ) -> None:
        sent_referral(practitioner)
        sent_referral(practitioner, parent_name="Jo Other", postcode="BD9 4AA")

        body = as_manager.get(LIST).content.decode()

        assert "<h1>Intakes</h1>" in body
        assert "Bradford district" in body
        districts = ", ".join(f"BD{n}" for n in range(1, 23))
        assert f"{districts}, LS29" in body
        assert f'href="/directory/services/{intake.service.code}/"' in body
        assert "24 months" in body
        assert "Yes, the default" in body
        row = body[body.index(f'id="intake-{intake.code}"') :]
        assert 'aria-hidden="true">Referrals received </span>2</td>' in row
        # The other team's intake is not theirs to see, but the shared sector is named.
        assert "Craven</" not in body
        assert "BD3 9: also in Other Team&#x27;s intake for Craven" in body
        assert f"/intakes/{craven.code}/" not in body

    def test_it_counts_referrals_in_a_fixed_number_of_queries(
        self,
        as_manager: Client,
        intake: Intake,
        manager: User,
        team: Team,
        lmm: Service,
        practitioner: User,
        django_assert_num_queries,
    ) -> None:
        sent_referral(practitioner)
        as_manager.get(LIST)  # the session and the person's roles, once
        # The session is not saved: it is renewed at most once a minute (ADR 0061; was 12).
        with django_assert_num_queries(9) as one:
            as_manager.get(LIST)
        for n in range(4):
            services.intake_set_up(
                by=manager, team=team, service=lmm, area=_area(f"Area {n}", [f"HX{n + 1}"])
            )
        with django_assert_num_queries(len(one.captured_queries)):
            body = as_manager.get(LIST).content.decode()
        assert body.count('id="intake-') == 5

    def test_it_warns_when_no_intake_takes_families_with_no_fixed_address(
        self, as_manager: Client, other_manager: User, craven: Intake
    ) -> None:
        body = as_manager.get(LIST).content.decode()

        assert "No intake takes families with no fixed address" in body
        assert "Your teams have no intakes yet." in body

    def test_the_header_offers_it_to_managers(self, as_manager: Client) -> None:
        body = as_manager.get("/work/").content.decode()
        assert 'href="/intakes/"' in body


class TestAdd:
    def test_a_manager_of_one_team_adds_an_intake_without_choosing_the_team(
        self, as_manager: Client, team: Team, lmm: Service, district: Area
    ) -> None:
        page = as_manager.get(NEW).content.decode()
        assert 'name="team"' not in page
        assert "The referrals will reach the triage queue of Parent–Infant Clinical Team." in page
        assert "No intake takes them yet." in page
        assert 'value="24"' in page

        response = as_manager.post(
            NEW, _form(lmm, district, age_limit_months="18", is_default="on")
        )

        assert response.status_code == 302
        assert response["Location"] == LIST
        intake = Intake.objects.get()
        assert (intake.team, intake.area, intake.age_limit_months, intake.is_default) == (
            team,
            district,
            18,
            True,
        )
        assert (intake.contact_phone, intake.decision_days) == ("+441632960001", 10)
        assert _actions() == ["referral.intake_set_up"]
        body = as_manager.get(LIST).content.decode()
        assert "Parent–Infant Clinical Team now takes referrals for families living in" in body

    def test_a_manager_of_several_teams_chooses_one_of_theirs(
        self,
        manager: User,
        team: Team,
        sign_in: Callable[[Client, User], Client],
        other_team: Team,
        lmm: Service,
        district: Area,
    ) -> None:
        second = Team.objects.create(organisation=team.organisation, name="Second Team")
        RoleAssignment.objects.create(user=manager, role=Role.SERVICE_MANAGER, team=second)
        client = sign_in(Client(), manager)
        page = client.get(NEW).content.decode()
        assert 'name="team"' in page
        assert "Second Team" in page
        assert "Other Team" not in page

        body = client.post(NEW, _form(lmm, district)).content.decode()
        assert "Choose the team that takes the referrals" in body
        body = client.post(NEW, _form(lmm, district, team=str(other_team.code))).content.decode()
        assert "Choose one of the teams you manage" in body
        assert not Intake.objects.exists()

        client.post(NEW, _form(lmm, district, team=str(second.code)))
        assert Intake.objects.get().team == second

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"service": None}, "Choose the service that families are referred to"),
            ({"service": "00000000-0000-0000-0000-000000000000"}, "Choose a service from the list"),
            ({"area": None}, "Choose the area the families live in"),
            ({"area": "nowhere"}, "Choose an area from the list"),
            ({"age_limit_months": ""}, "Enter the age limit in months"),
            ({"age_limit_months": "two"}, "Enter the age limit as a whole number of months"),
            ({"age_limit_months": "24.5"}, "Enter the age limit as a whole number of months"),
            ({"age_limit_months": "0"}, "The age limit must be 1 month or more"),
            ({"age_limit_months": "-3"}, "The age limit must be 1 month or more"),
            ({"age_limit_months": "37"}, "The age limit must be 36 months (3 years) or less"),
            ({"contact_phone": ""}, "Enter the phone number families can call"),
            ({"contact_phone": "0770090"}, "Enter a phone number, like 01632 960 001"),
            ({"decision_days": ""}, "Enter how many working days a decision usually takes"),
            ({"decision_days": "0"}, "Enter a number of working days from 1 to 60"),
            ({"decision_days": "61"}, "Enter a number of working days from 1 to 60"),
            ({"decision_days": "ten"}, "Enter a number of working days from 1 to 60"),
        ],
    )
    def test_it_says_what_is_wrong_and_changes_nothing(
        self,
        as_manager: Client,
        lmm: Service,
        district: Area,
        changes: dict[str, Any],
        message: str,
    ) -> None:
        response = as_manager.post(NEW, _form(lmm, district, **changes))

        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert "<title>Error: Add an intake" in body
        assert message in body
        assert not Intake.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="referral.").exists()

    def test_it_lists_only_services_that_take_referrals(
        self, as_manager: Client, lmm: Service
    ) -> None:
        ServiceFactory.create(name="Stay and play")  # no way to refer
        ServiceFactory.create(
            name="Closed down", status="decommissioned", access=["practitioner_referral"]
        )

        page = as_manager.get(NEW).content.decode()

        assert "Little Minds Matter" in page
        assert "Stay and play" not in page
        assert "Closed down" not in page

    def test_it_refuses_an_area_another_intake_takes_by_name(
        self, as_manager: Client, lmm: Service, craven: Intake
    ) -> None:
        body = as_manager.post(NEW, _form(lmm, craven.area)).content.decode()

        assert (
            '<a href="#id_area">Other Team already takes referrals for Craven: choose another '
            "area, or ask them to close their intake first</a>"
        ) in body
        assert Intake.objects.count() == 1

    def test_it_warns_of_postcodes_another_open_intake_covers_too(
        self, as_manager: Client, lmm: Service, craven: Intake
    ) -> None:
        area = _area("Bradford east", ["BD3", "BD4", ("BD24 1", FROM, None), ("BD23", FROM, FROM)])

        response = as_manager.post(NEW, _form(lmm, area), follow=True)

        body = response.content.decode()
        assert Intake.objects.filter(area=area, is_open=True).exists()
        assert "The area shares postcodes with another open intake." in body
        assert (
            "BD3 9, BD24 1: also in Other Team&#x27;s intake for Craven, which was set up "
            "first, so families living there go to Other Team."
        ) in body

    def test_it_says_which_intake_the_default_is_taken_from(
        self, as_manager: Client, lmm: Service, other_manager: User, craven: Intake
    ) -> None:
        services.intake_change(
            by=other_manager,
            intake=craven,
            service=lmm,
            area=craven.area,
            age_limit_months=24,
            is_default=True,
        )
        area = _area("Keighley", ["BD20"])

        page = as_manager.get(NEW).content.decode()
        assert (
            "today Other Team&#x27;s intake for Craven. Ticking this moves them to this intake "
            "instead."
        ) in page
        as_manager.post(NEW, _form(lmm, area, is_default="on"))

        assert Intake.objects.get(is_default=True).area == area


class TestChange:
    def test_it_shows_the_intake_and_saves_changes(
        self, as_manager: Client, intake: Intake, practitioner: User
    ) -> None:
        sent_referral(practitioner)
        url = f"/intakes/{intake.code}/"
        page = as_manager.get(url).content.decode()
        assert "<h1>Change the intake for Bradford district</h1>" in page
        assert 'value="24"' in page
        assert "go to this intake. To send them elsewhere" in page
        assert 'name="team"' not in page
        assert "The intake has received referrals, so it cannot be removed" in page
        assert f"/intakes/{intake.code}/remove/" not in page

        response = as_manager.post(url, _change(intake, age_limit_months="30"))

        assert response["Location"] == LIST
        intake.refresh_from_db()
        assert intake.age_limit_months == 30
        assert _actions()[-1] == "referral.intake_changed"

    def test_it_refuses_to_leave_families_with_no_fixed_address_nowhere(
        self, as_manager: Client, intake: Intake
    ) -> None:
        body = as_manager.post(
            f"/intakes/{intake.code}/", _change(intake, is_default=None)
        ).content.decode()

        assert '<a href="#id_is_default">Families with no fixed address must always' in body
        intake.refresh_from_db()
        assert intake.is_default

    def test_it_shows_shared_postcodes(
        self, as_manager: Client, intake: Intake, craven: Intake
    ) -> None:
        page = as_manager.get(f"/intakes/{intake.code}/").content.decode()

        assert "The area shares postcodes with another open intake" in page
        assert (
            "BD3 9: also in Other Team&#x27;s intake for Craven. Families living there come "
            "to this intake, which was set up first."
        ) in page


class TestCloseAndRemove:
    @pytest.fixture
    def calderdale(self, team: Team, manager: User, lmm: Service, intake: Intake) -> Intake:
        return services.intake_set_up(
            by=manager, team=team, service=lmm, area=_area("Calderdale", ["HX1", "HX7"])
        )

    def test_it_closes_an_intake_after_saying_what_happens(
        self, as_manager: Client, calderdale: Intake
    ) -> None:
        url = f"/intakes/{calderdale.code}/close/"
        page = as_manager.get(url).content.decode()
        assert "<h1>Close the intake for Calderdale</h1>" in page
        assert "families living in Calderdale can no longer be referred" in page

        response = as_manager.post(url)

        assert response["Location"] == LIST
        calderdale.refresh_from_db()
        assert not calderdale.is_open
        body = as_manager.get(LIST).content.decode()
        assert "The intake for Calderdale is closed: it takes no new referrals." in body
        assert "Closed</strong>" in body

    def test_it_reopens_a_closed_intake(self, as_manager: Client, calderdale: Intake) -> None:
        as_manager.post(f"/intakes/{calderdale.code}/close/")
        page = as_manager.get(f"/intakes/{calderdale.code}/").content.decode()
        assert "Open the intake again" in page

        response = as_manager.post(f"/intakes/{calderdale.code}/reopen/")

        assert response["Location"] == LIST
        calderdale.refresh_from_db()
        assert calderdale.is_open

    def test_it_says_why_an_intake_cannot_open_again(
        self, as_manager: Client, manager: User, team: Team, lmm: Service, calderdale: Intake
    ) -> None:
        as_manager.post(f"/intakes/{calderdale.code}/close/")
        services.intake_set_up(by=manager, team=team, service=lmm, area=calderdale.area)

        response = as_manager.post(f"/intakes/{calderdale.code}/reopen/", follow=True)

        assert response.redirect_chain == [(f"/intakes/{calderdale.code}/", 302)]
        body = response.content.decode()
        assert "Parent–Infant Clinical Team already takes referrals for Calderdale: change" in body
        calderdale.refresh_from_db()
        assert not calderdale.is_open

    def test_it_refuses_to_close_the_default_and_says_why(
        self, as_manager: Client, intake: Intake
    ) -> None:
        url = f"/intakes/{intake.code}/close/"
        page = as_manager.get(url).content.decode()
        assert "Make another intake the default for them first" in page
        assert "Close the intake</button>" not in page

        response = as_manager.post(url)

        body = response.content.decode()
        assert "<title>Error: Close the intake for Bradford district" in body
        assert "There is a problem" in body
        assert "Make another intake the default before you close this one." in body
        intake.refresh_from_db()
        assert intake.is_open

    def test_it_removes_an_intake_with_no_referrals(
        self, as_manager: Client, calderdale: Intake
    ) -> None:
        url = f"/intakes/{calderdale.code}/remove/"
        page = as_manager.get(url).content.decode()
        assert "The intake has received no referrals, so it can be removed." in page

        response = as_manager.post(url)

        assert response["Location"] == LIST
        assert not Intake.objects.filter(pk=calderdale.pk).exists()
        assert _actions()[-1] == "referral.intake_removed"

    def test_an_intake_with_referrals_offers_closing_instead(
        self, as_manager: Client, calderdale: Intake, practitioner: User
    ) -> None:
        referral = sent_referral(practitioner, postcode="HX7 8AA")
        assert referral.intake == calderdale
        url = f"/intakes/{calderdale.code}/remove/"

        page = as_manager.get(url).content.decode()
        assert "This intake cannot be removed: it has received 1 referral" in page
        assert f'action="/intakes/{calderdale.code}/close/"' in page
        assert "Close the intake instead" in page
        assert "Remove the intake</button>" not in page

        body = as_manager.post(url).content.decode()
        assert "<title>Error: Remove the intake for Calderdale" in body
        assert "so it cannot be removed: they stay with it. Close it instead" in body
        assert Intake.objects.filter(pk=calderdale.pk).exists()

        as_manager.post(f"/intakes/{calderdale.code}/close/")
        calderdale.refresh_from_db()
        assert not calderdale.is_open
        referral.refresh_from_db()
        assert referral.intake == calderdale


class TestAccess:
    @pytest.mark.parametrize(
        "persona", ["clinician", "other_clinician", "practitioner", "trainer", "sysadmin"]
    )
    def test_it_is_not_found_for_anyone_without_the_permission(
        self, persona: str, as_persona, intake: Intake, lmm: Service, district: Area
    ) -> None:
        client = as_persona(persona)
        for url in [LIST, NEW, f"/intakes/{intake.code}/", f"/intakes/{intake.code}/close/"]:
            assert client.get(url).status_code == 404, url
        assert client.post(NEW, _form(lmm, _area("Elsewhere", ["HX1"]))).status_code == 404
        assert client.post(f"/intakes/{intake.code}/close/").status_code == 404
        intake.refresh_from_db()
        assert intake.is_open
        assert Intake.objects.count() == 1

    def test_another_teams_manager_cannot_find_the_teams_intake(
        self,
        other_manager: User,
        sign_in: Callable[[Client, User], Client],
        intake: Intake,
        craven: Intake,
    ) -> None:
        client = sign_in(Client(), other_manager)
        assert client.get(LIST).status_code == 200
        assert f"/intakes/{intake.code}/" not in client.get(LIST).content.decode()
        for url in ["", "close/", "remove/"]:
            assert client.get(f"/intakes/{intake.code}/{url}").status_code == 404
            assert client.post(f"/intakes/{intake.code}/{url}").status_code == 404
        assert client.post(f"/intakes/{intake.code}/reopen/").status_code == 404
        assert Intake.objects.filter(pk=intake.pk, is_open=True).exists()

    def test_it_sends_a_visitor_to_sign_in(self, anonymous: Client, intake: Intake) -> None:
        for url in [LIST, NEW, f"/intakes/{intake.code}/"]:
            response = anonymous.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith("/sign-in/")

    def test_it_answers_the_wrong_method(self, as_manager: Client, intake: Intake) -> None:
        assert as_manager.post(LIST).status_code == 405
        assert as_manager.get(f"/intakes/{intake.code}/reopen/").status_code == 405
        assert as_manager.put(f"/intakes/{intake.code}/").status_code == 405
