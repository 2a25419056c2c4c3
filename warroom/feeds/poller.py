"""Poll the incident's feeds: fetch the due ones, parse what changed, update each feed's health.

``FeedPoller`` knows no widgets and no store: it takes ``FeedSource``s and their ``FeedState``s and
returns a ``PollResult`` (candidate mentions, new states, one outcome per feed). The caller (the
dashboard's worker, or ``warroom poll``) stores them; the store deduplicates against everything
already kept with ``merge_new``. Parsing overlaps fetching: each body goes to the parse pool as
soon as it arrives, so a slow feed never holds back the parsing of the others.

Given a ``store``, the poll hands its mentions over in batches as feeds finish, instead of
holding them all until the end: a 5,000-feed poll finds 100k mentions, which held at once were
most of a 380 MB poller. The feeds' states (their validators) are the caller's to save after
the poll, so a poll killed between batches keeps what it stored and fetches those feeds again
next time, when the store's deduplication drops what it already has.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from types import TracebackType
from typing import TYPE_CHECKING

from warroom.domain.clock import Clock, system_clock
from warroom.domain.feed_state import FeedState, backoff_delay
from warroom.domain.incident import FeedSource
from warroom.domain.mentions import Mention, merge_new
from warroom.domain.signals import SignalRules
from warroom.feeds.fetch import Fetcher, FetchResult, FetchSettings

if TYPE_CHECKING:  # imported lazily: a warm poll (all 304) never loads feedparser
    import httpx

    from warroom.feeds.parse import ParsedFeed, ParsePool

__all__ = [
    "FeedPoller",
    "PollResult",
    "FeedOutcome",
    "Outcome",
    "Progress",
    "STORE_BATCH",
    "Store",
    "next_due",
]

Progress = Callable[[int, int], None]
"""Called with (feeds done, feeds total) after each feed, for a progress bar."""

Store = Callable[[list[Mention]], Awaitable[int]]
"""Stores one batch of a poll's mentions (deduplicated against everything stored, earlier
batches included); returns how many were new."""

BODIES_PER_WORKER = 8
"""Fetched bodies a parse worker may have waiting: fetching runs ahead of parsing by this much
and no more (5,000 feeds fetched faster than two workers parse had queued up to 100 MB)."""

STORE_BATCH = 1000
"""Mentions handed to ``Store`` at once: one mention shard's worth, so a batch costs about one
shard write, and a poll holds about this many mentions whatever its number of feeds."""


class Outcome(StrEnum):
    """What happened to one feed in one poll."""

    OK = "ok"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"


@dataclass(frozen=True)
class FeedOutcome:
    """One feed's result in one poll, for the health pane and the poll summary line."""

    feed_id: str
    outcome: Outcome
    entries: int = 0
    """Entries parsed from the body (0 for a 304 or a failure)."""
    error: str = ""
    warning: str = ""
    http_status: int | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class PollResult:
    """Everything one poll found; nothing in it has been stored yet."""

    mentions: tuple[Mention, ...]
    """The candidate mentions (none when the poll stored them as it went: ``stored``)."""
    states: tuple[FeedState, ...]
    outcomes: tuple[FeedOutcome, ...]
    started_at: datetime
    stored: int = 0
    """New mentions the poll's ``Store`` stored as it went."""
    batched: int = 0
    """Mentions handed to the ``Store`` (in-poll duplicates included)."""

    def count(self, outcome: Outcome) -> int:
        """How many feeds ended with ``outcome``."""
        return sum(1 for o in self.outcomes if o.outcome is outcome)

    def summary(self) -> str:
        """One line for logs and the timeline: feeds ok/unchanged/failed and candidate mentions."""
        return (
            f"{len(self.outcomes)} feeds: {self.count(Outcome.OK)} ok, "
            f"{self.count(Outcome.NOT_MODIFIED)} unchanged (304), "
            f"{self.count(Outcome.FAILED)} failed; "
            f"{len(self.mentions) + self.batched} mentions fetched"
        )


class _Batches:
    """A poll's mentions on their way to its ``Store``, a batch at a time.

    The feed whose mentions fill a batch stores it (the others keep fetching and parsing); one
    batch is stored at a time, and a batch is put in the order of the poll's feeds, so a small
    poll (one batch) stores exactly what the unbatched poll did, in the same order.
    """

    def __init__(self, store: Store, size: int) -> None:
        self._store = store
        self._size = size
        self._lock = asyncio.Lock()
        self._pending: list[tuple[int, tuple[Mention, ...]]] = []
        self._count = 0
        self.stored = 0
        self.handed = 0

    async def add(self, index: int, mentions: tuple[Mention, ...]) -> None:
        """Queue one feed's mentions; store a batch if they complete one."""
        self._pending.append((index, mentions))
        self._count += len(mentions)
        if self._count >= self._size:
            async with self._lock:
                if self._count >= self._size:  # another feed may have stored them meanwhile
                    await self._flush()

    async def finish(self) -> None:
        """Store what is left."""
        async with self._lock:
            if self._pending:
                await self._flush()

    async def _flush(self) -> None:
        pending, self._pending, self._count = self._pending, [], 0
        pending.sort(key=lambda item: item[0])
        batch = [mention for _, found in pending for mention in found]
        self.handed += len(batch)
        self.stored += await self._store(batch)


def is_due(source: FeedSource, state: FeedState | None, now: datetime) -> bool:
    """True when the feed has never been polled, its URL changed, or its next poll time passed."""
    if state is None or state.next_poll_at is None or state.url != source.url:
        return True
    return state.next_poll_at <= now


def next_due(
    sources: Iterable[FeedSource], states: Mapping[str, FeedState], now: datetime
) -> datetime:
    """When the next feed falls due (``now`` if one already is); for the poll loop's sleep."""
    moments = []
    for source in sources:
        state = states.get(source.id)
        if is_due(source, state, now):
            return now
        assert state is not None and state.next_poll_at is not None
        moments.append(state.next_poll_at)
    return min(moments, default=now)


def _fresh_state(source: FeedSource, state: FeedState | None) -> FeedState:
    """The state to update; validators are dropped when the feed's URL changed."""
    if state is None or state.url != source.url:
        return FeedState(feed_id=source.id, url=source.url)
    return state


class FeedPoller:
    """Polls feeds with one HTTP client and one parse pool, both kept across polls.

    Use as ``async with FeedPoller(...) as poller:`` (or call ``aclose``).

    Args:
        settings: Fetch limits and concurrency.
        parse_mode: ``process`` (a worker pool: keeps the UI's loop responsive) or ``inline``
            (parse on the loop: for tests and tiny runs).
        transport: An ``httpx`` transport for tests.
        clock: Where "now" comes from.
        parse_workers: Worker processes for ``process`` mode.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        parse_mode: str = "process",
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock = system_clock,
        parse_workers: int = 2,
    ) -> None:
        if parse_mode not in ("process", "inline"):
            raise ValueError(f"parse_mode must be 'process' or 'inline', not {parse_mode!r}")
        self._fetcher = Fetcher(settings, transport=transport)
        self._transport = transport
        self._parse_mode = parse_mode
        self._parse_workers = parse_workers
        self._in_flight = self._in_flight_bound()
        self._pool: ParsePool | None = None
        self._starting: asyncio.Future[ParsePool] | None = None
        self._clock = clock

    async def __aenter__(self) -> FeedPoller:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client and stop the parse workers."""
        await self._fetcher.aclose()
        if self._starting is not None:
            starting, self._starting = self._starting, None
            with contextlib.suppress(Exception):  # a start that failed has nothing to stop
                await starting
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.get_running_loop().run_in_executor(None, pool.close)

    async def use_settings(self, settings: FetchSettings) -> None:
        """Fetch with other limits from now on (a dashboard learns its database's logins and
        redirect allowance only once its store is running)."""
        old, self._fetcher = self._fetcher, Fetcher(settings, transport=self._transport)
        self._in_flight = self._in_flight_bound()
        await old.aclose()

    def _in_flight_bound(self) -> asyncio.Semaphore:
        """Feeds between their request and the end of their parse: bodies waiting for a
        parser are bounded by this, not by the number of feeds."""
        workers = max(1, self._parse_workers)
        return asyncio.Semaphore(self._fetcher.settings.concurrency + BODIES_PER_WORKER * workers)

    def warm(self) -> None:
        """Start the parse workers ahead of the first changed feed (the UI calls it at mount)."""
        self._ensure_pool()

    def _ensure_pool(self) -> ParsePool:
        if self._pool is None:
            from warroom.feeds.parse import ParsePool

            self._pool = ParsePool(self._parse_workers)
            self._pool.warm()
        return self._pool

    async def _started_pool(self) -> ParsePool:
        """The parse pool, started in a thread by the first feed that needs it.

        Starting it takes a few tenths of a second (the fork server imports the parser, then
        forks the workers) in whichever thread asks first; on the event loop that stopped every
        fetch of a cold poll meanwhile. A warm poll (every feed 304) never starts it.
        """
        if self._pool is not None:
            return self._pool
        starting = self._start_pool()
        try:
            return await asyncio.shield(starting)  # a cancelled feed leaves the start alone
        except Exception:
            if starting.done() and self._starting is starting:
                self._starting = None  # the next feed (or poll) tries again
            raise

    def _start_pool(self) -> asyncio.Future[ParsePool]:
        """Start the parse pool in a thread, once; the future of it."""
        if self._starting is None:
            self._starting = asyncio.ensure_future(asyncio.to_thread(self._ensure_pool))
        return self._starting

    async def _parse(
        self,
        fetched: FetchResult,
        source: FeedSource,
        now: datetime,
        keywords: tuple[str, ...],
        signals: SignalRules | None,
    ) -> ParsedFeed:
        args = (fetched.body, fetched.headers, source, now, keywords, fetched.final_url, signals)
        if self._parse_mode == "process":
            return await (await self._started_pool()).parse(*args)
        from warroom.feeds.parse import parse_feed

        return parse_feed(*args)

    async def poll(
        self,
        sources: Sequence[FeedSource],
        states: Mapping[str, FeedState],
        *,
        keywords: tuple[str, ...] = (),
        force: bool = False,
        progress: Progress | None = None,
        signals: SignalRules | None = None,
        store: Store | None = None,
    ) -> PollResult:
        """Poll the due feeds (every feed when ``force``) and return what was found.

        Args:
            sources: The incident's feeds.
            states: Each feed's last known state, by feed id (missing: never polled).
            keywords: The incident's keywords, highlighted in the mentions.
            force: Poll every feed now, whatever its schedule (the operator's refresh key).
            progress: Called with (done, total) after each feed.
            signals: The incident's signal rules (``warroom.incident_file.signals``); the
                shipped ones when ``None``.
            store: Given, mentions are stored through it in batches of ``STORE_BATCH`` as
                feeds finish, and the result holds none (its ``stored`` counts the new ones).
                Should it raise, the poll's other feeds are cancelled and it raises.
        """
        now = self._clock()
        chosen = [s for s in sources if force or is_due(s, states.get(s.id), now)]
        total = len(chosen)
        done = 0
        if progress is not None:
            progress(0, total)

        batches = _Batches(store, STORE_BATCH) if store is not None else None
        if self._parse_mode == "process" and self._pool is None:
            fresh = (_fresh_state(s, states.get(s.id)) for s in chosen)
            if any(not (state.etag or state.last_modified) for state in fresh):
                # A feed without validators answers with a body: the workers start now,
                # while the first requests are out, not when its body arrives.
                self._start_pool()

        async def one(
            index: int, source: FeedSource
        ) -> tuple[FeedState, FeedOutcome, tuple[Mention, ...]]:
            nonlocal done
            try:
                async with self._in_flight:  # from its request to the end of its parse
                    state, outcome, found = await self._poll_one(
                        source, states.get(source.id), now, keywords, signals
                    )
                if batches is not None and found:
                    await batches.add(index, found)
                    found = ()
                return state, outcome, found
            finally:
                done += 1
                if progress is not None:
                    progress(done, total)

        tasks = [asyncio.ensure_future(one(i, source)) for i, source in enumerate(chosen)]
        try:
            results = await asyncio.gather(*tasks)
            if batches is not None:
                await batches.finish()
        except BaseException:
            for task in tasks:  # a failed store (or a cancelled poll) stops every feed
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
        candidates = merge_new(set(), (m for _, _, found in results for m in found))
        return PollResult(
            mentions=tuple(candidates),
            states=tuple(state for state, _, _ in results),
            outcomes=tuple(outcome for _, outcome, _ in results),
            started_at=now,
            stored=batches.stored if batches is not None else 0,
            batched=batches.handed if batches is not None else 0,
        )

    async def _poll_one(
        self,
        source: FeedSource,
        previous: FeedState | None,
        now: datetime,
        keywords: tuple[str, ...],
        signals: SignalRules | None,
    ) -> tuple[FeedState, FeedOutcome, tuple[Mention, ...]]:
        state = _fresh_state(source, previous)
        fetched = await self._fetcher.fetch(
            source.url, etag=state.etag, last_modified=state.last_modified
        )
        attempted = replace(state, last_attempt=now)
        if fetched.error:
            return self._failed(source, attempted, now, fetched.error, fetched)
        if fetched.not_modified:
            healthy = self._succeeded(source, attempted, now)
            outcome = FeedOutcome(
                source.id, Outcome.NOT_MODIFIED, http_status=304, seconds=fetched.elapsed
            )
            return healthy, outcome, ()
        parsed = await self._parse(fetched, source, now, keywords, signals)
        if parsed.error:
            return self._failed(source, attempted, now, parsed.error, fetched)
        healthy = replace(
            self._succeeded(source, attempted, now),
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            entries_seen=len(parsed.mentions),
        )
        outcome = FeedOutcome(
            source.id,
            Outcome.OK,
            entries=len(parsed.mentions),
            warning=parsed.warning,
            http_status=fetched.status,
            seconds=fetched.elapsed,
        )
        return healthy, outcome, parsed.mentions

    @staticmethod
    def _succeeded(source: FeedSource, state: FeedState, now: datetime) -> FeedState:
        return replace(
            state,
            last_success=now,
            last_error="",
            consecutive_failures=0,
            next_poll_at=now + backoff_delay(source.poll_seconds, 0),
        )

    @staticmethod
    def _failed(
        source: FeedSource, state: FeedState, now: datetime, error: str, fetched: FetchResult
    ) -> tuple[FeedState, FeedOutcome, tuple[Mention, ...]]:
        failures = state.consecutive_failures + 1
        wait = backoff_delay(source.poll_seconds, failures)
        if fetched.retry_after is not None:  # the server's Retry-After (bounded by the fetcher)
            wait = max(wait, timedelta(seconds=fetched.retry_after))
        failed = replace(
            state, last_error=error, consecutive_failures=failures, next_poll_at=now + wait
        )
        outcome = FeedOutcome(
            source.id,
            Outcome.FAILED,
            error=error,
            http_status=fetched.status,
            seconds=fetched.elapsed,
        )
        return failed, outcome, ()
