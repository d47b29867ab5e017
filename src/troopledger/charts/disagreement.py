"""Every report of one contested quantity, side by side: one row per report, nothing averaged.

One chart per quantity the reports do not agree on (story.questions), so the set follows the ledger. Rows are
labelled with the outlet, the date the claim was made and who asserted it; the primary article's row is
shaded. A figure for part of the troops, or for one finished period, says so beside its mark.
"""

from __future__ import annotations

from types import ModuleType

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from troopledger.charts import Chart, attach, style
from troopledger.charts.frame import Frame, text_width_pt, wrap
from troopledger.charts.labels import Placer, Spot
from troopledger.charts.marks import (
    ARROW_PT,
    DOT_PT,
    ONE_DAY,
    dot,
    legend,
    month_axis,
    month_start,
    radius_pt,
    value,
    value_axis,
    x,
)
from troopledger.charts.notes import Footnotes
from troopledger.ledger import Ledger
from troopledger.story.headlines import disagreement_title, report_rows
from troopledger.story.model import anchor, blank, closed_period, of, period
from troopledger.story.questions import Question, question, question_claims, questions


def charts(ledger: Ledger) -> list[Chart]:
    """One chart per contested quantity, in reading order after the fixed charts."""
    out = []
    for i, q in enumerate(questions(of(ledger))):
        slug = f"disagreement-{q.slug}"
        out.append(
            Chart(
                slug,
                (q.quantity.measure,),
                _drawer(q.slug),
                _rule(q),
                _answer(q.slug),
                None,
                table_slug="disagreements",
                order=100 + i,
                extra={"question": q},
            )
        )
    return out


def heading(q: Question, ledger: Ledger, w: ModuleType) -> str:
    """The question a chart answers, as a reader would ask it ('How big was the first wave?')."""
    o = w.ordinal(q.quantity.wave) if q.quantity.wave else ""
    label = of(ledger).measures.get(q.quantity.measure)
    if q.kind == "timing":
        return w.t("q.timing", ordinal=o)
    if q.kind in ("total", "stock"):
        return w.total_question(q.quantity.measure, label.label if label else "")
    key = {"troops_planned": "q.planned", "troops_arrived": "q.arrivals", "troops_returned": "q.returns"}.get(
        q.quantity.measure, "q.size"
    )
    if q.quantity.unit:
        key += "_unit"
    return w.t(key, ordinal=o, unit=q.quantity.unit)


def label(q: Question, ledger: Ledger, w: ModuleType) -> str:
    """A short name for the quantity ('size of the first wave'), for tables and subtitles."""
    o = w.ordinal(q.quantity.wave) if q.quantity.wave else ""
    if q.kind == "timing":
        return w.t("q.label_timing", ordinal=o)
    if q.kind in ("total", "stock"):
        m = of(ledger).measures.get(q.quantity.measure)
        return w.total_label(q.quantity.measure, m.label if m else "")
    key = {
        "troops_planned": "q.label_planned",
        "troops_arrived": "q.label_arrivals",
        "troops_returned": "q.label_returns",
    }.get(q.quantity.measure, "q.label_size")
    if q.quantity.unit and key == "q.label_size":
        key += "_unit"
    return w.t(key, ordinal=o, unit=q.quantity.unit)


def _rule(q: Question):
    return lambda ledger, w: w.t("rule.question", question=heading(q, ledger, w))


def _answer(slug: str):
    def answer(ledger: Ledger, w: ModuleType) -> str:
        story = of(ledger)
        q = question(ledger, slug)
        rows, _ = report_rows(question_claims(ledger, q))
        text = disagreement_title(story, q, rows, w) + "."
        prim = rows[rows["source_id"] == story.primary]
        if len(prim):
            text += w.t(
                "ans.disagreement_primary", figures=w.join(list(dict.fromkeys(w.phrase(c) for _, c in prim.iterrows())))
            )
        else:
            text += w.t("ans.disagreement_no_primary")
        lead = story.lead(q.quantity)
        if lead is not None:
            text += w.t("ans.disagreement_lead", figure=w.phrase(lead), who=w.who(lead), when=w.claim_date(lead))
        return text

    return answer


def _drawer(slug: str):
    def draw(ledger: Ledger, size: style.Size, compact: bool, w: ModuleType) -> Figure:
        return disagreement_chart(ledger, slug, size, compact, w)

    return draw


# --------------------------------------------------------------------------- the chart


def _subtitle(q: Question, rows: pd.DataFrame, primary: bool, ledger: Ledger, w: ModuleType) -> str:
    what = w.t("dis.what_time" if q.axis == "time" else "dis.what_count")
    parts = [w.t("dis.subtitle", label=label(q, ledger, w), what=what)]
    if q.axis == "count":
        parts += legend(set(rows["qualifier"]), w)
    if primary:
        parts.append(w.t("enc.primary"))
    if rows["caveat"].notna().any():
        parts.append(w.t("enc.dagger"))
    return " ".join(parts)


def disagreement_chart(
    ledger: Ledger, slug: str, size: style.Size, compact: bool, w: ModuleType, skip: frozenset[str] = frozenset()
) -> Figure:
    story = of(ledger)
    q = question(ledger, slug)
    notes = Footnotes(ledger, w, compact=compact)
    notes.unplaced.extend(sorted(skip))
    rows, ids = report_rows(question_claims(ledger, q))
    marks = [notes.mark(group) for group in ids]
    is_primary = [c["source_id"] == story.primary for _, c in rows.iterrows()]
    title = disagreement_title(story, q, rows, w)
    subtitle = _subtitle(q, rows, any(is_primary), ledger, w)
    n = len(rows)
    pitch_in = 2 * size.tick_pt * 1.35 / 72 + 0.07
    frame = Frame(
        size,
        title,
        subtitle,
        notes.for_size(size),
        0.2 + pitch_in * (n + 0.4) + 0.1,
        fallback=notes.fallback(),
        fixed_height=True,
    )
    sources = ledger.sources.set_index("source_id")
    labels = _row_labels(rows, sources, size, frame, w)
    label_in = max(text_width_pt(t, size.tick_pt) for t in labels) / 72 + 0.15
    label_in = min(label_in, frame.plot_width_in * 0.48)
    right_in = 0.1 + text_width_pt("20 million", size.tick_pt) / 2 / 72
    ax = frame.fig.add_axes(
        frame.axes_rect(
            label_in + 0.12,
            frame.tick_row_in,
            frame.plot_width_in - label_in - 0.12 - right_in,
            frame.plot_in - frame.tick_row_in - 0.05,
        )
    )
    ax.set_ylim(n - 0.5, -0.6)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=size.tick_pt, linespacing=1.1)
    ax.tick_params(axis="y", length=0, pad=6)
    ax.spines["left"].set_visible(False)
    for tick, prim in zip(ax.get_yticklabels(), is_primary, strict=True):
        tick.set_color(style.INK if prim else style.MUTED)
        if prim:
            tick.set_fontweight("bold")
    for i, prim in enumerate(is_primary):
        if prim:
            ax.add_patch(
                Rectangle(
                    (0, i - 0.5),
                    1,
                    1,
                    transform=ax.get_yaxis_transform(),
                    color=style.PRIMARY_BAND,
                    lw=0,
                    zorder=0,
                    gid="bg:primary",
                )
            )
    measure = q.quantity.measure
    m = story.measures.get(measure)
    color = style.color(measure, m.counts if m else "")
    if q.axis == "time":
        values = _draw_periods(ax, rows, marks, color, size, w, notes, skip)
    else:
        values = _draw_counts(ax, rows, marks, color, size, w, notes, skip)
    missed = frozenset(notes.unplaced) - skip
    if missed:
        return disagreement_chart(ledger, slug, size, compact, w, skip | missed)
    alt = (
        w.t("dis.alt_intro", label=label(q, ledger, w))
        + " "
        + " ".join(
            w.sentence(
                w.t("dis.alt_row", outlet=w.outlet(sources.loc[c["source_id"]]), claim_date=w.claim_date(c), value=v)
            )
            for (_, c), v in zip(rows.iterrows(), values, strict=True)
        )
    )
    caption = w.t("dis.caption", title=title)
    return attach(
        frame.fig, notes, slug=f"disagreement-{q.slug}", title=title, subtitle=subtitle, caption=caption, alt=alt
    )


def _row_labels(rows: pd.DataFrame, sources: pd.DataFrame, size: style.Size, frame: Frame, w: ModuleType) -> list[str]:
    """'Outlet, as of date' over who asserted it; on one line on a slide, where height is short and width is not."""
    out = []
    two_lines_in = 2 * size.tick_pt * 1.25 / 72 * len(rows)
    one_line = two_lines_in > frame.plot_in - frame.tick_row_in  # a slide with many rows: one line each
    for _, c in rows.iterrows():
        outlet = sources.loc[c["source_id"], "outlet"]
        key = "dis.row_one_line" if one_line else "dis.row"
        out.append(w.t(key, outlet=outlet, claim_date=w.claim_date(c), who=w.who(c)))
    cap = frame.plot_width_in * 0.48 * 72
    return [_shorten(t, cap, size.tick_pt) for t in out]


def _shorten(text: str, cap_pt: float, pt: float) -> str:
    lines = text.split("\n")
    out = []
    for line in lines:
        while text_width_pt(line, pt) > cap_pt and len(line) > 8:
            line = line[: max(8, len(line) - 4)].rstrip() + "…"
        out.append(line)
    return "\n".join(out)


def _value_words(c: pd.Series, w: ModuleType) -> str:
    figure = w.phrase(c)
    if c["qualifier"] == "vague":
        figure = w.t("dis.vague", figure=figure, floor=w.vague_floor(c))
    part = w.covers(c) if not blank(c["unit"]) and c["scope"] in ("cumulative", "at_date") else ""
    if part:
        figure = w.t("dis.part", figure=figure, part=part)
    if closed_period(c):
        figure = w.t(
            "dis.closed", figure=figure, period=w.span(c["period_start"], c["period_end"], c["date_precision"])
        )
    if c["scope"] == "at_date" and not blank(c["place"]):
        figure += w.where(c["place"])
    return figure


def _width_in(label: str, size) -> float:
    """A label's widest line, with its mark's arrow and air, in inches."""
    return max(text_width_pt(line, size.label_pt) for line in label.split("\n")) / 72 + (ARROW_PT + 8) / 72


def _axis_end(ends: list[float], labels: list[str], axis_in: float, size) -> float:
    """The value axis's end, so that each label fits right of its mark: (v / R) * A + w <= A, within reason."""
    need = max(v / max(0.3, 1 - _width_in(t, size) / axis_in) for v, t in zip(ends, labels, strict=True))
    return max(max(ends) * 1.15, need * 1.02)


def _draw_counts(ax, rows: pd.DataFrame, marks: list[str], color: str, size, w, notes, skip) -> list[str]:
    ends = [
        float(c["high"]) if not pd.isna(c["high"]) else float(c["low"] if not pd.isna(c["low"]) else c["best"])
        for _, c in rows.iterrows()
    ]
    words = [_value_words(c, w) for _, c in rows.iterrows()]
    axis_in = ax.get_position().width * ax.figure.get_figwidth()
    labels = [f"{t} {m}".rstrip() for t, m in zip(words, marks, strict=True)]
    right = _axis_end(ends, labels, axis_in, size)
    # A label that would still run past the axis end goes on two lines (a row has room for two).
    labels = [
        "\n".join(wrap(t, axis_in * 72 * 0.55, size.label_pt))
        if v / right * axis_in + _width_in(t, size) > axis_in
        else t
        for v, t in zip(ends, labels, strict=True)
    ]
    right = _axis_end(ends, labels, axis_in, size)
    left = -right * 0.035
    ax.set_xlim(left, right)
    value_axis(ax, size, w, axis="x")
    placer = Placer(ax, min_pt=size.min_label_pt)
    for i, (_, c) in enumerate(rows.iterrows()):
        value(ax, placer, f"row{i}", float(anchor(c)), i, c, color, horizontal=True, size_pt=dot(size))
    for i, ((_, c), label, m) in enumerate(zip(rows.iterrows(), labels, marks, strict=True)):
        key = f"row{i}"
        if notes.left_off(m, label) in skip:
            continue
        at = (
            float(ends[i])
            if c["qualifier"] == "range"
            else float(c["best"] if not pd.isna(c["best"]) else (c["low"] if not pd.isna(c["low"]) else c["high"]))
        )
        r = radius_pt(dot(size))
        gap = ARROW_PT * dot(size) / DOT_PT + 4 if c["qualifier"] in ("at_least", "more_than", "vague") else r + 2.5
        left = (
            r
            + 2.5
            + (ARROW_PT * dot(size) / DOT_PT if c["qualifier"] in ("nearly", "at_most", "upper_estimate") else 0)
        )
        spots = [Spot(gap, 0, "left", "center"), Spot(gap, r + 1, "left", "bottom"), Spot(-left, 0, "right", "center")]
        if (
            placer.place(
                key, (at, i), label, spots, short=notes.short(m), fontsize=size.label_pt, color=style.INK, far=False
            )
            is None
        ):
            notes.unplaced.append(notes.left_off(m, label))
    return words


def _draw_periods(ax, rows: pd.DataFrame, marks: list[str], color: str, size, w, notes, skip) -> list[str]:
    spans = [period(c)[:2] for _, c in rows.iterrows()]
    words = [
        w.t(
            "dis.period_value_unit",
            period=w.span(a, b, c["date_precision"]),
            figure=w.phrase(c),
            unit=w.unit(c["unit"]),
        )
        if not blank(c["unit"])
        else w.t("dis.period_value", period=w.span(a, b, c["date_precision"]), figure=w.phrase(c))
        for (a, b), (_, c) in zip(spans, rows.iterrows(), strict=True)
    ]
    labels = [f"{t} {m}".rstrip() for t, m in zip(words, marks, strict=True)]
    lo = month_start(min(a for a, _ in spans) - pd.Timedelta(days=20))
    axis_in = ax.get_position().width * ax.figure.get_figwidth()
    hi = max(b for _, b in spans) + ONE_DAY
    span_days = (hi - lo).days
    widest = max(text_width_pt(t, size.label_pt) / 72 + 0.1 for t in labels)
    need_days = span_days / max(0.3, 1 - widest / axis_in)
    end = month_start(lo + pd.Timedelta(days=need_days) + pd.Timedelta(days=32))
    month_axis(ax, lo, end, size, w)
    # Dates only as far as the reports go: the room beyond is for the labels, not for years no report names.
    last = x(month_start(hi) + pd.Timedelta(days=32))
    ax.set_xticks([t for t in ax.get_xticks() if t <= last])
    ax.set_xticks([t for t in ax.get_xticks(minor=True) if t <= last], minor=True)
    ax.spines["bottom"].set_bounds(x(lo), last)
    ax.grid(axis="x", color=style.GRID, lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    placer = Placer(ax, min_pt=size.min_label_pt)
    for i, (a, b) in enumerate(spans):
        key = f"row{i}"
        x0, x1 = x(a), x(b + ONE_DAY)
        bar = Rectangle((x0, i - 0.2), max(x1 - x0, 2.5), 0.4, color=color, alpha=0.85, lw=0, gid=f"mark:{key}")
        ax.add_patch(bar)
        placer.area_of(key, bar, solid=True)
    for i, ((a, b), label, m) in enumerate(zip(spans, labels, marks, strict=True)):
        key = f"row{i}"
        if notes.left_off(m, label) in skip:
            continue
        at = (x(b + ONE_DAY), i)
        spots = [Spot(4, 0, "left", "center"), Spot(-4, 0, "right", "center", at=(x(a), i))]
        if (
            placer.place(
                key, at, label, spots, short=notes.short(m), fontsize=size.label_pt, color=style.INK, far=False
            )
            is None
        ):
            notes.unplaced.append(notes.left_off(m, label))
    return words
