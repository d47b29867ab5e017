"""Charts, exported files and committed notebooks: every number sourced, nothing stale, clipped or leaky."""

from __future__ import annotations

import base64
import getpass
import html
import io
import json
import re
import socket
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from troopledger import charts, story
from troopledger.charts import style
from troopledger.outputs import export, render, tables

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "figures"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ANALYSIS_NOTEBOOKS = [p for p in NOTEBOOKS if not p.name.startswith("06_")]


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


@pytest.mark.parametrize("folder", [FIGURES, FIGURES / "ko"], ids=["en", "ko"])
def test_each_committed_svg_and_pdf_links_every_source_its_chart_cites_and_no_other(ledger, figs, folder):
    """Read from the files a reader downloads: the distinct link targets are exactly the cited sources' URLs."""
    urls = ledger.sources.set_index("source_id")["url"]
    for slug, fig in figs.items():
        cited = {urls[s] for s in charts.info(fig).source_ids}
        svg = (folder / f"{slug}.svg").read_text(encoding="utf-8")
        in_svg = {html.unescape(u) for u in re.findall(r'<a xlink:href="(https?://[^"]+)"', svg)}
        pdf = (folder / f"{slug}.pdf").read_bytes()
        in_pdf = {re.sub(rb"\\(.)", rb"\1", u).decode() for u in re.findall(rb"/URI \(((?:[^()\\]|\\.)*)\)", pdf)}
        assert cited and in_svg == cited, f"{folder.name}/{slug}.svg: {sorted(in_svg ^ cited)}"
        assert in_pdf == cited, f"{folder.name}/{slug}.pdf: {sorted(in_pdf ^ cited)}"


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


def as_of(ledger) -> str:
    latest = story.data_as_of(ledger)
    return f"{latest.day} {latest:%b %Y}"


def test_figures_readme_lists_every_file_with_caption_and_alt(ledger):
    readme = (FIGURES / "README.md").read_text(encoding="utf-8")
    for path in FIGURES.iterdir():
        if path.is_file() and path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name
    assert readme.count("Alt text:") == readme.count("Caption:") == len(list(FIGURES.glob("*.png")))
    assert f"data as of {as_of(ledger)}" in readme


def test_every_report_table_carries_source_notes_and_bounds(ledger):
    made = export.report_tables(ledger)
    assert {"reported-figures", "deployment-waves", "casualties", "disagreements", "ledger"} <= set(made)
    for slug, (_, frame) in made.items():
        assert {"asserted_by", "published_in", "claim_id", "url", "low", "best", "high"} <= set(frame.columns), slug
        assert (frame["claim_id"] != "").all() and (frame["published_in"] != "").all(), slug


def test_table_captions_say_how_current_the_data_is(ledger):
    for path in FIGURES.glob("*.md"):
        if path.name != "README.md":
            assert f"Data as of {as_of(ledger)}" in path.read_text(encoding="utf-8").split("\n\n")[1], path.name


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
def test_analysis_notebooks_answer_in_bold_and_show_charts_and_sourced_tables(path, screens):
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
    nb = json.loads((ROOT / "notebooks" / "06_your_own_analysis.ipynb").read_text(encoding="utf-8"))
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


def test_tables_speak_without_drawing(ledger):
    assert tables.measure_label(ledger, "troops_present") == "troops present"
    assert tables.measure_label(ledger, "workers_sent") == "workers sent (civilians)"
