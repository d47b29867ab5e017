"""tl.load() finds the ledger wherever a reader starts Python with the bundle's environment.

Scripts run with this interpreter (the bundle's .venv under `make test`) from temporary folders outside
the bundle, with this checkout's package first on the path, as the other command tests do.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import troopledger
from troopledger import ledger as ledger_module

ROOT = Path(__file__).resolve().parents[1]
PRINT_FOLDER = "import troopledger as tl; ledger = tl.load(); print(ledger.folder); print(len(ledger.claims))"


def python(code: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter from `cwd`, without the developer's TROOPLEDGER_DATA."""
    base = {k: v for k, v in os.environ.items() if k != "TROOPLEDGER_DATA"}
    base["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), base.get("PYTHONPATH")) if p)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**base, **env},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def claim_count(data: Path) -> str:
    return str(len((data / "claims.csv").read_text(encoding="utf-8").splitlines()) - 1)


def test_a_script_in_another_folder_reads_the_bundle(tmp_path: Path) -> None:
    result = python(PRINT_FOLDER, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str((ROOT / "data").resolve()), claim_count(ROOT / "data")]


def test_a_copy_of_the_bundle_reads_its_own_data(tmp_path: Path) -> None:
    """The build runs notebooks in a temporary copy of the bundle: the walk up from the notebook's folder wins."""
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "data", copy / "data")
    (copy / "notebooks").mkdir()
    claims = copy / "data" / "claims.csv"
    claims.write_text("".join(claims.read_text(encoding="utf-8").splitlines(keepends=True)[:-1]), encoding="utf-8")
    result = python(PRINT_FOLDER, cwd=copy / "notebooks")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str((copy / "data").resolve()), claim_count(copy / "data")]


def test_troopledger_data_wins(tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "data", copy)
    result = python(PRINT_FOLDER, cwd=ROOT / "notebooks", TROOPLEDGER_DATA=str(copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(copy.resolve())


def test_troopledger_data_naming_no_folder_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    code = "import troopledger as tl\ntry:\n    tl.load()\nexcept tl.LedgerError as exc:\n    print(exc)"
    result = python(code, cwd=tmp_path, TROOPLEDGER_DATA=str(missing))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f'TROOPLEDGER_DATA={missing}: is not a folder; name the ledger folder: tl.load("path/to/data") in Python, '
        "or TROOPLEDGER_DATA=path/to/data"
    ]


def test_no_ledger_anywhere_says_how_to_name_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger_module, "installed_bundle_data", lambda: None)
    monkeypatch.delenv("TROOPLEDGER_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(troopledger.LedgerError) as info:
        troopledger.load()
    assert info.value.messages == [
        f"datapackage.json: no ledger found: no data/datapackage.json in {tmp_path} or any folder above it, nor in "
        f"the bundle troopledger was installed from ({ledger_module.BUNDLE_ROOT}); name the ledger folder: "
        'tl.load("path/to/data") in Python, or TROOPLEDGER_DATA=path/to/data'
    ]
    assert [str(p) for p in troopledger.validate()[1]] == info.value.messages


def readme_snippet() -> str:
    """The Python block of the README's section "Working with the data yourself", as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Working with the data yourself", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert match, "the section has no python block"
    return match.group(1)


def test_the_readme_snippet_runs_as_written_from_any_folder(tmp_path: Path) -> None:
    snippet = readme_snippet()
    assert "tl.load()" in snippet
    result = python(snippet, cwd=tmp_path, MPLBACKEND="Agg")
    assert result.returncode == 0, result.stderr
