"""A pack's reference facts: history it asserts, kept apart from what articles report.

`history.yaml` lists facts in the FORMAT.md shape with pack ids for their
ends: foundings, splits, mergers, renames and dissolutions (a party's
lineage), posts held, and the size of each chamber by period.  They become
one stored document of kind "reference" per pack, with one line of text per
fact, so every answer can show a reference fact's evidence like an
article's, and say that it is reference data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from politograph.model import Document, Entity, Evidence, Fact, Modality, TimeValue

REFERENCE_FIELDS = ("type", "subject", "object", "role", "value", "qualifier", "scope", "result", "when", "start", "end", "as", "note")
PLAIN_SCOPES = ("national",)
"""A coalition's scope may be a word (FORMAT.md: "national" or the assembly's name) rather than a pack id."""
REFERENCE_TYPES = ("founding", "dissolution", "merger", "split", "rename", "role", "member", "seats", "coalition", "alliance")


class ReferenceError(ValueError):
    """A reference fact is malformed or names an unknown pack id; the message names the file."""


class _OtherPackMissing(LookupError):
    """A fact names another pack's entity ("world:deu") and that pack is not loaded: the fact is left out."""


@dataclass(slots=True)
class Reference:
    """A pack's reference data ready for the store: a document, its entities and its facts."""

    document: Document
    entities: list[Entity]
    facts: list[Fact]


def _time(entry: dict[str, object], key: str, source: Path) -> TimeValue | None:
    raw = entry.get(key)
    if raw is None:
        return None
    try:
        return TimeValue(str(raw))
    except ValueError as exc:
        raise ReferenceError(f"{source}: {key}={raw!r} is not an ISO date in {entry!r}") from exc


def _entity_name(entry: dict[str, object], field_name: str, known: dict[str, Entity], used: dict[str, Entity], where: str) -> str | None:
    """The canonical name of the pack id in `field_name`, noting the entity as used."""
    raw = entry.get(field_name)
    if raw is None:
        return None
    if str(raw) not in known and ":" in str(raw):
        raise _OtherPackMissing(str(raw))
    if str(raw) not in known:
        raise ReferenceError(f"{where} has no id {raw!r} ({field_name} of {entry!r})")
    used[str(raw)] = known[str(raw)]
    return known[str(raw)].name


def describe(fact: Fact, note: str | None = None) -> str:
    """One readable line for a reference fact: its evidence sentence."""
    ends = " and ".join(e for e in (fact.subject, fact.object) if e)
    detail = {
        "role": f"{fact.subject} held the post {fact.role} of {fact.object}",
        "member": f"{fact.subject} belonged to {fact.object}",
        "seats": f"{fact.subject} had {fact.value} seats",
        "rename": f"{fact.subject} took the name {fact.result}",
        "merger": f"{ends} merged" + (f" into {fact.result}" if fact.result else ""),
        "split": f"{fact.object or 'a group'} split from {fact.subject}",
        "founding": f"{fact.object} was founded" + (f" by {fact.subject}" if fact.subject else ""),
        "dissolution": f"{fact.subject} was dissolved",
    }.get(fact.type, f"{fact.type} of {ends}")
    times = [f"{label} {value}" for label, value in (("on", fact.when), ("from", fact.start), ("until", fact.end)) if value]
    return f"{detail} ({', '.join(times) or 'date unknown'})." + (f" {note}" if note else "")


def build_reference(pack_name: str, as_of: date, history: list[tuple[Path, list[dict[str, object]]]], known: dict[str, Entity], label: str | None = None) -> Reference:
    """Turn the history files' entries into facts with evidence lines in one reference document.

    `known` maps the pack's own ids, and the qualified ids of other packs'
    entities its facts may name ("world:deu-lower"), to entities.  A fact
    naming an entity of a pack that is not loaded is left out; an unknown id
    of the pack itself is an error.
    """
    facts: list[Fact] = []
    lines: list[str] = []
    used: dict[str, Entity] = {}
    offset = 0
    for source, entry in ((source, entry) for source, entries in history for entry in entries):
        unknown = set(entry) - set(REFERENCE_FIELDS)
        if unknown or entry.get("type") not in REFERENCE_TYPES:
            raise ReferenceError(f"{source}: bad reference fact {entry!r} (type must be one of {', '.join(REFERENCE_TYPES)}; unknown fields {sorted(unknown)})")

        def end(field_name: str, entry: dict[str, object] = entry, source: Path = source) -> str | None:
            return _entity_name(entry, field_name, known, used, f"{source}: the {pack_name} pack")

        try:
            fact = _reference_fact(entry, end, known, source)
        except _OtherPackMissing:
            continue
        line = describe(fact, str(entry["note"]) if entry.get("note") else None)
        fact.evidence = Evidence(f"pack:{pack_name}", offset, offset + len(line), line)
        offset += len(line) + 1
        lines.append(line)
        facts.append(fact)
    title = f"Reference data of the {pack_name} pack"
    document = Document(f"pack:{pack_name}", "\n".join(lines), as_of, label or f"{pack_name} pack (reference data)", title=title, kind="reference")
    return Reference(document, list(used.values()), facts)


def _reference_fact(entry: dict[str, object], end: Callable[[str], str | None], known: dict[str, Entity], source: Path) -> Fact:
    """One history entry as a fact; its ends are looked up (and noted as used) by `end`."""
    result = entry.get("result")
    scope = entry.get("scope")
    value = entry.get("value")
    fact = Fact(
        type=str(entry["type"]),
        subject=str(entry["as"]) if entry.get("as") else end("subject"),
        object=end("object"),
        role=str(entry["role"]) if entry.get("role") else None,
        value=int(value) if isinstance(value, int | float | str) else None,
        qualifier="exact" if value is not None else None,
        scope=end("scope") if scope is not None and scope not in PLAIN_SCOPES else (str(scope) if scope else None),
        result=(known[str(result)].name if str(result) in known else str(result)) if result else None,
        when=_time(entry, "when", source),
        start=_time(entry, "start", source),
        end=_time(entry, "end", source),
        modality=Modality.ASSERTED,
    )
    if entry.get("as"):
        end("subject")  # the entity still has to exist
    return fact
