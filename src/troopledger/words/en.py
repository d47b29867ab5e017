"""Every word an English reader sees: chart titles and labels, notes, alt text, table headers, notebook answers.

Whole sentences are templates in `T`, filled with `t(key, **values)`; numbers and dates are written by the
functions below (11,000; 6.5 million; 26 Jun 2025). The ledger's own text (outlet names, who asserted a figure,
its notes and caveats) is English and is quoted as it stands.
"""

from __future__ import annotations

import pandas as pd

from troopledger.story.model import blank, timestamp

LANG = "en"
LANG_NAME = "English"

# ----------------------------------------------------------------------------------------------- templates

T: dict[str, str] = {
    # the deployment waves (stock and flow)
    "waves.title": "{who}: {present} North Korean troops{where} as of {month}, of {sent} sent by then in {waves} "
    "(our sum)",
    "waves.title_no_present": "North Korean troops sent to Russia: {sent} in {waves} (our sum)",
    "waves.subtitle_top": "Top: troops {what} by wave, each bar at the middle of the period reported for it, "
    "that period drawn across its end.",
    "waves.subtitle_bottom": "Bottom: our running sum of the troops sent, against the numbers reported there.",
    "waves.sent": "sent (solid)",
    "waves.planned": "planned (hatched)",
    "waves.returned": "returned (below the line)",
    "waves.axis_top": "troops per wave",
    "waves.axis_bottom": "troops",
    "waves.wave": "Wave {n}",
    "waves.wave_figure": "Wave {n}: {figure}",
    "waves.part": "{unit}, {figure}",
    "waves.planned_label": "{figure} planned",
    "waves.plan_open": "{figure} planned, {when}",
    "waves.returned_label": "{figure} {unit} returned",
    "waves.returned_label_no_unit": "{figure} returned",
    "waves.sum": "{sum} sent in all (our sum)",
    "waves.present": "{figure}{where} ({who})",
    "waves.reported_total": "{figure} sent in all ({who})",
    "waves.gap": "gap: {gap}\n(our subtraction)",
    "waves.note_sum": "Our sum of the waves sent, not a reported figure: {terms} = {total}.",
    "waves.note_gap": "Our subtraction, not a reported figure: {sent} sent by {day} (our sum{ref_sent}) less "
    "{present} there{ref_present} = {gap}. Those no longer there include the dead, the wounded sent home and "
    "those who returned.",
    "waves.note_dated_by": "{claim} gives no date; it is drawn at the period {other} gives: {period}.",
    "waves.brief_dated_by": "{figure} ({what}) is dated by another report: {period}.",
    "waves.note_reported_total": "A reported running total; our sum at that point is {ours}.",
    "waves.caption": "{title}. Bars stand at the middle of the period each wave was reported for; planned troops "
    "are hatched, returns hang below the line. The running total ramps across each period because the day "
    "troops moved is not known.",
    "waves.alt_intro": "Chart of North Korean troops sent to Russia by wave, from {start} to {end}.",
    "waves.alt_wave": "Wave {n}: {parts}.",
    "waves.alt_flow": "{figure}{unit} {status} {when}",
    "waves.alt_sum": "Our running sum of the troops sent reaches {sum}.",
    "waves.alt_present": "{who} reports {figure}{where} as of {day}.",
    "waves.alt_gap": "The gap between the two, {gap}, is our subtraction.",
    "status.sent": "sent",
    "status.planned": "planned",
    "status.returned": "returned",
    # reports of a total over time (casualties, workers)
    "growth.rose": "{who}: {noun} rose from {first} as of {d1} to {last} as of {d2}",
    "growth.fell": "{who}: {noun} fell from {first} as of {d1} to {last} as of {d2}",
    "growth.revised": "{who}: {noun} revised from {first} as of {d1} to {last} as of {d2}",
    "growth.single": "{who}: {last} {noun} as of {d2}",
    "growth.clause": "; {noun}: {last} as of {d2}",
    "growth.none": "Reported {noun}",
    "series.other": "; {who}: {figure} {when}",
    "series.subtitle": "Each report of {nouns}, at the date it applies to.",
    "series.subtitle_span": "Line under a mark: the period it covers.",
    "series.subtitle_join": "Thin line: {who}'s successive counts.",
    "series.panel": "{label}",
    "series.caption": "{title}. Each mark is one report, at the date it applies to; outlets carrying the same "
    "report share a mark.",
    "series.alt_intro": "Chart of reported {nouns}, one panel each, from {start} to {end}.",
    "series.alt_report": "{who}, {when}: {figure} {noun}.",
    "series.not_drawn": "Not drawn (no date): {figure} {noun}, {who}, {citation}.",
    # encodings, said only where a chart draws them
    "enc.filled": "Filled dot: a number, or about one.",
    "enc.bounds": "Open dot and arrow: a floor or a ceiling, the arrow pointing to the true figure.",
    "enc.vague": "Dotted arrow: a vague word, from the least it can mean.",
    "enc.range": "Thick line: a range.",
    "enc.dagger": "†: a caveat, given below.",
    "enc.primary": "Shaded: the primary article.",
    "enc.part": "A figure for part of the troops says so.",
    # every report side by side
    "q.size": "How big was the {ordinal} wave?",
    "q.size_unit": "How big was the {unit} part of the {ordinal} wave?",
    "q.planned": "How many were planned for the {ordinal} wave?",
    "q.planned_unit": "How many {unit} were planned for the {ordinal} wave?",
    "q.arrivals": "How many of the {ordinal} wave had arrived?",
    "q.arrivals_unit": "How many {unit} of the {ordinal} wave had arrived?",
    "q.returns": "How many of the {ordinal} wave came back?",
    "q.returns_unit": "How many {unit} of the {ordinal} wave came back?",
    "q.timing": "When did the {ordinal} wave go?",
    "q.total": "What do the reports say about {label}?",
    "q.label_size": "size of the {ordinal} wave",
    "q.label_size_unit": "size of the {ordinal} wave ({unit})",
    "q.label_planned": "planned size of the {ordinal} wave",
    "q.label_arrivals": "arrivals of the {ordinal} wave",
    "q.label_returns": "returns from the {ordinal} wave",
    "q.label_timing": "timing of the {ordinal} wave",
    "dis.troops_sent": "{who}: the {ordinal} wave was {lead}",
    "dis.troops_sent_unit": "{who}: the {unit} of the {ordinal} wave numbered {lead}",
    "dis.troops_planned": "{who}: {lead} planned for the {ordinal} wave",
    "dis.troops_planned_unit": "{who}: {lead} {unit} planned for the {ordinal} wave",
    "dis.troops_returned": "{who}: {lead} of the {ordinal} wave returned",
    "dis.troops_returned_unit": "{who}: {lead} {unit} of the {ordinal} wave returned",
    "dis.troops_arrived": "{who}: {lead} of the {ordinal} wave had arrived",
    "dis.troops_arrived_unit": "{who}: {lead} {unit} of the {ordinal} wave had arrived",
    "dis.flow": "{who}: {lead} ({label})",
    "dis.earlier": " ({earlier} as of {d})",
    "dis.others_range": "; other reports range from {low} to {high}",
    "dis.others_one": "; {who}: {figure}",
    "dis.others_list": "; {items}",
    "dis.item": "{who}: {figure}{where}",
    "dis.timing": "Reports put the {ordinal} wave in {periods}",
    "dis.timing_broader": "; {n} broader {periods_word} fit {both}",
    "dis.subtitle": "The {label}: every report's {what}, one row per report, labelled with the outlet and the "
    "date the claim was made (oldest at the top). Reports are not averaged.",
    "dis.what_count": "figure",
    "dis.what_time": "period",
    "dis.row": "{outlet}, {claim_date}\n{who}",
    "dis.row_one_line": "{outlet}, {claim_date} · {who}",
    "dis.vague": "{figure} (at least {floor})",
    "dis.part": "{figure} ({part} only)",
    "dis.closed": "{figure} ({period} only)",
    "dis.period_value_unit": "{period} ({figure} {unit})",
    "dis.period_value": "{period} ({figure})",
    "dis.caption": "{title}. Every report is shown as given; none is averaged or dropped.",
    "dis.alt_intro": "Dot chart of the {label}, one row per report.",
    "dis.alt_row": "{outlet}, {claim_date}: {value}.",
    # notes under every chart
    "note.claims": "{ids}: {attribution}; {citation}",
    "note.more_claims": "{first} and {n} more: {attribution}; {citation}",
    "note.dagger": "{figure} ({outlet}, {claim_date}): {caveat}.",
    "note.source": "Source: ",
    "note.slide_source": "Source: {who}. Outlets and links: figures/README.md.",
    "note.slide_notes": "Notes {first}–{last}: in the notes file beside this slide, and in figures/README.md.",
    "note.source_full": "Source: {who}, as reported by the outlets in the notes, each linked to its page.",
    "note.source_who": "{who}, reported by ",
    "note.dataset": "Data: {title}, version {version}; data as of {as_of}.",
    "note.overflow": "Notes {first}–{last} for the numbers on this chart are listed in figures/README.md.",
    "note.unplaced": "Not labelled on the chart, for lack of room: {items}.",
    "note.remark": "Note: {text}",
    "version.unreleased": "{version} + {n} unreleased {changes}",
    # tables
    "table.reported-figures": "Every figure the primary article gives, with its source note.",
    "table.deployment-waves": "The waves as charted: sent, planned and returned, with our running sum of the "
    "waves sent.",
    "table.casualties": "Killed, wounded and total casualties by the date each claim was made.",
    "table.series": "Every report of {labels}, with its source note.",
    "table.disagreements": "Each contested quantity with every source's value side by side; the primary "
    "article and the lead flagged.",
    "table.ledger": "Every claim in the ledger, with its source note and link.",
    "table.as_of": " Data as of {as_of} (the latest claim in the ledger).",
    "table.help": "Each row's source note: asserted_by (who made the claim), relayed_by, published_in (outlet and "
    "publication date), claim_date (when the claim was made), refers_to (the period, in the source's words), "
    "caveat, claim_id (the row in data/claims.csv) and url. low, best and high are the bounds the words allow, "
    "as plain numbers.",
    "table.yes": "yes",
    "table.our_sum": "{total} (our sum)",
    "table.not_dated": "not dated",
    "table.whole_wave": "whole wave",
    # notebook answers
    "ans.overview": "The ledger holds {claims} from {sources} and {events}; {event_only}. {primary} claims "
    "come from the primary article ({citation}). {as_of}",
    "ans.as_of": "Data as of {day} (the date of the latest claim in the ledger).",
    "ans.primary": "The primary article gives {n}: {figures}. {main} are attributed to {who}{others}.",
    "ans.primary_item": "{figure} ({measure}{wave})",
    "ans.primary_wave": ", wave {n}",
    "ans.via": "{who} via {conduit}",
    "ans.no_one": "no one named",
    "ans.primary_other": "; {figure} ({measure}) is {who}",
    "ans.all_claims": "{scope} has {claims} from {sources}: {what}.",
    "ans.scope_all": "The ledger",
    "ans.scope_measure": "For {measure}, the ledger",
    "ans.waves_present": "{who}: {figure} North Korean troops{where} as of {day}.",
    "ans.waves_sum": "The waves reported sent add up to {total} (our sum, not a reported figure): {parts}.",
    "ans.waves_part": "wave {n}, {flows}",
    "ans.waves_flow": "{figure}{unit} {when} ({who})",
    "ans.waves_planned": "{who} said {figure} were planned for wave {n} (as of {day}).",
    "ans.waves_returned": "{who}: {figure}{unit} returned {when} (as of {day}).",
    "ans.events": "{n} frame the waves: {kinds}.",
    "ans.casualties_latest": " The latest total the story draws: {who}, {figure} killed and wounded as of {day}, "
    "against {total} troops sent (our sum of the waves).",
    "ans.series": "{title}.",
    "ans.disagreement_primary": " The primary article says {figures}.",
    "ans.disagreement_no_primary": " The primary article gives no figure for this.",
    "ans.disagreement_lead": " The other charts draw the lead figure, {figure} ({who}, {when}).",
    "ans.contested": "The reports cannot all be right on {n}: {labels}.",
    "ans.chart": "Chart: figures/{slug}.png (also SVG and PDF). {title}.",
    "ans.civilians": " They are civilians: no troop total in this bundle includes them.",
    "ans.munitions": "{n} of munitions: {items}.",
    "ans.work": "What the engineers did, as reported: {items}.",
    "ans.none": "The ledger holds no report of this yet.",
    # the HTML edition (docs/)
    "html.title": "North Korean troops in Russia: the reported figures, with their sources",
    "html.meta": "{title}, version {version}; data as of {as_of} (the latest claim).",
    "html.about": "Every figure here is one number as one source reported it, with who asserted it, who relayed "
    "it, and where and when it was published; each links to the public page it comes from. Nothing is averaged: "
    "where reports disagree, every one is shown.",
    "html.other_language": "한국어",
    "html.home": "Home",
    "html.headlines": "The figures in brief",
    "html.charts": "Charts",
    "html.downloads": "Download:",
    "html.table": "table {slug} (CSV)",
    "html.sources": "The {n} claims this chart draws, each linked to its source",
    "html.claims": "Every claim",
    "html.claims_summary": "All {n} claims in the ledger, each linked to its source",
    "html.notebooks": "Notebooks",
    "html.notebooks_language": "The notebooks show every answer with its table; they are in English.",
    "html.tables": "Tables",
    "html.tables_about": "Every table carries each figure's source note and link, and its bounds as plain numbers "
    "(CSV in UTF-8, which Excel opens as written):",
    "html.cite": "How to cite",
    "html.cite_text": "Cite the dataset as “{title}”, version {version}, and the report behind a figure by its "
    "address (given with every figure).",
    "html.licence": "Data and charts: CC BY 4.0. Code: MIT.",
    # figures/README.md
    "readme.title": "# Figures and tables",
    "readme.made": "Made by `make` (`python -m troopledger build`) from {title}, version {version}; data as of "
    "{as_of} (the latest claim). Do not edit by hand (run `make`).",
    "readme.markers": "Every number on a chart carries a note marker such as [3], resolved under the chart (full "
    "notes) and again below, with a link to each source; compact charts print one source line and are listed here "
    "with every claim they draw.",
    "readme.sizes": "Sizes: column, a 16 cm A4 text column (the files here); page, a full A4 or Letter page; slide, "
    "16:9 at 1920 × 1080 (`troopledger export --size`). PNG at 300 dpi, SVG with text kept as text, PDF with "
    "TrueType fonts; every footnote links to its source in SVG and PDF.",
    "readme.charts": "## Charts",
    "readme.files": "Files: {files}",
    "readme.caption": "Caption: {caption}",
    "readme.alt": "Alt text: {alt}",
    "readme.notes": "Notes printed on the chart:",
    "readme.claims": "Claims drawn:",
    "readme.tables": "## Tables",
    "readme.tables_about": "Each table comes as CSV (UTF-8 with a byte-order mark, so Excel reads it; "
    "spreadsheet-safe) and Markdown, and carries its source notes, bounds (low, best, high) and links in its own "
    "columns.",
    "readme.table": "- `{slug}.csv`, `{slug}.md`: {caption}",
    "readme.col_claim_id": "claim",
    "readme.col_figure": "figure",
    "readme.col_asserted_by": "asserted by",
    "readme.col_relayed_by": "relayed by",
    "readme.col_published_in": "published in",
    "readme.col_claim_date": "claim date",
    "readme.col_refers_to": "refers to",
    "readme.col_caveat": "caveat",
    "readme.col_url": "link",
    # codebook (data/README.md, computed part)
    "book.coverage": "**Coverage (computed from the ledger):** {claims} claims from {sources} sources, made from "
    "{first} to {last}{undated}; {events} context events dated from {ev_first} to {ev_last}. Data as of {last}, "
    "the date of the latest claim. Claims by measure: {measures}.",
    "book.undated": " ({n} with no known claim date)",
    "book.reads": "**What each chart and table reads** (chosen by the rule above; the claim ids are those drawn "
    "today):",
    "rule.waves": "the lead figure of each wave's troops sent (the whole wave, or each part), planned and "
    "returned; returns no wave is named for; planned troops that name no wave; our running sum; every report of "
    "the troops there at a date; the reported running totals sent",
    "rule.series": "every {labels} claim, at the date it applies to; the lead originator's series joined",
    "rule.question": "every claim answering: {question}",
    "rule.table.reported-figures": "every claim from the primary article",
    "rule.table.deployment-waves": "the same flows as the waves chart, with our running sum",
    "rule.table.casualties": "every killed, wounded and casualties claim",
    "rule.table.series": "every {labels} claim",
    "rule.table.disagreements": "every claim of every disagreement chart",
    "rule.table.ledger": "every claim",
}

PLURALS: dict[str, tuple[str, str]] = {
    "claim": ("{n} claim", "{n} claims"),
    "source": ("{n} source", "{n} sources"),
    "event": ("{n} context event", "{n} context events"),
    "more_source": ("{n} more source is cited by events only", "{n} more sources are cited by events only"),
    "figure": ("{n} figure", "{n} figures"),
    "wave": ("{n} wave", "{n} waves"),
    "dated_event": ("{n} dated event", "{n} dated events"),
    "quantity": ("{n} quantity", "{n} quantities"),
    "change": ("change", "changes"),
    "period": ("period", "periods"),
    "report": ("{n} report", "{n} reports"),
    "measure": ("{n} measure", "{n} measures"),
}


def t(key: str, **values: object) -> str:
    return T[key].format(**values)


def n(key: str, count: int) -> str:
    """A count with its noun: '1 claim', '3 claims'."""
    one, many = PLURALS[key]
    return (one if count == 1 else many).format(n=f"{count:,}")


def join(items: list[str], word: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (word 'or' for alternatives)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def both(count: int) -> str:
    return "both" if count == 2 else "all of them"


# ----------------------------------------------------------------------------------------------- numbers

QUALIFIERS = {
    "approximately": "about {n}",
    "nearly": "nearly {n}",
    "at_most": "up to {n}",
    "at_least": "at least {n}",
    "more_than": "more than {n}",
    "exact": "{n}",
    "roughly": "roughly {n}",
}


def number(n: int) -> str:
    """11,000; 6.5 million (a count of a million or more that rounds to a tenth of a million)."""
    n = int(n)
    if n >= 1_000_000 and n % 100_000 == 0:
        return f"{n / 1_000_000:g} million"
    return f"{n:,}"


def tick(v: float) -> str:
    """An axis tick: 10,000; 5 million."""
    if abs(v) >= 1_000_000 and v % 100_000 == 0:
        return f"{v / 1_000_000:g} million"
    return f"{v:,.0f}"


def quote(text: str) -> str:
    return f"“{text}”"


def phrase(c: pd.Series) -> str:
    """A claim's number, worded by its qualifier: 'about 1,000', 'at least 3,000', '“thousands”'."""
    q = c["qualifier"]
    if q == "vague":
        return quote(str(c["as_reported"]))
    if q == "range":
        return f"{number(c['low'])}–{number(c['high'])}"
    if q == "upper_estimate":  # the source's own ceiling: worded as one, so words and arrow agree
        return f"up to {number(c['high'])} (an upper estimate)"
    value = next(int(c[k]) for k in ("best", "low", "high") if not pd.isna(c[k]))
    return QUALIFIERS[q].format(n=number(value))


def hedged(value: int, hedge: str) -> str:
    """One of our sums or differences, as hedged as the figures behind it: 'about 21,000'."""
    return QUALIFIERS["exact" if hedge == "exact" else hedge].format(n=number(value))


def vague_floor(c: pd.Series) -> str:
    return number(int(c["low"]))


def marker(k: int) -> str:
    """The footnote key printed beside a number: full-size, so it reads at 7 pt in print."""
    return f"[{k}]"


DAGGER = "†"

# ----------------------------------------------------------------------------------------------- dates


def day(value: object) -> str:
    """'26 Jun 2025' (empty for a missing date); platform-independent, no leading zero."""
    ts = timestamp(value)
    return "" if ts is None else f"{ts.day} {ts:%b %Y}"


def month(value: object) -> str:
    ts = timestamp(value)
    return "" if ts is None else f"{ts:%b %Y}"


def month_long(value: object) -> str:
    ts = timestamp(value)
    return "" if ts is None else f"{ts:%B %Y}"


def month_tick(ts: pd.Timestamp, with_year: bool) -> str:
    return f"{ts:%b}\n{ts.year}" if with_year else f"{ts:%b}"


def span(start: object, end: object, precision: str | None = "day") -> str:
    """A dated span at the precision it is known: 'Oct 2024', '8–13 Oct 2024', '2024', 'not dated'."""
    a, b = timestamp(start), timestamp(end)
    if a is None:
        return "not dated" if b is None else f"by {day(b)}"
    b = a if b is None else b
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


def period_words(start, end, open_end: bool, precision: str) -> str:
    """A period in a sentence: 'in October 2024', 'from September 2025', 'in 2024'."""
    a, b = timestamp(start), timestamp(end)
    if a is None or b is None:
        return "at a time not reported"
    if open_end:
        return f"from {a:%B %Y}"
    if precision == "year" and a.year == b.year and (a.month, b.month) == (1, 12):
        return f"in {a.year}"
    if a == b:
        return f"on {a.day} {a:%B %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"in {a:%B %Y}" if a.day == 1 else f"from {a.day} to {b.day} {a:%B %Y}"
    if a.year == b.year:
        return f"from {a:%B} to {b:%B %Y}"
    return f"from {a:%B %Y} to {b:%B %Y}"


def period_name(start, end, precision: str) -> str:
    """A period as a noun: 'October 2024', '2024', 'September to November 2024', '8 to 13 October 2024'."""
    a, b = timestamp(start), timestamp(end)
    if a is None or b is None:
        return "a time not reported"
    if precision == "year" and a.year == b.year and (a.month, b.month) == (1, 12):
        return str(a.year)
    if a == b:
        return f"{a.day} {a:%B %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a:%B %Y}" if a.day == 1 else f"{a.day} to {b.day} {a:%B %Y}"
    if a.year == b.year:
        return f"{a:%B} to {b:%B %Y}"
    return f"{a:%B %Y} to {b:%B %Y}"


def claim_date(c: pd.Series) -> str:
    """When the claim was made, labelled as such: 'as of 15 Jun 2025' or 'claim date not known'."""
    return f"as of {day(c['as_of'])}" if timestamp(c["as_of"]) is not None else "claim date not known"


def as_of(value: object) -> str:
    return f"as of {month(value)}"


def published(src: pd.Series) -> str:
    return "publication date not shown" if blank(src["published"]) else f"published {day(src['published'])}"


# ----------------------------------------------------------------------------------------------- who and where

# Shorter names for titles, where the full one would take a line of its own. Anything else is quoted whole.
SHORT_WHO = {
    "Ukraine's defence intelligence (GUR)": "Ukraine's intelligence",
    "President Zelensky": "Zelensky",
    "UK MoD Defence Intelligence": "UK defence intelligence",
    "Multilateral Sanctions Monitoring Team (MSMT)": "MSMT",
    "ROK Defense Intelligence Agency": "South Korea's Defense Intelligence Agency",
    "South Korean, Ukrainian and Western sources": "Reuters' sources",
    "Kursk governor Alexander Khinshtein": "Kursk governor Khinshtein",
}
NOT_ATTRIBUTED = "not attributed"
UNATTRIBUTED = "Unattributed reports"


def who(c: pd.Series) -> str:
    value = c["originator"]
    return NOT_ATTRIBUTED if blank(value) else str(value)


def short_who(c: pd.Series) -> str:
    value = c["originator"]
    return UNATTRIBUTED if blank(value) else SHORT_WHO.get(str(value), str(value))


def attribution(c: pd.Series) -> str:
    """Who asserted a number and who relayed it: 'NIS via Lee Seong-kweun'."""
    out = who(c)
    return out if blank(c["conduit"]) else f"{out} via {c['conduit']}"


def outlet(src: pd.Series) -> str:
    name = str(src["outlet"])
    return name if blank(src["carried_by"]) else f"{name} (via {src['carried_by']})"


def citation(src: pd.Series) -> str:
    """Short form of a source, as printed under charts: 'The Independent, published 16 Jun 2025'."""
    return f"{outlet(src)}, {published(src)}"


def where(place: object) -> str:
    """' in Kursk region', ' near the Russia–Ukraine border'; '' when no place is given."""
    if blank(place):
        return ""
    text = str(place)
    return f" {text}" if text.split(" ")[0] in ("near", "in", "at", "along", "inside") else f" in {text}"


def unit(value: object) -> str:
    return "" if blank(value) else str(value)


ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()


def ordinal(k: int) -> str:
    return ORDINALS[k - 1] if 1 <= k <= len(ORDINALS) else f"{k}th"


def covers(c: pd.Series) -> str:
    """What part of the troops a figure covers, when not all: 'engineers, third wave'."""
    parts = [] if blank(c["unit"]) else [str(c["unit"])]
    if not blank(c["wave"]):
        parts.append(f"{ordinal(int(c['wave']))} wave")
    return ", ".join(parts)


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop: alt text is read aloud."""
    text = text.strip()
    if not text:
        return text
    first = text.split(" ", 1)[0]
    if "." not in first:  # 'news.online.ua' is a name, kept as written
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def ledger_text(value: object) -> str:
    """Text from the ledger itself (a caveat, a period in the source's words), quoted as it stands."""
    return "" if blank(value) else str(value)


# ----------------------------------------------------------------------------------------------- measures

MEASURE_LABELS = {
    "troops_sent": "troops sent",
    "troops_arrived": "troops arrived",
    "troops_planned": "troops planned",
    "troops_returned": "troops returned",
    "troops_present": "troops present",
    "killed": "killed",
    "wounded": "wounded",
    "casualties": "casualties (killed and wounded)",
    "artillery_shells": "artillery shells",
    "ballistic_missiles": "ballistic missiles",
    "workers_sent": "workers sent (civilians)",
    "explosive_objects_destroyed": "explosive objects destroyed",
    "hectares_cleared": "hectares cleared",
}
# How a measure reads in a title ('NIS: about 2,000 North Korean troops killed ...').
NOUNS = {
    "troops_sent": "North Korean troops sent",
    "troops_present": "North Korean troops",
    "killed": "North Korean troops killed",
    "wounded": "North Korean troops wounded",
    "casualties": "killed and wounded",
    "artillery_shells": "artillery shells",
    "ballistic_missiles": "ballistic missiles",
    "workers_sent": "North Korean workers sent to Russia",
    "explosive_objects_destroyed": "explosive objects destroyed by the engineers",
    "hectares_cleared": "hectares cleared by the engineers",
}
PANEL_TITLES = {"casualties": "Killed and wounded together", "killed": "Killed", "wounded": "Wounded"}
QUESTIONS = {
    "troops_sent": "How many troops have been sent in all?",
    "troops_present": "How many North Korean troops are there?",
    "killed": "How many North Korean troops have been killed?",
    "wounded": "How many have been wounded?",
    "casualties": "How many casualties in all?",
    "artillery_shells": "How many artillery shells has North Korea supplied?",
    "workers_sent": "How many workers has North Korea sent?",
}
TOTAL_LABELS = {
    "troops_sent": "troops sent in all",
    "troops_present": "number of troops there",
    "killed": "number of troops killed",
    "wounded": "number of troops wounded",
    "casualties": "total casualties",
    "artillery_shells": "artillery shells supplied",
}


def measure_label(measure: str, catalogue_label: str = "") -> str:
    return MEASURE_LABELS.get(measure) or catalogue_label or measure.replace("_", " ")


def noun(measure: str, catalogue_label: str = "") -> str:
    return NOUNS.get(measure) or measure_label(measure, catalogue_label)


def panel_title(measure: str, catalogue_label: str = "") -> str:
    label = PANEL_TITLES.get(measure) or measure_label(measure, catalogue_label)
    return label[:1].upper() + label[1:]


def total_question(measure: str, catalogue_label: str = "") -> str:
    return QUESTIONS.get(measure) or t("q.total", label=measure_label(measure, catalogue_label))


def total_label(measure: str, catalogue_label: str = "") -> str:
    return TOTAL_LABELS.get(measure) or measure_label(measure, catalogue_label)


# ----------------------------------------------------------------------------------------------- tables

COLUMNS = {
    "figure": "figure",
    "measure": "measure",
    "wave": "wave",
    "unit": "unit",
    "low": "low",
    "best": "best",
    "high": "high",
    "asserted_by": "asserted_by",
    "relayed_by": "relayed_by",
    "published_in": "published_in",
    "claim_date": "claim_date",
    "refers_to": "refers_to",
    "caveat": "caveat",
    "claim_id": "claim_id",
    "url": "url",
    "question": "question",
    "primary_article": "primary_article",
    "lead": "lead",
    "status": "status",
    "period": "period",
    "running_total_sent": "running_total_sent",
    "dated_by": "dated_by",
    "event_id": "event_id",
    "date": "date",
    "precision": "precision",
    "event": "event",
    "same_as": "same_as",
    "claims": "claims",
    "lead_figure": "lead_figure",
    "chart": "chart",
}
CLAIM_DATE_UNKNOWN = "not known"
EVENT_KINDS: dict[str, str] = {}


def event_kind(kind: str) -> str:
    return EVENT_KINDS.get(kind, kind)
