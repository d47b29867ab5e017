"""The maintainer's loop, measured: `make bench` prints one table, each figure beside its target.

Speed is judged against a floor measured in the same run and interleaved with it (machines here are
shared and noisy): the time to execute one trivial notebook that imports pandas, matplotlib and seaborn
in a fresh kernel. Everything runs in a temporary clone; the repository is not touched.

    python bench/run.py [--repeat N] [--no-suite]
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
from pathlib import Path

from measure import PY, REPO, Series, git, loose_kib, pack_kib, run, troopledger

FLOOR_NOTEBOOK = """{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
 "source": ["import pandas, matplotlib.pyplot, seaborn"]}], "metadata": {"kernelspec":
 {"display_name": "Python 3", "language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}"""
EXECUTE = "import sys, nbformat, nbclient; nb = nbformat.read(sys.argv[1], 4); nbclient.NotebookClient(nb).execute()"
NUMBER = (r'^(C037,.*?),"about 2,000",approximately,,2000,', r'\1,"about 2,100",approximately,,2100,')
NOTE = ("A later revision of the earlier NIS figure", "A later revision of the NIS figure")


def edit(path: Path, old: str, new: str, regex: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(old, new, text, flags=re.M) if regex else text.replace(old, new)
    assert changed != text, f"bench: the edit to {path.name} found nothing to change"
    path.write_text(changed, encoding="utf-8")


def clone(tmp: Path) -> Path:
    repo = tmp / "clone"
    git("clone", "-q", str(REPO), str(repo), cwd=tmp)
    troopledger("build", cwd=repo)  # a fresh clone's first `make`: checks and trusts the committed outputs
    return repo


def edit_loop(repo: Path, floor_nb: Path, repeat: int) -> dict[str, Series]:
    """One number changed, then one note, each built and reverted, interleaved with the floor notebook."""
    out = {k: Series(k) for k in ("floor", "number", "note", "noop")}
    claims = repo / "data" / "claims.csv"
    original = claims.read_bytes()
    for _ in range(repeat):
        out["floor"].samples.append(run([PY, "-c", EXECUTE, str(floor_nb)]))
        edit(claims, *NUMBER, regex=True)
        out["number"].samples.append(troopledger("build", cwd=repo))
        claims.write_bytes(original)
        troopledger("build", cwd=repo)
        out["noop"].samples.append(troopledger("build", cwd=repo))
        edit(claims, *NOTE)
        out["note"].samples.append(troopledger("build", cwd=repo))
        claims.write_bytes(original)
        troopledger("build", cwd=repo)
    return out


def git_growth(repo: Path) -> tuple[int, int]:
    """What committing the one-number change adds: loose objects, and the pack after `git gc`."""
    before = pack_kib(repo)
    edit(repo / "data" / "claims.csv", *NUMBER, regex=True)
    troopledger("build", cwd=repo)
    git("add", "-A", cwd=repo)
    git("-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-qm", "one number", cwd=repo)
    loose = loose_kib(repo)
    return loose, pack_kib(repo) - before


def big_ledger(tmp: Path, claims: int = 10_000) -> Path:
    """A bundle whose ledger holds `claims` claims: the shipped rows, then copies numbered C100000 up."""
    root = tmp / "big"
    for folder in ("data", "notebooks"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copyfile(REPO / "requirements.txt", root / "requirements.txt")
    path = root / "data" / "claims.csv"
    with path.open(newline="", encoding="utf-8") as f:
        header, *rows = list(csv.reader(f))
    out, n = list(rows), 100_000
    while len(out) < claims:
        row = list(rows[(n - 100_000) % len(rows)])
        row[0] = f"C{n}"
        out.append(row)
        n += 1
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *out])
    return root


def line(name: str, value: str, target: str, verdict: bool | None) -> str:
    mark = "" if verdict is None else ("met" if verdict else "MISSED")
    return f"| {name} | {value} | {target} | {mark} |"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="interleaved repetitions of the timed pairs (default 3)")
    ap.add_argument("--no-suite", action="store_true", help="skip timing the test suite (about three minutes)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="troopledger-bench-") as tmp_name:
        tmp = Path(tmp_name)
        floor_nb = tmp / "floor.ipynb"
        floor_nb.write_text(FLOOR_NOTEBOOK, encoding="utf-8")
        print("bench: cloning and building once ...", file=sys.stderr)
        repo = clone(tmp)
        print("bench: edit loop, interleaved with the floor notebook ...", file=sys.stderr)
        loop = edit_loop(repo, floor_nb, args.repeat)
        print("bench: git growth ...", file=sys.stderr)
        loose, packed = git_growth(repo)
        print("bench: 10,000 claims ...", file=sys.stderr)
        big = big_ledger(tmp)
        check = Series("check", [troopledger("check", "--data", "data", cwd=big) for _ in range(args.repeat)])
        export = Series("export", [troopledger("export", cwd=big)])
        suite = None
        if not args.no_suite:
            print("bench: the test suite ...", file=sys.stderr)
            suite = Series("suite", [run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=REPO)])
    floor = loop["floor"].wall
    rows = [
        "| measure | this run (median) | target | |",
        "|---|---|---|---|",
        line("one trivial notebook in a fresh kernel (the floor)", f"{floor:.2f} s", "", None),
        line(
            "change one number (C037), then `make`",
            f"{loop['number'].wall:.2f} s = {loop['number'].wall / floor:.1f}× floor",
            "≤ 2× floor",
            loop["number"].wall <= 2 * floor,
        ),
        line(
            "change one note no output shows, then `make`",
            f"{loop['note'].wall:.2f} s = {loop['note'].wall / floor:.2f}× floor",
            "≤ 1× floor",
            loop["note"].wall <= floor,
        ),
        line("no-op build", f"{loop['noop'].wall:.2f} s", "< 0.5 s", loop["noop"].wall < 0.5),
        line(
            "commit that one-number change: git history (pack after gc)",
            f"{packed} KiB (loose objects before gc: {loose} KiB)",
            "≤ 300 KB",
            packed * 1024 <= 300_000,
        ),
        line("check 10,000 claims", f"{check.wall:.2f} s", "< 2 s", check.wall < 2),
        line(
            "export 10,000 claims",
            f"{export.wall:.0f} s, peak memory {export.peak:.0f} MiB (all processes, PSS)",
            "completes, < 500 MB",
            export.peak * 2**20 < 500e6,
        ),
    ]
    if suite is not None:
        rows.append(
            line(
                "test suite (`pytest`, pytest part of `make test`)", f"{suite.wall:.0f} s", "≤ 120 s", suite.wall <= 120
            )
        )
    print("\n".join(rows))
    print(f"\n{args.repeat} interleaved repetitions; medians. Python {sys.version.split()[0]}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
