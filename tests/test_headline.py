"""The shipped ledger holds the primary article's figures, each as its own sourced claim."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pandas as pd
import pytest

import troopledger as tl

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def ledger() -> tl.Ledger:
    return tl.load(ROOT / "data")


def primary_claims(ledger: tl.Ledger) -> pd.DataFrame:
    primary = ledger.sources.loc[ledger.sources["role"] == "primary", "source_id"]
    assert len(primary) == 1
    return ledger.claims[ledger.claims["source_id"] == primary.iloc[0]]


@pytest.mark.parametrize(
    ("measure", "wave", "qualifier", "best", "period"),
    [
        ("troops_sent", 1, "exact", 11000, ("2024-10-01", "2024-10-31")),
        ("troops_sent", 2, "exact", 4000, (None, None)),
        ("troops_planned", 3, "exact", 6000, ("2025-07-01", "2025-08-31")),
        ("killed", None, "approximately", 600, (None, None)),
    ],
)
def test_headline_figures(ledger, measure, wave, qualifier, best, period):
    claims = primary_claims(ledger)
    match = claims[(claims["measure"] == measure) & (claims["best"] == best)]
    assert len(match) == 1, f"the primary article's {best} {measure} should be exactly one claim"
    row = match.iloc[0]
    assert (None if pd.isna(row["wave"]) else int(row["wave"])) == wave
    assert row["qualifier"] == qualifier
    got = tuple(None if pd.isna(d) else f"{d:%Y-%m-%d}" for d in (row["period_start"], row["period_end"]))
    assert got == period
    assert row["originator"] == "NIS" and row["conduit"] == "Lee Seong-kweun"


def test_the_6000_are_for_construction_in_kursk(ledger):
    row = primary_claims(ledger).query("measure == 'troops_planned' and best == 6000").iloc[0]
    assert row["purpose"] == "construction" and "Kursk" in row["place"]


def test_vague_primary_figures_keep_best_empty(ledger):
    vague = primary_claims(ledger).query("qualifier == 'vague'")
    assert sorted(vague["as_reported"]) == ["several million", "thousands more", "thousands more"]
    assert vague["best"].isna().all() and vague["high"].isna().all()
    floors = dict(zip(vague["measure"], vague["low"], strict=True))
    assert floors == {"troops_planned": 2000, "wounded": 2000, "artillery_shells": 3_000_000}


def test_primary_source_date_and_title_stay_unknown(ledger):
    src = ledger.sources.query("role == 'primary'").iloc[0]
    assert pd.isna(src["published"]) and pd.isna(src["title"])
    assert "inferred" in src["note"] and "26 June 2025" in src["note"]


def test_second_wave_is_dated_by_another_report(ledger):
    c = ledger.claims
    dated = c[(c["measure"] == "troops_sent") & (c["wave"] == 2) & c["period_start"].notna()]
    assert {f"{d:%Y-%m}" for d in dated["period_start"]} >= {"2025-02"}


def test_every_brief_url_is_in_the_ledger_and_no_other():
    """Sections 2-4 of the source brief are all present; no URL comes from elsewhere."""
    path = SHARED / "sources" / "brief.md"
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the source brief should sit beside the checkout in CI: {path} is missing")
        pytest.skip("the source brief (../shared/sources/brief.md) is not beside this checkout")
    brief = path.read_text(encoding="utf-8")
    article_url = "http://newscentral.africa/north-korea-to-send-more-troops-to-aid-russia-seoul/"
    brief_urls = set(re.findall(r"https?://[^\s|)]+", brief))
    with open(ROOT / "data" / "sources.csv", encoding="utf-8", newline="") as f:
        ours = {row["url"] for row in csv.DictReader(f)}
    assert ours <= brief_urls | {article_url}
    assert brief_urls <= ours


def test_every_as_reported_phrase_is_a_short_number_phrase(ledger):
    for phrase in ledger.claims["as_reported"]:
        assert len(phrase.split()) <= 5, phrase


def test_conflicts_in_the_brief_are_visible_in_the_data(ledger):
    c = ledger.claims
    first = c[(c["measure"] == "troops_sent") & (c["wave"] == 1) & (c["scope"] == "wave")]
    months = {f"{d:%Y-%m}" for d in first["period_start"].dropna()}
    assert {"2024-10", "2024-11"} <= months
    killed = set(c.loc[c["measure"] == "killed", "best"].dropna())
    assert {600, 2000} <= killed
    shells = c[c["measure"] == "artillery_shells"]
    assert set(shells["qualifier"]) == {"vague", "more_than"}
