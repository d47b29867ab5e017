"""Shared fixtures for the ledger tests: the repository, the broken-ledger corpus and the CLI.

The corpus (tests/corpus/) holds one minimal valid ledger, ``_base/``, and one folder per broken
case holding only the file(s) that differ from it, plus ``expected.txt`` (the exact problem lines
`check` must print), an optional ``delete.txt`` (files to remove from the copy) and an optional
``known_bug.txt`` (a validator shortcoming that case exposes; see tests/test_corpus.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO_ROOT / "tests" / "corpus"
BASE_DIR = CORPUS_DIR / "_base"
# Files of a case folder that describe the case rather than overlay the ledger.
CASE_META = ("expected.txt", "delete.txt", "known_bug.txt")
# What a throwaway checkout of the bundle holds (see make_workspace); the package comes from the venv.
WORKSPACE_DIRS = (".jupyter", "data", "notebooks", "figures", "docs")
WORKSPACE_FILES = (
    ".gitattributes",
    ".gitignore",
    "Makefile",
    "pyproject.toml",
    "requirements.txt",
    "requirements-dev.txt",
)
# Never let the developer's git identity, signing or hooks into a test repository.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


# The longest test files, longest first. pytest-xdist hands each worker one file at a time (`--dist loadfile`,
# and `--no-loadscope-reorder` keeps this order instead of putting files with the most tests first): started
# first, on a worker each, they end with the rest of the suite instead of after it.
LONGEST_FIRST = ("test_browser.py", "test_build.py", "test_outputs.py", "test_fuzz.py", "test_bundle.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: each file's own order is kept


@pytest.fixture(scope="session")
def ledger():
    """The shipped ledger, loaded once per test process: tests read it and never change it."""
    import troopledger as tl

    return tl.load(REPO_ROOT / "data")


@pytest.fixture(scope="session")
def figs(ledger):
    """Every chart of the shipped ledger at the default size with full notes, drawn once per test process."""
    from troopledger import charts

    return {slug: charts.make_chart(ledger, slug) for slug in charts.chart_slugs(ledger)}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS_DIR


@pytest.fixture(scope="session")
def make_case_ledger() -> Callable[[Path | str, Path], Path]:
    """Build a ledger folder at `dest`: a copy of _base with a corpus case's files laid over it.

    `case` is a case folder or its name; "_base" gives the valid base ledger unchanged.
    """

    def build(case: Path | str, dest: Path) -> Path:
        case_dir = case if isinstance(case, Path) else CORPUS_DIR / case
        shutil.copytree(BASE_DIR, dest)
        if case_dir.resolve() == BASE_DIR.resolve():
            return dest
        for item in sorted(case_dir.iterdir()):
            if item.name in CASE_META:
                continue
            shutil.copyfile(item, dest / item.name)
        deletions = case_dir / "delete.txt"
        if deletions.exists():
            for name in deletions.read_text(encoding="utf-8").split():
                (dest / name).unlink()
        return dest

    return build


SMALL_NOTEBOOK = "03_casualties.ipynb"  # answers in words, a chart and a table


def small_bundle(dest: Path) -> Path:
    """A bundle at `dest` of the corpus's minimal valid ledger (two charts) and one of the notebooks: a build
    does there all it does on the full bundle (charts, a kernel, tables, codebook), in a fraction of the time."""
    shutil.copytree(BASE_DIR, dest / "data")
    (dest / "notebooks").mkdir()
    shutil.copyfile(REPO_ROOT / "notebooks" / SMALL_NOTEBOOK, dest / "notebooks" / SMALL_NOTEBOOK)
    shutil.copyfile(REPO_ROOT / "requirements.txt", dest / "requirements.txt")
    return dest


def outputs(root: Path) -> dict[str, bytes]:
    """Every output of a bundle by its path: figures/, the notebooks as they are on disk, and the codebook."""
    files = [
        *sorted((root / "figures").rglob("*")),
        *sorted((root / "docs").rglob("*")),
        *sorted((root / "notebooks").glob("*.ipynb")),
        root / "data/README.md",
    ]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files if p.is_file()}


def _cli_env() -> dict[str, str]:
    """The environment commands run in: this checkout's package first, UTF-8 output, no TROOPLEDGER_DATA."""
    env = {k: v for k, v in os.environ.items() if k != "TROOPLEDGER_DATA"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT / "src"), env.get("PYTHONPATH")) if p)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


# Many commands in one interpreter: cli.main exactly as `python -m troopledger` calls it, each with its own
# captured streams and exit code (an exception is printed as Python prints an uncaught one).
BATCH_RUNNER = """
import contextlib, io, json, sys, traceback
from troopledger.cli import main
results = {}
for key, argv in json.load(sys.stdin):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except Exception:
            traceback.print_exc()
            code = 1
    results[key] = [code, out.getvalue(), err.getvalue()]
json.dump(results, sys.stdout)
"""


@pytest.fixture(scope="session")
def cli_batch() -> Callable[..., dict[str, subprocess.CompletedProcess[str]]]:
    """Run many `troopledger` commands in one fresh interpreter (one start-up, not one each), from the
    repository root with the environment `cli` uses; {key: CompletedProcess} for {key: argv}."""

    def run(commands: dict[str, list[object]], timeout: float = 600) -> dict[str, subprocess.CompletedProcess[str]]:
        env = _cli_env()
        jobs = [[key, [str(a) for a in argv]] for key, argv in commands.items()]
        done = subprocess.run(
            [sys.executable, "-c", BATCH_RUNNER],
            input=json.dumps(jobs),
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return {
            key: subprocess.CompletedProcess(commands[key], code, out, err)
            for key, (code, out, err) in json.loads(done.stdout).items()
        }

    return run


@pytest.fixture
def base_ledger(tmp_path: Path, make_case_ledger: Callable[[Path | str, Path], Path]) -> Path:
    """A fresh, writable copy of the valid base ledger at tmp_path/data."""
    return make_case_ledger("_base", tmp_path / "data")


@pytest.fixture(scope="session")
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run `python -m troopledger ARGS...` from the repository root and capture its output.

    TROOPLEDGER_DATA is removed from the environment so a developer's setting cannot leak in, and
    output is read as UTF-8 (messages quote cells, which may hold any character).
    """

    def run(*args: object, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = _cli_env()
        return subprocess.run(
            [sys.executable, "-m", "troopledger", *(str(a) for a in args)],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )

    return run


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in `cwd` without the user's global or system configuration."""
    result = subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, capture_output=True, text=True, timeout=120
    )
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def run_make(cwd: Path, *targets: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`make TARGETS` in a workspace, never reinstalling the shared venv (its stamp counts as current)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.runtime-installed", "-o", ".venv/.dev-installed", *targets],
        cwd=cwd,
        env={**base, **GIT_ENV, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def make_workspace() -> Callable[..., Path]:
    """A throwaway checkout of the bundle at `dest`, as a fresh clone looks after `make` installed the filter.

    It holds copies of the working tree's bundle files (mtimes kept), a `.venv` link to the interpreter
    running the tests (git's filter and `make` run `.venv/bin/python`), one commit of it all, and the
    notebook filter installed by `make notebook-filter`. With `git=False` it is a plain folder.
    """

    def create(dest: Path, source: Path = REPO_ROOT, *, git_repo: bool = True) -> Path:
        dest.mkdir(parents=True, exist_ok=True)
        for name in WORKSPACE_DIRS:
            origin = source / name if (source / name).is_dir() else REPO_ROOT / name
            if origin.is_dir():
                shutil.copytree(origin, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        for name in WORKSPACE_FILES:
            origin = source / name if (source / name).is_file() else REPO_ROOT / name
            if origin.is_file():
                shutil.copy2(origin, dest / name)
        (dest / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
        if not git_repo:
            return dest
        git(dest, "init", "-q", "-b", "main")
        (dest / ".git" / "info" / "exclude").write_text(".venv\n")  # a link: .gitignore's ".venv/" misses it
        git(dest, "add", "-A")
        git(dest, "commit", "-q", "-m", "bundle")
        installed = run_make(dest, "notebook-filter")
        assert installed.returncode == 0, installed.stdout + installed.stderr
        return dest

    return create


@pytest.fixture(scope="session")
def lab_save() -> Callable[[Path], None]:
    """Rewrite a notebook as JupyterLab saves it after Run All in a fresh kernel.

    Lab records the interpreter version and (with timing on) each cell's execution times, marks the
    cells trusted and keeps view state; jupyter_server writes the result with nbformat.
    """
    import nbformat

    def save(path: Path, **extra_cell_metadata: Any) -> None:
        nb = nbformat.read(path, as_version=4)
        nb.metadata.setdefault("language_info", {})["version"] = "3.99.1"
        nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
        for cell in nb.cells:
            cell.metadata["trusted"] = True
            cell.metadata.update(extra_cell_metadata)
            if cell.cell_type == "code":
                cell.metadata["execution"] = {
                    "iopub.execute_input": "2025-06-26T10:00:00.000001Z",
                    "iopub.status.idle": "2025-06-26T10:00:01.000001Z",
                }
                cell.metadata["ExecuteTime"] = {"start_time": "2025-06-26T10:00:00.000Z"}
        with path.open("w", encoding="utf-8") as f:
            nbformat.write(nb, f, version=nbformat.NO_CONVERT)

    return save
