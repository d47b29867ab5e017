"""The deployment waves as stock and flow: troops sent, planned and returned per wave (top), and our running sum
of those sent against the numbers reported there at each date (bottom).

Bars have one width: a bar's size is its number, never the uncertainty of its date. Each bar stands at the
middle of the period reported for it, with that period drawn as a line across its top (across its foot, for
a return); bars that would touch are set side by side. Everything drawn is chosen by story.Story from the
whole ledger, so a new report changes the picture, its title and its alt text without a code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from troopledger.charts import Chart, attach, style
from troopledger.charts.frame import Frame
from troopledger.charts.labels import DOWN, UP, Placer, Spot, around, settle
from troopledger.charts.marks import (
    ONE_DAY,
    dot,
    floor_room,
    legend,
    month_axis,
    month_start,
    radius_pt,
    value,
    value_axis,
    x,
    zero_line,
)
from troopledger.charts.notes import Footnotes
from troopledger.ledger import Ledger
from troopledger.story.model import (
    PLANNED,
    PRESENT,
    RETURNED,
    SENT,
    Placed,
    Quantity,
    Story,
    Total,
    Wave,
    anchor,
    blank,
    data_as_of,
    difference,
    of,
    returns,
    sent_placed,
    text,
    total,
    waves,
    when,
)

SLUG = "deployment-waves"


@dataclass
class Flow:
    """One bar: a wave's troops sent (or a part of them), planned or returned."""

    placed: Placed
    status: str  # sent, planned, returned
    wave: int  # 0: no wave named
    key: str = ""
    marker: str = ""
    xc: float = 0.0  # where the bar stands, after bars that would touch are set apart

    @property
    def claim(self) -> pd.Series:
        return self.placed.claim


@dataclass
class Scene:
    """What the chart draws, chosen from the ledger before any drawing starts."""

    story: Story
    waves: list[Wave]
    flows: list[Flow]
    plans: list[Placed]  # planned troops that name no wave ("thousands more")
    sent: list[Placed]  # the terms of the running total, in time order
    sum_sent: Total
    reported: list[pd.Series]  # reported running totals of all troops sent
    present: list[list[pd.Series]]  # reports of troops there at a date, one group per distinct report
    present_lead: pd.Series | None
    start: pd.Timestamp
    end: pd.Timestamp
    as_of: pd.Timestamp


def _scene(ledger: Ledger) -> Scene:
    story = of(ledger)
    ws = waves(story)
    flows = [Flow(p, "sent", w.number) for w in ws for p in w.sent if p.start is not None]
    flows += [Flow(w.planned, "planned", w.number) for w in ws if w.planned is not None and w.planned.start is not None]
    flows += [Flow(p, "returned", _wave(p)) for p in returns(story) if p.start is not None]
    plans = [p for q in story.quantities(PLANNED) if not q.wave and not q.to_date if (p := story.placed(q))]
    plans = [p for p in plans if p.start is not None]
    sent = sent_placed(ws)
    reported = [
        g[0]
        for g in _distinct(
            [c for _, c in story.claims(Quantity(SENT, to_date=True)).iterrows() if not blank(c["as_of"])]
        )
    ]
    present_claims = story.claims(Quantity(PRESENT, to_date=True))
    present = _distinct([c for _, c in present_claims.iterrows() if when(c) is not None])
    as_of = data_as_of(ledger) or pd.Timestamp.today().normalize()
    starts = [f.placed.start for f in flows] + [p.start for p in plans]
    start = month_start(min(starts) - pd.Timedelta(days=20))
    end = month_start(as_of + pd.Timedelta(days=125))
    return Scene(
        story,
        ws,
        flows,
        plans,
        sent,
        total(sent),
        reported,
        present,
        story.lead(Quantity(PRESENT, to_date=True)),
        start,
        end,
        as_of,
    )


def _wave(p: Placed) -> int:
    return 0 if blank(p.claim["wave"]) else int(p.claim["wave"])


def _distinct(rows: list[pd.Series]) -> list[list[pd.Series]]:
    """One mark per distinct report: the same number for the same place from one originator on one day."""
    groups: dict[tuple, list[pd.Series]] = {}
    for c in sorted(rows, key=lambda c: (when(c), c["claim_id"])):
        key = tuple(text(c[k]) for k in ("originator", "as_of", "qualifier", "low", "best", "high", "place", "unit"))
        groups.setdefault(key, []).append(c)
    return list(groups.values())


# --------------------------------------------------------------------------- words


def _by_then(scene: Scene) -> tuple[Total, int]:
    """Our sum of the parts sent by the date of the lead count of troops there, and how many waves it spans."""
    lead = scene.present_lead
    parts = sent_placed(scene.waves, when(lead)) if lead is not None and when(lead) is not None else scene.sent
    return total(parts), len({_wave(p) for p in parts})


def _title(scene: Scene, w: ModuleType) -> str:
    """The finding, attributed: who says how many are there now, against what we sum as sent by then."""
    lead = scene.present_lead
    if lead is None or blank(lead["as_of"]):
        n = sum(1 for wave in scene.waves if wave.sent)
        sent = w.hedged(scene.sum_sent.value, scene.sum_sent.hedge)
        return w.t("waves.title_no_present", sent=sent, waves=w.n("wave", n))
    by_then, n = _by_then(scene)
    sent = w.hedged(by_then.value, by_then.hedge)
    return w.t(
        "waves.title",
        who=w.short_who(lead),
        present=w.phrase(lead),
        where=w.where(lead["place"]),
        month=w.month(lead["as_of"]),
        sent=sent,
        waves=w.n("wave", n),
    )


def _subtitle(scene: Scene, w: ModuleType) -> str:
    statuses = [s for s in ("sent", "planned", "returned") if any(f.status == s for f in scene.flows)]
    what = w.join([w.t(f"waves.{s}") for s in statuses])
    parts = [w.t("waves.subtitle_top", what=what), w.t("waves.subtitle_bottom")]
    # bars are sizes; the marks drawn as their words allow are the counts there, the totals and the open plans
    qualifiers = {c["qualifier"] for g in scene.present for c in g} | {c["qualifier"] for c in scene.reported}
    parts += legend(qualifiers | {p.claim["qualifier"] for p in scene.plans}, w)
    return " ".join(parts)


def _alt(scene: Scene, w: ModuleType) -> str:
    parts = [w.t("waves.alt_intro", start=w.month_long(scene.start), end=w.month_long(scene.as_of))]

    def flow(f: Flow) -> str:
        return w.t(
            "waves.alt_flow",
            figure=w.phrase(f.claim),
            unit=f" {w.unit(f.claim['unit'])}" if not blank(f.claim["unit"]) else "",
            status=w.t(f"status.{f.status}"),
            when=w.period_words(f.placed.start, f.placed.end, f.placed.open_end, f.placed.precision),
        )

    for wave in scene.waves:
        flows = [f for f in scene.flows if f.wave == wave.number]
        if flows:
            parts.append(w.t("waves.alt_wave", n=wave.number, parts=w.join([flow(f) for f in flows])))
    parts += [flow(f) for f in scene.flows if f.wave == 0]
    parts.append(w.t("waves.alt_sum", sum=w.hedged(scene.sum_sent.value, scene.sum_sent.hedge)))
    for g in scene.present:
        c = g[0]
        parts.append(
            w.t("waves.alt_present", who=w.who(c), figure=w.phrase(c), where=w.where(c["place"]), day=w.day(c["as_of"]))
        )
    gap = _gap(scene)
    if gap is not None:
        parts.append(w.t("waves.alt_gap", gap=w.hedged(gap.value, gap.hedge)))
    return " ".join(w.sentence(p) for p in parts)


# --------------------------------------------------------------------------- the chart


def draw(ledger: Ledger, size: style.Size, compact: bool, w: ModuleType) -> Figure:
    """The waves as stock and flow: the flows per wave above, the running sum and the reports below."""
    scene = _scene(ledger)
    return settle(lambda skip, first: _attempt(ledger, scene, size, compact, w, skip, first))


def _attempt(ledger: Ledger, scene: Scene, size, compact: bool, w: ModuleType, skip, first):
    """One drawing without the labels in `skip`, the reports keyed in `first` labelled first (see labels.settle)."""
    notes = Footnotes(ledger, w, compact=compact)
    notes.unplaced.extend(sorted(skip))
    keys = _marks(scene, notes, w)
    title, subtitle = _title(scene, w), _subtitle(scene, w)
    heights = (2.4, 2.1)
    frame = Frame(size, title, subtitle, notes.for_size(size), sum(heights) + 0.5, fallback=notes.fallback())
    top, bottom = _panels(frame, heights)
    for ax in (top, bottom):
        month_axis(ax, scene.start, scene.end, size, w)
    top.tick_params(axis="x", labelbottom=False)
    _draw_flows(top, scene, keys, size, w, notes, skip)
    roomless: list[str] = []
    _draw_stock(bottom, scene, keys, size, w, notes, skip, first, roomless)
    missed = frozenset(notes.unplaced) - skip
    if missed:
        return None, missed, frozenset(roomless)
    caption = w.t("waves.caption", title=title)
    fig = attach(frame.fig, notes, slug=SLUG, title=title, subtitle=subtitle, caption=caption, alt=_alt(scene, w))
    return fig, frozenset(), frozenset()


def _panels(frame: Frame, heights: tuple[float, float]) -> tuple[Axes, Axes]:
    left = frame.value_axis_in("25,000")
    width = frame.plot_width_in - left - 0.2
    gap = max(0.16, frame.size.tick_pt * 1.6 / 72)
    usable = frame.plot_in - frame.tick_row_in - gap - 0.08
    scale = usable / sum(heights)
    bottom = frame.fig.add_axes(frame.axes_rect(left, frame.tick_row_in, width, heights[1] * scale))
    top_rect = frame.axes_rect(left, frame.tick_row_in + heights[1] * scale + gap, width, heights[0] * scale)
    top = frame.fig.add_axes(top_rect, sharex=bottom)
    return top, bottom


# --------------------------------------------------------------------------- notes, in reading order


def _marks(scene: Scene, notes: Footnotes, w: ModuleType) -> dict[str, str]:
    """Markers for every number drawn: the flows left to right, then the stock panel left to right."""
    keys: dict[str, str] = {}
    ordered = sorted(scene.flows, key=lambda f: (f.placed.start, f.status != "sent", f.claim["claim_id"]))
    plans = [Flow(p, "planned", 0) for p in scene.plans]
    for f in sorted(ordered + plans, key=lambda f: (f.placed.start, f.claim["claim_id"])):
        p = f.placed
        extra = brief = ""
        if p.dated_by is not None:
            extra = w.t(
                "waves.note_dated_by",
                claim=p.claim["claim_id"],
                other=p.dated_by["claim_id"],
                period=w.ledger_text(p.dated_by["period_as_reported"]),
            )
            what = w.t(f"status.{f.status}") + (f", {w.t('waves.wave', n=f.wave)}" if f.wave else "")
            brief = w.t(
                "waves.brief_dated_by",
                figure=w.phrase(p.claim),
                what=what,
                period=w.span(p.start, p.end, p.precision),
            )
        f.key = f"{f.status}-{p.claim['claim_id']}"
        keys[f.key] = notes.mark(p.claim_ids, extra, brief)
    stock: list[tuple[pd.Timestamp, str, list[str], str]] = []
    for c in scene.reported:
        ids = [o["claim_id"] for g in _distinct_reported(scene) if g[0]["claim_id"] == c["claim_id"] for o in g]
        stock.append((pd.Timestamp(c["as_of"]), f"reported-{c['claim_id']}", ids, ""))
    for g in scene.present:
        stock.append((when(g[0]), f"present-{g[0]['claim_id']}", [c["claim_id"] for c in g], ""))
    for _, key, ids, extra in sorted(stock, key=lambda s: (s[0], s[1])):
        keys[key] = notes.mark(ids, extra)
    terms = " + ".join(w.phrase(p.claim) + notes.ref(keys["sent-" + p.claim["claim_id"]]) for p in scene.sent)
    sum_text = w.hedged(scene.sum_sent.value, scene.sum_sent.hedge)
    keys["sum"] = notes.mark([], w.t("waves.note_sum", terms=terms, total=sum_text))
    gap = _gap(scene)
    if gap is not None:
        lead = scene.present_lead
        by_then, _ = _by_then(scene)
        keys["gap"] = notes.mark(
            [],
            w.t(
                "waves.note_gap",
                sent=w.hedged(by_then.value, by_then.hedge),
                day=w.day(when(lead)),
                ref_sent=notes.ref(keys["sum"]),
                present=w.phrase(lead),
                ref_present=notes.ref(keys[_present_key(scene, lead)]),
                gap=w.hedged(gap.value, gap.hedge),
            ),
        )
    return keys


def _distinct_reported(scene: Scene) -> list[list[pd.Series]]:
    claims = scene.story.claims(Quantity(SENT, to_date=True))
    return _distinct([c for _, c in claims.iterrows() if not blank(c["as_of"])])


def _present_key(scene: Scene, claim: pd.Series) -> str:
    for g in scene.present:
        if any(c["claim_id"] == claim["claim_id"] for c in g):
            return f"present-{g[0]['claim_id']}"
    raise KeyError(claim["claim_id"])


def _gap(scene: Scene) -> Total | None:
    """Our sum of those sent by then less the lead report of troops there: the gap a reader should see."""
    lead = scene.present_lead
    if lead is None or blank(lead["as_of"]):
        return None
    by_then, _ = _by_then(scene)
    return difference(by_then, lead) if anchor(lead) < by_then.value else None


# --------------------------------------------------------------------------- the flows


def _bar_width_pt(size: style.Size) -> float:
    return {"column": 9.0, "page": 11.0, "slide": 16.0}.get(size.name, 9.0)


def _set_apart(ax: Axes, flows: list[Flow], width_pt: float) -> None:
    """Each bar at its period's middle, moved sideways just enough that no two bars on one side touch."""
    scale = ax.figure.dpi / 72
    for side in (("sent", "planned"), ("returned",)):
        group = sorted((f for f in flows if f.status in side), key=lambda f: _mid(f.placed))
        if not group:
            continue
        px = [ax.transData.transform((_mid(f.placed), 0))[0] for f in group]
        need = (width_pt + 2.5) * scale
        pos = list(px)
        for _ in range(50):  # push apart, then pull each cluster back to the middle of where it belongs
            moved = False
            for i in range(1, len(pos)):
                if pos[i] - pos[i - 1] < need:
                    pos[i] = pos[i - 1] + need
                    moved = True
            clusters, start = [], 0
            for i in range(1, len(pos) + 1):
                if i == len(pos) or pos[i] - pos[i - 1] > need + 1e-6:
                    clusters.append((start, i))
                    start = i
            for a, b in clusters:
                shift = sum(px[a:b]) / (b - a) - sum(pos[a:b]) / (b - a)
                for i in range(a, b):
                    pos[i] += shift
            if not moved:
                break
        inv = ax.transData.inverted()
        for f, p in zip(group, pos, strict=True):
            f.xc = float(inv.transform((p, 0))[0])


def _mid(p: Placed) -> float:
    return (x(p.start) + x(p.end + ONE_DAY)) / 2


def _draw_flows(ax: Axes, scene: Scene, keys, size: style.Size, w: ModuleType, notes: Footnotes, skip) -> None:
    values = [anchor(f.claim) for f in scene.flows if f.status != "returned"] + [anchor(p.claim) for p in scene.plans]
    back = [anchor(f.claim) for f in scene.flows if f.status == "returned"]
    top = max(values + [1]) * 1.75
    ax.set_ylim(-max(max(back) * 3.0, top * 0.2) if back else -top * 0.04, top)
    value_axis(ax, size, w, w.t("waves.axis_top"))
    ax.spines["left"].set_visible(False)
    zero_line(ax)
    placer = Placer(ax, min_pt=size.min_label_pt)
    width_pt = _bar_width_pt(size)
    _set_apart(ax, scene.flows, width_pt)
    scale = ax.figure.dpi / 72
    half = (
        ax.transData.inverted().transform((width_pt * scale, 0))[0] - ax.transData.inverted().transform((0, 0))[0]
    ) / 2
    for f in scene.flows:
        c, key = f.claim, f.key
        height = anchor(c) * (-1 if f.status == "returned" else 1)
        if f.status == "planned":
            bar = Rectangle(
                (f.xc - half, 0),
                2 * half,
                height,
                facecolor="white",
                edgecolor=style.PLANNED,
                hatch="////",
                lw=1.0,
                ls=(0, (3, 1.5)),
                zorder=2,
                gid=f"mark:{key}",
            )
        else:
            color = style.SENT if f.status == "sent" else style.RETURNED
            bar = Rectangle((f.xc - half, 0), 2 * half, height, color=color, lw=0, zorder=3, gid=f"mark:{key}")
        ax.add_patch(bar)
        placer.area_of(key, bar)
        p = f.placed
        span = Line2D(
            [x(p.start), x(p.end + ONE_DAY)],
            [height, height],
            gid=f"mark:{key}",
            zorder=3.5,
            color=bar.get_edgecolor() if f.status == "planned" else bar.get_facecolor(),
            lw=1.1,
            ls=(0, (3, 1.5)) if f.status == "planned" else "-",
            marker="|",
            ms=4,
            mew=1.1,
        )
        ax.add_line(span)
        placer.line(key, span.get_xdata(), span.get_ydata(), 2.5)
        for end in span.get_xdata():  # the period's end ticks: its own label may touch the line, not cover these
            placer.point(key, end, height, 0.5)
    for p in scene.plans:
        key = f"planned-{p.claim['claim_id']}"
        value(ax, placer, key, x(p.start), anchor(p.claim), p.claim, style.PLANNED, horizontal=False, size_pt=dot(size))
    for f in sorted(scene.flows, key=lambda f: (f.status == "returned", -anchor(f.claim))):
        _label_flow(ax, placer, f, scene.flows, keys, size, w, notes, skip)
    for p in scene.plans:
        key = f"planned-{p.claim['claim_id']}"
        label = (
            w.t(
                "waves.plan_open",
                figure=w.phrase(p.claim),
                when=w.period_words(p.start, p.end, p.open_end, p.precision),
            )
            + f" {keys[key]}".rstrip()
        )
        spots = [s for s in around(radius_pt(dot(size))) if not (s.dx == 0 and s.dy > 0)]
        if notes.left_off(keys[key], label) in skip:
            continue
        if (
            placer.place(
                key,
                (x(p.start), anchor(p.claim)),
                label,
                spots,
                short=notes.short(keys[key]),
                fontsize=size.label_pt,
                color=style.PLANNED,
            )
            is None
        ):
            notes.unplaced.append(notes.left_off(keys[key], label))


def _label_flow(ax, placer: Placer, f: Flow, flows, keys, size: style.Size, w: ModuleType, notes, skip) -> None:
    c = f.claim
    marker = keys[f.key]
    unit = w.unit(c["unit"])
    figure = f"{w.phrase(c)} {marker}".rstrip()
    if f.status == "returned":
        key = "waves.returned_label" if unit else "waves.returned_label_no_unit"
        label = w.t(key, figure=w.phrase(c), unit=unit) + f" {marker}".rstrip()
        color = style.RETURNED
        spots = [Spot(0, -2.5, "center", "top"), Spot(3, -2.5, "left", "top"), Spot(-3, -2.5, "right", "top")]
        at = (f.xc, -anchor(c))
        far = DOWN
    else:
        # The wave's name goes on its tallest bar; its other bars say only what they are.
        tallest = max((g for g in flows if g.wave == f.wave and g.status != "returned"), key=lambda g: anchor(g.claim))
        head = w.t("waves.wave", n=f.wave) if f.wave and tallest is f else ""
        if f.status == "planned":
            planned = w.t("waves.planned_label", figure=w.phrase(c)) + f" {marker}".rstrip()
            label = "\n".join(filter(None, [head, planned]))
            color = style.PLANNED
        else:
            line2 = w.t("waves.part", unit=unit, figure=figure) if unit else figure
            label = "\n".join(filter(None, [head, line2]))
            color = style.SENT
        spots = [Spot(0, 3.5, "center", "bottom"), Spot(4, 3.5, "left", "bottom"), Spot(-4, 3.5, "right", "bottom")]
        at = (f.xc, anchor(c))
        far = UP
    if notes.left_off(marker, label) in skip:
        return
    placed = placer.place(
        f.key,
        at,
        label,
        spots,
        short=notes.short(marker),
        fontsize=size.label_pt,
        color=color,
        weight="bold",
        linespacing=1.05,
        far=far,
    )
    if placed is None:
        notes.unplaced.append(notes.left_off(marker, label))


# --------------------------------------------------------------------------- the stock


def _running(scene: Scene) -> tuple[list[float], list[float]]:
    """Our running sum: flat, then a ramp across each part's period (the day troops moved is not known),
    stopping at the date of the latest claim."""
    first = scene.sent[0].start if scene.sent else scene.start
    xs, ys, total_ = [x(first - pd.Timedelta(days=20))], [0.0], 0.0
    for p in scene.sent:
        xs += [x(p.start), x(min(p.end + ONE_DAY, scene.as_of))]
        ys += [total_, total_ + anchor(p.claim)]
        total_ += anchor(p.claim)
    xs.append(x(scene.as_of))
    ys.append(total_)
    return xs, ys


def _draw_stock(
    ax: Axes, scene: Scene, keys, size: style.Size, w: ModuleType, notes: Footnotes, skip, first, roomless
) -> None:
    """The running sum against the reported counts. The lead count is labelled first, then the sum and the gap,
    then the other reports, latest first (those keyed in `first` before the rest)."""
    highs = [float(c["high"]) if not pd.isna(c["high"]) else anchor(c) for g in scene.present for c in g]
    top = max([scene.sum_sent.value, *highs, *(anchor(c) for c in scene.reported)]) * 1.5
    floor_room(ax, top, dot(size), [g[0] for g in scene.present] + list(scene.reported))
    value_axis(ax, size, w, w.t("waves.axis_bottom"))
    ax.spines["left"].set_visible(False)
    placer = Placer(ax, min_pt=size.min_label_pt)
    xs, ys = _running(scene)
    ax.add_line(Line2D(xs, ys, color=style.SENT, lw=2.0, zorder=3, gid="mark:sum", solid_joinstyle="miter"))
    placer.line("sum", xs, ys, 2.0)
    for c in scene.reported:
        key = f"reported-{c['claim_id']}"
        value(
            ax, placer, key, x(pd.Timestamp(c["as_of"])), anchor(c), c, style.SENT, horizontal=False, size_pt=dot(size)
        )
    for g in scene.present:
        c = g[0]
        key = f"present-{c['claim_id']}"
        value(ax, placer, key, x(when(c)), anchor(c), c, style.PRESENT, horizontal=False, size_pt=dot(size))
    gap = _gap(scene)
    if gap is not None:
        lead = scene.present_lead
        gx = x(when(lead)) + 18
        low, high = anchor(lead), float(_by_then(scene)[0].value)
        bracket = Line2D([gx, gx], [low, high], color=style.INK, lw=0.8, marker="_", ms=5, mew=0.8, gid="mark:gap")
        ax.add_line(bracket)
        placer.line("gap", [gx, gx], [low, high], 1.5)
        p0 = ax.transData.transform((gx, low))
        p1 = ax.transData.transform((gx, high))
        r = 0.5 * placer.scale
        placer.box("gap", (p0[0] - r, p0[1], p0[0] + r, p1[1]))
    lead_id = scene.present_lead["claim_id"] if scene.present_lead is not None else None
    items = [(g[0], f"present-{g[0]['claim_id']}", style.PRESENT) for g in scene.present]
    items += [(c, f"reported-{c['claim_id']}", style.SENT) for c in scene.reported]
    items.sort(
        key=lambda it: (
            it[0]["claim_id"] != lead_id
            and not any(
                cc["claim_id"] == lead_id for g in scene.present for cc in g if g[0]["claim_id"] == it[0]["claim_id"]
            ),
            -x(when(it[0])),
        )
    )
    gap_at = (gx, (low + high) / 2) if gap is not None else None
    lead_key = _lead_key(scene)

    def label_report(c: pd.Series, key: str, color: str) -> None:
        marker = keys[key]
        if key.startswith("present"):
            words = w.t("waves.present", figure=w.phrase(c), where=w.where(c["place"]), who=w.short_who(c))
        else:
            words = w.t("waves.reported_total", figure=w.phrase(c), who=w.short_who(c))
        lead = key == lead_key
        label = f"{words} {marker}".rstrip() if lead or not marker else marker
        if notes.left_off(marker, label) in skip:
            return
        placed = placer.place(
            key,
            (x(when(c)), anchor(c)),
            label,
            around(radius_pt(dot(size))),
            short=notes.short(marker),
            fontsize=size.label_pt,
            color=color,
            weight="bold" if lead else "normal",
        )
        if placed is None:
            notes.unplaced.append(notes.left_off(marker, label))
            roomless.append(key)

    for c, key, color in items:
        if key == lead_key:
            label_report(c, key, color)
    _label_sum_and_gap(placer, scene, keys, size, w, notes, skip, xs, ys, gap, gap_at)
    for c, key, color in sorted(items, key=lambda it: it[1] not in first):  # a stable sort: latest first still
        if key != lead_key:
            label_report(c, key, color)


def _label_sum_and_gap(placer, scene, keys, size, w, notes, skip, xs, ys, gap, gap_at) -> None:
    sum_label = w.t("waves.sum", sum=w.hedged(scene.sum_sent.value, scene.sum_sent.hedge)) + f" {keys['sum']}".rstrip()
    sum_spots = [Spot(-2, 4, "right", "bottom"), Spot(-2, -4, "right", "top"), Spot(-30, 14, "right", "bottom", True)]
    name = notes.left_off(keys["sum"], sum_label)
    if name not in skip and (
        placer.place(
            "sum",
            (xs[-1], ys[-1]),
            sum_label,
            sum_spots,
            short=notes.short(keys["sum"]),
            fontsize=size.label_pt,
            color=style.SENT,
            weight="bold",
        )
        is None
    ):
        notes.unplaced.append(name)
    if gap is not None:
        label = w.t("waves.gap", gap=w.hedged(gap.value, gap.hedge)) + f" {keys['gap']}".rstrip()
        spots = [Spot(4, 0, "left", "center"), Spot(-4, 0, "right", "center")]
        name = notes.left_off(keys["gap"], label)
        if name not in skip and (
            placer.place(
                "gap",
                gap_at,
                label,
                spots,
                short=notes.short(keys["gap"]),
                fontsize=size.label_pt,
                color=style.INK,
                linespacing=1.05,
            )
            is None
        ):
            notes.unplaced.append(name)


def _lead_key(scene: Scene) -> str:
    lead = scene.present_lead
    return _present_key(scene, lead) if lead is not None else ""


# --------------------------------------------------------------------------- the declaration


def rule(ledger: Ledger, w: ModuleType) -> str:
    return w.t("rule.waves")


def answer(ledger: Ledger, w: ModuleType) -> str:
    """The waves in words: who says how many are there, our sum of the waves sent, plans and returns."""
    scene = _scene(ledger)
    out = []
    lead = scene.present_lead
    if lead is not None:
        out.append(
            w.t(
                "ans.waves_present",
                who=w.who(lead),
                figure=w.phrase(lead),
                where=w.where(lead["place"]),
                day=w.day(lead["as_of"]),
            )
        )
    parts = []
    for wave in scene.waves:
        flows = sorted((p for p in wave.sent if p.start is not None), key=lambda p: p.start)
        if flows:
            parts.append(w.t("ans.waves_part", n=wave.number, flows=w.join([_flow_words(p, w) for p in flows])))
    total_ = w.hedged(scene.sum_sent.value, scene.sum_sent.hedge)
    out.append(w.t("ans.waves_sum", total=total_, parts="; ".join(parts)))
    for wave in scene.waves:
        if wave.planned is not None:
            c = wave.planned.claim
            out.append(w.t("ans.waves_planned", who=w.who(c), figure=w.phrase(c), n=wave.number, day=w.day(c["as_of"])))
    for f in scene.flows:
        if f.status == "returned":
            c, p = f.claim, f.placed
            out.append(
                w.t(
                    "ans.waves_returned",
                    who=w.who(c),
                    figure=w.phrase(c),
                    unit=f" {w.unit(c['unit'])}" if not blank(c["unit"]) else "",
                    when=w.period_words(p.start, p.end, p.open_end, p.precision),
                    day=w.day(c["as_of"]),
                )
            )
    return " ".join(out)


def _flow_words(p: Placed, w: ModuleType) -> str:
    c = p.claim
    return w.t(
        "ans.waves_flow",
        figure=w.phrase(c),
        unit=f" {w.unit(c['unit'])}" if not blank(c["unit"]) else "",
        when=w.period_words(p.start, p.end, p.open_end, p.precision),
        who=w.who(c),
    )


def table(ledger: Ledger, w: ModuleType) -> pd.DataFrame:
    from troopledger.outputs import tables

    return tables.waves_table(ledger, w)


CHART = Chart(SLUG, (SENT, PLANNED, RETURNED, PRESENT), draw, rule, answer, table, table_slug=SLUG, order=10)
