"""Writer processes for the storage torture tests, run as ``python store_workers.py MODE ...``.

Real, separate interpreters (never forked from pytest): what the jump host really runs is
several independent warroom processes sharing one file.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tinydb.table import Table  # noqa: E402

from warroom.store.errors import StoreConflictError, StoreError  # noqa: E402
from warroom.store.shared_storage import SharedJSONStorage  # noqa: E402


def sha(text: str) -> str:
    """Checksum stored beside each payload, so a torn or mixed document is detectable."""
    return hashlib.sha256(text.encode()).hexdigest()


def wait_for_go() -> None:
    """Say we are ready, then wait for the parent's go, so writers really start together."""
    print("ready", flush=True)
    sys.stdin.readline()


def insert_in_transactions(path: str, label: str, count: int) -> None:
    """Each change: one transaction, one insert into a fresh, uncached Table."""
    storage = SharedJSONStorage(path)
    wait_for_go()
    for i in range(count):
        with storage.transaction():
            Table(storage, "t", cache_size=0).insert({"writer": label, "i": i})
    storage.close()


def insert_without_transaction(path: str, label: str, count: int) -> None:
    """Plain read-then-write: a race must fail loudly, never lose a change; a retry succeeds.

    The race shows up as StoreConflictError (changed between TinyDB's read and its write) or as
    TinyDB's own "Document with ID n already exists" (changed between its two reads).
    """
    storage = SharedJSONStorage(path)
    wait_for_go()
    conflicts = 0
    for i in range(count):
        while True:
            try:
                Table(storage, "t", cache_size=0).insert({"writer": label, "i": i})
                break
            except (StoreConflictError, ValueError):
                conflicts += 1
    storage.close()
    print(f"conflicts {conflicts}", flush=True)


def torture(path: str, seed: int) -> None:
    """Loop transactions of a few KB to a few hundred KB until killed.

    Each transaction appends one small ``log`` document (seq = count) and replaces the one
    ``blob`` document by a new payload carrying the same seq and its checksum: after any kill
    the file must hold log 1..N and the blob of transaction N, whole.
    """
    storage = SharedJSONStorage(path)
    rng = random.Random(seed)
    print("ready", flush=True)
    while True:
        with storage.transaction():
            log = Table(storage, "log", cache_size=0)
            seq = len(log) + 1
            payload = rng.randbytes(rng.randint(1_000, 150_000)).hex()
            blob = Table(storage, "blob", cache_size=0)
            blob.truncate()
            blob.insert({"seq": seq, "payload": payload, "sha": sha(payload)})
            log.insert({"seq": seq, "sha": sha(str(seq))})


def write_json(path: str, table: str, document: str) -> None:
    """One insert from another process (change detection)."""
    storage = SharedJSONStorage(path)
    with storage.transaction():
        Table(storage, table, cache_size=0).insert(json.loads(document))
    storage.close()


def write_past_file_size_limit(path: str, limit: int, size: int) -> None:
    """Simulate a full disk: RLIMIT_FSIZE makes write() fail with EFBIG part-way, even as root."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    storage = SharedJSONStorage(path)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        with storage.transaction():
            Table(storage, "big", cache_size=0).insert({"payload": "x" * size})
    except StoreError as exc:
        print(f"StoreError: {exc}", flush=True)
        return
    print("no error", flush=True)


def write_after_lock(path: str, lock_path: str) -> None:
    """Report when we asked for the lock, then write once under it."""
    storage = SharedJSONStorage(path, lock_path=lock_path)
    print("ready", flush=True)
    with storage.transaction():
        Table(storage, "t", cache_size=0).insert({"from": "waiter"})
    print("done", flush=True)


def main(argv: list[str]) -> None:
    """Dispatch on the mode name."""
    mode, args = argv[0], argv[1:]
    if mode == "insert":
        insert_in_transactions(args[0], args[1], int(args[2]))
    elif mode == "insert-plain":
        insert_without_transaction(args[0], args[1], int(args[2]))
    elif mode == "torture":
        torture(args[0], int(args[1]))
    elif mode == "write":
        write_json(args[0], args[1], args[2])
    elif mode == "fsize":
        write_past_file_size_limit(args[0], int(args[1]), int(args[2]))
    elif mode == "wait-lock":
        write_after_lock(args[0], args[1])
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
