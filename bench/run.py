"""The maintainer's loop, measured: `make bench` prints one table, each figure beside its target.

Everything runs in temporary clones of this repository (which is not touched). The machine is shared and
noisy, so each measure is taken in turn with a floor measured in the same run (A B A B ...), and the table
gives medians and their ratio to the floor. The floor is the time to execute one trivial notebook that
imports pandas, matplotlib and seaborn in a fresh kernel.

    python bench/run.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
BASE_PYTHON = getattr(sys, "_base_executable", sys.executable)  # the interpreter the venv was made from
FLOOR_NOTEBOOK = """{"cells": [{"cell_type": "code", "execution_count": null, "id": "floor", "metadata": {},
 "outputs": [], "source": ["import pandas, matplotlib.pyplot, seaborn"]}], "metadata": {"kernelspec":
 {"display_name": "Python 3", "language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}"""
EXECUTE = "import sys, nbformat, nbclient; nb = nbformat.read(sys.argv[1], 4); nbclient.NotebookClient(nb).execute()"
NUMBER = (r'^(C037,.*?),"about 2,000",approximately,,2000,', r'\1,"about 2,100",approximately,,2100,')


def timed(args: list[str], cwd: Path) -> float:
    """Run a command to the end; its wall time in seconds."""
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return time.perf_counter() - started


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def make(clone: Path) -> float:
    return timed(["make", "--no-print-directory", f"PYTHON={BASE_PYTHON}"], cwd=clone)


def fresh_clone_make(tmp: Path, n: int) -> tuple[Path, float]:
    """`git clone` and `make` (venv, pinned requirements, the package, a full build), in a new folder."""
    clone = tmp / f"clone-{n}"
    started = time.perf_counter()
    git("clone", "-q", str(REPO), str(clone), cwd=tmp)
    make(clone)
    return clone, time.perf_counter() - started


def edit_number(clone: Path) -> None:
    claims = clone / "data" / "claims.csv"
    text = claims.read_text(encoding="utf-8")
    changed = re.sub(NUMBER[0], NUMBER[1], text, flags=re.M)
    assert changed != text, "bench: the edit to claims.csv found nothing to change"
    claims.write_text(changed, encoding="utf-8")


def pack_kib(repo: Path) -> int:
    """The repository's packed size after `git gc`: what a clone stores and transfers."""
    git("gc", "-q", "--prune=now", cwd=repo)
    stats = dict(line.split(": ") for line in git("count-objects", "-v", cwd=repo).splitlines())
    return int(stats["size-pack"]) + int(stats["size"])


def git_growth(clone: Path) -> int:
    """What committing the one-claim change and its rebuilt outputs adds to the packed repository, in KiB."""
    git("checkout", "-q", "--", ".", cwd=clone)
    before = pack_kib(clone)
    edit_number(clone)
    make(clone)
    git("add", "-A", cwd=clone)
    git("-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "one number", cwd=clone)
    return pack_kib(clone) - before


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="interleaved repetitions of each measure (default 3)")
    args = ap.parse_args(argv)
    samples: dict[str, list[float]] = {"floor": [], "clone": [], "edit": [], "noop": []}
    with tempfile.TemporaryDirectory(prefix="troopledger-bench-") as tmp_name:
        tmp = Path(tmp_name)
        floor_nb = tmp / "floor.ipynb"
        floor_nb.write_text(FLOOR_NOTEBOOK, encoding="utf-8")

        def floor() -> None:
            samples["floor"].append(timed([PY, "-c", EXECUTE, str(floor_nb)], cwd=tmp))

        print("bench: fresh clones, each then `make` ...", file=sys.stderr)
        for n in range(args.repeat):
            floor()
            clone, seconds = fresh_clone_make(tmp, n)
            samples["clone"].append(seconds)
        print("bench: one-claim edit then `make`, and `make` with nothing changed ...", file=sys.stderr)
        claims = clone / "data" / "claims.csv"
        original = claims.read_bytes()
        for _ in range(args.repeat):
            floor()
            edit_number(clone)
            samples["edit"].append(make(clone))
            claims.write_bytes(original)
            make(clone)
            floor()
            samples["noop"].append(make(clone))
        print("bench: git growth of the one-claim change ...", file=sys.stderr)
        growth = git_growth(clone)
    med = {k: statistics.median(v) for k, v in samples.items()}
    floor_s = med["floor"]

    def row(name: str, seconds: float, target: str, met: bool) -> str:
        return f"| {name} | {seconds:.2f} s | {seconds / floor_s:.2f}× | {target} | {'met' if met else 'MISSED'} |"

    print("| measure | median | × floor | target | |")
    print("|---|---|---|---|---|")
    print(f"| one trivial notebook in a fresh kernel (the floor) | {floor_s:.2f} s | 1× | | |")
    print(row("one-claim edit (C037), then `make`", med["edit"], "≤ 2.5× floor", med["edit"] <= 2.5 * floor_s))
    print(row("`make` with nothing changed", med["noop"], "< 0.5 s", med["noop"] < 0.5))
    print(row("fresh clone, then `make`", med["clone"], "< 90 s", med["clone"] < 90))
    print(f"| commit of that one-claim change: packed git growth | {growth} KiB | | | |")
    print(f"\n{args.repeat} interleaved repetitions; medians. Python {sys.version.split()[0]}, {os.cpu_count()} cores.")
    print("samples: " + "; ".join(f"{k} " + ", ".join(f"{s:.2f}" for s in v) for k, v in samples.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
