"""``warroom poll``: poll the incident's feeds without the UI (cron, a systemd unit, a tmux pane).

It writes to the same database the dashboards open, through the store's locking, so open
dashboards see its mentions arrive. Without ``--once`` it runs until Ctrl-C or SIGTERM, sleeping
until the next feed falls due. Only what a poll needs is imported: a warm pass where every feed
answers 304 never loads feedparser or Textual, which is most of what makes it as fast as newsboat.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from warroom.domain.clock import Clock, format_utc, system_clock
from warroom.feeds.credentials import fetch_settings_for
from warroom.feeds.fetch import FetchSettings
from warroom.feeds.poller import Outcome, PollResult, next_due

if TYPE_CHECKING:
    import httpx

    from warroom.service.feeds import FeedService
    from warroom.service.polling import PollService
    from warroom.store.repository import WarRoomRepository

T = TypeVar("T")

__all__ = ["run_poll", "summary_line"]

IDLE_RECHECK = timedelta(seconds=60)
"""With no feeds configured, how often the loop looks again (the incident may be re-imported)."""


def fetch_settings(repo: WarRoomRepository, concurrency: int) -> FetchSettings:
    """The fetch limits for this database: its redirect allowance and its feeds' credentials.

    Raises:
        CredentialsError: the credentials file is unsafe or broken (the CLI prints it).
    """
    return fetch_settings_for(repo.incident(sections=False), repo.path, concurrency)


def summary_line(result: PollResult, added: int, now: datetime) -> str:
    """One line per poll: when, feeds ok / unchanged / failed, and new mentions stored."""
    return (
        f"{format_utc(now, with_date=True)} polled {len(result.outcomes)} feeds: "
        f"{result.count(Outcome.OK)} ok, {result.count(Outcome.NOT_MODIFIED)} unchanged (304), "
        f"{result.count(Outcome.FAILED)} failed; {added} new mentions"
    )


async def _poll_once(
    service: PollService, feeds: FeedService, *, force: bool, out: TextIO, err: TextIO
) -> PollResult | None:
    """One poll through the same path as the dashboard's: due (or all) feeds, then store."""
    incident = service.repo.incident(sections=False)
    polled = await feeds.poll(incident, force=force)
    if polled is None:
        return None
    result, _ = polled  # the new mentions are not kept (keep_added=False), only counted
    print(summary_line(result, result.stored, feeds.clock()), file=out, flush=True)
    for outcome in result.outcomes:
        if outcome.outcome is Outcome.FAILED:
            print(f"  feed {outcome.feed_id}: {outcome.error}", file=err, flush=True)
    return result


async def _main(
    repo: WarRoomRepository,
    *,
    once: bool,
    concurrency: int,
    operator: str,
    parse_mode: str,
    clock: Clock,
    transport: httpx.AsyncBaseTransport | None,
    out: TextIO,
    err: TextIO,
) -> int:
    from warroom.service.feeds import FeedService
    from warroom.service.polling import PollService

    service = PollService(repo, operator=operator, clock=clock)

    async def call(work: Callable[[PollService], T]) -> T:
        return work(service)  # no UI here: the store is used from this thread directly

    feeds = FeedService(
        call,
        clock=clock,
        parse_mode=parse_mode,
        settings=fetch_settings(repo, concurrency),
        transport=transport,
        warm=False,
        keep_added=False,
    )
    try:
        if once:
            if not repo.incident(sections=False).feeds:
                print("no feeds configured in the incident", file=out, flush=True)
                return 0
            result = await _poll_once(service, feeds, force=True, out=out, err=err)
            assert result is not None  # a forced poll always polls
            all_failed = result.outcomes and result.count(Outcome.FAILED) == len(result.outcomes)
            return 2 if all_failed else 0  # 1 is kept for a bug (README, "Exit codes")
        while True:
            repo.refresh_if_changed(mentions=False)  # a poll reads the key indexes, not mentions
            incident = repo.incident(sections=False)
            now = clock()
            if not incident.feeds:
                due = now + IDLE_RECHECK
            else:
                due = next_due(incident.feeds, repo.feed_states(), now)
            if due <= now and await _poll_once(service, feeds, force=False, out=out, err=err):
                continue
            # Sleep in short steps at most, so a re-imported incident or a dashboard's poll
            # (which moves next_poll_at) is noticed within a few seconds.
            await asyncio.sleep(max(0.2, min((due - now).total_seconds(), 5.0)))
    finally:
        await feeds.close()


def run_poll(
    db_path: Path,
    *,
    once: bool,
    concurrency: int,
    operator: str,
    parse_mode: str = "process",
    clock: Clock = system_clock,
    transport: httpx.AsyncBaseTransport | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Poll the feeds of the incident stored at ``db_path``; returns the exit code.

    Args:
        db_path: The war-room database (it must hold an imported incident).
        once: Poll every feed once and exit (2 when every feed failed); otherwise loop on each
            feed's interval until SIGINT/SIGTERM, then exit 0.
        concurrency: Requests in flight at once.
        operator: Who is recorded in the timeline for health changes.
        parse_mode: ``process`` (worker pool) or ``inline``.
        clock, transport, out, err: For tests.

    Raises:
        StoreError: The database cannot be opened or holds no incident (the CLI prints it).
    """
    from warroom.store.rehearsal import read_rehearsal
    from warroom.store.repository import WarRoomRepository

    out = out or sys.stdout
    err = err or sys.stderr
    repo = WarRoomRepository.open(db_path)
    try:
        repo.check_mentions()  # a missing shard is refused, documents set aside are told
        for line in repo.quarantined():
            print(f"warroom: warning: {line}", file=err)
        if read_rehearsal(repo) is not None:  # real mentions would mix with the practice
            print(f"warroom poll: {db_path} is a rehearsal: its script is its feed", file=err)
            return 2
        return asyncio.run(
            _run_until_signalled(
                repo,
                once=once,
                concurrency=concurrency,
                operator=operator,
                parse_mode=parse_mode,
                clock=clock,
                transport=transport,
                out=out,
                err=err,
            )
        )
    finally:
        repo.close()


async def _run_until_signalled(repo: WarRoomRepository, **options: object) -> int:
    """Run ``_main``; SIGINT/SIGTERM cancel it between awaits (never inside a store write)."""
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    assert task is not None
    installed = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, task.cancel)
            installed.append(signum)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread
            pass
    try:
        return await _main(repo, **options)  # type: ignore[arg-type]
    except asyncio.CancelledError:
        return 0
    finally:
        for signum in installed:
            loop.remove_signal_handler(signum)


if __name__ == "__main__":  # python -m warroom.commands.poll DB [--once]: the bench's entry
    import argparse

    parser = argparse.ArgumentParser(prog="python -m warroom.commands.poll")
    parser.add_argument("db", type=Path)
    parser.add_argument("--once", action="store_true")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--operator", default="poller")
    parser.add_argument("--parse", choices=("process", "inline"), default="process")
    args = parser.parse_args()
    sys.exit(
        run_poll(
            args.db,
            once=args.once,
            concurrency=args.concurrency,
            operator=args.operator,
            parse_mode=args.parse,
        )
    )
