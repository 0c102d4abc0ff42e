"""Command line: `python -m generator build|check|new|new-site|import|serve`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from generator.authoring import archetypes, newsite
from generator.build.pipeline import build, load_site, now_line, resolve_now
from generator.content.settings import load_settings
from generator.importing.incoming import SourceError
from generator.problems import ContentError, Problem, format_report, summary, totals

DEFAULT_OUT = "build/docs"


def _github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show on the changed lines of a pull request."""

    def esc(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    lines = []
    for p in problems:
        props = [f"file={esc(p.path, True)}"]
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={esc(p.field or 'content', True)}")
        body = p.message + (f" — {p.fix}" if p.fix else "")
        lines.append(f"::{p.severity} {','.join(props)}::{esc(body)}")
    lines.append(totals(problems))
    return "\n".join(lines)


def _local_day(now, zone: str) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


def _build_options(b: argparse.ArgumentParser) -> None:
    b.add_argument("--out", type=Path, help=f"output folder (default: {DEFAULT_OUT})")
    b.add_argument("--content", type=Path, help="content folder (default: content/ in the project)")
    b.add_argument(
        "--now",
        help="the build's 'now' as an ISO date-time, e.g. 2026-11-23T09:00+00:00 "
        "(default: SOURCE_DATE_EPOCH, else the clock)",
    )


def _build(args: argparse.Namespace, root: Path) -> int:
    result = build(root, (args.out or root / DEFAULT_OUT).resolve(), args.now, args.content)
    print(now_line(result.site.now, given=bool(args.now)))
    if result.warnings:
        print(summary(result.warnings), file=sys.stderr)
    r = result.report
    print(
        f"Built {len(r.written) + r.unchanged} files: {len(r.written)} written, "
        f"{r.unchanged} unchanged, {len(r.removed)} removed."
    )
    return 0


def _check_options(c: argparse.ArgumentParser) -> None:
    c.add_argument("--content", type=Path, help="content folder (default: content/ in the project)")
    c.add_argument("--now", help="as for build; decides which events are past")
    c.add_argument(
        "--format", choices=("text", "github"), default="text", help="'github' prints GitHub Actions annotations"
    )


def _check(args: argparse.Namespace, root: Path) -> int:
    try:
        _, problems, _ = load_site(root, resolve_now(args.now), args.content)
        status = 0
    except ContentError as exc:
        problems, status = exc.problems, 1
    if args.format == "github":
        print(_github(problems))
    else:
        # The last line says what to do next, so a failed check does not read like a crash.
        print(format_report(problems) + (": fix the errors above, then run make check again" if status else ""))
    return status


def _new_options(n: argparse.ArgumentParser) -> None:
    n.add_argument("kind", choices=archetypes.KINDS)
    n.add_argument("title", help="the title in quotes (for a person, their name)")
    # One option per question (archetypes.QUESTIONS), so the options, the prompts and the guide agree.
    for flag, uses in archetypes.flags().items():
        said = "; ".join(f"for {archetypes.NOUNS[kind]}: {q.asks} (e.g. {q.example})" for kind, q in uses)
        n.add_argument(flag, help=said.replace("%", "%%"))
    n.add_argument("--number", type=int, help="for a journal issue: its number (default: the next one)")
    n.add_argument("--content", type=Path, help="content folder (default: content/ in the project)")
    n.add_argument("--now", help="as for build; the examples in messages are dated after it")


def _new(args: argparse.Namespace, root: Path) -> int:
    """At a terminal, ask for what the options leave out; elsewhere, say which options to add."""
    settings = load_settings(root / "site.yml")
    given = {flag: getattr(args, flag[2:].replace("-", "_")) for flag in archetypes.flags()}
    at_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    try:
        made = archetypes.create(
            args.content or root / "content",
            args.kind,
            args.title,
            _local_day(resolve_now(args.now), settings.timezone),
            given,
            args.number,
            ask=input if at_terminal else None,
        )
    except (EOFError, KeyboardInterrupt):
        print("\nnew: stopped; nothing was written.", file=sys.stderr)
        return 1
    print(made.path.relative_to(root) if made.path.is_relative_to(root) else made.path)
    if made.asked:
        print(f"Next time, the same in one line: {made.command}")
    return 0


def _new_site_options(ns: argparse.ArgumentParser) -> None:
    ns.add_argument("folder", help="the new folder (must not exist, or be empty)")
    ns.add_argument("--name", required=True, help="the site's name, e.g. 'Northshire Learning Exchange'")
    ns.add_argument("--base-url", required=True, help="where it will be published, e.g. https://learning.example.org/")
    ns.add_argument("--organiser", help="who runs the events (default: the site's name)")
    ns.add_argument("--email", required=True, help="contact address, also the calendar organiser")
    ns.add_argument("--timezone", default="Europe/London", help="default time zone for events (IANA name)")
    ns.add_argument("--language", default="en", help="language code of the pages (default: en)")
    ns.add_argument("--description", help="one sentence for the home page and search engines")


def _new_site(args: argparse.Namespace, root: Path) -> int:
    if not args.folder.strip():
        raise newsite.NewSiteError(
            "give the folder for the new site, like make new-site DIR=../our-site NAME=… URL=… EMAIL=…"
        )
    target = Path(args.folder).expanduser().absolute()
    newsite.create(
        target,
        Path(__file__).resolve().parent.parent,
        args.name,
        args.base_url,
        args.organiser or args.name,
        args.email,
        args.timezone,
        args.language,
        args.description,
    )
    print(f"Made a new site in {target}. Next: cd {target} && make serve")
    return 0


def _import_options(i: argparse.ArgumentParser) -> None:
    forms = i.add_subparsers(dest="form", required=True)
    for form, source, said in (
        ("ics", "an iCalendar file (.ics)", "from Google Calendar, Outlook, The Events Calendar or any calendar"),
        ("events-calendar", "the folder", "holding the JSON pages of The Events Calendar's REST API, saved as files"),
    ):
        f = forms.add_parser(form, help=f"import events from {source} {said}")
        f.add_argument("source", type=Path, help=f"{source} {said}")
        f.add_argument("--series", help="the series to put them in (default: content/events/, each on its own)")
        f.add_argument("--dry-run", action="store_true", help="show the files it would write, and write nothing")
        f.add_argument("--content", type=Path, help="content folder (default: content/ in the project)")
        f.add_argument("--now", help="as for build; a calendar rule without end is written out a year past it")


def _import(args: argparse.Namespace, root: Path) -> int:
    """Import, then check the files written as `check` does, and say what happened."""
    # Imported here: the calendar readers load slowly, and only import needs them.
    from generator.importing import command as importing

    settings = load_settings(root / "site.yml")
    now = resolve_now(args.now)

    def check(content: Path) -> list[Problem]:
        try:
            return load_site(root, now, content, settings)[1]
        except ContentError as exc:
            return exc.problems

    content = args.content or root / "content"
    try:
        print(importing.run(args.form, args.source, root, content, settings, now, args.series, args.dry_run, check))
    except SourceError as exc:
        print(f"import: {exc}; nothing was written.", file=sys.stderr)
        return 1
    return 0


def _serve_options(s: argparse.ArgumentParser) -> None:
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    s.add_argument(
        "--poll",
        action="store_true",
        help="look for changes every half second instead of being told by the system "
        "(for folders shared from another machine, where change notices do not arrive)",
    )


def _serve(args: argparse.Namespace, root: Path) -> int:
    """Build with MkDocs, then rebuild only what each save in content/ changes."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    # Imported here: only serve needs MkDocs, and the other commands start faster without it.
    from generator.bridge import logs, preview

    with logs.to_terminal():
        return preview.serve(root / "mkdocs.yml", args.dev_addr, args.poll)


class Command(NamedTuple):
    help: str
    options: Callable[[argparse.ArgumentParser], None]  # adds the command's arguments to its parser
    run: Callable[[argparse.Namespace, Path], int]  # does it, given the arguments and the project folder
    description: str | None = None


COMMANDS = {
    "build": Command("validate content and write the Markdown site for MkDocs", _build_options, _build),
    "check": Command("check all content without building; exit 1 if there are errors", _check_options, _check),
    "new": Command(
        "start a new file from a template",
        _new_options,
        _new,
        "Write a new content file with the required fields filled in.",
    ),
    "new-site": Command(
        "start your own site in a new folder, without the example content",
        _new_site_options,
        _new_site,
        "Make a new project folder with empty content/ and your own site.yml.",
    ),
    "import": Command(
        "bring in existing events from a calendar file or The Events Calendar",
        _import_options,
        _import,
        "Write a content file for each event in another calendar, never over a file or twice for the same event.",
    ),
    "serve": Command("build and preview the site, reloading as files change", _serve_options, _serve),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator", description="Build, check and add content for the learning site."
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (with site.yml and content/)")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, command in COMMANDS.items():
        command.options(sub.add_parser(name, help=command.help, description=command.description))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve()
    try:
        return COMMANDS[args.command].run(args, root)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print("Nothing was written; fix the errors above and run again.", file=sys.stderr)
        return 1
    except archetypes.NewError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 1
    except newsite.NewSiteError as exc:
        print(f"new-site: {exc}", file=sys.stderr)
        return 1
