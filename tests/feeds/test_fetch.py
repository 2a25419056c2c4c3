"""The fetcher against a real server on 127.0.0.1: every fault becomes an error in words."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from feedsrv import FIXTURES, FeedTestServer

from warroom.feeds.fetch import USER_AGENT, Fetcher, FetchSettings, _error_words

GA = "/feeds/google-alerts-slack.atom.xml"
FAST = FetchSettings(
    concurrency=4, connect_timeout=2, read_timeout=3, total_timeout=1.5, max_bytes=1024 * 1024
)


async def fetch(server: FeedTestServer, path: str, settings: FetchSettings = FAST, **kw: str):
    async with Fetcher(settings) as fetcher:
        return await fetcher.fetch(server.url(path), **kw)


async def test_ok_feed_has_body_validators_and_user_agent(feed_server: FeedTestServer) -> None:
    result = await fetch(feed_server, GA)
    assert result.ok and result.status == 200 and not result.error
    assert result.body == (FIXTURES / "google-alerts-slack.atom.xml").read_bytes()
    assert result.etag.startswith('"') and result.last_modified.endswith("GMT")
    assert USER_AGENT.startswith("warroom/")
    assert USER_AGENT in feed_server.user_agents


async def test_conditional_get_gets_304(feed_server: FeedTestServer) -> None:
    first = await fetch(feed_server, GA)
    before = feed_server.conditional[GA]
    second = await fetch(feed_server, GA, etag=first.etag)
    assert second.not_modified and second.body == b"" and not second.error
    assert feed_server.conditional[GA] == before + 1
    by_date = await fetch(feed_server, GA, last_modified=first.last_modified)
    assert by_date.not_modified


async def test_answers_without_a_wanted_body_keep_their_connection(
    feed_server: FeedTestServer,
) -> None:
    """A warm poll is all 304s: each used to close its connection (httpcore drops one whose
    response was not read to the end), so 200 feeds cost 200 TCP connects instead of 8."""
    async with Fetcher(FetchSettings(concurrency=2)) as fetcher:
        first = await fetcher.fetch(feed_server.url(GA))
        before = feed_server.connections
        for _ in range(12):
            again = await asyncio.gather(
                fetcher.fetch(feed_server.url(GA), etag=first.etag),
                fetcher.fetch(feed_server.url("/status/404")),
                fetcher.fetch(feed_server.url("/hop/1")),
            )
            assert [r.status for r in again] == [304, 404, 200]
    assert feed_server.connections - before <= 2


async def test_changed_etag_gets_the_body(feed_server: FeedTestServer) -> None:
    result = await fetch(feed_server, GA, etag='"stale"')
    assert result.status == 200 and result.body


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/status/404", "HTTP 404 Not Found"),
        ("/status/500", "HTTP 500 Internal Server Error"),
        ("/status/599", "HTTP 599 unknown status"),
        ("/loop", "too many redirects (more than 5)"),
        ("/hop/6", "too many redirects (more than 5)"),
        ("/to-ftp", "redirect to ftp:// refused"),
        ("/to-file", "redirect to file:// refused"),
        ("/big", "response larger than 1 MB"),
        ("/bomb", "response larger than 1 MB"),
        ("/slow", "timed out after 1.5 s"),
    ],
)
async def test_faults_become_errors_in_words(
    feed_server: FeedTestServer, path: str, expected: str
) -> None:
    result = await fetch(feed_server, path)
    assert result.error == expected
    assert not result.ok and not result.not_modified and result.body == b""


async def test_stalled_server_hits_the_read_timeout(feed_server: FeedTestServer) -> None:
    settings = FetchSettings(read_timeout=0.3, total_timeout=5)
    result = await fetch(feed_server, "/stall", settings)
    assert result.error == "no data for 0.3 s (read timed out)"


async def test_five_redirects_are_followed(feed_server: FeedTestServer) -> None:
    result = await fetch(feed_server, "/hop/5")
    assert result.ok, result.error
    assert result.final_url.endswith(GA)


async def test_gzip_is_decoded_within_the_cap(feed_server: FeedTestServer) -> None:
    result = await fetch(feed_server, "/gzipped")
    assert result.body == (FIXTURES / "google-alerts-slack.atom.xml").read_bytes()


async def test_connection_refused_and_bad_scheme() -> None:
    async with Fetcher(FAST) as fetcher:
        refused = await fetcher.fetch("http://127.0.0.1:9/feed.xml")
        ftp = await fetcher.fetch("ftp://127.0.0.1/feed.xml")
        garbage = await fetcher.fetch("http://[::1/feed")
    assert refused.error == "connection refused"
    assert ftp.error == "only http:// and https:// feeds can be fetched"
    assert garbage.error.startswith("invalid URL")


async def test_one_bad_feed_does_not_delay_the_good_ones(feed_server: FeedTestServer) -> None:
    """A 1.5 s drip runs beside ten good fetches, which finish long before it."""
    settings = FetchSettings(concurrency=4, total_timeout=1.5)
    async with Fetcher(settings) as fetcher:
        slow = asyncio.ensure_future(fetcher.fetch(feed_server.url("/slow")))
        good = [fetcher.fetch(feed_server.url(GA)) for _ in range(10)]
        results = await asyncio.gather(*good)
        assert not slow.done()  # the good ones did not wait for it
        slow_result = await slow
    assert all(r.ok for r in results)
    assert slow_result.error == "timed out after 1.5 s"


async def test_a_connection_reset_is_an_error_in_words(feed_server: FeedTestServer) -> None:
    result = await fetch(feed_server, "/reset")
    assert not result.ok and result.error
    assert result.error.startswith(("connection lost", "connection reset", "protocol error"))
    assert not result.error.endswith(": ") and "Error:" not in result.error


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (httpx.ReadError(""), "connection lost while reading the response"),
        (httpx.WriteError(""), "connection lost while sending the request"),
        (httpx.DecodingError(""), "response could not be decoded"),
        (httpx.StreamConsumed(), "stream consumed: "),
    ],
)
def test_errors_without_a_message_still_say_what_happened(exc: Exception, expected: str) -> None:
    words = _error_words(exc, FAST)
    assert words.startswith(expected) and not words.endswith(": ")
