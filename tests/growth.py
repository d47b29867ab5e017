"""Twenty made-up later reports, for proving that the charts survive growth (test only; never data).

Plausible in shape, not in substance: new counts of the killed, the wounded and both together, new counts of
the troops there (a new originator among them), a fourth wave sent and planned, a return, more shells and
workers, and reports with no date. Every source is an example.org page and says it is made up.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

NOTE = "A made-up report for the growth test only."
SOURCES = [
    ("test-20260315", "Test Wire A", "2026-03-15"),
    ("test-20260401", "Test Daily B", "2026-04-01"),
    ("test-20260420", "Test Radio C", "2026-04-20"),
    ("test-20260510", "Test Journal D", "2026-05-10"),
    ("test-20260601", "Test Post E", "2026-06-01"),
    ("test-seq1", "Test Blog F", ""),
]
X = "Test Ministry X"
GUR = "Ukraine's defence intelligence (GUR)"
# (source, measure, scope, wave, unit, phrase, qualifier, low, best, high, start, end, precision, period words,
#  as_of, originator, place)
ROWS = [
    ("test-20260315", "killed", "cumulative", "", "", "about 2,500", "approximately", "", "2500", ""),
    ("test-20260401", "killed", "cumulative", "", "", "at least 3,000", "at_least", "3000", "", ""),
    ("test-20260601", "killed", "cumulative", "", "", "about 2,800", "approximately", "", "2800", ""),
    ("test-20260315", "wounded", "cumulative", "", "", "about 5,000", "approximately", "", "5000", ""),
    ("test-20260420", "wounded", "cumulative", "", "", "thousands", "vague", "2000", "", ""),
    ("test-20260510", "wounded", "cumulative", "", "", "more than 4,500", "more_than", "4500", "", ""),
    ("test-20260601", "casualties", "cumulative", "", "", "about 7,000", "approximately", "", "7000", ""),
    ("test-20260401", "casualties", "cumulative", "", "", "6,500 to 8,000", "range", "6500", "", "8000"),
    ("test-20260510", "casualties", "cumulative", "", "", "more than 7,000", "more_than", "7000", "", ""),
    ("test-20260315", "troops_present", "at_date", "", "", "about 9,000", "approximately", "", "9000", ""),
    ("test-20260420", "troops_present", "at_date", "", "", "about 12,000", "approximately", "", "12000", ""),
    ("test-20260601", "troops_present", "at_date", "", "", "7,000 to 9,000", "range", "7000", "", "9000"),
    ("test-20260510", "troops_sent", "wave", "4", "", "about 3,000", "approximately", "", "3000", ""),
    ("test-20260510", "troops_planned", "wave", "4", "", "6,000", "exact", "6000", "6000", "6000"),
    ("test-20260510", "troops_sent", "wave", "4", "", "more than 4,000", "more_than", "4000", "", ""),
    ("test-20260420", "troops_returned", "cumulative", "", "wounded", "about 500", "approximately", "", "500", ""),
    (
        "test-20260315",
        "artillery_shells",
        "cumulative",
        "",
        "",
        "about 14 million",
        "approximately",
        "",
        "14000000",
        "",
    ),
    ("test-seq1", "killed", "cumulative", "", "", "about 2,600", "approximately", "", "2600", ""),
    ("test-20260401", "workers_sent", "cumulative", "", "", "about 20,000", "approximately", "", "20000", ""),
    ("test-seq1", "troops_present", "at_date", "", "", "about 10,000", "approximately", "", "10000", ""),
]
PERIODS = {  # claim index -> (start, end, precision, words)
    12: ("2026-04-01", "2026-04-30", "month", "April 2026"),
    13: ("2026-07-01", "", "month", "from July 2026"),
    14: ("2026-04-01", "2026-04-30", "month", "April 2026"),
    15: ("2026-03-01", "2026-03-31", "month", "March 2026"),
}
WHO = {1: X, 4: X, 5: GUR, 7: X, 8: "UK MoD Defence Intelligence", 10: GUR, 11: X, 14: GUR, 17: ""}
PLACES = {9: "Kursk region", 10: "Russia", 11: "Kursk region", 19: "Kursk region"}


def grown(data: Path, dest: Path) -> Path:
    """A copy of the ledger folder `data` at `dest` with the twenty reports appended."""
    shutil.copytree(data, dest)
    claims = (dest / "claims.csv").read_text(encoding="utf-8")
    ids = [int(line.split(",", 1)[0][1:]) for line in claims.splitlines()[1:] if line.startswith("C")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for i, (sid, measure, scope, wave, unit, phrase, qualifier, low, best, high) in enumerate(ROWS):
        start, end, precision, words = PERIODS.get(i, ("", "", "not_stated", "not stated"))
        as_of = next(d for s, _, d in SOURCES if s == sid)
        writer.writerow(
            [
                f"C{max(ids) + 1 + i:03d}",
                sid,
                measure,
                scope,
                wave,
                unit,
                phrase,
                qualifier,
                low,
                best,
                high,
                start,
                end,
                precision,
                words,
                as_of,
                WHO.get(i, "NIS"),
                "",
                PLACES.get(i, "Russia" if measure.startswith("troops") else ""),
                "",
                "",
                NOTE,
            ]
        )
    (dest / "claims.csv").write_text(claims + out.getvalue(), encoding="utf-8")
    sources = (dest / "sources.csv").read_text(encoding="utf-8")
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    for sid, outlet, published in SOURCES:
        writer.writerow([sid, outlet, "", "", f"https://example.org/{sid}", published, "corroborating", NOTE])
    (dest / "sources.csv").write_text(sources + rows.getvalue(), encoding="utf-8")
    return dest
