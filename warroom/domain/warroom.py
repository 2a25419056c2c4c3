"""The whole war room at one moment: preparation plus everything operators have recorded.

The UI shows a ``WarRoom`` and never mutates it; the store builds a new one after every change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from warroom.domain.checklist import Tick, progress
from warroom.domain.incident import Incident
from warroom.domain.inquiries import InquiryEvent, totals
from warroom.domain.mention_history import decoded_count
from warroom.domain.mentions import Mention, Triage, TriageRecord
from warroom.domain.rehearsal import RehearsalClock
from warroom.domain.timeline import TimelineEntry

__all__ = ["WarRoom"]


@dataclass(frozen=True)
class WarRoom:
    """An immutable snapshot of the incident and its record."""

    incident: Incident
    ticks: Mapping[str, Tick] = field(default_factory=dict)
    timeline: Sequence[TimelineEntry] = ()
    """In timeline order (``TimelineEntry.sort_key``); a tuple, or the store's ``RecordList``,
    or its ``LazyHistory`` that reads older shards only when a read reaches them (read from the
    end: ``timeline[-n:]``, ``entries_since``)."""
    inquiries: Sequence[InquiryEvent] = ()
    """Oldest first (by ``at``); lazy like ``timeline`` (``events_since`` reads its hours)."""
    mentions: Sequence[Mention] = ()
    """Newest first: a tuple, or the store's ``MentionHistory`` that decodes as it is read
    (``mention_history.newest``/``published_since`` read only what they need)."""
    triage: Mapping[str, TriageRecord] = field(default_factory=dict)
    rehearsal: RehearsalClock | None = None
    """Set when the database is a rehearsal: every screen on it says so."""
    inquiry_counts: Mapping[str, int] | None = None
    """``totals(inquiries)``, when the store keeps it up to date as events arrive (a view at
    100k calls must not recount them); ``None``: counted from ``inquiries`` when asked."""

    def elapsed(self, now: datetime) -> timedelta:
        """Time since detection."""
        return now - self.incident.detected_at

    def checklist_progress(self) -> tuple[int, int]:
        """(done, total) over the whole checklist."""
        return progress(self.incident.checklist, self.ticks)

    def inquiry_totals(self) -> Counter[str]:
        """Current inquiry count per channel id."""
        if self.inquiry_counts is not None:
            return Counter(self.inquiry_counts)
        return totals(self.inquiries)

    def triage_state(self, mention_id: str) -> Triage:
        """The triage state of a mention (``new`` until someone decides)."""
        record = self.triage.get(mention_id)
        return Triage.NEW if record is None else record.state

    def mentions_by_state(self) -> Counter[Triage]:
        """How many mentions are in each triage state."""
        counts: Counter[Triage] = Counter({state: 0 for state in Triage})
        if decoded_count(self.mentions) == len(self.mentions):
            for mention in self.mentions:
                counts[self.triage_state(mention.id)] += 1
            return counts
        # A history still partly on disk: counted from the decisions, without reading it (a
        # decision is only ever stored for a stored mention, and mentions are never removed).
        for record in self.triage.values():
            if record.state is not Triage.NEW:
                counts[record.state] += 1
        decided = sum(counts.values())
        counts[Triage.NEW] = max(0, len(self.mentions) - decided)
        return counts
