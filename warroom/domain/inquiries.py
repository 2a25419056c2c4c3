"""Inquiry counting: each counted inquiry is kept as an event with its time, never a bare number.

Keeping events (not totals) lets the inquiry pane show rates and trends, and lets a mistaken
count be taken back without losing the record that it happened.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from warroom.domain.lazy_history import LazyHistory

__all__ = ["InquiryEvent", "totals", "events_since", "Effect", "effects", "after_effects"]


@dataclass(frozen=True)
class InquiryEvent:
    """One inquiry counted (``delta`` +1) or a count taken back (``delta`` -1)."""

    id: str
    channel_id: str
    at: datetime
    operator: str
    delta: int = 1
    topic: str = ""


def totals(events: Iterable[InquiryEvent], start: Mapping[str, int] | None = None) -> Counter[str]:
    """Return the current count per channel id (never below zero).

    ``start`` is the count before ``events``, so a store can fold each new event onto the
    totals it has instead of recounting the whole history.
    """
    counts: Counter[str] = Counter(start or {})
    for event in events:
        counts[event.channel_id] = max(counts[event.channel_id] + event.delta, 0)
    return counts


Effect = tuple[int, int]
"""What a run of events does to a channel's count ``x`` (never below zero): it becomes
``max(x + net, floor)``. Runs compose, so a shard of 1,000 calls is summed up once, when it is
written, and a reader adds it without decoding it."""


def effects(events: Iterable[InquiryEvent]) -> dict[str, Effect]:
    """Each channel's ``Effect`` of ``events`` (in time order), as ``totals`` would fold them."""
    out: dict[str, Effect] = {}
    for event in events:
        net, floor = out.get(event.channel_id, (0, 0))
        out[event.channel_id] = (net + event.delta, max(floor + event.delta, 0))
    return out


def after_effects(
    runs: Iterable[Mapping[str, Effect]], start: Mapping[str, int] | None = None
) -> Counter[str]:
    """The count per channel after ``runs`` of events, one after another (oldest first)."""
    counts: Counter[str] = Counter(start or {})
    for run in runs:
        for channel, (net, floor) in run.items():
            counts[channel] = max(counts[channel] + net, floor)
    return counts


def events_since(events: Sequence[InquiryEvent], moment: datetime) -> Sequence[InquiryEvent]:
    """The events after ``moment``, from events in time order (a trend's window reads only
    the recent hours, not 100k calls)."""
    if isinstance(events, LazyHistory):  # only the shards reaching the window are read
        return events.since(moment, inclusive=False)
    return events[bisect.bisect_right(events, moment, key=lambda event: event.at) :]
