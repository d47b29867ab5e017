"""Killed, wounded and total casualties, each report a mark at the date it was made, against the troops sent."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from troopledger.charts import attach, style
from troopledger.charts.frame import Frame, text_width_pt
from troopledger.charts.labels import Placer
from troopledger.charts.marks import ONE_DAY, draw_value, month_axis, month_start, x
from troopledger.charts.notes import Footnotes, day
from troopledger.ledger import Ledger
from troopledger.story import anchor, of, sent_placed, total, waves
from troopledger.story.headlines import casualties_title as _title
from troopledger.story.wording import covers, phrase, sentence

MEASURES = ["killed", "wounded", "casualties"]
COLORS = {"killed": style.KILLED, "wounded": style.WOUNDED, "casualties": style.CASUALTIES}
NAMES = {"killed": "killed", "wounded": "wounded", "casualties": "casualties (killed and wounded)"}
SHAPES = ["o", "s", "D", "^", "v", "P", "X", "*"]
SAME_REPORT_DAYS = 14
SPOTS = [
    (5, 3, "left", "bottom"),
    (5, -3, "left", "top"),
    (-5, 3, "right", "bottom"),
    (-5, -3, "right", "top"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
    (12, 16, "left", "bottom", True),
    (12, -16, "left", "top", True),
    (-12, 16, "right", "bottom", True),
    (-12, -16, "right", "top", True),
    (0, 26, "center", "bottom", True),
    (0, -26, "center", "top", True),
]  # one originator's same number, reported within two weeks, is one briefing


def _reports(claims: pd.DataFrame) -> list[pd.DataFrame]:
    """One group per distinct report: the same number from the same originator for the same troops,
    carried by several outlets within two weeks, is one mark citing them all."""
    claims = claims.sort_values(["as_of", "claim_id"])
    groups: list[pd.DataFrame] = []
    keys: list[tuple] = []
    for _, c in claims.iterrows():
        key = (c["measure"], c["_who"], c["qualifier"] == "vague", anchor(c), str(c["wave"]), str(c["unit"]))
        for i, k in enumerate(keys):
            if k == key and (c["as_of"] - groups[i]["as_of"].iloc[0]).days <= SAME_REPORT_DAYS:
                groups[i] = pd.concat([groups[i], c.to_frame().T])
                break
        else:
            keys.append(key)
            groups.append(c.to_frame().T)
    return groups


SUBTITLE = (
    "Each report of the killed, the wounded and both together, at the date the claim was made, by who asserted it. "
    "Open marks with arrows are floors or ceilings, dotted arrows vague words; grey, the troops sent. Log scale."
)


def casualties_chart(ledger: Ledger, size: style.Size = style.DEFAULT_SIZE, compact: bool = False) -> Figure:
    story = of(ledger)
    notes = Footnotes(ledger, compact=compact)
    claims = ledger.claims[ledger.claims["measure"].isin(MEASURES) & ledger.claims["as_of"].notna()].copy()
    claims["_who"] = claims["originator"].fillna("not attributed")
    originators = list(claims["_who"].value_counts(sort=False).sort_values(ascending=False, kind="stable").index)
    shapes = {o: SHAPES[i % len(SHAPES)] for i, o in enumerate(originators)}
    groups = sorted(_reports(claims), key=lambda g: (g["as_of"].iloc[0], MEASURES.index(g["measure"].iloc[0])))
    marks = [notes.mark(list(g["claim_id"])) for g in groups]
    sent = sent_placed(waves(story))
    sum_mark = notes.mark([], f"Troops sent: our running sum of the waves, {total(sent)} in all")
    title = _title(story)
    entries = [NAMES[m] for m in MEASURES] + originators
    frame = Frame(size, title, SUBTITLE, notes.lines(), 3.9, fixed_in=_legend_in(size, size.width_in, entries))
    axes_width_in = frame.plot_width_in - frame.value_axis_in - 0.15  # the legend starts at the axes' left edge
    ncol = _legend_columns(size, axes_width_in, entries)
    legend_in = _legend_in(size, axes_width_in, entries)
    ax = frame.fig.add_axes(frame.axes_area(frame.value_axis_in, bottom_in=frame.tick_row_in + legend_in))
    start = month_start(claims["as_of"].min() - pd.Timedelta(days=40))
    end = month_start(claims["as_of"].max() + pd.Timedelta(days=75))
    month_axis(ax, start, end, size)
    values = [anchor(g.iloc[0]) for g in groups]
    top, bottom = max([total(sent).value, *values]) * 3.0, min(values) / 2.5
    ax.set_yscale("log")
    ax.set_ylim(bottom, top)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.yaxis.set_minor_formatter(lambda v, _: "")
    ax.tick_params(axis="y", labelsize=size.tick_pt)
    ax.grid(axis="y", color=style.GRID, lw=0.6)
    ax.set_ylabel("people (log scale)", fontsize=size.tick_pt)
    placer = Placer(ax, min_pt=size.min_label_pt)
    _troops_sent(ax, placer, sent, start, end, sum_mark, size)
    _trend_lines(ax, claims)
    for g in groups:
        c = g.iloc[0]
        px, py = x(c["as_of"]), anchor(c)
        span = py * (3.0 if c["qualifier"] == "vague" else 0.45)
        draw_value(ax, px, py, c, COLORS[c["measure"]], horizontal=False, span=span, marker=shapes[c["_who"]])
        placer.block(px, py)
    for g, m in zip(groups, marks, strict=True):
        c = g.iloc[0]
        part = covers(c)
        label = f"{phrase(c)}{m}" + (f" ({part} only)" if part else "")
        placer.text(
            x(c["as_of"]),
            anchor(c),
            label,
            candidates=SPOTS,
            fontsize=size.label_pt,
            color=COLORS[c["measure"]],
            weight="bold",
        )
    _legend(ax, originators, shapes, size, ncol)
    caption = (
        f"{title}. Each mark is one report, placed at the date the claim was made; "
        "outlets carrying the same report share a mark."
    )
    alt = _alt(groups, start, end, total(sent))
    return attach(frame.fig, notes, slug="casualties", title=title, subtitle=SUBTITLE, caption=caption, alt=alt)


def _troops_sent(ax, placer: Placer, sent, start, end, mark: str, size: style.Size) -> None:
    """The running sum of the waves sent, for scale: a step at the end of each part's period."""
    running, xs, ys = 0, [x(start)], [ax.get_ylim()[0]]
    for p in sent:
        running += anchor(p.claim)
        xs += [x(p.end + ONE_DAY)] * 2
        ys += [ys[-1], running]
    xs.append(x(end))
    ys.append(running)
    ax.plot(xs, ys, color="#aaaaaa", lw=1.4, zorder=1)
    placer.block_line(xs, ys)
    placer.text(
        x(end),
        running,
        f"troops sent, our sum: {total(sent)}{mark}",
        candidates=[(-3, 3, "right", "bottom"), (-3, -3, "right", "top")],
        fontsize=size.label_pt,
        color=style.MUTED,
    )


def _trend_lines(ax, claims: pd.DataFrame) -> None:
    """Thin lines join one originator's successive reports of one total, to show the trend."""
    whole = claims[claims["wave"].isna() & claims["unit"].isna() & claims["caveat"].isna()]
    for (measure, _who), g in whole.groupby(["measure", "_who"], sort=False):
        g = g.sort_values("as_of").drop_duplicates(["as_of"])
        if len(g) > 1 and (g["qualifier"] != "vague").all():
            ax.plot(
                [x(t) for t in g["as_of"]],
                [anchor(r) for _, r in g.iterrows()],
                color=COLORS[measure],
                lw=0.7,
                ls=(0, (1, 1.5)),
                zorder=2,
            )


def _legend_columns(size: style.Size, width_in: float, entries: list[str]) -> int:
    """As many legend columns (up to 3) as the width holds, each measured on its own widest entry.

    Entries fill the columns top to bottom, as matplotlib lays them out.
    """
    handle = 2.0 * size.tick_pt + 0.4 * size.tick_pt  # the mark and the pad after it
    gap = 1.2 * size.tick_pt
    for ncol in (3, 2):
        rows = -(-len(entries) // ncol)
        columns = [entries[k : k + rows] for k in range(0, len(entries), rows)]
        width = sum(max(text_width_pt(e, size.tick_pt) for e in c) + handle for c in columns)
        if (width + gap * (len(columns) - 1)) / 72 <= width_in:
            return ncol
    return 1


def _legend_in(size: style.Size, width_in: float, entries: list[str]) -> float:
    rows = -(-len(entries) // _legend_columns(size, width_in, entries))
    return rows * size.tick_pt * 1.45 / 72 + 0.15


def _legend(ax, originators: list[str], shapes: dict[str, str], size: style.Size, ncol: int) -> None:
    handles = [Patch(color=COLORS[m], label=NAMES[m]) for m in MEASURES]
    handles += [
        ax.plot([], [], marker=shapes[o], ls="none", mfc="white", mec=style.INK, label=o)[0] for o in originators
    ]
    below = -(2.6 * size.tick_pt * style.LINE / 72 + 0.1) / (ax.get_position().height * ax.figure.get_figheight())
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0, below),
        fontsize=size.tick_pt,
        frameon=False,
        ncol=ncol,
        borderaxespad=0,
        handletextpad=0.4,
        columnspacing=1.2,
    )


def _alt(groups: list[pd.DataFrame], start, end, sent) -> str:
    parts = [f"Dot chart of reported casualties by the date each claim was made, {start:%B %Y} to {end:%B %Y}"]
    for g in groups:
        c = g.iloc[0]
        part = covers(c)
        what = NAMES[c["measure"]] + (f" among the {part}" if part else "")
        parts.append(f"{c['_who']}, as of {day(c['as_of'])}: {phrase(c)} {what}")
    parts.append(f"A grey line shows the troops sent, our sum of the waves, reaching {sent}")
    return " ".join(sentence(p) for p in parts)
