"""Source notes: how a claim's origin is written under a chart, in a table and in the figures README.

One module so that a table row, a chart footnote and the README entry can never describe the same
claim in different words.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from .ledger import Ledger

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def day(value: object) -> str:
    """A date as '26 Jun 2025' (empty for a missing one); platform-independent, no leading zero."""
    import pandas as pd

    if value is None or pd.isna(value):
        return ""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%b %Y}"


def span(start: object, end: object, precision: str | None = "day") -> str:
    """A dated span at the precision it is known: 'Oct 2024', '8–13 Oct 2024', '2024', 'not dated'."""
    import pandas as pd

    if start is None or pd.isna(start):
        return "not dated" if end is None or pd.isna(end) else f"by {day(end)}"
    a = pd.Timestamp(start)
    b = a if end is None or pd.isna(end) else pd.Timestamp(end)
    if precision == "year" and a.year == b.year:
        return str(a.year)
    if precision in ("month", "season", "year"):
        first, last = f"{a:%b %Y}", f"{b:%b %Y}"
        if first == last:
            return first
        return f"{a:%b}–{last}" if a.year == b.year else f"{first}–{last}"
    if a == b:
        return day(a)
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {a:%b %Y}"
    return f"{day(a)}–{day(b)}"


def citation(source: pd.Series) -> str:
    """Short form of a source, as printed under charts: outlet, carrier, date (or 'undated')."""
    outlet = source["outlet"]
    if not _blank(source["carried_by"]):
        outlet = f"{outlet} (via {source['carried_by']})"
    when = day(source["published"]) or "undated"
    return f"{outlet}, {when}"


def _blank(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value)) or value == ""


def attribution(claim: pd.Series) -> str:
    """Who asserted a number and who relayed it: 'NIS via Lee Seong-kweun'."""
    who = claim["originator"] if not _blank(claim["originator"]) else "not attributed"
    if not _blank(claim["conduit"]):
        who = f"{who} via {claim['conduit']}"
    return who


def source_of(ledger: Ledger, claim: pd.Series) -> pd.Series:
    return ledger.sources.set_index("source_id").loc[claim["source_id"]]


def claim_note(ledger: Ledger, claim: pd.Series) -> str:
    """One line per claim: 'C003: NIS via Lee Seong-kweun; News Central, undated'."""
    return f"{claim['claim_id']}: {attribution(claim)}; {citation(source_of(ledger, claim))}"


def superscript(n: int) -> str:
    return str(n).translate(SUPERSCRIPTS)


class Footnotes:
    """Collects the claims a chart draws and numbers them, so the footer lists exactly those."""

    MAX_IDS = 4  # a footnote citing more claims than this names two and counts the rest
    MAX_NOTES = 4  # ... and lists at most this many distinct attributions and outlets
    MAX_OUTLETS = 12

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.claims = ledger.claims.set_index("claim_id", drop=False)
        self.sources = ledger.sources.set_index("source_id")
        self.entries: list[tuple[str, list[str], str]] = []  # marker, claim ids, extra text
        self.events: list[tuple[str, pd.Series]] = []

    def mark(self, claim_ids: list[str], extra: str = "") -> str:
        """The marker for a number drawn from these claims (the same claims get the same marker)."""
        for marker, ids, text in self.entries:
            if ids == claim_ids and text == extra:
                return marker
        marker = superscript(len(self.entries) + 1)
        self.entries.append((marker, list(claim_ids), extra))
        return marker

    def event(self, event: pd.Series) -> str:
        letter = chr(ord("A") + len(self.events))
        self.events.append((letter, event))
        return letter

    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(i for _, ids, _ in self.entries for i in ids))

    def source_ids(self) -> list[str]:
        ids = list(self.claims.loc[self.claim_ids(), "source_id"]) if self.entries else []
        ids += [e["source_id"] for _, e in self.events]
        return list(dict.fromkeys(ids))

    def _note(self, claim_id: str) -> str:
        claim = self.claims.loc[claim_id]
        return f"{attribution(claim)}; {citation(self.sources.loc[claim['source_id']])}"

    def _cited(self, ids: list[str]) -> str:
        """The source notes of one footnote, compact when many identical reports share it.

        Every claim is still listed in figures/README.md; the chart's footer stays readable.
        """
        if len(ids) <= self.MAX_IDS:
            return "; ".join(f"{i}: {self._note(i)}" for i in ids)
        notes = list(dict.fromkeys(self._note(i) for i in ids))
        shown = "; ".join(notes[: self.MAX_NOTES])
        more = f"; and {len(notes) - self.MAX_NOTES} more" if len(notes) > self.MAX_NOTES else ""
        return f"{ids[0]}, {ids[1]} and {len(ids) - 2} more claims: {shown}{more}"

    def lines(self) -> list[str]:
        out = []
        for marker, ids, extra in self.entries:
            parts = [self._cited(ids) if ids else "", extra]
            out.append(f"{marker} " + ". ".join(p for p in parts if p))
        srcs = self.sources
        for letter, e in self.events:
            when = span(e["date_start"], e["date_end"], e["date_precision"])
            out.append(f"{letter} {when}: {e['description']} ({srcs.loc[e['source_id'], 'outlet']})")
        return out

    def source_line(self) -> str:
        names = list(dict.fromkeys(self.sources.loc[s, "outlet"] for s in self.source_ids()))
        more = f"; and {len(names) - self.MAX_OUTLETS} more" if len(names) > self.MAX_OUTLETS else ""
        return "Source: " + "; ".join(names[: self.MAX_OUTLETS]) + more + ". Full notes and links: figures/README.md."
