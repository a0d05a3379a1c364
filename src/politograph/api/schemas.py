"""Typed models at the HTTP edge: pages of results, write requests, and trees flattened for JSON.

The query layer's dataclasses are returned as they are wherever they already
say what a client needs; the models here add what only the edge needs (a
page's next offset, a request body's rules, a lineage tree as nested lists).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, Field

from politograph.api.deps import MAX_DOC_ID, MAX_NAME, checked_name
from politograph.query.browse import Page
from politograph.query.lineage import Branches, Lineage, Reached, Step, descend
from politograph.query.lookup import Candidate, Suggestion
from politograph.query.records import Citation

T = TypeVar("T")


class PageOut(BaseModel, Generic[T]):
    """One page of a list; ask again with `cursor=next_cursor` (or `offset=next_offset`) for the next, until it is null.

    A cursor names the page's last row, so the next page starts right after
    it whatever its depth; `offset` is the position of this page's first item.
    """

    total: int
    offset: int
    limit: int
    next_offset: int | None
    next_cursor: str | None = None
    items: list[T]

    @classmethod
    def of(cls, page: Page[Any]) -> PageOut[Any]:
        return cls(total=page.total, offset=page.offset, limit=page.limit, next_offset=page.next_offset, next_cursor=page.next_cursor, items=page.items)


class Problem(BaseModel):
    """Why a request failed; `problems` lists each bad parameter or input line.

    A name nothing goes by (404) also has `suggestions`, the closest known
    names; a name several entities go by (409) has `candidates`, to name
    one of them by `#id`.
    """

    error: str
    problems: list[str] = []
    suggestions: list[Suggestion] = []
    candidates: list[Candidate] = []


EntityRef = Annotated[str, AfterValidator(checked_name), Field(min_length=1, max_length=MAX_NAME)]
"""An entity named in a request body: bounded like the query parameters, so "#" and a huge number is a 422, not an overflow."""


class MergeRequest(BaseModel):
    source: EntityRef = Field(description="The entity to merge away: a name, an alias or #id.")
    into: EntityRef = Field(description="The entity that stays: a name, an alias or #id.")


class SplitRequest(BaseModel):
    entity: EntityRef = Field(description="The entity to split: a name, an alias or #id.")
    name: str | None = Field(None, description="Take this name out, in every article.", max_length=MAX_NAME)
    doc: str | None = Field(None, description="Take this document's mention out.", max_length=MAX_DOC_ID)
    new_name: str | None = Field(None, alias="as", description="Name of the new entity (default: the name taken out).", max_length=MAX_NAME)


class IngestResult(BaseModel):
    stored: int
    skipped: int
    facts: int
    problems: list[str]


class NetworkNode(BaseModel):
    id: int
    name: str
    type: str


class NetworkEdge(BaseModel):
    """One relation holding on the day: its term (`since`, and `until` when a report ends it) and how fresh its evidence is."""

    source: int
    target: int
    type: str
    role: str
    since: str
    until: str | None = None
    ended_by: str | None = None
    last_reported: str | None = None
    age_days: int | None = None
    reports: int
    fact: int
    component: int = 0  # its connected group of entities that day, 0 the biggest


class Network(BaseModel):
    """One page of the relations holding on `at` (as the press knew them by `known_at`), and the days on which the network changes.

    Edges come biggest connected group first; `total` edges hold that day,
    in `components` groups; ask again with `offset=next_offset` for the next
    page, until it is null.  `nodes` are the entities of this page's edges.
    """

    at: date
    known_at: date | None = None
    total: int = 0
    offset: int = 0
    limit: int = 0
    next_offset: int | None = None
    components: int = 0
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    change_days: list[date]


class SettleRequest(BaseModel):
    keep: Literal["first", "second"] = Field(description="The side whose reports are right; the other side's reports stop counting.")
    note: str | None = Field(None, description="Why (kept with the verdict).", max_length=2000)


class DismissRequest(BaseModel):
    note: str | None = Field(None, description="Why it is no real conflict (kept with the verdict).", max_length=2000)


class LineageBranch(BaseModel):
    """One step to a predecessor or successor, and that group's own branches further back or on."""

    name: str
    entity_id: int | None
    kind: str
    day: date | None
    evidence: list[Citation]
    branches: list[LineageBranch]


class LineageOut(BaseModel):
    name: str
    founded: date | None
    ended: date | None
    renames: list[Step]
    predecessors: list[LineageBranch]
    successors: list[LineageBranch]

    @classmethod
    def of(cls, answer: Lineage) -> LineageOut:
        return cls(
            name=answer.name,
            founded=answer.founded,
            ended=answer.ended,
            renames=answer.renames,
            predecessors=_branches(answer.predecessors, forward=False),
            successors=_branches(answer.successors, forward=True),
        )


def _branches(tree: Branches, forward: bool) -> list[LineageBranch]:
    """The query's tree of branches as nested JSON branches."""
    top: list[LineageBranch] = []

    def add(group: Reached, siblings: list[LineageBranch]) -> list[LineageBranch]:
        step = group.step
        siblings.append(LineageBranch(name=group.name, entity_id=group.entity_id, kind=step.kind, day=step.day, evidence=step.evidence, branches=[]))
        return siblings[-1].branches

    descend(tree, forward, add, top)
    return top
