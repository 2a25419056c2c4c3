"""Fetch feeds over one ``httpx.AsyncClient``, defensively.

httpx has no total deadline and no size cap by default (see TRAPS.md): a server dripping one
byte a second or a 1 MiB gzip body inflating to 1 GiB would stall or exhaust the poller. So
every fetch here has connect/read timeouts *and* a total deadline, streams the body and counts
the *decoded* bytes against a cap (decompressing ourselves with a bounded output size), follows
at most five redirects by hand, re-validating every hop by ``domain.feed_urls.redirect_problem``
(scheme, no downgrade, no credentials, no loopback/private/link-local host reached from another
host unless the incident file allows it: the addresses a hop's host resolves to are checked
once, when it connects, and are the ones used, ``feeds/pinned.py``), honours ``Retry-After`` on
429/503 (bounded by ``MAX_RETRY_AFTER``), sends Basic auth only to the feed's own origin, and
sends a conditional GET. Every failure becomes a ``FetchResult`` whose ``error`` says what went
wrong in words: one bad feed never raises into, delays or stops the others.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import re
import socket
import time
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from types import TracebackType

import httpx

from warroom import __version__
from warroom.domain.feed_urls import address_problem, origin, redirect_problem
from warroom.domain.text import inert
from warroom.feeds.pinned import AddressRefused, Resolver, pinned_transport

__all__ = ["FetchResult", "FetchSettings", "Fetcher", "USER_AGENT", "MAX_RETRY_AFTER"]

MAX_RETRY_AFTER = 3600.0
"""A server's ``Retry-After`` is honoured up to an hour: a feed is never silenced for longer."""

USER_AGENT = f"warroom/{__version__}"
"""Sent with every request, so feed owners can see who polls them."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchSettings:
    """Limits for every fetch; the defaults suit feeds polled every few minutes."""

    concurrency: int = 8
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 30.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    allow_private_hosts: frozenset[str] = frozenset()
    """Hosts/addresses a redirect may reach although not public (the incident's ``network``)."""
    credentials: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """Basic-auth (user, password) by origin (``https://host:443``), sent to that origin only."""


@dataclass(frozen=True)
class FetchResult:
    """What one fetch brought back; ``error`` is empty on success (200 or 304)."""

    url: str
    final_url: str = ""
    status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    error: str = ""
    elapsed: float = 0.0
    retry_after: float | None = None
    """Seconds the server asked us to wait (429/503 ``Retry-After``), already bounded."""

    @property
    def not_modified(self) -> bool:
        """The server answered 304 to our conditional GET: nothing new."""
        return not self.error and self.status == 304

    @property
    def ok(self) -> bool:
        """A body arrived (2xx) within every limit."""
        return not self.error and self.status is not None and 200 <= self.status < 300


class _BodyTooLarge(Exception):
    """Raised inside the streaming loop when the decoded body passes the cap."""


class _CappedDecoder:
    """Decode a Content-Encoding incrementally, never producing more than the cap allows.

    httpx's own decoders inflate a whole network chunk at once (a 64 KiB chunk can become 64 MB),
    so we read raw bytes and ask zlib for at most ``remaining + 1`` bytes each time.
    """

    def __init__(self, encoding: str, cap: int) -> None:
        self.cap = cap
        self.size = 0
        self.parts: list[bytes] = []
        enc = encoding.strip().lower()
        self._deflate_fallback = False
        if enc in ("", "identity"):
            self._z: zlib._Decompress | None = None
        elif enc in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
            self._deflate_fallback = True  # some servers send raw deflate without the zlib header
        else:
            raise ValueError(f"unsupported content encoding {inert(enc, limit=40)!r}")

    def _take(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.cap:
            raise _BodyTooLarge
        if data:
            self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        """Add one raw network chunk."""
        if self._z is None:
            self._take(chunk)
            return
        try:
            out = self._z.decompress(chunk, self.cap - self.size + 1)
        except zlib.error:
            if not self._deflate_fallback or self.size:
                raise
            self._deflate_fallback = False
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._z.decompress(chunk, self.cap - self.size + 1)
        self._deflate_fallback = False
        self._take(out)
        if self._z.unconsumed_tail:  # output was cut at the cap: there is more than allowed
            raise _BodyTooLarge

    def finish(self) -> bytes:
        """Return the whole decoded body."""
        if self._z is not None:
            self._take(self._z.flush(self.cap - self.size + 1))
        return b"".join(self.parts)


def _megabytes(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:g} MB" if value >= 1 else f"{n // 1024} KB"


def _basic_auth(user: str, password: str) -> str:
    """The ``Authorization`` value for HTTP Basic auth (RFC 7617), UTF-8 encoded."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


def _retry_after(value: str, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now, bounded to ``[0, MAX_RETRY_AFTER]``; None if absent.

    Either delta-seconds (``120``) or an HTTP date (RFC 9110 §10.2.3); anything else is ignored.
    """
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        seconds = float(int(text[:12]))
    else:
        import email.utils  # only for an HTTP date, rare: a warm poll never loads it

        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def _status_words(code: int) -> str:
    """``HTTP 404 Not Found``: the phrase comes from the stdlib, never from the server."""
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "unknown status"
    return f"HTTP {code} {phrase}"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what caused it (httpx wraps the socket error that says why)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _error_words(exc: BaseException, settings: FetchSettings) -> str:
    """Say in words what went wrong, for the feed health pane."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"could not connect within {settings.connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"no data for {settings.read_timeout:g} s (read timed out)"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out ({type(exc).__name__})"
    if isinstance(exc, httpx.ConnectError):
        causes = list(_causes(exc))
        refused = next((c for c in causes if isinstance(c, AddressRefused)), None)
        if refused is not None:
            return inert(str(refused))
        text = " ".join(str(c) for c in causes).lower()
        if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in text:
            return "connection refused"
        if any(isinstance(c, socket.gaierror) for c in causes) or "name or service" in text:
            return "host name not found"
        if "certificate" in text or "ssl" in text:
            return f"TLS error: {inert(str(causes[-1]), limit=160)}"
        return f"could not connect: {inert(str(causes[-1]), limit=160)}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"protocol error: {inert(str(exc), limit=160)}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "only http:// and https:// feeds can be fetched"
    if isinstance(exc, httpx.InvalidURL):
        return f"invalid URL: {inert(str(exc), limit=160)}"
    if isinstance(exc, zlib.error):
        return "response could not be decompressed"
    words = _CLASS_WORDS.get(type(exc).__name__, "")
    detail = next((inert(str(c), limit=160) for c in _causes(exc) if str(c).strip()), "")
    if words:
        return f"{words}: {detail}" if detail else words
    # Never "ReadError: " with nothing after it: name the class in words, then the cause.
    named = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(exc).__name__).lower()
    return f"{named}: {detail}" if detail else named


_CLASS_WORDS = {
    "ReadError": "connection lost while reading the response (reset or closed by the server)",
    "WriteError": "connection lost while sending the request",
    "CloseError": "connection failed while closing",
    "LocalProtocolError": "request refused by the HTTP library (malformed request)",
    "ProxyError": "proxy refused the connection",
    "DecodingError": "response could not be decoded",
    "ConnectionResetError": "connection reset by the server",
    "BrokenPipeError": "connection closed by the server while sending",
}
"""Exceptions whose own message is often empty (httpx's ``ReadError`` after a reset)."""


_DRAIN_BYTES = 64 * 1024
"""The most of an unwanted body (a redirect's or an error page's) read to keep its connection."""

_DRAIN_SECONDS = 2.0


async def _drain(response: httpx.Response) -> None:
    """Read the rest of a response whose body is not wanted, so its connection can be reused.

    A keep-alive connection goes back to the pool only once its response was read to the end
    (``feeds/pinned.py``, as httpcore before it); closed unread, it is closed too. A warm poll
    is 200 answers of 304 (no body at all), so each feed paid a new TCP connection: 192
    connects for 200 feeds at 8 in flight, instead of 8. Only a body known to be small is read
    (a 304 has none; otherwise a declared ``Content-Length`` within ``_DRAIN_BYTES``), within
    ``_DRAIN_SECONDS``: anything larger, slower or broken is cheaper to drop with its
    connection, as before.
    """
    declared = response.headers.get("content-length", "")
    if response.status_code != 304 and not (declared.isdigit() and int(declared) <= _DRAIN_BYTES):
        return
    with contextlib.suppress(httpx.HTTPError, httpx.StreamError, TimeoutError, OSError):
        async with asyncio.timeout(_DRAIN_SECONDS):
            read = 0
            async for chunk in response.aiter_raw(_CHUNK):
                read += len(chunk)
                if read > _DRAIN_BYTES:
                    return


class Fetcher:
    """One shared ``httpx.AsyncClient`` with bounded concurrency; use as ``async with``.

    Args:
        settings: Timeouts, caps and concurrency.
        transport: An ``httpx.AsyncBaseTransport`` for tests; ``None`` uses the network, every
            connection resolving its host once and connecting to that answer
            (``feeds/pinned.py``).
        resolve: The host-name resolver for those connections (tests inject one).
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        resolve: Resolver | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        s = self.settings
        self._semaphore = asyncio.Semaphore(max(1, s.concurrency))
        self._transport = transport
        self._resolve = resolve
        self._clients: dict[tuple[str, bool], httpx.AsyncClient] = {}

    def _policy(self, host: str, addresses: list[str]) -> str:
        return address_problem(host, addresses, self.settings.allow_private_hosts)

    def _client(self, scheme: str, checked: bool = False) -> httpx.AsyncClient:
        """The client for one URL scheme, made on first use.

        ``checked`` clients carry the redirect hops the address policy applies to (another
        host, not allowed by the incident file): their connections are refused unless every
        address the host resolved to passes the policy, and connect to those addresses. They
        have a pool of their own, so a hop never reuses a connection made without the check.

        Loading the CA bundle for TLS costs about 35 ms, a tenth of a warm poll of 200 feeds,
        so a run that only meets ``http://`` feeds never pays it. The plain client is only ever
        given ``http://`` requests (redirects are followed here, hop by hop, choosing the client
        by each hop's scheme), so turning verification off for it can weaken nothing.
        """
        client = self._clients.get((scheme, checked))
        if client is None:
            s = self.settings
            limits = httpx.Limits(
                max_connections=max(1, s.concurrency),
                max_keepalive_connections=max(1, s.concurrency),
            )
            transport = self._transport or pinned_transport(
                verify=scheme == "https",
                limits=limits,
                resolve=self._resolve,
                policy=self._policy if checked else None,
            )
            client = self._clients[(scheme, checked)] = httpx.AsyncClient(
                transport=transport,
                follow_redirects=False,  # followed by hand: count them, refuse non-http schemes
                timeout=httpx.Timeout(
                    connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None
                ),
                headers={
                    "User-Agent": s.user_agent,
                    # Only what _CappedDecoder can decode with a bounded output.
                    "Accept-Encoding": "gzip, deflate",
                    "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, "
                    "text/xml;q=0.9, */*;q=0.5",
                },
            )
        return client

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the clients and their connections."""
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()

    async def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        """Fetch one feed; never raises for anything the network or the server does.

        Args:
            url: The feed URL.
            etag: The ETag from the last 200, sent as ``If-None-Match``.
            last_modified: The Last-Modified from the last 200, sent as ``If-Modified-Since``.
        """
        async with self._semaphore:
            started = time.monotonic()
            try:
                async with asyncio.timeout(self.settings.total_timeout):
                    result = await self._fetch(url, etag, last_modified)
            except TimeoutError:
                result = FetchResult(
                    url, error=f"timed out after {self.settings.total_timeout:g} s"
                )
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, zlib.error) as exc:
                result = FetchResult(url, error=_error_words(exc, self.settings))
            except (OSError, ValueError, UnicodeError) as exc:  # odd URLs/headers from outside
                result = FetchResult(url, error=_error_words(exc, self.settings))
            elapsed = time.monotonic() - started
        return FetchResult(
            url=result.url,
            final_url=result.final_url,
            status=result.status,
            body=result.body,
            headers=result.headers,
            etag=result.etag,
            last_modified=result.last_modified,
            error=result.error,
            elapsed=elapsed,
            retry_after=result.retry_after,
        )

    def _needs_address_check(self, feed_url: str, target: httpx.URL) -> bool:
        """A hop to another host the incident file does not allow: its addresses are checked."""
        return origin(str(target)) != origin(feed_url) and (
            target.host.lower() not in self.settings.allow_private_hosts
        )

    async def _fetch(self, url: str, etag: str, last_modified: str) -> FetchResult:
        s = self.settings
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        target = httpx.URL(url)
        if target.scheme not in ("http", "https"):
            return FetchResult(url, error="only http:// and https:// feeds can be fetched")
        for hop in range(s.max_redirects + 1):
            client = self._client(target.scheme, hop > 0 and self._needs_address_check(url, target))
            request = client.build_request("GET", target, headers=conditional)
            auth = s.credentials.get(origin(str(target)))
            if auth is not None:  # only ever to the origin the credentials were given for
                request.headers["Authorization"] = _basic_auth(*auth)
            response = await client.send(request, stream=True)
            try:
                status = response.status_code
                if not 200 <= status < 300:  # a 304, a redirect, an error page: no body wanted
                    await _drain(response)
                if status in _REDIRECTS:
                    location = response.headers.get("location", "")
                    if not location:
                        return FetchResult(
                            url,
                            str(target),
                            status,
                            error=f"{_status_words(status)} without Location",
                        )
                    if hop == s.max_redirects:
                        return FetchResult(
                            url,
                            str(target),
                            status,
                            error=f"too many redirects (more than {s.max_redirects})",
                        )
                    target = target.join(location)
                    if target.scheme not in ("http", "https"):
                        scheme = inert(target.scheme, limit=20) or "an unknown scheme"
                        return FetchResult(url, error=f"redirect to {scheme}:// refused")
                    # The URL and a literal host here; the addresses a name resolves to when
                    # the hop connects (the checked client), so what is checked is what is used.
                    refused = redirect_problem(url, str(target), [], s.allow_private_hosts)
                    if refused:
                        return FetchResult(url, str(target), status, error=inert(refused))
                    continue
                return await self._finish(url, target, response)
            finally:
                await response.aclose()
        raise AssertionError("unreachable: the loop returns on its last hop")

    async def _finish(self, url: str, target: httpx.URL, response: httpx.Response) -> FetchResult:
        s = self.settings
        status = response.status_code
        headers = {k.lower(): v for k, v in response.headers.items()}
        etag = inert(headers.get("etag", ""), limit=200)
        last_modified = inert(headers.get("last-modified", ""), limit=100)
        final = str(target)
        if status == 304:
            return FetchResult(
                url, final, 304, headers=headers, etag=etag, last_modified=last_modified
            )
        if not 200 <= status < 300:
            wait = _retry_after(headers.get("retry-after", "")) if status in (429, 503) else None
            words = _status_words(status)
            if wait is not None:
                words += f" (asked to retry after {wait:g} s)"
            return FetchResult(url, final, status, headers=headers, error=words, retry_after=wait)
        too_big = f"response larger than {_megabytes(s.max_bytes)}"
        declared = headers.get("content-length", "")
        encoding = headers.get("content-encoding", "")
        if declared.isdigit() and not encoding and int(declared) > s.max_bytes:
            return FetchResult(url, final, status, headers=headers, error=too_big)
        try:
            decoder = _CappedDecoder(encoding, s.max_bytes)
        except ValueError as exc:
            return FetchResult(url, final, status, headers=headers, error=str(exc))
        try:
            async for chunk in response.aiter_raw(_CHUNK):
                decoder.feed(chunk)
            body = decoder.finish()
        except _BodyTooLarge:
            return FetchResult(url, final, status, headers=headers, error=too_big)
        return FetchResult(
            url, final, status, body, headers, etag=etag, last_modified=last_modified
        )
