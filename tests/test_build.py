"""`build`: the committed outputs are what the data produces; a change redoes only what it touches; an
unchanged bundle costs nothing; builds at once, or killed half-way, leave every file whole.

The expensive part, a build from scratch, is made once per session (`fresh`) and shared.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from troopledger.outputs import build

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, root: Path = ROOT, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "troopledger", *args, "--root", str(root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def snapshot(root: Path) -> dict[str, str]:
    """Every output as git would commit it (notebooks through the clean filter)."""
    files = [*sorted((root / "figures").glob("*")), *sorted((root / "notebooks").glob("*.ipynb"))]
    files.append(root / "data" / "README.md")
    read = {p: build.committed_form(p) if p.suffix == ".ipynb" else p.read_bytes() for p in files}
    return {str(p.relative_to(root)): hashlib.sha256(data).hexdigest() for p, data in read.items()}


def fresh_outputs(root: Path, keep: Path) -> dict[str, bytes]:
    """Every output of `root` built from scratch, in a separate process (as `build --check` does)."""
    script = (
        "import sys; from pathlib import Path; from troopledger.outputs import build\n"
        "for name, data in build.fresh_outputs(Path(sys.argv[1])).items():\n"
        "    out = Path(sys.argv[2]) / name; out.parent.mkdir(parents=True, exist_ok=True); out.write_bytes(data)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(root), str(keep)], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr
    return {p.relative_to(keep).as_posix(): p.read_bytes() for p in sorted(keep.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Every output built from scratch from the committed data: made once, shared by the tests below."""
    return fresh_outputs(ROOT, tmp_path_factory.mktemp("fresh"))


def copy_bundle(dest: Path) -> Path:
    for folder in ("data", "notebooks", "figures"):
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copyfile(ROOT / "requirements.txt", dest / "requirements.txt")  # part of every fingerprint
    return dest


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return copy_bundle(tmp_path)


def test_committed_outputs_match_a_fresh_build(fresh):
    """What `make test` promises: notebooks/, figures/ and the codebook in git are what data/ produces."""
    assert build.compare(ROOT, fresh) == []


def test_check_command_reports_success_and_refusal(tmp_path):
    """`build --check` on the command line: a clean bundle passes (shown here on a bundle whose data is
    broken, so the refusal is quick; the comparison itself is the test above)."""
    bundle = copy_bundle(tmp_path)
    (bundle / "data" / "claims.csv").write_text("claim_id\n", encoding="utf-8")
    refused = run("build", "--check", root=bundle, timeout=120)
    assert refused.returncode == 1 and "nothing was written" in refused.stderr


def test_check_names_each_stale_file_and_build_repairs_it(bundle: Path, lab_save, fresh):
    (bundle / "figures" / "casualties.csv").write_text("stale\n")
    (bundle / "figures" / "leftover.png").write_bytes(b"old")
    # Merely saved in JupyterLab (version, timings, view state): what git would commit is unchanged.
    lab_save(bundle / "notebooks" / "01_reported_figures.ipynb", scrolled=True)
    # Saved with an output that really differs from what the data produces.
    waves = bundle / "notebooks" / "02_deployment_waves.ipynb"
    waves.write_text(waves.read_text(encoding="utf-8").replace("11,000", "12,000", 1), encoding="utf-8")
    assert build.compare(bundle, fresh) == [
        "figures/casualties.csv: differs from what the data produces",
        "figures/leftover.png: not produced by the data (stale file)",
        "notebooks/02_deployment_waves.ipynb: differs from what the data produces",
    ]
    first = run("build", root=bundle)
    assert first.returncode == 0, first.stderr
    assert "0 of 10 charts drawn, 1 of 5 notebooks run" in first.stdout, "only the edited notebook is rerun"
    assert snapshot(bundle) == snapshot(ROOT), "a repaired bundle differs from the committed outputs"
    again = run("build", root=bundle)
    assert again.returncode == 0 and "nothing changed" in again.stdout


def test_no_op_build_notices_an_edited_output(bundle: Path, lab_save):
    """The no-op shortcut must not hide a hand-edited output: the stamp covers outputs too."""
    assert run("build", root=bundle).returncode == 0
    lab_save(bundle / "notebooks" / "03_casualties.ipynb")  # a save in JupyterLab is no edit
    saved = run("build", root=bundle)
    assert saved.returncode == 0 and "nothing changed" in saved.stdout, saved.stdout + saved.stderr
    (bundle / "figures" / "ledger.md").write_text("edited by hand\n")
    (bundle / "figures" / "casualties.png").write_bytes(b"not a chart")
    rebuilt = run("build", root=bundle)
    assert rebuilt.returncode == 0 and "1 of 10 charts drawn, 0 of 5 notebooks run" in rebuilt.stdout
    assert snapshot(bundle) == snapshot(ROOT)


def test_a_note_no_output_shows_builds_nothing(bundle: Path):
    assert run("build", root=bundle).returncode == 0
    claims = bundle / "data" / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace("A later revision", "A later, upward revision"))
    before = snapshot(bundle)
    started = time.monotonic()
    result = run("build", root=bundle)
    assert result.returncode == 0 and "nothing changed" in result.stdout, result.stdout
    assert time.monotonic() - started < 5, "no drawing, no kernel"
    assert snapshot(bundle) == before
