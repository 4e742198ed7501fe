"""Cached directory searches (ADR 0046): a repeated search is answered from the cache, and
every change to what a search finds or shows is seen by the next search at once."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
import redis
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from littleminds.core.models import CacheGeneration
from littleminds.directory import services
from littleminds.directory.models import AreaCoverage, NeedTerm, Service
from littleminds.directory.openreferral.importer import import_document
from littleminds.directory.selectors import SEARCH_GENERATION
from littleminds.directory.services import ServiceFields
from littleminds.directory.tests.factories import AreaFactory, ServiceFactory, needs_taxonomy
from littleminds.directory.tests.test_openreferral_import import uk_service

pytestmark = pytest.mark.django_db

SEARCH = {"words": "massage", "age_months": "6", "postcode": "BD7 1DP", "need": "bonding"}


@pytest.fixture
def massage() -> Service:
    area = AreaFactory.create(name="District", prefixes=["BD7"])
    return ServiceFactory.create(
        name="Baby massage group",
        areas=[area],
        needs=["bonding"],
        access=["self_referral"],
    )


def _fields(service: Service, **changes: object) -> ServiceFields:
    values: dict[str, object] = {
        "organisation": service.organisation,
        "name": service.name,
        "summary": service.summary,
        "remit": service.remit,
        "boundaries": service.boundaries,
        "ring": service.ring,
        "description": service.description,
        "min_age_months": service.min_age_months,
        "max_age_months": service.max_age_months,
        "areas": list(service.areas.all()),
        "needs": list(service.needs.all()),
    }
    values.update(changes)
    return ServiceFields(**values)  # type: ignore[arg-type]


def _page(client: Client, **params: str) -> str:
    """The search page, without its forms' tokens, which differ on every answer."""
    response = client.get("/directory/", {**SEARCH, **params})
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


class TestChangesAreSeenAtOnce:
    def test_it_shows_a_changed_service_at_the_next_search(
        self, anonymous: Client, manager, massage
    ) -> None:
        assert "Baby massage group" in _page(anonymous)

        services.service_update(
            by=manager, service=massage, fields=_fields(massage, name="Baby yoga")
        )

        body = _page(anonymous, words="yoga")
        assert "1 service matches" in body
        assert "Baby yoga" in body
        assert "0 services match" in _page(anonymous)

    def test_it_leaves_out_a_retired_service_at_the_next_search(
        self, anonymous: Client, manager, massage
    ) -> None:
        assert "1 service matches" in _page(anonymous)

        services.service_set_status(
            by=manager, service=massage, status=Service.Status.DECOMMISSIONED
        )

        assert "0 services match" in _page(anonymous)

    def test_it_names_a_renamed_need_at_the_next_search(
        self, anonymous: Client, manager, massage
    ) -> None:
        assert "Helps with bonding and attachment" in _page(anonymous)
        need = NeedTerm.objects.get(term="bonding")

        services.need_save(
            by=manager,
            need=need,
            term=need.term,
            name="Closeness",
            description=need.description,
            group=need.group,
        )

        again = _page(anonymous)
        assert "Helps with closeness" in again
        # The form's choice of needs, cached under the generation too (ADR 0058).
        assert '<option value="bonding" selected>Closeness</option>' in again

    def test_it_follows_an_area_that_stops_covering_a_postcode(
        self, anonymous: Client, manager, massage
    ) -> None:
        assert "1 service matches" in _page(anonymous)
        cover = AreaCoverage.objects.get(prefix="BD7")

        services.coverage_end(by=manager, cover=cover, valid_to=timezone.localdate() - timedelta(1))

        assert "0 services match" in _page(anonymous)

    def test_it_follows_an_area_that_starts_covering_a_postcode(
        self, anonymous: Client, manager, massage
    ) -> None:
        assert "0 services match" in _page(anonymous, postcode="BD9 1AA")

        services.coverage_add(
            by=manager,
            area=massage.areas.get(),
            prefix="BD9",
            valid_from=date(2020, 1, 1),
        )

        assert "1 service matches" in _page(anonymous, postcode="BD9 1AA")

    def test_it_finds_an_imported_service_at_the_next_search(self, anonymous: Client) -> None:
        needs_taxonomy()
        assert "0 services match" in _page(anonymous, words="imported", postcode="", need="")

        document = uk_service(name="Imported massage clinic")
        import_document(document, source="test")

        body = _page(anonymous, words="imported", postcode="", need="")
        assert "1 service matches" in body
        assert "Imported massage clinic" in body

    def test_it_answers_the_open_referral_api_from_the_changed_directory(
        self, anonymous: Client, manager, massage
    ) -> None:
        def names() -> list[str]:
            found = anonymous.get("/openreferral/services", {"search": "massage"}).json()
            return [item["name"] for item in found["contents"]]

        assert names() == ["Baby massage group"]

        services.service_update(
            by=manager, service=massage, fields=_fields(massage, name="Baby yoga")
        )

        assert names() == []

    def test_it_lists_the_day_a_service_was_confirmed_at_the_next_call(
        self, anonymous: Client, manager, massage
    ) -> None:
        def listed() -> dict[str, object]:
            found = anonymous.get("/openreferral/services", {"search": "massage"}).json()
            return dict(found["contents"][0])

        assert "assured_date" not in listed()

        services.service_confirm(by=manager, service=massage)

        assert listed()["assured_date"] == timezone.localdate().isoformat()


class TestKeys:
    def test_it_keeps_each_language_apart(self, anonymous: Client, massage) -> None:
        english = _page(anonymous)
        anonymous.cookies["django_language"] = "pl"
        polish = _page(anonymous)

        assert "1 service matches" in english
        assert "Why it matches" in english
        assert "Pasuje 1 usługa" in polish
        assert "Dlaczego pasuje" in polish

    def test_it_answers_for_today_not_the_day_it_was_cached(
        self, anonymous: Client, manager, massage
    ) -> None:
        cover = AreaCoverage.objects.get(prefix="BD7")
        today = timezone.localdate()
        services.coverage_end(by=manager, cover=cover, valid_to=today)
        # Twenty minutes apart, well within the cache's time, on either side of midnight.
        evening = datetime.combine(today, time(23, 50), tzinfo=timezone.get_current_timezone())

        with time_machine.travel(evening, tick=False) as clock:
            assert "1 service matches" in _page(anonymous)
            clock.shift(timedelta(minutes=20))
            assert "0 services match" in _page(anonymous)

    def test_it_keeps_the_query_as_sent_for_the_pages_links(self, anonymous: Client) -> None:
        for n in range(25):
            ServiceFactory.create(name=f"Massage service {n:02d}")

        first = _page(anonymous, words="massage", postcode="", need="", age_months="")
        again = _page(anonymous, words="MASSAGE", postcode="", need="", age_months="")

        assert "words=massage&amp;" in first
        assert "words=MASSAGE&amp;" in again


class TestQueries:
    def test_it_answers_a_repeated_search_with_one_query(
        self, anonymous: Client, django_assert_num_queries
    ) -> None:
        area = AreaFactory.create(prefixes=["BD7"])
        for n in range(20):
            ServiceFactory.create(
                name=f"Massage {n}", areas=[area], needs=["bonding"], access=["self_referral"]
            )

        # The need's choices, the generation, the services linked to the areas covering
        # the postcode with the areas' names, the page's services and total, their ways in
        # and the need they help with (ADR 0052: the need is tested by its code in the
        # page's query; ADR 0058: the services come with their total, and the areas' names
        # with the postcode's links).
        with django_assert_num_queries(6):
            cold = _page(anonymous)
        # The generation: the form and the results come from the cache as they were drawn.
        with django_assert_num_queries(1):
            warm = _page(anonymous)

        assert warm == cold
        assert cold.count('class="nhsuk-card"') == 20

    def test_it_answers_a_repeated_open_referral_search_with_one_query(
        self, anonymous: Client, django_assert_num_queries, massage
    ) -> None:
        params = {"search": "massage", "postcode": "BD7 1DP"}
        # The generation, the services linked to the areas covering the postcode, the
        # page's services with their organisations and the total (ADR 0058).
        with django_assert_num_queries(3):
            cold = anonymous.get("/openreferral/services", params).json()
        # The generation: the page comes from the cache as it was made.
        with django_assert_num_queries(1):
            warm = anonymous.get("/openreferral/services", params).json()

        assert warm == cold
        assert cold["total_items"] == 1

    def test_it_searches_afresh_in_an_emptied_database(
        self, anonymous: Client, massage, django_assert_num_queries
    ) -> None:
        CacheGeneration.objects.filter(pk=SEARCH_GENERATION).delete()

        first = _page(anonymous)
        with django_assert_num_queries(6):
            second = _page(anonymous)

        assert first == second

    def test_it_reads_the_needs_once_for_searches_not_made_before(
        self, anonymous: Client, massage, django_assert_num_queries
    ) -> None:
        _page(anonymous)

        # The generation, the postcode's links, the page's services and total, their ways
        # in and the need they help with: the form's needs come from the cache (ADR 0058).
        with django_assert_num_queries(5):
            other = _page(anonymous, words="baby")

        assert "1 service matches" in other
        assert '<option value="bonding" selected>Bonding and attachment</option>' in other

    def test_it_reads_a_page_found_in_another_language_by_id(
        self, anonymous: Client, django_assert_num_queries
    ) -> None:
        west = AreaFactory.create(name="West Bradford", prefixes=["BD7"])
        district = AreaFactory.create(name="Bradford district", prefixes=["BD7", "BD8"])
        ServiceFactory.create(name="Massage, both areas", areas=[west, district], needs=["bonding"])
        ServiceFactory.create(name="Massage helpline", needs=["bonding"], open_everywhere=True)
        english = _page(anonymous)

        # The page's ids, total and areas' names are cached in any language, and the needs
        # to choose from (ADR 0058): the generation, the page's services, their ways in and
        # the need they help with; not the postcode's links, nor the areas they cover.
        anonymous.cookies["django_language"] = "pl"
        with django_assert_num_queries(4):
            polish = _page(anonymous)

        assert "Bradford district" in english
        assert "Bradford district" in polish
        assert polish.count('class="nhsuk-card"') == english.count('class="nhsuk-card"') == 2


@pytest.fixture
def unreachable_redis() -> Iterator[None]:
    # Port 1 on the loopback: nothing listens there, so every call is refused at once.
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=caches):
        yield


def test_it_searches_without_a_cache_that_does_not_answer(
    anonymous: Client, massage, unreachable_redis, caplog
) -> None:
    body = _page(anonymous)

    assert "1 service matches" in body
    assert "The cache did not answer" in caplog.text


# Redis itself -----------------------------------------------------------------------------
#
# LITTLEMINDS_TEST_REDIS_URL says Redis is expected (CI sets it: Redis runs on its machine),
# and then a Redis that does not answer fails the test. Unset, the test uses Redis on this
# machine's usual port when it answers, and is skipped, saying why, when none does.


@pytest.fixture
def real_redis() -> Iterator[tuple[str, str]]:
    expected = os.environ.get("LITTLEMINDS_TEST_REDIS_URL", "")
    url = expected or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if expected:
            pytest.fail(f"LITTLEMINDS_TEST_REDIS_URL is {expected}, where Redis fails: {error}")
        pytest.skip(f"No Redis answers at {url} (set LITTLEMINDS_TEST_REDIS_URL to require it)")
    # A prefix of this run's own, and a short life, so nothing is left behind and nothing
    # another run or instance keeps is touched.
    prefix = f"littleminds-test-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "TIMEOUT": 60,
        }
    }
    with override_settings(CACHES=caches):
        yield url, prefix
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


def test_it_keeps_searches_in_redis_and_sees_a_change_at_once(
    anonymous: Client, manager, massage, real_redis: tuple[str, str], django_assert_num_queries
) -> None:
    url, prefix = real_redis
    cold = _page(anonymous)
    with django_assert_num_queries(1):
        warm = _page(anonymous)

    services.service_update(
        by=manager, service=massage, fields=_fields(massage, summary="Gentle massage at home.")
    )
    changed = _page(anonymous)

    assert warm == cold
    assert "Gentle massage at home." in changed
    assert "Gentle massage at home." not in cold
    stored = redis.Redis.from_url(url).keys(f"{prefix}:*")
    assert any(b":directory:page:" in key for key in stored)
