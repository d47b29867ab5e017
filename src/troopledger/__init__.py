"""troopledger: a source-noted ledger of North Korean troops sent to Russia, with its charts."""

from .errors import LedgerError, Problem
from .ledger import Ledger, load, validate

__all__ = ["Ledger", "LedgerError", "Problem", "findings", "load", "validate"]


def __getattr__(name: str):
    # Notebooks use tl.findings; it pulls in pandas and matplotlib, which `check` and a no-op
    # `build` must not pay for, so it is imported on first use.
    if name == "findings":
        import importlib

        return importlib.import_module(f"{__name__}.findings")
    raise AttributeError(name)
