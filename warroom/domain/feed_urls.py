"""The one check a feed URL passes before warroom polls it, from any path that adds one.

The incident file's feeds, a feed added from the dashboard's Feeds screen and one added from
the browser view all go through ``check_feed_url``, so they cannot follow different rules.
"""

from __future__ import annotations

import re

__all__ = [
    "FeedUrlError",
    "check_feed_url",
    "check_poll_seconds",
    "MAX_FEED_URL",
    "MIN_POLL_SECONDS",
]

MAX_FEED_URL = 2048
"""Longer URLs are refused (browsers and servers disagree past this; no real feed needs it)."""

MIN_POLL_SECONDS = 10

_URL = re.compile(r"^https?://[^\s/?#@]+(?:[/?#][^\s]*)?$", re.IGNORECASE)


class FeedUrlError(ValueError):
    """The URL cannot be polled; the message says why."""


def check_feed_url(url: str) -> str:
    """Return the URL to poll, or raise ``FeedUrlError`` saying what is wrong with it."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url.strip()):
        raise FeedUrlError("the feed URL holds control characters")
    clean = url.strip()
    if len(clean) > MAX_FEED_URL:
        raise FeedUrlError(f"the feed URL is longer than {MAX_FEED_URL} characters")
    if not clean.lower().startswith(("http://", "https://")):
        raise FeedUrlError("the feed URL must start with http:// or https://")
    if "@" in clean.split("/", 3)[2]:
        raise FeedUrlError("the feed URL holds a user name or password; keep secrets out of URLs")
    if not _URL.match(clean):
        raise FeedUrlError(f"{clean[:80]!r} is not an http(s) feed URL")
    return clean


def check_poll_seconds(seconds: int) -> int:
    """Return the interval, or raise ``FeedUrlError`` when it is below the minimum."""
    if seconds < MIN_POLL_SECONDS:
        raise FeedUrlError(f"poll every {MIN_POLL_SECONDS} seconds or more")
    return seconds
