"""FeedPoller against the real test server: health, back-off, 304s, progress, isolation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from feedsrv import FeedTestServer

from warroom.domain.feed_state import FeedState
from warroom.domain.incident import FeedSource
from warroom.domain.mentions import Mention
from warroom.feeds.fetch import FetchSettings
from warroom.feeds.poller import STORE_BATCH, FeedPoller, Outcome, next_due

START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SETTINGS = FetchSettings(concurrency=4, total_timeout=1.0, max_bytes=1024 * 1024)


class StepClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def sources(server: FeedTestServer) -> list[FeedSource]:
    return [
        FeedSource("ga", "GA", server.url("/feeds/google-alerts-slack.atom.xml"), 60),
        FeedSource("rss", "RSS", server.url("/feeds/databreach-aggregate.rss.xml"), 60),
        FeedSource("atom", "Atom", server.url("/feeds/databreach-aggregate.atom.xml"), 60),
        FeedSource("gone", "404", server.url("/status/404"), 60),
        FeedSource("slow", "Drip", server.url("/slow"), 60),
        FeedSource("html", "Page", server.url("/html"), 60),
        FeedSource("bomb", "Bomb", server.url("/bomb"), 60),
    ]


async def test_bad_feeds_fail_alone_and_good_ones_deliver(feed_server: FeedTestServer) -> None:
    clock = StepClock(START)
    seen: list[tuple[int, int]] = []
    async with FeedPoller(SETTINGS, parse_mode="inline", clock=clock) as poller:
        result = await poller.poll(
            sources(feed_server),
            {},
            keywords=("ransomware",),
            progress=lambda d, t: seen.append((d, t)),
        )
    by_id = {o.feed_id: o for o in result.outcomes}
    assert [by_id[i].outcome for i in ("ga", "rss", "atom")] == [Outcome.OK] * 3
    assert by_id["gone"].error == "HTTP 404 Not Found"
    assert by_id["slow"].error == "timed out after 1 s"
    assert by_id["html"].error == "not a feed: the address returns an HTML page"
    assert by_id["bomb"].error == "response larger than 1 MB"
    # deduplicated within the batch: the Atom copy of the RSS records adds nothing
    ids = [m.id for m in result.mentions]
    assert len(ids) == len(set(ids))
    assert {m.feed_id for m in result.mentions} == {"ga", "rss"}
    assert any("ransomware" in (k.lower() for k in m.keywords) for m in result.mentions)
    assert seen[0] == (0, 7) and seen[-1] == (7, 7) and len(seen) == 8
    states = {s.feed_id: s for s in result.states}
    assert states["ga"].etag and states["ga"].last_success == START
    assert states["ga"].next_poll_at == START + timedelta(seconds=60)
    assert states["gone"].consecutive_failures == 1 and states["gone"].last_error
    assert states["gone"].next_poll_at == START + timedelta(seconds=120)
    assert "3 ok" in result.summary() and "4 failed" in result.summary()


async def test_second_poll_is_conditional_and_backoff_grows(feed_server: FeedTestServer) -> None:
    clock = StepClock(START)
    feeds = [f for f in sources(feed_server) if f.id in ("ga", "gone")]
    states: dict[str, FeedState] = {}
    delays = []
    async with FeedPoller(SETTINGS, parse_mode="inline", clock=clock) as poller:
        for _ in range(4):
            result = await poller.poll(feeds, states, force=True)
            states = {s.feed_id: s for s in result.states}
            delays.append(states["gone"].next_poll_at - clock.now)
            clock.now += timedelta(minutes=1)
    assert [o.outcome for o in result.outcomes if o.feed_id == "ga"] == [Outcome.NOT_MODIFIED]
    assert result.mentions == ()
    assert states["ga"].consecutive_failures == 0 and states[
        "ga"
    ].last_success == clock.now - timedelta(minutes=1)
    assert states["gone"].consecutive_failures == 4
    assert delays == [timedelta(seconds=s) for s in (120, 240, 480, 960)]


async def test_only_due_feeds_are_polled(feed_server: FeedTestServer) -> None:
    clock = StepClock(START)
    feeds = [f for f in sources(feed_server) if f.id in ("ga", "rss")]
    states = {
        "ga": FeedState("ga", url=feeds[0].url, next_poll_at=START + timedelta(minutes=5)),
        "rss": FeedState("rss", url=feeds[1].url, next_poll_at=START - timedelta(seconds=1)),
    }
    assert next_due(feeds, states, START) == START
    async with FeedPoller(SETTINGS, parse_mode="inline", clock=clock) as poller:
        result = await poller.poll(feeds, states)
    assert [o.feed_id for o in result.outcomes] == ["rss"]
    assert next_due(feeds[:1], states, START) == START + timedelta(minutes=5)


async def test_changed_url_drops_validators(feed_server: FeedTestServer) -> None:
    feed = FeedSource("ga", "GA", feed_server.url("/feeds/google-alerts-slack.atom.xml"), 60)
    stale = FeedState(
        "ga", url="http://old.example/feed", etag='"x"', next_poll_at=START + timedelta(days=1)
    )
    async with FeedPoller(SETTINGS, parse_mode="inline", clock=StepClock(START)) as poller:
        result = await poller.poll([feed], {"ga": stale})
    assert result.outcomes[0].outcome is Outcome.OK and len(result.mentions) == 20
    assert result.states[0].url == feed.url and result.states[0].etag != '"x"'


async def test_process_pool_parsing(feed_server: FeedTestServer) -> None:
    feeds = [f for f in sources(feed_server) if f.id in ("ga", "rss", "html")]
    async with FeedPoller(SETTINGS, parse_mode="process", clock=StepClock(START)) as poller:
        result = await poller.poll(feeds, {})
    by_id = {o.feed_id: o for o in result.outcomes}
    assert by_id["ga"].entries == 20 and by_id["rss"].entries == 145
    assert by_id["html"].outcome is Outcome.FAILED


def _many(server: FeedTestServer, tag: str, count: int) -> list[FeedSource]:
    """``count`` feeds of 20 distinct entries each, served under ``/many/<tag>/``."""
    found = []
    for n in range(count):
        entries = "".join(
            f"<entry><id>tag:many,2026:{tag}-{n}-{k}</id><title>Story {n}-{k}</title>"
            f'<link href="https://n{n}.example.com/{k}"/>'
            f"<updated>2026-11-27T08:{k:02d}:00Z</updated></entry>"
            for k in range(20)
        )
        body = (
            '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>tag:many,2026:{tag}-{n}</id><title>F{n}</title>"
            f"<updated>2026-11-27T09:00:00Z</updated>{entries}</feed>"
        ).encode()
        url = server.add(f"/many/{tag}/{n}.xml", body)
        found.append(FeedSource(f"m{n:03d}", f"F{n}", url, 60))
    return found


async def test_with_a_store_mentions_leave_in_batches_as_feeds_finish(
    feed_server: FeedTestServer,
) -> None:
    """120 feeds of 20: batches of at least STORE_BATCH (the last one the rest), each in the
    feeds' order, every mention handed over once, and the result holds none of them."""
    feeds = _many(feed_server, "batches", 120)
    # The first feed listed again, last: its copies are the store's to drop.
    feeds.append(FeedSource("z-again", "F0 again", feeds[0].url, 60))
    batches: list[list[str]] = []
    seen: set[str] = set()

    async def store(batch: list[Mention]) -> int:
        batches.append([m.feed_id for m in batch])
        new = [m for m in batch if m.id not in seen]
        seen.update(m.id for m in new)
        return len(new)

    async with FeedPoller(SETTINGS, parse_mode="inline", clock=StepClock(START)) as poller:
        result = await poller.poll(feeds, {}, store=store)
    assert result.mentions == () and result.stored == 2400 == len(seen)
    assert result.batched == 2420 == sum(len(b) for b in batches)
    assert len(batches) >= 2
    assert all(len(b) >= STORE_BATCH for b in batches[:-1])
    assert all(b == sorted(b) for b in batches)  # each batch in the order of the feeds
    assert "2420 mentions fetched" in result.summary()


async def test_a_store_that_fails_stops_the_poll_and_raises(feed_server: FeedTestServer) -> None:
    feeds = _many(feed_server, "fails", 80)
    fetched_before = sum(feed_server.hits.values())

    async def store(batch: list[Mention]) -> int:
        raise OSError(28, "No space left on device")

    async with FeedPoller(
        FetchSettings(concurrency=1), parse_mode="inline", clock=StepClock(START)
    ) as poller:
        with pytest.raises(OSError, match="No space left"):
            await poller.poll(feeds, {}, store=store)
    # the first full batch failed at feed 50: the other 30 feeds were cancelled, not fetched
    assert sum(feed_server.hits.values()) - fetched_before < 80
