"""Report tables: every row a number with its source note beside it, and its bounds as plain numbers.

The `low`, `best` and `high` columns let a reader re-chart a figure in a spreadsheet or Datawrapper
without re-reading the words; `figure` keeps the words, and `url` the page they come from. Column headers
and every word in a cell come from the language module passed in (English by default).
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from troopledger import story as st
from troopledger import words as wording
from troopledger.story.model import blank, id_order

if TYPE_CHECKING:
    from troopledger.ledger import Ledger

NOTE_COLUMNS = ["asserted_by", "relayed_by", "published_in", "claim_date", "refers_to", "caveat", "claim_id", "url"]
COLUMNS = ["figure", "measure", "wave", "unit", "low", "best", "high", *NOTE_COLUMNS]


def _w(w: ModuleType | None) -> ModuleType:
    return w if w is not None else wording.get("en")


def headed(frame: pd.DataFrame, w: ModuleType) -> pd.DataFrame:
    """The same table with its column headers in the reader's language."""
    return frame.rename(columns={c: w.COLUMNS.get(c, c) for c in frame.columns})


def _number(value: object) -> object:
    return pd.NA if blank(value) else int(value)


def measure_label(ledger: Ledger, measure: str, w: ModuleType | None = None) -> str:
    m = st.measures(ledger).get(measure)
    return _w(w).measure_label(measure, m.label if m else "")


def noted(ledger: Ledger, claims: pd.DataFrame, w: ModuleType | None = None) -> pd.DataFrame:
    """The claims as report rows: the figure in the source's words, its bounds, then who, where, when, what period."""
    w = _w(w)
    sources = ledger.sources.set_index("source_id")
    rows = []
    for _, c in claims.iterrows():
        src = sources.loc[c["source_id"]]
        rows.append(
            {
                "figure": w.phrase(c) if w.LANG != "en" else c["as_reported"],
                "measure": measure_label(ledger, c["measure"], w),
                "wave": "" if blank(c["wave"]) else str(int(c["wave"])),
                "unit": w.unit(c["unit"]),
                "low": _number(c["low"]),
                "best": _number(c["best"]),
                "high": _number(c["high"]),
                "asserted_by": w.who(c),
                "relayed_by": w.ledger_text(c["conduit"]),
                "published_in": w.citation(src),
                "claim_date": w.day(c["as_of"]) or w.CLAIM_DATE_UNKNOWN,
                "refers_to": w.ledger_text(c["period_as_reported"]),
                "caveat": w.ledger_text(c["caveat"]),
                "claim_id": c["claim_id"],
                "url": src["url"],
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("low", "best", "high"):
        frame[col] = frame[col].astype("Int64")
    return frame


def ordered(ledger: Ledger, claims: pd.DataFrame) -> pd.DataFrame:
    """Claims by measure (in the codebook's order), wave and claim date."""
    order = {m: i for i, m in enumerate(st.measures(ledger))}
    key = claims["measure"].map(lambda m: order.get(m, len(order))) * 1000 + claims["wave"].fillna(0).astype(int)
    return (
        claims.assign(_k=key).sort_values(["_k", "as_of", "claim_id"], kind="stable", key=id_order).drop(columns="_k")
    )


def by_date(claims: pd.DataFrame) -> pd.DataFrame:
    return claims.sort_values(["as_of", "measure", "claim_id"], kind="stable", key=id_order)


def primary_figures(ledger: Ledger, w: ModuleType | None = None) -> pd.DataFrame:
    """Every figure the primary article gives, each with its source note."""
    claims = ledger.claims[ledger.claims["source_id"] == st.primary_source_id(ledger)]
    return noted(ledger, ordered(ledger, claims), w)


def ledger_table(ledger: Ledger, measure: str | None = None, w: ModuleType | None = None) -> pd.DataFrame:
    """The whole ledger (or one measure of it), ordered by measure, wave and claim date."""
    claims = ledger.claims
    if measure is not None:
        known = list(st.measures(ledger))
        if measure not in known:
            raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(known)}")
        claims = claims[claims["measure"] == measure]
    return noted(ledger, ordered(ledger, claims), w)


def disagreements(ledger: Ledger, slug: str | None = None, w: ModuleType | None = None) -> pd.DataFrame:
    """Every source's value for each contested quantity, side by side; the primary article and the lead flagged.

    `lead` marks the claim the story draws for that quantity (see data/README.md, "What the charts draw").
    """
    from troopledger.charts.disagreement import label

    w = _w(w)
    story = st.of(ledger)
    frames = []
    for q in st.questions(story):
        if slug is not None and q.slug != slug:
            continue
        claims = st.question_claims(ledger, q)
        table = noted(ledger, claims, w)
        table.insert(0, "question", label(q, ledger, w))
        yes = w.t("table.yes")
        table.insert(1, "primary_article", [yes if s == story.primary else "" for s in claims["source_id"]])
        lead = story.lead(q.quantity)
        table.insert(2, "lead", [yes if lead is not None and i == lead["claim_id"] else "" for i in claims["claim_id"]])
        if q.axis == "time":
            table["figure"] = [
                w.t("dis.period_value", period=w.span(*st.period(c)[:2], c["date_precision"]), figure=w.phrase(c))
                for _, c in claims.iterrows()
            ]
        frames.append(table)
    if not frames:
        return pd.DataFrame(columns=["question", "primary_article", "lead", *COLUMNS])
    return pd.concat(frames, ignore_index=True)


def waves_table(ledger: Ledger, w: ModuleType | None = None) -> pd.DataFrame:
    """The waves as charted: each flow drawn (sent, planned, returned), its period, and our running sum.

    The running total is computed here, not reported; each row carries its own source note.
    """
    w = _w(w)
    story = st.of(ledger)
    ws = st.waves(story)
    running = st.sent_placed(ws)
    terms = {p.claim["claim_id"]: i for i, p in enumerate(running)}
    flows: list[tuple[str, str, st.Placed]] = []
    for wave in ws:
        flows += [(str(wave.number), "sent", p) for p in wave.sent]
        flows += [(str(wave.number), "planned", wave.planned)] * (wave.planned is not None)
    flows += [("" if blank(p.claim["wave"]) else str(int(p.claim["wave"])), "returned", p) for p in st.returns(story)]
    rows = []
    for number, status, p in flows:
        note = noted(ledger, pd.DataFrame([p.claim]), w).iloc[0].to_dict()
        i = terms.get(p.claim["claim_id"]) if status == "sent" else None
        summed = st.total(running[: i + 1]) if i is not None else None
        rows.append(
            {
                "wave": number,
                "unit": note["unit"] or w.t("table.whole_wave"),
                "status": w.t(f"status.{status}"),
                "figure": note["figure"],
                "low": note["low"],
                "best": note["best"],
                "high": note["high"],
                "period": w.span(p.start, p.end, p.precision) if p.start is not None else w.t("table.not_dated"),
                "running_total_sent": w.t("table.our_sum", total=w.hedged(summed.value, summed.hedge))
                if summed
                else "",
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
    frame.attrs["dataset"] = dataset_line(ledger, wording.get("en"))
    return frame
