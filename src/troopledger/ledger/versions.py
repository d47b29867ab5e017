"""The places that carry the dataset's version, and the check that they agree.

The version is printed under every chart and quoted in citations, so it must be one number: the
`version` of data/datapackage.json, the version its release record was made for, the `version:` of
CITATION.cff and the newest `## x.y.z` entry of CHANGELOG.md. `troopledger release` changes them
together; `check` fails, naming each file, when a hand edit changed one and not the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from troopledger.ledger.errors import Problem
from troopledger.ledger.fingerprints import KEY
from troopledger.ledger.measures import json_line

SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")
CITATION, CHANGELOG = "CITATION.cff", "CHANGELOG.md"
CITATION_VERSION = re.compile(r"^version:[ \t]*(?P<q>[\"']?)(?P<version>[^\"'\s]+)(?P=q)[ \t]*$", re.M)
CITATION_TITLE = re.compile(r"^title:[ \t]*(?P<q>[\"']?)(?P<title>.*?)(?P=q)[ \t]*$", re.M)
CHANGELOG_ENTRY = re.compile(r"^## (?P<version>\d+\.\d+\.\d+)\b", re.M)
AGREE = (
    f"the version must be the same in datapackage.json, {CITATION} and {CHANGELOG} (troopledger release sets all three)"
)


@dataclass(frozen=True)
class Found:
    """A version as one file gives it, and the line it is on (None: the file has none)."""

    version: str | None
    line: int | None


def bump(version: str, part: str) -> str:
    """The version after a major, minor or patch release of `version` (an empty version counts as 0.0.0)."""
    match = SEMVER.fullmatch(version or "0.0.0")
    if match is None:
        raise ValueError(f"{version!r} is not a version number like 2.1.0")
    major, minor, patch = (int(n) for n in match.groups())
    return {"major": f"{major + 1}.0.0", "minor": f"{major}.{minor + 1}.0", "patch": f"{major}.{minor}.{patch + 1}"}[
        part
    ]


def _found(pattern: re.Pattern[str], text: str) -> Found:
    match = pattern.search(text)
    return Found(match["version"], text.count("\n", 0, match.start()) + 1) if match else Found(None, None)


def citation_version(text: str) -> Found:
    return _found(CITATION_VERSION, text)


def changelog_version(text: str) -> Found:
    """The newest entry's version: the first `## x.y.z` heading, as entries are written newest first."""
    return _found(CHANGELOG_ENTRY, text)


def bundle_root(folder: Path, package: dict[str, Any]) -> Path | None:
    """The bundle the ledger folder belongs to: the folder above it, if its CITATION.cff cites this dataset.

    A copy of data/ taken into another project sits beside that project's own CITATION.cff and
    CHANGELOG.md, whose versions are not this dataset's: they are recognised by the title they cite.
    """
    root = folder.resolve().parent
    try:
        text = (root / CITATION).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    title = CITATION_TITLE.search(text)
    return root if title and title["title"] == package.get("title") else None


def version_problems(folder: Path, package: dict[str, Any], text: str) -> list[Problem]:
    """Every place that carries a version and disagrees with datapackage.json's `version`."""
    version = package.get("version")
    line = json_line(text, r'(?m)^  "version"\s*:') or json_line(text, r'"version"\s*:')  # the top level's
    if version is not None and not (isinstance(version, str) and SEMVER.fullmatch(version)):
        return [Problem("datapackage.json", line, "version", f"{version!r} is not a version number like 2.1.0")]
    problems = []
    record = package.get(KEY)
    if isinstance(record, dict) and record.get("version") != version:
        problems.append(
            Problem(
                "datapackage.json",
                line,
                "version",
                f"is {version or 'missing'}, but the release record ({KEY}) is of {record.get('version')}: raise "
                "the version with troopledger release, which also records what the release holds",
            )
        )
    root = bundle_root(folder, package)
    if root is None:
        return problems
    if version is None:
        return [*problems, Problem("datapackage.json", None, "version", f"is missing; {AGREE}")]
    places = {CITATION: (citation_version, f"the line 'version: {version}'")}
    if (root / CHANGELOG).is_file():
        places[CHANGELOG] = (changelog_version, f"an entry headed '## {version}'")
    for name, (read, wanted) in places.items():
        try:
            found = read((root / name).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            found = Found(None, None)
        if found.version is None:
            problems.append(Problem(name, None, "version", f"gives no version; add {wanted}: {AGREE}"))
        elif found.version != version:
            problems.append(
                Problem(name, found.line, "version", f"{found.version}, but datapackage.json says {version}: {AGREE}")
            )
    return problems
