"""Popolo JSON: persons, organizations, memberships and posts, the open standard for who sits where.

Organizations carry founding and dissolution dates, a parent (the party a
faction split from) and their predecessors and successors from the lineage
graph.  Memberships are terms (`query.states`), one per uninterrupted hold
on a post or a party: `start_date` is the term's first day and `end_date`
the day something ended it (a stated end, a successor, the party's end),
left out while it is open; a post known only as "former" has no start and
is marked `"former": true`.  Only asserted facts count: a planned
membership is not a membership.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from politograph.export.atomic import atomic_text
from politograph.query.asof import entity_ends
from politograph.query.lineage import lineage_graph, merged_away_on
from politograph.query.states import EntityEnds, Term, member_terms, role_terms
from politograph.store.repository import Store
from politograph.store.schema import aliases, documents, entities, facts

CLASSIFICATION = {"PARTY": "party", "FACTION": "faction", "LOCAL_GROUP": "local political group", "GOV_BODY": "government body"}


def _org_id(entity_id: int) -> str:
    return f"organization/{entity_id}"


def _person_id(entity_id: int) -> str:
    return f"person/{entity_id}"


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _identifiers(pack_id: str, external: dict[str, str]) -> list[dict[str, str]]:
    """The pack id, then Party Facts, ParlGov and Wikidata ids (Popolo `identifiers`)."""
    return [{"scheme": "politograph-pack", "identifier": pack_id}, *({"scheme": scheme, "identifier": value} for scheme, value in sorted(external.items()))]


def popolo(store: Store) -> dict[str, list[dict[str, Any]]]:
    """The store as one Popolo document."""
    with store.connect() as connection:
        known = {int(r.id): r for r in connection.execute(select(entities))}
        other_names: dict[int, list[str]] = defaultdict(list)
        for entity_id, alias in connection.execute(select(aliases.c.entity_id, aliases.c.alias).order_by(aliases.c.alias)):
            if alias != known[int(entity_id)].name:
                other_names[int(entity_id)].append(alias)
        query = select(facts, documents.c.published, documents.c.source, documents.c.kind).join(documents, documents.c.id == facts.c.doc_id)
        rows = [dict(r._mapping) for r in connection.execute(query.where(facts.c.modality == "asserted").order_by(facts.c.id))]
    external = store.external_ids()
    founded: dict[int, date] = {}
    dissolved: dict[int, date] = {}
    parent: dict[int, int] = {}
    for row in rows:
        if row["type"] == "founding" and row["object_id"] and row["valid_from"]:
            founded[row["object_id"]] = min(founded.get(row["object_id"], date.max), row["valid_from"])
        elif row["type"] == "dissolution" and row["subject_id"] and row["valid_from"]:
            dissolved[row["subject_id"]] = max(dissolved.get(row["subject_id"], date.min), row["valid_from"])
        elif row["type"] == "split" and row["subject_id"] and row["object_id"] and known.get(row["object_id"]) is not None and known[row["object_id"]].type == "FACTION":
            parent[row["object_id"]] = row["subject_id"]
    graph = lineage_graph(store)
    successors: dict[int, set[int]] = defaultdict(set)
    predecessors: dict[int, set[int]] = defaultdict(set)
    for older, newer in graph.edges():
        successors[older].add(newer)
        predecessors[newer].add(older)
    for group, day in merged_away_on(graph).items():
        dissolved[group] = max(dissolved.get(group, date.min), day)
    persons = []
    for i, e in sorted(known.items()):
        if e.type == "PERSON":
            person: dict[str, Any] = {"id": _person_id(i), "name": e.name, "other_names": [{"name": n} for n in other_names[i]]}
            if e.pack_id:
                person["identifiers"] = _identifiers(e.pack_id, external.get(i, {}))
            persons.append(person)
    organizations = []
    for i, e in sorted(known.items()):
        if e.type not in CLASSIFICATION:
            continue
        organization: dict[str, Any] = {"id": _org_id(i), "name": e.name, "classification": CLASSIFICATION[e.type], "other_names": [{"name": n} for n in other_names[i]]}
        if e.pack_id:
            organization["identifiers"] = _identifiers(e.pack_id, external.get(i, {}))
        optional = {
            "founding_date": _day(founded.get(i)),
            "dissolution_date": _day(dissolved.get(i)),
            "parent_id": _org_id(parent[i]) if i in parent else None,
            "predecessor_ids": [_org_id(p) for p in sorted(predecessors[i])] or None,
            "successor_ids": [_org_id(s) for s in sorted(successors[i])] or None,
        }
        organization.update({k: v for k, v in optional.items() if v is not None})
        organizations.append(organization)
    memberships, posts = _memberships_and_posts(rows, known, entity_ends(store))
    return {"persons": persons, "organizations": organizations, "memberships": memberships, "posts": posts}


def _memberships_and_posts(rows: list[dict[str, Any]], known: dict[int, Any], ends: EntityEnds) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Member and role facts of people in organizations as terms: one membership per term of a person in a post or party."""

    def wanted(row: dict[str, Any]) -> bool:
        subject, body = row["subject_id"], row["object_id"]
        return bool(subject and body and subject in known and body in known and known[subject].type == "PERSON" and known[body].type in CLASSIFICATION)

    chosen = [r for r in rows if r["type"] in ("member", "role") and wanted(r)]
    terms: list[tuple[int, int, str, Term]] = []
    for (body, role), found in role_terms([r for r in chosen if r["type"] == "role"], ends).items():
        terms += [(int(t.holder), int(body), role or "other", t) for t in found if isinstance(t.holder, int) and isinstance(body, int)]
    for (person, body), found in member_terms([r for r in chosen if r["type"] == "member"], ends).items():
        terms += [(int(person), int(body), "member", t) for t in found if isinstance(person, int) and isinstance(body, int)]
    memberships, posts = [], {}
    for person, body, role, term in sorted(terms, key=lambda t: (t[0], t[1], t[2], t[3].since or date.min)):
        membership: dict[str, Any] = {"person_id": _person_id(person), "organization_id": _org_id(body), "role": role}
        if role != "member":
            post_id = f"post/{body}/{role}"
            posts[post_id] = {"id": post_id, "organization_id": _org_id(body), "role": role, "label": f"{role} of {known[body].name}"}
            membership["post_id"] = post_id
        if term.since is not None:
            membership["start_date"] = term.since.isoformat()
        if term.until is not None:
            membership["end_date"] = term.until.isoformat()
        if term.former:
            membership["former"] = True
        memberships.append(membership)
    return memberships, list(posts.values())


def export_popolo(store: Store, path: Path) -> dict[str, int]:
    """Write the Popolo document to `path` (a .json file); counts per collection."""
    document = popolo(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text(path) as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    return {name: len(items) for name, items in document.items()}
