"""Command line: `python -m generator build|check`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build, load_site, resolve_now
from .problems import ContentError, format_report

DEFAULT_OUT = "build/docs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (with site.yml and content/)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate content and write the Markdown site for MkDocs")
    b.add_argument("--out", type=Path, help=f"output folder (default: {DEFAULT_OUT})")
    b.add_argument("--content", type=Path, help="content folder (default: content/ in the project)")
    b.add_argument("--now", help="the build's 'now' as an ISO date-time, e.g. 2026-11-23T09:00+00:00 "
                                 "(default: SOURCE_DATE_EPOCH, else the clock)")
    c = sub.add_parser("check", help="validate content without building")
    c.add_argument("--content", type=Path, help="content folder (default: content/ in the project)")
    c.add_argument("--now", help="as for build; decides which events are past")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "build":
            result = build(root, (args.out or root / DEFAULT_OUT).resolve(), args.now, args.content)
            if result.warnings:
                print(format_report(result.warnings), file=sys.stderr)
            r = result.report
            print(f"Built {len(r.written) + r.unchanged} files: {len(r.written)} written, "
                  f"{r.unchanged} unchanged, {len(r.removed)} removed.")
            return 0
        _, warnings, _ = load_site(root, resolve_now(args.now), args.content)
        print(format_report(warnings))
        return 0
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print("Nothing was written; fix the errors above and run again.", file=sys.stderr)
        return 1
