"""Voting power of parties in a chamber: Banzhaf and Shapley-Shubik indices.

Exact, by dynamic programming over seat totals (pseudo-polynomial in the
chamber size, so a 465-seat house with a dozen groups takes milliseconds),
rather than by enumerating coalitions or orderings.  No maintained Python
library computes both for weighted voting games without pulling in a
game-theory stack, so this small, tested module does.
"""

from __future__ import annotations

from math import factorial


def _count_without(weights: list[int], skip: int, total: int) -> list[list[int]]:
    """ways[k][w]: coalitions of k players (not `skip`) with weight exactly w."""
    players = len(weights)
    ways = [[0] * (total + 1) for _ in range(players + 1)]
    ways[0][0] = 1
    seen = 0
    for index, weight in enumerate(weights):
        if index == skip:
            continue
        seen += 1
        for k in range(seen, 0, -1):
            row, previous = ways[k], ways[k - 1]
            for w in range(total, weight - 1, -1):
                if previous[w - weight]:
                    row[w] += previous[w - weight]
    return ways


def _check(weights: list[int], quota: int) -> int:
    if any(w < 0 for w in weights):
        raise ValueError("seat counts must not be negative")
    total = sum(weights)
    if not 0 < quota <= total:
        raise ValueError(f"quota {quota} must be between 1 and the {total} seats held")
    return total


def banzhaf(weights: list[int], quota: int) -> list[float]:
    """Normalised Banzhaf index: each player's share of all swings."""
    total = _check(weights, quota)
    swings = []
    for player, weight in enumerate(weights):
        ways = _count_without(weights, player, total)
        losing_that_win_with_player = range(max(0, quota - weight), quota)
        swings.append(sum(ways[k][w] for k in range(len(weights)) for w in losing_that_win_with_player if w <= total))
    all_swings = sum(swings)
    return [s / all_swings if all_swings else 0.0 for s in swings]


def shapley_shubik(weights: list[int], quota: int) -> list[float]:
    """Shapley-Shubik index: the share of orderings in which each player is pivotal."""
    total = _check(weights, quota)
    players = len(weights)
    orderings = factorial(players)
    shares = []
    for player, weight in enumerate(weights):
        ways = _count_without(weights, player, total)
        pivotal = 0
        for k in range(players):
            arrangements = factorial(k) * factorial(players - 1 - k)
            pivotal += arrangements * sum(ways[k][w] for w in range(max(0, quota - weight), quota) if w <= total)
        shares.append(pivotal / orderings)
    return shares
