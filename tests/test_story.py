"""The story follows the ledger: one rule picks each quantity's lead, and a new report changes what readers see."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd

import troopledger as tl
from troopledger import charts, findings, story
from troopledger.story.questions import disjoint

ROOT = Path(__file__).resolve().parents[1]
HEADER = (ROOT / "data" / "claims.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


def waves_answer(ledger: tl.Ledger) -> str:
    return findings.waves(ledger).answer


def lead_id(ledger: tl.Ledger, q: story.Quantity) -> str:
    return story.Story(ledger).lead(q)["claim_id"]


# --------------------------------------------------------------------------- the rule, on the shipped ledger


def test_a_wave_size_leads_with_the_primary_article(ledger):
    assert lead_id(ledger, story.Quantity("troops_sent", 1)) == "C003"  # 11,000, not 'some 14,000' (later)
    assert lead_id(ledger, story.Quantity("troops_sent", 2)) == "C004"  # 4,000 more
    assert lead_id(ledger, story.Quantity("troops_planned", 3)) == "C002"


def test_without_the_primary_article_the_agency_leads(ledger):
    # The returned engineers: NIS's 1,100 (Feb 2026) over KCNA's 'more than 1,000' (Dec 2025).
    assert lead_id(ledger, story.Quantity("troops_returned", 3, "engineers")) == "C070"


def test_a_total_to_date_leads_with_the_agencys_latest_count(ledger):
    assert lead_id(ledger, story.Quantity("killed", to_date=True)) == "C037"  # about 2,000, not the primary's 600
    assert lead_id(ledger, story.Quantity("casualties", to_date=True)) == "C071"
    assert lead_id(ledger, story.Quantity("troops_present", to_date=True)) == "C067"


def test_a_number_leads_before_vague_words(ledger):
    # NIS said 4,100 wounded in April 2025 and 'thousands' in June: the number leads.
    assert lead_id(ledger, story.Quantity("wounded", to_date=True)) == "C053"


def test_a_caveated_claim_never_leads_while_another_exists():
    rows = pd.DataFrame(
        [
            _claim("C001", caveat="Likely counts the wounded too", as_of="2026-01-01", best=6000),
            _claim("C002", as_of="2025-01-01", best=600),
        ]
    )
    ranked = sorted(rows.to_dict("records"), key=lambda c: story.lead_rank(pd.Series(c), "src", "NIS"))
    assert ranked[0]["claim_id"] == "C002"


def test_undated_claims_count_as_oldest():
    rows = [_claim("C001", as_of=None, best=1), _claim("C002", as_of="2025-01-01", best=2)]
    ranked = sorted(rows, key=lambda c: story.lead_rank(pd.Series(c), "src", "NIS"))
    assert ranked[0]["claim_id"] == "C002"


def _claim(cid: str, *, as_of, best, caveat=None, scope="cumulative", source="other", originator="NIS") -> dict:
    return {
        "claim_id": cid,
        "source_id": source,
        "scope": scope,
        "qualifier": "exact",
        "caveat": pd.NA if caveat is None else caveat,
        "originator": originator,
        "as_of": pd.NaT if as_of is None else pd.Timestamp(as_of),
        "best": best,
        "period_start": pd.NaT,
        "period_end": pd.NaT,
    }


def test_questions_are_the_quantities_whose_reports_cannot_all_be_right(ledger):
    slugs = [q.slug for q in story.questions(story.Story(ledger))]
    assert slugs == [
        "first-wave-size",
        "first-wave-timing",
        "second-wave-size",
        "troops-present",
        "killed",
        "wounded",
        "casualties",
        "artillery-shells",
    ]
    # workers: 8,000 during 2024 and about 15,000 to April 2025 are different periods, not a disagreement
    assert "workers-sent" not in slugs
    # 15,000 and 'around 15,000' sent in two waves agree, so they are not a question.
    assert "running-total-sent" not in slugs


def test_interval_tells_agreement_from_disagreement():
    def c(q, low=None, best=None, high=None):
        return pd.Series({"qualifier": q, "low": low, "best": best, "high": high})

    assert not disjoint([story.interval(c("exact", 600, 600, 600)), story.interval(c("approximately", best=600))])
    assert disjoint([story.interval(c("exact", 11000, 11000, 11000)), story.interval(c("more_than", low=11000))])
    assert not disjoint([story.interval(c("vague", low=3_000_000)), story.interval(c("more_than", 10**7))])
    assert disjoint([story.interval(c("range", 1000, None, 3000)), story.interval(c("exact", 4000, 4000, 4000))])


# --------------------------------------------------------------------------- adding a report changes the story


def _copy_with_rows(tmp_path: Path, claims: list[dict], sources: list[dict] | None = None) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    for name, rows in (("claims.csv", claims), ("sources.csv", sources or [])):
        if not rows:
            continue
        path = data / name
        header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([[row.get(k, "") for k in header] for row in rows])
        path.write_text(path.read_text(encoding="utf-8") + buf.getvalue(), encoding="utf-8")
    return data


FOURTH_WAVE = {
    "claim_id": "C900",
    "source_id": "moscowtimes-20251104",
    "measure": "troops_sent",
    "scope": "wave",
    "wave": "4",
    "as_reported": "about 3,000",
    "qualifier": "approximately",
    "best": "3000",
    "period_start": "2025-10-01",
    "period_end": "2025-10-31",
    "date_precision": "month",
    "period_as_reported": "October 2025",
    "as_of": "2025-11-04",
    "originator": "NIS",
    "note": "A made-up row for this test only; it never enters data/.",
}


def test_a_fourth_wave_is_only_rows_and_changes_the_chart_its_title_and_the_answer(ledger, tmp_path):
    data = _copy_with_rows(tmp_path, [FOURTH_WAVE])
    assert tl.validate(data)[1] == []
    after = tl.load(data)
    old, new = charts.make_chart(ledger, "deployment-waves"), charts.make_chart(after, "deployment-waves")
    assert charts.info(old).title.endswith("of about 21,000 sent by then in 3 waves (our sum)")
    assert charts.info(new).title.endswith("of about 24,000 sent by then in 4 waves (our sum)")
    assert "C900" in charts.info(new).claim_ids and "Wave 4" in "\n".join(
        t.get_text() for t in new.texts + [t for ax in new.axes for t in ax.texts]
    )
    assert "wave 4, about 3,000 in October 2025 (NIS)" in waves_answer(after)
    assert "wave 4" not in waves_answer(ledger)


def test_a_later_agency_report_takes_the_lead_and_rewrites_the_title(ledger, tmp_path):
    later = {
        **FOURTH_WAVE,
        "claim_id": "C901",
        "measure": "troops_present",
        "scope": "at_date",
        "wave": "",
        "as_reported": "about 9,000",
        "best": "9000",
        "period_start": "",
        "period_end": "",
        "date_precision": "not_stated",
        "period_as_reported": "as of the briefing",
        "as_of": "2026-02-20",
        "source_id": "ukrinform-20260220",
        "place": "Russia",
    }
    after = tl.load(_copy_with_rows(tmp_path, [later]))
    assert lead_id(after, story.Quantity("troops_present", to_date=True)) == "C901"
    title = charts.info(charts.make_chart(after, "deployment-waves")).title
    assert title.startswith("NIS: about 9,000 North Korean troops in Russia as of Feb 2026")
    assert "NIS: about 9,000 North Korean troops in Russia as of 20 Feb 2026." in waves_answer(after)


def test_a_contradicting_report_opens_a_new_disagreement(ledger, tmp_path):
    other = {
        **FOURTH_WAVE,
        "claim_id": "C902",
        "measure": "troops_returned",
        "scope": "wave_part",
        "wave": "3",
        "unit": "engineers",
        "as_reported": "about 500",
        "best": "500",
        "period_start": "2025-12-01",
        "period_end": "2025-12-31",
        "period_as_reported": "December 2025",
        "as_of": "2026-02-20",
        "source_id": "ukrinform-20260220",
        "originator": "President Zelensky",
    }
    after = tl.load(_copy_with_rows(tmp_path, [other]))
    assert "third-wave-engineers-returns" in [q.slug for q in story.questions(story.Story(after))]
    assert "disagreement-third-wave-engineers-returns" in charts.chart_slugs(after)
    assert "disagreement-third-wave-engineers-returns" not in charts.chart_slugs(ledger)
    finding = findings.disagreement(after, "third-wave-engineers-returns")
    assert finding.heading == "How many engineers of the third wave came back?"
    assert finding.answer.startswith(
        "NIS: 1,100 engineers of the third wave returned; other reports range from about 500 to more than 1,000."
    )


def test_data_as_of_follows_the_latest_claim(ledger, tmp_path):
    source = {
        "source_id": "test-20260301",
        "outlet": "Test Outlet",
        "url": "https://example.org/test-only",
        "published": "2026-03-01",
        "role": "corroborating",
        "note": "A made-up source for this test only.",
    }
    later = {
        **FOURTH_WAVE,
        "claim_id": "C903",
        "wave": "3",
        "scope": "wave_part",
        "unit": "builders",
        "as_of": "2026-03-01",
        "source_id": "test-20260301",
        "period_start": "2025-09-01",
        "period_end": "2025-09-30",
        "period_as_reported": "September 2025",
    }
    assert story.data_as_of(ledger) == pd.Timestamp("2026-02-21")  # the Kursk governor's interview (C084)
    after = tl.load(_copy_with_rows(tmp_path, [later], [source]))
    assert story.data_as_of(after) == pd.Timestamp("2026-03-01")
    assert "Data as of 1 Mar 2026" in findings.overview(after).answer
    assert "data as of 1 Mar 2026." in "\n".join(charts.info(charts.make_chart(after, "casualties")).footnotes)
