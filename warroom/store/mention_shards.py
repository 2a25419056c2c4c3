"""The mentions of one database, kept in shard files beside its main file.

``warroom.mentions.0001.json``, ``…0002.json``: at most ``SHARD_CAPACITY`` mentions each, so
saving a poll rewrites one small file, and an operator's tick (in the main file) never pays for
the mentions. One family lock is held while new mentions are checked against everything on disk
and written, so two pollers never store the same mention twice.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.table import Table

from warroom.domain.lazy_history import Segment
from warroom.domain.mention_history import MentionHistory
from warroom.domain.mentions import Mention, merge_new
from warroom.store import records
from warroom.store.errors import MissingShardError
from warroom.store.marks import check_mark, meta_document
from warroom.store.mention_keys import KeyIndex, Signature, ids_digest, key_hashes
from warroom.store.mention_keys import signature as file_signature
from warroom.store.quarantine import Quarantine
from warroom.store.shard_docs import READING, ShardDocs
from warroom.store.shard_file import ShardFile
from warroom.store.shared_storage import hold_lock

__all__ = ["MentionShards", "SHARD_CAPACITY", "shard_path", "shard_paths"]

SHARD_CAPACITY = 1000
"""Mentions per shard file: a batch save rewrites at most this many."""

_NO_IDS = ids_digest({})
"""The checksum of an empty shard (every shard's until it is read or vouched for)."""

_SHARD_NAME = re.compile(r"\.mentions\.(\d{4,})\.json$")


def shard_path(main: Path, number: int, family: str = "mentions") -> Path:
    """Path of shard ``number`` of a family (mentions, or the timeline's records) beside the
    main file."""
    return main.with_name(f"{main.stem}.{family}.{number:04d}.json")


def shard_paths(main: Path, family: str = "mentions") -> list[Path]:
    """The existing shards of one family of a database, in order."""
    found = []
    name = re.compile(rf"{re.escape(main.stem)}\.{family}\.(\d{{4,}})\.json")
    # A listing, not a glob: the folder also holds hundreds of history shards at 100k calls,
    # and pathlib's glob cost half a millisecond per look.
    for candidate in os.listdir(main.parent):
        match = name.fullmatch(candidate)
        if match:
            found.append((int(match.group(1)), main.with_name(candidate)))
    return [path for _, path in sorted(found)]


_Span = tuple[datetime | None, datetime | None]
"""(oldest, newest) published time of a shard's mentions."""


def _published_span(docs: Mapping[str, Any]) -> _Span:
    """(oldest, newest) published time of a shard's documents, from their text, no decoding."""
    times = []
    for doc in docs.values():
        try:
            moment = records.from_iso(doc["published"])
        except (KeyError, TypeError, ValueError):
            continue  # set aside when the shard is decoded
        if moment is not None:
            times.append(moment)
    return (min(times), max(times)) if times else (None, None)


class _Shard(ShardFile):
    """One shard file: what it holds (count, checksum, span of published times), known from
    the main file's record or one read of the file, and its mentions, decoded only when read.

    Between reads the file is not held open, and its parsed JSON is dropped once decoded:
    a stat tells whether another process changed it since (shards are rewritten whole, by
    rename, so a new file means a new inode, size or time).
    """

    def __init__(
        self,
        path: Path,
        lock_path: Path,
        quarantine: Quarantine,
        recorded: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(path, lock_path)
        self.quarantine = quarantine
        self._mentions: list[Mention] | None = None
        self._docs: ShardDocs[Mention] | None = None
        """Its documents while some are not decoded yet (a read took only the newest)."""
        self._signature: Signature | None = None
        self.count = 0
        """Documents in the file (the mentions plus any set aside)."""
        self.digest = _NO_IDS
        self.oldest: datetime | None = None
        self.newest: datetime | None = None
        if recorded is not None:
            self._adopt(recorded)

    def _adopt(self, recorded: Mapping[str, Any]) -> None:
        """Take what the main file recorded of this shard, if the file is still that file."""
        signature = file_signature(self.path)
        size, mtime = recorded.get("bytes"), recorded.get("mtime_ns")
        if signature is None or (size, mtime) != signature[2:]:
            return
        try:
            count = int(recorded["count"])
            digest = str(recorded["docs_sha256"])
            oldest = records.from_iso(recorded.get("oldest"))
            newest = records.from_iso(recorded.get("newest"))
        except (KeyError, TypeError, ValueError):
            return  # a damaged record vouches for nothing: the file is read instead
        self.count, self.digest, self.oldest, self.newest = count, digest, oldest, newest
        self._signature = signature

    @property
    def mentions(self) -> list[Mention]:
        """The shard's mentions, newest published first (decoded now if they were not)."""
        with READING:
            if self._mentions is None:
                docs = self._docs or self._read_docs()
                docs.records(0, len(docs.times))
            return self._mentions or []

    def _read_docs(self, data: dict[str, Any] | None = None) -> ShardDocs[Mention]:
        """The file's documents (read now unless given), to be decoded as far as reads go."""
        with READING:
            if data is None:
                data = self._read()
            self._docs = ShardDocs(
                self.path, "mentions", data.get("mentions", {}), "published",
                (records.mention_from_doc, records.mention_from_written_doc), self.quarantine,
                self._decoded_all,
            )  # fmt: skip
            self.oldest, self.newest = self._docs.span()
            self.rest()
            return self._docs

    def _decoded_all(self, docs: ShardDocs[Mention], mentions: list[Mention]) -> None:
        if docs is not self._docs:
            return  # an older copy of the file, read by a history kept from before
        mentions.sort(key=lambda m: (m.published, m.id), reverse=True)
        self._mentions = mentions
        self._docs = None  # every document decoded: the parsed file is not needed again

    def newer(
        self, bound: datetime | None, most: int
    ) -> tuple[list[Mention], Segment[Mention] | None]:
        """``Divisible.newer``: the newest mentions alone (the file is read whole, but only
        they are decoded; the rest wait, with their exact newest time)."""
        with READING:
            if self._mentions is not None:
                return self._mentions, None
            docs = self._docs or self._read_docs()
        return docs.newer(len(docs.times), bound, most)

    @property
    def decoded(self) -> bool:
        """True when its mentions are in memory."""
        return self._mentions is not None

    @property
    def signature(self) -> Signature | None:
        """The file this shard's facts were read from (device, inode, size, mtime)."""
        return self._signature

    def load(self) -> list[Mention]:
        """``Segment.load``: the history decodes a shard through this."""
        return self.mentions

    def refresh(self) -> bool:
        """Re-read the shard if its file changed since it was read or recorded; True if so.

        A changed file is decoded now, so a damaged document in it is set aside and reported
        at once; only a shard still exactly as the main file recorded it waits to be read.
        """
        if self._signature is not None and file_signature(self.path) == self._signature:
            return False
        self._mentions = None
        self._read_docs(self._read())
        _ = self.mentions
        return True

    def _read(self) -> dict[str, Any]:
        """Read the file (checked), and learn its count and checksum (``_read_docs`` its span
        of times)."""
        storage = self.storage
        data = storage.read() or {}
        check_mark(self.path, data, "mentions", allow_empty=True)
        docs = data.get("mentions", {})
        self.count = len(docs)
        self.digest = ids_digest(docs)
        self._signature = file_signature(self.path)
        return data

    def current(self) -> bool:
        """True when what this shard knows (count, checksum, span) is what the file holds now."""
        return self._signature is not None and file_signature(self.path) == self._signature

    def close(self) -> None:
        self.rest()


class MentionShards:
    """Every shard of one database, read as one newest-first list."""

    def __init__(
        self,
        main: Path,
        quarantine: Quarantine | None = None,
        recorded: Callable[[], Iterable[Mapping[str, Any]]] | None = None,
    ) -> None:
        """``recorded`` gives the main file's record of the shards (``manifest()`` as it was
        saved): a shard whose file is still the one recorded is not read until its mentions
        are."""
        self.main = main
        self.quarantine = quarantine or Quarantine()
        self.lock_path = main.with_name(f"{main.stem}.mentions.lock")
        self._recorded = recorded
        self._maybe_stale = False
        """A recorded shard's file was not the one recorded when first seen (``record_stale``)."""
        self._shards: list[_Shard] = []
        self._keys = KeyIndex(self.quarantine, self.lock_path)
        self._writers: dict[Path, _Shard] = {}
        """Shards opened only to append to (a poll), never decoded; ``sync`` adopts them."""
        self._written: dict[Path, tuple[Signature | None, _Span]] = {}
        """The span of published times of each shard this process appended to, and the file
        it learned it from: so a poll's shard record still lets readers skip that shard."""
        self._newest_first: MentionHistory | None = None

    def close(self) -> None:
        """Release the files."""
        for shard in [*self._shards, *self._writers.values()]:
            shard.close()
        self._shards = []
        self._writers = {}

    def sync(self) -> bool:
        """Open shards other processes created and re-read changed ones; True if any changed."""
        known = {shard.path for shard in self._shards}
        paths = [path for path in shard_paths(self.main) if path not in known]
        recorded = self._recorded_by_name() if paths else {}
        trusted: set[Path] = set()
        for path in paths:
            shard = self._writers.pop(path, None)
            if shard is None:
                shard = _Shard(path, self.lock_path, self.quarantine, recorded.get(path.name))
                if shard.signature is not None:  # its file was matched to its record just now
                    trusted.add(path)
                elif path.name in recorded:
                    self._maybe_stale = True  # see record_stale
            self._shards.append(shard)
        changed = bool(paths)
        for shard in self._shards:
            if shard.path not in trusted and shard.refresh():
                changed = True
        if changed:
            self._newest_first = None
        return changed

    def record_stale(self) -> bool:
        """True when the main file's record of a shard speaks of another file than the one on
        disk, and this process read that file whole and found what the record counts: a
        database copied or restored without its files' times. Until the record says what the
        files are now, every opening reads every shard (at 100k mentions, seconds); the next
        write records them (``manifest``), and the opening after it trusts them again."""
        if not self._maybe_stale:
            return False
        recorded = self._recorded_by_name()
        for shard in self._shards:
            entry = recorded.get(shard.path.name)
            signature = shard.signature
            if entry is None or signature is None:
                continue
            if (entry.get("bytes"), entry.get("mtime_ns")) == signature[2:]:
                continue
            if (entry.get("count"), entry.get("docs_sha256")) != (shard.count, shard.digest):
                continue  # a poll's record to come, or another change: its writer records it
            if shard.current():
                return True
        self._maybe_stale = False
        return False

    def _recorded_by_name(self) -> dict[str, Mapping[str, Any]]:
        if self._recorded is None:
            return {}
        return {
            str(entry.get("name")): entry
            for entry in self._recorded()
            if isinstance(entry, Mapping)
        }

    def manifest(self) -> list[dict[str, Any]]:
        """What the main file records of the shards: name, mention count, checksum of the ids;
        and, so that a reader need not open a shard until its mentions are wanted, the file it
        was (size, time) and the span of its published times, where this process knows them
        for the file as it is now (read, written, or recorded before and unchanged)."""
        recorded = self._recorded_by_name()
        shards = {shard.path: shard for shard in self._shards}
        entries = []
        for name, (count, digest) in self._facts().items():
            path = self.main.with_name(name)
            signature = file_signature(path)
            entry: dict[str, Any] = {"name": name, "count": count, "docs_sha256": digest}
            span = self._span(path, signature, shards.get(path), recorded.get(name), count)
            if signature is not None and span is not None:
                entry.update(
                    bytes=signature[2],
                    mtime_ns=signature[3],
                    oldest=records.iso(span[0]),
                    newest=records.iso(span[1]),
                )
            entries.append(entry)
        return entries

    def _span(
        self,
        path: Path,
        signature: Signature | None,
        shard: _Shard | None,
        recorded: Mapping[str, Any] | None,
        count: int,
    ) -> _Span | None:
        """The span of published times of the shard file as it is now, if known."""
        if signature is None:
            return None
        if shard is not None and shard.signature == signature:
            return (shard.oldest, shard.newest)
        written = self._written.get(path)
        if written is not None and written[0] == signature:
            return written[1]
        if (
            recorded is not None
            and (recorded.get("bytes"), recorded.get("mtime_ns")) == signature[2:]
            and recorded.get("count") == count
        ):
            try:
                return (
                    records.from_iso(recorded.get("oldest")),
                    records.from_iso(recorded.get("newest")),
                )
            except (TypeError, ValueError):
                return None
        return None

    def _facts(self) -> dict[str, tuple[int, str]]:
        """Each shard on disk, in order: its document count and ids checksum.

        From the shard's decoded copy when this process holds it current (a dashboard), else
        from the shard's key index (a poll, which never decodes a stored mention).
        """
        decoded = {shard.path: shard for shard in self._shards if shard.current()}
        paths = shard_paths(self.main)
        indexed = {s.path: s for s in self._keys.summaries(p for p in paths if p not in decoded)}
        facts = {}
        for path in paths:
            known = decoded.get(path) or indexed[path]
            facts[path.name] = (known.count, known.digest)
        return facts

    def verify(self, manifest: Iterable[Mapping[str, Any]]) -> None:
        """Refuse a family whose shards are missing or hold fewer (or other) mentions than the
        main file recorded; a shard holding *more* is a poll whose record is still to come.

        Raises:
            MissingShardError: naming the shard and the mentions it held.
        """
        by_name = self._facts()
        for entry in manifest:
            name, count = entry.get("name"), entry.get("count")
            if (
                not isinstance(name, str)
                or not isinstance(count, int)
                or not _SHARD_NAME.search(name)
            ):
                continue  # a hand-damaged record cannot vouch for anything; the shards decide
            facts = by_name.get(name)  # from a listing of the folder just now
            if facts is None:
                where = self.main.with_name(name)
                raise MissingShardError(
                    f"{where}: this mention shard is missing; it held {count:,} mentions "
                    f"(recorded in {self.main.name}). Restore it from a backup: nothing was "
                    "changed, and warroom will not carry on without them"
                )
            held, digest = facts
            if held < count or (held == count and digest != entry.get("docs_sha256")):
                where = self.main.with_name(name)
                raise MissingShardError(
                    f"{where}: holds {held:,} mentions, not the {count:,} recorded in "
                    f"{self.main.name} (or other ones); restore it from a backup: nothing was "
                    "changed"
                )

    def newest_first(self) -> MentionHistory:
        """All stored mentions, newest published first, each shard decoded only when a read
        reaches it (kept until a shard changes)."""
        if self._newest_first is None:
            self._newest_first = MentionHistory(list(self._shards))
        return self._newest_first

    def find(self, mention_id: str) -> Mention | None:
        """The stored mention with this id, if any."""
        return self.find_many([mention_id]).get(mention_id)

    def find_many(self, mention_ids: Iterable[str]) -> dict[str, Mention]:
        """The stored mentions with these ids, by id: decoded shards are looked in first, and
        no further shard is decoded once all are found."""
        self.sync()
        wanted = set(mention_ids)
        found: dict[str, Mention] = {}
        for shard in sorted(self._shards, key=lambda s: not s.decoded):
            if len(found) == len(wanted):
                break
            for mention in shard.mentions:
                if mention.id in wanted:
                    found[mention.id] = mention
        return found

    def _seen_keys(self, paths: list[Path]) -> set[int]:
        """Every dedup key hash of every stored mention, from the shards' key indexes (kept up
        to date; a shard changed by another process costs one index read, never a decode)."""
        return self._keys.seen(paths)

    def add_new(self, mentions: Iterable[Mention]) -> list[Mention]:
        """Store the mentions not stored yet, in one write per shard touched.

        The family lock is held from the dedup check to the last write, so two pollers never
        store one mention twice. Only the shard appended to is read (not decoded).
        """
        with hold_lock(self.lock_path):
            paths = shard_paths(self.main)
            try:
                hashed: dict[int, tuple[int, ...]] = {}

                def keys_of(mention: Mention) -> tuple[int, ...]:
                    # Kept for the index below: hashing every key twice was a tenth of a
                    # cold poll's storing. By id(): a fresh mention stays alive in ``fresh``.
                    hashed[id(mention)] = keys = key_hashes(mention)
                    return keys

                fresh = merge_new(self._seen_keys(paths), mentions, keys_of)
                remaining = list(fresh)
                while remaining:
                    shard = self._writable_shard(paths)
                    with shard.storage.transaction():
                        data = shard.storage.read() or {}
                        check_mark(shard.path, data, "mentions", allow_empty=True)
                        room = max(SHARD_CAPACITY - len(data.get("mentions", {})), 0)
                        batch, remaining = remaining[:room], remaining[room:]
                        if not data.get("meta"):
                            Table(shard.storage, "meta", cache_size=0).insert(
                                meta_document("mentions")
                            )
                        Table(shard.storage, "mentions", cache_size=0).insert_multiple(
                            records.mention_to_doc(m) for m in batch
                        )
                    docs = (shard.storage.read() or {}).get("mentions", {})
                    self._keys.wrote(shard.path, docs, (k for m in batch for k in hashed[id(m)]))
                    self._written[shard.path] = (file_signature(shard.path), _published_span(docs))
                    if shard in self._shards:  # a dashboard's own poll: show it at once
                        shard.refresh()
            except BaseException:
                self._keys.forget_seen()  # it may hold keys of mentions that were not written
                raise
            if fresh:
                self._newest_first = None
        return fresh

    def _writable_shard(self, paths: list[Path]) -> _Shard:
        """The last shard, or a new one after it when it is full (``paths`` grows with it)."""
        last = self._keys.summary(paths[-1]) if paths else None
        if last is None or last.count >= SHARD_CAPACITY:
            number = len(paths) + 1
            if paths:
                match = _SHARD_NAME.search(paths[-1].name)
                number = int(match.group(1)) + 1 if match else number
            paths.append(shard_path(self.main, number))
        path = paths[-1]
        for shard in self._shards:
            if shard.path == path:
                return shard
        for old in [p for p in self._writers if p != path]:  # a full shard is not written again
            self._writers.pop(old).close()
        if path not in self._writers:
            self._writers[path] = _Shard(path, self.lock_path, self.quarantine)
        return self._writers[path]
