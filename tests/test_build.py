"""`build`: the committed outputs are what the data produces; a change redoes only what it touches; an
unchanged bundle costs nothing; builds at once, or killed half-way, leave every file whole.

The expensive part, a build from scratch, is made once per session (`fresh`) and shared.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from troopledger import build

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.xdist_group("build")  # one worker builds, so the session's fresh build is made once


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


@pytest.fixture(scope="session")
def fresh() -> dict[str, bytes]:
    """Every output built from scratch from the committed data: made once, shared by the tests below."""
    return build.fresh_outputs(ROOT)


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


def _change_a_number(bundle: Path) -> None:
    """A test-only edit: C037's number, an event's wording and a note, in a copy; never in data/."""
    claims = bundle / "data" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    text = re.sub(
        r'^(C037,.*?),"about 2,000",approximately,,2000,', r'\1,"about 2,100",approximately,,2100,', text, flags=re.M
    )
    claims.write_text(text.replace("A later revision", "A test revision"), encoding="utf-8")
    events = bundle / "data" / "events.csv"
    events.write_text(
        events.read_text(encoding="utf-8").replace("Shoigu visits Pyongyang,", "Shoigu in Pyongyang,"), encoding="utf-8"
    )


def test_a_change_redoes_only_what_reads_it_and_equals_a_build_from_scratch(bundle: Path):
    assert run("build", root=bundle).returncode == 0
    before = snapshot(bundle)
    _change_a_number(bundle)
    result = run("build", root=bundle)
    assert result.returncode == 0, result.stderr
    # C037 is drawn by the casualties and killed charts; the event by the waves chart (and its notebook).
    assert "3 of 10 charts drawn, 5 of 5 notebooks run" in result.stdout, result.stdout
    after = snapshot(bundle)
    redrawn = {k for k in after if k != "data/README.md" and after[k] != before[k] and k.startswith("figures/")}
    assert {k.rsplit(".", 1)[0] for k in redrawn if k.endswith((".png", ".pdf", ".svg"))} == {
        "figures/casualties",
        "figures/disagreement-killed",
        "figures/deployment-waves",
    }
    assert build.compare(bundle, build.fresh_outputs(bundle)) == [], "incremental and from-scratch builds differ"


def _whole(root: Path) -> None:
    """Every output file is complete: charts open, notebooks and the manifest parse."""
    for path in (root / "figures").glob("*.png"):
        Image.open(path).load()
    for path in [*(root / "notebooks").glob("*.ipynb"), root / "figures" / "manifest.json"]:
        json.loads(path.read_bytes())
    assert not list((root / "figures").glob(".*staging*")) and not list((root / "notebooks").glob(".*-*"))


def test_a_build_killed_half_way_leaves_every_file_whole_and_the_next_one_finishes(bundle: Path):
    assert run("build", root=bundle).returncode == 0
    _change_a_number(bundle)
    proc = subprocess.Popen(
        [sys.executable, "-m", "troopledger", "build", "--root", str(bundle)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    manifest = bundle / "figures" / "manifest.json"
    first = manifest.read_bytes()
    deadline = time.monotonic() + 120
    while manifest.read_bytes() == first and time.monotonic() < deadline:  # kill once charts are being written
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    _whole(bundle)
    finished = run("build", root=bundle)
    assert finished.returncode == 0, finished.stderr
    _whole(bundle)
    assert "charts drawn" in finished.stdout and "nothing changed" not in finished.stdout


def test_two_builds_at_once_take_turns(bundle: Path):
    _change_a_number(bundle)
    cmd = [sys.executable, "-m", "troopledger", "build", "--root", str(bundle)]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
    outs = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert sorted("nothing changed" in out for out, _ in outs) == [False, True], "the second found the work done"
    _whole(bundle)
