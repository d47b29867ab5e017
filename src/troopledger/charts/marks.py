"""Marks every chart shares: how a reported number is drawn (point, range, floor, ceiling, vague), and axes.

A number is drawn as what its words allow and nothing more: "about 600" is a point, "at least 3,000" an
open mark with an arrow up, "nearly 11,000" and an upper estimate an arrow down, "thousands" a dotted
open-ended arrow from its floor, "10,000 to 12,000" a bar between its ends.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from troopledger.charts import style
from troopledger.charts.frame import text_width_pt

ONE_DAY = pd.Timedelta(days=1)
# Which way the true value lies from a bound.
DIRECTION = {"at_least": 1, "more_than": 1, "nearly": -1, "at_most": -1, "upper_estimate": -1}


def draw_value(
    ax: Axes,
    x: float,
    y: float,
    c: pd.Series,
    color: str,
    *,
    horizontal: bool,
    span: float,
    marker: str = "o",
    size: float = 5,
) -> None:
    """Draw one reported value honestly: a point, a bounded range, or an open-ended floor or ceiling."""
    q = c["qualifier"]
    if q == "range":
        lo, hi = float(c["low"]), float(c["high"])
        xs, ys = ([lo, hi], [y, y]) if horizontal else ([x, x], [lo, hi])
        ax.plot(xs, ys, color=color, lw=size * 0.6, solid_capstyle="butt", zorder=3)
        return
    if q == "vague":
        # Vague words are an open range from their floor: never a point, never a bar.
        tip = (span, y) if horizontal else (x, span)
        style_ = {"arrowstyle": "->", "color": color, "lw": 1.2, "linestyle": (0, (2, 2))}
        ax.annotate("", xy=tip, xytext=(x, y), arrowprops=style_)
        ax.plot([x], [y], marker=marker, ms=size, mfc="white", mec=color, mew=1.2, zorder=4)
        return
    face = color if q in ("exact", "approximately") else "white"
    ax.plot([x], [y], marker=marker, ms=size, mfc=face, mec=color, mew=1.2, zorder=4, linestyle="none")
    direction = DIRECTION.get(q)
    if direction:
        # A floor or ceiling: a short arrow shows which way the true value lies.
        tip = (x + direction * span, y) if horizontal else (x, y + direction * span)
        ax.annotate("", xy=tip, xytext=(x, y), arrowprops={"arrowstyle": "->", "color": color, "lw": 1}, zorder=3)


def x(ts: pd.Timestamp) -> float:
    return float(mdates.date2num(ts))


def month_start(ts: pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(ts.year, ts.month, 1)


def month_axis(ax: Axes, start: pd.Timestamp, end: pd.Timestamp, size: style.Size) -> None:
    """A month axis whose labels thin out when months are narrow, with the year under each January."""
    ax.set_xlim(x(start) - 12, x(end))  # a little air, so the first month's label stays off the value axis
    months = (end.year - start.year) * 12 + end.month - start.month
    width_in = ax.get_position().width * ax.figure.get_figwidth()
    label_in = (
        max(text_width_pt(f"{m:%b}", size.tick_pt) for m in pd.date_range("2001-01", periods=12, freq="MS"))
        + size.tick_pt * 0.9
    ) / 72  # the widest month name and an en of air each side
    step = 1
    while months / step * label_in > width_in:
        step += 1
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step) if step < 12 else [1]))
    ax.xaxis.set_minor_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, pos: _month_label(mdates.num2date(v), pos == 0)))
    ax.tick_params(axis="x", labelsize=size.tick_pt, length=2)
    ax.tick_params(axis="x", which="minor", length=1)


def _month_label(d, first: bool) -> str:
    # The year goes under January, and under the first labelled month unless January follows closely.
    return f"{d:%b}\n{d.year}" if d.month == 1 or (first and d.month < 11) else f"{d:%b}"


def value_axis(ax: Axes, size: style.Size, label: str) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.tick_params(axis="y", labelsize=size.tick_pt)
    ax.grid(axis="y", color=style.GRID, lw=0.6)
    ax.set_axisbelow(True)
    ax.set_ylabel(label, fontsize=size.tick_pt)
