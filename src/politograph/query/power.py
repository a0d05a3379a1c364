"""Voting power of parties in a chamber: Banzhaf and Shapley-Shubik indices.

Exact, by dynamic programming over seat totals rather than by enumerating
coalitions or orderings: one table counts the coalitions of every size and
weight (numpy, one shifted add per party), and each party's own table, the
coalitions without it, comes from that one by peeling the party off again.
A 465-seat house with fifty groups takes milliseconds.  Counts are held as
float64, exact while they stay below 2**53 (up to 53 groups); past that the
indices are still right to many digits.  No maintained Python library
computes both indices for weighted voting games without pulling in a
game-theory stack, so this small, tested module does.
"""

from __future__ import annotations

from math import factorial

import numpy as np


def _check(weights: list[int], quota: int) -> int:
    if any(w < 0 for w in weights):
        raise ValueError("seat counts must not be negative")
    total = sum(weights)
    if not 0 < quota <= total:
        raise ValueError(f"quota {quota} must be between 1 and the {total} seats held")
    return total


def _all_coalitions(weights: list[int], total: int) -> np.ndarray:
    """table[k, w]: how many coalitions of k players weigh exactly w."""
    table = np.zeros((len(weights) + 1, total + 1))
    table[0, 0] = 1.0
    for weight in weights:
        shifted = np.zeros_like(table)
        shifted[1:, weight:] = table[:-1, : total + 1 - weight]
        table += shifted
    return table


def _without(table: np.ndarray, weight: int) -> np.ndarray:
    """The coalition table with one player of this weight peeled off."""
    rest = np.zeros_like(table[:-1])
    rest[0] = table[0]
    for k in range(1, len(rest)):
        rest[k] = table[k].copy()
        if weight:
            rest[k, weight:] -= rest[k - 1, : table.shape[1] - weight]
        else:
            rest[k] -= rest[k - 1]
    return np.rint(rest) if table.max() < 2**53 else rest


def _swings_by_size(weights: list[int], quota: int) -> list[np.ndarray]:
    """For each player: how many losing coalitions of each size it turns into winning ones."""
    total = _check(weights, quota)
    table = _all_coalitions(weights, total)
    found = []
    for weight in weights:
        rest = _without(table, weight)
        found.append(rest[:, max(0, quota - weight) : quota].sum(axis=1))
    return found


def power_indices(weights: list[int], quota: int) -> tuple[list[float], list[float]]:
    """(Banzhaf, Shapley-Shubik) of every player, from one pass over the coalitions."""
    by_size = _swings_by_size(weights, quota)
    swings = [float(s.sum()) for s in by_size]
    all_swings = sum(swings)
    players = len(weights)
    # orderings in which a given coalition of size k comes just before the player: k! (n-1-k)! / n!
    share_of_size = np.array([factorial(k) * factorial(players - 1 - k) / factorial(players) for k in range(players)])
    return [s / all_swings if all_swings else 0.0 for s in swings], [float(np.dot(s, share_of_size)) for s in by_size]


def banzhaf(weights: list[int], quota: int) -> list[float]:
    """Normalised Banzhaf index: each player's share of all swings."""
    return power_indices(weights, quota)[0]


def shapley_shubik(weights: list[int], quota: int) -> list[float]:
    """Shapley-Shubik index: the share of orderings in which each player is pivotal."""
    return power_indices(weights, quota)[1]
