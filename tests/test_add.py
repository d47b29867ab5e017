"""`python -m troopledger add`: one claim into a copy of the ledger, checked whole, written atomically.

Every test works on a temporary copy of data/ (or of tests/corpus/_base). A "new source" is always
the obviously fake https://example.org/report-1; nothing here writes to data/.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import troopledger
from troopledger.ledger import add, atomic, check_folder, rules
from troopledger.ledger.phrases import VAGUE_FLOORS

DATA = Path(__file__).resolve().parents[1] / "data"
CLAIMS = list(csv.DictReader(io.StringIO((DATA / "claims.csv").read_text(encoding="utf-8"), newline="")))
SOURCES = {
    r["source_id"]: r for r in csv.DictReader(io.StringIO((DATA / "sources.csv").read_text("utf-8"), newline=""))
}
MEASURES = check_folder(DATA).measures
FAKE_URL = "https://example.org/report-1"
# A claim the shipped ledger does not hold, for tests about writing rather than about the claim (the
# phrase is the README's syntax example). Adding "about 600" killed from the primary article would be
# refused: it repeats C006.
EXAMPLE = ("--source-id", "moscowtimes-20251104", "--measure", "troops_sent", "--phrase", "about 5,000")
Run = Callable[..., subprocess.CompletedProcess[str]]


def example_claim() -> add.NewClaim:
    return add.NewClaim(measure="troops_sent", phrase="about 5,000", source_id="moscowtimes-20251104")


def new_claim() -> str:
    """How a problem in the claim add would have written names that row."""
    return f"new claim {next_id()} (not written)"


@pytest.fixture
def repeats_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set aside the rule against a claim entered twice, for tests that re-enter shipped claims on purpose."""
    monkeypatch.setattr(rules, "_check_repeats", lambda claims, problems: None)


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A writable copy of the shipped ledger."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the folder (hidden temp files included) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def next_line(path: Path) -> int:
    """The editor line a row appended to this file starts on (the shipped files end with a line break)."""
    raw = path.read_bytes()
    assert raw.endswith(b"\n")
    return raw.count(b"\n") + 1


def next_id() -> str:
    return f"C{max(int(r['claim_id'][1:]) for r in CLAIMS) + 1:03d}"


def add_cli(cli: Run, ledger: Path, *args: object) -> subprocess.CompletedProcess[str]:
    """`python -m troopledger add --data LEDGER ARGS...`."""
    return cli("add", "--data", ledger, *args)


def refused(result: subprocess.CompletedProcess[str], folder: Path) -> list[str]:
    """The problem lines of a refused add, after checking the exit code and the closing line."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    *lines, last = result.stderr.splitlines()
    n = len(lines)
    assert last == f"add: {n} problem{'s' * (n != 1)}; nothing was written to {folder}"
    return lines


# --- a claim from an existing source --------------------------------------------------------------


def test_add_with_an_existing_source(ledger: Path, cli: Run) -> None:
    before = snapshot(ledger)
    result = add_cli(
        cli, ledger, *"--source-id moscowtimes-20251104 --measure troops_sent --phrase".split(), "about 5,000"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == f"add: {next_id()} added to claims.csv\n"
    after = snapshot(ledger)
    assert set(after) == set(before), "files appeared or disappeared"
    assert after["sources.csv"] == before["sources.csv"]
    assert after["claims.csv"].startswith(before["claims.csv"]), "existing rows were rewritten"
    added = after["claims.csv"][len(before["claims.csv"]) :].decode("utf-8")
    assert added == (
        f'{next_id()},moscowtimes-20251104,troops_sent,cumulative,,,"about 5,000",approximately,,5000,,'
        ",,not_stated,not stated,2025-11-04,,,,,,\n"
    )
    check = cli("check", "--data", ledger)
    assert check.returncode == 0, check.stderr
    tables, problems = troopledger.validate(ledger)
    assert problems == []
    row = tables["claims"].rows[-1]
    assert (row["claim_id"], row["qualifier"], row["low"], row["best"], row["high"]) == (
        next_id(),
        "approximately",
        None,
        5000,
        None,
    )


@pytest.mark.parametrize(
    ("phrase", "qualifier", "low", "best", "high"),
    [
        ("11,000", "exact", 11000, 11000, 11000),
        ("nearly 11,000", "nearly", None, None, 11000),
        ("up to 12,000", "at_most", None, None, 12000),
        ("at least 3,000", "at_least", 3000, None, None),
        ("more than 6,000", "more_than", 6000, None, None),
        ("10,000 to 12,000", "range", 10000, None, 12000),
        ("thousands", "vague", 2000, None, None),
        ("several million", "vague", 3_000_000, None, None),
    ],
)
def test_qualifier_and_bounds_come_from_the_phrase(
    ledger: Path, phrase: str, qualifier: str, low: int | None, best: int | None, high: int | None
) -> None:
    outcome = add.add(ledger, add.NewClaim(measure="troops_sent", phrase=phrase, source_id="moscowtimes-20251104"))
    assert outcome.problems == []
    tables, problems = troopledger.validate(ledger)
    assert problems == []
    row = tables["claims"].rows[-1]
    assert (row["as_reported"], row["qualifier"], row["low"], row["best"], row["high"]) == (
        phrase,
        qualifier,
        low,
        best,
        high,
    )


def _as_request(row: dict[str, str]) -> add.NewClaim:
    """The add options that describe a shipped claim row, leaving to add what it should derive."""
    published = SOURCES[row["source_id"]]["published"]
    wave = int(row["wave"]) if row["wave"] else None
    return add.NewClaim(
        measure=row["measure"],
        phrase=row["as_reported"],
        source_id=row["source_id"],
        wave=wave,
        unit=row["unit"],
        scope="" if add.default_scope(row["measure"], wave, row["unit"], MEASURES) == row["scope"] else row["scope"],
        qualifier="upper_estimate" if row["qualifier"] == "upper_estimate" else "",
        period_start=row["period_start"],
        period_end=row["period_end"],
        precision="" if row["date_precision"] == "not_stated" else row["date_precision"],
        period_as_reported="" if row["period_as_reported"] == "not stated" else row["period_as_reported"],
        as_of="" if row["as_of"] == published else row["as_of"],
        **{k: row[k] for k in ("originator", "conduit", "place", "purpose", "caveat", "note")},
    )


def test_add_reproduces_every_shipped_row(ledger: Path, repeats_allowed: None) -> None:
    """Entered through add, each real claim comes out cell for cell as it was entered by hand.

    The qualifier and bounds are never given here: add reads them from the phrase, so this checks
    the reading against every phrase in the ledger, and the scope, period and claim-date defaults
    against every row that leaves them to add. Each added row repeats a shipped one by design, so the
    rule against repeats is set aside.
    """
    assert len(CLAIMS) > 50
    for original in CLAIMS:
        outcome = add.add(ledger, _as_request(original))
        assert outcome.problems == [], original["claim_id"]
        added = rows(ledger / "claims.csv")[-1]
        assert added["claim_id"] == outcome.claim_id
        assert {**added, "claim_id": original["claim_id"]} == original
    assert troopledger.validate(ledger)[1] == []


def test_upper_estimate_needs_a_caveat(ledger: Path, repeats_allowed: None) -> None:
    (c048,) = [r for r in CLAIMS if r["qualifier"] == "upper_estimate"]
    claim = _as_request(c048)
    assert claim.qualifier == "upper_estimate" and claim.caveat
    before = snapshot(ledger)
    outcome = add.add(ledger, dataclasses.replace(claim, caveat=""))
    assert [str(p) for p in outcome.problems] == [
        f"{new_claim()}: caveat: is required when the qualifier is upper_estimate: say why it is one"
    ]
    assert snapshot(ledger) == before


def test_upper_estimate_needs_one_number(ledger: Path) -> None:
    before = snapshot(ledger)
    claim = add.NewClaim(
        measure="troops_sent", phrase="thousands", source_id="moscowtimes-20251104", qualifier="upper_estimate"
    )
    outcome = add.add(ledger, claim)
    assert [str(p) for p in outcome.problems] == [
        f"{new_claim()}: qualifier: upper_estimate needs one number, not 'thousands'"
    ]
    assert snapshot(ledger) == before


@pytest.mark.parametrize(
    ("measure", "wave", "unit", "scope"),
    [
        ("troops_sent", 2, "", "wave"),
        ("troops_planned", 3, "engineers", "wave_part"),
        ("troops_present", None, "", "at_date"),
        ("troops_present", None, "engineers", "at_date"),
        ("troops_sent", None, "", "cumulative"),
        ("killed", 3, "engineers", "cumulative"),  # totals are cumulative even for one unit of one wave
        ("casualties", None, "", "cumulative"),
    ],
)
def test_default_scope(measure: str, wave: int | None, unit: str, scope: str) -> None:
    assert add.default_scope(measure, wave, unit, MEASURES) == scope


def test_default_scope_follows_the_catalogue() -> None:
    """The scope comes from the measure's kind in datapackage.json, not from a list of names in the code."""
    catalogue = {"ships_sent": add.Measure("ships_sent", "ships sent", "total", "munitions")}
    assert add.default_scope("ships_sent", 2, "", catalogue) == "cumulative"
    catalogue = {"ships_sent": add.Measure("ships_sent", "ships sent", "stock", "munitions")}
    assert add.default_scope("ships_sent", None, "", catalogue) == "at_date"
    assert add.default_scope("unknown", 2, "", catalogue) == "wave"  # check then names the measure


# --- a claim from a new source --------------------------------------------------------------------


def test_add_with_a_new_source(ledger: Path, cli: Run) -> None:
    before = snapshot(ledger)
    source = (
        "--url",
        FAKE_URL,
        "--outlet",
        "KBS World",
        "--published",
        "2026-03-01",
        "--source-note",
        "A test report.",
    )
    result = add_cli(cli, ledger, *source, *"--measure troops_sent --wave 3 --phrase".split(), "about 5,000")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"add: {next_id()} added to claims.csv (and source kbsworld-20260301 to sources.csv)\n"
    after = snapshot(ledger)
    assert after["sources.csv"] == before["sources.csv"] + (
        f"kbsworld-20260301,KBS World,,,{FAKE_URL},2026-03-01,corroborating,A test report.\n".encode()
    )
    added = rows(ledger / "claims.csv")[-1]
    assert (added["source_id"], added["scope"], added["wave"], added["as_of"]) == (
        "kbsworld-20260301",
        "wave",
        "3",
        "2026-03-01",
    )
    assert cli("check", "--data", ledger).returncode == 0


def test_new_source_without_a_date_needs_an_id(ledger: Path, cli: Run) -> None:
    before = snapshot(ledger)
    args = ("--url", FAKE_URL, *"--outlet TSN --measure killed --phrase".split(), "about 600")
    result = add_cli(cli, ledger, *args)
    assert result.returncode == 2
    assert "--published is not given, so the new source's id cannot carry its date" in result.stderr
    assert snapshot(ledger) == before
    result = add_cli(cli, ledger, *args, "--new-source-id", "tsn-test-1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"add: {next_id()} added to claims.csv (and source tsn-test-1 to sources.csv)\n"
    added = rows(ledger / "claims.csv")[-1]
    assert (added["source_id"], added["as_of"]) == ("tsn-test-1", "")  # no publication date, no claim date


@pytest.mark.parametrize(
    ("outlet", "slug"),
    [
        ("The Moscow Times", "moscowtimes"),  # the prefix of its earlier reports
        ("Dong-A Ilbo (English)", "donga"),  # not 'dongailbo': the ledger already calls it donga
        ("KBS World", "kbsworld"),  # kbsworld-seq192744 has no date, but kbsworld-20241018 does
        ("The Example Gazette (English)", "examplegazette"),  # a new outlet
        ("Example-News 24", "examplenews24"),
        ("Газета", ""),  # nothing left: add asks for --new-source-id
    ],
)
def test_outlet_slug(outlet: str, slug: str) -> None:
    tables, _ = troopledger.validate(DATA)
    assert add.outlet_slug(outlet, tables["sources"]) == slug


def test_outlet_without_a_slug_needs_an_id(ledger: Path) -> None:
    source = add.NewSource(outlet="Газета", url=FAKE_URL, published="2026-03-01")
    with pytest.raises(add.UsageError, match="give one with --new-source-id"):
        add.add(ledger, add.NewClaim(measure="killed", phrase="about 600"), source)


@pytest.mark.parametrize(
    "url",
    [
        SOURCES["moscowtimes-20251104"]["url"],
        SOURCES["moscowtimes-20251104"]["url"].replace("https://www.", "http://") + "/",
        SOURCES["moscowtimes-20251104"]["url"].replace("www.themoscowtimes.com", "WWW.TheMoscowTimes.com") + "#top",
    ],
)
def test_a_url_already_in_sources_is_refused(ledger: Path, cli: Run, url: str) -> None:
    before = snapshot(ledger)
    at = list(SOURCES).index("moscowtimes-20251104") + 2
    source = ("--url", url, "--outlet", "The Moscow Times", "--published", "2025-11-05")
    result = add_cli(cli, ledger, *source, *"--measure troops_sent --phrase".split(), "about 5,000")
    assert refused(result, ledger) == [
        f"new source moscowtimes-20251105 (not written): url: {url[:39] + '…'!r} is already in sources.csv as "
        f"moscowtimes-20251104 (line {at}): add the claim with --source-id moscowtimes-20251104"
    ]
    assert snapshot(ledger) == before


def test_a_source_id_already_taken_is_refused(ledger: Path) -> None:
    """A second report by one outlet on one day would get the first one's id: add asks for another."""
    before = snapshot(ledger)
    at = list(SOURCES).index("moscowtimes-20251104") + 2
    source = add.NewSource(outlet="The Moscow Times", url=FAKE_URL, published="2025-11-04")
    outcome = add.add(ledger, add.NewClaim(measure="troops_sent", phrase="about 5,000"), source)
    assert [str(p) for p in outcome.problems] == [
        f"new source moscowtimes-20251104 (not written): source_id: 'moscowtimes-20251104' is already the id of "
        f"the report on line {at}: give this one its own with --new-source-id"
    ]
    assert snapshot(ledger) == before


# --- refusals write nothing ---------------------------------------------------------------------


def test_a_phrase_without_a_number_writes_nothing(ledger: Path, cli: Run) -> None:
    before = snapshot(ledger)
    result = add_cli(cli, ledger, *"--source-id moscowtimes-20251104 --measure troops_sent --phrase".split(), "a lot")
    known = ", ".join(repr(w) for w in VAGUE_FLOORS)
    assert refused(result, ledger) == [
        f"{new_claim()}: as_reported: 'a lot' states no number and none of the vague words {known}"
    ]
    assert snapshot(ledger) == before


def test_an_unknown_source_id_writes_nothing(ledger: Path, cli: Run) -> None:
    before = snapshot(ledger)
    result = add_cli(
        cli, ledger, *"--source-id moscowtimes-20251105 --measure troops_sent --phrase".split(), "about 5,000"
    )
    assert refused(result, ledger) == [
        f"{new_claim()}: source_id: 'moscowtimes-20251105' is not a source_id in sources.csv; "
        "did you mean moscowtimes-20251104, moscowtimes-20250626 or moscowtimes-20250902?"
    ]
    assert snapshot(ledger) == before


def test_every_problem_of_the_new_row_is_listed(ledger: Path, cli: Run) -> None:
    """The whole ledger is validated with the row in place: each of its faults gets its own line."""
    before = snapshot(ledger)
    at = list(SOURCES).index("moscowtimes-20251104") + 2
    result = add_cli(
        cli,
        ledger,
        *"--source-id moscowtimes-20251104 --measure troop_sent --phrase".split(),
        "about 5,000",
        *"--wave 0 --as-of 2025-11-05 --place =cmd".split(),
    )
    assert refused(result, ledger) == [
        f"{new_claim()}: as_of: 2025-11-05 is after its source was published (2025-11-04, sources.csv:{at})",
        f"{new_claim()}: measure: 'troop_sent' is not one of troops_sent, troops_planned, troops_arrived, "
        "troops_returned, troops_present, killed, wounded, casualties, artillery_shells, ballistic_missiles, "
        "workers_sent, explosive_objects_destroyed, hectares_cleared; did you mean troops_sent?",
        f"{new_claim()}: place: '=cmd' looks like a spreadsheet formula",
        f"{new_claim()}: wave: 0 is below the minimum 1",
    ]
    assert snapshot(ledger) == before


def test_a_new_row_is_named_by_its_id_not_by_a_line_never_written(ledger: Path) -> None:
    """A problem in the new source or the new claim names that row; one in an existing line keeps file:line.

    The claim's date is after the new source's publication date: the message points at the new source
    by its id too, not at the line of sources.csv it would have had.
    """
    before = snapshot(ledger)
    source = add.NewSource(outlet="KBS World", url=FAKE_URL, published="2026-03-01")
    claim = add.NewClaim(measure="troops_sent", phrase="about 5.000", as_of="2026-03-02")
    outcome = add.add(ledger, claim, source)
    assert [str(p) for p in outcome.problems] == [
        f"{new_claim()}: as_reported: 'about 5.000' uses a dot as a thousands separator: write 5,000 in "
        "as_reported; low/best/high take digits only: 5000",
    ]
    outcome = add.add(ledger, dataclasses.replace(claim, phrase="about 5,000"), source)
    assert [str(p) for p in outcome.problems] == [
        f"{new_claim()}: as_of: 2026-03-02 is after its source was published "
        "(2026-03-01, new source kbsworld-20260301)",
    ]
    assert snapshot(ledger) == before


def test_a_broken_ledger_gets_nothing_added(
    tmp_path: Path, cli: Run, make_case_ledger: Callable[[Path | str, Path], Path]
) -> None:
    """add reports the problems already there, like check, and does not add to them."""
    ledger = make_case_ledger("43_unquoted_comma", tmp_path / "data")
    before = snapshot(ledger)
    result = cli("add", "--data", ledger, *EXAMPLE[2:], "--source-id", "koreaherald-20250627")
    expected = (Path(__file__).parent / "corpus" / "43_unquoted_comma" / "expected.txt").read_text("utf-8")
    assert refused(result, ledger) == expected.splitlines()
    assert snapshot(ledger) == before


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--source-id", "newscentral", "--phrase", "about 600"], "the following arguments are required: --measure"),
        (["--measure", "killed", "--phrase", "about 600"], "one of the arguments --source-id --url is required"),
        (["--url", FAKE_URL, "--measure", "killed", "--phrase", "about 600"], "--url (a new source) needs --outlet"),
        (
            ["--source-id", "newscentral", "--outlet", "X", "--measure", "killed", "--phrase", "about 600"],
            "--outlet is for a new source: use with --url, not with --source-id",
        ),
        (
            ["--source-id", "newscentral", "--measure", "killed", "--phrase", "about 600", "--as-of", "2025-02-30"],
            "argument --as-of: '2025-02-30' is not a real date in the form YYYY-MM-DD",
        ),
        (
            ["--source-id", "newscentral", "--measure", "killed", "--phrase", "600", "--period-start", "2025-06-01"],
            "--period-start/--period-end need --precision (day, month, season or year)",
        ),
        (
            ["--source-id", "newscentral", "--measure", "killed", "--phrase", "600", "--precision", "month"],
            "--precision month needs --period-as-reported: the period in the source's words",
        ),
    ],
)
def test_argument_errors_exit_2(ledger: Path, cli: Run, args: list[str], error: str) -> None:
    before = snapshot(ledger)
    result = cli("add", "--data", ledger, *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1] == f"troopledger add: error: {error}"
    assert snapshot(ledger) == before


def test_qualifier_override_is_only_upper_estimate(ledger: Path, cli: Run) -> None:
    args = ("--source-id", "newscentral", "--measure", "killed", "--phrase", "about 600", "--qualifier", "exact")
    result = cli("add", "--data", ledger, *args)
    assert result.returncode == 2
    assert "invalid choice: 'exact'" in result.stderr


# --- ids, bytes and files -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        ([], "C001"),
        (["C001", "C002"], "C003"),
        (["C015", "C099", "C006"], "C100"),
        (["C1000"], "C1001"),
        (["C007", "E10", "X"], "C008"),
    ],
)
def test_next_claim_id(ids: list[str], expected: str) -> None:
    assert add.next_claim_id(ids) == expected


def test_next_id_after_c099_is_c100(base_ledger: Path) -> None:
    path = base_ledger / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nC015,", "\nC099,"), encoding="utf-8")
    assert troopledger.validate(base_ledger)[1] == []
    claim = add.NewClaim(measure="troops_sent", phrase="about 5,000", source_id="koreaherald-20250627")
    outcome = add.add(base_ledger, claim)
    assert (outcome.problems, outcome.claim_id) == ([], "C100")
    assert rows(path)[-1]["claim_id"] == "C100"


@pytest.mark.parametrize(
    ("raw", "expected", "line"),
    [
        (b"a,b\n1,2\n", b'a,b\n1,2\nx,"y,z"\n', 3),
        (b"a,b\n1,2", b'a,b\n1,2\nx,"y,z"\n', 3),  # a missing final line break is supplied
        (b"a,b\r\n1,2\r\n", b'a,b\r\n1,2\r\nx,"y,z"\r\n', 3),  # Windows line ends are kept
        (b'a,b\n"1\n1",2\n', b'a,b\n"1\n1",2\nx,"y,z"\n', 4),  # a line break inside a quoted cell
    ],
)
def test_appended(raw: bytes, expected: bytes, line: int) -> None:
    assert add.appended(raw, ["a", "b"], {"a": "x", "b": "y,z"}) == (expected, line)


def test_no_temporary_files_are_left(ledger: Path) -> None:
    names = sorted(p.name for p in ledger.iterdir())
    claim = example_claim()
    assert add.add(ledger, claim).problems == []
    assert add.add(ledger, dataclasses.replace(claim, phrase="a lot")).problems != []
    assert sorted(p.name for p in ledger.iterdir()) == names


def test_file_mode_is_kept(ledger: Path) -> None:
    os.chmod(ledger / "claims.csv", 0o664)
    assert add.add(ledger, example_claim()).problems == []
    assert (ledger / "claims.csv").stat().st_mode & 0o777 == 0o664


def test_a_failed_replace_leaves_the_files_and_no_temporary_file(ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(ledger)

    def fail(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        add.add(ledger, example_claim())
    assert snapshot(ledger) == before


def test_a_file_changed_meanwhile_is_not_overwritten(ledger: Path) -> None:
    before = snapshot(ledger)
    changed = {"claims.csv": before["claims.csv"] + b"new\n"}
    stale = {"claims.csv": before["claims.csv"][:-1]}  # what add read, now different from the disk
    problems = add.write_atomically(ledger, changed, stale)
    assert [str(p) for p in problems] == ["claims.csv: changed on disk while add was running; run add again"]
    assert snapshot(ledger) == before
