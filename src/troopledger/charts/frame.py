"""The frame every chart shares: title, subtitle and notes laid out in inches around the plotting area,
with text measured by the renderer that draws it, so nothing overlaps or runs off the page."""

from __future__ import annotations

import math
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from ..style import FONT, INK, LINE, MUTED, SLIDE_MIN_PT, Size

MEASURE_DPI = 100


@lru_cache(maxsize=1)
def _measurer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, MEASURE_DPI)


@lru_cache(maxsize=16384)
def _word_width(word: str, size_pt: float, bold: bool) -> float:
    import matplotlib as mpl

    props = FontProperties(family=FONT, size=size_pt, weight="bold" if bold else "normal")
    hinting = mpl.rcParams["text.hinting"]
    mpl.rcParams["text.hinting"] = "no_hinting"  # the layout is measured as the charts are drawn
    try:
        width, _, _ = _measurer().get_text_width_height_descent(word, props, ismath=False)
    finally:
        mpl.rcParams["text.hinting"] = hinting
    return float(width) * 72 / MEASURE_DPI


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` sets in points, measured by the renderer that draws it (no drawing).

    Words are measured once and summed with the spaces between them; without hinting, widths add up
    to within kerning, which the 2% margin covers.
    """
    words = text.split(" ")
    if not any(words):
        return 0.0
    space = _word_width("a a", size_pt, bold) - 2 * _word_width("a", size_pt, bold)
    # fsum, not sum: Python 3.12 changed how sum() adds floats, and layouts must not move between versions
    total = math.fsum([*(_word_width(w, size_pt, bold) for w in words if w), space * (len(words) - 1)])
    return total * 1.02


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False, indent: str = "   ") -> list[str]:
    """Break text into lines that fit `width_pt`, measuring each line rather than counting characters.

    Continuation lines are indented, so a wrapped footnote still reads as one note.
    """
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and text_width_pt(trial, size_pt, bold) > width_pt:
            lines.append(current)
            current = indent + word
        else:
            current = trial
    lines.append(current)
    return lines


def _wrap_lines(items: list[str], width_pt: float, size_pt: float) -> list[str]:
    out: list[str] = []
    for item in items:
        out.extend(wrap(item, width_pt, size_pt))
    return out


MARGIN_IN = 0.12


class Frame:
    """A figure with title, subtitle and notes laid out in inches around a plotting area.

    Heights are computed from the measured text, so a longer source list grows the figure instead of
    overlapping the chart. On a slide (fixed height) long notes go into a column on the right, where a
    16:9 page has room, and the plotting area takes what is left.
    """

    SIDEBAR = 0.38  # share of a slide's width given to full notes

    def __init__(self, size: Size, title: str, subtitle: str, footer: list[str], plot_height_in: float):
        self.size = size
        inner = (size.width_in - 2 * MARGIN_IN) * 72
        title_lines = wrap(title, inner, size.title_pt, bold=True, indent="")
        subtitle_lines = wrap(subtitle, inner, size.subtitle_pt, indent="")
        self.head_in = (
            MARGIN_IN
            + len(title_lines) * size.title_pt * LINE / 72
            + len(subtitle_lines) * size.subtitle_pt * LINE / 72
            + 0.15
        )
        self.side_in = 0.0
        self.footer_pt = size.footer_pt
        footer_lines = _wrap_lines(footer, inner, size.footer_pt)
        self.foot_in = 0.3 + len(footer_lines) * size.footer_pt * LINE / 72 + MARGIN_IN
        if size.height_in is None:
            self.plot_in = plot_height_in * size.grow
            height = self.head_in + self.plot_in + self.foot_in
        else:
            height = size.height_in
            if self.foot_in > height * 0.22:  # a notes column beside the plot, not a wall of text below it
                footer_lines = self._sidebar(footer, height)
            self.plot_in = height - self.head_in - self.foot_in
        self.height_in = height
        self.height_in = height
        self.fig = Figure(figsize=(size.width_in, height))
        FigureCanvasAgg(self.fig)  # labels are placed by measuring them, which needs a renderer
        self._write(title_lines, subtitle_lines, footer_lines)

    def _write(self, title_lines: list[str], subtitle_lines: list[str], footer_lines: list[str]) -> None:
        size, fig, height = self.size, self.fig, self.height_in
        y = height - MARGIN_IN
        for lines, pt, weight, color in (
            (title_lines, size.title_pt, "bold", INK),
            (subtitle_lines, size.subtitle_pt, "normal", MUTED),
        ):
            for line in lines:
                y -= pt * LINE / 72
                fig.text(MARGIN_IN / size.width_in, y / height, line, fontsize=pt, weight=weight, color=color)
        if self.side_in:
            x, top = size.width_in - self.side_in + 0.25, height - self.head_in
        else:
            x, top = MARGIN_IN, self.foot_in - 0.18
        fig.text(
            x / size.width_in,
            top / height,
            "\n".join(footer_lines),
            fontsize=self.footer_pt,
            color=MUTED,
            va="top",
            linespacing=LINE,
        )

    def _sidebar(self, footer: list[str], height: float) -> list[str]:
        """Fit full notes in a column beside the plot: smaller type (down to SLIDE_MIN_PT), then a wider column."""
        size = self.size
        room = height - self.head_in - MARGIN_IN
        for share in (self.SIDEBAR, 0.45):
            pt = size.footer_pt
            while pt >= SLIDE_MIN_PT:
                lines = _wrap_lines(footer, (size.width_in * share - MARGIN_IN - 0.25) * 72, pt)
                if len(lines) * pt * LINE / 72 <= room:
                    self.side_in, self.footer_pt, self.foot_in = size.width_in * share, pt, MARGIN_IN
                    return lines
                pt -= 0.5
        raise LayoutError(f"the notes do not fit a {size.name} even at {SLIDE_MIN_PT} pt: use compact notes")

    @property
    def plot_width_in(self) -> float:
        return self.size.width_in - self.side_in

    @property
    def value_axis_in(self) -> float:
        """Room left of a plot for value tick labels such as '25,000' and the axis label beside them."""
        return (text_width_pt("25,000", self.size.tick_pt) + 2.4 * self.size.tick_pt) / 72 + 0.12

    @property
    def tick_row_in(self) -> float:
        """Room below a plot for one row of tick labels, or two (month and year)."""
        return 2.6 * self.size.tick_pt * LINE / 72 + 0.05

    def axes_area(self, left_in: float, right_in: float = 0.15, top_in: float = 0.05, bottom_in: float = 0.3):
        """(left, bottom, width, height) in figure fractions for a plot with these margins in inches."""
        w, h = self.size.width_in, self.height_in
        return (
            left_in / w,
            (self.foot_in + bottom_in) / h,
            (self.plot_width_in - left_in - right_in) / w,
            (self.plot_in - top_in - bottom_in) / h,
        )


class LayoutError(ValueError):
    """The chart cannot be laid out at this size with these notes."""
