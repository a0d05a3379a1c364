"""What a pack knows about a country as a whole: its names, posts, chambers and name order.

The world pack (`packs/world/countries.yaml`) describes about seventy
countries; a country pack (Japan, the UK) adds its own markers.  Code asks
these records, never a word list of its own, for "Chancellor" or "Taoiseach"
(the head of government), "German" (Germany), the Bundestag and its size,
and whether people are named family name first.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROLE_OF_TITLE = {"head_of_government": "prime-minister", "head_of_state": "other", "regional_heads": "governor"}
"""FORMAT.md role word of each kind of country title (heads of state are `other`, by the corpus convention)."""


@dataclass(frozen=True, slots=True)
class Chamber:
    """A national chamber: its names and its size by period (start, end, seats)."""

    name: str
    aliases: tuple[str, ...]
    kind: str  # lower | upper | unicameral
    sizes: tuple[tuple[str, str | None, int], ...] = ()

    @property
    def local_id(self) -> str:
        return "upper" if self.kind == "upper" else "lower"


@dataclass(frozen=True, slots=True)
class Country:
    """One country's names, titles, chambers and the order its people's names are written in."""

    iso3: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # the capital, big cities and regions: PLACE entities of the country
    name_order: str = "given-first"
    titles: tuple[tuple[str, str], ...] = ()  # (title as written, FORMAT.md role)
    chambers: tuple[Chamber, ...] = ()
    legislature_names: tuple[str, ...] = ()

    @property
    def place_id(self) -> str:
        """The world pack's id of the country's PLACE entity ("deu")."""
        return self.iso3.lower()

    def chamber_id(self, chamber: Chamber) -> str:
        return f"{self.place_id}-{chamber.local_id}"

    @property
    def family_first(self) -> bool:
        return self.name_order == "family-first"

    def clues(self) -> tuple[str, ...]:
        """Every string whose presence says an article is about this country."""
        return (self.name, *self.aliases, *self.demonyms, *self.places, *self.markers)


@dataclass(slots=True)
class CountryBook:
    """Every known country by ISO code, with the lookups the extractors need."""

    countries: dict[str, Country] = field(default_factory=dict)

    def get(self, iso3: str | None) -> Country | None:
        return self.countries.get(iso3.upper()) if iso3 else None

    _demonyms: dict[str, Country] = field(default_factory=dict)

    def by_demonym(self, word: str) -> Country | None:
        """ "German" -> Germany; None for a word no country uses."""
        if not self._demonyms:
            for country in self.countries.values():
                for demonym in country.demonyms:
                    self._demonyms.setdefault(demonym.lower(), country)
        return self._demonyms.get(word.lower())

    def add_markers(self, iso3: str, name: str, markers: tuple[str, ...], name_order: str | None = None, titles: tuple[tuple[str, str], ...] = ()) -> None:
        """A country pack's own markers, name order and title words join the world record of its country."""
        known = self.countries.get(iso3)
        if known is None:
            self.countries[iso3] = Country(iso3, name or iso3, markers=markers, name_order=name_order or "given-first", titles=titles)
        else:
            self.countries[iso3] = replace(known, markers=tuple(dict.fromkeys((*known.markers, *markers))), titles=tuple(dict.fromkeys((*known.titles, *titles))))


def strip_marks(text: str) -> str:
    """Remove macrons and other combining marks ("Kōmeitō" -> "Komeito")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def transliterated(text: str) -> str:
    """German's own spelling without umlauts ("ÖVP" -> "OEVP", "Grüne" -> "Gruene"), as wire copy and URLs write them."""
    letters = []
    for index, char in enumerate(text):
        plain = UMLAUTS.get(char.lower())
        if plain is None:
            letters.append(char)
        elif char.islower():
            letters.append(plain)
        else:  # a capital: all capitals in an acronym ("OEVP"), a capital and a small letter in a word ("Oesterreich")
            following = text[index + 1 : index + 2]
            letters.append(plain.upper() if following.isupper() or not following.isalpha() else plain.capitalize())
    return "".join(letters)


class CountryFileError(ValueError):
    """A country entry is malformed; the message names the file and the entry."""


def _strings(entry: dict[str, Any], key: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"{key} must be a list")
    return tuple(str(item) for item in value)


def _chamber(entry: dict[str, Any]) -> Chamber:
    sizes = []
    for period in entry.get("seats") or []:
        to = period.get("to")
        sizes.append((str(period["from"]), str(to) if to else None, int(period["value"])))
    kind = str(entry.get("chamber", "unicameral"))
    if kind not in ("lower", "upper", "unicameral"):
        raise ValueError(f"chamber must be lower, upper or unicameral, not {kind!r}")
    return Chamber(str(entry["name"]), _strings(entry, "aliases"), kind, tuple(sizes))


def country_from(entry: dict[str, Any], source: Path) -> Country:
    """One entry of a countries file, checked."""
    try:
        iso3 = str(entry["iso3"])
        if len(iso3) != 3 or not iso3.isalpha() or not iso3.isupper():
            raise ValueError(f"iso3 must be three capital letters, not {iso3!r}")
        titles = tuple((title, role) for key, role in ROLE_OF_TITLE.items() for title in _strings(entry, key))
        order = str(entry.get("name_order", "given-first"))
        if order not in ("given-first", "family-first"):
            raise ValueError(f"name_order must be given-first or family-first, not {order!r}")
        return Country(
            iso3=iso3,
            name=str(entry["name"]),
            aliases=_strings(entry, "aliases"),
            demonyms=_strings(entry, "demonyms"),
            markers=_strings(entry, "markers"),
            places=_strings(entry, "places"),
            name_order=order,
            titles=titles,
            chambers=tuple(_chamber(c) for c in entry.get("legislature") or []),
            legislature_names=_strings(entry, "legislature_names"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CountryFileError(f"{source}: bad country entry {entry.get('iso3', entry)!r}: {exc}") from exc


def country_entries(countries: list[Country]) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]]:
    """The countries as pack entries: a PLACE per country and per city or region, a GOV_BODY per chamber, and each chamber's sizes as seats facts.

    A chamber or place name that two countries share ("House of
    Representatives", "Senate", "Punjab") is contextual: it means this
    country's one only in an article about this country.
    """
    uses: dict[str, int] = {}
    for country in countries:
        chamber_names = {n.lower() for chamber in country.chambers for n in (chamber.name, *chamber.aliases)}
        for name in chamber_names | {n.lower() for n in (*country.legislature_names, *country.places)}:
            uses[name] = uses.get(name, 0) + 1
    entries: list[tuple[str, dict[str, Any]]] = []
    history: list[dict[str, Any]] = []
    for country in countries:
        entries.append(("places", {"id": country.place_id, "name": country.name, "aliases": list(country.aliases), "country": country.iso3}))
        entries.extend(("places", entry) for entry in _place_entries(country, uses))
        for chamber in country.chambers:
            names = [chamber.name, *chamber.aliases]
            chamber_id = country.chamber_id(chamber)
            if any(e["id"] == chamber_id for _, e in entries):
                continue  # two chambers of one kind: the first one named is the country's
            entries.append(("gov_bodies", _named_entry(chamber_id, names, uses, country)))
            history.extend({"type": "seats", "subject": chamber_id, "value": value, "start": start, "end": end} for start, end, value in chamber.sizes)
        if country.legislature_names:
            entries.append(("gov_bodies", _named_entry(f"{country.place_id}-legislature", list(country.legislature_names), uses, country)))
    return entries, history


def _place_entries(country: Country, uses: dict[str, int]) -> list[dict[str, Any]]:
    """A country's cities and regions as PLACE entries; a spelling without its accents ("Liege") is the same place, not another."""
    by_plain: dict[str, list[str]] = {}
    for name in country.places:
        by_plain.setdefault(strip_marks(name).lower(), []).append(name)
    entries = []
    for names in by_plain.values():
        slug = "-".join(strip_marks(names[0]).lower().replace("'", "").split())
        shared = [n for n in names if uses.get(n.lower(), 0) > 1]
        entry: dict[str, Any] = {"id": f"{country.place_id}-{slug}", "name": names[0], "aliases": [n for n in names[1:] if n not in shared], "country": country.iso3}
        if shared:
            entry["contextual"] = shared
        entries.append(entry)
    return entries


GENERIC_CHAMBER_WORDS = frozenset(
    [
        "the",
        "of",
        "house",
        "senate",
        "congress",
        "parliament",
        "assembly",
        "chamber",
        "council",
        "diet",
        "legislature",
        "national",
        "federal",
        "representatives",
        "deputies",
        "commons",
        "lords",
        "people's",
        "upper",
        "lower",
        "state",
        "states",
        "general",
        "grand",
        "supreme",
        "republic",
    ]
)
"""Words any country's chamber may be called by: a name made only of them ("House", "National Assembly") identifies no country."""


def _generic(name: str) -> bool:
    return all(word in GENERIC_CHAMBER_WORDS for word in name.lower().split())


def _named_entry(entity_id: str, names: list[str], uses: dict[str, int], country: Country) -> dict[str, Any]:
    """A chamber's entry; a generic name, or one other countries' chambers share, is contextual, and the canonical name then says whose it is."""
    shared = [n for n in names if uses.get(n.lower(), 0) > 1 or _generic(n)]
    canonical = f"{names[0]} ({country.name})" if names[0] in shared else names[0]
    aliases = [n for n in names if n not in shared and n != canonical]
    return {"id": entity_id, "name": canonical, "aliases": aliases, "contextual": shared, "country": country.iso3}
