"""The measure catalogue: what each measure in claims.csv counts and how it behaves, from datapackage.json.

The claims `measure` field lists its values twice: `enum`, which any Table Schema validator enforces,
and `categories` (Table Schema v2), which gives each value a label, a kind and what it counts. The
rules, the add command and the outputs read this catalogue, so no measure name is written in the code
and a new measure is one more category in datapackage.json. A catalogue that disagrees with its enum,
or uses a kind or a count the code does not know, is a problem `check` reports, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from troopledger.ledger.errors import Problem
from troopledger.ledger.schema import did_you_mean, nearest, schema_fields

RESOURCE, FIELD = "claims", "measure"

# What a kind of measure means for the rules: the code is written against these, not against names.
KINDS = {
    "flow": "troops moving (sent, arrived, returned): the figure refers to a period up to its claim date",
    "plan": "troops announced or expected: the period may not be over when the claim is made",
    "stock": "how many are there at the claim date (scope at_date)",
    "total": "a running total to the claim date (scope cumulative)",
}
# What a measure counts. Only `troops` measures may ever be added to a troop total.
COUNTS = {
    "troops": "soldiers, and the killed and wounded among them",
    "munitions": "shells and missiles supplied",
    "civilians": "civilian labourers: never part of a troop total",
    "work": "what the engineers did (explosive objects destroyed, hectares cleared)",
}
KEYS = ("value", "label", "kind", "counts")


@dataclass(frozen=True)
class Measure:
    """One measure as the catalogue describes it: `kind` is one of KINDS, `counts` one of COUNTS."""

    value: str
    label: str
    kind: str
    counts: str


def json_line(text: str, *patterns: str) -> int | None:
    """The line of the last of several regular expressions found one after another in a JSON text.

    A problem in datapackage.json is easier to fix on its line; the parsed JSON has no lines, so the
    text is searched for the path to the value (the field's name, then its categories, then the value).
    """
    at, found = 0, None
    for pattern in patterns:
        found = re.compile(pattern).search(text, at)
        if found is None:
            return None
        at = found.end()
    return text.count("\n", 0, found.start()) + 1 if found else None


def _field(package: dict[str, Any]) -> dict[str, Any] | None:
    resource = next((r for r in package.get("resources", []) if isinstance(r, dict) and r.get("name") == RESOURCE), {})
    return next((f for f in schema_fields(resource) if f.get("name") == FIELD), None)


def _quoted(value: str) -> str:
    return re.escape(f'"{value}"')


def catalogue(package: dict[str, Any], text: str = "") -> tuple[dict[str, Measure], list[Problem]]:
    """The measures in reading order (value -> Measure), and what is wrong with the catalogue.

    `text` is datapackage.json as written, for the line numbers of the problems. The measures are
    returned only when there is no problem: rules must not run on half a catalogue.
    """
    spec = _field(package)
    if spec is None:
        return {}, []  # the missing field is reported by the schema check, against the fields troopledger knows
    name = rf'"name"\s*:\s*{_quoted(FIELD)}'
    problems: list[Problem] = []

    def problem(line: int | None, message: str) -> None:
        problems.append(Problem("datapackage.json", line, RESOURCE, f"field {FIELD!r}: {message}"))

    enum = spec.get("constraints", {}).get("enum")
    categories = spec.get("categories")
    if not isinstance(enum, list) or not all(isinstance(v, str) for v in enum):
        return {}, []  # reported by the schema check
    if categories is None:
        problem(
            json_line(text, name),
            "has no categories: give each value of its enum a label, a kind and what it counts (see the codebook)",
        )
        return {}, problems
    block = r'"categories"\s*:\s*\['
    if not isinstance(categories, list) or not all(isinstance(c, dict) for c in categories):
        problem(json_line(text, name, block), "categories must be a list of objects with " + ", ".join(KEYS))
        return {}, problems
    measures: dict[str, Measure] = {}
    named: list[str] = []  # every category's value, complete or not: an enum value with one has a category
    strays: list[str] = []  # category values not in the enum
    for number, category in enumerate(categories, start=1):
        value = category.get("value")
        where = json_line(text, name, block, rf'"value"\s*:\s*{_quoted(value)}') if isinstance(value, str) else None
        label = repr(value) if isinstance(value, str) else str(number)
        if isinstance(value, str):
            if value in named:
                problem(
                    json_line(text, name, block, *[rf'"value"\s*:\s*{_quoted(value)}'] * 2),
                    f"category {label} appears twice",
                )
                continue
            named.append(value)
        missing = [k for k in KEYS if not isinstance(category.get(k), str) or not category[k].strip()]
        if missing:
            problem(where or json_line(text, name, block), f"category {label} needs {', '.join(missing)} (text)")
            continue
        for key, known in (("kind", KINDS), ("counts", COUNTS)):
            given = category[key]
            if given not in known:
                choices = list(known)
                hint = did_you_mean(given, choices)
                problem(where, f"category {label}: {key} {given!r} is not one of {', '.join(choices)}{hint}")
        if value not in enum:
            strays.append(value)
            hint = did_you_mean(value, enum)
            problem(where, f"category {label} is not in the enum{hint or ': add it there too, in the same place'}")
        measures[value] = Measure(*(category[k] for k in KEYS))
    for value in enum:
        if value not in named and not nearest(value, strays):  # a mistyped category is named once, above
            line = json_line(text, name, r'"enum"\s*:\s*\[', _quoted(value))
            problem(line, f"{value!r} is in the enum but has no category: add one with its label, kind and counts")
    if not problems and list(measures) != enum:
        problem(
            json_line(text, name, block),
            "categories list the measures in another order than the enum; keep both in the same (reading) order",
        )
    return ({} if problems else measures), problems


def of_kind(measures: dict[str, Measure], *kinds: str) -> list[str]:
    """The measures of these kinds, in reading order: the sets the rules apply to."""
    return [m.value for m in measures.values() if m.kind in kinds]
