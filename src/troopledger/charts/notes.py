"""The notes under a chart: one numbered note per number drawn, in the order the markers appear, each
naming who asserted the figure, who relayed it and where and when it was published, linked to the page.

Full notes give every number a marker ('[3]', full size, so it reads at 7 pt in print). Compact notes
print one "Source:" line instead and keep only what a reader needs to quote a number: caveats (†) and our
own sums, keyed by the figure the chart shows (never by an id the chart does not print).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

import pandas as pd

from troopledger.charts.frame import Note, Run
from troopledger.story.model import blank, by_id, data_as_of

if TYPE_CHECKING:
    from troopledger.ledger import Ledger


def version_text(ledger: Ledger, w: ModuleType) -> str:
    """The dataset's version as printed: '2.1.0', or '2.1.0 + 3 unreleased changes' after an unreleased edit."""
    release = getattr(ledger, "release", None)
    version = str(getattr(release, "version", None) or ledger.meta.get("version", "?"))
    pending = int(getattr(release, "unreleased", 0) or 0)
    if pending:
        return w.t("version.unreleased", version=version, n=pending, changes=w.PLURALS["change"][pending != 1])
    return version


def dataset_line(ledger: Ledger, w: ModuleType) -> str:
    """Names the dataset, its version and its date, so a chart pasted into a report still says where it is from."""
    as_of = data_as_of(ledger)
    title = ledger.meta.get("title", "troopledger")
    return w.t("note.dataset", title=title, version=version_text(ledger, w), as_of=w.day(as_of) if as_of else "")


@dataclass
class Entry:
    number: int
    claim_ids: list[str]
    extra: str
    brief: str


@dataclass
class Footnotes:
    """Collects the numbers a chart draws, in reading order, and writes its notes.

    `mark()` is called once per number drawn, in the order a reader meets them (panel by panel, then left
    to right), so that the notes below read in marker order.
    """

    ledger: Ledger
    words: ModuleType
    compact: bool = False
    entries: list[Entry] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    also: list[str] = field(default_factory=list)  # notes printed in full and compact notes alike

    def __post_init__(self) -> None:
        self.claims = self.ledger.claims.set_index("claim_id", drop=False)
        self.sources = self.ledger.sources.set_index("source_id")

    def caveated(self, claim_ids: list[str]) -> list[str]:
        return [i for i in claim_ids if not blank(self.claims.loc[i, "caveat"])]

    def mark(self, claim_ids: list[str], extra: str = "", brief: str = "") -> str:
        """The marker for a number drawn from these claims: '[3]', with a dagger when one has a caveat.

        In compact notes the number gets no marker; `brief` (default `extra`) is printed as a Note line
        instead, so it must not lean on claim ids or markers.
        """
        dagger = self.words.DAGGER if self.caveated(claim_ids) else ""
        for e in self.entries:
            if e.claim_ids == list(claim_ids) and e.extra == extra:
                return ("" if self.compact else self.words.marker(e.number)) + dagger
        entry = Entry(len(self.entries) + 1, list(claim_ids), extra, brief or extra)
        self.entries.append(entry)
        if self.compact and entry.brief:
            self.remarks.append(entry.brief)
        return ("" if self.compact else self.words.marker(entry.number)) + dagger

    def short(self, marker: str) -> str | None:
        """A label's short form, for when its words find no room: its marker ('[3]'), never a bare dagger
        (compact notes have no numbered markers, so there a label is drawn whole or not at all)."""
        return marker if marker.replace(self.words.DAGGER, "") else None

    def left_off(self, marker: str, label: str) -> str:
        """How the notes name a label that found no room: its marker, or (in compact notes) its words."""
        return self.short(marker) or label.replace("\n", " ")

    def ref(self, marker: str) -> str:
        """A cross-reference to another number's note inside a note: ' [1]' in full notes, '' in compact."""
        plain = marker.replace(self.words.DAGGER, "")
        return f" {plain}" if plain and not self.compact else ""

    def claim_ids(self) -> list[str]:
        return list(dict.fromkeys(i for e in self.entries for i in e.claim_ids))

    def source_ids(self) -> list[str]:
        ids = [self.claims.loc[i, "source_id"] for i in self.claim_ids()]
        return list(dict.fromkeys(ids))

    # ------------------------------------------------------------------ the notes

    def _cited(self, claim_ids: list[str]) -> list[Run]:
        """One run per source, linked to it: 'C003, C014: NIS via Lee Seong-kweun; News Central, …'."""
        w = self.words
        by_note: dict[tuple[str, str], list[str]] = {}
        for cid in by_id(claim_ids):
            c = self.claims.loc[cid]
            by_note.setdefault((w.attribution(c), str(c["source_id"])), []).append(cid)
        runs = []
        for (attribution, sid), ids in by_note.items():
            src = self.sources.loc[sid]
            ids_text = ", ".join(ids) if len(ids) <= 3 else f"{ids[0]}–{ids[-1]} ({len(ids)})"
            text = w.t("note.claims", ids=ids_text, attribution=attribution, citation=w.citation(src))
            runs.append(Run(text + ";", str(src["url"])))
        if runs:
            runs[-1].text = runs[-1].text[:-1] + "."
        return runs

    def _daggers(self) -> list[Note]:
        """One note per caveat, keyed by the figure it qualifies as the chart shows it."""
        w = self.words
        out, seen = [], set()
        for cid in self.caveated(self.claim_ids()):
            c = self.claims.loc[cid]
            src = self.sources.loc[c["source_id"]]
            text = w.t(
                "note.dagger",
                figure=w.phrase(c),
                outlet=w.outlet(src),
                claim_date=w.claim_date(c),
                caveat=w.ledger_text(c["caveat"]).rstrip("."),
            )
            if text not in seen:
                seen.add(text)
                out.append(Note([Run(text, str(src["url"]))], w.DAGGER))
        return out

    def source_note(self) -> Note:
        """'Source: NIS, reported by News Central (…), …' with every outlet linked."""
        w = self.words
        by_who: dict[str, list[tuple[str, str]]] = {}
        for cid in self.claim_ids():
            c = self.claims.loc[cid]
            src = self.sources.loc[c["source_id"]]
            when = w.day(src["published"]) or w.published(src)
            by_who.setdefault(w.who(c), []).append((f"{w.outlet(src)} ({when})", str(src["url"])))
        runs = [Run(w.t("note.source").rstrip())]
        groups = list(by_who.items())
        for gi, (who, outlets) in enumerate(groups):
            runs.append(Run(w.t("note.source_who", who=who).rstrip()))
            unique = list(dict.fromkeys(outlets))
            for oi, (name, url) in enumerate(unique):
                end = "," if oi < len(unique) - 1 else (";" if gi < len(groups) - 1 else ".")
                runs.append(Run(name + end, url))
        return Note(runs)

    def notes(self) -> list[Note]:
        """Full notes: one per marker in marker order, the caveats, the unlabelled, the source and the data."""
        if self.compact:
            return self.compact_notes()
        w = self.words
        out = []
        for e in self.entries:
            runs = self._cited(e.claim_ids)
            if e.extra:
                runs.append(Run(e.extra))
            out.append(Note(runs, w.marker(e.number)))
        out += self._daggers()
        out += [Note([Run(a)]) for a in dict.fromkeys(self.also)]
        out += self._unplaced()
        return out + [self._short_source(), Note([Run(dataset_line(self.ledger, w))])]

    def _short_source(self) -> Note:
        """Under full notes the outlets are already named, one note each: the source line names who asserted."""
        w = self.words
        whos = list(dict.fromkeys(w.who(self.claims.loc[i]) for i in self.claim_ids()))
        return Note([Run(w.t("note.source_full", who="; ".join(whos)))])

    def compact_notes(self) -> list[Note]:
        w = self.words
        out = [self.source_note(), *self._daggers()]
        out += [Note([Run(w.t("note.remark", text=r))]) for r in dict.fromkeys(self.remarks)]
        out += [Note([Run(a)]) for a in dict.fromkeys(self.also)]
        out += self._unplaced()
        return out + [Note([Run(dataset_line(self.ledger, w))])]

    def for_size(self, size) -> list[Note]:
        """The notes printed under the chart at this size: a slide carries only its source line and caveats."""
        return self.slide_notes() if size.sidebar else self.notes()

    def slide_notes(self) -> list[Note]:
        """Who asserted the numbers, the caveats and the dataset; the numbered notes go beside the slide."""
        w = self.words
        whos = list(dict.fromkeys(w.who(self.claims.loc[i]) for i in self.claim_ids()))
        out = [Note([Run(w.t("note.slide_source", who="; ".join(whos)))])]
        if not self.compact and self.entries:
            out.append(Note([Run(w.t("note.slide_notes", first=w.marker(1), last=w.marker(len(self.entries))))]))
        out += self._daggers()
        out += self._unplaced()
        return out + [Note([Run(dataset_line(self.ledger, w))])]

    def fallback(self) -> list[Note]:
        """When full notes cannot fit: the compact notes, and where the numbered ones are listed."""
        w = self.words
        pointer = w.t("note.overflow", first=w.marker(1), last=w.marker(len(self.entries)))
        remarks = [e.brief for e in self.entries if e.brief]
        out = [self.source_note(), *self._daggers()]
        out += [Note([Run(w.t("note.remark", text=r))]) for r in dict.fromkeys(remarks)]
        out += [Note([Run(a)]) for a in dict.fromkeys(self.also)]
        out += self._unplaced()
        return out + [Note([Run(pointer)]), Note([Run(dataset_line(self.ledger, w))])]

    def _unplaced(self) -> list[Note]:
        if not self.unplaced:
            return []
        items = self.words.join(list(dict.fromkeys(self.unplaced)))
        return [Note([Run(self.words.t("note.unplaced", items=items))])]

    def lines(self) -> list[str]:
        """The notes as plain text lines, as the figures README lists them."""
        return [(n.marker + " " if n.marker else "") + " ".join(r.text for r in n.runs) for n in self.notes()]


def source_note(rows: pd.DataFrame, lang: str = "en") -> str:
    """A "Source: …" line for exactly these rows of `tl.tidy(ledger)`: who asserted each number, where and when
    it was published, and the dataset's version. Put it under any chart you make from them."""
    from troopledger import words

    w = words.get(lang)
    by_who: dict[str, list[str]] = {}
    for _, r in rows.iterrows():
        when = w.day(r["published"]) or w.published(r)
        by_who.setdefault(w.who(r), []).append(f"{r['outlet']} ({when})")
    groups = [w.t("note.source_who", who=who) + ", ".join(dict.fromkeys(where)) for who, where in by_who.items()]
    ids = ", ".join(rows["claim_id"]) if "claim_id" in rows else ""
    dataset = rows.attrs.get("dataset", "")
    return (
        w.t("note.source") + "; ".join(groups) + "." + (f" {ids}." if ids else "") + (f" {dataset}" if dataset else "")
    )
