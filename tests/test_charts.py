"""Charts a graphics desk would print: honest marks, attributed titles, notes a reader can use, links."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Text

import troopledger as tl
from troopledger import charts, story
from troopledger.charts import style

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"\[(\d+)\]")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@pytest.fixture(scope="module")
def compact(ledger):
    return {slug: charts.make_chart(ledger, slug, compact=True) for slug in charts.chart_slugs(ledger)}


def texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def body(fig) -> str:
    """What is written on the plot itself: labels, not the title or the notes."""
    return "\n".join(t.get_text() for t in texts(fig) if str(t.get_gid() or "").startswith("label:"))


def footer(fig) -> str:
    return "\n".join(charts.info(fig).footnotes)


# --------------------------------------------------------------------------- every number sourced


def test_every_marker_on_a_chart_is_resolved_in_marker_order(figs):
    for slug, fig in figs.items():
        notes = charts.info(fig).footnotes
        numbered = [int(m.group(1)) for line in notes if (m := re.match(r"\[(\d+)\] ", line))]
        assert numbered == list(range(1, len(numbered) + 1)), f"{slug}: notes out of marker order"
        used = {int(n) for n in MARKER.findall(body(fig))}
        unplaced = {int(n) for line in notes if line.startswith("Not labelled") for n in MARKER.findall(line)}
        assert used | unplaced == set(numbered), f"{slug}: markers and notes differ"


def test_every_chart_cites_exactly_the_claims_it_draws(ledger, figs):
    known = set(ledger.claims["claim_id"])
    for slug, fig in figs.items():
        info = charts.info(fig)
        assert info.claim_ids and set(info.claim_ids) <= known, slug
        cited = set(re.findall(r"\bC\d{3}\b", footer(fig)))
        ranges = re.findall(r"\b(C\d{3})–(C\d{3})\b", footer(fig))
        assert cited <= set(info.claim_ids), slug
        spelled = cited | {c for a, b in ranges for c in info.claim_ids if a <= c <= b}
        assert set(info.claim_ids) <= spelled, f"{slug}: drawn but not cited {set(info.claim_ids) - spelled}"


def test_every_cited_source_is_one_click_away(ledger, figs, compact):
    """Each source a chart cites is linked from its notes (one link target per source, SVG and PDF keep them)."""
    urls = ledger.sources.set_index("source_id")["url"]
    for variant in (figs, compact):
        for slug, fig in variant.items():
            linked = {t.get_url() for t in texts(fig) if t.get_url()}
            assert linked == {urls[s] for s in charts.info(fig).source_ids}, slug


def test_markers_are_full_size_bracketed_numbers(figs):
    for slug, fig in figs.items():
        for t in texts(fig):
            assert not set(t.get_text()) & set(SUPERSCRIPTS), f"{slug}: a superscript marker in {t.get_text()!r}"
            if MARKER.search(t.get_text()):
                assert t.get_fontsize() >= 7.0, f"{slug}: {t.get_text()!r} at {t.get_fontsize()} pt"


def test_compact_notes_are_keyed_to_what_the_chart_shows(compact, ledger):
    for slug, fig in compact.items():
        notes = charts.info(fig).footnotes
        assert notes[0].startswith("Source: ") and notes[-1].startswith("Data: "), slug
        text = "\n".join(notes) + body(fig)
        assert not re.search(r"\bC\d{3}\b", text), f"{slug}: a claim id the chart never shows"
        assert not MARKER.search(text), f"{slug}: a note marker in compact notes"


def test_every_chart_says_how_current_the_data_is_and_which_version(ledger, figs):
    latest = story.data_as_of(ledger)
    for slug, fig in figs.items():
        last = charts.info(fig).footnotes[-1]
        assert last.startswith(f"Data: {ledger.meta['title']}, version "), slug
        assert last.endswith(f"data as of {latest.day} {latest:%b %Y}."), slug


def test_a_caveated_figure_carries_a_dagger_explained_below(ledger, figs):
    caveated = set(ledger.claims.loc[ledger.claims["caveat"].notna(), "claim_id"])
    for slug, fig in figs.items():
        drawn = caveated & set(charts.info(fig).claim_ids)
        if drawn:
            assert "†" in body(fig) or "Not labelled" in footer(fig), slug
            for cid in drawn:
                caveat = ledger.claims.set_index("claim_id").loc[cid, "caveat"].rstrip(".")
                assert caveat in re.sub(r"\s+", " ", footer(fig)), f"{slug}: {cid}'s caveat is not printed"


# --------------------------------------------------------------------------- honest marks


def flows_axes(fig):
    (ax,) = [a for a in fig.axes if a.get_ylabel() == "troops per wave"]
    return ax


def test_wave_bars_have_one_width_and_never_touch(figs):
    ax = flows_axes(figs["deployment-waves"])
    fig = ax.figure
    fig.draw_without_rendering()
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and str(p.get_gid()).startswith("mark:")]
    widths = {round(b.get_window_extent().width, 1) for b in bars}
    assert len(bars) >= 7 and len(widths) == 1, widths
    boxes = [b.get_window_extent() for b in bars]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
            same_side = (a.y0 + a.y1 > 2 * ax.transData.transform((0, 0))[1]) == (
                b.y0 + b.y1 > 2 * ax.transData.transform((0, 0))[1]
            )
            assert not (same_side and overlap > 0.5), "two bars touch"


def test_planned_is_hatched_and_dashed_sent_is_solid_returns_hang_below(ledger, figs):
    ax = flows_axes(figs["deployment-waves"])
    bars = {p.get_gid(): p for p in ax.patches if isinstance(p, Rectangle) and str(p.get_gid()).startswith("mark:")}
    s = story.of(ledger)
    for w in story.waves(s):
        if w.planned is not None:
            plan = bars[f"mark:planned-{w.planned.claim['claim_id']}"]
            assert plan.get_hatch() and plan.get_linestyle() != "-", f"wave {w.number}: a plan drawn like troops sent"
        for p in w.sent:
            bar = bars[f"mark:sent-{p.claim['claim_id']}"]
            assert not bar.get_hatch() and bar.get_height() == story.anchor(p.claim)
    returns = [p for p in story.returns(s)]
    assert {p.claim["claim_id"] for p in returns} == {"C070", "C073"}, "both returns: the wounded and the engineers"
    for p in returns:
        assert bars[f"mark:returned-{p.claim['claim_id']}"].get_height() == -story.anchor(p.claim)


def test_vague_words_are_open_ended_arrows_never_bars(ledger, figs):
    vague = set(ledger.claims.loc[ledger.claims["qualifier"] == "vague", "claim_id"])
    for slug, fig in figs.items():
        for p in fig.findobj(Rectangle):
            ids = set(re.findall(r"C\d{3}", str(p.get_gid() or "")))
            assert not ids & vague, f"{slug}: a vague word drawn as a bar ({p.get_gid()})"
        dotted = [p for p in fig.findobj(FancyArrowPatch) if p.get_linestyle() not in ("-", "solid")]
        drawn = vague & set(charts.info(fig).claim_ids)
        if not slug.endswith("-timing"):
            assert bool(dotted) == bool(drawn), f"{slug}: vague words and dotted arrows do not match"


def test_lines_stop_at_the_latest_claim(ledger, figs):
    import matplotlib.dates as mdates

    latest = mdates.date2num(story.data_as_of(ledger)) + 1
    for slug, fig in figs.items():
        for line in fig.findobj(Line2D):
            gid = str(line.get_gid() or "")
            if gid.startswith("line:series") or gid == "mark:sum":
                assert max(line.get_xdata()) <= latest, f"{slug}: {gid} runs past the data"


def test_workers_never_join_a_troop_total(ledger):
    s = story.of(ledger)
    summed = story.total(story.sent_placed(story.waves(s)))
    measures = set(ledger.claims.set_index("claim_id").loc[list(summed.parts), "measure"])
    assert measures == {"troops_sent"}
    assert not set(ledger.claims.loc[ledger.claims["measure"] == "workers_sent", "claim_id"]) & set(
        charts.info(charts.make_chart(ledger, "deployment-waves")).claim_ids
    )


# --------------------------------------------------------------------------- words that match the marks


def test_subtitles_explain_only_the_encodings_drawn(figs):
    for slug, fig in figs.items():
        subtitle = charts.info(fig).subtitle
        arrows = list(fig.findobj(FancyArrowPatch))
        dotted = [a for a in arrows if a.get_linestyle() not in ("-", "solid")]
        assert ("Dotted arrow" in subtitle) == bool(dotted), slug
        assert ("Open dot and arrow" in subtitle) == bool([a for a in arrows if a not in dotted]), slug
        shaded = [p for p in fig.findobj(Rectangle) if p.get_gid() == "bg:primary"]
        assert ("Shaded: the primary article" in subtitle) == bool(shaded), slug
        assert "red" not in subtitle and "Middle" not in subtitle, slug


def test_one_colour_one_meaning_across_the_set():
    meanings = {**style.COLORS, **{f"counts:{k}": v for k, v in style.BY_COUNTS.items()}}
    by_colour: dict[str, set[str]] = {}
    for meaning, colour in meanings.items():
        family = "troops_sent" if meaning == "troops_arrived" else meaning
        by_colour.setdefault(colour.lower(), set()).add(family)
    assert all(len(v) == 1 for v in by_colour.values()), by_colour


def test_titles_say_only_what_the_data_supports(figs):
    title = {slug: charts.info(fig).title for slug, fig in figs.items()}
    # a floor stays a floor in a range
    assert title["disagreement-casualties"].endswith("other reports range from 4,000 to more than 6,000")
    # a count that rose over time reads as growth, not disagreement
    assert title["disagreement-killed"] == (
        "NIS: North Korean troops killed rose from at least 100 as of Dec 2024 to about 2,000 as of Sep 2025"
    )
    # periods that nest are one answer; a period wide enough for both conflicting answers is broader
    assert title["disagreement-first-wave-timing"] == (
        "Reports put the first wave in October 2024 or November 2024; 3 broader periods fit both"
    )
    # the place is kept
    assert "in Kursk region as of Feb 2026" in title["disagreement-troops-present"]
    assert "10,000 in Russia" in title["disagreement-troops-present"]
    # the title says which report it quotes: the 6,000 of 16 Feb, not the 'about 6,000' of 13 Feb
    assert title["casualties"].endswith("killed and wounded: 6,000 as of 16 Feb 2026")


def test_alt_texts_are_sentences(figs):
    for slug, fig in figs.items():
        alt = charts.info(fig).alt
        for sentence in re.split(r"(?<=\.) (?=\S)", alt):
            first = sentence[0]
            assert first.isupper() or first.isdigit() or first in "“" or sentence.startswith("news."), (slug, sentence)
            assert sentence.endswith("."), (slug, sentence)
        assert not re.search(r"\b(\w+) \1\b", alt), f"{slug}: a doubled word in {alt!r}"


def test_the_waves_chart_tells_stock_and_flow(ledger, figs):
    fig = figs["deployment-waves"]
    text = body(fig)
    for n in (1, 2, 3):
        assert f"Wave {n}" in text
    assert "wounded returned" in text and "engineers returned" in text
    assert "our sum" in text and "gap:" in text and "(our subtraction)" in text
    info = charts.info(fig)
    assert {"C073", "C070", "C067", "C055", "C061", "C002"} <= set(info.claim_ids)
    assert info.title == (
        "NIS: about 11,000 North Korean troops in Kursk region as of Feb 2026, of about 21,000 sent by then in "
        "3 waves (our sum)"
    )


def test_a_ledger_of_one_report_per_chart_still_draws(tmp_path, ledger):
    """The story follows the ledger: with only the primary article, the charts that apply still draw."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    claims = pd.read_csv(data / "claims.csv", dtype=str, keep_default_na=False)
    primary = claims[claims["source_id"] == "newscentral"].assign(note="")
    primary.to_csv(data / "claims.csv", index=False)
    small = tl.load(data)
    for slug in charts.chart_slugs(small):
        fig = charts.make_chart(small, slug)
        assert charts.info(fig).claim_ids, slug
