"""Numbers as news writes them: "62", "Twenty", "a dozen", "two-thirds" excluded."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "dozen": 12,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


def parse_number(text: str) -> int | None:
    """An integer from digits ("1,200") or English number words ("forty-two", "a dozen")."""
    cleaned = text.lower().strip().replace(",", "")
    if re.fullmatch(r"\d+", cleaned):
        return int(cleaned)
    words = re.split(r"[\s-]+", cleaned.removeprefix("a ").strip())
    total, current = 0, 0
    for word in words:
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "and":
            continue
        else:
            return None
    total += current
    return total if words else None
