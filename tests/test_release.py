"""`troopledger release`, the release record and the places that carry the version.

Every release here runs on a copy, in a temporary folder, of the bundle as it stood just before release
2.1.0 (tests/fixtures/release-2.0.0: data/, CITATION.cff, CHANGELOG.md): version 2.0.0 plus the rows added
or changed since (brief section 7: C073-C087, E19-E20, 11 sources, and C065 whose originator and conduit
changed). The shipped bundle itself is only checked for places that agree.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import troopledger
from troopledger.ledger import atomic, release
from troopledger.ledger.fingerprints import Release

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "tests" / "fixtures" / "release-2.0.0"
NEW_SOURCES = (
    "imaeil-20250430",
    "sbs-n1008084075",
    "rankmore-1148802",
    "newspim-20250713",
    "espreso-20250812",
    "ria-20251213",
    "joongang-20260211",
    "kursknews-20260221",
    "joongang-20260228",
    "ohmynews-20260226",
    "kcna-20260317",
)
SECTION_7 = tuple(f"C{n:03d}" for n in range(73, 88))
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A copy of the bundle's ledger before release 2.1.0, and the two other files that carry its version."""
    root = tmp_path / "bundle"
    shutil.copytree(BEFORE / "data", root / "data")
    for name in ("CITATION.cff", "CHANGELOG.md"):
        shutil.copyfile(BEFORE / name, root / name)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def problems(root: Path) -> list[str]:
    return [str(p) for p in troopledger.validate(root / "data")[1]]


def versions(root: Path) -> tuple[str, str, str, str]:
    """datapackage.json's version, its release record's, CITATION.cff's and the newest changelog entry's."""
    package = json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))
    citation = re.search(r"^version: (\S+)$", (root / "CITATION.cff").read_text(encoding="utf-8"), re.M)
    entry = re.search(r"^## (\S+)$", (root / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert citation and entry
    return package["version"], package["released"]["version"], citation[1], entry[1]


def edit_claim(root: Path, claim_id: str, **cells: str) -> None:
    path = root / "data" / "claims.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    (row,) = [r for r in rows if r[0] == claim_id]
    for column, value in cells.items():
        row[rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def delete_claim(root: Path, claim_id: str) -> None:
    path = root / "data" / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(f"{claim_id},")), encoding="utf-8")


# --- before 2.1.0: 2.0.0 and what changed since; the shipped bundle -----------------------------------


def test_before_the_release_the_ledger_read_as_2_0_0_with_its_unreleased_changes(bundle: Path) -> None:
    ledger = troopledger.load(bundle / "data")
    assert ledger.meta["version"] == "2.0.0"
    assert ledger.release == Release(
        version="2.0.0",
        unreleased=29,
        added=(*SECTION_7, *NEW_SOURCES, "E19", "E20"),
        changed=("C065",),
        removed=(),
    )


def test_the_shipped_places_agree() -> None:
    shipped = versions(ROOT)
    assert len(set(shipped)) == 1, shipped
    assert problems(ROOT) == []


# --- a release on a copy ------------------------------------------------------------------------------


def test_release_raises_every_place_and_writes_the_entry(bundle: Path) -> None:
    changelog = (bundle / "CHANGELOG.md").read_text(encoding="utf-8")
    outcome = release.release(bundle)
    assert outcome.problems == []
    assert (outcome.old, outcome.new, outcome.part) == ("2.0.0", "2.1.0", "minor")
    assert versions(bundle) == ("2.1.0",) * 4
    entry = (
        "## 2.1.0\n\n"
        "- **Added claims**: C073–C087.\n"
        f"- **Added sources**: {', '.join(f'`{s}`' for s in NEW_SOURCES)}.\n"
        "- **Added events**: E19, E20.\n"
        "- **Changed claims**:\n"
        "  - C065: `originator`, `conduit`.\n"
        "- **New measures**: `ballistic_missiles`, `workers_sent`, `explosive_objects_destroyed`, "
        "`hectares_cleared`.\n"
    )
    assert outcome.entry == entry
    intro, rest = changelog.split("\n## 2.0.0\n", 1)
    assert (bundle / "CHANGELOG.md").read_text(encoding="utf-8") == f"{intro}\n{entry}\n## 2.0.0\n{rest}"
    assert problems(bundle) == []
    ledger = troopledger.load(bundle / "data")
    assert ledger.release == Release("2.1.0", 0)
    assert ledger.meta["version"] == "2.1.0"
    citation = (bundle / "CITATION.cff").read_text(encoding="utf-8")
    assert citation == (BEFORE / "CITATION.cff").read_text(encoding="utf-8").replace("version: 2.0.0", "version: 2.1.0")


def test_a_change_to_an_old_claim_after_a_release_is_unreleased(bundle: Path) -> None:
    assert release.release(bundle).problems == []
    edit_claim(bundle, "C012", note="A corrected note.", conduit="Yonhap")
    assert problems(bundle) == [], "a correction is no fault"
    assert troopledger.load(bundle / "data").release == Release("2.1.0", 1, changed=("C012",))
    outcome = release.release(bundle)
    assert (outcome.new, outcome.part) == ("2.2.0", "minor")
    assert outcome.entry == "## 2.2.0\n\n- **Changed claims**:\n  - C012: `conduit`, `note`.\n"
    assert troopledger.load(bundle / "data").release == Release("2.2.0", 0)


def test_requoting_a_file_is_no_change(bundle: Path) -> None:
    """Fingerprints are of the values check reads: a file re-saved with every cell quoted is unchanged."""
    assert release.release(bundle).problems == []
    path = bundle / "data" / "claims.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    buf = io.StringIO()
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    assert troopledger.load(bundle / "data").release == Release("2.1.0", 0)


def test_a_removed_claim_makes_a_major_release(bundle: Path) -> None:
    assert release.release(bundle).problems == []
    delete_claim(bundle, "C087")
    outcome = release.release(bundle, "minor")
    assert [str(p) for p in outcome.problems] == [
        "datapackage.json: version: a minor release cannot hold these changes (1 claim removed): it needs major; "
        f"major: {release.PARTS['major']}"
    ]
    assert versions(bundle) == ("2.1.0",) * 4
    outcome = release.release(bundle)
    assert (outcome.new, outcome.part, outcome.entry) == ("3.0.0", "major", "## 3.0.0\n\n- **Removed claims**: C087.\n")


def test_patch_is_for_corrections_only(bundle: Path) -> None:
    before = snapshot(bundle)
    outcome = release.release(bundle, "patch")
    assert [str(p) for p in outcome.problems] == [
        "datapackage.json: version: a patch release cannot hold these changes (15 claims, 11 sources and 2 events "
        f"added; 1 claim changed): it needs minor; minor: {release.PARTS['minor']}"
    ]
    assert snapshot(bundle) == before
    assert release.release(bundle).problems == []
    edit_claim(bundle, "C065", note="A corrected note.")
    outcome = release.release(bundle, "patch")
    assert (outcome.new, outcome.entry) == ("2.1.1", "## 2.1.1\n\n- **Changed claims**:\n  - C065: `note`.\n")


def test_nothing_to_release_unless_a_part_is_named(bundle: Path) -> None:
    assert release.release(bundle).problems == []
    before = snapshot(bundle)
    outcome = release.release(bundle)
    assert [str(p) for p in outcome.problems] == [
        "datapackage.json: version: nothing to release: no claim, source or event was added, changed or removed "
        "since 2.1.0; to release a change to the codebook or the schema, say which part to raise (--patch, "
        "--minor, --major)"
    ]
    assert snapshot(bundle) == before
    outcome = release.release(bundle, "patch")
    assert (outcome.new, outcome.entry) == (
        "2.1.1",
        "## 2.1.1\n\n- No claim, source or event was added, changed or removed.\n",
    )


def test_an_invalid_ledger_is_refused_and_nothing_is_written(bundle: Path) -> None:
    edit_claim(bundle, "C003", best="11.000")
    before = snapshot(bundle)
    outcome = release.release(bundle)
    assert [str(p) for p in outcome.problems] == [
        "claims.csv:4: best: '11.000' uses a dot as a thousands separator; best takes digits only: write 11000"
    ]
    assert snapshot(bundle) == before


def test_a_dry_run_writes_nothing(bundle: Path) -> None:
    before = snapshot(bundle)
    outcome = release.release(bundle, dry_run=True)
    assert (outcome.problems, outcome.new, outcome.files) == ([], "2.1.0", [])
    assert outcome.entry.startswith("## 2.1.0\n\n- **Added claims**: C073–C087.\n")
    assert snapshot(bundle) == before


def test_a_failed_write_puts_back_every_file(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All or nothing: CITATION.cff fails to be replaced after datapackage.json was; datapackage.json is restored."""
    before = snapshot(bundle)
    replace = atomic.os.replace
    calls: list[str] = []

    def second_fails(src: str, dst: str) -> None:
        calls.append(Path(dst).name)
        if len(calls) == 2:
            raise OSError("disk full")
        replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", second_fails)
    with pytest.raises(OSError, match="disk full"):
        release.release(bundle)
    assert calls == ["datapackage.json", "CITATION.cff", "datapackage.json"]  # the last one puts it back
    assert snapshot(bundle) == before, "files changed, or temporary files were left"


def test_frictionless_accepts_a_released_package(bundle: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    assert release.release(bundle).problems == []
    report = frictionless.validate(str(bundle / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])


# --- the command line ---------------------------------------------------------------------------------


def test_release_command(bundle: Path, cli: Run) -> None:
    result = cli("release", "--root", bundle, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "release: 2.1.0 (minor release after 2.0.0): 15 claims, 11 sources and 2 events added; 1 claim changed"
    )
    assert result.stdout.splitlines()[-1] == "release --dry-run: nothing was written"
    result = cli("release", "--root", bundle, "--major")
    assert result.returncode == 0, result.stderr
    assert versions(bundle) == ("3.0.0",) * 4
    result = cli("release", "--root", bundle)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "release: 1 problem; nothing was written"


def test_release_help_says_what_each_part_means(cli: Run) -> None:
    result = cli("release", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for part, meaning in release.PARTS.items():
        assert f"--{part} {part}: {' '.join(meaning.split())}" in text


def test_the_changelog_intro_states_the_same_policy() -> None:
    intro = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    for part in release.PARTS:
        assert f"**{part}**" in intro, part
    assert "troopledger release" in intro


# --- check: the places that carry a version agree -----------------------------------------------------


def test_check_fails_when_citation_and_datapackage_disagree(bundle: Path) -> None:
    path = bundle / "CITATION.cff"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("version: 2.0.0")].count("\n") + 1
    path.write_text(text.replace("version: 2.0.0", "version: 2.1.0"), encoding="utf-8")
    assert problems(bundle) == [
        f"CITATION.cff:{line}: version: 2.1.0, but datapackage.json says 2.0.0: the version must be the same in "
        "datapackage.json, CITATION.cff and CHANGELOG.md (troopledger release sets all three)"
    ]


def test_check_fails_when_the_newest_changelog_entry_disagrees(bundle: Path) -> None:
    path = bundle / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8").replace("\n## 2.0.0\n", "\n## 2.1.0\n\n- Typed by hand.\n\n## 2.0.0\n")
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("## 2.1.0")].count("\n") + 1
    assert problems(bundle) == [
        f"CHANGELOG.md:{line}: version: 2.1.0, but datapackage.json says 2.0.0: the version must be the same in "
        "datapackage.json, CITATION.cff and CHANGELOG.md (troopledger release sets all three)"
    ]


def test_check_fails_when_a_place_gives_no_version(bundle: Path) -> None:
    path = bundle / "CITATION.cff"
    path.write_text(path.read_text(encoding="utf-8").replace("version: 2.0.0\n", ""), encoding="utf-8")
    assert problems(bundle) == [
        "CITATION.cff: version: gives no version; add the line 'version: 2.0.0': the version must be the same in "
        "datapackage.json, CITATION.cff and CHANGELOG.md (troopledger release sets all three)"
    ]


def test_check_fails_when_the_version_is_raised_by_hand(bundle: Path) -> None:
    """datapackage.json's version and its release record disagree: the rows were never released as 2.1.0."""
    path = bundle / "data" / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    line = text[: text.index('"version": "2.0.0"')].count("\n") + 1
    path.write_text(text.replace('"version": "2.0.0"', '"version": "2.1.0"', 1), encoding="utf-8")
    for name in ("CITATION.cff", "CHANGELOG.md"):
        place = bundle / name
        place.write_text(place.read_text(encoding="utf-8").replace("2.0.0", "2.1.0", 1), encoding="utf-8")
    assert problems(bundle) == [
        f"datapackage.json:{line}: version: is 2.1.0, but the release record (released) is of 2.0.0: raise the "
        "version with troopledger release, which also records what the release holds"
    ]


def test_a_damaged_release_record_is_named(bundle: Path) -> None:
    path = bundle / "data" / "datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    package["released"]["claims"]["rows"]["C001"] = "abc"
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    line = text[: text.index('"released"')].count("\n") + 1
    assert problems(bundle) == [
        f"datapackage.json:{line}: released: claims: the fingerprint of C001 is not one of 6 hex digits per "
        "column; it is written by troopledger release: restore it from the last release (git) rather than edit it"
    ]


def test_a_copy_of_data_in_another_project_is_not_held_to_its_versions(bundle: Path) -> None:
    """Beside another project's CITATION.cff (another title), data/ is checked on its own."""
    (bundle / "CITATION.cff").write_text('cff-version: 1.2.0\ntitle: "My story"\nversion: 0.3.0\n', encoding="utf-8")
    (bundle / "CHANGELOG.md").write_text("# Changelog\n\n## 0.3.0\n", encoding="utf-8")
    assert problems(bundle) == []
