"""Marks every chart shares: how a reported number is drawn, and the axes around it.

A number is drawn as what its words allow and nothing more: "about 600" is a filled dot; "at least 3,000"
and "more than 6,000" an open dot with a short arrow towards where the true value lies; "nearly 11,000",
"up to" and an upper estimate an open dot with the arrow the other way; "10,000 to 12,000" a bar between
its ends; "thousands" an open dot at the floor the word implies with a short dotted arrow (dotted means a
vague word, and nothing else, in every chart). Arrows have a fixed length: they say which way, not how far.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from troopledger.charts import style
from troopledger.charts.frame import text_width_pt
from troopledger.charts.labels import Placer

ONE_DAY = pd.Timedelta(days=1)
DIRECTION = {"at_least": 1, "more_than": 1, "vague": 1, "nearly": -1, "at_most": -1, "upper_estimate": -1}
ARROW_PT = 11  # the length of a floor's or ceiling's arrow
DOT_PT = 5.0  # marker size (diameter) in points


def dot(size: style.Size) -> float:
    """The diameter of a dot at a size preset: it grows with the type, so a slide's marks read from the back."""
    return round(size.label_pt * 0.7, 2)


def radius_pt(size_pt: float = DOT_PT) -> float:
    return size_pt / 2 + 0.7


def _arrow(ax: Axes, key: str, x: float, y: float, dx_pt: float, dy_pt: float, color: str, dotted: bool, r: float):
    start = ax.transData.transform((x, y))
    scale = ax.figure.dpi / 72
    tip = (start[0] + dx_pt * scale, start[1] + dy_pt * scale)
    end = ax.transData.inverted().transform(tip)
    arrow = FancyArrowPatch(
        (x, y),
        tuple(end),
        arrowstyle="-|>,head_length=3.2,head_width=1.6",
        color=color,
        lw=0.9,
        linestyle=(0, (1.2, 1.4)) if dotted else "-",
        shrinkA=r,
        shrinkB=0,
        mutation_scale=1,
        gid=f"mark:{key}",  # the arrow is part of the mark: it says which way the true figure lies
        zorder=3,
    )
    ax.add_patch(arrow)
    return end


def value(
    ax: Axes,
    placer: Placer | None,
    key: str,
    x: float,
    y: float,
    c: pd.Series,
    color: str,
    *,
    horizontal: bool,
    size_pt: float = DOT_PT,
) -> None:
    """Draw one reported value honestly (see the module doc), registering what it draws with the placer."""
    q = c["qualifier"]
    if q == "range":
        lo, hi = float(c["low"]), float(c["high"])
        xs, ys = ([lo, hi], [y, y]) if horizontal else ([x, x], [lo, hi])
        bar = Line2D(xs, ys, color=color, lw=size_pt * 0.55, solid_capstyle="butt", gid=f"mark:{key}", zorder=3)
        ax.add_line(bar)
        if placer is not None:
            placer.line(key, xs, ys, size_pt * 0.55)
            p0, p1 = ax.transData.transform((xs[0], ys[0])), ax.transData.transform((xs[1], ys[1]))
            _register_box(placer, key, p0, p1, size_pt * 0.55)
        return
    face = color if q in ("exact", "approximately") else "white"
    dot = Line2D([x], [y], marker="o", ms=size_pt, mfc=face, mec=color, mew=1.1, ls="none", gid=f"mark:{key}")
    dot.set_zorder(4)
    ax.add_line(dot)
    if placer is not None:
        placer.point(key, x, y, radius_pt(size_pt))
    direction = DIRECTION.get(q)
    if direction:
        length = ARROW_PT * size_pt / DOT_PT
        dx, dy = (direction * length, 0.0) if horizontal else (0.0, direction * length)
        end = _arrow(ax, key, x, y, dx, dy, color, dotted=q == "vague", r=radius_pt(size_pt))
        if placer is not None:
            placer.line(key, [x, end[0]], [y, end[1]], 3.5)


def _register_box(placer: Placer, key: str, p0, p1, width_pt: float) -> None:
    half = width_pt * placer.scale / 2
    placer.box(
        key, (min(p0[0], p1[0]) - half, min(p0[1], p1[1]) - half, max(p0[0], p1[0]) + half, max(p0[1], p1[1]) + half)
    )


def x(ts: pd.Timestamp) -> float:
    return float(mdates.date2num(ts))


def month_start(ts: pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(ts.year, ts.month, 1)


def month_axis(ax: Axes, start: pd.Timestamp, end: pd.Timestamp, size: style.Size, words) -> None:
    """A month axis whose labels thin out when months are narrow, with the year under each January."""
    ax.set_xlim(x(start), x(end))
    months = (end.year - start.year) * 12 + end.month - start.month
    width_in = ax.get_position().width * ax.figure.get_figwidth()
    names = [words.month_tick(pd.Timestamp(2001, m, 1), False) for m in range(1, 13)]
    label_in = (max(text_width_pt(n, size.tick_pt) for n in names) + size.tick_pt * 1.2) / 72
    step = 1
    while months / step * label_in > width_in and step < 12:
        step += 1
    step = {5: 6, 7: 12, 8: 12, 9: 12, 10: 12, 11: 12}.get(step, step)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step) if step < 12 else [1]))
    ax.xaxis.set_minor_locator(mdates.MonthLocator())

    def label(v, pos):
        d = pd.Timestamp(mdates.num2date(v).replace(tzinfo=None))
        first = pos == 0
        return words.month_tick(d, d.month == 1 or (first and d.month < 11) or step >= 12)

    ax.xaxis.set_major_formatter(FuncFormatter(label))
    ax.tick_params(axis="x", labelsize=size.tick_pt, length=2.5, pad=2)
    ax.tick_params(axis="x", which="minor", length=1.2)


def value_axis(ax: Axes, size: style.Size, words, label: str = "", *, axis: str = "y", nbins: int = 5) -> None:
    """A count axis with round ticks in the reader's number format and light grid lines behind the marks."""
    target = ax.yaxis if axis == "y" else ax.xaxis
    if axis == "y":  # as many ticks as the panel's height holds, two lines of type apart at least
        height_pt = ax.get_position().height * ax.figure.get_figheight() * 72
        nbins = max(2, min(nbins, int(height_pt / (size.tick_pt * 2.6))))
    target.set_major_locator(MaxNLocator(nbins, integer=True, min_n_ticks=2))
    target.set_major_formatter(FuncFormatter(lambda v, _: words.tick(v)))
    ax.tick_params(axis=axis, labelsize=size.tick_pt, length=0 if axis == "y" else 2.5, pad=2)
    ax.grid(axis=axis, color=style.GRID, lw=0.6, zorder=0)
    for line in ax.get_ygridlines() + ax.get_xgridlines():
        line.set_gid("bg:grid")
    ax.set_axisbelow(True)
    if label:
        (ax.set_ylabel if axis == "y" else ax.set_xlabel)(label, fontsize=size.tick_pt, color=style.MUTED)


def zero_line(ax: Axes) -> None:
    ax.axhline(0, color="#999999", lw=0.8, zorder=1, gid="bg:zero")


def floor_room(ax: Axes, top: float, size_pt: float = DOT_PT, claims: list | None = None) -> None:
    """A count axis from just below 0 to at least `top`, with room for every mark and its arrow, so nothing
    is cut by the plot's edge; the zero line stands in for the axis.

    A floor's arrow points up `ARROW_PT` (scaled to the dot) from its value and a ceiling's down: the limits
    are widened until each fits, in points, at this axes' height.
    """
    height_pt = max(ax.get_position().height * ax.figure.get_figheight() * 72, 1.0)
    arrow = ARROW_PT * size_pt / DOT_PT + 2.5
    dot_room = radius_pt(size_pt) + 2.0
    ups = [float(v) for v, d in (_reach(c) for c in claims or []) if d > 0]
    downs = [float(v) for v, d in (_reach(c) for c in claims or []) if d < 0]
    lo, hi = -top * dot_room / height_pt, float(top)
    for _ in range(6):  # the points-per-unit scale depends on the limits themselves: settle it
        per_pt = (hi - lo) / height_pt
        hi = max([hi] + [v + arrow * per_pt for v in ups])
        lo = min([lo] + [v - arrow * per_pt for v in downs] + [-dot_room * per_pt])
    ax.set_ylim(lo, hi)
    ax.spines["bottom"].set_visible(False)
    zero_line(ax)


def _reach(c: pd.Series) -> tuple[float, int]:
    """A claim's drawn value and which way its arrow points (0: none)."""
    q = c["qualifier"]
    value = next(float(c[k]) for k in ("best", "low", "high") if not pd.isna(c[k]))
    return value, DIRECTION.get(q, 0)


BOUNDS = {"at_least", "more_than", "nearly", "at_most", "upper_estimate"}


def legend(qualifiers: set[str], w, *, filled: bool = False) -> list[str]:
    """The sentences that explain how these qualifiers are drawn, for a subtitle: only what the chart shows."""
    parts = [w.t("enc.filled")] if filled and qualifiers & {"exact", "approximately"} else []
    if qualifiers & BOUNDS:
        parts.append(w.t("enc.bounds"))
    if "vague" in qualifiers:
        parts.append(w.t("enc.vague"))
    if "range" in qualifiers:
        parts.append(w.t("enc.range"))
    return parts
