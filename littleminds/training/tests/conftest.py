from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Each test reads its messages in English, whatever language an earlier test's request
    left active in this thread."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _public_emails_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public registrant's e-mail is sent in the request's own thread, so a test sees it."""
    from littleminds.training import services_places

    monkeypatch.setattr(services_places, "run_in_background", lambda what, work: work())
