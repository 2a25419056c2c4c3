"""Polling, for the dashboard and ``warroom poll`` alike: due feeds, fetch, parse, store.

Fetching runs on the event loop (httpx is async); parsing runs in worker processes so a screen
never stalls; storing is the service's ``store_mentions`` (a batch at a time, as feeds finish)
and then ``save_poll`` (the feeds' states, once), reached through whatever runs service calls
(the dashboard's store thread, or the CLI directly). The poller knows no widgets; this reports
progress through a plain callback.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

from warroom.domain.clock import Clock
from warroom.domain.feed_state import FeedState
from warroom.domain.incident import FeedSource, Incident
from warroom.domain.mentions import Mention
from warroom.feeds.credentials import fetch_settings_for
from warroom.feeds.fetch import FetchSettings
from warroom.feeds.poller import FeedPoller, PollResult, is_due
from warroom.incident_file.signals import incident_signals
from warroom.service.polling import PollIntents

__all__ = ["FeedService", "ServiceCall"]

T = TypeVar("T")

ServiceCall = Callable[[Callable[[PollIntents], Any]], Awaitable[Any]]
"""Runs one piece of work on the service and gives its result back (gateway.call, or direct)."""


class FeedService:
    """Owns the one HTTP client and parse pool of a process that polls."""

    def __init__(
        self,
        call: ServiceCall,
        *,
        clock: Clock,
        feed_urls: dict[str, str] | None = None,
        parse_mode: str = "process",
        poll_seconds: int | None = None,
        settings: FetchSettings | None = None,
        transport: Any = None,
        warm: bool = True,
        keep_added: bool = True,
    ) -> None:
        self.call = call
        self.clock = clock
        self.feed_urls = dict(feed_urls or {})
        self.poll_seconds = poll_seconds
        """Overrides every feed's interval (the demo's simulator changes every few seconds)."""
        self.poller = FeedPoller(settings, parse_mode=parse_mode, clock=clock, transport=transport)
        if parse_mode == "process" and warm:
            # Start the parser processes now, before the screen takes the terminal over.
            self.poller.warm()
        self.running = False
        self.keep_added = keep_added
        """Whether ``poll`` returns the new mentions themselves (a dashboard), or only counts
        them in the result's ``stored`` (``warroom poll``: 100k at 5,000 feeds)."""
        self._configured = settings is not None
        """Whether the poller has the database's logins and redirect policy yet."""

    def sources(self, feeds: tuple[FeedSource, ...]) -> list[FeedSource]:
        """The incident's feeds, pointed at the demo simulator where one is running."""
        return [
            replace(
                f,
                url=self.feed_urls.get(f.id, f.url),
                poll_seconds=self.poll_seconds or f.poll_seconds,
            )
            for f in feeds
        ]

    async def poll(
        self,
        incident: Incident,
        *,
        force: bool,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[PollResult, list[Mention]] | None:
        """Poll the incident's due feeds (all with ``force``); store and return what was new.

        Its keywords highlight, and its signals (respond-first patterns, redirect wrappers,
        outlets) mark, the mentions found. Returns ``None`` when no feed was due; else the
        result (``stored`` counts the new mentions) and, with ``keep_added``, those mentions.
        """
        sources = self.sources(incident.feeds)
        states: dict[str, FeedState] = await self.call(lambda service: service.feed_states())
        now = self.clock()
        if not force and not any(is_due(s, states.get(s.id), now) for s in sources):
            return None
        self.running = True
        try:
            if not self._configured:  # the same logins and redirect policy as `warroom poll`
                fetch = await self.call(
                    lambda service: fetch_settings_for(
                        service.repo.incident(sections=False), service.repo.path, 8
                    )
                )
                await self.poller.use_settings(fetch)
                self._configured = True
            added: list[Mention] = []

            async def store(batch: list[Mention]) -> int:
                new: list[Mention] = await self.call(lambda service: service.store_mentions(batch))
                if self.keep_added:
                    added.extend(new)
                return len(new)

            result = await self.poller.poll(
                sources,
                states,
                keywords=incident.keywords,
                force=force,
                progress=progress,
                signals=incident_signals(incident),
                store=store,
            )
            await self.call(
                lambda service: service.save_poll([], list(result.states), stored=result.stored > 0)
            )
        finally:
            self.running = False
        return result, added

    async def close(self) -> None:
        """Close the HTTP client and stop the parse workers."""
        await self.poller.aclose()
