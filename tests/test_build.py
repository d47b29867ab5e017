"""`build`: the committed outputs are what the data produces, and an unchanged bundle costs nothing."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "troopledger", *args, "--root", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def snapshot(root: Path) -> dict[str, str]:
    files = [*sorted((root / "figures").glob("*")), *sorted((root / "notebooks").glob("*.ipynb"))]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_committed_outputs_match_a_fresh_build():
    """What `make test` promises: notebooks/ and figures/ in git are exactly what data/ produces."""
    result = run("build", "--check")
    assert result.returncode == 0, result.stderr
    assert "match a fresh build" in result.stdout


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    for folder in ("data", "notebooks", "figures"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copyfile(ROOT / "requirements.txt", tmp_path / "requirements.txt")  # part of every fingerprint
    return tmp_path


def test_check_names_each_stale_file_and_build_repairs_it(bundle: Path, lab_save):
    (bundle / "figures" / "casualties.csv").write_text("stale\n")
    (bundle / "figures" / "leftover.png").write_bytes(b"old")
    # Merely saved in JupyterLab (version, timings, view state): what git would commit is unchanged.
    lab_save(bundle / "notebooks" / "01_reported_figures.ipynb", scrolled=True)
    # Saved with an output that really differs from what the data produces.
    waves = bundle / "notebooks" / "02_deployment_waves.ipynb"
    waves.write_text(waves.read_text(encoding="utf-8").replace("11,000", "12,000", 1), encoding="utf-8")
    stale = run("build", "--check", root=bundle)
    assert stale.returncode == 1
    lines = stale.stderr.splitlines()
    assert "figures/casualties.csv: differs from what the data produces" in lines
    assert "figures/leftover.png: not produced by the data (stale file)" in lines
    assert "notebooks/02_deployment_waves.ipynb: differs from what the data produces" in lines
    assert not [line for line in lines if "01_reported_figures" in line], lines
    assert "3 committed file(s) differ" in stale.stderr
    first = run("build", root=bundle)
    assert first.returncode == 0, first.stderr
    assert snapshot(bundle) == snapshot(ROOT), "a fresh build differs from the committed outputs"

    again = run("build", root=bundle)
    assert again.returncode == 0 and "nothing changed" in again.stdout
    assert snapshot(bundle) == snapshot(ROOT)


def test_no_op_build_notices_an_edited_output(bundle: Path, lab_save):
    """The no-op shortcut must not hide a hand-edited output: the stamp covers outputs too."""
    assert run("build", root=bundle).returncode == 0
    lab_save(bundle / "notebooks" / "03_casualties.ipynb")  # a save in JupyterLab is no edit
    saved = run("build", root=bundle)
    assert saved.returncode == 0 and "nothing changed" in saved.stdout, saved.stdout + saved.stderr
    (bundle / "figures" / "ledger.md").write_text("edited by hand\n")
    rebuilt = run("build", root=bundle)
    assert rebuilt.returncode == 0 and "nothing changed" not in rebuilt.stdout
    assert (bundle / "figures" / "ledger.md").read_bytes() == (ROOT / "figures" / "ledger.md").read_bytes()
