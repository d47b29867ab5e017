"""Cross-field rules: what a schema cannot say but a reader of the ledger relies on."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from troopledger.ledger.errors import Problem
from troopledger.ledger.measures import Measure, of_kind
from troopledger.ledger.phrases import VAGUE_FLOORS, Reading, bounds_for, read_phrase, thousands_separator
from troopledger.ledger.schema import INVALID, Table, Value, show

BOUNDS = ("low", "best", "high")
# Two claims alike in all of these are one report pasted twice (as_reported, dates and names aside).
SAME_CLAIM = (
    "source_id",
    "measure",
    "scope",
    "wave",
    "unit",
    "qualifier",
    "low",
    "best",
    "high",
    "period_start",
    "period_end",
)


def _fmt(n: int | None) -> str:
    return "empty" if n is None else str(n)


def _check_period(row: dict[str, Value], file: str, line: int, start: str, end: str, problems: list[Problem]) -> None:
    """start <= end, and the dates agree with date_precision (a month runs first day to last)."""
    a, b, precision = row.get(start), row.get(end), row.get("date_precision")
    if precision is INVALID:
        return
    if isinstance(a, dt.date) and isinstance(b, dt.date) and b < a:
        problems.append(Problem(file, line, end, f"{b} is before {start} ({a})"))
    if precision is None:
        return
    if precision == "not_stated":
        for col, value in ((start, a), (end, b)):
            if value is not None and value is not INVALID:
                problems.append(Problem(file, line, col, "must be empty when date_precision is not_stated"))
        return
    if a is None and b is None:
        problems.append(Problem(file, line, "date_precision", f"is {precision} but {start} and {end} are both empty"))
        return
    if precision in ("month", "year"):
        if isinstance(a, dt.date) and (a.day != 1 or (precision == "year" and a.month != 1)):
            problems.append(
                Problem(file, line, start, f"{a} is not the first day of a {precision} (date_precision is {precision})")
            )
        if isinstance(b, dt.date):
            last = calendar.monthrange(b.year, b.month)[1]
            if b.day != last or (precision == "year" and b.month != 12):
                problems.append(
                    Problem(
                        file, line, end, f"{b} is not the last day of a {precision} (date_precision is {precision})"
                    )
                )


def _check_bounds(row: dict[str, Value], file: str, line: int, problems: list[Problem]) -> None:
    low, best, high = (row.get(k) for k in BOUNDS)
    if isinstance(best, int) and isinstance(high, int) and best > high:
        problems.append(Problem(file, line, "best", f"{best} is above high ({high})"))
    if isinstance(best, int) and isinstance(low, int) and best < low:
        problems.append(Problem(file, line, "best", f"{best} is below low ({low})"))
    if isinstance(low, int) and isinstance(high, int) and low > high:
        problems.append(Problem(file, line, "low", f"{low} is above high ({high})"))


def read_claim_phrase(phrase: str, upper_estimate: bool = False) -> tuple[Reading | None, str, str]:
    """The qualifier and bounds an as_reported phrase implies, or the column and message saying why none.

    `upper_estimate` is the one override of the wording (the source calls its figure a ceiling).
    check and add both use this, so that add fills a row exactly as check expects it.
    """
    grouped = thousands_separator(phrase)
    if grouped:
        separator, count = grouped
        return (
            None,
            "as_reported",
            f"{show(phrase)} uses {separator} as a thousands separator: write {count:,} in as_reported; "
            f"low/best/high take digits only: {count}",
        )
    reading = read_phrase(phrase)
    if reading is None and re.search(r"\d", phrase):
        return None, "as_reported", f"{show(phrase)} has no whole number to read as a count (e.g. 11,000)"
    if reading is None:
        known = ", ".join(repr(w) for w in VAGUE_FLOORS)
        return None, "as_reported", f"{show(phrase)} states no number and none of the vague words {known}"
    if upper_estimate:
        if reading.qualifier in ("range", "vague"):
            return None, "qualifier", f"upper_estimate needs one number, not {show(phrase)}"
        n = next(v for v in (reading.best, reading.low, reading.high) if v is not None)
        reading = Reading("upper_estimate", *bounds_for("upper_estimate", n))
    return reading, "", ""


def _check_phrase(row: dict[str, Value], file: str, line: int, problems: list[Problem]) -> None:
    """The number in as_reported must be the number in low/best/high, bounded as its words say."""
    phrase, qualifier = row.get("as_reported"), row.get("qualifier")
    if not isinstance(phrase, str) or not isinstance(qualifier, str) or any(row.get(k) is INVALID for k in BOUNDS):
        return  # a cell that failed its own check is reported once, not misread here
    reading, column, why = read_claim_phrase(phrase, upper_estimate=qualifier == "upper_estimate")
    if reading is None:
        problems.append(Problem(file, line, column, why))
        return
    if qualifier == "upper_estimate" and not row.get("caveat"):
        problems.append(
            Problem(file, line, "caveat", "is required when the qualifier is upper_estimate: say why it is one")
        )
    if reading.qualifier != qualifier:
        problems.append(
            Problem(
                file,
                line,
                "qualifier",
                f"{show(qualifier)} does not fit the wording {show(phrase)} (expected {reading.qualifier})",
            )
        )
        return
    for col, want in zip(BOUNDS, (reading.low, reading.best, reading.high), strict=True):
        got = row.get(col)
        if got == want:
            continue
        if got is not None and want is None:
            why = (
                f"must be empty: {reading.vague_word!r} means at least {reading.low} and nothing more"
                if qualifier == "vague"
                else f"must be empty when the qualifier is {qualifier} ({show(phrase)})"
            )
            problems.append(Problem(file, line, col, f"{got} {why}"))
        else:
            problems.append(
                Problem(
                    file, line, col, f"{_fmt(got)} does not match as_reported {show(phrase)} (expected {_fmt(want)})"
                )
            )


def _last_day(start: Value, precision: Value) -> dt.date | None:
    """The last day of the month, season or year an open-ended period starts in (the day itself for day)."""
    if not isinstance(start, dt.date):
        return None
    if precision == "year":
        return dt.date(start.year, 12, 31)
    if precision == "season":
        month = start.month + 2
        year, month = start.year + (month - 1) // 12, (month - 1) % 12 + 1
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if precision == "month":
        return dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


def _check_timing(row: dict[str, Value], file: str, line: int, kind: str | None, problems: list[Problem]) -> None:
    """A plan refers to a later period than its claim date; a deployment, or a count at a date, to an earlier one."""
    measure, as_of = row.get("measure"), row.get("as_of")
    start, end = row.get("period_start"), row.get("period_end")
    if not isinstance(as_of, dt.date):
        return
    if kind == "plan":
        # A plan may be dated by the month (or season, year) the claim was made in: "from August 2025",
        # said on 12 August. It must not refer to a period that was over when the claim was made.
        col, when = ("period_start", start) if isinstance(start, dt.date) else ("period_end", end)
        last = end if isinstance(end, dt.date) else _last_day(start, row.get("date_precision"))
        if isinstance(when, dt.date) and isinstance(last, dt.date) and last < as_of:
            problems.append(
                Problem(
                    file,
                    line,
                    col,
                    f"{when} is before as_of ({as_of}), but a planned figure must refer to a later period",
                )
            )
    elif kind in ("flow", "stock"):
        col, when = ("period_end", end) if isinstance(end, dt.date) else ("period_start", start)
        if isinstance(when, dt.date) and when > as_of:
            problems.append(
                Problem(
                    file,
                    line,
                    col,
                    f"{when} is after as_of ({as_of}), but a {measure} figure must refer to an earlier period",
                )
            )


def _check_scope(
    row: dict[str, Value], file: str, line: int, kind: str | None, stocks: list[str], problems: list[Problem]
) -> None:
    """Which scopes fit which kinds of measure, and that a part of a wave says which part and which wave."""
    measure, scope, wave, unit = (row.get(k) for k in ("measure", "scope", "wave", "unit"))
    if INVALID in (measure, scope, wave, unit) or measure is None or scope is None:
        return
    if kind == "total" and scope != "cumulative":
        problems.append(Problem(file, line, "scope", f"{measure} figures are totals to date: use cumulative"))
    elif kind == "stock" and scope != "at_date":
        problems.append(Problem(file, line, "scope", f"{measure} is a count at the claim date: use at_date"))
    elif scope == "at_date" and kind != "stock":
        what = " and ".join(stocks) or "stocks"
        problems.append(Problem(file, line, "scope", f"at_date is for {what}; {measure} is not a stock"))
    elif scope == "wave_part":
        for col, value in (("wave", wave), ("unit", unit)):
            if value is None:
                problems.append(Problem(file, line, col, "is required when scope is wave_part"))
    elif scope == "wave" and unit is not None:
        problems.append(Problem(file, line, "unit", "must be empty when scope is wave: a part of a wave is wave_part"))


def _check_refs(
    table: Table, row: dict[str, Value], line: int, known: dict[str, set[str] | None], problems: list[Problem]
) -> None:
    """Ids cited in a note must exist, so a cross-reference never dangles."""
    note = row.get("note")
    if not isinstance(note, str):
        return
    for ref in re.findall(r"\b([CE]\d{2,})\b", note):
        pool = known["C" if ref.startswith("C") else "E"]
        if pool is not None and ref not in pool:  # None: that file could not be read at all
            target = "claims.csv" if ref.startswith("C") else "events.csv"
            problems.append(Problem(table.file, line, "note", f"refers to {ref}, which is not in {target}"))


def _cites(row: dict[str, Value], claim_id: Value) -> bool:
    """Whether the row's note names the claim: how a maintainer says two look-alike claims both stand."""
    note = row.get("note")
    return isinstance(note, str) and isinstance(claim_id, str) and re.search(rf"\b{claim_id}\b", note) is not None


def _check_repeats(claims: Table, problems: list[Problem]) -> None:
    """A claim pasted twice under a new id: same source, same quantity, same numbers, same period.

    Two outlets reporting one number are two claims, and so are two numbers in one report; one report's
    one number entered twice is a slip, unless a note says why both stand (it cites the other claim).
    """
    first: dict[tuple[Value, ...], tuple[dict[str, Value], int]] = {}
    for row, line in zip(claims.rows, claims.lines, strict=True):
        key = tuple(row.get(col) for col in SAME_CLAIM)
        claim_id = row.get("claim_id")
        if INVALID in key or not isinstance(claim_id, str):
            continue
        if key not in first:
            first[key] = (row, line)
            continue
        other, other_line = first[key]
        other_id = other.get("claim_id")
        if other_id == claim_id or _cites(row, other_id) or _cites(other, claim_id):
            continue  # the same id is reported as a duplicate key; a cited twin is explained
        problems.append(
            Problem(
                claims.file,
                line,
                "claim_id",
                f"{claim_id} repeats {other_id} ({claims.file}:{other_line}): same source, measure, scope, wave, "
                f"unit, value and period; delete one, or say in the note why both stand (citing {other_id})",
            )
        )


def check_rules(tables: dict[str, Table], problems: list[Problem], measures: dict[str, Measure]) -> None:
    """Every rule beyond the schema; `measures` is the catalogue, which says which rules fit which measure."""
    kinds = {m.value: m.kind for m in measures.values()}
    stocks = of_kind(measures, "stock")
    sources, claims, events = (tables.get(n) for n in ("sources", "claims", "events"))
    published: dict[Value, tuple[Value, int]] = {}
    if sources and sources.readable:
        primaries = [
            line for row, line in zip(sources.rows, sources.lines, strict=True) if row.get("role") == "primary"
        ]
        if not primaries and sources.rows:
            problems.append(Problem(sources.file, None, "role", "no source is marked primary"))
        for line in primaries[1:]:
            problems.append(
                Problem(sources.file, line, "role", f"a second primary source (the first is on line {primaries[0]})")
            )
        published = {
            r.get("source_id"): (r.get("published"), ln) for r, ln in zip(sources.rows, sources.lines, strict=True)
        }
    known = {
        "C": claims.seen_ids if claims and claims.readable else None,
        "E": events.seen_ids if events and events.readable else None,
    }

    def after_publication(table: Table, row: dict[str, Value], line: int, col: str) -> None:
        when = row.get(col)
        pub, pub_line = published.get(row.get("source_id"), (None, 0))
        if isinstance(when, dt.date) and isinstance(pub, dt.date) and when > pub:
            problems.append(
                Problem(
                    table.file,
                    line,
                    col,
                    f"{when} is after its source was published ({pub}, {sources.file if sources else ''}:{pub_line})",
                )
            )

    if claims and claims.readable:
        for row, line in zip(claims.rows, claims.lines, strict=True):
            _check_bounds(row, claims.file, line, problems)
            _check_phrase(row, claims.file, line, problems)
            _check_period(row, claims.file, line, "period_start", "period_end", problems)
            kind = kinds.get(row.get("measure"))
            _check_timing(row, claims.file, line, kind, problems)
            _check_scope(row, claims.file, line, kind, stocks, problems)
            _check_refs(claims, row, line, known, problems)
            after_publication(claims, row, line, "as_of")
        _check_repeats(claims, problems)
    if events and events.readable:
        for row, line in zip(events.rows, events.lines, strict=True):
            _check_period(row, events.file, line, "date_start", "date_end", problems)
            if row.get("same_as") is not None and row.get("same_as") == row.get("event_id"):
                problems.append(Problem(events.file, line, "same_as", "an event cannot be the same as itself"))
            _check_refs(events, row, line, known, problems)
            after_publication(events, row, line, "date_start")
