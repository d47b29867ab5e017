"""A contact sheet: every chart at every size, with full and compact notes, on one HTML page.

For eyes, not for reports: an editor scrolls through the whole set in a minute and sees what no test sees
(an awkward break, a label far from its dot). Each image is drawn at a screen resolution; the page names
each variant and how many placement problems the check found in it (0 is the only good number).
"""

from __future__ import annotations

import html
import io
from pathlib import Path

from matplotlib import rc_context

from troopledger import charts
from troopledger.charts import placement, style
from troopledger.ledger import Ledger

SCREEN_DPI = {"column": 110, "page": 110, "slide": 72}


def write(ledger: Ledger, out: Path, lang: str = "en") -> Path:
    """Draw every chart × size × notes variant into `out` and return the sheet's index.html."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for slug in charts.chart_slugs(ledger):
        cells = []
        for size in style.SIZES.values():
            for compact in (False, True):
                fig = charts.make_chart(ledger, slug, size, compact, lang)
                name = f"{slug}-{size.name}-{'compact' if compact else 'full'}.png"
                buf = io.BytesIO()
                with rc_context(charts.rc(lang)):
                    found = placement.problems(fig, min_pt=size.min_footer_pt)
                    fig.savefig(buf, format="png", dpi=SCREEN_DPI.get(size.name, 100), metadata={"Software": None})
                (out / name).write_bytes(buf.getvalue())
                label = f"{size.name}, {'compact' if compact else 'full'} notes: {len(found)} placement problem(s)"
                problems = "".join(f"<li>{html.escape(str(p))}</li>" for p in found)
                cells.append(
                    f'<figure><a href="{name}"><img src="{name}" alt="{html.escape(charts.info(fig).alt)}" '
                    f'loading="lazy"></a><figcaption>{html.escape(label)}<ul>{problems}</ul></figcaption></figure>'
                )
        rows.append(f"<section><h2>{html.escape(slug)}</h2><div class=row>{''.join(cells)}</div></section>")
    page = (
        "<!doctype html><html lang=" + lang + "><meta charset=utf-8><title>Contact sheet</title>"
        "<style>body{font-family:sans-serif;margin:1em}.row{display:flex;flex-wrap:wrap;gap:12px;"
        "align-items:flex-start}figure{margin:0;width:320px}img{width:320px;border:1px solid #ccc}"
        "figcaption{font-size:12px}</style><h1>Every chart, every size, both notes modes</h1>" + "".join(rows)
    )
    index = out / "index.html"
    index.write_text(page + "\n", encoding="utf-8")
    return index
