"""SharedJSONStorage against real, separate processes: concurrency, SIGKILL, change detection."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from tinydb.table import Table

from warroom.store.errors import StoreError
from warroom.store.shared_storage import SharedJSONStorage, hold_lock

WORKERS = Path(__file__).with_name("store_workers.py")


def start(*args: str) -> subprocess.Popen[str]:
    """Start a worker process (a fresh interpreter, like a second operator's warroom)."""
    return subprocess.Popen(
        [sys.executable, str(WORKERS), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 60) -> str:
    """Wait for a worker, fail the test with its stderr if it failed, return its stdout."""
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return out


def load(path: Path) -> dict[str, dict[str, dict[str, object]]]:
    """The file as plain JSON, with no help from the storage."""
    return json.loads(path.read_bytes().decode("utf-8"))  # type: ignore[no-any-return]


def run_concurrently(mode: str, path: Path, count: int) -> list[str]:
    """Two writers, released together once both are ready."""
    procs = [start(mode, str(path), label, str(count)) for label in ("a", "b")]
    for proc in procs:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    return [finish(proc) for proc in procs]


def test_two_processes_in_transactions_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "warroom.json"
    run_concurrently("insert", path, 200)
    docs = list(load(path)["t"].values())
    assert len(docs) == 400
    assert Counter((d["writer"], d["i"]) for d in docs) == Counter(
        (w, i) for w in ("a", "b") for i in range(200)
    )
    storage = SharedJSONStorage(path)
    assert len(Table(storage, "t", cache_size=0)) == 400


def test_two_processes_without_transactions_conflict_instead_of_losing(tmp_path: Path) -> None:
    """Outside a transaction a lost update is turned into StoreConflictError; retries succeed."""
    path = tmp_path / "warroom.json"
    outputs = run_concurrently("insert-plain", path, 100)
    docs = list(load(path)["t"].values())
    assert sorted((d["writer"], d["i"]) for d in docs) == sorted(
        (w, i) for w in ("a", "b") for i in range(100)
    )
    assert all(out.startswith("conflicts ") for out in outputs)


def check_complete(path: Path) -> int:
    """The file loads, and holds the whole state of one transaction; return its count."""
    storage = SharedJSONStorage(path)  # raises if the file were torn
    data = storage.read() or {}
    storage.close()
    seqs = sorted(doc["seq"] for doc in data["log"].values())
    count = len(seqs)
    assert seqs == list(range(1, count + 1))
    for doc in data["log"].values():
        assert doc["sha"] == hashlib.sha256(str(doc["seq"]).encode()).hexdigest()
    (blob,) = data["blob"].values()
    assert blob["seq"] == count
    assert blob["sha"] == hashlib.sha256(blob["payload"].encode()).hexdigest()
    return count


def test_sigkill_at_random_moments_never_tears_the_file(tmp_path: Path) -> None:
    path = tmp_path / "warroom.json"
    tmp_file = tmp_path / ".warroom.json.tmp"
    rng = random.Random(20240501)
    count = 0
    killed_mid_write = 0
    for kill in range(100):
        proc = start("torture", str(path), str(kill))
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.06))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
        assert proc.returncode == -signal.SIGKILL
        killed_mid_write += tmp_file.exists()
        if not path.exists():
            continue  # killed before its first save
        new_count = check_complete(path)
        assert new_count >= count
        count = new_count
    # The test only proves something if kills really landed inside saves.
    assert killed_mid_write >= 5
    assert count > 50


def test_other_process_write_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "warroom.json"
    storage = SharedJSONStorage(path)
    with storage.transaction():
        Table(storage, "t", cache_size=0).insert({"from": "b"})
    generation = storage.generation
    assert not storage.changed_on_disk()

    finish(start("write", str(path), "t", json.dumps({"from": "a"})))

    assert storage.changed_on_disk()
    data = storage.read() or {}
    assert sorted(d["from"] for d in data["t"].values()) == ["a", "b"]
    assert storage.generation > generation
    assert not storage.changed_on_disk()


def test_file_created_by_another_process_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "warroom.json"
    storage = SharedJSONStorage(path)
    assert storage.read() is None
    assert not storage.changed_on_disk()
    finish(start("write", str(path), "t", json.dumps({"from": "a"})))
    assert storage.changed_on_disk()
    assert Table(storage, "t", cache_size=0).all() == [{"from": "a"}]


def test_full_disk_mid_write_leaves_previous_file(tmp_path: Path) -> None:
    """RLIMIT_FSIZE makes write() fail part-way (EFBIG), as a full disk would, even as root."""
    path = tmp_path / "warroom.json"
    storage = SharedJSONStorage(path)
    with storage.transaction():
        Table(storage, "t", cache_size=0).insert({"keep": "me"})
    before = path.read_bytes()

    out = finish(start("fsize", str(path), str(64 * 1024), str(1_000_000)))

    assert out.startswith("StoreError: ")
    assert str(path) in out
    assert path.read_bytes() == before
    assert not (tmp_path / ".warroom.json.tmp").exists()


def test_lock_excludes_other_processes(tmp_path: Path) -> None:
    """While this process holds the family lock, another process's transaction waits for it."""
    path = tmp_path / "warroom.mentions.0001.json"
    lock = tmp_path / "warroom.mentions.lock"
    with hold_lock(lock):
        proc = start("wait-lock", str(path), str(lock))
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        assert not path.exists()  # still waiting for our lock
        assert proc.poll() is None
    assert finish(proc).strip() == "done"
    assert list(load(path)["t"].values()) == [{"from": "waiter"}]


def test_forked_child_does_not_inherit_the_parents_lock(tmp_path: Path) -> None:
    """flock belongs to the open file description, which fork shares: the child must reopen.

    The fork happens inside the parent's transaction, with an unsaved change: the child must
    neither join that transaction nor save the parent's change.
    """
    path = tmp_path / "warroom.json"
    storage = SharedJSONStorage(path)
    with storage.transaction():
        Table(storage, "t", cache_size=0).insert({"from": "parent"})
    with storage.transaction():
        Table(storage, "t", cache_size=0).insert({"from": "parent-unsaved"})
        pid = os.fork()
        if pid == 0:  # the child: must wait for the parent's transaction to end
            code = 1
            try:
                with storage.transaction():
                    Table(storage, "t", cache_size=0).insert({"from": "child"})
                code = 0
            finally:
                os._exit(code)
        time.sleep(0.3)
        assert [d["from"] for d in load(path)["t"].values()] == ["parent"]
        Table(storage, "t", cache_size=0).remove(doc_ids=[2])
        Table(storage, "t", cache_size=0).insert({"from": "parent-again"})
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert [d["from"] for d in load(path)["t"].values()] == ["parent", "parent-again", "child"]


@pytest.mark.parametrize("mode", ["transaction", "plain"])
def test_damage_by_another_process_after_open_stops_all_writes(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "warroom.json"
    storage = SharedJSONStorage(path)
    with storage.transaction():
        Table(storage, "t", cache_size=0).insert({"n": 1})
    damaged = b'{"t": {"1": {"n": 1}}, "u": '  # what a non-atomic writer leaves behind
    tmp = tmp_path / "elsewhere"
    tmp.write_bytes(damaged)
    os.replace(tmp, path)

    with pytest.raises(StoreError, match="left untouched"):
        if mode == "transaction":
            with storage.transaction():
                Table(storage, "t", cache_size=0).insert({"n": 2})
        else:
            Table(storage, "t", cache_size=0).insert({"n": 2})
    assert path.read_bytes() == damaged
