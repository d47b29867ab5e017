"""Load and validate a ledger folder: the one entry point for notebooks, charts and the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import LedgerError, Problem
from .rules import check_rules
from .schema import Table, check_keys, read_package, read_table, schema_fields

if TYPE_CHECKING:
    import pandas as pd

RESOURCES = ("sources", "claims", "events")

# The columns the rules and charts are written against. A datapackage.json that drops or renames
# one would silently switch a rule off, so the schema itself is checked against this list.
EXPECTED_FIELDS: dict[str, list[str]] = {
    "sources": ["source_id", "outlet", "carried_by", "title", "url", "published", "role", "note"],
    "claims": [
        "claim_id",
        "source_id",
        "measure",
        "scope",
        "wave",
        "as_reported",
        "qualifier",
        "low",
        "best",
        "high",
        "period_start",
        "period_end",
        "date_precision",
        "period_as_reported",
        "as_of",
        "originator",
        "conduit",
        "place",
        "purpose",
        "note",
    ],
    "events": [
        "event_id",
        "date_start",
        "date_end",
        "date_precision",
        "kind",
        "description",
        "source_id",
        "same_as",
        "note",
    ],
}


def default_data_dir() -> Path:
    """TROOPLEDGER_DATA if set, else the nearest data/ with a datapackage.json above the cwd.

    Notebooks run with their own folder as cwd, so walking up finds the bundle's data/ both in the
    repository and in the temporary copy that `build --check` makes.
    """
    env = os.environ.get("TROOPLEDGER_DATA")
    if env:
        return Path(env)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder / "data"
    return here / "data"


def _schema_shape(res: dict) -> list[str]:
    """What in a resource's schema the checker cannot use; normalises one-field keys given as strings."""
    schema = res.get("schema")
    if not isinstance(schema, dict) or not schema_fields(res):
        return ["the schema has no usable list of fields"]
    out = []
    pk = schema.get("primaryKey", [])
    if not (isinstance(pk, str) or (isinstance(pk, list) and all(isinstance(k, str) for k in pk))):
        out.append("primaryKey must be a field name or a list of them")
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        return [*out, "foreignKeys must be a list"]
    for fk in fks:
        ref = fk.get("reference") if isinstance(fk, dict) else None
        fields = fk.get("fields") if isinstance(fk, dict) else None
        ref_fields = ref.get("fields") if isinstance(ref, dict) else None
        fields = [fields] if isinstance(fields, str) else fields
        ref_fields = [ref_fields] if isinstance(ref_fields, str) else ref_fields
        if not (
            isinstance(ref, dict)
            and isinstance(ref.get("resource"), str)
            and isinstance(fields, list)
            and isinstance(ref_fields, list)
            and len(fields) == len(ref_fields) == 1
        ):
            out.append("each foreign key must name one field and one referenced resource field")
            continue
        fk["fields"], ref["fields"] = fields, ref_fields
    return out


def validate(data_dir: Path | str | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Read every table and run every rule; return the tables and all problems found, sorted."""
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    problems: list[Problem] = []
    if not folder.is_dir():
        return {}, [Problem(str(data_dir or folder.name), None, "", "is not a folder")]
    package = read_package(folder, problems)
    if package is None:
        return {}, problems
    by_name = {r.get("name"): r for r in package["resources"] if isinstance(r, dict)}
    for name in RESOURCES:
        res = by_name.get(name)
        if res is None:
            problems.append(Problem("datapackage.json", None, "resources", f"no resource named {name!r}"))
            continue
        for message in _schema_shape(res):
            problems.append(Problem("datapackage.json", None, name, message))
        declared = [f.get("name") for f in schema_fields(res)]
        if declared != EXPECTED_FIELDS[name]:
            problems.append(
                Problem(
                    "datapackage.json",
                    None,
                    name,
                    f"fields {declared} differ from the ones troopledger knows {EXPECTED_FIELDS[name]}",
                )
            )
    if problems:
        return {}, problems
    tables = {name: read_table(folder, by_name[name], problems) for name in RESOURCES}
    check_keys(tables, [by_name[n] for n in RESOURCES], problems)
    check_rules(tables, problems)
    problems.sort(
        key=lambda p: (
            RESOURCES.index(p.file[:-4]) if p.file[:-4] in RESOURCES else -1,
            p.line or 0,
            p.column,
            p.message,
        )
    )
    return tables, problems


@dataclass(frozen=True)
class Ledger:
    """The three validated tables as DataFrames, typed (Int64 numbers, datetime64 dates)."""

    sources: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame


def _frame(table: Table) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(table.rows, columns=[f["name"] for f in table.fields])
    for spec in table.fields:
        col = spec["name"]
        if spec.get("type") == "integer":
            frame[col] = frame[col].astype("Int64")
        elif spec.get("type") == "date":
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[s]")
        else:
            frame[col] = frame[col].astype("string")
    return frame


def load(data_dir: Path | str | None = None) -> Ledger:
    """The validated ledger; raises LedgerError listing every problem if anything is wrong."""
    tables, problems = validate(data_dir)
    if problems:
        raise LedgerError(problems)
    return Ledger(**{name: _frame(tables[name]) for name in RESOURCES})
