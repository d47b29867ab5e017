"""Killed, wounded and both together: every report over time, one panel each (see series.py)."""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from troopledger.charts import Chart, series, style
from troopledger.ledger import Ledger
from troopledger.story.headlines import series_title
from troopledger.story.model import Quantity, of, sent_placed, total, waves

MEASURES = ("killed", "wounded", "casualties")
TITLE = ("killed", "casualties")  # the title follows the killed and the total; the wounded have their panel


def draw(ledger: Ledger, size: style.Size, compact: bool, w: ModuleType):
    return series.draw(ledger, size, compact, w, slug="casualties", measures=MEASURES, title_measures=TITLE)


def rule(ledger: Ledger, w: ModuleType) -> str:
    return w.t("rule.series", labels=w.join([w.measure_label(m) for m in MEASURES], "or"))


def answer(ledger: Ledger, w: ModuleType) -> str:
    story = of(ledger)
    text = w.t("ans.series", title=series_title(story, list(TITLE), w))
    lead = story.lead(Quantity("casualties", to_date=True))
    if lead is not None:
        summed = total(sent_placed(waves(story)))
        text += w.t(
            "ans.casualties_latest",
            who=w.who(lead),
            figure=w.phrase(lead),
            day=w.day(lead["as_of"]),
            total=w.hedged(summed.value, summed.hedge),
        )
    return text


def table(ledger: Ledger, w: ModuleType) -> pd.DataFrame:
    from troopledger.outputs import tables

    claims = ledger.claims[ledger.claims["measure"].isin(MEASURES)]
    return tables.noted(ledger, tables.by_date(claims), w)


CHART = Chart("casualties", MEASURES, draw, rule, answer, table, table_slug="casualties", order=20)
