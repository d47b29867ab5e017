"""The graphics-desk bar, checked on the rendered figure: nothing touches what it does not belong to, every
leader runs from its label to its own mark, nothing is clipped, every label sits near its mark, no type is
too small to print.

A chart cannot be judged by its data alone: whether "about 600 [5]" sits on the NIS line depends on the
words' width in the font, the size and the axis limits. So the figure is drawn (without rendering) and
every text box, marker, line path and patch is measured in display coordinates.

What belongs to what is declared by the chart code with artist gids (``artist.set_gid(...)``):

``label:<key>``
    A Text or an Annotation that labels a mark. Its words (not its leader line) are the label's box.
``mark:<key>``
    What label <key> labels. A Line2D drawn with markers (every vertex's marker is a mark, as large as the
    marker plus its edge), a Patch (bar, rectangle, polygon: its outline and fill), a PathCollection
    (scatter), or a Line2D without markers (a series, a range bar: its path segments at their width).
    Several artists may share one key.
``leader:<key>``
    The line joining label <key> to mark <key>: a Line2D or a FancyArrowPatch. An Annotation whose text
    has gid ``label:<key>`` gives its arrow (``annotate(..., arrowprops=...)``) the gid ``leader:<key>``
    without anything more to write.
``line:<key>``
    Drawn data that no single label labels: a connecting series line, the arrow of an open-ended range, a
    gap bracket. Labels (and marks' labels) with the same key may touch it; no other label may.
``bg:<anything>``
    Background a label may sit on: zero lines, shaded periods. Gridlines, spines, tick marks and the axes
    and figure backgrounds are background without a gid.

An Annotation with any other gid passes it to its arrow (``line:<key>`` on an ``annotate("", ...)`` arrow
makes the arrow a line of <key>). Texts without a ``label:`` gid (titles, subtitles, notes, tick labels,
axis labels, legend texts) are frame texts: they own nothing, so they may touch only background. A line,
patch or collection drawn in the figure without a gid belongs to nothing, and every label must keep off it.

The rules, each reported under its own name:

``text-overlap``
    No two drawn texts overlap (by more than half a pixel both ways), frame texts included. Tick labels
    count only for ticks inside their axis' view; empty texts are not drawn and not counted.
``label-on-mark``
    A label's box, grown by ``pad_pt``, touches no mark, line, leader or patch of another key (nor one
    without a gid, nor a legend); and it does not cover the centre of its own marker (it may touch its
    edge). Frame texts, which own nothing, keep off every mark, line and leader. Lines are measured as drawn
    segments at their width (a dashed line counts along its whole length), not as bounding boxes.
``leader-ends``
    A leader starts within 1.5 pt of its label's words and ends on its own mark (within the marker's radius
    + 1.5 pt of the vertex, on or in a patch, on a line); it has a label and a mark; it crosses no other
    leader (two crossing leaders read as an X: which label is whose?), no other
    text and runs through no patch of another key (a leader that vanishes behind a bar points at that bar).
``clipped``
    No label or mark reaches outside its axes (a marker half cut by the axes edge is clipped, whatever its
    vertex), and no text reaches outside the figure.
``far-from-mark``
    A label without a leader is at most ``max_gap_pt`` from the nearest point of its mark.
``small-type``
    No drawn text is set smaller than ``min_pt``.

A key is everything after the first colon (``label:C003`` and ``mark:C003`` go together). In chart code:

    (dot,) = ax.plot([x], [y], "o", ms=6)
    dot.set_gid(f"mark:{claim_id}")
    t = ax.annotate("about 600 [5]", (x, y), xytext=(30, 12), textcoords="offset points",
                    bbox={"boxstyle": "square,pad=0.1", "fc": "none", "ec": "none"},
                    arrowprops={"arrowstyle": "-", "shrinkA": 0, "shrinkB": 0})
    t.set_gid(f"label:{claim_id}")  # its arrow is leader:<claim_id> without more

matplotlib's default arrowprops leave 2 pt of air round the words and shrink both ends by 2 pt, so such a
leader starts about 2.5-4 pt from its label and fails ``leader-ends``. An invisible box 0.1 em round the
words with ``shrinkA=0`` (above) starts it on their edge, whichever side faces the mark; ``patchA=None``
instead starts it at ``relpos`` (the words' centre by default, which strikes through them: also a failure).

Use ``problems(fig)`` for the list, ``assert_clean(fig)`` in tests and ``describe(fig)`` to see what the
checker took each artist to be. Measure the figure under the rcParams it is saved with (wrap the call in the
chart's ``rc_context``), since text metrics depend on them. The figure's own box is the page: export without
``bbox_inches="tight"`` (as outputs.export does), or the page would grow to hold what runs off it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.collections import Collection, LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_rgba_array
from matplotlib.figure import Figure, SubFigure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.spines import Spine
from matplotlib.text import Annotation, Text

__all__ = ["RULES", "Problem", "assert_clean", "describe", "problems"]

RULES = ("text-overlap", "label-on-mark", "leader-ends", "clipped", "far-from-mark", "small-type")
REACH_PT = 1.5  # how close a leader's ends must come to its label's words and to its mark
OVERLAP_PX = 0.5  # two texts overlap when their boxes share more than this, both ways
EDGE_PX = 0.5  # what may stick out of an axes or the figure before it counts as clipped
ROUND_MARKERS = {"o", ".", "8", "h", "H", "p", "O"}  # drawn as discs; other markers as their box
NO_STYLE = {None, "None", "none", " ", ""}


@dataclass(frozen=True)
class Problem:
    """One breach of the bar: which rule, what breaks it, the other party (may be empty) and the finding.

    ``detail`` is the whole predicate, so ``str(problem)`` reads as a sentence an editor can act on.
    """

    rule: str
    what: str
    other: str
    detail: str

    def __str__(self) -> str:
        return f"{self.what} {self.detail}"


@dataclass
class _Text:
    text: Text
    name: str  # "label 'about 600 [5]'" or "text 'Source: ...'"
    key: str | None  # the key of a label:<key> gid, else None
    box: np.ndarray  # x0, y0, x1, y1 in pixels
    axes: Axes | None
    owns: str | None = None  # the key its gid names, whatever the role: it may touch that key's lines
    tick: bool = False


@dataclass
class _Shape:
    """The drawn geometry of one role and key (or of one artist without a gid), in pixels."""

    role: str  # mark, line, leader, bg, none (no gid), legend
    key: str
    name: str
    segs: list = field(default_factory=list)  # arrays (n, 4): x0, y0, x1, y1
    seg_hw: list = field(default_factory=list)  # arrays (n,): half the stroke width
    dots: list = field(default_factory=list)  # arrays (n, 3): cx, cy, radius of round markers
    boxes: list = field(default_factory=list)  # arrays (n, 4): other markers' boxes
    centres: list = field(default_factory=list)  # arrays (n, 2): every marker's vertex
    polys: list = field(default_factory=list)  # filled outlines, arrays (n, 2)
    ends: list = field(default_factory=list)  # for leaders: one (2, 2) array of end points per artist
    artists: list = field(default_factory=list)  # (artist, extent part) for the clipping rule
    owner: int | None = None  # id() of the Text whose annotation arrow this is, for arrows without a gid

    def finish(self) -> None:
        def cat(parts: list, width: int) -> np.ndarray:
            return np.concatenate(parts) if parts else np.empty((0, width))

        self.S = cat(self.segs, 4)
        self.Shw = np.concatenate(self.seg_hw) if self.seg_hw else np.empty(0)
        self.D = cat(self.dots, 3)
        self.B = cat(self.boxes, 4)
        self.C = cat(self.centres, 2)
        pts = np.concatenate([self.S[:, :2], self.S[:, 2:]]) if len(self.S) else np.zeros((1, 2))
        self.S_box_lo, self.S_box_hi = pts.min(axis=0), pts.max(axis=0)

    def rect_gap(self, r: np.ndarray) -> float:
        """Distance from box r to the nearest drawn point of the shape (0 when they meet)."""
        gaps = [np.inf]
        if len(self.S):
            gaps.append(float(np.min(_rect_seg_dist(r, self.S) - self.Shw)))
        if len(self.D):
            gaps.append(float(np.min(_rect_point_dist(r, self.D[:, :2]) - self.D[:, 2])))
        if len(self.B):
            gaps.append(float(np.min(_rect_rect_dist(r, self.B))))
        if self.polys:
            centre = np.array([[(r[0] + r[2]) / 2, (r[1] + r[3]) / 2]])
            if any(_inside(centre, p)[0] for p in self.polys):
                gaps.append(0.0)
        return max(0.0, min(gaps))

    def point_gap(self, p: np.ndarray) -> float:
        """Distance from point p to the nearest drawn point of the shape (0 inside it)."""
        return self.rect_gap(np.array([p[0], p[1], p[0], p[1]]))


# --- geometry, vectorised over many segments, markers or boxes --------------------------------------------


def _rect_point_dist(r: np.ndarray, p: np.ndarray) -> np.ndarray:
    dx = np.maximum(np.maximum(r[0] - p[:, 0], p[:, 0] - r[2]), 0)
    dy = np.maximum(np.maximum(r[1] - p[:, 1], p[:, 1] - r[3]), 0)
    return np.hypot(dx, dy)


def _rect_rect_dist(r: np.ndarray, b: np.ndarray) -> np.ndarray:
    dx = np.maximum(np.maximum(r[0] - b[:, 2], b[:, 0] - r[2]), 0)
    dy = np.maximum(np.maximum(r[1] - b[:, 3], b[:, 1] - r[3]), 0)
    return np.hypot(dx, dy)


def _point_seg_dist(p: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Distance from one point p (x, y) to every segment of s."""
    dx, dy = s[:, 2] - s[:, 0], s[:, 3] - s[:, 1]
    n2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = ((p[0] - s[:, 0]) * dx + (p[1] - s[:, 1]) * dy) / n2
    t = np.clip(np.nan_to_num(t), 0, 1)
    return np.hypot(s[:, 0] + t * dx - p[0], s[:, 1] + t * dy - p[1])


def _seg_meets_rect(r: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Whether segments s pass through boxes r; r and s broadcast on their first axes."""
    lo, hi = _clip(r, s)
    return lo <= hi


def _length_inside(r: np.ndarray, s: np.ndarray) -> float:
    """How much of the segments s runs inside box r."""
    lo, hi = _clip(r, s)
    return float(np.sum(np.maximum(hi - lo, 0) * np.hypot(s[:, 2] - s[:, 0], s[:, 3] - s[:, 1])))


def _clip(r: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stretch [lo, hi] of each segment (0 at its start, 1 at its end) inside box r (Liang-Barsky)."""
    x0, y0, x1, y1 = s[..., 0], s[..., 1], s[..., 2], s[..., 3]
    shape = np.broadcast_shapes(x0.shape, r[..., 0].shape)
    lo, hi = np.zeros(shape), np.ones(shape)
    for p, d, a, b in ((x0, x1 - x0, r[..., 0], r[..., 2]), (y0, y1 - y0, r[..., 1], r[..., 3])):
        flat = d == 0
        with np.errstate(invalid="ignore", divide="ignore"):
            ta, tb = (a - p) / d, (b - p) / d
        inside = (p >= a) & (p <= b)
        tmin = np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(ta, tb))
        tmax = np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(ta, tb))
        lo, hi = np.maximum(lo, tmin), np.minimum(hi, tmax)
    return lo, hi


def _rect_seg_dist(r: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Distance from box r to every segment of s (0 where a segment enters the box)."""
    d = np.minimum(_rect_point_dist(r, s[:, :2]), _rect_point_dist(r, s[:, 2:]))
    for corner in ((r[0], r[1]), (r[0], r[3]), (r[2], r[1]), (r[2], r[3])):
        d = np.minimum(d, _point_seg_dist(corner, s))
    return np.where(_seg_meets_rect(r, s), 0.0, d)


def _inside(points: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd test of each point against a polygon (closed implicitly, as matplotlib fills it)."""
    x, y = poly[:, 0], poly[:, 1]
    x2, y2 = np.roll(x, -1), np.roll(y, -1)
    px, py = points[:, :1], points[:, 1:2]
    crosses = (y > py) != (y2 > py)
    with np.errstate(invalid="ignore", divide="ignore"):
        xc = x + (py - y) * (x2 - x) / (y2 - y)
    return np.sum(crosses & (px < xc), axis=1) % 2 == 1


def _crosses(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether any segment of a properly crosses any segment of b (touching ends do not count)."""
    p, r = a[:, None, :2], a[:, None, 2:] - a[:, None, :2]
    q, s = b[None, :, :2], b[None, :, 2:] - b[None, :, :2]

    def cross(u, v):
        return u[..., 0] * v[..., 1] - u[..., 1] * v[..., 0]

    eps = 1e-6
    o1, o2 = cross(r, q - p), cross(r, q + s - p)
    o3, o4 = cross(s, p - q), cross(s, p + r - q)
    return bool(np.any((o1 * o2 < -eps) & (o3 * o4 < -eps)))


def _polylines_to_segs(lines: list[np.ndarray]) -> np.ndarray:
    parts = []
    for v in lines:
        if len(v) >= 2:
            s = np.hstack([v[:-1], v[1:]])
            parts.append(s[np.isfinite(s).all(axis=1)])
    return np.concatenate(parts) if parts else np.empty((0, 4))


def _stroke_extent(segs: np.ndarray, hw: np.ndarray, cap: float) -> np.ndarray:
    """Corners of each segment's stroke: width hw each side, and cap (a share of hw) past each end."""
    d = segs[:, 2:] - segs[:, :2]
    n = np.hypot(d[:, 0], d[:, 1])[:, None]
    u = np.divide(d, n, out=np.zeros_like(d), where=n > 0)
    v = np.column_stack([-u[:, 1], u[:, 0]]) * hw[:, None]
    u = u * hw[:, None] * cap
    a, b = segs[:, :2] - u, segs[:, 2:] + u
    return np.concatenate([a + v, a - v, b + v, b - v])


# --- reading the figure -----------------------------------------------------------------------------------


def _renderer(fig: Figure):
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()


def _short(s: str, n: int = 40) -> str:
    s = " / ".join(part.strip() for part in s.strip().splitlines())
    return s if len(s) <= n else s[: n - 1] + "…"


def _split(gid: str | None) -> tuple[str, str]:
    """('label', 'k') for 'label:k'; ('bg', ...) for any 'bg:'; ('none', '') without a gid."""
    if not gid:
        return "none", ""
    role, _, key = str(gid).partition(":")
    return (role, key) if role in ("label", "mark", "leader", "line", "bg") and key else ("other", str(gid))


def _no_style(style) -> bool:
    """Whether a marker or line style draws nothing ('None', '', ...); vertex-list markers draw."""
    return style is None or (isinstance(style, str) and style in NO_STYLE)


def _visible_colour(c) -> bool:
    return c is not None and bool(np.any(to_rgba_array(c)[:, 3] > 0))  # "none" is transparent black


class _Reader:
    """Walks the drawn figure once and sorts what it draws into texts and shapes by their gids."""

    def __init__(self, fig: Figure):
        fig.draw_without_rendering()
        self.fig = fig
        self.renderer = _renderer(fig)
        self.px = fig.dpi / 72.0
        self.texts: list[_Text] = []
        self.hidden: list[tuple[Text, str]] = []  # labels matplotlib does not draw (their point is off the axes)
        self.shapes: dict[tuple[str, str], _Shape] = {}
        self.anonymous = 0
        self._walk(fig)
        for shape in self.shapes.values():
            shape.finish()
        self._index()

    def _index(self) -> None:
        """All shapes' parts in flat arrays, each with its shape's number, so one text is tested at once
        against everything drawn, after a cheap box test."""
        self.order = list(self.shapes.values())

        def flat(attr: str, width: int) -> tuple[np.ndarray, np.ndarray]:
            parts = [getattr(s, attr) for s in self.order]
            owner = np.repeat(np.arange(len(parts)), [len(p) for p in parts]).astype(int)
            return (np.concatenate(parts) if parts else np.empty((0, width))), owner

        self.S, self.S_own = flat("S", 4)
        self.S_hw = np.concatenate([s.Shw for s in self.order]) if self.order else np.empty(0)
        hw = self.S_hw
        self.S_box = np.column_stack(
            [
                np.minimum(self.S[:, 0], self.S[:, 2]) - hw,
                np.minimum(self.S[:, 1], self.S[:, 3]) - hw,
                np.maximum(self.S[:, 0], self.S[:, 2]) + hw,
                np.maximum(self.S[:, 1], self.S[:, 3]) + hw,
            ]
        )
        self.D, self.D_own = flat("D", 3)
        self.B, self.B_own = flat("B", 4)
        self.P = [(p, i, p.min(axis=0), p.max(axis=0)) for i, s in enumerate(self.order) for p in s.polys]

    def touching(self, r: np.ndarray, pad: float) -> set[int]:
        """Numbers of the shapes that come within pad of box r."""
        hits: set[int] = set()
        if len(self.S):
            b = self.S_box
            near = np.nonzero(
                (b[:, 0] < r[2] + pad) & (b[:, 2] > r[0] - pad) & (b[:, 1] < r[3] + pad) & (b[:, 3] > r[1] - pad)
            )[0]
            if len(near):
                d = _rect_seg_dist(r, self.S[near]) - self.S_hw[near]
                hits.update(self.S_own[near[d < pad]].tolist())
        if len(self.D):
            d = _rect_point_dist(r, self.D[:, :2]) - self.D[:, 2]
            hits.update(self.D_own[d < pad].tolist())
        if len(self.B):
            hits.update(self.B_own[_rect_rect_dist(r, self.B) < pad].tolist())
        c = np.array([(r[0] + r[2]) / 2, (r[1] + r[3]) / 2])
        for p, i, lo, hi in self.P:
            if i not in hits and np.all(c >= lo) and np.all(c <= hi) and _inside(c[None, :], p)[0]:
                hits.add(i)
        return hits

    # The artist tree, as the figure draws it.
    def _walk(self, a: Artist, texts_only: bool = False) -> None:
        if not a.get_visible():
            return
        if isinstance(a, Text):
            self._text(a)
        elif isinstance(a, Axis):
            self._axis(a)
        elif isinstance(a, Legend):
            self._legend(a)
        elif isinstance(a, Spine):
            return
        elif isinstance(a, Axes):
            for child in a.get_children():
                if child is a.patch or (not a.axison and isinstance(child, Axis | Spine)):
                    continue
                self._walk(child)
        elif isinstance(a, Figure | SubFigure):
            for child in a.get_children():
                if child is not a.patch:
                    self._walk(child)
        elif texts_only:
            for child in a.get_children():
                self._walk(child, texts_only=True)
        elif isinstance(a, Line2D | Patch | Collection):
            self._shape(a, a.get_gid())
        else:  # offset boxes, tables and the like: their words count, their frames are not data
            for child in a.get_children():
                self._walk(child, texts_only=True)

    def _axis(self, axis: Axis) -> None:
        for t in (axis.label, axis.offsetText):
            if t.get_visible():
                self._text(t)
        lo, hi = sorted(axis.get_view_interval())
        slack = 1e-9 * max(abs(hi - lo), 1e-300)
        for tick in axis.get_major_ticks() + axis.get_minor_ticks():
            if tick.get_visible() and lo - slack <= tick.get_loc() <= hi + slack:
                for t in (tick.label1, tick.label2):
                    if t.get_visible():
                        self._text(t, tick=True)

    def _legend(self, legend: Legend) -> None:
        for t in [*legend.get_texts(), legend.get_title()]:
            if t.get_visible():
                self._text(t)
        box = legend.get_window_extent(self.renderer)
        shape = self._get("legend", str(id(legend)), "the legend")
        shape.boxes.append(np.array([[box.x0, box.y0, box.x1, box.y1]]))

    def _text(self, t: Text, tick: bool = False) -> None:
        role, key = _split(t.get_gid())
        is_label = role == "label"
        words = t.get_text()
        if isinstance(t, Annotation):
            check = getattr(t, "_check_xy", None)
            if check is not None and not check(self.renderer):
                if is_label and words.strip():
                    self.hidden.append((t, key))
                return
            arrow = t.arrow_patch
            if arrow is not None and arrow.get_visible() and t.arrowprops is not None:
                shape = self._shape(arrow, arrow.get_gid() or (f"leader:{key}" if is_label else t.get_gid()))
                if shape is not None and shape.role == "none":
                    shape.owner = id(t)
        if not words.strip():
            return
        b = Text.get_window_extent(t, self.renderer)  # the words only, not an annotation's arrow
        name = f"label '{_short(words)}'" if is_label else f"text '{_short(words)}'"
        ax = t.axes if isinstance(t.axes, Axes) else None
        owns = key if role in ("label", "mark", "line", "leader") else None
        box = np.array([b.x0, b.y0, b.x1, b.y1])
        self.texts.append(_Text(t, name, key if is_label else None, box, ax, owns, tick))

    def _get(self, role: str, key: str, name: str) -> _Shape:
        if (role, key) not in self.shapes:
            self.shapes[(role, key)] = _Shape(role, key, name)
        return self.shapes[(role, key)]

    def _shape(self, a: Artist, gid: str | None) -> _Shape | None:
        role, key = _split(gid)
        if role == "bg":
            return None
        if role in ("none", "other", "label"):  # belongs to nothing the contract names: every label keeps off it
            self.anonymous += 1
            label = a.get_label() if hasattr(a, "get_label") else ""
            said = f" '{_short(label)}'" if label and not str(label).startswith("_") else ""
            with_gid = f" with gid '{gid}'" if gid else " without a gid"
            role, key, name = "none", f"#{self.anonymous}", f"{type(a).__name__}{said}{with_gid}"
        else:
            name = f"{role} '{role}:{key}'"
        shape = self._get(role, key, name)
        before = (len(shape.segs), len(shape.dots), len(shape.boxes), len(shape.polys))
        if isinstance(a, Line2D):
            self._line(a, shape)
        elif isinstance(a, Patch):
            self._patch(a, shape)
        elif isinstance(a, PathCollection):
            self._scatter(a, shape)
        elif isinstance(a, LineCollection):
            self._segments(a, shape)
        elif isinstance(a, PolyCollection):
            self._polycollection(a, shape)
        after = (len(shape.segs), len(shape.dots), len(shape.boxes), len(shape.polys))
        shape.artists.append((a, [slice(x, y) for x, y in zip(before, after, strict=True)]))
        return shape

    def _add_strokes(self, shape: _Shape, lines: list[np.ndarray], lw_pt: float) -> np.ndarray:
        segs = _polylines_to_segs(lines)
        if len(segs):
            shape.segs.append(segs)
            shape.seg_hw.append(np.full(len(segs), lw_pt * self.px / 2))
        return segs

    def _line(self, line: Line2D, shape: _Shape) -> None:
        tr = line.get_transform()
        if not _no_style(line.get_linestyle()) and line.get_linewidth() > 0:
            path = tr.transform_path(line.get_path())
            segs = self._add_strokes(shape, [path.vertices], line.get_linewidth())
            if len(segs):
                shape.ends.append(_finite_ends(path.vertices))
        marker = line.get_marker()
        if _no_style(marker) or line.get_markersize() <= 0:
            return
        xy = tr.transform(line.get_xydata())
        xy = _every(xy, line.get_markevery())
        xy = xy[np.isfinite(xy).all(axis=1)]
        if not len(xy):
            return
        size = line.get_markersize() * self.px
        edge = line.get_markeredgewidth() * self.px / 2
        self._add_markers(shape, xy, _marker_box(marker, line.get_fillstyle()) * size, edge, marker)

    def _add_markers(self, shape: _Shape, xy: np.ndarray, ext: np.ndarray, edge, marker) -> None:
        """Markers at xy: discs for round ones, boxes for the rest; ext is the marker's box about its vertex."""
        edge = np.broadcast_to(np.asarray(edge, dtype=float), (len(xy),))
        shape.centres.append(xy)
        if isinstance(marker, str) and marker in ROUND_MARKERS:  # other specs (vertices, paths) as their box
            r = np.max(np.abs(ext)) if ext.ndim == 1 else np.max(np.abs(ext), axis=1)
            shape.dots.append(np.column_stack([xy, np.broadcast_to(r, (len(xy),)) + edge]))
        else:
            ext = np.broadcast_to(ext, (len(xy), 4))
            shape.boxes.append(
                np.column_stack(
                    [
                        xy[:, 0] + ext[:, 0] - edge,
                        xy[:, 1] + ext[:, 1] - edge,
                        xy[:, 0] + ext[:, 2] + edge,
                        xy[:, 1] + ext[:, 3] + edge,
                    ]
                )
            )

    def _patch(self, patch: Patch, shape: _Shape) -> None:
        path = patch.get_transform().transform_path(patch.get_path())
        polys = [p for p in path.to_polygons(closed_only=False) if len(p)]
        if not polys:
            return
        edge = patch.get_linewidth() if _visible_colour(patch.get_edgecolor()) else 0.0
        painted = (patch.get_fill() and _visible_colour(patch.get_facecolor())) or bool(patch.get_hatch())
        filled = painted and not isinstance(patch, FancyArrowPatch)  # a hatched "planned" bar is solid too
        if not filled and edge <= 0:
            return  # draws nothing
        if edge > 0 or not filled:
            self._add_strokes(shape, polys, edge)
        if filled:
            for p in polys:
                if len(p) >= 3:
                    shape.polys.append(p)
                    closed = np.vstack([p, p[:1]])
                    self._add_strokes(shape, [closed], 0.0)  # the fill's own outline, for distances
        if isinstance(patch, FancyArrowPatch) or not filled:
            pts = np.concatenate(polys)
            pts = pts[np.isfinite(pts).all(axis=1)]
            if len(pts) >= 2:
                shape.ends.append(_farthest_pair(pts))

    def _scatter(self, coll: PathCollection, shape: _Shape) -> None:
        offsets = coll.get_offset_transform().transform(coll.get_offsets())
        keep = np.isfinite(offsets).all(axis=1)
        offsets = offsets[keep]
        if not len(offsets) or not coll.get_paths():
            return
        sizes = np.sqrt(_per_item(coll.get_sizes(), len(keep), 36.0))  # areas in points squared
        lws = _per_item(coll.get_linewidths(), len(keep), 0.0)
        ext = coll.get_paths()[0].get_extents()
        ext = np.array([ext.x0, ext.y0, ext.x1, ext.y1])
        scale = (sizes[keep] * self.px)[:, None]
        round_ = bool(np.allclose(np.abs(ext), np.abs(ext[0]), rtol=0.05))  # a disc's box is square about 0
        self._add_markers(shape, offsets, ext[None, :] * scale, lws[keep] * self.px / 2, "o" if round_ else "s")

    def _segments(self, coll: LineCollection, shape: _Shape) -> None:
        tr = coll.get_transform()
        lws = coll.get_linewidths()
        for i, seg in enumerate(coll.get_segments()):
            if len(seg):
                self._add_strokes(shape, [tr.transform(np.asarray(seg))], lws[i % len(lws)] if len(lws) else 1.0)

    def _polycollection(self, coll: PolyCollection, shape: _Shape) -> None:
        tr = coll.get_transform()
        for path in coll.get_paths():
            for p in tr.transform_path(path).to_polygons(closed_only=False):
                if len(p) >= 3:
                    shape.polys.append(p)
                    self._add_strokes(shape, [np.vstack([p, p[:1]])], 0.0)


_MARKER_BOXES: dict[tuple[str, str], np.ndarray] = {}


def _marker_box(marker, fillstyle: str) -> np.ndarray:
    """A marker's box about its vertex at size 1 (x0, y0, x1, y1); measured once per named marker, since
    measuring a curved path is slow and a chart draws the same few markers hundreds of times."""
    key = (marker, fillstyle) if isinstance(marker, str) else None
    if key is not None and key in _MARKER_BOXES:
        return _MARKER_BOXES[key]
    style = MarkerStyle(marker, fillstyle=fillstyle)
    ext = style.get_path().get_extents(style.get_transform())
    box = np.array([ext.x0, ext.y0, ext.x1, ext.y1])
    if key is not None:
        _MARKER_BOXES[key] = box
    return box


def _per_item(values, n: int, default: float) -> np.ndarray:
    """A collection's property for each of its n items: matplotlib cycles a shorter list."""
    v = np.asarray(values, dtype=float).ravel()
    return np.resize(v, n) if len(v) else np.full(n, default)


def _every(xy: np.ndarray, every) -> np.ndarray:
    """The vertices that get a marker under Line2D.markevery, for the integer and index forms."""
    if every is None:
        return xy
    try:
        if isinstance(every, int | np.integer):
            return xy[:: int(every)]
        if isinstance(every, tuple) and len(every) == 2 and all(isinstance(v, int | np.integer) for v in every):
            return xy[int(every[0]) :: int(every[1])]
        if isinstance(every, slice):
            return xy[every]
        idx = np.asarray(every)
        if idx.dtype == bool or np.issubdtype(idx.dtype, np.integer):
            return xy[idx]
    except (IndexError, ValueError):
        pass
    return xy  # fractional spacing: count every vertex, which can only find more


def _finite_ends(v: np.ndarray) -> np.ndarray:
    v = v[np.isfinite(v).all(axis=1)]
    return np.array([v[0], v[-1]]) if len(v) >= 2 else np.empty((0, 2))


def _farthest_pair(pts: np.ndarray) -> np.ndarray:
    """An arrow's two ends: the two points of its outline farthest apart (its head's barbs are nearer)."""
    if len(pts) > 400:
        a = pts[np.argmax(np.hypot(*(pts - pts[0]).T))]
        return np.array([a, pts[np.argmax(np.hypot(*(pts - a).T))]])
    d = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
    i, j = np.unravel_index(np.argmax(d), d.shape)
    return np.array([pts[i], pts[j]])


# --- the rules --------------------------------------------------------------------------------------------


def problems(
    fig: Figure, *, max_gap_pt: float = 18.0, pad_pt: float = 0.5, min_pt: float = 7.0, reach_pt: float = REACH_PT
) -> list[Problem]:
    """Every breach of the graphics-desk bar in the drawn figure, rule by rule (see the module docstring).

    ``max_gap_pt``: how far a label without a leader may sit from its mark. ``pad_pt``: the air a label
    keeps from marks, lines and leaders of other keys. ``min_pt``: the smallest type that prints.
    ``reach_pt``: how near a leader's ends must come to its label and to its mark.
    """
    r = _Reader(fig)
    px = r.px
    out: list[Problem] = []
    out += _text_overlap(r)
    out += _label_on_mark(r, pad_pt * px)
    out += _leader_ends(r, reach_pt * px)
    out += _clipped(r)
    out += _far_from_mark(r, max_gap_pt * px)
    out += _small_type(r, min_pt)
    seen: set[Problem] = set()
    return [p for p in out if not (p in seen or seen.add(p))]


def assert_clean(fig: Figure, **kw) -> None:
    """Fail with every problem listed, one a line, so a test failure says what to fix."""
    found = problems(fig, **kw)
    if found:
        raise AssertionError(f"{len(found)} placement problem(s):\n" + "\n".join(f"  {p.rule}: {p}" for p in found))


def describe(fig: Figure) -> dict:
    """What the checker sees: each text with its box, and each shape (role and key) with its parts, in pixels.

    For debugging a chart that fails: a label the checker calls 'text' has no label gid, an artist listed
    under 'none' has no gid and every label must keep off it.
    """
    r = _Reader(fig)
    return {
        "texts": [
            {"name": t.name, "key": t.key, "box": [round(float(v), 1) for v in t.box], "size_pt": t.text.get_fontsize()}
            for t in r.texts
        ],
        "hidden_labels": [f"label '{_short(t.get_text())}'" for t, _ in r.hidden],
        "shapes": [
            {
                "role": s.role,
                "key": s.key,
                "name": s.name,
                "artists": len(s.artists),
                "segments": len(s.S),
                "markers": len(s.C),
                "filled": len(s.polys),
            }
            for s in r.shapes.values()
        ],
        "px_per_pt": r.px,
    }


def _pt(v: float, px: float) -> str:
    return f"{v / px:.1f} pt"


def _text_overlap(r: _Reader) -> list[Problem]:
    if len(r.texts) < 2:
        return []
    b = np.array([t.box for t in r.texts])
    w = np.minimum(b[:, None, 2], b[None, :, 2]) - np.maximum(b[:, None, 0], b[None, :, 0])
    h = np.minimum(b[:, None, 3], b[None, :, 3]) - np.maximum(b[:, None, 1], b[None, :, 1])
    hit = np.triu((w > OVERLAP_PX) & (h > OVERLAP_PX), k=1)
    out = []
    for i, j in zip(*np.nonzero(hit), strict=True):
        a, c = r.texts[i], r.texts[j]
        if c.key is not None and a.key is None:  # name the label first
            a, c = c, a
        size = f"{w[i, j] / r.px:.1f} × {h[i, j] / r.px:.1f} pt"
        out.append(Problem("text-overlap", a.name, c.name, f"overlaps {c.name} ({size})"))
    return out


def _label_on_mark(r: _Reader, pad: float) -> list[Problem]:
    out = []
    for t in r.texts:
        if t.tick:  # tick labels sit outside the plot; a mark that reaches them is clipped, a rule of its own
            continue
        for i in sorted(r.touching(t.box, pad)):
            s = r.order[i]
            if s.owner == id(t) or (t.owns is not None and s.key == t.owns and s.role in ("mark", "line", "leader")):
                continue
            if s.role == "legend":
                if t.key is not None:
                    out.append(Problem("label-on-mark", t.name, s.name, f"sits on {s.name}"))
                continue
            out.append(Problem("label-on-mark", t.name, s.name, f"touches {s.name}"))
        own = r.shapes.get(("mark", t.key)) if t.key is not None else None
        if own is not None and len(own.C):
            c, b = own.C, t.box
            if np.any((c[:, 0] > b[0]) & (c[:, 0] < b[2]) & (c[:, 1] > b[1]) & (c[:, 1] < b[3])):
                out.append(Problem("label-on-mark", t.name, own.name, f"covers the centre of its own {own.name}"))
    return out


def _leader_ends(r: _Reader, reach: float) -> list[Problem]:
    out = []
    labels: dict[str, list[_Text]] = {}
    for t in r.texts:
        if t.key is not None:
            labels.setdefault(t.key, []).append(t)
    marks = {s.key: s for s in r.shapes.values() if s.role == "mark"}
    for s in r.shapes.values():
        if s.role != "leader":
            continue
        own = labels.get(s.key, [])
        mark = marks.get(s.key)
        if not own:
            out.append(Problem("leader-ends", s.name, f"label 'label:{s.key}'", f"has no label 'label:{s.key}'"))
        if mark is None:
            out.append(Problem("leader-ends", s.name, f"mark 'mark:{s.key}'", f"has no mark 'mark:{s.key}'"))
        if own and mark is not None:
            for ends in s.ends:
                if len(ends) == 2:
                    out += _check_ends(r, s, ends, own, mark, marks, reach)
        # It crosses no other text, and runs through no bar of another key.
        if len(s.S):
            boxes = np.array([t.box for t in r.texts]).reshape(-1, 4)
            crossed = np.any(_seg_meets_rect(boxes[:, None, :], s.S[None, :, :]), axis=1)
            for t, hit in zip(r.texts, crossed, strict=True):
                if hit and t.key != s.key:
                    out.append(Problem("leader-ends", s.name, t.name, f"crosses {t.name}"))
                elif hit and (into := _length_inside(t.box, s.S)) > reach:  # struck through its own words
                    out.append(Problem("leader-ends", s.name, t.name, f"runs {_pt(into, r.px)} into its {t.name}"))
            lo, hi = s.S_box_lo, s.S_box_hi
            for p, i, plo, phi in r.P:
                o = r.order[i]
                if o.key == s.key or np.any(plo > hi) or np.any(phi < lo):
                    continue
                if _runs_through(s.S, p):
                    out.append(Problem("leader-ends", s.name, o.name, f"runs through {o.name}"))
    leaders = [s for s in r.shapes.values() if s.role == "leader" and len(s.S)]
    for i, a in enumerate(leaders):  # two leaders that cross read as an X: which label is whose?
        for b in leaders[i + 1 :]:
            if a.key != b.key and _crosses(a.S[:, :4], b.S[:, :4]):
                out.append(Problem("leader-ends", a.name, b.name, f"crosses {b.name}"))
    return out


def _runs_through(segs: np.ndarray, poly: np.ndarray) -> bool:
    edges = _polylines_to_segs([np.vstack([poly, poly[:1]])])
    if _crosses(segs, edges):
        return True
    mids = (segs[:, :2] + segs[:, 2:]) / 2
    return bool(np.any(_inside(mids, poly)))


def _check_ends(r, s: _Shape, ends, own: list[_Text], mark: _Shape, marks: dict, reach: float) -> list[Problem]:
    def to_label(p):
        return min(float(_rect_point_dist(t.box, p[None, :])[0]) for t in own)

    a, b = ends
    if to_label(b) < to_label(a):  # a leader starts at the end nearer its label's words
        a, b = b, a
    dl, dm, far = to_label(a), mark.point_gap(b), b
    out = []
    label = own[0].name
    if dl > reach:
        out.append(Problem("leader-ends", s.name, label, f"starts {_pt(dl, r.px)} from its {label}"))
    if dm > reach:
        wrong = [o for k, o in marks.items() if k != s.key and o.point_gap(far) <= reach]
        where = f"ends on {wrong[0].name}, " if wrong else "ends "
        out.append(Problem("leader-ends", s.name, mark.name, f"{where}{_pt(dm, r.px)} from its own {mark.name}"))
    return out


def _clipped(r: _Reader) -> list[Problem]:
    out = []
    page = r.fig.bbox
    for t in r.texts:
        b = t.box
        off = max(page.x0 - b[0], b[2] - page.x1, page.y0 - b[1], b[3] - page.y1)
        if off > EDGE_PX:
            out.append(Problem("clipped", t.name, "the figure", f"runs {_pt(off, r.px)} off the figure"))
        elif t.key is not None and t.axes is not None:
            a = t.axes.bbox
            off = max(a.x0 - b[0], b[2] - a.x1, a.y0 - b[1], b[3] - a.y1)
            if off > EDGE_PX:
                out.append(Problem("clipped", t.name, "its axes", f"runs {_pt(off, r.px)} outside its axes"))
    for t, _key in r.hidden:
        name = f"label '{_short(t.get_text())}'"
        out.append(Problem("clipped", name, "its axes", "is not drawn: the point it labels is outside its axes"))
    for s in r.shapes.values():
        if s.role != "mark":
            continue
        for artist, parts in s.artists:
            ax = artist.axes
            if ax is None:
                continue
            pts = _extent_points(s, artist, parts)
            if not len(pts):
                continue
            a = ax.bbox
            off = max(a.x0 - pts[:, 0].min(), pts[:, 0].max() - a.x1, a.y0 - pts[:, 1].min(), pts[:, 1].max() - a.y1)
            if off > EDGE_PX:
                cut = artist.get_clip_on() and (artist.get_clip_box() is not None or artist.get_clip_path() is not None)
                how = "is cut by the edge of its axes" if cut else "runs outside its axes"
                out.append(Problem("clipped", s.name, "its axes", f"{how} ({_pt(off, r.px)} past it)"))
    return out


def _extent_points(s: _Shape, artist, parts: list[slice]) -> np.ndarray:
    """Points whose box is the artist's drawn extent: stroke corners, marker boxes, filled outlines."""
    pts = []
    segs, dots, boxes, polys = parts
    cap = 0.0
    if isinstance(artist, Line2D):
        style = artist.get_solid_capstyle() if artist.get_linestyle() in ("-", "solid") else artist.get_dash_capstyle()
        cap = 0.0 if style == "butt" else 1.0
    elif isinstance(artist, Patch):
        cap = 0.0 if artist.get_capstyle() == "butt" else 1.0
    for seg, hw in zip(s.segs[segs], s.seg_hw[segs], strict=True):
        pts.append(_stroke_extent(seg, hw, cap))
    for d in s.dots[dots]:
        pts.append(np.concatenate([d[:, :2] - d[:, 2:], d[:, :2] + d[:, 2:]]))
    for b in s.boxes[boxes]:
        pts.append(np.concatenate([b[:, :2], b[:, 2:]]))
    pts += s.polys[polys]
    return np.concatenate(pts) if pts else np.empty((0, 2))


def _far_from_mark(r: _Reader, max_gap: float) -> list[Problem]:
    out = []
    led = {s.key for s in r.shapes.values() if s.role == "leader" and len(s.S)}
    marks = {s.key: s for s in r.shapes.values() if s.role == "mark"}
    for t in r.texts:
        if t.key is None or t.key in led:
            continue
        mark = marks.get(t.key)
        if mark is None:
            out.append(Problem("far-from-mark", t.name, f"mark 'mark:{t.key}'", f"has no mark 'mark:{t.key}'"))
            continue
        gap = mark.rect_gap(t.box)
        if gap > max_gap:
            limit = f"{max_gap / r.px:g} pt"
            detail = f"is {_pt(gap, r.px)} from its {mark.name}, with no leader (at most {limit})"
            out.append(Problem("far-from-mark", t.name, mark.name, detail))
    return out


def _small_type(r: _Reader, min_pt: float) -> list[Problem]:
    out = []
    for t in r.texts:
        size = t.text.get_fontsize()
        if size < min_pt - 1e-6:
            out.append(Problem("small-type", t.name, "", f"is set in {size:g} pt type (at least {min_pt:g} pt)"))
    return out
