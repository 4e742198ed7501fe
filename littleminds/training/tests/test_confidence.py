"""The questionnaires' change arithmetic, against numbers worked by hand."""

from __future__ import annotations

import math

import pytest

from littleminds.training import confidence


def test_it_takes_means_and_sample_standard_deviations() -> None:
    assert confidence.mean([2, 3, 4]) == 3
    assert confidence.mean([]) is None
    # Differences from 3: -1, 0, 1; squares sum to 2; over n - 1 = 2 gives 1.
    assert confidence.sd([2, 3, 4]) == 1
    assert confidence.sd([5]) is None


def test_it_works_out_paired_change_d_z_and_the_mean_changes_interval() -> None:
    before = [2.0, 3.0, 2.0, 3.0, 2.0]
    after = [3.0, 4.0, 4.0, 4.0, 4.0]
    # By hand: differences 1, 1, 2, 1, 2; mean 7/5 = 1.4; squared deviations 0.16 * 3 +
    # 0.36 * 2 = 1.2; variance 1.2 / 4 = 0.3; sd 0.5477; d_z = 1.4 / 0.5477 = 2.556.
    # t(0.975, 4) = 2.7764; margin 2.7764 * 0.5477 / sqrt(5) = 0.6801.
    change = confidence.paired_change(before, after)
    assert change.enough
    assert change.pairs == 5
    assert change.mean_change == pytest.approx(1.4)
    assert change.d_z == pytest.approx(2.556, abs=0.001)
    assert change.low == pytest.approx(1.4 - 0.6801, abs=0.0005)
    assert change.high == pytest.approx(1.4 + 0.6801, abs=0.0005)
    assert change.d_low is not None
    assert change.d_high is not None
    assert change.d_z is not None
    assert change.d_low < change.d_z < change.d_high


def test_a_fall_is_a_negative_change() -> None:
    change = confidence.paired_change([4, 4, 5, 4, 5], [3, 3, 3, 4, 4])
    # Differences -1, -1, -2, 0, -1: mean -1.
    assert change.mean_change == pytest.approx(-1.0)
    assert change.d_z is not None
    assert change.d_z < 0
    assert change.d_high is not None
    assert change.d_high < 0


def test_below_five_pairs_it_gives_no_figures() -> None:
    change = confidence.paired_change([1, 2, 3, 4], [2, 3, 4, 5])
    assert not change.enough
    assert change.pairs == 4
    assert change.mean_change is None
    assert change.d_z is None
    assert change.low is None


def test_the_same_change_for_everyone_has_no_effect_size() -> None:
    change = confidence.paired_change([1, 2, 3, 2, 1], [2, 3, 4, 3, 2])
    assert change.mean_change == 1
    assert change.low == change.high == 1
    assert change.d_z is None


def test_the_d_z_interval_agrees_with_the_normal_approximation_for_many_pairs() -> None:
    """With 200 pairs the non-central t interval is close to d ± 1.96 × sqrt(1/n + d²/2n)."""
    n = 200
    differences = [0.5 + (1 if k % 2 else -1) * 1.0 for k in range(n)]
    change = confidence.paired_change([0.0] * n, differences)
    assert change.d_z is not None
    assert change.d_low is not None
    assert change.d_high is not None
    d = change.d_z
    margin = 1.96 * math.sqrt(1 / n + d * d / (2 * n))
    assert change.d_low == pytest.approx(d - margin, abs=0.01)
    assert change.d_high == pytest.approx(d + margin, abs=0.01)


def test_it_refuses_lists_that_do_not_pair() -> None:
    with pytest.raises(ValueError, match="pair"):
        confidence.paired_change([1, 2], [1])


def test_it_names_effect_sizes_in_words() -> None:
    assert confidence.size_in_words(0.1) == "very small"
    assert confidence.size_in_words(-0.3) == "small"
    assert confidence.size_in_words(0.6) == "medium"
    assert confidence.size_in_words(1.2) == "large"
