"""The frame every chart shares: title, subtitle, plot and notes laid out in inches, text measured by the
renderer that draws it, so nothing overlaps or runs off the page, and every note keeps its link.

Notes are lists of runs (text and the URL it links to); each line of a note is drawn as its own text
pieces, so a wrapped note hangs under its marker in SVG as in PNG, and each source is one click away.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from troopledger.charts.style import INK, LINE, MUTED, Size

MEASURE_DPI = 100
MARGIN_IN = 0.12
GUTTER_IN = 0.25


@lru_cache(maxsize=1)
def _measurer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, MEASURE_DPI)


@lru_cache(maxsize=32768)
def _word_width(word: str, size_pt: float, bold: bool, family: str) -> float:
    props = FontProperties(family=family, size=size_pt, weight="bold" if bold else "normal")
    with mpl.rc_context({"text.hinting": "no_hinting"}):
        width, _, _ = _measurer().get_text_width_height_descent(word, props, ismath=False)
    return float(width) * 72 / MEASURE_DPI


def _family() -> str:
    family = mpl.rcParams["font.family"]
    return family[0] if isinstance(family, list) else str(family)


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """How wide `text` sets in points in the current font, measured by the renderer that draws it.

    Words are measured once and summed with the spaces between them; without hinting, widths add up to
    within kerning, which the 2% margin covers.
    """
    family = _family()
    lines = text.split("\n")
    widest = 0.0
    for line in lines:
        words = line.split(" ")
        space = _word_width("a a", size_pt, bold, family) - 2 * _word_width("a", size_pt, bold, family)
        # fsum, not sum: Python 3.12 changed how sum() adds floats, and layouts must not move between versions
        total = math.fsum([*(_word_width(w, size_pt, bold, family) for w in words if w), space * (len(words) - 1)])
        widest = max(widest, total)
    return widest * 1.02


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False) -> list[str]:
    """Break text into lines that fit `width_pt`, measuring each line rather than counting characters."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}" if current else word
        if current and text_width_pt(trial, size_pt, bold) > width_pt:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return lines


@dataclass
class Run:
    """A piece of a note: its words, and the page they come from (None: no link)."""

    text: str
    url: str | None = None


@dataclass
class Note:
    """One note under a chart: an optional marker ('[3]', '†') and its runs, set with a hanging indent."""

    runs: list[Run]
    marker: str = ""
    bold: bool = False


@dataclass
class _Line:
    pieces: list[Run] = field(default_factory=list)
    indent_pt: float = 0.0
    marker: str = ""


def _space(pt: float) -> float:
    return text_width_pt("a a", pt) - 2 * text_width_pt("a", pt)


def _layout_note(note: Note, width_pt: float, pt: float) -> list[_Line]:
    """A note broken into lines of runs; every line hangs past the marker, so the marker stands out."""
    space = _space(pt)
    hang = text_width_pt(note.marker, pt) + space if note.marker else 0.0
    lines = [_Line([], hang, note.marker)]
    used, last = 0.0, -1
    for i, run in enumerate(note.runs):
        for word in run.text.split(" "):
            if not word:
                continue
            w = text_width_pt(word, pt)
            line = lines[-1]
            if line.pieces and hang + used + space + w > width_pt:
                lines.append(_Line([], hang))
                line, used, last = lines[-1], 0.0, -1
            if line.pieces and last == i:
                line.pieces[-1].text += " " + word
                used += space + w
            else:
                used += (space if line.pieces else 0.0) + w
                line.pieces.append(Run(word, run.url))
            last = i
    return lines


class LayoutError(ValueError):
    """The chart cannot be laid out at this size with these notes."""


class Frame:
    """A figure with title, subtitle and notes laid out in inches around a plotting area.

    Heights come from the measured text. A print chart grows with its notes up to a page's text height
    (`Size.max_height_in`); past that the notes go into two columns, in smaller type down to the preset's
    floor, then the plot gives up height (never below PLOT_FLOOR of what it asked for); if even that is not
    enough, the chart uses its `fallback` notes (a source line and a pointer to the full list). A slide gets
    the short notes a slide can carry (Footnotes.slide_notes); its numbered notes travel beside it.
    """

    PLOT_FLOOR = 0.6

    def __init__(
        self,
        size: Size,
        title: str,
        subtitle: str,
        notes: list[Note],
        plot_height_in: float,
        *,
        fallback: list[Note] | None = None,
        fixed_height: bool = False,
    ):
        """`plot_height_in`: what the plot asks for; `fixed_height`: the plot's height is its content's
        (rows of a dot plot) and must not be stretched or shrunk."""
        self.size = size
        self.used_fallback = False
        inner = (size.width_in - 2 * MARGIN_IN) * 72
        self.title_lines = wrap(title, inner, size.title_pt, bold=True)
        self.subtitle_lines = wrap(subtitle, inner, size.subtitle_pt) if subtitle else []
        self.head_in = (
            MARGIN_IN
            + len(self.title_lines) * size.title_pt * LINE / 72
            + len(self.subtitle_lines) * size.subtitle_pt * LINE / 72
            + 0.12
        )
        wanted = plot_height_in * (1.0 if fixed_height else size.grow)
        self.least = plot_height_in * (0.98 if fixed_height else self.PLOT_FLOOR)
        if size.sidebar:
            self._slide(notes, fallback)
        else:
            self._print(notes, fallback, wanted, fixed_height)
        self.fig = Figure(figsize=(size.width_in, self.height_in))
        FigureCanvasAgg(self.fig)  # labels are placed by measuring them, which needs a renderer
        self._write()

    # ------------------------------------------------------------------ layouts

    def _columns(self, notes: list[Note], n: int, pt: float, width_in: float) -> list[list[_Line]]:
        """Notes wrapped into n columns of near-equal length, read down then across; a note never splits."""
        width = (width_in * 72 - (n - 1) * GUTTER_IN * 72) / n
        laid = [_layout_note(note, width, pt) for note in notes]
        total = sum(len(x) for x in laid)
        columns: list[list[_Line]] = [[]]
        target = math.ceil(total / n)
        for lines in laid:
            if columns[-1] and len(columns[-1]) + len(lines) > target and len(columns) < n:
                columns.append([])
            columns[-1].extend(lines)
        return columns

    def _notes_in(self, columns: list[list[_Line]], pt: float) -> float:
        rows = max((len(c) for c in columns), default=0)
        return (0.16 + rows * pt * LINE / 72 + MARGIN_IN) if rows else MARGIN_IN

    def _print(self, notes: list[Note], fallback: list[Note] | None, wanted: float, fixed: bool) -> None:
        size = self.size
        limit = size.max_height_in
        width_in = size.width_in - 2 * MARGIN_IN
        options = []
        pt = size.footer_pt
        while pt >= size.min_footer_pt - 1e-9:
            options += [(1, pt), (2, pt)]
            pt -= 0.5
        best = None
        for n, pt in options:
            columns = self._columns(notes, n, pt, width_in)
            foot = self._notes_in(columns, pt)
            room = limit - self.head_in - foot
            if room >= wanted:
                best = (columns, pt, foot, wanted)
                break
            if best is None or room > best[3]:
                best = (columns, pt, foot, room)
        assert best is not None
        columns, pt, foot, plot = best
        if plot < self.least:
            if fallback is None:
                raise LayoutError(f"the notes do not fit a {size.name} chart: use compact notes")
            self.used_fallback = True
            return self._print(fallback, None, wanted, fixed)
        self.columns, self.footer_pt, self.foot_in, self.plot_in = columns, pt, foot, min(plot, wanted)
        self.height_in = self.head_in + self.plot_in + self.foot_in

    def _slide(self, notes: list[Note], fallback: list[Note] | None) -> None:
        """A slide's notes go below the plot in one column at the preset's note size; the numbered notes
        themselves travel beside the slide (see Footnotes.slide_notes), so the plot keeps the room."""
        size = self.size
        self.height_in = size.height_in or 7.5
        pt = size.footer_pt
        while True:
            self.columns = self._columns(notes, 1, pt, size.width_in - 2 * MARGIN_IN)
            self.foot_in = self._notes_in(self.columns, pt)
            if self.foot_in <= self.height_in * 0.2 or pt - 0.5 < size.min_footer_pt - 1e-9:
                break
            pt -= 0.5
        self.footer_pt = pt
        self.plot_in = self.height_in - self.head_in - self.foot_in
        if self.plot_in < 2.5:
            raise LayoutError("the notes do not fit a slide even at their smallest: use compact notes")

    # ------------------------------------------------------------------ drawing

    def _write(self) -> None:
        size, fig, height = self.size, self.fig, self.height_in
        y = height - MARGIN_IN
        for lines, pt, weight, color in (
            (self.title_lines, size.title_pt, "bold", INK),
            (self.subtitle_lines, size.subtitle_pt, "normal", MUTED),
        ):
            for line in lines:
                y -= pt * LINE / 72
                fig.text(MARGIN_IN / size.width_in, y / height, line, fontsize=pt, weight=weight, color=color)
        pt = self.footer_pt
        x0, top = MARGIN_IN, self.foot_in - 0.16
        step = (size.width_in - 2 * MARGIN_IN + GUTTER_IN) / len(self.columns)
        space = _space(pt)
        for i, lines in enumerate(self.columns):
            y = top
            for line in lines:
                y -= pt * LINE / 72
                left = (x0 + i * step) * 72
                if line.marker:
                    fig.text(left / 72 / size.width_in, y / height, line.marker, fontsize=pt, color=INK)
                xpt = left + line.indent_pt
                for piece in line.pieces:
                    t = fig.text(xpt / 72 / size.width_in, y / height, piece.text, fontsize=pt, color=MUTED)
                    if piece.url:
                        t.set_url(piece.url)
                    xpt += text_width_pt(piece.text, pt) / 1.02 + space

    # ------------------------------------------------------------------ geometry for the plot

    @property
    def plot_width_in(self) -> float:
        return self.size.width_in

    @property
    def plot_bottom_in(self) -> float:
        return self.foot_in

    def value_axis_in(self, widest: str = "25,000") -> float:
        """Room left of a plot for value tick labels such as '25,000' and the axis label beside them."""
        return (text_width_pt(widest, self.size.tick_pt) + 2.6 * self.size.tick_pt) / 72 + 0.12

    @property
    def tick_row_in(self) -> float:
        """Room below a plot for one row of tick labels, or two (month and year)."""
        return 2.5 * self.size.tick_pt * LINE / 72 + 0.06

    def axes_rect(self, left_in: float, bottom_in: float, width_in: float, height_in: float):
        """(left, bottom, width, height) in figure fractions for a box given in inches from the plot's corner."""
        w, h = self.size.width_in, self.height_in
        return (left_in / w, (self.foot_in + bottom_in) / h, width_in / w, height_in / h)
