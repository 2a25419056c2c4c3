"""The one rule for a feed URL, wherever it comes from: the incident file, the dashboard, a hop.

A URL with ``user:password@`` was accepted, polled (sent as Basic auth) and stored in clear in
the database; a URL with an escape, a trailing newline or a hundred thousand characters crashed
``check`` with an ``httpx.InvalidURL`` traceback; a redirect could take a feed to a private or
loopback address. Every path that takes a feed URL calls ``feed_url_problem`` (the loader, the
repository's ``add_feed``, the dashboard's form), and every redirect hop calls
``redirect_problem`` (``feeds/fetch.py``) — README, "Feed URLs and redirects".

The standard library's ``urllib.parse`` and ``ipaddress`` do the parsing (the domain imports
only the stdlib); ``httpx.URL`` parses the result again when it is fetched, so a URL both accept
is all that reaches the network.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

from warroom.domain.errors import UserError

__all__ = [
    "MAX_URL_LENGTH",
    "CREDENTIALS_ADVICE",
    "FeedUrlError",
    "feed_url_problem",
    "check_feed_url",
    "blocked_address",
    "redirect_problem",
    "address_problem",
    "origin",
    "MIN_POLL_SECONDS",
    "check_poll_seconds",
]

MAX_URL_LENGTH = 2048
"""Longer feed URLs are refused (browsers and servers commonly stop near 2,000 characters)."""

CREDENTIALS_ADVICE = (
    "keep secrets out of the incident file and the database: put the user and password in the "
    "`credentials` file beside the database (mode 0600; README, 'Feed credentials') or in the "
    "environment variable WARROOM_FEED_AUTH_<FEED_ID>"
)

_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
"""Controls, whitespace (even a trailing newline), bidi and zero-width characters."""


class FeedUrlError(UserError, ValueError):
    """A feed URL that warroom will not store or poll; the message says why and what to do."""


def feed_url_problem(url: str) -> str:
    """Why ``url`` cannot be a feed URL, in words; empty when it can."""
    if len(url) > MAX_URL_LENGTH:
        return f"is {len(url):,} characters long; the limit for a feed URL is {MAX_URL_LENGTH:,}"
    bad = _UNSAFE.search(url)
    if bad:
        what = "a space" if bad.group(0) == " " else f"U+{ord(bad.group(0)):04X}"
        return f"holds {what} at character {bad.start() + 1}; a feed URL has no spaces or controls"
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a port that is not a number in range
    except ValueError as error:
        return f"is not a valid URL ({error})"
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://"
    if not parts.hostname:
        return "has no host name"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return f"holds a user name or password; {CREDENTIALS_ADVICE}"
    return ""


def check_feed_url(url: str) -> str:
    """Return ``url`` when it is a valid feed URL.

    Raises:
        FeedUrlError: saying why not.
    """
    problem = feed_url_problem(url)
    if problem:
        raise FeedUrlError(f"feed URL {problem}")
    return url


def origin(url: str) -> str:
    """``scheme://host:port`` of a URL (lowercase, default port made explicit)."""
    parts = urlsplit(url)
    default = 443 if parts.scheme == "https" else 80
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{_port(parts) or default}"


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


def blocked_address(address: str) -> str:
    """What kind of non-public address ``address`` is (``loopback``, ``private`` …), or ``""``."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0].strip("[]"))
    except ValueError:
        return ""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for kind, hit in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
    ):
        if hit:
            return kind
    return ""


def redirect_problem(
    feed_url: str, target: str, addresses: list[str], allowed_hosts: frozenset[str]
) -> str:
    """Why a redirect from the feed at ``feed_url`` to ``target`` is refused; empty if not.

    Args:
        feed_url: The feed's own URL (the first hop), chosen by whoever prepared the incident.
        target: Where the server sends us now.
        addresses: The IP addresses ``target``'s host resolves to (its literal IP, if it is one).
        allowed_hosts: Hosts or addresses the incident file allows even when not public.

    The policy: every hop must itself be a valid feed URL (http/https, no credentials, no
    controls); an https feed is never downgraded to http; a hop to another host may not reach a
    loopback, private, link-local, multicast or reserved address unless that host or address is
    allowed. A redirect within the feed's own host and port is always followed.
    """
    problem = feed_url_problem(target)
    if problem:
        return f"redirect refused: its target URL {problem}"
    if urlsplit(feed_url).scheme == "https" and urlsplit(target).scheme == "http":
        return "redirect from https:// to http:// refused (a downgrade)"
    if origin(target) == origin(feed_url):
        return ""
    return address_problem((urlsplit(target).hostname or "").lower(), addresses, allowed_hosts)


def address_problem(host: str, addresses: list[str], allowed_hosts: frozenset[str]) -> str:
    """Why a hop to ``host``, resolving to ``addresses``, may not be reached; empty if it may.

    Every address is checked, not only the first: a DNS answer mixing a public address with
    127.0.0.1 is refused. With no addresses (not resolved yet) the host itself is checked (a
    literal IP, ``localhost``); the connection checks the resolved ones (``feeds/pinned.py``).
    """
    host = host.lower()
    if host in allowed_hosts:
        return ""
    for address in addresses or [host]:
        kind = blocked_address(address) or ("loopback" if host == "localhost" else "")
        if kind and address not in allowed_hosts:
            return (
                f"redirect to a {kind} address ({address}) refused; the incident file may allow it"
            )
    return ""


MIN_POLL_SECONDS = 10
"""Polling a feed more often than this helps nobody and gets the war room rate-limited."""


def check_poll_seconds(seconds: int) -> int:
    """Return the interval, or raise ``FeedUrlError`` when it is below the minimum."""
    if seconds < MIN_POLL_SECONDS:
        raise FeedUrlError(f"poll every {MIN_POLL_SECONDS} seconds or more")
    return seconds
