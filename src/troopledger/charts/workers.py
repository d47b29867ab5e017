"""Workers North Korea sent to Russia: civilians, never counted with the troops (drawn as series.py draws)."""

from __future__ import annotations

from types import ModuleType

import pandas as pd

from troopledger.charts import Chart, series, style
from troopledger.ledger import Ledger
from troopledger.story.headlines import series_title
from troopledger.story.model import of

MEASURES = ("workers_sent",)


def applies(ledger: Ledger) -> bool:
    return bool(ledger.claims["measure"].isin(MEASURES).any())


def draw(ledger: Ledger, size: style.Size, compact: bool, w: ModuleType):
    return series.draw(ledger, size, compact, w, slug="workers", measures=MEASURES)


def rule(ledger: Ledger, w: ModuleType) -> str:
    return w.t("rule.series", labels=w.measure_label(MEASURES[0]))


def answer(ledger: Ledger, w: ModuleType) -> str:
    return w.t("ans.series", title=series_title(of(ledger), list(MEASURES), w)) + w.t("ans.civilians")


def table(ledger: Ledger, w: ModuleType) -> pd.DataFrame:
    from troopledger.outputs import tables

    return tables.noted(ledger, tables.by_date(ledger.claims[ledger.claims["measure"].isin(MEASURES)]), w)


CHART = Chart("workers", MEASURES, draw, rule, answer, table, table_slug="workers", order=30)
