"""Kept timelines (`asof.timeline_of`): asked again, a timeline is not worked out again until a write that can change it.

Each test writes what a timeline reads — its own facts, another holder's
report in a post it held, a flag, a document stored again — and checks the
answer is the one a fresh computation gives; a write about other entities
leaves the kept answer in use.  The store is `test_timeline_claims`'s
Sudland, with a leader.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

import pytest

from builders import opened, stored
from politograph.query import asof
from politograph.store.curation import flag_fact
from politograph.store.repository import Store
from test_timeline_claims import ARTICLES, article, fact

LEADER = article("l-1", "2019-01-12", fact("role", "Ana Sol", "Blue Party", "2019-01-12", role="leader"))


@pytest.fixture
def store(db: str):
    yield from opened(stored(db, [*ARTICLES[:-1], LEADER, ARTICLES[-1]]))  # the dissolution last: its fact holds the highest id


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """The entities each worked-out (not kept) timeline was for, in order."""
    found: list[tuple[int, ...]] = []
    original = asof._timeline_of

    def counting(store: Store, ids: list[int], known_at: date | None) -> Any:
        found.append(tuple(ids))
        return original(store, ids, known_at)

    monkeypatch.setattr(asof, "_timeline_of", counting)
    return found


def fresh(store: Store, name: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The timeline worked out from the store as it is now, nothing kept."""
    with monkeypatch.context() as patched:
        patched.setattr(asof, "KEPT_CLAIMS", 0)
        return [asdict(c) for c in asof.timeline(store, name)]


def test_a_timeline_asked_again_is_the_kept_one(store: Store, computed: list[tuple[int, ...]]) -> None:
    first = asof.timeline(store, "Blue Party")
    again = asof.timeline(store, "Blue Party")
    assert again == first and again is not first  # a list of its own each time
    assert len(computed) == 1
    asof.timeline(store, "Blue Party", known_at=date(2019, 6, 1))  # another day known by: another answer
    assert len(computed) == 2


def test_a_write_about_other_entities_keeps_it_and_one_about_it_does_not(store: Store, computed: list[tuple[int, ...]], monkeypatch: pytest.MonkeyPatch) -> None:
    asof.timeline(store, "Blue Party")
    assert store.save_many([article("w-1", "2019-07-01", fact("member", "Ana Sol", "Green League", "2019-07-01"))]) == [True]
    asof.timeline(store, "Blue Party")
    assert len(computed) == 1  # nothing about the Blue Party, no new name: kept
    assert store.save_many([article("w-2", "2019-07-02", fact("member", "Dag Uhr", "Blue Party", "2019-07-02"))]) == [True]
    found = asof.timeline(store, "Blue Party")
    assert len(computed) == 2
    assert ("member", "Dag Uhr") in {(c.type, c.subject) for c in found}
    assert [asdict(c) for c in found] == fresh(store, "Blue Party", monkeypatch)


def test_another_holders_report_ends_a_kept_term(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    [led] = [c for c in asof.timeline(store, "Ana Sol") if c.type == "role"]
    assert led.open
    store.save_many([article("l-2", "2019-09-01", fact("role", "Bo Rask", "Blue Party", "2019-09-01", role="leader"))])  # not about Ana Sol
    [ended] = [c for c in asof.timeline(store, "Ana Sol") if c.type == "role"]
    assert (ended.valid_to, ended.ended_by) == (date(2019, 9, 1), "successor")
    assert [asdict(c) for c in asof.timeline(store, "Ana Sol")] == fresh(store, "Ana Sol", monkeypatch)


def test_a_flag_takes_the_fact_out_of_a_kept_timeline(store: Store) -> None:
    [ana] = [c for c in asof.timeline(store, "Blue Party") if c.type == "member" and c.subject == "Ana Sol"]
    assert ana.evidence[0].fact_id is not None
    flag_fact(store, ana.evidence[0].fact_id)
    assert not [c for c in asof.timeline(store, "Blue Party") if c.type == "member" and c.subject == "Ana Sol"]


def test_a_document_stored_again_under_the_same_fact_ids_is_worked_out_again(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A replaced document's facts may take the ids they had (SQLite reuses the highest): the count and highest id stay as they were."""
    [member] = [c for c in asof.timeline(store, "Dag Uhr") if c.type == "member"]
    assert (member.valid_to, member.ended_by) == (date(2020, 1, 1), "dissolved")
    later = article("d-1", "2020-02-01", fact("dissolution", "Red Union", None, "2020-02-01"))
    assert store.save_many([later], replace=True) == [True]
    [member] = [c for c in asof.timeline(store, "Dag Uhr") if c.type == "member"]
    assert (member.valid_to, member.ended_by) == (date(2020, 2, 1), "dissolved")
    assert [asdict(c) for c in asof.timeline(store, "Dag Uhr")] == fresh(store, "Dag Uhr", monkeypatch)


def test_the_least_recently_asked_go_first_past_the_budget(store: Store, computed: list[tuple[int, ...]], monkeypatch: pytest.MonkeyPatch) -> None:
    blue, green = len(asof.timeline(store, "Blue Party")), len(asof.timeline(store, "Green League"))
    monkeypatch.setattr(asof, "KEPT_CLAIMS", green + 1)  # room for the Green League's alone (an entry costs its claims and one)
    assert blue > 0 and len(computed) == 2
    asof.timeline(store, "Green League")
    asof.timeline(store, "Blue Party")
    assert len(computed) == 3  # the Blue Party, asked first, had gone; the Green League was kept


def test_a_document_stored_again_by_another_process_is_seen(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept answers stamp what is in the database, not what this process did: another `Store` on the same database replaces the document."""
    [member] = [c for c in asof.timeline(store, "Dag Uhr") if c.type == "member"]
    assert member.valid_to == date(2020, 1, 1)
    other = Store(store.url)
    try:
        assert other.save_many([article("d-1", "2020-03-01", fact("dissolution", "Red Union", None, "2020-03-01"))], replace=True) == [True]
    finally:
        other.close()
    [member] = [c for c in asof.timeline(store, "Dag Uhr") if c.type == "member"]
    assert (member.valid_to, member.ended_by) == (date(2020, 3, 1), "dissolved")
    assert [asdict(c) for c in asof.timeline(store, "Dag Uhr")] == fresh(store, "Dag Uhr", monkeypatch)
