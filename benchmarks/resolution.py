"""Measure the fuzzy-match threshold of entity resolution on labelled name pairs.

Each pair in benchmarks/data/name_pairs.tsv is one actor spelt two ways
(same=1) or two actors with look-alike names (same=0).  For each threshold
the resolver decides every pair the way ingest does (groups: RapidFuzz
ratio of folded names; people: same family name and a given name above the
threshold), and the script prints precision, recall and F1 of "same".
A false merge costs more than a missed one (it corrupts every answer about
both actors), so the chosen threshold is the lowest with precision 1.0.

    .venv/bin/python benchmarks/resolution.py
"""

from __future__ import annotations

from pathlib import Path

from politograph.model import Entity
from politograph.resolve.index import NameIndex
from politograph.resolve.resolver import FUZZY_THRESHOLDS, Clues, Decisions, Profile, Resolver

PAIRS = Path(__file__).parent / "data" / "name_pairs.tsv"


class _NoProfiles:
    def profile(self, entity_id: int) -> Profile:
        return Profile()


def load_pairs() -> list[tuple[str, str, str, bool]]:
    rows = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            entity_type, first, second, same = line.split("\t")
            rows.append((entity_type, first, second, same.strip() == "1"))
    return rows


def decides_same(entity_type: str, first: str, second: str, threshold: float) -> bool:
    """Whether the resolver, knowing only `first`, resolves `second` to it (no pack, no clues)."""
    from datetime import date

    index = NameIndex()
    index.add(1, "known", entity_type, first, set())
    resolver = Resolver(index, _NoProfiles(), Decisions(), (), {"GROUP": threshold, "PERSON": threshold})
    return resolver.resolve(Entity(second, entity_type, {second}), "doc", Clues(date(2020, 1, 1))).key == "known"


def sweep(kind: str, pairs: list[tuple[str, str, str, bool]], current: float) -> None:
    """Precision, recall and F1 of "same" by threshold, for one kind of name."""
    same_total = sum(p[3] for p in pairs)
    print(f"\n{kind}: {len(pairs)} pairs ({same_total} same, {len(pairs) - same_total} different); threshold in use {current}")
    print(f"{'threshold':>9} {'P':>6} {'R':>6} {'F1':>6}  false merges")
    best = None
    for threshold in sorted({*range(80, 101, 2), int(current)}):
        decided = [(p, decides_same(p[0], p[1], p[2], threshold)) for p in pairs]
        true_positive = sum(1 for p, same in decided if same and p[3])
        merged = sum(1 for _, same in decided if same)
        precision = true_positive / merged if merged else 1.0
        recall = true_positive / same_total
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        wrong = [f"{p[1]} = {p[2]}" for p, same in decided if same and not p[3]]
        print(f"{threshold:>9} {precision:6.2f} {recall:6.2f} {f1:6.2f}  {'; '.join(wrong[:3])}")
        if precision == 1.0 and best is None:
            best = (threshold, recall)
        if threshold == int(current):
            missed = [f"{p[1]} / {p[2]}" for p, same in decided if p[3] and not same]
    if best:
        print(f"lowest threshold with no false merge: {best[0]} (recall {best[1]:.2f}); missed at {current}: {'; '.join(missed) or 'none'}")


def main() -> None:
    pairs = load_pairs()
    sweep("groups", [p for p in pairs if p[0] != "PERSON"], FUZZY_THRESHOLDS["GROUP"])
    sweep("people", [p for p in pairs if p[0] == "PERSON"], FUZZY_THRESHOLDS["PERSON"])


if __name__ == "__main__":
    main()
