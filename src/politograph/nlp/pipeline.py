"""The NLP stage: spaCy parse, corrected entities, coreference, time expressions.

`analyze` turns `Document`s into `AnalyzedDoc`s in batches through
`nlp.pipe`, which is where nearly all of the ingest time goes; everything
politograph adds runs once per document on top of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from politograph.model import Document, Entity, Mention
from politograph.nlp.entities import PolitographEntities  # importing it registers the component
from politograph.nlp.groups import LeaderGroup, find_leader_groups
from politograph.nlp.mentions import build_entities, cluster_spans
from politograph.nlp.timex import TimeMention, find_tensed_times
from politograph.packs import Pack, PackEntity
from politograph.settings import spacy_model


@Language.component("politograph_lines")
def line_breaks_end_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline, a caption or a cabinet-list line is never glued to the next.

    The parser keeps boundaries set before it, so facts read from a headline
    cite the headline, not the headline and the first paragraph.
    """
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


class ModelNotInstalled(RuntimeError):
    """The configured spaCy pipeline is not installed; the message says how to get it."""


@dataclass(slots=True)
class AnalyzedDoc:
    """A document with everything the extractors read."""

    document: Document
    doc: Doc
    entities: list[Entity]
    entity_at: dict[int, Entity]
    mentions: list[Mention]
    times: list[TimeMention]
    groups: list[LeaderGroup] = field(default_factory=list)
    countries: tuple[str, ...] = ()  # ISO codes of the countries the article is about, the most named first
    packs: tuple[Pack, ...] = ()  # the packs the pipeline read it with


SHIPPED = "shipped"


@lru_cache(maxsize=4)
def load_nlp(model: str | None = None, packs: tuple[str, ...] | None = None, political_ner: str = SHIPPED) -> Language:
    """The spaCy pipeline with politograph's entity component, loaded once per process.

    `political_ner` is the learned NER to use: the one shipped in the
    package, a folder `politograph train` wrote, or "none" (rules and the
    English model only).
    """
    name = model or spacy_model()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed; run the set-up command from the README or set POLITOGRAPH_MODEL to an installed pipeline"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("politograph_lines", before="parser")
    nlp.add_pipe("politograph_entities", after="ner", config={"packs": list(packs or []), "political_ner": political_ner})
    if political_ner != "none":
        # The political NER reads every sentence; the English NER (half of the small model's time) is asked only about
        # the sentences where the political NER's type is in doubt (`doubtful_sentences`).
        nlp.disable_pipe("ner")
    return nlp


def entity_component(nlp: Language) -> PolitographEntities:
    """The pipeline's entity component as its own type (spaCy types every component as a plain callable)."""
    component = nlp.get_pipe("politograph_entities")
    if not isinstance(component, PolitographEntities):
        raise TypeError(f"politograph_entities is a {type(component).__name__}, not politograph's entity component")
    return component


def _pack_index(nlp: Language) -> dict[str, PackEntity]:
    return dict(entity_component(nlp).pack_matcher.entities)


@dataclass(slots=True)
class AnalysisFailure:
    """A document the NLP stage could not handle; the others go on."""

    document: Document
    error: Exception


EntitySpans = Callable[[Doc, Document], list[Span]]
"""Entity spans to use in place of the tagger's (training reads the gold mentions this way)."""


def analyze(
    documents: Iterable[Document], nlp: Language | None = None, batch_size: int = 32, entity_spans: EntitySpans | None = None
) -> Iterator[AnalyzedDoc | AnalysisFailure]:
    """Parse documents in batches and find their entities, mentions and times."""
    nlp = nlp or load_nlp()
    pack_entities = {k.removesuffix("#ctx"): v for k, v in _pack_index(nlp).items()}
    packs = entity_component(nlp).pack_matcher.packs
    pairs = ((_blank(nlp, d), d) for d in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        try:
            if entity_spans is not None:
                doc.ents = entity_spans(doc, document)
            yield analyze_parsed(doc, document, pack_entities, packs)
        except Exception as exc:  # one bad document must not stop the batch
            yield AnalysisFailure(document, exc)


def _blank(nlp: Language, document: Document) -> Doc:
    """The tokenised document with what the entity component reads besides the text: its date and source."""
    doc = nlp.make_doc(document.text)
    doc.user_data["published"] = document.published
    doc.user_data["source"] = document.source or ""
    return doc


def analyze_parsed(doc: Doc, document: Document, pack_entities: dict[str, PackEntity], packs: tuple[Pack, ...] = ()) -> AnalyzedDoc:
    """What politograph adds to one parsed document."""
    clusters = cluster_spans(doc, pack_entities, document.published)
    entities, entity_at, mentions = build_entities(doc, document.id, clusters, document.published)
    times = find_tensed_times(document.text, document.published_value)  # at the date's own precision: a "2014-12" article's "last week" is 2014-12
    groups = find_leader_groups(doc, entities, entity_at)
    return AnalyzedDoc(document, doc, entities, entity_at, mentions, times, groups, tuple(doc.user_data.get("countries", ())), packs)
