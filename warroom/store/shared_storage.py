"""A TinyDB storage that several processes can share safely: atomic writes under a file lock.

TinyDB's stock ``JSONStorage`` rewrites the file in place (a crash leaves half a file), lets two
processes overwrite each other, follows planted symlinks and blocks forever on a FIFO
(``shared/TRAPS.md``). warroom's incident file is opened by several operators on one jump host
and by a cron poller at once, so this storage:

- keeps the data in memory and checks, with one ``lstat``, whether another process replaced the
  file since this one last saw it (inode, size, mtime, ctime); if so it reloads;
- writes by ``orjson.dumps`` -> temporary file beside the target -> ``fsync`` -> ``os.replace`` ->
  ``fsync`` of the folder, so a reader or a crash only ever sees the old file or the new one;
- takes an exclusive ``flock`` on a lock file around every read-modify-write, via
  ``transaction()``, which also batches: one disk write at the end, however many changes;
- refuses a file it cannot read (and never writes to it, then or later) and any path that is not
  a regular file.

The file we last read or wrote is kept open: while its inode is pinned the kernel cannot reuse
its number for a later file, so "same inode, size and times" really means "same file".
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
import threading
from collections.abc import Iterator
from typing import Any

from tinydb.storages import Storage

try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency; this keeps a bare stdlib working
    _orjson = None  # type: ignore[assignment]

from warroom.store.errors import (
    DamagedStoreError,
    ReadOnlyStoreError,
    StoreConflictError,
    StoreError,
    UnsafePathError,
)

__all__ = [
    "SharedJSONStorage",
    "hold_lock",
    "max_read_bytes",
    "is_read_only",
    "MAX_DB_ENV",
    "write_all",
    "fsync_dir",
]

MAX_DB_ENV = "WARROOM_MAX_DB_MB"
"""Environment variable raising (or lowering) the read limit, in MiB."""

DEFAULT_MAX_DB_MB = 512
"""A database file larger than this is refused before it is read (README, "Limits").

The benchmark's 10,000 mentions take under 10 MB across their shards; a file of gigabytes is
a mistake or an attack, and reading it whole would take the memory of the jump host.
"""


def max_read_bytes() -> int:
    """The read limit in bytes: ``WARROOM_MAX_DB_MB`` if set to a whole number, else 512 MiB."""
    raw = os.environ.get(MAX_DB_ENV, "").strip()
    megabytes = int(raw) if raw.isdigit() and 0 < len(raw) <= 7 else DEFAULT_MAX_DB_MB
    return max(megabytes, 1) * 1024 * 1024


def is_read_only(st: os.stat_result, path: str) -> bool:
    """True when the file may not be written: no write permission for us, or no write bit at
    all (a ``chmod 444`` is honoured even by root, who could otherwise replace it by rename)."""
    return not (st.st_mode & 0o222) or not os.access(path, os.W_OK)


Data = dict[str, dict[str, Any]]
# (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns, file type bits)
_Signature = tuple[int, int, int, int, int, int]

# O_NONBLOCK: opening a FIFO must never wait for a writer; O_NOFOLLOW: never through a symlink.
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_TMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_LOCK_FLAGS = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_UNTOUCHED = "the file was left untouched"


def _kind(st: os.stat_result) -> str:
    """Name what a non-regular path is, for the operator."""
    mode = st.st_mode
    for test, name in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _json_kind(value: object) -> str:
    """Name a decoded JSON value's type the way JSON does."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


def _short(name: str) -> str:
    """A table or document name from an untrusted file, made safe and short for a message."""
    text = repr(name)
    return text if len(text) <= 60 else text[:57] + "..."


def _loads(text: str) -> Any:
    """Parse JSON text: orjson when installed (a dependency: opening 10,000 mentions takes a
    quarter of the time), else the standard library. orjson's errors are ``json.JSONDecodeError``
    too, with the same line and column, so the refusal messages do not change."""
    if _orjson is not None:
        return _orjson.loads(text)
    return json.loads(text)


def _dumps(data: Data) -> bytes:
    """Serialise for writing: orjson when installed (at 100k calls the standard library's dump
    was most of a keypress, issue 16), else the standard library, compact, UTF-8 either way.

    Both refuse what JSON cannot hold (a set, an object, a lone surrogate) with a ``TypeError``
    or ``ValueError``; orjson also refuses integers beyond 64 bits, so those fall back to the
    standard library. One difference is orjson's documented choice: NaN and infinities are
    written as ``null`` where the standard library refused them; nothing warroom stores is a
    float from outside (the incident file's loader refuses non-finite numbers).
    """
    if _orjson is not None:
        try:
            return _orjson.dumps(data)
        except _orjson.JSONEncodeError as exc:
            if "Integer exceeds 64-bit range" not in str(exc):
                raise
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _decode(path: str, raw: bytes) -> Data:
    """Parse and check TinyDB's layout, {table: {doc_id: document}}, or raise DamagedStoreError."""
    if not raw.strip():
        raise DamagedStoreError(f"{path}: the file is empty; {_UNTOUCHED}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DamagedStoreError(
            f"{path}: not UTF-8 text (undecodable byte at offset {exc.start}); {_UNTOUCHED}"
        ) from None
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise DamagedStoreError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
            f"{_UNTOUCHED}"
        ) from None
    except RecursionError:
        raise DamagedStoreError(f"{path}: JSON nested too deeply; {_UNTOUCHED}") from None
    if not isinstance(data, dict):
        raise DamagedStoreError(
            f"{path}: the top level is a JSON {_json_kind(data)}, not an object of tables; "
            f"{_UNTOUCHED}"
        )
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DamagedStoreError(
                f"{path}: table {_short(name)} is a JSON {_json_kind(table)}, not an object of "
                f"documents; {_UNTOUCHED}"
            )
        # The common case costs one pass of C-level type checks; only a bad file pays the search.
        if not all(type(doc) is dict for doc in table.values()):
            doc_id, doc = next((k, v) for k, v in table.items() if not isinstance(v, dict))
            raise DamagedStoreError(
                f"{path}: document {_short(doc_id)} of table {_short(name)} is a JSON "
                f"{_json_kind(doc)}, not an object; {_UNTOUCHED}"
            )
    return data


def _signature(st: os.stat_result) -> _Signature:
    """What we compare to see that the file changed: cheap, exact while the inode is pinned."""
    return (
        st.st_dev,
        st.st_ino,
        st.st_size,
        st.st_mtime_ns,
        st.st_ctime_ns,
        stat.S_IFMT(st.st_mode),
    )


def _read_all(fd: int, limit: int) -> bytes:
    """Read a regular file from its start to EOF, at most ``limit`` bytes (it may be growing)."""
    with open(fd, "rb", closefd=False) as f:
        return f.read(limit + 1)


def write_all(fd: int, payload: bytes) -> None:
    """Write every byte: os.write may write less than asked."""
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def fsync_dir(path: str) -> None:
    """Make the rename itself durable: without this a power cut can bring the old name back."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class _FileLock:
    """One exclusive flock per lock file per process, shared by every storage that names it.

    flock locks belong to an open file description: two descriptors of the same lock file in one
    process would block each other, so nested transactions of sibling storages (shards sharing
    one lock) would deadlock. Sharing one descriptor, with a depth count and a thread lock, makes
    the lock re-entrant across storages and exclusive across threads and processes.
    """

    def __init__(self, path: str, fd: int, key: tuple[int, int]) -> None:
        self.path = path
        self.fd = fd
        self.key = key
        self.users = 0
        self.depth = 0
        self.mutex = threading.RLock()
        self.pid = os.getpid()

    def acquire(self) -> None:
        """Take the lock (blocking), re-entrantly."""
        self.mutex.acquire()
        try:
            if self.depth == 0:
                fcntl.flock(self.fd, fcntl.LOCK_EX)
                self._check_still_ours()
        except BaseException:
            self.mutex.release()
            raise
        self.depth += 1

    def release(self) -> None:
        """Give the lock back; the flock is dropped when the outermost holder leaves."""
        self.depth -= 1
        try:
            if self.depth == 0:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
        finally:
            self.mutex.release()

    def _check_still_ours(self) -> None:
        """A lock file deleted and recreated under us would let two writers in at once."""
        try:
            st = os.lstat(self.path)
        except FileNotFoundError:
            st = None
        if st is None or (st.st_dev, st.st_ino) != self.key:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            raise StoreError(
                f"{self.path}: the lock file was removed or replaced while in use; "
                "restart warroom (and do not delete *.lock files while it runs)"
            )


_registry_mutex = threading.Lock()
_registry: dict[tuple[int, int], _FileLock] = {}
# Bumped in every forked child, so a storage inherited through fork can notice cheaply.
_fork_epoch = 0


def _open_lock(path: str) -> _FileLock:
    """Open (creating if needed) the lock file and return this process's shared lock for it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _LOCK_FLAGS, 0o666)
    except PermissionError:
        # flock works on a read-only descriptor: an operator who may not write the lock file
        # (another operator created it) can still take the lock.
        fd = _open_lock_readonly(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePathError(
                f"{path}: the lock file is a symbolic link; refusing it"
            ) from None
        raise StoreError(f"{path}: cannot open the lock file ({exc.strerror})") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise UnsafePathError(f"{path}: the lock file is {_kind(st)}; refusing it")
    key = (st.st_dev, st.st_ino)
    with _registry_mutex:
        lock = _registry.get(key)
        if lock is None:
            lock = _registry[key] = _FileLock(path, fd, key)
        else:
            os.close(fd)
        lock.users += 1
        return lock


def _open_lock_readonly(path: str) -> int:
    """Second try at opening the lock file, without write access."""
    try:
        return os.open(path, os.O_RDONLY | _LOCK_FLAGS)
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the lock file ({exc.strerror})") from None


def _close_lock(lock: _FileLock) -> None:
    """Drop one storage's use of a shared lock; the last user closes the descriptor."""
    if lock.pid != os.getpid():
        return  # inherited through fork and already forgotten by _forget_inherited_locks
    with _registry_mutex:
        lock.users -= 1
        if lock.users == 0:
            _registry.pop(lock.key, None)
            os.close(lock.fd)


def _forget_inherited_locks() -> None:
    """In a forked child, stop using the parent's lock descriptors.

    A child shares the parent's open file descriptions, and flock belongs to those: the child
    would "hold" every lock the parent holds and walk straight into its transaction. The child
    reopens lock files on first use instead (closing its copies leaves the parent's locks alone).
    """
    global _registry_mutex, _fork_epoch
    _registry_mutex = threading.Lock()
    _fork_epoch += 1
    for lock in _registry.values():
        with contextlib.suppress(OSError):
            os.close(lock.fd)
    _registry.clear()


os.register_at_fork(after_in_child=_forget_inherited_locks)


@contextlib.contextmanager
def hold_lock(lock_path: str | os.PathLike[str]) -> Iterator[None]:
    """Hold a family's lock file without a storage, e.g. to decide which shard to write.

    It is the same process-wide lock the storages use, so their transactions inside this block
    re-enter it instead of deadlocking.
    """
    lock = _open_lock(os.path.abspath(os.fspath(lock_path)))
    try:
        lock.acquire()
        try:
            yield
        finally:
            lock.release()
    finally:
        _close_lock(lock)


class SharedJSONStorage(Storage):
    """TinyDB storage for a JSON file shared by several processes.

    Use as ``TinyDB(path, storage=SharedJSONStorage)``; TinyDB passes its other arguments on
    (``TinyDB(path, lock_path=..., storage=SharedJSONStorage)``). Every read-modify-write that
    must not lose another process's change goes inside ``with storage.transaction():``, with
    ``tinydb.table.Table(storage, name, cache_size=0)`` objects made inside it (a Table caches
    its next id and query results, which another process may have made stale).

    Not thread-safe, like TinyDB itself: give each storage one owner thread.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        lock_path: str | os.PathLike[str] | None = None,
        create: bool = True,
    ) -> None:
        """Open ``path`` (reading it now if it exists) without writing anything.

        Args:
            path: the database file. Its folder must exist. Nothing is created until the first
                write, so opening a wrong path by mistake leaves no litter.
            lock_path: the lock file; default ``<path>.lock``. Storages that must change together
                (the shards of one family) pass the same one.
            create: if False, a missing file is an error instead of a new, empty database.

        Raises:
            UnsafePathError: the path is a symlink, FIFO, directory or device.
            DamagedStoreError: the file exists but is not a TinyDB JSON file.
            StoreError: the folder or (with create=False) the file does not exist.
        """
        super().__init__()
        self._path = os.path.abspath(os.fspath(path))
        self._lock_path = (
            os.path.abspath(os.fspath(lock_path)) if lock_path is not None else self._path + ".lock"
        )
        self._dir = os.path.dirname(self._path)
        self._tmp_path = os.path.join(self._dir, f".{os.path.basename(self._path)}.tmp")
        self._data: Data | None = None
        self._sig: _Signature | None = None
        self._pin_fd: int | None = None
        self._stale = False
        self._dirty = False
        self._depth = 0
        self._generation = 0
        self._refused: StoreError | None = None
        self._closed = False
        self._lock: _FileLock | None = None
        self._epoch = _fork_epoch
        if not os.path.isdir(self._dir):
            raise StoreError(f"{self._path}: the folder {self._dir} does not exist")
        try:
            st = os.lstat(self._path)
        except FileNotFoundError:
            st = None
        if st is None:
            if not create:
                raise StoreError(f"{self._path}: no such database")
        else:
            if not stat.S_ISREG(st.st_mode):
                raise UnsafePathError(f"{self._path}: is {_kind(st)}; refusing to open it")
            self._load()

    # ------------------------------------------------------------------ public API
    @property
    def path(self) -> str:
        """The absolute path of the database file."""
        return self._path

    @property
    def lock_path(self) -> str:
        """The absolute path of the lock file (shared by a family of storages)."""
        return self._lock_path

    @property
    def signature(self) -> tuple[int, int, int, int] | None:
        """(device, inode, size, mtime) of the file as last read or written; None before any.

        What a cache of this file's contents (a shard's key index) names it by.
        """
        return None if self._sig is None else self._sig[:4]

    @property
    def generation(self) -> int:
        """Grows each time the in-memory data changes (reload or write): rebuild derived state."""
        return self._generation

    def read(self) -> Data | None:
        """Return the data, reloading first if another process changed the file.

        The dict is this storage's own copy (no copy is made: at 50k documents a deep copy costs
        more than the write); TinyDB may mutate it and pass it to ``write``. If a write fails or
        a transaction raises, the copy is thrown away and the next read reloads the disk state.
        Inside a transaction no stat is needed: the lock keeps other writers out.
        """
        self._check_usable()
        if self._stale or (self._depth == 0 and self._current_signature() != self._sig):
            self._refresh()
        return self._data

    def write(self, data: Data) -> None:
        """Save ``data``: at the end of the transaction if one is open, else now, under the lock.

        Raises:
            StoreConflictError: (outside a transaction) another process changed the file since
                this one read it; nothing was written and the data was reloaded from disk.
            StoreError: the write failed; the file on disk is as it was.
        """
        self._check_usable()
        if self._depth:
            self._data = data
            self._dirty = True
            self._generation += 1
            return
        lock = self._get_lock()
        lock.acquire()
        try:
            if self._stale or self._current_signature() != self._sig:
                self._refresh()
                raise StoreConflictError(
                    f"{self._path}: another process changed the file since it was read; "
                    "nothing was saved (the change must be redone, inside a transaction)"
                )
            self._commit(data)
        finally:
            lock.release()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Hold the exclusive lock, start from the disk state, and save once at the end.

        Re-entrant: a nested transaction (of this storage, or of a sibling sharing the lock
        file) is part of the outer one. If the block raises, nothing is written and the
        in-memory data is thrown away, to be reloaded from disk on the next read.
        """
        self._check_usable()
        lock = self._get_lock()
        lock.acquire()
        self._depth += 1
        completed = False
        try:
            if self._stale or (self._depth == 1 and self._current_signature() != self._sig):
                self._refresh()
            yield
            completed = True
        finally:
            self._depth -= 1
            try:
                if not completed:
                    self._discard()
                elif self._depth == 0 and self._dirty:
                    self._commit(self._data if self._data is not None else {})
            finally:
                lock.release()

    def changed_on_disk(self) -> bool:
        """True if the file appeared, vanished or was replaced since this process last saw it."""
        return self._current_signature() != self._sig

    def reload(self) -> None:
        """Read the file again now, dropping any unsaved change."""
        self._check_usable()
        self._refresh()

    def close(self) -> None:
        """Release the pinned file and the lock file; the storage cannot be used afterwards."""
        if self._closed:
            return
        if self._depth:
            raise StoreError(f"{self._path}: cannot close the store inside a transaction")
        self._closed = True
        self._set_pin(None)
        self._data = None
        if self._lock is not None:
            _close_lock(self._lock)
            self._lock = None

    # ------------------------------------------------------------------ internals
    def _check_usable(self) -> None:
        if self._epoch != _fork_epoch:
            self._adopt_after_fork()
        if self._closed:
            raise StoreError(f"{self._path}: the store was closed")
        if self._refused is not None:
            # A fresh exception each time: re-raising one instance would pile up tracebacks.
            raise type(self._refused)(str(self._refused))

    def _adopt_after_fork(self) -> None:
        """In a forked child: the parent's open transaction and unsaved changes are not ours."""
        self._epoch = _fork_epoch
        self._depth = 0
        self._lock = None
        self._discard()

    def _get_lock(self) -> _FileLock:
        if self._lock is None or self._lock.pid != os.getpid():
            self._lock = _open_lock(self._lock_path)
        return self._lock

    def _current_signature(self) -> _Signature | None:
        try:
            return _signature(os.lstat(self._path))
        except FileNotFoundError:
            return None

    def _set_pin(self, fd: int | None) -> None:
        old, self._pin_fd = self._pin_fd, fd
        if old is not None:
            os.close(old)

    def _discard(self) -> None:
        """Forget the in-memory data (it may be half-changed); the next read reloads it."""
        self._dirty = False
        self._stale = True
        self._data = None

    def _refresh(self) -> None:
        """Reload from disk; a damaged or unsafe file makes this storage refuse from now on."""
        self._dirty = False
        try:
            self._load()
        except (DamagedStoreError, UnsafePathError) as exc:
            self._refused = exc
            self._discard()
            raise

    def _load(self) -> None:
        """Read, decode and check the file; on success it becomes the in-memory data."""
        try:
            fd = os.open(self._path, _READ_FLAGS)
        except FileNotFoundError:
            if self._sig is not None:
                self._discard()
                raise StoreError(
                    f"{self._path}: the database file disappeared while in use; "
                    "it will not be recreated empty (restore it, then restart warroom)"
                ) from None
            self._data, self._stale = None, False
            self._generation += 1
            return
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafePathError(
                    f"{self._path}: is a symbolic link; refusing to open it"
                ) from None
            raise StoreError(f"{self._path}: cannot open ({exc.strerror})") from None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise UnsafePathError(f"{self._path}: is {_kind(st)}; refusing to open it")
            limit = max_read_bytes()
            if st.st_size > limit:  # checked again after reading: the file may be growing
                raise StoreError(
                    f"{self._path}: is {st.st_size / 2**20:,.0f} MiB, over the read limit of "
                    f"{limit // 2**20:,} MiB; {_UNTOUCHED} (raise it with {MAX_DB_ENV}=N)"
                )
            try:
                raw = _read_all(fd, limit)
            except OSError as exc:
                raise StoreError(f"{self._path}: cannot read ({exc.strerror})") from None
            if len(raw) > limit:
                raise StoreError(
                    f"{self._path}: grew past the read limit of {limit // 2**20:,} MiB while "
                    f"being read; {_UNTOUCHED} (raise it with {MAX_DB_ENV}=N)"
                )
            data = _decode(self._path, raw)
        except BaseException:
            os.close(fd)
            raise
        self._set_pin(fd)
        self._sig = _signature(st)
        self._data = data
        self._stale = False
        self._generation += 1

    def _commit(self, data: Data) -> None:
        """Write atomically (lock held); on failure the disk is unchanged and memory is dropped."""
        try:
            self._write_file(data)
        except BaseException:
            self._discard()
            raise
        self._data = data
        self._dirty = False
        self._stale = False
        self._generation += 1

    def _write_file(self, data: Data) -> None:
        try:
            payload = _dumps(data)
        except (TypeError, ValueError, RecursionError) as exc:
            raise StoreError(
                f"{self._path}: could not save ({exc}); the file on disk was left as it was"
            ) from exc
        try:
            existing: os.stat_result | None = os.lstat(self._path)
        except FileNotFoundError:
            existing = None
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            raise UnsafePathError(f"{self._path}: is {_kind(existing)}; refusing to replace it")
        if existing is not None and is_read_only(existing, self._path):
            raise ReadOnlyStoreError(
                f"{self._path}: is read-only (mode {stat.S_IMODE(existing.st_mode):04o}); "
                "nothing was changed (make it writable to record changes)"
            )
        # A stale temporary file is left by a writer killed mid-save; we hold the lock, so no
        # live writer owns it. Unlink (never open) whatever is there: it may be a planted link.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._tmp_path)
        try:
            fd = os.open(self._tmp_path, _TMP_FLAGS, 0o666 if existing is None else 0o600)
        except OSError as exc:
            raise StoreError(
                f"{self._path}: could not save ({exc.strerror} creating {self._tmp_path}); "
                "the file on disk was left as it was"
            ) from None
        replaced = False
        try:
            if existing is not None:
                self._copy_permissions(fd, existing)
            write_all(fd, payload)
            os.fsync(fd)
            os.replace(self._tmp_path, self._path)
            replaced = True
            fsync_dir(self._dir)
            st = os.fstat(fd)
        except OSError as exc:
            os.close(fd)
            if not replaced:
                with contextlib.suppress(OSError):
                    os.unlink(self._tmp_path)
                raise StoreError(
                    f"{self._path}: could not save ({exc.strerror}); "
                    "the file on disk was left as it was"
                ) from exc
            raise StoreError(
                f"{self._path}: saved, but could not flush the folder ({exc.strerror}); "
                "a power cut now could lose the change"
            ) from exc
        except BaseException:
            os.close(fd)
            if not replaced:
                with contextlib.suppress(OSError):
                    os.unlink(self._tmp_path)
            raise
        self._set_pin(fd)
        self._sig = _signature(st)

    @staticmethod
    def _copy_permissions(fd: int, existing: os.stat_result) -> None:
        """Keep the file's mode and group, so the other operators can still open it."""
        os.fchmod(fd, stat.S_IMODE(existing.st_mode))
        uid = existing.st_uid if os.geteuid() == 0 else -1
        # A non-root user may give the file to any group they belong to; if they cannot, the
        # file keeps their own group and the mode still says what others may do.
        with contextlib.suppress(PermissionError):
            os.fchown(fd, uid, existing.st_gid)
