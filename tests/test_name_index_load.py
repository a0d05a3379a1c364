"""The name index loaded in bulk from a store answers as one built name by name, and a store opened afresh resolves as a running one.

A large store's first write fills the index with `NameIndex.load` (rows as
the store keeps them, folded already); every later name goes in by
`add_folded`.  Both must give the same answers, and so must the fuzzy index
built in bulk (`FuzzyNames.extend`) and one built a name at a time, with
its letter and window bounds, against a scan of every name.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz, process

from politograph.model import GROUP_TYPES, Document, DocumentResult, Entity, fold_name
from politograph.resolve.fuzzy import FuzzyNames
from politograph.resolve.index import NameIndex
from politograph.store.repository import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import growth  # type: ignore[import-not-found]  # noqa: E402

SYLLABLES = ("ka", "ren", "do", "mi", "sa", "tor", "vel", "an", "lu", "bre", "ko", "nis")
FORMS = ("{} Party", "{} Renewal Party", "Party of {}", "{} Civic League")


def invented(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def misspelt(rng: random.Random, name: str) -> str:
    """One or two letters dropped, doubled or changed: what the fuzzy step exists for."""
    for _ in range(rng.randint(1, 2)):
        if not name:
            break
        at = rng.randrange(len(name))
        name = rng.choice((name[:at] + name[at + 1 :], name[:at] + name[at] + name[at:], name[:at] + rng.choice("aeiou") + name[at + 1 :]))
    return name


def known_entities(seed: int = 7) -> list[tuple[int, str, str, str, list[str]]]:
    """(id, key, type, name, aliases): groups, places and people of two and three words, some sharing a name or a word."""
    rng = random.Random(seed)
    found = []
    for entity_id in range(1, 700):
        kind = rng.choice(("PARTY", "PARTY", "FACTION", "PLACE", "PERSON", "PERSON"))
        if kind == "PERSON":
            words = [invented(rng, rng.randint(1, 2)) for _ in range(rng.choice((2, 2, 3)))]
            name = " ".join(words)
            aliases = [" ".join(reversed(words))] if rng.random() < 0.3 else []
        elif kind == "PLACE":
            name, aliases = invented(rng, rng.randint(2, 4)), []
        else:
            name = rng.choice(FORMS).format(invented(rng, rng.randint(2, 4)))
            aliases = ["".join(w[0] for w in name.split() if w != "of").upper()] if rng.random() < 0.4 else []
        if rng.random() < 0.1:
            aliases.append(misspelt(rng, name))
        found.append((entity_id, f"{kind}:{fold_name(name)}#{entity_id}", kind, name, aliases))
    return found


def built_both_ways(known: list[tuple[int, str, str, str, list[str]]]) -> tuple[NameIndex, NameIndex]:
    """One index by `add` for each entity, one by `load` from the rows a store would hold for them."""
    one_by_one, loaded = NameIndex(), NameIndex()
    for entity_id, key, kind, name, aliases in known:
        one_by_one.add(entity_id, key, kind, name, set(aliases))
    rows = [(entity_id, key, kind, name) for entity_id, key, kind, name, _ in known]
    surfaces = [(entity_id, surface, fold_name(surface), kind) for entity_id, _, kind, name, aliases in known for surface in dict.fromkeys([name, *aliases])]
    groups = [row for row in surfaces if row[3] != "PERSON"]
    people = [(entity_id, surface, folded) for entity_id, surface, folded, kind in surfaces if kind == "PERSON"]
    loaded.load(rows, groups, people)
    return one_by_one, loaded


def answers(index: NameIndex, known: list[tuple[int, str, str, str, list[str]]], queries: list[str]) -> list[object]:
    """Everything resolution asks an index, for these names."""
    found: list[object] = [sorted(index.by_key.items())]
    for name in queries:
        folded = fold_name(name)
        words = folded.split()
        found.append([k.key for k in index.named(folded)])
        found.append([k.key for k in index.people_with_word(words[-1])] if words else [])
        if len(words) >= 2:
            listed = index.given_names(words[-1], len(words))
            found.append(sorted(zip(listed.given, listed.ids, strict=True)))
        found.append([k.key for k in index.with_initials("".join(w[0] for w in name.split() if w != "of"))])
        for types in (GROUP_TYPES, frozenset({"PLACE"})):
            found.append(index.similar(folded, types, 90.0, 8))
    return found


def test_an_index_loaded_in_bulk_answers_as_one_built_name_by_name() -> None:
    known = known_entities()
    rng = random.Random(11)
    queries = [name for _, _, _, name, _ in known[::3]] + [misspelt(rng, name) for _, _, _, name, _ in known[1::3]]
    one_by_one, loaded = built_both_ways(known)
    assert answers(loaded, known, queries) == answers(one_by_one, known, queries)
    assert sum(1 for _, _, _, name, _ in known if one_by_one.similar(fold_name(name), GROUP_TYPES, 96.0, 8)) > 100  # the comparison compares something
    more = [(900 + n, f"PERSON:later{n}", "PERSON", f"{name.split()[0]} Latecomer{n}", set()) for n, (_, _, kind, name, _) in enumerate(known[:60]) if kind == "PERSON"]
    for index in (one_by_one, loaded):  # names added after the lists `given_names` made are in them too
        for entity_id, key, kind, name, aliases in more:
            index.add(entity_id, key, kind, name, aliases)
    later = [name for _, _, _, name, _ in more] + [" ".join(reversed(name.split())) for _, _, _, name, _ in more]
    assert answers(loaded, known, later) == answers(one_by_one, known, later)


def test_given_names_lists_what_the_people_with_that_word_are_called() -> None:
    known = known_entities(seed=3)
    index, _ = built_both_ways(known)
    people = [row for row in known if row[2] == "PERSON"]
    for _, _, _, name, _ in people[:80]:
        for key in {fold_name(name), " ".join(reversed(fold_name(name).split()))}:
            words = key.split()
            listed = index.given_names(words[-1], len(words))
            expected = sorted(
                (" ".join(other.split()[:-1]), person.id)
                for person in index.people_with_word(words[-1])
                for _, _, _, person_name, aliases in [known[person.id - 1]]
                for surface in {person_name, *aliases}
                for other in {fold_name(surface), " ".join((fold_name(surface).split()[-1], *fold_name(surface).split()[:-1]))}
                if len(other.split()) == len(words) and other.split()[-1] == words[-1]
            )
            assert sorted(zip(listed.given, listed.ids, strict=True)) == sorted(set(expected))


def test_the_fuzzy_index_built_in_bulk_or_name_by_name_answers_as_a_scan() -> None:
    rng = random.Random(5)
    letters = "abcdeiou rnst-é1"
    names = [("".join(rng.choice(letters) for _ in range(rng.randint(0, 24))).strip(), n, rng.choice(("PARTY", "FACTION", "PLACE"))) for n in range(2500)]
    names += [(misspelt(rng, name), n + 5000, kind) for name, n, kind in names[:600] if name]
    by_one, in_bulk = FuzzyNames(), FuzzyNames()
    for entry in names:
        by_one.add(*entry)
    in_bulk.extend(names[:1500])
    for entry in names[1500:2000]:
        in_bulk.add(*entry)
    in_bulk.extend(names[2000:])
    queries = [name for name, _, _ in names[::7]] + [misspelt(rng, name) for name, _, _ in names[3::11] if name]
    for types in (("PARTY", "FACTION"), ("PLACE",)):
        choices = by_one.entries(types)
        for cutoff in (70.0, 88.0, 96.0):
            for query in queries:
                scanned = process.extract(query, [name for name, _ in choices], scorer=fuzz.ratio, score_cutoff=cutoff, limit=8)
                expected = [(name, score, choices[position][1]) for name, score, position in scanned]
                assert by_one.similar(query, types, cutoff, 8) == expected, (query, types, cutoff)
                assert in_bulk.similar(query, types, cutoff, 8) == expected, (query, types, cutoff)


def stored_resolution(db: str) -> list[tuple[object, ...]]:
    """Each document's entities as stored: which entity, how resolved; and every alias."""
    with sqlite3.connect(db.removeprefix("sqlite:///")) as connection:
        linked = connection.execute(
            "select d.doc_id, d.name, e.key, d.resolved_by from doc_entities d join entities e on e.id = d.entity_id order by d.doc_id, d.name"
        ).fetchall()
        names = connection.execute("select e.key, a.folded from aliases a join entities e on e.id = a.entity_id order by e.key, a.folded").fetchall()
    return [*linked, *names]


def archive_results(count: int) -> list[DocumentResult]:
    """The growth benchmark's articles as a perfect reader finds them, some naming an earlier article's actor
    with a letter doubled (a fuzzy match) or, for a person, in the other order."""
    rng = random.Random(2)
    results: list[DocumentResult] = []
    earlier: list[tuple[str, str]] = []
    for document, picked in growth.archive_with_names(count, seed=4):
        if earlier and rng.random() < 0.3:
            kind, name = rng.choice(earlier)
            at = rng.randrange(len(name) // 2, len(name))
            picked = [*picked, (kind, name[:at] + name[at] + name[at:] if kind != "person" or rng.random() < 0.5 else " ".join(reversed(name.split())))]
            document = Document(document.id, document.text + " " + picked[-1][1] + ".", document.published, source=document.source)
        earlier += picked
        results.append(growth.read_as_written(document, picked))
    return results


def test_a_store_opened_afresh_resolves_as_the_one_that_stayed_open(tmp_path: Path) -> None:
    results = archive_results(400)
    running, reopened = f"sqlite:///{tmp_path / 'running.db'}", f"sqlite:///{tmp_path / 'reopened.db'}"
    store = Store(running)
    for start in range(0, 400, 40):
        store.save_many(results[start : start + 40])
    store.close()
    for start in range(0, 400, 100):  # each part by a new Store: its first write loads the index in bulk, its aliases read as needed
        store = Store(reopened)
        for part in range(start, start + 100, 40):
            store.save_many(results[part : min(part + 40, start + 100)])
        store.close()
    assert stored_resolution(reopened) == stored_resolution(running)
    methods = {row[3] for row in stored_resolution(running) if len(row) == 4}
    assert {"name", "new", "fuzzy"} <= methods


def test_another_writer_between_two_writes_is_read_before_the_next(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kb.db'}"
    first, second = Store(db), Store(db)
    day = date(2015, 3, 1)

    def article(doc_id: str, party: str) -> DocumentResult:
        text = f"The {party} met on Monday ({doc_id})."
        return DocumentResult(Document(doc_id, text, day), [Entity(party, "PARTY", {party})], [], [])

    first.save_many([article("d1", "Velmora Harbour Party")])
    second.save_many([article("d2", "Orlenne Civic League")])  # its index is filled after first's write
    first.save_many([article("d3", "Orlenne Civic League"), article("d4", "Velmora Harbour Party")])  # first has not seen d2's entity yet
    second.save_many([article("d5", "Velmora Harbour Party")])
    first.close()
    second.close()
    with sqlite3.connect(tmp_path / "kb.db") as connection:
        rows = dict(connection.execute("select d.doc_id, d.resolved_by from doc_entities d").fetchall())
        parties = connection.execute("select count(*) from entities where type = 'PARTY' and pack_id is null").fetchone()[0]
    assert parties == 2
    assert rows == {"d1": "new", "d2": "new", "d3": "name", "d4": "name", "d5": "name"}


def test_namesakes_profiles_are_read_through_the_subject_index(tmp_path: Path) -> None:
    """A person's posts are looked up by subject: not by reading every membership in the store for each batch of namesakes."""
    from politograph.store.resolution import _SUBJECT_FACTS
    from politograph.store.schema import facts

    store = Store(f"sqlite:///{tmp_path / 'plan.db'}")
    sql = str(_SUBJECT_FACTS.where(facts.c.subject_id.in_([1, 2, 3])).compile(compile_kwargs={"literal_binds": True}))
    with store.connect() as connection:
        plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    store.close()
    assert "ix_facts_subject_id" in plan, plan
