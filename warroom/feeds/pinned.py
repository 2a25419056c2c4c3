"""Connections that go to the address that was checked: one DNS answer, checked, then used.

A redirect policy that looks the host up, approves the answer, and then lets httpx look the
host up again can be fooled by DNS rebinding: the first answer is public, the second is
127.0.0.1 or a cloud metadata address, and the request goes there. Here the name is resolved
once per connection, in the network backend the transport calls to connect, every address of
that answer is given to the policy, and the socket is opened to those same addresses. TLS
still names the host (the URL's host is the SNI given to ``start_tls``) and so does the
``Host`` header: only the address lookup moves here.

The transport under httpx is this module's own (``_PinnedTransport``: HTTP/1.1 by h11, the
library httpcore uses, with keep-alive) over asyncio streams (``_AsyncioStream``). httpx's
own went through httpcore's pool and AnyIO's streams, which cost about 2 ms of CPU per request
(the pool scans every connection and request, and asks each connection whether it is still
open, which AnyIO answers by building a dictionary of socket attributes; a cancel scope around
every read and write): most of a warm poll of 200 feeds. Now about 1 ms.

The lookup runs in a daemon thread and is waited for with a timeout, so a resolver that never
answers neither delays past the caller's bound nor keeps the process alive at exit (asyncio's
default executor is joined when ``asyncio.run`` ends, with no time limit, on Python 3.11).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import select
import socket
import ssl
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator

import h11
import httpcore
import httpx

__all__ = ["AddressPolicy", "AddressRefused", "Resolver", "pinned_transport", "resolve_host"]

Resolver = Callable[[str, int, float | None], Awaitable[list[str]]]
"""``(host, port, timeout)`` → the addresses to connect to, in order (tests inject their own)."""

AddressPolicy = Callable[[str, list[str]], str]
"""``(host, addresses)`` → why they may not be reached, or ``""``."""


class AddressRefused(httpcore.ConnectError):
    """The policy refused the addresses the host resolved to; nothing was sent to them."""


def _literal(host: str) -> str:
    """``host`` when it is an IP address (no lookup needed), else ``""``."""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return ""


async def resolve_host(host: str, port: int, timeout: float | None) -> list[str]:
    """The addresses ``host`` resolves to, looked up once, within ``timeout`` seconds.

    Raises:
        httpcore.ConnectTimeout: no answer in time.
        httpcore.ConnectError: the name does not resolve (caused by the ``socket.gaierror``).
    """
    literal = _literal(host)
    if literal:
        return [literal]
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[list[str]] = loop.create_future()

    def settle(addresses: list[str], error: OSError | None) -> None:
        if answer.done():
            return  # the caller gave up waiting
        if error is not None:
            answer.set_exception(error)
        else:
            answer.set_result(addresses)

    def lookup() -> None:
        addresses: list[str] = []
        error: OSError | None = None
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
        except OSError as exc:
            error = exc
        # RuntimeError: the loop closed while the lookup ran, so nobody is waiting any more.
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(settle, addresses, error)

    threading.Thread(target=lookup, name="warroom-dns", daemon=True).start()
    try:
        async with asyncio.timeout(timeout):
            return await answer
    except TimeoutError:
        raise httpcore.ConnectTimeout(
            f"host name {host!r} not resolved within {timeout:g} s"
        ) from None
    except OSError as exc:
        raise httpcore.ConnectError(str(exc)) from exc


def _readable(sock: socket.socket | None) -> bool:
    """True when an idle socket has something to read: the peer closed it, or sent data
    unasked. Either way the connection cannot take another request (httpcore drops it)."""
    if sock is None or sock.fileno() == -1:
        return True
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    return bool(poller.poll(0))


class _AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection as asyncio streams, raising httpcore's errors as its AnyIO stream does."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError:
            raise httpcore.ReadTimeout(f"no data for {timeout:g} s") from None
        except (OSError, ssl.SSLError) as exc:
            raise httpcore.ReadError(str(exc)) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            async with asyncio.timeout(timeout):
                self._writer.write(buffer)
                await self._writer.drain()
        except TimeoutError:
            raise httpcore.WriteTimeout(f"could not send for {timeout:g} s") from None
        except (OSError, RuntimeError, ssl.SSLError) as exc:  # RuntimeError: transport closed
            raise httpcore.WriteError(str(exc)) from exc

    async def aclose(self) -> None:
        self._writer.close()
        with contextlib.suppress(OSError, ssl.SSLError, TimeoutError):
            async with asyncio.timeout(1.0):  # a TLS peer that never answers close_notify
                await self._writer.wait_closed()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError:
            await self.aclose()
            raise httpcore.ConnectTimeout(f"TLS handshake not done within {timeout:g} s") from None
        except (OSError, ssl.SSLError) as exc:
            await self.aclose()
            raise httpcore.ConnectError(str(exc)) from exc
        return self

    def get_extra_info(self, info: str) -> object:
        if info == "is_readable":
            return self._reader.at_eof() or _readable(self._writer.get_extra_info("socket"))
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        if info in ("ssl_object", "socket"):
            return self._writer.get_extra_info(info)
        return None


async def _connect(
    address: str,
    port: int,
    timeout: float | None,
    local_address: str | None,
    socket_options: Iterable[httpcore.SOCKET_OPTION] | None,
) -> httpcore.AsyncNetworkStream:
    """A TCP connection to this very address (asyncio sets TCP_NODELAY itself)."""
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(
                address, port, local_addr=(local_address, 0) if local_address else None
            )
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"could not connect within {timeout:g} s") from None
    except OSError as exc:
        raise httpcore.ConnectError(str(exc)) from exc
    sock = writer.get_extra_info("socket")
    for option in socket_options or ():
        sock.setsockopt(*option)
    return _AsyncioStream(reader, writer)


class _PinningBackend(httpcore.AsyncNetworkBackend):
    """Resolve once, let the policy see every address, connect to those addresses only."""

    def __init__(self, resolve: Resolver, policy: AddressPolicy | None) -> None:
        self._resolve = resolve
        self._policy = policy

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolve(host, port, timeout)
        if not addresses:
            raise httpcore.ConnectError(f"host name {host!r} resolved to no address")
        if self._policy is not None:
            problem = self._policy(host, addresses)
            if problem:
                raise AddressRefused(problem)
        failure: httpcore.ConnectError | None = None
        for address in addresses:  # every one of them was checked above
            try:
                return await _connect(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("feeds are fetched over TCP only")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (h11.RemoteProtocolError, httpx.RemoteProtocolError),
    (h11.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
)
"""What the connections and h11 raise, as the httpx errors callers (and their words) expect."""


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """Raise the matching httpx error, caused by the original (the fetcher reads the causes)."""
    try:
        yield
    except Exception as exc:
        for raised, mapped in _ERRORS:
            if isinstance(exc, raised):
                raise mapped(str(exc)) from exc
        raise


class _Connection:
    """One HTTP/1.1 connection and h11's view of the exchange on it."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self.stream = stream
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=_MAX_HEAD)
        self.idle_since = 0.0

    async def next_event(self, timeout: float | None) -> object:
        """The next thing the server said, reading from the network as needed."""
        while True:
            event = self.h11.next_event()
            if event is not h11.NEED_DATA:
                return event
            self.h11.receive_data(await self.stream.read(_READ_BYTES, timeout))

    def reusable(self) -> bool:
        """The exchange is complete on both sides and the server did not ask to close."""
        return self.h11.our_state is h11.DONE and self.h11.their_state is h11.DONE


class _Body(httpx.AsyncByteStream):
    """A response body read from its connection; the connection goes back to the pool once the
    body was read to its end, and is closed otherwise."""

    def __init__(
        self, transport: _PinnedTransport, key: _Origin, conn: _Connection, timeout: float | None
    ) -> None:
        self._transport = transport
        self._key = key
        self._conn = conn
        self._timeout = timeout
        self._closed = False

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            while True:
                event = await self._conn.next_event(self._timeout)
                if isinstance(event, h11.Data):
                    yield bytes(event.data)
                elif isinstance(event, h11.EndOfMessage | h11.ConnectionClosed):
                    return

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._conn.reusable():
            self._conn.h11.start_next_cycle()
            self._transport.release(self._key, self._conn)
        else:
            await self._conn.stream.aclose()


_Origin = tuple[str, str, int]
"""(scheme, host, port) of a connection."""

_MAX_HEAD = 100 * 1024
"""The most a response's status line and headers may take (httpcore's figure)."""

_READ_BYTES = 64 * 1024


class _PinnedTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 with h11 over the pinning backend's connections, with keep-alive.

    httpx's own transport goes through httpcore's connection pool, which on every request
    scans every pooled connection and request and asks each connection whether it is still
    usable: about 2 ms of CPU per request, most of a warm poll. Feeds need only GET, one
    request per connection at a time (the fetcher bounds how many are in flight), so this
    keeps a list of idle connections per origin and checks only the one it takes.
    """

    def __init__(
        self, *, verify: bool, limits: httpx.Limits, resolve: Resolver, policy: AddressPolicy | None
    ) -> None:
        self._ssl = httpx.create_ssl_context(verify=True) if verify else None
        self._backend = _PinningBackend(resolve, policy)
        self._keep = limits.max_keepalive_connections or 0
        self._expiry = limits.keepalive_expiry
        self._idle: dict[_Origin, list[_Connection]] = {}

    def release(self, key: _Origin, conn: _Connection) -> None:
        """Keep a connection whose exchange is complete, for the next request to its origin."""
        idle = self._idle.setdefault(key, [])
        if sum(len(v) for v in self._idle.values()) >= self._keep:
            asyncio.ensure_future(conn.stream.aclose())
            return
        conn.idle_since = time.monotonic()
        idle.append(conn)

    def _take(self, key: _Origin) -> _Connection | None:
        """An idle connection to this origin that is still open and not expired."""
        idle = self._idle.get(key, [])
        now = time.monotonic()
        while idle:
            conn = idle.pop()
            expired = self._expiry is not None and now - conn.idle_since > self._expiry
            if not expired and not conn.stream.get_extra_info("is_readable"):
                return conn
            asyncio.ensure_future(conn.stream.aclose())
        return None

    async def _connect(self, key: _Origin, timeout: float | None) -> _Connection:
        scheme, host, port = key
        stream = await self._backend.connect_tcp(host, port, timeout=timeout)
        if scheme == "https":
            if self._ssl is None:  # the plain client: never TLS without verification
                await stream.aclose()
                raise httpcore.UnsupportedProtocol("this client fetches http:// only")
            stream = await stream.start_tls(self._ssl, server_hostname=host, timeout=timeout)
        return _Connection(stream)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        url = request.url
        port = url.port or (443 if url.scheme == "https" else 80)
        key: _Origin = (url.scheme, url.host, port)
        with _httpx_errors():
            if url.scheme not in ("http", "https"):
                raise httpcore.UnsupportedProtocol(f"unsupported scheme {url.scheme!r}")
            body = b"".join([chunk async for chunk in request.stream])  # type: ignore[union-attr]
            conn = self._take(key)
            if conn is not None:
                try:
                    return await self._exchange(key, conn, request, body, timeouts)
                except (httpcore.ReadError, httpcore.WriteError, h11.RemoteProtocolError):
                    pass  # closed by the server while idle: a GET is retried once, afresh
            conn = await self._connect(key, timeouts.get("connect"))
            return await self._exchange(key, conn, request, body, timeouts)

    async def _exchange(
        self,
        key: _Origin,
        conn: _Connection,
        request: httpx.Request,
        body: bytes,
        timeouts: dict[str, float | None],
    ) -> httpx.Response:
        """Send the request on ``conn`` and read the response head; the body streams later."""
        try:
            data = conn.h11.send(
                h11.Request(
                    method=request.method, target=request.url.raw_path, headers=request.headers.raw
                )
            )
            if body:
                data = (data or b"") + (conn.h11.send(h11.Data(data=body)) or b"")
            data = (data or b"") + (conn.h11.send(h11.EndOfMessage()) or b"")
            await conn.stream.write(data, timeouts.get("write"))
            while True:
                event = await conn.next_event(timeouts.get("read"))
                if isinstance(event, h11.Response):
                    break
                if isinstance(event, h11.ConnectionClosed):
                    raise h11.RemoteProtocolError("server disconnected without sending a response")
        except BaseException:
            await conn.stream.aclose()
            raise
        return httpx.Response(
            status_code=event.status_code,
            headers=event.headers.raw_items(),
            stream=_Body(self, key, conn, timeouts.get("read")),
            extensions={
                "http_version": b"HTTP/" + event.http_version,
                "reason_phrase": event.reason,
            },
        )

    async def aclose(self) -> None:
        idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                await conn.stream.aclose()


def pinned_transport(
    *,
    verify: bool,
    limits: httpx.Limits,
    resolve: Resolver | None = None,
    policy: AddressPolicy | None = None,
) -> httpx.AsyncBaseTransport:
    """A transport whose every connection resolves its host once and uses that answer.

    Args:
        verify: Verify TLS certificates (the CA bundle is only loaded when true).
        limits: Connection limits, as for ``httpx.AsyncHTTPTransport``.
        resolve: The resolver; ``resolve_host`` (the system's, in a daemon thread) by default.
        policy: Checked against every resolved address before connecting; none: no check.
    """
    return _PinnedTransport(
        verify=verify, limits=limits, resolve=resolve or resolve_host, policy=policy
    )
