"""`build` after a change: it redoes only what reads the change, and the result equals a build from scratch;
builds at once take turns, and a build killed half-way leaves every file whole."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image
from test_build import ROOT, copy_bundle, fresh_outputs, run, snapshot

from troopledger.outputs import build


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return copy_bundle(tmp_path / "bundle")


def _change_an_event(bundle: Path) -> None:
    """A test-only edit in a copy (never in data/): one event's wording, shown by notebook 02's events table."""
    events = bundle / "data" / "events.csv"
    text = events.read_text(encoding="utf-8").replace("Shoigu visits Pyongyang,", "Shoigu in Pyongyang,")
    events.write_text(text, encoding="utf-8")


def _change_a_number(bundle: Path) -> None:
    """A test-only edit in a copy: C037's number, a note and an event's wording."""
    claims = bundle / "data" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    number = r'^(C037,.*?),"about 2,000",approximately,,2000,'
    text = re.sub(number, r'\1,"about 2,100",approximately,,2100,', text, flags=re.M)
    claims.write_text(text.replace("A later revision", "A test revision"), encoding="utf-8")
    _change_an_event(bundle)


def test_a_change_redoes_only_what_reads_it_and_equals_a_build_from_scratch(bundle: Path):
    assert run("build", root=bundle).returncode == 0
    before = snapshot(bundle)
    _change_a_number(bundle)
    result = run("build", root=bundle)
    assert result.returncode == 0, result.stderr
    # C037 is drawn by the casualties and killed charts (no chart draws events), and shown by every notebook
    # but 02, which the event's new wording changes.
    assert "2 of 10 charts drawn, 5 of 5 notebooks run" in result.stdout, result.stdout
    after = snapshot(bundle)
    redrawn = {k for k in after if k != "data/README.md" and after[k] != before[k] and k.startswith("figures/")}
    assert {k.rsplit(".", 1)[0] for k in redrawn if k.endswith((".png", ".pdf", ".svg"))} == {
        "figures/casualties",
        "figures/disagreement-killed",
    }
    scratch = fresh_outputs(bundle, bundle.parent / "scratch")
    assert build.compare(bundle, scratch) == [], "incremental and from-scratch builds differ"


def _whole(root: Path) -> None:
    """Every output file is complete: charts open, notebooks and the manifest parse."""
    for path in (root / "figures").glob("*.png"):
        Image.open(path).load()
    for path in [*(root / "notebooks").glob("*.ipynb"), root / "figures" / "manifest.json"]:
        json.loads(path.read_bytes())
    assert not list((root / "figures").glob(".*staging*")) and not list((root / "notebooks").glob(".*-*"))


def test_a_build_killed_half_way_leaves_every_file_whole_and_the_next_one_finishes(bundle: Path):
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
