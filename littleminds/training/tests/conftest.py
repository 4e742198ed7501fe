import pytest


@pytest.fixture(autouse=True)
def _public_emails_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public registrant's e-mail is sent in the request's own thread, so a test sees it."""
    from littleminds.training import services_places

    monkeypatch.setattr(services_places, "run_in_background", lambda what, work: work())
