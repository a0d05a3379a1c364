"""Popolo JSON: persons, organizations, memberships, posts and areas, the open standard for who sits where.

Organizations carry founding and dissolution dates, a parent (the party a
faction split from) and their predecessors and successors from the lineage
graph.  Memberships are terms (`query.states`), one per uninterrupted hold
on a post or a party, exactly as `who` and `entity` answer: `start_date`
is the term's first day and `end_date` the day something ended it (a
stated end, a successor, the party's end), never the days it happened to
be reported; an open term has no `end_date`, and a post known only as
"former" has no start and is marked `"former": true`.  Only asserted facts
count (a planned membership is not one), and facts a user flagged or a
settled contradiction rejected are left out by the shared read path
(`asof.fact_rows`).

Provenance is the point: every person, organization, membership, post and
area carries `sources`, each an article's URL, outlet (`note`), date and
the sentence quoted (`export.provenance`).  A post whose body is a place
(a prime minister of a country, a governor, a mayor) has that place as its
`area` and, as its organization, the place's government: a stored
government body named for the place where the store has one, else an
organization made for it.  Entities that are reading noise (`export.junk`)
are left out, with every membership and post that names them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from politograph.export.atomic import atomic_text, make_folder
from politograph.export.junk import junk_entities
from politograph.export.provenance import MAX_SOURCES, DocumentBook, SourceShelf, sources_of
from politograph.model import fold_name
from politograph.query.asof import entity_ends, fact_rows
from politograph.query.lineage import lineage_graph, merged_away_on
from politograph.query.states import EntityEnds, Term, member_terms, role_terms
from politograph.store.repository import Store
from politograph.store.schema import aliases, doc_entities, documents, entities, facts, mentions

CLASSIFICATION = {"PARTY": "party", "FACTION": "faction", "LOCAL_GROUP": "local political group", "GOV_BODY": "government body"}
AREA_CLASSIFICATION = {"prime-minister": "country", "governor": "region", "mayor": "city"}
"""What kind of area a post of this role governs, when every post of the place agrees."""
GOVERNMENT_NAMES = (
    "government of {}",
    "{} government",
    "cabinet of {}",
    "{} cabinet",
    "{} city government",
    "{} prefectural government",
    "{} metropolitan government",
    "{} state government",
)
"""How a place's government body is named, for finding it among the stored government bodies."""


def _org_id(entity_id: int) -> str:
    return f"organization/{entity_id}"


def _person_id(entity_id: int) -> str:
    return f"person/{entity_id}"


def _area_id(entity_id: int) -> str:
    return f"area/{entity_id}"


def _government_id(place: int) -> str:
    return f"organization/government-of-{place}"


def _role_words(role: str) -> str:
    """A role as a label says it: "prime minister", "secretary general", but "co-leader"."""
    return role if role.startswith("co-") else role.replace("-", " ")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(slots=True)
class _Known:
    """The stored entities, their other names and ids, and which of them the export leaves out as noise."""

    by_id: dict[int, Any]
    other_names: dict[int, list[str]]
    external: dict[int, dict[str, str]]
    junk: set[int]

    def kept(self, entity_id: Any, *types: str) -> bool:
        return isinstance(entity_id, int) and entity_id in self.by_id and entity_id not in self.junk and (not types or self.by_id[entity_id].type in types)

    def identifiers(self, entity_id: int) -> list[dict[str, str]]:
        """The store's own key, the pack id, then Party Facts, ParlGov and Wikidata ids (Popolo `identifiers`)."""
        entity = self.by_id[entity_id]
        found = [{"scheme": "politograph", "identifier": str(entity.key)}]
        if entity.pack_id:
            found.append({"scheme": "politograph-pack", "identifier": str(entity.pack_id)})
        found += [{"scheme": scheme, "identifier": str(value)} for scheme, value in sorted(self.external.get(entity_id, {}).items())]
        return found

    def names(self, entity_id: int) -> list[dict[str, str]]:
        return [{"name": n} for n in self.other_names[entity_id]]


def _read_known(store: Store) -> _Known:
    with store.connect() as connection:
        by_id = {int(r.id): r for r in connection.execute(select(entities))}
        other_names: dict[int, list[str]] = defaultdict(list)
        for entity_id, alias in connection.execute(select(aliases.c.entity_id, aliases.c.alias).order_by(aliases.c.alias)):
            if alias != by_id[int(entity_id)].name:
                other_names[int(entity_id)].append(alias)
    return _Known(by_id, other_names, store.external_ids(), junk_entities(store))


def popolo(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The store as one Popolo document."""
    known = _read_known(store)
    rows = fact_rows(store, facts.c.modality == "asserted")  # flagged and rejected facts are left out there
    book = DocumentBook.read(store)
    shelf = SourceShelf(book)
    for row in rows:
        for side in (row["subject_id"], row["object_id"]):
            if side is not None:
                shelf.add(int(side), row)
    posts = _Posts(known, book)
    memberships = posts.memberships(rows, entity_ends(store))
    wanted = [i for i in sorted(known.by_id) if known.kept(i) and (known.by_id[i].type != "PLACE" or i in posts.places)]
    fallback = _fallback_sources(store, book, [i for i in wanted if not shelf.has(i)], known)
    persons = [_person(known, i, shelf, fallback) for i in wanted if known.by_id[i].type == "PERSON"]
    dates = _organization_dates(store, rows, known)
    organizations = [_organization(known, i, shelf, fallback, dates) for i in wanted if known.by_id[i].type in CLASSIFICATION]
    organizations += posts.governments()
    areas = [_area(known, i, shelf, fallback, posts) for i in wanted if known.by_id[i].type == "PLACE"]
    return {"persons": persons, "organizations": organizations, "memberships": memberships, "posts": posts.listed(), "areas": areas}


def _sources(entity_id: int, shelf: SourceShelf, fallback: dict[int, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return shelf.cited(entity_id) if shelf.has(entity_id) else fallback.get(entity_id, [])


def _person(known: _Known, i: int, shelf: SourceShelf, fallback: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
    entity = known.by_id[i]
    return {"id": _person_id(i), "name": entity.name, "other_names": known.names(i), "identifiers": known.identifiers(i), "sources": _sources(i, shelf, fallback)}


def _area(known: _Known, i: int, shelf: SourceShelf, fallback: dict[int, list[dict[str, Any]]], posts: _Posts) -> dict[str, Any]:
    area: dict[str, Any] = {"id": _area_id(i), "name": known.by_id[i].name, "other_names": known.names(i), "identifiers": known.identifiers(i)}
    kinds = {AREA_CLASSIFICATION.get(role) for role in posts.places[i]}
    if len(kinds) == 1 and None not in kinds:
        area["classification"] = kinds.pop()
    area["sources"] = _sources(i, shelf, fallback)
    return area


@dataclass(slots=True)
class _Dates:
    founded: dict[int, date] = field(default_factory=dict)
    dissolved: dict[int, date] = field(default_factory=dict)
    parent: dict[int, int] = field(default_factory=dict)
    predecessors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    successors: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def _organization_dates(store: Store, rows: list[dict[str, Any]], known: _Known) -> _Dates:
    """Founding and dissolution days, a faction's parent party, and lineage both ways."""
    dates = _Dates()
    for row in rows:
        subject, body, day = row["subject_id"], row["object_id"], row["valid_from"]
        if row["type"] == "founding" and body and day:
            dates.founded[body] = min(dates.founded.get(body, date.max), day)
        elif row["type"] == "dissolution" and subject and day:
            dates.dissolved[subject] = max(dates.dissolved.get(subject, date.min), day)
        elif row["type"] == "split" and subject and body and body in known.by_id and known.by_id[body].type == "FACTION":
            dates.parent[body] = subject
    graph = lineage_graph(store)
    for older, newer in graph.edges():
        dates.successors[older].add(newer)
        dates.predecessors[newer].add(older)
    for group, day in merged_away_on(graph).items():
        dates.dissolved[group] = max(dates.dissolved.get(group, date.min), day)
    return dates


def _organization(known: _Known, i: int, shelf: SourceShelf, fallback: dict[int, list[dict[str, Any]]], dates: _Dates) -> dict[str, Any]:
    entity = known.by_id[i]
    organization: dict[str, Any] = {
        "id": _org_id(i),
        "name": entity.name,
        "classification": CLASSIFICATION[entity.type],
        "other_names": known.names(i),
        "identifiers": known.identifiers(i),
    }
    optional = {
        "founding_date": _day(dates.founded.get(i)),
        "dissolution_date": _day(dates.dissolved.get(i)),
        "parent_id": _org_id(dates.parent[i]) if i in dates.parent and known.kept(dates.parent[i]) else None,
        "predecessor_ids": [_org_id(p) for p in sorted(dates.predecessors.get(i, ())) if known.kept(p)] or None,
        "successor_ids": [_org_id(s) for s in sorted(dates.successors.get(i, ())) if known.kept(s)] or None,
    }
    organization.update({k: v for k, v in optional.items() if v is not None})
    organization["sources"] = _sources(i, shelf, fallback)
    return organization


class _Posts:
    """Posts met while the terms are turned into memberships, with the reports behind each, and the places they govern."""

    def __init__(self, known: _Known, book: DocumentBook) -> None:
        self.known = known
        self.book = book
        self.posts: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.places: dict[int, set[str]] = defaultdict(set)  # place -> roles of the posts that govern it
        self.government_of: dict[int, str] = {}  # place -> its government's organization id
        self.made: dict[int, list[dict[str, Any]]] = defaultdict(list)  # place -> reports behind a government made for it
        self._bodies = self._government_bodies()

    def _government_bodies(self) -> dict[str, set[int]]:
        """Stored government bodies by every folded name they go by, to find a place's government."""
        found: dict[str, set[int]] = defaultdict(set)
        for i, entity in self.known.by_id.items():
            if entity.type == "GOV_BODY" and i not in self.known.junk:
                for name in [entity.name, *self.known.other_names[i]]:
                    found[fold_name(name)].add(i)
        return found

    def _government(self, place: int) -> str:
        """The place's government: the one stored body named for it, else an organization made for it."""
        if place not in self.government_of:
            names = {fold_name(n) for n in [self.known.by_id[place].name, *self.known.other_names[place]]}
            found = {b for n in names for pattern in GOVERNMENT_NAMES for b in self._bodies.get(pattern.format(n), ())}
            self.government_of[place] = _org_id(found.pop()) if len(found) == 1 else _government_id(place)
        return self.government_of[place]

    def post(self, body: int, role: str, reports: list[dict[str, Any]]) -> dict[str, Any]:
        """The post (created on first use) a membership of this role in this body holds."""
        post_id = f"post/{body}/{role}"
        self.reports[post_id] += reports
        if post_id in self.posts:
            return self.posts[post_id]
        entity = self.known.by_id[body]
        post: dict[str, Any] = {"id": post_id, "label": f"{_role_words(role)} of {entity.name}", "role": role}
        if entity.type == "PLACE":
            post["organization_id"] = self._government(body)
            post["area_id"] = _area_id(body)
            self.places[body].add(role)
            if post["organization_id"] == _government_id(body):
                self.made[body] += reports
        else:
            post["organization_id"] = _org_id(body)
        self.posts[post_id] = post
        return post

    def memberships(self, rows: list[dict[str, Any]], ends: EntityEnds) -> list[dict[str, Any]]:
        """Member and role facts of people in organizations and places as terms, the same terms `who` and `entity` give."""
        known = self.known
        roles = [r for r in rows if r["type"] == "role" and known.kept(r["object_id"], *CLASSIFICATION, "PLACE")]
        members = [r for r in rows if r["type"] == "member" and known.kept(r["object_id"], *CLASSIFICATION)]
        terms: list[tuple[int, int, str, Term]] = []
        for (body, role), found in role_terms(roles, ends).items():  # every holder walks the post, so a successor ends a term
            if isinstance(body, int):
                terms += [(t.holder, body, role or "other", t) for t in found if isinstance(t.holder, int) and known.kept(t.holder, "PERSON")]
        for (person, body), found in member_terms(members, ends).items():
            if isinstance(person, int) and isinstance(body, int) and known.kept(person, "PERSON"):
                terms += [(person, body, "member", t) for t in found]
        listed = [self._membership(*term) for term in sorted(terms, key=lambda t: (t[0], t[1], t[2], t[3].since or date.min))]
        seen: dict[str, int] = defaultdict(int)
        for membership in listed:  # two undated former terms of one post would share an id
            seen[membership["id"]] += 1
            if seen[membership["id"]] > 1:
                membership["id"] += f"-{seen[membership['id']]}"
        return listed

    def _membership(self, person: int, body: int, role: str, term: Term) -> dict[str, Any]:
        reports = [r.row for r in term.reports]
        membership: dict[str, Any] = {"id": f"membership/{person}/{body}/{role}/{_day(term.since) or 'former'}", "person_id": _person_id(person), "role": role}
        if role == "member":
            membership["organization_id"] = _org_id(body)
            membership["label"] = f"member of {self.known.by_id[body].name}"
        else:
            post = self.post(body, role, reports)
            membership.update({"organization_id": post["organization_id"], "post_id": post["id"], "label": post["label"]})
            if "area_id" in post:
                membership["area_id"] = post["area_id"]
        if term.since is not None:
            membership["start_date"] = term.since.isoformat()
        if term.until is not None:
            membership["end_date"] = term.until.isoformat()
        if term.former:
            membership["former"] = True
        membership["sources"] = sources_of(self.book, reports)
        if term.ending is not None:
            membership["end_reason"] = term.ending.reason
            if term.ending.row is not None:
                membership["end_source"] = self.book.cite(term.ending.row)
        return membership

    def listed(self) -> list[dict[str, Any]]:
        return [{**post, "sources": sources_of(self.book, self.reports[post_id], MAX_SOURCES)} for post_id, post in sorted(self.posts.items())]

    def governments(self) -> list[dict[str, Any]]:
        """The organizations made for places whose government the store does not hold as a body of its own."""
        found = []
        for place, org_id in sorted(self.government_of.items()):
            if org_id != _government_id(place):
                continue
            entity = self.known.by_id[place]
            found.append(
                {
                    "id": org_id,
                    "name": f"Government of {entity.name}",
                    "classification": "government",
                    "area_id": _area_id(place),
                    "identifiers": [{"scheme": "politograph", "identifier": f"government-of:{entity.key}"}],
                    "sources": sources_of(self.book, self.made[place], MAX_SOURCES),
                }
            )
        return found


def _fallback_sources(store: Store, book: DocumentBook, ids: list[int], known: _Known) -> dict[int, list[dict[str, Any]]]:
    """Sources of entities no exported fact names: the articles that mention them (quoting the mention's sentence), else their pack."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        with store.connect() as connection:
            naming = select(doc_entities.c.entity_id, doc_entities.c.doc_id).where(doc_entities.c.entity_id.in_(chunk))
            named = connection.execute(naming.order_by(doc_entities.c.entity_id, doc_entities.c.doc_id)).all()
            mentioned = select(mentions.c.entity_id, mentions.c.doc_id, mentions.c.start, mentions.c.end).where(mentions.c.entity_id.in_(chunk))
            spans = {(str(d), int(e)): (int(s), int(t)) for e, d, s, t in connection.execute(mentioned.order_by(mentions.c.id.desc()))}  # the first mention wins
            wanted = sorted({str(d) for e, d in named if (str(d), int(e)) in spans})
            texts = {str(i): str(t) for i, t in connection.execute(select(documents.c.id, documents.c.text).where(documents.c.id.in_(wanted)))} if wanted else {}
        for entity_id, doc_id in sorted(named, key=lambda pair: (int(pair[0]), book.published.get(str(pair[1]), ""), str(pair[1]))):  # earliest first
            if len(found[int(entity_id)]) < MAX_SOURCES:
                span = spans.get((str(doc_id), int(entity_id)))
                quote = _sentence_around(texts[str(doc_id)], *span) if span and str(doc_id) in texts else None
                found[int(entity_id)].append(book.link(str(doc_id), quote))
    for entity_id in ids:
        pack_id = known.by_id[entity_id].pack_id
        if not found.get(entity_id) and pack_id:
            found[entity_id] = [book.link(f"pack:{str(pack_id).split(':', 1)[0]}")]
    return found


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence a mention sits in, by the nearest full stops (good enough to quote, not to segment)."""
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = min((i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0), default=len(text) - 1)
    return text[left + 1 : right + 1].strip()


def export_popolo(store: Store, path: Path) -> dict[str, int]:
    """Write the Popolo document to `path` (a .json file); counts per collection."""
    document = popolo(store)
    make_folder(path.parent)
    with atomic_text(path) as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    return {name: len(items) for name, items in document.items()}
