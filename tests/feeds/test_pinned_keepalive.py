"""The fetcher's keep-alive connections against a server that drops them, over real sockets.

A server may close an idle keep-alive connection at any time, even as the next request is on
its way. A GET that meets a connection closed that way is sent again once on a new one;
one closed while idle is noticed and not used at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from warroom.feeds.fetch import Fetcher, FetchSettings

BODY = b"<rss version='2.0'><channel><title>t</title></channel></rss>"
OK = (
    b'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: "v1"\r\n'
    b"Content-Length: " + str(len(BODY)).encode() + b"\r\n\r\n" + BODY
)


class _Server:
    """A server that, on connection ``c`` and its request ``r``, answers if ``answer(c, r)``
    and otherwise closes the connection unanswered (or, ``hang_up``, closes it after every
    answer, without saying so in the response); counts requests per connection."""

    def __init__(self, answer: Callable[[int, int], bool], *, hang_up: bool = False) -> None:
        self.answer = answer
        self.hang_up = hang_up
        self.seen: list[int] = []
        self.closed = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        number = len(self.seen)
        self.seen.append(0)
        try:
            while await reader.readuntil(b"\r\n\r\n"):
                self.seen[number] += 1
                if not self.answer(number, self.seen[number]):
                    return
                writer.write(OK)
                await writer.drain()
                if self.hang_up:
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            self.closed += 1


async def test_a_request_on_a_connection_the_server_dropped_is_sent_again_once() -> None:
    fake = _Server(lambda conn, request: not (conn == 0 and request == 2))
    server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/feed"
    async with server, Fetcher(FetchSettings(concurrency=1)) as fetcher:
        first = await fetcher.fetch(url)
        second = await fetcher.fetch(url)  # on the kept connection, which the server drops
        third = await fetcher.fetch(url)
    assert [first.status, second.status, third.status] == [200, 200, 200], second.error
    assert second.body == BODY
    assert fake.seen == [2, 2]  # connection 0: one answer, one dropped; connection 1: the rest


async def test_a_connection_the_server_closed_while_idle_is_replaced() -> None:
    fake = _Server(lambda conn, request: True, hang_up=True)
    server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/feed"
    loop = asyncio.get_running_loop()
    async with server, Fetcher(FetchSettings(concurrency=1)) as fetcher:
        for n in range(3):
            result = await fetcher.fetch(url)
            assert result.status == 200 and result.body == BODY, result.error
            deadline = loop.time() + 10
            while fake.closed <= n and loop.time() < deadline:  # the server has hung up
                await asyncio.sleep(0.01)
    assert len(fake.seen) == 3
