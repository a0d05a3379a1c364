"""Banzhaf and Shapley-Shubik indices on games whose values are worked out by hand."""

from __future__ import annotations

import itertools

import pytest

from politograph.query.power import banzhaf, shapley_shubik


def brute_shapley(weights: list[int], quota: int) -> list[float]:
    counts = [0] * len(weights)
    orders = list(itertools.permutations(range(len(weights))))
    for order in orders:
        running = 0
        for player in order:
            running += weights[player]
            if running >= quota:
                counts[player] += 1
                break
    return [c / len(orders) for c in counts]


def brute_banzhaf(weights: list[int], quota: int) -> list[float]:
    swings = [0] * len(weights)
    for size in range(len(weights) + 1):
        for coalition in itertools.combinations(range(len(weights)), size):
            weight = sum(weights[p] for p in coalition)
            for p in coalition:
                if weight >= quota > weight - weights[p]:
                    swings[p] += 1
    return [s / sum(swings) for s in swings]


def test_a_big_party_short_of_a_majority() -> None:
    assert shapley_shubik([50, 49, 1], 51) == pytest.approx([4 / 6, 1 / 6, 1 / 6])
    assert banzhaf([50, 49, 1], 51) == pytest.approx([3 / 5, 1 / 5, 1 / 5])


def test_a_dictator_and_a_dummy() -> None:
    assert banzhaf([6, 2, 1], 6) == pytest.approx([1, 0, 0])
    assert shapley_shubik([6, 2, 1], 6) == pytest.approx([1, 0, 0])


def test_equal_power_despite_unequal_seats() -> None:
    assert banzhaf([3, 2, 2], 4) == pytest.approx([1 / 3] * 3)
    assert shapley_shubik([3, 2, 2], 4) == pytest.approx([1 / 3] * 3)


@pytest.mark.parametrize(("weights", "quota"), [([291, 35, 73, 41, 21, 8, 2, 1], 238), ([10, 10, 7, 3, 3, 1], 18), ([5, 5, 5, 5, 0], 11)])
def test_dynamic_programming_agrees_with_brute_force(weights: list[int], quota: int) -> None:
    assert banzhaf(weights, quota) == pytest.approx(brute_banzhaf(weights, quota))
    assert shapley_shubik(weights, quota) == pytest.approx(brute_shapley(weights, quota))


def test_bad_quota() -> None:
    with pytest.raises(ValueError, match="quota"):
        banzhaf([10, 5], 16)
