"""SharedJSONStorage in one process: refusals, atomic saves, transactions, change detection."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.table import Table

from warroom.store.errors import (
    DamagedStoreError,
    StoreConflictError,
    StoreError,
    UnsafePathError,
)
from warroom.store.shared_storage import SharedJSONStorage, hold_lock


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_with_deadline(fn: Callable[[], object], seconds: float = 10) -> object:
    """Run fn in a thread and fail (rather than hang the suite) if it blocks."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed back to the test thread
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "warroom.json"


def insert(storage: SharedJSONStorage, table: str, doc: dict[str, object]) -> None:
    with storage.transaction():
        Table(storage, table, cache_size=0).insert(doc)


# ---------------------------------------------------------------- opening and creating
def test_nothing_written_until_first_write(path: Path) -> None:
    storage = SharedJSONStorage(path)
    assert storage.read() is None
    with storage.transaction():
        pass
    assert sorted(os.listdir(path.parent)) == ["warroom.json.lock"]  # lock only, no database
    insert(storage, "t", {"a": 1})
    assert json.loads(path.read_text()) == {"t": {"1": {"a": 1}}}


def test_tinydb_passes_its_arguments(path: Path, tmp_path: Path) -> None:
    lock = tmp_path / "family.lock"
    db = TinyDB(path, lock_path=lock, storage=SharedJSONStorage)
    db.insert({"a": "é"})
    assert db.storage.lock_path == str(lock)  # type: ignore[attr-defined]
    assert lock.exists()
    assert path.read_bytes() == '{"_default":{"1":{"a":"é"}}}'.encode()
    db.close()
    assert TinyDB(path, storage=SharedJSONStorage).all() == [{"a": "é"}]


def test_create_false_refuses_a_missing_file(path: Path) -> None:
    with pytest.raises(StoreError, match="no such database") as info:
        SharedJSONStorage(path, create=False)
    assert str(path) in str(info.value)
    assert not path.exists()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist") as info:
        SharedJSONStorage(tmp_path / "nope" / "warroom.json")
    assert str(tmp_path / "nope") in str(info.value)


DAMAGED = {
    "truncated": b'{"_default": {"1": {"a": 1}}, "t": {"1": {"b"',
    "garbage": b"\x00\x01garbage\xfe not json at all",
    "empty": b"",
    "whitespace": b"  \n",
    "list": b'[{"a": 1}]',
    "object of non-objects": b'{"_default": 5, "t": []}',
    "document not an object": b'{"_default": {"1": {"a": 1}, "2": "text"}}',
    "invalid utf-8": b'{"_default": {"1": {"a": "caf\xe9"}}}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_damaged_file_is_refused_and_left_untouched(path: Path, content: bytes) -> None:
    path.write_bytes(content)
    before = sha(path)
    with pytest.raises(DamagedStoreError) as info:
        TinyDB(path, storage=SharedJSONStorage)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    assert message.endswith("the file was left untouched")
    assert "\n" not in message
    assert sha(path) == before
    assert os.listdir(path.parent) == ["warroom.json"]  # no temp file, no lock file


def test_damage_after_open_refuses_writes_forever(path: Path) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1})
    path.write_bytes(b"[1, 2")  # someone else's in-place write
    before = sha(path)
    with pytest.raises(DamagedStoreError, match="left untouched"):
        storage.read()
    with pytest.raises(DamagedStoreError):
        storage.write({"t": {"1": {"n": 2}}})
    with pytest.raises(DamagedStoreError), storage.transaction():
        pass
    assert sha(path) == before
    # Even once the file is readable again, this storage stays out: restart to trust it.
    path.write_text('{"t": {}}')
    with pytest.raises(DamagedStoreError):
        insert(storage, "t", {"n": 3})
    assert path.read_text() == '{"t": {}}'


# ---------------------------------------------------------------- unsafe paths
def test_symlink_is_refused_and_target_untouched(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text('{"t": {}}')
    path.symlink_to(target)
    with pytest.raises(UnsafePathError, match="symbolic link"):
        SharedJSONStorage(path)
    assert target.read_text() == '{"t": {}}'


def test_dangling_symlink_is_refused_and_nothing_created(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "victim.json"
    path.symlink_to(target)
    with pytest.raises(UnsafePathError):
        SharedJSONStorage(path)
    assert not target.exists()


def test_fifo_is_refused_without_blocking(path: Path) -> None:
    os.mkfifo(path)
    with pytest.raises(UnsafePathError, match="FIFO"):
        run_with_deadline(lambda: SharedJSONStorage(path))


def test_fifo_planted_after_open_is_refused_without_blocking(path: Path) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1})
    path.unlink()
    os.mkfifo(path)
    assert storage.changed_on_disk()
    with pytest.raises(UnsafePathError):
        run_with_deadline(storage.read)
    with pytest.raises(UnsafePathError):
        run_with_deadline(lambda: insert(storage, "t", {"n": 2}))
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


def test_directory_is_refused(path: Path) -> None:
    path.mkdir()
    with pytest.raises(UnsafePathError, match="directory"):
        SharedJSONStorage(path)


def test_unsafe_lock_paths_are_refused(path: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep")
    link = tmp_path / "link.lock"
    link.symlink_to(victim)
    fifo = tmp_path / "fifo.lock"
    os.mkfifo(fifo)
    for lock in (link, fifo):
        storage = SharedJSONStorage(path, lock_path=lock)
        with pytest.raises(UnsafePathError, match="lock file"):
            run_with_deadline(lambda s=storage: insert(s, "t", {"n": 1}))  # type: ignore[misc]
    assert victim.read_text() == "keep"
    assert not path.exists()


def test_planted_temp_file_link_is_not_written_through(path: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep")
    storage = SharedJSONStorage(path)
    (tmp_path / ".warroom.json.tmp").symlink_to(victim)
    insert(storage, "t", {"n": 1})
    assert victim.read_text() == "keep"
    assert json.loads(path.read_text()) == {"t": {"1": {"n": 1}}}
    assert not (tmp_path / ".warroom.json.tmp").exists()


# ---------------------------------------------------------------- failed writes
@pytest.mark.parametrize("bad", [object(), {1, 2}, "\ud800"], ids=repr)
def test_unserialisable_write_leaves_previous_file(path: Path, bad: object) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1})
    before = sha(path)
    with pytest.raises(StoreError, match="could not save") as info:
        insert(storage, "t", {"n": 2, "bad": bad})
    assert str(path) in str(info.value)
    assert sha(path) == before
    # The half-changed in-memory copy was dropped: we see the disk again, and can go on.
    assert Table(storage, "t", cache_size=0).all() == [{"n": 1}]
    insert(storage, "t", {"n": 3})
    assert [d["n"] for d in Table(storage, "t", cache_size=0).all()] == [1, 3]
    assert not (path.parent / ".warroom.json.tmp").exists()


def test_written_with_orjson_still_plain_json_tinydb_reads(path: Path) -> None:
    """orjson writes the file (issue 16); the standard library and TinyDB read it back, huge
    integers still save (they fall back to the standard library)."""
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1, "text": "é “q” \u2028", "x": 0.5})
    insert(storage, "t", {"big": 2**70})
    assert json.loads(path.read_text("utf-8")) == {
        "t": {"1": {"n": 1, "text": "é “q” \u2028", "x": 0.5}, "2": {"big": 2**70}}
    }
    assert TinyDB(path, storage=SharedJSONStorage).table("t").all()[1]["big"] == 2**70


def test_failed_plain_write_restores_memory(path: Path) -> None:
    db = TinyDB(path, storage=SharedJSONStorage)
    db.insert({"n": 1})
    with pytest.raises(StoreError):
        db.insert({"bad": object()})
    assert db.all() == [{"n": 1}]
    assert json.loads(path.read_text()) == {"_default": {"1": {"n": 1}}}


# ---------------------------------------------------------------- transactions
def test_transaction_batches_into_one_write(path: Path) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 0})
    inode = os.stat(path).st_ino
    with storage.transaction():
        for n in range(1, 50):
            Table(storage, "t", cache_size=0).insert({"n": n})
        with storage.transaction():  # nested: part of the outer one
            Table(storage, "u", cache_size=0).insert({"x": 1})
        assert os.stat(path).st_ino == inode  # nothing on disk yet
        assert len(json.loads(path.read_text())["t"]) == 1
    data = json.loads(path.read_text())
    assert len(data["t"]) == 50 and data["u"] == {"1": {"x": 1}}


def test_exception_in_transaction_writes_nothing_and_restores(path: Path) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1})
    before = sha(path)
    with pytest.raises(RuntimeError), storage.transaction():
        Table(storage, "t", cache_size=0).update({"n": 99})
        Table(storage, "t", cache_size=0).insert({"n": 2})
        raise RuntimeError("operator cancelled")
    assert sha(path) == before
    assert Table(storage, "t", cache_size=0).all() == [{"n": 1}]


def test_sibling_storages_sharing_a_lock_nest_without_deadlock(tmp_path: Path) -> None:
    lock = tmp_path / "warroom.mentions.lock"
    shards = [
        SharedJSONStorage(tmp_path / f"warroom.mentions.{i:04d}.json", lock_path=lock)
        for i in (1, 2)
    ]

    def both() -> None:
        with hold_lock(lock), shards[0].transaction(), shards[1].transaction():
            Table(shards[0], "m", cache_size=0).insert({"shard": 1})
            Table(shards[1], "m", cache_size=0).insert({"shard": 2})

    run_with_deadline(both)
    for i in (1, 2):
        data = json.loads((tmp_path / f"warroom.mentions.{i:04d}.json").read_text())
        assert data == {"m": {"1": {"shard": i}}}


def test_plain_write_after_someone_else_wrote_is_a_conflict(path: Path) -> None:
    a = SharedJSONStorage(path)
    b = SharedJSONStorage(path)
    insert(a, "t", {"by": "a"})
    data = a.read()
    assert data is not None
    insert(b, "t", {"by": "b"})
    data["t"]["2"] = {"by": "a-again"}
    with pytest.raises(StoreConflictError, match="another process"):
        a.write(data)
    assert [d["by"] for d in json.loads(path.read_text())["t"].values()] == ["a", "b"]
    assert [d["by"] for d in Table(a, "t", cache_size=0).all()] == ["a", "b"]


# ---------------------------------------------------------------- change detection
def test_change_detection_and_generation(path: Path, tmp_path: Path) -> None:
    a = SharedJSONStorage(path)
    b = SharedJSONStorage(path)
    assert not b.changed_on_disk()
    insert(a, "t", {"n": 1})
    assert b.changed_on_disk()
    generation = b.generation
    assert Table(b, "t", cache_size=0).all() == [{"n": 1}]
    assert b.generation > generation
    assert not b.changed_on_disk()
    # An update that keeps the file's size is still seen (new inode, new times).
    insert(a, "u", {"x": 1})
    assert Table(b, "u", cache_size=0).all() == [{"x": 1}]
    with a.transaction():
        Table(a, "u", cache_size=0).update({"x": 2})
    assert b.changed_on_disk()
    assert Table(b, "u", cache_size=0).all() == [{"x": 2}]
    generation = b.generation
    assert Table(b, "u", cache_size=0).all() == [{"x": 2}]
    assert b.generation == generation  # no change, no reload


def test_vanished_file_is_reported_not_recreated_empty(path: Path) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1})
    path.unlink()
    assert storage.changed_on_disk()
    with pytest.raises(StoreError, match="disappeared"):
        storage.read()
    with pytest.raises(StoreError, match="disappeared"):
        insert(storage, "t", {"n": 2})
    assert not path.exists()


def test_stale_temp_file_from_a_killed_writer_is_cleaned(path: Path) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1})
    (path.parent / ".warroom.json.tmp").write_text('{"half')
    insert(storage, "t", {"n": 2})
    assert not (path.parent / ".warroom.json.tmp").exists()


def test_permissions_and_group_are_kept(path: Path) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1})
    os.chmod(path, 0o640)
    gid = 4242 if os.geteuid() == 0 else os.getgid()
    if os.geteuid() == 0:
        os.chown(path, -1, gid)
    insert(storage, "t", {"n": 2})
    st = os.stat(path)
    assert stat.S_IMODE(st.st_mode) == 0o640
    assert st.st_gid == gid


def test_closed_storage_refuses(path: Path) -> None:
    storage = SharedJSONStorage(path)
    insert(storage, "t", {"n": 1})
    storage.close()
    storage.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        storage.read()
