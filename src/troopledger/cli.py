"""Command line: check, add, export, build, nbclean. Heavy imports stay inside the commands that need them."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

from troopledger.words import LANGUAGES

# numpy's BLAS starts threads when it is imported, and a process with threads must not fork; the commands
# fork their chart workers, and draw charts with no use for parallel linear algebra. Set before any import
# of numpy, and only here: a notebook or script importing the package keeps its own settings.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")


def cmd_check(args: argparse.Namespace) -> int:
    from troopledger.ledger import validate

    data = Path(args.data) if args.data else Path("data")
    tables, problems = validate(data)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"check: {len(problems)} problem{'s' * (len(problems) != 1)} in {args.data or 'data'}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(t.rows)} {name}" for name, t in tables.items())
    print(f"check: ok, {counts} in {args.data or 'data'}")
    return 0


def _report_refusal(problems: list) -> None:
    for p in problems:
        print(p, file=sys.stderr)
    print(f"refusing to run: {len(problems)} problem(s) in the ledger; nothing was written", file=sys.stderr)


def _refuse_if_invalid(root: Path) -> bool:
    """Validate without pandas (fast); print every problem and return True when the ledger is bad."""
    from troopledger.ledger import validate

    _, problems = validate(root / "data")
    if problems:
        _report_refusal(problems)
    return bool(problems)


def cmd_export(args: argparse.Namespace) -> int:
    """The default export rewrites figures/; a size, notes style or chart list writes only what was asked."""
    root = Path(args.root)
    if _refuse_if_invalid(root):  # before the heavy imports: a refusal should be quick
        return 1
    from troopledger import charts
    from troopledger.charts import style
    from troopledger.ledger import load
    from troopledger.outputs import export

    ledger = load(root / "data")
    variant = export.Variant(style.SIZES[args.size], args.notes == "compact")
    known = charts.chart_slugs(ledger)
    unknown = [s for s in args.only or [] if s not in known]
    if unknown:
        print(
            f"export: unknown chart {', '.join(map(repr, unknown))}; choose from: {', '.join(known)}", file=sys.stderr
        )
        print("export: nothing was written", file=sys.stderr)
        return 2
    slugs = [s for s in known if s in set(args.only)] if args.only else known
    if not args.only and not args.out and variant == export.DEFAULT:
        from troopledger.outputs.build import export_figures

        changed = export_figures(root)
        print(f"export: figures/ (and figures/ko/, docs/) up to date, {len(changed)} file(s) changed")
        return 0
    folder = f"{variant.size.name}-{args.notes}" + ("" if args.lang == "en" else f"-{args.lang}")
    out = Path(args.out) if args.out else root / "exports" / folder
    changed = export.export_variant(ledger, out, slugs, variant, prune=False, lang=args.lang)
    print(
        f"export: {len(slugs)} chart(s) at {variant.size.name} size with {args.notes} notes in {out}, "
        f"{len(changed)} file(s) changed"
    )
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from troopledger.ledger.errors import LedgerError
    from troopledger.outputs import build

    root = Path(args.root)
    try:  # build validates the ledger itself, before it touches anything
        if args.check:
            problems = build.check(root)
            for p in problems:
                print(p, file=sys.stderr)
            if problems:
                print(
                    f"build --check: {len(problems)} committed file(s) differ from a fresh build; run make and commit",
                    file=sys.stderr,
                )
                return 1
            print("build --check: committed notebooks/ and figures/ match a fresh build")
            return 0
        print(build.build(root, force=args.force))
        return 0
    except LedgerError as exc:
        _report_refusal(exc.problems)
        return 1
    except build.BuildError as exc:
        print(f"build failed, nothing was written: {exc}", file=sys.stderr)
        return 1


NEW_SOURCE_FLAGS = ("outlet", "published", "carried_by", "title", "source_note", "new_source_id")
CLAIM_FLAGS = (
    "measure",
    "phrase",
    "wave",
    "unit",
    "scope",
    "qualifier",
    "period_start",
    "period_end",
    "precision",
    "period_as_reported",
    "as_of",
    "originator",
    "conduit",
    "place",
    "purpose",
    "caveat",
    "note",
)


def _iso_date(text: str) -> str:
    """argparse type for date options: a real date written YYYY-MM-DD, kept as that text."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            dt.date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a real date in the form YYYY-MM-DD")


def _add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The add subcommand's options: where the claim comes from, and the claim itself."""
    p = sub.add_parser(
        "add",
        help="add one claim (and its source, if new) to the ledger",
        description="Add one claim to the ledger. Nothing is written unless the whole ledger passes check.",
    )
    p.add_argument("--data", default="data", metavar="DIR", help="ledger folder (default: data/)")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--source-id", metavar="ID", help="the report carrying the claim, already in sources.csv")
    where.add_argument("--url", help="a report not yet in sources.csv: its address (needs --outlet)")
    new = p.add_argument_group("a new source (with --url)")
    new.add_argument("--outlet", metavar="NAME", help="the outlet whose report it is")
    new.add_argument(
        "--published",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date YYYY-MM-DD; omit when the page shows none",
    )
    new.add_argument("--carried-by", metavar="SITE", help="the site carrying the copy cited, when not the outlet's own")
    new.add_argument("--title", metavar="TEXT", help="the headline, only if the copy cited shows it")
    new.add_argument("--source-note", metavar="TEXT", help="the source's note: wire origin, what is unknown")
    new.add_argument(
        "--new-source-id", metavar="ID", help="the source's id (default: outlet slug and publication date)"
    )
    claim = p.add_argument_group("the claim")
    claim.add_argument(
        "--measure",
        required=True,
        metavar="MEASURE",
        help="troops_sent, troops_planned, killed, ... (see the codebook)",
    )
    claim.add_argument(
        "--phrase", required=True, metavar="TEXT", help="the short number phrase as the source wrote it (as_reported)"
    )
    claim.add_argument("--wave", type=int, metavar="N", help="the deployment wave, if the source says")
    claim.add_argument("--unit", metavar="TEXT", help="the part of the wave, or the unit, the figure covers")
    claim.add_argument(
        "--scope",
        help="default: at_date (troops_present), cumulative (totals), wave (with --wave), "
        "wave_part (with --wave and --unit), else cumulative",
    )
    claim.add_argument(
        "--qualifier", choices=["upper_estimate"], help="override the wording's qualifier (needs --caveat)"
    )
    claim.add_argument(
        "--period-start", type=_iso_date, metavar="YYYY-MM-DD", help="first day of the period the figure refers to"
    )
    claim.add_argument("--period-end", type=_iso_date, metavar="YYYY-MM-DD", help="last day of that period")
    claim.add_argument("--precision", help="day, month, season, year (default: not_stated)")
    claim.add_argument(
        "--period-as-reported", metavar="TEXT", help="the period in the source's words (default: not stated)"
    )
    claim.add_argument(
        "--as-of", type=_iso_date, metavar="YYYY-MM-DD", help="the claim date (default: the publication date)"
    )
    for name in ("originator", "conduit", "place", "purpose", "caveat", "note"):
        claim.add_argument(f"--{name}", metavar="TEXT", help=f"the claim's {name} (see the codebook)")
    p.set_defaults(func=lambda args: cmd_add(args, p))
    return p


def cmd_add(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from troopledger.ledger import add

    if args.source_id and any(getattr(args, k) is not None for k in NEW_SOURCE_FLAGS):
        given = [f"--{k.replace('_', '-')}" for k in NEW_SOURCE_FLAGS if getattr(args, k) is not None]
        verb = "is" if len(given) == 1 else "are"
        parser.error(f"{', '.join(given)} {verb} for a new source: use with --url, not with --source-id")
    if args.url and not args.outlet:
        parser.error("--url (a new source) needs --outlet")
    source = None
    if args.url:
        values = {k: getattr(args, k) or "" for k in ("outlet", "url", "published", "carried_by", "title")}
        source = add.NewSource(**values, note=args.source_note or "", source_id=args.new_source_id or "")
    fields = {k: getattr(args, k) if k == "wave" else getattr(args, k) or "" for k in CLAIM_FLAGS}
    claim = add.NewClaim(source_id=args.source_id or "", **fields)
    try:
        outcome = add.add(Path(args.data), claim, source)
    except add.UsageError as exc:
        parser.error(str(exc))
    if outcome.problems:
        for p in outcome.problems:
            print(p, file=sys.stderr)
        n = len(outcome.problems)
        print(f"add: {n} problem{'s' * (n != 1)}; nothing was written to {args.data}", file=sys.stderr)
        return 1
    also = f" (and source {outcome.source_id} to {outcome.files['sources']})" if outcome.new_source else ""
    print(f"add: {outcome.claim_id} added to {outcome.files['claims']}{also}")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Raise the version from what changed in the rows; refuse, writing nothing, a ledger that fails check."""
    from troopledger.ledger.release import release

    part = next((p for p in ("major", "minor", "patch") if getattr(args, p)), None)
    outcome = release(Path(args.root), part, dry_run=args.dry_run)
    if outcome.problems:
        for p in outcome.problems:
            print(p, file=sys.stderr)
        n = len(outcome.problems)
        print(f"release: {n} problem{'s' * (n != 1)}; nothing was written", file=sys.stderr)
        return 1
    print(f"release: {outcome.new} ({outcome.part} release after {outcome.old or 'none'}): {outcome.summary()}")
    if args.dry_run:
        print(f"\n{outcome.entry}\nrelease --dry-run: nothing was written")
        return 0
    print(
        "release: wrote data/datapackage.json, CITATION.cff and CHANGELOG.md; run make to redraw the outputs "
        "with the new version, then commit data/, notebooks/, figures/ and those files together"
    )
    return 0


def _release_parser(sub: argparse._SubParsersAction) -> None:
    """The release subcommand: which part of the version to raise, and what each part means."""
    from troopledger.ledger.release import PARTS

    p = sub.add_parser(
        "release",
        help="raise the dataset's version and write the changelog entry, from what changed in the rows",
        description="Release the ledger: refuse if check fails; otherwise raise `version` in data/datapackage.json "
        "and CITATION.cff, write the CHANGELOG.md entry naming every claim, source and event added, changed or "
        "removed since the last release, and record what this release holds. Run it when a batch of reports is "
        "in and `make` passes; then run make again (charts print the version) and commit.",
    )
    p.add_argument("--root", default=".", help="bundle folder holding data/, CITATION.cff, CHANGELOG.md (default: .)")
    part = p.add_mutually_exclusive_group()
    for name, meaning in PARTS.items():
        part.add_argument(f"--{name}", action="store_true", help=f"{name}: {meaning}")
    p.add_argument("--dry-run", action="store_true", help="show the new version and changelog entry; write nothing")
    p.set_defaults(func=cmd_release)


def cmd_nbclean(args: argparse.Namespace) -> int:
    """The git clean filter: a notebook in the form the build writes (see notebook_filter)."""
    from troopledger.outputs.notebook_filter import clean_bytes

    if not args.files:  # as git runs it: stdin to stdout
        data = sys.stdin.buffer.read()
        try:
            cleaned = clean_bytes(data)
        except ValueError as exc:  # git then keeps the file as it is, and shows our message
            print(f"nbclean: <stdin>: {exc}; left as it is", file=sys.stderr)
            sys.stdout.buffer.write(data)
            return 1
        sys.stdout.buffer.write(cleaned)
        return 0
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            data = path.read_bytes()
            cleaned = clean_bytes(data)
        except (OSError, ValueError) as exc:
            print(f"nbclean: {name}: {exc}; left as it is", file=sys.stderr)
            status = 1
            continue
        if cleaned != data:
            path.write_bytes(cleaned)
            print(f"nbclean: {name}: cleaned")
    return status


def cmd_contact_sheet(args: argparse.Namespace) -> int:
    """Every chart at every size and in both notes modes on one page, for an editor's eyes."""
    root = Path(args.root)
    if _refuse_if_invalid(root):
        return 1
    from troopledger.ledger import load
    from troopledger.outputs import contact

    out = Path(args.out) if args.out else root / "exports" / "contact-sheet"
    index = contact.write(load(root / "data"), out, args.lang)
    print(f"contact-sheet: {index}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="troopledger", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate a ledger folder")
    p.add_argument("--data", help="ledger folder (default: data/)")
    p.set_defaults(func=cmd_check)
    _add_parser(sub)
    p = sub.add_parser(
        "export",
        help="write every chart and table to figures/, or some charts at another size",
        description="Without options: every chart and table into figures/ (column size, full notes). "
        "With --size, --notes, --only or --out: just those charts, into --out (default exports/SIZE-NOTES/).",
    )
    p.add_argument("--root", default=".", help="bundle folder holding data/ and figures/ (default: .)")
    p.add_argument(
        "--size",
        choices=["column", "page", "slide"],
        default="column",
        help="column: a 16 cm A4 text column (default); page: a full A4/Letter page; slide: 16:9, 13.33 x 7.5 in",
    )
    p.add_argument(
        "--notes",
        choices=["full", "compact"],
        default="full",
        help="full: a footnote per number (default); compact: one Source line (claims listed in the README)",
    )
    p.add_argument(
        "--only", action="append", metavar="SLUG", help="just this chart (repeatable); see figures/README.md"
    )
    p.add_argument("--out", metavar="DIR", help="folder to write into (default: figures/, or exports/SIZE-NOTES/)")
    p.add_argument("--lang", default="en", choices=LANGUAGES, help="the charts' language: en (default) or ko (Korean)")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("build", help="check, export, and execute the notebooks")
    p.add_argument("--root", default=".", help="bundle folder (default: .)")
    p.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    p.add_argument("--check", action="store_true", help="fail if committed outputs differ from a fresh build")
    p.set_defaults(func=cmd_build)
    _release_parser(sub)
    p = sub.add_parser(
        "contact-sheet",
        help="every chart at every size and notes mode on one HTML page, to look at",
        description="Draw every chart at column, page and slide size with full and compact notes into one HTML "
        "page (default exports/contact-sheet/index.html), each with the number of placement problems found.",
    )
    p.add_argument("--root", default=".", help="bundle folder (default: .)")
    p.add_argument("--out", metavar="DIR", help="folder to write into (default: exports/contact-sheet/)")
    p.add_argument("--lang", default="en", choices=LANGUAGES, help="the charts' language (default: en)")
    p.set_defaults(func=cmd_contact_sheet)
    p = sub.add_parser(
        "nbclean",
        help="write notebooks in the form the build commits (the git clean filter)",
        description="Strip interpreter versions, timings and view state from notebooks, keeping outputs. "
        "With no FILE: read a notebook on stdin and write it cleaned on stdout (as git's clean filter).",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="notebooks to clean in place")
    p.set_defaults(func=cmd_nbclean)
    args = parser.parse_args(argv)
    return args.func(args)
