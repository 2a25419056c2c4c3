"""The shared lazy history (timeline, inquiry events; mentions read it backwards): any read
equals the same read of the sorted whole, and reads from the end decode only what they need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from warroom.domain.inquiries import InquiryEvent, events_since
from warroom.domain.lazy_history import Divisible, LazyHistory, Segment

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def key(event: InquiryEvent) -> tuple[datetime, str]:
    return (event.at, event.id)


def at(event: InquiryEvent) -> datetime:
    return event.at


@dataclass
class FakeShard:
    """A segment as the store gives it: size and latest time known, records decoded on load."""

    items: list[InquiryEvent]
    loads: int = 0
    count: int = field(init=False)
    newest: datetime | None = field(init=False)

    def __post_init__(self) -> None:
        self.count = len(self.items)
        self.newest = max((e.at for e in self.items), default=None)

    def load(self) -> Sequence[InquiryEvent]:
        self.loads += 1
        return list(reversed(self.items))  # any order: the history sorts


class DividedShard:
    """A segment that can hand out its newest records alone (the store's shards, whose
    documents say their time before they are decoded); counts what it hands out."""

    def __init__(self, items: list[InquiryEvent], handed: list[int] | None = None) -> None:
        self.items = sorted(items, key=at)  # by time only: ties in any order, as on disk
        self.count = len(self.items)
        self.newest = self.items[-1].at if self.items else None
        self.handed = handed if handed is not None else [0]
        self.loads = 0

    def load(self) -> Sequence[InquiryEvent]:
        self.loads += 1
        self.handed[0] += len(self.items)
        return list(reversed(self.items))

    def newer(
        self, bound: datetime | None, most: int
    ) -> tuple[Sequence[InquiryEvent], Segment[InquiryEvent] | None]:
        start = max(len(self.items) - max(most, 1), 0)
        if bound is not None:
            start = max(start, next((i for i, e in enumerate(self.items) if e.at >= bound), start))
        taken, rest = self.items[start:], self.items[:start]
        self.handed[0] += len(taken)
        return taken, DividedShard(rest, self.handed) if rest else None


def shards_of(groups: list[list[int]], kind: type = FakeShard) -> list[Any]:
    n, shards = 0, []
    for group in groups:
        items = []
        for minute in group:
            items.append(InquiryEvent(f"e{n:05d}", "phone", T0 + timedelta(minutes=minute), "o"))
            n += 1
        shards.append(kind(items))
    return shards


def test_the_newest_page_reads_only_the_newest_shard_and_prepends_older_ones() -> None:
    shards = shards_of([list(range(0, 100)), list(range(100, 200)), list(range(200, 300))])
    history = LazyHistory(shards[:2], shards[2].items, key=key, time=at)
    assert len(history) == 300 and history.decoded == 100
    assert history[-50:] == tuple(shards[2].items[-50:])
    assert [s.loads for s in shards[:2]] == [0, 0]
    assert history[-150] == shards[1].items[50] and [s.loads for s in shards[:2]] == [0, 1]
    assert len(events_since(history, T0 + timedelta(minutes=250))) == 49
    assert tuple(history) == tuple(e for s in shards for e in s.items)
    assert [s.loads for s in shards[:2]] == [1, 1]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 400), max_size=30), max_size=6),
    st.lists(st.integers(0, 400), max_size=20),
    st.integers(-90, 90),
    st.integers(0, 400),
    st.sampled_from([FakeShard, DividedShard]),
)
def test_any_read_equals_the_same_read_of_the_sorted_whole(
    groups: list[list[int]], known: list[int], index: int, minutes: int, kind: type
) -> None:
    def fresh() -> LazyHistory[InquiryEvent]:
        *stored, decoded = shards_of([*groups, known], kind)
        return LazyHistory(stored, sorted(decoded.items, key=key), key=key, time=at)

    whole = tuple(sorted((e for s in shards_of([*groups, known]) for e in s.items), key=key))
    assert len(fresh()) == len(whole)
    count = abs(index)
    assert fresh().tail(count) == (whole[-count:] if count else ())
    assert fresh()[-count:] == whole[-count:] and fresh()[count:] == whole[count:]
    if -len(whole) <= index < len(whole):
        assert fresh()[index] == whole[index]
    moment = T0 + timedelta(minutes=minutes)
    assert fresh().since(moment) == tuple(e for e in whole if e.at >= moment)
    assert events_since(fresh(), moment) == tuple(e for e in whole if e.at > moment)
    history = fresh()
    history.tail(count)
    assert tuple(history) == whole and history == whole and len(history) == len(whole)


def test_the_newest_page_across_two_shards_decodes_one_page() -> None:
    """A partly filled newest shard and an old shard holding one late record: the page is
    the newest records of each, not both shards whole."""
    late, old, newest = shards_of(
        [[*range(0, 99), 1000], list(range(100, 600)), list(range(600, 900))], DividedShard
    )
    handed = [0]
    for shard in (late, old, newest):
        shard.handed = handed
    assert isinstance(newest, Divisible) and not isinstance(FakeShard([]), Divisible)
    history = LazyHistory([late, old, newest], key=key, time=at)
    page = history.tail(400)
    assert [e.at for e in page] == [T0 + timedelta(minutes=m) for m in [*range(501, 900), 1000]]
    assert history.decoded == handed[0] == 400
    assert [s.loads for s in (late, old, newest)] == [0, 0, 0]
    moment = T0 + timedelta(minutes=450)
    window = history.since(moment)
    assert window == tuple(sorted((e for e in late.items + old.items + newest.items
                                   if e.at >= moment), key=key))  # fmt: skip
    assert len(window) == history.decoded == handed[0] == 451
    assert len(tuple(history)) == 900 and handed[0] == 900


@pytest.mark.parametrize("same", [True, False])
def test_records_at_one_time_across_shards_are_all_read_before_the_page(same: bool) -> None:
    """A fixed clock (every record at one moment): nothing is settled until every record at
    that moment is read, whichever shard holds it."""
    minutes = [[5] * 30, [5] * 30, [5] * 30] if same else [[5] * 30, [4] * 30 + [5], [5] * 30]
    shards = shards_of(minutes, DividedShard)
    history = LazyHistory(shards, key=key, time=at)
    whole = tuple(sorted((e for s in shards for e in s.items), key=key))
    assert history.tail(10) == whole[-10:]
