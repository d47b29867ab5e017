"""Command line: check, export, build. Heavy imports stay inside the commands that need them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _root() -> Path:
    """The bundle root: the folder holding data/ that the commands work on (the cwd by default)."""
    return Path.cwd()


def cmd_check(args: argparse.Namespace) -> int:
    from .ledger import validate

    data = Path(args.data) if args.data else _root() / "data"
    tables, problems = validate(data)
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        print(f"check: {len(problems)} problem{'s' * (len(problems) != 1)} in {args.data or 'data'}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(t.rows)} {name}" for name, t in tables.items())
    print(f"check: ok, {counts} in {args.data or 'data'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="troopledger", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate a ledger folder")
    p.add_argument("--data", help="ledger folder (default: data/)")
    p.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    return args.func(args)
