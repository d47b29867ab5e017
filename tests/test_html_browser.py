"""The HTML edition opened the way a reader opens it: from the files (file://) in headless Chromium, in English
and Korean. Every page opens without a script error, every image loads, and every link on the page that
stays inside the edition leads to a page that opens. Screenshots go to test-output/html/ for a look."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import CHROMIUM_ARGS, require_browser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SHOTS = ROOT / "test-output" / "html"
PAGES = sorted(DOCS.rglob("*.html")) if DOCS.is_dir() else []


@pytest.fixture(scope="module")
def browser() -> Iterator:
    chromium = require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def test_the_edition_opens_in_a_browser_with_every_image_and_internal_link(browser):
    assert PAGES, "docs/ is built by make"
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1100, "height": 1400})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    seen: set[str] = set()
    for path in PAGES:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        name = path.relative_to(DOCS).as_posix()
        assert page.evaluate("document.body.innerText.trim().length") > 200, f"{name} is blank"
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        assert broken == [], f"{name}: images that did not load: {broken}"
        page.screenshot(path=str(SHOTS / (name.replace("/", "_") + ".png")))
        links = page.evaluate(
            "Array.from(document.querySelectorAll('a[href]')).map(a => a.href).filter(h => h.startsWith('file:'))"
        )
        seen.update(link.split("#")[0] for link in links)
    for link in sorted(seen):  # every internal link opens a page or a file that is there
        target = Path(link.removeprefix("file://"))
        from urllib.parse import unquote

        assert Path(unquote(str(target))).is_file(), f"a link leads nowhere: {link}"
    assert errors == []
    context.close()
