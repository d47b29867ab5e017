"""`build` as a maintainer meets it: the committed outputs are what the data produces (`build --check`); an
invalid ledger is refused with every problem listed; nothing changed means nothing done; an edited output is
named and rebuilt; a failed or killed build loses nothing already built; two builds at once take turns.

Apart from `build --check` on the repository itself, the tests build a small bundle (the corpus's minimal
ledger and one notebook): the build does the same there, in a fraction of the time.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from conftest import REPO_ROOT, outputs, small_bundle
from PIL import Image

BUILT = "build: 2 charts drawn in 2 languages, 1 notebook run"
NOTHING = "build: nothing changed since the last build"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, cli) -> Path:
    """A small bundle after its first build (which left the stamp a later build compares with)."""
    root = small_bundle(tmp_path_factory.mktemp("built") / "bundle")
    done = cli("build", "--root", root, timeout=900)
    assert done.returncode == 0 and done.stdout.startswith(BUILT), done.stdout + done.stderr
    return root


@pytest.fixture
def bundle(built: Path, tmp_path: Path) -> Path:
    """A copy of the built small bundle, stamp included, to change."""
    return Path(shutil.copytree(built, tmp_path / "bundle", symlinks=True))


def change_a_number(root: Path) -> None:
    """C006, killed: about 600 becomes about 700 (the casualties chart, its table and notebook 03 follow)."""
    claims = root / "data" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    changed = text.replace("approximately 600,approximately,,600,", "approximately 700,approximately,,700,")
    assert changed != text
    claims.write_text(changed, encoding="utf-8")


def test_committed_outputs_match_a_fresh_build(cli):
    """What `make test` promises: notebooks/, figures/ and the codebook in git are what data/ produces."""
    done = cli("build", "--check", "--root", REPO_ROOT, timeout=900)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "build --check: committed notebooks/ and figures/ match a fresh build\n"


def test_an_invalid_ledger_is_refused_listing_every_problem_and_nothing_is_written(bundle: Path, cli):
    before = outputs(bundle)
    claims = bundle / "data" / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace(",11000,11000,11000,", ",11000,12000,11000,")  # C003: best above high
    lines[4] = lines[4].replace("newscentral", "nosuchsource")  # C006: a source not in sources.csv
    claims.write_text("".join(lines), encoding="utf-8")
    for command in (["build"], ["build", "--force"], ["build", "--check"], ["export"]):
        refused = cli(*command, "--root", bundle)
        assert refused.returncode == 1, (command, refused.stdout, refused.stderr)
        problems = [line for line in refused.stderr.splitlines() if line.startswith("claims.csv:")]
        assert len(problems) >= 2 and any(line.startswith("claims.csv:4: ") for line in problems), refused.stderr
        assert any(line.startswith("claims.csv:5: source_id: ") for line in problems), refused.stderr
        assert re.search(r"refusing to run: \d+ problem\(s\) in the ledger; nothing was written", refused.stderr)
    assert outputs(bundle) == before


def test_an_unchanged_bundle_builds_nothing_and_an_edited_output_is_named_and_rebuilt_by_one_build(
    bundle: Path, built: Path, cli, lab_save
):
    same = cli("build", "--root", bundle)
    assert same.returncode == 0 and same.stdout.startswith(NOTHING), same.stdout + same.stderr
    assert outputs(bundle) == outputs(built)

    (bundle / "figures" / "casualties.csv").write_text("stale\n")
    (bundle / "figures" / "leftover.png").write_bytes(b"old")
    (bundle / "figures" / "casualties.png").unlink()
    # Saved by a Jupyter without the bundle's save hook (which alone changes nothing git commits), with an
    # output that really differs from what the data produces.
    casualties = bundle / "notebooks" / "03_casualties.ipynb"
    lab_save(casualties, scrolled=True)
    text = casualties.read_text(encoding="utf-8")
    casualties.write_text(text.replace("about 600", "about 650", 1), encoding="utf-8")

    checked = cli("build", "--check", "--root", bundle, timeout=900)
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [
        "figures/casualties.csv: differs from what the data produces",
        "figures/casualties.png: missing; the data produces it",
        "figures/leftover.png: not produced by the data (stale file)",
        "notebooks/03_casualties.ipynb: differs from what the data produces",
        "build --check: 4 committed file(s) differ from a fresh build; run make and commit",
    ]
    # Two builds at once: one waits for the other, then finds the work done.
    command = [sys.executable, "-m", "troopledger", "build", "--root", str(bundle)]
    both = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in "ab"]
    results = [p.communicate(timeout=900) for p in both]
    assert [p.returncode for p in both] == [0, 0], results
    assert sorted(out.startswith(NOTHING) for out, _ in results) == [False, True], results
    assert outputs(bundle) == outputs(built), "the build puts back exactly what the data produces"


def _whole(root: Path) -> None:
    """Every output file is complete: charts open, notebooks parse, nothing staged is left."""
    for path in (root / "figures").glob("*.png"):
        Image.open(path).load()
    for path in (root / "notebooks").glob("*.ipynb"):
        json.loads(path.read_bytes())
    assert not list(root.glob(".staging-*")), "no staging folder left behind"


def test_a_killed_or_failed_build_writes_nothing(bundle: Path, cli):
    """Nothing is written until every step succeeded: a build killed while it draws and runs, or one whose
    notebook fails, leaves every output as it was, even though the data changed."""
    before = outputs(bundle)
    change_a_number(bundle)  # the charts, tables, codebook and the notebook would all change
    command = [sys.executable, "-m", "troopledger", "build", "--root", str(bundle)]
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = psutil.Process(build.pid)
    deadline = time.monotonic() + 120
    while not any("ipykernel" in " ".join(p.cmdline()) for p in started.children(recursive=True)):
        assert build.poll() is None and time.monotonic() < deadline, "the build ended before its kernels started"
        time.sleep(0.05)
    processes = [started, *started.children(recursive=True)]  # the build, its chart workers and its kernels
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    psutil.wait_procs(processes, timeout=30)
    assert outputs(bundle) == before
    _whole(bundle)

    path = bundle / "notebooks" / "03_casualties.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("broken on purpose")'))
    nbformat.write(nb, path)
    failed = cli("build", "--root", bundle, timeout=900)  # the killed build's lock is gone
    assert failed.returncode == 1
    assert failed.stderr == (
        "build failed, nothing was written: notebooks/03_casualties.ipynb: a cell failed: "
        "RuntimeError: broken on purpose\n"
    )
    assert outputs(bundle) == {**before, "notebooks/03_casualties.ipynb": path.read_bytes()}
    _whole(bundle)
