"""The command line: parse arguments, build settings and the repository, run one command.

The arguments are in ``parser``, the dashboard's commands in ``dashboard``, ``status`` in its
own module; the rest are thin shells over ``warroom.commands``, here. Imports are made inside
each command so that ``warroom poll --once`` and ``warroom status``
never pay for Textual, and errors become one line on stderr with a non-zero exit, never a
traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from warroom.cli.common import CommandError, now, settings_of
from warroom.cli.dashboard import cmd_demo, cmd_open
from warroom.cli.parser import build_parser, command_of
from warroom.cli.status import cmd_status, status_summary
from warroom.config import Settings
from warroom.domain.errors import UserError

__all__ = ["main", "build_parser", "status_summary", "CommandError"]

EXIT_USAGE = 2


def _import_file(settings: Settings, path: Path, *, create: bool) -> list[str]:
    from warroom.incident_file.loader import load_incident_data
    from warroom.store.repository import WarRoomRepository

    data, _ = load_incident_data(path)  # read once, within bounds, validated: or nothing at all
    repo = WarRoomRepository.open(settings.db, create=create)
    try:
        return repo.import_incident(data, settings.operator, now(), source=str(path))
    finally:
        repo.close()


def cmd_init(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    changes = _import_file(settings, args.file, create=True)
    if changes:
        print(f"{settings.db}: " + "; ".join(changes))
    else:
        print(f"{settings.db}: already up to date with {args.file}")
    return 0


def cmd_poll(args: argparse.Namespace) -> int:
    from warroom.commands.poll import run_poll

    settings = settings_of(args)
    return run_poll(
        settings.db,
        once=args.once,
        concurrency=args.concurrency,
        operator=settings.operator,
        parse_mode=args.parse,
    )


def cmd_export(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    if args.what == "review":
        from warroom.commands.review_export import run_review_export

        return run_review_export(settings.db, args.fmt, args.out)
    from warroom.commands.export import run_export

    return run_export(
        settings.db, args.what, args.fmt, args.out, settings.operator, override=args.override or ""
    )


def cmd_ledger(args: argparse.Namespace) -> int:
    from warroom.commands.ledger import run_ledger

    settings = settings_of(args)
    fmt = "json" if args.json else (args.fmt or "md")
    return run_ledger(
        settings.db,
        fmt,
        settings.operator,
        population=args.import_population,
        reason=args.reason,
    )


def cmd_clocks(args: argparse.Namespace) -> int:
    from warroom.commands.clocks import ClockAction, run_clocks

    settings = settings_of(args)
    kind = args.clock_command or ""
    action = ClockAction(
        kind=kind,
        name=getattr(args, "name", ""),
        clocks=tuple(getattr(args, "clocks", ())),
        when=getattr(args, "when", ""),
        day=getattr(args, "day", ""),
        calendar=getattr(args, "calendar", "us-federal"),
        reason=getattr(args, "reason", ""),
        clear=getattr(args, "clear", False),
    )
    return run_clocks(settings.db, action, settings.operator, as_json=args.json, every=args.every)


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
        settings_of(args).db,
        speed=args.speed,
        into_live=args.into_live,
        incident=args.incident,
    )


def cmd_inquiries(args: argparse.Namespace) -> int:
    from warroom.commands.inquiries_import import run_inquiries_import

    settings = settings_of(args)
    return run_inquiries_import(settings.db, args.file, settings.operator, force=args.force)


def cmd_serve(args: argparse.Namespace) -> int:
    from warroom.commands.serve import run_serve

    settings = settings_of(args)
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
    "clocks": cmd_clocks,
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
    arguments = sys.argv[1:] if argv is None else list(argv)
    # One command's parser when the arguments name it: all of them only for help and mistakes.
    parser = build_parser(only=command_of(arguments))
    args = parser.parse_args(arguments)
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
