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

__all__ = ["InquiryEvent", "totals", "events_since"]


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


def events_since(events: Sequence[InquiryEvent], moment: datetime) -> Sequence[InquiryEvent]:
    """The events after ``moment``, from events in time order (a trend's window reads only
    the recent hours, not 100k calls)."""
    return events[bisect.bisect_right(events, moment, key=lambda event: event.at) :]
