"""House style: palette, type and the size presets reports use. No drawing here (see charts/frame.py)."""

from __future__ import annotations

from dataclasses import dataclass

# seaborn's colour-blind-safe palette, sns.color_palette("colorblind") (Okabe-Ito family), named by what each
# colour means here. Written out so that reading a chart's colours does not load seaborn (a test checks it).
_CB = ["#0173b2", "#de8f05", "#029e73", "#d55e00", "#cc78bc", "#ca9161", "#fbafe4", "#949494", "#ece133", "#56b4e9"]
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
    description: str = ""
    max_height_in: float | None = None  # a print chart never outgrows the page it goes on
    sidebar: bool = False  # long notes beside the plot (landscape), not below it
    min_label_pt: float = 7.0  # a crowded label may shrink to this, never below
    dpi: int = 300  # PNG resolution: 300 for print; a slide is sized in pixels instead

    @property
    def smallest_pt(self) -> float:
        return min(self.title_pt, self.subtitle_pt, self.label_pt, self.tick_pt, self.footer_pt)


CM = 1 / 2.54
# The text area of a page, A4 with 2.5 cm margins and US Letter with 1 in margins alike: 16.5 x 22.8 cm.
PAGE_TEXT_IN = (16.5 * CM, 22.8 * CM)
SIZES: dict[str, Size] = {
    "column": Size(
        "column",
        16 * CM,
        None,
        11.5,
        8.5,
        7.5,
        7,
        7,
        max_height_in=PAGE_TEXT_IN[1],
        description="fits a 16 cm A4 text column, and never taller than a page's text",
    ),
    "page": Size(
        "page",
        PAGE_TEXT_IN[0],
        PAGE_TEXT_IN[1],
        13,
        9.5,
        8.5,
        8,
        7.5,
        min_label_pt=7.5,
        description="a full A4 or Letter page: 16.5 × 22.8 cm, the text area of both",
    ),
    "slide": Size(
        "slide",
        40 / 3,  # 13.33 in: 1920 px at 144 dpi
        7.5,
        22,
        14,
        13,
        12,
        9,
        min_label_pt=10.0,
        sidebar=True,
        dpi=144,  # 13.33 x 7.5 in at 144 dpi is 1920 x 1080
        description="a 16:9 slide, 13.33 × 7.5 in; type readable when projected at 1920 × 1080",
    ),
}
DEFAULT_SIZE = SIZES["column"]
LINE = 1.3  # line spacing, in multiples of the type size
SLIDE_MIN_PT = 8  # 16 px at 1920 x 1080: the smallest note type a projected slide gets
PRINT_MIN_PT = 7.0  # the smallest type on paper, notes included
