"""``warroom open`` and ``warroom demo``: the dashboard (or the wall) on a database.

The repository is opened and checked before Textual is imported, so a wrong ``--db`` is
reported at once, not after a second of loading.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
from pathlib import Path

from warroom.cli.common import CommandError, now, settings_of
from warroom.config import ConfigError, Settings
from warroom.service.collector import collection_paused

__all__ = ["cmd_open", "cmd_demo", "run_dashboard"]

DEMO_POLL_SECONDS = 5
"""The demo's simulator grows every few seconds; poll it that often so it looks live."""


def run_dashboard(
    settings: Settings,
    *,
    read_only: bool,
    poll: bool,
    feed_urls: dict[str, str] | None = None,
    cycle: float | None = None,
    feed_poll_seconds: int | None = None,
) -> int:
    """Open the dashboard (or the wall) on ``settings.db``; returns the exit status.

    The cyclic garbage collector is paused until the first snapshot is on screen
    (``warroom.service.collector``): start-up allocates much and frees little.
    """
    with collection_paused():
        return _run_dashboard(
            settings,
            read_only=read_only,
            poll=poll,
            feed_urls=feed_urls,
            cycle=cycle,
            feed_poll_seconds=feed_poll_seconds,
        )


def _run_dashboard(
    settings: Settings,
    *,
    read_only: bool,
    poll: bool,
    feed_urls: dict[str, str] | None,
    cycle: float | None,
    feed_poll_seconds: int | None,
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
    settings = settings_of(args)
    return run_dashboard(
        settings, read_only=args.wall, poll=not (args.no_poll or args.wall), cycle=args.cycle
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from warroom.commands.demo import describe, prepare_demo

    settings = settings_of(args)
    if not args.db:
        settings = dataclasses.replace(settings, db=Path("warroom-demo.json"))
    room = prepare_demo(settings.db, settings.operator, now(), fresh=args.fresh)
    print(describe(room))
    simulator = None
    feed_urls: dict[str, str] | None = None
    if not args.no_feeds:
        from warroom.feeds.simulator import start_simulator

        simulator = start_simulator(room.seed, schedule=room.schedule, hostile=args.hostile)
        feed_urls = dict(simulator.urls)
    try:
        return run_dashboard(
            settings,
            read_only=False,
            poll=simulator is not None,
            feed_urls=feed_urls,
            feed_poll_seconds=DEMO_POLL_SECONDS,
        )
    finally:
        if simulator is not None:
            simulator.stop()
