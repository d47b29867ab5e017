"""What check says about the two commonest slips of a hand edit: an unquoted comma, a spreadsheet's dates.

Each test edits a copy of tests/corpus/_base (real rows; its editor lines are listed at the top of
tests/test_rules.py) as a text editor or a spreadsheet would, and compares the exact lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import troopledger
from troopledger.ledger import problem_order, schema
from troopledger.ledger.errors import Problem

DATA = Path(__file__).resolve().parents[1] / "data"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def problems(ledger: Path) -> list[str]:
    return [str(p) for p in troopledger.validate(ledger)[1]]


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def resave_dates(path: Path, form: Callable[[dt.date], str], only: int | None = None) -> list[tuple[int, str, str]]:
    """Rewrite the ISO dates of a CSV (the first `only` of them) as a spreadsheet would; return what changed.

    Returns (line, column, new text) for each rewritten cell, in file order.
    """
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        rows: list[tuple[int, list[str]]] = []
        start = reader.line_num + 1
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    changed: list[tuple[int, str, str]] = []
    for line, row in rows:
        for i, cell in enumerate(row):
            if ISO.fullmatch(cell) and (only is None or len(changed) < only):
                row[i] = form(dt.date.fromisoformat(cell))
                changed.append((line, header[i], row[i]))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *(row for _, row in rows)])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return changed


def month_first(d: dt.date) -> str:
    return f"{d.month}/{d.day}/{d.year}"  # what Excel writes in a US locale


def day_first(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"  # a UK or French locale


def dotted(d: dt.date) -> str:
    return f"{d.day:02}.{d.month:02}.{d.year}"  # a German locale


def cell_lines(file: str, changed: list[tuple[int, str, str]]) -> list[str]:
    """The per-cell lines for rewritten dates, in check's order (by line, then column name)."""
    return [
        f"{file}:{line}: {col}: {text!r} is not a real date in the form YYYY-MM-DD"
        for line, col, text in sorted(changed)
    ]


RESAVE_HINT = (
    "dates must be YYYY-MM-DD: re-save as CSV with dates formatted as YYYY-MM-DD, or undo the spreadsheet's changes"
)


# --- an unquoted comma --------------------------------------------------------------------------


def test_unquoted_phrase_names_the_column_and_the_value(base_ledger: Path) -> None:
    replace_once(base_ledger / "claims.csv", '"an additional 6,000"', "an additional 6,000")
    assert problems(base_ledger) == [
        "claims.csv:3: as_reported: row has 23 cells; the header has 22: 'an additional 6' and '000' look like "
        "one value, 'an additional 6,000', split at its comma; "
        'put a value containing a comma in double quotes ("an additional 6,000")'
    ]


def test_unquoted_phrase_with_words_after_the_number(base_ledger: Path) -> None:
    replace_once(base_ledger / "claims.csv", '"4,000 more"', "4,000 more")
    assert problems(base_ledger) == [
        "claims.csv:6: as_reported: row has 23 cells; the header has 22: '4' and '000 more' look like one value, "
        """'4,000 more', split at its comma; put a value containing a comma in double quotes ("4,000 more")"""
    ]


def test_unquoted_number_in_a_long_note(base_ledger: Path) -> None:
    """The note is the last column: the split is found there too; a long value is shortened, not quoted back."""
    replace_once(base_ledger / "claims.csv", '"The headline claim.', "The headline claim.")
    replace_once(base_ledger / "claims.csv", 'figure (C002)."', "figure (C002).")
    assert problems(base_ledger) == [
        "claims.csv:2: note: row has 23 cells; the header has 22: 'The headline claim. The article does no…' "
        "and '000 figure (C002).' look like one value, 'The headline claim. The article does no…', "
        "split at its comma; put a value containing a comma in double quotes"
    ]


def test_number_with_a_comma_in_a_count_column(base_ledger: Path) -> None:
    """In low/best/high the fix is not quotes (check would then refuse '11,000') but digits only."""
    replace_once(base_ledger / "claims.csv", "exact,11000,11000,11000", "exact,11000,11,000,11000")
    assert problems(base_ledger) == [
        "claims.csv:4: best: row has 23 cells; the header has 22: '11' and '000' look like one value, '11,000', "
        "split at its comma; best takes digits only: write 11000"
    ]


def test_two_unquoted_commas_fall_back_to_the_quoting_hint(base_ledger: Path) -> None:
    replace_once(base_ledger / "claims.csv", '"an additional 6,000"', "an additional 6,000")
    replace_once(base_ledger / "claims.csv", "Kursk region,construction", "Kursk region,construction, roads")
    assert problems(base_ledger) == [
        "claims.csv:3: row has 24 cells; the header has 22: "
        'a value containing a comma must be in double quotes ("11,000", not 11,000)'
    ]


def test_unquoted_comma_between_words_gets_the_quoting_hint(base_ledger: Path) -> None:
    """'Kursk region, Russia' has no number at the split: the column cannot be told, the hint still helps."""
    replace_once(base_ledger / "claims.csv", "Kursk region,construction", "Kursk region, Russia,construction")
    assert problems(base_ledger) == [
        "claims.csv:3: row has 23 cells; the header has 22: "
        'a value containing a comma must be in double quotes ("11,000", not 11,000)'
    ]


def test_a_split_that_two_places_explain_equally_is_not_guessed() -> None:
    """Two adjacent free-text cells could each be the split: the message must not name either."""
    fields = [{"name": "as_reported"}, {"name": "note"}]
    cells = ["about 5", "000", "000"]  # 'about 5,000' + '000', or 'about 5' + '000,000'?
    problem = schema._cell_count_problem(cells, fields, "claims.csv", 7)
    assert str(problem) == (
        "claims.csv:7: row has 3 cells; the header has 2: a value containing a comma must be in double quotes "
        '("11,000", not 11,000)'
    )


def test_a_quote_inside_the_value_is_doubled_in_the_suggestion() -> None:
    fields = [{"name": "id"}, {"name": "as_reported"}, {"name": "note"}]
    cells = ["C001", 'some "5', '000"', ""]
    assert str(schema._cell_count_problem(cells, fields, "claims.csv", 2)) == (
        "claims.csv:2: as_reported: row has 4 cells; the header has 3: 'some \"5' and '000\"' look like one value, "
        """'some "5,000"', split at its comma; put a value containing a comma in double quotes ("some ""5,000""\")"""
    )


def test_too_few_cells_keeps_its_message(base_ledger: Path) -> None:
    replace_once(base_ledger / "claims.csv", ",Russia,,,\n", ",Russia,,\n")  # C003 loses a cell
    assert problems(base_ledger) == ["claims.csv:4: row has 21 cells; the header has 22"]


# --- a spreadsheet's dates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "name", "example"),
    [(month_first, "M/D/YYYY", "'6/26/2025'"), (day_first, "D/M/YYYY", "'26/6/2025'")],
)
def test_resaved_dates_get_one_summary_line_first(
    base_ledger: Path, form: Callable[[dt.date], str], name: str, example: str
) -> None:
    changed = resave_dates(base_ledger / "claims.csv", form)
    assert len(changed) == 12
    # The example is the first cell whose day is above 12 (C001's as_of), not C001's ambiguous period_start.
    assert problems(base_ledger) == [
        f"claims.csv: all 12 dates look like a spreadsheet re-saved them as {name} (e.g. {example} on line 2); "
        + RESAVE_HINT,
        *cell_lines("claims.csv", changed),
    ]


def test_dotted_dates(base_ledger: Path) -> None:
    changed = resave_dates(base_ledger / "events.csv", dotted)
    assert problems(base_ledger) == [
        "events.csv: all 4 dates look like a spreadsheet re-saved them as DD.MM.YYYY (e.g. '26.06.2025' on line 2); "
        + RESAVE_HINT,
        *cell_lines("events.csv", changed),
    ]


def test_a_majority_of_three_or_more_is_enough(base_ledger: Path) -> None:
    changed = resave_dates(base_ledger / "events.csv", month_first, only=3)
    assert problems(base_ledger) == [
        "events.csv: 3 of 4 dates look like a spreadsheet re-saved them as M/D/YYYY (e.g. '6/26/2025' on line 2); "
        + RESAVE_HINT,
        *cell_lines("events.csv", changed),
    ]


@pytest.mark.parametrize(
    ("file", "only"),
    [
        ("claims.csv", 1),  # one mistyped date
        ("claims.csv", 6),  # half of the file's dates is not a majority
        ("sources.csv", None),  # both of the file's two dates: a majority, but too few to tell
        ("events.csv", 2),
    ],
)
def test_no_summary_for_a_few_dates(base_ledger: Path, file: str, only: int | None) -> None:
    changed = resave_dates(base_ledger / file, month_first, only=only)
    assert problems(base_ledger) == cell_lines(file, changed)


def test_summaries_sort_first_within_their_file(base_ledger: Path) -> None:
    claims = resave_dates(base_ledger / "claims.csv", month_first)
    events = resave_dates(base_ledger / "events.csv", dotted)
    found = troopledger.validate(base_ledger)[1]
    assert [(p.file, p.line) for p in found] == [
        ("claims.csv", None),
        *[("claims.csv", line) for line, _, _ in sorted(claims)],
        ("events.csv", None),
        *[("events.csv", line) for line, _, _ in sorted(events)],
    ]
    assert sorted(reversed(found), key=problem_order) == found


def test_problem_order_puts_whole_file_lines_before_line_one() -> None:
    shuffled = [
        Problem("events.csv", 2, "kind", "x"),
        Problem("claims.csv", 1, "header", "x"),
        Problem("claims.csv", None, "", "x"),
        Problem("sources.csv", 3, "", "x"),
    ]
    assert [(p.file, p.line) for p in sorted(shuffled, key=problem_order)] == [
        ("sources.csv", 3),
        ("claims.csv", None),
        ("claims.csv", 1),
        ("events.csv", 2),
    ]


@pytest.mark.parametrize(
    ("texts", "form"),
    [
        (["7/1/2025", "10/1/2024"], "M/D/YYYY or D/M/YYYY"),  # no day above 12: cannot tell
        (["7/1/2025", "8/31/2025"], "M/D/YYYY"),
        (["1/7/2025", "31/8/2025"], "D/M/YYYY"),
        (["01.07.2025", "31.08.2025"], "DD.MM.YYYY"),
        (["01.07.2025"], "DD.MM.YYYY"),  # dotted dates are day first where they are written
        (["07.31.2025"], "MM.DD.YYYY"),
        (["7/1/25", "8/31/25"], "M/D/YY"),
        (["2025/07/01", "2025/08/31"], "YYYY/M/D"),
    ],
)
def test_date_form_names(texts: list[str], form: str) -> None:
    assert schema._sheet_form(texts) == form


def test_shipped_ledger_resaved_by_a_spreadsheet(tmp_path: Path) -> None:
    """The whole shipped ledger through a US-locale spreadsheet: one summary per file, first in its file."""
    ledger = tmp_path / "data"
    shutil.copytree(DATA, ledger)
    counts = {
        name: len(resave_dates(ledger / name, month_first)) for name in ("sources.csv", "claims.csv", "events.csv")
    }
    found = troopledger.validate(ledger)[1]
    summaries = [p for p in found if p.line is None]
    assert [(p.file, p.message.split(" dates look like")[0]) for p in summaries] == [
        (name, f"all {n}") for name, n in counts.items()
    ]
    for p in summaries:
        assert p.message.endswith(RESAVE_HINT)
        assert " as M/D/YYYY (e.g. '" in p.message
        first = next(q for q in found if q.file == p.file)
        assert first is p
    assert len(found) == len(summaries) + sum(counts.values())
