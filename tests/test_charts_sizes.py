"""Every chart at every size and in both notes modes passes the placement check on the rendered figure:
nothing touches what it does not belong to, leaders run label to mark, nothing clipped, no small type."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from matplotlib import rc_context

from troopledger import charts
from troopledger.charts import placement, style

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = [(size, compact) for size in ("column", "page", "slide") for compact in (False, True)]


def check(fig, size: style.Size, lang: str = "en") -> list[str]:
    """The placement problems of one figure, plus labels smaller than the preset allows."""
    with rc_context(charts.rc(lang)):
        found = [str(p) for p in placement.problems(fig, min_pt=size.min_footer_pt)]
    for t in fig.findobj(lambda a: str(getattr(a, "get_gid", lambda: "")() or "").startswith("label:")):
        if t.get_fontsize() < size.min_label_pt - 1e-9:
            found.append(f"label {t.get_text()!r} is set at {t.get_fontsize()} pt, below {size.min_label_pt}")
    return found + left_off_but_drawn(fig)


def left_off_but_drawn(fig) -> list[str]:
    """A label the notes list as "not labelled" must not be on the chart, and no label is a bare dagger."""
    line = next((f for f in charts.info(fig).footnotes if f.startswith(("Not labelled", "자리가"))), "")
    left_off = " ".join(line.split(": ", 1)[-1].split()).rstrip(".") if line else ""
    found = []
    for t in fig.findobj(lambda a: str(getattr(a, "get_gid", lambda: "")() or "").startswith("label:")):
        text = " ".join(t.get_text().split())
        markers = re.findall(r"\[\d+\]", text)
        if text == "†":
            found.append(f"{t.get_gid()}: a bare dagger drawn as a label")
        elif set(markers) & set(re.findall(r"\[\d+\]", left_off)):
            found.append(f"label {text!r} is drawn, but the notes list it as not labelled")
        elif not markers and re.search(rf"(?:^|, | and | 및 ){re.escape(text)}(?:, | and | 및 |$)", left_off):
            found.append(f"label {text!r} is drawn, but the notes list it as not labelled")
    return found


@pytest.mark.parametrize(("size", "compact"), VARIANTS, ids=[f"{s}-{'compact' if c else 'full'}" for s, c in VARIANTS])
def test_every_chart_passes_the_placement_check(ledger, size, compact):
    preset = style.SIZES[size]
    bad = {}
    for slug in charts.chart_slugs(ledger):
        fig = charts.make_chart(ledger, slug, preset, compact)
        if problems := check(fig, preset):
            bad[slug] = problems[:5]
    assert bad == {}


def test_slides_are_sixteen_by_nine_and_print_sizes_fit_a_page(ledger):
    text_h = style.PAGE_TEXT_IN[1]  # 22.8 cm: the text height of A4 and Letter with the usual margins
    for slug in charts.chart_slugs(ledger):
        for name in ("column", "page", "slide"):
            w, h = charts.make_chart(ledger, slug, style.SIZES[name]).get_size_inches()
            if name == "slide":
                assert (round(w, 2), round(h, 2)) == (13.33, 7.5), slug
            else:
                assert round(w, 3) == round(style.SIZES[name].width_in, 3) and h <= text_h + 1e-9, (slug, name, h)
