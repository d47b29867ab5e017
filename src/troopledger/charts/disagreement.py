"""Every source's value for one contested quantity, side by side; the primary article highlighted.

One row per distinct report, labelled with the outlet and the date the claim was made; nothing averaged.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from troopledger.charts import attach, style
from troopledger.charts.frame import Frame, text_width_pt
from troopledger.charts.labels import Placer
from troopledger.charts.marks import ONE_DAY, draw_value, month_axis, month_start, x
from troopledger.charts.notes import Footnotes, blank, claim_date
from troopledger.ledger import Ledger
from troopledger.story import Question, _period, anchor, question, question_claims
from troopledger.story.headlines import disagreement_title as _title
from troopledger.story.headlines import report_rows as _rows
from troopledger.story.wording import big, covers, phrase, sentence


def _subtitle(q: Question, rows: pd.DataFrame) -> str:
    what = "the period each report gives" if q.axis == "time" else "the number each report gives"
    text = (
        f"The {q.label}: {what}, one row per report, labelled with the outlet and the date the claim was made "
        "(oldest at the top). Primary article in red; open marks with arrows are floors or ceilings, dotted arrows "
        "vague words. Reports are not averaged."
    )
    if q.axis == "count" and rows["caveat"].notna().any():
        text += " Figures marked † come with a caveat (below) and are left out of the range in the title."
    return text


def disagreement_chart(
    ledger: Ledger, slug: str, size: style.Size = style.DEFAULT_SIZE, compact: bool = False
) -> Figure:
    q = question(ledger, slug)
    notes = Footnotes(ledger, compact=compact)
    primary = ledger.sources.loc[ledger.sources["role"] == "primary", "source_id"].iloc[0]
    rows, ids = _rows(question_claims(ledger, q))
    marks = [notes.mark(group) for group in ids]
    title, subtitle = _title(q, rows), _subtitle(q, rows)
    n = len(rows)
    row_in = 0.2 + 2.35 * size.label_pt / 72  # two-line labels; a slide's height is fixed anyway
    frame = Frame(size, title, subtitle, notes.lines(), 0.45 + row_in * n / size.grow)
    labels = _row_labels(ledger, rows, size, frame.plot_width_in)
    row_pt, label_in = _row_type(labels, size, frame, n)
    right_in = 0.2 + text_width_pt("15 million", size.tick_pt) / 144
    ax = frame.fig.add_axes(frame.axes_area(label_in, right_in=right_in, top_in=0.05, bottom_in=frame.tick_row_in))
    ax.set_ylim(n - 0.5, -0.6)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=row_pt, linespacing=1.05)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    for tick, (_, c) in zip(ax.get_yticklabels(), rows.iterrows(), strict=True):
        if c["source_id"] == primary:
            tick.set_color(style.PRIMARY)
            tick.set_fontweight("bold")
    ax.grid(axis="x", color=style.GRID, lw=0.6)
    ax.set_axisbelow(True)
    colors = [style.PRIMARY if c["source_id"] == primary else style.OTHER for _, c in rows.iterrows()]
    if q.axis == "time":
        _draw_periods(ax, rows, marks, colors, size)
        values = [f"{c['period_as_reported']} ({phrase(c)})" for _, c in rows.iterrows()]
    else:
        _draw_counts(ax, rows, marks, colors, size)
        values = [_value_label(c, "") for _, c in rows.iterrows()]
    sources = ledger.sources.set_index("source_id")
    alt = f"Dot chart of the {q.label}, one row per report. " + " ".join(
        sentence(f"{sources.loc[c['source_id'], 'outlet']}, {claim_date(c)}: {v}")
        for (_, c), v in zip(rows.iterrows(), values, strict=True)
    )
    caption = f"{title}. Every report is shown as given; none is averaged or dropped."
    return attach(
        frame.fig, notes, slug=f"disagreement-{q.slug}", title=title, subtitle=subtitle, caption=caption, alt=alt
    )


def _row_type(labels: list[str], size: style.Size, frame: Frame, n: int) -> tuple[float, float]:
    """Type size for the row labels, and the room they take: smaller (never below 7 pt, 9 pt on a slide)
    only when rows are packed tight or a label is wider than 45% of the plot."""
    lines = max(t.count("\n") + 1 for t in labels)
    pitch_pt = (frame.plot_in - frame.tick_row_in - 0.1) * 72 / (n + 0.1)
    floor = 9.0 if size.height_in is not None else 7.0
    pt = max(floor, min(size.tick_pt, pitch_pt / (lines * 1.3)))
    cap = frame.plot_width_in * 0.45 * 72

    def widest(p: float) -> float:
        return max(text_width_pt(line, p, bold=True) for text in labels for line in text.split("\n"))

    while widest(pt) > cap and pt - 0.5 >= floor:
        pt -= 0.5
    return pt, min(widest(pt), cap) / 72 + 0.2


def _row_labels(ledger: Ledger, rows: pd.DataFrame, size: style.Size, plot_in: float) -> list[str]:
    """'Outlet, as of date' over who asserted it; on one line when every label fits (slides save height)."""
    sources = ledger.sources.set_index("source_id")
    pairs = []
    for _, c in rows.iterrows():
        who = c["originator"] if not blank(c["originator"]) else "not attributed"
        pairs.append((f"{sources.loc[c['source_id'], 'outlet']}, {claim_date(c)}", who))
    fits = all(text_width_pt(f"{a} · {b}", size.tick_pt, bold=True) / 72 < plot_in * 0.42 for a, b in pairs)
    return [f"{a} · {b}" if fits and size.height_in is not None else f"{a}\n{b}" for a, b in pairs]


def _value_label(c: pd.Series, mark: str) -> str:
    part = covers(c)
    text = f"{phrase(c)}{mark}"
    if c["qualifier"] == "vague":
        text = f"{phrase(c)} (at least {big(int(c['low']))}){mark}"
    return text + (f" ({part} only)" if part and c["scope"] in ("cumulative", "at_date") else "")


def _room(ax, lo: float, ends: list[float], widths_pt: list[float]) -> float:
    """The axis end that leaves every label (drawn right of its end) inside the plot.

    A label w inches wide after a value at v needs R >= (v - lo) / (1 - w / A) on an axis A inches wide.
    """
    axis_in = ax.get_position().width * ax.figure.get_figwidth()
    need = [(e - lo) / max(0.45, 1 - (w / 72) / axis_in) for e, w in zip(ends, widths_pt, strict=True)]
    return lo + max(need) * 1.03


def _draw_periods(ax, rows: pd.DataFrame, marks: list[str], colors: list[str], size: style.Size) -> None:
    starts = [_period(c)[0] for _, c in rows.iterrows()]
    ends = [_period(c)[1] for _, c in rows.iterrows()]
    labels = [
        c["period_as_reported"] + ("" if blank(c["unit"]) else f"\n({c['unit']})") + m
        for (_, c), m in zip(rows.iterrows(), marks, strict=True)
    ]
    lo = month_start(min(starts) - pd.Timedelta(days=20))
    widths = [max(text_width_pt(line, size.label_pt) for line in t.split("\n")) + 8 for t in labels]
    hi = _room(ax, x(lo), [x(e + ONE_DAY) for e in ends], widths)
    month_axis(
        ax, lo, month_start(pd.Timestamp(mdates.num2date(hi).replace(tzinfo=None)) + pd.Timedelta(days=32)), size
    )
    placer = Placer(ax, min_pt=size.min_label_pt)
    for i, (label, color) in enumerate(zip(labels, colors, strict=True)):
        x0, x1 = x(starts[i]), x(ends[i] + ONE_DAY)
        ax.add_patch(Rectangle((x0, i - 0.22), max(x1 - x0, 3), 0.44, color=color, alpha=0.85, lw=0))
        style_ = {"fontsize": size.label_pt, "color": color}
        if placer.text(x1, i, label, candidates=[(4, 0, "left", "center")], fallback=False, **style_) is None:
            placer.text(x0, i, label, candidates=[(-4, 0, "right", "center"), (4, 0, "left", "center")], **style_)


def _fold(label: str, size: style.Size, room_pt: float) -> str:
    """Put a long label's bracketed part on a second line, so it fits beside its mark."""
    if text_width_pt(label, size.label_pt) <= room_pt or " (" not in label:
        return label
    head, _, tail = label.rpartition(" (")
    return f"{head}\n({tail}"


def _draw_counts(ax, rows: pd.DataFrame, marks: list[str], colors: list[str], size: style.Size) -> None:
    axis_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    labels = [_fold(_value_label(c, m), size, axis_pt * 0.4) for (_, c), m in zip(rows.iterrows(), marks, strict=True)]
    ends = [float(c["high"]) if c["qualifier"] == "range" else float(anchor(c)) for _, c in rows.iterrows()]
    gaps = [22 if c["qualifier"] in ("at_least", "more_than") else 6 for _, c in rows.iterrows()]
    widths = [
        0 if c["qualifier"] == "vague" else max(text_width_pt(line, size.label_pt) for line in t.split("\n")) + g
        for (_, c), t, g in zip(rows.iterrows(), labels, gaps, strict=True)
    ]
    vmax = max(float(c["high"]) if not pd.isna(c["high"]) else anchor(c) for _, c in rows.iterrows())
    right = max(vmax * 1.35, _room(ax, 0.0, ends, widths))
    ax.set_xlim(0, right)
    scale = 1_000_000 if vmax >= 1_000_000 else 1
    ax.xaxis.set_major_formatter(lambda v, _: f"{v / scale:,.0f} million" if scale > 1 else f"{v:,.0f}")
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.tick_params(axis="x", labelsize=size.tick_pt)
    placer = Placer(ax, min_pt=size.min_label_pt)
    for i, ((_, c), color) in enumerate(zip(rows.iterrows(), colors, strict=True)):
        span = right * 0.97 if c["qualifier"] == "vague" else right * 0.05
        draw_value(ax, anchor(c), i, c, color, horizontal=True, span=span)
        placer.block(anchor(c), i)
    for i, ((_, c), label, color) in enumerate(zip(rows.iterrows(), labels, colors, strict=True)):
        if c["qualifier"] == "vague":
            placer.text(anchor(c), i, label, candidates=[(0, 5, "left", "bottom")], fontsize=size.label_pt, color=color)
        else:
            placer.text(
                ends[i], i, label, candidates=[(gaps[i], 0, "left", "center")], fontsize=size.label_pt, color=color
            )
