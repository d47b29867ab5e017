"""The quantities the reports do not agree on: each gets a chart with every report side by side.

A question is asked of one quantity (the first wave's size, the troops killed so far). It is open when two
of its reports allow no common value, or, for a wave's timing, when two reported periods cannot both hold.
Reports made at different times of a total that grows are growth, not disagreement: the titles say so
(see headlines.py); the chart still shows every report, never averaged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from troopledger.story.model import (
    SENT,
    Quantity,
    Story,
    blank,
    by_id,
    closed_period,
    id_order,
    of,
    period,
)

if TYPE_CHECKING:
    from troopledger.ledger import Ledger


@dataclass(frozen=True)
class Question:
    """A quantity the reports disagree on: the claims that answer it, and what sort of question it is.

    `kind` is "size" (how big a wave was), "timing" (when it went), "total" (a running total to date) or
    "stock" (how many are there at a date). The words for it come from troopledger.words.
    """

    slug: str
    kind: str
    quantity: Quantity  # whose lead the other charts draw
    claim_ids: tuple[str, ...]

    @property
    def axis(self) -> str:
        return "time" if self.kind == "timing" else "count"


def interval(c: pd.Series) -> tuple[float, float]:
    """The values a claim allows, to tell a disagreement from the same report worded differently."""
    low, best, high = (None if pd.isna(c[k]) else float(c[k]) for k in ("low", "best", "high"))
    if best is not None:
        return best, best
    if c["qualifier"] == "more_than":
        return (low or 0) + 0.5, math.inf
    return (low if low is not None else -math.inf), (high if high is not None else math.inf)


def disjoint(spans: list[tuple[float, float]]) -> bool:
    """True when some two spans share no value: the reports cannot both be right."""
    return max(a for a, _ in spans) > min(b for _, b in spans) if spans else False


def comparable(c: pd.Series) -> bool:
    """A report that speaks for the whole quantity: not a part (a unit), not one finished period, no caveat."""
    return blank(c["caveat"]) and not closed_period(c)


def timing_clusters(claims: pd.DataFrame) -> tuple[list[list[pd.Series]], list[pd.Series]]:
    """The reported periods that conflict, grouped, and the broader ones that fit more than one group.

    Periods that nest (8-13 Oct inside October) are one answer; a period that contains two conflicting
    answers (autumn 2024 holds both October and November) is broader, not a third conflict.
    """
    rows = [c for _, c in claims.iterrows() if not blank(c["period_start"])]
    spans = {c["claim_id"]: period(c)[:2] for c in rows}

    def inside(a: str, b: str) -> bool:
        return spans[b][0] <= spans[a][0] and spans[a][1] <= spans[b][1]

    # The tightest periods (those containing no other report's period) are the answers that can conflict.
    tight = [c for c in rows if not any(o["claim_id"] != c["claim_id"] and _strictly_inside(spans, o, c) for o in rows)]
    groups: list[list[pd.Series]] = []
    for c in sorted(tight, key=lambda c: (spans[c["claim_id"]][0], by_id([c["claim_id"]]))):
        for g in groups:
            if _overlap(spans[g[0]["claim_id"]], spans[c["claim_id"]]):
                g.append(c)
                break
        else:
            groups.append([c])
    placed = {c["claim_id"] for g in groups for c in g}
    for c in rows:
        if c["claim_id"] in placed:
            continue
        holders = [g for g in groups if any(inside(m["claim_id"], c["claim_id"]) for m in g)]
        if len(holders) == 1:
            holders[0].append(c)
            placed.add(c["claim_id"])
    broader = [c for c in rows if c["claim_id"] not in placed]
    return groups, broader


def _strictly_inside(spans: dict, inner: pd.Series, outer: pd.Series) -> bool:
    a, b = spans[inner["claim_id"]], spans[outer["claim_id"]]
    return b[0] <= a[0] and a[1] <= b[1] and a != b


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _slug(q: Quantity, kind: str, ordinal: str) -> str:
    measure = q.measure.replace("_", "-")
    if kind == "total":
        return "running-total-sent" if q.measure == SENT else measure
    if kind == "stock":
        return measure
    unit = f"{q.unit.replace(' ', '-')}-" if q.unit else ""
    what = {
        "troops_sent": "size",
        "troops_planned": "planned",
        "troops_arrived": "arrivals",
        "troops_returned": "returns",
    }.get(q.measure, measure)
    return f"{ordinal}-wave-{unit}{'timing' if kind == 'timing' else what}"


ORDINAL_SLUGS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()


def ordinal_slug(n: int) -> str:
    return ORDINAL_SLUGS[n - 1] if 1 <= n <= len(ORDINAL_SLUGS) else f"{n}th"


def _flow_questions(story: Story) -> list[tuple[tuple, Question]]:
    order = list(story.measures)
    out = []
    for q, group in story.groups.items():
        if story.kind(q.measure) not in ("flow", "plan") or q.to_date or not q.wave:
            continue
        key = (order.index(q.measure) if q.measure in order else len(order), q.wave, q.unit)
        o = ordinal_slug(q.wave)
        if len(group) > 1 and disjoint([interval(c) for _, c in group.iterrows()]):
            out.append((key + (0,), Question(_slug(q, "size", o), "size", q, tuple(by_id(group["claim_id"])))))
        if q.measure == SENT and not q.unit:
            dated = group[group["period_start"].notna()]
            conflicts, _ = timing_clusters(dated)
            if len(conflicts) > 1:
                parts = [g[g["period_start"].notna()] for k, g in story.groups.items() if _part_of(k, q)]
                claims = pd.concat([dated, *parts])
                question = Question(_slug(q, "timing", o), "timing", q, tuple(by_id(claims["claim_id"])))
                out.append((key + (1,), question))
    return out


def _part_of(k: Quantity, q: Quantity) -> bool:
    return k.measure == q.measure and k.wave == q.wave and bool(k.unit) and not k.to_date


def _total_questions(story: Story) -> list[tuple[tuple, Question]]:
    order = list(story.measures)
    out = []
    for measure in sorted({q.measure for q in story.groups if q.to_date}, key=lambda m: (m not in order, m)):
        whole = story.claims(Quantity(measure, to_date=True))
        kept = [c for _, c in whole.iterrows() if comparable(c)]
        if len(kept) < 2 or not disjoint([interval(c) for c in kept]):
            continue
        claims = pd.concat([story.groups[q] for q in story.groups if q.measure == measure and q.to_date])
        kind = "stock" if story.kind(measure) == "stock" else "total"
        q = Quantity(measure, to_date=True)
        key = (order.index(measure) if measure in order else len(order), 99, "", 0)
        out.append((key, Question(_slug(q, kind, ""), kind, q, tuple(by_id(claims["claim_id"])))))
    return out


def questions(story: Story) -> list[Question]:
    """Every quantity whose reports cannot all be right, in reading order: each gets a chart.

    Reports that agree (the same number in other words, or a floor the others meet) are not a question,
    and neither are a part's figures or a total over a finished period set against a total to date.
    """
    if story._questions is None:
        found = _flow_questions(story) + _total_questions(story)
        story._questions = [q for _, q in sorted(found, key=lambda kq: kq[0])]
    return story._questions


def question(ledger: Ledger, slug: str) -> Question:
    for q in questions(of(ledger)):
        if q.slug == slug:
            return q
    raise ValueError(f"no disagreement {slug!r} in this ledger")


def question_claims(ledger: Ledger, q: Question) -> pd.DataFrame:
    """The claims answering one contested question, oldest report first (undated last)."""
    claims = ledger.claims[ledger.claims["claim_id"].isin(q.claim_ids)]
    return claims.sort_values(["as_of", "claim_id"], na_position="last", key=id_order)
