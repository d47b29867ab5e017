"""The computed part of the codebook (data/README.md): coverage, and which claims each chart and table reads.

Typed prose goes stale when a report is added; this part is written by `make` between two markers and
checked by `build --check`, so it always describes the ledger in git. What each chart reads is the rule its
module declares (troopledger.charts), in the words of troopledger.words.en.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from troopledger import charts, words
from troopledger import story as st

if TYPE_CHECKING:
    from troopledger.charts import ChartInfo
    from troopledger.ledger import Ledger

BEGIN = "<!-- begin: written by `make` from the ledger; edits between these markers are overwritten -->"
END = "<!-- end of the part written by `make` -->"
TABLE_RULES = ("reported-figures", "disagreements", "ledger")


def _ids(ids: list[str]) -> str:
    ordered = st.by_id(ids)
    return ", ".join(ordered) if len(ordered) <= 40 else f"{', '.join(ordered[:3])} … {ordered[-1]} ({len(ordered)})"


def block(ledger: Ledger, infos: list[ChartInfo]) -> str:
    """The generated part of the codebook, as Markdown."""
    w = words.get("en")
    claims, events = ledger.claims, ledger.events
    dated = claims["as_of"].dropna()
    undated = len(claims) - len(dated)
    counts = claims["measure"].value_counts()
    order = [m for m in st.measures(ledger) if m in counts] + sorted(set(counts.index) - set(st.measures(ledger)))
    drawn = events[events["same_as"].isna()]["date_start"].dropna()
    coverage = w.t(
        "book.coverage",
        claims=len(claims),
        sources=claims["source_id"].nunique(),
        first=w.day(dated.min()),
        last=w.day(dated.max()),
        undated=w.t("book.undated", n=undated) if undated else "",
        events=len(events),
        ev_first=w.day(drawn.min()),
        ev_last=w.day(drawn.max()),
        measures=", ".join(f"`{m}` {counts[m]}" for m in order),
    )
    lines = [
        BEGIN,
        "",
        coverage,
        "",
        w.t("book.reads"),
        "",
        "| output | what it reads | claims drawn |",
        "|---|---|---|",
    ]
    by_slug = {c.slug: c for c in charts.catalogue(ledger)}
    for info in infos:
        chart = by_slug[info.slug]
        lines.append(f"| `figures/{info.slug}.*` | {chart.rule(ledger, w)} | {_ids(info.claim_ids)} |")
    owners = {c.table_slug: c for c in by_slug.values() if c.table}
    for slug in dict.fromkeys(["reported-figures", *owners, *TABLE_RULES]):
        key = f"rule.table.{slug}"
        if key in w.T:
            rule = w.t(key)
        else:
            rule = w.t("rule.table.series", labels=w.join([f"`{m}`" for m in owners[slug].measures], "or"))
        lines.append(f"| `figures/{slug}.csv`, `.md` | {rule} | |")
    return "\n".join([*lines, "", END])


def updated(text: str, generated: str) -> str:
    """The codebook text with its generated part replaced (appended if the markers are missing)."""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        return head + generated + tail
    return text.rstrip("\n") + "\n\n" + generated + "\n"
