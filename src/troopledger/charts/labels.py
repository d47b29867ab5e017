"""Labels that touch nothing they do not belong to: each is tried at positions around its mark, then farther
out with a leader line, then as a short key ('[4]'), and kept at the first place where it overlaps no other
label, mark, line or leader and stays inside the plot.

Ownership is written into the figure as artist gids (`label:<key>`, `mark:<key>`, `leader:<key>`,
`line:<key>`, `bg:...`), the contract troopledger.charts.placement checks on every chart at every size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

PAD_PT = 1.5  # air kept around every label
GAP_PT = 2.5  # between a mark's edge and its label


@dataclass
class Spot:
    """A label position: offset in points from the mark, the text's alignment, whether a leader joins them."""

    dx: float
    dy: float
    ha: str
    va: str
    leader: bool = False
    at: tuple[float, float] | None = None  # another data point to measure from (the other end of a bar)


def around(r_pt: float, gap: float = GAP_PT) -> list[Spot]:
    """Positions touching a round mark of radius r: right, left, above, below, then the diagonals."""
    d = r_pt + gap
    k = d * 0.75
    return [
        Spot(d, 0, "left", "center"),
        Spot(-d, 0, "right", "center"),
        Spot(0, d, "center", "bottom"),
        Spot(0, -d, "center", "top"),
        Spot(k, k, "left", "bottom"),
        Spot(k, -k, "left", "top"),
        Spot(-k, k, "right", "bottom"),
        Spot(-k, -k, "right", "top"),
    ]


def rings(start: float = 16, stop: float = 64, step: float = 12) -> list[Spot]:
    """Farther positions, ring by ring around the mark, joined to it by a leader line."""
    out: list[Spot] = []
    d = start
    while d <= stop:
        for dx, dy, ha, va in (
            (d, d * 0.7, "left", "bottom"),
            (d, -d * 0.7, "left", "top"),
            (-d, d * 0.7, "right", "bottom"),
            (-d, -d * 0.7, "right", "top"),
            (0, d, "center", "bottom"),
            (0, -d, "center", "top"),
            (d * 1.3, 0, "left", "center"),
            (-d * 1.3, 0, "right", "center"),
        ):
            out.append(Spot(dx, dy, ha, va, True))
        d += step
    return out


FAR = rings()
UP = [s for s in rings(16, 100, 12) if s.dy >= 0]
DOWN = [s for s in rings(16, 100, 12) if s.dy <= 0]


_SIZES: dict[tuple, tuple[float, float]] = {}  # measured label boxes, by words, size, dpi, font and style


def _grow(box: tuple[float, float, float, float], by: float) -> tuple[float, float, float, float]:
    return box[0] - by, box[1] - by, box[2] + by, box[3] + by


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def segments_hit(segments: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    """Whether any segment (rows of x0, y0, x1, y1, half-width) crosses the box grown by its half-width."""
    if not len(segments):
        return False
    x0, y0, x1, y1, hw = segments.T
    bx0, by0, bx1, by1 = (box[0] - hw, box[1] - hw, box[2] + hw, box[3] + hw)
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = np.zeros(len(x0)), np.ones(len(x0))
    ok = np.ones(len(x0), dtype=bool)
    for p, q in ((-dx, x0 - bx0), (dx, bx1 - x0), (-dy, y0 - by0), (dy, by1 - y0)):
        parallel = p == 0
        ok &= ~(parallel & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where(~parallel & (p < 0), np.maximum(t0, r), t0)
        t1 = np.where(~parallel & (p > 0), np.minimum(t1, r), t1)
    return bool(np.any(ok & (t0 <= t1)))


def _cross(p1, p2, q1, q2) -> bool:
    """Whether segments p1-p2 and q1-q2 properly cross (touching ends do not count)."""

    def side(a, b, c) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = side(q1, q2, p1), side(q1, q2, p2)
    d3, d4 = side(p1, p2, q1), side(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0


@dataclass
class _Mark:
    key: str
    box: tuple[float, float, float, float]  # display px
    centre: tuple[float, float]
    radius: float  # px; 0 for an area
    solid: bool  # a bar or area: leaders of other keys may not cross it


@dataclass
class Placer:
    """Places labels on one axes so that nothing it placed touches what it does not belong to."""

    ax: Axes
    min_pt: float = 7.0
    marks: list[_Mark] = field(default_factory=list)
    labels: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fig = self.ax.figure
        self.renderer = self.fig.canvas.get_renderer()
        self.segments: list[tuple[str, float, float, float, float, float]] = []
        self.scale = self.fig.dpi / 72
        self.leaders: list[tuple[str, tuple[float, float], tuple[float, float]]] = []
        self.area = self.ax.get_window_extent(self.renderer).extents

    # -------------------------------------------------------------- what is drawn

    def point(self, key: str, x: float, y: float, radius_pt: float) -> None:
        """A round mark at data point (x, y)."""
        px, py = self.ax.transData.transform((x, y))
        r = radius_pt * self.scale
        self.marks.append(_Mark(key, (px - r, py - r, px + r, py + r), (px, py), r, False))

    def area_of(self, key: str, artist, solid: bool = True) -> None:
        """A bar or other patch: labels stay off it, and other keys' leaders do not run through it."""
        box = artist.get_window_extent(self.renderer).extents
        self.marks.append(_Mark(key, tuple(box), ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), 0.0, solid))

    def box(self, key: str, box: tuple[float, float, float, float]) -> None:
        """A mark given by its box in display pixels (a bracket, a range line): labels stay off it."""
        self.marks.append(_Mark(key, box, ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), 0.0, False))

    def line(self, key: str, xs, ys, width_pt: float = 1.0) -> None:
        """A drawn line, as segments: labels of other keys stay off it."""
        pts = self.ax.transData.transform(np.column_stack([xs, ys]))
        hw = width_pt * self.scale / 2 + 0.5
        for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:], strict=True):
            self.segments.append((key, x0, y0, x1, y1, hw))

    def line_artist(self, key: str, artist: Line2D) -> None:
        xs, ys = artist.get_data()
        self.line(key, np.asarray(xs, dtype=float), np.asarray(ys, dtype=float), artist.get_linewidth())

    # -------------------------------------------------------------- placing

    def _size(self, text: str, pt: float, kw: dict) -> tuple[float, float]:
        """The label's box in pixels; the same words at the same size measure the same, so it is kept."""
        import matplotlib as mpl

        key = (
            text,
            pt,
            self.fig.dpi,
            str(mpl.rcParams["font.family"]),
            tuple(sorted((k, str(v)) for k, v in kw.items())),
        )
        if key not in _SIZES:
            t = self.ax.text(0, 0, text, fontsize=pt, transform=None, **kw)
            box = t.get_window_extent(self.renderer)
            t.remove()
            _SIZES[key] = (box.width, box.height)
        return _SIZES[key]

    def _box(self, anchor: tuple[float, float], spot: Spot, wh: tuple[float, float]) -> tuple[float, ...]:
        w, h = wh
        x = anchor[0] + spot.dx * self.scale
        y = anchor[1] + spot.dy * self.scale
        x0 = x - {"left": 0.0, "center": w / 2, "right": w}[spot.ha]
        y0 = y - {"bottom": 0.0, "center": h / 2, "top": h}[spot.va]
        return (x0, y0, x0 + w, y0 + h)

    def _free(self, key: str, box) -> bool:
        a = self.area
        if box[0] < a[0] + 1 or box[2] > a[2] - 1 or box[1] < a[1] + 1 or box[3] > a[3] - 1:
            return False
        grown = _grow(box, PAD_PT * self.scale)
        if any(_overlaps(grown, b) for _, b in self.labels):
            return False
        if any(_overlaps(grown, m.box) for m in self.marks):
            return False
        others = np.array([s[1:] for s in self.segments if s[0] != key]).reshape(-1, 5)
        return not segments_hit(others, grown)

    def _leader(self, mark: _Mark, box) -> tuple[tuple[float, float], tuple[float, float]]:
        """From the label's box edge nearest the mark to the mark's edge."""
        cx, cy = mark.centre
        lx = min(max(cx, box[0]), box[2])
        ly = min(max(cy, box[1]), box[3])
        if mark.radius:
            dx, dy = lx - cx, ly - cy
            dist = max((dx * dx + dy * dy) ** 0.5, 1e-9)
            end = (cx + dx / dist * mark.radius, cy + dy / dist * mark.radius)
        else:
            end = (min(max(lx, mark.box[0]), mark.box[2]), min(max(ly, mark.box[1]), mark.box[3]))
        return (lx, ly), end

    def _leader_clear(self, key: str, start, end) -> bool:
        seg = np.array([[start[0], start[1], end[0], end[1], 0.5]])
        for _, b in self.labels:
            if segments_hit(seg, _grow(b, PAD_PT * self.scale)):
                return False
        for m in self.marks:
            if m.key != key and (m.solid or m.radius) and segments_hit(seg, _grow(m.box, -0.5)):
                return False
        return not any(_cross(start, end, a, b) for k, a, b in self.leaders if k != key)

    def place(
        self,
        key: str,
        at: tuple[float, float],
        text: str,
        spots: list[Spot],
        *,
        short: str | None = None,
        fontsize: float,
        far: bool | list[Spot] = True,
        **kw,
    ) -> Text | None:
        """Label the mark `key` drawn at data point `at`; None if it fits nowhere, even as its short key.

        Tried in order: `spots` at the given size, then at smaller sizes (to the placer's floor), then farther
        out with a leader, then the same for `short`. A label that fits nowhere is left out and its key is
        listed in `unplaced`, so the chart can say so in its notes instead of drawing one label on another.
        """
        own = [m for m in self.marks if m.key == key]
        anchor = self.ax.transData.transform(at)
        mark = own[0] if own else _Mark(key, (*anchor, *anchor), tuple(anchor), 0.0, False)
        sizes = [fontsize]
        while sizes[-1] - 0.5 >= self.min_pt - 1e-9:
            sizes.append(sizes[-1] - 0.5)
        for words in [text] + ([short] if short else []):
            rounds = [spots] + ([far] if isinstance(far, list) else [FAR] if far else [])
            for candidates in rounds:
                for pt in sizes:
                    wh = self._size(words, pt, kw)
                    for spot in candidates:
                        base = anchor if spot.at is None else self.ax.transData.transform(spot.at)
                        box = self._box(base, spot, wh)
                        if not self._free(key, box):
                            continue
                        if spot.leader:
                            start, end = self._leader(mark, box)
                            if not self._leader_clear(key, start, end):
                                continue
                        if words != text:  # counted on the figure, as attach() keeps its ChartInfo there
                            self.ax.figure._troopledger_shortened = shortened(self.ax.figure) + 1  # type: ignore[attr-defined]
                        return self._draw(key, base, spot, words, pt, box, mark, kw)
        self.unplaced.append(key)
        return None

    def _draw(self, key, anchor, spot: Spot, words: str, pt: float, box, mark: _Mark, kw: dict) -> Text:
        x = anchor[0] + spot.dx * self.scale
        y = anchor[1] + spot.dy * self.scale
        dx, dy = self.ax.transData.inverted().transform((x, y))
        t = self.ax.text(dx, dy, words, fontsize=pt, ha=spot.ha, va=spot.va, gid=f"label:{key}", **kw)
        self.labels.append((key, box))
        if spot.leader:
            start, end = self._leader(mark, box)
            inv = self.ax.transData.inverted()
            (x0, y0), (x1, y1) = inv.transform(start), inv.transform(end)
            color = kw.get("color", "#555555")
            line = Line2D([x0, x1], [y0, y1], lw=0.6, color=color, gid=f"leader:{key}", zorder=2.5)
            self.ax.add_line(line)
            self.segments.append((key, start[0], start[1], end[0], end[1], 0.8))
            self.leaders.append((key, start, end))
        return t


def shortened(fig: Figure) -> int:
    """How many labels on the figure are only their short key ('[4]') because their words found no room."""
    return getattr(fig, "_troopledger_shortened", 0)


Attempt = Callable[[frozenset[str], frozenset[str]], tuple[Figure | None, frozenset[str], frozenset[str]]]


def settle(attempt: Attempt) -> Figure:
    """The drawing that leaves the fewest labels off.

    `attempt(skip, first)` draws the chart without the labels named in `skip`, placing the marks keyed in `first`
    before the others; it returns the figure, or None with the names of the labels that found no room and their
    marks' keys. Labels that find no room are left off (and named in the notes) until a drawing succeeds; if
    any were left off, the chart is drawn once more with their marks labelled first, and the drawing that
    leaves fewer labels off or cut to their key is kept (the first one when they tie).
    """

    def settled(first: frozenset[str]) -> tuple[Figure, int, frozenset[str]]:
        skip: frozenset[str] = frozenset()
        roomless: frozenset[str] | None = None
        while True:
            fig, missed, keys = attempt(skip, first)
            roomless = keys if roomless is None else roomless
            if fig is not None:
                return fig, len(skip) + shortened(fig), roomless
            skip |= missed

    fig, left_off, roomless = settled(frozenset())
    if left_off:
        again, fewer, _ = settled(roomless)
        if fewer < left_off:
            return again
    return fig
