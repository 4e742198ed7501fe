"""Directory managers say what kind each organisation is: the system map groups by it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from littleminds.accounts.models import Organisation
from littleminds.accounts.tests.factories import OrganisationFactory
from littleminds.audit.models import AuditEvent
from littleminds.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council() -> Organisation:
    council = OrganisationFactory.create(name="Brackendale Council", description="The council.")
    ServiceFactory.create(name="Libraries", organisation=council)
    ServiceFactory.create(name="Gone", organisation=council, status="decommissioned")
    return council


class TestOrganisationsList:
    def test_it_lists_each_organisation_with_its_kind_in_words(
        self, as_persona: Any, manager: Any, council: Organisation
    ) -> None:
        OrganisationFactory.create(name="Moorside Medical Practice", kind="primary_care")

        body = as_persona("manager").get("/directory/organisations/").content.decode()

        assert "GP practice or primary care" in body
        assert "primary_care" not in body
        assert "Not yet said" in body  # the council's kind
        assert f'href="/directory/organisations/{council.code}/"' in body

    def test_it_pins_its_queries(
        self, as_persona: Any, manager: Any, council: Organisation, django_assert_num_queries: Any
    ) -> None:
        client = as_persona("manager")
        client.get("/directory/organisations/")
        with CaptureQueriesContext(connection) as few:
            client.get("/directory/organisations/")
        for number in range(5):
            ServiceFactory.create(
                organisation=OrganisationFactory.create(name=f"Charity {number}", kind="voluntary")
            )

        # As many queries for six organisations as for one: no query per organisation.
        with django_assert_num_queries(len(few)):
            client.get("/directory/organisations/")

    def test_it_is_not_found_for_anyone_else(
        self, as_persona: Any, practitioner: Any, anonymous: Client
    ) -> None:
        assert as_persona("practitioner").get("/directory/organisations/").status_code == 404
        assert anonymous.get("/directory/organisations/").status_code == 302


class TestOrganisationKind:
    def test_it_saves_the_kind_and_audits_it(
        self, as_persona: Any, manager: Any, council: Organisation
    ) -> None:
        client = as_persona("manager")
        url = f"/directory/organisations/{council.code}/"

        page = client.get(url).content.decode()
        response = client.post(url, {"kind": "local_authority"}, follow=True)

        assert "<h1>Brackendale Council</h1>" in page
        assert "Local authority" in page
        council.refresh_from_db()
        assert council.kind == "local_authority"
        assert "Brackendale Council is saved as: Local authority." in response.content.decode()
        event = AuditEvent.objects.get(action="organisation.kind_set")
        assert event.actor_code == manager.code
        assert event.detail == {"name": council.name, "from": "", "to": "Local authority"}

    def test_it_saves_nothing_when_nothing_changed(
        self, as_persona: Any, manager: Any, council: Organisation
    ) -> None:
        Organisation.objects.filter(pk=council.pk).update(kind="local_authority")

        response = as_persona("manager").post(
            f"/directory/organisations/{council.code}/", {"kind": "local_authority"}, follow=True
        )

        assert "Nothing was changed." in response.content.decode()
        assert not AuditEvent.objects.filter(action="organisation.kind_set").exists()

    @pytest.mark.parametrize(
        ("data", "error"),
        [
            ({}, "Choose the kind of organisation"),
            ({"kind": "hospital"}, "Choose the kind of organisation from the list"),
            ({"kind": "x" * 5000}, "Choose the kind of organisation from the list"),
        ],
    )
    def test_it_explains_a_wrong_answer_in_an_error_summary(
        self, as_persona: Any, manager: Any, council: Organisation, data: dict, error: str
    ) -> None:
        response = as_persona("manager").post(f"/directory/organisations/{council.code}/", data)

        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert error in body
        assert "<title>Error: " in body
        council.refresh_from_db()
        assert council.kind == ""

    def test_it_is_not_found_for_an_unknown_organisation_or_another_role(
        self, as_persona: Any, manager: Any, clinician: Any, council: Organisation
    ) -> None:
        unknown = "00000000-0000-0000-0000-000000000000"
        assert as_persona("manager").get(f"/directory/organisations/{unknown}/").status_code == 404
        response = as_persona("clinician").post(
            f"/directory/organisations/{council.code}/", {"kind": "nhs"}
        )
        assert response.status_code == 404
        council.refresh_from_db()
        assert council.kind == ""

    def test_it_refuses_other_methods(
        self, as_persona: Any, manager: Any, council: Organisation
    ) -> None:
        client = as_persona("manager")
        assert client.put(f"/directory/organisations/{council.code}/").status_code == 405
        assert client.post("/directory/organisations/").status_code == 405
