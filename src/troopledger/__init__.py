"""troopledger: a source-noted ledger of North Korean troops sent to Russia, with its charts."""

from troopledger.ledger import Ledger, load, validate
from troopledger.ledger.errors import LedgerError, Problem

__all__ = ["Ledger", "LedgerError", "Problem", "findings", "load", "source_note", "tidy", "validate"]


def __getattr__(name: str):
    # Notebooks use tl.findings, tl.tidy and tl.source_note; they pull in pandas and matplotlib, which
    # `check` and a no-op `build` must not pay for, so they are imported on first use.
    import importlib

    if name == "findings":
        return importlib.import_module(f"{__name__}.findings")
    if name == "tidy":
        return importlib.import_module(f"{__name__}.outputs.tables").tidy
    if name == "source_note":
        return importlib.import_module(f"{__name__}.charts.notes").source_note
    raise AttributeError(name)
