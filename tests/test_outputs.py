"""Charts, exported files and committed notebooks: every number sourced, nothing stale, clipped or leaky."""

from __future__ import annotations

import base64
import getpass
import io
import json
import re
import socket
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from PIL import Image

import troopledger as tl
from troopledger import charts, story
from troopledger.charts import style
from troopledger.charts.labels import overlapping_texts
from troopledger.charts.notes import Footnotes
from troopledger.outputs import export, render, tables

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "figures"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ANALYSIS_NOTEBOOKS = [p for p in NOTEBOOKS if not p.name.startswith("05_")]
SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"


@pytest.fixture(scope="session")
def ledger() -> tl.Ledger:
    return tl.load(ROOT / "data")


@pytest.fixture(scope="session")
def figs(ledger):
    return {charts.info(f).slug: f for f in charts.all_charts(ledger)}


def figure_text(fig) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


# --------------------------------------------------------------------------- every number sourced


def test_every_chart_footer_lists_exactly_the_claims_drawn(ledger, figs):
    known = set(ledger.claims["claim_id"])
    outlets = ledger.sources.set_index("source_id")["outlet"]
    for slug, fig in figs.items():
        info = charts.info(fig)
        text = figure_text(fig)
        assert info.claim_ids and set(info.claim_ids) <= known, slug
        for cid in info.claim_ids:
            assert cid in text, f"{slug}: {cid} drawn but not in the footer"
        assert set(re.findall(r"\bC\d{3}\b", text)) <= set(info.claim_ids), slug
        assert "Source: " in text, slug
        named = list(dict.fromkeys(outlets[sid] for sid in info.source_ids))
        flat = re.sub(r"\s+", " ", text)  # an outlet's name may wrap onto the next line
        for outlet in named[: Footnotes.MAX_OUTLETS]:
            assert outlet in flat, f"{slug}: source {outlet} missing"


def test_the_source_line_names_the_dataset_and_its_version_not_a_path(ledger, figs):
    version = ledger.meta["version"]
    for slug, fig in figs.items():
        notes = "\n".join(charts.info(fig).footnotes)
        assert f"Data: {ledger.meta['title']}, version {version};" in notes, slug
        assert "figures/README.md" not in figure_text(fig), slug


def test_every_footnote_marker_on_a_chart_is_resolved(figs):
    for slug, fig in figs.items():
        footer = "\n".join(charts.info(fig).footnotes)
        used = set(re.findall(f"[{SUP}]+", figure_text(fig).replace(footer, "")))
        # "¹ C003, ⁵ C002: …" defines two markers on one line: claims from one report share it
        defined = set(re.findall(f"(?:^|, )([{SUP}]+) ", footer, flags=re.M))
        assert used and used <= defined, slug
        assert defined <= used | set(re.findall(f"\\(([{SUP}]+)\\)", footer)), f"{slug}: footnotes nobody points at"


def test_every_chart_footer_says_how_current_the_data_is(ledger, figs):
    latest = story.data_as_of(ledger)
    for slug, fig in figs.items():
        assert f"data as of {latest.day} {latest:%b %Y}." in "\n".join(charts.info(fig).footnotes), slug


def test_a_caveated_claim_carries_a_dagger_resolved_in_the_footer(ledger, figs):
    caveated = set(ledger.claims.loc[ledger.claims["caveat"].notna(), "claim_id"])
    assert {"C048", "C057", "C060"} <= caveated
    for slug, fig in figs.items():
        drawn = caveated & set(charts.info(fig).claim_ids)
        footer = "\n".join(charts.info(fig).footnotes)
        for cid in drawn:
            assert f"† {cid}: " in footer, f"{slug}: {cid}'s caveat is not printed"
        if drawn:
            body = figure_text(fig).replace(footer, "")
            assert "†" in body, f"{slug}: no dagger on the caveated number"


# --------------------------------------------------------------------------- honest marks


def test_waves_chart_draws_planned_hatched_sent_solid_and_vague_as_no_bar(ledger, figs):
    fig = figs["deployment-waves"]
    ws = story.waves(story.Story(ledger))
    (flows,) = [ax for ax in fig.axes if ax.get_ylabel() == "troops per wave"]
    bars = [p for p in flows.patches if isinstance(p, Rectangle)]
    for w in ws:
        if w.planned is not None:
            hatched = [b for b in bars if round(b.get_height()) == story.anchor(w.planned.claim) and b.get_hatch()]
            assert hatched and all(b.get_linestyle() == "--" for b in hatched), f"wave {w.number} plan"
        for p in w.sent:
            solid = [b for b in bars if round(b.get_height()) == story.anchor(p.claim) and not b.get_hatch()]
            assert solid, f"wave {w.number}: {p.claim['claim_id']} not drawn solid"
        for p in w.returned:
            assert any(round(b.get_height()) == -story.anchor(p.claim) for b in bars), "returns hang below the line"
    vague_floors = set(ledger.claims.loc[ledger.claims["qualifier"] == "vague", "low"].dropna().astype(int))
    assert not vague_floors & {round(abs(b.get_height())) for b in bars}, "a vague quantity is never a bar"


def test_waves_chart_shows_three_waves_the_return_and_present_against_sent(ledger, figs):
    info = charts.info(figs["deployment-waves"])
    text = figure_text(figs["deployment-waves"])
    for n in (1, 2, 3):
        assert f"wave {n}" in text
    assert "returned" in text and "our sum" in text and "gap:" in text
    for cid in ("C055", "C061", "C070", "C067", "C072", "C056", "C002"):
        assert cid in info.claim_ids, cid


def test_waves_title_is_computed_attributed_and_says_what_is_ours(ledger, figs):
    title = charts.info(figs["deployment-waves"]).title
    s = story.Story(ledger)
    lead = s.lead(story.Quantity("troops_present", to_date=True))
    total = story.total(story.sent_placed(story.waves(s)))
    assert title.startswith(f"{lead['originator']}: ")
    assert f"{total}" in title and "(our sum)" in title
    assert title == (
        "NIS: about 11,000 North Korean troops in Kursk region as of Feb 2026, of about 21,000 sent in 3 "
        "waves (our sum)"
    )


def test_upper_estimate_is_drawn_pointing_down(ledger, figs):
    fig = figs["disagreement-artillery-shells"]
    ax = fig.axes[0]
    arrows = [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None and a.xyann[0] == 6_000_000]
    assert arrows and all(a.xy[0] < a.xyann[0] for a in arrows), "an upper estimate points to lower values"
    assert "more than 6 million (an upper estimate)" in figure_text(fig).replace("\n", " ")


def test_disagreement_charts_keep_every_report(ledger, figs):
    for q in story.questions(story.Story(ledger)):
        fig = figs[f"disagreement-{q.slug}"]
        assert sorted(charts.info(fig).claim_ids) == sorted(q.claim_ids)


def test_timing_title_counts_periods_not_wordings(ledger, figs):
    title = charts.info(figs["disagreement-first-wave-timing"]).title
    # Oct 2024 (three wordings), Nov 2024, Sep-Nov 2024, 2024 (twice) and 8-13 Oct 2024.
    assert title.endswith("8 reports give 5 different periods")


def test_disagreement_rows_say_which_date_they_show(figs):
    for slug, fig in figs.items():
        if not slug.startswith("disagreement-"):
            continue
        for label in fig.axes[0].get_yticklabels():
            assert ", as of " in label.get_text() or "claim date not known" in label.get_text(), label.get_text()
        footer = "\n".join(charts.info(fig).footnotes)
        assert re.search(r"published \d{1,2} \w{3} \d{4}|publication date not shown", footer)


# --------------------------------------------------------------------------- sizes: no collisions, no small type

VARIANTS = [(size, compact) for size in ("column", "page", "slide") for compact in (False, True)]


@pytest.fixture(scope="session")
def variant_figs(ledger):
    return {
        (slug, size, compact): charts.make_chart(ledger, slug, style.SIZES[size], compact)
        for size, compact in VARIANTS
        for slug in charts.chart_slugs(ledger)
    }


@pytest.mark.parametrize(("size", "compact"), VARIANTS, ids=[f"{s}-{'compact' if c else 'full'}" for s, c in VARIANTS])
def test_no_label_collides_or_clips_at_any_size(variant_figs, size, compact):
    bad = {
        slug: clashes[:3]
        for (slug, s, c), fig in variant_figs.items()
        if (s, c) == (size, compact) and (clashes := overlapping_texts(fig))
    }
    assert bad == {}


@pytest.mark.parametrize(("size", "compact"), VARIANTS, ids=[f"{s}-{'compact' if c else 'full'}" for s, c in VARIANTS])
def test_type_is_never_smaller_than_the_preset_allows(variant_figs, size, compact):
    floor = style.PRINT_MIN_PT if size != "slide" else style.SLIDE_MIN_PT
    for (slug, s, c), fig in variant_figs.items():
        if (s, c) != (size, compact):
            continue
        smallest = min(t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip())
        assert smallest >= floor - 1e-9, f"{slug}: {smallest} pt"


def test_slides_are_sixteen_by_nine_and_print_sizes_fit_a_page(variant_figs):
    text_w, text_h = style.PAGE_TEXT_IN  # 16.5 x 22.8 cm: A4 and Letter with the usual margins
    for (slug, size, _), fig in variant_figs.items():
        w, h = fig.get_size_inches()
        if size == "slide":
            assert (round(w, 2), round(h, 2)) == (13.33, 7.5), slug
        elif size == "page":
            assert (round(w, 3), round(h, 3)) == (round(text_w, 3), round(text_h, 3)), slug
        else:
            assert w <= style.SIZES[size].width_in + 1e-9 and h <= text_h + 1e-9, (slug, h)


def test_long_notes_go_into_two_columns_before_the_plot_shrinks_and_too_long_notes_are_refused():
    from troopledger.charts.frame import Frame, LayoutError

    column = style.SIZES["column"]
    short = Frame(column, "Title", "Subtitle", ["¹ C001: a note"], 4.0)
    assert short.plot_in == pytest.approx(4.0) and short.height_in < style.PAGE_TEXT_IN[1]
    many = [f"{n} C{n:03d}: NIS; an outlet" for n in range(60)]  # short lines: two columns halve them
    two = Frame(column, "Title", "Subtitle", many, 4.0)
    assert two.height_in <= style.PAGE_TEXT_IN[1] + 1e-9 and two.plot_in == pytest.approx(4.0)
    assert len([t for t in two.fig.texts if t.get_text().startswith(("0 ", "3"))]) == 2, "notes in two columns"
    with pytest.raises(LayoutError, match="use compact notes"):
        Frame(column, "Title", "Subtitle", ["a long note " * 40] * 40, 4.0)


def test_a_leader_line_never_passes_behind_another_bar(figs):
    """The label of a bar hidden in part by its neighbour points into that bar, not through the neighbour."""
    fig = figs["deployment-waves"]
    (flows,) = [ax for ax in fig.axes if ax.get_ylabel() == "troops per wave"]
    fig.canvas.draw()
    bars = [p.get_window_extent() for p in flows.patches if isinstance(p, Rectangle) and not p.get_hatch()]
    for t in flows.texts:
        arrow = getattr(t, "arrow_patch", None)
        if arrow is None:
            continue
        x0, y0 = flows.transData.transform(t.xy)
        box = t.get_window_extent()
        x1, y1 = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        for b in bars:
            if b.contains(x0, y0):
                continue  # the bar it points into
            inner = [(x0 + (x1 - x0) * k / 50, y0 + (y1 - y0) * k / 50) for k in range(1, 50)]
            crossing = [p for p in inner if b.x0 + 1 < p[0] < b.x1 - 1 and b.y0 + 1 < p[1] < b.y1 - 1]
            assert not crossing, f"the leader of {t.get_text()!r} runs behind another bar"


def test_compact_notes_print_one_source_line_and_no_footnote_numbers(variant_figs, ledger):
    for (slug, _, compact), fig in variant_figs.items():
        if not compact:
            continue
        notes = charts.info(fig).footnotes
        assert notes[0].startswith("Source: ") and sum(n.startswith("Source: ") for n in notes) == 1, slug
        assert not re.search(f"[{SUP}]", figure_text(fig)), f"{slug}: footnote numbers in compact notes"
        assert notes[-1].startswith("Data: ") and ledger.meta["version"] in notes[-1]


# --------------------------------------------------------------------------- words a reader hears


def test_alt_texts_are_sentences(figs):
    for slug, fig in figs.items():
        alt = charts.info(fig).alt
        for sentence in re.split(r"(?<=\.) (?=\S)", alt):
            first = sentence[0]
            assert first.isupper() or first.isdigit() or first in "“" or sentence.startswith("news."), (slug, sentence)
            assert sentence.endswith("."), (slug, sentence)
        assert not re.search(r"\b(\w+) \1\b", alt), f"{slug}: a doubled word in {alt!r}"
        assert "more” more" not in alt and "builders troops" not in alt


def test_waves_alt_text_reads_as_the_issue_asked(figs):
    alt = charts.info(figs["deployment-waves"]).alt
    assert "Thousands more troops planned, as early as July, drawn as an open range." in alt
    assert "Wave 3: about 5,000 builders sent from September 2025." in alt


# --------------------------------------------------------------------------- files


def test_export_is_deterministic_and_parallel_equals_serial(cli_batch, tmp_path):
    """One chart drawn in the command's own process, two drawn side by side in worker processes: the same
    bytes, and the bytes committed in figures/ (every chart is compared with a fresh build in test_build)."""
    slugs = ["casualties", "disagreement-second-wave-size"]
    done = cli_batch(
        {
            "serial": ["export", "--only", slugs[0], "--out", tmp_path / "serial"],
            "parallel": ["export", *(a for s in slugs for a in ("--only", s)), "--out", tmp_path / "parallel"],
        }
    )
    assert [r.returncode for r in done.values()] == [0, 0], [r.stderr for r in done.values()]
    for fmt in render.FORMATS:
        name = f"{slugs[0]}.{fmt}"
        assert (tmp_path / "serial" / name).read_bytes() == (tmp_path / "parallel" / name).read_bytes(), name
        assert (tmp_path / "serial" / name).read_bytes() == (FIGURES / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "parallel").iterdir()) == sorted(
        f"{s}.{fmt}" for s in slugs for fmt in render.FORMATS
    )


def test_export_failure_leaves_figures_untouched(ledger, tmp_path, monkeypatch):
    target = tmp_path / "figures"
    target.mkdir()
    (target / "old.png").write_bytes(b"previous export")

    def broken(*args, **kw):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(charts, "make_chart", broken)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        export.export_variant(ledger, target, ["casualties"], export.DEFAULT, prune=True)
    assert [p.name for p in tmp_path.iterdir()] == ["figures"], "no staging folder left behind"
    assert [p.name for p in target.iterdir()] == ["old.png"] and (target / "old.png").read_bytes() == b"previous export"


def test_caption_and_alt_travel_inside_each_file(figs):
    fig = figs["deployment-waves"]
    info = charts.info(fig)
    png = Image.open(io.BytesIO(render.render(fig, "png")))
    assert png.text == {"Title": info.title, "Description": info.alt}
    assert [round(v) for v in png.info["dpi"]] == [300, 300] and png.size[0] == 1889
    svg = render.render(fig, "svg").decode()
    assert re.findall(r"<title>(.*?)</title>", svg) == [info.title.replace("&", "&amp;")]
    assert re.findall(r"<desc>(.*?)</desc>", svg, flags=re.S) == [info.alt.replace("&", "&amp;")]
    pdf = render.render(fig, "pdf")
    assert b"/Title" in pdf and b"/Subject" in pdf
    assert b"/CreationDate" not in pdf and b"/Producer" not in pdf


def test_svg_keeps_text_as_text_with_a_fallback_font_stack():
    svg = (FIGURES / "deployment-waves.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "North Korean troops in Kursk region" in svg
    assert style.SVG_FONT_STACK in svg and "font-family: 'DejaVu Sans';" not in svg
    assert re.search(r'<svg xml:space="preserve" [^>]*xmlns="http://www.w3.org/2000/svg"', svg), "spaces are kept"


def test_files_survive_production(figs):
    """TrueType fonts in the PDF (no Type 3), a link on a text stays a link in SVG and PDF, a text's leading
    spaces are kept. (The same figure gives the same bytes: see test_build's check of every file.)"""
    fig = figs["casualties"]
    note = fig.text(0.02, 0.002, "  see the source", fontsize=7)
    note.set_url("https://example.org/source")
    try:
        svg, pdf = render.render(fig, "svg"), render.render(fig, "pdf")
    finally:
        note.remove()
    assert b'<a xlink:href="https://example.org/source"' in svg
    assert b"  see the source</text>" in svg and b'<svg xml:space="preserve" ' in svg
    assert re.search(rb"/Subtype\s*/Link", pdf) and b"(https://example.org/source)" in pdf
    assert not re.search(rb"/Subtype\s*/Type3", pdf), "no Type 3 fonts"
    assert re.search(rb"/Subtype\s*/CIDFontType2", pdf) and b"/FontFile2" in pdf, "TrueType (Type 42) fonts"
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf


def test_csv_export_neutralises_formulas_and_opens_in_excel():
    frame = pd.DataFrame({"figure": ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "11,000", "Sep–Nov"]})
    data = export.table_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf"), "Excel on Windows needs the byte-order mark to read UTF-8"
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1:] == [
        '"\'=HYPERLINK(""http://x"",""y"")"',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        '"11,000"',
        "Sep–Nov",
    ]


def test_committed_csv_tables_have_no_formula_cells_and_numeric_bounds():
    for path in FIGURES.glob("*.csv"):
        frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        for col in frame.columns:
            assert not frame[col].str.startswith(("=", "+", "-", "@")).any(), (path.name, col)
        if {"low", "best", "high"} <= set(frame.columns):
            for col in ("low", "best", "high"):
                assert frame[col].str.fullmatch(r"\d*").all(), (path.name, col)
            assert frame["url"].str.startswith("http").all(), path.name


def test_figures_readme_lists_every_file_with_caption_and_alt():
    readme = (FIGURES / "README.md").read_text(encoding="utf-8")
    for path in FIGURES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name
    assert readme.count("Alt text:") == readme.count("Caption:") == len(list(FIGURES.glob("*.png")))
    assert "data as of 20 Feb 2026" in readme


def test_every_report_table_carries_source_notes_and_bounds(ledger):
    for slug, (_, make) in export.TABLES.items():
        frame = make(ledger)
        assert {"asserted_by", "published_in", "claim_id", "url", "low", "best", "high"} <= set(frame.columns), slug
        assert (frame["claim_id"] != "").all() and (frame["published_in"] != "").all(), slug


def test_table_captions_say_how_current_the_data_is():
    for path in FIGURES.glob("*.md"):
        if path.name != "README.md":
            assert "Data as of 20 Feb 2026" in path.read_text(encoding="utf-8").split("\n\n")[1], path.name


LEAKS = [
    re.compile(r"/(?:work|root|home|tmp|Users)/"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"),  # a timestamp
    re.compile(r"CreationDate|ModDate|<dc:date>|Matplotlib v\d|matplotlib version"),
]


def committed_outputs() -> list[Path]:
    return sorted(p for p in FIGURES.iterdir() if p.is_file()) + NOTEBOOKS


@pytest.mark.parametrize("path", committed_outputs(), ids=lambda p: p.name)
def test_committed_outputs_leak_nothing_about_the_machine(path):
    data = path.read_bytes()
    if path.suffix == ".png":
        keys = set(Image.open(io.BytesIO(data)).text)
        assert keys <= {"Title", "Description"}, f"PNG carries other text: {keys}"
        return
    text = data.decode("latin-1")
    for pattern in LEAKS:
        assert not pattern.search(text), f"{path.name}: {pattern.pattern}"
    if path.suffix == ".pdf":
        assert not re.search(r"/(Creator|Producer|CreationDate)\b", text), "PDF info dictionary leaks"
        return  # the rest of a PDF is compressed binary: words would match by chance
    for word in {getpass.getuser(), socket.gethostname()} - {"root", ""}:
        assert len(word) < 3 or word not in text, f"{path.name} names {word}"
    if path.suffix == ".ipynb":
        meta = json.loads(data)["metadata"]
        assert "version" not in meta.get("language_info", {}), "interpreter version in metadata"


# --------------------------------------------------------------------------- notebooks


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_opens_with_what_it_answers_and_is_executed(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    intro = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and intro.startswith("# ")
    for part in ("What it answers", "What it reads", "What it shows"):
        assert part in intro
    code = [c for c in cells if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for c in code:
        assert c["outputs"], "every code cell is committed with its output"
        assert len("".join(c["source"]).strip().splitlines()) <= 4, "notebooks stay thin"
        for out in c["outputs"]:
            assert out["output_type"] in ("display_data", "execute_result"), out
    first = [o["data"]["text/markdown"] for o in code[0]["outputs"] if "text/markdown" in o.get("data", {})]
    assert "Data as of " in "".join(first[0]), "the overview line says how current the data is"


@pytest.fixture(scope="session")
def screens(ledger) -> set[bytes]:
    """Every chart as a notebook shows it: drawn from the ledger at screen resolution."""
    return {render.screen_png(ledger, slug)[0] for slug in charts.chart_slugs(ledger)}


@pytest.mark.parametrize("path", ANALYSIS_NOTEBOOKS, ids=lambda p: p.name)
def test_analysis_notebooks_answer_in_bold_and_show_the_exported_charts(path, screens):
    nb = json.loads(path.read_text(encoding="utf-8"))
    exported = screens
    for c in (c for c in nb["cells"] if c["cell_type"] == "code"):
        for out in c["outputs"]:
            data = out.get("data", {})
            if "image/png" in data:
                shown = base64.b64decode(data["image/png"])
                assert shown in exported, "a notebook shows the chart of the data it loaded, drawn at screen resolution"
            if "text/html" in data:
                assert "published_in" in "".join(data["text/html"]), "a table without its source notes"
        md = [o["data"]["text/markdown"] for o in c["outputs"] if "text/markdown" in o.get("data", {})]
        answers = ["".join(m) for m in md if not "".join(m).startswith("###")]
        assert answers and answers[0].startswith("**"), "each answer is a bold line computed by the package"


def test_the_do_it_yourself_notebook_ends_with_a_chart_that_keeps_its_source_note():
    nb = json.loads((ROOT / "notebooks" / "05_your_own_analysis.ipynb").read_text(encoding="utf-8"))
    last = [c for c in nb["cells"] if c["cell_type"] == "code"][-1]
    assert "tl.source_note(" in "".join(last["source"]) and "sns." in "".join(last["source"])
    assert any("image/png" in o.get("data", {}) for o in last["outputs"])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_prose_types_no_figures(path):
    """Numbers and dates in a notebook come from the package's answers, never from typed prose."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not re.search(r"\d", text), f"typed figure in prose: {text[:80]!r}"


def test_charts_stay_bounded_when_reports_repeat(ledger):
    """A ledger where every claim was entered 30 times still gives readable, page-sized charts."""
    copies = [ledger.claims]
    for k in range(1, 30):
        copy = ledger.claims.copy()
        copy["claim_id"] = [f"C{k:02d}{n:04d}" for n in range(len(copy))]
        copies.append(copy)
    big = tl.Ledger(ledger.sources, pd.concat(copies, ignore_index=True), ledger.events, ledger.meta)
    small_figs = {charts.info(f).slug: f for f in charts.all_charts(ledger)}
    for large in charts.all_charts(big):
        slug = charts.info(large).slug
        small = small_figs[slug]
        assert large.get_figheight() <= small.get_figheight() + 1.0, slug
        assert charts.info(large).title == charts.info(small).title
        assert set(charts.info(small).claim_ids) <= set(charts.info(large).claim_ids)


def test_tables_module_has_no_chart_logic():
    assert "matplotlib" not in (ROOT / "src" / "troopledger" / "tables.py").read_text(encoding="utf-8")
    assert tables.measure_label("troops_present") == "troops present"


def test_footnotes_from_one_report_share_a_line_and_keep_their_markers(ledger):
    notes = Footnotes(ledger)
    first = notes.mark(["C003"])
    other = notes.mark(["C055"])
    second = notes.mark(["C002"])  # the same briefing and outlet as C003
    summed = notes.mark([], "Our sum")
    assert (first, other, second, summed) == ("¹", "²", "³", "⁴")
    lines = notes.lines()
    assert lines[0] == "¹ C003, ³ C002: NIS via Lee Seong-kweun; News Central, publication date not shown"
    assert lines[1].startswith("² C055: ") and lines[2] == "⁴ Our sum"
    assert sum("C002" in line for line in lines) == 1
