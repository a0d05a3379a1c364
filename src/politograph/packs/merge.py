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
    survivors = _absorb(entities, redirects, kind)
    for pack in packs:
        pack.entities = [survivors[e.qualified_id] for e in pack.entities if e.qualified_id not in redirects]
    for pack in packs:
        pack.forget_reference()  # its facts' ends may have merged
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
    """Merge two entities, unless they are two entries of one curated or world pack (it keeps apart what it lists apart).

    An imported pack's own entries may merge: Party Facts' and ParlGov's rows for one party.
    """
    a, b = final(redirects, a), final(redirects, b)
    if a != b and (a.split(":", 1)[0] != b.split(":", 1)[0] or kind[a] == RANK["imported"]):
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
    """Groups of one country and type are one when a name identifies both, or one's identifying name is the other's own name
    (the world pack's "Kuomintang" and Party Facts' "Kuomintang", contextual there because other parties used it).
    A contextual abbreviation alone never merges: Canada's "NDP" is two parties in the data."""
    strong: dict[tuple[str, str, str], list[str]] = {}
    named: dict[tuple[str, str, str], list[str]] = {}
    for qid, entity in entities.items():
        if entity.type not in MERGED_TYPES or not entity.country:
            continue
        for name in strong_names(entity):
            strong.setdefault((entity.country, entity.type, name), []).append(qid)
        named.setdefault((entity.country, entity.type, fold_name(entity.name)), []).append(qid)
    for key, holders in strong.items():
        for first in holders:
            for other in {*holders, *named.get(key, [])}:
                if entities[other].pack != entities[first].pack:
                    _join(first, other, kind, redirects)


def _absorb(entities: dict[str, PackEntity], redirects: dict[str, str], kind: dict[str, int]) -> dict[str, PackEntity]:
    """Each survivor with the ids, and (as contextual names) the names, of what merged into it."""
    extra_ids: dict[str, set[tuple[str, str]]] = {}
    extra_names: dict[str, list[str]] = {}
    renamed: dict[str, str] = {}  # an imported survivor takes the world pack's English-news name
    for gone in redirects:
        if gone not in entities:
            continue
        keep = final(redirects, gone)
        extra_ids.setdefault(keep, set()).update(entities[gone].ids)
        extra_names.setdefault(keep, []).extend(entities[gone].all_names())
        if keep in kind and kind[keep] == RANK["imported"] and kind[gone] == RANK["world"]:
            renamed[keep] = entities[gone].name
    survivors = {}
    for qid, entity in entities.items():
        if qid not in extra_ids:
            survivors[qid] = entity
            continue
        known = set(entity.all_names())  # surfaces, not folded names: "ÖVP" is matched as written, apart from "OVP"
        added = tuple(dict.fromkeys(n for n in extra_names[qid] if n not in known))
        survivors[qid] = replace(entity, ids=tuple(sorted(set(entity.ids) | extra_ids[qid])), contextual=(*entity.contextual, *added))
        if qid in renamed:  # the dataset's name stays an alias
            survivors[qid] = replace(survivors[qid], name=renamed[qid], aliases=(*entity.aliases, entity.name))
    for gone in redirects:
        if gone in entities:
            survivors[gone] = survivors[final(redirects, gone)]
    return survivors
