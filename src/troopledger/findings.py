"""What the notebooks call: one function per question, returning the answer with its evidence.

A Finding displays itself in Jupyter as a bold answer line (computed from the data), then the
chart (the very PNG bytes the export writes) and/or the table with its source-note columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from . import charts, tables
from .export import render
from .ledger import Ledger
from .notes import citation, day, span


@dataclass
class Finding:
    """An answer line plus the table and chart that support it."""

    answer: str
    table: pd.DataFrame | None = None
    png: bytes | None = None
    caption: str = ""
    extra: list[str] = field(default_factory=list)

    def _ipython_display_(self) -> None:
        from IPython.display import Image, Markdown, display

        display(Markdown(f"**{self.answer}**"))
        if self.png is not None:
            display(Image(data=self.png, format="png", width=900))
        if self.caption:
            display(Markdown(f"*{self.caption}*"))
        if self.table is not None:
            html = self.table.to_html(index=False, na_rep="", border=0, escape=True)
            display({"text/html": html, "text/plain": self.table.to_string(index=False)}, raw=True)
        for line in self.extra:
            display(Markdown(line))

    def __repr__(self) -> str:
        return self.answer


def _fig_finding(answer: str, fig, table: pd.DataFrame | None = None) -> Finding:
    return Finding(answer, table, render(fig, "png"), f"Chart: figures/{charts.info(fig).slug}.png (also SVG and PDF).")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def overview(ledger: Ledger) -> Finding:
    """How much the ledger holds, and how much of it is the primary article."""
    primary = tables.primary_source_id(ledger)
    src = ledger.sources.set_index("source_id").loc[primary]
    n_primary = int((ledger.claims["source_id"] == primary).sum())
    answer = (
        f"The ledger holds {_count(len(ledger.claims), 'claim')} from {_count(len(ledger.sources), 'source')} "
        f"and {_count(len(ledger.events), 'context event')}; {n_primary} claims come from the primary article "
        f"({citation(src)})."
    )
    return Finding(answer)


def primary_figures(ledger: Ledger) -> Finding:
    """Every figure in the primary article, with who asserted and who relayed it."""
    table = tables.primary_figures(ledger)
    who = table["asserted_by"] + " via " + table["relayed_by"].where(table["relayed_by"] != "", "no one named")
    main_who = who.value_counts().index[0]
    others = table[who != main_who]
    figures = "; ".join(f"{r.figure} ({r.measure}{', wave ' + r.wave if r.wave else ''})" for r in table.itertuples())
    answer = f"The primary article gives {_count(len(table), 'figure')}: {figures}. "
    answer += f"{len(table) - len(others)} are attributed to {main_who}"
    if len(others):
        answer += "; " + "; ".join(f"{r.figure} is {r.asserted_by.lower()}" for r in others.itertuples())
    return Finding(answer + ".", table)


def all_claims(ledger: Ledger, measure: str | None = None) -> Finding:
    """The full ledger, or one measure of it."""
    table = tables.ledger_table(ledger, measure)
    counts = table["measure"].value_counts(sort=False)
    what = "; ".join(f"{n} {m}" for m, n in counts.items())
    scope = "The ledger" if measure is None else f"For {tables.MEASURE_LABELS[measure]}, the ledger"
    n_src = table["published_in"].nunique()
    return Finding(f"{scope} has {_count(len(table), 'claim')} from {_count(n_src, 'source')}: {what}.", table)


def waves(ledger: Ledger) -> Finding:
    """The deployment waves over time: sizes, periods, running total, partial arrival."""
    ws = tables.deployment_waves(ledger)
    parts = []
    for w in ws:
        when = charts.period_words(w.start, w.end)
        parts.append(f"{w.value:,} {'planned for' if w.planned else 'sent in'} {when} (wave {w.number})")
    sent = sum(w.value for w in ws if not w.planned)
    total = sum(w.value for w in ws)
    arrived = ledger.claims[ledger.claims["measure"] == "troops_arrived"].sort_values("as_of")
    answer = "; ".join(parts) + f". That is {sent:,} sent, and {total:,} if the planned wave goes"
    if not arrived.empty:
        a = arrived.iloc[-1]
        answer += f"; {charts.phrase(a)} of wave {int(a['wave'])} had arrived by {day(a['as_of'])}"
    return _fig_finding(answer + ".", charts.waves_chart(ledger), tables.waves_table(ledger))


def events(ledger: Ledger) -> Finding:
    """The context events, with their sources."""
    ev = ledger.events.sort_values(["date_start", "event_id"], na_position="last")
    srcs = ledger.sources.set_index("source_id")
    table = pd.DataFrame(
        {
            "event_id": ev["event_id"],
            "date": [
                span(a, b, p) for a, b, p in zip(ev["date_start"], ev["date_end"], ev["date_precision"], strict=True)
            ],
            "precision": ev["date_precision"],
            "event": ev["description"],
            "same_as": ev["same_as"].fillna(""),
            "published_in": [citation(srcs.loc[s]) for s in ev["source_id"]],
        }
    )
    drawn = ev[ev["same_as"].isna() & ev["date_start"].notna()]
    kinds = drawn["kind"].value_counts(sort=False)
    answer = (
        f"{_count(len(drawn), 'dated event')} frame the waves: "
        + ", ".join(_count(n, k) for k, n in kinds.items())
        + "."
    )
    return Finding(answer, table)


def casualties(ledger: Ledger) -> Finding:
    """Killed, wounded and casualties over time, against the troops sent."""
    fig = charts.casualties_chart(ledger)
    c = ledger.claims
    cas = c[c["measure"] == "casualties"].sort_values(["as_of", "claim_id"])
    latest = cas.iloc[-1]
    sent = sum(w.value for w in tables.deployment_waves(ledger) if not w.planned)
    answer = f"{charts.info(fig).title}. The latest total-casualty figure is {charts.phrase(latest)} "
    answer += f"({latest['originator']}, {day(latest['as_of'])}), against {sent:,} troops sent."
    return _fig_finding(answer, fig, tables.casualties(ledger))


def disagreement(ledger: Ledger, slug: str) -> Finding:
    """One contested quantity: every source's value, the primary article's flagged."""
    fig = charts.disagreement_chart(ledger, slug)
    table = tables.disagreements(ledger, slug)
    prim = table[table["primary_article"] == "yes"]
    answer = charts.info(fig).title + "."
    if len(prim):
        answer += " The primary article says " + "; ".join(prim["figure"]) + "."
    else:
        answer += " The primary article gives no figure for this."
    return _fig_finding(answer, fig, table)
