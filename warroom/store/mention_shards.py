"""The mentions of one database, kept in shard files beside its main file.

``warroom.mentions.0001.json``, ``…0002.json``: at most ``SHARD_CAPACITY`` mentions each, so
saving a poll rewrites one small file, and an operator's tick (in the main file) never pays for
the mentions. One family lock is held while new mentions are checked against everything on disk
and written, so two pollers never store the same mention twice.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from warroom.domain.mentions import Mention, merge_new
from warroom.store import records
from warroom.store.errors import MissingShardError
from warroom.store.marks import check_mark, meta_document
from warroom.store.mention_keys import KeyIndex, ids_digest, key_hashes
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

    def current(self) -> bool:
        """True when what was decoded is what the file holds now."""
        return self.storage.generation == self.seen_generation and not (
            self.storage.changed_on_disk()
        )

    def close(self) -> None:
        self.db.close()


class MentionShards:
    """Every shard of one database, read as one newest-first list."""

    def __init__(self, main: Path, quarantine: Quarantine | None = None) -> None:
        self.main = main
        self.quarantine = quarantine or Quarantine()
        self.lock_path = main.with_name(f"{main.stem}.mentions.lock")
        self._shards: list[_Shard] = []
        self._keys = KeyIndex(self.quarantine, self.lock_path)
        self._writers: dict[Path, _Shard] = {}
        """Shards opened only to append to (a poll), never decoded; ``sync`` adopts them."""
        self._newest_first: tuple[Mention, ...] | None = None

    def close(self) -> None:
        """Release the files."""
        for shard in [*self._shards, *self._writers.values()]:
            shard.close()
        self._shards = []
        self._writers = {}

    def sync(self) -> bool:
        """Open shards other processes created and re-read changed ones; True if any changed."""
        known = {shard.path for shard in self._shards}
        for path in shard_paths(self.main):
            if path not in known:
                adopted = self._writers.pop(path, None)
                self._shards.append(adopted or _Shard(path, self.lock_path, self.quarantine))
        changed = False
        for shard in self._shards:
            if shard.refresh():
                changed = True
        if changed:
            self._newest_first = None
        return changed

    def manifest(self) -> list[dict[str, Any]]:
        """What the main file records of the shards: name, mention count, checksum of the ids."""
        return [
            {"name": name, "count": count, "docs_sha256": digest}
            for name, (count, digest) in self._facts().items()
        ]

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
            facts = by_name.get(name)
            where = self.main.with_name(name)
            if facts is None or not where.exists():
                raise MissingShardError(
                    f"{where}: this mention shard is missing; it held {count:,} mentions "
                    f"(recorded in {self.main.name}). Restore it from a backup: nothing was "
                    "changed, and warroom will not carry on without them"
                )
            held, digest = facts
            if held < count or (held == count and digest != entry.get("docs_sha256")):
                raise MissingShardError(
                    f"{where}: holds {held:,} mentions, not the {count:,} recorded in "
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
                fresh = merge_new(self._seen_keys(paths), mentions, key_hashes)
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
                    self._keys.wrote(shard.path, docs, (k for m in batch for k in key_hashes(m)))
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
