"""Benchmark troopledger's commands against floors measured in the same run, on temporary copies.

Measures, side by side on this machine (ratios, not absolute times, are what carries over):

1. `export` against a floor script that imports pandas, matplotlib and seaborn and saves ONE simple
   chart as PNG (300 dpi), SVG and PDF (the target); the same floor saving 8 charts is context.
2. `build --force` against the same number of one-cell notebooks doing the floor's work, executed one
   after another with nbclient from a single driver process.
3. A no-op `build` (nothing changed since the last build), with `python -c pass` for context.
4. `check` and `export` on a generated, valid ledger of 10,000 claims, with peak memory.

Every command runs as a subprocess of this interpreter with cwd = the repository root, on a fresh
temporary bundle root (copies of data/ and notebooks/, an empty figures/): nothing in the repository
is written. Each measurement is repeated (`--repeat`, default 3) and reported as median and min wall
time, with the CPU time (user + system) and peak RSS of the child process tree.

Usage: python bench/run.py [--repeat N] [--quick] [--claims N] [--big-timeout S] [--keep]

Exit code 0 even when a target is missed (this is a report, not a test); 1 when a command fails,
except the export of the generated ledger, whose failure or timeout is reported as a finding.
"""

from __future__ import annotations

import argparse
import csv
import functools
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
# GNU time measures the peak RSS of the command alone. wait4 on a direct child would not: Linux
# carries the parent's peak RSS over into a forked child's ru_maxrss across exec, so every command
# would seem at least as big as this benchmark process.
GNU_TIME = "/usr/bin/time"
DEFAULT_TIMEOUT_S = 900.0
BIG_EXPORT_TIMEOUT_S = 300.0
BIG_CLAIMS = 10_000
COPY_ID_START = 100_000  # copies of the shipped claims are numbered C100000 upward
STOP_REPEATING_AFTER_S = 60.0  # a single run this long is measured once only

FLOOR_CODE = """\
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pandas as pd
import seaborn as sns  # noqa: F401  (imported, as the commands do)
from matplotlib.figure import Figure


def floor_chart(out: Path, n: int) -> None:
    values = pd.Series([11000, 4000, 6000, 3000], index=["wave 1", "wave 2", "wave 3", "planned"])
    for i in range(n):
        fig = Figure(figsize=(6.5, 4))
        ax = fig.add_subplot()
        ax.bar(values.index, values.to_numpy(), color="#4c72b0")
        ax.set_title(f"Troops by wave (chart {i + 1})")
        ax.set_ylabel("troops")
        fig.savefig(out / f"chart-{i}.png", dpi=300)
        fig.savefig(out / f"chart-{i}.svg")
        fig.savefig(out / f"chart-{i}.pdf")
"""

FLOOR_MAIN = """

if __name__ == "__main__":
    floor_chart(Path(sys.argv[1]), int(sys.argv[2]))
"""
FLOOR_SCRIPT = FLOOR_CODE + FLOOR_MAIN

DRIVER_SCRIPT = '''\
"""Execute each notebook given, one after another, in a fresh python3 kernel; write it back."""
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

for name in sys.argv[1:]:
    path = Path(name)
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
'''


class TreeSampler(threading.Thread):
    """Polls /proc for the processes of one process group: peak RSS (largest process, and all of them
    together) and the CPU seconds each has used. Unlike wait4, it also sees processes that are killed
    before their parent reaps them. Does nothing where there is no /proc."""

    def __init__(self, pgid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pgid, self.interval = pgid, interval
        self.halt = threading.Event()
        self.lock = threading.Lock()
        self.peak_one = self.peak_all = 0  # bytes
        self.cpu_by_pid: dict[str, float] = {}
        self.page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        self.tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def run(self) -> None:
        while not self.halt.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        total = 0
        try:
            entries = [e.name for e in os.scandir("/proc") if e.name.isdigit()]
        except OSError:
            return
        with self.lock:
            for pid in entries:
                try:
                    with open(f"/proc/{pid}/stat") as f:
                        text = f.read()
                except OSError:
                    continue
                fields = text[text.rfind(")") + 2 :].split()  # fields from the 3rd on: state, ppid, pgrp, ...
                if len(fields) < 22 or int(fields[2]) != self.pgid:
                    continue
                rss = int(fields[21]) * self.page
                self.cpu_by_pid[pid] = (int(fields[11]) + int(fields[12])) / self.tick
                self.peak_one = max(self.peak_one, rss)
                total += rss
            self.peak_all = max(self.peak_all, total)

    def stop(self) -> None:
        self.halt.set()


@dataclass
class Run:
    """One timed subprocess: wall and CPU seconds, peak RSS of its process tree, exit status, output."""

    wall: float
    cpu: float
    maxrss_mb: float
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool = False
    tree: TreeSampler | None = None  # set when the run was sampled through /proc


@dataclass
class Measure:
    """The repeated runs of one measurement."""

    name: str
    runs: list[Run] = field(default_factory=list)
    error: str = ""
    note: str = ""
    failed: Run | None = None  # the run that failed or was stopped, kept for its time and memory

    @property
    def ok(self) -> bool:
        return bool(self.runs) and not self.error

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def min(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def maxrss(self) -> float:
        return max(r.maxrss_mb for r in self.runs)


@functools.cache
def gnu_time_ok() -> bool:
    """Whether GNU_TIME exists and takes GNU's -f/-o options."""
    if not os.access(GNU_TIME, os.X_OK):
        return False
    with tempfile.NamedTemporaryFile("r") as f:
        probe = subprocess.run([GNU_TIME, "-f", "%M", "-o", f.name, "true"], capture_output=True, check=False)
        return probe.returncode == 0 and f.read().strip().isdigit()


def child_cpu() -> float:
    """User + system CPU seconds of every child reaped so far."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def bench_env() -> dict[str, str]:
    """The caller's environment (PYTHONHASHSEED untouched), minus TROOPLEDGER_DATA, so that notebooks
    find the temporary bundle's data/ rather than a folder named in the environment."""
    env = dict(os.environ)
    env.pop("TROOPLEDGER_DATA", None)
    return env


def run_timed(args: list[str], timeout: float = DEFAULT_TIMEOUT_S, sample: bool = False) -> Run:
    """Run `args` with this interpreter from the repo root; time it and reap it with wait4.

    wait4 gives the rusage of this child and of every descendant it waited for (render workers,
    kernels): CPU time and the largest single RSS among them. The command runs under GNU time where
    there is one, which reports that peak RSS without this process's own (see GNU_TIME); a few KB
    and a millisecond of overhead, alike for every measure. The child gets its own process group
    so that a timeout can stop it together with its descendants. With `sample`, the process group is
    also polled through /proc (see TreeSampler), which still measures a run that had to be stopped.
    """
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", prefix="tl-bench-rss-") as rss_file,
    ):
        cmd = [PY, *args]
        if gnu_time_ok():
            cmd = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *cmd]
        cpu0 = child_cpu()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=REPO, env=bench_env(), stdout=out, stderr=err, start_new_session=True)
        timed_out = threading.Event()
        sampler = TreeSampler(proc.pid) if sample else None
        if sampler is not None:
            sampler.start()

        def stop() -> None:
            timed_out.set()
            if sampler is not None:
                sampler.sample()  # the last look before the kill
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, stop)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            stop()
            proc.wait()
            raise
        finally:
            timer.cancel()
            if sampler is not None:
                sampler.stop()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu = child_cpu() - cpu0
        maxrss_kb = usage.ru_maxrss  # KiB on Linux
        report = rss_file.read().split()
        if gnu_time_ok() and report and report[-1].isdigit():
            maxrss_kb = int(report[-1])
        out.seek(0)
        err.seek(0)
        return Run(
            wall=wall,
            cpu=cpu,
            maxrss_mb=maxrss_kb / 1024,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=timed_out.is_set(),
            tree=sampler,
        )


EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt|Warning)\b")


def describe_failure(args: list[str], run: Run) -> str:
    """The command, how it ended, the deepest troopledger frame and the error; the whole output is
    saved to a log file outside the temporary folder."""
    cmd = " ".join(["python", *args])
    why = "timed out, stopped" if run.timed_out else f"exit {run.returncode}"
    text = run.stderr.strip() or run.stdout.strip()
    if not text:
        return f"`{cmd}` {why} after {run.wall:.1f} s (it printed nothing)"
    lines = text.splitlines()
    # The innermost error is the first exception line (a chained cause is printed first, and a worker's
    # remote traceback before the re-raise); the frame to show is the last troopledger one above it.
    first_error = next((i for i, line in enumerate(lines) if EXCEPTION_LINE.match(line)), len(lines))
    frames = [
        i for i, line in enumerate(lines[:first_error]) if line.strip().startswith("File ") and "troopledger" in line
    ]
    picked = lines[frames[-1] : frames[-1] + 2] if frames else []
    if first_error < len(lines):
        picked.append(lines[first_error])
    if lines[-1] not in picked:
        picked.append(lines[-1])
    fd, log = tempfile.mkstemp(prefix="tl-bench-failure-", suffix=".log")
    with os.fdopen(fd, "w") as f:
        f.write(f"$ {cmd}\n{why} after {run.wall:.1f} s\n--- stdout\n{run.stdout}\n--- stderr\n{run.stderr}\n")
    shown = textwrap.indent("\n".join(picked), "    ")
    return f"`{cmd}` {why} after {run.wall:.1f} s; full output in {log}:\n{shown}"


def measure_once(
    m: Measure, args: list[str], expect: str = "", timeout: float = DEFAULT_TIMEOUT_S, sample: bool = False
) -> Run | None:
    """Run once and record it in `m`; on failure record the error instead and return None."""
    if m.error:
        return None
    run = run_timed(args, timeout, sample)
    if run.returncode != 0 or run.timed_out:
        m.error = describe_failure(args, run)
        m.failed = run
        return None
    if expect and expect not in run.stdout:
        m.error = f"`python {' '.join(args)}` did not print {expect!r}; it printed: {run.stdout.strip()[:300]}"
        return None
    m.runs.append(run)
    return run


def progress(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- fixtures -------------------------------------------------------------------------------------


def new_root(tmp: Path, label: str, data: Path | None = None, notebooks: bool = True) -> Path:
    """A fresh bundle root: a copy of data/ (the repo's unless given), of notebooks/, an empty figures/."""
    root = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=tmp))
    shutil.copytree(data or REPO / "data", root / "data")
    if notebooks:
        shutil.copytree(REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "figures").mkdir()
    return root


def write_scripts(tmp: Path) -> tuple[Path, Path]:
    floor = tmp / "floor.py"
    floor.write_text(FLOOR_SCRIPT)
    driver = tmp / "nb_driver.py"
    driver.write_text(DRIVER_SCRIPT)
    return floor, driver


def baseline_notebooks(tmp: Path, count: int) -> list[Path]:
    """`count` one-cell notebooks, each doing the floor script's work into its own output folder."""
    folder = Path(tempfile.mkdtemp(prefix="baseline-", dir=tmp))
    paths = []
    for i in range(count):
        out = folder / f"out-{i}"
        out.mkdir()
        cell = FLOOR_CODE + f"\nfloor_chart(Path({str(out)!r}), 1)\n"
        nb = {  # nbformat 4.5 by hand: importing nbformat here would bloat this process (see run_timed)
            "cells": [
                {"cell_type": "code", "execution_count": None, "id": "floor", "metadata": {}, "outputs": []}
                | {"source": cell.splitlines(keepends=True)}
            ],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        path = folder / f"baseline-{i}.ipynb"
        path.write_text(json.dumps(nb, indent=1) + "\n")
        paths.append(path)
    return paths


def big_ledger(tmp: Path, claims: int) -> Path:
    """A valid ledger of `claims` claims: the shipped rows as they are, then copies numbered
    C100000 upward (notes kept: the ids they cite are the originals, which stay)."""
    data = tmp / "big-data"
    shutil.copytree(REPO / "data", data)
    with open(REPO / "data" / "claims.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header, originals = rows[0], rows[1:]
    idx = header.index("claim_id")
    out = list(originals)
    n = COPY_ID_START
    while len(out) < claims:
        row = list(originals[(n - COPY_ID_START) % len(originals)])
        row[idx] = f"C{n}"
        out.append(row)
        n += 1
    with open(data / "claims.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(out[:claims])
    return data


def tree_digest(paths: list[Path]) -> dict[str, str]:
    """Content hash of every file under `paths`, to prove the repository was not written."""
    digest = {}
    for top in paths:
        for p in sorted(top.rglob("*")) if top.is_dir() else [top]:
            if p.is_file():
                digest[str(p.relative_to(REPO))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return digest


# --- report ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of the final table: a measure, optionally compared with a baseline against a target."""

    measure: Measure
    label: str
    baseline: Measure | None = None
    base_label: str = ""
    target: str = ""
    passes: Callable[[Measure, Measure | None], bool] | None = None


def ratio(a: Measure, b: Measure | None) -> float | None:
    if b is None or not (a.ok and b.ok) or b.median <= 0:
        return None
    return a.median / b.median


def fmt(x: float | None, spec: str = ".2f", suffix: str = "") -> str:
    return "-" if x is None else f"{x:{spec}}{suffix}"


def render_table(rows: list[Row]) -> str:
    head = [
        "measure",
        "n",
        "median s",
        "min s",
        "cpu s",
        "maxRSS MB",
        "baseline",
        "median s",
        "ratio",
        "ratio(min)",
        "target",
        "verdict",
    ]
    lines = []
    for r in rows:
        m, b = r.measure, r.baseline
        if m.failed is not None:  # failed or stopped: still show how long it ran and how big it got
            k = m.failed
            cpu, rss = k.cpu, k.maxrss_mb  # both miss workers killed before they were reaped
            if k.tree is not None:
                cpu, rss = max(cpu, sum(k.tree.cpu_by_pid.values())), max(rss, k.tree.peak_one / 2**20)
            wall = f">{k.wall:.0f}" if k.timed_out else f"{k.wall:.2f}"
            cells = [r.label, str(len(m.runs)), wall, "-", fmt(cpu), fmt(rss, ".0f")]
            cells += [r.base_label or "-", "-", "-", "-", r.target or "-", "TIMEOUT" if k.timed_out else "FAILED"]
            lines.append(cells)
            continue
        if not m.ok:
            verdict = "FAILED" if m.error else "SKIPPED"
            cells = [r.label, str(len(m.runs)), "-", "-", "-", "-", r.base_label or "-", "-", "-", "-"]
            cells += [r.target or "-", verdict]
            lines.append(cells)
            continue
        rt = ratio(m, b)
        rmin = (m.min / b.min) if (b is not None and b.ok and b.min > 0) else None
        if r.passes is None:
            verdict = "-"
        elif b is not None and not b.ok:
            verdict = "NO BASE"
        else:
            verdict = "PASS" if r.passes(m, b) else "MISS"
        cells = [
            r.label,
            str(len(m.runs)),
            fmt(m.median),
            fmt(m.min),
            fmt(m.cpu),
            fmt(m.maxrss, ".0f"),
            r.base_label or "-",
            fmt(b.median) if b is not None and b.ok else "-",
            fmt(rt, ".2f", "x"),
            fmt(rmin, ".2f", "x"),
            r.target or "-",
            verdict,
        ]
        lines.append(cells)
    widths = [max(len(str(c)) for c in col) for col in zip(head, *lines, strict=True)]
    numeric = {1, 2, 3, 4, 5, 7, 8, 9}

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    out = [line(head), line(["-" * w for w in widths])]
    out += [line(c) for c in lines]
    return "\n".join(x.rstrip() for x in out)


def versions() -> str:
    def v(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "?"

    names = ("matplotlib", "pandas", "seaborn", "nbclient", "ipykernel")
    return f"python {platform.python_version()} ({PY}); " + ", ".join(f"{n} {v(n)}" for n in names)


def git_context() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.split("\n")
    except OSError:
        return "git: unavailable"
    dirty = [d for d in dirty if d.strip()]
    return f"git HEAD {head or '?'}; {len(dirty)} uncommitted change(s) under src/ (benchmarked as they were)"


# --- the benchmark --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: repeat 1, skip the 10,000-claim export")
    parser.add_argument("--claims", type=int, default=BIG_CLAIMS, help="claims in the generated ledger")
    parser.add_argument(
        "--big-timeout", type=float, default=BIG_EXPORT_TIMEOUT_S, help="seconds before the big export is stopped"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else max(1, args.repeat)

    load_start = os.getloadavg()
    started, wall_start = time.perf_counter(), time.time()
    guarded = [REPO / "data", REPO / "figures", REPO / "notebooks", REPO / ".build-stamp"]
    before = tree_digest(guarded)
    tmp = Path(tempfile.mkdtemp(prefix="tl-bench-"))
    progress(f"temporary folder {tmp}; {repeat} run(s) per measurement")
    floor, driver = write_scripts(tmp)
    nb_count = len([p for p in (REPO / "notebooks").glob("*.ipynb")])

    floor1, floor8 = Measure("floor x1"), Measure("floor x8")
    export = Measure("export")
    baseline, build = Measure("baseline"), Measure("build --force")
    noop, pypass = Measure("no-op build"), Measure("python -c pass")
    big_check, big_export = Measure("check big"), Measure("export big")
    details: list[str] = []

    try:
        # 1. export vs floor, interleaved so that drifting load hits both alike.
        for i in range(repeat):
            progress(f"export vs floor, run {i + 1}/{repeat}")
            for m, n in ((floor1, 1), (floor8, 8)):
                out = Path(tempfile.mkdtemp(prefix=f"floor{n}-", dir=tmp))
                measure_once(m, [str(floor), str(out), str(n)])
            root = new_root(tmp, "export", notebooks=False)
            run = measure_once(export, ["-m", "troopledger", "export", "--root", str(root)])
            if run and i == 0:
                written = sorted(p.name for p in (root / "figures").iterdir())
                charts = [p for p in written if p.endswith((".png", ".svg", ".pdf"))]
                details.append(f"export: {run.stdout.strip()} ({len(charts)} chart files, {len(written)} files)")
            shutil.rmtree(root, ignore_errors=True)

        # 2. build --force vs sequential one-cell notebooks; 3. no-op build on the last build's root.
        last_build: Path | None = None
        for i in range(repeat):
            progress(f"build --force vs {nb_count} baseline notebooks, run {i + 1}/{repeat}")
            measure_once(baseline, [str(driver), *map(str, baseline_notebooks(tmp, nb_count))])
            root = new_root(tmp, "build")
            run = measure_once(build, ["-m", "troopledger", "build", "--root", str(root), "--force"])
            if run:
                if last_build is not None:
                    shutil.rmtree(last_build, ignore_errors=True)
                last_build = root
                if i == 0:
                    details.append(f"build --force: {run.stdout.strip()}")
        if last_build is None:
            noop.error = "no successful build to time a no-op build on"
        else:
            noop_args = ["-m", "troopledger", "build", "--root", str(last_build)]
            warm = run_timed(noop_args)  # untimed: proves the stamp is current (src/ may change under us)
            if warm.returncode != 0 or "nothing changed" not in warm.stdout:
                noop.note = (
                    f"the first build without --force after build --force did not say 'nothing changed' "
                    f"(exit {warm.returncode}, {warm.wall:.1f} s): {warm.stdout.strip()[:200]} "
                    f"{warm.stderr.strip()[-300:]}"
                )
            for i in range(repeat):
                progress(f"no-op build and python -c pass, run {i + 1}/{repeat}")
                measure_once(pypass, ["-c", "pass"])
                measure_once(noop, noop_args, expect="nothing changed")
            if noop.ok:
                details.append(f"no-op build: {noop.runs[-1].stdout.strip()}")

        # 4. check and export on a generated ledger.
        progress(f"generating a ledger of {args.claims:,} claims")
        data = big_ledger(tmp, args.claims)
        verify = run_timed(["-m", "troopledger", "check", "--data", str(data)])
        if verify.returncode != 0:
            big_check.error = "the generated ledger does not pass check; " + describe_failure(
                ["-m", "troopledger", "check", "--data", str(data)], verify
            )
            big_export.error = "not run: the generated ledger is invalid"
        else:
            details.append(f"check on the generated ledger: {verify.stdout.strip()}")
            for i in range(repeat):
                progress(f"check on {args.claims:,} claims, run {i + 1}/{repeat}")
                measure_once(big_check, ["-m", "troopledger", "check", "--data", str(data)], expect="check: ok")
            if args.quick:
                big_export.note = "skipped (--quick)"
            else:
                for i in range(repeat):
                    progress(
                        f"export on {args.claims:,} claims, run {i + 1}/{repeat} (timeout {args.big_timeout:.0f} s)"
                    )
                    root = new_root(tmp, "bigexport", data=data, notebooks=False)
                    run = measure_once(
                        big_export,
                        ["-m", "troopledger", "export", "--root", str(root)],
                        timeout=args.big_timeout,
                        sample=True,
                    )
                    last = run or big_export.failed
                    if last is not None and last.tree is not None and i == 0:
                        t = last.tree
                        details.append(
                            f"export on {args.claims:,} claims, process tree sampled every {t.interval} s: peak RSS "
                            f"{t.peak_all / 2**20:.0f} MB all processes together, {t.peak_one / 2**20:.0f} MB the "
                            f"largest one; {sum(t.cpu_by_pid.values()):.0f} CPU s over {len(t.cpu_by_pid)} processes"
                            + (" until stopped" if last.timed_out else "")
                            + ("" if run else " (the run failed)")
                        )
                    if run and i == 0:
                        size = sum(p.stat().st_size for p in (root / "figures").iterdir()) / 2**20
                        details.append(
                            f"export on {args.claims:,} claims: {run.stdout.strip()} ({size:.1f} MB written)"
                        )
                    shutil.rmtree(root, ignore_errors=True)
                    if run is None or run.wall > STOP_REPEATING_AFTER_S:
                        if run is not None and i + 1 < repeat:
                            big_export.note = f"measured once: one run takes over {STOP_REPEATING_AFTER_S:.0f} s"
                        break
    finally:
        if args.keep:
            progress(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    after = tree_digest(guarded)
    touched = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    load_end = os.getloadavg()
    big = f"{args.claims:,} claims"
    rows = [
        Row(floor1, "floor script, 1 chart x3 formats"),
        Row(floor8, "floor script, 8 charts x3 formats"),
        Row(
            export,
            "export  [TARGET: vs 1-chart floor]",
            floor1,
            "floor 1 chart",
            "<=1.5x",
            lambda m, b: m.median <= 1.5 * b.median,  # type: ignore[union-attr]
        ),
        Row(export, "export  (context: vs 8-chart floor)", floor8, "floor 8 charts", "context"),
        Row(baseline, f"baseline: {nb_count} one-cell nbs, sequential"),
        Row(
            build,
            "build --force  [TARGET]",
            baseline,
            f"{nb_count} nb baseline",
            "<=1.2x",
            lambda m, b: m.median <= 1.2 * b.median,  # type: ignore[union-attr]
        ),
        Row(pypass, "python -c pass"),
        Row(noop, "no-op build  [TARGET]", pypass, "python -c pass", "<0.5 s", lambda m, b: m.median < 0.5),
        Row(big_check, f"check, {big}  [TARGET]", None, "", "<2 s", lambda m, b: m.median < 2.0),
        Row(big_export, f"export, {big}", export, "export, 48 claims", "none"),
    ]

    print()
    print("troopledger benchmark: wall seconds (median/min of n runs), cpu = user+sys of the child process tree")
    print("(median of runs), maxRSS = largest single process in that tree; ratios are medians (and mins).")
    print()
    print(render_table(rows))
    print()
    print("machine:")
    print(
        f"  nproc {os.cpu_count()}; load average (1/5/15 min): start {fmt_load(load_start)}, end {fmt_load(load_end)}"
    )
    print(f"  {versions()}")
    if gnu_time_ok():
        print(f"  maxRSS measured by {GNU_TIME} (the command's own process tree)")
    else:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  maxRSS from wait4, no GNU time: it cannot read below this benchmark's own peak, {own:.0f} MB")
    print(f"  {git_context()}")
    print(f"  ran {time.strftime('%H:%M:%S', time.localtime(wall_start))} to {time.strftime('%H:%M:%S')}", end="")
    print(f", {time.perf_counter() - started:.0f} s in all")
    if details:
        print("what the commands printed:")
        for d in details:
            print(f"  {d}")
    notes = [(m.name, m.note) for m in (noop, big_export) if m.note]
    errors = [(m.name, m.error) for m in (floor1, floor8, export, baseline, build, pypass, noop, big_check, big_export)]
    errors = [(n, e) for n, e in errors if e]
    if notes or errors:
        print("findings:")
        for name, note in notes:
            print(f"  {name}: {note}")
        for name, err in errors:
            print(f"  {name} {'TIMEOUT' if 'timed out' in err else 'FAILED'}: {err}")
    if touched:
        print("NOTE: files under data/, figures/, notebooks/ or .build-stamp changed in the repository during")
        print("the run. The benchmark only ever passes temporary roots to the commands, so this is most likely")
        print("someone else's edit or build; check their modification times if in doubt:")
        for t in touched:
            path = REPO / t
            when = time.strftime("%H:%M:%S", time.localtime(path.stat().st_mtime)) if path.exists() else "deleted"
            print(f"  {t} (modified {when})")
    else:
        print("repository data/, figures/, notebooks/, .build-stamp: unchanged by the run")

    # A command failing is an error; a timed-out or failed export of the big ledger is a finding.
    failed = [m for m in (floor1, floor8, export, baseline, build, pypass, noop, big_check) if m.error]
    return 1 if failed else 0


def fmt_load(load: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.2f}" for x in load)


if __name__ == "__main__":
    sys.exit(main())
