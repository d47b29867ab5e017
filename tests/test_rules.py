"""One test per validator rule: a copy of tests/corpus/_base with one edit, and the exact lines expected.

_base is a valid ledger of real rows. Its editor lines, which every expected message below uses:

  sources.csv  2 newscentral (primary, no publication date)  3 moscowtimes-20250626 (published 2025-06-26)
               4 koreaherald-20250627 (published 2025-06-27)
  claims.csv   2 C001 'thousands more' vague, planned     3 C002 'an additional 6,000' exact, planned, wave 3
               4 C003 '11,000' exact, troops_sent, Oct 2024  5 C006 'approximately 600' killed, cumulative
               6 C015 '4,000 more' exact, troops_sent, Feb 2025 (source koreaherald-20250627)
  events.csv   2 E10 briefing 2025-06-26 (moscowtimes)      3 E11 same briefing, same_as E10 (newscentral)

All claims have as_of 2025-06-26. _base's datapackage.json is an older copy of data/'s: its qualifier
enum lacks at_most, so the at_most tests lay the shipped datapackage.json over it. Tests marked
xfail(strict=True) document validator shortcomings found while writing these tests (see their
reasons); they start failing once the validator is fixed.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import troopledger
from troopledger.ledger import schema
from troopledger.ledger.phrases import Reading, read_phrase

# --- helpers -------------------------------------------------------------------------------------

SHIPPED_PACKAGE = Path(__file__).resolve().parents[1] / "data" / "datapackage.json"


def read_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]], delimiter: str = ",") -> None:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def set_cells(ledger: Path, file: str, key: str, **cells: str) -> None:
    """Set cells of the row whose first column is `key` (claim_id, source_id or event_id)."""
    rows = read_rows(ledger / file)
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == key]
    for column, value in cells.items():
        row[header.index(column)] = value
    write_rows(ledger / file, rows)


def problems(ledger: Path) -> list[str]:
    return [str(p) for p in troopledger.validate(ledger)[1]]


def edit_package(ledger: Path, change: Callable[[dict], None]) -> None:
    package = json.loads((ledger / "datapackage.json").read_text(encoding="utf-8"))
    change(package)
    (ledger / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")


def field(package: dict, resource: str, name: str) -> dict:
    (res,) = [r for r in package["resources"] if r["name"] == resource]
    (spec,) = [f for f in res["schema"]["fields"] if f["name"] == name]
    return spec


def test_base_is_valid(base_ledger: Path) -> None:
    assert problems(base_ledger) == []


# --- schema.py: cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "key", "column", "line"),
    [
        ("claims.csv", "C003", "measure", "claims.csv:4"),
        ("claims.csv", "C006", "date_precision", "claims.csv:5"),
        ("claims.csv", "C006", "source_id", "claims.csv:5"),
        ("sources.csv", "moscowtimes-20250626", "url", "sources.csv:3"),
        ("events.csv", "E10", "description", "events.csv:2"),
    ],
)
def test_required(base_ledger: Path, file: str, key: str, column: str, line: str) -> None:
    set_cells(base_ledger, file, key, **{column: ""})
    assert problems(base_ledger) == [f"{line}: {column}: is required but empty"]


def test_optional_cells_may_be_empty(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C003", originator="", conduit="", place="", note="")
    set_cells(base_ledger, "sources.csv", "moscowtimes-20250626", published="", note="")
    assert problems(base_ledger) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("three", "'three' is not a whole number"),
        ("3.0", "'3.0' is not a whole number (digits only, e.g. 11000)"),
        ("1 000", "'1 000' uses a space as a thousands separator; wave takes digits only: write 1000"),
        ("٣", "'٣' is not a whole number (digits only, e.g. 11000)"),
        ("+3", "'+3' is not a whole number"),
    ],
)
def test_integer(base_ledger: Path, value: str, message: str) -> None:
    set_cells(base_ledger, "claims.csv", "C002", wave=value)
    assert problems(base_ledger) == [f"claims.csv:3: wave: {message}"]


def test_integer_negative(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C002", best="-6000")
    assert problems(base_ledger) == ["claims.csv:3: best: -6000 is negative; counts start at 0"]


def test_integer_with_too_many_digits(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C003", best="1" * 16)
    set_cells(base_ledger, "claims.csv", "C015", high="9" * 15)  # 15 digits is still read as a number
    assert problems(base_ledger) == [
        "claims.csv:4: best: '1111111111111111' has 16 digits; too large for a count",
        "claims.csv:6: high: 999999999999999 does not match as_reported '4,000 more' (expected 4000)",
    ]


@pytest.mark.parametrize(
    ("key", "column", "value", "expected"),
    [
        ("C006", "best", "about 600", "claims.csv:5: best: 'about 600' is not a whole number"),
        ("C006", "best", " 600", "claims.csv:5: best: ' 600' has leading or trailing spaces"),
        ("C002", "low", "-6000", "claims.csv:3: low: -6000 is negative; counts start at 0"),
        (
            "C003",
            "high",
            "1" * 5000,
            "claims.csv:4: high: '111111111111111111111111111111111111111…' has 5000 digits; too large for a count",
        ),
        (
            "C006",
            "as_reported",
            "killed: 600 (NIS briefing to lawmakers in Seoul)",
            "claims.csv:5: as_reported: is 48 characters long; the limit is 40",
        ),
        ("C006", "as_reported", "1" * 5000, "claims.csv:5: as_reported: is 5000 characters long; the limit is 40"),
        (
            "C006",
            "date_precision",
            "not_stated ",
            "claims.csv:5: date_precision: 'not_stated ' has leading or trailing spaces",
        ),
    ],
    ids=["words", "space", "negative", "5000-digits", "too-long-phrase", "5000-digit-phrase", "precision-space"],
)
def test_a_bad_cell_is_reported_once(base_ledger: Path, key: str, column: str, value: str, expected: str) -> None:
    """A cell that fails its own check is not re-read by the cross-field rules (as empty, or as its text)."""
    set_cells(base_ledger, "claims.csv", key, **{column: value})
    assert problems(base_ledger) == [expected]


def test_integer_minimum_and_maximum(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C002", wave="0")
    set_cells(base_ledger, "claims.csv", "C015", wave="4")  # a fourth wave is data, not an error
    assert problems(base_ledger) == ["claims.csv:3: wave: 0 is below the minimum 1"]
    edit_package(base_ledger, lambda p: field(p, "claims", "wave")["constraints"].update(maximum=3))
    assert problems(base_ledger) == [
        "claims.csv:3: wave: 0 is below the minimum 1",
        "claims.csv:6: wave: 4 is above the maximum 3",
    ]


def test_integer_enum(base_ledger: Path) -> None:
    edit_package(base_ledger, lambda p: field(p, "claims", "wave")["constraints"].update(enum=[1, 3]))
    set_cells(base_ledger, "claims.csv", "C015", wave="2")
    assert problems(base_ledger) == ["claims.csv:6: wave: 2 is not one of 1, 3"]


@pytest.mark.parametrize("value", ["2025-02-30", "26/06/2025", "2025-6-26", "2025-06-26T09:00", "June 26, 2025"])
def test_date(base_ledger: Path, value: str) -> None:
    set_cells(base_ledger, "claims.csv", "C003", as_of=value)
    assert problems(base_ledger) == [f"claims.csv:4: as_of: {value!r} is not a real date in the form YYYY-MM-DD"]


def test_date_accepts_leap_day(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C015", period_start="2024-02-01", period_end="2024-02-29")
    assert problems(base_ledger) == []


def test_date_rejects_non_ascii_digits(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C003", as_of="２０２５-06-26")
    assert problems(base_ledger) == ["claims.csv:4: as_of: '２０２５-06-26' is not a real date in the form YYYY-MM-DD"]


def test_enum(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C003", measure="troop_sent")
    set_cells(base_ledger, "sources.csv", "moscowtimes-20250626", role="Corroborating")
    set_cells(base_ledger, "events.csv", "E10", kind="Meeting")
    assert problems(base_ledger) == [
        "sources.csv:3: role: 'Corroborating' is not one of primary, corroborating; did you mean corroborating?",
        "claims.csv:4: measure: 'troop_sent' is not one of troops_sent, troops_planned, troops_arrived, "
        "troops_returned, troops_present, killed, wounded, casualties, artillery_shells; did you mean troops_sent?",
        "events.csv:2: kind: 'Meeting' is not one of treaty, deployment, return, visit, meeting, confirmation, "
        "briefing, announcement; did you mean meeting?",
    ]


def test_enum_suggests_only_a_close_value(base_ledger: Path) -> None:
    """A value far from every choice gets the list alone: a wrong suggestion would be worse than none."""
    set_cells(base_ledger, "claims.csv", "C003", measure="soldiers")
    assert problems(base_ledger) == [
        "claims.csv:4: measure: 'soldiers' is not one of troops_sent, troops_planned, troops_arrived, "
        "troops_returned, troops_present, killed, wounded, casualties, artillery_shells"
    ]


@pytest.mark.parametrize(
    ("file", "key", "column", "value", "expected"),
    [
        (
            "claims.csv",
            "C015",
            "source_id",
            "KoreaHerald-20250627",
            "claims.csv:6: source_id: 'KoreaHerald-20250627' is not a valid id "
            "(lower-case letters, digits and single hyphens)",
        ),
        (
            "claims.csv",
            "C015",
            "claim_id",
            "C15",
            "claims.csv:6: claim_id: 'C15' is not a valid claim id (C followed by three or more digits)",
        ),
        (
            "events.csv",
            "E11",
            "event_id",
            "E1",
            "events.csv:3: event_id: 'E1' is not a valid event id (E followed by two or more digits)",
        ),
        (
            "events.csv",
            "E11",
            "same_as",
            "e10",
            "events.csv:3: same_as: 'e10' is not a valid event id (E followed by two or more digits)",
        ),
        (
            "sources.csv",
            "koreaherald-20250627",
            "url",
            "asianews.network/north-korea-likely",
            "sources.csv:4: url: 'asianews.network/north-korea-likely' is not an http(s) URL",
        ),
        (
            "sources.csv",
            "koreaherald-20250627",
            "url",
            "https://asianews.network/north korea",
            "sources.csv:4: url: 'https://asianews.network/north korea' is not an http(s) URL",
        ),
    ],
)
def test_pattern(base_ledger: Path, file: str, key: str, column: str, value: str, expected: str) -> None:
    set_cells(base_ledger, file, key, **{column: value})
    assert problems(base_ledger) == [expected]


def test_pattern_without_a_hint_quotes_the_pattern(base_ledger: Path) -> None:
    edit_package(base_ledger, lambda p: field(p, "sources", "outlet")["constraints"].update(pattern="^[A-Z].*$"))
    set_cells(base_ledger, "sources.csv", "moscowtimes-20250626", outlet="the Moscow Times")
    assert problems(base_ledger) == ["sources.csv:3: outlet: 'the Moscow Times' does not match the pattern ^[A-Z].*$"]


def test_max_length(base_ledger: Path) -> None:
    set_cells(base_ledger, "sources.csv", "moscowtimes-20250626", note="x" * 600)
    set_cells(base_ledger, "sources.csv", "koreaherald-20250627", note="x" * 601)
    assert problems(base_ledger) == ["sources.csv:4: note: is 601 characters long; the limit is 600"]


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x","y")', "+SUM(A1:A9)", "-2+3", "@SUM(A1)"])
def test_formula(base_ledger: Path, value: str) -> None:
    set_cells(base_ledger, "events.csv", "E10", description=value)
    assert problems(base_ledger) == [f"events.csv:2: description: {value!r} looks like a spreadsheet formula"]


def test_formula_inside_text_is_fine(base_ledger: Path) -> None:
    set_cells(base_ledger, "events.csv", "E10", description="Briefing: 6,000 = 5,000 builders + 1,000 deminers")
    assert problems(base_ledger) == []


@pytest.mark.parametrize("value", [" NIS", "NIS ", "NIS\t", "\tNIS", "NIS\n"])
def test_whitespace(base_ledger: Path, value: str) -> None:
    set_cells(base_ledger, "claims.csv", "C003", originator=value)
    assert problems(base_ledger) == [f"claims.csv:4: originator: {value!r} has leading or trailing spaces"]


def test_whitespace_in_id_and_date(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C003", source_id="newscentral ", as_of=" 2025-06-26")
    assert problems(base_ledger) == [
        "claims.csv:4: as_of: ' 2025-06-26' has leading or trailing spaces",
        "claims.csv:4: source_id: 'newscentral ' has leading or trailing spaces",
    ]


# --- schema.py: headers and file structure -------------------------------------------------------


def test_header_missing_column(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "claims.csv")
    write_rows(base_ledger / "claims.csv", [r[:19] + r[20:] for r in rows])  # drop 'purpose'
    assert problems(base_ledger) == ["claims.csv:1: header: missing column 'purpose'"]


def test_header_extra_column(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "events.csv")
    write_rows(base_ledger / "events.csv", [rows[0] + ["confidence"]] + [r + ["high"] for r in rows[1:]])
    assert problems(base_ledger) == ["events.csv:1: header: unexpected column 'confidence'"]


def test_header_order(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "sources.csv")
    write_rows(base_ledger / "sources.csv", [[r[0], r[2], r[1], *r[3:]] for r in rows])
    assert problems(base_ledger) == [
        "sources.csv:1: header: column 2 is 'carried_by', expected 'outlet' (columns must be in the schema's order)"
    ]


def test_header_duplicate(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "events.csv")
    write_rows(base_ledger / "events.csv", [r + [r[-1]] for r in rows])
    assert problems(base_ledger) == ["events.csv:1: header: column 'note' appears twice"]


def test_header_renamed_column(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "events.csv")
    rows[0][0] = "event_id "
    write_rows(base_ledger / "events.csv", rows)
    assert problems(base_ledger) == [
        "events.csv:1: header: missing column 'event_id'",
        "events.csv:1: header: unexpected column 'event_id '",
    ]


@pytest.mark.parametrize(("delimiter", "label"), [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")])
def test_header_delimiter(base_ledger: Path, delimiter: str, label: str) -> None:
    write_rows(base_ledger / "sources.csv", read_rows(base_ledger / "sources.csv"), delimiter=delimiter)
    assert problems(base_ledger) == [f"sources.csv:1: header: columns are separated by {label}; use commas"]


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_encoding_utf16(base_ledger: Path, bom: bytes) -> None:
    text = (base_ledger / "claims.csv").read_text(encoding="utf-8")
    (base_ledger / "claims.csv").write_bytes(bom + text.encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"))
    assert problems(base_ledger) == ["claims.csv: file is UTF-16 encoded; save it as UTF-8"]


def test_encoding_latin1(base_ledger: Path) -> None:
    set_cells(base_ledger, "events.csv", "E11", description="Sergueï Choïgou visits Pyongyang")
    raw = (base_ledger / "events.csv").read_text(encoding="utf-8").encode("latin-1")
    (base_ledger / "events.csv").write_bytes(raw)
    # 'E11,2025-06-26,2025-06-26,day,briefing,' is 39 characters; the ï of Sergueï is the 46th.
    assert problems(base_ledger) == [
        "events.csv:3: not valid UTF-8 (byte 0xef at character 46; Latin-1 or Windows-1252?); save the file as UTF-8"
    ]


def test_encoding_position_counts_characters(base_ledger: Path) -> None:
    set_cells(base_ledger, "events.csv", "E11", description="Briefing – Sergueï Choïgou")
    text = (base_ledger / "events.csv").read_text(encoding="utf-8")
    (base_ledger / "events.csv").write_bytes(text.encode("utf-8").replace("ï".encode(), b"\xef"))
    # 39 characters, then 'Briefing – Sergue' (17): the ï is character 57 (byte 59).
    assert problems(base_ledger) == [
        "events.csv:3: not valid UTF-8 (byte 0xef at character 57; Latin-1 or Windows-1252?); save the file as UTF-8"
    ]


def test_utf8_bom_is_accepted(base_ledger: Path) -> None:
    path = base_ledger / "claims.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems(base_ledger) == []


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_endings_are_accepted(base_ledger: Path, newline: str) -> None:
    path = base_ledger / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", newline), encoding="utf-8", newline="")
    assert problems(base_ledger) == []
    set_cells(base_ledger, "claims.csv", "C015", wave="0")
    path.write_text(path.read_text(encoding="utf-8").replace("\n", newline), encoding="utf-8", newline="")
    assert problems(base_ledger) == ["claims.csv:6: wave: 0 is below the minimum 1"]


def test_nul_bytes(base_ledger: Path) -> None:
    path = base_ledger / "events.csv"
    path.write_bytes(path.read_bytes().replace(b"E11,", b"E11\x00,"))
    assert problems(base_ledger) == ["events.csv:3: contains NUL bytes (UTF-16 or a binary file?); save it as UTF-8"]


def test_utf16_without_bom_is_caught_by_nul_bytes(base_ledger: Path) -> None:
    path = base_ledger / "events.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    assert problems(base_ledger) == ["events.csv:1: contains NUL bytes (UTF-16 or a binary file?); save it as UTF-8"]


@pytest.mark.parametrize("content", [b"", b"\n", b"  \r\n\n"])
def test_empty_file(base_ledger: Path, content: bytes) -> None:
    (base_ledger / "events.csv").write_bytes(content)
    assert problems(base_ledger) == ["events.csv: file is empty"]


def test_header_only(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "events.csv")
    write_rows(base_ledger / "events.csv", rows[:1])
    assert problems(base_ledger) == ["events.csv:1: has a header but no rows"]


@pytest.mark.parametrize("blank", ["\n", ",,,,,,,,\n"])
def test_blank_row(base_ledger: Path, blank: str) -> None:
    path = base_ledger / "events.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(header + rows[0] + blank + rows[1], encoding="utf-8")
    assert problems(base_ledger) == ["events.csv:3: row is blank"]


def test_cell_count(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "claims.csv")
    rows[3] = rows[3][:-1]  # C003 loses its (empty) note cell
    rows[5] = [*rows[5], "extra"]  # C015 gains one
    write_rows(base_ledger / "claims.csv", rows)
    assert problems(base_ledger) == [
        "claims.csv:4: row has 21 cells; the header has 22",
        "claims.csv:6: row has 23 cells; the header has 22: "
        'a value containing a comma must be in double quotes ("11,000", not 11,000)',
    ]


def test_unclosed_quote_on_last_row(base_ledger: Path) -> None:
    path = base_ledger / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",The article", ',"The article'), encoding="utf-8")
    assert problems(base_ledger) == [
        "events.csv:3: malformed CSV (unexpected end of data): check the quotes in the row starting on this line"
    ]


def test_unclosed_quote_is_reported_on_the_line_its_row_starts(base_ledger: Path) -> None:
    path = base_ledger / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(',"11,000",', ',"11,000,'), encoding="utf-8")
    # The quote opened on line 4 (C003) runs on to the '"4,000 more"' of line 6, where the csv module
    # stumbles; the row to fix is the one starting on line 4.
    assert problems(base_ledger) == [
        "claims.csv:4: malformed CSV (',' expected after '\"'): check the quotes in the row starting on this line"
    ]


def test_line_numbers_count_lines_inside_quoted_cells(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C001", note="The headline claim.\nSee C002.")
    set_cells(base_ledger, "claims.csv", "C015", wave="0")
    # C001 now spans lines 2-3, so C015 starts on line 7.
    assert problems(base_ledger) == ["claims.csv:7: wave: 0 is below the minimum 1"]


def test_missing_file(base_ledger: Path) -> None:
    (base_ledger / "sources.csv").unlink()
    assert problems(base_ledger) == ["sources.csv: file is missing"]


def test_file_size_limit(base_ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "MAX_FILE_BYTES", 2**20)
    path = base_ledger / "claims.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(header + "".join(rows) * (3 * 2**20 // len("".join(rows))), encoding="utf-8")
    assert 2.5 * 2**20 < path.stat().st_size < 3 * 2**20
    assert problems(base_ledger) == ["claims.csv: file is 3 MB; the limit is 1 MB"]


# --- schema.py: datapackage.json ------------------------------------------------------------------


def test_folder_missing(tmp_path: Path) -> None:
    assert problems(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: is not a folder"]


def test_datapackage_missing(base_ledger: Path) -> None:
    (base_ledger / "datapackage.json").unlink()
    assert problems(base_ledger) == ["datapackage.json: file is missing"]


def test_datapackage_not_json(base_ledger: Path) -> None:
    (base_ledger / "datapackage.json").write_text('{\n  "name": "x",\n  "resources": [,]\n}\n', encoding="utf-8")
    assert problems(base_ledger) == ["datapackage.json:3: not valid JSON: a comma before a closing bracket; remove it"]


def test_datapackage_not_json_in_our_own_words(base_ledger: Path) -> None:
    """The message and line are ours, not the interpreter's, so they hold on every Python."""
    (base_ledger / "datapackage.json").write_text('{\n  "name": "x",\n  "resources": [\n    {name: 1}\n]}\n')
    assert problems(base_ledger) == [
        "datapackage.json:4: not valid JSON: the parser stopped here; check quotes, commas and brackets"
    ]


def test_datapackage_not_utf8(base_ledger: Path) -> None:
    path = base_ledger / "datapackage.json"
    path.write_bytes(path.read_bytes().replace(b"troops sent to Russia", b"troops sent to Russia\x96"))
    assert problems(base_ledger) == ["datapackage.json: is not UTF-8 text"]


def test_datapackage_without_resources(base_ledger: Path) -> None:
    (base_ledger / "datapackage.json").write_text('{"name": "x"}', encoding="utf-8")
    assert problems(base_ledger) == ["datapackage.json: resources: no list of resources"]


def test_datapackage_resource_missing(base_ledger: Path) -> None:
    edit_package(base_ledger, lambda p: p["resources"].pop(2))
    assert problems(base_ledger) == ["datapackage.json: resources: no resource named 'events'"]


def test_datapackage_fields_differ(base_ledger: Path) -> None:
    edit_package(base_ledger, lambda p: field(p, "events", "note").update(name="notes"))
    assert problems(base_ledger) == [
        "datapackage.json: events: fields ['event_id', 'date_start', 'date_end', 'date_precision', 'kind', "
        "'description', 'source_id', 'same_as', 'notes'] differ from the ones troopledger knows ['event_id', "
        "'date_start', 'date_end', 'date_precision', 'kind', 'description', 'source_id', 'same_as', 'note']"
    ]


def _schema_null(p: dict) -> None:
    p["resources"][0]["schema"] = None


def _two_column_foreign_key(p: dict) -> None:
    p["resources"][1]["schema"]["foreignKeys"][0]["fields"] = ["source_id", "claim_id"]
    p["resources"][1]["schema"]["foreignKeys"][0]["reference"]["fields"] = ["source_id", "outlet"]


def _foreign_keys_not_a_list(p: dict) -> None:
    p["resources"][2]["schema"]["foreignKeys"] = {"fields": ["same_as"]}


def _foreign_key_not_an_object(p: dict) -> None:
    p["resources"][2]["schema"]["foreignKeys"].append("same_as")


def _primary_key_a_number(p: dict) -> None:
    p["resources"][1]["schema"]["primaryKey"] = 1


def _primary_key_list_with_a_number(p: dict) -> None:
    p["resources"][0]["schema"]["primaryKey"] = ["source_id", 2]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            _two_column_foreign_key,
            "datapackage.json: claims: each foreign key must name one field and one referenced resource field",
        ),
        (
            _foreign_key_not_an_object,
            "datapackage.json: events: each foreign key must name one field and one referenced resource field",
        ),
        (_foreign_keys_not_a_list, "datapackage.json: events: foreignKeys must be a list"),
        (_primary_key_a_number, "datapackage.json: claims: primaryKey must be a field name or a list of them"),
        (
            _primary_key_list_with_a_number,
            "datapackage.json: sources: primaryKey must be a field name or a list of them",
        ),
    ],
    ids=["two-column-fk", "fk-not-an-object", "fks-not-a-list", "pk-a-number", "pk-list-with-a-number"],
)
def test_malformed_datapackage_is_a_problem_not_a_traceback(
    base_ledger: Path, change: Callable[[dict], None], expected: str
) -> None:
    edit_package(base_ledger, change)
    assert problems(base_ledger) == [expected]


@pytest.mark.parametrize(
    "change",
    [_schema_null, lambda p: p["resources"][0]["schema"].update(fields={"source_id": {}})],
    ids=["schema-null", "fields-not-a-list"],
)
def test_schema_without_fields_is_a_problem_not_a_traceback(base_ledger: Path, change: Callable[[dict], None]) -> None:
    edit_package(base_ledger, change)
    found = problems(base_ledger)
    assert found[0] == "datapackage.json: sources: the schema has no usable list of fields"
    assert all(line.startswith("datapackage.json: sources: ") for line in found), found


def test_schema_without_fields_is_reported_once(base_ledger: Path) -> None:
    edit_package(base_ledger, _schema_null)
    assert problems(base_ledger) == ["datapackage.json: sources: the schema has no usable list of fields"]


def _claims_constraint(column: str, **constraint: object) -> Callable[[dict], None]:
    return lambda p: field(p, "claims", column)["constraints"].update(constraint)


def _claims_foreign_key(key: str, value: object) -> Callable[[dict], None]:
    def change(p: dict) -> None:
        (fk,) = p["resources"][1]["schema"]["foreignKeys"]
        (fk if key == "fields" else fk["reference"])["fields"] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_claims_constraint("wave", minimum="1"), "field 'wave': minimum must be an int"),
        (_claims_constraint("as_reported", maxLength="40"), "field 'as_reported': maxLength must be an int"),
        (
            _claims_constraint("claim_id", pattern="^C[0-9"),
            "field 'claim_id': pattern does not compile (unterminated character set at position 2)",
        ),
        (_claims_constraint("claim_id", pattern=5), "field 'claim_id': pattern must be a str"),
        (_claims_constraint("measure", enum=None), "field 'measure': enum must be a list of string values"),
        (_claims_constraint("measure", enum=[1, 2]), "field 'measure': enum must be a list of string values"),
        (
            _claims_foreign_key("fields", [{"name": "source_id"}]),
            "each foreign key must name one field and one referenced resource field",
        ),
        (
            _claims_foreign_key("reference", [None]),
            "each foreign key must name one field and one referenced resource field",
        ),
    ],
    ids=[
        "minimum-string",
        "maxLength-string",
        "pattern-bad-regex",
        "pattern-number",
        "enum-null",
        "enum-numbers",
        "fk-field-object",
        "fk-reference-field-null",
    ],
)
def test_schema_value_of_the_wrong_type_is_a_problem_not_a_traceback(
    base_ledger: Path, change: Callable[[dict], None], expected: str
) -> None:
    edit_package(base_ledger, change)
    assert problems(base_ledger) == [f"datapackage.json: claims: {expected}"]


# --- schema.py: keys -----------------------------------------------------------------------------


def test_unique_claim_id(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C015", claim_id="C003")
    assert problems(base_ledger) == ["claims.csv:6: claim_id: 'C003' duplicates line 4"]


def test_unique_event_id(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "events.csv")
    write_rows(base_ledger / "events.csv", [*rows, rows[1]])
    assert problems(base_ledger) == ["events.csv:4: event_id: 'E10' duplicates line 2"]


def test_unique_source_id_and_url(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "sources.csv")
    copy = list(rows[2])
    copy[4] = copy[4] + "?page=2"  # same source_id, different url
    write_rows(base_ledger / "sources.csv", [*rows, copy])
    set_cells(base_ledger, "sources.csv", "koreaherald-20250627", url=rows[1][4])
    assert problems(base_ledger) == [
        "sources.csv:4: url: 'http://newscentral.africa/north-korea-t…' duplicates line 2",
        "sources.csv:5: source_id: 'moscowtimes-20250626' duplicates line 3",
    ]


def test_foreign_keys(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C015", source_id="koreaherald-20250626")
    set_cells(base_ledger, "events.csv", "E10", source_id="moscowtimes-20250625")
    set_cells(base_ledger, "events.csv", "E11", same_as="E09")
    assert problems(base_ledger) == [
        "claims.csv:6: source_id: 'koreaherald-20250626' is not a source_id in sources.csv; "
        "did you mean koreaherald-20250627?",
        "events.csv:2: source_id: 'moscowtimes-20250625' is not a source_id in sources.csv; "
        "did you mean moscowtimes-20250626?",
        "events.csv:3: same_as: 'E09' is not an event_id in events.csv",  # E10 is near, but no likelier
    ]


def test_unknown_source_id_suggests_up_to_three(base_ledger: Path) -> None:
    """Near misses first; a source id like no other gets no suggestion."""
    rows = read_rows(base_ledger / "sources.csv")
    for day in ("20250628", "20250629"):
        extra = list(rows[3])
        extra[0], extra[4] = f"koreaherald-{day}", f"{extra[4]}?day={day}"
        rows.append(extra)
    write_rows(base_ledger / "sources.csv", rows)
    set_cells(base_ledger, "claims.csv", "C015", source_id="koreaherld-20250627")
    set_cells(base_ledger, "claims.csv", "C006", source_id="ap-20250626")
    assert problems(base_ledger) == [
        "claims.csv:5: source_id: 'ap-20250626' is not a source_id in sources.csv",
        "claims.csv:6: source_id: 'koreaherld-20250627' is not a source_id in sources.csv; "
        "did you mean koreaherald-20250627, koreaherald-20250628 or koreaherald-20250629?",
    ]


@pytest.mark.parametrize("key", ["description", ["description"]], ids=["string", "list"])
def test_primary_key_as_a_string_or_a_list(base_ledger: Path, key: str | list[str]) -> None:
    """description has no unique constraint of its own: only the primaryKey makes it one."""
    edit_package(base_ledger, lambda p: p["resources"][2]["schema"].update(primaryKey=key))
    assert problems(base_ledger) == []
    set_cells(base_ledger, "events.csv", "E11", description="NIS briefing relayed by lawmaker Lee Seong-kweun")
    assert problems(base_ledger) == [
        "events.csv:3: description: 'NIS briefing relayed by lawmaker Lee Se…' duplicates line 2"
    ]


# --- rules.py: bounds ----------------------------------------------------------------------------


def test_bounds_best_above_high(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C002", high="5000")
    assert problems(base_ledger) == [
        "claims.csv:3: best: 6000 is above high (5000)",
        "claims.csv:3: high: 5000 does not match as_reported 'an additional 6,000' (expected 6000)",
        "claims.csv:3: low: 6000 is above high (5000)",
    ]


def test_bounds_best_below_low(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C003", best="1100")
    assert problems(base_ledger) == [
        "claims.csv:4: best: 1100 does not match as_reported '11,000' (expected 11000)",
        "claims.csv:4: best: 1100 is below low (11000)",
    ]


def test_bounds_low_above_high(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C002", as_reported="6,000 to 5,000", qualifier="range", best="", high="5000")
    assert problems(base_ledger) == ["claims.csv:3: low: 6000 is above high (5000)"]


# --- rules.py: as_reported, qualifier and low/best/high agree ------------------------------------

# qualifier -> (a phrase that means it, its low/best/high, a wrong cell, the message for that cell)
QUALIFIERS = {
    "exact": (
        "6,000",
        ("6000", "6000", "6000"),
        {"high": ""},
        "high: empty does not match as_reported '6,000' (expected 6000)",
    ),
    "approximately": (
        "about 6,000",
        ("", "6000", ""),
        {"low": "6000"},
        "low: 6000 must be empty when the qualifier is approximately ('about 6,000')",
    ),
    "nearly": (
        "nearly 6,000",
        ("", "", "6000"),
        {"best": "6000"},
        "best: 6000 must be empty when the qualifier is nearly ('nearly 6,000')",
    ),
    "at_least": (
        "at least 6,000",
        ("6000", "", ""),
        {"high": "6000"},
        "high: 6000 must be empty when the qualifier is at_least ('at least 6,000')",
    ),
    "more_than": (
        "more than 6,000",
        ("6000", "", ""),
        {"low": "6001"},
        "low: 6001 does not match as_reported 'more than 6,000' (expected 6000)",
    ),
    "range": (
        "5,000 to 6,000",
        ("5000", "", "6000"),
        {"best": "5500"},
        "best: 5500 must be empty when the qualifier is range ('5,000 to 6,000')",
    ),
    "vague": (
        "several thousand",
        ("3000", "", ""),
        {"best": "3000"},
        "best: 3000 must be empty: 'several thousand' means at least 3000 and nothing more",
    ),
}


def _set_quantity(ledger: Path, kind: str, **override: str) -> None:
    phrase, (low, best, high), _, _ = QUALIFIERS[kind]
    cells = {"as_reported": phrase, "qualifier": kind, "low": low, "best": best, "high": high, **override}
    set_cells(ledger, "claims.csv", "C002", **cells)


@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_phrase_with_matching_numbers_passes(base_ledger: Path, qualifier: str) -> None:
    _set_quantity(base_ledger, qualifier)
    assert problems(base_ledger) == []


@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_phrase_with_a_wrong_number(base_ledger: Path, qualifier: str) -> None:
    _, _, wrong, message = QUALIFIERS[qualifier]
    _set_quantity(base_ledger, qualifier, **wrong)
    assert problems(base_ledger) == [f"claims.csv:3: {message}"]


@pytest.mark.parametrize("qualifier", QUALIFIERS)
def test_qualifier_that_contradicts_the_wording(base_ledger: Path, qualifier: str) -> None:
    names = list(QUALIFIERS)
    other = names[(names.index(qualifier) + 1) % len(names)]
    _set_quantity(base_ledger, qualifier, qualifier=other)
    phrase = QUALIFIERS[qualifier][0]
    assert problems(base_ledger) == [
        f"claims.csv:3: qualifier: '{other}' does not fit the wording '{phrase}' (expected {qualifier})"
    ]


def test_phrase_without_a_number(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C001", as_reported="more troops")
    assert problems(base_ledger) == [
        "claims.csv:2: as_reported: 'more troops' states no number and none of the vague words "
        "'hundreds of thousands', 'tens of thousands', 'several thousand', 'several hundred', 'several million', "
        "'thousands', 'hundreds', 'millions'"
    ]


# at_most is in data/datapackage.json's qualifier enum but not in _base's older copy.
AT_MOST = {"as_reported": "up to 12,000", "qualifier": "at_most", "low": "", "best": "", "high": "12000"}


@pytest.fixture
def shipped_schema_ledger(base_ledger: Path, repo_root: Path) -> Path:
    """The base ledger checked against the shipped datapackage.json."""
    shutil.copyfile(repo_root / "data" / "datapackage.json", base_ledger / "datapackage.json")
    return base_ledger


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({}, []),
        ({"as_reported": "as many as 12,000"}, []),
        ({"as_reported": "at most 12,000"}, []),
        ({"best": "12000"}, ["claims.csv:3: best: 12000 must be empty when the qualifier is at_most ('up to 12,000')"]),
        ({"low": "0"}, ["claims.csv:3: low: 0 must be empty when the qualifier is at_most ('up to 12,000')"]),
        (
            {"high": "1200"},
            ["claims.csv:3: high: 1200 does not match as_reported 'up to 12,000' (expected 12000)"],
        ),
        (
            {"qualifier": "nearly"},
            ["claims.csv:3: qualifier: 'nearly' does not fit the wording 'up to 12,000' (expected at_most)"],
        ),
        (
            {"as_reported": "nearly 12,000"},
            ["claims.csv:3: qualifier: 'at_most' does not fit the wording 'nearly 12,000' (expected nearly)"],
        ),
    ],
    ids=["up-to", "as-many-as", "at-most", "best-filled", "low-filled", "wrong-high", "other-qualifier", "other-words"],
)
def test_at_most(shipped_schema_ledger: Path, cells: dict[str, str], expected: list[str]) -> None:
    set_cells(shipped_schema_ledger, "claims.csv", "C002", **{**AT_MOST, **cells})
    assert problems(shipped_schema_ledger) == expected


@pytest.mark.parametrize(
    ("phrase", "qualifier", "bounds", "wrong", "expected"),
    [
        (
            "1.5 million",
            "exact",
            ("1500000", "1500000", "1500000"),
            {"low": "1"},
            "low: 1 does not match as_reported '1.5 million' (expected 1500000)",
        ),
        (
            "6k",
            "exact",
            ("6000", "6000", "6000"),
            {"low": "6"},
            "low: 6 does not match as_reported '6k' (expected 6000)",
        ),
        (
            "about 2.5 thousand",
            "approximately",
            ("", "2500", ""),
            {"best": "2"},
            "best: 2 does not match as_reported 'about 2.5 thousand' (expected 2500)",
        ),
        (
            "hundreds of thousands",
            "vague",
            ("200000", "", ""),
            {"low": "2000"},
            "low: 2000 does not match as_reported 'hundreds of thousands' (expected 200000)",
        ),
    ],
    ids=["decimal-million", "k", "decimal-thousand", "hundreds-of-thousands"],
)
def test_scaled_numbers_and_hundreds_of_thousands(
    base_ledger: Path, phrase: str, qualifier: str, bounds: tuple[str, str, str], wrong: dict[str, str], expected: str
) -> None:
    low, best, high = bounds
    set_cells(base_ledger, "claims.csv", "C002", as_reported=phrase, qualifier=qualifier, low=low, best=best, high=high)
    assert problems(base_ledger) == []
    set_cells(base_ledger, "claims.csv", "C002", **wrong)
    assert problems(base_ledger) == [f"claims.csv:3: {expected}"]


# --- rules.py: dates -----------------------------------------------------------------------------


def test_period_end_before_start(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C002", period_end="2025-06-30")
    set_cells(base_ledger, "events.csv", "E10", date_end="2025-06-25")
    assert problems(base_ledger) == [
        "claims.csv:3: period_end: 2025-06-30 is before period_start (2025-07-01)",
        "events.csv:2: date_end: 2025-06-25 is before date_start (2025-06-26)",
    ]


@pytest.mark.parametrize(
    ("key", "cells", "expected"),
    [
        (
            "C002",
            {"period_start": "2024-07-01", "period_end": "2024-08-31"},
            "claims.csv:3: period_start: 2024-07-01 is before as_of (2025-06-26), "
            "but a planned figure must refer to a later period",
        ),
        (
            "C002",
            {"period_start": "", "period_end": "2024-12-31"},
            "claims.csv:3: period_end: 2024-12-31 is before as_of (2025-06-26), "
            "but a planned figure must refer to a later period",
        ),
        (
            "C003",
            {"period_start": "2025-10-01", "period_end": "2025-10-31"},
            "claims.csv:4: period_end: 2025-10-31 is after as_of (2025-06-26), "
            "but a troops_sent figure must refer to an earlier period",
        ),
        (
            "C003",
            {"period_start": "2025-10-01", "period_end": ""},
            "claims.csv:4: period_start: 2025-10-01 is after as_of (2025-06-26), "
            "but a troops_sent figure must refer to an earlier period",
        ),
        (
            "C003",
            {"measure": "troops_arrived", "period_start": "2025-07-01", "period_end": "2025-07-31"},
            "claims.csv:4: period_end: 2025-07-31 is after as_of (2025-06-26), "
            "but a troops_arrived figure must refer to an earlier period",
        ),
    ],
    ids=["planned-start", "planned-end-only", "sent-end", "sent-start-only", "arrived"],
)
def test_planned_and_happened_timing(base_ledger: Path, key: str, cells: dict[str, str], expected: str) -> None:
    set_cells(base_ledger, "claims.csv", key, **cells)
    assert problems(base_ledger) == [expected]


def test_timing_allows_the_claim_day_itself(base_ledger: Path) -> None:
    set_cells(
        base_ledger, "claims.csv", "C002", period_start="2025-06-26", period_end="2025-06-26", date_precision="day"
    )
    set_cells(
        base_ledger, "claims.csv", "C003", period_start="2025-06-26", period_end="2025-06-26", date_precision="day"
    )
    assert problems(base_ledger) == []


def test_timing_does_not_apply_to_casualties(base_ledger: Path) -> None:
    set_cells(
        base_ledger, "claims.csv", "C006", period_start="2025-07-01", period_end="2025-07-31", date_precision="month"
    )
    assert problems(base_ledger) == []


@pytest.mark.parametrize(
    ("file", "key", "cells", "expected"),
    [
        (
            "claims.csv",
            "C006",
            {"period_start": "2025-06-01"},
            ["claims.csv:5: period_start: must be empty when date_precision is not_stated"],
        ),
        (
            "events.csv",
            "E10",
            {"date_precision": "not_stated"},
            [
                "events.csv:2: date_end: must be empty when date_precision is not_stated",
                "events.csv:2: date_start: must be empty when date_precision is not_stated",
            ],
        ),
        (
            "claims.csv",
            "C003",
            {"period_start": "2024-10-08"},
            ["claims.csv:4: period_start: 2024-10-08 is not the first day of a month (date_precision is month)"],
        ),
        (
            "claims.csv",
            "C003",
            {"period_end": "2024-10-30"},
            ["claims.csv:4: period_end: 2024-10-30 is not the last day of a month (date_precision is month)"],
        ),
        (
            "claims.csv",
            "C003",
            {"date_precision": "year", "period_start": "2024-02-01", "period_end": "2024-11-30"},
            [
                "claims.csv:4: period_end: 2024-11-30 is not the last day of a year (date_precision is year)",
                "claims.csv:4: period_start: 2024-02-01 is not the first day of a year (date_precision is year)",
            ],
        ),
        (
            "events.csv",
            "E10",
            {"date_precision": "month"},
            [
                "events.csv:2: date_end: 2025-06-26 is not the last day of a month (date_precision is month)",
                "events.csv:2: date_start: 2025-06-26 is not the first day of a month (date_precision is month)",
            ],
        ),
        (
            "claims.csv",
            "C003",
            {"period_start": "", "period_end": ""},
            ["claims.csv:4: date_precision: is month but period_start and period_end are both empty"],
        ),
        (
            "events.csv",
            "E10",
            {"date_start": "", "date_end": ""},
            ["events.csv:2: date_precision: is day but date_start and date_end are both empty"],
        ),
    ],
    ids=[
        "not-stated-with-date",
        "event-not-stated-with-dates",
        "month-start",
        "month-end",
        "year",
        "event-month",
        "precision-without-dates",
        "event-precision-without-dates",
    ],
)
def test_date_precision(base_ledger: Path, file: str, key: str, cells: dict[str, str], expected: list[str]) -> None:
    set_cells(base_ledger, file, key, **cells)
    assert problems(base_ledger) == expected


def test_date_precision_year_and_season_pass(base_ledger: Path) -> None:
    set_cells(
        base_ledger, "claims.csv", "C003", date_precision="year", period_start="2024-01-01", period_end="2024-12-31"
    )
    set_cells(
        base_ledger, "claims.csv", "C015", date_precision="season", period_start="2024-12-01", period_end="2025-02-28"
    )
    assert problems(base_ledger) == []


# --- rules.py: scope and wave, notes, sources, events -------------------------------------------


def test_totals_must_be_cumulative(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C006", scope="wave", wave="1")
    assert problems(base_ledger) == ["claims.csv:5: scope: killed figures are totals to date: use cumulative"]


def test_a_total_may_cover_one_wave_or_unit(base_ledger: Path) -> None:
    """'nine engineers killed' is a killed figure for one unit of one wave, not a total for all troops."""
    set_cells(
        base_ledger,
        "claims.csv",
        "C006",
        wave="3",
        unit="engineers",
        as_reported="nine",
        qualifier="exact",
        low="9",
        best="9",
        high="9",
    )
    assert problems(base_ledger) == []


def test_a_stock_is_counted_at_its_date(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C003", measure="troops_present", wave="")
    set_cells(base_ledger, "claims.csv", "C015", scope="at_date")
    assert problems(base_ledger) == [
        "claims.csv:4: scope: troops_present is a count at the claim date: use at_date",
        "claims.csv:6: scope: at_date is for troops_present; troops_sent is not a stock",
    ]


def test_wave_part_needs_a_wave_and_a_unit(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C015", scope="wave_part", wave="")
    assert problems(base_ledger) == [
        "claims.csv:6: unit: is required when scope is wave_part",
        "claims.csv:6: wave: is required when scope is wave_part",
    ]


def test_a_whole_wave_names_no_unit(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C015", unit="builders")
    assert problems(base_ledger) == [
        "claims.csv:6: unit: must be empty when scope is wave: a part of a wave is wave_part"
    ]


@pytest.mark.parametrize("value", ["Engineers", "engineers ", "528th regiment", "x"])
def test_unit_is_a_lower_case_name(base_ledger: Path, value: str) -> None:
    set_cells(base_ledger, "claims.csv", "C015", scope="wave_part", unit=value)
    assert len(problems(base_ledger)) == 1 and problems(base_ledger)[0].startswith("claims.csv:6: unit: ")


def test_a_fourth_wave_is_data(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C015", wave="4")
    assert problems(base_ledger) == []


def test_upper_estimate_is_a_ceiling_whatever_the_wording(base_ledger: Path) -> None:
    """A source's own upper estimate ('more than 6 million', the capacity shipped) is stored as a ceiling."""
    edit_package(base_ledger, lambda p: p.update(json.loads(SHIPPED_PACKAGE.read_text(encoding="utf-8"))))
    set_cells(
        base_ledger,
        "claims.csv",
        "C002",
        as_reported="more than 6,000",
        qualifier="upper_estimate",
        low="",
        best="",
        high="6000",
        caveat="The capacity shipped, an upper estimate",
    )
    assert problems(base_ledger) == []
    set_cells(base_ledger, "claims.csv", "C002", low="6000", high="")
    assert problems(base_ledger) == [
        "claims.csv:3: high: empty does not match as_reported 'more than 6,000' (expected 6000)",
        "claims.csv:3: low: 6000 must be empty when the qualifier is upper_estimate ('more than 6,000')",
    ]


def test_upper_estimate_needs_a_caveat_and_one_number(base_ledger: Path) -> None:
    edit_package(base_ledger, lambda p: p.update(json.loads(SHIPPED_PACKAGE.read_text(encoding="utf-8"))))
    set_cells(base_ledger, "claims.csv", "C002", qualifier="upper_estimate", low="", best="", high="6000")
    set_cells(base_ledger, "claims.csv", "C001", qualifier="upper_estimate")
    assert problems(base_ledger) == [
        "claims.csv:2: qualifier: upper_estimate needs one number, not 'thousands more'",
        "claims.csv:3: caveat: is required when the qualifier is upper_estimate: say why it is one",
    ]


def test_claim_date_may_be_unknown(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C003", as_of="")
    assert problems(base_ledger) == []


def test_note_references(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C001", note="See C002, C020 and E10.")
    set_cells(base_ledger, "claims.csv", "C003", note="Dated by E12.")
    set_cells(base_ledger, "events.csv", "E11", note="Cites C003 and C0042.")
    assert problems(base_ledger) == [
        "claims.csv:2: note: refers to C020, which is not in claims.csv",
        "claims.csv:4: note: refers to E12, which is not in events.csv",
        "events.csv:3: note: refers to C0042, which is not in claims.csv",
    ]


def test_note_reference_to_a_row_with_another_fault(base_ledger: Path) -> None:
    rows = read_rows(base_ledger / "claims.csv")
    rows[2] = rows[2][:-1]  # C002 loses its note cell; C001's note cites C002
    write_rows(base_ledger / "claims.csv", rows)
    assert problems(base_ledger) == ["claims.csv:3: row has 21 cells; the header has 22"]


def _claims_missing(ledger: Path) -> None:
    (ledger / "claims.csv").unlink()


def _claims_empty(ledger: Path) -> None:
    (ledger / "claims.csv").write_bytes(b"")


def _claims_bad_header(ledger: Path) -> None:
    rows = read_rows(ledger / "claims.csv")
    rows[0][0] = "id"
    write_rows(ledger / "claims.csv", rows)


def _claims_unclosed_quote(ledger: Path) -> None:
    path = ledger / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(',"11,000",', ',"11,000,'), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_claims_missing, ["claims.csv: file is missing"]),
        (_claims_empty, ["claims.csv: file is empty"]),
        (
            _claims_bad_header,
            ["claims.csv:1: header: missing column 'claim_id'", "claims.csv:1: header: unexpected column 'id'"],
        ),
        (
            _claims_unclosed_quote,
            [
                "claims.csv:4: malformed CSV (',' expected after '\"'): "
                "check the quotes in the row starting on this line"
            ],
        ),
    ],
    ids=["missing", "empty", "bad-header", "unclosed-quote"],
)
def test_note_references_when_the_other_table_is_unreadable(
    base_ledger: Path, damage: Callable[[Path], None], expected: list[str]
) -> None:
    """Only the claims.csv fault: C002 cannot be looked up, so it is not called missing; E12 still can."""
    set_cells(base_ledger, "events.csv", "E11", note="See C002 and E12.")
    damage(base_ledger)
    assert problems(base_ledger) == [*expected, "events.csv:3: note: refers to E12, which is not in events.csv"]


def test_primary_sources(base_ledger: Path) -> None:
    set_cells(base_ledger, "sources.csv", "moscowtimes-20250626", role="primary")
    set_cells(base_ledger, "sources.csv", "koreaherald-20250627", role="primary")
    assert problems(base_ledger) == [
        "sources.csv:3: role: a second primary source (the first is on line 2)",
        "sources.csv:4: role: a second primary source (the first is on line 2)",
    ]


def test_no_primary_source(base_ledger: Path) -> None:
    set_cells(base_ledger, "sources.csv", "newscentral", role="corroborating")
    assert problems(base_ledger) == ["sources.csv: role: no source is marked primary"]


def test_dates_after_publication(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C015", as_of="2025-06-28")
    set_cells(base_ledger, "events.csv", "E10", date_start="2025-06-27", date_end="2025-06-27")
    assert problems(base_ledger) == [
        "claims.csv:6: as_of: 2025-06-28 is after its source was published (2025-06-27, sources.csv:4)",
        "events.csv:2: date_start: 2025-06-27 is after its source was published (2025-06-26, sources.csv:3)",
    ]


def test_publication_date_unknown_allows_any_claim_date(base_ledger: Path) -> None:
    set_cells(base_ledger, "claims.csv", "C006", as_of="2025-09-02")  # newscentral has no published date
    assert problems(base_ledger) == []


def test_event_same_as_itself(base_ledger: Path) -> None:
    set_cells(base_ledger, "events.csv", "E11", same_as="E11")
    assert problems(base_ledger) == ["events.csv:3: same_as: an event cannot be the same as itself"]


# --- rules.py: a claim entered twice ----------------------------------------------------------------


def paste_again(ledger: Path, key: str, new_id: str, **cells: str) -> None:
    """Append a copy of the claim `key` under `new_id`, with some cells changed: what a paste does."""
    rows = read_rows(ledger / "claims.csv")
    header = rows[0]
    (row,) = [list(r) for r in rows[1:] if r[0] == key]
    row[0] = new_id
    for column, value in cells.items():
        row[header.index(column)] = value
    write_rows(ledger / "claims.csv", [*rows, row])


REPEAT = (
    "claims.csv:7: claim_id: C016 repeats C015 (claims.csv:6): same source, measure, scope, wave, unit, value and "
    "period; delete one, or say in the note why both stand (citing C015)"
)


@pytest.mark.parametrize(
    "cells",
    [{}, {"as_reported": "4,000", "as_of": "2025-06-27", "note": ""}, {"originator": "JCS", "conduit": ""}],
    ids=["verbatim", "other-words-and-date", "other-names"],
)
def test_a_claim_pasted_twice_is_a_likely_duplicate(base_ledger: Path, cells: dict[str, str]) -> None:
    paste_again(base_ledger, "C015", "C016", **cells)
    assert problems(base_ledger) == [REPEAT]


@pytest.mark.parametrize(
    "cells",
    [
        {"source_id": "moscowtimes-20250626"},  # two outlets, one number: two claims
        {"wave": "1"},
        {"scope": "wave_part", "unit": "engineers"},
        {"measure": "troops_arrived"},
        {"as_reported": "about 4,000", "qualifier": "approximately", "low": "", "high": ""},
        {"period_start": "2025-01-01", "period_end": "2025-01-31"},
    ],
    ids=["other-source", "other-wave", "other-unit", "other-measure", "other-qualifier", "other-period"],
)
def test_claims_that_differ_in_what_they_count_are_not_repeats(base_ledger: Path, cells: dict[str, str]) -> None:
    paste_again(base_ledger, "C015", "C016", **cells)
    assert problems(base_ledger) == []


@pytest.mark.parametrize("which", ["C015", "C016"])
def test_a_note_citing_the_twin_says_why_both_stand(base_ledger: Path, which: str) -> None:
    paste_again(base_ledger, "C015", "C016")
    other = "C016" if which == "C015" else "C015"
    set_cells(
        base_ledger, "claims.csv", which, note=f"The same figure in the same report as {other}: it is given twice."
    )
    assert problems(base_ledger) == []


def test_a_reused_id_is_reported_once_as_a_duplicate_id(base_ledger: Path) -> None:
    paste_again(base_ledger, "C015", "C015")
    assert problems(base_ledger) == ["claims.csv:7: claim_id: 'C015' duplicates line 6"]


def test_the_shipped_ledger_has_no_claim_entered_twice(repo_root: Path) -> None:
    assert [p for p in troopledger.validate(repo_root / "data")[1] if "repeats" in p.message] == []


# --- a European thousands separator -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "separator", "count"),
    [
        ("about 2.500", "a dot", 2500),
        ("11.000", "a dot", 11000),
        ("1.500.000", "a dot", 1500000),
        ("11 000", "a space", 11000),  # read as 11 before: the worst kind of wrong
        ("about 11\u00a0000", "a no-break space", 11000),
        ("2.500 to 3.000", "a dot", 2500),
    ],
)
def test_thousands_separator_in_as_reported(base_ledger: Path, phrase: str, separator: str, count: int) -> None:
    set_cells(base_ledger, "claims.csv", "C003", as_reported=phrase)
    assert problems(base_ledger) == [
        f"claims.csv:4: as_reported: {phrase!r} uses {separator} as a thousands separator: write {count:,} in "
        f"as_reported; low/best/high take digits only: {count}"
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("11.000", "'11.000' uses a dot as a thousands separator; best takes digits only: write 11000"),
        ("11 000", "'11 000' uses a space as a thousands separator; best takes digits only: write 11000"),
        ("11.00", "'11.00' is not a whole number (digits only, e.g. 11000)"),
        ("11,000", "'11,000' is not a whole number (digits only, e.g. 11000)"),
    ],
)
def test_thousands_separator_in_a_count(base_ledger: Path, value: str, message: str) -> None:
    set_cells(base_ledger, "claims.csv", "C003", best=value)
    assert problems(base_ledger) == [f"claims.csv:4: best: {message}"]


@pytest.mark.parametrize(
    ("phrase", "qualifier", "bounds"),
    [
        ("1.5 million", "exact", ("1500000", "1500000", "1500000")),
        ("about 6.5 million", "approximately", ("", "6500000", "")),
        ("more than 1.5 million", "more_than", ("1500000", "", "")),
        ("1.250 million", "exact", ("1250000", "1250000", "1250000")),
    ],
)
def test_a_decimal_before_a_scale_word_stays_valid(
    base_ledger: Path, phrase: str, qualifier: str, bounds: tuple[str, str, str]
) -> None:
    low, best, high = bounds
    set_cells(base_ledger, "claims.csv", "C003", as_reported=phrase, qualifier=qualifier, low=low, best=best, high=high)
    assert problems(base_ledger) == []


# --- whole-ledger behaviour ----------------------------------------------------------------------


def _three_faults(ledger: Path) -> None:
    set_cells(ledger, "events.csv", "E10", kind="rally")
    set_cells(ledger, "claims.csv", "C003", as_of="26/06/2025")
    set_cells(ledger, "sources.csv", "moscowtimes-20250626", url="ftp://www.themoscowtimes.com/x")


THREE_FAULTS = [
    "sources.csv:3: url: 'ftp://www.themoscowtimes.com/x' is not an http(s) URL",
    "claims.csv:4: as_of: '26/06/2025' is not a real date in the form YYYY-MM-DD",
    "events.csv:2: kind: 'rally' is not one of treaty, deployment, return, visit, meeting, confirmation, briefing, "
    "announcement",
]


def test_all_problems_are_reported_at_once(base_ledger: Path) -> None:
    _three_faults(base_ledger)
    with pytest.raises(troopledger.LedgerError) as info:
        troopledger.load(base_ledger)
    assert info.value.messages == THREE_FAULTS
    assert str(info.value) == "\n".join(THREE_FAULTS)


def test_ledger_error_messages_equal_check_output(
    base_ledger: Path, cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    _three_faults(base_ledger)
    with pytest.raises(troopledger.LedgerError) as info:
        troopledger.load(base_ledger)
    result = cli("check", "--data", base_ledger, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [*info.value.messages, f"check: 3 problems in {base_ledger}"]


def test_load_returns_typed_tables(base_ledger: Path) -> None:
    ledger = troopledger.load(base_ledger)
    assert list(ledger.claims["claim_id"]) == ["C001", "C002", "C003", "C006", "C015"]
    assert str(ledger.claims["best"].dtype) == "Int64"
    assert ledger.claims["best"].isna().tolist() == [True, False, False, False, False]
    assert str(ledger.events["date_start"].dtype).startswith("datetime64")
    assert list(ledger.sources["role"]) == ["primary", "corroborating", "corroborating"]


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("best", "best: '111111111111111111111111111111111111111…' has 5000 digits; too large for a count"),
        ("as_reported", "as_reported: is 5000 characters long; the limit is 40"),
    ],
)
def test_absurdly_long_number_is_a_problem_not_a_traceback(base_ledger: Path, column: str, expected: str) -> None:
    set_cells(base_ledger, "claims.csv", "C003", **{column: "1" * 5000})
    with pytest.raises(troopledger.LedgerError) as info:
        troopledger.load(base_ledger)
    assert info.value.messages == [f"claims.csv:4: {expected}"]


# --- quantities.read_phrase ----------------------------------------------------------------------


def test_read_phrase_agrees_with_every_shipped_claim(repo_root: Path) -> None:
    rows = read_rows(repo_root / "data" / "claims.csv")
    header = rows[0]
    assert len(rows) > 40
    for row in rows[1:]:
        cell = dict(zip(header, row, strict=True))
        bounds = tuple(int(cell[k]) if cell[k] else None for k in ("low", "best", "high"))
        reading = read_phrase(cell["as_reported"])
        assert reading is not None, cell["claim_id"]
        if cell["qualifier"] == "upper_estimate":  # a ceiling at the number the words give, whatever they say
            number = reading.best or reading.low or reading.high
            assert bounds == (None, None, number) and cell["caveat"], cell
            continue
        assert (reading.qualifier, reading.low, reading.best, reading.high) == (cell["qualifier"], *bounds), cell


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("11,000", Reading("exact", 11000, 11000, 11000)),
        ("an additional 6,000", Reading("exact", 6000, 6000, 6000)),
        ("4,000 more", Reading("exact", 4000, 4000, 4000)),
        ("about 1,500", Reading("approximately", None, 1500, None)),
        ("Roughly 600", Reading("approximately", None, 600, None)),
        ("some 600", Reading("approximately", None, 600, None)),
        ("handsome 600", Reading("exact", 600, 600, 600)),
        ("about 5 thousand", Reading("approximately", None, 5000, None)),
        ("nearly 11,000", Reading("nearly", None, None, 11000)),
        ("approaching 1,000", Reading("nearly", None, None, 1000)),
        ("at least 100", Reading("at_least", 100, None, None)),
        ("over 11,000", Reading("more_than", 11000, None, None)),
        ("more than 10 million", Reading("more_than", 10_000_000, None, None)),
        ("upwards of 3,000", Reading("more_than", 3000, None, None)),
        ("10,000 to 12,000", Reading("range", 10000, None, 12000)),
        ("11,000-12,000", Reading("range", 11000, None, 12000)),
        ("between 10,000 and 12,000", Reading("range", 10000, None, 12000)),
        ("2 to 3 million", Reading("range", 2_000_000, None, 3_000_000)),
        ("thousands more", Reading("vague", 2000, None, None, vague_word="thousands")),
        ("  Several Million ", Reading("vague", 3_000_000, None, None, vague_word="several million")),
        ("tens of thousands", Reading("vague", 20000, None, None, vague_word="tens of thousands")),
        ("hundreds", Reading("vague", 200, None, None, vague_word="hundreds")),
        ("hundreds of thousands", Reading("vague", 200_000, None, None, vague_word="hundreds of thousands")),
        ("Hundreds of thousands more", Reading("vague", 200_000, None, None, vague_word="hundreds of thousands")),
        ("1.5 million", Reading("exact", 1_500_000, 1_500_000, 1_500_000)),
        ("about 2.5 million", Reading("approximately", None, 2_500_000, None)),
        ("1.5m", Reading("exact", 1_500_000, 1_500_000, 1_500_000)),
        ("1.5 thousand", Reading("exact", 1500, 1500, 1500)),
        ("6k", Reading("exact", 6000, 6000, 6000)),
        ("6K", Reading("exact", 6000, 6000, 6000)),
        ("10.5k", Reading("exact", 10500, 10500, 10500)),
        ("nearly 6k", Reading("nearly", None, None, 6000)),
        ("1.5 to 2 million", Reading("range", 1_500_000, None, 2_000_000)),
        ("up to 12,000", Reading("at_most", None, None, 12000)),
        ("Up to 1.5 million", Reading("at_most", None, None, 1_500_000)),
        ("at most 500", Reading("at_most", None, None, 500)),
        ("as many as 3,000", Reading("at_most", None, None, 3000)),
        # hedges read as hedges, wherever they stand
        ("an estimated 5,000", Reading("approximately", None, 5000, None)),
        ("approx. 5,000", Reading("approximately", None, 5000, None)),
        ("Approx 5,000", Reading("approximately", None, 5000, None)),
        ("5,000 or so", Reading("approximately", None, 5000, None)),
        ("some 14,000", Reading("approximately", None, 14000, None)),
        ("around 1,000", Reading("approximately", None, 1000, None)),
        ("600 or more", Reading("at_least", 600, None, None)),
        ("5,000-plus", Reading("at_least", 5000, None, None)),
        ("500 or fewer", Reading("at_most", None, None, 500)),
        # spelled-out numbers
        ("nine", Reading("exact", 9, 9, 9)),
        ("Nine", Reading("exact", 9, 9, 9)),
        ("twenty-five", Reading("exact", 25, 25, 25)),
        ("about forty", Reading("approximately", None, 40, None)),
        ("two thousand", Reading("exact", 2000, 2000, 2000)),
        ("a thousand", Reading("exact", 1000, 1000, 1000)),
        ("nine hundred", Reading("exact", 900, 900, 900)),
        ("two to three thousand", Reading("range", 2000, None, 3000)),
        ("between 1,000 and 3,000", Reading("range", 1000, None, 3000)),
        ("someone", None),
        ("a few", None),
        ("2.5", None),
        ("1,000.5", None),
        ("about 1,000.5", None),
        ("1.25 thousand", Reading("exact", 1250, 1250, 1250)),
        ("1.2345 thousand", None),
        ("not stated", None),
        ("", None),
    ],
)
def test_read_phrase(phrase: str, expected: Reading | None) -> None:
    assert read_phrase(phrase) == expected


@pytest.mark.parametrize("phrase", ["11.000", "1,000,000.5"])
def test_read_phrase_refuses_a_decimal_without_a_scale_word(phrase: str) -> None:
    """'11.000' may be a European thousands separator: better no reading than a wrong one."""
    assert read_phrase(phrase) is None


# --- the independent Frictionless validator -------------------------------------------------------


def _frictionless_errors(descriptor: Path) -> tuple[bool, list[list[object]]]:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(descriptor))
    return report.valid, report.flatten(["rowNumber", "fieldName", "type"])


def test_frictionless_accepts_the_shipped_package(repo_root: Path) -> None:
    valid, errors = _frictionless_errors(repo_root / "data" / "datapackage.json")
    assert valid, errors


def test_frictionless_accepts_the_base_ledger(base_ledger: Path) -> None:
    valid, errors = _frictionless_errors(base_ledger / "datapackage.json")
    assert valid, errors


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ("02_source_id_unknown", [6, None, "foreign-key"]),
        ("35_same_as_unknown_event", [3, None, "foreign-key"]),
        ("27_enum_typo", [4, "measure", "constraint-error"]),
        ("10_duplicate_claim_id", [6, None, "primary-key"]),
        ("21_ftp_url", [3, "url", "constraint-error"]),
        ("28_wave_out_of_range", [3, "wave", "constraint-error"]),
        ("19_impossible_date", [6, "period_end", "type-error"]),
    ],
)
def test_frictionless_rejects_corpus_cases(
    case: str,
    error: list[object],
    tmp_path: Path,
    make_case_ledger: Callable[[Path | str, Path], Path],
    corpus_dir: Path,
) -> None:
    """datapackage.json itself declares these constraints, at the same line check reports."""
    ledger = make_case_ledger(case, tmp_path / "data")
    valid, errors = _frictionless_errors(ledger / "datapackage.json")
    assert not valid
    assert error in errors, errors
    line = f":{error[0]}: "
    assert any(line in expected for expected in (corpus_dir / case / "expected.txt").read_text().splitlines())
