"""The placement check on small figures drawn here: each rule fires, with its message, on a layout an editor
would send back, and stays quiet on the same layout put right.

Figures are 72 dpi, so a pixel is a point and distances in messages can be checked by eye.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import IdentityTransform

from troopledger.charts.placement import Problem, assert_clean, describe, problems

# A leader that starts on the edge of its label's words and ends on its point: an invisible box 0.1 em round
# the words clips it, and neither end is shrunk (matplotlib's default leaves 2 pt round the words and shrinks
# each end by 2 pt more).
LEADER = {
    "arrowprops": {"arrowstyle": "-", "lw": 0.6, "shrinkA": 0, "shrinkB": 0},
    "bbox": {"boxstyle": "square,pad=0.1", "fc": "none", "ec": "none"},
}


def chart(ticks: bool = False) -> tuple[Figure, object]:
    """A 288 × 216 pt figure whose axes span 28.8-259.2 pt across and 21.6-194.4 pt up, data 0-100 both ways."""
    fig = Figure(figsize=(4, 3), dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    if not ticks:
        ax.set_xticks([])
        ax.set_yticks([])
    return fig, ax


def dot(ax, key: str, x: float, y: float, **kw):
    (line,) = ax.plot([x], [y], marker=kw.pop("marker", "o"), ms=kw.pop("ms", 6), mew=1, linestyle="none", **kw)
    line.set_gid(f"mark:{key}")
    return line


def label(ax, key: str, words: str, xy: tuple[float, float], offset=(6, 4), size: float = 8, **kw):
    """A label set `offset` points from data point xy (left-bottom aligned unless told otherwise)."""
    kw.setdefault("ha", "left")
    kw.setdefault("va", "bottom")
    t = ax.annotate(words, xy, xytext=offset, textcoords="offset points", fontsize=size, **kw)
    t.set_gid(f"label:{key}")
    return t


def said(fig: Figure, rule: str, **kw) -> list[str]:
    return [str(p) for p in problems(fig, **kw) if p.rule == rule]


def pt(message: str) -> float:
    """The first distance a message gives, in points."""
    return float(re.search(r"([\d.]+) pt", message).group(1))


# --- text-overlap -------------------------------------------------------------------------------------------


def test_overlapping_labels_are_named_and_apart_they_pass():
    fig, ax = chart()
    dot(ax, "a", 30, 50)
    dot(ax, "b", 34, 50)
    label(ax, "a", "about 600 [5]", (30, 50))
    label(ax, "b", "at least 3,000 [6]", (34, 50), offset=(6, 8))
    found = said(fig, "text-overlap")
    assert len(found) == 1
    assert re.fullmatch(
        r"label 'about 600 \[5\]' overlaps label 'at least 3,000 \[6\]' \([\d.]+ × [\d.]+ pt\)", found[0]
    )

    fig, ax = chart()
    dot(ax, "a", 30, 50)
    dot(ax, "b", 34, 30)
    label(ax, "a", "about 600 [5]", (30, 50))
    label(ax, "b", "at least 3,000 [6]", (34, 30))
    assert_clean(fig)


def test_frame_texts_overlap_too():
    fig, _ = chart()
    fig.text(0.5, 0.93, "NIS: about 11,000 troops", ha="center", fontsize=9)
    sub = fig.text(0.5, 0.94, "Troops per wave, as reported", ha="center", fontsize=8)
    assert [m.split(" (")[0] for m in said(fig, "text-overlap")] == [
        "text 'NIS: about 11,000 troops' overlaps text 'Troops per wave, as reported'"
    ]
    sub.set_y(0.87)
    assert_clean(fig)


def test_tick_labels_count_only_inside_the_view_and_empty_texts_not_at_all():
    fig, ax = chart(ticks=True)
    ax.set_xticks([0, 50, 100, 101])
    ax.set_xticklabels(["0", "50", "100", "100 too"])
    ax.set_xlim(0, 100)  # the tick at 101 is out of view: matplotlib keeps its label but does not draw it
    ax.text(50, 50, "", fontsize=20)
    ax.set_title(" ")
    assert_clean(fig)
    ax.set_xlim(0, 101)
    assert [m.split(" (")[0] for m in said(fig, "text-overlap")] == ["text '100' overlaps text '100 too'"]


# --- label-on-mark ------------------------------------------------------------------------------------------


def test_label_on_another_series_line_but_not_on_a_gridline_or_its_own_line():
    fig, ax = chart()
    dot(ax, "a", 30, 50)
    label(ax, "a", "about 600 [5]", (30, 50))
    (line,) = ax.plot([0, 100], [53, 53], lw=1.5, gid="line:killed-nis")
    assert said(fig, "label-on-mark") == ["label 'about 600 [5]' touches line 'line:killed-nis'"]

    line.set_gid("bg:grid")
    assert_clean(fig)
    line.set_gid("line:a")
    assert_clean(fig)
    line.set_gid("mark:b")  # another key's mark (a series line): off limits like its line
    assert said(fig, "label-on-mark") == ["label 'about 600 [5]' touches mark 'mark:b'"]
    line.set_gid(None)  # drawn data that nobody declared belongs to nothing: keep off it
    assert said(fig, "label-on-mark") == ["label 'about 600 [5]' touches Line2D without a gid"]


@pytest.mark.parametrize("gap_pt, touches", [(1.0, True), (2.0, False)])
def test_a_line_is_tested_as_a_segment_at_its_width_not_as_its_bounding_box(gap_pt, touches):
    """A diagonal passing gap_pt from the label's top-left corner: its bounding box covers part of the
    label, but only the line itself counts (1.5 pt wide, so half of it reaches 0.75 pt; pad 0.5 pt)."""
    fig, ax = chart()
    dot(ax, "a", 30, 50)
    label(ax, "a", "about 600 [5]", (30, 50))
    x0, _, _, y1 = describe(fig)["texts"][0]["box"]
    k = y1 - x0 + gap_pt * np.sqrt(2)  # y = x + k runs gap_pt above-left of the corner (x0, y1)
    ax.plot([x0 - 30, x0 + 30], [x0 - 30 + k, x0 + 30 + k], lw=1.5, transform=IdentityTransform(), gid="line:b")
    expected = ["label 'about 600 [5]' touches line 'line:b'"] if touches else []
    assert said(fig, "label-on-mark") == expected


def test_label_on_another_keys_bar_or_dot_but_inside_its_own_bar():
    fig, ax = chart()
    (bar,) = ax.bar([50], [80], width=30)
    bar.set_gid("mark:wave1")
    inside = label(ax, "wave1", "11,000", (50, 40), offset=(0, 0), ha="center", va="center", color="white")
    assert_clean(fig)
    inside.set_gid("label:wave2")
    dot(ax, "wave2", 90, 10)
    assert "label '11,000' touches mark 'mark:wave1'" in said(fig, "label-on-mark")

    fig, ax = chart()
    ax.scatter([30, 36], [50, 52], s=36).set_gid("mark:nis")
    dot(ax, "gur", 80, 20)
    gur = label(ax, "gur", "about 12,000", (30, 50), offset=(-20, -3))  # its words run over the NIS dots
    assert said(fig, "label-on-mark") == ["label 'about 12,000' touches mark 'mark:nis'"]
    gur.xy, gur.xyann = (80, 20), (-30, 6)  # above its own dot, clear of the NIS dots
    assert_clean(fig)


@pytest.mark.parametrize("style", [{}, {"fill": False, "hatch": "//"}], ids=["solid", "hatched"])
def test_a_planned_hatched_bar_is_as_solid_as_a_deployed_one(style):
    fig, ax = chart()
    ax.bar([50], [80], width=30, gid="mark:planned", **style)
    dot(ax, "sent", 90, 10)
    t = label(ax, "sent", "6,000 sent", (50, 40), offset=(0, 0), ha="center", va="center")
    assert said(fig, "label-on-mark") == ["label '6,000 sent' touches mark 'mark:planned'"]
    t.xy, t.xyann = (90, 10), (0, 6)
    t.set_verticalalignment("bottom")
    assert_clean(fig)


def test_label_covering_its_own_marker_centre_but_it_may_touch_its_edge():
    fig, ax = chart()
    dot(ax, "a", 30, 50)
    label(ax, "a", "about 600", (30, 50), offset=(-3, -3))
    assert said(fig, "label-on-mark") == ["label 'about 600' covers the centre of its own mark 'mark:a'"]

    fig, ax = chart()
    dot(ax, "a", 30, 50)
    label(ax, "a", "about 600", (30, 50), offset=(2, 2))  # on the marker's rim, clear of its centre
    assert_clean(fig)


def test_a_frame_text_owns_nothing_and_an_annotation_owns_its_arrow():
    fig, ax = chart()
    ax.plot([0, 100], [50, 50], gid="line:sent")
    note = ax.text(40, 49, "data as of 21 Feb 2026", fontsize=7)
    assert said(fig, "label-on-mark") == ["text 'data as of 21 Feb 2026' touches line 'line:sent'"]
    note.set_y(30)
    ax.annotate("thousands more", (80, 90), xytext=(30, 70), fontsize=7, arrowprops={"arrowstyle": "->"})
    ax.annotate("", (10, 60), xytext=(90, 60), arrowprops={"arrowstyle": "<->"}, gid="bg:span")
    assert_clean(fig)


def test_label_on_a_legend():
    fig, ax = chart()
    ax.plot([0, 10], [0, 10], label="sent", gid="bg:legend-sample")
    ax.legend(loc="upper left", fontsize=8)
    dot(ax, "a", 2, 90)
    label(ax, "a", "about 600", (2, 90), offset=(6, -8))
    assert said(fig, "label-on-mark") == ["label 'about 600' sits on the legend"]
    ax.get_legend().set_loc("lower right")
    assert_clean(fig)


# --- leader-ends --------------------------------------------------------------------------------------------


def test_leader_ending_on_the_wrong_mark():
    fig, ax = chart()
    dot(ax, "a", 30, 50)
    dot(ax, "b", 60, 50)
    label(ax, "a", "about 600", (60, 50), offset=(-50, 30), **LEADER)  # drawn to b's point
    assert said(fig, "leader-ends") == ["leader 'leader:a' ends on mark 'mark:b', 65.6 pt from its own mark 'mark:a'"]

    fig, ax = chart()
    dot(ax, "a", 30, 50)
    dot(ax, "b", 60, 50)
    label(ax, "a", "about 600", (30, 50), offset=(20, 30), **LEADER)
    assert_clean(fig)


@pytest.mark.parametrize("offset", [(20, 30), (-50, 30), (30, -25), (-40, -30), (0, 30), (45, 0)])
def test_leader_must_start_on_its_label_which_matplotlib_defaults_do_not(offset):
    def drawn(**kw) -> Figure:
        fig, ax = chart()
        dot(ax, "a", 50, 50)
        label(ax, "a", "about 600", (50, 50), offset=offset, ha="center", va="center", **kw)
        return fig

    found = said(drawn(arrowprops={"arrowstyle": "-"}), "leader-ends")
    assert len(found) == 1 and found[0].startswith("leader 'leader:a' starts ")
    assert found[0].endswith(" pt from its label 'about 600'") and 2 < pt(found[0]) < 5

    from_centre = {"arrowstyle": "-", "patchA": None, "shrinkA": 0, "shrinkB": 0}  # struck through the words
    found = said(drawn(arrowprops=from_centre), "leader-ends")
    assert len(found) == 1 and re.fullmatch(r"leader 'leader:a' runs [\d.]+ pt into its label 'about 600'", found[0])

    assert_clean(drawn(**LEADER))


def test_a_drawn_leader_line_and_a_leader_without_its_label_or_mark():
    fig, ax = chart()
    dot(ax, "a", 30, 50)
    t = label(ax, "a", "about 600", (30, 50), offset=(20, 30))
    fig.draw_without_rendering()
    x0, y0 = ax.transData.transform((30, 50))
    box = t.get_window_extent()
    ax.plot([x0 + 3.5, box.x0, box.x0], [y0, y0, box.y0], lw=0.6, transform=IdentityTransform(), gid="leader:a")
    assert_clean(fig)
    stray = FancyArrowPatch((10, 10), (20, 20), gid="leader:z")
    ax.add_patch(stray)
    assert said(fig, "leader-ends") == [
        "leader 'leader:z' has no label 'label:z'",
        "leader 'leader:z' has no mark 'mark:z'",
    ]


def test_leader_running_through_another_bar_or_across_another_label():
    fig, ax = chart()
    for i, (x, h) in enumerate([(20, 40), (40, 60), (60, 30)]):
        ax.bar([x], [h], width=12)[0].set_gid(f"mark:bar{i}")
    first = label(ax, "bar0", "first wave", (20, 40), offset=(60, 60), **LEADER)
    assert said(fig, "leader-ends") == ["leader 'leader:bar0' runs through mark 'mark:bar1'"]
    first.set_position((0, 30))  # straight up from its own bar, clear of the others
    first.set_horizontalalignment("center")
    assert_clean(fig)

    ax.text(20, 48, "note", fontsize=7, ha="center", va="center")  # between the bar and its label
    assert said(fig, "leader-ends") == ["leader 'leader:bar0' crosses text 'note'"]


# --- clipped ------------------------------------------------------------------------------------------------


def test_marker_half_cut_at_the_axes_edge():
    fig, ax = chart()
    dot(ax, "a", 0, 50)  # x = 0 at xlim 0: the vertex is on the edge, half the marker is cut away
    label(ax, "a", "about 600", (0, 50))
    assert said(fig, "clipped") == ["mark 'mark:a' is cut by the edge of its axes (3.5 pt past it)"]

    fig, ax = chart()
    dot(ax, "a", 0, 50).set_clip_on(False)
    label(ax, "a", "about 600", (0, 50))
    assert said(fig, "clipped") == ["mark 'mark:a' runs outside its axes (3.5 pt past it)"]

    fig, ax = chart()
    dot(ax, "a", 2, 50)  # 4.6 pt in: the whole marker shows
    label(ax, "a", "about 600", (2, 50))
    assert_clean(fig)


def test_a_range_bar_or_a_bar_cut_by_the_axes():
    fig, ax = chart()
    (rng,) = ax.plot([40, 40], [30, 110], lw=4, solid_capstyle="butt", gid="mark:range")
    label(ax, "range", "10,000 to 12,000", (40, 60), offset=(5, 0), va="center")
    assert said(fig, "clipped") == ["mark 'mark:range' is cut by the edge of its axes (17.3 pt past it)"]
    rng.set_ydata([30, 100])  # a butt end at the edge is not past it
    assert_clean(fig)


def test_label_running_off_the_figure_or_out_of_its_axes():
    fig, ax = chart()
    dot(ax, "a", 95, 50)
    t = label(ax, "a", "about 11,000 in Kursk", (95, 50))
    found = said(fig, "clipped")
    assert len(found) == 1 and re.fullmatch(r"label 'about 11,000 in Kursk' runs [\d.]+ pt off the figure", found[0])
    assert 40 < pt(found[0]) < 70

    t.set_position((-6, 4))
    t.set_horizontalalignment("right")
    assert_clean(fig)
    t.set_position((-6, 90))  # above the plot, still on the page
    assert said(fig, "clipped") == ["label 'about 11,000 in Kursk' runs 12.5 pt outside its axes"]


def test_label_whose_point_is_off_the_axes_is_not_drawn():
    fig, ax = chart()
    dot(ax, "a", 50, 50)
    t = label(ax, "a", "about 600", (50, 120), offset=(0, -100))  # matplotlib drops an annotation of a hidden point
    assert said(fig, "clipped") == ["label 'about 600' is not drawn: the point it labels is outside its axes"]
    t.xy, t.xyann = (50, 50), (6, 4)
    assert_clean(fig)


# --- far-from-mark ------------------------------------------------------------------------------------------


def test_label_40_pt_from_its_dot_without_a_leader():
    fig, ax = chart()
    dot(ax, "a", 30, 50)  # 6 pt marker with a 1 pt edge: 3.5 pt radius
    label(ax, "a", "about 600", (30, 50), offset=(43.5, 0), va="center")
    assert said(fig, "far-from-mark") == [
        "label 'about 600' is 40.0 pt from its mark 'mark:a', with no leader (at most 18 pt)"
    ]
    assert said(fig, "far-from-mark", max_gap_pt=45) == []

    fig, ax = chart()  # the same place with a leader is allowed
    dot(ax, "a", 30, 50)
    label(ax, "a", "about 600", (30, 50), offset=(43.5, 0), va="center", **LEADER)
    assert_clean(fig)

    fig, ax = chart()  # 10 pt away without one is near enough
    dot(ax, "a", 30, 50)
    label(ax, "a", "about 600", (30, 50), offset=(13.5, 0), va="center")
    assert_clean(fig)


def test_a_label_needs_its_mark():
    fig, ax = chart()
    dot(ax, "b", 30, 50)
    label(ax, "a", "about 600", (30, 50))
    assert said(fig, "far-from-mark") == ["label 'about 600' has no mark 'mark:a'"]
    dot(ax, "a", 30, 50)  # the dot the label was written for, drawn over b's
    assert said(fig, "far-from-mark") == []


# --- small-type ---------------------------------------------------------------------------------------------


def test_five_point_type():
    fig, ax = chart()
    dot(ax, "a", 30, 50)
    t = label(ax, "a", "about 600", (30, 50), size=5)
    source = fig.text(0.01, 0.01, "Source: NIS", fontsize=6.5)
    assert said(fig, "small-type") == [
        "label 'about 600' is set in 5 pt type (at least 7 pt)",
        "text 'Source: NIS' is set in 6.5 pt type (at least 7 pt)",
    ]
    assert said(fig, "small-type", min_pt=5) == []
    t.set_fontsize(7)
    source.set_fontsize(7)
    assert_clean(fig)


# --- the report ---------------------------------------------------------------------------------------------


def test_problems_read_as_sentences_and_assert_clean_lists_them_all():
    fig, ax = chart()
    dot(ax, "a", 30, 50)
    dot(ax, "b", 34, 50)
    label(ax, "a", "about 600 [5]", (30, 50), size=5)
    label(ax, "b", "at least 3,000 [6]", (34, 50), offset=(6, 8), size=5)
    found = problems(fig)
    assert found[0] == Problem(
        "text-overlap",
        "label 'about 600 [5]'",
        "label 'at least 3,000 [6]'",
        found[0].detail,
    )
    assert str(found[0]).startswith("label 'about 600 [5]' overlaps label 'at least 3,000 [6]' (")
    with pytest.raises(AssertionError) as caught:
        assert_clean(fig)
    message = str(caught.value)
    assert message.startswith(f"{len(found)} placement problem(s):")
    for p in found:
        assert f"  {p.rule}: {p}" in message


def busy_chart(n: int = 80) -> tuple[Figure, list]:
    """80 labelled dots on a grid over four 500-vertex series lines kept out of their way: a busy chart."""
    fig = Figure(figsize=(8, 6), dpi=72)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.08, 0.08, 0.88, 0.84))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.grid(True)
    for gridline in ax.get_xgridlines() + ax.get_ygridlines():
        gridline.set_gid("bg:grid")
    x = np.linspace(0, 100, 500)
    for k in range(4):
        ax.plot(x, 3 + 25 * k + 1.5 * np.sin(x / 3 + k), lw=1, gid=f"line:series{k}")
    labels = []
    for i in range(n):
        px, py = 4 + 12 * (i % 8), 8 + 25 * (i // 8 // 3) + 7 * (i // 8 % 3)
        dot(ax, f"p{i}", px, py, ms=5)
        labels.append(label(ax, f"p{i}", f"{i * 37:,} [{i}]", (px, py), offset=(5, -4), size=7))
    ax.set_title("NIS: a busy chart", fontsize=9)
    return fig, labels


def test_a_busy_chart_passes_and_one_moved_label_is_found():
    fig, labels = busy_chart()
    assert len(fig.axes[0].get_lines()) == 84
    assert_clean(fig)
    labels[9].xyann = (-60, -4)  # onto its left-hand neighbour's label and dot
    found = problems(fig)
    assert [str(p).split(" (")[0] for p in found if p.rule == "text-overlap"] == [
        "label '296 [8]' overlaps label '333 [9]'"
    ]
    assert "label '333 [9]' touches mark 'mark:p8'" in [str(p) for p in found]
