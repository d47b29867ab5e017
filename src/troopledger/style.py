"""House style: palette, the size presets reports use, and the title/subtitle/footer frame every chart shares."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import seaborn as sns
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

# seaborn's colour-blind-safe palette (Okabe-Ito family), named by what each colour means here.
_CB = sns.color_palette("colorblind").as_hex()
SENT = _CB[0]  # blue: troops that went
PLANNED = _CB[1]  # orange: troops announced or expected (always hatched or dashed as well)
ARRIVED = _CB[2]  # green
PRESENT = _CB[2]  # green: troops reported there at a date
KILLED = _CB[3]  # vermillion
CASUALTIES = _CB[4]  # purple
RETURNED = _CB[5]  # brown: troops who came back
WOUNDED = _CB[9]  # light blue
PRIMARY = _CB[3]  # the primary article's marks in the disagreement charts
OTHER = "#555555"
VAGUE = "#444444"  # vague words: open-ended dotted arrows
EVENT = "#8c8c8c"
INK = "#222222"
MUTED = "#595959"
GRID = "#e6e6e6"

FONT = "DejaVu Sans"  # what PNG and PDF are set in; it ships with matplotlib, so every machine draws alike
# SVG names fallbacks too, so Word or Illustrator without DejaVu Sans substitutes a sans-serif font.
SVG_FONT_STACK = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif"
RC = {
    "font.family": FONT,
    "text.hinting": "no_hinting",  # type sets to the same width at every resolution, so measured layouts hold
    "font.size": 8,
    "axes.edgecolor": "#999999",
    "axes.labelcolor": INK,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "hatch.linewidth": 0.8,
    "svg.fonttype": "none",  # SVG keeps text as text, so it can be edited in a report
    "svg.hashsalt": "troopledger",  # stable ids inside SVG files
    "pdf.fonttype": 3,  # Type 3 subsets: 3-4x faster to write than TrueType (42); SVG is the editable format
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True)
class Size:
    """A size preset: the width a report gives a chart, its type sizes, and a fixed height for slides.

    Print presets never set type below 7 pt. `grow` scales the plotting area for a full page.
    """

    name: str
    width_in: float
    height_in: float | None  # None: as tall as the content needs
    title_pt: float
    subtitle_pt: float
    label_pt: float  # numbers and words on the chart
    tick_pt: float
    footer_pt: float
    grow: float = 1.0
    footer_columns: int = 1
    description: str = ""

    @property
    def smallest_pt(self) -> float:
        return min(self.title_pt, self.subtitle_pt, self.label_pt, self.tick_pt, self.footer_pt)


CM = 1 / 2.54
SIZES: dict[str, Size] = {
    "column": Size("column", 16 * CM, None, 11.5, 8.5, 7.5, 7, 7, description="fits a 16 cm A4 text column"),
    "page": Size(
        "page", 17 * CM, None, 13, 9.5, 8.5, 8, 7.5, grow=1.45, description="a full A4 or Letter page, 17 cm wide"
    ),
    "slide": Size(
        "slide",
        13.333,
        7.5,
        22,
        14,
        13,
        12,
        10.5,
        grow=1.0,
        footer_columns=2,
        description="a 16:9 slide, 13.33 × 7.5 in; type readable when projected at 1920 × 1080",
    ),
}
DEFAULT_SIZE = SIZES["column"]
LINE = 1.3  # line spacing, in multiples of the type size


MEASURE_DPI = 100


@lru_cache(maxsize=1)
def _measurer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, MEASURE_DPI)


@lru_cache(maxsize=8192)
def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` sets in points, measured by the renderer that draws it (no drawing)."""
    if not text.strip():
        return 0.0
    from matplotlib import rc_context

    props = FontProperties(family=FONT, size=size_pt, weight="bold" if bold else "normal")
    with rc_context({"text.hinting": "no_hinting"}):
        width, _, _ = _measurer().get_text_width_height_descent(text, props, ismath=False)
    return float(width) * 72 / MEASURE_DPI * 1.01


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
    """A figure with title, subtitle and footer laid out in inches around a plotting area.

    Heights are computed from the measured text, so a longer source list grows the figure instead of
    overlapping the chart; on a slide (fixed height) the plotting area takes what is left.
    """

    def __init__(self, size: Size, title: str, subtitle: str, footer: list[str], plot_height_in: float):
        self.size = size
        inner = (size.width_in - 2 * MARGIN_IN) * 72
        title_lines = wrap(title, inner, size.title_pt, bold=True, indent="")
        subtitle_lines = wrap(subtitle, inner, size.subtitle_pt, indent="")
        cols = size.footer_columns if len(footer) > 6 else 1
        col_width = (inner - (cols - 1) * 0.3 * 72) / cols
        footer_lines = _wrap_lines(footer, col_width, size.footer_pt)
        per_col = -(-len(footer_lines) // cols)
        self.head_in = (
            MARGIN_IN
            + len(title_lines) * size.title_pt * LINE / 72
            + len(subtitle_lines) * size.subtitle_pt * LINE / 72
            + 0.12
        )
        self.foot_in = 0.3 + per_col * size.footer_pt * LINE / 72 + MARGIN_IN
        if size.height_in is None:
            self.plot_in = plot_height_in * size.grow
            height = self.head_in + self.plot_in + self.foot_in
        else:
            height = size.height_in
            self.plot_in = height - self.head_in - self.foot_in
            if self.plot_in < 1.5:
                raise LayoutError(
                    f"the notes need {self.foot_in:.1f} in of a {height} in {size.name}: use compact notes"
                )
        self.height_in = height
        self.fig = Figure(figsize=(size.width_in, height))
        FigureCanvasAgg(self.fig)  # labels are placed by measuring them, which needs a renderer
        self._write(title_lines, subtitle_lines, footer_lines, cols, per_col, col_width)

    def _write(self, title_lines, subtitle_lines, footer_lines, cols, per_col, col_width) -> None:
        size, fig, height = self.size, self.fig, self.height_in
        y = height - MARGIN_IN
        for lines, pt, weight, color, gap in (
            (title_lines, size.title_pt, "bold", INK, 1.0),
            (subtitle_lines, size.subtitle_pt, "normal", MUTED, 1.0),
        ):
            for line in lines:
                y -= pt * LINE * gap / 72
                fig.text(MARGIN_IN / size.width_in, y / height, line, fontsize=pt, weight=weight, color=color)
        for c in range(cols):
            chunk = footer_lines[c * per_col : (c + 1) * per_col]
            x = MARGIN_IN + c * (col_width / 72 + 0.3)
            fig.text(
                x / size.width_in,
                (self.foot_in - 0.18) / height,
                "\n".join(chunk),
                fontsize=size.footer_pt,
                color=MUTED,
                va="top",
                linespacing=LINE,
            )

    def axes_area(self, left_in: float, right_in: float = 0.15, top_in: float = 0.05, bottom_in: float = 0.3):
        """(left, bottom, width, height) in figure fractions for a plot with these margins in inches."""
        w, h = self.size.width_in, self.height_in
        return (
            left_in / w,
            (self.foot_in + bottom_in) / h,
            (w - left_in - right_in) / w,
            (self.plot_in - top_in - bottom_in) / h,
        )


class LayoutError(ValueError):
    """The chart cannot be laid out at this size with these notes."""
