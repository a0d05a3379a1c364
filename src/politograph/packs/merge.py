"""One entity per actor across packs: curated, imported and world data that name the same party are merged.

Three kinds of pack can describe one party: a curated country pack (Japan's
LDP, with its kanji and dated names), an imported pack (Party Facts' and
ParlGov's rows for it, with their ids) and the world pack (the built-in list
of major parties).  Reading all three must give one entity, or every answer
about the party would be split in two.  The more carefully kept source wins
and takes the others' ids and names:

1. an entity that says `same_as: world:jpn` stands for that world entity;
2. entities that share an external id (a ParlGov id in Party Facts' links
   and in ParlGov's own party table) are one;
3. in one country, a group whose name or alias is another's name or alias
   is the same group, kept by the curated pack, else by the imported one.

The merged-away ids still resolve: references to them (in history files,
or stored from an earlier run) are redirected to the survivor.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from politograph.model import GROUP_TYPES, fold_name

if TYPE_CHECKING:
    from politograph.packs import Pack, PackEntity

RANK = {"country": 0, "imported": 1, "world": 2}
"""Which pack kind keeps a merged entity: curated country data, then imported datasets, then built-in world data."""
MERGED_SCHEMES = ("parlgov", "partyfacts", "wikidata")
MERGED_TYPES = GROUP_TYPES | {"GOV_BODY"}


def merge_packs(packs: tuple[Pack, ...]) -> dict[str, str]:
    """Merge entities across `packs` in place; the redirects (merged-away qualified id -> survivor's)."""
    entities = {e.qualified_id: e for pack in packs for e in pack.entities}
    kind = {e.qualified_id: RANK.get(pack.kind, 1) for pack in packs for e in pack.entities}
    redirects: dict[str, str] = {}
    for entity in entities.values():
        if entity.same_as and entity.same_as in entities:
            redirects[entity.same_as] = entity.qualified_id
    _merge_by_ids(entities, kind, redirects)
    _merge_by_names(entities, kind, redirects)
    survivors = _absorb(entities, redirects)
    for pack in packs:
        pack.entities = [survivors[e.qualified_id] for e in pack.entities if e.qualified_id not in redirects]
    for pack in packs:
        if pack.kind == "world":  # a chamber's size from a curated pack is the one to keep
            pack.history = [(path, [e for e in entries if f"{pack.name}:{e.get('subject')}" not in redirects]) for path, entries in pack.history]
    external = {qid: survivors[final(redirects, qid)] for qid in entities}
    for pack in packs:
        pack.external = {**external, **{e.id: external[e.qualified_id] for e in entities.values() if e.pack == pack.name and e.qualified_id in redirects}}
    return redirects


def final(redirects: dict[str, str], qualified_id: str) -> str:
    """Follow redirects to the surviving entity."""
    seen = {qualified_id}
    while qualified_id in redirects and redirects[qualified_id] not in seen:
        qualified_id = redirects[qualified_id]
        seen.add(qualified_id)
    return qualified_id


def _better(a: str, b: str, kind: dict[str, int]) -> tuple[str, str]:
    """(survivor, merged-away) of two qualified ids: the lower pack rank keeps it, then the earlier id."""
    return (a, b) if (kind[a], a) <= (kind[b], b) else (b, a)


def _join(a: str, b: str, kind: dict[str, int], redirects: dict[str, str]) -> None:
    a, b = final(redirects, a), final(redirects, b)
    if a != b:
        keep, gone = _better(a, b, kind)
        redirects[gone] = keep


def _merge_by_ids(entities: dict[str, PackEntity], kind: dict[str, int], redirects: dict[str, str]) -> None:
    holder: dict[tuple[str, str], str] = {}
    for qid, entity in sorted(entities.items(), key=lambda item: (kind[item[0]], item[0])):
        for scheme, value in entity.ids:
            if scheme not in MERGED_SCHEMES:
                continue
            other = holder.setdefault((scheme, value), qid)
            if other != qid and entities[other].type == entity.type:
                _join(other, qid, kind, redirects)


def strong_names(entity: PackEntity) -> set[str]:
    """The folded names that identify an entity on their own (its name and aliases, not its contextual names)."""
    return {fold_name(n) for n in (entity.name, *entity.aliases) if n not in entity.contextual} - {""}


def _merge_by_names(entities: dict[str, PackEntity], kind: dict[str, int], redirects: dict[str, str]) -> None:
    by_name: dict[tuple[str, str, str], list[str]] = {}
    for qid, entity in entities.items():
        if entity.type not in MERGED_TYPES or not entity.country:
            continue
        for name in strong_names(entity):
            by_name.setdefault((entity.country, entity.type, name), []).append(qid)
    for qids in by_name.values():
        packs = {entities[q].pack for q in qids}
        if len(packs) < 2:
            continue  # one pack's two entries with one name are its own business (dated names)
        first = qids[0]
        for other in qids[1:]:
            if entities[other].pack != entities[first].pack:
                _join(first, other, kind, redirects)


def _absorb(entities: dict[str, PackEntity], redirects: dict[str, str]) -> dict[str, PackEntity]:
    """Each survivor with the ids, and (as contextual names) the names, of what merged into it."""
    extra_ids: dict[str, set[tuple[str, str]]] = {}
    extra_names: dict[str, list[str]] = {}
    for gone in redirects:
        if gone not in entities:
            continue
        keep = final(redirects, gone)
        extra_ids.setdefault(keep, set()).update(entities[gone].ids)
        extra_names.setdefault(keep, []).extend(entities[gone].all_names())
    survivors = {}
    for qid, entity in entities.items():
        if qid not in extra_ids:
            survivors[qid] = entity
            continue
        known = {fold_name(n) for n in entity.all_names()}
        added = tuple(dict.fromkeys(n for n in extra_names[qid] if fold_name(n) not in known))
        survivors[qid] = replace(entity, ids=tuple(sorted(set(entity.ids) | extra_ids[qid])), contextual=(*entity.contextual, *added))
    for gone in redirects:
        if gone in entities:
            survivors[gone] = survivors[final(redirects, gone)]
    return survivors
