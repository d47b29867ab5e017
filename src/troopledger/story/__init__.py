"""What the story draws: one rule picks the lead figure for each quantity; every other report is a disagreement.

Everything a reader sees (the waves chart, every title, every notebook answer) is chosen here from the
whole ledger, so adding a verified report is enough to change it. The rule is stated once, in
`lead_rank`, and in words in data/README.md ("What the charts draw").
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from troopledger.ledger import Ledger

FLOWS = ("troops_sent", "troops_planned", "troops_arrived", "troops_returned")
TO_DATE_SCOPES = ("cumulative", "at_date")
ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
PRECISION_RANK = {"day": 0, "month": 1, "season": 2, "year": 3, "not_stated": 4}


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


def ordinal(n: int) -> str:
    return ORDINALS[n - 1] if 1 <= n <= len(ORDINALS) else f"{n}th"


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


def text(value: object) -> str:
    """A cell as text, '' when empty (pandas' NA cannot be compared)."""
    return "" if value is None or pd.isna(value) else str(value)


def lead_rank(claim: pd.Series, primary: str, lead_agency: str) -> tuple:
    """The sort key of THE rule: the claim that sorts first leads its quantity.

    1. A number leads before a vague word ("thousands" leads only where no number is reported).
    2. A claim without a caveat leads before one with a caveat.
    3. For the size of a wave (a flow): the primary article first; then the agency it relies on;
       then the most recent claim date.
       For a total to date or a count at a date: the agency first; then the most recent claim date
       (a later count supersedes an earlier one); then the primary article.
    4. The lowest claim id (the earliest entry), so the choice never depends on row order.
    Claims with no known date count as oldest.
    """
    dated = claim["as_of"]
    recency = -pd.Timestamp(dated).value if not pd.isna(dated) else float("inf")
    is_primary = claim["source_id"] != primary
    is_agency = text(claim["originator"]) != lead_agency
    order = (is_agency, recency, is_primary) if claim["scope"] in TO_DATE_SCOPES else (is_primary, is_agency, recency)
    return (claim["qualifier"] == "vague", not pd.isna(claim["caveat"]), *order, id_number(claim["claim_id"]))


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
        claims = ledger.claims
        rows: dict[Quantity, list[int]] = {}
        for i, (_, c) in enumerate(claims.iterrows()):
            rows.setdefault(quantity(c), []).append(i)
        self.groups: dict[Quantity, pd.DataFrame] = {q: claims.iloc[idx] for q, idx in rows.items()}
        self._leads: dict[Quantity, pd.Series | None] = {}
        self._questions: list[Question] | None = None

    def claims(self, q: Quantity) -> pd.DataFrame:
        return self.groups.get(q, self.ledger.claims.iloc[0:0])

    def lead(self, q: Quantity) -> pd.Series | None:
        if q not in self._leads:
            group = self.claims(q)
            rank = lambda c: lead_rank(c, self.primary, self.agency)  # noqa: E731
            self._leads[q] = None if group.empty else min((c for _, c in group.iterrows()), key=rank)
        return self._leads[q]

    def quantities(self, measure: str) -> list[Quantity]:
        return sorted(q for q in self.groups if q.measure == measure)

    def placed(self, q: Quantity) -> Placed | None:
        """The lead of a flow with the period it is drawn at (borrowed from another report if need be)."""
        lead = self.lead(q)
        if lead is None:
            return None
        if not pd.isna(lead["period_start"]):
            return Placed(lead, None, *_period(lead))
        dated = self.claims(q)
        dated = dated[dated["period_start"].notna()]
        if dated.empty:
            return Placed(lead, None, None, None, False)
        # The most precisely dated report, preferring one that gives the same number.
        same = [not _same_number(c, lead) for _, c in dated.iterrows()]
        rank = dated.assign(
            _s=same, _p=dated["date_precision"].map(PRECISION_RANK), _i=dated["claim_id"].map(id_number)
        )
        by = rank.sort_values(["_s", "_p", "_i"]).iloc[0]
        return Placed(lead, by, *_period(by))


def _same_number(a: pd.Series, b: pd.Series) -> bool:
    return all((pd.isna(a[k]) and pd.isna(b[k])) or a[k] == b[k] for k in ("low", "best", "high"))


def _period(c: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp, bool]:
    """Start, last day and whether the period ran open to the claim date ('since September')."""
    start = pd.Timestamp(c["period_start"])
    if not pd.isna(c["period_end"]):
        return start, pd.Timestamp(c["period_end"]), False
    end = pd.Timestamp(c["as_of"]) if not pd.isna(c["as_of"]) else start
    return start, max(start, end), True


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

    def when(self) -> str:
        """The period in words: 'in October 2024', 'from September 2025', 'from July to August 2025'."""
        start, end = self.start, self.end
        if start is None or end is None:
            return "at a time not reported"
        if self.open_end:
            return f"from {start:%B %Y}"
        if start == end:
            return f"on {start.day} {start:%B %Y}"
        if (start.year, start.month) == (end.year, end.month):
            return f"in {start:%B %Y}" if start.day == 1 else f"from {start.day} to {end.day} {start:%B %Y}"
        if start.year == end.year:
            return f"from {start:%B} to {end:%B %Y}"
        return f"from {start:%B %Y} to {end:%B %Y}"


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
    numbers = sorted({q.wave for q in story.groups if q.measure in FLOWS and q.wave and not q.to_date})
    out = []
    for n in numbers:
        out.append(
            Wave(
                n,
                sent=_flows(story, "troops_sent", n),
                planned=story.placed(Quantity("troops_planned", n)),
                returned=_flows(story, "troops_returned", n),
            )
        )
    return out


@dataclass(frozen=True)
class Total:
    """A sum we computed from reported figures: its value and how to word it."""

    value: int
    hedge: str  # "", "about " or "at least "
    parts: tuple[str, ...]  # claim ids summed

    def __str__(self) -> str:
        return f"{self.hedge}{self.value:,}"


def anchor(c: pd.Series) -> int:
    """Where a claim is drawn and summed: its best value, else its floor, else its ceiling."""
    for col in ("best", "low", "high"):
        if not pd.isna(c[col]):
            return int(c[col])
    raise ValueError(f"{c['claim_id']} has no number")


def total(placed: list[Placed]) -> Total:
    claims = [p.claim for p in placed]
    qualifiers = {c["qualifier"] for c in claims}
    hedge = "at least " if qualifiers & {"at_least", "more_than", "vague"} else ""
    if not hedge and qualifiers - {"exact"}:
        hedge = "about "
    return Total(sum(anchor(c) for c in claims), hedge, tuple(c["claim_id"] for c in claims))


def sent_placed(ws: list[Wave]) -> list[Placed]:
    """Every drawn part of every wave sent, in time order: the terms of the running total."""
    parts = [p for w in ws for p in w.sent if p.start is not None]
    return sorted(parts, key=lambda p: (p.start, id_number(p.claim["claim_id"])))


def latest_series(story: Story, q: Quantity) -> pd.DataFrame:
    """The lead's originator's reports of one quantity, oldest first: how its count moved."""
    lead = story.lead(q)
    if lead is None:
        return story.ledger.claims.iloc[0:0]
    group = story.claims(q)
    same = group[(group["originator"].fillna("") == text(lead["originator"])) & group["as_of"].notna()]
    return same.sort_values(["as_of", "claim_id"], key=lambda s: s.map(id_number) if s.name == "claim_id" else s)


# --------------------------------------------------------------------------- disagreements

MEASURE_ORDER = [
    "troops_sent",
    "troops_arrived",
    "troops_planned",
    "troops_returned",
    "troops_present",
    "killed",
    "wounded",
    "casualties",
    "artillery_shells",
]
# How a question about a total is put; a measure missing here is worded from its name.
TOTAL_WORDS = {
    "troops_sent": ("troops sent in all", "How many troops have been sent in all?"),
    "troops_present": ("number of troops in Russia", "How many North Korean troops are in Russia?"),
    "killed": ("number of troops killed", "How many North Korean troops have been killed?"),
    "wounded": ("number of troops wounded", "How many have been wounded?"),
    "casualties": ("total casualties", "How many casualties in all?"),
    "artillery_shells": ("artillery shells supplied", "How many artillery shells has North Korea supplied?"),
}
FLOW_WORDS = {  # label and question for one wave, {o} = first, second...
    "troops_sent": ("size of the {o} wave", "How big was the {o} wave?"),
    "troops_planned": ("planned size of the {o} wave", "How many were planned for the {o} wave?"),
    "troops_arrived": ("arrivals of the {o} wave", "How many of the {o} wave had arrived?"),
    "troops_returned": ("returns from the {o} wave", "How many of the {o} wave came back?"),
}


@dataclass(frozen=True)
class Question:
    """A quantity the reports disagree on: the claims that answer it, and how to put it to a reader."""

    slug: str
    label: str
    heading: str
    axis: str  # "count" or "time"
    claim_ids: tuple[str, ...]
    quantity: Quantity  # whose lead the other charts draw


def interval(c: pd.Series) -> tuple[float, float]:
    """The values a claim allows, to tell a disagreement from the same report worded differently."""
    low, best, high = (None if pd.isna(c[k]) else float(c[k]) for k in ("low", "best", "high"))
    if best is not None:
        return best, best
    if c["qualifier"] == "more_than":
        return (low or 0) + 0.5, float("inf")
    return (low if low is not None else float("-inf")), (high if high is not None else float("inf"))


def _disjoint(spans: list[tuple[float, float]]) -> bool:
    """True when some two spans share no value: the reports cannot both be right."""
    return max(a for a, _ in spans) > min(b for _, b in spans) if spans else False


def _ordered_ids(claims: pd.DataFrame) -> tuple[str, ...]:
    return tuple(sorted(claims["claim_id"], key=id_number))


def _flow_questions(story: Story) -> list[tuple[tuple, Question]]:
    out = []
    for q, group in story.groups.items():
        if q.measure not in FLOWS or q.to_date or not q.wave:
            continue
        o = ordinal(q.wave)
        label, heading = (w.format(o=o) for w in FLOW_WORDS[q.measure])
        slug = f"{o}-wave-" + (f"{q.unit.replace(' ', '-')}-" if q.unit else "") + label.split(" ")[0]
        if q.unit:
            label, heading = f"{label} ({q.unit})", f"{heading[:-1]}: the {q.unit}?"
        key = (MEASURE_ORDER.index(q.measure), q.wave, q.unit)
        if len(group) > 1 and _disjoint([interval(c) for _, c in group.iterrows()]):
            out.append((key + (0,), Question(slug, label, heading, "count", _ordered_ids(group), q)))
        if q.measure == "troops_sent" and not q.unit:
            timing = _timing_question(story, q, o)
            if timing is not None:
                out.append((key + (1,), timing))
    return out


def _timing_question(story: Story, q: Quantity, o: str) -> Question | None:
    """When the whole wave's reported periods cannot all be right; its parts' dates are shown beside them."""
    dated = story.claims(q)
    dated = dated[dated["period_start"].notna()]
    spans = [(float(_period(c)[0].value), float(_period(c)[1].value)) for _, c in dated.iterrows()]
    if not _disjoint(spans):
        return None
    parts = [g for k, g in story.groups.items() if k.measure == q.measure and k.wave == q.wave and k.unit]
    parts = [g[g["period_start"].notna()] for g in parts if not k_to_date(g)]
    claims = pd.concat([dated, *parts])
    return Question(
        f"{o}-wave-timing", f"timing of the {o} wave", f"When did the {o} wave go?", "time", _ordered_ids(claims), q
    )


def k_to_date(group: pd.DataFrame) -> bool:
    return bool(group["scope"].isin(TO_DATE_SCOPES).any())


def _total_questions(story: Story) -> list[tuple[tuple, Question]]:
    out = []
    measures = sorted({q.measure for q in story.groups if q.to_date})
    for measure in measures:
        qs = [q for q in story.groups if q.measure == measure and q.to_date]
        whole = story.claims(Quantity(measure, to_date=True))
        if len(whole) < 2 or not _disjoint([interval(c) for _, c in whole.iterrows()]):
            continue
        claims = pd.concat([story.groups[q] for q in qs])
        name = measure.replace("_", " ")
        label, heading = TOTAL_WORDS.get(measure, (name, f"What do the reports say about {name}?"))
        slug = "running-total-sent" if measure == "troops_sent" else measure.replace("_", "-")
        order = MEASURE_ORDER.index(measure) if measure in MEASURE_ORDER else len(MEASURE_ORDER)
        out.append(
            (
                (order, 99, "", 0),
                Question(slug, label, heading, "count", _ordered_ids(claims), Quantity(measure, to_date=True)),
            )
        )
    return out


def questions(story: Story) -> list[Question]:
    """Every quantity whose reports cannot all be right, in reading order: each gets a disagreement chart.

    Reports that agree (the same number in other words, or a floor the others meet) are not a question.
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
    key = claims["claim_id"].str[1:].astype(int)
    return claims.assign(_k=key).sort_values(["as_of", "_k"], na_position="last").drop(columns="_k")


def chart_slugs(ledger: Ledger) -> list[str]:
    """Every chart the bundle exports for this ledger, in reading order: one per contested quantity."""
    return ["deployment-waves", "casualties"] + [f"disagreement-{q.slug}" for q in questions(of(ledger))]
