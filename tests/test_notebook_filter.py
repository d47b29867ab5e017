"""The notebook normal form: a notebook saved in JupyterLab commits as the build wrote it; real changes still show."""

from __future__ import annotations

import json
import os
from pathlib import Path

import nbformat
import pytest

from troopledger import notebook_filter

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebooks_are_already_clean_and_written_as_nbformat_writes(path: Path):
    data = path.read_bytes()
    assert notebook_filter.clean_bytes(data) == data, "the filter would change a committed notebook"
    nb = nbformat.reads(data.decode("utf-8"), as_version=4)
    assert notebook_filter.dumps(nb).encode("utf-8") == data
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
    assert notebook_filter.clean(nb) == NOTEBOOKS[1].read_bytes()


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
