"""Every broken ledger in tests/corpus/ must be refused, with exactly the problem lines it expects.

Each case is _base (a minimal valid ledger of real rows) with one realistic fault laid over it.
The commands for every case run in one interpreter (conftest's cli_batch: `troopledger.cli.main`, as
`python -m troopledger` calls it); the shipped data, the base ledger and the huge file go through
`python -m troopledger` itself. For each case:
  * `python -m troopledger check --data DIR` exits 1 and prints every line of expected.txt;
  * and prints nothing else (cases with a known_bug.txt are expected to fail that part: the file
    says which extra line check prints and why it is wrong);
  * `troopledger.load(DIR)` raises LedgerError carrying the same lines as check prints;
  * `export --root ROOT` and `build --root ROOT` refuse the same way and leave ROOT's figures/,
    notebooks/ and data/ byte-for-byte unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import subprocess
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

import troopledger
from troopledger.ledger import schema

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p for p in CORPUS_DIR.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
CASE_IDS = [p.name for p in CASES]
LEDGER_FILES = {"datapackage.json", "sources.csv", "claims.csv", "events.csv"}
CASE_META = {"expected.txt", "delete.txt", "known_bug.txt"}
SUMMARY_RE = re.compile(r"check: (\d+) problems? in .+")
MESSAGE_RE = re.compile(r"(sources\.csv|claims\.csv|events\.csv|datapackage\.json)(:[1-9]\d*)?: \S.*")
SENTINEL = "SENTINEL-must-stay-unchanged.txt"


def expected_lines(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def with_known_bug(cases: list[Path]) -> list[object]:
    """Parameters for the strict test: a case with known_bug.txt is xfail(strict) with that reason."""
    params: list[object] = []
    for case in cases:
        bug = case / "known_bug.txt"
        marks = [pytest.mark.xfail(strict=True, reason=bug.read_text(encoding="utf-8").strip())] if bug.exists() else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.fixture(scope="session")
def corpus_runs(
    cli_batch: Callable[..., dict[str, subprocess.CompletedProcess[str]]],
    make_case_ledger: Callable[[Path | str, Path], Path],
    bundle_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[subprocess.CompletedProcess[str], dict[str, str], dict[str, str]]]:
    """For every case: `check --data` on its ledger, and `export --root` and `build --root` on a bundle holding
    it, all run once in one interpreter and shared by the tests below. {"check/CASE": (result, before, after)},
    before and after being snapshots of the bundle the command ran on (empty for check)."""
    commands: dict[str, list[object]] = {}
    roots: dict[str, Path] = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp(case.name)
        commands[f"check/{case.name}"] = ["check", "--data", make_case_ledger(case, folder / "data")]
        for command in ("export", "build"):
            root = roots[f"{command}/{case.name}"] = folder / command
            shutil.copytree(bundle_template, root)
            make_case_ledger(case, root / "data")
            commands[f"{command}/{case.name}"] = [command, "--root", root]
    before = {key: snapshot(root) for key, root in roots.items()}
    results = cli_batch(commands)
    return {
        key: (result, before.get(key, {}), snapshot(roots[key]) if key in roots else {})
        for key, result in results.items()
    }


@pytest.fixture(scope="session")
def check_case(corpus_runs) -> Callable[[Path], subprocess.CompletedProcess[str]]:
    """`check --data` on a case's ledger (from corpus_runs)."""
    return lambda case: corpus_runs[f"check/{case.name}"][0]


def problem_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The problem lines of a failed check: everything on stderr above the summary line."""
    lines = result.stderr.splitlines()
    assert lines, "check printed nothing on stderr"
    summary = SUMMARY_RE.fullmatch(lines[-1])
    assert summary, f"last stderr line is not the summary: {lines[-1]!r}"
    assert int(summary.group(1)) == len(lines) - 1, "summary count differs from the number of problem lines"
    return lines[:-1]


# --- the corpus itself --------------------------------------------------------------------------


def test_corpus_has_enough_well_formed_cases() -> None:
    assert len(CASES) >= 24, f"only {len(CASES)} corpus cases in {CORPUS_DIR}"
    numbers = [c.name.split("_", 1)[0] for c in CASES]
    assert all(re.fullmatch(r"\d\d", n) for n in numbers), numbers
    assert len(set(numbers)) == len(numbers), "two cases share a number"
    for case in CASES:
        files = {p.name for p in case.iterdir()}
        assert files <= LEDGER_FILES | CASE_META, f"{case.name}: unexpected files {files - LEDGER_FILES - CASE_META}"
        overlays = files & LEDGER_FILES
        assert overlays or "delete.txt" in files, f"{case.name} changes nothing"
        for name in overlays:
            assert (case / name).read_bytes() != (CORPUS_DIR / "_base" / name).read_bytes(), f"{case.name}/{name}"
        lines = expected_lines(case)
        assert lines, f"{case.name}/expected.txt is empty"
        for line in lines:
            assert MESSAGE_RE.fullmatch(line), f"{case.name}/expected.txt: not a problem line: {line!r}"


def test_base_ledger_is_valid(
    cli: Callable[..., subprocess.CompletedProcess[str]],
    make_case_ledger: Callable[[Path | str, Path], Path],
    tmp_path: Path,
) -> None:
    """_base must pass, so that each case's lines come from its one fault alone."""
    ledger = make_case_ledger("_base", tmp_path / "data")
    result = cli("check", "--data", ledger, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.splitlines() == [f"check: ok, 3 sources, 5 claims, 2 events in {ledger}"]
    loaded = troopledger.load(ledger)
    assert (len(loaded.sources), len(loaded.claims), len(loaded.events)) == (3, 5, 2)


def test_shipped_data_passes_check(cli: Callable[..., subprocess.CompletedProcess[str]], repo_root: Path) -> None:
    result = cli("check", timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    counts = []
    for name in ("sources", "claims", "events"):
        with open(repo_root / "data" / f"{name}.csv", newline="", encoding="utf-8") as f:
            counts.append(f"{sum(1 for _ in csv.reader(f)) - 1} {name}")
    assert result.stdout.splitlines() == [f"check: ok, {', '.join(counts)} in data"]


# --- check, load --------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_check_prints_expected_lines(
    case: Path, check_case: Callable[[Path], subprocess.CompletedProcess[str]]
) -> None:
    result = check_case(case)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    printed = problem_lines(result)
    missing = [line for line in expected_lines(case) if line not in printed]
    assert not missing, f"check did not print {missing}; it printed {printed}"


@pytest.mark.parametrize("case", with_known_bug(CASES))
def test_check_prints_nothing_else(case: Path, check_case: Callable[[Path], subprocess.CompletedProcess[str]]) -> None:
    """One fault, one set of lines: anything beyond expected.txt is noise a reader has to wade through."""
    assert problem_lines(check_case(case)) == expected_lines(case)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_load_raises_with_the_same_lines(
    case: Path,
    tmp_path: Path,
    make_case_ledger: Callable[[Path | str, Path], Path],
    check_case: Callable[[Path], subprocess.CompletedProcess[str]],
) -> None:
    ledger = make_case_ledger(case, tmp_path / "data")
    with pytest.raises(troopledger.LedgerError) as info:
        troopledger.load(ledger)
    messages = info.value.messages
    missing = [line for line in expected_lines(case) if line not in messages]
    assert not missing, f"LedgerError lacks {missing}; it has {messages}"
    assert messages == problem_lines(check_case(case))
    assert [str(p) for p in troopledger.validate(ledger)[1]] == messages


# --- a file far over the size limit --------------------------------------------------------------


@pytest.fixture(scope="session")
def huge_ledger(
    tmp_path_factory: pytest.TempPathFactory, make_case_ledger: Callable[[Path | str, Path], Path], repo_root: Path
):
    """_base with a ~240 MB claims.csv: its header, then the shipped claims rows over and over."""
    folder = tmp_path_factory.mktemp("huge")
    ledger = make_case_ledger("_base", folder / "data")
    header, *rows = (repo_root / "data" / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    block = "".join(rows).encode("utf-8")
    chunk = block * (4 * 2**20 // len(block) + 1)
    with open(ledger / "claims.csv", "wb") as f:
        f.write(header.encode("utf-8"))
        while f.tell() < 240 * 2**20:
            f.write(chunk)
    yield ledger
    shutil.rmtree(folder)


def size_message(ledger: Path) -> str:
    size = (ledger / "claims.csv").stat().st_size
    assert size > 4 * schema.MAX_FILE_BYTES
    return f"claims.csv: file is {size / 2**20:.0f} MB; the limit is {schema.MAX_FILE_BYTES // 2**20} MB"


def test_huge_file_is_refused_by_check(huge_ledger: Path, cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = cli("check", "--data", huge_ledger, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert problem_lines(result) == [size_message(huge_ledger)]


def test_huge_file_is_not_read_into_memory(huge_ledger: Path) -> None:
    tracemalloc.start()
    try:
        _, problems = troopledger.validate(huge_ledger)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [str(p) for p in problems] == [size_message(huge_ledger)]
    assert peak < 16 * 2**20, f"validate() allocated {peak / 2**20:.0f} MB at peak for a file it must not read"


# --- export and build refuse a broken ledger and touch nothing -----------------------------------


@pytest.fixture(scope="session")
def bundle_template(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    """figures/ and notebooks/ as the repository has them, each with a sentinel file added."""
    template = tmp_path_factory.mktemp("bundle-template")
    for sub in ("figures", "notebooks"):
        if (repo_root / sub).is_dir():
            shutil.copytree(repo_root / sub, template / sub)
        else:
            (template / sub).mkdir()
        (template / sub / SENTINEL).write_text(f"{sub} must not change when the ledger is invalid\n")
    return template


def snapshot(root: Path) -> dict[str, str]:
    """Relative path -> sha256 (or 'dir') for everything under the bundle's figures, notebooks, data."""
    state: dict[str, str] = {}
    for sub in ("figures", "notebooks", "data"):
        for path in sorted((root / sub).rglob("*")):
            rel = path.relative_to(root).as_posix()
            state[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return state


@pytest.mark.parametrize("command", ["export", "build"])
def test_bundle_command_exists(command: str, cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    result = cli(command, "--help", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "--root" in result.stdout


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@pytest.mark.parametrize("command", ["export", "build"])
def test_bundle_command_refuses_broken_ledger(
    command: str,
    case: Path,
    corpus_runs,
    check_case: Callable[[Path], subprocess.CompletedProcess[str]],
) -> None:
    result, before, after = corpus_runs[f"{command}/{case.name}"]
    assert f"figures/{SENTINEL}" in before and f"notebooks/{SENTINEL}" in before

    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, f"{command} exited {result.returncode}: {result.stderr}"
    printed = result.stderr.splitlines()
    wanted = [*expected_lines(case), *problem_lines(check_case(case))]
    missing = [line for line in dict.fromkeys(wanted) if line not in printed]
    assert not missing, f"{command} did not print {missing}; stderr was {result.stderr!r}"
    assert sorted(set(after) - set(before)) == [], "files appeared"
    assert sorted(set(before) - set(after)) == [], "files disappeared"
    assert [k for k in before if before[k] != after[k]] == [], "files changed"
