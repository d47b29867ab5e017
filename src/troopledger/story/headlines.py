"""Headlines a newsroom could print: titles computed from the ledger, attributed, counting what they say.

What a title says is decided here, once for every language: whose figure leads, whether a count rose over
time (growth) or reports of the same thing differ, which reports a range covers. The words come from the
language module passed in as `w`. Rules: every claim is attributed; a range keeps its floors and ceilings
("4,000 to more than 6,000"); counts made at different dates read as growth, not disagreement; figures
with a caveat, for part of the troops or for a finished period are left out of ranges (the chart marks them).
"""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from troopledger.story.model import Quantity, Story, anchor, blank, latest_series, text
from troopledger.story.questions import Question, comparable, interval, timing_clusters

# One row per distinct report: the same figure entered twice for one source is one row citing both.
SAME_REPORT = [
    "source_id",
    "as_of",
    "as_reported",
    "qualifier",
    "low",
    "best",
    "high",
    "period_start",
    "period_end",
    "originator",
    "conduit",
    "unit",
    "wave",
]


def report_rows(claims: pd.DataFrame) -> tuple[pd.DataFrame, list[list[str]]]:
    groups = [g for _, g in claims.groupby(SAME_REPORT, dropna=False, sort=False)]
    return claims.loc[[g.index[0] for g in groups]], [list(g["claim_id"]) for g in groups]


def order_key(c: pd.Series) -> tuple[float, float]:
    """Sort by the values a figure allows, so 'more than 6,000' comes after '6,000' and 'about 6,000'."""
    lo, hi = interval(c)
    return (lo, hi)


def _month_or_day(c: pd.Series, others: list[pd.Series], w: ModuleType) -> str:
    """The claim date as a month, or as a day when another report quoted beside it falls in the same month."""
    ts = pd.Timestamp(c["as_of"])
    clash = any(
        o["claim_id"] != c["claim_id"]
        and not blank(o["as_of"])
        and (pd.Timestamp(o["as_of"]).year, pd.Timestamp(o["as_of"]).month) == (ts.year, ts.month)
        and o["as_reported"] != c["as_reported"]
        for o in others
    )
    return w.day(ts) if clash else w.month(ts)


def _direction(first: pd.Series, last: pd.Series) -> str:
    """'rose' or 'fell' by the figures drawn; 'revised' when they are the same number in other words."""
    a, b = anchor(first), anchor(last)
    return "rose" if b > a else "fell" if b < a else "revised"


def series_clause(story: Story, measure: str, w: ModuleType, *, first_clause: bool = True) -> tuple[str, str]:
    """The lead originator's reports of one total: 'NIS: killed rose from A as of X to B as of Y'.

    Returns (clause, originator). Growth is told only between reports whose values differ.
    """
    q = Quantity(measure, to_date=True)
    series = latest_series(story, q)
    label = story.measures[measure].label if measure in story.measures else ""
    noun = w.noun(measure, label)
    if series.empty:
        return (w.t("growth.none", noun=noun) if first_clause else ""), ""
    lead = story.lead(q)
    rows = [c for _, c in series.iterrows()]
    if lead is not None and any(c["claim_id"] == lead["claim_id"] for c in rows):
        rows = rows[: next(i for i, c in enumerate(rows) if c["claim_id"] == lead["claim_id"]) + 1]
        rows[-1] = lead
    last = rows[-1]
    first = next((c for c in rows if interval(c) != interval(last)), None)
    group = [c for _, c in story.claims(q).iterrows()]
    d2 = _month_or_day(last, group, w)
    if not first_clause:
        return w.t("growth.clause", noun=noun, last=w.phrase(last), d2=d2), text(last["originator"])
    who = w.short_who(last)
    if first is None:
        return w.t("growth.single", who=who, noun=noun, last=w.phrase(last), d2=d2), text(last["originator"])
    key = f"growth.{_direction(first, last)}"
    d1 = _month_or_day(first, group, w)
    clause = w.t(key, who=who, noun=noun, first=w.phrase(first), d1=d1, last=w.phrase(last), d2=d2)
    return clause, text(last["originator"])


def series_title(story: Story, measures: list[str], w: ModuleType) -> str:
    """A reports-over-time chart's title: the first measure's growth, then the others by the same originator.

    A chart of one measure also names the other originators' latest figures, with the period they cover.
    """
    title, who = series_clause(story, measures[0], w)
    if len(measures) == 1:
        rows = [c for _, c in story.claims(Quantity(measures[0], to_date=True)).iterrows()]
        latest: dict[str, pd.Series] = {}
        for c in sorted(rows, key=lambda c: (_date(c), story.rank(c)), reverse=True):
            if text(c["originator"]) != who and blank(c["unit"]) and blank(c["caveat"]):
                latest.setdefault(text(c["originator"]), c)
        for c in list(latest.values())[:2]:
            if not blank(c["period_start"]) and not blank(c["period_end"]):
                when = w.period_words(c["period_start"], c["period_end"], False, str(c["date_precision"]))
            else:
                when = w.as_of(c["as_of"]) if not blank(c["as_of"]) else ""
            title += w.t("series.other", who=w.short_who(c), figure=w.phrase(c), when=when)
    for m in measures[1:]:
        lead = story.lead(Quantity(m, to_date=True))
        if lead is not None and text(lead["originator"]) == who and who:
            title += series_clause(story, m, w, first_clause=False)[0]
    return title


def _others(story: Story, rows: list[pd.Series], lead: pd.Series | None, w: ModuleType, *, stock: bool) -> str:
    """'; other reports range from A to B', or '; JCS: at least 3,000' when one other source stands out.

    Vague words are left out of a range wherever numbers were reported: they bound nothing from above.
    """
    lead_who = text(lead["originator"]) if lead is not None else ""
    others = [
        c
        for c in rows
        if text(c["originator"]) != lead_who
        and comparable(c)
        and text(c["unit"]) == text(lead["unit"] if lead is not None else "")
        and text(c["wave"]) == text(lead["wave"] if lead is not None else "")
    ]
    if any(c["qualifier"] != "vague" for c in others):
        others = [c for c in others if c["qualifier"] != "vague"]
    if not others:
        return ""
    if stock:  # the latest count of each other originator (the one the rule would pick), with its place
        newest: dict[str, pd.Timestamp] = {}
        for c in others:
            who = text(c["originator"])
            newest[who] = max(newest.get(who, _date(c)), _date(c))
        latest = {
            who: min((c for c in others if text(c["originator"]) == who and _date(c) == day), key=story.rank)
            for who, day in sorted(newest.items(), key=lambda kv: kv[1])
        }
        items = [
            w.t("dis.item", who=w.short_who(c), figure=w.phrase(c), where=w.where(c["place"])) for c in latest.values()
        ]
        if len(items) <= 2:
            return w.t("dis.others_list", items="; ".join(items))
        others = list(latest.values())
    distinct = {(c["qualifier"], c["low"], c["best"], c["high"]) for c in others}
    if len(distinct) == 1 and len({text(c["originator"]) for c in others}) == 1:
        c = others[0]
        return w.t("dis.others_one", who=w.short_who(c), figure=w.phrase(c))
    ordered = sorted(others, key=order_key)
    low, high = ordered[0], ordered[-1]
    if order_key(low) == order_key(high):
        return w.t("dis.others_one", who=w.short_who(low), figure=w.phrase(low))
    return w.t("dis.others_range", low=w.phrase(low), high=w.phrase(high))


def disagreement_title(story: Story, q: Question, rows: pd.DataFrame, w: ModuleType) -> str:
    """The title of a chart that shows every report of one quantity side by side."""
    reports = [c for _, c in rows.iterrows()]
    if q.kind == "timing":
        return timing_title(q, rows, w)
    lead = story.lead(q.quantity)
    if q.kind in ("total", "stock"):
        if q.kind == "stock" and lead is not None:
            title = w.t(
                "growth.single",
                who=w.short_who(lead),
                noun=w.noun(q.quantity.measure) + w.where(lead["place"]),
                last=w.phrase(lead),
                d2=w.month(lead["as_of"]) if not blank(lead["as_of"]) else "",
            )
        else:
            title, _ = series_clause(story, q.quantity.measure, w)
        return title + _others(story, reports, lead, w, stock=q.kind == "stock")
    assert lead is not None
    ordinal = w.ordinal(q.quantity.wave)
    key = f"dis.{q.quantity.measure}" + ("_unit" if q.quantity.unit else "")
    key = key if key in w.T else "dis.flow"
    title = w.t(
        key,
        who=w.short_who(lead),
        unit=q.quantity.unit,
        ordinal=ordinal,
        lead=w.phrase(lead),
        label=w.measure_label(q.quantity.measure),
    )
    same = [c for c in reports if text(c["originator"]) == text(lead["originator"]) and comparable(c)]
    earlier = [c for c in same if _date(c) < _date(lead) and not blank(c["as_of"]) and _no_overlap(c, lead)]
    if earlier:
        e = sorted(earlier, key=lambda c: pd.Timestamp(c["as_of"]))[0]
        title += w.t("dis.earlier", earlier=w.phrase(e), d=w.month(e["as_of"]))
    return title + _others(story, reports, lead, w, stock=False)


def _date(c: pd.Series) -> pd.Timestamp:
    return pd.Timestamp(c["as_of"]) if not blank(c["as_of"]) else pd.Timestamp(0)


def _no_overlap(a: pd.Series, b: pd.Series) -> bool:
    (a0, a1), (b0, b1) = interval(a), interval(b)
    return a1 < b0 or b1 < a0


def timing_title(q: Question, rows: pd.DataFrame, w: ModuleType) -> str:
    """'Reports put the first wave in October 2024 or November 2024; 3 broader periods fit both'.

    Periods that nest count once; a period wide enough to hold two conflicting answers is counted as broader.
    """
    groups, broader = timing_clusters(rows)
    periods = []
    for g in groups:
        widest = max(
            g,
            key=lambda c: (
                pd.Timestamp(c["period_end"] if not blank(c["period_end"]) else c["as_of"])
                - pd.Timestamp(c["period_start"])
            ),
        )
        start = pd.Timestamp(widest["period_start"])
        end = pd.Timestamp(widest["period_end"]) if not blank(widest["period_end"]) else start
        periods.append(w.period_name(start, end, str(widest["date_precision"])))
    title = w.t("dis.timing", ordinal=w.ordinal(q.quantity.wave), periods=w.join(periods, "or"))
    if broader:
        word = w.PLURALS["period"][len(broader) != 1]
        title += w.t("dis.timing_broader", n=len(broader), periods_word=word, both=w.both(len(groups)))
    return title


def lead_anchor(story: Story, q: Quantity) -> int | None:
    lead = story.lead(q)
    return None if lead is None else anchor(lead)
