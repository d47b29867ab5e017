"""The HTML edition in docs/: every page opens from the files alone, every image and internal link resolves,
every claim is one click from its source, in English and Korean."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from troopledger import charts

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.html")) if DOCS.is_dir() else []


def refs(page: Path) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8"))


def test_the_edition_has_both_indexes_and_every_notebook():
    assert (DOCS / "index.html").is_file() and (DOCS / "ko" / "index.html").is_file()
    built = {p.stem for p in (DOCS / "notebooks").glob("*.html")}
    assert built == {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_internal_link_and_image_resolves(page):
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text, "the edition reads without JavaScript"
    anchors = set(re.findall(r' id="([^"]+)"', text)) | set(re.findall(r" id='([^']+)'", text))
    for ref in refs(page):
        url = urlparse(ref)
        if url.scheme in ("http", "https", "data"):  # a source's page; a picture a notebook cell drew
            continue
        assert not url.scheme, f"{page.name}: {ref} is not a relative link"
        if not url.path:
            assert url.fragment in anchors, f"{page.name}: no #{url.fragment} on the page"
            continue
        target = (page.parent / unquote(url.path)).resolve()
        assert target.is_file(), f"{page.name}: {ref} does not resolve"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_each_index_shows_every_chart_with_its_alt_text_and_links_every_claim(ledger, lang):
    page = DOCS / ("index.html" if lang == "en" else "ko/index.html")
    text = page.read_text(encoding="utf-8")
    urls = ledger.sources.set_index("source_id")["url"]
    folder = "figures/" if lang == "en" else "figures/ko/"
    for slug in charts.chart_slugs(ledger):
        assert f'{folder}{slug}.png" alt="' in text, f"{lang}: {slug} missing"
        for fmt in ("svg", "pdf"):
            assert f"{folder}{slug}.{fmt}" in text
    linked = set(re.findall(r'<a href="(https?://[^"]+)"', text))
    import html

    linked = {html.unescape(u) for u in linked}
    assert set(urls[ledger.claims["source_id"].unique()]) <= linked, "a claim's source is not linked"
