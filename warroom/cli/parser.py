"""Every sub-command's arguments: the command line as the README documents it."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from warroom import __version__

if TYPE_CHECKING:
    _Commands: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

__all__ = ["build_parser", "command_of"]


def _db_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", help="database file (default: $WARROOM_DB, the config file, or ./warroom.json)"
    )


def _operator_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--operator",
        help="your name, recorded with every change (default: $WARROOM_OPERATOR or login)",
    )


WHEN_HELP = "now, -15m (written --at=-15m), HH:MM (UTC) or ISO 8601 (default: now)"


def _clock_commands(commands: _Commands) -> None:
    """``warroom clocks``: list the legal clocks; pause, resume, close a day, a trigger's why."""
    clocks = commands.add_parser(
        "clocks", help="the legal clocks; lawful pauses, closed days, triggers and their reasons"
    )
    clocks.add_argument("--json", action="store_true", help="print JSON")
    clocks.add_argument(
        "--all", dest="every", action="store_true", help="also the clocks that do not apply"
    )
    _db_options(clocks)
    _operator_option(clocks)
    actions = clocks.add_subparsers(dest="clock_command", metavar="ACTION")
    pause = actions.add_parser("pause", help="a lawful delay (law enforcement, DOJ) stops clocks")
    pause.add_argument("name", metavar="KIND", help="the pause kind, e.g. law-enforcement")
    pause.add_argument(
        "--clock",
        dest="clocks",
        action="append",
        default=[],
        metavar="ID",
        help="a clock to stop (repeat; default: every clock this delay can stop)",
    )
    pause.add_argument("--from", dest="when", default="", metavar="WHEN", help=WHEN_HELP)
    pause.add_argument("--reason", required=True, help="who asked, and how (letter, call)")
    resume = actions.add_parser("resume", help="end a running pause")
    resume.add_argument("name", metavar="KIND", nargs="?", default="", help="the pause kind")
    resume.add_argument("--at", dest="when", default="", metavar="WHEN", help=WHEN_HELP)
    closed = actions.add_parser("closed", help="a day a calendar is closed (EDGAR by order)")
    closed.add_argument("day", help="the closed day, YYYY-MM-DD")
    closed.add_argument("--reason", required=True, help="the order or announcement")
    closed.add_argument("--calendar", default="us-federal", help="default us-federal")
    trigger = actions.add_parser(
        "trigger", help="set or clear a trigger's time, or record why it is at its time"
    )
    trigger.add_argument("name", metavar="TRIGGER", help="e.g. materiality_determined")
    when = trigger.add_mutually_exclusive_group()
    when.add_argument("--at", dest="when", default="", metavar="WHEN", help=WHEN_HELP)
    when.add_argument("--clear", action="store_true", help="remove the trigger's time")
    trigger.add_argument("--reason", default="", help="why the trigger is at this time")
    for action in (pause, resume, closed, trigger):
        # Given before or after the action alike; SUPPRESS keeps the sub-parser's unset
        # option from overwriting the one given before it (``clocks --db X pause …``).
        action.add_argument("--db", default=argparse.SUPPRESS, help="as for clocks")
        action.add_argument("--operator", default=argparse.SUPPRESS, help="as for clocks")


def _demo(commands: _Commands) -> None:
    """``warroom demo``."""
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


def _init(commands: _Commands) -> None:
    """``warroom init``."""
    init = commands.add_parser("init", help="import or update an incident file into the database")
    init.add_argument("file", type=Path, help="the incident file (JSON)")
    _db_options(init)
    _operator_option(init)


def _open(commands: _Commands) -> None:
    """``warroom open``."""
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


def _status(commands: _Commands) -> None:
    """``warroom status``."""
    status = commands.add_parser("status", help="print a plain summary for scripts")
    _db_options(status)
    status.add_argument("--json", action="store_true", help="print JSON")


def _poll(commands: _Commands) -> None:
    """``warroom poll``."""
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


def _export(commands: _Commands) -> None:
    """``warroom export``."""
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


def _ledger(commands: _Commands) -> None:
    """``warroom ledger``."""
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


def _new_incident(commands: _Commands) -> None:
    """``warroom new-incident``."""
    new = commands.add_parser(
        "new-incident", help="write a starter incident file with the playbook filled in"
    )
    new.add_argument("file", type=Path, help="where to write it (never overwritten)")


def _check(commands: _Commands) -> None:
    """``warroom check``."""
    check = commands.add_parser("check", help="report how ready a prepared incident file is")
    check.add_argument("file", type=Path, help="the incident file")


def _rehearse(commands: _Commands) -> None:
    """``warroom rehearse``."""
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


def _inquiries(commands: _Commands) -> None:
    """``warroom inquiries``."""
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


def _serve(commands: _Commands) -> None:
    """``warroom serve``."""
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


_BUILDERS: dict[str, Callable[[_Commands], None]] = {
    "demo": _demo,
    "init": _init,
    "open": _open,
    "status": _status,
    "poll": _poll,
    "export": _export,
    "ledger": _ledger,
    "clocks": _clock_commands,
    "new-incident": _new_incident,
    "check": _check,
    "rehearse": _rehearse,
    "inquiries": _inquiries,
    "serve": _serve,
}
"""Each sub-command's arguments, in the order ``warroom --help`` lists them."""


def command_of(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` runs, when its parser alone can read them (else ``None``).

    That is a known command first, after ``--debug`` at most: anything else before it
    (``--help``, ``--version``, a typo) needs the whole parser, with every command listed.
    """
    args = list(argv)
    if args[:1] == ["--debug"]:
        args = args[1:]
    return args[0] if args and args[0] in _BUILDERS else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every sub-command, or with ``only`` that one.

    Building all eighteen parsers costs ~10-15 ms (argparse looks up translations for every
    help text), which ``warroom open`` would pay before its first frame; one command's
    parser reads that command's arguments, errors and ``--help`` exactly as the whole does.
    """
    parser = argparse.ArgumentParser(
        prog="warroom",
        description="The communications war room's dashboard for a data breach.",
    )
    parser.add_argument("--version", action="version", version=f"warroom {__version__}")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error (a bug)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    for name, build in _BUILDERS.items():
        if only is None or name == only:
            build(commands)
    return parser
