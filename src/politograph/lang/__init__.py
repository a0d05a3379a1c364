"""A language's closed word lists, apart from the rules that read them.

The rules of nlp/ and extract/ are written against the English parse
(dependency labels, parts of speech), but the words they look for, such as
articles, pronouns, auxiliaries, prepositions, number words, month names and
the words a reader types for a post, are data: `lang/en.yaml`, read once per
process into one typed object, so a reader finds every English word in one
place and a rule says `EN.negators` rather than spelling the words out.  Trigger words of one fact type stay
beside their extractor in extract/data/*.yaml.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from politograph.lexicon import PACKAGE_DIR, load_lexicon


@dataclass(frozen=True, slots=True)
class LanguageWords:
    """Every word list of one language file, by name (see `lang/en.yaml` for what each is for)."""

    articles: frozenset[str]
    name_prefixes: tuple[str, ...]
    definite_determiners: frozenset[str]
    possessive_pronouns: frozenset[str]
    neuter_pronouns: frozenset[str]
    personal_pronouns: frozenset[str]
    person_references: frozenset[str]
    plural_subjects: frozenset[str]
    possessive_endings: frozenset[str]
    trailing_possessives: frozenset[str]
    relative_pronouns: frozenset[str]
    clause_openers: frozenset[str]
    non_count_subjects: frozenset[str]
    future_auxiliaries: frozenset[str]
    scheduling_participles: frozenset[str]
    past_auxiliaries: frozenset[str]
    plain_future: frozenset[str]
    negators: frozenset[str]
    copula: str
    coordinators: frozenset[str]
    dashes: frozenset[str]
    compound_participles: frozenset[str]
    leader_joiners: frozenset[str]
    led_by_participles: frozenset[str]
    inclusion_verbs: frozenset[str]
    feature_stop_words: frozenset[str]
    former_markers: frozenset[str]
    former_prefixes: tuple[str, ...]
    portfolio_stops: frozenset[str]
    jointly_words: frozenset[str]
    portfolio_prepositions: frozenset[str]
    shadow_words: frozenset[str]
    naming_verbs: frozenset[str]
    new_words: frozenset[str]
    demonym_plural_endings: frozenset[str]
    member_words: frozenset[str]
    group_nouns: frozenset[str]
    bare_group_nouns: frozenset[str]
    counted_group_nouns: frozenset[str]
    chamber_nouns: frozenset[str]
    legislature_noun: str
    membership_preps: frozenset[str]
    scope_preps: frozenset[str]
    seat_scope_preps: frozenset[str]
    election_body_preps: frozenset[str]
    referendum_preps: frozenset[str]
    policy_preps: frozenset[str]
    not_new_names: frozenset[str]
    not_new_name_targets: frozenset[str]
    number_units: Mapping[str, int]
    number_tens: Mapping[str, int]
    number_hundred: str
    number_joiner: str
    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    seasons: Mapping[str, str]
    count_words: Mapping[str, int]
    day_offsets: Mapping[str, int]
    relative_steps: Mapping[str, int]
    weekday_skips: Mapping[str, int]
    weekday_future_cues: frozenset[str]
    weekday_past_cues: frozenset[str]
    role_synonyms: Mapping[str, str]

    def people_of(self, demonym: str) -> str | None:
        """The plural a demonym takes for a country's people ("Canadian" -> "Canadians"), or None where it has none of its own ("Japanese")."""
        return f"{demonym}s" if demonym[-1:].lower() in self.demonym_plural_endings else None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str) -> LanguageWords:
        """The words of a parsed language file; a missing, unknown or mistyped key names the file and the key."""
        hints = typing.get_type_hints(cls)
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(data) - set(names))
        if unknown:
            raise ValueError(f"{source}: unknown key {unknown[0]!r}")
        missing = [name for name in names if name not in data]
        if missing:
            raise ValueError(f"{source}: no {missing[0]!r}")
        return cls(**{name: _typed(hints[name], data[name], f"{source}: {name}") for name in names})


def _typed(kind: Any, value: Any, where: str) -> Any:
    """A value of the file as its field's type; YAML's own readings of bare words ("no" as false) are refused."""
    origin = typing.get_origin(kind)
    if kind is str:
        return _word(value, where)
    if origin in (frozenset, tuple):
        if not isinstance(value, list):
            raise ValueError(f"{where}: expected a list, not {value!r}")
        words = [_word(item, where) for item in value]
        return frozenset(words) if origin is frozenset else tuple(words)
    if origin is Mapping:
        _, value_type = typing.get_args(kind)
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected a mapping, not {value!r}")
        return {_word(key, where): _of(value_type, item, where) for key, item in value.items()}
    raise TypeError(f"{where}: no reading for {kind!r}")


def _word(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: {value!r} is not a word (quote it in the file)")
    return value


def _of(kind: type, value: Any, where: str) -> Any:
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{where}: {value!r} is not a whole number")
    return _word(value, where) if kind is str else value


@lru_cache(maxsize=4)
def load_language(code: str) -> LanguageWords:
    """One language's words (`lang/<code>.yaml`), read once per process."""
    relative = f"lang/{code}.yaml"
    if not (PACKAGE_DIR / relative).is_file():
        raise ValueError(f"no language file {relative} in the package")
    return LanguageWords.from_mapping(load_lexicon(relative), str(PACKAGE_DIR / relative))


EN = load_language("en")
"""English, the language every shipped rule reads."""
