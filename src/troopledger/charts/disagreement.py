"""Every source's value for one contested quantity, side by side; the primary article highlighted.

One row per distinct report, labelled with the outlet and the date the claim was made; nothing averaged.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .. import style
from ..ledger import Ledger
from ..notes import Footnotes, blank, claim_date
from ..story import TO_DATE_SCOPES, Question, Story, _period, questions
from . import attach
from .labels import Placer
from .marks import ONE_DAY, anchor, big, covers, draw_value, month_axis, month_start, phrase, sentence, x

# One row per distinct report: the same figure entered twice for one source is one row citing both.
SAME_REPORT = ["source_id", "as_of", "as_reported", "qualifier", "low", "best", "high", "period_start",
               "period_end", "originator", "conduit", "unit", "wave"]


def question(ledger: Ledger, slug: str) -> Question:
    for q in questions(Story(ledger)):
        if q.slug == slug:
            return q
    raise ValueError(f"no disagreement {slug!r} in this ledger")


def question_claims(ledger: Ledger, q: Question) -> pd.DataFrame:
    """The claims answering one contested question, oldest report first (undated last)."""
    claims = ledger.claims[ledger.claims["claim_id"].isin(q.claim_ids)]
    key = claims["claim_id"].str[1:].astype(int)
    return claims.assign(_k=key).sort_values(["as_of", "_k"], na_position="last").drop(columns="_k")


def _rows(claims: pd.DataFrame) -> tuple[pd.DataFrame, list[list[str]]]:
    groups = [g for _, g in claims.groupby(SAME_REPORT, dropna=False, sort=False)]
    return claims.loc[[g.index[0] for g in groups]], [list(g["claim_id"]) for g in groups]


def _title(q: Question, rows: pd.DataFrame) -> str:
    if q.axis == "time":
        periods = {(_period(c)[0], _period(c)[1]) for _, c in rows.iterrows()}
        return f"Reports disagree on the {q.label}: {len(rows)} reports give {len(periods)} different periods"
    whole = rows[[not (covers(c) and c["scope"] in TO_DATE_SCOPES) for _, c in rows.iterrows()]]
    plain = whole[whole["caveat"].isna()]
    whole = plain if len(plain) else whole
    values = sorted(whole.iterrows(), key=lambda r: (anchor(r[1]), r[1]["claim_id"]))
    lo, hi = values[0][1], values[-1][1]
    return f"Reports of the {q.label} run from {phrase(lo)} to {phrase(hi)}"


def _subtitle(q: Question, rows: pd.DataFrame) -> str:
    what = "the period each report gives" if q.axis == "time" else "the number each report gives"
    text = (
        f"The {q.label}: {what}, one row per report, labelled with the outlet and the date the claim was made "
        "(oldest at the top). Primary article in red; open marks with arrows are floors or ceilings, dotted arrows "
        "vague words. Reports are not averaged."
    )
    if q.axis == "count" and rows["caveat"].notna().any():
        text += " Figures marked † come with a caveat (below) and are left out of the range in the title."
    return text


def disagreement_chart(ledger: Ledger, slug: str, size: style.Size = style.DEFAULT_SIZE,
                       compact: bool = False) -> Figure:
    q = question(ledger, slug)
    notes = Footnotes(ledger, compact=compact)
    primary = ledger.sources.loc[ledger.sources["role"] == "primary", "source_id"].iloc[0]
    rows, ids = _rows(question_claims(ledger, q))
    marks = [notes.mark(group) for group in ids]
    title, subtitle = _title(q, rows), _subtitle(q, rows)
    n = len(rows)
    row_in = 0.2 + 2.35 * size.label_pt / 72
    frame = style.Frame(size, title, subtitle, notes.lines(), 0.45 + row_in * n / size.grow)
    sources = ledger.sources.set_index("source_id")
    labels = []
    for _, c in rows.iterrows():
        who = c["originator"] if not blank(c["originator"]) else "not attributed"
        labels.append(f"{sources.loc[c['source_id'], 'outlet']}, {claim_date(c)}\n{who}")
    widest = max(style.text_width_pt(line, size.tick_pt, bold=True) for text in labels for line in text.split("\n"))
    label_in = min(widest / 72 + 0.2, size.width_in * 0.45)
    ax = frame.fig.add_axes(frame.axes_area(label_in, right_in=0.2, top_in=0.05, bottom_in=0.35))
    ax.set_ylim(n - 0.5, -0.6)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=size.tick_pt, linespacing=1.05)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    for tick, (_, c) in zip(ax.get_yticklabels(), rows.iterrows(), strict=True):
        if c["source_id"] == primary:
            tick.set_color(style.PRIMARY)
            tick.set_fontweight("bold")
    ax.grid(axis="x", color=style.GRID, lw=0.6)
    ax.set_axisbelow(True)
    colors = [style.PRIMARY if c["source_id"] == primary else style.OTHER for _, c in rows.iterrows()]
    if q.axis == "time":
        _draw_periods(ax, rows, marks, colors, size)
        values = [f"{c['period_as_reported']} ({phrase(c)})" for _, c in rows.iterrows()]
    else:
        _draw_counts(ax, rows, marks, colors, size)
        values = [_value_label(c, "") for _, c in rows.iterrows()]
    alt = f"Dot chart of the {q.label}, one row per report. " + " ".join(
        sentence(f"{sources.loc[c['source_id'], 'outlet']}, {claim_date(c)}: {v}")
        for (_, c), v in zip(rows.iterrows(), values, strict=True)
    )
    caption = f"{title}. Every report is shown as given; none is averaged or dropped."
    return attach(frame.fig, notes, slug=f"disagreement-{q.slug}", title=title, subtitle=subtitle, caption=caption,
                  alt=alt)


def _value_label(c: pd.Series, mark: str) -> str:
    part = covers(c)
    text = f"{phrase(c)}{mark}"
    if c["qualifier"] == "vague":
        text = f"{phrase(c)} (at least {big(int(c['low']))}){mark}"
    return text + (f" ({part} only)" if part and c["scope"] in ("cumulative", "at_date") else "")


def _draw_periods(ax, rows: pd.DataFrame, marks: list[str], colors: list[str], size: style.Size) -> None:
    starts = [_period(c)[0] for _, c in rows.iterrows()]
    ends = [_period(c)[1] for _, c in rows.iterrows()]
    month_axis(ax, month_start(min(starts) - pd.Timedelta(days=20)), month_start(max(ends) + pd.Timedelta(days=150)),
               size)
    placer = Placer(ax)
    for i, ((_, c), m, color) in enumerate(zip(rows.iterrows(), marks, colors, strict=True)):
        x0, x1 = x(starts[i]), x(ends[i] + ONE_DAY)
        ax.add_patch(Rectangle((x0, i - 0.22), max(x1 - x0, 3), 0.44, color=color, alpha=0.85, lw=0))
        part = "" if blank(c["unit"]) else f" ({c['unit']})"
        placer.text(x1, i, f"{c['period_as_reported']}{part}{m}", candidates=[(4, 0, "left", "center")],
                    fontsize=size.label_pt, color=color)


def _draw_counts(ax, rows: pd.DataFrame, marks: list[str], colors: list[str], size: style.Size) -> None:
    vmax = max(float(c["high"]) if not pd.isna(c["high"]) else anchor(c) for _, c in rows.iterrows())
    right = vmax * 1.5
    ax.set_xlim(0, right)
    scale = 1_000_000 if vmax >= 1_000_000 else 1
    ax.xaxis.set_major_formatter(lambda v, _: f"{v / scale:,.0f} million" if scale > 1 else f"{v:,.0f}")
    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.tick_params(axis="x", labelsize=size.tick_pt)
    placer = Placer(ax)
    for i, ((_, c), color) in enumerate(zip(rows.iterrows(), colors, strict=True)):
        span = right * 0.97 if c["qualifier"] == "vague" else right * 0.05
        draw_value(ax, anchor(c), i, c, color, horizontal=True, span=span)
        placer.block(anchor(c), i)
    for i, ((_, c), m, color) in enumerate(zip(rows.iterrows(), marks, colors, strict=True)):
        end_x = float(c["high"]) if c["qualifier"] == "range" else anchor(c)
        gap = 22 if c["qualifier"] in ("at_least", "more_than") else 6
        label = _value_label(c, m)
        if c["qualifier"] == "vague":
            placer.text(anchor(c), i, label, candidates=[(0, 5, "left", "bottom")], fontsize=size.label_pt,
                        color=color)
        else:
            placer.text(end_x, i, label, candidates=[(gap, 0, "left", "center"), (-gap - 6, 0, "right", "center")],
                        fontsize=size.label_pt, color=color)
