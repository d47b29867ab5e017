"""Charts and report tables for figures/ (or any folder), at the sizes reports use.

The files of each chart come from render.py, and reach their folder through build.write_folder: staged
first, then each moved into place, so a failure part-way leaves the target as it was. The same data gives
byte-identical files, each carrying its caption and alt text (see render.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from troopledger.charts import style
from troopledger.charts.notes import day
from troopledger.ledger import Ledger
from troopledger.outputs import tables
from troopledger.outputs.build import write_folder
from troopledger.outputs.render import PRINT_DPI, render_charts
from troopledger.story import chart_slugs, data_as_of

if TYPE_CHECKING:
    from troopledger.charts.chartinfo import ChartInfo


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NOTES = ("full", "compact")

TABLES: dict[str, tuple[str, Callable[[Ledger], pd.DataFrame]]] = {
    "reported-figures": ("Every figure the primary article gives, with its source note.", tables.primary_figures),
    "deployment-waves": (
        "The waves as charted: sent, planned and returned, with our running sum of the waves sent.",
        tables.waves_table,
    ),
    "casualties": ("Killed, wounded and total casualties by the date each claim was made.", tables.casualties),
    "disagreements": (
        "Each contested quantity with every source's value side by side; the primary article and the lead flagged.",
        tables.disagreements,
    ),
    "ledger": ("Every claim in the ledger, with its source note and link.", tables.ledger_table),
}


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


def safe_cell(value: object) -> object:
    """Neutralise text a spreadsheet would run as a formula, by prefixing an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_csv(frame: pd.DataFrame) -> bytes:
    """CSV that Excel on Windows opens correctly: UTF-8 with a byte-order mark, formula-safe cells."""
    safe = frame.map(safe_cell).rename(columns=safe_cell)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def table_markdown(frame: pd.DataFrame, caption: str) -> bytes:
    def cell(v: object) -> str:
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v).replace("|", "\\|")

    lines = [f"{caption}", "", "| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    lines += ["", tables.NOTE_HELP]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _source_table(ledger: Ledger, claim_ids: list[str]) -> list[str]:
    claims = ledger.claims.set_index("claim_id", drop=False)
    rows = tables.noted(ledger, claims.loc[claim_ids])
    out = [
        "| claim | figure | asserted by | relayed by | published in | claim date | refers to | caveat | link |",
        "|---" * 9 + "|",
    ]
    for r in rows.itertuples(index=False):
        out.append(
            f"| {r.claim_id} | {r.figure} | {r.asserted_by} | {r.relayed_by} | {r.published_in} | {r.claim_date} "
            f"| {r.refers_to} | {r.caveat} | {r.url} |"
        )
    return out


def _chart_entry(ledger: Ledger, i: ChartInfo, files: list[str]) -> list[str]:
    lines = ["", f"### {i.slug}", "", "Files: " + ", ".join(f"`{f}`" for f in files), ""]
    lines += [f"Caption: {i.caption}", "", f"Alt text: {i.alt}", "", "Notes printed on the chart:", ""]
    lines += [f"- {line}" for line in i.footnotes]
    lines += ["", "Claims drawn:", ""] + _source_table(ledger, i.claim_ids)
    return lines


def readme(ledger: Ledger, rendered: list[tuple[ChartInfo, dict[str, bytes]]], with_tables: bool = True) -> bytes:
    """README.md for an export folder: one entry per chart, with caption, alt text and full source notes."""
    as_of = data_as_of(ledger)
    meta = ledger.meta
    lines = [
        "# Figures and tables",
        "",
        f"Made by `make` (`python -m troopledger build`) from {meta.get('title', 'the ledger')}, version "
        f"{meta.get('version', 'unversioned')}; data as of {day(as_of) if as_of is not None else 'no date'} "
        "(the latest claim). Do not edit by hand (run `make`).",
        "Every number on a chart carries a footnote marker, resolved under the chart (full notes) and again below;"
        " compact charts print one source line and are listed here with every claim they draw.",
        "Sizes: "
        + "; ".join(f"{s.name}, {s.description}" for s in style.SIZES.values())
        + f". PNG at {PRINT_DPI} dpi (slides at 1920 × 1080), SVG with text kept as text, PDF.",
        "",
        "## Charts",
    ]
    by_slug: dict[str, list[str]] = {}
    infos: dict[str, ChartInfo] = {}
    for info, files in rendered:
        by_slug.setdefault(info.slug, []).extend(files)
        infos.setdefault(info.slug, info)
    for slug, files in by_slug.items():
        lines += _chart_entry(ledger, infos[slug], files)
    if with_tables:
        lines += [
            "",
            "## Tables",
            "",
            "Each table comes as CSV (UTF-8 with a byte-order mark, so Excel reads it; spreadsheet-safe) and Markdown,"
            " and carries its source notes, bounds (low, best, high) and links in its own columns.",
            "",
        ]
        lines += [f"- `{slug}.csv`, `{slug}.md`: {caption}" for slug, (caption, _) in TABLES.items()]
    return ("\n".join(lines) + "\n").encode("utf-8")


def assemble(ledger: Ledger, rendered, with_tables: bool = True) -> dict[str, bytes]:
    """The rendered charts plus the report tables and the README."""
    files: dict[str, bytes] = {}
    for _, chart in rendered:
        files.update(chart)
    if with_tables:
        as_of = data_as_of(ledger)
        when = f" Data as of {day(as_of)} (the latest claim in the ledger)." if as_of is not None else ""
        for slug, (caption, make) in TABLES.items():
            frame = make(ledger)
            files[f"{slug}.csv"] = table_csv(frame)
            files[f"{slug}.md"] = table_markdown(frame, f"# {slug}\n\n{caption}{when}")
    files["README.md"] = readme(ledger, [(i, list(f)) for i, f in rendered], with_tables)
    return files


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
