"""Helpers for bench/run.py: run a command and measure its wall time and the peak memory of its process tree."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable


@dataclass
class Sample:
    wall_s: float
    peak_mib: float
    out: str


@dataclass
class Series:
    """Repeated measurements of one thing; the median is what the table shows."""

    name: str
    samples: list[Sample] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(s.wall_s for s in self.samples)

    @property
    def peak(self) -> float:
        return max(s.peak_mib for s in self.samples)


def _tree_memory(proc: psutil.Process) -> int:
    """Memory of a process and its children, shared pages divided among their sharers (PSS, on Linux);
    processes that end while being read count zero."""
    total = 0
    try:
        tree = [proc, *proc.children(recursive=True)]
    except psutil.Error:  # the process (or a child being listed) has just ended
        return 0
    for p in tree:
        try:
            # PSS, not RSS: forked workers share the parent's pages, and RSS would count them once per worker
            info = p.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except psutil.Error:
            pass
    return total


def run(args: list[str], cwd: Path = REPO, timeout: float = 1800) -> Sample:
    """Run a command to the end; its wall time and the peak memory (PSS) of it and its children."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0
    watched = psutil.Process(proc.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_memory(watched))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate(timeout=timeout)
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({proc.returncode}):\n{out[-2000:]}")
    return Sample(wall, peak / 2**20, out)


def troopledger(*args: str, cwd: Path) -> Sample:
    return run([PY, "-m", "troopledger", *args], cwd=cwd)


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def pack_kib(repo: Path) -> int:
    """The repository's packed size after `git gc`: what a clone stores and transfers."""
    git("gc", "-q", cwd=repo)
    stats = dict(line.split(": ") for line in git("count-objects", "-v", cwd=repo).splitlines())
    return int(stats["size-pack"]) + int(stats["size"])


def loose_kib(repo: Path) -> int:
    stats = dict(line.split(": ") for line in git("count-objects", "-v", cwd=repo).splitlines())
    return int(stats["size"])
