"""The clues one article gives about a person, for telling namesakes apart.

"Mayor Hashimoto" names nobody in particular until the knowledge base knows
one Hashimoto who was a mayor; a role fact, a title right before the name,
or a party the article puts the person in are the clues resolution checks
against what it already knows.
"""

from __future__ import annotations

import re
from functools import lru_cache

from politograph.lexicon import load_lexicon
from politograph.model import Document, Entity, Fact, Mention
from politograph.resolve.resolver import Clues

ROLES = "extract/data/roles.yaml"
TITLE_WINDOW = 40
"""Characters before a mention searched for a title ("Osaka Mayor Toru ...")."""


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    return {phrase.lower(): role for phrase, role in load_lexicon(ROLES)["titles"].items()}


def title_roles(text_before: str) -> set[str]:
    """Roles named by the last words before a name: "Osaka Mayor" -> {"mayor"}."""
    words = re.findall(r"[\w'-]+", text_before.lower())
    titles = _titles()
    return {titles[" ".join(words[-n:])] for n in (3, 2, 1) if len(words) >= n and " ".join(words[-n:]) in titles}


def clues_for(entity: Entity, document: Document, mentions: list[Mention], facts: list[Fact], stored: dict[str, int]) -> Clues:
    """Roles and memberships the article gives `entity`; `stored` maps its other entities' names to stored ids."""
    clues = Clues(document.published)
    for fact in facts:
        if fact.subject != entity.name or fact.type not in ("role", "member"):
            continue
        if fact.type == "role" and fact.role:
            clues.roles.add(fact.role)
        if fact.object in stored:
            clues.linked.add(stored[fact.object])
    for mention in mentions:
        if mention.entity is entity:
            clues.roles |= title_roles(document.text[max(0, mention.start - TITLE_WINDOW) : mention.start])
    return clues
