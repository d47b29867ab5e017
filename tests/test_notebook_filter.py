"""The notebook normal form: a notebook saved in JupyterLab commits as the build wrote it; real changes still show."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import git, run_make

from troopledger.outputs import notebook_filter

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NEEDS_TOOLS = pytest.mark.skipif(not (shutil.which("git") and shutil.which("make")), reason="needs git and make")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_are_already_clean_and_written_as_nbformat_writes(path: Path):
    data = path.read_bytes()
    assert notebook_filter.clean_bytes(data) == data, "the filter would change a committed notebook"
    nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    assert (nbformat.writes(nb) + "\n").encode("utf-8") == data, "nbformat (and so jupyter_server) writes it alike"


def test_clean_turns_a_lab_save_into_the_committed_bytes(tmp_path: Path, lab_save):
    committed = NOTEBOOKS[0].read_bytes()
    saved = tmp_path / NOTEBOOKS[0].name
    saved.write_bytes(committed)
    lab_save(saved, collapsed=False, scrolled=True, jupyter={"outputs_hidden": False})
    raw = saved.read_bytes()
    assert raw != committed
    for volatile in (b'"version": "3.99.1"', b"iopub.execute_input", b"ExecuteTime", b"widgets", b"scrolled"):
        assert volatile in raw, volatile  # the simulated save really carries what the filter must drop
    assert notebook_filter.clean_bytes(raw) == committed


def test_clean_is_independent_of_how_lines_were_chunked():
    nb = json.loads(NOTEBOOKS[1].read_bytes())
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"])  # one string, as a hand-written notebook may store it
        for out in cell.get("outputs", []):
            for mime, value in out.get("data", {}).items():
                if isinstance(value, list):
                    out["data"][mime] = ["".join(value)]
    assert notebook_filter.clean_bytes(json.dumps(nb).encode()) == NOTEBOOKS[1].read_bytes()


def test_clean_keeps_outputs_counts_and_authored_metadata():
    nb = json.loads(NOTEBOOKS[0].read_bytes())
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"][0]["data"]["text/markdown"] = ["**A different answer.**"]
    code["execution_count"] = 7
    code["metadata"]["tags"] = ["keep-me"]
    cleaned = json.loads(notebook_filter.clean(nb))
    kept = next(c for c in cleaned["cells"] if c["cell_type"] == "code")
    assert kept["outputs"][0]["data"]["text/markdown"] == ["**A different answer.**"]
    assert kept["execution_count"] == 7 and kept["metadata"] == {"tags": ["keep-me"]}
    assert sum(len(c.get("outputs", [])) for c in cleaned["cells"]) == sum(
        len(c.get("outputs", [])) for c in json.loads(NOTEBOOKS[0].read_bytes())["cells"]
    )


def test_nbclean_command_filters_stdin_and_rewrites_files(cli, tmp_path: Path, lab_save):
    import subprocess
    import sys

    committed = NOTEBOOKS[0].read_bytes()
    saved = tmp_path / "saved.ipynb"
    saved.write_bytes(committed)
    lab_save(saved)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    as_filter = subprocess.run(
        [sys.executable, "-m", "troopledger", "nbclean"], input=saved.read_bytes(), capture_output=True, env=env
    )
    assert as_filter.returncode == 0 and as_filter.stdout == committed, as_filter.stderr
    broken = subprocess.run(
        [sys.executable, "-m", "troopledger", "nbclean"], input=b"<<<<<<< HEAD\n", capture_output=True, env=env
    )
    assert broken.returncode == 1 and broken.stdout == b"<<<<<<< HEAD\n" and b"left as it is" in broken.stderr

    in_place = cli("nbclean", saved)
    assert in_place.returncode == 0 and "cleaned" in in_place.stdout, in_place.stderr
    assert saved.read_bytes() == committed
    assert cli("nbclean", saved).stdout == "", "an already clean notebook is left alone"


@NEEDS_TOOLS
def test_git_commits_a_lab_save_as_built_and_still_sees_real_changes(tmp_path: Path, make_workspace, lab_save):
    ws = make_workspace(tmp_path / "ws")
    assert git(ws, "config", "--get", "filter.troopledger-notebook.clean").stdout.strip() == (
        ".venv/bin/python -m troopledger nbclean"
    )
    assert (
        git(ws, "check-attr", "filter", "notebooks/01_reported_figures.ipynb")
        .stdout.strip()
        .endswith("filter: troopledger-notebook")
    )
    assert git(ws, "status", "--porcelain").stdout == "", "installing the filter made a fresh clone look dirty"

    notebooks = sorted((ws / "notebooks").glob("*.ipynb"))
    for nb in notebooks:  # a new mtime makes git read every notebook again, through the filter
        os.utime(nb, (nb.stat().st_atime, nb.stat().st_mtime + 5))
    assert git(ws, "status", "--porcelain").stdout == ""

    saved, edited = notebooks[0], notebooks[1]
    lab_save(saved, scrolled=True)  # as a Jupyter without the bundle's save hook writes it
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace('"execution_count": 1,', '"execution_count": 2,', 1), encoding="utf-8")
    # From a subfolder too: git runs the filter from the repository root, where .venv/ is.
    for cwd in (ws, ws / "notebooks"):
        diff = git(cwd, "diff", "--name-only")
        assert diff.stdout == f"notebooks/{edited.name}\n", diff.stdout + diff.stderr
        assert "error" not in diff.stderr.lower(), diff.stderr
    # git lists a file whose size changed as modified without running the filter, so until it is
    # added the saved notebook shows in `git status`; adding it stages nothing.
    git(ws, "add", "-A")
    status = git(ws, "status", "--porcelain")
    assert status.stdout == f"M  notebooks/{edited.name}\n", status.stdout + status.stderr
    assert saved.read_bytes() != (ROOT / "notebooks" / saved.name).read_bytes(), "the working file keeps Lab's form"


@NEEDS_TOOLS
def test_filter_install_skips_outside_a_git_checkout(tmp_path: Path, make_workspace):
    folder = make_workspace(tmp_path / "unpacked", git_repo=False)
    result = run_make(folder, "notebook-filter")
    assert result.returncode == 0, result.stderr
    assert "not a git checkout" in result.stdout
    assert not (folder / ".git").exists()


def test_a_picture_a_cell_drew_is_kept_byte_for_byte():
    """The filter drops metadata only: outputs, a reader's own chart included, are committed as the kernel
    made them."""
    import base64
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (1, 115, 178)).save(out, format="PNG")
    png = base64.b64encode(out.getvalue()).decode()
    output = nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("plot()", outputs=[output], execution_count=3)])
    nb.cells[0].metadata.update({"execution": {"iopub.status.idle": "2025-06-26T10:00:01Z"}, "scrolled": True})
    cleaned = json.loads(notebook_filter.clean(nb))
    assert cleaned["cells"][0]["outputs"][0]["data"]["image/png"] == png
    assert cleaned["cells"][0]["metadata"] == {} and cleaned["cells"][0]["execution_count"] == 3
