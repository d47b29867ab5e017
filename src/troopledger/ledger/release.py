"""`troopledger release`: raise the version, write the changelog entry, and record what the release holds.

A version is what a reader quotes beside a figure. Typed by hand it goes stale: claims are added,
every chart still prints the old version, and the changelog misses the corrected claim. A release is
therefore made from the rows themselves. It refuses a ledger that fails check; compares every row with
the fingerprints recorded at the last release; raises `version` in data/datapackage.json and CITATION.cff
together; writes the CHANGELOG.md entry naming each claim, source and event added, changed (with its
columns) or removed; and records the new fingerprints. The three files are replaced all or nothing.

Only the standard library and the validator are imported: a release is made from the command line
and must not wait for pandas.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from troopledger.ledger import check_folder
from troopledger.ledger.atomic import replace_all
from troopledger.ledger.errors import Problem
from troopledger.ledger.fingerprints import KEY, RESOURCES, Change, changes_since, record_of
from troopledger.ledger.versions import CHANGELOG, CITATION, CITATION_VERSION, bump, citation_version

# What each part of a version means for this dataset; the CHANGELOG intro states the same policy.
PARTS = {
    "major": "a reader's script or citation may break: a column added, removed or renamed, a measure "
    "removed, or a claim, source or event removed (its id no longer leads anywhere)",
    "minor": "rows added or corrected, or a new measure: the figures a chart draws may change (the default)",
    "patch": "only when asked: existing rows corrected, none added or removed, or no row changed at all "
    "(the codebook, a description)",
}
ORDER = ("patch", "minor", "major")
NOUNS = {"claims": ("claim", "claims"), "sources": ("source", "sources"), "events": ("event", "events")}


@dataclass
class Outcome:
    """What release did or would do: the versions, the changelog entry and the files (then nothing is
    written when `problems` is not empty)."""

    old: str = ""
    new: str = ""
    part: str = ""
    entry: str = ""
    changes: list[Change] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        """'15 claims, 11 sources and 2 events added; 1 claim changed', for the command's report."""
        parts = []
        for change in ("added", "changed", "removed"):
            counts = []
            for resource in RESOURCES:
                n = sum(1 for c in self.changes if c.resource == resource and c.change == change)
                if n:
                    counts.append(f"{n} {NOUNS[resource][n != 1]}")
            if counts:
                parts.append(f"{_and(counts)} {change}")
        return "; ".join(parts) or "no row added, changed or removed"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def id_list(ids: list[str], backticks: bool = False) -> str:
    """Ids as the changelog writes them: runs of three or more consecutive numbers as 'C073–C087'."""
    if backticks:
        return ", ".join(f"`{i}`" for i in ids)
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        out.extend([f"{run[0]}–{run[-1]}"] if len(run) >= 3 else run)

    for i in ids:
        prev = re.fullmatch(r"([A-Z]+)(\d+)", run[-1]) if run else None
        this = re.fullmatch(r"([A-Z]+)(\d+)", i)
        if prev and this and prev[1] == this[1] and len(prev[2]) == len(this[2]) and int(this[2]) == int(prev[2]) + 1:
            run.append(i)
            continue
        if run:
            close()
        run = [i]
    if run:
        close()
    return ", ".join(out)


def changelog_entry(
    version: str, changes: list[Change], measures: tuple[list[str], list[str]], columns: dict[str, tuple]
) -> str:
    """The CHANGELOG.md entry for `version`: each row added, changed (naming its columns) or removed, by id.

    `measures` is (added, removed) measure names; `columns` maps a resource to the (added, removed) columns.
    """
    lines = [f"## {version}", ""]
    for change, verb in (("added", "Added"), ("changed", "Changed"), ("removed", "Removed")):
        for resource in RESOURCES:
            rows = [c for c in changes if c.resource == resource and c.change == change]
            if not rows:
                continue
            ids = [c.id for c in rows]
            label = f"- **{verb} {NOUNS[resource][1]}**:"
            if change != "changed":
                lines.append(f"{label} {id_list(ids, backticks=resource == 'sources')}.")
                continue
            lines.append(label)
            groups: dict[tuple[str, ...], list[str]] = {}
            for c in rows:
                groups.setdefault(c.columns, []).append(c.id)
            for cols, group in groups.items():
                names = ", ".join(f"`{c}`" for c in cols)
                lines.append(f"  - {id_list(group, backticks=resource == 'sources')}: {names}.")
    added, removed = measures
    if added:
        lines.append(f"- **New measures**: {', '.join(f'`{m}`' for m in added)}.")
    if removed:
        lines.append(f"- **Measures removed**: {', '.join(f'`{m}`' for m in removed)}.")
    for resource, (new_cols, old_cols) in columns.items():
        said = [f"added {', '.join(f'`{c}`' for c in new_cols)}" if new_cols else ""]
        said.append(f"removed {', '.join(f'`{c}`' for c in old_cols)}" if old_cols else "")
        lines.append(f"- **Columns of {resource}.csv**: {'; '.join(s for s in said if s)}.")
    if len(lines) == 2:
        lines.append("- No claim, source or event was added, changed or removed.")
    return "\n".join(lines) + "\n"


def with_entry(changelog: str, entry: str) -> str:
    """The changelog with the entry at the top: after the intro, before the newest entry."""
    first = re.search(r"^## ", changelog, flags=re.M)
    if first is None:
        return changelog.rstrip("\n") + "\n\n" + entry
    return changelog[: first.start()] + entry + "\n" + changelog[first.start() :]


def with_citation_version(citation: str, version: str) -> str:
    """CITATION.cff with its version line set to `version`, quoting kept as it was."""
    return CITATION_VERSION.sub(lambda m: f"version: {m['q']}{version}{m['q']}", citation, count=1)


def required_part(changes: list[Change], measures: tuple[list[str], list[str]], columns: dict[str, tuple]) -> str:
    """The smallest part the policy (PARTS) allows for these changes."""
    if columns or measures[1] or any(c.change == "removed" for c in changes):
        return "major"
    if measures[0] or any(c.change == "added" for c in changes):
        return "minor"
    return "patch"


def _changed_columns(record: dict[str, Any] | None, tables: dict) -> dict[str, tuple[list[str], list[str]]]:
    """Per resource whose columns differ from the release's: (columns added, columns removed)."""
    out = {}
    for name in RESOURCES:
        now = [f["name"] for f in tables[name].fields]
        then = record[name]["columns"] if record else now
        if now != then:
            out[name] = ([c for c in now if c not in then], [c for c in then if c not in now])
    return out


def _checked_copy(root: Path, files: dict[Path, bytes]) -> list[Problem]:
    """check on a copy of the bundle with the release's files in place: a release must leave it passing."""
    with tempfile.TemporaryDirectory(prefix="troopledger-release-") as tmp:
        copy = Path(tmp)
        (copy / "data").mkdir()
        for path in (root / "data").iterdir():
            if path.is_file() and (path.suffix == ".csv" or path.name == "datapackage.json"):
                shutil.copyfile(path, copy / "data" / path.name)
        for name in (CITATION, CHANGELOG):
            shutil.copyfile(root / name, copy / name)
        for path, data in files.items():
            (copy / path.relative_to(root)).write_bytes(data)
        return check_folder(copy / "data").problems


def release(root: Path | str, part: str | None = None, dry_run: bool = False) -> Outcome:
    """Release the ledger in root/data as its next version, or write nothing and say why.

    `part` is "major", "minor" or "patch" (see PARTS); None means minor, or major when the changes need
    it. With `dry_run` everything is worked out, the entry included, and nothing is written.
    """
    root = Path(root)
    checked = check_folder(root / "data")
    if checked.problems:
        return Outcome(problems=checked.problems)
    missing = [name for name in (CITATION, CHANGELOG) if not (root / name).is_file()]
    if missing:
        why = "is missing: release writes the version there; run it in the bundle's folder (or give --root)"
        return Outcome(problems=[Problem(name, None, "", why) for name in missing])
    package, tables = checked.package, checked.tables
    record = package.get(KEY)
    changes = changes_since(record, tables)
    then = record["measures"] if record else []
    measures = ([m for m in checked.measures if m not in then], [m for m in then if m not in checked.measures])
    columns = _changed_columns(record, tables)
    old = str(package.get("version", ""))
    needed = required_part(changes, measures, columns)
    outcome = Outcome(old=old, changes=changes, part=part or ("major" if needed == "major" else "minor"))
    if part is None and not changes and not any(measures):
        why = (
            f"nothing to release: no claim, source or event was added, changed or removed since {old}; "
            "to release a change to the codebook or the schema, say which part to raise (--patch, --minor, --major)"
        )
        outcome.problems.append(Problem("datapackage.json", None, "version", why))
        return outcome
    if ORDER.index(outcome.part) < ORDER.index(needed):
        why = f"a {outcome.part} release cannot hold these changes ({outcome.summary()}): it needs {needed}"
        outcome.problems.append(Problem("datapackage.json", None, "version", f"{why}; {needed}: {PARTS[needed]}"))
        return outcome
    outcome.new = bump(old, outcome.part)
    outcome.entry = changelog_entry(outcome.new, changes, measures, columns)

    package_path, citation_path, changelog_path = root / "data" / "datapackage.json", root / CITATION, root / CHANGELOG
    originals = {path: path.read_bytes() for path in (package_path, citation_path, changelog_path)}
    package = {**package, "version": outcome.new, KEY: record_of(tables, list(checked.measures), outcome.new)}
    citation = originals[citation_path].decode("utf-8")
    if citation_version(citation).version is None:
        outcome.problems.append(Problem(CITATION, None, "version", "has no version line to raise"))
        return outcome
    files = {
        package_path: (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        citation_path: with_citation_version(citation, outcome.new).encode("utf-8"),
        changelog_path: with_entry(originals[changelog_path].decode("utf-8"), outcome.entry).encode("utf-8"),
    }
    outcome.problems = _checked_copy(root, files)
    if outcome.problems or dry_run:
        return outcome
    moved = replace_all(files, originals)
    outcome.problems = [
        Problem(path.name, None, "", "changed on disk while release was running; run release again") for path in moved
    ]
    if not outcome.problems:
        outcome.files = list(files)
    return outcome
