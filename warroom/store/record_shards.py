"""Timeline entries and inquiry events, kept in append-only shard files beside the main file.

``warroom.timeline.0001.json`` …, ``warroom.inquiries.0001.json`` …: at most
``RECORDS_PER_SHARD`` records each. A breach that goes viral rings the phones tens of thousands
of times, and each call is an inquiry event and a timeline entry: kept in the main file, every
keypress re-wrote all of them (33.8 MB at 100k calls, issue 16). Now the main file keeps only
the newest records (its ``timeline`` and ``inquiries`` tables, the *tail*), and once the tail
holds ``MOVE_AT`` records the next write moves them into the newest shard.

The main file stays the one commit point, so crash safety is what it was:

* a record is written to the main file's tail in the same atomic write as the change it
  records (a tick and its "Ticked" entry can never be apart);
* a move writes the tail into its shard first (atomic, fsync'd), then the main file drops
  those records and records the shard (name, count, checksum of its document ids) in one
  atomic write. A ``kill -9`` between the two leaves the records in both files: they are read
  once (by record id), and the next move only drops them from the tail;
* a shard the main file does not record yet (a move killed before its main write) holds only
  records the tail still has; the next move adopts it rather than writing them again.

A shard that is missing, or holds fewer (or other) documents than recorded, is refused naming
it and what it held, like a mention shard (``MentionShards.verify``). An older database whose
main file still holds its whole history reads as one long tail, and its first write moves it.

History on demand: a shard's record also keeps the file it was (size, mtime), the span of its
records' times and a summary (the inquiry events' effect on each channel's count, the timeline
entries per kind). A process opening the database trusts a shard still matching its record
without reading it: the snapshot's list (``LazyHistory``) decodes it only when a read reaches
it, so the first frame at 100k calls reads the newest shards only. A shard whose file differs
from its record is read (and checked) at once, as before. Records written before these fields
existed are read at open as they always were, and the first write records the fields.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb.table import Table

from warroom.domain.lazy_history import LazyHistory, Segment
from warroom.domain.record_list import CHUNK, RecordList
from warroom.store import records
from warroom.store.errors import MissingShardError
from warroom.store.marks import check_mark, meta_document
from warroom.store.mention_keys import ids_digest
from warroom.store.mention_keys import signature as file_signature
from warroom.store.mention_shards import shard_path, shard_paths
from warroom.store.quarantine import Quarantine
from warroom.store.shard_docs import READING, ShardDocs
from warroom.store.shard_file import ShardFile
from warroom.store.shared_storage import hold_lock

__all__ = ["RecordFamily", "RECORDS_PER_SHARD", "MOVE_AT", "MANIFEST_TABLE", "Doc"]

RECORDS_PER_SHARD = 1000
"""Records per shard file: a move rewrites at most this many (about 200 KB)."""

MOVE_AT = 200
"""Records in the main file's tail (both families together) that make the next write move
them: the main file stays under ~60 KB of records, and a move comes once per ~100 calls."""

MANIFEST_TABLE = "record_shards"
"""The main file's record of these shards (the mention shards have their own, ``shards``)."""

Doc = dict[str, Any]
R = TypeVar("R")
_Key = Any


class _RecordShard(ShardFile):
    """One shard file: its storage (opened on first use, closed between reads: its parsed
    JSON is the largest thing it holds)."""

    def __init__(self, path: Path, lock_path: Path, family: str) -> None:
        super().__init__(path, lock_path)
        self.family = family

    def docs(self) -> Mapping[str, Doc]:
        """The documents on disk now (re-read only when the file changed)."""
        data = self.storage.read() or {}
        check_mark(self.path, data, self.family, allow_empty=True)
        return data.get(self.family, {})

    def append(self, docs: list[Doc]) -> None:
        """Add records in one atomic write."""
        with self.storage.transaction():
            if not (self.storage.read() or {}).get("meta"):
                Table(self.storage, "meta", cache_size=0).insert(meta_document(self.family))
            Table(self.storage, self.family, cache_size=0).insert_multiple(docs)

    def close(self) -> None:
        self.rest()


class _Unread(Generic[R]):
    """A shard trusted from its record (the file is the one recorded): a ``Segment`` that is
    read only when a read of the history reaches it."""

    def __init__(
        self, family: RecordFamily[R], name: str, entry: Mapping[str, Any], newest: datetime
    ) -> None:
        self._family = family
        self.name = name
        self.count = int(entry["count"])
        self.digest = str(entry["docs_sha256"])
        self.newest: datetime | None = newest
        self.oldest = records.from_iso(entry.get("oldest"))
        self.summary: Mapping[str, Any] = entry["summary"]
        self.file = (entry["bytes"], entry["mtime_ns"])
        self.records: list[R] | None = None
        """Its records once all are read (the family takes them in at its next sync)."""
        self._docs: ShardDocs[R] | None = None

    def _read(self) -> ShardDocs[R]:
        with READING:
            if self._docs is None:
                self._docs = self._family._read_unread(self, self._decoded_all)
            return self._docs

    def _decoded_all(self, docs: ShardDocs[R], records: list[R]) -> None:
        self.records = records
        self._family._loaded.add(self.name)

    def load(self) -> list[R]:
        """``Segment.load``: every record (read and decoded now if they were not)."""
        if self.records is None:
            docs = self._read()
            docs.records(0, len(docs.times))
        return self.records or []

    def newer(self, bound: datetime | None, most: int) -> tuple[list[R], Segment[R] | None]:
        """``Divisible.newer``: the newest records alone (the file is read whole, but only
        they are decoded)."""
        docs = self._read()
        return docs.newer(len(docs.times), bound, most)


def _doc_number(item: tuple[str, Any]) -> tuple[int, str]:
    """Documents in the order they were appended (TinyDB numbers them 1, 2, …)."""
    key = item[0]
    return (int(key), key) if key.isdigit() else (1 << 62, key)


def _record_id(doc: Mapping[str, Any]) -> str | None:
    value = doc.get("id")
    return value if isinstance(value, str) else None


def _recorded(manifest: Iterable[Mapping[str, Any]]) -> Iterator[tuple[str, int, str]]:
    """(name, count, checksum) of each usable entry of the main file's record of shards."""
    for entry in manifest:
        name, count = entry.get("name"), entry.get("count")
        if (
            isinstance(name, str)
            and isinstance(count, int)
            and re.fullmatch(r"[^/\x00]+\.\d{4,}\.json", name)
        ):
            yield name, count, str(entry.get("docs_sha256"))
        # else a hand-damaged record cannot vouch for anything; the tail decides


_FACTS = ("bytes", "mtime_ns", "oldest", "newest", "summary")
"""What a shard's record holds beyond name, count and checksum, so it can be left unread."""


class RecordFamily(Generic[R]):
    """One kind of record (timeline entries or inquiry events): its shards plus the main file's
    tail, read as one list in order, and kept up to date by decoding only what is new.

    At the first look, shards whose file is still the one recorded are left unread (``_Unread``)
    and the list is a ``LazyHistory`` over them; later looks read what changed at once (another
    process's move puts records this process already holds from the tail into a shard, so a
    changed shard is read and its records taken once, by id).
    """

    def __init__(
        self,
        main: Path,
        family: str,
        noun: str,
        decode: Callable[[Doc], R],
        fast: Callable[[Doc], R | None],
        when: str,
        key: Callable[[R], _Key],
        time: Callable[[R], datetime],
        record_id: Callable[[R], str],
        quarantine: Quarantine,
        summarise: Callable[[Sequence[R]], dict[str, Any]],
        summary_ok: Callable[[Any], bool],
    ) -> None:
        """``decode`` reads any document, ``fast`` one exactly as warroom writes it (see
        ``Quarantine.decode``), ``when`` the field holding a document's time (``time`` of
        its record); ``summarise`` sums up a shard's records (in order) for its
        record, so a reader can add the shard into its aggregates unread; ``summary_ok``
        checks a recorded one."""
        self.main = main
        self.family = family
        self.noun = noun
        self._decode = decode
        self._fast = fast
        self._when = when
        self._key = key
        self._time = time
        self._id = record_id
        self._quarantine = quarantine
        self._summarise = summarise
        self._summary_ok = summary_ok
        self.lock_path = main.with_name(f"{main.stem}.{family}.lock")
        self._shards: dict[str, _RecordShard] = {}
        self._read: dict[str, tuple[int, str]] = {}
        """(count, checksum) of each shard as last decoded: a record unchanged is not re-read."""
        self._unread: dict[str, _Unread[R]] = {}
        """Shards trusted from their record, not read (yet)."""
        self._loaded: set[str] = set()
        """Unread shards a read has decoded since the last look (any thread adds to it)."""
        self.unread_changes = 0
        """Counts changes to the unread shards (what aggregates over them must follow)."""
        self._facts: dict[str, tuple[tuple[int, int], dict[str, Any]]] = {}
        """What a shard's record should hold beyond its count (``_FACTS``), for the file as it
        was (size, mtime) when this process read or wrote all of it."""
        self._looked = False
        self._known: set[str] = set()
        self._full: list[tuple[R, ...]] = []
        """Chunks of ``CHUNK`` records, shared by every snapshot from now on."""
        self._newest: list[R] = []
        self._list: RecordList[R] = RecordList()
        self.appended: list[R] | None = []
        """What the last ``sync`` added at the end, in order; ``None`` when it went in earlier
        (a back-dated record, a shard read late): aggregates folded over the list must then be
        recounted."""

    def close(self) -> None:
        """Release the files."""
        for shard in self._shards.values():
            shard.close()
        self._shards = {}

    def records(self) -> Sequence[R]:
        """Every record, in order (the same list until something new arrives): a
        ``LazyHistory`` while some shards are unread."""
        if not self._unread:
            return self._list
        return LazyHistory(list(self._unread.values()), self._list, key=self._key, time=self._time)

    def decoded_records(self) -> RecordList[R]:
        """The records read so far, in order (all of them once no shard is unread)."""
        return self._list

    def unread(self) -> list[_Unread[R]]:
        """The shards not read yet, oldest first: their summaries stand in for their records."""
        return sorted(self._unread.values(), key=lambda u: (u.oldest or u.newest, u.name))

    def sync(self, manifest: Iterable[Mapping[str, Any]], tail: Mapping[str, Doc]) -> bool:
        """Take in what is new: shards read since the last look, shards whose record changed,
        then the main file's tail.

        Raises:
            MissingShardError: a recorded shard is missing or holds fewer (other) records.
        """
        fresh = self._take_read()
        first, self._looked = not self._looked, True
        for entry in manifest:
            got = next(_recorded([entry]), None)
            if got is None:
                continue
            name, count, digest = got
            if self._read.get(name) == (count, digest):
                continue
            unread = self._unread.get(name)
            if unread is not None and (unread.count, unread.digest) == (count, digest):
                continue
            if unread is not None:  # another process appended to it: read it whole, now
                del self._unread[name]
                self.unread_changes += 1
            if first:
                trusted = self._trusted(name, entry)
                if trusted is not None:
                    self._unread[name] = trusted
                    self.unread_changes += 1
                    continue
            shard = self._open(name, count)
            docs = shard.docs()
            self._check(shard, docs, count, digest)
            taken = self._take(shard.path, docs)
            if len(taken) == len(docs):  # all of it: what its record should say is known
                self._learn(shard.path, taken)
            fresh += taken
            self._read[name] = (count, digest)
            shard.close()
        fresh += self._take(self.main, tail)
        self._insert(fresh)
        return bool(fresh)

    def select(self, worth_reading: Callable[[Mapping[str, Any]], bool]) -> Sequence[R]:
        """Every record read so far, plus those of the unread shards whose summary says
        they are ``worth_reading`` (the rest stay unread): a key set without the history."""
        extra = [r for u in self._unread.values() if worth_reading(u.summary) for r in u.load()]
        return [*self._list, *extra] if extra else self._list

    def check_present(self, manifest: Iterable[Mapping[str, Any]]) -> None:
        """Refuse a change while a recorded shard is missing (one ``stat`` per shard: a
        writer that never reads the history, ``warroom poll``, must not decode it)."""
        for name, count, _ in _recorded(manifest):
            if name not in self._shards and not self.main.with_name(name).exists():
                self._open(name, count)  # raises, naming the shard and what it held

    def move(
        self, manifest: Iterable[Mapping[str, Any]], tail: Mapping[str, Doc], table: Table
    ) -> list[dict[str, Any]]:
        """Inside the main file's transaction: put the tail's records into shards, drop them
        from the tail, and return the shards' record for the same write.

        Only the newest recorded shard and shards not recorded yet (a move killed before its
        main write) can hold records of the tail; those records are only dropped, not written
        again. Older shards are not read. Documents that cannot be read stay in the tail,
        reported, as they are.
        """
        listed = list(manifest)
        entries = {name: (count, digest) for name, count, digest in _recorded(listed)}
        with hold_lock(self.lock_path):
            touched: dict[str, _RecordShard] = {}
            if entries:
                newest = max(entries)
                touched[newest] = self._open(newest, entries[newest][0])
                self._check(touched[newest], touched[newest].docs(), *entries[newest])
            for path in shard_paths(self.main, self.family):
                if path.name not in entries:
                    touched[path.name] = self._open(path.name, 0)
            present = {_record_id(d) for shard in touched.values() for d in shard.docs().values()}
            readable = {self._id(r) for r in self._decoded(self.main, tail)}
            movable = {key: doc for key, doc in tail.items() if _record_id(doc) in readable}
            pending: list[Doc] = []
            for doc in movable.values():
                if _record_id(doc) not in present:
                    present.add(_record_id(doc))
                    pending.append(doc)
            while pending:
                shard = self._writable(touched, entries)
                room = RECORDS_PER_SHARD - len(shard.docs())
                batch, pending = pending[:room], pending[room:]
                shard.append(batch)
            table.remove(doc_ids=[int(key) for key in movable])
            kept = [e for e in listed if next(_recorded([e]), ("",))[0] not in ("", *touched)]
            recorded = self.upgraded(kept)
            recorded += [{"family": self.family, **self._entry(s)} for s in touched.values()]
            for shard in touched.values():
                shard.close()
        return sorted(recorded, key=lambda entry: str(entry["name"]))

    def upgraded(self, manifest: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        """The shards' record with what lets a reader leave a shard unread (``_FACTS``) filled
        in where this process knows it for the file as it is (see ``_stale``)."""
        out = []
        for entry in manifest:
            facts = self._stale(entry)
            out.append({**entry, **facts} if facts else dict(entry))
        return out

    def upgrade_due(self, manifest: Iterable[Mapping[str, Any]]) -> bool:
        """True when the record misses facts this process could fill in (see ``upgraded``)."""
        return any(self._stale(entry) for entry in manifest)

    def _stale(self, entry: Mapping[str, Any]) -> dict[str, Any] | None:
        """What the record of this shard should say, where it says less or speaks of another
        file, and this process read the file as it is now whole, checked against that same
        record: an older database's record (no facts), or a database copied or restored
        without its files' times (facts of the file it was copied from), which would
        otherwise be read whole at every opening, for ever."""
        name = entry.get("name")
        known = self._facts.get(name) if isinstance(name, str) else None
        if known is None:
            return None  # the usual case, at every intent: one look-up a shard
        recorded_file = (entry.get("bytes"), entry.get("mtime_ns"))
        if recorded_file == known[0] and all(key in entry for key in _FACTS):
            return None  # it says what this process knows
        got = next(_recorded([entry]), None)
        if got is None or self._read.get(got[0]) != got[1:]:
            return None
        signature = file_signature(self.main.with_name(got[0]))
        if signature is None or signature[2:] != known[0]:
            return None  # the file changed since: its writer records it
        return known[1]

    # ------------------------------------------------------------------ internals
    def _trusted(self, name: str, entry: Mapping[str, Any]) -> _Unread[R] | None:
        """The shard as its record describes it, if the file is still that file."""
        signature = file_signature(self.main.with_name(name))
        if signature is None or (entry.get("bytes"), entry.get("mtime_ns")) != signature[2:]:
            return None
        try:
            newest = records.from_iso(entry.get("newest"))
            records.from_iso(entry.get("oldest"))
            if newest is None or not self._summary_ok(entry.get("summary")):
                return None
            return _Unread(self, name, entry, newest)
        except (KeyError, TypeError, ValueError):
            return None  # a damaged record vouches for nothing: the file is read instead

    def _read_unread(
        self, unread: _Unread[R], done: Callable[[ShardDocs[R], list[R]], None]
    ) -> ShardDocs[R]:
        """Read a trusted shard now (a read of the history reached it), to be decoded as far
        as reads go (``done`` gets every record once all are). A file that changed since it
        was trusted is checked against its record first."""
        path = self.main.with_name(unread.name)
        if unread.count and not path.exists():
            self._open(unread.name, unread.count)  # raises, naming it
        shard = _RecordShard(path, self.lock_path, self.family)  # its own: any thread may read
        try:
            docs = shard.docs()
            signature = file_signature(path)
            if signature is None or signature[2:] != unread.file:
                # A move appended since (its records were in the tail this process read, and
                # come in again by id at the next sync): only the recorded ones are this
                # segment's, the first ``count`` documents, as the checksum says.
                docs = dict(sorted(docs.items(), key=_doc_number)[: unread.count])
                self._check(shard, docs, unread.count, unread.digest)
            return ShardDocs(
                path, self.family, docs, self._when, (self._decode, self._fast),
                self._quarantine, done,
            )  # fmt: skip
        finally:
            shard.close()

    def _take_read(self) -> list[R]:
        """Take in the unread shards a read has decoded since the last look."""
        fresh: list[R] = []
        if not self._loaded:
            return fresh
        for name in list(self._loaded):
            self._loaded.discard(name)
            unread = self._unread.get(name)
            if unread is None or unread.records is None:
                continue
            del self._unread[name]
            self.unread_changes += 1
            self._read[name] = (unread.count, unread.digest)
            for record in unread.records:
                if self._id(record) not in self._known:
                    self._known.add(self._id(record))
                    fresh.append(record)
        return fresh

    def _learn(self, path: Path, taken: list[R]) -> None:
        """Remember what the record of a shard read or written whole should say."""
        signature = file_signature(path)
        if signature is None:
            return
        ordered = sorted(taken, key=self._key)
        times = [self._time(r) for r in ordered]
        self._facts[path.name] = (
            (signature[2], signature[3]),
            {
                "bytes": signature[2],
                "mtime_ns": signature[3],
                "oldest": records.iso(min(times)) if times else None,
                "newest": records.iso(max(times)) if times else None,
                "summary": self._summarise(ordered),
            },
        )

    def _entry(self, shard: _RecordShard) -> dict[str, Any]:
        """A shard just written, as the main file records it (its facts learnt from the file)."""
        docs = shard.docs()
        entry: dict[str, Any] = {
            "name": shard.path.name,
            "count": len(docs),
            "docs_sha256": ids_digest(docs),
        }
        self._learn(shard.path, self._decoded(shard.path, docs))
        known = self._facts.get(shard.path.name)
        if known is not None:
            entry.update(known[1])
        return entry

    def _decoded(self, where: Path, docs: Mapping[str, Doc]) -> list[R]:
        """The readable records of these documents of one file (the rest set aside, told)."""
        return self._quarantine.decode(where, self.family, docs, self._decode, self._fast)

    def _open(self, name: str, count: int) -> _RecordShard:
        shard = self._shards.get(name)
        if shard is not None:
            return shard
        path = self.main.with_name(name)
        if count and not path.exists():
            raise MissingShardError(
                f"{path}: this shard is missing; it held {count:,} {self.noun} (recorded in "
                f"{self.main.name}). Restore it from a backup: nothing was changed, and "
                "warroom will not carry on without them"
            )
        shard = self._shards[name] = _RecordShard(path, self.lock_path, self.family)
        self._shards = dict(sorted(self._shards.items()))
        return shard

    def _writable(
        self, touched: dict[str, _RecordShard], entries: Mapping[str, object]
    ) -> _RecordShard:
        """The newest shard if it has room, else a new one after every shard there is."""
        names = sorted({*entries, *touched})
        if names and names[-1] in touched and len(touched[names[-1]].docs()) < RECORDS_PER_SHARD:
            return touched[names[-1]]
        number = len(names) + 1
        while shard_path(self.main, number, self.family).name in names:
            number += 1
        name = shard_path(self.main, number, self.family).name
        touched[name] = self._open(name, 0)
        return touched[name]

    def _check(self, shard: _RecordShard, docs: Mapping[str, Doc], count: int, digest: str) -> None:
        """Refuse a shard holding fewer documents than recorded, or other ones; more is a move
        whose main write is still to come (its records are in the tail too)."""
        if len(docs) < count or (len(docs) == count and ids_digest(docs) != digest):
            raise MissingShardError(
                f"{shard.path}: holds {len(docs):,} {self.noun}, not the {count:,} recorded "
                f"in {self.main.name} (or other ones); restore it from a backup: nothing "
                "was changed"
            )

    def _take(self, where: Path, docs: Mapping[str, Doc]) -> list[R]:
        """Decode the documents whose records are new to this process (the rest are known).

        Unreadable documents are never known, so they are decoded (and reported) every time:
        the quarantine's report of a file's table is replaced on each decode.
        """
        new = {key: doc for key, doc in docs.items() if _record_id(doc) not in self._known}
        found: list[R] = []
        for record in self._decoded(where, new):
            record_id = self._id(record)
            if record_id not in self._known:
                self._known.add(record_id)
                found.append(record)
        return found

    def _insert(self, fresh: list[R]) -> None:
        """Put new records in order: appended at the end in the usual case, else merged in
        (a back-dated note, an import of earlier calls, a shard read late)."""
        if not fresh:
            self.appended = []
            return
        fresh.sort(key=self._key)
        last = self._newest[-1] if self._newest else self._full[-1][-1] if self._full else None
        if last is None or self._key(fresh[0]) >= self._key(last):
            newest = self._newest
            newest.extend(fresh)
            self.appended = fresh
        else:  # two sorted runs: the sort merges them in linear time
            newest = sorted([*itertools.chain(*self._full, self._newest), *fresh], key=self._key)
            self._full = []
            self.appended = None
        while len(newest) >= 2 * CHUNK:
            self._full.append(tuple(newest[:CHUNK]))
            del newest[:CHUNK]
        self._newest = newest
        self._list = RecordList([*self._full, tuple(newest)])
