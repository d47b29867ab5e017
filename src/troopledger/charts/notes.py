"""Source notes: how a claim's origin is written under a chart, in a table and in the figures README.

One module so that a table row, a chart footnote and the README entry can never describe the same
claim in different words. Dates are labelled by what they are: a claim date reads "as of 15 Jun 2025",
a publication date "published 16 Jun 2025".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from troopledger.ledger import Ledger

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
DAGGER = "†"


def blank(value: object) -> bool:
    return value is None or bool(pd.isna(value)) or value == ""


def day(value: object) -> str:
    """A date as '26 Jun 2025' (empty for a missing one); platform-independent, no leading zero."""
    if blank(value):
        return ""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%b %Y}"


def span(start: object, end: object, precision: str | None = "day") -> str:
    """A dated span at the precision it is known: 'Oct 2024', '8–13 Oct 2024', '2024', 'not dated'."""
    if blank(start):
        return "not dated" if blank(end) else f"by {day(end)}"
    a = pd.Timestamp(start)
    b = a if blank(end) else pd.Timestamp(end)
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


def claim_date(claim: pd.Series) -> str:
    """When the claim was made, labelled as such: 'as of 15 Jun 2025' or 'claim date not known'."""
    return f"as of {day(claim['as_of'])}" if not blank(claim["as_of"]) else "claim date not known"


def outlet(source: pd.Series) -> str:
    name = source["outlet"]
    return name if blank(source["carried_by"]) else f"{name} (via {source['carried_by']})"


def published(source: pd.Series) -> str:
    return f"published {day(source['published'])}" if not blank(source["published"]) else "publication date not shown"


def citation(source: pd.Series) -> str:
    """Short form of a source, as printed under charts: 'The Independent, published 16 Jun 2025'."""
    return f"{outlet(source)}, {published(source)}"


def attribution(claim: pd.Series) -> str:
    """Who asserted a number and who relayed it: 'NIS via Lee Seong-kweun'."""
    who = claim["originator"] if not blank(claim["originator"]) else "not attributed"
    if not blank(claim["conduit"]):
        who = f"{who} via {claim['conduit']}"
    return who


def _id_number(claim_id: str) -> int:
    return int(claim_id[1:])


def superscript(n: int) -> str:
    return str(n).translate(SUPERSCRIPTS)


def dataset_line(ledger: Ledger) -> str:
    """Names the dataset, its version and its date, so a chart pasted into a report still says where it is from."""
    from troopledger.story import data_as_of

    meta = ledger.meta
    version = f", version {meta['version']}" if meta.get("version") else ""
    as_of = data_as_of(ledger)
    when = f"; data as of {day(as_of)}" if as_of is not None else ""
    return f"Data: {meta.get('title', 'troopledger')}{version}{when}."


class Footnotes:
    """Collects the claims a chart draws and numbers them, so the footer lists exactly those.

    Full notes give every number a superscript resolved in the footer. Compact notes drop the
    numbers' markers and print one "Source:" line; caveats (†) and computed totals are kept in
    both, because a reader who quotes the number needs them.
    """

    MAX_IDS = 4  # a footnote citing more claims than this names two and counts the rest
    MAX_NOTES = 4  # ... and lists at most this many distinct attributions and outlets
    MAX_OUTLETS = 12

    def __init__(self, ledger: Ledger, compact: bool = False):
        self.ledger = ledger
        self.compact = compact
        self.claims = ledger.claims.set_index("claim_id", drop=False)
        self.sources = ledger.sources.set_index("source_id")
        self.entries: list[tuple[str, list[str], str]] = []  # marker, claim ids, extra text
        self.remarks: list[str] = []

    def _caveated(self, claim_ids: list[str]) -> list[str]:
        return [i for i in claim_ids if not blank(self.claims.loc[i, "caveat"])]

    def mark(self, claim_ids: list[str], extra: str = "", brief: str | None = None) -> str:
        """The marker for a number drawn from these claims (the same claims get the same marker).

        `extra` is printed with the footnote; in compact notes `brief` (default: `extra`) is printed as a
        Note line instead, so it must not lean on claim ids or markers. A claim with a caveat adds a
        dagger, in full and compact notes alike.
        """
        dagger = DAGGER if self._caveated(claim_ids) else ""
        for marker, ids, text in self.entries:
            if ids == claim_ids and text == extra:
                return ("" if self.compact else marker) + dagger
        marker = superscript(len(self.entries) + 1)
        self.entries.append((marker, list(claim_ids), extra))
        remark = extra if brief is None else brief
        if self.compact and remark:
            self.remarks.append(remark)
        return ("" if self.compact else marker) + dagger

    def ref(self, marker: str) -> str:
        """A cross-reference to another number's footnote inside a note: ' (¹)' in full notes, '' in compact."""
        plain = marker.replace(DAGGER, "")
        return f" ({plain})" if plain and not self.compact else ""

    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(i for _, ids, _ in self.entries for i in ids))

    def source_ids(self) -> list[str]:
        ids = list(self.claims.loc[self.claim_ids(), "source_id"]) if self.entries else []
        return list(dict.fromkeys(ids))

    def _note(self, claim_id: str) -> str:
        claim = self.claims.loc[claim_id]
        return f"{attribution(claim)}; {citation(self.sources.loc[claim['source_id']])}"

    def _cited(self, ids: list[str]) -> str:
        """The source notes of one footnote, compact when many identical reports share it.

        Every claim is still listed in figures/README.md; the chart's footer stays readable.
        """
        ids = sorted(ids, key=_id_number)
        if len(ids) <= self.MAX_IDS:
            return "; ".join(f"{i}: {self._note(i)}" for i in ids)
        notes = list(dict.fromkeys(self._note(i) for i in ids))
        shown = "; ".join(notes[: self.MAX_NOTES])
        more = f"; and {len(notes) - self.MAX_NOTES} more" if len(notes) > self.MAX_NOTES else ""
        return f"{ids[0]} and {len(ids) - 1} more: {shown}{more}"

    def _dagger_lines(self) -> list[str]:
        """One line per caveat; repeats of one report share it."""
        by_text: dict[str, list[str]] = {}
        for i in self._caveated(self.claim_ids()):
            by_text.setdefault(str(self.claims.loc[i, "caveat"]), []).append(i)
        out = []
        for text, ids in by_text.items():
            ids = sorted(ids, key=_id_number)
            who = ids[0] if len(ids) == 1 else f"{ids[0]} and {len(ids) - 1} more"
            out.append(f"{DAGGER} {who}: {text}.")
        return out

    def lines(self) -> list[str]:
        """The footer: one line per footnote, the caveats, then the source and dataset lines.

        Footnotes citing one claim each from the same report, with nothing else to say, share a line
        ("¹ C003, ⁵ C002: NIS via …; News Central, …"), so a chart built on one briefing is not a wall of repeats.
        """
        if self.compact:
            out = [self.compact_source_line()] + self._dagger_lines()
            out += [f"Note: {r}" for r in dict.fromkeys(self.remarks)]
            return out + [dataset_line(self.ledger)]
        out: list[str] = []
        shared: dict[str, int] = {}  # a source note -> the line that already prints it
        for marker, ids, extra in self.entries:
            if len(ids) == 1 and not extra:  # one claim, nothing to add: share a line with its source's others
                note = self._note(ids[0])
                if note in shared:
                    head, _, tail = out[shared[note]].partition(": ")
                    out[shared[note]] = f"{head}, {marker} {ids[0]}: {tail}"
                    continue
                shared[note] = len(out)
            parts = [self._cited(ids) if ids else "", extra]
            out.append(f"{marker} " + ". ".join(p for p in parts if p))
        out += self._dagger_lines()
        return out + [self.source_line() + " " + dataset_line(self.ledger)]

    def source_line(self) -> str:
        names = list(dict.fromkeys(self.sources.loc[s, "outlet"] for s in self.source_ids()))
        more = f"; and {len(names) - self.MAX_OUTLETS} more" if len(names) > self.MAX_OUTLETS else ""
        return "Source: " + "; ".join(names[: self.MAX_OUTLETS]) + more + "."

    def compact_source_line(self) -> str:
        """One line naming who asserted the numbers and where and when each was published."""
        by_who: dict[str, list[str]] = {}
        for cid in self.claim_ids():
            claim = self.claims.loc[cid]
            who = claim["originator"] if not blank(claim["originator"]) else "not attributed"
            src = self.sources.loc[claim["source_id"]]
            when = day(src["published"]) or "date not shown"
            by_who.setdefault(who, []).append(f"{src['outlet']} ({when})")
        groups = [f"{who}, reported by {', '.join(dict.fromkeys(where))}" for who, where in by_who.items()]
        more = f"; and {len(groups) - self.MAX_OUTLETS} more" if len(groups) > self.MAX_OUTLETS else ""
        return "Source: " + "; ".join(groups[: self.MAX_OUTLETS]) + more + "."


def source_note(rows: pd.DataFrame) -> str:
    """A "Source: …" line for exactly these rows of `tl.tidy(ledger)`: who asserted each number, where and when
    it was published, and the dataset's version. Put it under any chart you make from them."""
    by_who: dict[str, list[str]] = {}
    for _, r in rows.iterrows():
        who = r["originator"] if not blank(r["originator"]) else "not attributed"
        when = day(r["published"]) or "date not shown"
        by_who.setdefault(who, []).append(f"{r['outlet']} ({when})")
    groups = [f"{who}, reported by {', '.join(dict.fromkeys(where))}" for who, where in by_who.items()]
    ids = ", ".join(rows["claim_id"]) if "claim_id" in rows else ""
    dataset = rows.attrs.get("dataset", "")
    return (
        "Source: " + "; ".join(groups) + "." + (f" Claims {ids}." if ids else "") + (f" {dataset}" if dataset else "")
    )
