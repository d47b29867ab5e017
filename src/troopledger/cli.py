"""Command line: check, export, build, nbclean. Heavy imports stay inside the commands that need them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_check(args: argparse.Namespace) -> int:
    from .ledger import validate

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
    from .ledger import validate

    _, problems = validate(root / "data")
    if problems:
        _report_refusal(problems)
    return bool(problems)


def cmd_export(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if _refuse_if_invalid(root):  # before the heavy imports: a refusal should be quick
        return 1
    from .export import export
    from .ledger import load

    changed = export(load(root / "data"), root / "figures")
    print(f"export: figures/ is up to date, {len(changed)} file(s) changed")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from . import build
    from .errors import LedgerError

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


def cmd_nbclean(args: argparse.Namespace) -> int:
    """The git clean filter: a notebook in the form the build writes (see notebook_filter)."""
    from .notebook_filter import clean_bytes

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="troopledger", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate a ledger folder")
    p.add_argument("--data", help="ledger folder (default: data/)")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("export", help="write every chart and table to figures/")
    p.add_argument("--root", default=".", help="bundle folder holding data/ and figures/ (default: .)")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("build", help="check, export, and execute the notebooks")
    p.add_argument("--root", default=".", help="bundle folder (default: .)")
    p.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    p.add_argument("--check", action="store_true", help="fail if committed outputs differ from a fresh build")
    p.set_defaults(func=cmd_build)
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
