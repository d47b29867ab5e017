"""A living reference grows: twenty made-up later reports (tests/growth.py) make every chart denser, never
broken. Each chart at each size passes the placement check; a label that finds no room is named in the
notes instead of being drawn on another."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from growth import ROWS, grown
from test_charts_sizes import check

import troopledger as tl
from troopledger import charts
from troopledger.charts import style

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bigger(tmp_path_factory) -> tl.Ledger:
    data = grown(ROOT / "data", tmp_path_factory.mktemp("grown") / "data")
    problems = tl.validate(data)[1]
    assert problems == [], problems
    return tl.load(data)


def test_the_grown_ledger_has_more_to_draw(bigger):
    assert len(ROWS) >= 10
    slugs = charts.chart_slugs(bigger)
    assert "disagreement-fourth-wave-size" in slugs, "a fourth wave whose reports disagree gets its chart"
    title = charts.info(charts.make_chart(bigger, "deployment-waves")).title
    assert "4 waves" in title or "3 waves" in title


@pytest.mark.parametrize("compact", [False, True], ids=["full", "compact"])
@pytest.mark.parametrize("size", ["column", "page", "slide"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_chart_survives_growth_at_every_size(bigger, lang, size, compact):
    preset = style.SIZES[size]
    bad = {}
    for slug in charts.chart_slugs(bigger):
        fig = charts.make_chart(bigger, slug, preset, compact, lang)
        if problems := check(fig, preset, lang):
            bad[slug] = problems[:5]
        notes = charts.info(fig).footnotes
        skipped = [line for line in notes if line.startswith(("Not labelled", "자리가 없어"))]
        for line in skipped:  # a label left off is named, and its note is still there to read
            for marker in re.findall(r"\[\d+\]", line):
                assert any(n.startswith(marker + " ") for n in notes) or any("figures/README.md" in n for n in notes)
    assert bad == {}
