"""Charts and report tables for figures/ (or any folder), at the sizes reports use.

The files of each chart come from render.py, and reach their folder through build.write_folder: staged
first, then each moved into place, so a failure part-way leaves the target as it was. The same data gives
byte-identical files, each carrying its caption and alt text (see render.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from troopledger.charts import chart_slugs, style
from troopledger.ledger import Ledger
from troopledger.outputs import tables
from troopledger.outputs.build import write_folder
from troopledger.outputs.render import render_charts
from troopledger.story import data_as_of

if TYPE_CHECKING:
    from troopledger.charts.chartinfo import ChartInfo


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def export_variant(
    ledger: Ledger, out: Path, slugs: list[str], variant: Variant, *, prune: bool, lang: str = "en"
) -> list[str]:
    """Some charts at one size and notes style, in a language, into `out`.

    All charts at the default size and notes are the whole of figures/ (tables and README too); all charts
    in another variant come with a README describing them; a chosen few are just their files.
    """
    from troopledger import words

    rendered = render_charts(ledger, [(slug, variant, lang) for slug in slugs])
    if slugs == chart_slugs(ledger):
        files = assemble(ledger, rendered, with_tables=variant == DEFAULT, w=words.get(lang))
    else:
        files = {name: data for _, chart in rendered for name, data in chart.items()}
    return write_folder(out, files, prune=prune)
