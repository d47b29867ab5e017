"""Labels that never collide or clip: each is tried at a few positions around its point and kept at the
first where it overlaps no label, mark or edge already placed. Used by every chart, at every size.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.text import Text
from matplotlib.transforms import Bbox

# Offsets (in points) and alignment, tried in order: right-up, right-down, left-up, left-down, above, below.
AROUND = [
    (5, 3, "left", "bottom"),
    (5, -3, "left", "top"),
    (-5, 3, "right", "bottom"),
    (-5, -3, "right", "top"),
    (0, 6, "center", "bottom"),
    (0, -6, "center", "top"),
]
PAD = 1.5  # points of air kept around every label


def rings(start: float = 14, stop: float = 70, step: float = 12) -> list[tuple]:
    """Farther positions, ring by ring around the point, joined to it by a leader line.

    Tried after a chart's own preferred positions, so a crowded label still finds a free place.
    """
    out: list[tuple] = []
    d = start
    while d <= stop:
        for dx, dy, ha, va in (
            (d, d * 0.6, "left", "bottom"),
            (d, -d * 0.6, "left", "top"),
            (-d, d * 0.6, "right", "bottom"),
            (-d, -d * 0.6, "right", "top"),
            (0, d, "center", "bottom"),
            (0, -d, "center", "top"),
            (d * 1.4, 0, "left", "center"),
            (-d * 1.4, 0, "right", "center"),
        ):
            out.append((dx, dy, ha, va, True))
        d += step
    return out


FAR = rings(14, 44, 10)


class Placer:
    """Places text on one axes so that nothing it placed overlaps, and nothing leaves the axes."""

    def __init__(self, ax: Axes, *, inside: bool = True, min_pt: float = 7.0):
        self.ax = ax
        self.min_pt = min_pt  # labels may shrink to this size to find a free place, and no further
        self.fig = ax.figure
        self.renderer = self.fig.canvas.get_renderer()
        self.inside = inside
        self.taken: list[Bbox] = []
        self.solids: list[Bbox] = []  # bars and areas: a leader line may not cross one to reach its point

    def _px(self, points: float) -> float:
        return points * self.fig.dpi / 72

    def block(self, x: float, y: float, radius_pt: float = 3.5) -> None:
        """Keep labels off a mark drawn at data point (x, y)."""
        px, py = self.ax.transData.transform((x, y))
        r = self._px(radius_pt)
        self.taken.append(Bbox.from_extents(px - r, py - r, px + r, py + r))

    def block_artist(self, artist) -> None:
        """Keep labels off a drawn area (a bar), and leader lines out of it unless they point into it."""
        box = artist.get_window_extent(self.renderer)
        self.taken.append(box)
        self.solids.append(box)

    def block_line(self, xs: list[float], ys: list[float], width_pt: float = 2.0) -> None:
        """Keep labels off a drawn line, by blocking small boxes along it."""
        pts = self.ax.transData.transform(list(zip(xs, ys, strict=True)))
        r = self._px(width_pt)
        step = self._px(4)
        for (x0, y0), (x1, y1) in zip(pts[:-1], pts[1:], strict=True):
            n = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / step))
            for k in range(n + 1):
                px, py = x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n
                self.taken.append(Bbox.from_extents(px - r, py - r, px + r, py + r))

    def _fits(self, box: Bbox) -> bool:
        pad = self._px(PAD)
        grown = Bbox.from_extents(box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad)
        if self.inside and not self._within(box):
            return False
        return not any(grown.overlaps(t) for t in self.taken)

    def _within(self, box: Bbox) -> bool:
        area = self.ax.get_window_extent(self.renderer)
        return area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1

    def text(self, x: float, y: float, s: str, candidates=AROUND, fallback: bool = True, **kw) -> Text | None:
        """Place `s` near data point (x, y) at the first candidate position that is free.

        If none is free at the given type size, smaller type is tried down to the placer's floor; then
        the least crowded position is used (or, without fallback, nothing is placed and None is returned).
        A label is never silently dropped; the chart tests report any collision that remains.
        """
        size = kw.pop("fontsize", None)
        sizes = [size]
        while size is not None and size * 0.88 >= self.min_pt:
            size *= 0.88
            sizes.append(size)
        best: tuple[int, Text, Bbox] | None = None
        for spots in (candidates, FAR):
            for pt in sizes:
                for spot in spots:
                    t, box = self._try(x, y, s, spot, pt, kw)
                    if self._fits(box) and self._clear_leader(t, box):
                        self.taken.append(box)
                        if best is not None:
                            best[1].remove()
                        return t
                    clashes = sum(box.overlaps(o) for o in self.taken) + (0 if self._within(box) else 10)
                    if best is None or clashes < best[0]:
                        if best is not None:
                            best[1].remove()
                        best = (clashes, t, box)
                    else:
                        t.remove()
        assert best is not None
        if not fallback:
            best[1].remove()
            return None
        self.taken.append(best[2])
        return best[1]

    def _clear_leader(self, t: Text, box: Bbox) -> bool:
        """A leader line may not run through another label, nor through a bar other than the one it points
        into: a line that vanishes behind a neighbouring bar seems to point at that bar. It may cross lines."""
        if getattr(t, "arrow_patch", None) is None:
            return True
        x0, y0 = self.ax.transData.transform(t.xy)
        x1, y1 = box.x0 + box.width / 2, box.y0 + box.height / 2
        labels = self.taken[self._first_label :] if hasattr(self, "_first_label") else self.taken
        inset = self._px(1)
        solids = [Bbox.from_extents(b.x0 + inset, b.y0 + inset, b.x1 - inset, b.y1 - inset) for b in self.solids]
        crossed = [b for b in solids if not b.contains(x0, y0)]  # the bar it points into may be crossed
        for k in range(1, 24):
            px, py = x0 + (x1 - x0) * k / 24, y0 + (y1 - y0) * k / 24
            if box.contains(px, py):
                break
            if any(o.contains(px, py) for o in labels if o.width > self._px(8) or o.height > self._px(8)):
                return False
            if any(b.contains(px, py) for b in crossed):
                return False
        return True

    def _try(self, x: float, y: float, s: str, spot: tuple, pt: float | None, kw: dict) -> tuple[Text, Bbox]:
        dx, dy, ha, va, *leader = spot
        lead = {"arrowprops": {"arrowstyle": "-", "lw": 0.5, "color": kw.get("color", "#555555")}} if leader else {}
        extra = {} if pt is None else {"fontsize": pt}
        t = self.ax.annotate(
            s, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, **lead, **extra, **kw
        )
        t.update_positions(self.renderer)
        return t, Text.get_window_extent(t, self.renderer)  # the words only, not the leader line


def _drawn_texts(fig) -> list[Text]:
    """Every text the figure draws: tick labels only for ticks inside their axis' view."""
    ticks = set()
    shown: list[Text] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            lo, hi = sorted(axis.get_view_interval())
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                ticks.update((id(tick.label1), id(tick.label2)))
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    shown += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    others = [t for t in fig.findobj(Text) if id(t) not in ticks and t.get_visible()]
    return [t for t in shown + others if t.get_text().strip()]


def overlapping_texts(fig) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap, and texts that run off the figure.

    The tests run this on every chart at every size; an empty list means no label collides or clips.
    """
    from matplotlib import rc_context

    from troopledger.charts.style import RC

    with rc_context(RC):  # measured with the settings the chart is drawn and saved with
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        boxes = [(t, Text.get_window_extent(t, renderer)) for t in _drawn_texts(fig)]  # words, not leader lines
    page = fig.bbox
    out = []
    for i, (a, box_a) in enumerate(boxes):
        if box_a.x0 < page.x0 - 1 or box_a.x1 > page.x1 + 1 or box_a.y0 < page.y0 - 1 or box_a.y1 > page.y1 + 1:
            out.append((a.get_text(), "<off the figure>"))
        for b, box_b in boxes[i + 1 :]:
            inter = Bbox.intersection(box_a, box_b)
            if inter is not None and inter.width > 1 and inter.height > 1:
                out.append((a.get_text(), b.get_text()))
    return out
