from __future__ import annotations

from datetime import date

import pytest

from littleminds.core.dates import age_in_months


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (date(2024, 5, 10), date(2024, 5, 10), 0),
        (date(2024, 5, 10), date(2024, 6, 9), 0),
        (date(2024, 5, 10), date(2024, 6, 10), 1),
        (date(2024, 1, 31), date(2024, 2, 29), 1),  # month ends count as the same day
        (date(2023, 3, 15), date(2025, 3, 14), 23),  # the day before the second birthday
        (date(2023, 3, 15), date(2025, 3, 15), 24),  # the second birthday
    ],
)
def test_it_counts_whole_months(born: date, on: date, months: int) -> None:
    assert age_in_months(born, on) == months


def test_it_refuses_a_birth_after_the_day() -> None:
    with pytest.raises(ValueError, match="after the day"):
        age_in_months(date(2025, 1, 2), date(2025, 1, 1))
