"""Connections that go to the address that was checked: one DNS answer, checked, then used.

A redirect policy that looks the host up, approves the answer, and then lets httpx look the
host up again can be fooled by DNS rebinding: the first answer is public, the second is
127.0.0.1 or a cloud metadata address, and the request goes there. Here the name is resolved
once per connection, in the network backend httpcore calls to connect, every address of that
answer is given to the policy, and the socket is opened to those same addresses. TLS still
names the host (httpcore passes the URL's host as SNI to ``start_tls``) and so does the
``Host`` header: only the address lookup moves here.

Connections are asyncio streams (``_AsyncioStream``), not httpcore's AnyIO ones: httpcore asks
every pooled connection ``get_extra_info("is_readable")`` before each request, and AnyIO answers
by building a dictionary of its socket attributes each time; with its cancel scope around every
read and write, that was about half the client's time in a warm poll of 200 feeds.

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
from collections.abc import Awaitable, Callable, Iterable

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


class _PinnedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport (request/response mapping, errors) over the pinning backend."""

    def __init__(
        self, *, verify: bool, limits: httpx.Limits, resolve: Resolver, policy: AddressPolicy | None
    ) -> None:
        super().__init__(verify=False, limits=limits, trust_env=False)
        # The pool httpx made is replaced before any use: the same settings plus our backend
        # (httpx 0.28 has no argument that passes a network backend through).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PinningBackend(resolve, policy),
        )


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
