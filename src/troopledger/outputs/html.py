"""The static HTML edition in docs/: read with a browser from the files alone (file://, no server, no script).

`docs/index.html` (and `docs/ko/index.html` in Korean) gives the headline figures, every chart with its
caption, alt text, downloads and the sources it cites (each linked), the data's date and version, and how to
cite; `docs/notebooks/*.html` are the notebooks as committed, rendered by nbconvert. Charts are the files in
figures/ (figures/ko/ for Korean), linked, not copied, so the edition and the downloads are one set of files;
a chart a notebook drew is shown as the same chart's exported PNG. Everything here is deterministic.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from troopledger import charts, words
from troopledger.charts.notes import version_text
from troopledger.story.model import by_id, data_as_of

if TYPE_CHECKING:
    from troopledger.charts import ChartInfo
    from troopledger.ledger import Ledger

STYLE = """body{font-family:"DejaVu Sans",Verdana,Arial,"NanumGothic","Malgun Gothic","Apple SD Gothic Neo",
"Noto Sans KR",sans-serif;max-width:60rem;margin:0 auto;padding:1rem;
color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2.2rem}h3{font-size:1.05rem}
img{max-width:100%;height:auto;border:1px solid #e6e6e6}
figure{margin:1rem 0}figcaption{color:#595959;font-size:.92rem}
nav a{margin-right:1rem}.meta{color:#595959}.small{font-size:.85rem}
table{border-collapse:collapse;font-size:.8rem;display:block;overflow-x:auto}
td,th{border:1px solid #ddd;padding:.2rem .4rem;vertical-align:top;text-align:left}
pre{background:#f6f6f6;padding:.5rem;overflow-x:auto}.input_prompt,.output_prompt,.prompt{display:none}
.highlight{background:#f6f6f6}
"""
NOTEBOOK_HEAD = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="stylesheet" href="../style.css"></head><body>
<nav><a href="../index.html">{home}</a></nav>
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _page(lang: str, title: str, css: str, body: str) -> bytes:
    head = (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{_e(title)}</title><link rel="stylesheet" href="{css}"></head><body>\n'
    )
    return (head + body + "\n</body></html>\n").encode("utf-8")


def index(ledger: Ledger, infos: list[ChartInfo], lang: str, notebooks: list[str]) -> bytes:
    """The index page of one language's edition."""
    w = words.get(lang)
    up = "../" if lang == "en" else "../../"
    figures = up + words.figures_folder(lang)
    sources = ledger.sources.set_index("source_id")
    claims = ledger.claims.set_index("claim_id", drop=False)
    catalogue = {c.slug: c for c in charts.catalogue(ledger)}
    as_of = data_as_of(ledger)
    title = ledger.meta.get("title", "")
    other = "ko/index.html" if lang == "en" else "../index.html"
    parts = [
        f'<nav><a href="{other}" hreflang="{"ko" if lang == "en" else "en"}">{_e(w.t("html.other_language"))}</a>'
        f'<a href="#charts">{_e(w.t("html.charts"))}</a><a href="#notebooks">{_e(w.t("html.notebooks"))}</a>'
        f'<a href="#cite">{_e(w.t("html.cite"))}</a></nav>',
        f"<h1>{_e(w.t('html.title'))}</h1>",
        f"<p class=meta>{_e(w.t('html.meta', title=title, version=version_text(ledger, w), as_of=w.day(as_of)))}</p>",
        f"<p>{_e(w.t('html.about'))}</p>",
        f"<h2 id='headlines'>{_e(w.t('html.headlines'))}</h2><ul>",
    ]
    for info in infos:  # each chart's title: the finding, attributed, computed from the ledger
        parts.append(f'<li><a href="#{_e(info.slug)}">{_e(info.title)}</a></li>')
    parts.append(f"</ul><h2 id='charts'>{_e(w.t('html.charts'))}</h2>")
    for info in infos:
        chart = catalogue.get(info.slug)
        downloads = [(fmt.upper(), f"{figures}{info.slug}.{fmt}") for fmt in ("png", "svg", "pdf")]
        if chart is not None and chart.table_slug:
            downloads.append((w.t("html.table", slug=chart.table_slug), f"{figures}{chart.table_slug}.csv"))
        links = " · ".join(f'<a href="{_e(href)}">{_e(name)}</a>' for name, href in downloads)
        cited = []
        for cid in by_id(info.claim_ids):
            c = claims.loc[cid]
            src = sources.loc[c["source_id"]]
            cited.append(
                f'<li><a href="{_e(src["url"])}">{_e(cid)}</a>: {_e(w.phrase(c))} · {_e(w.attribution(c))} · '
                f"{_e(w.citation(src))}</li>"
            )
        answer = chart.answer(ledger, w) if chart is not None else ""
        parts += [
            f'<section id="{_e(info.slug)}"><h3>{_e(info.title)}</h3>',
            f"<p>{_e(answer)}</p>",
            f'<figure><img src="{_e(figures + info.slug + ".png")}" alt="{_e(info.alt)}" width="945">',
            f"<figcaption>{_e(info.caption)}</figcaption></figure>",
            f"<p class=small>{_e(w.t('html.downloads'))} {links}</p>",
            f"<details><summary>{_e(w.t('html.sources', n=len(info.claim_ids)))}</summary>"
            f"<ul class=small>{''.join(cited)}</ul></details></section>",
        ]
    parts.append(f"<h2 id='notebooks'>{_e(w.t('html.notebooks'))}</h2><ul>")
    base = "notebooks/" if lang == "en" else "../notebooks/"
    for name in notebooks:
        stem = name.removesuffix(".ipynb")
        parts.append(f'<li><a href="{base}{_e(stem)}.html">{_e(stem.replace("_", " "))}</a></li>')
    parts.append(f"</ul><p class=small>{_e(w.t('html.notebooks_language'))}</p>")
    parts.append(
        f"<h2 id='claims'>{_e(w.t('html.claims'))}</h2><details><summary>"
        f"{_e(w.t('html.claims_summary', n=len(claims)))}</summary><ul class=small>"
    )
    for cid in by_id(claims.index):
        c = claims.loc[cid]
        src = sources.loc[c["source_id"]]
        known = ledger.measures[c["measure"]].label if c["measure"] in ledger.measures else ""
        measure = w.measure_label(c["measure"], known)
        parts.append(
            f'<li><a href="{_e(src["url"])}">{_e(cid)}</a>: {_e(w.phrase(c))} ({_e(measure)})'
            f" · {_e(w.attribution(c))} · {_e(w.claim_date(c))} · {_e(w.citation(src))}</li>"
        )
    parts.append("</ul></details>")
    parts.append(f"<h2 id='tables'>{_e(w.t('html.tables'))}</h2><p class=small>{_e(w.t('html.tables_about'))} ")
    tables = [
        "reported-figures",
        *dict.fromkeys(c.table_slug for c in catalogue.values() if c.table),
        "disagreements",
        "ledger",
    ]
    parts.append(" · ".join(f'<a href="{_e(figures + t)}.csv">{_e(t)}.csv</a>' for t in dict.fromkeys(tables)))
    parts.append("</p>")
    parts += [
        f"<h2 id='cite'>{_e(w.t('html.cite'))}</h2>",
        f"<p>{_e(w.t('html.cite_text', title=title, version=version_text(ledger, w)))}</p>",
        f"<p class=small>{_e(w.t('html.licence'))}</p>",
    ]
    css = "style.css" if lang == "en" else "../style.css"
    return _page(lang, w.t("html.title"), css, "\n".join(parts))


def notebook_page(name: str, nb_bytes: bytes, lang: str = "en") -> bytes:
    """One committed notebook as a page, without scripts; its charts point at the exported PNGs."""
    import nbformat
    from nbconvert import HTMLExporter

    w = words.get(lang)
    nb = nbformat.reads(nb_bytes.decode("utf-8"), as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            meta = (out.get("metadata") or {}).get("image/png") or {}
            slug = meta.get("troopledger", {}).get("slug")
            if slug and "image/png" in out.get("data", {}):
                out["data"]["text/html"] = f'<img src="../../figures/{_e(slug)}.png" alt="" width="945">'
                del out["data"]["image/png"]
    body, _ = HTMLExporter(
        template_name="basic", exclude_input_prompt=True, exclude_output_prompt=True
    ).from_notebook_node(nb)
    title = nb.cells[0].source.splitlines()[0].lstrip("# ") if nb.cells else name
    head = NOTEBOOK_HEAD.format(lang=lang, title=_e(title), home=_e(w.t("html.home")))
    return (head + body + "\n</body></html>\n").encode("utf-8")


def edition(ledger: Ledger, infos: dict[str, list[ChartInfo]], notebooks: dict[str, bytes]) -> dict[str, bytes]:
    """Every file of docs/, by its path inside docs/."""
    files = {"style.css": STYLE.encode("utf-8")}
    names = sorted(notebooks)
    for lang, chart_infos in infos.items():
        path = "index.html" if lang == "en" else f"{lang}/index.html"
        files[path] = index(ledger, chart_infos, lang, names)
    for name in names:
        files[f"notebooks/{name.removesuffix('.ipynb')}.html"] = notebook_page(name, notebooks[name])
    return files
