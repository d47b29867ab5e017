"""The deployment waves as stock and flow: troops sent, planned and returned per wave; the running total
sent (our sum) against the troops reported in Russia and the casualties.

The context events (treaty, briefings, visits) are a table in notebook 02, not a strip on this chart: at a
page's height their legend took a third of the figure and squeezed the numbers the chart is for.

Everything drawn is chosen by story.Story from the whole ledger, so a new report changes the picture,
its title and its alt text without a code change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from troopledger.charts import attach, style
from troopledger.charts.frame import Frame
from troopledger.charts.labels import Placer
from troopledger.charts.marks import ONE_DAY, draw_value, month_axis, month_start, value_axis, x
from troopledger.charts.notes import Footnotes, blank, day
from troopledger.ledger import Ledger
from troopledger.story import Placed, Quantity, Story, Total, Wave, anchor, latest_series, of, sent_placed, total, waves
from troopledger.story.wording import phrase, sentence

MIN_BAR_DAYS = 9  # a day-precise bar is drawn at least this wide, or it would vanish


@dataclass
class Scene:
    """What the chart draws, chosen from the ledger before any drawing starts."""

    story: Story
    waves: list[Wave]
    plans: list[Placed]  # planned troops that name no wave ("thousands more")
    sent: list[Placed]  # the terms of the running total, in time order
    sum_sent: Total
    running_reported: pd.Series | None  # a reported running total that confirms a step of ours
    present: pd.DataFrame  # reports of troops there at a date (all troops, any place)
    present_lead: pd.Series | None
    casualties: pd.DataFrame  # the lead originator's casualty reports, oldest first
    start: pd.Timestamp
    end: pd.Timestamp


def _scene(ledger: Ledger) -> Scene:
    story = of(ledger)
    ws = waves(story)
    plans = [p for q in story.quantities("troops_planned") if not q.wave and not q.to_date if (p := story.placed(q))]
    plans = [p for p in plans if p.start is not None]
    sent = sent_placed(ws)
    present = story.claims(Quantity("troops_present", to_date=True))
    present = present[present["as_of"].notna()].sort_values(["as_of", "claim_id"])
    # One mark per distinct report: the same number for the same place on the same day is one point.
    keys = [
        tuple(str(c[k]) for k in ("originator", "as_of", "qualifier", "low", "best", "high", "place"))
        for _, c in present.iterrows()
    ]
    twins: dict[tuple, list[str]] = {}
    for key, cid in zip(keys, present["claim_id"], strict=True):
        twins.setdefault(key, []).append(cid)
    first = [i for i, key in enumerate(keys) if twins[key][0] == present["claim_id"].iloc[i]]
    present = present.iloc[first].assign(_ids=[twins[keys[i]] for i in first])
    casualties = latest_series(story, Quantity("casualties", to_date=True))
    drawn = [p for w in ws for p in (*w.sent, w.planned, *w.returned) if p is not None and p.start is not None]
    starts = [p.start for p in drawn + plans]
    ends = [p.end for p in drawn + plans] + list(present["as_of"])
    ends += list(casualties["as_of"])
    start = month_start(min(starts) - pd.Timedelta(days=20))
    end = month_start(max(ends) + pd.Timedelta(days=130))
    return Scene(
        story,
        ws,
        plans,
        sent,
        total(sent),
        story.lead(Quantity("troops_sent", to_date=True)),
        present,
        story.lead(Quantity("troops_present", to_date=True)),
        casualties,
        start,
        end,
    )


def _where(place: object) -> str:
    text = "" if blank(place) else str(place)
    if not text:
        return ""
    return f" {text}" if text.split(" ")[0] in ("near", "in", "at", "along", "inside") else f" in {text}"


def _title(scene: Scene) -> str:
    """The finding, attributed: who says how many are there now, against what we sum as sent."""
    n = sum(1 for w in scene.waves if w.sent)
    sent = f"{scene.sum_sent} sent in {n} wave{'s' * (n != 1)} (our sum)"
    lead = scene.present_lead
    if lead is None:
        return f"North Korean troops in Russia: {sent}"
    who = lead["originator"] if not blank(lead["originator"]) else "Unattributed report"
    when = f" as of {pd.Timestamp(lead['as_of']):%b %Y}" if not blank(lead["as_of"]) else ""
    return f"{who}: {phrase(lead)} North Korean troops{_where(lead['place'])}{when}, of {sent}"


SUBTITLE = (
    "Top: troops per wave at the period reported (sent solid, planned hatched, returned below the line). "
    "Middle: our running sum of those sent, against the troops and the casualties reported."
)


def waves_chart(ledger: Ledger, size: style.Size = style.DEFAULT_SIZE, compact: bool = False) -> Figure:
    """The waves as stock and flow: the flows per wave above, the running sum and the reports below."""
    scene = _scene(ledger)
    notes = Footnotes(ledger, compact=compact)
    flow_marks = _flow_marks(scene, notes)
    stock_marks = _stock_marks(scene, notes, flow_marks)
    title = _title(scene)
    subtitle = SUBTITLE
    heights = (2.05, 2.5)
    frame = Frame(size, title, subtitle, notes.lines(), math.fsum(heights) + 0.55)
    axes = _panels(frame, heights)
    for ax in axes:
        month_axis(ax, scene.start, scene.end, size)
    axes[0].tick_params(axis="x", labelbottom=False)
    _draw_flows(axes[0], scene, flow_marks, size)
    _draw_stock(axes[1], scene, stock_marks, size)
    caption = (
        f"{title}. Bars sit at the period each wave was reported for; planned troops are hatched, returns hang "
        "below the line. The running total ramps across each period because the day troops moved is not known."
    )
    return attach(
        frame.fig, notes, slug="deployment-waves", title=title, subtitle=subtitle, caption=caption, alt=_alt(scene)
    )


def _panels(frame: Frame, heights: tuple[float, float]) -> list[Axes]:
    """The two panels sharing the time axis, spaced for the type size."""
    left_in = frame.value_axis_in
    left, width = left_in / frame.size.width_in, (frame.plot_width_in - left_in - 0.15) / frame.size.width_in
    gap = max(0.14, frame.size.tick_pt * 1.4 / 72)
    bottom_in = frame.foot_in + frame.tick_row_in
    scale = (frame.plot_in - frame.tick_row_in - gap) / math.fsum(heights)
    axes: list[Axes] = []
    for h in reversed(heights):
        rect = (left, bottom_in / frame.height_in, width, h * scale / frame.height_in)
        axes.insert(0, frame.fig.add_axes(rect, sharex=axes[0] if axes else None))
        bottom_in += h * scale + gap
    return axes


# --------------------------------------------------------------------------- flows


def _flow_marks(scene: Scene, notes: Footnotes) -> dict[str, str]:
    """One footnote per drawn flow, keyed by claim id; a borrowed date says whose it is."""
    marks: dict[str, str] = {}
    flows = [(w, "sent", p) for w in scene.waves for p in w.sent]
    flows += [(w, "planned", w.planned) for w in scene.waves if w.planned is not None]
    flows += [(w, "returned", p) for w in scene.waves for p in w.returned]
    for w, status, p in flows + [(None, "planned", p) for p in scene.plans]:
        if p.start is None or p.claim["claim_id"] in marks:
            continue
        extra = brief = ""
        if p.dated_by is not None:
            extra = (
                f"{p.claim['claim_id']} gives no date; it is drawn at the period {p.dated_by['claim_id']} gives: "
                f"{p.dated_by['period_as_reported']}"
            )
            wave = f", wave {w.number}" if w is not None else ""
            brief = (
                f"{phrase(p.claim)} {_unit(p) or 'troops '}({status}{wave}) is dated by another report: "
                f"{p.dated_by['period_as_reported']}"
            )
        marks[p.claim["claim_id"]] = notes.mark(p.claim_ids, extra, brief)
    return marks


def _bar_x(p: Placed) -> tuple[float, float]:
    x0, x1 = x(p.start), x(p.end + ONE_DAY)
    if x1 - x0 < MIN_BAR_DAYS:
        mid = (x0 + x1) / 2
        x0, x1 = mid - MIN_BAR_DAYS / 2, mid + MIN_BAR_DAYS / 2
    return x0, x1


def _draw_flows(ax: Axes, scene: Scene, marks: dict[str, str], size: style.Size) -> None:
    values = [anchor(p.claim) for w in scene.waves for p in (*w.sent, w.planned) if p and p.start is not None]
    back = [anchor(p.claim) for w in scene.waves for p in w.returned if p.start is not None]
    top = max(values + [1]) * 1.5
    ax.set_ylim(-max(back) * 3.4 if back else 0, top)
    value_axis(ax, size, "troops per wave")
    ax.axhline(0, color="#999999", lw=0.8)
    placer = Placer(ax, min_pt=size.min_label_pt)
    for w in scene.waves:
        if w.planned and w.planned.start is not None:
            x0, x1 = _bar_x(w.planned)
            bar = Rectangle(
                (x0, 0),
                x1 - x0,
                anchor(w.planned.claim),
                facecolor="white",
                edgecolor=style.PLANNED,
                hatch="////",
                lw=1.2,
                ls="--",
                zorder=2,
            )
            placer.block_artist(ax.add_patch(bar))
        for p, sign, color in [(p, 1, style.SENT) for p in w.sent] + [(p, -1, style.RETURNED) for p in w.returned]:
            if p.start is not None:
                x0, x1 = _bar_x(p)
                bar = Rectangle((x0, 0), x1 - x0, sign * anchor(p.claim), color=color, lw=0, zorder=3)
                placer.block_artist(ax.add_patch(bar))
    for p in scene.plans:
        _draw_plan(ax, placer, p, top)
    for w in scene.waves:
        _label_wave(placer, w, marks, size.label_pt)
    for p in scene.plans:  # before the parts: a vague plan's words have few places to go, a part's bar many
        c = p.claim
        placer.text(
            x(p.start),
            anchor(c) + top * 0.2,
            f"{phrase(c)} planned,\n{c['period_as_reported']}{marks[c['claim_id']]}",
            candidates=PLAN_SPOTS,
            fontsize=size.label_pt * 0.95,
            color=style.VAGUE,
            style="italic",
            linespacing=1.05,
        )
    for w in scene.waves:
        _label_parts(placer, w, marks, size.label_pt)


PLAN_SPOTS = [
    (-4, 0, "right", "top"),
    (-4, 0, "right", "bottom"),
    (0, 4, "center", "bottom"),
    (-24, 24, "right", "bottom", True),
    (-10, 40, "right", "bottom", True),
]
HEAD_SPOTS = [
    (0, 3, "center", "bottom"),
    (-12, 3, "center", "bottom"),
    (12, 3, "center", "bottom"),
    (0, 30, "center", "bottom", True),
]
PART_SPOTS = [
    (3, 0, "left", "center"),
    (-3, 0, "right", "center"),
    (-20, 38, "right", "bottom", True),
    (20, 38, "left", "bottom", True),
    (-30, 62, "right", "bottom", True),
]
TOP_SPOTS = [  # from the top of a bar another bar hides in part
    (0, 3, "center", "bottom"),
    (-24, 20, "right", "bottom", True),
    (24, 20, "left", "bottom", True),
    (-30, 40, "right", "bottom", True),
    (-40, 8, "right", "center", True),
]
RETURN_SPOTS = [(0, -3, "center", "top"), (4, -3, "left", "top"), (-4, -3, "right", "top")]


def _unit(p: Placed) -> str:
    return "" if blank(p.claim["unit"]) else f"{p.claim['unit']} "


def _label_wave(placer: Placer, w: Wave, marks: dict[str, str], pt: float) -> None:
    """Wave name and size above its bars (the size only when one report gives the whole wave)."""
    drawn = [p for p in w.sent if p.start is not None]
    planned = w.planned if w.planned and w.planned.start is not None else None
    spans = [_bar_x(p) for p in drawn + ([planned] if planned else [])]
    if not spans:
        return
    center = (min(a for a, _ in spans) + max(b for _, b in spans)) / 2
    head = [f"wave {w.number}"]
    if drawn and not w.sent_by_parts:
        head.append(f"{phrase(drawn[0].claim)}{marks[drawn[0].claim['claim_id']]}")
    if planned:
        head.append(f"{phrase(planned.claim)} planned{marks[planned.claim['claim_id']]}")
    height = max(anchor(p.claim) for p in drawn + ([planned] if planned else []))
    placer.text(
        center,
        height,
        "\n".join(head),
        candidates=HEAD_SPOTS,
        fontsize=pt,
        weight="bold",
        color=style.INK,
        linespacing=1.1,
    )


def _label_parts(placer: Placer, w: Wave, marks: dict[str, str], pt: float) -> None:
    """Parts of a wave are named beside their bars, or above one a neighbour hides; returns under theirs."""
    if w.sent_by_parts:
        for p in sorted((p for p in w.sent if p.start is not None), key=lambda p: p.start):
            x0, x1 = _bar_x(p)
            since = f"\nsince {p.start:%b %Y}" if p.open_end else ""
            label = f"{_unit(p)}{phrase(p.claim)}{marks[p.claim['claim_id']]}{since}"
            kw = {"fontsize": pt, "color": style.SENT, "weight": "bold", "linespacing": 1.05}
            beside = placer.text(x1, anchor(p.claim) / 2, label, candidates=PART_SPOTS, fallback=False, **kw)
            if beside is None:
                placer.text((x0 + x1) / 2, anchor(p.claim), label, candidates=TOP_SPOTS, **kw)
    for p in w.returned:
        if p.start is not None:
            x0, x1 = _bar_x(p)
            label = f"{phrase(p.claim)}{marks[p.claim['claim_id']]} {_unit(p)}returned"
            placer.text(
                (x0 + x1) / 2,
                -anchor(p.claim),
                label,
                candidates=RETURN_SPOTS,
                fontsize=pt,
                color=style.RETURNED,
                weight="bold",
            )


def _draw_plan(ax: Axes, placer: Placer, p: Placed, top: float) -> None:
    """Planned troops that name no wave: vague words as an open arrow, a number as a dotted outline."""
    c = p.claim
    if c["qualifier"] == "vague":
        draw_value(ax, x(p.start), anchor(c), c, style.VAGUE, horizontal=False, span=anchor(c) + top * 0.2)
        placer.block_line([x(p.start)] * 2, [anchor(c), anchor(c) + top * 0.2])
    else:
        x0, x1 = _bar_x(p)
        bar = Rectangle(
            (x0, 0), x1 - x0, anchor(c), facecolor="none", edgecolor=style.PLANNED, hatch="..", lw=1, ls=":", zorder=2
        )
        placer.block_artist(ax.add_patch(bar))


# --------------------------------------------------------------------------- stock


def _stock_marks(scene: Scene, notes: Footnotes, flow_marks: dict[str, str]) -> dict[str, str]:
    marks = {}
    terms = " + ".join(f"{phrase(p.claim)}{notes.ref(flow_marks[p.claim['claim_id']])}" for p in scene.sent)
    marks["sum"] = notes.mark([], f"Our sum of the waves sent, not a reported figure: {terms} = {scene.sum_sent}")

    rep = scene.running_reported
    if rep is not None and _step_after(scene, anchor(rep)) is not None:
        marks["reported"] = notes.mark(
            [rep["claim_id"]], "A reported running total; it matches our sum at that point", ""
        )
    for _, c in scene.present.iterrows():
        marker = notes.mark(list(c["_ids"]))
        marks.update(dict.fromkeys(c["_ids"], marker))
    if len(scene.casualties):
        marks["casualties"] = notes.mark(list(scene.casualties["claim_id"]))
    gap = _gap(scene)
    if gap is not None:
        lead = scene.present_lead
        marks["gap"] = notes.mark(
            [],
            f"Our subtraction, not a reported figure: {scene.sum_sent} sent{notes.ref(marks['sum'])} less "
            f"{phrase(lead)} there{notes.ref(marks[lead['claim_id']])} = {gap}",
        )
    return marks


def _gap(scene: Scene) -> Total | None:
    """Sent (our sum) less the lead report of troops there: the gap the reader should see, as a Total."""
    lead = scene.present_lead
    if lead is None or blank(lead["as_of"]) or anchor(lead) >= scene.sum_sent.value:
        return None
    hedge = "about " if scene.sum_sent.hedge or lead["qualifier"] != "exact" else ""
    if "at least" in scene.sum_sent.hedge or lead["qualifier"] not in ("exact", "approximately"):
        hedge = "roughly "
    return Total(scene.sum_sent.value - anchor(lead), hedge, (*scene.sum_sent.parts, lead["claim_id"]))


def _draw_stock(ax: Axes, scene: Scene, marks: dict[str, str], size: style.Size) -> None:
    """Our running sum of the waves sent, the reports of troops there, the casualties, and the gap."""
    pt = size.label_pt
    top = max([scene.sum_sent.value] + [anchor(c) for _, c in scene.present.iterrows()]) * 1.35
    ax.set_ylim(0, top)
    value_axis(ax, size, "troops")
    placer = Placer(ax, min_pt=size.min_label_pt)
    xs, ys, running = [x(scene.start)], [0.0], 0
    for p in scene.sent:
        xs += [x(p.start), x(p.end + ONE_DAY)]
        ys += [running, running + anchor(p.claim)]
        running += anchor(p.claim)
    xs.append(x(scene.end))
    ys.append(running)
    ax.plot(xs, ys, color=style.SENT, lw=1.6, zorder=3)
    placer.block_line(xs, ys)
    series = scene.casualties
    for _, c in series.iterrows():
        draw_value(ax, x(c["as_of"]), anchor(c), c, style.CASUALTIES, horizontal=False, span=top * 0.08, size=4)
        placer.block(x(c["as_of"]), anchor(c))
    if len(series) > 1:
        cas = [x(t) for t in series["as_of"]], [anchor(c) for _, c in series.iterrows()]
        ax.plot(*cas, color=style.CASUALTIES, lw=0.9, ls=(0, (1, 1.5)), zorder=2)
        placer.block_line(*cas, 1.5)
    for _, c in scene.present.iterrows():
        draw_value(
            ax, x(c["as_of"]), anchor(c), c, style.PRESENT, horizontal=False, span=top * 0.08, marker="D", size=4.5
        )
        placer.block(x(c["as_of"]), anchor(c))
    sum_spots = [(-2, 3, "right", "bottom"), (-2, -3, "right", "top")]
    label = f"{scene.sum_sent} sent (our sum){marks['sum']}"
    placer.text(xs[-1], running, label, candidates=sum_spots, fontsize=pt, color=style.SENT, weight="bold")
    if "reported" in marks:
        p = _step_after(scene, anchor(scene.running_reported))
        label = f"{phrase(scene.running_reported)} reported{marks['reported']}"
        spots = [(4, 3, "left", "bottom"), (4, -3, "left", "top")]
        placer.text(x(p.end + ONE_DAY), _running_at(scene, p), label, candidates=spots, fontsize=pt, color=style.SENT)
    _draw_gap(ax, placer, scene, marks, pt)
    _label_present(placer, scene, marks, pt)
    _label_casualties(placer, series, marks, pt)


def _draw_gap(ax: Axes, placer: Placer, scene: Scene, marks: dict[str, str], pt: float) -> None:
    """A bracket from the troops reported there up to our sum of those sent, with its size."""
    gap = _gap(scene)
    if gap is None:
        return
    gx = x(scene.present_lead["as_of"]) + 30
    low, high = anchor(scene.present_lead), scene.sum_sent.value
    bracket = {"arrowstyle": "|-|,widthA=0.3,widthB=0.3", "color": style.INK, "lw": 0.8}
    ax.annotate("", xy=(gx, high), xytext=(gx, low), arrowprops=bracket)
    placer.block_line([gx, gx], [low, high])
    label = f"gap: {gap}\n(our subtraction){marks['gap']}"
    spots = [(4, 0, "left", "center"), (-4, 0, "right", "center")]
    placer.text(gx, (low + high) / 2, label, candidates=spots, fontsize=pt * 0.95, color=style.INK, linespacing=1.0)


def _label_casualties(placer: Placer, series: pd.DataFrame, marks: dict[str, str], pt: float) -> None:
    """The series is named at its first report and its latest value given at its last."""
    if series.empty:
        return
    first, last = series.iloc[0], series.iloc[-1]
    who = last["originator"] if not blank(last["originator"]) else "not attributed"
    name = f"killed and wounded ({who}){marks['casualties']}"
    style_ = {"candidates": LABEL_SPOTS, "fontsize": pt * 0.95, "color": style.CASUALTIES}
    if len(series) > 1:
        placer.text(x(first["as_of"]), anchor(first), f"{name}: {phrase(first)}", **style_)
        placer.text(x(last["as_of"]), anchor(last), phrase(last), **style_)
    else:
        placer.text(x(last["as_of"]), anchor(last), f"{name}: {phrase(last)}", **style_)


LABEL_SPOTS = [
    (5, -3, "left", "top"),
    (5, 3, "left", "bottom"),
    (-5, -3, "right", "top"),
    (-5, 3, "right", "bottom"),
    (0, -8, "center", "top"),
    (0, 8, "center", "bottom"),
    (-14, -16, "right", "top", True),
    (14, -16, "left", "top", True),
    (-20, -30, "right", "top", True),
]


def _label_present(placer: Placer, scene: Scene, marks: dict[str, str], pt: float) -> None:
    """Each report of the troops there at a date, labelled with who says so and where.

    Reports made within a fortnight of each other share one label, a line each, so neighbours never
    fight for room; the newest are placed first (they have the empty space to their right).
    """
    rows = sorted((c for _, c in scene.present.iterrows() if blank(c["unit"])), key=lambda c: c["as_of"])
    clusters: list[list[pd.Series]] = []
    for c in rows:
        if clusters and (c["as_of"] - clusters[-1][0]["as_of"]).days <= 14:
            clusters[-1].append(c)
        else:
            clusters.append([c])
    for group in reversed(clusters):
        group = sorted(group, key=lambda c: -anchor(c))
        lines = []
        for c in group:
            who = c["originator"] if not blank(c["originator"]) else "not attributed"
            lines.append(f"{phrase(c)}{_where(c['place'])} ({who}){marks[c['claim_id']]}")
        gx = math.fsum(x(c["as_of"]) for c in group) / len(group)  # fsum: the same on every Python
        gy = math.fsum(anchor(c) for c in group) / len(group)
        placer.text(
            gx, gy, "\n".join(lines), candidates=PRESENT_SPOTS, fontsize=pt * 0.95, color=style.PRESENT, linespacing=1.0
        )


PRESENT_SPOTS = [
    (5, 3, "left", "bottom"),
    (5, -3, "left", "top"),
    (-5, 3, "right", "bottom"),
    (-5, -3, "right", "top"),
    (12, 16, "left", "bottom", True),
    (12, -16, "left", "top", True),
    (-14, 16, "right", "bottom", True),
    (-14, -16, "right", "top", True),
    (-20, 28, "right", "bottom", True),
    (-20, -28, "right", "top", True),
]


def _step_after(scene: Scene, value: int) -> Placed | None:
    """The wave part after which our running total equals `value`, if any."""
    running = 0
    for p in scene.sent:
        running += anchor(p.claim)
        if running == value:
            return p
    return None


def _running_at(scene: Scene, upto: Placed) -> int:
    running = 0
    for p in scene.sent:
        running += anchor(p.claim)
        if p is upto:
            break
    return running


# --------------------------------------------------------------------------- words


def _alt(scene: Scene) -> str:
    """The chart in sentences, for screen readers: every number drawn, with what it counts."""
    parts = [
        f"Chart of North Korean troops sent to Russia, on a time axis from {scene.start:%B %Y} to {scene.end:%B %Y}"
    ]
    for w in scene.waves:
        for p in sorted((p for p in w.sent if p.start is not None), key=lambda p: p.start):
            who = "troops" if blank(p.claim["unit"]) else str(p.claim["unit"])
            parts.append(f"wave {w.number}: {phrase(p.claim)} {who} sent {p.when()}")
        if w.planned and w.planned.start is not None:
            parts.append(f"wave {w.number}: {phrase(w.planned.claim)} troops planned {w.planned.when()}")
        for p in (p for p in w.returned if p.start is not None):
            who = "troops" if blank(p.claim["unit"]) else str(p.claim["unit"])
            parts.append(f"wave {w.number}: {phrase(p.claim)} {who} returned {p.when()}")
    for p in scene.plans:
        c = p.claim
        parts.append(f"{c['as_reported']} troops planned, {c['period_as_reported']}, drawn as an open range")
    parts.append(f"the running total sent, our sum of the waves, reaches {scene.sum_sent}")
    for _, c in scene.present.iterrows():
        if blank(c["unit"]):
            who = c["originator"] if not blank(c["originator"]) else "an unattributed report"
            parts.append(f"{who} reported {phrase(c)} troops{_where(c['place'])} as of {day(c['as_of'])}")
    if len(scene.casualties):
        last = scene.casualties.iloc[-1]
        parts.append(f"{last['originator']} reported {phrase(last)} killed and wounded as of {day(last['as_of'])}")
    return " ".join(sentence(p) for p in parts)


__all__ = ["waves_chart"]
