"""The words for a reported number: how a claim's figure is written on charts, in titles and in answers.

Kept apart from the drawing code so that notebooks can word their answers without loading matplotlib.
"""

from __future__ import annotations

import pandas as pd

from troopledger.charts.notes import blank
from troopledger.story import anchor, ordinal

WORDS = {
    "approximately": "about ",
    "nearly": "nearly ",
    "at_most": "up to ",
    "at_least": "at least ",
    "more_than": "more than ",
}


def big(n: int) -> str:
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:g} million"
    return f"{n:,}"


def phrase(c: pd.Series) -> str:
    """A claim's number, worded by its qualifier: 'about 1,000', 'at least 3,000', '“thousands”'."""
    q = c["qualifier"]
    if q == "vague":
        return f"“{c['as_reported']}”"
    if q == "range":
        return f"{big(c['low'])}–{big(c['high'])}"
    if q == "upper_estimate":
        return f"{c['as_reported']} (an upper estimate)"
    return WORDS.get(q, "") + big(anchor(c))


def covers(c: pd.Series) -> str:
    """What part of the troops a figure covers, when not all: 'engineers, third wave'."""
    parts = [] if blank(c["unit"]) else [str(c["unit"])]
    if not blank(c["wave"]):
        parts.append(f"{ordinal(int(c['wave']))} wave")
    return ", ".join(parts)


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop: alt text is read aloud."""
    text = text.strip()
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if "." not in first:  # 'news.online.ua' is a name, kept as written
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
