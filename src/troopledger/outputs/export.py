"""Write charts and report tables to figures/ (or any folder), at the sizes reports use.

Files are rendered into a staging folder first and only then moved into place, so a failure part-way
leaves the target as it was. Output is byte-identical for identical data: no dates, versions or random
ids are written. Caption and alt text travel inside each file (SVG title/desc, PDF Title/Subject, PNG
text chunks), so a chart pasted into a report still says what it shows and where it is from.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import os
import shutil
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from troopledger.charts import chart_slugs, style
from troopledger.ledger import Ledger
from troopledger.outputs import tables
from troopledger.story import data_as_of

if TYPE_CHECKING:  # drawing is imported where it is needed: a notebook showing a chart already drawn does none
    from matplotlib.figure import Figure

    from troopledger.charts.chartinfo import ChartInfo


FORMATS = ("png", "svg", "pdf")
PRINT_DPI = style.DEFAULT_SIZE.dpi
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOTES = ("full", "compact")


def report_tables(ledger: Ledger, w=None) -> dict[str, tuple[str, pd.DataFrame]]:
    """Every report table, by file name: the fixed ones, and the table each chart declares."""
    from troopledger import charts
    from troopledger import words as wording

    w = w or wording.get("en")
    made: dict[str, tuple[str, pd.DataFrame]] = {
        "reported-figures": (w.t("table.reported-figures"), tables.primary_figures(ledger, w)),
    }
    for chart in charts.catalogue(ledger):
        if chart.table is not None and chart.table_slug not in made:
            key = f"table.{chart.table_slug}"
            labels = w.join([tables.measure_label(ledger, m, w) for m in chart.measures])
            caption = w.t(key) if key in w.T else w.t("table.series", labels=labels)
            made[chart.table_slug] = (caption, chart.table(ledger, w))
    made["disagreements"] = (w.t("table.disagreements"), tables.disagreements(ledger, w=w))
    made["ledger"] = (w.t("table.ledger"), tables.ledger_table(ledger, w=w))
    return {slug: (caption, tables.headed(frame, w)) for slug, (caption, frame) in made.items()}


@dataclass(frozen=True)
class Variant:
    """One way to export a chart: a size preset and full or compact notes."""

    size: style.Size = style.DEFAULT_SIZE
    compact: bool = False

    @property
    def suffix(self) -> str:
        """'' for the default (what figures/ holds); '-slide-compact' and so on for the others."""
        parts = [] if self.size == style.DEFAULT_SIZE else [self.size.name]
        return "".join(f"-{p}" for p in parts + (["compact"] if self.compact else []))

    @property
    def dpi(self) -> int:
        return self.size.dpi


DEFAULT = Variant()


def _metadata(fmt: str, info: ChartInfo) -> dict:
    if fmt == "png":
        return {}  # PNG is written by _palette, with title and alt text
    if fmt == "svg":
        return {"Date": None, "Creator": None, "Title": info.title, "Description": info.alt}
    return {"Creator": None, "Producer": None, "CreationDate": None, "Title": info.title, "Subject": info.alt}


def _svg_with_words(data: bytes, info: ChartInfo) -> bytes:
    """Add <title> and <desc> (what screen readers and editors show) and a font fallback stack."""
    text = data.decode("utf-8")
    head = text.index(">", text.index("<svg")) + 1
    words = f"\n <title>{html.escape(info.title)}</title>\n <desc>{html.escape(info.alt)}</desc>"
    text = text[:head] + words + text[head:]
    text = text.replace(f"font-family: '{style.FONT}'", f"font-family: {style.SVG_FONT_STACK}")
    return text.encode("utf-8")


def _palette(image, dpi: int, info: ChartInfo | None) -> bytes:
    """The chart as an 8-bit PNG in the bundle's fixed palette, stored so git keeps changes small.

    See pngwrite: the same pixels give the same bytes, and a changed claim changes only the rows it
    touches. Title and alt text travel as text chunks.
    """
    from troopledger.outputs.pngwrite import encode

    return encode(image, dpi, {"Title": info.title, "Description": info.alt} if info is not None else None)


def render(fig: Figure, fmt: str, variant: Variant = DEFAULT) -> bytes:
    """A figure as file bytes, deterministic for a given figure (the notebooks show these PNG bytes).

    PNG is drawn straight to pixels and encoded once, as a palette image. PDF streams are left
    uncompressed: git compresses them anyway, and can then store a changed chart as a small difference
    instead of a whole new file.
    """
    from matplotlib import rc_context

    from troopledger import charts

    info = charts.info(fig)
    buf = io.BytesIO()
    with rc_context({**style.RC, "pdf.compression": 0}):
        if fmt == "png":  # interim, until the build's Pillow encoder lands
            meta = {"Software": None, "Title": info.title, "Description": info.alt}
            fig.savefig(buf, format="png", dpi=variant.dpi, metadata=meta)
            return buf.getvalue()
        fig.savefig(buf, format=fmt, dpi=variant.dpi, metadata=_metadata(fmt, info))
    data = buf.getvalue()
    return _svg_with_words(data, info) if fmt == "svg" else data


SCREEN_SHRINK = 2  # a notebook shows the chart at half the print resolution: 150 dpi, sharp on a screen


def screen_png(png: bytes, cache: Path | None = None) -> bytes:
    """The exported PNG at screen resolution, for notebooks: the same pixels averaged down, not redrawn.

    Slides (already at screen resolution) are shown as exported. With a cache folder, the result is kept
    under the exported file's hash, so a notebook run after a build (which fills it) does no image work.
    """
    import hashlib

    from PIL import Image

    kept = cache / f"{hashlib.sha256(png).hexdigest()}.png" if cache is not None else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    image = Image.open(io.BytesIO(png))
    dpi = round(image.info.get("dpi", (PRINT_DPI, PRINT_DPI))[0])
    small = png if dpi < PRINT_DPI else _palette(image.convert("RGB").reduce(SCREEN_SHRINK), dpi // SCREEN_SHRINK, None)
    if kept is not None:
        with contextlib.suppress(OSError):  # a read-only checkout still shows the chart
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(small)
            os.replace(tmp, kept)
    return small


def screen_cache(ledger: Ledger) -> Path | None:
    """Where screen versions of the exported charts are kept (git ignores it)."""
    return ledger.folder.parent / ".cache" / "screen" if ledger.folder is not None else None


def chart_files(ledger: Ledger, slug: str, variant: Variant = DEFAULT) -> tuple[ChartInfo, dict[str, bytes]]:
    """One chart in every format: the unit of work a render process takes (it also leaves the screen
    version the notebooks show in the cache, so their kernels do no image work)."""
    from troopledger import charts

    fig = charts.make_chart(ledger, slug, variant.size, variant.compact)
    i = charts.info(fig)
    files = {f"{slug}{variant.suffix}.{fmt}": render(fig, fmt, variant) for fmt in FORMATS}
    if variant == DEFAULT:
        screen_png(files[f"{slug}.png"], screen_cache(ledger))
    return i, files


CHARTS_READY = "TROOPLEDGER_CHARTS_READY"  # set by `build` for its kernels: a file that appears once charts are drawn


def _wait_for_build(timeout_s: float = 900) -> None:
    """In a kernel the build started, wait until the charts it is drawing are on disk (it starts the
    kernels while it draws, so their start-up overlaps the drawing)."""
    import time

    flag = os.environ.get(CHARTS_READY)
    deadline = time.monotonic() + timeout_s
    while flag and not os.path.exists(flag) and time.monotonic() < deadline:
        time.sleep(0.05)


def chart_png(ledger: Ledger, slug: str) -> tuple[bytes, str]:
    """The chart as the export wrote it (default size and notes), and its title: what a notebook shows.

    When figures/ beside the ledger holds this chart built from exactly these inputs (figures/manifest.json
    says so, and the file is the one recorded), its bytes are used and nothing is drawn; otherwise the
    chart is drawn here. Either way the bytes are those the export writes.
    """
    from troopledger.outputs import manifest

    _wait_for_build()
    hit = manifest.current_chart(ledger, slug)
    if hit is not None:
        return hit
    from troopledger import charts

    fig = charts.make_chart(ledger, slug)
    return render(fig, "png"), charts.info(fig).title


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula, by prefixing an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_csv(frame: pd.DataFrame) -> bytes:
    """CSV that Excel on Windows opens correctly: UTF-8 with a byte-order mark, formula-safe cells."""
    safe = frame.map(safe_cell).rename(columns=safe_cell)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def table_markdown(frame: pd.DataFrame, caption: str, w=None) -> bytes:
    from troopledger import words as wording

    w = w or wording.get("en")

    def cell(v: object) -> str:
        text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).replace("|", "\\|")
        return f"<{text}>" if text.startswith(("http://", "https://")) else text  # a link in any Markdown viewer

    lines = [f"{caption}", "", "| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    lines += ["", w.t("table.help")]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _source_table(ledger: Ledger, claim_ids: list[str], w) -> list[str]:
    claims = ledger.claims.set_index("claim_id", drop=False)
    rows = tables.noted(ledger, claims.loc[claim_ids], w)
    out = ["| " + " | ".join(w.t(f"readme.col_{c}") for c in README_COLUMNS) + " |", "|---" * len(README_COLUMNS) + "|"]
    for r in rows.itertuples(index=False):
        out.append("| " + " | ".join(str(getattr(r, c)).replace("|", "\\|") for c in README_COLUMNS) + " |")
    return out


README_COLUMNS = (
    "claim_id",
    "figure",
    "asserted_by",
    "relayed_by",
    "published_in",
    "claim_date",
    "refers_to",
    "caveat",
    "url",
)


def _chart_entry(ledger: Ledger, i: ChartInfo, files: list[str], w) -> list[str]:
    lines = ["", f"### {i.slug}", "", w.t("readme.files", files=", ".join(f"`{f}`" for f in files)), ""]
    lines += [w.t("readme.caption", caption=i.caption), "", w.t("readme.alt", alt=i.alt), "", w.t("readme.notes"), ""]
    lines += [f"- {line}" for line in i.footnotes]
    lines += ["", w.t("readme.claims"), ""] + _source_table(ledger, i.claim_ids, w)
    return lines


def readme(
    ledger: Ledger, rendered: list[tuple[ChartInfo, dict[str, bytes]]], with_tables: bool = True, w=None
) -> bytes:
    """README.md for an export folder: one entry per chart, with caption, alt text and full source notes."""
    from troopledger import words as wording
    from troopledger.charts.notes import version_text

    w = w or wording.get("en")
    as_of = data_as_of(ledger)
    lines = [
        w.t("readme.title"),
        "",
        w.t("readme.made", title=ledger.meta.get("title", ""), version=version_text(ledger, w), as_of=w.day(as_of)),
        w.t("readme.markers"),
        w.t("readme.sizes"),
        "",
        w.t("readme.charts"),
    ]
    by_slug: dict[str, list[str]] = {}
    infos: dict[str, ChartInfo] = {}
    for info, files in rendered:
        by_slug.setdefault(info.slug, []).extend(files)
        infos.setdefault(info.slug, info)
    for slug, files in by_slug.items():
        lines += _chart_entry(ledger, infos[slug], files, w)
    if with_tables:
        lines += ["", w.t("readme.tables"), "", w.t("readme.tables_about"), ""]
        lines += [
            w.t("readme.table", slug=slug, caption=caption) for slug, (caption, _) in report_tables(ledger, w).items()
        ]
    return ("\n".join(lines) + "\n").encode("utf-8")


Job = tuple[str, Variant]


def render_charts(ledger: Ledger, jobs: list[Job], workers: int | None = None):
    """Render charts, across processes when there is more than one core.

    Rendering text at 300 dpi is CPU-bound and each chart is independent, so forked workers
    (which inherit the imported libraries) divide the wall time by the number of cores.
    """
    workers = min(len(jobs), workers if workers is not None else (os.cpu_count() or 1))
    if workers <= 1:
        return [chart_files(ledger, slug, v) for slug, v in jobs]
    with render_pool(workers, ledger) as pool:
        return [f.result() for f in submit_charts(pool, jobs)]


def render_pool(workers: int, ledger: Ledger) -> ProcessPoolExecutor:
    """Workers that draw charts of `ledger`, handed to each once (not once per chart).

    Forked, so they inherit the imported libraries and the ledger instead of loading them again; but only
    from a single-threaded process (the command line), where a fork is safe. A process running threads
    (a notebook kernel, a test runner, numpy's BLAS) gets workers started afresh by a fork server."""
    method = "fork" if _threads() == 1 else "forkserver"
    return ProcessPoolExecutor(workers, mp_context=get_context(method), initializer=_adopt, initargs=(ledger,))


_WORKER_LEDGER: Ledger | None = None  # in a render worker: the ledger it draws


def _adopt(ledger: Ledger) -> None:
    global _WORKER_LEDGER
    _WORKER_LEDGER = ledger


def _worker_chart_files(slug: str, variant: Variant) -> tuple[ChartInfo, dict[str, bytes]]:
    assert _WORKER_LEDGER is not None, "render_pool hands each worker its ledger"
    try:
        return chart_files(_WORKER_LEDGER, slug, variant)
    finally:
        _give_back_memory()


def _give_back_memory() -> None:
    """Return the memory a 300 dpi chart took to the system: glibc keeps freed pages of a process for
    reuse, so two workers would otherwise each sit at their largest chart's peak until the export ends."""
    import gc

    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (macOS, musl)."""
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _threads() -> int:
    """The threads this process runs, counted by the operating system (numpy's BLAS threads included)."""
    import threading

    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:  # not Linux
        return threading.active_count()


def submit_charts(pool: ProcessPoolExecutor, jobs: list[Job]) -> list[Future]:
    """Queue the charts on a `render_pool` (the tall waves chart first, so a small one finishes last);
    futures in job order."""
    order = sorted(range(len(jobs)), key=lambda i: (jobs[i][0] != "deployment-waves", i))
    futures = {i: pool.submit(_worker_chart_files, *jobs[i]) for i in order}
    return [futures[i] for i in range(len(jobs))]


def default_jobs(ledger: Ledger) -> list[Job]:
    return [(slug, DEFAULT) for slug in chart_slugs(ledger)]


def build_files(ledger: Ledger, workers: int | None = None) -> dict[str, bytes]:
    """Every file of figures/, by name, rendered in memory."""
    return assemble(ledger, render_charts(ledger, default_jobs(ledger), workers))


def assemble(ledger: Ledger, rendered, with_tables: bool = True, w=None) -> dict[str, bytes]:
    """The rendered charts plus the report tables and the README."""
    from troopledger import words as wording

    w = w or wording.get("en")
    files: dict[str, bytes] = {}
    for _, chart in rendered:
        files.update(chart)
    if with_tables:
        as_of = data_as_of(ledger)
        when = w.t("table.as_of", as_of=w.day(as_of)) if as_of is not None else ""
        for slug, (caption, frame) in report_tables(ledger, w).items():
            files[f"{slug}.csv"] = table_csv(frame)
            files[f"{slug}.md"] = table_markdown(frame, f"# {slug}\n\n{caption}{when}", w)
    files["README.md"] = readme(ledger, [(i, list(f)) for i, f in rendered], with_tables, w)
    return files


def write_folder(target: Path, files: dict[str, bytes], *, prune: bool = True) -> list[str]:
    """Make `target` hold `files` (and, with prune, nothing else); returns the names that changed.

    Everything is first written to a staging folder beside the target, so nothing in the target
    is touched unless all files were written; each file then replaces its old self atomically.
    Without prune (a folder the user named) other files are left alone.
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
            os.chmod(staging / name, 0o644)
            os.replace(staging / name, target / name)
        if prune:
            for old in sorted(target.iterdir()):
                if old.is_file() and old.name not in files:
                    old.unlink()
                    changed.append(old.name)
        return changed
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def export(ledger: Ledger, figures_dir: Path) -> list[str]:
    return write_folder(figures_dir, build_files(ledger))


def export_variant(ledger: Ledger, out: Path, slugs: list[str], variant: Variant, *, prune: bool) -> list[str]:
    """Some charts at one size and notes style into `out`.

    All charts at the default size and notes are the whole of figures/ (tables and README too); all charts
    in another variant come with a README describing them; a chosen few are just their files.
    """
    rendered = render_charts(ledger, [(slug, variant) for slug in slugs])
    if slugs == chart_slugs(ledger):
        files = assemble(ledger, rendered, with_tables=variant == DEFAULT)
    else:
        files = {name: data for _, chart in rendered for name, data in chart.items()}
    return write_folder(out, files, prune=prune)
