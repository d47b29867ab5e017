"""The frame every chart shares: title, subtitle and notes laid out in inches around the plotting area,
with text measured by the renderer that draws it, so nothing overlaps or runs off the page."""

from __future__ import annotations

import math
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from troopledger.charts.style import FONT, INK, LINE, MUTED, PRINT_MIN_PT, SLIDE_MIN_PT, Size

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

    Heights are computed from the measured text. A print size grows with its notes up to the height of an
    A4 or Letter text area (`Size.max_height_in`): past that, the notes go into two columns, then the plot
    gives up some height (never below `PLOT_FLOOR` of what the chart asked for). A page is that full height.
    On a slide, long notes go into a column on the right, where a 16:9 page has room.
    """

    SIDEBAR = 0.33  # share of a slide's width given to full notes (wider when they need it)
    PLOT_FLOOR = 0.55  # the plot keeps at least this share of the height the chart asked for
    GUTTER_IN = 0.25

    def __init__(
        self, size: Size, title: str, subtitle: str, footer: list[str], plot_height_in: float, fixed_in: float = 0.0
    ):
        """`plot_height_in`: what the plot asks for, which may shrink to fit a page (to PLOT_FLOOR of it);
        `fixed_in`: what sits between plot and notes and never shrinks (a legend)."""
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
        wanted = plot_height_in * size.grow
        self.fixed_in = fixed_in
        if size.sidebar:
            columns = self._columns(footer, 1, size.footer_pt)
            if self.foot_in > size.height_in * 0.22:  # a notes column beside the plot, not a wall below it
                columns = self._sidebar(footer, size.height_in)
            self.plot_in = size.height_in - self.head_in - self.foot_in
            height = size.height_in
        else:
            columns = self._fit(footer, wanted)
            natural = self.head_in + wanted + fixed_in + self.foot_in
            height = size.height_in or min(natural, size.max_height_in or float("inf"))
            self.plot_in = height - self.head_in - self.foot_in
        self.height_in = height
        self.fig = Figure(figsize=(size.width_in, height))
        FigureCanvasAgg(self.fig)  # labels are placed by measuring them, which needs a renderer
        self._write(title_lines, subtitle_lines, columns)

    def _columns(self, footer: list[str], n: int, pt: float) -> list[list[str]]:
        """The notes wrapped into n columns of near-equal length, read down then across like a newspaper.

        A column breaks between notes when a break within two lines of the even split exists; otherwise a
        long note runs on into the next column, its continuation indented as on any wrapped line.
        """
        width = ((self.size.width_in - 2 * MARGIN_IN) * 72 - (n - 1) * self.GUTTER_IN * 72) / n
        lines: list[str] = []
        starts: list[int] = []  # where each note begins in `lines`
        for item in footer:
            starts.append(len(lines))
            lines.extend(wrap(item, width, pt))
        columns: list[list[str]] = []
        at = 0
        for k in range(n, 0, -1):
            target = at + math.ceil((len(lines) - at) / k)
            near = [b for b in starts if at < b <= len(lines) and abs(b - target) <= 2 and b - target <= 1]
            cut = min(near, key=lambda b: (abs(b - target), b)) if near and k > 1 else target
            columns.append(lines[at:cut])
            at = cut
        columns = [c for c in columns if c] or [[]]
        self.footer_pt = pt
        self.foot_in = 0.3 + max(len(c) for c in columns) * pt * LINE / 72 + MARGIN_IN
        return columns

    def _fit(self, footer: list[str], wanted: float) -> list[list[str]]:
        """The notes' layout that leaves the plot the most room: one column or two, full-size type first.

        The first layout that lets the plot have all it asked for wins (one column before two, larger type
        before smaller); failing that, the one that leaves the plot most, if that is at least PLOT_FLOOR of it.
        """
        size = self.size
        limit = size.height_in or size.max_height_in
        if limit is None:
            return self._columns(footer, 1, size.footer_pt)
        sizes = [size.footer_pt]
        while sizes[-1] - 0.5 >= PRINT_MIN_PT - 1e-9:  # notes may be set smaller than labels, to the print floor
            sizes.append(sizes[-1] - 0.5)
        room = limit - self.head_in - self.fixed_in  # for plot and notes
        best: tuple[float, int, float] | None = None
        for pt in sizes:
            for n in (1, 2):
                self._columns(footer, n, pt)
                if room - self.foot_in >= wanted:
                    return self._columns(footer, n, pt)
                if best is None or room - self.foot_in > best[0]:
                    best = (room - self.foot_in, n, pt)
        assert best is not None
        if best[0] < wanted * self.PLOT_FLOOR:
            raise LayoutError(f"the notes do not fit a {size.name} page: use compact notes")
        return self._columns(footer, best[1], best[2])

    def _write(self, title_lines: list[str], subtitle_lines: list[str], columns: list[list[str]]) -> None:
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
            x0, top, step = size.width_in - self.side_in + 0.25, height - self.head_in, 0.0
        else:
            x0, top = MARGIN_IN, self.foot_in - 0.18
            step = (size.width_in - 2 * MARGIN_IN + self.GUTTER_IN) / len(columns)
        for i, lines in enumerate(columns):
            fig.text(
                (x0 + i * step) / size.width_in,
                top / height,
                "\n".join(lines),
                fontsize=self.footer_pt,
                color=MUTED,
                va="top",
                linespacing=LINE,
            )

    def _sidebar(self, footer: list[str], height: float) -> list[list[str]]:
        """Fit full notes in a column beside the plot: smaller type (down to SLIDE_MIN_PT), then a wider column."""
        size = self.size
        room = height - self.head_in - MARGIN_IN
        for share in (self.SIDEBAR, 0.38, 0.45):
            pt = size.footer_pt
            while pt >= SLIDE_MIN_PT:
                lines = _wrap_lines(footer, (size.width_in * share - MARGIN_IN - 0.25) * 72, pt)
                if len(lines) * pt * LINE / 72 <= room:
                    self.side_in, self.footer_pt, self.foot_in = size.width_in * share, pt, MARGIN_IN
                    return [lines]
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
