"""Table Schema checks, driven by data/datapackage.json: types, required, enums, patterns, keys.

Pure Python on the csv module, because `check` must stay fast on large ledgers and must never
turn bad input into a traceback: every fault becomes a Problem with file, line and column.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from troopledger.ledger.errors import Problem
from troopledger.ledger.phrases import thousands_separator

MAX_FILE_BYTES = 50 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Readable wording for the schema's patterns, keyed by column name.
PATTERN_HINTS = {
    "url": "is not an http(s) URL",
    "source_id": "is not a valid id (lower-case letters, digits and single hyphens)",
    "claim_id": "is not a valid claim id (C followed by three or more digits)",
    "event_id": "is not a valid event id (E followed by two or more digits)",
    "same_as": "is not a valid event id (E followed by two or more digits)",
}


class _Invalid:
    """Marks a cell that failed its own check, so cross-field rules skip it instead of misreading it."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID = _Invalid()
Value = str | int | dt.date | _Invalid | None
MAX_DIGITS = 15  # far above any count here; keeps int() away from pathological cells


def article(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


@dataclass
class Table:
    """A CSV file read against its schema: typed rows plus the editor line each row starts on."""

    name: str
    file: str
    fields: list[dict[str, Any]]
    rows: list[dict[str, Value]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    readable: bool = False
    # First cell of every row read, even rows rejected for their shape, so that a reference to
    # such a row's id is not also reported as dangling.
    seen_ids: set[str] = field(default_factory=set)


def show(value: str, limit: int = 40) -> str:
    """Quote a cell for a message, shortened so one bad cell cannot flood the report."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(text)


def nearest(text: str, choices: list[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The known values closest to a mistyped one, closest first, ties in the order given; [] when none is close.

    Case is ignored in the comparison ('Meeting' is meeting), so a capital letter alone never hides
    the value that was meant.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(text.casefold())
    scored = []
    for i, choice in enumerate(choices):
        matcher.set_seq1(choice.casefold())
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
            scored.append((-matcher.ratio(), i, choice))
    return [choice for _, _, choice in sorted(scored)[:n]]


def did_you_mean(text: str, choices: list[str], n: int = 1) -> str:
    """'; did you mean X?' (or 'X, Y or Z?') for the values closest to text, or '' when none is close."""
    close = nearest(text, choices, n)
    if not close:
        return ""
    names = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f"; did you mean {names}?"


def read_package(data_dir: Path, problems: list[Problem]) -> dict[str, Any] | None:
    path = data_dir / "datapackage.json"
    if not path.is_file():
        problems.append(Problem("datapackage.json", None, "", "file is missing"))
        return None
    try:
        package = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem("datapackage.json", None, "", "is not UTF-8 text"))
        return None
    except json.JSONDecodeError as exc:
        problems.append(_json_problem(path.read_bytes().decode("utf-8"), exc))
        return None
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        problems.append(Problem("datapackage.json", None, "resources", "no list of resources"))
        return None
    return package


def _json_problem(text: str, exc: json.JSONDecodeError) -> Problem:
    """Our own words for a JSON fault, so the message does not change with the Python version.

    The commonest slip, a comma before a closing bracket, is named on the comma's line; anything else is
    reported on the line where the parser stopped.
    """
    trailing = re.search(r",(\s*)[}\]]", text)
    if trailing and trailing.start() <= exc.pos + len(trailing.group(1)) + 1:
        line = text.count("\n", 0, trailing.start()) + 1
        return Problem("datapackage.json", line, "", "not valid JSON: a comma before a closing bracket; remove it")
    return Problem(
        "datapackage.json", exc.lineno, "", "not valid JSON: the parser stopped here; check quotes, commas and brackets"
    )


def _decode(raw: bytes, file: str, problems: list[Problem]) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(Problem(file, None, "", "file is UTF-16 encoded; save it as UTF-8"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        problems.append(Problem(file, line, "", "contains NUL bytes (UTF-16 or a binary file?); save it as UTF-8"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        byte = raw[exc.start]
        problems.append(
            Problem(
                file,
                line,
                "",
                f"not valid UTF-8 (byte 0x{byte:02x} at character {col}; "
                "Latin-1 or Windows-1252?); save the file as UTF-8",
            )
        )
        return None


def _check_header(header: list[str], names: list[str], file: str, problems: list[Problem]) -> bool:
    if len(header) == 1 and len(names) > 1:
        for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
            if sep in header[0]:
                problems.append(Problem(file, 1, "header", f"columns are separated by {label}; use commas"))
                return False
    before = len(problems)
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(file, 1, "header", f"column {show(name)} appears twice"))
        seen.add(name)
    for name in names:
        if name not in header:
            problems.append(Problem(file, 1, "header", f"missing column {show(name)}"))
    for name in header:
        if name not in names:
            problems.append(Problem(file, 1, "header", f"unexpected column {show(name)}"))
    if len(problems) > before:
        return False
    if header != names:
        for i, (got, want) in enumerate(zip(header, names, strict=True), start=1):
            if got != want:
                problems.append(
                    Problem(
                        file,
                        1,
                        "header",
                        f"column {i} is {show(got)}, expected {show(want)} (columns must be in the schema's order)",
                    )
                )
                return False
    return True


def _convert(text: str, spec: dict[str, Any], file: str, line: int, problems: list[Problem]) -> Value:
    """Check one cell against its field spec and return its typed value (None when empty)."""
    name = spec["name"]
    cons = spec.get("constraints", {})
    if text != text.strip():
        problems.append(Problem(file, line, name, f"{show(text)} has leading or trailing spaces"))
        return INVALID
    if text == "":
        if cons.get("required"):
            problems.append(Problem(file, line, name, "is required but empty"))
        return None
    kind = spec.get("type", "string")
    if kind == "integer":
        if not re.fullmatch(r"-?[0-9]+", text):
            grouped = thousands_separator(text, whole=True)
            if grouped:
                separator, count = grouped
                why = f"uses {separator} as a thousands separator; {name} takes digits only: write {count}"
            else:
                hint = " (digits only, e.g. 11000)" if re.fullmatch(r"[\d,. ]+", text) else ""
                why = f"is not a whole number{hint}"
            problems.append(Problem(file, line, name, f"{show(text)} {why}"))
            return INVALID
        if len(text.lstrip("-")) > MAX_DIGITS:
            digits = len(text.lstrip("-"))
            problems.append(Problem(file, line, name, f"{show(text)} has {digits} digits; too large for a count"))
            return INVALID
        value = int(text)
        low, high = cons.get("minimum"), cons.get("maximum")
        if low is not None and value < low:
            why = "is negative; counts start at 0" if low == 0 else f"is below the minimum {low}"
        elif high is not None and value > high:
            why = f"is above the maximum {high}"
        elif "enum" in cons and value not in cons["enum"]:
            why = f"is not one of {', '.join(str(v) for v in cons['enum'])}"
        else:
            return value
        problems.append(Problem(file, line, name, f"{value} {why}"))
        return INVALID
    if kind == "date":
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            problems.append(Problem(file, line, name, f"{show(text)} is not a real date in the form YYYY-MM-DD"))
            return INVALID
    if text.startswith(FORMULA_START):
        problems.append(Problem(file, line, name, f"{show(text)} looks like a spreadsheet formula"))
        return INVALID
    if "enum" in cons and text not in cons["enum"]:
        choices = f"{', '.join(cons['enum'])}{did_you_mean(text, cons['enum'])}"
        problems.append(Problem(file, line, name, f"{show(text)} is not one of {choices}"))
        return INVALID
    if "pattern" in cons and not re.fullmatch(cons["pattern"], text):
        hint = PATTERN_HINTS.get(name, f"does not match the pattern {cons['pattern']}")
        problems.append(Problem(file, line, name, f"{show(text)} {hint}"))
        return INVALID
    if "maxLength" in cons and len(text) > cons["maxLength"]:
        problems.append(Problem(file, line, name, f"is {len(text)} characters long; the limit is {cons['maxLength']}"))
        return INVALID
    return text


def schema_fields(resource: dict[str, Any]) -> list[dict[str, Any]]:
    """The resource's field list, or [] when datapackage.json does not give a usable one."""
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
        return []
    for f in fields:
        if not isinstance(f.get("constraints", {}), dict):
            f["constraints"] = {}
    return fields


# --- hand edits: an unquoted comma, a spreadsheet's dates ------------------------------------------

QUOTE_HINT = 'a value containing a comma must be in double quotes ("11,000", not 11,000)'
_SPLIT_HEAD = re.compile(r"(?<![\d,])\d{1,3}\Z")  # 'about 5', '11': what precedes a thousands comma
_SPLIT_TAIL = re.compile(r"\d{3}(?![\d,])")  # '000', '000 more': what follows one


def _row_faults(cells: list[str], fields: list[dict[str, Any]]) -> int:
    """How many cells of a candidate row fail their own check: the fewer, the likelier the row."""
    scratch: list[Problem] = []
    for spec, cell in zip(fields, cells, strict=True):
        _convert(cell, spec, "", 0, scratch)
    return len(scratch)


def _comma_split(cells: list[str], fields: list[dict[str, Any]]) -> int | None:
    """Where a row with one cell too many was split by an unquoted thousands comma, if one place fits.

    A hand-typed `about 5,000` without quotes becomes the cells 'about 5' and '000'. Every
    adjacent pair shaped like that (digits, then a piece starting with exactly three digits) is a
    candidate; re-joining it must give the row that type-checks best, and only one candidate may
    do so, or the position is a guess and None is returned.
    """
    candidates = [i for i in range(len(cells) - 1) if _SPLIT_HEAD.search(cells[i]) and _SPLIT_TAIL.match(cells[i + 1])]
    scored = sorted(
        (_row_faults([*cells[:i], f"{cells[i]},{cells[i + 1]}", *cells[i + 2 :]], fields), i) for i in candidates
    )
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def _cell_count_problem(cells: list[str], fields: list[dict[str, Any]], file: str, line: int) -> Problem:
    """A row of the wrong length; with one cell too many, find the unquoted comma that split a value."""
    count = f"row has {len(cells)} cells; the header has {len(fields)}"
    if len(cells) < len(fields):
        return Problem(file, line, "", count)
    at = _comma_split(cells, fields) if len(cells) == len(fields) + 1 else None
    if at is None:
        return Problem(file, line, "", f"{count}: {QUOTE_HINT}")
    head, tail = cells[at], cells[at + 1]
    value = f"{head},{tail}"
    spec = fields[at]
    if spec.get("type") == "integer" and re.fullmatch(r"\d{1,3}(,\d{3})+", value):
        fix = f"{spec['name']} takes digits only: write {value.replace(',', '')}"
    else:
        quoted = '"' + value.replace('"', '""') + '"'
        example = f" ({quoted})" if len(quoted) <= 42 else ""
        fix = f"put a value containing a comma in double quotes{example}"
    split = f"{show(head)} and {show(tail)} look like one value, {show(value)}, split at its comma"
    return Problem(file, line, spec["name"], f"{count}: {split}; {fix}")


# Day, month and year as spreadsheets write them when they re-save an ISO date in a local format.
_SHEET_DATE = re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")
_SHEET_DATE_YEAR_FIRST = re.compile(r"\d{4}/\d{1,2}/\d{1,2}")
SHEET_DATES_MIN = 3  # fewer than this many is a typo or two, reported cell by cell only


def _sheet_form(texts: list[str]) -> str:
    """Name the local date form the cells share: M/D/YYYY, D/M/YYYY, DD.MM.YYYY, or both when unclear.

    Which number is the month shows only in a cell whose other number is above 12 (6/26/2025);
    dotted dates are day first unless a cell proves otherwise, as in the locales that write them.
    """
    if all(_SHEET_DATE_YEAR_FIRST.fullmatch(t) for t in texts):
        return "YYYY/M/D"
    matches = [m for m in map(_SHEET_DATE.fullmatch, texts) if m]
    sep = matches[0]["sep"]
    year = "YYYY" if len(matches[0]["y"]) == 4 else "YY"
    day_first = any(int(m["a"]) > 12 for m in matches)
    month_first = any(int(m["b"]) > 12 for m in matches)
    d, m_ = ("DD", "MM") if sep == "." else ("D", "M")
    month_day, day_month = f"{m_}{sep}{d}{sep}{year}", f"{d}{sep}{m_}{sep}{year}"
    if day_first != month_first:
        return day_month if day_first else month_day
    if sep == "." and not month_first:
        return day_month
    return f"{month_day} or {day_month}"


def _shows_month(text: str) -> bool:
    """True for a local date whose day is above 12, so that the reader can tell day from month."""
    match = _SHEET_DATE.fullmatch(text)
    return match is not None and max(int(match["a"]), int(match["b"])) > 12


def _check_spreadsheet_dates(dates: list[tuple[int, str]], file: str, problems: list[Problem]) -> None:
    """One summary line when a spreadsheet has rewritten the file's dates, above the per-cell lines.

    `dates` holds (line, text) of the file's non-empty date cells. The line is added when at least
    SHEET_DATES_MIN of them, and more than half, are in a local form (M/D/YYYY, D/M/YYYY,
    DD.MM.YYYY, YYYY/M/D): a re-save rewrites every date, while a mistyped date or two stays a
    per-cell line. Each cell keeps its own line too, so every one can be found and fixed.
    """
    local: dict[str, list[tuple[int, str]]] = {}  # by separator: '/' and '.' dates are never one form
    for line, text in dates:
        match = _SHEET_DATE.fullmatch(text)
        family = match["sep"] if match else "year-first" if _SHEET_DATE_YEAR_FIRST.fullmatch(text) else None
        if family:
            local.setdefault(family, []).append((line, text))
    count = sum(len(group) for group in local.values())
    if count < SHEET_DATES_MIN or 2 * count <= len(dates):
        return
    forms = " and ".join(_sheet_form([text for _, text in group]) for group in local.values())
    # The example is the first cell that shows which number is the month (6/26/2025, not 7/1/2025).
    line, text = min((not _shows_month(text), line, text) for group in local.values() for line, text in group)[1:]
    share = f"all {count}" if count == len(dates) else f"{count} of {len(dates)}"
    problems.append(
        Problem(
            file,
            None,
            "",
            f"{share} dates look like a spreadsheet re-saved them as {forms} (e.g. {show(text)} on line {line}); "
            "dates must be YYYY-MM-DD: re-save as CSV with dates formatted as YYYY-MM-DD, "
            "or undo the spreadsheet's changes",
        )
    )


def read_table(data_dir: Path, resource: dict[str, Any], problems: list[Problem]) -> Table:
    """Read one resource's CSV; problems go to `problems`, never out as exceptions."""
    file = str(resource.get("path", f"{resource.get('name')}.csv"))
    fields = schema_fields(resource)
    table = Table(name=str(resource.get("name")), file=file, fields=fields)
    path = data_dir / file
    if not path.is_file():
        problems.append(Problem(file, None, "", "file is missing"))
        return table
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(
            Problem(file, None, "", f"file is {size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
        )
        return table
    text = _decode(path.read_bytes(), file, problems)
    if text is None:
        return table
    if not text.strip():
        problems.append(Problem(file, None, "", "file is empty"))
        return table
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    names = [f["name"] for f in fields]
    start = 1  # the line the record being read starts on
    dates: list[tuple[int, str]] = []  # (line, text) of every non-empty date cell, for the spreadsheet check
    try:
        header = next(reader)
        if not _check_header(header, names, file, problems):
            return table
        table.readable = True
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if cells and cells[0]:
                table.seen_ids.add(cells[0])
            if not cells or all(c == "" for c in cells):
                problems.append(Problem(file, line, "", "row is blank"))
                continue
            if len(cells) != len(names):
                problems.append(_cell_count_problem(cells, fields, file, line))
                continue
            row = {
                spec["name"]: _convert(cell, spec, file, line, problems)
                for spec, cell in zip(fields, cells, strict=True)
            }
            table.rows.append(row)
            table.lines.append(line)
            dates += [
                (line, cell) for spec, cell in zip(fields, cells, strict=True) if spec.get("type") == "date" and cell
            ]
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            message = f"a cell in the row starting on this line is longer than {csv.field_size_limit()} characters"
        else:
            message = f"malformed CSV ({exc}): check the quotes in the row starting on this line"
        problems.append(Problem(file, start, "", message))
        table.readable = False
        return table
    finally:
        _check_spreadsheet_dates(dates, file, problems)
    if not table.rows and not any(p.file == file and p.line and p.line > 1 for p in problems):
        problems.append(Problem(file, 1, "", "has a header but no rows"))
    return table


# Foreign keys whose unknown values get the nearest known ones suggested. A source id is a slug typed
# by hand, so a near miss is a typo; a short code such as E09 is near every other code, so a
# suggestion there would mislead.
SUGGEST_NEAREST = {"source_id"}


def check_keys(tables: dict[str, Table], resources: list[dict[str, Any]], problems: list[Problem]) -> None:
    """Unique constraints, primary keys and foreign keys, as datapackage.json declares them."""
    for res in resources:
        table = tables.get(res.get("name", ""))
        if table is None or not table.readable:
            continue
        schema = res["schema"]
        unique = [f["name"] for f in schema_fields(res) if f.get("constraints", {}).get("unique")]
        primary = schema.get("primaryKey", [])
        primary = [primary] if isinstance(primary, str) else list(primary)
        for key in dict.fromkeys([*primary, *unique]):
            first: dict[Value, int] = {}
            for row, line in zip(table.rows, table.lines, strict=True):
                value = row.get(key)
                if value is None or value is INVALID:
                    continue
                if value in first:
                    problems.append(
                        Problem(table.file, line, key, f"{show(str(value))} duplicates line {first[value]}")
                    )
                else:
                    first[value] = line
        for fk in schema.get("foreignKeys", []):
            col, target_name, target_col = fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0]
            target_name = target_name or table.name
            target = tables.get(target_name)
            if target is None or not target.readable:
                continue
            known = {r.get(target_col) for r in target.rows}
            names = [v for v in dict.fromkeys(r.get(target_col) for r in target.rows) if isinstance(v, str)]
            for row, line in zip(table.rows, table.lines, strict=True):
                value = row.get(col)
                if value is not None and value is not INVALID and value not in known:
                    what = article(target_col)
                    hint = did_you_mean(str(value), names, n=3) if target_col in SUGGEST_NEAREST else ""
                    problems.append(
                        Problem(table.file, line, col, f"{show(str(value))} is not {what} in {target.file}{hint}")
                    )
