"""Report tables: every row a number with its source note beside it, and its bounds as plain numbers.

The `low`, `best` and `high` columns let a reader re-chart a figure in a spreadsheet or Datawrapper
without re-reading the words; `figure` keeps the words, and `url` the page they come from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from troopledger import story as st
from troopledger.charts.notes import blank, citation, day, span

if TYPE_CHECKING:
    from troopledger.ledger import Ledger

MEASURE_LABELS = {
    "troops_sent": "troops sent",
    "troops_arrived": "troops arrived",
    "troops_planned": "troops planned",
    "troops_returned": "troops returned",
    "troops_present": "troops present",
    "killed": "killed",
    "wounded": "wounded",
    "casualties": "casualties (killed and wounded)",
    "artillery_shells": "artillery shells",
}
NOTE_COLUMNS = ["asserted_by", "relayed_by", "published_in", "claim_date", "refers_to", "caveat", "claim_id", "url"]
COLUMNS = ["figure", "measure", "wave", "unit", "low", "best", "high", *NOTE_COLUMNS]
NOTE_HELP = (
    "Each row's source note: asserted_by (who made the claim), relayed_by, published_in (outlet and publication "
    "date), claim_date (when the claim was made), refers_to (the period, in the source's words), caveat, claim_id "
    "(the row in data/claims.csv) and url. low, best and high are the bounds the words allow, as plain numbers."
)


def measure_label(measure: str) -> str:
    return MEASURE_LABELS.get(measure, measure.replace("_", " "))


def id_order(col: pd.Series) -> pd.Series:
    """Sort key that orders claim ids by number (C48 before C100000), other columns as they are."""
    return col.str[1:].astype(int) if col.name == "claim_id" else col


def _number(value: object) -> object:
    return pd.NA if blank(value) else int(value)


def noted(ledger: Ledger, claims: pd.DataFrame) -> pd.DataFrame:
    """The claims as report rows: the figure in the source's words, its bounds, then who, where, when, what period."""
    sources = ledger.sources.set_index("source_id")
    rows = []
    for _, c in claims.iterrows():
        src = sources.loc[c["source_id"]]
        rows.append(
            {
                "figure": c["as_reported"],
                "measure": measure_label(c["measure"]),
                "wave": "" if blank(c["wave"]) else str(int(c["wave"])),
                "unit": "" if blank(c["unit"]) else c["unit"],
                "low": _number(c["low"]),
                "best": _number(c["best"]),
                "high": _number(c["high"]),
                "asserted_by": c["originator"] if not blank(c["originator"]) else "not attributed",
                "relayed_by": "" if blank(c["conduit"]) else c["conduit"],
                "published_in": citation(src),
                "claim_date": day(c["as_of"]) or "not known",
                "refers_to": c["period_as_reported"],
                "caveat": "" if blank(c["caveat"]) else c["caveat"],
                "claim_id": c["claim_id"],
                "url": src["url"],
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("low", "best", "high"):
        frame[col] = frame[col].astype("Int64")
    return frame


def _ordered(claims: pd.DataFrame) -> pd.DataFrame:
    order = {m: i for i, m in enumerate(st.MEASURE_ORDER)}
    key = claims["measure"].map(lambda m: order.get(m, len(order))) * 1000 + claims["wave"].fillna(0).astype(int)
    return (
        claims.assign(_k=key).sort_values(["_k", "as_of", "claim_id"], kind="stable", key=id_order).drop(columns="_k")
    )


def primary_figures(ledger: Ledger) -> pd.DataFrame:
    """Every figure the primary article gives, each with its source note."""
    claims = ledger.claims[ledger.claims["source_id"] == st.primary_source_id(ledger)]
    return noted(ledger, _ordered(claims))


def ledger_table(ledger: Ledger, measure: str | None = None) -> pd.DataFrame:
    """The whole ledger (or one measure of it), ordered by measure, wave and claim date."""
    claims = ledger.claims
    if measure is not None:
        known = sorted(set(ledger.claims["measure"]) | set(MEASURE_LABELS))
        if measure not in known:
            raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(known)}")
        claims = claims[claims["measure"] == measure]
    return noted(ledger, _ordered(claims))


def casualties(ledger: Ledger) -> pd.DataFrame:
    """Killed, wounded and total casualties by date of claim."""
    claims = ledger.claims[ledger.claims["measure"].isin(["killed", "wounded", "casualties"])]
    return noted(ledger, claims.sort_values(["as_of", "measure", "claim_id"], kind="stable", key=id_order))


def disagreements(ledger: Ledger, slug: str | None = None) -> pd.DataFrame:
    """Every source's value for each contested quantity, side by side; the primary article and the lead flagged.

    `lead` marks the claim the story draws for that quantity (see data/README.md, "What the charts draw").
    """
    story = st.of(ledger)
    frames = []
    for q in st.questions(story):
        if slug is not None and q.slug != slug:
            continue
        claims = st.question_claims(ledger, q)
        table = noted(ledger, claims)
        table.insert(0, "question", q.label)
        table.insert(1, "primary_article", ["yes" if s == story.primary else "" for s in claims["source_id"]])
        lead = story.lead(q.quantity)
        table.insert(
            2, "lead", ["yes" if lead is not None and i == lead["claim_id"] else "" for i in claims["claim_id"]]
        )
        if q.axis == "time":
            table["figure"] = [f"{c['period_as_reported']} ({c['as_reported']})" for _, c in claims.iterrows()]
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["question", "primary_article", "lead", *COLUMNS])
    return pd.concat(frames, ignore_index=True)


def waves_table(ledger: Ledger) -> pd.DataFrame:
    """The waves as charted: each flow drawn (sent, planned, returned), its period, and our running sum.

    The running total is computed here, not reported; each row carries its own source note.
    """
    story = st.of(ledger)
    ws = st.waves(story)
    terms = {p.claim["claim_id"]: i for i, p in enumerate(st.sent_placed(ws))}
    running = st.sent_placed(ws)
    rows = []
    for w in ws:
        flows = [("sent", p) for p in w.sent] + [("planned", w.planned)] * (w.planned is not None)
        flows += [("returned", p) for p in w.returned]
        for status, p in flows:
            note = noted(ledger, pd.DataFrame([p.claim])).iloc[0].to_dict()
            i = terms.get(p.claim["claim_id"])
            total = st.total(running[: i + 1]) if i is not None else None
            rows.append(
                {
                    "wave": str(w.number),
                    "unit": note["unit"] or "whole wave",
                    "status": status,
                    "figure": note["figure"],
                    "low": note["low"],
                    "best": note["best"],
                    "high": note["high"],
                    "period": span(p.start, p.end, "day" if p.start is not None and p.start.day != 1 else "month")
                    if p.start is not None
                    else "not dated",
                    "running_total_sent": f"{total} (our sum)" if total is not None else "",
                    "dated_by": "" if p.dated_by is None else p.dated_by["claim_id"],
                    **{k: note[k] for k in NOTE_COLUMNS},
                }
            )
    frame = pd.DataFrame(rows)
    for col in ("low", "best", "high"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame


BOUNDS = {
    "exact": "point",
    "approximately": "point",
    "at_least": "floor",
    "more_than": "floor",
    "nearly": "ceiling",
    "at_most": "ceiling",
    "upper_estimate": "ceiling",
    "range": "range",
    "vague": "vague (floor)",
}


def tidy(ledger: Ledger) -> pd.DataFrame:
    """One row per claim with its source beside it, for your own analysis in plain pandas.

    Adds `value` (the number to plot: best, else the floor, else the ceiling) and `bound` (what that
    number is: point, floor, ceiling, range, vague), so a floor is never plotted as if it were a point.
    Pass any filtered slice of it to `source_note` to caption a chart of your own.
    """
    from troopledger.charts.notes import dataset_line

    sources = ledger.sources[["source_id", "outlet", "carried_by", "published", "url"]]
    frame = ledger.claims.merge(sources, on="source_id", how="left", validate="many_to_one")
    frame["value"] = frame["best"].fillna(frame["low"]).fillna(frame["high"]).astype("Int64")
    frame["bound"] = frame["qualifier"].map(lambda q: BOUNDS.get(q, q)).astype("string")
    frame.attrs["dataset"] = dataset_line(ledger)
    return frame
