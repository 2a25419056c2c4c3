"""A compact index of each mention shard's dedup keys, so a poll never decodes stored mentions.

Deduplicating a poll against 300k stored mentions used to decode every shard into objects: a
5,000-feed ``warroom poll --once`` peaked at 1.1 GB. Each shard ``warroom.mentions.0001.json``
now has a sidecar ``warroom.mentions.0001.keys`` holding only what a poll needs of it: the
64-bit hashes of its mentions' dedup keys, its document count and ids checksum (what the main
file's shard record is checked against), and the documents set aside in it.

The index is a cache and the shard decides. It names the shard file it describes by its
signature (device, inode, size, mtime): shards are only ever replaced by rename, so a shard
written since (by an older warroom, by hand, or by a writer killed between the shard and its
index) no longer matches, and its index is built again from the shard, once, then saved. The
index is written like every sidecar (temporary file, rename), under the family lock after the
shard it describes, so a crash leaves either the old index (stale, rebuilt) or the new one.

A hash collision between two different keys (about one in 10^7 at a million stored keys) can
only make a genuinely new mention look already seen; a 64-bit integer is a quarter of the
memory of the key text, which is what keeps a 300k-mention poller small.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warroom.domain.mentions import Mention, dedup_keys
from warroom.store import records
from warroom.store.errors import StoreError
from warroom.store.marks import check_mark
from warroom.store.quarantine import Quarantine
from warroom.store.shared_storage import SharedJSONStorage
from warroom.store.sidecars import read_sidecar, write_sidecar

__all__ = ["KeyIndex", "ShardKeys", "ids_digest", "index_path", "key_hashes"]

INDEX_VERSION = 1
"""Bumped when the index layout or the key hash changes: an index of another version is rebuilt."""

Signature = tuple[int, int, int, int]
"""(st_dev, st_ino, st_size, st_mtime_ns) of a shard file."""


def key_hashes(mention: Mention) -> tuple[int, ...]:
    """The mention's dedup keys (``dedup_keys``), each as a 64-bit hash."""
    return tuple(
        int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
        for key in dedup_keys(mention)
    )


def ids_digest(docs: Mapping[str, Any]) -> str:
    """A checksum of which documents a shard holds: SHA-256 of its sorted document numbers.

    Numbers, not contents: a dropped or replaced document changes it, while a document whose
    fields were damaged keeps it, and is set aside on its own (``Quarantine``) rather than
    making the whole shard refused.
    """
    return hashlib.sha256("\n".join(sorted(docs)).encode()).hexdigest()[:32]


def index_path(shard: Path) -> Path:
    """``warroom.mentions.0001.keys`` for shard ``warroom.mentions.0001.json``.

    Not ``….json``: nothing that looks for the database's files (``warroom*.json``: shards,
    backups, the fuzz tests) may take an index for one of them.
    """
    return shard.with_name(shard.name.removesuffix(".json") + ".keys")


def signature(path: Path) -> Signature | None:
    """The shard file's signature, or None when it is not there."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class ShardKeys:
    """What a poll needs of one shard, without its mentions."""

    path: Path
    signature: Signature | None
    count: int
    """Documents in the file (the mentions plus any set aside)."""
    digest: str
    keys: frozenset[int]
    problems: tuple[str, ...]
    """The quarantine's lines for the documents set aside in this shard."""


class KeyIndex:
    """The key indexes of one family of shards, checked against the shards by one ``lstat`` each."""

    def __init__(self, quarantine: Quarantine, lock_path: Path) -> None:
        self.quarantine = quarantine
        self.lock_path = lock_path
        self._known: dict[Path, ShardKeys] = {}
        self._seen: set[int] | None = None
        self._seen_from: dict[Path, Signature | None] = {}
        """The shards (and their signatures) that ``_seen`` holds the keys of."""

    def summaries(self, paths: Iterable[Path]) -> list[ShardKeys]:
        """One summary per shard, in the order given; loaded or rebuilt only where one changed."""
        found = []
        for path in paths:
            now = signature(path)
            known = self._known.get(path)
            if known is None or known.signature != now or now is None:
                known = self._load(path, now)
                self._known[path] = known
            self.quarantine.note(path, "mentions", known.problems)
            found.append(known)
        return found

    def summary(self, path: Path) -> ShardKeys | None:
        """The last summary of this shard (from ``summaries``, ``seen`` or ``wrote``)."""
        return self._known.get(path)

    def seen(self, paths: Iterable[Path]) -> set[int]:
        """Every key hash of the shards (the set is kept, and grown by ``wrote``)."""
        summaries = self.summaries(paths)
        source = {summary.path: summary.signature for summary in summaries}
        self._known = {path: self._known[path] for path in source}  # shards gone are forgotten
        if self._seen is None or source != self._seen_from:
            self._seen = {key for summary in summaries for key in summary.keys}
            self._seen_from = source
        return self._seen

    def forget_seen(self) -> None:
        """Drop the kept key set (a failed write may have left keys in it); rebuilt on need."""
        self._seen = None

    def wrote(self, path: Path, docs: Mapping[str, Any], added: Iterable[int]) -> None:
        """After a write (family lock held): the shard now holds ``docs``, ``added`` keys more.

        The shard's previous keys are those its index held, checked against the file under the
        same lock hold, so the new index is built without reading a stored mention.
        """
        before = self._known.get(path)
        new_keys = frozenset(added)
        summary = ShardKeys(
            path,
            signature(path),
            len(docs),
            ids_digest(docs),
            (before.keys | new_keys) if before else new_keys,
            before.problems if before else (),
        )
        self._known[path] = summary
        if self._seen is not None and self._seen_from.get(path) == (
            before.signature if before else None
        ):
            self._seen |= new_keys
            self._seen_from[path] = summary.signature
        else:
            self._seen = None  # built again from the indexes when next needed
        _save(summary)

    def _load(self, path: Path, now: Signature | None) -> ShardKeys:
        """The shard's saved index if it still describes the file, else one built from it."""
        saved = _read(path, now)
        if saved is not None:
            return saved
        built = _build(path, self.quarantine, self.lock_path)
        if built.signature is not None:
            _save(built)
        return built


def _read(path: Path, now: Signature | None) -> ShardKeys | None:
    """The saved index, if it is ours, of this version, and for this very shard file."""
    if now is None:
        return None
    document = read_sidecar(index_path(path))
    if document is None or document.get("version") != INDEX_VERSION:
        return None
    saved_sig, count, digest = document.get("shard"), document.get("count"), document.get("digest")
    keys, problems = document.get("keys"), document.get("problems")
    if (
        not isinstance(saved_sig, list)
        or tuple(saved_sig) != now
        or not isinstance(count, int)
        or not isinstance(digest, str)
        or not isinstance(keys, list)
        or not isinstance(problems, list)
        or not all(isinstance(key, int) for key in keys)
        or not all(isinstance(line, str) for line in problems)
    ):
        return None
    return ShardKeys(path, now, count, digest, frozenset(keys), tuple(problems))


def _build(path: Path, quarantine: Quarantine, lock_path: Path) -> ShardKeys:
    """Read the shard once (a shard without an index, or changed since): its keys and counts.

    Raises:
        StoreError: the shard is damaged or not a mention shard (as when it is decoded).
    """
    storage = SharedJSONStorage(path, lock_path=lock_path, create=True)
    try:
        data = storage.read() or {}
        check_mark(path, data, "mentions", allow_empty=True)
        docs = data.get("mentions", {})
        mentions = quarantine.decode(
            path, "mentions", docs, records.mention_from_doc, records.mention_from_written_doc
        )
        keys = frozenset(key for mention in mentions for key in key_hashes(mention))
        return ShardKeys(
            path,
            storage.signature,
            len(docs),
            ids_digest(docs),
            keys,
            quarantine.found(path, "mentions"),
        )
    finally:
        storage.close()


def _save(summary: ShardKeys) -> None:
    """Write the index beside its shard; an index that cannot be written is only rebuilt later."""
    if summary.signature is None:
        return
    document = {
        "version": INDEX_VERSION,
        "shard": list(summary.signature),
        "count": summary.count,
        "digest": summary.digest,
        "problems": list(summary.problems),
        "keys": sorted(summary.keys),
    }
    with contextlib.suppress(StoreError):  # e.g. a read-only folder: rebuilt on next need
        write_sidecar(index_path(summary.path), document, durable=False)
