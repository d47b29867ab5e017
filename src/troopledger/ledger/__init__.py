"""Load and validate a ledger folder: the one entry point for notebooks, charts and the CLI."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from troopledger.ledger.errors import LedgerError, Problem
from troopledger.ledger.fingerprints import Release, record_problems, release_of
from troopledger.ledger.measures import Measure, catalogue
from troopledger.ledger.rules import check_rules
from troopledger.ledger.schema import Table, article, check_keys, read_package, read_table, schema_fields
from troopledger.ledger.versions import CHANGELOG, CITATION, version_problems

if TYPE_CHECKING:
    import pandas as pd

RESOURCES = ("sources", "claims", "events")
# Files beside the tables that check reads too; their problems are listed before the tables'.
BUNDLE_FILES = ("datapackage.json", CITATION, CHANGELOG)
# The bundle this package was installed from: src/troopledger/ledger/ -> the bundle's root.
BUNDLE_ROOT = Path(__file__).resolve().parents[3]

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
        "unit",
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
        "caveat",
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


def installed_bundle_data() -> Path | None:
    """The data/ of the bundle this package was installed from (`make` installs src/ in place), if it has one."""
    data = BUNDLE_ROOT / "data"
    return data if (data / "datapackage.json").is_file() else None


def default_data_dir() -> Path:
    """The ledger folder tl.load() reads when given none: the first of these that holds a datapackage.json.

    1. TROOPLEDGER_DATA, when it is set (an error if it names no folder: it was set on purpose);
    2. the nearest data/ in the current folder or above it. Notebooks run with their own folder as the
       current one, so a copy of the bundle reads its own data: the temporary copy `build --check` runs
       the notebooks in, or a second checkout using the same environment;
    3. the data/ of the bundle the package was installed from, so that a notebook or script in any
       other folder, started with the bundle's Python (.venv), reads the bundle's ledger.

    Raises LedgerError saying how to name the folder when none of them holds a ledger.
    """
    how = 'name the ledger folder: tl.load("path/to/data") in Python, or TROOPLEDGER_DATA=path/to/data'
    env = os.environ.get("TROOPLEDGER_DATA")
    if env:
        if not Path(env).is_dir():
            raise LedgerError([Problem(f"TROOPLEDGER_DATA={env}", None, "", f"is not a folder; {how}")])
        return Path(env)
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "data" / "datapackage.json").is_file():
            return folder / "data"
    installed = installed_bundle_data()
    if installed is not None:
        return installed
    raise LedgerError(
        [
            Problem(
                "datapackage.json",
                None,
                "",
                f"no ledger found: no data/datapackage.json in {here} or any folder above it, nor in the "
                f"bundle troopledger was installed from ({BUNDLE_ROOT}); {how}",
            )
        ]
    )


_TYPES = {"string": str, "integer": int, "date": str}
_CONSTRAINT_TYPES = {"required": bool, "unique": bool, "minimum": int, "maximum": int, "maxLength": int, "pattern": str}


def _field_shape(f: dict) -> list[str]:
    """What in one field's definition the checker could not apply."""
    name, kind = f["name"], f.get("type", "string")
    if kind not in _TYPES:
        return [f"field {name!r}: type {kind!r} is not one of {', '.join(_TYPES)}"]
    out = []
    for key, value in f.get("constraints", {}).items():
        want = _CONSTRAINT_TYPES.get(key)
        if key == "enum":
            if not isinstance(value, list) or not all(type(v) is _TYPES[kind] for v in value):
                out.append(f"field {name!r}: enum must be a list of {kind} values")
        elif want is not None and type(value) is not want:
            out.append(f"field {name!r}: {key} must be {article(want.__name__)}")
        elif key == "pattern":
            try:
                re.compile(value)
            except re.error as exc:
                out.append(f"field {name!r}: pattern does not compile ({exc})")
    return out


def _names(value: object) -> list[str] | None:
    """A key given as a field name or a list of names, as a list; None when it is neither."""
    value = [value] if isinstance(value, str) else value
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def _schema_shape(res: dict, package: dict) -> list[str]:
    """What in a resource's definition the checker cannot use; normalises keys given as strings.

    A datapackage.json is data too: a malformed one must become problem lines, never a traceback.
    """
    path = res.get("path")
    if not isinstance(path, str) or Path(path).name != path or not path.endswith(".csv"):
        return [f"path must be a plain .csv file name in the ledger folder, not {path!r}"]
    schema = res.get("schema")
    fields = schema_fields(res)
    if not isinstance(schema, dict) or not fields:
        return ["the schema has no usable list of fields"]
    out = [problem for f in fields for problem in _field_shape(f)]
    own = {f["name"] for f in fields}
    pk = _names(schema.get("primaryKey", []))
    if pk is None:
        out.append("primaryKey must be a field name or a list of them")
    elif not set(pk) <= own:
        out.append("primaryKey names a field this resource does not have")
    else:
        schema["primaryKey"] = pk
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        return [*out, "foreignKeys must be a list"]
    others = {r.get("name"): r for r in package["resources"] if isinstance(r, dict)}
    for fk in fks:
        ref = fk.get("reference") if isinstance(fk, dict) else None
        fields_ = _names(fk.get("fields")) if isinstance(fk, dict) else None
        ref_fields = _names(ref.get("fields")) if isinstance(ref, dict) else None
        target = others.get(ref.get("resource") or res.get("name")) if isinstance(ref, dict) else None
        target_own = {f["name"] for f in schema_fields(target)} if isinstance(target, dict) else set()
        if not (fields_ and ref_fields and len(fields_) == len(ref_fields) == 1):
            out.append("each foreign key must name one field and one referenced resource field")
        elif not target_own:
            continue  # the referenced resource is unusable and reported on its own line
        elif fields_[0] not in own or ref_fields[0] not in target_own:
            out.append(f"foreign key {fields_[0]!r} -> {ref_fields[0]!r} names a field that does not exist")
        else:
            fk["fields"], ref["fields"] = fields_, ref_fields
    return out


@dataclass
class Checked:
    """A ledger folder as check reads it: the tables, every problem, and what load, add and release build on."""

    folder: Path
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    package: dict = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)


def check_folder(data_dir: Path | str | None = None) -> Checked:
    """Read every table and run every rule; the tables are empty when the schema itself is unusable."""
    try:
        folder = Path(data_dir) if data_dir is not None else default_data_dir()
    except LedgerError as exc:
        return Checked(Path("data"), problems=exc.problems)
    checked = Checked(folder)
    problems = checked.problems
    if not folder.is_dir():
        problems.append(Problem(str(data_dir or folder.name), None, "", "is not a folder"))
        return checked
    package = read_package(folder, problems)
    if package is None:
        return checked
    checked.package = package
    text = (folder / "datapackage.json").read_bytes().decode("utf-8")
    by_name = {r.get("name"): r for r in package["resources"] if isinstance(r, dict)}
    for name in RESOURCES:
        res = by_name.get(name)
        if res is None:
            problems.append(Problem("datapackage.json", None, "resources", f"no resource named {name!r}"))
            continue
        shape = _schema_shape(res, package)
        problems += [Problem("datapackage.json", None, name, message) for message in shape]
        declared = [f.get("name") for f in schema_fields(res)]
        if not shape and declared != EXPECTED_FIELDS[name]:
            problems.append(
                Problem(
                    "datapackage.json",
                    None,
                    name,
                    f"fields {declared} differ from the ones troopledger knows {EXPECTED_FIELDS[name]}",
                )
            )
    if not problems:
        checked.measures, wrong = catalogue(package, text)
        problems += wrong
    if problems:
        problems.sort(key=problem_order)
        return checked
    tables = {name: read_table(folder, by_name[name], problems) for name in RESOURCES}
    check_keys(tables, [by_name[n] for n in RESOURCES], problems)
    check_rules(tables, problems, checked.measures)
    problems += record_problems(package, text)
    problems += version_problems(folder, package, text)
    problems.sort(key=problem_order)
    checked.tables = tables
    return checked


def validate(data_dir: Path | str | None = None) -> tuple[dict[str, Table], list[Problem]]:
    """Read every table and run every rule; return the tables and all problems found, sorted."""
    checked = check_folder(data_dir)
    return checked.tables, checked.problems


def problem_order(p: Problem) -> tuple[int, int, str, str]:
    """Sort key for problems: by file (datapackage.json and the version's other places, then sources, claims,
    events), then line, column and message.

    A whole-file problem (line None) sorts first in its file, so a summary such as the one for a
    spreadsheet's dates comes before the per-cell lines it sums up.
    """
    if p.file[:-4] in RESOURCES:
        rank = len(BUNDLE_FILES) + RESOURCES.index(p.file[:-4])
    else:
        rank = BUNDLE_FILES.index(p.file) if p.file in BUNDLE_FILES else -1
    return (rank, p.line or 0, p.column, p.message)


@dataclass(frozen=True)
class Ledger:
    """The three validated tables as DataFrames, typed (Int64 numbers, datetime64 dates), and what
    datapackage.json says about them: the measure catalogue and the release the rows are measured against.
    """

    sources: pd.DataFrame
    claims: pd.DataFrame
    events: pd.DataFrame
    meta: dict = field(default_factory=dict)  # the package's title, version and licences, for citations
    folder: Path | None = None  # where it was read from: figures/ beside it holds the charts already drawn
    # Every measure in reading order (value -> Measure: label, kind, what it counts), from datapackage.json.
    measures: dict[str, Measure] = field(default_factory=dict)
    # The version last released and what changed since ("2.1.0 + 3 unreleased changes"); None only for
    # a Ledger put together by hand rather than by load().
    release: Release | None = None


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
    """The validated ledger; raises LedgerError listing every problem if anything is wrong.

    Without a folder it reads the one default_data_dir() finds (TROOPLEDGER_DATA, a data/ above the
    current folder, or the bundle the package was installed from).
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    checked = check_folder(folder)
    if checked.problems:
        raise LedgerError(checked.problems)
    package = checked.package
    meta = {k: package[k] for k in ("name", "title", "version", "licenses") if k in package}
    return Ledger(
        **{name: _frame(checked.tables[name]) for name in RESOURCES},
        meta=meta,
        folder=folder.resolve(),
        measures=dict(checked.measures),
        release=release_of(package, checked.tables),
    )
