"""One function per chart, one module per chart: ledger in, matplotlib Figure out. No file is read or written here.

Which charts exist follows the ledger: the waves and casualties charts always, and one disagreement
chart for every quantity whose reports cannot all be right (see story.questions). Each figure carries a
ChartInfo (title, caption, alt text, the claims it draws) so that the export and the figures README
describe exactly what was drawn.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from matplotlib import rc_context
from matplotlib.figure import Figure

from troopledger.charts import style
from troopledger.charts.chartinfo import ChartInfo
from troopledger.charts.notes import Footnotes
from troopledger.ledger import Ledger
from troopledger.story import chart_slugs


def info(fig: Figure) -> ChartInfo:
    """The ChartInfo a chart function attached to its figure."""
    return fig._troopledger_info  # type: ignore[attr-defined]


def attach(fig: Figure, notes: Footnotes, *, slug: str, title: str, subtitle: str, caption: str, alt: str) -> Figure:
    """Attach what the export needs to describe the chart, taking the sources from its footnotes."""
    fig._troopledger_info = ChartInfo(  # type: ignore[attr-defined]
        slug,
        title,
        subtitle,
        caption,
        alt,
        notes.lines(),
        notes.claim_ids(),
        notes.source_ids(),
    )
    return fig


Maker = Callable[[Ledger, style.Size, bool], Figure]


# The module that draws each chart. Named, not imported here, so that each chart's code (and the build's
# fingerprint of it, see plan.py) is its own module and the shared ones, not every chart module.
MODULES = {"deployment-waves": "waves", "casualties": "casualties", "disagreement-": "disagreement"}


def make_chart(ledger: Ledger, slug: str, size: style.Size = style.DEFAULT_SIZE, compact: bool = False) -> Figure:
    """Draw one chart by its slug, at a size preset, with full or compact notes."""
    if slug not in chart_slugs(ledger):
        raise ValueError(f"unknown chart {slug!r}; choose one of {', '.join(chart_slugs(ledger))}")
    name = MODULES.get(slug) or MODULES["disagreement-"]
    module = importlib.import_module(f"{__name__}.{name}")
    with rc_context(style.RC):
        if name == "disagreement":
            return module.disagreement_chart(ledger, slug.removeprefix("disagreement-"), size, compact)
        return getattr(module, f"{name}_chart")(ledger, size, compact)


def all_charts(ledger: Ledger, size: style.Size = style.DEFAULT_SIZE, compact: bool = False) -> list[Figure]:
    return [make_chart(ledger, slug, size, compact) for slug in chart_slugs(ledger)]


__all__ = ["ChartInfo", "all_charts", "attach", "chart_slugs", "info", "make_chart"]
