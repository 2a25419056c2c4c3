"""The timeline: everything that happened and everything anyone did, with who and when (UTC).

It doubles as the audit trail regulators expect, so entries are only ever appended.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from warroom.domain.lazy_history import LazyHistory

__all__ = ["EventKind", "TimelineEntry", "entries_since"]


class EventKind(StrEnum):
    """What kind of change an entry records."""

    NOTE = "note"
    TICK = "tick"
    UNTICK = "untick"
    INQUIRY = "inquiry"
    INQUIRY_UNDO = "inquiry-undo"
    TRIAGE = "triage"
    IMPORT = "import"
    FACT = "fact"
    DRAFT = "draft"
    TRIGGER = "trigger"
    SYSTEM = "system"
    LEDGER = "ledger"
    """A notification-ledger step, a population revision or an update promise."""


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline.

    ``at`` is when the thing happened (an operator may back-date a note); ``recorded_at`` is
    when it was written down, so a back-dated entry stays honest about when it was added.
    """

    id: str
    at: datetime
    recorded_at: datetime
    operator: str
    kind: EventKind
    text: str

    @property
    def is_backdated(self) -> bool:
        """True when the event was recorded more than a minute after it happened."""
        return (self.recorded_at - self.at).total_seconds() > 60

    def sort_key(self) -> tuple[datetime, datetime, str]:
        """Order by when it happened, then when it was recorded, then id (stable)."""
        return (self.at, self.recorded_at, self.id)


def entries_since(entries: Sequence[TimelineEntry], moment: datetime) -> Sequence[TimelineEntry]:
    """The entries that happened after ``moment``, from entries in timeline order."""
    if isinstance(entries, LazyHistory):  # only the shards reaching the window are read
        return entries.since(moment, inclusive=False)
    return entries[bisect.bisect_right(entries, moment, key=lambda entry: entry.at) :]
