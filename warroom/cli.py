"""The command line: parse arguments, build settings and the repository, run one command.

Imports are made inside each command so that ``warroom poll --once`` and ``warroom status``
never pay for Textual, and errors become one line on stderr with a non-zero exit, never a
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from warroom import __version__
from warroom.config import ConfigError, Settings
from warroom.domain.errors import UserError

__all__ = ["main", "build_parser"]

EXIT_USAGE = 2

DEMO_POLL_SECONDS = 5
"""The demo's simulator grows every few seconds; poll it that often so it looks live."""


class CommandError(UserError):
    """A command failed in a way the operator can act on; the message says how."""


def _db_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="database file (default: $WARROOM_DB, the config file, or ./warroom.json)"
    )


def _operator_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--operator",
        help="your name, recorded with every change (default: $WARROOM_OPERATOR or login)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="warroom",
        description="The communications war room's dashboard for a data breach.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error (a bug)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="open the dashboard on the bundled sample incident with live local feeds"
    )
    demo.add_argument("--db", help="database file (default: ./warroom-demo.json)")
    _operator_option(demo)
    demo.add_argument(
        "--no-feeds", action="store_true", help="do not start the local feed simulator"
    )
    demo.add_argument("--theme", help="Textual theme name")
    demo.add_argument(
        "--fresh", action="store_true", help="start a new demo room instead of carrying on"
    )
    demo.add_argument(
        "--hostile",
        action="store_true",
        help="mix hostile text (markup, escape sequences) into the simulated feeds",
    )

    init = commands.add_parser("init", help="import or update an incident file into the database")
    init.add_argument("file", type=Path, help="the incident file (JSON)")
    _db_options(init)
    _operator_option(init)

    open_ = commands.add_parser("open", help="open the dashboard on a database")
    _db_options(open_)
    _operator_option(open_)
    open_.add_argument("--wall", action="store_true", help="read-only wall-screen mode")
    open_.add_argument("--theme", help="Textual theme name")
    open_.add_argument(
        "--no-poll", action="store_true", help="do not poll feeds from this dashboard"
    )
    open_.add_argument(
        "--cycle",
        type=float,
        metavar="SECONDS",
        help="wall mode: show each tile full-screen in turn",
    )

    status = commands.add_parser("status", help="print a plain summary for scripts")
    _db_options(status)
    status.add_argument("--json", action="store_true", help="print JSON")

    poll = commands.add_parser("poll", help="poll the incident's feeds without the UI")
    _db_options(poll)
    _operator_option(poll)
    poll.add_argument("--once", action="store_true", help="poll every feed once, then exit")
    poll.add_argument(
        "--concurrency", type=int, default=8, help="requests in flight at once (default 8)"
    )
    poll.add_argument(
        "--parse", choices=("process", "inline"), default="process", help=argparse.SUPPRESS
    )

    export = commands.add_parser(
        "export", help="export messages (notice, FAQ, social, banner, briefings) or the review"
    )
    export.add_argument("what", help="notice | faq | social | banner | briefings | review")
    export.add_argument(
        "--format", dest="fmt", default="md", help="md | txt | html | eml (default md)"
    )
    export.add_argument("--out", required=True, type=Path, help="folder to write into")
    export.add_argument(
        "--override",
        metavar="REASON",
        help="export a gated draft that is not ready anyway; the reason is recorded",
    )
    _db_options(export)
    _operator_option(export)

    ledger = commands.add_parser("ledger", help="who has been told: the notification ledger")
    ledger_format = ledger.add_mutually_exclusive_group()
    ledger_format.add_argument("--json", action="store_true", help="print JSON")
    ledger_format.add_argument("--format", dest="fmt", choices=("md", "csv", "json"))
    ledger.add_argument(
        "--import-population",
        metavar="CSV",
        type=Path,
        help="first record a revision of the affected counts (kind,key,count)",
    )
    ledger.add_argument("--reason", default="", help="why the counts changed (with the import)")
    _db_options(ledger)
    _operator_option(ledger)

    new = commands.add_parser(
        "new-incident", help="write a starter incident file with the playbook filled in"
    )
    new.add_argument("file", type=Path, help="where to write it (never overwritten)")

    check = commands.add_parser("check", help="report how ready a prepared incident file is")
    check.add_argument("file", type=Path, help="the incident file")

    rehearse = commands.add_parser(
        "rehearse", help="replay a scripted incident into a database, for practice"
    )
    rehearse.add_argument(
        "script", type=Path, nargs="?", help="rehearsal script (default: the bundled one)"
    )
    rehearse.add_argument(
        "--speed", type=float, default=1.0, help="play N times faster (default 1)"
    )
    rehearse.add_argument(
        "--incident",
        type=Path,
        help="incident file of a new rehearsal database (default: the bundled sample)",
    )
    rehearse.add_argument(
        "--into-live",
        action="store_true",
        help="play into a database that is not a rehearsal (at --speed 1 only)",
    )
    _db_options(rehearse)

    inquiries = commands.add_parser("inquiries", help="inquiry counts from other systems")
    inquiry_commands = inquiries.add_subparsers(
        dest="inquiries_command", metavar="ACTION", required=True
    )
    importer = inquiry_commands.add_parser(
        "import", help="import counts from a CSV file (timestamp,channel,count[,topic])"
    )
    importer.add_argument("file", type=Path, help="the CSV file")
    importer.add_argument(
        "--force", action="store_true", help="import a file that was imported before"
    )
    _db_options(importer)
    _operator_option(importer)

    serve = commands.add_parser("serve", help="serve the dashboard to web browsers (textual-serve)")
    _db_options(serve)
    _operator_option(serve)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; loopback unless --public)",
    )
    serve.add_argument("--port", type=int, default=8080, help="TCP port (default 8080)")
    serve.add_argument("--wall", action="store_true", help="serve the read-only wall mode")
    serve.add_argument(
        "--no-poll",
        action="store_true",
        help="sessions do not poll feeds (a `warroom poll` service does)",
    )
    serve.add_argument(
        "--public",
        action="store_true",
        help="allow a non-loopback --host (no login: use an authenticating proxy)",
    )
    serve.add_argument(
        "--public-url", help="the URL browsers use, if not http://HOST:PORT (reverse proxy, tunnel)"
    )
    serve.add_argument(
        "--user-header",
        metavar="HEADER",
        help="take each session's operator from this header set by an authenticating proxy "
        "(e.g. X-Forwarded-User); without it each browser is asked for a name",
    )
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.resolve(
        db=getattr(args, "db", None),
        operator=getattr(args, "operator", None),
        theme=getattr(args, "theme", None),
    )


def _now() -> datetime:
    from warroom.domain.clock import system_clock

    return system_clock()


def _import_file(settings: Settings, path: Path, *, create: bool) -> list[str]:
    from warroom.incident_file.loader import load_incident_data
    from warroom.store.repository import WarRoomRepository

    data, _ = load_incident_data(path)  # read once, within bounds, validated: or nothing at all
    repo = WarRoomRepository.open(settings.db, create=create)
    try:
        return repo.import_incident(data, settings.operator, _now(), source=str(path))
    finally:
        repo.close()


def cmd_init(args: argparse.Namespace) -> int:
    settings = _settings(args)
    changes = _import_file(settings, args.file, create=True)
    if changes:
        print(f"{settings.db}: " + "; ".join(changes))
    else:
        print(f"{settings.db}: already up to date with {args.file}")
    return 0


def _run_app(
    settings: Settings,
    *,
    read_only: bool,
    poll: bool,
    feed_urls: dict[str, str] | None = None,
    cycle: float | None = None,
    feed_poll_seconds: int | None = None,
) -> int:
    from warroom.store.repository import WarRoomRepository

    repo = WarRoomRepository.open(settings.db, create=False)
    try:
        if not repo.has_incident():
            raise CommandError(
                f"{settings.db}: holds no incident yet; "
                f"run `warroom init INCIDENT.json --db {settings.db}`"
            )
        repo.snapshot()  # an unreadable incident or a missing shard is reported before the screen
        if repo.read_only and not read_only:
            # The banner is the header's READ-ONLY mark; this line stays in the scrollback.
            print(
                f"warroom: {settings.db}: the file is read-only; opening the read-only wall "
                "view (nothing can be changed, no feeds are polled)",
                file=sys.stderr,
            )
            read_only, poll = True, False
        for line in repo.quarantined():
            print(f"warroom: warning: {line}", file=sys.stderr)
        from warroom.store.rehearsal import read_rehearsal, room_clock

        clock = room_clock(repo)  # a rehearsal's dashboards tell its scripted time
        poll = poll and read_rehearsal(repo) is None  # its script is its feed: no real polls
    except BaseException:
        repo.close()
        raise
    # Textual is imported only now: a wrong --db is reported at once, not after a second.
    from warroom.config import remember_layout, remember_theme
    from warroom.service import StoreGateway
    from warroom.ui.app import WarRoomApp

    def keep_theme(name: str) -> None:
        # The theme still applies when it cannot be remembered.
        with contextlib.suppress(OSError, ConfigError):
            remember_theme(settings.operator, name)

    def keep_layout(split: str) -> None:
        with contextlib.suppress(OSError, ConfigError):
            remember_layout(settings.operator, split)

    try:
        app = WarRoomApp(
            StoreGateway(repo),
            operator=settings.operator,
            clock=clock,
            read_only=read_only,
            theme=settings.theme,
            poll_feeds=poll,
            feed_urls=feed_urls,
            keymap=settings.keymap,
            wall_cycle_seconds=cycle if cycle is not None else settings.wall_cycle_seconds,
            on_theme_change=keep_theme,
            auto_advance=settings.auto_advance,
            layout=settings.layout,
            on_layout_change=keep_layout,
            feed_poll_seconds=feed_poll_seconds,
        )
    except ValueError as error:
        repo.close()
        raise CommandError(str(error)) from None
    app.run()
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    settings = _settings(args)
    return _run_app(
        settings, read_only=args.wall, poll=not (args.no_poll or args.wall), cycle=args.cycle
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from warroom.commands.demo import describe, prepare_demo

    settings = _settings(args)
    if not args.db:
        settings = dataclasses.replace(settings, db=Path("warroom-demo.json"))
    room = prepare_demo(settings.db, settings.operator, _now(), fresh=args.fresh)
    print(describe(room))
    simulator = None
    feed_urls: dict[str, str] | None = None
    if not args.no_feeds:
        from warroom.feeds.simulator import start_simulator

        simulator = start_simulator(room.seed, schedule=room.schedule, hostile=args.hostile)
        feed_urls = dict(simulator.urls)
    try:
        return _run_app(
            settings,
            read_only=False,
            poll=simulator is not None,
            feed_urls=feed_urls,
            feed_poll_seconds=DEMO_POLL_SECONDS,
        )
    finally:
        if simulator is not None:
            simulator.stop()


def status_summary(settings: Settings) -> dict[str, object]:
    """The database in numbers, for ``warroom status`` (shape: schema/status.schema.json)."""
    from warroom.service import WarRoomService
    from warroom.service.status import status_document
    from warroom.store.rehearsal import room_clock
    from warroom.store.repository import WarRoomRepository

    repo = WarRoomRepository.open(settings.db, create=False)
    try:
        service = WarRoomService(
            repo, operator=settings.operator, clock=room_clock(repo), read_only=True
        )
        document = status_document(service, service.clock())
        for line in repo.quarantined():  # found while reading: told, and left in the file
            print(f"warroom: warning: {line}", file=sys.stderr)
        return document
    finally:
        repo.close()


def cmd_status(args: argparse.Namespace) -> int:
    summary = status_summary(_settings(args))
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    checklist = summary["checklist"]
    assert isinstance(checklist, dict)
    if summary["rehearsal"]:
        print("REHEARSAL (times are the rehearsal's scripted times)")
    print(f"{summary['title']} [{summary['severity']}, {summary['status']}]")
    print(f"{summary['elapsed']} since detection ({summary['detected_at']})")
    print(
        f"checklist: {checklist['done']}/{checklist['total']} done, "
        f"{len(checklist['overdue'])} overdue"
    )
    deadline = summary["next_deadline"]
    if isinstance(deadline, dict):
        print(f"next deadline: {deadline['name']} ({deadline['state']}), due {deadline['due_at']}")
    inquiries = summary["inquiries"]
    assert isinstance(inquiries, dict)
    print("inquiries: " + ", ".join(f"{k} {v['total']}" for k, v in inquiries.items()))
    mentions = summary["mentions"]
    assert isinstance(mentions, dict)
    print(
        "mentions: "
        + ", ".join(f"{k} {v}" for k, v in mentions.items() if k not in ("total", "respond_first"))
    )
    print(f"timeline: {summary['timeline_events']} events")
    return 0


def cmd_poll(args: argparse.Namespace) -> int:
    from warroom.commands.poll import run_poll

    settings = _settings(args)
    return run_poll(
        settings.db,
        once=args.once,
        concurrency=args.concurrency,
        operator=settings.operator,
        parse_mode=args.parse,
    )


def cmd_export(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.what == "review":
        from warroom.commands.review_export import run_review_export

        return run_review_export(settings.db, args.fmt, args.out)
    from warroom.commands.export import run_export

    return run_export(
        settings.db, args.what, args.fmt, args.out, settings.operator, override=args.override or ""
    )


def cmd_ledger(args: argparse.Namespace) -> int:
    from warroom.commands.ledger import run_ledger

    settings = _settings(args)
    fmt = "json" if args.json else (args.fmt or "md")
    return run_ledger(
        settings.db,
        fmt,
        settings.operator,
        population=args.import_population,
        reason=args.reason,
    )


def cmd_new_incident(args: argparse.Namespace) -> int:
    from warroom.commands.new_incident import run_new_incident

    return run_new_incident(args.file)


def cmd_check(args: argparse.Namespace) -> int:
    from warroom.commands.check import run_check

    return run_check(args.file)


def cmd_rehearse(args: argparse.Namespace) -> int:
    from warroom.commands.rehearse import run_rehearse

    return run_rehearse(
        args.script,
        _settings(args).db,
        speed=args.speed,
        into_live=args.into_live,
        incident=args.incident,
    )


def cmd_inquiries(args: argparse.Namespace) -> int:
    from warroom.commands.inquiries_import import run_inquiries_import

    settings = _settings(args)
    return run_inquiries_import(settings.db, args.file, settings.operator, force=args.force)


def cmd_serve(args: argparse.Namespace) -> int:
    from warroom.commands.serve import run_serve

    settings = _settings(args)
    return run_serve(
        settings.db,
        args.host,
        args.port,
        args.wall,
        settings.operator,
        public=args.public,
        public_url=args.public_url,
        poll=not args.no_poll,
        user_header=args.user_header,
    )


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "export": cmd_export,
    "ledger": cmd_ledger,
    "new-incident": cmd_new_incident,
    "check": cmd_check,
    "rehearse": cmd_rehearse,
    "inquiries": cmd_inquiries,
    "init": cmd_init,
    "open": cmd_open,
    "demo": cmd_demo,
    "status": cmd_status,
    "poll": cmd_poll,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run warroom; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except UserError as error:
        print(f"warroom: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
