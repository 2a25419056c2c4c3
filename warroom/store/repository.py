"""The one door to TinyDB: turns operators' intents into atomic, locked writes and back into
immutable ``WarRoom`` snapshots.

Data lives in a small family of TinyDB files beside each other:

* ``warroom.json`` — the incident as imported, ticks, triage records, feed states, and the
  newest timeline entries and inquiry events: everything operators change. Small, so a
  keypress stays cheap.
* ``warroom.timeline.0001.json``, ``warroom.inquiries.0001.json`` … — the older timeline
  entries and inquiry events, moved out of the main file in batches (``record_shards``).
* ``warroom.mentions.0001.json`` … — mentions from the feeds, in shards of at most
  ``SHARD_CAPACITY``, so saving a poll's batch rewrites one small shard, never all mentions.

Every write runs inside ``transaction()``: an exclusive lock across processes, a fresh read of
what is on disk, and one atomic replace at the end. Several dashboards and ``warroom poll`` can
share the family safely; each notices the others' changes with a cheap ``stat``.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from tinydb import TinyDB
from tinydb.table import Table

from warroom.domain.checklist import Tick
from warroom.domain.feed_state import FeedState
from warroom.domain.feed_urls import check_feed_url, check_poll_seconds
from warroom.domain.incident import FeedSource, Incident
from warroom.domain.inquiries import InquiryEvent
from warroom.domain.mentions import Mention, Priority, Triage, TriageRecord
from warroom.domain.text import inert
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.domain.triage import TriageChange, triage_change
from warroom.domain.warroom import WarRoom
from warroom.incident_file.errors import IncidentFileError
from warroom.incident_file.loader import parse_incident
from warroom.store import records
from warroom.store.errors import MissingShardError, StoreError
from warroom.store.history import History
from warroom.store.marks import SCHEMA_VERSION, check_mark, meta_document
from warroom.store.mention_shards import SHARD_CAPACITY, MentionShards, shard_path, shard_paths
from warroom.store.preparation import describe_changes
from warroom.store.quarantine import Quarantine
from warroom.store.rehearsal import TABLE as REHEARSAL_TABLE
from warroom.store.rehearsal import rehearsal_from_docs
from warroom.store.shared_storage import SharedJSONStorage, hold_lock, is_read_only

__all__ = ["WarRoomRepository", "RepositoryLike", "SCHEMA_VERSION", "SHARD_CAPACITY", "shard_paths"]

_last_tick = 0


def new_id(prefix: str) -> str:
    """A fresh id the domain owns (never TinyDB's doc_id).

    It starts with a strictly increasing time stamp, so entries recorded at the same moment
    (a fixed clock, one batch) still sort in the order they were made; the random tail keeps
    ids from two processes apart.
    """
    global _last_tick
    _last_tick = max(time.time_ns(), _last_tick + 1)
    return f"{prefix}-{_last_tick:016x}{uuid.uuid4().hex[:8]}"


SHARDS_TABLE = "shards"
"""The main file's record of the mention shards (see ``MentionShards.manifest``)."""

T = TypeVar("T")


class RepositoryLike(Protocol):
    """The doors other store modules (drafts, regulatory) use: transactions, tables, records."""

    def transaction(self) -> Any: ...  # a context manager

    def table(self, name: str) -> Table: ...

    def record(
        self,
        kind: EventKind,
        text: str,
        operator: str,
        now: datetime,
        at: datetime | None = None,
    ) -> Any: ...

    def snapshot(self) -> WarRoom: ...

    def decoded(self, name: str, decoder: Callable[[Any], T]) -> list[T]: ...


class WarRoomRepository:
    """Domain-speaking access to one war-room database (a family of TinyDB files)."""

    def __init__(self, path: Path, *, create: bool) -> None:
        self.path = Path(path)
        try:
            exists = self.path.exists()
        except OSError as error:
            raise StoreError(
                f"{self.path}: cannot be opened ({error.strerror}); "
                "are you in the incident's group?"
            ) from None
        if not create and not exists:
            raise StoreError(
                f"{self.path}: no such database; create it with `warroom init INCIDENT.json "
                f"--db {self.path}`"
            )
        self._db = TinyDB(self.path, create=create, storage=SharedJSONStorage)
        self._storage: SharedJSONStorage = self._db.storage  # type: ignore[assignment]
        self._quarantine = Quarantine()
        self._mentions = MentionShards(
            self.path, self._quarantine, recorded=lambda: self._docs(SHARDS_TABLE)
        )
        self._history = History(self.path, self._quarantine)
        self._depth = 0
        self._snapshot: WarRoom | None = None
        self._main_generation = -1
        self._mentions_shown: Sequence[Mention] | None = None
        self._incident_cache: tuple[str, Incident] | None = None
        self._mentions_held = 0
        self._notices: list[str] = []
        try:
            check_mark(self.path, self._storage.read() or {}, "main", allow_empty=create)
            self._record_shards_of_older_database()
        except BaseException:
            self.close()
            raise

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False) -> WarRoomRepository:
        """Open (or, with ``create``, start) the database at ``path``."""
        return cls(Path(path), create=create)

    @property
    def read_only(self) -> bool:
        """True when the main file may not be written (it opens read-only; writes are refused)."""
        try:
            st = os.stat(self.path)
        except OSError:
            return False
        return is_read_only(st, str(self.path))

    def close(self) -> None:
        """Release the files."""
        self._mentions.close()
        self._history.close()
        self._db.close()

    # ------------------------------------------------------------------ low-level doors
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the cross-process lock on the main file; all writes inside are one atomic write.

        Mention shards are not re-scanned inside: a tick, a count or a note never reads them,
        and scanning 50 shards for every read inside one intent made a keypress grow with the
        mentions stored (bench/intents.py). Other processes' new mentions appear on the next
        ``refresh_if_changed``.
        """
        with self._storage.transaction(), self.mentions_held():
            data = self._storage.read() or {}
            if not data.get("meta"):
                self._init_meta()
            self._depth += 1
            try:
                if self._depth == 1:  # before the change: see History.prepare
                    self._history.prepare(data, self.table, writable=lambda: not self.read_only)
                    if not self.read_only and self._mentions.record_stale():
                        self._write_manifest()  # a copy's shards, trusted again from now on
                yield
            finally:
                self._depth -= 1

    @contextmanager
    def mentions_held(self) -> Iterator[None]:
        """Read snapshots without re-scanning the mention shards (the last scan stands)."""
        self._mentions_held += 1
        try:
            yield
        finally:
            self._mentions_held -= 1

    def table(self, name: str) -> Table:
        """A fresh table on the main file (no cached ids or query results from before)."""
        return Table(self._storage, name, cache_size=0)

    def record(
        self,
        kind: EventKind,
        text: str,
        operator: str,
        now: datetime,
        at: datetime | None = None,
    ) -> TimelineEntry:
        """Append a timeline entry; call inside ``transaction()`` with the change it records."""
        entry = TimelineEntry(
            new_id("ev"),
            at or now,
            now,
            inert(operator, limit=80) or "unknown",
            kind,
            inert(text, limit=4000, keep_newlines=True),
        )
        self.table("timeline").insert(records.entry_to_doc(entry))
        return entry

    def _init_meta(self) -> None:
        self.table("meta").insert(meta_document("main"))

    def decoded(self, name: str, decoder: Callable[[Any], T]) -> list[T]:
        """Every readable document of a main-file table, decoded; the rest are set aside.

        Every table is read through here (the other store modules too): a document missing a
        field is reported by ``quarantined()`` and left in the file, never a crash.
        """
        data = self._storage.read() or {}
        table = data.get(name, {})
        return self._quarantine.decode(
            self.path, name, table if isinstance(table, dict) else {}, decoder
        )

    _decoded = decoded

    def quarantined(self) -> tuple[str, ...]:
        """One line per document set aside (unreadable, left in its file), and what else the
        operator must know about the files (an older database's unrecorded shards)."""
        return (*self._notices, *self._quarantine.messages())

    def _docs(self, name: str) -> Iterable[dict[str, Any]]:
        data = self._storage.read() or {}
        table = data.get(name, {})
        return table.values() if isinstance(table, dict) else ()

    # ------------------------------------------------------------------ reading
    def has_incident(self) -> bool:
        """True once an incident file has been imported."""
        return any(True for _ in self._docs("incident"))

    def incident(self, *, sections: bool = True) -> Incident:
        """The imported incident (its preparation).

        Args:
            sections: Parse the optional drafting and regulatory sections too; ``False`` for
                callers that need only the core (the feed poller).
        """
        docs = list(self._docs("incident"))
        if not docs:
            raise StoreError(
                f"{self.path}: holds no incident yet; import one with `warroom init INCIDENT.json`"
            )
        raw, digest = docs[0].get("data"), docs[0].get("digest")
        if not isinstance(raw, dict):
            raise StoreError(
                f"{self.path}: the stored incident is damaged; re-import the incident file "
                "with `warroom init`"
            )
        stamp = digest if isinstance(digest, str) and digest else str(id(raw))
        key = stamp + ("+sections" if sections else "")
        if self._incident_cache and self._incident_cache[0] == key:
            return self._with_added_feeds(self._incident_cache[1])
        try:
            incident = parse_incident(f"{self.path} (stored incident)", raw, sections=sections)
        except IncidentFileError as error:
            raise StoreError(f"{error}; re-import the incident file with `warroom init`") from None
        self._incident_cache = (key, incident)
        return self._with_added_feeds(incident)

    def _with_added_feeds(self, incident: Incident) -> Incident:
        """The file's feeds, then those operators added from the dashboard."""
        added = self.added_feeds()
        return replace(incident, feeds=incident.feeds + tuple(added)) if added else incident

    def added_feeds(self) -> list[FeedSource]:
        """Feeds operators added from the dashboard (kept apart from the imported file)."""
        added = self._decoded("added_feeds", _added_feed_from_doc)
        return [feed for _, feed in sorted(added, key=lambda pair: pair[0])]

    def add_feed(
        self, name: str, url: str, poll_seconds: int, operator: str, now: datetime
    ) -> FeedSource:
        """Add a feed to monitor; refused when its URL fails the feed-URL check or is watched."""
        clean_name = inert(name, limit=120)
        clean_url = check_feed_url(url.strip())
        check_poll_seconds(poll_seconds)
        with self.transaction():
            feeds = self.incident(sections=False).feeds
            if any(feed.url == clean_url for feed in feeds):
                raise ValueError("that feed is already monitored")
            slug = re.sub(r"[^a-z0-9]+", "-", clean_name.lower()).strip("-")[:40] or "feed"
            feed_id = f"ui-{slug}-{uuid.uuid4().hex[:6]}"
            source = FeedSource(feed_id, clean_name or clean_url, clean_url, poll_seconds)
            self.table("added_feeds").insert(
                {"id": feed_id, "name": source.name, "url": clean_url,
                 "poll_seconds": poll_seconds, "operator": operator, "at": records.iso(now)}
            )  # fmt: skip
            self.record(EventKind.SYSTEM, f"Feed added: {source.name} ({clean_url})", operator, now)
        return source

    def remove_added_feed(self, feed_id: str, operator: str, now: datetime) -> bool:
        """Stop monitoring a feed added from the dashboard (the file's feeds stay)."""
        with self.transaction():
            table = self.table("added_feeds")
            docs = [doc for doc in table.all() if doc.get("id") == feed_id]
            if not docs:
                return False
            table.remove(doc_ids=[doc.doc_id for doc in docs])
            name = docs[0].get("name") or feed_id
            self.record(EventKind.SYSTEM, f"Feed removed: {name}", operator, now)
        return True

    def incident_source(self) -> dict[str, Any]:
        """The incident file's JSON as it was last imported."""
        docs = list(self._docs("incident"))
        data = docs[0].get("data") if docs else None
        return dict(data) if isinstance(data, dict) else {}

    def snapshot(self) -> WarRoom:
        """The current state; rebuilt only when a file changed since the last call."""
        if not self._mentions_held:  # inside an intent the shards were checked at its start
            self._mentions.sync()
            self._verify_shards()
        generation = self._storage.generation
        mentions = self._mentions.newest_first()
        if (
            self._snapshot is not None
            and generation == self._main_generation
            and mentions is self._mentions_shown
        ):
            return self._snapshot
        ticks = {tick.item_id: tick for tick in self._decoded("ticks", records.tick_from_doc)}
        self._history.sync(self._storage.read() or {}, generation)
        triage = {t.mention_id: t for t in self._decoded("triage", records.triage_from_doc)}
        self._snapshot = WarRoom(
            incident=self.incident(),
            ticks=ticks,
            timeline=self._history.timeline.records(),
            inquiries=self._history.inquiries.records(),
            inquiry_counts=self._history.inquiry_totals(),
            mentions=mentions,
            triage=triage,
            rehearsal=rehearsal_from_docs(self._docs(REHEARSAL_TABLE)),
        )
        self._main_generation = generation
        self._mentions_shown = mentions
        return self._snapshot

    def timeline_entries(self, kind: EventKind) -> list[TimelineEntry]:
        """Every timeline entry of one kind, as on disk now, reading only the shards that
        hold one (their record counts entries per kind): a key set without the history."""
        self._history.sync(self._storage.read() or {}, self._storage.generation)
        return self._history.entries_of_kind(kind)

    def refresh_if_changed(self, *, mentions: bool = True) -> bool:
        """Cheaply check every file of the family; True when another process changed one.

        Args:
            mentions: Re-read changed mention shards too; ``False`` for a process that never
                shows mentions (``warroom poll``: its dedup reads only the shards' key indexes).
        """
        changed = self._storage.changed_on_disk()
        if changed:
            self._storage.reload()
        if not mentions:
            return changed
        shards_changed = self._mentions.sync()
        if changed or shards_changed:
            self._verify_shards()
        return changed or shards_changed

    def feed_states(self) -> dict[str, FeedState]:
        """What is remembered about each feed, by feed id."""
        return {s.feed_id: s for s in self._decoded("feeds", records.feed_state_from_doc)}

    def ignore_rules(self) -> list[str]:
        """The mention ignore rules (words or regular expressions), in the order added."""
        return [pattern for _, pattern in sorted(self.decoded("ignore_rules", _rule_from_doc))]

    # ------------------------------------------------------------------ preparation
    def import_incident(
        self, incident_data: dict[str, Any], operator: str, now: datetime, *, source: str = ""
    ) -> list[str]:
        """Import (or update) the preparation; operator data is never touched.

        Returns:
            The changes in words (empty when the file holds nothing new).
        """
        incident = parse_incident(source or "incident file", incident_data)
        digest = records.digest(incident_data)
        with self.transaction():
            table = self.table("incident")
            docs = table.all()
            if docs and docs[0].get("incident_id") not in (None, incident.id):
                raise StoreError(
                    f"{self.path}: holds incident {docs[0].get('incident_id')!r}, not "
                    f"{incident.id!r}; use another --db for another incident"
                )
            previous, unreadable = None, False
            if docs:
                try:
                    previous = parse_incident(f"{self.path} (stored incident)", docs[0]["data"])
                except IncidentFileError:
                    # incident() tells the operator to re-import: that must work, not fail again.
                    unreadable = True
            changes = describe_changes(previous, incident)
            if unreadable:
                changes.insert(0, "the stored preparation could not be read and was replaced")
            if not changes:
                return []
            table.truncate()
            table.insert(
                {
                    "incident_id": incident.id,
                    "data": incident_data,
                    "digest": digest,
                    "imported_at": records.iso(now),
                    "source": source,
                }
            )
            where = f" from {source}" if source else ""
            heading = "Incident imported" if not docs else "Preparation updated"
            self.record(EventKind.IMPORT, f"{heading}{where}: " + "; ".join(changes), operator, now)
        return changes

    # ------------------------------------------------------------------ operator changes
    def set_tick(
        self, item_id: str, done: bool, operator: str, now: datetime, *, detail: str = ""
    ) -> bool:
        """Tick or untick a checklist item; False when it already was in that state.

        ``detail`` ends the timeline entry (the ledger's channel and reference of a filing).
        """
        with self.transaction():
            item = self.incident().item(item_id)
            if item is None:
                raise StoreError(f"no checklist item {item_id!r} in this incident")
            table = self.table("ticks")
            current = [doc for doc in table.all() if doc.get("item_id") == item_id]
            if current and bool(current[0].get("done")) == done:
                return False
            table.remove(doc_ids=[doc.doc_id for doc in current])
            table.insert(records.tick_to_doc(Tick(item_id, done, operator, now)))
            verb = "Ticked" if done else "Unticked"
            kind = EventKind.TICK if done else EventKind.UNTICK
            self.record(kind, f"{verb} “{item.title}”{detail}", operator, now)
        return True

    def add_note(
        self, text: str, operator: str, now: datetime, at: datetime | None = None
    ) -> TimelineEntry:
        """Add a note to the timeline, possibly back-dated to ``at``."""
        clean = inert(text, limit=4000, keep_newlines=True)
        if not clean:
            raise ValueError("a note needs some text")
        with self.transaction():
            return self.record(EventKind.NOTE, clean, operator, now, at=at)

    def count_inquiry(
        self,
        channel_id: str,
        operator: str,
        now: datetime,
        *,
        topic: str = "",
        at: datetime | None = None,
        count: int = 1,
    ) -> None:
        """Count ``count`` inquiries on a channel (one event each, so rates stay true)."""
        channel = self.incident().channel(channel_id)
        if channel is None:
            raise StoreError(f"no inquiry channel {channel_id!r} in this incident")
        clean_topic = inert(topic, limit=80)
        with self.transaction():
            table = self.table("inquiries")
            table.insert_multiple(
                records.inquiry_to_doc(
                    InquiryEvent(new_id("inq"), channel_id, at or now, operator, 1, clean_topic)
                )
                for _ in range(count)
            )
            about = f" about {clean_topic}" if clean_topic else ""
            plural = f"{count} inquiries" if count != 1 else "Inquiry"
            self.record(
                EventKind.INQUIRY, f"{plural} on {channel.name}{about}", operator, now, at=at
            )

    def add_inquiry_events(self, events: Sequence[InquiryEvent]) -> None:
        """Store inquiry events as they are (inside the caller's transaction)."""
        self.table("inquiries").insert_multiple(records.inquiry_to_doc(e) for e in events)

    def take_back_inquiry(self, channel_id: str, operator: str, now: datetime) -> bool:
        """Take back one mistaken count; False when the channel's count is already zero."""
        channel = self.incident().channel(channel_id)
        if channel is None:
            raise StoreError(f"no inquiry channel {channel_id!r} in this incident")
        with self.transaction():
            if self.snapshot().inquiry_totals()[channel_id] <= 0:
                return False
            self.table("inquiries").insert(
                records.inquiry_to_doc(InquiryEvent(new_id("inq"), channel_id, now, operator, -1))
            )
            self.record(
                EventKind.INQUIRY_UNDO,
                f"Took back one inquiry count on {channel.name}",
                operator,
                now,
            )
        return True

    def set_triage(
        self,
        mention_id: str,
        operator: str,
        now: datetime,
        *,
        state: Triage | None = None,
        priority: Priority | None = None,
        assignee: str | None = None,
        note: str | None = None,
        reply: str | None = None,
        reply_where: str | None = None,
    ) -> TriageRecord:
        """Change one mention's triage and record it (the service's bulk path does the same)."""
        change = TriageChange(state, priority, assignee, note, reply, reply_where)
        with self.transaction():
            current = self.triage_records().get(mention_id)
            updated, words = triage_change(current, mention_id, change, operator, now)
            if not words:
                return updated
            self.put_triage([updated])
            mention = self._mentions.find(mention_id)
            title = mention.title if mention else mention_id
            self.record(EventKind.TRIAGE, f"Mention “{title}”: " + ", ".join(words), operator, now)
        return updated

    def triage_records(self) -> dict[str, TriageRecord]:
        """Every stored triage record, by mention id, as on disk now."""
        return {t.mention_id: t for t in self.decoded("triage", records.triage_from_doc)}

    def put_triage(self, updated: Sequence[TriageRecord]) -> None:
        """Store these records in place of those mentions' old ones (inside a transaction)."""
        ids = {record.mention_id for record in updated}
        table = self.table("triage")
        table.remove(doc_ids=[doc.doc_id for doc in table.all() if doc.get("mention_id") in ids])
        table.insert_multiple(records.triage_to_doc(record) for record in updated)

    def find_mention(self, mention_id: str) -> Mention | None:
        """The stored mention with this id, if any."""
        return self._mentions.find(mention_id)

    def find_mentions(self, mention_ids: Iterable[str]) -> dict[str, Mention]:
        """The stored mentions with these ids, by id (reading no more shards than needed)."""
        return self._mentions.find_many(mention_ids)

    def add_ignore_rule(self, pattern: str, operator: str, now: datetime) -> None:
        """Add a mention ignore rule (validated by the caller) and record it."""
        with self.transaction():
            self.table("ignore_rules").insert(
                {"pattern": pattern, "operator": operator, "at": records.iso(now)}
            )
            self.record(EventKind.SYSTEM, f"Ignore rule added: {pattern}", operator, now)

    def remove_ignore_rule(self, pattern: str, operator: str, now: datetime) -> bool:
        """Remove an ignore rule; False when there was none."""
        with self.transaction():
            table = self.table("ignore_rules")
            ids = [doc.doc_id for doc in table.all() if doc.get("pattern") == pattern]
            if not ids:
                return False
            table.remove(doc_ids=ids)
            self.record(EventKind.SYSTEM, f"Ignore rule removed: {pattern}", operator, now)
        return True

    # ------------------------------------------------------------------ mentions
    def save_poll(
        self,
        mentions: Sequence[Mention],
        states: Sequence[FeedState],
        operator: str,
        now: datetime,
        *,
        describe: Callable[[FeedState, FeedState | None], str | None] | None = None,
        stored: bool = False,
    ) -> list[Mention]:
        """Store one poll: new mentions in one batch write, feed states in one write.

        ``stored``: the poll stored mentions already (``store_poll_mentions``), whose shards
        are recorded here, in the same write as the feed states.

        Returns:
            The mentions actually added (those not already stored under any dedup key).
        """
        added = self._mentions.add_new(mentions) if mentions else []
        shards_changed = bool(added) or stored
        if shards_changed and not states:
            self._record_manifest()
        if states:
            with self.transaction():
                if shards_changed:  # the shards' record goes in the same write as the states
                    self._write_manifest()
                old = self.feed_states()
                table = self.table("feeds")
                # Unreadable states are set aside by feed_states() and replaced by this poll's.
                table.truncate()
                merged = {**old, **{state.feed_id: state for state in states}}
                table.insert_multiple(records.feed_state_to_doc(s) for s in merged.values())
                for state in states:
                    text = (describe or _describe_health)(state, old.get(state.feed_id))
                    if text:
                        self.record(EventKind.SYSTEM, text, operator, now)
        return added

    def store_poll_mentions(self, mentions: Iterable[Mention]) -> list[Mention]:
        """One batch of a running poll: the new ones go to the shards, not yet recorded.

        The main file's record of the shards is written by the poll's ``save_poll``. Until
        then a shard holds more than recorded, or is not recorded at all, which ``verify``
        accepts (a poll whose record is to come); killed before it, the poll fetches the same
        feeds again next time (their states were not saved) and stores nothing twice. A
        database's very first shards are recorded at once: a main file with shards beside it
        and no record of them is an older warroom's, which another process opening it would
        record itself (or, read-only, warn of).
        """
        added = self._mentions.add_new(mentions)
        if added and SHARDS_TABLE not in (self._storage.read() or {}):
            self._record_manifest()
        return added

    def add_new_mentions(self, mentions: Iterable[Mention]) -> list[Mention]:
        """Add the mentions not stored yet (one write per shard touched); return those added."""
        added = self._mentions.add_new(mentions)
        if added:
            self._record_manifest()
        return added

    def _record_manifest(self) -> None:
        """Record the shards (names, counts, checksums) in the main file after they changed.

        Lock order is main file, then the shard family (``add_new`` takes the family lock
        alone and releases it first), so two pollers never wait on each other in a circle.
        """
        with self.transaction():
            self._write_manifest()

    def _write_manifest(self) -> None:
        """Inside a transaction: replace the shards' record with what is on disk now."""
        with hold_lock(self._mentions.lock_path):  # the record is taken from the files on disk
            table = self.table(SHARDS_TABLE)
            table.truncate()
            table.insert_multiple(self._mentions.manifest())

    def _record_shards_of_older_database(self) -> None:
        """Give a database written before shards were recorded its record, so that from now on
        a missing or truncated shard is refused rather than dropped silently.

        Written under the main lock when the file is writable, after checking that the shards are
        numbered without a gap (a gap is a shard lost before the record existed: refused, its
        count unknown). A read-only open cannot write it, so the operator is told instead.
        """
        if SHARDS_TABLE in (self._storage.read() or {}) or not shard_paths(self.path):
            return
        if self.read_only:
            self._notices.append(
                f"{self.path}: holds no record of its mention shards (written by an older "
                "warroom); opened read-only, so a missing or damaged shard cannot be detected. "
                "Open it once with write access to record them"
            )
            return
        with self.transaction():  # _write_manifest takes the family lock after this one
            if SHARDS_TABLE in (self._storage.read() or {}):
                return  # another process recorded them while we waited for the lock
            missing = _gaps(shard_paths(self.path), self.path)
            if missing:
                raise MissingShardError(
                    f"{missing[0]}: this mention shard is missing (the shards after it exist); "
                    f"how many mentions it held is unknown, because {self.path.name} was "
                    "written before warroom recorded its shards. Restore it from a backup: "
                    "nothing was changed"
                )
            self._write_manifest()

    def check_mentions(self) -> None:
        """Refuse a missing or damaged shard and note the documents set aside in the shards,
        from the shard record and the shards' key indexes: no stored mention is decoded (a
        poll's start, which must cost what newsboat's does at any number stored).

        Raises:
            MissingShardError: a recorded shard is missing or holds fewer mentions.
        """
        self._verify_shards()

    def _verify_shards(self) -> None:
        """Refuse to show or change mentions when a recorded shard is missing or damaged."""
        self._mentions.verify(self._docs(SHARDS_TABLE))


def _gaps(existing: list[Path], main: Path) -> list[Path]:
    """Shard paths missing below the highest-numbered shard that exists."""
    left, number, missing = set(existing), 0, []
    while left and number < 100_000:
        number += 1
        path = shard_path(main, number)
        if path in left:
            left.remove(path)
        else:
            missing.append(path)
    return missing if not left else []  # names numbered another way: no gap can be judged


def _rule_from_doc(doc: dict[str, Any]) -> tuple[str, str]:
    """(when added, the pattern)."""
    at, pattern = doc["at"], doc["pattern"]
    if not isinstance(at, str) or not isinstance(pattern, str):
        raise TypeError("an ignore rule's pattern and time are text")
    return at, pattern


def _added_feed_from_doc(doc: dict[str, Any]) -> tuple[str, FeedSource]:
    """(when added, the feed); a URL the policy refuses now is set aside, never polled."""
    at, seconds = doc["at"], doc.get("poll_seconds", 300)
    if not isinstance(at, str) or not isinstance(seconds, int):
        raise TypeError("'at' must be a time and 'poll_seconds' a whole number")
    if not isinstance(doc["id"], str) or not isinstance(doc["name"], str):
        raise TypeError("'id' and 'name' must be text")
    return at, FeedSource(doc["id"], doc["name"], check_feed_url(doc["url"]), seconds)


def _describe_health(new: FeedState, old: FeedState | None) -> str | None:
    """Words for the timeline when a feed goes down or comes back; nothing otherwise."""
    was_failing = old is not None and old.consecutive_failures > 0
    if new.consecutive_failures == 1 and not was_failing:
        return f"Feed {new.feed_id} failing: {new.last_error}"
    if new.consecutive_failures == 0 and was_failing:
        return f"Feed {new.feed_id} answering again"
    return None
