"""The mentions of one database, kept in shard files beside its main file.

``warroom.mentions.0001.json``, ``…0002.json``: at most ``SHARD_CAPACITY`` mentions each, so
saving a poll rewrites one small file, and an operator's tick (in the main file) never pays for
the mentions. One family lock is held while new mentions are checked against everything on disk
and written, so two pollers never store the same mention twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from warroom.domain.mention_history import MentionHistory
from warroom.domain.mentions import Mention, dedup_keys, merge_new
from warroom.store import records
from warroom.store.errors import MissingShardError
from warroom.store.marks import check_mark, meta_document
from warroom.store.quarantine import Quarantine
from warroom.store.shared_storage import SharedJSONStorage, hold_lock

__all__ = ["MentionShards", "SHARD_CAPACITY", "shard_path", "shard_paths"]

SHARD_CAPACITY = 1000
"""Mentions per shard file: a batch save rewrites at most this many."""

_SHARD_NAME = re.compile(r"\.mentions\.(\d{4,})\.json$")


def shard_path(main: Path, number: int) -> Path:
    """Path of mention shard ``number`` beside the main file."""
    return main.with_name(f"{main.stem}.mentions.{number:04d}.json")


def shard_paths(main: Path) -> list[Path]:
    """The existing mention shards of a database, in order."""
    found = []
    for candidate in main.parent.glob(f"{_glob_escape(main.stem)}.mentions.*.json"):
        match = _SHARD_NAME.search(candidate.name)
        if match and candidate.name == f"{main.stem}.mentions.{match.group(1)}.json":
            found.append((int(match.group(1)), candidate))
    return [path for _, path in sorted(found)]


def ids_digest(docs: Mapping[str, Any]) -> str:
    """A checksum of which documents a shard holds: SHA-256 of its sorted document numbers.

    Numbers, not contents: a dropped or replaced document changes it, while a document whose
    fields were damaged keeps it, and is set aside on its own (``Quarantine``) rather than
    making the whole shard refused.
    """
    return hashlib.sha256("\n".join(sorted(docs)).encode()).hexdigest()[:32]


def _glob_escape(text: str) -> str:
    """Escape glob metacharacters in a file name stem."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def _file_signature(path: Path) -> tuple[int, int, int] | None:
    """Which file is at ``path`` now (inode, size, mtime): a shard that kept it is unchanged."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _published_span(docs: Mapping[str, Any]) -> tuple[datetime | None, datetime | None]:
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


class _Shard:
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
        self.path = path
        self.lock_path = lock_path
        self.quarantine = quarantine
        self._db: TinyDB | None = None
        self._mentions: list[Mention] | None = None
        self._signature: tuple[int, int, int] | None = None
        self.count = 0
        """Documents in the file (the mentions plus any set aside)."""
        self.digest = ids_digest({})
        self.oldest: datetime | None = None
        self.newest: datetime | None = None
        if recorded is not None:
            self._adopt(recorded)

    def _adopt(self, recorded: Mapping[str, Any]) -> None:
        """Take what the main file recorded of this shard, if the file is still that file."""
        signature = _file_signature(self.path)
        size, mtime = recorded.get("bytes"), recorded.get("mtime_ns")
        if signature is None or (size, mtime) != signature[1:]:
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
    def storage(self) -> SharedJSONStorage:
        """The shard's TinyDB storage, opened (and the file read) on first use."""
        if self._db is None:
            self._db = TinyDB(
                self.path, lock_path=self.lock_path, create=True, storage=SharedJSONStorage
            )
        return self._db.storage  # type: ignore[return-value]

    @property
    def mentions(self) -> list[Mention]:
        """The shard's mentions, newest published first (decoded now if they were not)."""
        if self._mentions is None:
            data = self._read()
            decoded = self.quarantine.decode(
                self.path, "mentions", data.get("mentions", {}), records.mention_from_doc
            )
            decoded.sort(key=lambda m: (m.published, m.id), reverse=True)
            self._mentions = decoded
            self._rest()
        return self._mentions

    @property
    def decoded(self) -> bool:
        """True when its mentions are in memory."""
        return self._mentions is not None

    @property
    def signature(self) -> tuple[int, int, int] | None:
        """The file this shard's facts were read from (inode, size, mtime)."""
        return self._signature

    def load(self) -> list[Mention]:
        """``Segment.load``: the history decodes a shard through this."""
        return self.mentions

    def refresh(self) -> bool:
        """Re-read the shard if its file changed since it was read or recorded; True if so.

        A changed file is decoded now, so a damaged document in it is set aside and reported
        at once; only a shard still exactly as the main file recorded it waits to be read.
        """
        if self._signature is not None and _file_signature(self.path) == self._signature:
            return False
        self._read()
        self._mentions = None
        _ = self.mentions
        return True

    def _read(self) -> dict[str, Any]:
        """Read the file (checked), and learn its count, checksum and span of times."""
        storage = self.storage
        data = storage.read() or {}
        check_mark(self.path, data, "mentions", allow_empty=True)
        docs = data.get("mentions", {})
        self.count = len(docs)
        self.digest = ids_digest(docs)
        self.oldest, self.newest = _published_span(docs)
        self._signature = _file_signature(self.path)
        return data

    def _rest(self) -> None:
        """Close the file between reads: its parsed JSON is the largest thing it holds."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def close(self) -> None:
        self._rest()


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
        self._shards: list[_Shard] = []
        self._seen: set[str] | None = None
        self._newest_first: MentionHistory | None = None

    def close(self) -> None:
        """Release the files."""
        for shard in self._shards:
            shard.close()
        self._shards = []

    def sync(self) -> bool:
        """Open shards other processes created and re-read changed ones; True if any changed."""
        known = {shard.path for shard in self._shards}
        paths = [path for path in shard_paths(self.main) if path not in known]
        records_by_name: dict[str, Mapping[str, Any]] = {}
        if paths and self._recorded is not None:
            records_by_name = {
                str(entry.get("name")): entry
                for entry in self._recorded()
                if isinstance(entry, Mapping)
            }
        for path in paths:
            shard = _Shard(path, self.lock_path, self.quarantine, records_by_name.get(path.name))
            self._shards.append(shard)
        changed = bool(paths)
        for shard in self._shards:
            if shard.refresh():
                changed = True
        if changed:
            self._seen = None  # rebuilt when next needed: a dashboard that only reads never pays
            self._newest_first = None
        return changed

    def manifest(self) -> list[dict[str, Any]]:
        """What the main file records of the shards: name, mention count, checksum of the ids;
        and, so that a reader need not open a shard until its mentions are wanted, the file it
        was (size, time) and the span of its published times."""
        entries = []
        for shard in self._shards:
            signature = _file_signature(shard.path)
            entry: dict[str, Any] = {
                "name": shard.path.name,
                "count": shard.count,
                "docs_sha256": shard.digest,
                "oldest": records.iso(shard.oldest),
                "newest": records.iso(shard.newest),
            }
            if signature is not None and signature == shard.signature:
                entry["bytes"], entry["mtime_ns"] = signature[1], signature[2]
            entries.append(entry)
        return entries

    def verify(self, manifest: Iterable[Mapping[str, Any]]) -> None:
        """Refuse a family whose shards are missing or hold fewer (or other) mentions than the
        main file recorded; a shard holding *more* is a poll whose record is still to come.

        Raises:
            MissingShardError: naming the shard and the mentions it held.
        """
        by_name = {shard.path.name: shard for shard in self._shards}
        for entry in manifest:
            name, count = entry.get("name"), entry.get("count")
            if not isinstance(name, str) or not isinstance(count, int) or "/" in name:
                continue  # a hand-damaged record cannot vouch for anything; the shards decide
            shard = by_name.get(name)
            where = self.main.with_name(name)
            if shard is None or not where.exists():
                raise MissingShardError(
                    f"{where}: this mention shard is missing; it held {count:,} mentions "
                    f"(recorded in {self.main.name}). Restore it from a backup: nothing was "
                    "changed, and warroom will not carry on without them"
                )
            if shard.count < count or (
                shard.count == count and shard.digest != entry.get("docs_sha256")
            ):
                raise MissingShardError(
                    f"{where}: holds {shard.count:,} mentions, not the {count:,} recorded in "
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

    def _seen_keys(self) -> set[str]:
        """Every dedup key of every stored mention (built once, then kept up to date)."""
        if self._seen is None:
            self._seen = {
                key for shard in self._shards for m in shard.mentions for key in dedup_keys(m)
            }
        return self._seen

    def add_new(self, mentions: Iterable[Mention]) -> list[Mention]:
        """Store the mentions not stored yet, in one write per shard touched."""
        with self._family_lock():
            fresh = merge_new(self._seen_keys(), mentions)
            remaining = list(fresh)
            while remaining:
                shard = self._writable_shard()
                room = SHARD_CAPACITY - shard.count
                batch, remaining = remaining[:room], remaining[room:]
                with shard.storage.transaction():
                    if not (shard.storage.read() or {}).get("meta"):
                        Table(shard.storage, "meta", cache_size=0).insert(meta_document("mentions"))
                    Table(shard.storage, "mentions", cache_size=0).insert_multiple(
                        records.mention_to_doc(m) for m in batch
                    )
                shard.refresh()
            if fresh:
                self._newest_first = None
        return fresh

    @contextmanager
    def _family_lock(self) -> Iterator[None]:
        """Hold the family lock while deduplicating against everything on disk."""
        with hold_lock(self.lock_path):
            self.sync()
            yield

    def _writable_shard(self) -> _Shard:
        if not self._shards or self._shards[-1].count >= SHARD_CAPACITY:
            number = len(self._shards) + 1
            if self._shards:
                match = _SHARD_NAME.search(self._shards[-1].path.name)
                number = int(match.group(1)) + 1 if match else number
            self._shards.append(
                _Shard(shard_path(self.main, number), self.lock_path, self.quarantine)
            )
        return self._shards[-1]
