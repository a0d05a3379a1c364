"""Name keys for matching one actor across articles.

Within one article the NLP stage already ties "Toru Hashimoto" to
"Hashimoto"; across articles only names are left to compare, so this module
says which names may be compared at all (types that can be the same actor)
and in which forms (folded, both orders of a person's name, initials).
"""

from __future__ import annotations

from politograph.model import GROUP_TYPES, acronym, fold_name


def compatible(first: str, second: str) -> bool:
    """Whether entities of these two types may be one actor."""
    return first == second or (first in GROUP_TYPES and second in GROUP_TYPES)


def person_words(name: str) -> tuple[str, ...]:
    return tuple(fold_name(name).split())


def is_full_person_name(name: str) -> bool:
    """Two or more words: a given and a family name (in either order)."""
    return len(person_words(name)) >= 2


def person_keys(name: str) -> set[str]:
    """ "Toru Hashimoto" and "Hashimoto Toru" are one key pair: Japanese and Western order."""
    words = person_words(name)
    if len(words) < 2:
        return {" ".join(words)} if words else set()
    return {" ".join(words), " ".join((words[-1], *words[:-1]))} | ({" ".join(words[::-1])} if len(words) == 2 else set())


def initials(name: str) -> str:
    """ "Japan Restoration Party" -> "jrp": the in-document acronym rule, lower-cased; "" for a one-word name."""
    letters = acronym(name)
    return letters.lower() if len(letters) >= 2 else ""


def name_keys(entity_type: str, names: set[str]) -> set[str]:
    """Every folded key an entity's names give (people also in reversed order)."""
    keys: set[str] = set()
    for name in names:
        keys |= person_keys(name) if entity_type == "PERSON" else {fold_name(name)}
    return {k for k in keys if k}
