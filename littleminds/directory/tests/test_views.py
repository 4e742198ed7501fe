from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.directory import services, systemmap
from littleminds.directory.models import (
    Area,
    AreaCoverage,
    MapSnapshot,
    NeedTerm,
    OverlapReview,
    Service,
    ServiceLink,
    ServiceRevision,
)
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory, needs_taxonomy

pytestmark = pytest.mark.django_db


@pytest.fixture
def lmm() -> Service:
    area = AreaFactory.create(name="District", prefixes=["BD7"])
    return ServiceFactory.create(
        name="Little Minds Matter",
        areas=[area],
        needs=["bonding"],
        access=["self_referral", "consultation"],
        pregnancy=True,
    )


class TestSearchPage:
    def test_it_answers_a_family_without_an_account(self, anonymous: Client, lmm) -> None:
        response = anonymous.get(
            "/directory/", {"age_months": "6", "postcode": "bd7 1dp", "need": "bonding"}
        )

        body = response.content.decode()
        assert response.status_code == 200
        assert "1 service matches" in body
        assert "Little Minds Matter" in body
        assert "Covers BD7 1DP (District)" in body
        assert "What it does not do" in body
        assert "Families can refer themselves" in body

    def test_it_shows_phone_numbers_as_people_write_them(self, anonymous: Client) -> None:
        service = ServiceFactory.create(phone="+441274123456")

        body = anonymous.get(f"/directory/services/{service.code}/").content.decode()

        assert '<a href="tel:+441274123456">01274 123456</a>' in body

    def test_it_explains_bad_answers_and_searches_nothing(self, anonymous: Client, lmm) -> None:
        response = anonymous.get("/directory/", {"postcode": "not a postcode", "age_months": "x"})

        body = response.content.decode()
        assert "There is a problem" in body
        assert "Enter a real UK postcode, like BD7 1DP, or its first part, like BD7" in body
        assert "Enter the child&#x27;s age as a whole number of months" in body
        assert response.context["results"] is None

    def test_it_says_the_words_are_too_long_in_the_familys_language(
        self, anonymous: Client
    ) -> None:
        english = anonymous.get("/directory/", {"words": "w" * 101}).content.decode()
        anonymous.cookies["django_language"] = "pl"
        polish = anonymous.get("/directory/", {"words": "w" * 101}).content.decode()

        assert "Your answer must be 100 characters or fewer" in english
        assert "Twoja odpowiedź może mieć najwyżej 100 znaków" in polish

    def test_it_says_when_nothing_matches(self, anonymous: Client, lmm) -> None:
        body = anonymous.get("/directory/", {"words": "skydiving"}).content.decode()

        assert "0 services match" in body
        assert "No service matches all of your answers" in body

    def test_it_runs_a_fixed_number_of_queries(
        self, anonymous: Client, django_assert_max_num_queries
    ) -> None:
        area = AreaFactory.create(prefixes=["BD7"])
        for _ in range(20):
            ServiceFactory.create(areas=[area], needs=["bonding"], access=["self_referral"])

        with django_assert_max_num_queries(12):
            response = anonymous.get("/directory/", {"postcode": "BD7 1DP", "need": "bonding"})

        assert len(response.context["results"].matches) == 20

    @pytest.mark.parametrize("page", ["999999999999999999", "-999999999999999999", "0", "x"])
    def test_it_clamps_any_page_number(self, anonymous: Client, page: str) -> None:
        for n in range(25):
            ServiceFactory.create(name=f"Service {n:02d}")

        response = anonymous.get("/directory/", {"page": page})

        assert response.status_code == 200
        expected = 1 if page in {"0", "x"} or page.startswith("-") else 2
        assert response.context["results"].page.number == expected


class TestServicePage:
    def test_it_shows_remit_boundaries_and_how_to_access(self, anonymous: Client, lmm) -> None:
        body = anonymous.get(f"/directory/services/{lmm.code}/").content.decode()

        assert "What it does not do" in body
        assert "Does not offer crisis support." in body
        assert "Practitioners can ask for a consultation" in body
        assert "Pregnancy, and birth to 2 years" in body
        assert "Change the details" not in body

    def test_it_hides_retired_services_from_the_public_but_not_managers(
        self, anonymous: Client, as_persona, manager, lmm
    ) -> None:
        lmm.status = Service.Status.DECOMMISSIONED
        lmm.save()

        assert anonymous.get(f"/directory/services/{lmm.code}/").status_code == 404
        managed = as_persona("manager").get(f"/directory/services/{lmm.code}/")
        assert managed.status_code == 200
        assert "This service no longer runs." in managed.content.decode()

    def test_it_shows_recorded_conflicts_to_managers_only(
        self, anonymous: Client, as_persona, manager, lmm
    ) -> None:
        rival = ServiceFactory.create(name="Rival")
        ServiceLink.objects.create(source=lmm, target=rival, kind="conflicts_with")
        url = f"/directory/services/{lmm.code}/"

        assert "conflicts with" not in anonymous.get(url).content.decode()
        assert "conflicts with" in as_persona("manager").get(url).content.decode()


class TestManagingServices:
    def _form(self, organisation, **changes) -> dict[str, object]:
        data = {
            "organisation": organisation.pk,
            "name": "Baby massage",
            "summary": "Gentle touch.",
            "remit": "Parents of babies.",
            "boundaries": "Not for toddlers.",
            "ring": "core",
            "status": "active",
            "min_age_months": "0",
            "max_age_months": "12",
            "in_person": "on",
            "languages": ["en", "ur"],
            "access-self_referral-offered": "on",
            "access-self_referral-phone": "01632 960123",
            "location_name": "Central hub",
            "location_postcode": "bd7 1dp",
        }
        data.update(changes)
        return data

    def test_it_adds_a_service(self, as_persona, manager, trust) -> None:
        response = as_persona("manager").post("/directory/manage/new/", self._form(trust))

        service = Service.objects.get(name="Baby massage")
        assert response["Location"] == f"/directory/services/{service.code}/"
        assert service.languages == ["en", "ur"]
        assert service.access.get().method == "self_referral"
        assert service.locations.get().postcode == "BD7 1DP"

    def test_it_explains_every_problem_and_saves_nothing(self, as_persona, manager, trust):
        response = as_persona("manager").post(
            "/directory/manage/new/",
            self._form(
                trust,
                name="",
                boundaries="",
                min_age_months="12",
                max_age_months="6",
                in_person="",
                location_postcode="nowhere",
                **{"access-self_referral-email": "not-an-email"},
            ),
        )

        body = response.content.decode()
        assert response.status_code == 200
        for message in [
            "Enter the name of the service",
            "Enter what the service does not do, or who it does not take",
            "The age limit must be more than the youngest age",
            "Select at least one way the service is delivered",
            "Enter a real UK postcode",
            "Enter an email address like name@example.org",
        ]:
            assert message in body, message
        assert not Service.objects.exists()

    def test_it_refuses_impossible_values_with_a_message_each(self, as_persona, manager, trust):
        response = as_persona("manager").post(
            "/directory/manage/new/",
            self._form(
                trust,
                phone="abc",
                min_age_months="99999999999",
                max_age_months="99999999999",
                wait_weeks="99999999999",
                url="ftp://example.org/leaflet",
                **{
                    "access-self_referral-phone": "0" * 5000,
                    "access-self_referral-url": "ftp://example.org/",
                },
            ),
        )

        body = response.content.decode()
        assert response.status_code == 200
        for message in [
            "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
            "Enter the youngest age in months, up to 216 (18 years)",
            "Enter the age limit in months, up to 216 (18 years)",
            "Enter the typical wait in weeks, up to 104 (2 years)",
            "Enter a web address that starts with https://",
            "Phone must be 40 characters or fewer",
        ]:
            assert message in body, message
        assert body.count("Enter a web address that starts with https://") >= 2
        assert not Service.objects.exists()

    def test_it_refuses_long_text_rather_than_cutting_it(self, as_persona, manager, trust):
        client = as_persona("manager")
        page = client.get("/directory/manage/new/").content.decode()

        response = client.post(
            "/directory/manage/new/",
            self._form(trust, name="n" * 201, description="d" * 5001, remit="r" * 2001),
        )

        body = response.content.decode()
        assert "maxlength" not in page
        assert "Name must be 200 characters or fewer" in body
        assert "Description must be 5,000 characters or fewer" in body
        assert "Remit must be 2,000 characters or fewer" in body
        assert not Service.objects.exists()

    def test_it_lists_every_problem_in_one_summary_naming_the_way_in(
        self, as_persona, manager, trust
    ):
        response = as_persona("manager").post(
            "/directory/manage/new/",
            self._form(
                trust,
                name="",
                email="not-an-email",
                **{
                    "access-self_referral-phone": "abc",
                    "access-consultation-offered": "on",
                    "access-consultation-phone": "abc",
                },
            ),
        )

        body = response.content.decode()
        assert body.count('class="nhsuk-error-summary"') == 1
        assert body.count('role="alert"') == 1
        summary = body.split('class="nhsuk-error-summary"')[1].split("</ul>")[0]
        assert "Enter the name of the service" in summary
        assert "Enter an email address like name@example.org" in summary
        assert "Enter a valid email address." not in body
        for label, method in (
            ("Families can refer themselves", "self_referral"),
            ("Practitioners can ask for a consultation", "consultation"),
        ):
            assert f'href="#id_access-{method}-phone">{label}: Enter a phone number' in summary

    def test_it_keeps_phone_numbers_in_one_format(self, as_persona, manager, trust):
        as_persona("manager").post(
            "/directory/manage/new/", self._form(trust, phone="01274 123 456")
        )

        service = Service.objects.get()
        assert service.phone == "+441274123456"
        assert service.access.get().phone == "+441632960123"

    def test_it_edits_a_service_and_keeps_the_history(self, as_persona, manager, lmm) -> None:
        client = as_persona("manager")
        page = client.get(f"/directory/services/{lmm.code}/edit/")
        assert page.status_code == 200
        data = self._form(lmm.organisation, name="Little Minds Matter", max_age_months="24")

        response = client.post(f"/directory/services/{lmm.code}/edit/", data)

        assert response["Location"] == f"/directory/services/{lmm.code}/"
        history = client.get(f"/directory/services/{lmm.code}/history/").content.decode()
        assert "Maya Manager" in history

    def test_it_names_what_changed_in_words(self, as_persona, manager, lmm) -> None:
        ServiceRevision.objects.create(
            service=lmm,
            number=1,
            recorded_by=manager,
            changed=["description", "min_age_months", "wait_weeks"],
            data={},
        )
        ServiceRevision.objects.create(service=lmm, number=2, changed=["created"], data={})

        body = as_persona("manager").get(f"/directory/services/{lmm.code}/history/")

        assert "Description, youngest age, waiting time" in body.content.decode()
        assert "Added to the directory" in body.content.decode()
        assert "wait_weeks" not in body.content.decode()

    def test_it_changes_status_and_confirms_by_post(self, as_persona, manager, lmm) -> None:
        client = as_persona("manager")

        client.post(f"/directory/services/{lmm.code}/status/", {"status": "temporarily_closed"})
        client.post(f"/directory/services/{lmm.code}/confirm/")

        lmm.refresh_from_db()
        assert lmm.status == "temporarily_closed"
        assert lmm.confirmed_by == manager

    def test_it_lists_services_to_check(self, as_persona, manager, lmm) -> None:
        ServiceFactory.create(name="Checked").confirmed_at = None
        services.service_confirm(by=manager, service=lmm)

        stale = as_persona("manager").get("/directory/manage/", {"stale": "on"})

        names = [service.name for service in stale.context["page"]]
        assert "Little Minds Matter" not in names
        assert "Checked" in names

    def test_it_links_and_unlinks_services(self, as_persona, manager, lmm) -> None:
        other = ServiceFactory.create(name="Health visiting")
        client = as_persona("manager")

        client.post(
            f"/directory/services/{lmm.code}/links/",
            {"kind": "receives_from", "target": str(other.code), "note": "Most referrals"},
        )
        link = ServiceLink.objects.get()
        assert (link.kind, link.target, link.note) == ("receives_from", other, "Most referrals")
        duplicate = client.post(
            f"/directory/services/{lmm.code}/links/",
            {"kind": "receives_from", "target": str(other.code)},
        )
        assert "These services already have this link" in duplicate.content.decode()

        client.post(f"/directory/links/{link.code}/remove/")
        assert not ServiceLink.objects.exists()


class TestNeedsAndAreas:
    def test_it_adds_and_edits_a_need(self, as_persona, manager) -> None:
        needs_taxonomy()
        client = as_persona("manager")

        client.post(
            "/directory/needs/new/",
            {"term": "feeding", "name": "Feeding", "description": "Feeding.", "group": "other"},
        )
        need = NeedTerm.objects.get(term="feeding")
        duplicate = client.post(
            "/directory/needs/new/",
            {"term": "feeding", "name": "X", "description": "X.", "group": "other"},
        )
        client.post(
            f"/directory/needs/{need.code}/",
            {"term": "changed", "name": "Infant feeding", "description": "F.", "group": "other"},
        )

        assert "A need with this code already exists" in duplicate.content.decode()
        need.refresh_from_db()
        assert (need.term, need.name) == ("feeding", "Infant feeding")

    def test_it_grows_an_area_with_dates(self, as_persona, manager) -> None:
        client = as_persona("manager")

        created = client.post(
            "/directory/areas/new/", {"key": "lmm", "name": "LMM area", "description": ""}
        )
        area = Area.objects.get(key="lmm")
        assert created["Location"] == f"/directory/areas/{area.code}/"
        client.post(
            f"/directory/areas/{area.code}/", {"place": "bd3 9", "valid_from": "2018-04-01"}
        )
        bad = client.post(
            f"/directory/areas/{area.code}/",
            {"place": "BD7", "valid_from": "2020-04-01", "valid_to": "2019-01-01"},
        )
        cover = AreaCoverage.objects.get()
        client.post(f"/directory/coverage/{cover.code}/end/", {"valid_to": "2020-03-31"})

        assert "The end date must be on or after the start date" in bad.content.decode()
        cover.refresh_from_db()
        assert (cover.prefix, cover.valid_from, cover.valid_to) == (
            "BD3 9",
            date(2018, 4, 1),
            date(2020, 3, 31),
        )

    @pytest.mark.parametrize(
        "dates",
        [
            {"valid_from": "0001-01-01"},
            {"valid_from": "9999-12-31"},
            {"valid_from": "2020-04-01", "valid_to": "9999-12-31"},
        ],
    )
    def test_it_refuses_coverage_dated_far_away(self, as_persona, manager, dates) -> None:
        area = AreaFactory.create()

        response = as_persona("manager").post(
            f"/directory/areas/{area.code}/", {"place": "BD7", **dates}
        )

        assert "Enter a date from 1 January 1990 to 31 December 2099" in (response.content.decode())
        assert not AreaCoverage.objects.exists()

    def test_it_refuses_to_end_coverage_on_a_day_far_away(self, as_persona, manager) -> None:
        area = AreaFactory.create()
        client = as_persona("manager")
        client.post(f"/directory/areas/{area.code}/", {"place": "BD7", "valid_from": "2020-04-01"})
        cover = AreaCoverage.objects.get()

        client.post(f"/directory/coverage/{cover.code}/end/", {"valid_to": "9999-12-31"})

        cover.refresh_from_db()
        assert cover.valid_to is None

    def test_it_refuses_a_bad_district(self, as_persona, manager) -> None:
        area = AreaFactory.create()

        response = as_persona("manager").post(
            f"/directory/areas/{area.code}/", {"place": "BD7 1DP", "valid_from": "2020-04-01"}
        )

        assert "Enter a postcode district, like BD7, or a sector, like BD7 1" in (
            response.content.decode()
        )
        assert not AreaCoverage.objects.exists()


class TestOverlapsAndTimePoints:
    def test_it_records_a_judgement_on_a_pair(self, as_persona, manager, lmm) -> None:
        rival = ServiceFactory.create(
            name="Baby Bonds", areas=list(lmm.areas.all()), needs=["bonding"]
        )
        client = as_persona("manager")

        page = client.get("/directory/overlaps/").content.decode()
        assert "Baby Bonds" in page
        assert "Little Minds Matter" in page
        client.post(
            "/directory/overlaps/review/",
            {"first": rival.code, "second": lmm.code, "verdict": "conflict", "note": "Same"},
        )

        review = OverlapReview.objects.get()
        assert (review.verdict, review.note) == ("conflict", "Same")

    def test_it_refuses_a_review_without_a_verdict(self, as_persona, manager, lmm) -> None:
        rival = ServiceFactory.create()

        response = as_persona("manager").post(
            "/directory/overlaps/review/", {"first": rival.code, "second": lmm.code}
        )

        assert response.status_code == 400
        assert "Choose complementary or conflict for the pair" in response.content.decode()
        assert not OverlapReview.objects.exists()

    @staticmethod
    def _rivals(lmm: Service, count: int) -> list[Service]:
        """`count` services overlapping `lmm` and one another: count + 1 choose 2 pairs."""
        return [
            ServiceFactory.create(
                name=f"Rival {n:02}", areas=list(lmm.areas.all()), needs=["bonding"]
            )
            for n in range(count)
        ]

    def test_it_lists_the_pairs_a_page_at_a_time(self, as_persona, manager, lmm) -> None:
        self._rivals(lmm, 5)  # 15 pairs

        first = as_persona("manager").get("/directory/overlaps/")
        second = as_persona("manager").get("/directory/overlaps/", {"page": "2"})

        assert "15 pairs found" in first.content.decode()
        assert first.content.decode().count('class="nhsuk-card overlap"') == 10
        assert second.content.decode().count('class="nhsuk-card overlap"') == 5
        assert 'href="/directory/overlaps/?page=2"' in first.content.decode()

    def test_it_shows_only_the_pairs_asked_for(self, as_persona, manager, lmm) -> None:
        a, b, c = self._rivals(lmm, 3)
        services.overlap_review_record(by=manager, first=a, second=b, verdict="conflict", note="")
        services.overlap_review_record(
            by=manager, first=a, second=c, verdict="complementary", note=""
        )
        client = as_persona("manager")

        conflicts = client.get("/directory/overlaps/", {"show": "conflict"})
        unreviewed = client.get("/directory/overlaps/", {"show": "unreviewed"})
        wrong = client.get("/directory/overlaps/", {"show": "everything"})

        assert [(o.first.name, o.second.name) for o in conflicts.context["page"]] == [
            ("Rival 00", "Rival 01")
        ]
        assert len(unreviewed.context["page"]) == 4
        assert all(o.review is None for o in unreviewed.context["page"])
        assert "There is a problem" in wrong.content.decode()

    def test_it_returns_to_the_next_pair_after_recording_one(
        self, as_persona, manager, lmm
    ) -> None:
        self._rivals(lmm, 5)
        client = as_persona("manager")
        page = client.get("/directory/overlaps/", {"show": "unreviewed", "page": "1"})
        pairs = list(page.context["page"])
        last_here = pairs[-1]
        following = page.context["page"].paginator.object_list[10]

        response = client.post(
            "/directory/overlaps/review/",
            {
                "first": last_here.first.code,
                "second": last_here.second.code,
                "verdict": "complementary",
                "show": "unreviewed",
            },
        )

        # The recorded pair leaves the unreviewed list, so the next one moves up to page 1.
        assert response.status_code == 302
        assert response["Location"] == (
            f"/directory/overlaps/?show=unreviewed&page=1"
            f"#pair-{following.first.code}-{following.second.code}"
        )
        body = client.get(response["Location"]).content.decode()
        assert f'id="pair-{following.first.code}-{following.second.code}"' in body

    def test_it_saves_and_compares_time_points(self, as_persona, manager, lmm) -> None:
        client = as_persona("manager")
        client.post("/directory/snapshots/", {"label": "Time 1", "taken_on": "2022-07-15"})
        ServiceFactory.create(name="New hub")

        snapshot = MapSnapshot.objects.get()
        response = client.get(
            "/directory/snapshots/compare/", {"before": snapshot.code, "after": "now"}
        )

        body = response.content.decode()
        assert "What changed between Time 1 and the map today" in body
        assert "1 service added" in body
        assert "New hub" in body

    @pytest.mark.parametrize(
        ("taken_on", "message"),
        [
            ("9999-12-31", "The date of a time point must be today or earlier"),
            ("2999-01-01", "The date of a time point must be today or earlier"),
            ("1800-02-01", "The date of a time point must be in 2000 or later"),
            ("0001-01-01", "The date of a time point must be in 2000 or later"),
        ],
    )
    def test_it_refuses_a_time_point_dated_far_away(
        self, as_persona, manager, taken_on, message
    ) -> None:
        response = as_persona("manager").post(
            "/directory/snapshots/", {"label": "Time 3", "taken_on": taken_on}
        )

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not MapSnapshot.objects.exists()

    def test_it_takes_a_time_point_dated_today(self, as_persona, manager) -> None:
        today = timezone.localdate()
        as_persona("manager").post(
            "/directory/snapshots/", {"label": "Time 3", "taken_on": today.isoformat()}
        )

        assert MapSnapshot.objects.get().taken_on == today

    def test_it_offers_today_in_the_date_box_in_the_format_browsers_read(
        self, as_persona, manager
    ) -> None:
        body = as_persona("manager").get("/directory/snapshots/").content.decode()

        today = timezone.localdate().isoformat()
        assert f'type="date" name="taken_on" value="{today}"' in body

    def test_it_names_rings_in_words_when_comparing(self, as_persona, manager, lmm) -> None:
        client = as_persona("manager")
        client.post("/directory/snapshots/", {"label": "Time 1", "taken_on": "2022-07-15"})
        Service.objects.filter(pk=lmm.pk).update(ring="universal")

        response = client.get(
            "/directory/snapshots/compare/",
            {"before": MapSnapshot.objects.get().code, "after": "now"},
        )

        assert "Little Minds Matter: from Core to Universal" in response.content.decode()

    def test_it_explains_a_compare_without_a_time_point(self, as_persona, manager) -> None:
        response = as_persona("manager").get("/directory/snapshots/compare/", {"after": "now"})

        assert "Choose the earlier time point" in response.content.decode()


class TestMap:
    def test_it_draws_every_active_service_with_a_table(self, anonymous: Client, lmm) -> None:
        ServiceFactory.create(name="Gone", status="decommissioned")
        hv = ServiceFactory.create(name="Health visiting", ring="universal")
        ServiceLink.objects.create(source=hv, target=lmm, kind="refers_to")

        response = anonymous.get("/directory/map/")

        body = response.content.decode()
        assert body.count('class="nhsuk-table__row"') == 3  # header and two services
        assert "Gone" not in body
        assert 'aria-label="1: Little Minds Matter"' in body
        assert 'Refers to <span lang="en" dir="ltr">Little Minds Matter</span>' in body

    def test_it_labels_each_service_by_name(self, anonymous: Client, lmm) -> None:
        long = "Perinatal and infant mental health partnership for families"
        ServiceFactory.create(name=long, ring="universal")

        root = ElementTree.fromstring(anonymous.get("/directory/map.svg").content)

        svg = "{http://www.w3.org/2000/svg}"
        # A label is one or two lines (tspan), each a part of the name.
        labels = [
            " ".join(line.text or "" for line in text)
            for text in root.iter(f"{svg}text")
            if text.get("class") == "lm-map-label"
        ]
        assert "Little Minds Matter" in labels
        # A long name is shortened on the map; the full name is its title (hover) and its
        # link's accessible name (focus).
        short = next(label for label in labels if label and label.startswith("Perinatal"))
        assert short.endswith("…")
        assert len(short) <= systemmap.LABEL_LENGTH
        assert any(title.text == f"2: {long}" for title in root.iter(f"{svg}title"))
        assert any(a.get("aria-label") == f"2: {long}" for a in root.iter(f"{svg}a"))

    def test_it_groups_each_ring_by_organisation(self, anonymous: Client) -> None:
        health = OrganisationFactory.create(name="Health trust")
        council = OrganisationFactory.create(name="Council")
        for name, organisation in [
            ("Antenatal classes", health),
            ("Baby groups", council),
            ("Child health clinic", health),
            ("Debt advice", council),
        ]:
            ServiceFactory.create(name=name, ring="universal", organisation=organisation)

        drawing = anonymous.get("/directory/map/").context["drawing"]

        # Services of one organisation sit together round the ring.
        assert [node.service.name for node in drawing.nodes] == [
            "Baby groups",
            "Debt advice",
            "Antenatal classes",
            "Child health clinic",
        ]

    def test_it_shows_only_the_links_and_remit_of_a_selected_service(
        self, anonymous: Client, lmm
    ) -> None:
        hv = ServiceFactory.create(name="Health visiting", ring="universal")
        hub = ServiceFactory.create(name="Family hub", ring="universal")
        ServiceLink.objects.create(source=hv, target=lmm, kind="refers_to")
        ServiceLink.objects.create(source=hub, target=hv, kind="refers_to")

        everything = anonymous.get("/directory/map/")
        chosen = anonymous.get("/directory/map/", {"service": str(lmm.code)})
        unknown = anonymous.get("/directory/map/", {"service": "nonsense"})

        assert len(everything.context["drawing"].edges) == 2
        assert f'href="?service={lmm.code}#map-selected"' in everything.content.decode()
        drawing = chosen.context["drawing"]
        assert drawing.selected == lmm
        assert [edge.label for edge in drawing.edges] == [
            "Health visiting refers to Little Minds Matter"
        ]
        assert len(drawing.nodes) == 3  # every service is still on the map
        body = chosen.content.decode()
        assert 'id="map-selected"' in body
        assert lmm.remit in body
        assert unknown.context["drawing"].selected is None
        assert len(unknown.context["drawing"].edges) == 2

    def test_it_filters_by_need_and_area(self, anonymous: Client, lmm) -> None:
        ServiceFactory.create(name="Debt advice", needs=["money"])

        by_need = anonymous.get("/directory/map/", {"need": "money"}).context["drawing"]
        by_area = anonymous.get("/directory/map/", {"area": lmm.areas.get().key}).context["drawing"]
        unknown = anonymous.get("/directory/map/", {"need": "nonsense"}).context["drawing"]

        assert [n.service.name for n in by_need.nodes] == ["Debt advice"]
        # A service with no area limit is open to families in every area.
        assert {n.service.name for n in by_area.nodes} == {"Little Minds Matter", "Debt advice"}
        assert len(unknown.nodes) == 2

    def test_it_downloads_as_svg(self, anonymous: Client, lmm) -> None:
        response = anonymous.get("/directory/map.svg")

        assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="system-map-')
        root = ElementTree.fromstring(response.content)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        links = root.findall(".//{http://www.w3.org/2000/svg}a")
        assert links[0].get("href", "").startswith("http://testserver/directory/services/")
