"""Charts, exported files and committed notebooks: every number sourced, nothing stale or leaky."""

from __future__ import annotations

import base64
import getpass
import json
import re
import socket
from pathlib import Path

import pytest
from matplotlib.patches import Rectangle

import troopledger as tl
from troopledger import charts, export, tables

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "figures"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def ledger() -> tl.Ledger:
    return tl.load(ROOT / "data")


@pytest.fixture(scope="module")
def figs(ledger):
    return charts.all_charts(ledger)


def figure_text(fig) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text") and callable(a.get_text)))


def test_every_chart_footer_lists_exactly_the_claims_drawn(ledger, figs):
    known = set(ledger.claims["claim_id"])
    outlets = ledger.sources.set_index("source_id")["outlet"]
    for fig in figs:
        info = charts.info(fig)
        text = figure_text(fig)
        assert info.claim_ids and set(info.claim_ids) <= known, info.slug
        for cid in info.claim_ids:
            assert cid in text, f"{info.slug}: {cid} drawn but not in the footer"
        assert set(re.findall(r"\bC\d{3}\b", text)) <= set(info.claim_ids), info.slug
        assert "Source: " in text and "figures/README.md" in text, info.slug
        for sid in info.source_ids:
            assert outlets[sid] in text, f"{info.slug}: source {sid} missing"


def test_every_footnote_marker_on_a_chart_is_resolved(figs):
    sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
    for fig in figs:
        footer = "\n".join(charts.info(fig).footnotes)
        used = set(re.findall(f"[{sup}]+", figure_text(fig)))
        defined = set(re.findall(f"^([{sup}]+) ", footer, flags=re.M))
        assert used and used <= defined | set(re.findall(f"\\(([{sup}]+)\\)", footer)), charts.info(fig).slug
        assert defined <= used, f"{charts.info(fig).slug}: footnotes nobody points at"


def test_waves_chart_draws_planned_hatched_and_vague_as_no_bar(ledger, figs):
    fig = figs[0]
    waves = tables.deployment_waves(ledger)
    bars = [p for ax in fig.axes for p in ax.patches if isinstance(p, Rectangle) and p.get_height() > 0]
    by_height = {round(p.get_height()): p for p in bars}
    for w in waves:
        bar = by_height[w.value]
        assert bool(bar.get_hatch()) == w.planned, f"wave {w.number}"
        assert (bar.get_linestyle() == "--") == w.planned
    vague_floors = set(ledger.claims.loc[ledger.claims["qualifier"] == "vague", "low"].dropna().astype(int))
    drawn_heights = {round(p.get_height()) for p in bars}
    assert not vague_floors & drawn_heights, "a vague quantity must never be drawn as a bar"


def test_waves_chart_title_is_computed_from_the_data(ledger, figs):
    waves = tables.deployment_waves(ledger)
    sent = sum(w.value for w in waves if not w.planned)
    planned = sum(w.value for w in waves if w.planned)
    title = charts.info(figs[0]).title
    assert f"{sent:,}" in title and f"{planned:,}" in title


def test_disagreement_charts_keep_every_report(ledger, figs):
    for q in tables.QUESTIONS:
        fig = next(f for f in figs if charts.info(f).slug == f"disagreement-{q.slug}")
        assert sorted(charts.info(fig).claim_ids) == sorted(tables.question_claims(ledger, q)["claim_id"])


def test_export_is_deterministic_and_parallel_equals_serial(ledger):
    serial = export.build_files(ledger, workers=1)
    parallel = export.build_files(ledger, workers=2)
    assert serial.keys() == parallel.keys()
    assert [k for k in serial if serial[k] != parallel[k]] == []


def test_export_failure_leaves_figures_untouched(ledger, tmp_path, monkeypatch):
    target = tmp_path / "figures"
    target.mkdir()
    (target / "old.png").write_bytes(b"previous export")
    makers = charts.chart_makers()

    def broken(_ledger):
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(charts, "chart_makers", lambda: [*makers[:3], broken, *makers[4:]])
    with pytest.raises(RuntimeError, match="renderer crashed"):
        export.write_folder(target, export.build_files(ledger, workers=1))
    assert [p.name for p in tmp_path.iterdir()] == ["figures"], "no staging folder left behind"
    assert {p.name: p.read_bytes() for p in target.iterdir()} == {"old.png": b"previous export"}


def test_csv_export_neutralises_formulas():
    import pandas as pd

    frame = pd.DataFrame({"figure": ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "11,000"]})
    text = export.table_csv(frame).decode()
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""http://x"",""y"")"', "'+1", "'-2", "'@SUM(A1)", '"11,000"']


def test_committed_csv_tables_have_no_formula_cells():
    for path in FIGURES.glob("*.csv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split(","):
                assert not cell.lstrip('"').startswith(("=", "+", "-", "@")), (path.name, cell)


def test_figures_readme_lists_every_file_with_caption_and_alt():
    readme = (FIGURES / "README.md").read_text(encoding="utf-8")
    for path in FIGURES.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name
    assert readme.count("Alt text:") == readme.count("Caption:") == len(list(FIGURES.glob("*.png")))


def test_every_report_table_carries_source_notes(ledger):
    for slug, (_, make) in export.TABLES.items():
        frame = make(ledger)
        assert {"asserted_by", "published_in", "claim_id"} <= set(frame.columns), slug
        assert (frame["claim_id"] != "").all() and (frame["published_in"] != "").all(), slug


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
        assert b"tEXt" not in data and b"iTXt" not in data, "PNG carries text metadata"
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


def test_svg_keeps_text_as_text():
    svg = (FIGURES / "deployment-waves.svg").read_text(encoding="utf-8")
    assert "<text" in svg and "North Korea has sent" in svg


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_is_executed_clean_and_shows_the_exported_charts(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    intro = "".join(cells[0]["source"])
    for part in ("What it answers", "What it reads", "What it shows"):
        assert part in intro
    exported = {p.read_bytes() for p in FIGURES.glob("*.png")}
    code = [c for c in cells if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for c in code:
        assert c["outputs"], "every code cell is committed with its output"
        assert len("".join(c["source"]).strip().splitlines()) <= 4, "notebooks stay thin"
        for out in c["outputs"]:
            assert out["output_type"] in ("display_data", "execute_result"), out
            data = out.get("data", {})
            if "image/png" in data:
                assert base64.b64decode(data["image/png"]) in exported, "notebook chart differs from the export"
            if "text/html" in data:
                html = "".join(data["text/html"])
                assert "published_in" in html, "a table without its source notes"
        md = [o["data"]["text/markdown"] for o in c["outputs"] if "text/markdown" in o.get("data", {})]
        assert md and "".join(md[0]).startswith("**"), "each answer is a bold line computed by the package"


def test_charts_stay_bounded_when_reports_repeat(ledger):
    """A ledger where every claim was entered 30 times still gives readable, page-sized charts."""
    import pandas as pd

    copies = [ledger.claims]
    for k in range(1, 30):
        copy = ledger.claims.copy()
        copy["claim_id"] = [f"C{k:02d}{n:04d}" for n in range(len(copy))]
        copies.append(copy)
    big = tl.Ledger(ledger.sources, pd.concat(copies, ignore_index=True), ledger.events)
    for small, large in zip(charts.all_charts(ledger), charts.all_charts(big), strict=True):
        assert large.get_figheight() <= small.get_figheight() + 1.0, charts.info(large).slug
        assert charts.info(large).title == charts.info(small).title
        assert set(charts.info(small).claim_ids) <= set(charts.info(large).claim_ids)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_prose_types_no_figures(path):
    """Numbers and dates in a notebook come from the package's answers, never from typed prose."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            text = "".join(cell["source"])
            assert not re.search(r"\d", text), f"typed figure in prose: {text[:80]!r}"
