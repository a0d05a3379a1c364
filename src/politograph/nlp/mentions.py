"""In-document coreference of names: one entity per actor per article.

Articles name an actor in full once and then by a short form: "Toru
Hashimoto" then "Hashimoto", "Nippon Ishin no Kai" then "Nippon Ishin", "the
Democratic Party of Japan" then "DPJ", "Nippon Ishin no Kai (Japan Restoration
Party)".  This module groups a document's entity spans into clusters by those
links and names each cluster; a short form that could belong to two
clusters stays on its own rather than be guessed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from politograph.model import Entity, Mention, acronym, fold_name
from politograph.packs import PackEntity, in_use_instead


@dataclass(slots=True)
class Cluster:
    type: str
    spans: list[Span] = field(default_factory=list)
    pack: PackEntity | None = None

    def surfaces(self) -> list[str]:
        return [s.text for s in self.spans]

    def longest(self) -> str:
        return max(self.surfaces(), key=lambda s: (len(s.split()), len(s)))


def _is_short_form(short: str, long: str) -> bool:
    """Whether `short` abbreviates `long` (acronym, leading words, a word of a person's name, or the singular of a plural name)."""
    if short == long:
        return False
    if short.isupper() and 1 < len(short) <= 6:
        letters = short.replace("-", "")
        return acronym(long) == letters or acronym(long).startswith(letters) and len(letters) >= 3
    short_words, long_words = fold_name(short).split(), fold_name(long).split()
    if fold_name(short) + "s" == fold_name(long):  # "Social Democrat-Green coalition": the adjective of the Social Democrats
        return True
    return len(short_words) < len(long_words) and long_words[: len(short_words)] == short_words


def _person_key(text: str) -> tuple[str, ...]:
    return tuple(fold_name(text).split())


_DATED: dict[int, list[PackEntity]] = {}


def _dated(pack_entities: dict[str, PackEntity]) -> list[PackEntity]:
    """The pack entities with dated names, found once per pipeline (the index is built once and kept)."""
    key = id(pack_entities)
    if key not in _DATED:
        _DATED[key] = [e for e in pack_entities.values() if e.dated]
    return _DATED[key]


def cluster_spans(doc: Doc, pack_entities: dict[str, PackEntity], published: date | None = None) -> list[Cluster]:
    """Group the document's entity spans into one cluster per actor.

    A pack name two parties shared in different years goes to the one that
    used it on the article's date.
    """
    dated = _dated(pack_entities)
    clusters: dict[str, Cluster] = {}
    singles: list[Span] = []
    for span in doc.ents:
        if span.kb_id_ and span.kb_id_ in pack_entities:
            entity = pack_entities[span.kb_id_]
            if published is not None and dated:
                entity = in_use_instead(entity, {fold_name(span.text)}, published, dated)
            clusters.setdefault(entity.qualified_id, Cluster(entity.type, pack=entity)).spans.append(span)
        elif span.label_ == "PERSON" and len(span) == 1:
            singles.append(span)
        else:
            key = f"{span.label_}:{fold_name(span.text)}"
            clusters.setdefault(key, Cluster(span.label_)).spans.append(span)
    singles.extend(_family_name_tokens(doc, clusters, singles))
    _merge_short_forms(clusters)
    _merge_family_names(clusters)
    _merge_parentheticals(doc, clusters)
    if doc.user_data.get("family_first", True):
        _merge_reversed_names(clusters)
    for span in singles:
        _attach_single_name(span, clusters)
    return list(clusters.values())


def _family_name_tokens(doc: Doc, clusters: dict[str, Cluster], singles: list[Span]) -> list[Span]:
    """Bare family names the tagger missed or mistyped ("Ishihara" as a place).

    A one-word name span of another type, or an untagged proper noun, that
    equals the family name of a person the article names in full is a mention
    of that person.
    """
    family = {}
    for key, cluster in list(clusters.items()):
        if cluster.type == "PERSON":
            for surface in cluster.surfaces():
                words = surface.split()
                if len(words) >= 2:
                    family[words[-1]] = key
            if cluster.pack is not None and cluster.pack.family:
                family[cluster.pack.family] = key
    found: list[Span] = []
    for key, cluster in list(clusters.items()):
        if cluster.type != "PERSON" and cluster.pack is None and all(len(s) == 1 and s.text in family for s in cluster.spans):
            found.extend(Span(doc, s.start, s.end, label="PERSON") for s in cluster.spans)
            del clusters[key]
    covered = {i for c in clusters.values() for s in c.spans for i in range(s.start, s.end)}
    covered |= {s.start for s in singles} | {s.start for s in found}
    for token in doc:
        if token.pos_ == "PROPN" and token.text in family and token.i not in covered and not token.ent_type_:
            found.append(Span(doc, token.i, token.i + 1, label="PERSON"))
    return found


def _merge_short_forms(clusters: dict[str, Cluster]) -> None:
    """Fold "DPJ" or "Nippon Ishin" into the one longer name it abbreviates."""
    organisations = [k for k, c in clusters.items() if c.type not in ("PERSON", "PLACE")]
    for key in list(organisations):
        cluster = clusters.get(key)
        if cluster is None:
            continue
        short = cluster.longest()
        owners = [other for other in organisations if other != key and other in clusters and any(_is_short_form(short, s) for s in clusters[other].surfaces())]
        if len(owners) == 1 and cluster.pack is None:
            clusters[owners[0]].spans.extend(cluster.spans)
            del clusters[key]


def _merge_family_names(clusters: dict[str, Cluster]) -> None:
    """ "De Croo" after "Alexander De Croo": a family name of several words names the one person whose name ends with it.

    One-word family names are attached later, token by token
    (`_attach_single_name`); this is the same rule for family names of two
    words or more ("De Croo", "Van der Bellen").
    """
    people = {key: [_person_key(s) for s in cluster.surfaces()] for key, cluster in clusters.items() if cluster.type == "PERSON"}
    for key, surfaces in people.items():
        if key not in clusters or clusters[key].pack is not None or any(len(words) < 2 for words in surfaces):
            continue
        owners = [
            other
            for other, names in people.items()
            if other != key and other in clusters and all(any(len(n) > len(words) and n[-len(words) :] == words for n in names) for words in surfaces)
        ]
        if len(owners) == 1:
            clusters[owners[0]].spans.extend(clusters[key].spans)
            del clusters[key]


def _merge_parentheticals(doc: Doc, clusters: dict[str, Cluster]) -> None:
    """ "Nippon Ishin no Kai (Japan Restoration Party)": the bracketed name is an alias."""
    owner_of = {id(span): key for key, c in clusters.items() for span in c.spans}
    spans = sorted((s for c in clusters.values() for s in c.spans), key=lambda s: s.start)
    for first, second in zip(spans, spans[1:], strict=False):
        between = doc[first.end : second.start].text.strip()
        closes = second.end < len(doc) and doc[second.end].text in (")", "]")
        if between in ("(", "[") and closes and first.label_ == second.label_ != "PERSON":
            keep, drop = owner_of[id(first)], owner_of[id(second)]
            if keep == drop or keep not in clusters or drop not in clusters:
                continue
            if clusters[drop].pack is not None and clusters[keep].pack is None:
                keep, drop = drop, keep
            clusters[keep].spans.extend(clusters[drop].spans)
            del clusters[drop]
            owner_of.update({id(s): keep for s in clusters[keep].spans})


def _merge_reversed_names(clusters: dict[str, Cluster]) -> None:
    """ "Koike Yuriko" and "Yuriko Koike" are one person: only in an article about a country that writes
    family names first (the packs' `name_order`), so "Martin Michael" is never merged with "Michael Martin"."""
    people = {k: _person_key(c.longest()) for k, c in clusters.items() if c.type == "PERSON"}
    for key, words in people.items():
        if key not in clusters or len(words) != 2:
            continue
        for other, other_words in people.items():
            if other != key and other in clusters and other_words == words[::-1]:
                clusters[key].spans.extend(clusters[other].spans)
                del clusters[other]


def _attach_single_name(span: Span, clusters: dict[str, Cluster]) -> None:
    """Attach "Hashimoto" to the one person in the article it can name, else keep it alone."""
    word = fold_name(span.text)
    candidates = []
    for key, cluster in clusters.items():
        if cluster.type != "PERSON":
            continue
        names = {_person_key(s) for s in cluster.surfaces()}
        if cluster.pack is not None and cluster.pack.family:
            names.add((fold_name(cluster.pack.family),))
        if any(word in (n[0], n[-1]) for n in names):
            candidates.append(key)
    if len(candidates) == 1:
        clusters[candidates[0]].spans.append(span)
    else:
        clusters.setdefault(f"PERSON:{word}", Cluster("PERSON")).spans.append(span)


def canonical_name(cluster: Cluster, published: date | None = None) -> str:
    """The pack's name when known and in use on the article's date, else the fullest form the article uses."""
    if cluster.pack is not None and (published is None or cluster.pack.in_use(fold_name(cluster.pack.name), published) is not False):
        return cluster.pack.name
    return cluster.longest()


def build_entities(doc: Doc, doc_id: str, clusters: list[Cluster], published: date | None = None) -> tuple[list[Entity], dict[int, Entity], list[Mention]]:
    """Entities of one document, the entity at each token, and every mention."""
    entities: list[Entity] = []
    by_token: dict[int, Entity] = {}
    mentions: list[Mention] = []
    for cluster in clusters:
        entity = Entity(
            name=canonical_name(cluster, published),
            type=cluster.type,
            aliases=set(cluster.surfaces()),
            pack_id=cluster.pack.qualified_id if cluster.pack else None,
        )
        entities.append(entity)
        for span in cluster.spans:
            for i in range(span.start, span.end):
                by_token[i] = entity
            mentions.append(Mention(doc_id, span.start_char, span.end_char, span.text, cluster.type, entity))
    mentions.sort(key=lambda m: m.start)
    return entities, by_token, mentions
