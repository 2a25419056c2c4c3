"""Errors the store raises, worded for the operator who has to act on them.

Each message names the file and says what is wrong with it, so the CLI can print
``str(error)`` and stop: no traceback is needed to know what to do next.
"""

from __future__ import annotations

from warroom.domain.errors import UserError

__all__ = [
    "StoreError",
    "DamagedStoreError",
    "UnsafePathError",
    "StoreConflictError",
    "ReadOnlyStoreError",
    "MissingShardError",
]


class StoreError(UserError):
    """The database file cannot be used as asked; the message names the file and the problem."""


class DamagedStoreError(StoreError):
    """The file is not a database we can read; it is left exactly as it was found."""


class UnsafePathError(StoreError):
    """The path is a symlink, FIFO, directory or device: following it could write elsewhere."""


class StoreConflictError(StoreError):
    """Another process changed the file between this process's read and its write.

    Only raised for writes made outside ``transaction()``; the in-memory copy has
    been refreshed from disk, so redoing the change (inside a transaction) is safe.
    """


class ReadOnlyStoreError(StoreError):
    """The database file is read-only (no write permission): it is shown, never replaced."""


class MissingShardError(DamagedStoreError):
    """A mention shard the main file lists is missing or does not match what was recorded."""
