"""House style: palette, sizes and the title/subtitle/footer frame every chart shares."""

from __future__ import annotations

import textwrap

import seaborn as sns
from matplotlib.figure import Figure

# seaborn's colour-blind-safe palette (Okabe-Ito family), named by what each colour means here.
_CB = sns.color_palette("colorblind").as_hex()
SENT = _CB[0]  # blue: troops that went
PLANNED = _CB[1]  # orange: troops announced or expected (always hatched or dashed as well)
ARRIVED = _CB[2]  # green
KILLED = _CB[3]  # vermillion
CASUALTIES = _CB[4]  # purple
WOUNDED = _CB[9]  # light blue
PRIMARY = _CB[3]  # the primary article's marks in the disagreement charts
OTHER = "#555555"
VAGUE = "#444444"  # vague words: open-ended dotted arrows
EVENT = "#8c8c8c"
INK = "#222222"
MUTED = "#666666"

WIDTH_IN = 6.5  # a report page's text width; halves cleanly into a column
RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.edgecolor": "#999999",
    "axes.labelcolor": INK,
    "axes.titlesize": 9,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "hatch.linewidth": 0.8,
    "svg.fonttype": "none",  # SVG keeps text as text, so it can be edited in a report
    "svg.hashsalt": "troopledger",  # stable ids inside SVG files
    "pdf.fonttype": 3,  # Type 3 subsets: 3-4x faster to write than TrueType (42); SVG is the editable format
    "axes.spines.top": False,
    "axes.spines.right": False,
}
TITLE_PT, SUBTITLE_PT, FOOTER_PT = 11.5, 8.5, 6.2
FOOTER_WRAP = 124


def wrap(lines: list[str], width: int = FOOTER_WRAP) -> list[str]:
    out: list[str] = []
    for line in lines:
        out.extend(textwrap.wrap(line, width, subsequent_indent="   ") or [""])
    return out


def framed(plot_height_in: float, title: str, subtitle: str, footer: list[str]) -> tuple[Figure, list[float]]:
    """A figure with title, subtitle and footer laid out in inches; returns it and the plot area.

    Heights are computed from the text, so a longer source list grows the figure instead of
    overlapping the chart.
    """
    title_lines = textwrap.wrap(title, 62)
    subtitle_lines = textwrap.wrap(subtitle, 100)
    footer_lines = wrap(footer)
    head = 0.15 + len(title_lines) * TITLE_PT * 1.3 / 72 + len(subtitle_lines) * SUBTITLE_PT * 1.35 / 72 + 0.15
    foot = 0.42 + len(footer_lines) * FOOTER_PT * 1.3 / 72 + 0.08
    height = head + plot_height_in + foot
    fig = Figure(figsize=(WIDTH_IN, height))
    y = height - 0.15
    for line in title_lines:
        y -= TITLE_PT * 1.3 / 72
        fig.text(0.12 / WIDTH_IN, y / height, line, fontsize=TITLE_PT, weight="bold", color=INK, va="baseline")
    for line in subtitle_lines:
        y -= SUBTITLE_PT * 1.35 / 72
        fig.text(0.12 / WIDTH_IN, y / height, line, fontsize=SUBTITLE_PT, color=MUTED, va="baseline")
    fig.text(
        0.12 / WIDTH_IN,
        (foot - 0.12) / height,
        "\n".join(footer_lines),
        fontsize=FOOTER_PT,
        color=MUTED,
        va="top",
        linespacing=1.3,
    )
    area = [0, foot / height, 1, plot_height_in / height]
    return fig, area
