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
    """Sections 2-4 and 6 of the source brief are all present; no URL comes from elsewhere."""
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
    """Sections 5 and 6c of the brief: each side of every conflict is its own claim."""
    c = ledger.claims
    first = c[(c["measure"] == "troops_sent") & (c["wave"] == 1) & (c["scope"] == "wave")]
    months = {f"{d:%Y-%m}" for d in first["period_start"].dropna()}
    assert {"2024-10", "2024-11"} <= months
    assert {11000, 14000} <= set(first["best"].dropna())
    second = c[(c["measure"] == "troops_sent") & (c["wave"] == 2) & (c["scope"] == "wave")]
    assert {("exact", 4000, 4000), ("at_least", 3000, None), ("range", 1000, 3000)} <= {
        (r.qualifier, r.low, None if pd.isna(r.high) else r.high) for r in second.itertuples()
    }
    killed = c[(c["measure"] == "killed") & c["unit"].isna()]
    assert {600, 2000} <= set(killed["best"].dropna()) and 6000 in set(killed["low"].dropna())
    shells = c[c["measure"] == "artillery_shells"]
    assert {"vague", "more_than", "upper_estimate", "approximately"} <= set(shells["qualifier"])
    assert 6_500_000 in set(shells["best"].dropna())
    casualties = c[(c["measure"] == "casualties") & c["wave"].isna()]
    assert {4700, 6000} <= set(casualties["best"].dropna()) and 6000 in set(casualties["low"].dropna())


def test_a_figure_that_likely_counts_something_else_says_so(ledger):
    """Reuters' 'more than 6,000' killed keeps its words, and its caveat says it is likely a casualty total."""
    c = ledger.claims
    row = c[(c["measure"] == "killed") & (c["as_reported"] == "more than 6,000")].iloc[0]
    assert row["qualifier"] == "more_than" and row["low"] == 6000
    assert "killed and wounded" in row["caveat"]


def test_the_container_capacity_is_coded_as_an_upper_estimate(ledger):
    row = ledger.claims.set_index("claim_id").loc["C048"]
    assert row["as_reported"] == "more than 6 million" and row["qualifier"] == "upper_estimate"
    assert pd.isna(row["low"]) and row["high"] == 6_000_000 and "upper estimate" in row["caveat"]
    assert "upper estimate" in row["note"]


def test_unit_figures_are_not_totals(ledger):
    """Nine engineers killed is North Korea's figure for one regiment, tied to its wave and unit."""
    c = ledger.claims
    nine = c[(c["measure"] == "killed") & (c["as_reported"] == "nine")].iloc[0]
    assert (nine["best"], nine["wave"], nine["unit"], nine["originator"]) == (9, 3, "engineers", "North Korea (KCNA)")
    parts = c[(c["measure"] == "troops_sent") & (c["wave"] == 3)]
    assert set(parts["scope"]) == {"wave_part"} and set(parts["unit"]) == {"engineers", "builders"}


def test_section_six_stock_and_returns(ledger):
    c = ledger.claims
    present = c[(c["measure"] == "troops_present") & c["unit"].isna()]
    assert {
        (10000, "near the Russia–Ukraine border"),
        (11000, "Kursk region"),
        (10000, "Russia"),
    } <= {(r.best, r.place) for r in present.itertuples()}
    returned = c[(c["measure"] == "troops_returned") & (c["wave"] == 3)]
    assert {r.as_reported for r in returned.itertuples()} == {"more than 1,000", "1,100"}
    assert returned["unit"].eq("engineers").all()


def test_dates_the_pages_do_not_show_stay_empty(ledger):
    sources = ledger.sources.set_index("source_id")
    for sid in ("kbsworld-seq192744", "tsn-2957375"):
        assert pd.isna(sources.loc[sid, "published"]) and "not shown" in sources.loc[sid, "note"]
    shells = ledger.claims.set_index("claim_id").loc["C065"]
    assert pd.isna(shells["as_of"]) and "no date" in shells["note"]


def test_section_seven_returns_stocks_workers_and_munitions(ledger):
    """Brief section 7: the wounded sent home, Ukraine's own counts, workers, munitions and the engineers' work."""
    c = ledger.claims.set_index("claim_id")
    home = c[(c["measure"] == "troops_returned") & (c["unit"] == "wounded")]
    assert list(home["best"]) == [2000] and f"{home['period_start'].iloc[0]:%Y-%m}" == "2025-01"
    gur = c[c["originator"] == "Ukraine's defence intelligence (GUR)"]
    present = gur[gur["measure"] == "troops_present"]
    assert {("approximately", 11000), ("approximately", 8000)} <= {(r.qualifier, r.best) for r in present.itertuples()}
    assert ((present["low"] == 8000) & (present["high"] == 10000)).any()
    combat = gur[gur["measure"] == "troops_sent"]
    assert list(combat["unit"]) == ["combat troops"] and list(combat["best"]) == [12000]
    workers = c[c["measure"] == "workers_sent"]
    assert sorted(workers["best"]) == [8000, 15000] and workers["unit"].isna().all()
    shells = c[c["measure"] == "artillery_shells"]
    assert {9_000_000} <= set(shells["best"].dropna()) and 12_000_000 in set(shells["low"].dropna())
    assert list(c[c["measure"] == "ballistic_missiles"]["low"]) == [100]
    objects = c[c["measure"] == "explosive_objects_destroyed"]
    assert (set(objects["low"].dropna()), set(objects["best"].dropna())) == ({1_500_000}, {1_600_000})
    assert list(c[c["measure"] == "hectares_cleared"]["best"]) == [42400]


def test_section_seven_traps_stay_out(ledger):
    """Brief 7c: the region-wide 150,000 hectares and the 2,000-strong demining group are not North Korean figures."""
    c = ledger.claims
    numbers = {int(v) for col in ("low", "best", "high") for v in c[col].dropna()}
    assert 150_000 not in numbers
    assert not ((c["measure"] == "hectares_cleared") & (c[["low", "best", "high"]] > 100_000).any(axis=1)).any()
    assert not c["unit"].fillna("").str.contains("demining group").any()
    assert not c[c["measure"].str.startswith("troops")]["note"].fillna("").str.contains("2,000 people").any()
