"""Reports of running totals over time, one small panel per measure (killed, wounded, both together; workers).

Each report is a mark at the date its figure applies to, drawn as its words allow (see marks.py); a figure
for a finished period ('during 2024') carries a line under it across that period. The lead originator's
successive counts are joined by a thin line that stops at its last report. Each panel has its own scale,
so a count of 9 is not flattened by one of 6,000. The lead figures are labelled with their number; other
reports too where there is room, else with their note key ('[7]'), so the chart stays readable as
reports are added.
"""

from __future__ import annotations

from types import ModuleType

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from troopledger.charts import attach, style
from troopledger.charts.frame import Frame
from troopledger.charts.labels import FAR, GAP_PT, Placer, around, settle
from troopledger.charts.marks import (
    ARROW_PT,
    DOT_PT,
    ONE_DAY,
    dot,
    floor_room,
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
from troopledger.story.headlines import series_title
from troopledger.story.model import Quantity, anchor, blank, by_id, data_as_of, latest_series, of, text, when

SAME_REPORT_DAYS = 14  # one originator's same number, reported within two weeks, is one briefing
PANEL_IN = 1.3


def reports(claims: pd.DataFrame) -> list[list[pd.Series]]:
    """One group per distinct report: the same number from the same originator for the same troops, carried by
    several outlets within two weeks, is one mark citing them all."""
    rows = sorted((c for _, c in claims.iterrows()), key=lambda c: (when(c), by_id([c["claim_id"]])))
    groups: list[list[pd.Series]] = []
    for c in rows:
        key = _key(c)
        for g in groups:
            if _key(g[0]) == key and (when(c) - when(g[0])).days <= SAME_REPORT_DAYS:
                g.append(c)
                break
        else:
            groups.append([c])
    return groups


def _key(c: pd.Series) -> tuple:
    return (
        c["measure"],
        text(c["originator"]),
        c["qualifier"],
        str(c["low"]),
        str(c["best"]),
        str(c["high"]),
        text(c["wave"]),
        text(c["unit"]),
        text(c["period_start"]),
    )


def _span(c: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    if blank(c["period_start"]) or blank(c["period_end"]):
        return None
    return pd.Timestamp(c["period_start"]), min(pd.Timestamp(c["period_end"]), when(c))


def draw(
    ledger: Ledger,
    size: style.Size,
    compact: bool,
    w: ModuleType,
    *,
    slug: str,
    measures: tuple[str, ...],
    title_measures: tuple[str, ...] = (),
) -> Figure:
    """The chart; a label that fits nowhere is left off (its number is listed in the notes instead).

    Labels are placed one by one (leads first, latest first). When some find no room, the chart is drawn
    again with those placed first, and the drawing that leaves fewer labels off is kept.
    """
    return settle(
        lambda skip, first: _attempt(ledger, size, compact, w, slug, measures, title_measures, skip=skip, first=first)
    )


def _attempt(
    ledger: Ledger,
    size: style.Size,
    compact: bool,
    w: ModuleType,
    slug: str,
    measures: tuple[str, ...],
    title_measures: tuple[str, ...],
    *,
    skip: frozenset[str],
    first: frozenset[str],
) -> tuple[Figure | None, frozenset[str], frozenset[str]]:
    """One drawing with the labels in `skip` left off and the claims in `first` labelled first: the chart, or
    None with the labels (and claims) that found no room."""
    story = of(ledger)
    catalogue = story.measures
    claims = ledger.claims[ledger.claims["measure"].isin(measures)]
    dated = claims[[when(c) is not None for _, c in claims.iterrows()]]
    undated = claims[[when(c) is None for _, c in claims.iterrows()]]
    panels = [m for m in measures if (dated["measure"] == m).any()]
    notes = Footnotes(ledger, w, compact=compact)
    roomless: list[str] = []  # the claims whose label found no room
    notes.unplaced.extend(sorted(skip, key=_skip_order))
    groups = {m: reports(dated[dated["measure"] == m]) for m in panels}
    marks = {m: [notes.mark(list(by_id(c["claim_id"] for c in g))) for g in groups[m]] for m in panels}
    for _, c in undated.iterrows():
        label = catalogue[c["measure"]].label if c["measure"] in catalogue else ""
        src = ledger.sources.set_index("source_id").loc[c["source_id"]]
        notes.also.append(
            w.t(
                "series.not_drawn",
                figure=w.phrase(c),
                noun=w.noun(c["measure"], label),
                who=w.who(c),
                citation=w.citation(src),
            )
        )
    title = series_title(story, list(title_measures or measures), w)
    subtitle = _subtitle(story, dated, panels, w)
    title_in = size.tick_pt * 1.9 / 72
    frame = Frame(
        size,
        title,
        subtitle,
        notes.for_size(size),
        len(panels) * (PANEL_IN + title_in) + 0.45,
        fallback=notes.fallback(),
    )
    start, end = _time_range(dated, ledger)
    axes = _panels(frame, len(panels), title_in)
    for i, (ax, m) in enumerate(zip(axes, panels, strict=True)):
        label = catalogue[m].label if m in catalogue else ""
        color = style.color(m, catalogue[m].counts if m in catalogue else "")
        month_axis(ax, start, end, size, w)
        if i < len(axes) - 1 and not size.sidebar:
            ax.tick_params(axis="x", labelbottom=False)
        _panel(ax, story, m, groups[m], marks[m], color, size, w, notes, skip, first, roomless)
        ax.set_title(
            w.panel_title(m, label), loc="left", fontsize=size.tick_pt + 0.5, color=color, weight="bold", pad=3
        )
    missed = frozenset(notes.unplaced) - skip
    if missed:
        return None, missed, frozenset(roomless)
    caption = w.t("series.caption", title=title)
    alt = _alt(story, panels, groups, start, end, w)
    fig = attach(frame.fig, notes, slug=slug, title=title, subtitle=subtitle, caption=caption, alt=alt)
    return fig, frozenset(), frozenset()


def _time_range(dated: pd.DataFrame, ledger: Ledger) -> tuple[pd.Timestamp, pd.Timestamp]:
    firsts = [when(c) for _, c in dated.iterrows()]
    firsts += [pd.Timestamp(c["period_start"]) for _, c in dated.iterrows() if _span(c) is not None]
    latest = max(when(c) for _, c in dated.iterrows())
    as_of = data_as_of(ledger) or latest
    start = month_start(min(firsts) - pd.Timedelta(days=25))
    end = month_start(max(latest, as_of) + pd.Timedelta(days=45))
    return start, end


def _panels(frame: Frame, n: int, title_in: float) -> list[Axes]:
    """Small multiples: stacked on a page (one time axis below them all), side by side on a slide."""
    left = frame.value_axis_in()
    usable = frame.plot_in - frame.tick_row_in - 0.1
    axes: list[Axes] = []
    if frame.size.sidebar and n > 1:
        gap = 0.35
        width = (frame.plot_width_in - left * n - gap * (n - 1) - 0.2) / n
        for i in range(n):
            rect = frame.axes_rect(left + i * (left + width + gap), frame.tick_row_in, width, usable - title_in)
            axes.append(frame.fig.add_axes(rect, sharex=axes[0] if axes else None))
        return axes
    width = frame.plot_width_in - left - 0.2
    each = usable / n
    for i in range(n):
        bottom = frame.tick_row_in + (n - 1 - i) * each
        rect = frame.axes_rect(left, bottom, width, each - title_in - 0.06)
        axes.append(frame.fig.add_axes(rect, sharex=axes[0] if axes else None))
    return axes


def _top(groups: list[list[pd.Series]]) -> float:
    tops = []
    for g in groups:
        c = g[0]
        tops.append(float(c["high"]) if not pd.isna(c["high"]) else float(anchor(c)))
    return max(tops)


def _skip_order(label: str) -> tuple[int, str]:
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 0, label)


def _panel(
    ax: Axes, story, measure: str, groups, marks, color, size: style.Size, w, notes: Footnotes, skip, first, roomless
) -> None:
    top = _top(groups)
    floor_room(ax, top * 1.45 + 1, dot(size), [g[0] for g in groups])
    value_axis(ax, size, w)
    ax.spines["left"].set_visible(False)
    placer = Placer(ax, min_pt=size.min_label_pt)
    placer.line("zero", list(ax.get_xlim()), [0, 0], 0.8)  # labels keep off the zero line: it would strike them through
    series = latest_series(story, Quantity(measure, to_date=True))
    series_ids = set(series["claim_id"])
    lead_keys = []
    for g in groups:
        c = g[0]
        key = c["claim_id"]
        span = _span(c)
        if span is not None:
            line = Line2D([x(span[0]), x(span[1] + ONE_DAY)], [anchor(c)] * 2, color=color, lw=1.0, gid=f"mark:{key}")
            ax.add_line(line)
            placer.line(key, line.get_xdata(), line.get_ydata(), 1.0)
        value(ax, placer, key, x(when(c)), anchor(c), c, color, horizontal=False, size_pt=dot(size))
        if any(cc["claim_id"] in series_ids for cc in g):
            lead_keys.append(key)
    if len(series) > 1:
        pts = sorted({(when(c), anchor(c)) for _, c in series.iterrows()})
        xs, ys = [x(t) for t, _ in pts], [v for _, v in pts]
        ax.add_line(Line2D(xs, ys, color=color, lw=0.8, zorder=2, gid=f"line:series-{measure}"))
        placer.line(f"series-{measure}", xs, ys, 0.8)
    order = sorted(
        range(len(groups)),
        key=lambda i: (
            groups[i][0]["claim_id"] not in first,
            groups[i][0]["claim_id"] not in lead_keys,
            -x(when(groups[i][0])),
        ),
    )
    for i in order:
        g, marker = groups[i], marks[i]
        c = g[0]
        part = w.covers(c) if not (blank(c["unit"]) and blank(c["wave"])) else ""
        words = w.phrase(c) + (f" ({part})" if part else "")
        label = f"{words} {marker}".strip() if marker else words
        if notes.left_off(marker, label) in skip:
            continue
        spots, far = around(radius_pt(dot(size)), 2.0), FAR
        reach = ARROW_PT * dot(size) / DOT_PT + GAP_PT  # a label straight above or below stays clear of the arrow
        if c["qualifier"] in ("at_least", "more_than", "vague"):
            spots = [s for s in spots if not (s.dx == 0 and s.dy > 0)]  # the arrow points up
            far = [s for s in FAR if not (s.dx == 0 and 0 < s.dy <= reach)]
        elif c["qualifier"] in ("nearly", "at_most", "upper_estimate"):
            spots = [s for s in spots if not (s.dx == 0 and s.dy < 0)]
            far = [s for s in FAR if not (s.dx == 0 and -reach <= s.dy < 0)]
        placed = placer.place(
            c["claim_id"],
            (x(when(c)), anchor(c)),
            label,
            spots,
            short=notes.short(marker),
            fontsize=size.label_pt,
            far=far,
            color=color,
            weight="bold" if c["claim_id"] in lead_keys else "normal",
        )
        if placed is None:
            notes.unplaced.append(notes.left_off(marker, label))
            roomless.append(c["claim_id"])


def _subtitle(story, dated: pd.DataFrame, panels: list[str], w: ModuleType) -> str:
    nouns = w.join([w.measure_label(m, story.measures[m].label if m in story.measures else "") for m in panels])
    parts = [w.t("series.subtitle", nouns=nouns)]
    parts += legend(set(dated["qualifier"]), w, filled=True)
    if any(_span(c) is not None for _, c in dated.iterrows()):
        parts.append(w.t("series.subtitle_span"))
    whos = {
        w.who(latest_series(story, Quantity(m, to_date=True)).iloc[0])  # in the reader's language
        for m in panels
        if len(latest_series(story, Quantity(m, to_date=True))) > 1
    }
    if whos:
        parts.append(w.t("series.subtitle_join", who=w.join(sorted(whos))))
    if dated["caveat"].notna().any():
        parts.append(w.t("enc.dagger"))
    return " ".join(parts)


def _alt(story, panels, groups, start, end, w: ModuleType) -> str:
    nouns = w.join([w.measure_label(m) for m in panels])
    parts = [w.t("series.alt_intro", nouns=nouns, start=w.month_long(start), end=w.month_long(end))]
    for m in panels:
        for g in groups[m]:
            c = g[0]
            part = w.covers(c)
            parts.append(
                w.t(
                    "series.alt_report",
                    who=w.who(c),
                    when=w.claim_date(c),
                    figure=w.phrase(c),
                    noun=w.measure_label(m) + (f" ({part})" if part else ""),
                )
            )
    return " ".join(w.sentence(p) for p in parts)
