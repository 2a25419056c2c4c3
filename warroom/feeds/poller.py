"""Poll the incident's feeds: fetch the due ones, parse what changed, update each feed's health.

``FeedPoller`` knows no widgets and no store: it takes ``FeedSource``s and their ``FeedState``s and
returns a ``PollResult`` (candidate mentions, new states, one outcome per feed). The caller (the
dashboard's worker, or ``warroom poll``) stores them; the store deduplicates against everything
already kept with ``merge_new``. Parsing overlaps fetching: each body goes to the parse pool as
soon as it arrives, so a slow feed never holds back the parsing of the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
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

__all__ = ["FeedPoller", "PollResult", "FeedOutcome", "Outcome", "Progress", "next_due"]

Progress = Callable[[int, int], None]
"""Called with (feeds done, feeds total) after each feed, for a progress bar."""


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
    states: tuple[FeedState, ...]
    outcomes: tuple[FeedOutcome, ...]
    started_at: datetime

    def count(self, outcome: Outcome) -> int:
        """How many feeds ended with ``outcome``."""
        return sum(1 for o in self.outcomes if o.outcome is outcome)

    def summary(self) -> str:
        """One line for logs and the timeline: feeds ok/unchanged/failed and candidate mentions."""
        return (
            f"{len(self.outcomes)} feeds: {self.count(Outcome.OK)} ok, "
            f"{self.count(Outcome.NOT_MODIFIED)} unchanged (304), "
            f"{self.count(Outcome.FAILED)} failed; {len(self.mentions)} mentions fetched"
        )


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
        self._pool: ParsePool | None = None
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
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await asyncio.get_running_loop().run_in_executor(None, pool.close)

    async def use_settings(self, settings: FetchSettings) -> None:
        """Fetch with other limits from now on (a dashboard learns its database's logins and
        redirect allowance only once its store is running)."""
        old, self._fetcher = self._fetcher, Fetcher(settings, transport=self._transport)
        await old.aclose()

    def warm(self) -> None:
        """Start the parse workers ahead of the first changed feed (the UI calls it at mount)."""
        self._ensure_pool()

    def _ensure_pool(self) -> ParsePool:
        if self._pool is None:
            from warroom.feeds.parse import ParsePool

            self._pool = ParsePool(self._parse_workers)
            self._pool.warm()
        return self._pool

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
            return await self._ensure_pool().parse(*args)
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
        """
        now = self._clock()
        chosen = [s for s in sources if force or is_due(s, states.get(s.id), now)]
        total = len(chosen)
        done = 0
        if progress is not None:
            progress(0, total)

        async def one(source: FeedSource) -> tuple[FeedState, FeedOutcome, tuple[Mention, ...]]:
            nonlocal done
            try:
                return await self._poll_one(source, states.get(source.id), now, keywords, signals)
            finally:
                done += 1
                if progress is not None:
                    progress(done, total)

        results = await asyncio.gather(*(one(source) for source in chosen))
        candidates = merge_new(set(), (m for _, _, found in results for m in found))
        return PollResult(
            mentions=tuple(candidates),
            states=tuple(state for state, _, _ in results),
            outcomes=tuple(outcome for _, outcome, _ in results),
            started_at=now,
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
