"""Canonical URLs for deduplication: one article is one key, however it was linked to.

The stored link stays as the feed published it (operators open it, and a review cites it); only
the dedup key is canonical. The same story reached through two alerts, with ``utm_*`` tags, over
``http`` and ``https``, with a trailing slash or a ``#comments`` fragment, or behind Google's or
Bing News's redirect wrapper was stored two to four times.

Canonical form: the real URL behind a known redirect wrapper (up to three wrappers deep), scheme
folded to ``https``, host lower-cased without ``www.``, default ports and empty userinfo dropped,
the path's trailing slash dropped, the fragment dropped, tracking parameters dropped (``utm_*``,
``fbclid``, ``gclid`` and the rest of ``TRACKING_PARAMETERS``), the remaining query sorted.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "RedirectWrapper",
    "DEFAULT_WRAPPERS",
    "TRACKING_PARAMETERS",
    "TRACKING_PREFIXES",
    "canonical_url",
    "plain_canonical",
    "plain_parts",
    "unwrap",
]


@dataclass(frozen=True)
class RedirectWrapper:
    """A link-tracking redirect that carries the real URL in a query parameter.

    ``host`` matches the host exactly or any subdomain of it when written ``*.example.com``;
    ``path`` is matched exactly ("" matches any path); ``params`` are tried in order.
    """

    host: str
    path: str
    params: tuple[str, ...]

    def matches(self, host: str, path: str) -> bool:
        """True when a URL with this host and path is this wrapper."""
        if self.host.startswith("*."):
            suffix = self.host[1:]
            if not (host.endswith(suffix) or host == suffix[1:]):
                return False
        elif host != self.host:
            return False
        return not self.path or path == self.path


DEFAULT_WRAPPERS: tuple[RedirectWrapper, ...] = (
    RedirectWrapper("www.google.com", "/url", ("url", "q")),
    RedirectWrapper("google.com", "/url", ("url", "q")),
    RedirectWrapper("www.bing.com", "/news/apiclick.aspx", ("url",)),
    RedirectWrapper("bing.com", "/news/apiclick.aspx", ("url",)),
    RedirectWrapper("l.facebook.com", "/l.php", ("u",)),
    RedirectWrapper("lm.facebook.com", "/l.php", ("u",)),
    RedirectWrapper("duckduckgo.com", "/l/", ("uddg",)),
    RedirectWrapper("*.safelinks.protection.outlook.com", "", ("url",)),
)
"""Wrappers seen in alert feeds; ``warroom/data/signals.json`` and the incident file add more."""

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "ncid",
        "ref_src",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
"""Query parameters that say who sent the reader, never which article it is."""
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_MAX_UNWRAP = 3


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMETERS or lowered.startswith(TRACKING_PREFIXES)


def unwrap(url: str, wrappers: Iterable[RedirectWrapper] = DEFAULT_WRAPPERS) -> str:
    """The real URL behind known redirect wrappers (at most three deep), else ``url``."""
    chosen = tuple(wrappers)
    lowered = url.lower()
    if not any(w.host.removeprefix("*.") in lowered for w in chosen):
        return url  # the common case, without parsing the URL
    for _ in range(_MAX_UNWRAP):
        try:
            parts = urllib.parse.urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return url
        wrapper = next((w for w in chosen if w.matches(host, parts.path)), None)
        if wrapper is None:
            return url
        query = urllib.parse.parse_qs(parts.query)
        inner = next((query[p][0] for p in wrapper.params if query.get(p)), "")
        if not inner.startswith(("http://", "https://")):
            return url
        url = inner
    return url


_PLAIN_URL = re.compile(r"(?:https?)://([A-Za-z0-9.-]+)(/[!\"$-;=@-~]*)?")
"""An http(s) URL with a plain host and path: no user, port, query, fragment, space, control or
non-ASCII character. ``urlsplit`` reads it as host and path, nothing else."""


def plain_parts(url: str) -> tuple[str, str] | None:
    """(lower-case host, path) of a plain URL (``_PLAIN_URL``), else ``None``.

    Most article links are plain, and reading them needs no ``urlsplit``: a poll canonicalises
    every link it parses (issue 16: 8,000 entries/s). A test compares both readings.
    """
    match = _PLAIN_URL.fullmatch(url)
    if match is None:
        return None
    return match.group(1).lower(), match.group(2) or ""


def plain_canonical(host: str, path: str) -> str:
    """``canonical_url`` of a plain URL, from its ``plain_parts``."""
    host = host.rstrip(".")
    return f"https://{host.removeprefix('www.')}{path.rstrip('/')}" if host else ""


def canonical_url(url: str, wrappers: Iterable[RedirectWrapper] = DEFAULT_WRAPPERS) -> str:
    """The dedup form of an http(s) URL (see the module docstring); ``""`` for anything else."""
    plain = plain_parts(url)
    if plain is not None:  # no query, so no wrapper can hold another URL in it
        return plain_canonical(*plain)
    real = unwrap(url.strip(), wrappers)
    try:
        parts = urllib.parse.urlsplit(real)
        host = (parts.hostname or "").lower().rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not host:
        return ""
    host = host.removeprefix("www.")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path.rstrip("/")
    encoded = ""
    if parts.query:
        query = sorted(
            (name, value)
            for name, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(name)
        )
        encoded = urllib.parse.urlencode(query)
    return urllib.parse.urlunsplit(("https", netloc, path, encoded, ""))
