"""What the notebooks call: one function per question, returning the answer with its evidence.

A Finding displays itself in Jupyter as a bold answer line (computed from the data), then the chart (drawn
by the same function as the exported files, from the ledger this notebook loaded) and/or the table with its
source-note columns. Every Finding
keeps its evidence as plain pandas: `finding.table` is a DataFrame, `finding.png` the chart's bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from troopledger import charts, words
from troopledger import story as st
from troopledger.ledger import Ledger
from troopledger.outputs import tables


@dataclass
class Finding:
    """An answer line plus the table and chart that support it.

    `table` is a plain pandas DataFrame (every row with its source note), ready for your own analysis.
    """

    answer: str
    table: pd.DataFrame | None = None
    png: bytes | None = None
    caption: str = ""
    heading: str = ""
    slug: str = ""  # the chart's file name in figures/, so the HTML edition can show the exported chart

    def _ipython_display_(self) -> None:
        from IPython.display import Image, Markdown, display

        if self.heading:
            display(Markdown(f"### {self.heading}"))
        display(Markdown(f"**{self.answer}**"))
        if self.png is not None:
            display(Image(data=self.png, format="png", metadata={"troopledger": {"slug": self.slug}}))
        if self.caption:
            display(Markdown(f"*{self.caption}*"))
        if self.table is not None:
            display({"text/html": linked_html(self.table), "text/plain": self.table.to_string(index=False)}, raw=True)

    def __repr__(self) -> str:
        return self.answer


def linked_html(table: pd.DataFrame) -> str:
    """The table as HTML with every source's address a link, so each claim is one click from its page."""
    import html

    def cell(value: object) -> str:
        text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        if text.startswith(("http://", "https://")):
            return f'<a href="{html.escape(text)}">{html.escape(text)}</a>'
        return html.escape(text)

    shown = table.map(cell)
    shown.columns = [html.escape(str(c)) for c in table.columns]
    return shown.to_html(index=False, border=0, escape=False)


@dataclass
class Findings:
    """Several findings shown one after another (one per contested quantity, say)."""

    items: list[Finding] = field(default_factory=list)

    def _ipython_display_(self) -> None:
        for item in self.items:
            item._ipython_display_()

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _chart(ledger: Ledger, slug: str) -> tuple[bytes, str]:
    """The chart drawn here, from the ledger this notebook loaded, at screen resolution; and a caption naming
    its files. Never read from figures/: a reader who edits data/ and reruns the notebook sees that data."""
    from troopledger.outputs.render import screen_png

    png, title = screen_png(ledger, slug)
    return png, words.get("en").t("ans.chart", slug=slug, title=title)


EN = words.get("en")


def as_of_line(ledger: Ledger, w=EN) -> str:
    latest = st.data_as_of(ledger)
    return w.t("ans.as_of", day=w.day(latest)) if latest is not None else ""


def overview(ledger: Ledger, w=EN) -> Finding:
    """How much the ledger holds, how much of it is the primary article, and how current it is."""
    primary = st.primary_source_id(ledger)
    src = ledger.sources.set_index("source_id").loc[primary]
    n_primary = int((ledger.claims["source_id"] == primary).sum())
    claim_sources = set(ledger.claims["source_id"])
    event_only = set(ledger.events["source_id"]) - claim_sources
    answer = w.t(
        "ans.overview",
        claims=w.n("claim", len(ledger.claims)),
        sources=w.n("source", len(claim_sources)),
        events=w.n("event", len(ledger.events)),
        event_only=w.n("more_source", len(event_only)),
        primary=n_primary,
        citation=w.citation(src),
        as_of=as_of_line(ledger, w),
    )
    return Finding(answer.strip())


def primary_figures(ledger: Ledger, w=EN) -> Finding:
    """Every figure in the primary article, with who asserted and who relayed it."""
    table = tables.primary_figures(ledger, w)
    who = pd.Series(
        [
            w.t("ans.via", who=a, conduit=r or w.t("ans.no_one"))
            for a, r in zip(table["asserted_by"], table["relayed_by"], strict=True)
        ]
    )
    main_who = who.value_counts().index[0]
    others = table[who != main_who]
    items = [
        w.t(
            "ans.primary_item",
            figure=r.figure,
            measure=r.measure,
            wave=w.t("ans.primary_wave", n=r.wave) if r.wave else "",
        )
        for r in table.itertuples()
    ]
    rest = "".join(
        w.t("ans.primary_other", figure=r.figure, measure=r.measure, who=r.asserted_by) for r in others.itertuples()
    )
    answer = w.t(
        "ans.primary",
        n=w.n("figure", len(table)),
        figures="; ".join(items),
        main=len(table) - len(others),
        who=main_who,
        others=rest,
    )
    return Finding(answer, tables.headed(table, w))


def all_claims(ledger: Ledger, measure: str | None = None, w=EN) -> Finding:
    """The full ledger, or one measure of it."""
    table = tables.ledger_table(ledger, measure, w)
    counts = table["measure"].value_counts(sort=False)
    what = "; ".join(f"{n} {m}" for m, n in counts.items())
    scope = (
        w.t("ans.scope_all")
        if measure is None
        else w.t("ans.scope_measure", measure=tables.measure_label(ledger, measure, w))
    )
    claims = ledger.claims if measure is None else ledger.claims[ledger.claims["measure"] == measure]
    answer = w.t(
        "ans.all_claims",
        scope=scope,
        claims=w.n("claim", len(table)),
        sources=w.n("source", claims["source_id"].nunique()),
        what=what,
    )
    return Finding(answer, tables.headed(table, w))


def chart(ledger: Ledger, slug: str, w=EN) -> Finding:
    """A chart with its answer line and table: what the chart module declares it is."""
    found = charts.chart(ledger, slug)
    png, caption = _chart(ledger, slug)
    table = found.table(ledger, w) if found.table is not None else None
    heading = ""
    if "question" in found.extra:
        from troopledger.charts.disagreement import heading as question_heading

        heading = question_heading(found.extra["question"], ledger, w)
        table = tables.disagreements(ledger, found.extra["question"].slug, w)
    table = None if table is None else tables.headed(table, w)
    return Finding(found.answer(ledger, w), table, png, caption, heading, slug)


def waves(ledger: Ledger) -> Finding:
    """The deployment waves as stock and flow: sent, planned, returned, and who is there now."""
    return chart(ledger, "deployment-waves")


def casualties(ledger: Ledger) -> Finding:
    """Killed, wounded and casualties over time."""
    return chart(ledger, "casualties")


def events(ledger: Ledger, w=EN) -> Finding:
    """The context events, with their sources."""
    ev = ledger.events.sort_values(["date_start", "event_id"], na_position="last")
    srcs = ledger.sources.set_index("source_id")
    table = pd.DataFrame(
        {
            "event_id": ev["event_id"],
            "date": [
                w.span(a, b, p) for a, b, p in zip(ev["date_start"], ev["date_end"], ev["date_precision"], strict=True)
            ],
            "precision": ev["date_precision"],
            "event": ev["description"],
            "same_as": ev["same_as"].fillna(""),
            "published_in": [w.citation(srcs.loc[s]) for s in ev["source_id"]],
            "url": [srcs.loc[s, "url"] for s in ev["source_id"]],
        }
    )
    drawn = ev[ev["same_as"].isna() & ev["date_start"].notna()]
    kinds = drawn["kind"].value_counts(sort=False)
    answer = w.t(
        "ans.events",
        n=w.n("dated_event", len(drawn)),
        kinds=", ".join(f"{k} {w.event_kind(kind)}" for kind, k in kinds.items()),
    )
    return Finding(answer, tables.headed(table, w))


def disagreement(ledger: Ledger, slug: str) -> Finding:
    """One contested quantity: every source's value, the primary article's and the lead flagged."""
    return chart(ledger, f"disagreement-{slug}")


def disagreements(ledger: Ledger) -> Findings:
    """Every contested quantity, in reading order; the list follows the ledger."""
    return Findings([disagreement(ledger, q.slug) for q in st.questions(st.of(ledger))])


def contested(ledger: Ledger, w=EN) -> Finding:
    """Which quantities the reports disagree on, and the lead figure the other charts draw for each."""
    from troopledger.charts.disagreement import heading, label

    story = st.of(ledger)
    qs = st.questions(story)
    rows = []
    for q in qs:
        lead = story.lead(q.quantity)
        note = tables.noted(ledger, pd.DataFrame([lead]), w).iloc[0] if lead is not None else None
        rows.append(
            {
                "question": heading(q, ledger, w),
                "claims": len(q.claim_ids),
                "lead_figure": "" if lead is None else w.phrase(lead),
                **{k: "" if note is None else note[k] for k in ("asserted_by", "published_in", "claim_date")},
                "claim_id": "" if lead is None else lead["claim_id"],
                "chart": f"figures/disagreement-{q.slug}.png",
            }
        )
    table = pd.DataFrame(rows)
    answer = w.t("ans.contested", n=w.n("quantity", len(qs)), labels="; ".join(label(q, ledger, w) for q in qs))
    return Finding(answer, tables.headed(table, w))


def _reports(ledger: Ledger, counts: str, w=EN) -> tuple[pd.DataFrame, list[str]]:
    kept = [m.value for m in st.measures(ledger).values() if m.counts == counts]
    claims = ledger.claims[ledger.claims["measure"].isin(kept)]
    table = tables.noted(ledger, tables.ordered(ledger, claims), w)
    items = []
    for m in kept:
        rows = claims[claims["measure"] == m]
        if len(rows):
            figures = w.join([f"{w.phrase(c)} ({w.short_who(c)}, {w.claim_date(c)})" for _, c in rows.iterrows()])
            items.append(f"{tables.measure_label(ledger, m, w)}: {figures}")
    return table, items


def munitions(ledger: Ledger, w=EN) -> Finding:
    """Every report of the shells and missiles North Korea supplied, with its source note."""
    table, items = _reports(ledger, "munitions", w)
    answer = w.t("ans.munitions", n=w.n("report", len(table)), items="; ".join(items)) if items else w.t("ans.none")
    return Finding(answer, tables.headed(table, w))


def engineers_work(ledger: Ledger, w=EN) -> Finding:
    """What the engineers did in Kursk, as reported: explosive objects destroyed, area cleared."""
    table, items = _reports(ledger, "work", w)
    answer = w.t("ans.work", items="; ".join(items)) if items else w.t("ans.none")
    return Finding(answer, tables.headed(table, w))
