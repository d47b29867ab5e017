"""Charts as files: PNG, SVG and PDF bytes of a chart, and the PNG a notebook shows.

The same figure gives the same bytes on every machine and on every Python the bundle supports: no
dates, versions, paths or random ids are written. The files are made to survive production: the PDF
embeds TrueType (Type 42) fonts, the SVG keeps text as text (with a font fallback list, its spaces
kept) and links on text stay links in both. Each file carries the chart's title and alt text: SVG
<title> and <desc>, PDF Title and Subject, PNG text chunks "Title" and "Description".
"""

from __future__ import annotations

import html
import io
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from typing import TYPE_CHECKING

from troopledger.charts import style

if TYPE_CHECKING:  # drawing is imported when a chart is drawn, not when the build only checks what changed
    from matplotlib.figure import Figure

    from troopledger.charts.chartinfo import ChartInfo
    from troopledger.ledger import Ledger
    from troopledger.outputs.export import Variant

FORMATS = ("png", "svg", "pdf")
PRINT_DPI = style.DEFAULT_SIZE.dpi
SCREEN_DPI = PRINT_DPI // 2  # a notebook's chart: 944 px across a 16 cm column, sharp on a screen
# zlib level, measured on the 11 charts at 300 dpi: level 3 writes 5.5 MB in 0.7 s, level 6 (Pillow's default)
# 6.1 MB in 1.1 s, level 9 6.0 MB in 4.6 s, optimize=True 6.0 MB in 4.9 s.
PNG_COMPRESS_LEVEL = 3
FILES_RC = {
    "pdf.fonttype": 42,  # TrueType in PDF: Type 3 fonts break text selection, search and print workflows
    "svg.fonttype": "none",  # SVG text stays text, editable in a report
    "svg.hashsalt": "troopledger",  # SVG ids from the drawing, not from a random number
}


def _svg_with_words(data: bytes, info: ChartInfo, lang: str = "en") -> bytes:
    """The SVG with its alt text as <desc> after the <title> matplotlib writes, every space kept
    (xml:space on the root), and a font fallback list, so a report without the chart's font still sets text."""
    font, stack = style.font(lang)
    head, tail = data.decode("utf-8").split("</title>", 1)
    text = f"{head}</title>\n <desc>{html.escape(info.alt, quote=False)}</desc>{tail}"
    text = text.replace("<svg ", '<svg xml:space="preserve" ', 1)
    text = text.replace(f"font-family: '{font}'", f"font-family: {stack}")
    return text.encode("utf-8")


def _rc(lang: str) -> dict:
    from troopledger import charts

    return {**charts.rc(lang), **FILES_RC}


def png(fig: Figure, dpi: int, info: ChartInfo, lang: str = "en") -> bytes:
    """The figure as a truecolour PNG at `dpi`, written by Pillow, with its resolution, title and alt text."""
    from matplotlib import rc_context
    from PIL import Image, PngImagePlugin

    buf = io.BytesIO()
    with rc_context(_rc(lang)):
        fig.savefig(buf, format="raw", dpi=dpi)
    width = int(fig.get_figwidth() * dpi)  # the Agg canvas truncates, as here: 16 cm at 300 dpi is 1889 px
    image = Image.frombuffer("RGBA", (width, len(buf.getvalue()) // (4 * width)), buf.getvalue(), "raw", "RGBA", 0, 1)
    if image.getextrema()[3] == (255, 255):  # an opaque chart (all of them): its alpha channel says nothing
        image = image.convert("RGB")
    words = PngImagePlugin.PngInfo()
    words.add_itxt("Title", info.title)
    words.add_itxt("Description", info.alt)
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(dpi, dpi), pnginfo=words, compress_level=PNG_COMPRESS_LEVEL)
    return out.getvalue()


def render(fig: Figure, fmt: str, variant: Variant | None = None, lang: str = "en") -> bytes:
    """A chart as the bytes of one file format, at the variant's resolution (the default size's, without one)."""
    from matplotlib import rc_context

    from troopledger import charts

    info = charts.info(fig)
    dpi = variant.dpi if variant is not None else PRINT_DPI
    if fmt == "png":
        return png(fig, dpi, info, lang)
    buf = io.BytesIO()
    if fmt == "svg":  # matplotlib writes Title as <title> and in the RDF metadata, Description in the RDF only
        metadata = {"Date": None, "Creator": None, "Title": info.title, "Description": info.alt}
    else:
        metadata = {"Creator": None, "Producer": None, "CreationDate": None, "Title": info.title, "Subject": info.alt}
    with rc_context(_rc(lang)):
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=metadata)
    return _svg_with_words(buf.getvalue(), info, lang) if fmt == "svg" else buf.getvalue()


def chart_files(ledger: Ledger, slug: str, variant: Variant, lang: str = "en") -> tuple[ChartInfo, dict[str, bytes]]:
    """One chart in every format, named as in figures/ (`casualties.png`, `casualties-slide-compact.pdf`).

    A slide with full notes carries only its source line: its numbered notes come beside it, as a text file
    for the speaker notes (`casualties-slide-notes.txt`).
    """
    from troopledger import charts

    fig = charts.make_chart(ledger, slug, variant.size, variant.compact, lang)
    info = charts.info(fig)
    files = {f"{slug}{variant.suffix}.{fmt}": render(fig, fmt, variant, lang) for fmt in FORMATS}
    if variant.size.sidebar and not variant.compact:
        files[f"{slug}{variant.suffix}-notes.txt"] = ("\n".join([info.title, "", *info.footnotes]) + "\n").encode()
    return info, files


def screen_png(ledger: Ledger, slug: str) -> tuple[bytes, str]:
    """The chart drawn from `ledger` at screen resolution (what a notebook shows), and its title."""
    from troopledger import charts

    fig = charts.make_chart(ledger, slug)
    info = charts.info(fig)
    return png(fig, SCREEN_DPI, info), info.title


def workers(jobs: int) -> int:
    """Processes for drawing `jobs` charts: one per core, no more than there are charts."""
    return max(1, min(jobs, os.cpu_count() or 1))


def render_charts(
    ledger: Ledger, jobs: list[tuple], processes: int | None = None
) -> list[tuple[ChartInfo, dict[str, bytes]]]:
    """Every (slug, variant) job's files, in job order, drawn side by side in a pool of processes (charts
    are independent and drawing is CPU-bound); in this process when there is one core or one chart."""
    processes = workers(len(jobs)) if processes is None else processes
    jobs = [(*job, "en")[:3] for job in jobs]  # (slug, variant) or (slug, variant, lang)
    if processes <= 1 or len(jobs) <= 1:
        return [chart_files(ledger, *job) for job in jobs]
    with ProcessPoolExecutor(processes) as pool:
        return list(pool.map(chart_files, repeat(ledger), *zip(*jobs, strict=True)))
