"""The demo's feed simulator: live, deterministic, conditional, hostile where it should be."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from warroom.feeds.fetch import Fetcher
from warroom.feeds.parse import parse_feed
from warroom.feeds.poller import FeedPoller, Outcome
from warroom.feeds.simulator import ALERTS_FEED_ID, NEWS_FEED_ID, start_simulator


async def test_simulator_feeds_grow_answer_304_and_parse() -> None:
    sim = start_simulator(seed=3, interval_seconds=0.3)
    try:
        assert set(sim.urls) == {ALERTS_FEED_ID, NEWS_FEED_ID}
        sources = sim.feed_sources(poll_seconds=5)
        async with FeedPoller(parse_mode="inline") as poller:
            first = await poller.poll(sources, {}, keywords=("breach",))
            states = {s.feed_id: s for s in first.states}
            again = await poller.poll(sources, states, force=True)
            time.sleep(0.7)
            later = await poller.poll(sources, states, force=True)
        assert [o.outcome for o in first.outcomes] == [Outcome.OK, Outcome.OK]
        assert {o.outcome for o in again.outcomes} == {Outcome.NOT_MODIFIED}
        assert {o.outcome for o in later.outcomes} == {Outcome.OK}
        assert len(later.mentions) > len(first.mentions)
        alerts = [m for m in first.mentions if m.feed_id == ALERTS_FEED_ID]
        assert all("google.com" not in m.url and m.domain for m in alerts)
        assert any("Northwind Outfitters" in m.keywords for m in alerts)
        assert any(m.respond_first for m in first.mentions)
        hostile = [m for m in first.mentions if "[@click=app.quit]" in m.title]
        assert hostile and all("\x1b" not in m.title for m in first.mentions)
    finally:
        sim.stop()


async def test_simulator_is_deterministic_per_seed() -> None:
    bodies = []
    for _ in range(2):
        sim = start_simulator(seed=11, interval_seconds=60)
        try:
            async with Fetcher() as fetcher:
                result = await fetcher.fetch(sim.urls[NEWS_FEED_ID])
            parsed = parse_feed(
                result.body, result.headers, sim.feed_sources()[1], datetime.now(UTC)
            )
            bodies.append([(m.title, m.url) for m in parsed.mentions])
        finally:
            sim.stop()
    assert bodies[0] == bodies[1] and len(bodies[0]) == 6
