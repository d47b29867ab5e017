"""Read the number out of a short phrase such as 'about 600' or 'several million'.

The ledger stores both the phrase a source used and the bounds it implies; this module is the
single definition of how one follows from the other, so the validator and the codebook agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Vague words and the floor each one implies. Nothing more is read into them: "thousands" is at
# least 2,000 and has no best value and no ceiling.
VAGUE_FLOORS: dict[str, int] = {  # longest phrases first: they are matched in this order
    "hundreds of thousands": 200_000,
    "tens of thousands": 20_000,
    "several thousand": 3_000,
    "several hundred": 300,
    "several million": 3_000_000,
    "thousands": 2_000,
    "hundreds": 200,
    "millions": 2_000_000,
}

_QUALIFIER_WORDS: list[tuple[str, str]] = [
    ("approximately", "approximately"),
    ("approx", "approximately"),
    ("estimated", "approximately"),
    ("an estimate of", "approximately"),
    ("about", "approximately"),
    ("roughly", "approximately"),
    ("around", "approximately"),
    ("some", "approximately"),
    ("nearly", "nearly"),
    ("almost", "nearly"),
    ("approaching", "nearly"),
    ("at least", "at_least"),
    ("more than", "more_than"),
    ("over", "more_than"),
    ("upwards of", "more_than"),
    ("up to", "at_most"),
    ("at most", "at_most"),
    ("as many as", "at_most"),
]
# Hedges that follow the number: '5,000 or so', '600 or more', '5,000-plus'.
_TRAILING_WORDS: list[tuple[str, str]] = [
    ("or so", "approximately"),
    ("or thereabouts", "approximately"),
    ("or more", "at_least"),
    ("plus", "at_least"),
    ("or fewer", "at_most"),
    ("or less", "at_most"),
]

# Spelled-out counts ('nine', 'twenty-five', 'two thousand') are read as their digits.
_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_UNIT_RE = "|".join(_UNIT_WORDS)
_SPELLED_RE = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_TEN_WORDS)})(?:[- ](?P<ones>{'|'.join(_UNIT_WORDS[1:10])}))?"
    rf"|(?P<unit>{_UNIT_RE})|(?P<a>a)(?= (?:hundred|thousand|million)\b))\b"
)

# A count: 11,000 or 11000, or a decimal only before a scale word (1.5 million, 6k).
_NUMBER = (
    r"(\d{1,3}(?:,\d{3})+(?![\d.,])|(?<![\d,.])\d+(?:\.\d+)?(?![\d,]))"
    r"(?:\s*(million|thousand|hundred)\b|(?<=\d)([mk])(?![a-z]))?"
)
_NUMBER_RE = re.compile(_NUMBER)
_RANGE_RE = re.compile(_NUMBER + r"\s*(?:to|-|–|and)\s*" + _NUMBER)
_SCALE = {None: 1, "hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "m": 1_000_000}

# A count with a dot or a space between groups of three digits, as much of Europe writes it: 2.500, 11.000,
# 1.500.000, '11 000' (also with the no-break spaces word processors put there). Never read as a count:
# '11 000' would read as 11, and '2.500' could be two and a half.
_GROUPED = re.compile(
    r"(?<![\d.,])(\d{1,3})(?P<sep>[. \u00a0\u202f])\d{3}(?:(?P=sep)\d{3})*(?![\d,]|\.\d)"
    r"(?!\s*(?:million|thousand|hundred|[mk])\b)"
)
_SEPARATOR_NAMES = {".": "a dot", " ": "a space", "\u00a0": "a no-break space", "\u202f": "a narrow no-break space"}


@dataclass(frozen=True)
class Reading:
    """What a phrase says: its qualifier and the low/best/high it implies (None = not set)."""

    qualifier: str
    low: int | None
    best: int | None
    high: int | None
    vague_word: str | None = None


def _value(digits: str, scale: str | None) -> int | None:
    """The number a digit string and scale word stand for, or None.

    A decimal point only counts before a scale word (1.5 million): on its own, '11.000' may be a
    European thousands separator and '2.5' a fraction of a person, so neither is read as a count.
    """
    from decimal import Decimal

    if "." in digits and scale is None:
        return None
    value = Decimal(digits.replace(",", "")) * _SCALE[scale]
    return int(value) if value == value.to_integral_value() else None


def thousands_separator(text: str, whole: bool = False) -> tuple[str, int] | None:
    """The separator ('a dot', 'a space') and the count of a number written with one between its thousands.

    None when the text has no such number, or, with `whole`, is not just one. A decimal before a scale
    word is left alone: '1.5 million' and '1.250 million' are read as English writes them.
    """
    match = _GROUPED.fullmatch(text) if whole else _GROUPED.search(text.lower())
    if match is None:
        return None
    return _SEPARATOR_NAMES[match["sep"]], int(re.sub(r"\D", "", match.group()))


def bounds_for(qualifier: str, n: int, m: int | None = None) -> tuple[int | None, int | None, int | None]:
    """The (low, best, high) a qualifier implies for the number n (and m, the top of a range)."""
    match qualifier:
        case "exact":
            return n, n, n
        case "approximately":
            return None, n, None
        case "nearly" | "at_most" | "upper_estimate":
            return None, None, n
        case "at_least" | "more_than" | "vague":
            return n, None, None
        case "range":
            return n, None, m
    raise ValueError(f"unknown qualifier {qualifier!r}")


def _spelled(match: re.Match[str]) -> str:
    if match["a"]:
        return "1"
    if match["unit"]:
        return str(_UNIT_WORDS.index(match["unit"]))
    ones = _UNIT_WORDS.index(match["ones"]) if match["ones"] else 0
    return str(20 + 10 * _TEN_WORDS.index(match["tens"]) + ones)


def read_phrase(phrase: str) -> Reading | None:
    """Interpret a short number phrase; None when it states no number and no known vague word."""
    text = _SPELLED_RE.sub(_spelled, phrase.lower().strip())
    if not _NUMBER_RE.search(text):
        for word, floor in VAGUE_FLOORS.items():
            if re.search(rf"\b{word}\b", text):
                return Reading("vague", *bounds_for("vague", floor), vague_word=word)
        return None
    ranged = _RANGE_RE.search(text)
    if ranged:
        scale_a = ranged.group(2) or ranged.group(3)
        scale_b = ranged.group(5) or ranged.group(6)
        a = _value(ranged.group(1), scale_a or scale_b)
        b = _value(ranged.group(4), scale_b)
        return None if a is None or b is None else Reading("range", *bounds_for("range", a, b))
    first = _NUMBER_RE.search(text)
    assert first is not None
    n = _value(first.group(1), first.group(2) or first.group(3))
    if n is None:
        return None
    before, after = text[: first.start()], text[first.end() :]
    qualifier = "exact"
    for word, meaning in _QUALIFIER_WORDS:
        if re.search(rf"\b{word}\b", before):
            qualifier = meaning
            break
    else:
        for word, meaning in _TRAILING_WORDS:
            if re.match(rf"[\s-]*{word}\b", after):
                qualifier = meaning
                break
    return Reading(qualifier, *bounds_for(qualifier, n))
