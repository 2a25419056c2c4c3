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
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.table import Table

from warroom.domain.record_list import CHUNK, RecordList
from warroom.store.errors import MissingShardError
from warroom.store.marks import check_mark, meta_document
from warroom.store.mention_keys import ids_digest
from warroom.store.mention_shards import shard_path, shard_paths
from warroom.store.quarantine import Quarantine
from warroom.store.shared_storage import SharedJSONStorage, hold_lock

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


class _RecordShard:
    """One shard file: its storage and what its last read found (count and id checksum)."""

    def __init__(self, path: Path, lock_path: Path, family: str) -> None:
        self.path = path
        self.family = family
        self.db = TinyDB(path, lock_path=lock_path, create=True, storage=SharedJSONStorage)
        self.storage: SharedJSONStorage = self.db.storage  # type: ignore[assignment]

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

    def entry(self) -> dict[str, Any]:
        """This shard as the main file records it."""
        docs = self.docs()
        return {"name": self.path.name, "count": len(docs), "docs_sha256": ids_digest(docs)}

    def close(self) -> None:
        self.db.close()


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


class RecordFamily(Generic[R]):
    """One kind of record (timeline entries or inquiry events): its shards plus the main file's
    tail, read as one list in order, and kept up to date by decoding only what is new."""

    def __init__(
        self,
        main: Path,
        family: str,
        noun: str,
        decode: Callable[[Doc], R],
        key: Callable[[R], _Key],
        record_id: Callable[[R], str],
        quarantine: Quarantine,
    ) -> None:
        self.main = main
        self.family = family
        self.noun = noun
        self._decode = decode
        self._key = key
        self._id = record_id
        self._quarantine = quarantine
        self.lock_path = main.with_name(f"{main.stem}.{family}.lock")
        self._shards: dict[str, _RecordShard] = {}
        self._read: dict[str, tuple[int, str]] = {}
        """(count, checksum) of each shard as last decoded: a record unchanged is not re-read."""
        self._known: set[str] = set()
        self._full: list[tuple[R, ...]] = []
        """Chunks of ``CHUNK`` records, shared by every snapshot from now on."""
        self._newest: list[R] = []
        self._list: RecordList[R] = RecordList()
        self.appended: list[R] | None = []
        """What the last ``sync`` added at the end, in order; ``None`` when it went in earlier
        (a back-dated record): aggregates folded over the list must then be recounted."""

    def close(self) -> None:
        """Release the files."""
        for shard in self._shards.values():
            shard.close()
        self._shards = {}

    def records(self) -> RecordList[R]:
        """Every record, in order (the same list until something new arrives)."""
        return self._list

    def sync(self, manifest: Iterable[Mapping[str, Any]], tail: Mapping[str, Doc]) -> bool:
        """Take in what is new: shards whose record changed, then the main file's tail.

        Raises:
            MissingShardError: a recorded shard is missing or holds fewer (other) records.
        """
        fresh: list[R] = []
        for name, count, digest in _recorded(manifest):
            if self._read.get(name) == (count, digest):
                continue
            shard = self._open(name, count)
            docs = shard.docs()
            self._check(shard, docs, count, digest)
            fresh += self._take(shard.path, docs)
            self._read[name] = (count, digest)
        fresh += self._take(self.main, tail)
        self._insert(fresh)
        return bool(fresh)

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
        entries = {name: (count, digest) for name, count, digest in _recorded(manifest)}
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
            readable = {self._id(r) for r in self._quarantine.decode(
                self.main, self.family, tail, self._decode
            )}  # fmt: skip
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
            recorded = [
                {"family": self.family, "name": name, "count": count, "docs_sha256": digest}
                for name, (count, digest) in entries.items()
                if name not in touched
            ]
            recorded += [{"family": self.family, **shard.entry()} for shard in touched.values()]
        return sorted(recorded, key=lambda entry: str(entry["name"]))

    # ------------------------------------------------------------------ internals
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
        for record in self._quarantine.decode(where, self.family, new, self._decode):
            record_id = self._id(record)
            if record_id not in self._known:
                self._known.add(record_id)
                found.append(record)
        return found

    def _insert(self, fresh: list[R]) -> None:
        """Put new records in order: appended at the end in the usual case, else each in place
        (a back-dated note, an import of earlier calls)."""
        if not fresh:
            self.appended = []
            return
        fresh.sort(key=self._key)
        last = self._newest[-1] if self._newest else self._full[-1][-1] if self._full else None
        if last is None or self._key(fresh[0]) >= self._key(last):
            newest = self._newest
            newest.extend(fresh)
            self.appended = fresh
        else:
            newest = list(itertools.chain(*self._full, self._newest))
            self._full = []
            for record in fresh:
                bisect.insort_right(newest, record, key=self._key)
            self.appended = None
        while len(newest) >= 2 * CHUNK:
            self._full.append(tuple(newest[:CHUNK]))
            del newest[:CHUNK]
        self._newest = newest
        self._list = RecordList([*self._full, tuple(newest)])
