"""The demo's feed simulator: live, deterministic, conditional, hostile only when asked."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from warroom.domain.incident import FeedSource
from warroom.feeds.fetch import Fetcher
from warroom.feeds.parse import parse_feed
from warroom.feeds.poller import FeedPoller, Outcome
from warroom.feeds.simulator import (
    ALERTS_FEED_ID,
    NEWS_FEED_ID,
    FeedSchedule,
    feed_body,
    start_simulator,
)


async def test_simulator_feeds_grow_answer_304_and_parse() -> None:
    sim = start_simulator(seed=3, interval_seconds=0.3, hostile=True)
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


def _titles(seed: int, schedule: FeedSchedule, now: datetime, *, hostile: bool) -> list[str]:
    source = FeedSource(NEWS_FEED_ID, "news", "http://127.0.0.1/news.rss", 60)
    body, _ = feed_body("news", seed, schedule, now, hostile=hostile)
    return [m.title for m in parse_feed(body, {}, source, now).mentions]


def test_headlines_are_realistic_unless_hostile_is_asked_for() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    schedule = FeedSchedule.starting(now - timedelta(hours=1), 60)
    plain = _titles(7, schedule, now, hostile=False)
    hostile = _titles(7, schedule, now, hostile=True)
    assert len(plain) == len(hostile) == 40
    assert not any(mark in t for t in plain for mark in ("[/", "[@", "<script", "[link"))
    assert any("[@click=app.quit]" in t for t in hostile)


def test_a_schedule_carries_on_from_its_backstory_by_the_clock() -> None:
    origin = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
    live_from = origin + timedelta(hours=2)
    schedule = FeedSchedule(origin, live_from, past_interval=300, interval=15)
    assert schedule.count(origin - timedelta(seconds=1)) == 0
    assert schedule.count(live_from) == 25  # one every 5 minutes for two hours, both ends
    assert schedule.published(24) == live_from
    assert schedule.published(25) == live_from + timedelta(seconds=15)
    # A restart an hour later serves what a feed running all along would have served.
    later = live_from + timedelta(hours=1)
    assert schedule.count(later) == 25 + 240
    assert all(
        schedule.published(n) <= later < schedule.published(schedule.count(later))
        for n in range(schedule.count(later))
    )
