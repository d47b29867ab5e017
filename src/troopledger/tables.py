"""Report tables: every row a number with its source note beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from .notes import citation, day, span

if TYPE_CHECKING:
    from collections.abc import Callable

    from .ledger import Ledger

MEASURE_ORDER = [
    "troops_sent",
    "troops_arrived",
    "troops_planned",
    "killed",
    "wounded",
    "casualties",
    "artillery_shells",
]
MEASURE_LABELS = {
    "troops_sent": "troops sent",
    "troops_arrived": "troops arrived",
    "troops_planned": "troops planned",
    "killed": "killed",
    "wounded": "wounded",
    "casualties": "casualties (killed and wounded)",
    "artillery_shells": "artillery shells",
}
PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "year": 3, "not_stated": 4}
NOTE_COLUMNS = ["asserted_by", "relayed_by", "published_in", "claim_date", "refers_to", "claim_id"]


def id_order(col: pd.Series) -> pd.Series:
    """Sort key that orders claim ids by number (C48 before C100000), other columns as they are."""
    return col.str[1:].astype(int) if col.name == "claim_id" else col


def primary_source_id(ledger: Ledger) -> str:
    return str(ledger.sources.loc[ledger.sources["role"] == "primary", "source_id"].iloc[0])


def _ordered(claims: pd.DataFrame) -> pd.DataFrame:
    order = {m: i for i, m in enumerate(MEASURE_ORDER)}
    key = claims["measure"].map(order).astype(int) * 10 + claims["wave"].fillna(0).astype(int)
    return (
        claims.assign(_k=key).sort_values(["_k", "as_of", "claim_id"], kind="stable", key=id_order).drop(columns="_k")
    )


def noted(ledger: Ledger, claims: pd.DataFrame, *, urls: bool = False) -> pd.DataFrame:
    """The claims as report rows: the figure in the source's words, then who, where, when, what period."""
    sources = ledger.sources.set_index("source_id")
    rows = []
    for _, c in claims.iterrows():
        src = sources.loc[c["source_id"]]
        row = {
            "figure": c["as_reported"],
            "measure": MEASURE_LABELS[c["measure"]],
            "wave": "" if pd.isna(c["wave"]) else str(int(c["wave"])),
            "asserted_by": c["originator"] if not pd.isna(c["originator"]) else "not attributed",
            "relayed_by": "" if pd.isna(c["conduit"]) else c["conduit"],
            "published_in": citation(src),
            "claim_date": day(c["as_of"]),
            "refers_to": c["period_as_reported"],
            "claim_id": c["claim_id"],
        }
        if urls:
            row["url"] = src["url"]
        rows.append(row)
    columns = ["figure", "measure", "wave", *NOTE_COLUMNS] + (["url"] if urls else [])
    return pd.DataFrame(rows, columns=columns)


def primary_figures(ledger: Ledger) -> pd.DataFrame:
    """Every figure the primary article gives, each with its source note."""
    claims = ledger.claims[ledger.claims["source_id"] == primary_source_id(ledger)]
    return noted(ledger, _ordered(claims))


def ledger_table(ledger: Ledger, measure: str | None = None, *, urls: bool = False) -> pd.DataFrame:
    """The whole ledger (or one measure of it), ordered by measure, wave and claim date."""
    claims = ledger.claims
    if measure is not None:
        if measure not in MEASURE_LABELS:
            raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(MEASURE_LABELS)}")
        claims = claims[claims["measure"] == measure]
    return noted(ledger, _ordered(claims), urls=urls)


@dataclass(frozen=True)
class Question:
    """A quantity the sources disagree on, and how to pick its claims from the ledger."""

    slug: str
    label: str
    axis: str  # "count" or "time"
    select: Callable[[pd.DataFrame], pd.Series]


def _wave(measure: str, wave: int) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda c: (c["measure"] == measure) & (c["wave"] == wave) & (c["scope"] == "wave")


QUESTIONS = [
    Question("first-wave-size", "size of the first wave", "count", _wave("troops_sent", 1)),
    Question(
        "first-wave-timing",
        "timing of the first wave",
        "time",
        lambda c: (c["measure"] == "troops_sent") & (c["wave"] == 1) & c["period_start"].notna(),
    ),
    Question("second-wave-size", "size of the second wave", "count", _wave("troops_sent", 2)),
    Question("artillery-shells", "artillery shells supplied", "count", lambda c: c["measure"] == "artillery_shells"),
    Question("killed", "troops killed", "count", lambda c: c["measure"] == "killed"),
    Question("casualties", "total casualties", "count", lambda c: c["measure"] == "casualties"),
]


def question(slug: str) -> Question:
    for q in QUESTIONS:
        if q.slug == slug:
            return q
    raise ValueError(f"unknown question {slug!r}; choose one of {', '.join(q.slug for q in QUESTIONS)}")


def question_claims(ledger: Ledger, q: Question) -> pd.DataFrame:
    """The claims answering one contested question, oldest report first."""
    claims = ledger.claims[q.select(ledger.claims).fillna(False).astype(bool)]
    return claims.sort_values(["as_of", "claim_id"], kind="stable", key=id_order)


def disagreements(ledger: Ledger, slug: str | None = None, *, urls: bool = False) -> pd.DataFrame:
    """Every source's value for each contested quantity, side by side; the primary article flagged."""
    primary = primary_source_id(ledger)
    frames = []
    for q in QUESTIONS if slug is None else [question(slug)]:
        claims = question_claims(ledger, q)
        table = noted(ledger, claims, urls=urls)
        table.insert(0, "question", q.label)
        table.insert(1, "primary_article", ["yes" if s == primary else "" for s in claims["source_id"]])
        if q.axis == "time":
            table["figure"] = [f"{c['period_as_reported']} ({c['as_reported']})" for _, c in claims.iterrows()]
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def casualties(ledger: Ledger) -> pd.DataFrame:
    """Killed, wounded and total casualties by date of report."""
    claims = ledger.claims[ledger.claims["measure"].isin(["killed", "wounded", "casualties"])]
    return noted(ledger, claims.sort_values(["as_of", "measure", "claim_id"], kind="stable", key=id_order))


@dataclass
class Wave:
    number: int
    claim: pd.Series
    dated_by: pd.Series | None
    start: pd.Timestamp
    end: pd.Timestamp
    value: int
    planned: bool


def deployment_waves(ledger: Ledger) -> list[Wave]:
    """The primary article's wave figures, each placed at its reported period.

    Where the primary article gives no period, the period comes from another report of the same
    number for the same wave (the most precisely dated one), and that report is cited as well.
    """
    claims = ledger.claims
    primary = claims[(claims["source_id"] == primary_source_id(ledger)) & (claims["scope"] == "wave")]
    waves = []
    candidates = primary[primary["wave"].notna() & primary["best"].notna()].sort_values("claim_id", key=id_order)
    # One bar per wave: the primary article's first claim for it (a repeated claim is not a new wave).
    for _, c in candidates.drop_duplicates(["measure", "wave"]).iterrows():
        if c["measure"] not in ("troops_sent", "troops_planned"):
            continue
        dated_by = None
        start, end = c["period_start"], c["period_end"]
        if pd.isna(start):
            same = claims[
                (claims["measure"] == c["measure"])
                & (claims["wave"] == c["wave"])
                & (claims["scope"] == "wave")
                & (claims["best"] == c["best"])
                & claims["period_start"].notna()
                & claims["period_end"].notna()
            ]
            if same.empty:
                continue
            same = same.assign(_r=same["date_precision"].map(PRECISION_RANK)).sort_values(
                ["_r", "as_of", "claim_id"], key=id_order
            )
            dated_by = same.iloc[0]
            start, end = dated_by["period_start"], dated_by["period_end"]
        if pd.isna(end):
            continue
        waves.append(
            Wave(
                int(c["wave"]),
                c,
                dated_by,
                pd.Timestamp(start),
                pd.Timestamp(end),
                int(c["best"]),
                c["measure"] == "troops_planned",
            )
        )
    return sorted(waves, key=lambda w: (w.start, w.number))


def waves_table(ledger: Ledger) -> pd.DataFrame:
    """The waves as charted: period, size, status and the running total (the sum of the waves so far).

    The running total is computed here, not reported; each wave row carries its own source note.
    """
    rows, running = [], 0
    for w in deployment_waves(ledger):
        running += w.value
        noted_row = noted(ledger, pd.DataFrame([w.claim])).iloc[0].to_dict()
        rows.append(
            {
                "wave": str(w.number),
                "status": "planned" if w.planned else "sent",
                "figure": noted_row["figure"],
                "period": span(w.start, w.end, "month" if w.start.day == 1 else "day"),
                "running_total": f"{running:,}"
                + (" (computed, if the planned troops go)" if w.planned else " (computed)"),
                "dated_by": "" if w.dated_by is None else w.dated_by["claim_id"],
                **{k: noted_row[k] for k in NOTE_COLUMNS},
            }
        )
    return pd.DataFrame(rows)
