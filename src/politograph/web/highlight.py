"""An article's text with its facts' sentences highlighted and its mentions linked.

The text is cut at every span boundary (fact sentences, entity mentions), so
marks never overlap or nest wrongly however the spans fall; each highlighted
sentence ends with numbered links to its facts, like footnotes, and each
fact in the list links back to its sentence.
"""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup, escape

from politograph.query.browse import DocumentView


def _covering(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    return next((span for span in spans if span[0] <= start and end <= span[1]), None)


def sentence_end(text: str, start: int, end: int) -> int:
    """Where a sentence's words end, before the spaces and line breaks a parser's span keeps after it.

    A marker put after those would sit at the start of the next sentence or
    paragraph instead of at the end of its own.
    """
    trimmed = end
    while trimmed > start + 1 and text[trimmed - 1].isspace():
        trimmed -= 1
    return trimmed


def marked_text(view: DocumentView) -> Markup:
    """The text as HTML: <mark> per fact sentence (id "s-START"), <a> per resolved mention, numbered links to the facts."""
    text = view.text
    number = {found.id: i for i, found in enumerate(view.facts, start=1)}  # the facts list's numbering, in text order
    facts_at: dict[tuple[int, int], list[int]] = defaultdict(list)
    for found in view.facts:
        if found.sentence_start is not None and found.sentence_end is not None and 0 <= found.sentence_start < found.sentence_end <= len(text):
            facts_at[(found.sentence_start, sentence_end(text, found.sentence_start, found.sentence_end))].append(found.id)
    sentences = sorted(facts_at)
    mentions = {(m.start, m.end): m for m in view.mentions if 0 <= m.start < m.end <= len(text)}
    cuts = sorted({0, len(text), *(i for span in sentences for i in span), *(i for span in mentions for i in span)})
    out: list[str] = []
    opened: set[tuple[int, int]] = set()
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = str(escape(text[start:end]))
        mention_span = _covering(list(mentions), start, end)
        if mention_span is not None and mentions[mention_span].entity_id is not None:
            mention = mentions[mention_span]
            piece = f'<a class="mention {mention.type.lower()}" href="/entities/{mention.entity_id}" title="{escape(mention.type)}">{piece}</a>'
        sentence = _covering(sentences, start, end)
        if sentence is not None:
            first = sentence not in opened
            opened.add(sentence)
            anchor = f' id="s-{sentence[0]}"' if first else ""
            piece = f'<mark class="fact-sentence" data-sentence="s-{sentence[0]}"{anchor}>{piece}</mark>'
            if end == sentence[1]:
                piece += "".join(f'<sup><a class="fact-ref" href="#fact-{fact_id}">{number[fact_id]}</a></sup>' for fact_id in facts_at[sentence])
        out.append(piece)
    return Markup("".join(out))
