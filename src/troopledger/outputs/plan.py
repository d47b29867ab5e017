"""What each output reads, as a fingerprint: the build redoes an output only when what it reads changed.

An output's fingerprint hashes the rows of the ledger it draws on (every column a reader can see; the
`note` columns are for maintainers and appear in no output), the facts every output prints (the
dataset's title and version, the date of the latest claim, the primary article and its agency), the
source of the package modules it runs (found by following their imports), and for a notebook its
cells and the charts it shows. The fingerprints are recorded in figures/manifest.json with a hash of
each file written, so a stale or hand-edited output is still caught.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from troopledger import story as st

if TYPE_CHECKING:
    from troopledger.ledger import Ledger

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PACKAGE = PACKAGE_DIR.name
UNSEEN = ("note",)  # columns no output shows
FLOWS = {"troops_sent", "troops_planned", "troops_arrived", "troops_returned"}  # interim
CASUALTY_MEASURES = {"killed", "wounded", "casualties"}

# What each chart reads, by the measures of the claims it draws on. No chart reads events.csv.
CHART_MEASURES = {
    "deployment-waves": FLOWS | {"troops_present", "casualties"},
    "casualties": CASUALTY_MEASURES | FLOWS,
}
CHART_MODULES = {"deployment-waves": "charts.waves", "casualties": "charts.casualties"}  # as charts.MODULES
# What a notebook cell reads, by the function it calls. An unknown call reads everything.
CALL_READS = {
    "load": ("nothing", []),  # loading shows nothing; what is shown is read by the calls that follow
    "overview": ("overview", []),
    "primary_figures": ("primary", []),
    "all_claims": ("all", []),
    "waves": (CHART_MEASURES["deployment-waves"], ["deployment-waves"]),
    "events": ("events", []),
    "casualties": (CHART_MEASURES["casualties"], ["casualties"]),
    "contested": ("all", []),
    "disagreement": ("all", ["disagreement-*"]),
    "disagreements": ("all", ["disagreement-*"]),
    "tidy": ("all", []),
    "source_note": ("all", []),
}
NOTEBOOK_MODULES = ["findings", "export", "build", "notebook_filter", "tables"]


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- code


def _module_file(name: str) -> Path | None:
    """The file of a module of this package ('troopledger.charts.waves'), or None if it is not one."""
    parts = name.split(".")
    if parts[0] != PACKAGE:
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


IMPORT_RE = re.compile(r"^[ \t]*(?:from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)|import[ \t]+([\w.]+))", re.M)


def _imports(path: Path) -> set[str]:
    """Every module of this package that a file imports, at the top or inside a function.

    Read with a pattern rather than a parser: it is run on every build, and the package's imports are
    plain `import x` and `from x import a, b` lines (in parentheses when long).
    """
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    package = parts[:-1]  # for __init__.py, the package itself; for a module, the package holding it
    out: set[str] = {".".join(package[:i]) for i in range(1, len(package) + 1)}  # packages run their __init__
    for source, names, plain in IMPORT_RE.findall(path.read_text(encoding="utf-8")):
        if plain:
            out.add(plain)
            continue
        level = len(source) - len(source.lstrip("."))
        base = list(package[: len(package) - level + 1]) if level else []
        module = ".".join([*base, *([source.lstrip(".")] if source.lstrip(".") else [])])
        out.add(module)
        for name in re.split(r"[\s,()]+", names.split("#")[0]):
            if name and name != "as" and name.isidentifier():
                out.add(f"{module}.{name}")
    return {m for m in out if _module_file(m) is not None}


@lru_cache(maxsize=64)
def module_files(*roots: str) -> tuple[Path, ...]:
    """The files of the given modules and of everything of this package they import, transitively."""
    todo = [f"{PACKAGE}.{r}" for r in roots]
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None or name in seen:
            continue
        seen[name] = path
        todo += sorted(_imports(path))
    return tuple(sorted(set(seen.values())))


@lru_cache(maxsize=64)
def code_hash(*roots: str) -> str:
    h = hashlib.sha256()
    for path in module_files(*roots):
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


# --------------------------------------------------------------------------- data


def _requirements(ledger: Ledger) -> bytes:
    """requirements.txt beside the ledger's folder (the library versions every output is made with); b"" without."""
    path = ledger.folder.parent / "requirements.txt" if ledger.folder is not None else None
    return path.read_bytes() if path is not None and path.is_file() else b""


def _rows(frame: pd.DataFrame, key: str) -> list[dict[str, str]]:
    shown = [c for c in frame.columns if c not in UNSEEN and not c.startswith("_")]
    frame = frame[shown].sort_values(key, kind="stable")
    return [{k: "" if pd.isna(v) else str(v) for k, v in row.items()} for row in frame.to_dict("records")]


class Reads:
    """Fingerprints of what each chart and notebook reads, for one ledger."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.story = st.of(ledger)
        sources = ledger.sources
        as_of = st.data_as_of(ledger)
        self.context = _digest(
            {
                "meta": {k: ledger.meta.get(k) for k in ("title", "version")},
                "as_of": str(as_of),
                "primary": _rows(sources[sources["source_id"] == self.story.primary], "source_id"),
                "agency": self.story.agency,
                "requirements": hashlib.sha256(_requirements(ledger)).hexdigest(),
            }
        )
        self.questions = {f"disagreement-{q.slug}": q for q in st.questions(self.story)}

    def _claims(self, what: object) -> pd.DataFrame:
        claims = self.ledger.claims
        if what == "all":
            return claims
        if what == "primary":
            return claims[claims["source_id"] == self.story.primary]
        return claims[claims["measure"].isin(what)]  # type: ignore[arg-type]

    def data(self, what: object) -> str:
        """The rows one output reads: claims (by measure, or all, or the primary's), with their sources."""
        if what == "nothing":
            return ""
        if what == "overview":
            claims, events = self.ledger.claims, self.ledger.events
            counted = {
                "claims": len(claims),
                "sources": len(self.ledger.sources),
                "claim_sources": sorted(set(claims["source_id"])),
                "event_sources": sorted(set(events["source_id"])),
                "events": len(events),
            }
            return _digest(counted)
        if what == "events":
            events = self.ledger.events
            used = self.ledger.sources[self.ledger.sources["source_id"].isin(events["source_id"])]
            return _digest([_rows(events, "event_id"), _rows(used, "source_id")])
        claims = self._claims(what)
        used = self.ledger.sources[self.ledger.sources["source_id"].isin(claims["source_id"])]
        return _digest([_rows(claims, "claim_id"), _rows(used, "source_id")])

    def chart(self, slug: str) -> str:
        """The fingerprint of one chart at the default size: what it reads and the code that draws it."""
        if slug in CHART_MEASURES:
            parts = [self.data(CHART_MEASURES[slug])]
            module = CHART_MODULES[slug]
        elif slug in self.questions:
            parts = [self.data({self.questions[slug].quantity.measure}), _digest(self.questions[slug])]
            module = "charts.disagreement"
        else:  # interim, until the plain build: every other chart reads everything
            parts, module = [self.data("all")], "charts"
        return _digest(["chart", slug, self.context, parts, code_hash(module, "export")])

    def _calls(self, path: Path) -> list[tuple[object, list[str]]]:
        cells = "\n".join(src for kind, src in _cells(path) if kind == "code")
        everything = ("all", ["deployment-waves", "casualties", "disagreement-*"])
        return [CALL_READS.get(call, everything) for call in re.findall(r"\btl\.(?:findings\.)?(\w+)\(", cells)]

    def notebook_charts(self, path: Path) -> list[str]:
        """The charts a notebook shows (by the findings its cells call)."""
        return sorted({s for _, shown in self._calls(path) for pattern in shown for s in self._match(pattern)})

    def notebook(self, path: Path) -> str:
        """The fingerprint of one notebook: its cells, what the calls in them read, the charts they show."""
        reads = [self.data(what) for what, _ in self._calls(path)]
        shown = [self.chart(s) for s in self.notebook_charts(path)]
        return _digest(["notebook", path.name, _cells(path), self.context, reads, shown, code_hash(*NOTEBOOK_MODULES)])

    def _match(self, pattern: str) -> list[str]:
        if pattern.endswith("*"):
            return [s for s in self.questions if s.startswith(pattern[:-1])]
        return [pattern]


def _cells(path: Path) -> list[tuple[str, str]]:
    """A notebook's cells (type and source): what it asks, not what it answered last time."""
    try:
        nb = json.loads(path.read_bytes())
        return [(c.get("cell_type", ""), "".join(c.get("source", ""))) for c in nb.get("cells", [])]
    except (OSError, ValueError):
        return [("unreadable", path.name)]
