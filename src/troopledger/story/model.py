"""What the story draws: one rule picks the lead figure for each quantity; every other report stands beside it.

Everything a reader sees (the waves chart, every title, every notebook answer) is chosen here from the whole
ledger, so adding a verified report is enough to change it. The rule is stated once, in `lead_rank`, and in
words in data/README.md ("What the charts draw"). Nothing here is worded: the words live in troopledger.words.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from troopledger.ledger.measures import Measure

if TYPE_CHECKING:
    from troopledger.ledger import Ledger

TO_DATE_SCOPES = ("cumulative", "at_date")
PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "year": 3, "not_stated": 4}


# The stock-and-flow story: troops sent, planned and returned per wave, and reported present at a date.
SENT, PLANNED, RETURNED, PRESENT = "troops_sent", "troops_planned", "troops_returned", "troops_present"


def measures(ledger: Ledger) -> dict[str, Measure]:
    """The ledger's measures in reading order, as data/datapackage.json declares them."""
    return ledger.measures


def of_kind(ledger: Ledger, *kinds: str) -> list[str]:
    return [m.value for m in measures(ledger).values() if m.kind in kinds]


def troop_measures(ledger: Ledger) -> list[str]:
    """Measures that count troops: the only ones a troop total may add up (never workers, never munitions)."""
    return [m.value for m in measures(ledger).values() if m.counts == "troops"]


@dataclass(frozen=True, order=True)
class Quantity:
    """One thing that is counted: a measure, for one wave (or none) and one unit (or all troops).

    `to_date` separates a running total or a count at a date (cumulative, at_date) from the size of a
    deployment (wave, wave_part): 'about 3,000 so far' of the first wave is not its size.
    """

    measure: str
    wave: int = 0  # 0: no wave named
    unit: str = ""  # "": the whole wave, or all troops
    to_date: bool = False


def quantity(claim: pd.Series) -> Quantity:
    wave = 0 if pd.isna(claim["wave"]) else int(claim["wave"])
    unit = "" if pd.isna(claim["unit"]) else str(claim["unit"])
    return Quantity(str(claim["measure"]), wave, unit, claim["scope"] in TO_DATE_SCOPES)


def primary_source_id(ledger: Ledger) -> str:
    return str(ledger.sources.loc[ledger.sources["role"] == "primary", "source_id"].iloc[0])


def agency(ledger: Ledger) -> str:
    """The agency the primary article relies on: the originator it names most often (NIS here)."""
    primary = ledger.claims[ledger.claims["source_id"] == primary_source_id(ledger)]
    named = primary["originator"].dropna()
    return str(named.value_counts(sort=True).index[0]) if len(named) else ""


def data_as_of(ledger: Ledger) -> pd.Timestamp | None:
    """The date of the latest claim in the ledger: what every output says it is current to."""
    latest = ledger.claims["as_of"].max()
    return None if pd.isna(latest) else pd.Timestamp(latest)


def id_number(claim_id: str) -> int:
    return int(claim_id[1:])


def by_id(ids) -> list[str]:
    """Claim ids in their numeric order (C99 before C100): the one helper every listing uses."""
    return sorted(ids, key=id_number)


def id_order(col: pd.Series) -> pd.Series:
    """The same order as a pandas sort key: claim ids by number, any other column as it is."""
    return col.map(id_number) if col.name == "claim_id" else col


def text(value: object) -> str:
    """A cell as text, '' when empty (pandas' NA cannot be compared)."""
    return "" if value is None or pd.isna(value) else str(value)


def blank(value: object) -> bool:
    return value is None or bool(pd.isna(value)) or value == ""


def timestamp(value: object) -> pd.Timestamp | None:
    """A date cell as a Timestamp; None when it is blank."""
    return None if blank(value) else pd.Timestamp(value)


def closed_period(claim: pd.Series) -> bool:
    """A total counted over a stated, finished period ('during 2024', 'January to March 2025'): not a total to date."""
    return claim["scope"] == "cumulative" and not blank(claim["period_start"]) and not blank(claim["period_end"])


def lead_rank(claim: pd.Series, primary: str, lead_agency: str) -> tuple:
    """The sort key of THE rule: the claim that sorts first leads its quantity.

    1. A number leads before a vague word ("thousands" leads only where no number is reported).
    2. A claim without a caveat leads before one with a caveat; a total to date before a total over a
       finished period ("during 2024" is not the count so far).
    3. For the size of a wave (a flow): the primary article first; then the agency it relies on;
       then the most recent claim date.
       For a total to date or a count at a date: the agency first; then the most recent claim date
       (a later count supersedes an earlier one); then the primary article.
    4. The lowest claim id (the earliest entry), so the choice never depends on row order.
    Claims with no known date count as oldest.
    """
    dated = claim["as_of"]
    recency = -pd.Timestamp(dated).value if not pd.isna(dated) else math.inf
    is_primary = claim["source_id"] != primary
    is_agency = text(claim["originator"]) != lead_agency
    order = (is_agency, recency, is_primary) if claim["scope"] in TO_DATE_SCOPES else (is_primary, is_agency, recency)
    caveat = (not pd.isna(claim["caveat"]), closed_period(claim))
    return (claim["qualifier"] == "vague", *caveat, *order, id_number(claim["claim_id"]))


_STORIES: dict[int, tuple[weakref.ref, Story]] = {}
KEPT_STORIES = 4  # a Story holds its ledger: keep the latest few, not every ledger a process ever saw


def of(ledger: Ledger) -> Story:
    """The Story of a ledger, made once: every chart, table and answer of one ledger asks the same questions."""
    hit = _STORIES.get(id(ledger))
    if hit is not None and hit[0]() is ledger:
        return hit[1]
    made = Story(ledger)
    _STORIES.pop(id(ledger), None)
    _STORIES[id(ledger)] = (weakref.ref(ledger), made)
    while len(_STORIES) > KEPT_STORIES:
        del _STORIES[next(iter(_STORIES))]
    return made


class Story:
    """The ledger as the charts read it: claims grouped by quantity, and each quantity's lead."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.primary = primary_source_id(ledger)
        self.agency = agency(ledger)
        self.measures = measures(ledger)
        claims = ledger.claims
        rows: dict[Quantity, list[int]] = {}
        for i, (_, c) in enumerate(claims.iterrows()):
            rows.setdefault(quantity(c), []).append(i)
        self.groups: dict[Quantity, pd.DataFrame] = {q: claims.iloc[idx] for q, idx in rows.items()}
        self._leads: dict[Quantity, pd.Series | None] = {}
        self._questions = None

    def claims(self, q: Quantity) -> pd.DataFrame:
        return self.groups.get(q, self.ledger.claims.iloc[0:0])

    def rank(self, claim: pd.Series) -> tuple:
        return lead_rank(claim, self.primary, self.agency)

    def lead(self, q: Quantity) -> pd.Series | None:
        if q not in self._leads:
            group = self.claims(q)
            self._leads[q] = None if group.empty else min((c for _, c in group.iterrows()), key=self.rank)
        return self._leads[q]

    def quantities(self, measure: str) -> list[Quantity]:
        return sorted(q for q in self.groups if q.measure == measure)

    def kind(self, measure: str) -> str:
        m = self.measures.get(measure)
        return m.kind if m is not None else "total"

    def placed(self, q: Quantity) -> Placed | None:
        """The lead of a flow with the period it is drawn at (borrowed from another report if need be)."""
        lead = self.lead(q)
        if lead is None:
            return None
        if not pd.isna(lead["period_start"]):
            return Placed(lead, None, *period(lead))
        dated = self.claims(q)
        dated = dated[dated["period_start"].notna()]
        if dated.empty:
            return Placed(lead, None, None, None, False)
        # The most precisely dated report, preferring one that gives the same number.
        same = [not same_number(c, lead) for _, c in dated.iterrows()]
        rank = dated.assign(
            _s=same, _p=dated["date_precision"].map(PRECISION_RANK), _i=dated["claim_id"].map(id_number)
        )
        by = rank.sort_values(["_s", "_p", "_i"]).iloc[0]
        return Placed(lead, by, *period(by))


def same_number(a: pd.Series, b: pd.Series) -> bool:
    return all((pd.isna(a[k]) and pd.isna(b[k])) or a[k] == b[k] for k in ("low", "best", "high"))


def period(c: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp, bool]:
    """Start, last day and whether the period ran open to the claim date ('since September')."""
    start = pd.Timestamp(c["period_start"])
    if not pd.isna(c["period_end"]):
        return start, pd.Timestamp(c["period_end"]), False
    end = pd.Timestamp(c["as_of"]) if not pd.isna(c["as_of"]) else start
    return start, max(start, end), True


def when(c: pd.Series) -> pd.Timestamp | None:
    """The date a total or a count applies to: the end of its period where one is stated (never after the
    claim date), else the claim date; None when neither is known."""
    as_of = None if pd.isna(c["as_of"]) else pd.Timestamp(c["as_of"])
    if not pd.isna(c["period_end"]):
        end = pd.Timestamp(c["period_end"])
        return min(end, as_of) if as_of is not None else end
    return as_of


@dataclass
class Placed:
    """A lead claim and where on the time axis it is drawn; `dated_by` lends the period when the lead has none."""

    claim: pd.Series
    dated_by: pd.Series | None
    start: pd.Timestamp | None
    end: pd.Timestamp | None
    open_end: bool

    @property
    def claim_ids(self) -> list[str]:
        return [self.claim["claim_id"]] + ([self.dated_by["claim_id"]] if self.dated_by is not None else [])

    @property
    def precision(self) -> str:
        source = self.dated_by if self.dated_by is not None else self.claim
        return str(source["date_precision"])


@dataclass
class Wave:
    """One deployment wave as drawn: sent (the whole wave, or its parts), planned, returned."""

    number: int
    sent: list[Placed] = field(default_factory=list)
    planned: Placed | None = None
    returned: list[Placed] = field(default_factory=list)

    @property
    def sent_by_parts(self) -> bool:
        return any(quantity(p.claim).unit for p in self.sent)


def _flows(story: Story, measure: str, number: int) -> list[Placed]:
    """The whole wave's lead if there is one; otherwise the lead of each of its parts."""
    whole = story.placed(Quantity(measure, number))
    if whole is not None:
        return [whole]
    units = [q for q in story.quantities(measure) if q.wave == number and q.unit and not q.to_date]
    return [p for q in units if (p := story.placed(q)) is not None]


def waves(story: Story) -> list[Wave]:
    """Every wave the ledger names, in order; a fourth wave is a fourth number in claims.csv."""
    sent, planned, returned = _roles(story)
    flows = set(sent + planned + returned)
    numbers = sorted({q.wave for q in story.groups if q.measure in flows and q.wave and not q.to_date})
    return [
        Wave(
            n,
            sent=[p for m in sent for p in _flows(story, m, n)],
            planned=next((p for m in planned if (p := story.placed(Quantity(m, n))) is not None), None),
            returned=[p for m in returned for p in _flows(story, m, n)],
        )
        for n in numbers
    ]


def _roles(story: Story) -> tuple[list[str], list[str], list[str]]:
    """Which flows the waves are drawn from. Arrivals are not a second count of those sent."""
    known = story.measures
    return [m for m in (SENT,) if m in known], [m for m in (PLANNED,) if m in known], [RETURNED] * (RETURNED in known)


def returns(story: Story) -> list[Placed]:
    """Every return drawn: each wave's, and the returns no wave is named for (the wounded sent home).

    Returns that name no wave are flows over their own periods: each period reported is a return of its own
    (its lead picked by the rule among the reports of that period), not a revision of another.
    """
    _, _, measures_ = _roles(story)
    out = [p for w in waves(story) for p in w.returned]
    for m in measures_:
        for q in story.quantities(m):
            if q.wave:
                continue
            group = story.claims(q)
            dated = group[group["period_start"].notna()]
            for _, same in dated.groupby(["period_start", "period_end"], dropna=False, sort=True):
                lead = min((c for _, c in same.iterrows()), key=story.rank)
                out.append(Placed(lead, None, *period(lead)))
    return sorted(out, key=lambda p: (p.start is None, p.start or pd.Timestamp(0), id_number(p.claim["claim_id"])))


@dataclass(frozen=True)
class Total:
    """A sum we computed from reported figures: its value, how hedged it is, and the claims it adds up."""

    value: int
    hedge: str  # "exact", "approximately" or "at_least": how the words must qualify it
    parts: tuple[str, ...]  # claim ids summed


def anchor(c: pd.Series) -> int:
    """Where a claim is drawn and summed: its best value, else its floor, else its ceiling."""
    for col in ("best", "low", "high"):
        if not pd.isna(c[col]):
            return int(c[col])
    raise ValueError(f"{c['claim_id']} has no number")


def total(placed: list[Placed]) -> Total:
    claims = [p.claim for p in placed]
    qualifiers = {c["qualifier"] for c in claims}
    hedge = "at_least" if qualifiers & {"at_least", "more_than", "vague"} else "exact"
    if hedge == "exact" and qualifiers - {"exact"}:
        hedge = "approximately"
    return Total(sum(anchor(c) for c in claims), hedge, tuple(c["claim_id"] for c in claims))


def difference(a: Total, b: pd.Series) -> Total:
    """Our sum less a reported figure, hedged as loosely as either side."""
    hedge = "approximately" if a.hedge != "exact" or b["qualifier"] != "exact" else "exact"
    if a.hedge == "at_least" or b["qualifier"] not in ("exact", "approximately"):
        hedge = "roughly"
    return Total(a.value - anchor(b), hedge, (*a.parts, b["claim_id"]))


def sent_placed(ws: list[Wave], by: pd.Timestamp | None = None) -> list[Placed]:
    """Every drawn part of every wave sent, in time order: the terms of the running total (with `by`, only
    the parts that had begun to go by that date)."""
    parts = [p for w in ws for p in w.sent if p.start is not None and (by is None or p.start <= by)]
    return sorted(parts, key=lambda p: (p.start, id_number(p.claim["claim_id"])))


def latest_series(story: Story, q: Quantity) -> pd.DataFrame:
    """The lead's originator's dated reports of one quantity, oldest first: how its count moved.

    Vague words, caveated figures and totals over a finished period are left out: they are no step in a count.
    """
    lead = story.lead(q)
    if lead is None:
        return story.ledger.claims.iloc[0:0]
    group = story.claims(q)
    same = group[(group["originator"].fillna("") == text(lead["originator"])) & group["as_of"].notna()]
    same = same[
        [not closed_period(c) and pd.isna(c["caveat"]) and c["qualifier"] != "vague" for _, c in same.iterrows()]
    ]
    return same.sort_values(["as_of", "claim_id"], key=id_order)
