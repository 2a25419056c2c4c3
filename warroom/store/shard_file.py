"""A shard file opened on first use and closed between reads: what every shard family shares.

A war room's history is hundreds of shard files; holding each one's parsed JSON open would keep
the whole history in memory, which is what reading on demand avoids. So a shard opens its
TinyDB (under its family's lock file) only when it is read or written, and closes it after.
"""

from __future__ import annotations

from pathlib import Path

from tinydb import TinyDB

from warroom.store.shared_storage import SharedJSONStorage

__all__ = ["ShardFile"]


class ShardFile:
    """The storage of one shard file, opened lazily; ``rest`` closes it until the next use."""

    def __init__(self, path: Path, lock_path: Path) -> None:
        self.path = path
        self.lock_path = lock_path
        self._db: TinyDB | None = None

    @property
    def storage(self) -> SharedJSONStorage:
        """The shard's storage, opened (and the file read) on first use."""
        if self._db is None:
            self._db = TinyDB(
                self.path, lock_path=self.lock_path, create=True, storage=SharedJSONStorage
            )
        return self._db.storage  # type: ignore[return-value]

    def rest(self) -> None:
        """Close the file between reads: its parsed JSON is the largest thing a shard holds."""
        if self._db is not None:
            self._db.close()
            self._db = None
