"""What people expect of a dataset they may cite, and of a command line they script: licences, version,
changelog, and an export that writes exactly what was asked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import troopledger

ROOT = Path(__file__).resolve().parents[1]


def test_licences_are_stated_for_code_and_data():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "CC BY 4.0" in licence
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "MIT" in readme and "CC BY 4.0" in readme


def test_the_version_is_one_number_everywhere():
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(package['version'])}$", citation, flags=re.M)
    assert re.search(r"^## (\S+)", changelog, flags=re.M).group(1) == package["version"], "newest entry first"


def _ids(text: str) -> set[str]:
    out = set(re.findall(r"\bC\d{3,}\b", text))
    for a, b in re.findall(r"\bC(\d{3,})–C(\d{3,})\b", text):
        out |= {f"C{n:03d}" for n in range(int(a), int(b) + 1)}
    return out


def test_the_changelog_names_every_claim():
    """Every released claim is named in the changelog; a claim added since the last release may be missing
    until `troopledger release` writes the next entry (the release record in datapackage.json says which)."""
    named = _ids((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert set(package["released"]["claims"]["rows"]) <= named, "a released claim is missing from the changelog"
    claims = (ROOT / "data" / "claims.csv").read_text(encoding="utf-8")
    ids = set(re.findall(r"^(C\d{3,}),", claims, flags=re.M))
    unreleased = set(troopledger.load(ROOT / "data").release.added)
    assert ids - unreleased <= named


def run(*args: object, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env_src = str(ROOT / "src")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys; sys.path.insert(0, {env_src!r}); from troopledger.cli import main; raise SystemExit(main())",
            *map(str, args),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_export_one_chart_at_slide_size_with_compact_notes(tmp_path):
    before = snapshot(ROOT / "figures")
    out = tmp_path / "slides"
    result = run("export", "--size", "slide", "--notes", "compact", "--only", "deployment-waves", "--out", out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "deployment-waves-slide-compact.pdf",
        "deployment-waves-slide-compact.png",
        "deployment-waves-slide-compact.svg",
    ]
    png = Image.open(out / "deployment-waves-slide-compact.png")
    assert png.size == (1920, 1080)
    svg = (out / "deployment-waves-slide-compact.svg").read_text(encoding="utf-8")
    assert 'width="960pt" height="540pt"' in svg, "13.33 x 7.5 in"
    assert snapshot(ROOT / "figures") == before, "figures/ is left alone"


def test_a_full_page_chart_is_a_300_dpi_print_image(tmp_path):
    out = tmp_path / "page"
    result = run("export", "--size", "page", "--only", "casualties", "--out", out)
    assert result.returncode == 0, result.stderr
    png = Image.open(out / "casualties-page.png")
    assert round(png.info["dpi"][0]) == 300
    assert png.size == (1948, 2692), "16.5 x 22.8 cm, the text area of A4 and Letter, at 300 dpi"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--only", "no-such-chart"], "unknown chart 'no-such-chart'; choose from: deployment-waves, casualties"),
        (["--size", "poster"], "invalid choice: 'poster' (choose from"),
        (["--notes", "short"], "invalid choice: 'short' (choose from"),
    ],
)
def test_export_refuses_unknown_choices_listing_the_valid_ones_and_writes_nothing(tmp_path, args, expected):
    out = tmp_path / "out"
    result = run("export", *args, "--out", out)
    assert result.returncode == 2
    assert expected in result.stderr
    assert not out.exists()


def test_every_make_target_is_listed_by_make_help():
    result = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for target in ("all", "test", "lab", "build", "check", "export", "bench", "clean"):
        assert re.search(rf"^  make {target}\s", result.stdout, flags=re.M), target
