"""The mentions of one database, kept in shard files beside its main file.

``warroom.mentions.0001.json``, ``…0002.json``: at most ``SHARD_CAPACITY`` mentions each, so
saving a poll rewrites one small file, and an operator's tick (in the main file) never pays for
the mentions. One family lock is held while new mentions are checked against everything on disk
and written, so two pollers never store the same mention twice.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

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


def ids_digest(docs: Mapping[str, Any]) -> str:
    """A checksum of which documents a shard holds: SHA-256 of its sorted document numbers.

    Numbers, not contents: a dropped or replaced document changes it, while a document whose
    fields were damaged keeps it, and is set aside on its own (``Quarantine``) rather than
    making the whole shard refused.
    """
    return hashlib.sha256("\n".join(sorted(docs)).encode()).hexdigest()[:32]


class _Shard:
    """One shard file and what this process decoded from it the last time it read it."""

    def __init__(self, path: Path, lock_path: Path, quarantine: Quarantine) -> None:
        self.path = path
        self.quarantine = quarantine
        self.db = TinyDB(path, lock_path=lock_path, create=True, storage=SharedJSONStorage)
        self.storage: SharedJSONStorage = self.db.storage  # type: ignore[assignment]
        self.seen_generation = -1
        self.mentions: list[Mention] = []
        self.count = 0
        """Documents in the file (the mentions plus any set aside)."""
        self.digest = ids_digest({})

    def refresh(self) -> bool:
        """Decode this shard's mentions again if its data changed; True when it did."""
        data = self.storage.read() or {}
        if self.storage.generation == self.seen_generation:
            return False
        check_mark(self.path, data, "mentions", allow_empty=True)
        docs = data.get("mentions", {})
        self.count = len(docs)
        self.digest = ids_digest(docs)
        self.mentions = self.quarantine.decode(
            self.path, "mentions", docs, records.mention_from_doc
        )
        self.seen_generation = self.storage.generation
        return True

    def close(self) -> None:
        self.db.close()


class MentionShards:
    """Every shard of one database, read as one newest-first list."""

    def __init__(self, main: Path, quarantine: Quarantine | None = None) -> None:
        self.main = main
        self.quarantine = quarantine or Quarantine()
        self.lock_path = main.with_name(f"{main.stem}.mentions.lock")
        self._shards: list[_Shard] = []
        self._seen: set[str] | None = None
        self._newest_first: tuple[Mention, ...] | None = None

    def close(self) -> None:
        """Release the files."""
        for shard in self._shards:
            shard.close()
        self._shards = []

    def sync(self) -> bool:
        """Open shards other processes created and re-read changed ones; True if any changed."""
        known = {shard.path for shard in self._shards}
        for path in shard_paths(self.main):
            if path not in known:
                self._shards.append(_Shard(path, self.lock_path, self.quarantine))
        changed = False
        for shard in self._shards:
            if shard.refresh():
                changed = True
        if changed:
            self._seen = None  # rebuilt when next needed: a dashboard that only reads never pays
            self._newest_first = None
        return changed

    def manifest(self) -> list[dict[str, Any]]:
        """What the main file records of the shards: name, mention count, checksum of the ids."""
        return [
            {"name": shard.path.name, "count": shard.count, "docs_sha256": shard.digest}
            for shard in self._shards
        ]

    def verify(self, manifest: Iterable[Mapping[str, Any]]) -> None:
        """Refuse a family whose shards are missing or hold fewer (or other) mentions than the
        main file recorded; a shard holding *more* is a poll whose record is still to come.

        Raises:
            MissingShardError: naming the shard and the mentions it held.
        """
        by_name = {shard.path.name: shard for shard in self._shards}
        for entry in manifest:
            name, count = entry.get("name"), entry.get("count")
            if (
                not isinstance(name, str)
                or not isinstance(count, int)
                or not _SHARD_NAME.search(name)
            ):
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

    def newest_first(self) -> tuple[Mention, ...]:
        """All stored mentions, newest published first (kept until a shard changes)."""
        if self._newest_first is None:
            merged = [m for shard in self._shards for m in shard.mentions]
            merged.sort(key=lambda m: (m.published, m.id), reverse=True)
            self._newest_first = tuple(merged)
        return self._newest_first

    def find(self, mention_id: str) -> Mention | None:
        """The stored mention with this id, if any."""
        self.sync()
        for shard in self._shards:
            for mention in shard.mentions:
                if mention.id == mention_id:
                    return mention
        return None

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
                room = SHARD_CAPACITY - len(shard.mentions)
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
        if not self._shards or len(self._shards[-1].mentions) >= SHARD_CAPACITY:
            number = len(self._shards) + 1
            if self._shards:
                match = _SHARD_NAME.search(self._shards[-1].path.name)
                number = int(match.group(1)) + 1 if match else number
            self._shards.append(
                _Shard(shard_path(self.main, number), self.lock_path, self.quarantine)
            )
        return self._shards[-1]
