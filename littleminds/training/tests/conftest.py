from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Each test reads its messages in English, whatever language an earlier test's request
    left active in this thread."""
    with translation.override("en"):
        yield
