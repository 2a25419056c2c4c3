"""The room's history (timeline entries and inquiry events) as the repository reads and writes it.

Both families live in append-only shards plus the main file's tail (``record_shards``). This
is the repository's one door to them: read what changed since the last look, keep the inquiry
totals up to date as events arrive (a view never recounts 100k calls), and move the tail into
the shards from inside the main file's transaction.

A process that has just opened the database leaves the shards still matching their record
unread: the totals start from the unread shards' recorded effects (oldest first) and fold in
what was read, so the first frame at 100k calls decodes only the tail and the newest shards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.table import Table

from warroom.domain.inquiries import InquiryEvent, after_effects, effects, totals
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.store import record_shards, records
from warroom.store.quarantine import Quarantine
from warroom.store.record_shards import MANIFEST_TABLE, RecordFamily

__all__ = ["History"]


def _at(event: InquiryEvent) -> datetime:
    return event.at


def _entry_at(entry: TimelineEntry) -> datetime:
    return entry.at


def _kinds(entries: Sequence[TimelineEntry]) -> dict[str, Any]:
    """A timeline shard's summary: entries per kind (an import's duplicate check reads only
    the shards holding imports)."""
    return {"kinds": dict(Counter(entry.kind.value for entry in entries))}


def _kinds_ok(summary: Any) -> bool:
    kinds = summary.get("kinds") if isinstance(summary, dict) else None
    return isinstance(kinds, dict) and all(isinstance(n, int) for n in kinds.values())


def _effects(events: Sequence[InquiryEvent]) -> dict[str, Any]:
    """An inquiry shard's summary: what its events do to each channel's count, so the totals
    add it up unread."""
    return {"effects": {channel: list(run) for channel, run in effects(events).items()}}


def _effects_ok(summary: Any) -> bool:
    runs = summary.get("effects") if isinstance(summary, dict) else None
    return isinstance(runs, dict) and all(
        isinstance(run, list) and len(run) == 2 and all(type(n) is int for n in run)
        for run in runs.values()
    )


def _manifest_key(table: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """What tells one record of the shards from another: each shard's name, count, checksum
    and file. Comparing the whole documents (their summaries too) cost a millisecond per
    refresh at 200 shards."""
    return [
        (e.get("name"), e.get("count"), e.get("docs_sha256"), e.get("mtime_ns"))
        for e in table.values()
        if type(e) is dict
    ]


class History:
    """Timeline and inquiry records of one database, and the inquiry totals they add up to."""

    def __init__(self, main: Path, quarantine: Quarantine) -> None:
        self.timeline: RecordFamily[TimelineEntry] = RecordFamily(
            main,
            "timeline",
            "timeline entries",
            records.entry_from_doc,
            records.entry_from_written_doc,
            "at",
            TimelineEntry.sort_key,
            _entry_at,
            lambda entry: entry.id,
            quarantine,
            _kinds,
            _kinds_ok,
        )
        self.inquiries: RecordFamily[InquiryEvent] = RecordFamily(
            main,
            "inquiries",
            "inquiry events",
            records.inquiry_from_doc,
            records.inquiry_from_written_doc,
            "at",
            _at,
            _at,
            lambda event: event.id,
            quarantine,
            _effects,
            _effects_ok,
        )
        self._totals: Counter[str] = Counter()
        self._synced: object = None
        self._manifest: list[tuple[Any, ...]] = []
        self._checked: list[tuple[Any, ...]] | None = None
        self._keyed: tuple[object, list[tuple[Any, ...]]] = (None, [])
        """The last table keyed and its key (the same table is keyed once per read)."""
        self._unread_changes = 0

    def _key(self, table: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        if self._keyed[0] is not table:
            self._keyed = (table, _manifest_key(table))
        return self._keyed[1]

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
        key = self._key(table)
        changed = key != self._manifest  # usually no shard moved
        for family in (self.timeline, self.inquiries):
            mine = (
                [e for e in table.values() if e.get("family") == family.family] if changed else []
            )
            family.sync(mine, data.get(family.family, {}))
        self._manifest = key
        added = self.inquiries.appended
        changes = self.inquiries.unread_changes
        if added is None or changes != self._unread_changes:  # count again, once
            # The unread shards' effects first (they are the older part), then what is read.
            start = after_effects(
                {ch: (run[0], run[1]) for ch, run in u.summary["effects"].items()}
                for u in self.inquiries.unread()
            )
            self._totals = totals(self.inquiries.decoded_records(), start=start)
            self._unread_changes = changes
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
        elif self.upgrade_due(data) and writable():
            self.upgrade(table)

    def move_due(self, data: Mapping[str, Mapping[str, Any]]) -> bool:
        """True when the main file's tail is long enough to move into the shards."""
        tail = len(data.get("timeline", {})) + len(data.get("inquiries", {}))
        return tail >= record_shards.MOVE_AT  # read now: the crash tests move more often

    def check_present(self, data: Mapping[str, Mapping[str, Any]]) -> None:
        """Refuse a change while a shard the main file records is missing (cheap: no reads)."""
        table = data.get(MANIFEST_TABLE, {})
        key = self._key(table)
        if key == self._checked:
            return
        for family in (self.timeline, self.inquiries):
            family.check_present(e for e in table.values() if e.get("family") == family.family)
        self._checked = key

    def upgrade_due(self, data: Mapping[str, Mapping[str, Any]]) -> bool:
        """True when the shards' record (an older database's) lacks what this process learnt
        reading the shards whole: recording it lets the next open leave them unread."""
        recorded = data.get(MANIFEST_TABLE, {}).values()
        return self.timeline.upgrade_due(recorded) or self.inquiries.upgrade_due(recorded)

    def upgrade(self, table: Callable[[str], Table]) -> None:
        """Inside the main file's transaction: write the shards' record with those facts."""
        record = table(MANIFEST_TABLE)
        recorded = [dict(entry) for entry in record.all()]
        manifest: list[dict[str, Any]] = []
        for family in (self.timeline, self.inquiries):
            manifest += family.upgraded(e for e in recorded if e.get("family") == family.family)
        manifest += [e for e in recorded if e.get("family") not in ("timeline", "inquiries")]
        record.truncate()
        record.insert_multiple(manifest)

    def entries_of_kind(self, kind: EventKind) -> list[TimelineEntry]:
        """Every timeline entry of one kind, reading only the unread shards that hold one."""
        wanted = kind.value
        found = self.timeline.select(lambda summary: summary["kinds"].get(wanted, 0) > 0)
        return [entry for entry in found if entry.kind is kind]

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
