"""Both APIs, fuzzed from their own descriptions (ADR 0021): schemathesis reads
`/api/openapi.json` and `/openreferral/openapi.json` from the WSGI application, in
process, and sends each operation requests made from its description. Any 5xx, any status
the description does not list, and any answer whose content type or body does not match it
fails the test.

The number of examples per operation is bounded so that the suite stays quick; set
`LITTLEMINDS_FUZZ_EXAMPLES` to run longer (see the README). Hypothesis is derandomised, so
a run is the same every time, and its example database is off, so a failure is reproduced
by the same run rather than by a file left behind."""

from __future__ import annotations

import itertools
import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from littleminds.accounts.api_tokens import api_token_create
from littleminds.accounts.models import Organisation, Team, User
from littleminds.directory.models import NeedTerm, ServiceAtLocation, Taxonomy
from littleminds.directory.openreferral import serialise
from littleminds.directory.tests.openreferral import rich_service
from littleminds.referrals.tests.factories import intake_for, sent_referral
from littleminds.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("LITTLEMINDS_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def in_process() -> Any:
    """Keep the test's database connection open across requests, as Django's test client
    does: the WSGI handler closes it when each request finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(
    in_process: Any, settings: Any, team: Team, health_visiting: Organisation, practitioner: User
) -> dict[str, Any]:
    """A directory with a service at a location, a team taking referrals, a referral, and
    an organisation's API token: enough for each operation to reach its real work."""
    settings.RATE_LIMITS_ENABLED = False
    intake_for(team)
    service = rich_service()
    place = ServiceAtLocation.objects.filter(service=service).select_related("location").first()
    assert place is not None
    token = api_token_create(by=None, organisation=health_visiting, name="Fuzz").secret
    referral = sent_referral(practitioner)
    client = Client()
    client.force_login(practitioner)
    return {
        "headers": {"Authorization": f"Bearer {token}"},
        "cookies": {"sessionid": client.cookies["sessionid"].value},
        # Real ids to put in the path every other time, so that a lookup finds something.
        "ids": {
            "/api/referrals/{code}/fhir": str(referral.code),
            "/api/measures/{code}/score": "phq9",
            "/api/measures/{code}/change": "gbo",
            "/services/{id}": str(service.code),
            "/service_at_locations/{id}": serialise.service_at_location_id(service, place.location),
            "/taxonomies/{id}": str(Taxonomy.objects.get().code),
            "/taxonomy_terms/{id}": str(NeedTerm.objects.order_by("pk")[0].code),
        },
    }


_turns = itertools.count()


def _call(case: Any, world: dict[str, Any]) -> None:
    real = world["ids"].get(case.operation.path)
    if real and next(_turns) % 2 == 0:
        name = next(iter(case.path_parameters))
        case.path_parameters[name] = real
    case.call_and_validate(headers=world["headers"], cookies=world["cookies"], checks=CHECKS)


# Read from the application itself, as a partner system would read them (no database is
# needed to describe an API).
json_api = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
open_referral_api = schemathesis.openapi.from_wsgi("/openreferral/openapi.json", application)


@json_api.parametrize()
@BOUNDED
def test_the_json_api_answers_as_it_describes(case: Any, world: dict[str, Any]) -> None:
    _call(case, world)


@open_referral_api.parametrize()
@BOUNDED
def test_the_open_referral_api_answers_as_it_describes(case: Any, world: dict[str, Any]) -> None:
    _call(case, world)
