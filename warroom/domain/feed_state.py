"""Per-feed polling state: conditional-GET validators, health and back-off.

Kept in the store so that ``warroom poll`` (cron, systemd) and every open dashboard share one
view of each feed: when it last answered, what went wrong in words, and when it is polled next.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = ["FeedState", "backoff_delay"]


@dataclass(frozen=True)
class FeedState:
    """What warroom remembers about one feed between polls."""

    feed_id: str
    url: str = ""
    etag: str = ""
    last_modified: str = ""
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str = ""
    consecutive_failures: int = 0
    next_poll_at: datetime | None = None
    entries_seen: int = 0

    @property
    def healthy(self) -> bool:
        """True when the last attempt succeeded (or none was made yet)."""
        return self.consecutive_failures == 0


def backoff_delay(poll_seconds: int, failures: int, *, cap_seconds: int = 3600) -> timedelta:
    """Return the wait before the next poll: the feed's interval, doubled per failure, capped."""
    if failures <= 0:
        return timedelta(seconds=poll_seconds)
    return timedelta(
        seconds=min(poll_seconds * (2 ** min(failures, 16)), max(cap_seconds, poll_seconds))
    )
