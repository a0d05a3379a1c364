"""The store's tables (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

Facts keep their provenance: the document, the sentence's character span and
text, and both times (valid time from the text; recorded time from the
article's date and the ingest).  `doc_entities` keeps each document's own view
of an entity (its name there and its surface forms) so exports list exactly
what each document says.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("hash", String(64), nullable=False, unique=True),
    Column("published", Date, nullable=False),  # the first day of the period `published_precision` names
    Column("published_precision", String(5)),  # "day", "month" or "year"; NULL (rows before 0004) means "day"
    Column("source", String(300)),
    Column("url", Text),
    Column("title", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("kind", String(20), nullable=False, server_default="article"),  # or "reference" (a pack's history)
)
Index("ix_documents_listed", documents.c.kind, documents.c.published.desc(), documents.c.id)  # the list of articles, newest first

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("type", String(20), nullable=False),
    Column("pack_id", String(200)),
    Index("ix_entities_name", "name", "id"),  # entity search, by name
)

aliases = Table(
    "aliases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("alias", String(300), nullable=False),
    Column("folded", String(300), nullable=False, index=True),
    Column("source", String(20), nullable=False),
    UniqueConstraint("entity_id", "folded", name="uq_alias_entity_folded"),
)

doc_entities = Table(
    "doc_entities",
    metadata,
    Column("doc_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("type", String(20), nullable=False),
    Column("aliases", Text, nullable=False),  # JSON list of surface forms
    Column("resolved_by", String(20)),  # how resolution chose the entity: pack, name, fuzzy, user, ...
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", String(300), nullable=False),
    Column("type", String(20), nullable=False),
)

facts = Table(
    "facts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", String(200), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("type", String(20), nullable=False),
    Column("subject_id", Integer, ForeignKey("entities.id"), index=True),
    Column("subject", String(300)),
    Column("object_id", Integer, ForeignKey("entities.id"), index=True),
    Column("object", String(300)),
    Column("role", String(40)),
    Column("value", Integer),
    Column("qualifier", String(20)),
    Column("scope", String(300)),
    Column("outcome", String(300)),
    Column("polarity", String(10)),
    Column("result", String(300)),
    Column("former", Boolean),
    Column("when", String(40)),
    Column("start", String(40)),
    Column("end", String(40)),
    Column("valid_from", Date),  # earliest day of when/start: for as-of queries
    Column("valid_to", Date),  # latest day of when/end
    Column("modality", String(10), nullable=False),
    Column("sentence", Text),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("confidence", Float, nullable=False, default=1.0),
    Column("recorded_at", Date, nullable=False),  # the article's publication date
    Column("won", Boolean),  # seats: won at an election (true) or held (false); NULL when the text does not say (and rows before 0005)
    Index("ix_facts_type_subject", "type", "subject_id"),
    Index("ix_facts_posts", "type", "object_id", "role", "valid_from", "modality", "subject_id", "recorded_at"),  # a post's reports by day (migration 0008)
    Index("ix_facts_type_scope_valid", "type", "scope", "valid_from"),
    Index("ix_facts_seats_latest", "type", "scope", "subject_id", "subject", "valid_from", "modality", "recorded_at", "doc_id"),
    Index("ix_facts_type_won_valid", "type", "won", "valid_from"),
    Index("ix_facts_relations", "type", "subject_id", "object_id", "valid_from", "modality", "recorded_at", "former", "end"),
    Index("ix_facts_listed", "valid_from", "recorded_at", "id", "type", "valid_to", "modality", "confidence"),  # lists (browse.list_facts): a page, a count
    Index("ix_facts_type_id", "type", "id"),  # the latest fact of a type: what keeps derived answers current
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False),  # merge | split | flag | unflag | dismiss | replace
    Column("source_key", String(300), nullable=False),
    Column("target_key", String(300), nullable=False),
    Column("type", String(20)),
    Column("name", String(300)),  # split: the folded name that goes to the target
    Column("doc_id", String(200)),  # split of one document's entity; flag: the fact's document
    Column("made_at", DateTime(timezone=True), nullable=False),
    Column("fact", Text),  # flag | unflag: the fact's stable signature as JSON (store.curation.fact_signature)
    Column("note", Text),
    Column("made_by", String(100)),
    Index("ix_decisions_kind", "kind", "id"),
)
"""Users' merge and split decisions, by entity key: ingest applies them to every later article.

Also the review's decisions: a fact flagged as wrong (or unflagged), and a
suggested duplicate pair dismissed (`source_key`/`target_key` the pair).
And a document stored again (`ingest --replace`, a pack's changed
reference), which stamps of derived answers in every process see."""

verdicts = Table(
    "verdicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(40), nullable=False, unique=True),  # the contradiction's stable key (query.asof.contradiction_key)
    Column("kind", String(10), nullable=False),  # settle | dismiss
    Column("kept", String(10)),  # settle: "first" or "second", the side the user found right
    Column("what", String(300)),  # the contradiction as it was listed, for the record
    Column("rejected", Text),  # settle: JSON list of the other side's reports, which answers then leave out
    Column("note", Text),
    Column("made_at", DateTime(timezone=True), nullable=False),
)
"""Users' decisions on contradictions, by key: a settled or dismissed one is listed no more, and a settled one's losing reports stop counting."""
