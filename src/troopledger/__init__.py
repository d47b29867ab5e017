"""troopledger: a source-noted ledger of North Korean troops sent to Russia, with its charts."""

from .errors import LedgerError, Problem
from .ledger import Ledger, load, validate

__all__ = ["Ledger", "LedgerError", "Problem", "load", "validate"]
