"""Shared fixtures for the ledger tests: the repository, the broken-ledger corpus and the CLI.

The corpus (tests/corpus/) holds one minimal valid ledger, ``_base/``, and one folder per broken
case holding only the file(s) that differ from it, plus ``expected.txt`` (the exact problem lines
`check` must print), an optional ``delete.txt`` (files to remove from the copy) and an optional
``known_bug.txt`` (a validator shortcoming that case exposes; see tests/test_corpus.py).
"""

from __future__ import annotations

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
        env = {k: v for k, v in os.environ.items() if k != "TROOPLEDGER_DATA"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT / "src"), env.get("PYTHONPATH")) if p)
        env["PYTHONIOENCODING"] = "utf-8"
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
