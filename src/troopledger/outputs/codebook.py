"""The computed part of the codebook (data/README.md): coverage, and which claims each chart and table reads.

Typed prose goes stale when a report is added; this part is written by `make` between two markers and
checked by `build --check`, so it always describes the ledger in git.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from troopledger import story as st
from troopledger.charts.notes import day

if TYPE_CHECKING:
    from troopledger.charts import ChartInfo
    from troopledger.ledger import Ledger

BEGIN = "<!-- begin: written by `make` from the ledger; edits between these markers are overwritten -->"
END = "<!-- end of the part written by `make` -->"

CHART_RULES = {
    "deployment-waves": (
        "the lead figure of each wave's troops sent (the whole wave, or each part), planned and returned; "
        "planned troops that name no wave; our running sum; every report of the troops there at a date; "
        "the lead originator's casualty reports"
    ),
    "casualties": "every killed, wounded and casualties claim with a claim date; our running sum of the waves sent",
}
TABLE_RULES = {
    "reported-figures": "every claim from the primary article",
    "deployment-waves": "the same flows as the waves chart, with our running sum",
    "casualties": "every killed, wounded and casualties claim",
    "disagreements": "every claim of every disagreement chart",
    "ledger": "every claim",
}


def _ids(ids: list[str]) -> str:
    ordered = sorted(ids, key=st.id_number)
    return ", ".join(ordered) if len(ordered) <= 40 else f"{', '.join(ordered[:3])} … {ordered[-1]} ({len(ordered)})"


def block(ledger: Ledger, infos: list[ChartInfo]) -> str:
    """The generated part of the codebook, as Markdown."""
    claims, events = ledger.claims, ledger.events
    dated = claims["as_of"].dropna()
    undated = len(claims) - len(dated)
    counts = claims["measure"].value_counts()
    order = [m for m in st.MEASURE_ORDER if m in counts] + sorted(set(counts.index) - set(st.MEASURE_ORDER))
    drawn = events[events["same_as"].isna()]["date_start"].dropna()
    questions = {f"disagreement-{q.slug}": q for q in st.questions(st.of(ledger))}
    lines = [
        BEGIN,
        "",
        f"**Coverage (computed from the ledger):** {len(claims)} claims from {claims['source_id'].nunique()} sources, "
        f"made from {day(dated.min())} to {day(dated.max())}"
        + (f" ({undated} with no known claim date)" if undated else "")
        + f"; {len(events)} context events dated from {day(drawn.min())} to {day(drawn.max())}. "
        f"Data as of {day(dated.max())}, the date of the latest claim. "
        "Claims by measure: " + ", ".join(f"`{m}` {counts[m]}" for m in order) + ".",
        "",
        "**What each chart and table reads** (chosen by the rule above; the claim ids are those drawn today):",
        "",
        "| output | what it reads | claims drawn |",
        "|---|---|---|",
    ]
    for info in infos:
        rule = CHART_RULES.get(info.slug)
        if rule is None and info.slug in questions:
            rule = f"every claim answering: {questions[info.slug].heading}"
        lines.append(f"| `figures/{info.slug}.*` | {rule} | {_ids(info.claim_ids)} |")
    for slug, rule in TABLE_RULES.items():
        lines.append(f"| `figures/{slug}.csv`, `.md` | {rule} | |")
    return "\n".join([*lines, "", END])


def updated(text: str, generated: str) -> str:
    """The codebook text with its generated part replaced (appended if the markers are missing)."""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return head + generated + tail
    return text.rstrip("\n") + "\n\n" + generated + "\n"
