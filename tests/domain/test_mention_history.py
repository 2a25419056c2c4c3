"""The history of mentions decodes newest first and only as far as it is read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.domain.mention_history import (
    MentionHistory,
    decoded_count,
    newest,
    published_since,
)
from warroom.domain.mentions import Mention

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def mention(n: int, minutes: int) -> Mention:
    at = T0 - timedelta(minutes=minutes)
    return Mention(id=f"m{n:05d}", feed_id="f", title=f"t{n}", url="", published=at, fetched_at=at)


@dataclass
class FakeShard:
    """A segment as the store gives it: its size and span known, its mentions decoded on load."""

    items: list[Mention]
    loads: int = 0
    count: int = field(init=False)
    newest: datetime | None = field(init=False)

    def __post_init__(self) -> None:
        self.count = len(self.items)
        self.newest = max((m.published for m in self.items), default=None)

    def load(self) -> Sequence[Mention]:
        self.loads += 1
        return sorted(self.items, key=lambda m: (m.published, m.id), reverse=True)


def shards_of(minutes: list[list[int]]) -> list[FakeShard]:
    n = 0
    shards = []
    for group in minutes:
        items = []
        for m in group:
            items.append(mention(n, m))
            n += 1
        shards.append(FakeShard(items))
    return shards


def test_the_newest_page_reads_only_the_newest_shard() -> None:
    # Stored in time order: shard 3 holds the newest hour.
    shards = shards_of([list(range(300, 200, -1)), list(range(200, 100, -1)), list(range(100))])
    history = MentionHistory(shards)
    assert len(history) == 300 and decoded_count(history) == 0
    page = newest(history, 20)
    assert [m.published for m in page] == [T0 - timedelta(minutes=i) for i in range(20)]
    assert [s.loads for s in shards] == [0, 0, 1]
    assert history[5] == page[5] and history[:3] == page[:3]
    assert [s.loads for s in shards] == [0, 0, 1]


def test_a_shard_that_overlaps_in_time_is_read_before_the_page_is_trusted() -> None:
    # A feed's backfill: the second shard holds mentions newer than some of the third's.
    shards = shards_of([[500, 400], [1, 3, 5], [0, 2, 4, 6]])
    history = MentionHistory(shards)
    assert [m.published for m in newest(history, 4)] == [
        T0 - timedelta(minutes=i) for i in range(4)
    ]
    assert shards[0].loads == 0 and shards[1].loads == 1 and shards[2].loads == 1


def test_published_since_reads_only_the_hours_asked_for() -> None:
    shards = shards_of([list(range(600, 500, -1)), list(range(120, 0, -1))])
    history = MentionHistory(shards)
    recent = published_since(history, T0 - timedelta(minutes=60))
    assert len(recent) == 60 and all(m.published >= T0 - timedelta(minutes=60) for m in recent)
    assert shards[0].loads == 0
    plain = tuple(history)  # reading everything decodes what is left, once
    assert len(plain) == 220 and shards[0].loads == 1 and shards[1].loads == 1
    assert published_since(plain, T0 - timedelta(minutes=60)) == recent


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 400), max_size=30), max_size=6),
    st.integers(0, 80),
    st.integers(0, 400),
)
def test_any_read_equals_the_same_read_of_the_sorted_whole(
    groups: list[list[int]], count: int, minutes: int
) -> None:
    whole = tuple(
        sorted(
            (m for s in shards_of(groups) for m in s.items),
            key=lambda m: (m.published, m.id),
            reverse=True,
        )
    )
    assert newest(MentionHistory(shards_of(groups)), count) == whole[:count]
    since = T0 - timedelta(minutes=minutes)
    assert published_since(MentionHistory(shards_of(groups)), since) == tuple(
        m for m in whole if m.published >= since
    )
    history = MentionHistory(shards_of(groups))
    newest(history, count)
    assert tuple(history) == whole and history == whole and len(history) == len(whole)
