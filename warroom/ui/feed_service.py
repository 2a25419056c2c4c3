"""Polling from the dashboard: due feeds on a timer, all feeds on demand.

Fetching runs on the event loop (httpx is async); parsing runs in worker processes so the
screen never stalls; storing runs on the store thread. The poller knows no widgets; this
service reports progress and results through plain callbacks the screen gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from warroom.domain.clock import Clock
from warroom.domain.feed_state import FeedState
from warroom.domain.incident import FeedSource
from warroom.domain.mentions import Mention
from warroom.feeds.credentials import fetch_settings_for
from warroom.feeds.poller import FeedPoller, PollResult, is_due
from warroom.ui.gateway import StoreGateway

__all__ = ["FeedService"]


class FeedService:
    """Owns the one HTTP client and parse pool of a dashboard process."""

    def __init__(
        self,
        gateway: StoreGateway,
        *,
        operator: str,
        clock: Clock,
        feed_urls: dict[str, str] | None = None,
        parse_mode: str = "process",
        poll_seconds: int | None = None,
    ) -> None:
        self.gateway = gateway
        self.operator = operator
        self.clock = clock
        self.feed_urls = dict(feed_urls or {})
        self.poll_seconds = poll_seconds
        """Overrides every feed's interval (the demo's simulator changes every few seconds)."""
        self.poller = FeedPoller(parse_mode=parse_mode, clock=clock)
        if parse_mode == "process":
            # Start the parser processes now, before the screen takes the terminal over.
            self.poller.warm()
        self.running = False
        self._configured = False

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
        feeds: tuple[FeedSource, ...],
        keywords: tuple[str, ...],
        *,
        force: bool,
        progress: Callable[[int, int], None],
    ) -> tuple[PollResult, list[Mention]] | None:
        """Poll due feeds (all with ``force``); store and return what was new."""
        sources = self.sources(feeds)
        states: dict[str, FeedState] = await self.gateway.call(lambda repo: repo.feed_states())
        now = self.clock()
        if not force and not any(is_due(s, states.get(s.id), now) for s in sources):
            return None
        self.running = True
        try:
            if not self._configured:  # the same logins and redirect policy as `warroom poll`
                settings = await self.gateway.call(
                    lambda repo: fetch_settings_for(repo.incident(sections=False), repo.path, 8)
                )
                await self.poller.use_settings(settings)
                self._configured = True
            result = await self.poller.poll(
                sources, states, keywords=keywords, force=force, progress=progress
            )
            operator, stored_at = self.operator, self.clock()
            added = await self.gateway.call(
                lambda repo: repo.save_poll(result.mentions, result.states, operator, stored_at)
            )
        finally:
            self.running = False
        return result, added

    async def close(self) -> None:
        """Close the HTTP client and stop the parse workers."""
        await self.poller.aclose()
