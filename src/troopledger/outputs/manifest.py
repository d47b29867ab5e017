"""figures/manifest.json: what each chart and notebook was built from, and the hash of what was written.

The build reads it to redo only outputs whose inputs changed (or whose files were edited or deleted);
a notebook kernel reads it to show the chart the export wrote instead of drawing it again. It holds
fingerprints and hashes only: no dates, paths or machine names.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from troopledger.charts.chartinfo import ChartInfo
    from troopledger.ledger import Ledger

NAME = "manifest.json"
ABOUT = (
    "Written by `make`: for each chart and notebook, a fingerprint of what it was built from (the rows of "
    "data/ it reads, the package code it runs) and a hash of each file written. `make` redoes only the "
    "outputs whose fingerprint or file changed. Not for editing."
)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(figures: Path) -> dict[str, Any]:
    try:
        data = json.loads((figures / NAME).read_bytes())
    except (OSError, ValueError):
        return {"charts": {}, "notebooks": {}}
    if not isinstance(data, dict):
        return {"charts": {}, "notebooks": {}}
    return {"charts": data.get("charts") or {}, "notebooks": data.get("notebooks") or {}}


def dumps(charts: dict[str, Any], notebooks: dict[str, Any]) -> bytes:
    body = {"about": ABOUT, "charts": charts, "notebooks": notebooks}
    return (json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def chart_entry(inputs: str, info: ChartInfo, files: dict[str, bytes]) -> dict[str, Any]:
    return {
        "inputs": inputs,
        "files": {name: sha256(data) for name, data in sorted(files.items())},
        "info": dataclasses.asdict(info),
    }


def chart_info(entry: dict[str, Any]) -> ChartInfo:
    from troopledger.charts.chartinfo import ChartInfo

    return ChartInfo(**entry["info"])


def chart_is_current(entry: dict[str, Any] | None, figures: Path, inputs: str) -> bool:
    """The chart was built from these inputs and its files are still exactly what was written."""
    if not entry or entry.get("inputs") != inputs:
        return False
    for name, digest in entry.get("files", {}).items():
        path = figures / name
        if not path.is_file() or sha256(path.read_bytes()) != digest:
            return False
    return bool(entry.get("files"))


def current_chart(ledger: Ledger, slug: str) -> tuple[bytes, str] | None:
    """The PNG figures/ holds for this chart and its title, if it was built from exactly this ledger."""
    from troopledger.outputs.plan import Reads

    if ledger.folder is None:
        return None
    figures = ledger.folder.parent / "figures"
    entry = read(figures)["charts"].get(slug)
    if not entry:
        return None
    if not chart_is_current(entry, figures, Reads(ledger).chart(slug)):
        return None
    return (figures / f"{slug}.png").read_bytes(), entry["info"]["title"]
