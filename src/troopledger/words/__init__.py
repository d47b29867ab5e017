"""Every word a reader sees, one module per language: `en` (English) and `ko` (Korean).

A language module holds whole sentences as templates (`T`, filled by `t(key, **values)`) and the few
functions that write numbers, dates and a claim's figure the way its readers print them. Charts, tables,
notebook answers and the figures README ask for their words here, so a new language is a new module with
the same names (a test holds every module to English's templates and functions).
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

LANGUAGES = ("en", "ko")


def figures_folder(lang: str) -> str:
    """Where a language's charts and tables are written: figures/ for English, figures/<code>/ for another."""
    return "figures/" if lang == "en" else f"figures/{lang}/"


def get(lang: str = "en") -> ModuleType:
    """The wording module for a language code."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return import_module(f"troopledger.words.{lang}")
