"""House style: one colour per meaning across every chart, the type, and the size presets reports use."""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

# seaborn's colour-blind-safe palette (sns.color_palette("colorblind"), Okabe-Ito family), named by what each
# colour means. One meaning per colour in the whole set: blue is always troops sent, never anything else.
SENT = "#0173b2"  # blue: troops that went (and our running sum of them)
PLANNED = "#de8f05"  # orange: troops announced or expected (always hatched or dashed as well)
PRESENT = "#029e73"  # green: troops reported there at a date
RETURNED = "#a0653a"  # brown: troops who came back
KILLED = "#d55e00"  # vermillion
WOUNDED = "#cc78bc"  # reddish purple
CASUALTIES = "#222222"  # ink: killed and wounded together
MUNITIONS = "#6b6b6b"  # grey: shells and missiles
CIVILIANS = "#8a6d00"  # dark yellow: workers, who are not troops
WORK = "#3b7d8c"  # teal: what the engineers did
INK = "#222222"
MUTED = "#595959"
GRID = "#e6e6e6"
PRIMARY_BAND = "#fbeecf"  # the primary article's row, behind its marks

COLORS = {
    "troops_sent": SENT,
    "troops_arrived": SENT,
    "troops_planned": PLANNED,
    "troops_present": PRESENT,
    "troops_returned": RETURNED,
    "killed": KILLED,
    "wounded": WOUNDED,
    "casualties": CASUALTIES,
}
BY_COUNTS = {"munitions": MUNITIONS, "civilians": CIVILIANS, "work": WORK}


def color(measure: str, counts: str = "") -> str:
    """A measure's colour; a measure no designer has given one yet is drawn in ink (never a look-alike)."""
    return COLORS.get(measure) or BY_COUNTS.get(counts, INK)


FONT = "DejaVu Sans"  # what PNG and PDF are set in; it ships with matplotlib, so every machine draws alike
# SVG names fallbacks too, so Word or Illustrator without DejaVu Sans substitutes a sans-serif font.
SVG_FONT_STACK = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif"

# Korean: NanumGothic (SIL Open Font License), regular and bold, as the pinned koreanize-matplotlib wheel ships it,
# so every machine draws Korean with the same glyphs. SVG names the fonts a Korean desk is likely to have.
KOREAN_FONT = "NanumGothic"
KOREAN_FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
KOREAN_SVG_FONT_STACK = (
    "'NanumGothic', 'Nanum Gothic', 'Malgun Gothic', 'Apple SD Gothic Neo', 'Noto Sans KR', sans-serif"
)

FONTS = {"en": (FONT, SVG_FONT_STACK), "ko": (KOREAN_FONT, KOREAN_SVG_FONT_STACK)}


def font(lang: str = "en") -> tuple[str, str]:
    """The font family a language's charts are set in, and the fallback stack SVG names."""
    if lang == "ko":
        _register_korean_font()
    return FONTS[lang]


@cache
def _register_korean_font() -> None:
    """Make NanumGothic known to matplotlib, from the font files inside the koreanize-matplotlib package.

    The package is located, never imported: importing it rewrites matplotlib's global rcParams.
    """
    from matplotlib import font_manager

    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("Korean charts need NanumGothic from koreanize-matplotlib: pip install -r requirements.txt")
    folder = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    fonts = font_manager.fontManager.ttflist
    for name in KOREAN_FONT_FILES:
        first = len(fonts)
        font_manager.fontManager.addfont(str(folder / name))
        if "Bold" in name:  # the family's bold face declares weight 600; charts ask for "bold" (700)
            fonts[first:] = [replace(f, weight=700) for f in fonts[first:]]
    # Subsetting NanumGothic into a PDF drops its hinting sources (TSI0-TSI5 tables), which no PDF reader uses;
    # fontTools says so once per table and font, which would bury any warning that matters.
    logging.getLogger("fontTools.subset").addFilter(lambda r: not r.getMessage().startswith("TSI"))


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
    "pdf.fonttype": 42,  # TrueType in PDF: what Illustrator and print preflight expect
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.unicode_minus": False,
}


@dataclass(frozen=True)
class Size:
    """A size preset: the width a report gives a chart, its type sizes, and a fixed height for slides."""

    name: str
    width_in: float
    height_in: float | None  # None: as tall as the content needs, up to max_height_in
    title_pt: float
    subtitle_pt: float
    label_pt: float  # numbers and words on the chart
    tick_pt: float
    footer_pt: float
    min_label_pt: float  # a crowded label may shrink to this, never below
    min_footer_pt: float  # notes may be set this small to fit, never smaller
    max_height_in: float
    grow: float = 1.0  # a full page gives the plot more room
    dpi: int = 300  # PNG resolution: 300 for print; a slide is sized in pixels instead
    sidebar: bool = False  # a slide: its numbered notes travel beside it, not on it


CM = 1 / 2.54
# The text area of a page, A4 with 2.5 cm margins and US Letter with 1 in margins alike: 16.5 x 22.8 cm.
PAGE_TEXT_IN = (16.5 * CM, 22.8 * CM)
SIZES: dict[str, Size] = {
    "column": Size("column", 16 * CM, None, 11.5, 8.5, 7.5, 7, 7, 7.0, 7.0, PAGE_TEXT_IN[1]),
    "page": Size("page", PAGE_TEXT_IN[0], None, 13, 9.5, 8.5, 8, 7.5, 7.5, 7.0, PAGE_TEXT_IN[1], grow=1.35),
    "slide": Size(
        "slide",
        40 / 3,
        7.5,
        24,
        13,
        14,
        13,
        11,
        12.0,
        10.0,
        7.5,
        dpi=144,
        sidebar=True,  # 1920 x 1080 px
    ),
}
DEFAULT_SIZE = SIZES["column"]
LINE = 1.28  # line spacing, in multiples of the type size
