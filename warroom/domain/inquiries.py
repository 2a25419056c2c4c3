"""Inquiry counting: each counted inquiry is kept as an event with its time, never a bare number.

Keeping events (not totals) lets the inquiry pane show rates and trends, and lets a mistaken
count be taken back without losing the record that it happened.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["InquiryEvent", "totals"]


@dataclass(frozen=True)
class InquiryEvent:
    """One inquiry counted (``delta`` +1) or a count taken back (``delta`` -1)."""

    id: str
    channel_id: str
    at: datetime
    operator: str
    delta: int = 1
    topic: str = ""


def totals(events: Iterable[InquiryEvent]) -> Counter[str]:
    """Return the current count per channel id (never below zero)."""
    counts: Counter[str] = Counter()
    for event in events:
        counts[event.channel_id] = max(counts[event.channel_id] + event.delta, 0)
    return counts
