"""A fact as one flat row of named values, and back: the single description of a fact's columns.

A fact crosses three boundaries as such a row: into the store's `facts`
table, into spark-extract's Parquet (and back out of it, through `load`),
and out of the table into a FORMAT.md `facts.jsonl` line.  Each column is
named once here, with its Parquet type, its FORMAT.md field and whether the
table keeps it, so a field added to `Fact` is added to all three at once
instead of to one list of three.  Nothing here touches SQL: the store adds
what only it knows (entity ids, valid days, the recorded date) on top.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from politograph.model import Evidence, Fact, Modality, TimeValue


@dataclass(frozen=True, slots=True)
class FactColumn:
    """One value of a fact's row."""

    name: str
    """The row key, and the facts table's column of the same name."""
    kind: str = "string"
    """Its Spark SQL type in the Parquet output."""
    exported: str | None = None
    """Its FORMAT.md field; None where the format has none."""
    optional: bool = False
    """FORMAT.md writes it only when it is set, so facts that never have it stay short."""
    stored: bool = True
    """Whether the facts table has the column (the entity types are known from the entities themselves)."""


FACT_COLUMNS: tuple[FactColumn, ...] = (
    # FORMAT.md's order: the export writes its fields as they come here
    FactColumn("type", exported="type"),
    FactColumn("subject", exported="subject"),
    FactColumn("object", exported="object"),
    FactColumn("role", exported="role"),
    FactColumn("value", "int", exported="value"),
    FactColumn("qualifier", exported="qualifier"),
    FactColumn("start", exported="start"),
    FactColumn("end", exported="end"),
    FactColumn("when", exported="when"),
    FactColumn("modality", exported="modality"),
    FactColumn("sentence", exported="evidence"),
    FactColumn("confidence", "double", exported="confidence"),
    FactColumn("scope", exported="scope", optional=True),
    FactColumn("outcome", exported="outcome", optional=True),
    FactColumn("polarity", exported="polarity", optional=True),
    FactColumn("result", exported="result", optional=True),
    FactColumn("former", "boolean", exported="former", optional=True),
    FactColumn("won", "boolean"),
    FactColumn("sentence_start", "int"),
    FactColumn("sentence_end", "int"),
    FactColumn("subject_type", stored=False),
    FactColumn("object_type", stored=False),
)

STORED_COLUMNS = tuple(c.name for c in FACT_COLUMNS if c.stored)
"""The row keys the facts table takes as they are."""

TIME_COLUMNS = ("when", "start", "end")
"""`TimeValue`s on a fact, their text in a row ("2014-12", "2014-W23"): the text is what FORMAT.md and the table hold."""
EVIDENCE_COLUMNS = ("sentence", "sentence_start", "sentence_end")
"""The fact's `Evidence` flattened (its document is the row's)."""
_CONVERTED = frozenset((*TIME_COLUMNS, *EVIDENCE_COLUMNS, "modality"))
_PLAIN = tuple(c.name for c in FACT_COLUMNS if c.name not in _CONVERTED)


def fact_row(fact: Fact) -> dict[str, Any]:
    """Every column of `FACT_COLUMNS` for one fact, as plain values a table or Parquet holds."""
    row = {name: getattr(fact, name) for name in _PLAIN}
    row.update({name: _text(getattr(fact, name)) for name in TIME_COLUMNS})
    row["modality"] = fact.modality.value
    evidence = fact.evidence
    row.update(
        sentence=evidence.sentence if evidence else None,
        sentence_start=evidence.start if evidence else None,
        sentence_end=evidence.end if evidence else None,
    )
    return row


def row_fact(row: Mapping[str, Any], doc_id: str) -> Fact:
    """The fact a row of `fact_row` came from; a column the row lacks (Parquet written before it existed) is unset."""
    values: dict[str, Any] = {name: row.get(name) for name in _PLAIN}
    values.update({name: TimeValue(row[name]) if row.get(name) else None for name in TIME_COLUMNS})
    sentence = row.get("sentence")
    evidence = Evidence(doc_id, row["sentence_start"], row["sentence_end"], sentence) if sentence is not None else None
    return Fact(**values, modality=Modality(row["modality"]), evidence=evidence)


def _text(value: TimeValue | None) -> str | None:
    return str(value) if value is not None else None
