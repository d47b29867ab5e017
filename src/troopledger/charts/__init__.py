"""The charts: one module per chart, each declaring what it is beside the code that draws it.

A chart module holds a `Chart` (or, for a family such as one chart per contested quantity, a function
`charts(ledger)` returning them): its slug, the measures it reads, its codebook rule, its table and its
notebook answer. Export, the figures README, the codebook and the build find charts here and nowhere else,
so a new chart is a new module. Every chart takes the ledger and returns a matplotlib Figure; none reads or
writes a file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from matplotlib import rc_context
from matplotlib.figure import Figure

from troopledger.charts import style
from troopledger.charts.chartinfo import ChartInfo

if TYPE_CHECKING:
    import pandas as pd

    from troopledger.ledger import Ledger

# Modules of this package that are shared parts, not charts.
PARTS = {"frame", "labels", "marks", "notes", "style", "placement", "chartinfo", "series"}


@dataclass(frozen=True)
class Chart:
    """What a chart is: its file name, what it reads, how the codebook states that, its table and its answer.

    `draw(ledger, size, compact, words)` returns the Figure; `rule(ledger, words)` says in words what the chart
    reads (the codebook prints it); `table(ledger, words)` is the DataFrame a notebook shows beside it and the
    export writes as CSV (None: the chart has no table of its own); `answer(ledger, words)` is the notebook's
    bold answer line. `order` places it in reading order.
    """

    slug: str
    measures: tuple[str, ...]
    draw: Callable[..., Figure]
    rule: Callable[[Ledger, ModuleType], str]
    answer: Callable[[Ledger, ModuleType], str]
    table: Callable[[Ledger, ModuleType], pd.DataFrame] | None = None
    table_slug: str = ""
    order: int = 50
    notebook: str = ""
    extra: dict = field(default_factory=dict)


def _modules() -> list[ModuleType]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in PARTS)
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


def catalogue(ledger: Ledger) -> list[Chart]:
    """Every chart this ledger gets, in reading order: the fixed ones, and one per contested quantity."""
    found: list[Chart] = []
    for module in _modules():
        if hasattr(module, "CHART"):
            chart = module.CHART
            if getattr(module, "applies", lambda _: True)(ledger):
                found.append(chart)
        if hasattr(module, "charts"):
            found.extend(module.charts(ledger))
    return sorted(found, key=lambda c: c.order)


def chart_slugs(ledger: Ledger) -> list[str]:
    return [c.slug for c in catalogue(ledger)]


def chart(ledger: Ledger, slug: str) -> Chart:
    for c in catalogue(ledger):
        if c.slug == slug:
            return c
    raise ValueError(f"unknown chart {slug!r}; choose one of {', '.join(chart_slugs(ledger))}")


def rc(lang: str = "en") -> dict:
    """matplotlib settings for a language: the house style in that language's font."""
    font, _ = style.font(lang)
    return {**style.RC, "font.family": font}


def make_chart(
    ledger: Ledger, slug: str, size: style.Size = style.DEFAULT_SIZE, compact: bool = False, lang: str = "en"
) -> Figure:
    """Draw one chart by its slug, at a size preset, with full or compact notes, in a language."""
    from troopledger import words

    found = chart(ledger, slug)
    with rc_context(rc(lang)):
        return found.draw(ledger, size, compact, words.get(lang))


def info(fig: Figure) -> ChartInfo:
    """The ChartInfo a chart function attached to its figure."""
    return fig._troopledger_info  # type: ignore[attr-defined]


def attach(fig: Figure, notes, *, slug: str, title: str, subtitle: str, caption: str, alt: str) -> Figure:
    """Attach what the export needs to describe the chart, taking the sources from its notes."""
    fig._troopledger_info = ChartInfo(  # type: ignore[attr-defined]
        slug, title, subtitle, caption, alt, notes.lines(), notes.claim_ids(), notes.source_ids()
    )
    return fig


__all__ = ["Chart", "ChartInfo", "attach", "catalogue", "chart", "chart_slugs", "info", "make_chart"]
