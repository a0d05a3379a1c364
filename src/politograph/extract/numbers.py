"""Numbers as news writes them: "62", "Twenty", "a dozen", "two-thirds" excluded."""

from __future__ import annotations

import re

from politograph.lang import EN


def parse_number(text: str) -> int | None:
    """An integer from digits ("1,200") or English number words ("forty-two", "a dozen")."""
    cleaned = text.lower().strip().replace(",", "")
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    words = re.split(r"[\s-]+", cleaned.removeprefix("a ").strip())
    total, current = 0, 0
    for word in words:
        if word in EN.number_units:
            current += EN.number_units[word]
        elif word in EN.number_tens:
            current += EN.number_tens[word]
        elif word == EN.number_hundred:
            current = max(current, 1) * 100
        elif word == EN.number_joiner:
            continue
        else:
            return None
    total += current
    return total if words else None
