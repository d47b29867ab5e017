"""What each row looked like at the last release, and what has changed since.

`troopledger release` records a fingerprint of every claim, source and event in datapackage.json
(`released`), next to the version it made. Comparing the rows with it finds every row added, removed
or changed since, a correction to an old claim as much as a new report, so that an output can say
"2.1.0 + 3 unreleased changes" instead of passing off edited figures as the released ones.

A fingerprint is a short hash of each cell, in the order of the columns recorded with it, so that a
change can be traced to its columns (the changelog names them). Cells are hashed as check reads them
(a date as YYYY-MM-DD, a count as digits), so re-quoting a file or changing its line endings changes
nothing. Each cell's hash has 24 bits: an edit goes unnoticed only if the new text hashes like the
old, about one chance in 16 million per edited cell.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from troopledger.ledger.errors import Problem
from troopledger.ledger.measures import json_line
from troopledger.ledger.schema import Table, Value

KEY = "released"
RESOURCES = ("claims", "sources", "events")  # the order changes are listed in: claims first, as readers look
CELL_HEX = 6  # hex digits per cell
ABOUT = (
    "Written by `troopledger release`: the version released and a fingerprint of every row as it was then, "
    "so that check and the outputs can tell what changed since. Not for editing."
)


@dataclass(frozen=True)
class Change:
    """One row added, changed or removed since the release; `columns` are those a changed row differs in."""

    resource: str
    id: str
    change: str  # "added", "changed" or "removed"
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Release:
    """The version last released and the rows (claim, source and event ids) that changed since.

    `unreleased` counts rows added, changed or removed; the ids are listed claims first, then sources,
    then events. A ledger never released has everything unreleased.
    """

    version: str
    unreleased: int = 0
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def cell_text(value: Value) -> str:
    """A cell as check reads it, written back: the form that is fingerprinted."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=CELL_HEX // 2).hexdigest()


class _Hashes(dict):
    """Cell hashes by text, computed once: most cells repeat (empty cells, ids, measures, dates), which
    keeps a 10,000-claim ledger's comparison with its release record to a fraction of a second."""

    def __missing__(self, text: str) -> str:
        self[text] = value = _cell_hash(text)
        return value


def row_fingerprint(row: dict[str, Value], columns: list[str], hashes: dict[str, str] | None = None) -> str:
    hashes = _Hashes() if hashes is None else hashes
    return "".join(hashes[cell_text(row.get(c))] for c in columns)


def _key(table: Table) -> str:
    return table.fields[0]["name"]  # the id column: claim_id, source_id, event_id


def record_of(tables: dict[str, Table], measures: list[str], version: str) -> dict[str, Any]:
    """The `released` property for these rows, released as `version`."""
    record: dict[str, Any] = {"about": ABOUT, "version": version, "measures": list(measures)}
    hashes = _Hashes()
    for name in RESOURCES:
        table = tables[name]
        columns = [f["name"] for f in table.fields]
        rows = {str(row[_key(table)]): row_fingerprint(row, columns, hashes) for row in table.rows}
        record[name] = {"columns": columns, "rows": rows}
    return record


def record_problems(package: dict[str, Any], text: str) -> list[Problem]:
    """What is wrong with the release record's shape; none when there is no record (never released)."""
    record = package.get(KEY)
    if record is None:
        return []
    line = json_line(text, rf'"{KEY}"\s*:')
    fix = "it is written by troopledger release: restore it from the last release (git) rather than edit it"

    def problem(what: str) -> list[Problem]:
        return [Problem("datapackage.json", line, KEY, f"{what}; {fix}")]

    if not isinstance(record, dict) or not isinstance(record.get("version"), str):
        return problem("must be an object with the version released")
    measures = record.get("measures")
    if not isinstance(measures, list) or not all(isinstance(m, str) for m in measures):
        return problem("measures must be a list of names")
    for name in RESOURCES:
        part = record.get(name)
        columns = part.get("columns") if isinstance(part, dict) else None
        rows = part.get("rows") if isinstance(part, dict) else None
        if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
            return problem(f"{name} must list its columns")
        if not isinstance(rows, dict):
            return problem(f"{name} must map each id to its fingerprint")
        shape = re.compile(rf"[0-9a-f]{{{CELL_HEX * len(columns)}}}")
        bad = [i for i, f in rows.items() if not isinstance(f, str) or not shape.fullmatch(f)]
        if bad:
            return problem(f"{name}: the fingerprint of {bad[0]} is not one of {CELL_HEX} hex digits per column")
    return []


def _cells(fingerprint: str) -> list[str]:
    return [fingerprint[i : i + CELL_HEX] for i in range(0, len(fingerprint), CELL_HEX)]


def changes_since(record: dict[str, Any] | None, tables: dict[str, Table]) -> list[Change]:
    """Every row added, changed or removed since the release `record` describes (all rows when None)."""
    changes: list[Change] = []
    hashes = _Hashes()
    empty = hashes[""]
    for name in RESOURCES:
        table = tables[name]
        key = _key(table)
        columns = [f["name"] for f in table.fields]
        part = record.get(name, {}) if record else {}
        released: dict[str, str] = part.get("rows", {})
        old_columns: list[str] = part.get("columns", columns)
        for row in table.rows:
            row_id = str(row[key])
            if row_id not in released:
                changes.append(Change(name, row_id, "added"))
                continue
            if old_columns == columns and row_fingerprint(row, columns, hashes) == released[row_id]:
                continue  # the common case, checked whole
            then = dict(zip(old_columns, _cells(released[row_id]), strict=False))
            now = {c: hashes[cell_text(row.get(c))] for c in columns}
            differ = [c for c in dict.fromkeys([*columns, *old_columns]) if then.get(c, empty) != now.get(c, empty)]
            if differ:
                changes.append(Change(name, row_id, "changed", tuple(differ)))
        current = {str(row[key]) for row in table.rows}
        changes += [Change(name, row_id, "removed") for row_id in released if row_id not in current]
    return changes


def release_of(package: dict[str, Any], tables: dict[str, Table]) -> Release:
    """The release the ledger's rows are measured against, and what is unreleased (for Ledger.release)."""
    record = package.get(KEY)
    changes = changes_since(record, tables)
    ids = {kind: tuple(c.id for c in changes if c.change == kind) for kind in ("added", "changed", "removed")}
    version = record["version"] if record else str(package.get("version", ""))
    return Release(version, len(changes), **ids)
