"""Add one claim, and its source if the report is new, without editing the CSVs by hand.

Hand edits are where the ledger breaks: an unquoted 5,000 splits a row, a spreadsheet rewrites
every date, bounds drift from the phrase. `add` derives what can be derived (the next claim id,
the qualifier and bounds from the phrase, a new source's id, the defaults the codebook implies),
validates the whole ledger with the new rows in place, and writes only a ledger that passes. It
appends to each file's bytes, so no existing row is rewritten, and swaps files in atomically, so
an interrupted run leaves the old file or the new one, never half of one.

Only the standard library and the validator are imported: `add`, like `check`, must stay quick.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from troopledger.ledger import check_folder, problem_order, validate
from troopledger.ledger.atomic import replace_all
from troopledger.ledger.errors import Problem
from troopledger.ledger.measures import Measure
from troopledger.ledger.phrases import Reading
from troopledger.ledger.rules import read_claim_phrase
from troopledger.ledger.schema import Table, show

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class NewSource:
    """A report not yet in sources.csv. `source_id` empty: derived as outlet slug + yyyymmdd."""

    outlet: str
    url: str
    published: str = ""  # YYYY-MM-DD, or empty when the page shows no date
    carried_by: str = ""
    title: str = ""
    note: str = ""
    source_id: str = ""


@dataclass(frozen=True)
class NewClaim:
    """One number as one source reported it. Empty strings are empty cells, or derived defaults."""

    measure: str
    phrase: str  # the short number phrase as the source wrote it: as_reported
    source_id: str = ""  # an existing source; empty when the claim comes with a NewSource
    wave: int | None = None
    unit: str = ""
    scope: str = ""  # empty: derived from measure, wave and unit (default_scope)
    qualifier: str = ""  # empty: read from the phrase; "upper_estimate" is the only override
    period_start: str = ""
    period_end: str = ""
    precision: str = ""  # empty: not_stated, which needs no period dates
    period_as_reported: str = ""  # empty with not_stated: "not stated"
    as_of: str = ""  # empty: the source's publication date, if it has one
    originator: str = ""
    conduit: str = ""
    place: str = ""
    purpose: str = ""
    caveat: str = ""
    note: str = ""


@dataclass
class Outcome:
    """What add did: the ids it used, and the problems that stopped it (then nothing was written)."""

    claim_id: str = ""
    source_id: str = ""
    files: dict[str, str] = field(default_factory=dict)  # "sources"/"claims" -> file name, as written
    problems: list[Problem] = field(default_factory=list)

    @property
    def new_source(self) -> bool:
        """Whether a source row was written too, so the CLI can say so."""
        return "sources" in self.files


class UsageError(ValueError):
    """Options that cannot make a row at all (a period without its precision, say); the CLI exits 2."""


def usage_problem(claim: NewClaim, source: NewSource | None) -> str | None:
    """Why these options cannot describe one claim, before anything is read; None when they can."""
    if bool(claim.source_id) == (source is not None):
        return "give either --source-id (an existing source) or --url and --outlet (a new one)"
    if claim.qualifier not in ("", "upper_estimate"):
        return "--qualifier can only be upper_estimate; every other qualifier is read from --phrase"
    if (claim.period_start or claim.period_end) and not claim.precision:
        return "--period-start/--period-end need --precision (day, month, season or year)"
    if claim.precision not in ("", "not_stated") and not claim.period_as_reported:
        return f"--precision {claim.precision} needs --period-as-reported: the period in the source's words"
    if source is not None and not source.source_id:
        if not source.published:
            return (
                "--published is not given, so the new source's id cannot carry its date: name it with "
                "--new-source-id (the codebook then uses the page's own number, as in kbsworld-seq192744)"
            )
        if not ISO_DATE.fullmatch(source.published):
            return f"--published {source.published!r} is not a date in the form YYYY-MM-DD"
    return None


def next_claim_id(ids: Iterable[str]) -> str:
    """C and the number after the highest one in use, at least three digits (C099 -> C100).

    Taking the highest, not the first gap, keeps ids in the order claims were added and never
    gives a deleted claim's id to a new number that a note elsewhere might still cite.
    """
    numbers = [int(m[1]) for m in (re.fullmatch(r"C(\d+)", i) for i in ids) if m]
    return f"C{max(numbers, default=0) + 1:03d}"


def outlet_slug(outlet: str, sources: Table) -> str:
    """The id prefix for an outlet: the one its earlier reports use, else its name reduced to a-z0-9.

    Reusing the prefix keeps one outlet under one slug (donga, not dongailbo, for 'Dong-A Ilbo
    (English)'); a new outlet drops a leading 'The' and anything in parentheses.
    """
    for row in sources.rows:
        name, sid = row.get("outlet"), row.get("source_id")
        if isinstance(name, str) and isinstance(sid, str) and name.casefold() == outlet.strip().casefold():
            dated = re.fullmatch(r"(.+)-\d{8}", sid)
            if dated:
                return dated[1]
    name = re.sub(r"\(.*?\)", " ", outlet).strip().casefold()
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^the\s+", "", name))


def default_scope(measure: str, wave: int | None, unit: str, measures: dict[str, Measure]) -> str:
    """The scope a claim has when none is given, as the rules require it for the measure's kind.

    `measures` is the catalogue from datapackage.json; an unknown measure gets the scope its wave and
    unit suggest, and check then names the measure.
    """
    kind = measures[measure].kind if measure in measures else None
    if kind == "stock":
        return "at_date"
    if kind == "total" or wave is None:
        return "cumulative"
    return "wave_part" if unit else "wave"


def _cell(value: int | None) -> str:
    """An optional number as a CSV cell: None is an empty cell, never the text 'None'."""
    return "" if value is None else str(value)


def claim_cells(
    claim: NewClaim,
    reading: Reading | None,
    claim_id: str,
    source_id: str,
    published: str,
    measures: dict[str, Measure],
) -> dict[str, str]:
    """The claim's row by column name: the phrase's reading fills qualifier and bounds, defaults the rest.

    With no reading (the phrase states no number) those cells stay empty; the caller reports why.
    """
    precision = claim.precision or "not_stated"
    bounds = ("", "", "") if reading is None else tuple(_cell(v) for v in (reading.low, reading.best, reading.high))
    return {
        "claim_id": claim_id,
        "source_id": source_id,
        "measure": claim.measure,
        "scope": claim.scope or default_scope(claim.measure, claim.wave, claim.unit, measures),
        "wave": _cell(claim.wave),
        "unit": claim.unit,
        "as_reported": claim.phrase,
        "qualifier": reading.qualifier if reading else "",
        **dict(zip(("low", "best", "high"), bounds, strict=True)),
        "period_start": claim.period_start,
        "period_end": claim.period_end,
        "date_precision": precision,
        "period_as_reported": claim.period_as_reported or ("not stated" if precision == "not_stated" else ""),
        "as_of": claim.as_of or published,
        **{k: getattr(claim, k) for k in ("originator", "conduit", "place", "purpose", "caveat", "note")},
    }


def source_cells(source: NewSource, source_id: str) -> dict[str, str]:
    """The new source's row by column name; any report but the primary document corroborates it."""
    return {
        "source_id": source_id,
        "outlet": source.outlet,
        "carried_by": source.carried_by,
        "title": source.title,
        "url": source.url,
        "published": source.published,
        "role": "corroborating",
        "note": source.note,
    }


def _url_key(url: str) -> str:
    """A URL as compared for duplicates: http/https, 'www.', the host's case, a trailing slash and a
    fragment do not make another page; the path's case might, so it is kept."""
    rest = re.sub(r"^https?://(www\.)?", "", url.strip(), flags=re.IGNORECASE).split("#")[0].rstrip("/")
    host, slash, path = rest.partition("/")
    return host.lower() + slash + path


def source_clashes(source: NewSource, source_id: str, sources: Table, line: int) -> list[Problem]:
    """A new source whose URL or id is already in sources.csv: say which row has it and what to do."""
    found = []
    key = _url_key(source.url)
    for row, at in zip(sources.rows, sources.lines, strict=True):
        sid = row.get("source_id")
        if isinstance(row.get("url"), str) and _url_key(row["url"]) == key:
            hint = f"is already in {sources.file} as {sid} (line {at}): add the claim with --source-id {sid}"
            found.append(Problem(sources.file, line, "url", f"{show(source.url)} {hint}"))
        elif sid == source_id:  # the same report under the same id is reported once, as its URL
            why = f"{show(source_id)} is already the id of the report on line {at}"
            found.append(Problem(sources.file, line, "source_id", f"{why}: give this one its own with --new-source-id"))
    return found


def appended(raw: bytes, names: list[str], row: dict[str, str]) -> tuple[bytes, int]:
    """The file's bytes with the row added at the end, and the editor line the row starts on.

    Existing bytes are kept as they are (no re-quoting, same line endings); a missing final line
    break is supplied. The row is quoted as the csv module does: only cells that need it.
    """
    newline = "\r\n" if b"\r\n" in raw else "\n"
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerow([row.get(n, "") for n in names])
    ends = not raw or raw.endswith((b"\n", b"\r"))
    line = raw.count(b"\n") + (1 if ends else 2)
    return raw + (b"" if ends else newline.encode()) + buf.getvalue().encode("utf-8"), line


def validate_with(data_dir: Path, changed: dict[str, bytes]) -> list[Problem]:
    """Every problem of the ledger as it would be with `changed` (file name -> bytes) written.

    Runs the ordinary validator on a temporary copy, so what add accepts is exactly what check
    would accept after the write.
    """
    with tempfile.TemporaryDirectory(prefix="troopledger-add-") as tmp:
        copy = Path(tmp)
        for path in data_dir.iterdir():
            if path.is_file() and (path.suffix == ".csv" or path.name == "datapackage.json"):
                shutil.copyfile(path, copy / path.name)
        for name, raw in changed.items():
            (copy / name).write_bytes(raw)
        return validate(copy)[1]


def write_atomically(data_dir: Path, changed: dict[str, bytes], originals: dict[str, bytes]) -> list[Problem]:
    """Replace each file with its new bytes, all or none (see atomic.replace_all).

    Files are swapped in the order given (sources before claims: a claim must never point at a
    source not yet written). If a file changed on disk since it was read, nothing is replaced.
    """
    paths = {name: data_dir / name for name in changed}
    moved = replace_all({paths[n]: raw for n, raw in changed.items()}, {paths[n]: originals[n] for n in changed})
    return [Problem(path.name, None, "", "changed on disk while add was running; run add again") for path in moved]


def new_source_id(source: NewSource, sources: Table) -> str:
    """The id a new source gets: --new-source-id, else outlet slug + publication date (yyyymmdd)."""
    if source.source_id:
        return source.source_id
    slug = outlet_slug(source.outlet, sources)
    if not slug:
        raise UsageError(f"no id can be made from the outlet name {source.outlet!r}: give one with --new-source-id")
    return f"{slug}-{source.published.replace('-', '')}"


def _published(sources: Table, source_id: str) -> str:
    """An existing source's publication date as YYYY-MM-DD, or empty (no date, or no such source)."""
    for row in sources.rows:
        when = row.get("published")
        if row.get("source_id") == source_id and isinstance(when, dt.date):
            return when.isoformat()
    return ""


@dataclass
class NewRows:
    """What add would write: each changed file's new bytes (sources first) and the rows' places.

    `labels` maps (file, line) of each new row to how problems name it: the row is not written unless
    the whole ledger passes, so a message must not send the reader to a line no file has.
    """

    changed: dict[str, bytes] = field(default_factory=dict)
    labels: dict[tuple[str, int], str] = field(default_factory=dict)


def _new_rows(
    originals: dict[str, bytes],
    tables: dict[str, Table],
    measures: dict[str, Measure],
    claim: NewClaim,
    source: NewSource | None,
    outcome: Outcome,
) -> NewRows:
    """The rows to append; problems found on the way go into outcome."""
    sources, claims = tables["sources"], tables["claims"]
    new = NewRows()
    if source is not None:
        outcome.source_id = new_source_id(source, sources)
        row = source_cells(source, outcome.source_id)
        new.changed[sources.file], line = appended(originals[sources.file], [f["name"] for f in sources.fields], row)
        new.labels[sources.file, line] = f"new source {outcome.source_id} (not written)"
        outcome.problems += source_clashes(source, outcome.source_id, sources, line)
        published = source.published
    else:
        outcome.source_id, published = claim.source_id, _published(sources, claim.source_id)
    outcome.claim_id = next_claim_id(claims.seen_ids)
    reading, column, why = read_claim_phrase(claim.phrase, upper_estimate=claim.qualifier == "upper_estimate")
    row = claim_cells(claim, reading, outcome.claim_id, outcome.source_id, published, measures)
    new.changed[claims.file], line = appended(originals[claims.file], [f["name"] for f in claims.fields], row)
    new.labels[claims.file, line] = f"new claim {outcome.claim_id} (not written)"
    if reading is None:
        outcome.problems.append(Problem(claims.file, line, column, why))
    return new


def located(problems: list[Problem], labels: dict[tuple[str, int], str]) -> list[Problem]:
    """The problems with each one in a new row named by that row's id, listed first (the new source's,
    then the new claim's), and every mention of a new row's file:line in a message replaced the same way."""
    order = list(labels.values())
    out = []
    for p in problems:
        message = p.message
        for (file, line), label in labels.items():
            message = re.sub(rf"\b{re.escape(file)}:{line}\b", label.removesuffix(" (not written)"), message)
        where = labels.get((p.file, p.line), "") if p.line is not None else ""
        out.append(Problem(p.file, p.line, p.column, message, where))
    return sorted(out, key=lambda p: (order.index(p.where) if p.where else len(order), *problem_order(p)))


def add(data_dir: Path | str, claim: NewClaim, source: NewSource | None = None) -> Outcome:
    """Add the claim (and the new source) to the ledger in data_dir, or write nothing and say why.

    Raises UsageError for options that cannot make a row; every other refusal is a problem in the
    returned Outcome, located as check locates it (file:line: column: message), except that a problem
    in a row add would have written names that row ("new claim C088 (not written): as_of: ...").
    """
    usage = usage_problem(claim, source)
    if usage:
        raise UsageError(usage)
    folder = Path(data_dir)
    checked = check_folder(folder)
    tables = checked.tables
    if not tables or not tables["sources"].readable or not tables["claims"].readable:
        return Outcome(problems=checked.problems)  # the ledger cannot be read: nothing to add to
    outcome = Outcome()
    originals = {t.file: (folder / t.file).read_bytes() for t in (tables["sources"], tables["claims"])}
    new = _new_rows(originals, tables, checked.measures, claim, source, outcome)
    if not outcome.problems:
        outcome.problems = validate_with(folder, new.changed)
    if not outcome.problems:
        outcome.problems = write_atomically(folder, new.changed, originals)
    if not outcome.problems:
        outcome.files = {name: tables[name].file for name in ("sources", "claims") if tables[name].file in new.changed}
    outcome.problems = located(outcome.problems, new.labels)
    return outcome
