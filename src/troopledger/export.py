"""Write every chart and report table to figures/, plus the README that captions them.

Files are rendered into a staging folder first and only then moved into figures/, so a failure
part-way leaves figures/ as it was. Output is byte-identical for identical data: no dates,
versions or random ids are written.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure

from . import charts, style, tables
from .ledger import Ledger
from .notes import citation, span

FORMATS = ("png", "svg", "pdf")
PNG_DPI = 300
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None},
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

TABLES: dict[str, tuple[str, Callable[[Ledger], pd.DataFrame]]] = {
    "reported-figures": ("Every figure the primary article gives, with its source note.", tables.primary_figures),
    "deployment-waves": (
        "The deployment waves as charted, with the running total (computed as the sum of the waves).",
        tables.waves_table,
    ),
    "casualties": ("Killed, wounded and total casualties by date of report.", tables.casualties),
    "disagreements": (
        "Each contested quantity with every source's value side by side; the primary article flagged.",
        lambda ledger: tables.disagreements(ledger, urls=True),
    ),
    "ledger": (
        "Every claim in the ledger, with its source note and link.",
        lambda ledger: tables.ledger_table(ledger, urls=True),
    ),
}


def render(fig: Figure, fmt: str) -> bytes:
    """A figure as file bytes, deterministic for a given figure (the notebooks show these PNG bytes)."""
    buf = io.BytesIO()
    with rc_context(style.RC):
        fig.savefig(buf, format=fmt, dpi=PNG_DPI, metadata=_METADATA[fmt])
    return buf.getvalue()


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula, by prefixing an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_csv(frame: pd.DataFrame) -> bytes:
    safe = frame.map(safe_cell).rename(columns=safe_cell)
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8")


def table_markdown(frame: pd.DataFrame, caption: str) -> bytes:
    def cell(v: object) -> str:
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).replace("|", "\\|")

    lines = [f"{caption}", "", "| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    lines += [
        "",
        "Each row's source note: asserted_by (who made the claim), relayed_by, published_in, claim_date, "
        "refers_to (the period, in the source's words) and claim_id (the row in data/claims.csv).",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _source_table(ledger: Ledger, claim_ids: list[str]) -> list[str]:
    claims = ledger.claims.set_index("claim_id", drop=False)
    rows = tables.noted(ledger, claims.loc[claim_ids], urls=True)
    out = [
        "| claim | figure | asserted by | relayed by | published in | claim date | refers to | link |",
        "|---" * 8 + "|",
    ]
    for r in rows.itertuples(index=False):
        out.append(
            f"| {r.claim_id} | {r.figure} | {r.asserted_by} | {r.relayed_by} | {r.published_in} | {r.claim_date} "
            f"| {r.refers_to} | {r.url} |"
        )
    return out


def readme(ledger: Ledger, infos: list[charts.ChartInfo]) -> bytes:
    """figures/README.md: one entry per file, with caption, alt text and full source notes."""
    sources = ledger.sources.set_index("source_id")
    events = ledger.events.set_index("event_id", drop=False)
    lines = [
        "# Figures and tables",
        "",
        "Made by `python -m troopledger export` from `data/`; do not edit by hand (run `make`).",
        "Every number on a chart carries a footnote marker, resolved under the chart and again below.",
        "Charts are 6.5 in wide (a report page's text width): PNG at 300 dpi, SVG with text kept as text, PDF.",
        "",
        "## Charts",
    ]
    for i in infos:
        lines += ["", f"### {i.slug}", "", "Files: " + ", ".join(f"`{i.slug}.{fmt}`" for fmt in FORMATS), ""]
        lines += [f"Caption: {i.caption}", "", f"Alt text: {i.alt}", "", "Footnotes on the chart:", ""]
        lines += [f"- {line}" for line in i.footnotes]
        lines += ["", "Claims drawn:", ""] + _source_table(ledger, i.claim_ids)
        if i.event_ids:
            lines += ["", "Events drawn:", "", "| event | date | what | published in | link |", "|---|---|---|---|---|"]
            for eid in i.event_ids:
                e = events.loc[eid]
                src = sources.loc[e["source_id"]]
                when = span(e["date_start"], e["date_end"], e["date_precision"])
                lines.append(f"| {eid} | {when} | {e['description']} | {citation(src)} | {src['url']} |")
    lines += [
        "",
        "## Tables",
        "",
        "Each table comes as CSV (spreadsheet-safe) and Markdown, and carries its source notes in its own columns.",
        "",
    ]
    for slug, (caption, _) in TABLES.items():
        lines.append(f"- `{slug}.csv`, `{slug}.md`: {caption}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def chart_files(ledger: Ledger, index: int) -> tuple[charts.ChartInfo, dict[str, bytes]]:
    """One chart in every format: the unit of work a render process takes."""
    fig = charts.chart_makers()[index](ledger)
    i = charts.info(fig)
    return i, {f"{i.slug}.{fmt}": render(fig, fmt) for fmt in FORMATS}


def render_charts(ledger: Ledger, workers: int | None = None) -> list[tuple[charts.ChartInfo, dict[str, bytes]]]:
    """Render every chart, across processes when there is more than one core.

    Rendering text at 300 dpi is CPU-bound and each chart is independent, so forked workers
    (which inherit the imported libraries) divide the wall time by the number of cores.
    """
    n = len(charts.chart_makers())
    workers = min(n, workers if workers is not None else (os.cpu_count() or 1))
    if workers <= 1:
        return [chart_files(ledger, i) for i in range(n)]
    with render_pool(workers) as pool:
        futures = submit_charts(pool, ledger)
        return [f.result() for f in futures]


def render_pool(workers: int) -> ProcessPoolExecutor:
    # fork: workers inherit the imported libraries instead of importing them again.
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))


def submit_charts(pool: ProcessPoolExecutor, ledger: Ledger) -> list[Future]:
    """Queue every chart (heaviest first, so a small one finishes last); futures in reading order."""
    n = len(charts.chart_makers())
    order = sorted(range(n), key=lambda i: (i > 1, i))
    futures = {i: pool.submit(chart_files, ledger, i) for i in order}
    return [futures[i] for i in range(n)]


def build_files(ledger: Ledger, workers: int | None = None) -> dict[str, bytes]:
    """Every file export writes, by name, rendered in memory."""
    return assemble(ledger, render_charts(ledger, workers))


def assemble(ledger: Ledger, rendered: list[tuple[charts.ChartInfo, dict[str, bytes]]]) -> dict[str, bytes]:
    """The rendered charts plus the report tables and the README: the whole of figures/."""
    files: dict[str, bytes] = {}
    for _, chart in rendered:
        files.update(chart)
    for slug, (caption, make) in TABLES.items():
        frame = make(ledger)
        files[f"{slug}.csv"] = table_csv(frame)
        files[f"{slug}.md"] = table_markdown(frame, f"# {slug}\n\n{caption}")
    files["README.md"] = readme(ledger, [i for i, _ in rendered])
    return files


def write_folder(target: Path, files: dict[str, bytes]) -> list[str]:
    """Make `target` hold exactly `files`; returns the names that changed.

    Everything is first written to a staging folder beside the target, so nothing in the target
    is touched unless all files were written; each file then replaces its old self atomically.
    """
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-staging-", dir=target.parent))
    try:
        changed = []
        for name, data in files.items():
            old = target / name
            if old.is_file() and old.read_bytes() == data:
                continue
            (staging / name).write_bytes(data)
            changed.append(name)
        for name in changed:
            os.replace(staging / name, target / name)
        for old in sorted(target.iterdir()):
            if old.is_file() and old.name not in files:
                old.unlink()
                changed.append(old.name)
        return changed
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def export(ledger: Ledger, figures_dir: Path) -> list[str]:
    return write_folder(figures_dir, build_files(ledger))
