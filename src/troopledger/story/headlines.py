"""Headlines a newsroom could print: titles computed from the ledger, attributed, counting what they say.

One module, without drawing code, so a chart's title and a notebook's answer are the same words.
"""

from __future__ import annotations

import pandas as pd

from troopledger.charts.notes import blank
from troopledger.story import TO_DATE_SCOPES, Quantity, Question, Story, _period, anchor, latest_series
from troopledger.story.wording import covers, phrase

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


def disagreement_title(q: Question, rows: pd.DataFrame) -> str:
    """'Reports of X run from A to B' (caveated and part-only figures left out of the range), or for a
    timing question how many reports give how many different periods."""
    if q.axis == "time":
        periods = {(_period(c)[0], _period(c)[1]) for _, c in rows.iterrows()}
        return f"Reports disagree on the {q.label}: {len(rows)} reports give {len(periods)} different periods"
    whole = rows[[not (covers(c) and c["scope"] in TO_DATE_SCOPES) for _, c in rows.iterrows()]]
    plain = whole[whole["caveat"].isna()]
    whole = plain if len(plain) else whole
    values = sorted(whole.iterrows(), key=lambda r: (anchor(r[1]), r[1]["claim_id"]))
    lo, hi = values[0][1], values[-1][1]
    return f"Reports of the {q.label} run from {phrase(lo)} to {phrase(hi)}"


def casualties_title(story: Story) -> str:
    """The casualties chart's headline: the lead originator's count of the killed, and its casualty total."""
    killed = latest_series(story, Quantity("killed", to_date=True))
    cas = latest_series(story, Quantity("casualties", to_date=True))
    if killed.empty:
        return "Reported casualties of North Korean troops in Russia"
    first, last = killed.iloc[0], killed.iloc[-1]
    who = last["originator"] if not blank(last["originator"]) else "Unattributed reports"
    verb = "rose" if anchor(last) > anchor(first) else "went"
    title = (
        f"{who}: North Korean troops killed {verb} from {phrase(first)} as of {first['as_of']:%b %Y} "
        f"to {phrase(last)} as of {last['as_of']:%b %Y}"
    )
    if len(cas) and cas.iloc[-1]["originator"] == last["originator"]:
        c = cas.iloc[-1]
        title += f"; killed and wounded: {phrase(c)} as of {c['as_of']:%b %Y}"
    return title
