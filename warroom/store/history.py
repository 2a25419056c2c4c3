"""The room's history (timeline entries and inquiry events) as the repository reads and writes it.

Both families live in append-only shards plus the main file's tail (``record_shards``). This
is the repository's one door to them: read what changed since the last look, keep the inquiry
totals up to date as events arrive (a view never recounts 100k calls), and move the tail into
the shards from inside the main file's transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.table import Table

from warroom.domain.inquiries import InquiryEvent, totals
from warroom.domain.timeline import TimelineEntry
from warroom.store import record_shards, records
from warroom.store.quarantine import Quarantine
from warroom.store.record_shards import MANIFEST_TABLE, RecordFamily

__all__ = ["History"]


def _at(event: InquiryEvent) -> datetime:
    return event.at


class History:
    """Timeline and inquiry records of one database, and the inquiry totals they add up to."""

    def __init__(self, main: Path, quarantine: Quarantine) -> None:
        self.timeline: RecordFamily[TimelineEntry] = RecordFamily(
            main,
            "timeline",
            "timeline entries",
            records.entry_from_doc,
            TimelineEntry.sort_key,
            lambda entry: entry.id,
            quarantine,
        )
        self.inquiries: RecordFamily[InquiryEvent] = RecordFamily(
            main,
            "inquiries",
            "inquiry events",
            records.inquiry_from_doc,
            _at,
            lambda event: event.id,
            quarantine,
        )
        self._totals: Counter[str] = Counter()
        self._synced: object = None
        self._manifest: Mapping[str, Any] = {}
        self._checked: Mapping[str, Any] | None = None

    def close(self) -> None:
        """Release the shard files."""
        self.timeline.close()
        self.inquiries.close()

    def sync(self, data: Mapping[str, Mapping[str, Any]], generation: int | None = None) -> None:
        """Take in what changed in the main file ``data`` (as just read) and the shards it
        records; older shards are neither re-read nor re-sorted.

        ``generation`` is the main storage's: the same one again means nothing changed.
        """
        if generation is not None and (id(data), generation) == self._synced:
            return
        self._synced = None  # until this sync has succeeded
        table = data.get(MANIFEST_TABLE, {})
        changed = table != self._manifest  # one C-level comparison: usually no shard moved
        for family in (self.timeline, self.inquiries):
            mine = [e for e in table.values() if e.get("family") == family.family]
            family.sync(mine if changed else (), data.get(family.family, {}))
        self._manifest = dict(table)
        added = self.inquiries.appended
        if added is None:  # something went in before the newest: count again, once
            self._totals = totals(self.inquiries.records())
        elif added:
            self._totals = totals(added, start=self._totals)
        if generation is not None:
            self._synced = (id(data), generation)

    def inquiry_totals(self) -> Mapping[str, int]:
        """Current count per channel, as ``domain.inquiries.totals`` folds the events."""
        return self._totals

    def prepare(
        self,
        data: Mapping[str, Mapping[str, Any]],
        table: Callable[[str], Table],
        *,
        writable: Callable[[], bool],
    ) -> None:
        """At the start of the main file's outermost transaction: refuse the change if a
        recorded shard is missing, and move the tail if it is due. Only records already
        committed move, so a kill never separates a change from its timeline entry."""
        self.check_present(data)
        if self.move_due(data) and writable():
            self.move(data, table)

    def move_due(self, data: Mapping[str, Mapping[str, Any]]) -> bool:
        """True when the main file's tail is long enough to move into the shards."""
        tail = len(data.get("timeline", {})) + len(data.get("inquiries", {}))
        return tail >= record_shards.MOVE_AT  # read now: the crash tests move more often

    def check_present(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        """Refuse a change while a shard the main file records is missing (cheap: no reads)."""
        table = data.get(MANIFEST_TABLE, {})
        if table == self._checked:
            return
        for family in (self.timeline, self.inquiries):
            family.check_present(e for e in table.values() if e.get("family") == family.family)
        self._checked = dict(table)

    def move(self, data: Mapping[str, Mapping[str, Any]], table: Callable[[str], Table]) -> None:
        """Inside the main file's transaction (lock held, ``data`` fresh): move the tail into
        the shards and record them in the same write as the change that follows. Nothing is
        decoded but the tail: a writer that never shows the history never reads it."""
        recorded = list(data.get(MANIFEST_TABLE, {}).values())
        manifest: list[dict[str, Any]] = []
        for family in (self.timeline, self.inquiries):
            mine = [e for e in recorded if e.get("family") == family.family]
            manifest += family.move(mine, data.get(family.family, {}), table(family.family))
        record = table(MANIFEST_TABLE)
        record.truncate()
        record.insert_multiple(manifest)
