"""Popolo JSON: persons, organizations, memberships and posts, the open standard for who sits where.

Organizations carry founding and dissolution dates, a parent (the party a
faction split from) and their predecessors and successors from the lineage
graph; memberships and posts carry the first and last day the store reports
them.  Only asserted facts count: a planned membership is not a membership.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from politograph.export.atomic import atomic_text
from politograph.query.lineage import lineage_graph, merged_away_on
from politograph.store.repository import Store
from politograph.store.schema import aliases, entities, facts

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
    with store.engine.connect() as connection:
        known = {int(r.id): r for r in connection.execute(select(entities))}
        other_names: dict[int, list[str]] = defaultdict(list)
        for entity_id, alias in connection.execute(select(aliases.c.entity_id, aliases.c.alias).order_by(aliases.c.alias)):
            if alias != known[int(entity_id)].name:
                other_names[int(entity_id)].append(alias)
        rows = [dict(r._mapping) for r in connection.execute(select(facts).where(facts.c.modality == "asserted"))]
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
    memberships, posts = _memberships_and_posts(rows, known)
    return {"persons": persons, "organizations": organizations, "memberships": memberships, "posts": posts}


def _memberships_and_posts(rows: list[dict[str, Any]], known: dict[int, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Member and role facts of people in organizations, one membership per person, organization and role."""
    spans: dict[tuple[int, int, str], list[date]] = {}
    for row in rows:
        subject, body = row["subject_id"], row["object_id"]
        if row["type"] not in ("member", "role") or not subject or not body or known[subject].type != "PERSON" or known[body].type not in CLASSIFICATION:
            continue
        role = row["role"] if row["type"] == "role" else "member"
        days = [d for d in (row["valid_from"], row["valid_to"]) if d]
        spans.setdefault((subject, body, role or "other"), []).extend(days)
    memberships, posts = [], {}
    for (person, body, role), days in sorted(spans.items()):
        membership: dict[str, Any] = {"person_id": _person_id(person), "organization_id": _org_id(body), "role": role}
        if role != "member":
            post_id = f"post/{body}/{role}"
            posts[post_id] = {"id": post_id, "organization_id": _org_id(body), "role": role, "label": f"{role} of {known[body].name}"}
            membership["post_id"] = post_id
        if days:
            membership.update(start_date=min(days).isoformat(), end_date=max(days).isoformat())
        memberships.append(membership)
    return memberships, list(posts.values())


def export_popolo(store: Store, path: Path) -> dict[str, int]:
    """Write the Popolo document to `path` (a .json file); counts per collection."""
    document = popolo(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_text(path) as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
    return {name: len(items) for name, items in document.items()}
