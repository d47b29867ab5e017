"""The measure catalogue lives in data/datapackage.json alone: each measure's label, kind and what it counts.

Rules and add read it from the loaded package; a catalogue that disagrees with its enum, or names a kind
or a count the code does not know, is a problem with its file, line and column. Tests work on copies of
tests/corpus/_base (its measures are the first nine of the shipped ones; see tests/test_rules.py).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

import troopledger
from troopledger.ledger import measures as catalogue_module
from troopledger.ledger.measures import Measure

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "troopledger"

# The catalogue as the codebook states it: value, label, kind, counts, in reading order.
SHIPPED = [
    ("troops_sent", "troops sent", "flow", "troops"),
    ("troops_planned", "troops planned", "plan", "troops"),
    ("troops_arrived", "troops arrived", "flow", "troops"),
    ("troops_returned", "troops returned", "flow", "troops"),
    ("troops_present", "troops present", "stock", "troops"),
    ("killed", "killed", "total", "troops"),
    ("wounded", "wounded", "total", "troops"),
    ("casualties", "casualties (killed and wounded)", "total", "troops"),
    ("artillery_shells", "artillery shells", "total", "munitions"),
    ("ballistic_missiles", "ballistic missiles", "total", "munitions"),
    ("workers_sent", "workers sent (civilians)", "total", "civilians"),
    ("explosive_objects_destroyed", "explosive objects destroyed", "total", "work"),
    ("hectares_cleared", "hectares cleared", "total", "work"),
]


def problems(ledger: Path) -> list[str]:
    return [str(p) for p in troopledger.validate(ledger)[1]]


def measure_field(package: dict) -> dict:
    (claims,) = [r for r in package["resources"] if r["name"] == "claims"]
    (spec,) = [f for f in claims["schema"]["fields"] if f["name"] == "measure"]
    return spec


def edit_measure_field(ledger: Path, change: Callable[[dict], None]) -> str:
    """Change the measure field of the ledger's datapackage.json; returns the text written."""
    path = ledger / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    change(measure_field(package))
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str, after: str = '"name": "measure"') -> int:
    start = text.index(after)
    return text.count("\n", 0, text.index(needle, start)) + 1


# --- the shipped catalogue -------------------------------------------------------------------------


def test_shipped_catalogue() -> None:
    ledger = troopledger.load(ROOT / "data")
    assert [dataclasses.astuple(m) for m in ledger.measures.values()] == SHIPPED
    assert list(ledger.measures) == [m[0] for m in SHIPPED]
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert measure_field(package)["constraints"]["enum"] == list(ledger.measures), "enum kept, same order"


def test_a_measure_is_a_small_frozen_record() -> None:
    measure = troopledger.load(ROOT / "data").measures["workers_sent"]
    assert measure == Measure("workers_sent", "workers sent (civilians)", "total", "civilians")
    with pytest.raises(dataclasses.FrozenInstanceError):
        measure.kind = "flow"  # type: ignore[misc]


def test_every_measure_in_the_ledger_is_in_the_catalogue() -> None:
    ledger = troopledger.load(ROOT / "data")
    assert set(ledger.claims["measure"]) <= set(ledger.measures)


# --- rules follow the catalogue ----------------------------------------------------------------------


def test_a_renamed_measure_needs_no_code(base_ledger: Path) -> None:
    """A measure is data: renamed in datapackage.json and the rows, the rules apply to it as before."""

    def rename(spec: dict) -> None:
        spec["constraints"]["enum"][0] = "troops_deployed"
        spec["categories"][0].update(value="troops_deployed", label="troops deployed")

    edit_measure_field(base_ledger, rename)
    path = base_ledger / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",troops_sent,", ",troops_deployed,"), encoding="utf-8")
    assert problems(base_ledger) == []
    rows = path.read_text(encoding="utf-8").replace("2024-10-01,2024-10-31,month", "2025-10-01,2025-10-31,month")
    path.write_text(rows, encoding="utf-8")
    assert problems(base_ledger) == [
        "claims.csv:4: period_end: 2025-10-31 is after as_of (2025-06-26), "
        "but a troops_deployed figure must refer to an earlier period"
    ]


def test_the_kind_decides_the_scope(base_ledger: Path) -> None:
    """killed made a stock in the catalogue: its cumulative claim must now be counted at its date."""
    edit_measure_field(base_ledger, lambda spec: spec["categories"][5].update(kind="stock"))
    assert problems(base_ledger) == [
        "claims.csv:5: scope: killed is a count at the claim date: use at_date",
    ]


# --- a catalogue check reports -----------------------------------------------------------------------


def _drop_categories(spec: dict) -> None:
    del spec["categories"]


def test_categories_are_required(base_ledger: Path) -> None:
    text = edit_measure_field(base_ledger, _drop_categories)
    line = line_of(text, '"name": "measure"', after='"name": "claims"')
    assert problems(base_ledger) == [
        f"datapackage.json:{line}: claims: field 'measure': has no categories: give each value of its enum a "
        "label, a kind and what it counts (see the codebook)"
    ]


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        (
            lambda spec: spec["categories"][8].update(counts="shells"),
            '"value": "artillery_shells"',
            "category 'artillery_shells': counts 'shells' is not one of troops, munitions, civilians, work",
        ),
        (
            lambda spec: spec["categories"][1].update(kind="Plan"),
            '"value": "troops_planned"',
            "category 'troops_planned': kind 'Plan' is not one of flow, plan, stock, total; did you mean plan?",
        ),
        (
            lambda spec: spec["categories"][0].update(value="troop_sent"),
            '"value": "troop_sent"',
            "category 'troop_sent' is not in the enum; did you mean troops_sent?",
        ),
        (
            lambda spec: spec["categories"][6].update(label=""),
            '"value": "wounded"',
            "category 'wounded' needs label (text)",
        ),
        (
            lambda spec: spec["categories"].append(dict(spec["categories"][5])),
            '"value": "killed"',
            "category 'killed' appears twice",
        ),
    ],
    ids=["unknown-counts", "unknown-kind", "not-in-enum", "no-label", "twice"],
)
def test_a_category_at_fault_is_named_on_its_line(
    base_ledger: Path, change: Callable[[dict], None], needle: str, message: str
) -> None:
    text = edit_measure_field(base_ledger, change)
    line = line_of(text, needle, after='"categories"')
    if "appears twice" in message:  # the second of the two
        second = text.index(needle, text.index(needle, text.index('"categories"')) + 1)
        line = text.count("\n", 0, second) + 1
    assert problems(base_ledger) == [f"datapackage.json:{line}: claims: field 'measure': {message}"]


def test_a_category_not_in_the_enum_without_a_near_value(base_ledger: Path) -> None:
    text = edit_measure_field(
        base_ledger, lambda spec: spec["categories"].append({**spec["categories"][8], "value": "naval_mines"})
    )
    line = line_of(text, '"value": "naval_mines"')
    assert problems(base_ledger) == [
        f"datapackage.json:{line}: claims: field 'measure': category 'naval_mines' is not in the enum: add it there "
        "too, in the same place"
    ]


def test_an_enum_value_without_a_category(base_ledger: Path) -> None:
    text = edit_measure_field(base_ledger, lambda spec: spec["categories"].pop())
    line = line_of(text, '"artillery_shells"', after='"enum"')
    assert problems(base_ledger) == [
        f"datapackage.json:{line}: claims: field 'measure': 'artillery_shells' is in the enum but has no category: "
        "add one with its label, kind and counts"
    ]


def test_categories_in_another_order_than_the_enum(base_ledger: Path) -> None:
    text = edit_measure_field(base_ledger, lambda spec: spec["categories"].reverse())
    line = line_of(text, '"categories"')
    assert problems(base_ledger) == [
        f"datapackage.json:{line}: claims: field 'measure': categories list the measures in another order than "
        "the enum; keep both in the same (reading) order"
    ]


def test_categories_not_a_list_of_objects(base_ledger: Path) -> None:
    text = edit_measure_field(base_ledger, lambda spec: spec.update(categories=["troops_sent"]))
    line = line_of(text, '"categories"')
    assert problems(base_ledger) == [
        f"datapackage.json:{line}: claims: field 'measure': categories must be a list of objects with value, "
        "label, kind, counts"
    ]


def test_catalogue_without_text_still_names_the_fault() -> None:
    """Lines come from the text; without it the problem is still reported, on no line."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    measure_field(package)["categories"][0]["kind"] = "flows"
    measures, found = catalogue_module.catalogue(package)
    assert measures == {}
    assert [str(p) for p in found] == [
        "datapackage.json: claims: field 'measure': category 'troops_sent': kind 'flows' is not one of flow, plan, "
        "stock, total; did you mean flow?"
    ]
