"""Random damage to the shipped CSVs must end in LedgerError (or a valid ledger), never another exception.

Each example copies data/ into a fresh temporary folder, damages one or more of its CSV files the
way people and programs damage CSVs (a cell retyped, rows deleted/duplicated/swapped, stray bytes,
a cut-off file, another delimiter) and calls troopledger.load(). Every message of the LedgerError
must have the `file:line: column: message` / `file: message` shape, name one of the ledger's four
files, name a real column, and point at a line the file actually has.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import troopledger

DATA = Path(__file__).resolve().parents[1] / "data"
CSV_FILES = ("sources.csv", "claims.csv", "events.csv")
ORIGINAL = {name: (DATA / name).read_bytes() for name in ("datapackage.json", *CSV_FILES)}
FIELDS = {
    res["path"]: [f["name"] for f in res["schema"]["fields"]]
    for res in json.loads(ORIGINAL["datapackage.json"])["resources"]
}
ROWS = {name: list(csv.reader(io.StringIO(ORIGINAL[name].decode("utf-8"), newline=""))) for name in CSV_FILES}
MESSAGE = re.compile(
    r"(?P<file>sources\.csv|claims\.csv|events\.csv|datapackage\.json)"
    r"(?::(?P<line>[1-9]\d*))?: (?:(?P<column>[a-z_]+): )?(?P<text>\S.*)"
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Cell values people type or paste, or that tools write.
CELL_VALUES = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="latin-1"), max_size=12),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.from_regex(r"\A-?[0-9]{14,17}\Z"),  # around the 15-digit limit on integer cells
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),  # past int()'s 4300-digit limit
    st.from_regex(r"\A(up to |about |nearly )?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]{1,3})?( ?(million|thousand|m|k))?\Z"),
    st.from_regex(r"\A[0-9]{1,3}(,[0-9]{3}){0,3}\Z"),
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"),
    st.dates().map(str),
    st.builds(
        lambda prefix, rest: prefix + rest, st.sampled_from(["=", "+", "-", "@", "\t", "\r", " "]), st.text(max_size=12)
    ),
    st.sampled_from(
        [
            "",
            " ",
            '"',
            "\n",
            "\r\n",
            "about 600",
            "11,000",
            "thousands",
            "several million",
            "10,000 to 12,000",
            "nearly 11,000",
            "up to 12,000",
            "as many as 3,000",
            "at_most",
            "1.5 million",
            "6k",
            "2.5",
            "1,000.5",
            "hundreds of thousands",
            "-6000",
            "troop_sent",
            "primary",
            "not_stated",
            "month",
            "year",
            "wave_part",
            "cumulative",
            "killed",
            "C001",
            "C999",
            "E01",
            "E10",
            "newscentral",
            "2025-02-30",
            "26/06/2025",
            "2024-10-01",
            "0",
            "4",
            '=HYPERLINK("http://x","y")',
            "javascript:alert(1)",
            "ftp://example.org/x",
            "https://example.org/x",
            "Sergueï",
            "\x00",
            "\ufeff",
        ]
    ),
)


def lines_in(raw: bytes) -> int:
    """An upper bound on the editor lines of a file: every \\n, and every \\r, may start a new one."""
    return raw.count(b"\n") + raw.count(b"\r") + 1


def dump(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def assert_only_ledger_errors(files: dict[str, bytes]) -> None:
    """Load data/ with `files` replaced; anything but success or a well-formed LedgerError fails the test."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        contents = {**ORIGINAL, **files}
        for name, raw in contents.items():
            (folder / name).write_bytes(raw)
        try:
            ledger = troopledger.load(folder)
        except troopledger.LedgerError as exc:
            messages = exc.messages
            assert messages, "LedgerError without messages"
            assert str(exc) == "\n".join(messages)
            for message in messages:
                match = MESSAGE.fullmatch(message)
                assert match, f"badly shaped message: {message!r}"
                file, line, column = match.group("file", "line", "column")
                if file in FIELDS:
                    assert column is None or column in [*FIELDS[file], "header"], message
                    if line is not None:
                        assert int(line) <= lines_in(contents[file]), f"{message!r}: {file} has no such line"
        else:
            for name in ("sources", "claims", "events"):
                assert list(getattr(ledger, name).columns) == FIELDS[f"{name}.csv"]


@st.composite
def replaced_cells(draw: st.DrawFn) -> dict[str, bytes]:
    """1-3 cells (header included) of one file retyped."""
    name = draw(st.sampled_from(CSV_FILES))
    rows = [list(r) for r in ROWS[name]]
    for _ in range(draw(st.integers(1, 3))):
        row = draw(st.integers(0, len(rows) - 1))
        col = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][col] = draw(CELL_VALUES)
    return {name: dump(rows)}


@st.composite
def shuffled_rows(draw: st.DrawFn) -> dict[str, bytes]:
    """Rows (header included) deleted, duplicated, swapped or moved."""
    name = draw(st.sampled_from(CSV_FILES))
    rows = [list(r) for r in ROWS[name]]
    for _ in range(draw(st.integers(1, 3))):
        if not rows:
            break
        i = draw(st.integers(0, len(rows) - 1))
        j = draw(st.integers(0, len(rows) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "move"]))
        if op == "delete":
            del rows[i]
        elif op == "duplicate":
            rows.insert(j, list(rows[i]))
        elif op == "swap":
            rows[i], rows[j] = rows[j], rows[i]
        else:
            rows.insert(j, rows.pop(i))
    return {name: dump(rows)}


@st.composite
def inserted_bytes(draw: st.DrawFn) -> dict[str, bytes]:
    name = draw(st.sampled_from(CSV_FILES))
    raw = ORIGINAL[name]
    at = draw(st.integers(0, len(raw)))
    junk = draw(st.one_of(st.binary(min_size=1, max_size=16), st.sampled_from([b'"', b",", b"\n", b"\r", b"\x00"])))
    return {name: raw[:at] + junk + raw[at:]}


@st.composite
def truncated(draw: st.DrawFn) -> dict[str, bytes]:
    name = draw(st.sampled_from(CSV_FILES))
    raw = ORIGINAL[name]
    return {name: raw[: draw(st.integers(0, len(raw) - 1))]}


@st.composite
def other_delimiter(draw: st.DrawFn) -> dict[str, bytes]:
    name = draw(st.sampled_from(CSV_FILES))
    delimiter = draw(st.sampled_from([";", "\t", "|", " ", ":"]))
    if draw(st.booleans()):
        return {name: dump(ROWS[name], delimiter)}  # what a spreadsheet export does
    return {name: ORIGINAL[name].replace(b",", delimiter.encode())}  # what a blind search-and-replace does


@FUZZ
@given(replaced_cells())
def test_replaced_cells(files: dict[str, bytes]) -> None:
    assert_only_ledger_errors(files)


@FUZZ
@given(shuffled_rows())
def test_deleted_duplicated_swapped_rows(files: dict[str, bytes]) -> None:
    assert_only_ledger_errors(files)


@FUZZ
@given(inserted_bytes())
def test_random_bytes_inserted(files: dict[str, bytes]) -> None:
    assert_only_ledger_errors(files)


@FUZZ
@given(truncated())
def test_truncated_file(files: dict[str, bytes]) -> None:
    assert_only_ledger_errors(files)


@FUZZ
@given(other_delimiter())
def test_changed_delimiter(files: dict[str, bytes]) -> None:
    assert_only_ledger_errors(files)


@FUZZ
@given(st.lists(st.one_of(replaced_cells(), shuffled_rows(), inserted_bytes(), truncated()), min_size=2, max_size=4))
def test_several_files_damaged_at_once(damage: list[dict[str, bytes]]) -> None:
    files: dict[str, bytes] = {}
    for change in damage:
        files.update(change)
    assert_only_ledger_errors(files)
