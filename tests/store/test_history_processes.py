"""The history shards under real processes: ``kill -9`` mid-move and two writers at once.

Each count is one inquiry event and one timeline entry, written with a move of the tail into
the shards every few counts (the workers move far more often than warroom does, so that kills
land inside moves). After every kill: every count that returned is there, once; none is
doubled; each event still has its entry.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from warroom.domain.timeline import EventKind
from warroom.domain.warroom import WarRoom
from warroom.store import record_shards
from warroom.store.mention_shards import shard_paths
from warroom.store.repository import WarRoomRepository

WORKER = Path(__file__).with_name("history_worker.py")


def start(*args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", line + (proc.stderr.read() if proc.stderr else "")
    return proc


def read_room(db: Path) -> WarRoom:
    repo = WarRoomRepository.open(db)
    try:
        return repo.snapshot()
    finally:
        repo.close()


def check_whole(room: WarRoom) -> int:
    """Every record once, every event with its entry; returns how many counts are stored."""
    # Taken before anything is read: the shards' recorded effects plus what was read.
    stored = room.inquiry_totals()["phone"]
    listed = len(room.inquiries)
    assert len({e.id for e in room.timeline}) == len(room.timeline)
    assert len({e.id for e in room.inquiries}) == len(room.inquiries)
    counts = sum(1 for e in room.timeline if e.kind is EventKind.INQUIRY)
    assert counts == len(room.inquiries)
    assert room.inquiry_totals()["phone"] == len(room.inquiries) == stored == listed
    return counts


def in_two_places(db: Path) -> int:
    """Records both in a shard and in the main file's tail (a move killed half-way)."""
    main = json.loads(db.read_text("utf-8"))
    tail = {doc["id"] for doc in main.get("inquiries", {}).values()}
    sharded: set[str] = set()
    for path in shard_paths(db, "inquiries"):
        sharded |= {doc["id"] for doc in json.loads(path.read_text("utf-8"))["inquiries"].values()}
    recorded = {doc["name"] for doc in main.get("record_shards", {}).values()}
    strays = sum(1 for path in shard_paths(db, "inquiries") if path.name not in recorded)
    return len(tail & sharded) + strays


def shard_written(db: Path, deadline: float) -> None:
    """Return as soon as an inquiry shard is replaced (a move wrote it; its main write is next)."""

    def inodes() -> dict[str, int]:
        found = {}
        for path in shard_paths(db, "inquiries"):
            try:
                found[path.name] = path.stat().st_ino
            except FileNotFoundError:
                continue
        return found

    before = inodes()
    while inodes() == before:
        assert time.monotonic() < deadline, "no move came"


def test_kill_9_in_the_middle_of_moves_loses_no_count_and_doubles_none(
    repo: WarRoomRepository, db_path: Path
) -> None:
    repo.close()
    rng = random.Random(16)
    stored, caught_mid_move = 0, 0
    for _ in range(25):
        proc = start("count", str(db_path), "kim", "100000", "6", "9")
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        wanted = rng.randint(3, 40)
        returned = 0
        while returned < wanted:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else ""
            returned = int(line)
        if rng.random() < 0.5:
            time.sleep(rng.random() * 0.02)  # a random moment inside the next writes, not a wait
        else:
            shard_written(db_path, time.monotonic() + 60)  # then the main file's write is next
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        room = read_room(db_path)
        now_stored = check_whole(room)
        assert now_stored >= stored + returned, "a count that returned was lost"
        stored = now_stored
        caught_mid_move += in_two_places(db_path) > 0
    assert stored > 25 * 3
    # The test proves something only if some kills really landed between a shard's write and
    # the main file's.
    assert caught_mid_move >= 2, f"only {caught_mid_move} kills landed inside a move"


def test_kill_9_while_an_older_database_moves_its_history(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime, monkeypatch: Any
) -> None:
    monkeypatch.setattr(record_shards, "MOVE_AT", 10**9)  # the layout before issue 16
    for i in range(1500):
        repo.count_inquiry("phone", "ana", fixed_now + timedelta(seconds=i))
    before = repo.snapshot()
    repo.close()
    expected = Counter(e.id for e in before.inquiries)
    rng = random.Random(61)
    partial = 0
    for _ in range(12):
        shards_before = len(shard_paths(db_path, "inquiries"))
        proc = start("note", str(db_path), "40")
        deadline = time.monotonic() + 60
        while len(shard_paths(db_path, "inquiries")) <= shards_before and proc.poll() is None:
            assert time.monotonic() < deadline, "the move never started"
            time.sleep(0.001)
        time.sleep(rng.random() * 0.01)  # a random moment inside the move, not a wait
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        room = read_room(db_path)
        check_whole(room)
        assert Counter(e.id for e in room.inquiries) == expected
        notes = [e for e in room.timeline if e.kind is EventKind.NOTE]
        assert len(notes) <= 1
        if notes:
            break  # a run got through: the history is moved
        partial += 1  # killed after its first shard was written, before its main write
    proc = start("note", str(db_path), "40")
    assert proc.communicate(timeout=120)[0].strip() == "done"
    room = read_room(db_path)
    check_whole(room)
    assert Counter(e.id for e in room.inquiries) == expected
    assert in_two_places(db_path) == 0
    main = json.loads(db_path.read_text("utf-8"))
    assert len(main["inquiries"]) == 0
    assert partial >= 1, "no kill landed inside the move: the test proved nothing"


def test_two_writers_counting_at_once_lose_none_and_double_none(
    repo: WarRoomRepository, db_path: Path
) -> None:
    repo.close()
    workers = {name: start("count", str(db_path), name, "300", "10", "25") for name in "kl"}
    for proc in workers.values():
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in workers.values():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.split()[-1] == "300"
    room = read_room(db_path)
    assert check_whole(room) == 600
    assert Counter(e.operator for e in room.inquiries) == {"k": 300, "l": 300}
    assert len(shard_paths(db_path, "inquiries")) >= 600 // 25
    # The two really overlapped: in write order their events interleave.
    order = []
    for path in shard_paths(db_path, "inquiries"):
        docs = json.loads(path.read_text("utf-8"))["inquiries"]
        order += [docs[key]["operator"] for key in sorted(docs, key=int)]
    switches = sum(1 for a, b in zip(order, order[1:], strict=False) if a != b)
    assert switches >= 3, f"the writers did not overlap ({switches} switches)"


def test_a_dashboard_opened_while_another_process_moves_sees_every_record_once(
    repo: WarRoomRepository, db_path: Path
) -> None:
    """Fresh views (shards trusted from their record, read on demand) and one long-lived
    view, taken while a writer counts and moves its tail into the shards every few counts."""
    repo.close()
    writer = start("count", str(db_path), "k", "400", "6", "15")
    assert writer.stdin is not None
    writer.stdin.write("go\n")
    writer.stdin.flush()
    watching = WarRoomRepository.open(db_path)
    seen, views = 0, 0
    try:
        while writer.poll() is None or views < 3:
            fresh = WarRoomRepository.open(db_path)
            try:
                room = fresh.snapshot()
                listed, stored = len(room.inquiries), room.inquiry_totals()["phone"]
                page = room.inquiries[-20:]
                events = tuple(room.inquiries)  # the rest read now, while the writer moves on
            finally:
                fresh.close()
            assert len(events) == listed == stored
            assert len({e.id for e in events}) == len(events)
            assert events[-20:] == page
            assert [e.at for e in events] == sorted(e.at for e in events)
            assert len(events) >= seen
            seen = len(events)
            watching.refresh_if_changed()
            kept = watching.snapshot()
            ids = [e.id for e in kept.inquiries]
            assert len(set(ids)) == len(ids) == kept.inquiry_totals()["phone"]
            views += 1
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.split()[-1] == "400"
        assert views >= 3
        watching.refresh_if_changed()
        assert check_whole(watching.snapshot()) == 400
    finally:
        watching.close()
    assert check_whole(read_room(db_path)) == 400
