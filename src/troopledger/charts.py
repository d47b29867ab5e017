"""One function per chart: ledger in, matplotlib Figure out. No file is read or written here.

Each figure carries a ChartInfo (title, caption, alt text, the claims it draws) so that the export
and the figures README describe exactly what was drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import matplotlib.dates as mdates
import pandas as pd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from . import style
from .ledger import Ledger
from .notes import Footnotes, day
from .tables import (
    MEASURE_LABELS,
    QUESTIONS,
    Question,
    deployment_waves,
    id_order,
    primary_source_id,
    question,
    question_claims,
)

ONE_DAY = pd.Timedelta(days=1)


@dataclass
class ChartInfo:
    """What a reader of the exported file needs besides the picture."""

    slug: str
    title: str
    subtitle: str
    caption: str
    alt: str
    footnotes: list[str]
    claim_ids: list[str]
    source_ids: list[str]
    event_ids: list[str] = field(default_factory=list)


def info(fig: Figure) -> ChartInfo:
    """The ChartInfo a chart function attached to its figure."""
    return fig._troopledger_info  # type: ignore[attr-defined]


def phrase(c: pd.Series) -> str:
    """A claim's number, worded by its qualifier: 'about 1,000', 'at least 3,000', 'thousands'."""
    q = c["qualifier"]
    if q == "vague":
        return f"“{c['as_reported']}”"
    if q == "range":
        return f"{_big(c['low'])}–{_big(c['high'])}"
    words = {
        "approximately": "about ",
        "nearly": "nearly ",
        "at_most": "up to ",
        "at_least": "at least ",
        "more_than": "more than ",
    }
    return words.get(q, "") + _big(anchor(c))


def _big(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000} million"
    return f"{n:,}"


def anchor(c: pd.Series) -> int:
    """Where a claim is drawn: its best value, else its floor, else its ceiling."""
    for col in ("best", "low", "high"):
        if not pd.isna(c[col]):
            return int(c[col])
    raise ValueError(f"{c['claim_id']} has no number")


def _attach(
    fig: Figure,
    slug: str,
    title: str,
    subtitle: str,
    caption: str,
    alt: str,
    notes: Footnotes,
    event_ids: list[str] | None = None,
) -> Figure:
    """Attach what the export needs to describe the chart, taking the sources from its footnotes."""
    fig._troopledger_info = ChartInfo(  # type: ignore[attr-defined]
        slug, title, subtitle, caption, alt, notes.lines(), notes.claim_ids(), notes.source_ids(), event_ids or []
    )
    return fig


def _month_axis(ax: Axes, start: pd.Timestamp, end: pd.Timestamp) -> None:
    ax.set_xlim(mdates.date2num(start), mdates.date2num(end))
    ax.xaxis.set_major_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: _month_label(mdates.num2date(x), start)))
    ax.tick_params(axis="x", labelsize=6.5, length=2)


def _month_label(d, start: pd.Timestamp) -> str:
    # The year goes under January, and under the first month unless a January follows right after.
    first = d.year == start.year and d.month == start.month and d.month < 12
    return f"{d:%b}\n{d.year}" if d.month == 1 or first else f"{d:%b}"


def _x(ts: pd.Timestamp) -> float:
    return float(mdates.date2num(ts))


def _mark_value(
    ax: Axes,
    x: float,
    y: float,
    c: pd.Series,
    color: str,
    *,
    horizontal: bool,
    span: float,
    marker: str = "o",
    size: float = 5,
) -> None:
    """Draw one reported value honestly: a point, a bounded range, or an open-ended floor or ceiling."""
    q = c["qualifier"]
    filled = q in ("exact", "approximately")
    face = color if filled else "white"
    if q == "range":
        lo, hi = float(c["low"]), float(c["high"])
        if horizontal:
            ax.plot([lo, hi], [y, y], color=color, lw=3, solid_capstyle="butt", zorder=3)
        else:
            ax.plot([x, x], [lo, hi], color=color, lw=3, solid_capstyle="butt", zorder=3)
        return
    if q == "vague":
        # Vague words are an open range from their floor: never a point, never a bar.
        ax.annotate(
            "",
            xy=(span, y) if horizontal else (x, span),
            xytext=(x, y),
            arrowprops={"arrowstyle": "->", "color": color, "lw": 1.2, "linestyle": (0, (2, 2))},
        )
        ax.plot([x], [y], marker=marker, ms=size, mfc="white", mec=color, mew=1.2, zorder=4)
        return
    ax.plot([x], [y], marker=marker, ms=size, mfc=face, mec=color, mew=1.2, zorder=4, linestyle="none")
    direction = {"at_least": 1, "more_than": 1, "nearly": -1, "at_most": -1}.get(q)
    if direction:
        # A floor or ceiling: a short arrow shows which way the true value lies.
        tip = (x + direction * span, y) if horizontal else (x, y + direction * span)
        ax.annotate("", xy=tip, xytext=(x, y), arrowprops={"arrowstyle": "->", "color": color, "lw": 1}, zorder=3)


# --------------------------------------------------------------------------- waves over time


def _context_events(ledger: Ledger) -> pd.DataFrame:
    ev = ledger.events
    return ev[ev["same_as"].isna() & ev["date_start"].notna()].sort_values(["date_start", "event_id"])


def waves_chart(ledger: Ledger) -> Figure:
    """The deployment waves on a time axis, the running total, and the context events."""
    with rc_context(style.RC):
        return _waves_chart(ledger)


def _waves_chart(ledger: Ledger) -> Figure:
    notes = Footnotes(ledger)
    waves = deployment_waves(ledger)
    claims = ledger.claims
    primary = primary_source_id(ledger)
    sent = [w for w in waves if not w.planned]
    planned = [w for w in waves if w.planned]
    events = _context_events(ledger)
    start = min([w.start for w in waves] + list(events["date_start"])) - pd.Timedelta(days=20)
    start = pd.Timestamp(start.year, start.month, 1)
    end_candidates = (
        [w.end for w in waves]
        + list(events["date_start"])
        + list(claims.loc[claims["measure"] == "troops_arrived", "as_of"])
    )
    end = max(end_candidates) + pd.Timedelta(days=80)
    end = pd.Timestamp(end.year, end.month, 1)

    wave_marks = {}
    for w in waves:
        ids = [w.claim["claim_id"]] + ([w.dated_by["claim_id"]] if w.dated_by is not None else [])
        extra = ""
        if w.dated_by is not None:
            extra = (
                f"The primary article gives no date; {w.dated_by['claim_id']} gives {w.dated_by['period_as_reported']}"
            )
        wave_marks[w.number] = notes.mark(ids, extra)

    # The latest arrival report per planned wave, and the primary's vague plans, one mark each.
    arrivals = claims[(claims["measure"] == "troops_arrived") & claims["wave"].isin([w.number for w in planned])]
    arrivals = arrivals.sort_values(["as_of", "claim_id"], ascending=[False, True], key=id_order)
    arrivals = arrivals.drop_duplicates("wave")
    vague = claims[
        (claims["source_id"] == primary)
        & (claims["measure"] == "troops_planned")
        & (claims["qualifier"] == "vague")
        & claims["period_start"].notna()
    ].drop_duplicates(["as_reported", "period_start"])

    total_sent = sum(w.value for w in sent)
    total_planned = sum(w.value for w in planned)
    title = (
        f"North Korea has sent {total_sent:,} troops to Russia in {len(sent)} waves, "
        f"and {total_planned:,} more are planned"
    )
    subtitle = (
        "Troops per deployment wave, placed at the period reported (bar width = how precisely it is dated); "
        "running total; context events. Solid = sent, hatched/dashed = planned."
    )

    # Running total: ramps across each wave's span, because when in the span they moved is unknown.
    steps = []
    running = 0
    for w in waves:
        steps.append((w, running, running + w.value))
        running += w.value
    cumulative = claims[
        (claims["measure"] == "troops_sent") & (claims["scope"] == "cumulative") & claims["wave"].isna()
    ]
    total_marks = {}
    for i, (w, _, after) in enumerate(steps):
        if i == 0:
            total_marks[i] = wave_marks[w.number]
            continue
        parts = [s[0] for s in steps[: i + 1]]
        sum_text = " + ".join(f"{p.value:,}{' planned' if p.planned else ''} ({wave_marks[p.number]})" for p in parts)
        reported = cumulative[cumulative["best"] == after]
        if not w.planned and not reported.empty:
            total_marks[i] = notes.mark(list(reported["claim_id"]), f"Also {sum_text}")
        else:
            total_marks[i] = notes.mark([], f"{after:,} is computed, not reported: {sum_text}")

    event_letters = {e["event_id"]: notes.event(e) for _, e in events.iterrows()}
    arrival_marks = {c["claim_id"]: notes.mark([c["claim_id"]]) for _, c in arrivals.iterrows()}
    vague_marks = {c["claim_id"]: notes.mark([c["claim_id"]]) for _, c in vague.iterrows()}

    footer = notes.lines() + [
        "Other reports give other sizes and months for the waves: see the disagreement charts. " + notes.source_line()
    ]
    fig, area = style.framed(5.2, title, subtitle, footer)
    left, width = 0.09, 0.88
    bottom, height = area[1] + 0.045, area[3] - 0.045
    gaps = 0.02
    h_events = height * 0.17
    h_total = height * 0.33
    h_waves = height - h_events - h_total - 2 * gaps
    ax_w = fig.add_axes((left, bottom + h_events + h_total + 2 * gaps, width, h_waves))
    ax_t = fig.add_axes((left, bottom + h_events + gaps, width, h_total), sharex=ax_w)
    ax_e = fig.add_axes((left, bottom, width, h_events), sharex=ax_w)
    for ax in (ax_w, ax_t, ax_e):
        _month_axis(ax, start, end)
        for _, e in events.iterrows():
            ax.axvline(_x(e["date_start"]), color=style.EVENT, lw=0.5, ls=(0, (1, 2)), zorder=0)
    for ax in (ax_w, ax_t):
        ax.tick_params(axis="x", labelbottom=False)
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
        ax.tick_params(axis="y", labelsize=6.5)
        ax.grid(axis="y", color="#e6e6e6", lw=0.6)
        ax.set_axisbelow(True)

    # (a) troops per wave
    top = max(w.value for w in waves) * 1.3
    ax_w.set_ylim(0, top)
    ax_w.set_ylabel("troops per wave", fontsize=7)
    for w in waves:
        x0, x1 = _x(w.start), _x(w.end + ONE_DAY)
        color = style.PLANNED if w.planned else style.SENT
        ax_w.add_patch(
            Rectangle(
                (x0, 0),
                x1 - x0,
                w.value,
                facecolor="white" if w.planned else color,
                edgecolor=color,
                hatch="////" if w.planned else None,
                lw=1.2,
                ls="--" if w.planned else "-",
                zorder=2,
            )
        )
        label = f"{w.value:,}{' planned' if w.planned else ''}{wave_marks[w.number]}"
        ax_w.text(
            (x0 + x1) / 2,
            w.value + top * 0.02,
            f"wave {w.number}\n{label}",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=style.INK,
            weight="bold",
            linespacing=1.1,
        )
    for _, c in arrivals.iterrows():
        w = next(w for w in planned if w.number == c["wave"])
        x0, x1 = _x(w.start), _x(c["as_of"])
        ax_w.add_patch(
            Rectangle((x0, 0), x1 - x0, anchor(c), facecolor=style.ARRIVED, edgecolor=style.ARRIVED, zorder=3)
        )
        ax_w.text(
            x0 + 6,
            anchor(c) + top * 0.03,
            f"{phrase(c)} arrived{arrival_marks[c['claim_id']]}\nby {day(c['as_of'])}",
            fontsize=6.5,
            color=style.ARRIVED,
            va="bottom",
            ha="left",
            weight="bold",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
    for _, c in vague.iterrows():
        x = _x(c["period_start"])
        # Vague is drawn in its own ink, so the open arrow is not read as an edge of the planned bar.
        _mark_value(ax_w, x, anchor(c), c, style.VAGUE, horizontal=False, span=anchor(c) + top * 0.22)
        ax_w.text(
            x - 4,
            anchor(c),
            f"{phrase(c)} planned,\n{c['period_as_reported']}{vague_marks[c['claim_id']]}  ",
            fontsize=6.5,
            color=style.VAGUE,
            ha="right",
            va="bottom",
            style="italic",
        )

    # (b) running total
    ttop = running * 1.3
    ax_t.set_ylim(0, ttop)
    ax_t.set_ylabel("running total", fontsize=7)
    ax_t.plot([_x(start), _x(steps[0][0].start)], [0, 0], color=style.SENT, lw=1.6)
    for i, (w, before, after) in enumerate(steps):
        x0, x1 = _x(w.start), _x(w.end + ONE_DAY)
        color = style.PLANNED if w.planned else style.SENT
        ax_t.axvspan(x0, x1, color=color, alpha=0.10, lw=0)
        ax_t.plot([x0, x1], [before, after], color=color, lw=1.6, ls="--" if w.planned else "-")
        if i + 1 < len(steps):  # flat until the next wave starts
            nxt = _x(steps[i + 1][0].start)
            ax_t.plot([x1, nxt], [after, after], color=color, lw=1.6, ls="--" if w.planned else "-")
        ax_t.plot([x1], [after], marker="o", ms=4, mfc="white" if w.planned else color, mec=color, zorder=4)
        words = f"{after:,}{' if the planned troops go' if w.planned else ''}{total_marks[i]}"
        ax_t.text(
            x1 - 3 if w.planned else x1 + 3,
            after + ttop * 0.05,
            words,
            fontsize=7,
            weight="bold",
            color=color,
            ha="right" if w.planned else "left",
            va="bottom",
        )

    # (c) events
    ax_e.set_ylim(-0.6, 3.2)
    ax_e.set_yticks([])
    ax_e.spines["left"].set_visible(False)
    ax_e.set_ylabel("events", fontsize=7)
    for i, (_, e) in enumerate(events.iterrows()):
        level = i % 3
        x0 = _x(e["date_start"])
        x1 = _x(e["date_end"] + ONE_DAY) if not pd.isna(e["date_end"]) else x0
        ax_e.plot([x0, max(x1, x0 + 1)], [level, level], color=style.INK, lw=3, solid_capstyle="butt")
        ax_e.plot([x0], [level], marker="o", ms=3.5, color=style.INK)
        ax_e.text(
            x0,
            level + 0.35,
            event_letters[e["event_id"]],
            fontsize=7,
            weight="bold",
            ha="center",
            va="bottom",
            color=style.INK,
        )

    alt_parts = [
        f"wave {w.number}: {w.value:,} troops {'planned for' if w.planned else 'sent in'} "
        f"{period_words(w.start, w.end)}"
        for w in waves
    ]
    alt = (
        "Bar chart on a time axis from "
        + f"{start:%B %Y} to {end:%B %Y}. "
        + "; ".join(alt_parts)
        + f". Running total rises to {running:,} if the planned wave goes."
        + "".join(f" {phrase(c)} of the planned wave had arrived by {day(c['as_of'])}." for _, c in arrivals.iterrows())
        + "".join(f" A vague {phrase(c)} more are planned from {c['period_as_reported']}." for _, c in vague.iterrows())
        + f" {len(events)} context events are marked."
    )
    caption = (
        f"{title}. Bars sit at the period each wave was reported for; planned troops are hatched. "
        "The running total ramps across each wave's period because the day troops moved is not known."
    )
    return _attach(fig, "deployment-waves", title, subtitle, caption, alt, notes, list(event_letters))


def period_words(start: pd.Timestamp, end: pd.Timestamp) -> str:
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%B %Y}"
    return f"{start:%B} to {end:%B %Y}" if start.year == end.year else f"{start:%B %Y} to {end:%B %Y}"


# --------------------------------------------------------------------------- casualties

CASUALTY_MEASURES = ["killed", "wounded", "casualties"]
CASUALTY_COLORS = {"killed": style.KILLED, "wounded": style.WOUNDED, "casualties": style.CASUALTIES}
ORIGINATOR_MARKERS = ["o", "s", "D", "^", "v", "P"]


def casualties_chart(ledger: Ledger) -> Figure:
    """Killed, wounded and total casualties by date of report, against the troops sent."""
    with rc_context(style.RC):
        return _casualties_chart(ledger)


def _casualties_chart(ledger: Ledger) -> Figure:
    notes = Footnotes(ledger)
    claims = ledger.claims[ledger.claims["measure"].isin(CASUALTY_MEASURES)].copy()
    claims["_originator"] = claims["originator"].fillna("not attributed")
    originators = list(claims["_originator"].value_counts(sort=False).sort_values(ascending=False, kind="stable").index)
    shapes = {o: ORIGINATOR_MARKERS[i % len(ORIGINATOR_MARKERS)] for i, o in enumerate(originators)}
    # One mark per distinct report: the same value from the same originator on the same day, however
    # many outlets carried it, is one point citing all of them.
    keys = ["measure", "as_of", "_originator", "qualifier", "low", "best", "high"]
    groups = [g for _, g in claims.groupby(keys, dropna=False, sort=False)]
    groups.sort(key=lambda g: (g["as_of"].iloc[0], CASUALTY_MEASURES.index(g["measure"].iloc[0])))

    waves = [w for w in deployment_waves(ledger) if not w.planned]
    killed = claims[claims["measure"] == "killed"]
    lead = killed["_originator"].value_counts().index[0] if not killed.empty else None
    series = killed[killed["_originator"] == lead].sort_values("as_of")
    first, last = series.iloc[0], series.iloc[-1]
    verb = "rose" if anchor(last) > anchor(first) else "went"
    title = (
        f"{lead}'s count of North Korean troops killed {verb} from {phrase(first)} "
        f"({first['as_of']:%b %Y}) to {phrase(last)} ({last['as_of']:%b %Y})"
    )
    subtitle = (
        "Killed, wounded and total casualties as reported, by date of report and by who asserted them; "
        "open marks with arrows are floors or ceilings, dotted arrows are vague words. Grey: troops sent. Log scale."
    )
    marks = [notes.mark(list(g["claim_id"])) for g in groups]
    troop_marks = [
        notes.mark([w.claim["claim_id"]] + ([w.dated_by["claim_id"]] if w.dated_by is not None else [])) for w in waves
    ]
    footer = notes.lines() + [notes.source_line()]
    fig, area = style.framed(3.6, title, subtitle, footer)
    ax = fig.add_axes((0.09, area[1] + 0.06, 0.88, area[3] - 0.07))
    start = claims["as_of"].min() - pd.Timedelta(days=40)
    start = pd.Timestamp(start.year, start.month, 1)
    end = claims["as_of"].max() + pd.Timedelta(days=50)
    end = pd.Timestamp(end.year, end.month, 1)
    _month_axis(ax, start, end)
    # Log scale: reports run from about a hundred to tens of thousands, and each must stay legible.
    top = max(sum(w.value for w in waves), max(anchor(g.iloc[0]) for g in groups)) * 2.2
    bottom = min(anchor(g.iloc[0]) for g in groups) / 2
    ax.set_yscale("log")
    ax.set_ylim(bottom, top)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.yaxis.set_minor_formatter(lambda v, _: "")
    ax.tick_params(axis="y", labelsize=6.5)
    ax.grid(axis="y", color="#e6e6e6", lw=0.6)
    ax.set_axisbelow(True)
    ax.set_ylabel("people", fontsize=7)

    # Troops sent, for scale: a step at the end of each wave's reported period.
    running, xs, ys = 0, [_x(start)], [bottom]
    for w, m in zip(waves, troop_marks, strict=True):
        running += w.value
        xs += [_x(w.end + ONE_DAY), _x(w.end + ONE_DAY)]
        ys += [ys[-1], running]
        ax.text(
            max(_x(w.end + ONE_DAY), _x(start)) + 3,
            running * 1.08,
            f"troops sent: {running:,}{m}",
            fontsize=6.5,
            color=style.MUTED,
            va="bottom",
        )
    xs.append(_x(end))
    ys.append(running)
    ax.plot(xs, ys, color="#aaaaaa", lw=1.4, drawstyle="default", zorder=1)

    # Thin lines join one originator's successive reports of one measure, to show the trend.
    for (measure, _orig), g in claims.groupby(["measure", "_originator"], sort=False):
        g = g.sort_values("as_of").drop_duplicates(["as_of"])
        if len(g) > 1 and (g["qualifier"] != "vague").all():
            ax.plot(
                [_x(t) for t in g["as_of"]],
                [anchor(r) for _, r in g.iterrows()],
                color=CASUALTY_COLORS[measure],
                lw=0.7,
                ls=(0, (1, 1.5)),
                zorder=2,
            )
    for g, m in zip(groups, marks, strict=True):
        c = g.iloc[0]
        x, y = _x(c["as_of"]), anchor(c)
        color = CASUALTY_COLORS[c["measure"]]
        # On a log axis a fixed factor is a fixed distance, so arrows and labels scale by ratio.
        _mark_value(
            ax,
            x,
            y,
            c,
            color,
            horizontal=False,
            span=y * (3.5 if c["qualifier"] == "vague" else 0.45),
            marker=shapes[c["_originator"]],
        )
        near_right = x > _x(end) - 40
        down = c["qualifier"] in ("nearly", "at_most")
        if near_right:  # label under the point, so it cannot run off the chart
            ax.text(x, y * 0.85, f"{phrase(c)}{m}", fontsize=6.5, color=color, va="top", ha="right", weight="bold")
        else:
            ax.text(
                x + 5,
                y * (0.93 if down else 1.07),
                f"{phrase(c)}{m}",
                fontsize=6.5,
                color=color,
                va="top" if down else "bottom",
                ha="left",
                weight="bold",
            )
    handles = [Patch(color=CASUALTY_COLORS[m], label=MEASURE_LABELS[m]) for m in CASUALTY_MEASURES]
    handles += [
        ax.plot([], [], marker=shapes[o], ls="none", mfc="white", mec=style.INK, label=o)[0] for o in originators
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=6.5, frameon=False, ncol=2)
    alt = (
        f"Dot chart by date of report, {start:%B %Y} to {end:%B %Y}: "
        + "; ".join(
            f"{day(g.iloc[0]['as_of'])}, {g.iloc[0]['_originator']}: {phrase(g.iloc[0])} {g.iloc[0]['measure']}"
            for g in groups
        )
        + f". A grey line shows troops sent, {running:,} after {len(waves)} waves."
    )
    caption = (
        f"{title}. Each mark is one report, placed at the date it was made; "
        "several outlets carrying the same report share a mark."
    )
    return _attach(fig, "casualties", title, subtitle, caption, alt, notes)


# --------------------------------------------------------------------------- disagreements


def disagreement_chart(ledger: Ledger, slug: str) -> Figure:
    """Every source's value for one contested quantity, side by side; the primary article highlighted."""
    with rc_context(style.RC):
        return _disagreement_chart(ledger, question(slug))


def _disagreement_title(q: Question, claims: pd.DataFrame) -> str:
    if q.axis == "time":
        periods = list(dict.fromkeys(claims["period_as_reported"]))
        return f"Reports disagree on the {q.label}: {len(claims)} reports give {len(periods)} different periods"
    values = sorted(claims.iterrows(), key=lambda r: (anchor(r[1]), r[1]["claim_id"]))
    lo, hi = values[0][1], values[-1][1]
    if {phrase(r) for _, r in values} == {phrase(lo)}:
        return f"All {len(claims)} reports of the {q.label} agree: {phrase(lo)}"
    return f"Reports of the {q.label} run from {phrase(lo)} to {phrase(hi)}"


def _disagreement_chart(ledger: Ledger, q: Question) -> Figure:
    notes = Footnotes(ledger)
    primary = primary_source_id(ledger)
    claims = question_claims(ledger, q)
    sources = ledger.sources.set_index("source_id")
    # One row per distinct report: the same figure entered twice for one source is one row citing both.
    same = [
        "source_id",
        "as_of",
        "as_reported",
        "qualifier",
        "low",
        "best",
        "high",
        "period_start",
        "period_end",
        "originator",
        "conduit",
    ]
    groups = [g for _, g in claims.groupby(same, dropna=False, sort=False)]
    claims = claims.loc[[g.index[0] for g in groups]]
    marks = [notes.mark(list(g["claim_id"])) for g in groups]
    title = _disagreement_title(q, claims)
    what = "the period each report gives" if q.axis == "time" else "the number each report gives"
    subtitle = (
        f"The {q.label}: {what}, one row per report, labelled with the outlet and the date the claim was made "
        "(oldest at the top). Primary article in red; "
        "open marks with arrows are floors or ceilings, dotted arrows are vague words. Reports are not averaged."
    )
    footer = notes.lines() + [notes.source_line()]
    n = len(claims)
    fig, area = style.framed(0.3 + 0.34 * n, title, subtitle, footer)
    ax = fig.add_axes((0.36, area[1] + 0.35 / fig.get_figheight(), 0.58, area[3] - 0.45 / fig.get_figheight()))
    ax.set_ylim(n - 0.5, -0.7)
    ax.set_yticks(range(n))
    labels = []
    for _, c in claims.iterrows():
        src = sources.loc[c["source_id"]]
        who = c["originator"] if not pd.isna(c["originator"]) else "not attributed"
        labels.append(f"{src['outlet']}, {day(c['as_of'])}\n{who}")
    ax.set_yticklabels(labels, fontsize=6.3, linespacing=1.05)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    for tick, (_, c) in zip(ax.get_yticklabels(), claims.iterrows(), strict=True):
        if c["source_id"] == primary:
            tick.set_color(style.PRIMARY)
            tick.set_fontweight("bold")
    ax.grid(axis="x", color="#e6e6e6", lw=0.6)
    ax.set_axisbelow(True)
    if q.axis == "time":
        start = claims["period_start"].min() - pd.Timedelta(days=20)
        end = claims["period_end"].max() + pd.Timedelta(days=130)
        _month_axis(ax, pd.Timestamp(start.year, start.month, 1), pd.Timestamp(end.year, end.month, 1))
        for i, ((_, c), m) in enumerate(zip(claims.iterrows(), marks, strict=True)):
            color = style.PRIMARY if c["source_id"] == primary else style.OTHER
            x0, x1 = _x(c["period_start"]), _x(c["period_end"] + ONE_DAY)
            ax.add_patch(Rectangle((x0, i - 0.22), x1 - x0, 0.44, color=color, alpha=0.85, lw=0))
            ax.text(x1 + 4, i, f"{c['period_as_reported']}{m}", fontsize=6.5, va="center", color=color)
        alt_values = [f"{c['period_as_reported']} ({phrase(c)})" for _, c in claims.iterrows()]
    else:
        vmax = max(float(c["high"]) if not pd.isna(c["high"]) else anchor(c) for _, c in claims.iterrows())
        right = vmax * 1.45
        ax.set_xlim(0, right)
        scale = 1_000_000 if vmax >= 1_000_000 else 1
        ax.xaxis.set_major_formatter(lambda v, _: f"{v / scale:,.0f} million" if scale > 1 else f"{v:,.0f}")
        ax.tick_params(axis="x", labelsize=6.5)
        for i, ((_, c), m) in enumerate(zip(claims.iterrows(), marks, strict=True)):
            color = style.PRIMARY if c["source_id"] == primary else style.OTHER
            x = anchor(c)
            _mark_value(
                ax, x, i, c, color, horizontal=True, span=right * 0.97 if c["qualifier"] == "vague" else right * 0.05
            )
            end_x = float(c["high"]) if c["qualifier"] == "range" else x
            offset = right * (0.07 if c["qualifier"] in ("at_least", "more_than") else 0.02)
            if c["qualifier"] == "vague":
                ax.text(
                    x,
                    i - 0.28,
                    f"{phrase(c)} (at least {_big(int(c['low']))}){m}",
                    fontsize=6.5,
                    color=color,
                    va="bottom",
                    ha="left",
                )
            else:
                ax.text(end_x + offset, i, f"{phrase(c)}{m}", fontsize=6.5, va="center", color=color)
        alt_values = [phrase(c) for _, c in claims.iterrows()]
    alt = (
        f"Dot chart of the {q.label}, one row per report: "
        + "; ".join(
            f"{sources.loc[c['source_id'], 'outlet']} ({day(c['as_of'])}): {v}"
            for (_, c), v in zip(claims.iterrows(), alt_values, strict=True)
        )
        + "."
    )
    caption = f"{title}. Every report is shown as given; none is averaged or dropped."
    return _attach(fig, f"disagreement-{q.slug}", title, subtitle, caption, alt, notes)


def chart_makers() -> list[Callable[[Ledger], Figure]]:
    """Every chart the bundle exports, in reading order, as functions of the ledger."""
    return [waves_chart, casualties_chart] + [partial(disagreement_chart, slug=q.slug) for q in QUESTIONS]


def all_charts(ledger: Ledger) -> list[Figure]:
    return [make(ledger) for make in chart_makers()]


__all__ = ["ChartInfo", "all_charts", "casualties_chart", "chart_makers", "disagreement_chart", "info", "waves_chart"]
