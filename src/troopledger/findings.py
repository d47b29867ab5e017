"""What the notebooks call: one function per question, returning the answer with its evidence.

A Finding displays itself in Jupyter as a bold answer line (computed from the data), then the chart
(the very PNG bytes the export writes) and/or the table with its source-note columns. Every Finding
keeps its evidence as plain pandas: `finding.table` is a DataFrame, `finding.png` the chart's bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from troopledger import story as st
from troopledger.charts.notes import blank, citation, day, span
from troopledger.ledger import Ledger
from troopledger.outputs import tables
from troopledger.story import headlines
from troopledger.story.wording import phrase


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

    def _ipython_display_(self) -> None:
        from IPython.display import Image, Markdown, display

        if self.heading:
            display(Markdown(f"### {self.heading}"))
        display(Markdown(f"**{self.answer}**"))
        if self.png is not None:
            display(Image(data=self.png, format="png"))
        if self.caption:
            display(Markdown(f"*{self.caption}*"))
        if self.table is not None:
            html = self.table.to_html(index=False, na_rep="", border=0, escape=True)
            display({"text/html": html, "text/plain": self.table.to_string(index=False)}, raw=True)

    def __repr__(self) -> str:
        return self.answer


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
    return png, f"Chart: figures/{slug}.png (also SVG and PDF). {title}."


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _who(claim: pd.Series) -> str:
    return claim["originator"] if not blank(claim["originator"]) else "An unattributed report"


def as_of_line(ledger: Ledger) -> str:
    latest = st.data_as_of(ledger)
    return f"Data as of {day(latest)} (the date of the latest claim in the ledger)." if latest is not None else ""


def overview(ledger: Ledger) -> Finding:
    """How much the ledger holds, how much of it is the primary article, and how current it is."""
    primary = st.primary_source_id(ledger)
    src = ledger.sources.set_index("source_id").loc[primary]
    n_primary = int((ledger.claims["source_id"] == primary).sum())
    claim_sources = set(ledger.claims["source_id"])
    event_only = set(ledger.events["source_id"]) - claim_sources
    answer = (
        f"The ledger holds {_count(len(ledger.claims), 'claim')} from {_count(len(claim_sources), 'source')} "
        f"and {_count(len(ledger.events), 'context event')}; {_count(len(event_only), 'more source')} "
        f"{'is' if len(event_only) == 1 else 'are'} cited by events only. {n_primary} claims come from the "
        f"primary article ({citation(src)}). {as_of_line(ledger)}"
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
        answer += "; " + "; ".join(f"{r.figure} ({r.measure}) is {r.asserted_by.lower()}" for r in others.itertuples())
    return Finding(answer + ".", table)


def all_claims(ledger: Ledger, measure: str | None = None) -> Finding:
    """The full ledger, or one measure of it."""
    table = tables.ledger_table(ledger, measure)
    counts = table["measure"].value_counts(sort=False)
    what = "; ".join(f"{n} {m}" for m, n in counts.items())
    scope = "The ledger" if measure is None else f"For {tables.measure_label(measure)}, the ledger"
    claims = ledger.claims if measure is None else ledger.claims[ledger.claims["measure"] == measure]
    n_src = claims["source_id"].nunique()
    return Finding(f"{scope} has {_count(len(table), 'claim')} from {_count(n_src, 'source')}: {what}.", table)


def _flow_words(p: st.Placed) -> str:
    c = p.claim
    unit = "" if blank(c["unit"]) else f" {c['unit']}"
    return f"{phrase(c)}{unit} {p.when()} ({_who(c)})"


def _in_time(placed: list[st.Placed]) -> list[st.Placed]:
    return sorted(placed, key=lambda p: (p.start is None, p.start or pd.Timestamp(0)))


def waves_answer(ledger: Ledger) -> str:
    """The waves in words: who says how many are there, our sum of the waves sent, plans and returns."""
    story = st.of(ledger)
    ws = st.waves(story)
    sent = [w for w in ws if w.sent]
    parts = [f"wave {w.number}, " + " and ".join(_flow_words(p) for p in _in_time(w.sent)) for w in sent]
    out = []
    lead = story.lead(st.Quantity("troops_present", to_date=True))
    if lead is not None:
        where = "" if blank(lead["place"]) else f" in {lead['place']}"
        out.append(f"{_who(lead)}: {phrase(lead)} North Korean troops{where} as of {day(lead['as_of'])}.")
    total = st.total(st.sent_placed(ws))
    out.append(f"The waves reported sent add up to {total} (our sum, not a reported figure): " + "; ".join(parts) + ".")
    for w in ws:
        if w.planned is not None:
            c = w.planned.claim
            out.append(f"{_who(c)} said {phrase(c)} were planned for wave {w.number} (as of {day(c['as_of'])}).")
        for p in w.returned:
            c = p.claim
            unit = "" if blank(c["unit"]) else f" {c['unit']}"
            out.append(f"{_who(c)}: {phrase(c)}{unit} of wave {w.number} returned (as of {day(c['as_of'])}).")
    return " ".join(out)


def waves(ledger: Ledger) -> Finding:
    """The deployment waves as stock and flow: sent, planned, returned, and who is there now."""
    png, caption = _chart(ledger, "deployment-waves")
    return Finding(waves_answer(ledger), tables.waves_table(ledger), png, caption)


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
            "url": [srcs.loc[s, "url"] for s in ev["source_id"]],
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
    story = st.of(ledger)
    png, caption = _chart(ledger, "casualties")
    answer = headlines.casualties_title(story) + "."
    lead = story.lead(st.Quantity("casualties", to_date=True))
    if lead is not None:
        total = st.total(st.sent_placed(st.waves(story)))
        answer += (
            f" The latest total the story draws: {_who(lead)}, {phrase(lead)} killed and wounded as of "
            f"{day(lead['as_of'])}, against {total} troops sent (our sum of the waves)."
        )
    return Finding(answer, tables.casualties(ledger), png, caption)


def disagreement(ledger: Ledger, slug: str) -> Finding:
    """One contested quantity: every source's value, the primary article's and the lead flagged."""
    q = st.question(ledger, slug)
    png, caption = _chart(ledger, f"disagreement-{slug}")
    table = tables.disagreements(ledger, slug)
    answer = headlines.disagreement_title(q, headlines.report_rows(st.question_claims(ledger, q))[0]) + "."
    prim = table[table["primary_article"] == "yes"]
    if len(prim):
        answer += " The primary article says " + "; ".join(dict.fromkeys(prim["figure"])) + "."
    else:
        answer += " The primary article gives no figure for this."
    lead = st.of(ledger).lead(q.quantity)
    if lead is not None:
        when = f"as of {day(lead['as_of'])}" if not blank(lead["as_of"]) else "claim date not known"
        answer += f" The other charts draw the lead figure, {phrase(lead)} ({_who(lead)}, {when})."
    return Finding(answer, table, png, caption, heading=q.heading)


def disagreements(ledger: Ledger) -> Findings:
    """Every contested quantity, in reading order; the list follows the ledger."""
    return Findings([disagreement(ledger, q.slug) for q in st.questions(st.of(ledger))])


def contested(ledger: Ledger) -> Finding:
    """Which quantities the reports disagree on, and the lead figure the other charts draw for each."""
    story = st.of(ledger)
    qs = st.questions(story)
    rows = []
    for q in qs:
        lead = story.lead(q.quantity)
        note = tables.noted(ledger, pd.DataFrame([lead])).iloc[0] if lead is not None else None
        rows.append(
            {
                "question": q.heading,
                "claims": len(q.claim_ids),
                "lead_figure": "" if lead is None else phrase(lead),
                **{k: "" if note is None else note[k] for k in ("asserted_by", "published_in", "claim_date")},
                "claim_id": "" if lead is None else lead["claim_id"],
                "chart": f"figures/disagreement-{q.slug}.png",
            }
        )
    table = pd.DataFrame(rows)
    noun = "quantity" if len(qs) == 1 else "quantities"
    answer = f"The reports cannot all be right on {len(qs)} {noun}: " + "; ".join(q.label for q in qs) + "."
    return Finding(answer, table)
