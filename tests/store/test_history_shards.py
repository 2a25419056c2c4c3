"""Timeline entries and inquiry events in shards of their own (issue 16), on real files.

The main file keeps only the newest records; the rest move into append-only shards it
records. Whatever the layout on disk, the snapshot must read the same history, in order, once.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tinydb.table import Table

from warroom.domain.inquiries import totals
from warroom.domain.timeline import EventKind
from warroom.store import record_shards
from warroom.store.errors import MissingShardError
from warroom.store.mention_shards import shard_paths
from warroom.store.repository import WarRoomRepository
from warroom.store.shared_storage import SharedJSONStorage


def main_file(db_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(db_path.read_text("utf-8"))
    return data


def count_calls(repo: WarRoomRepository, n: int, start: datetime) -> None:
    for i in range(n):
        repo.count_inquiry("phone" if i % 3 else "email", "ana", start + timedelta(seconds=i))


def test_counts_move_into_shards_and_the_main_file_stays_small(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 450, fixed_now)
    data = main_file(db_path)
    tail = len(data["timeline"]) + len(data["inquiries"])
    assert tail < record_shards.MOVE_AT
    timeline_shards = shard_paths(db_path, "timeline")
    inquiry_shards = shard_paths(db_path, "inquiries")
    assert [p.name for p in timeline_shards] == ["warroom.timeline.0001.json"]
    assert [p.name for p in inquiry_shards] == ["warroom.inquiries.0001.json"]
    recorded = {doc["name"]: doc for doc in data["record_shards"].values()}
    shard_docs = json.loads(inquiry_shards[0].read_text("utf-8"))["inquiries"]
    assert recorded["warroom.inquiries.0001.json"]["count"] == len(shard_docs)
    assert recorded["warroom.inquiries.0001.json"]["family"] == "inquiries"

    reopened = WarRoomRepository.open(db_path)
    try:
        room = reopened.snapshot()
    finally:
        reopened.close()
    assert len(room.inquiries) == 450
    assert len({e.id for e in room.inquiries}) == 450
    assert [e.at for e in room.inquiries] == sorted(e.at for e in room.inquiries)
    counts = [e for e in room.timeline if e.kind is EventKind.INQUIRY]
    assert len(counts) == 450
    assert room.inquiry_totals() == totals(room.inquiries)
    assert room.inquiry_totals() == {"phone": 300, "email": 150}
    assert room == repo.snapshot()  # the writer's own view agrees with a fresh read


def test_shards_roll_over_and_order_holds_across_them(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_shards, "RECORDS_PER_SHARD", 70)
    monkeypatch.setattr(record_shards, "MOVE_AT", 30)
    count_calls(repo, 200, fixed_now)
    # A note back-dated before everything: it lands first, though its record is the newest.
    early = repo.add_note("called the insurer", "ben", fixed_now, at=fixed_now - timedelta(hours=3))
    assert len(shard_paths(db_path, "timeline")) >= 3
    assert all(
        len(json.loads(p.read_text("utf-8"))["timeline"]) <= 70
        for p in shard_paths(db_path, "timeline")
    )
    for room in (repo.snapshot(), WarRoomRepository.open(db_path).snapshot()):
        assert room.timeline[0] == early
        keys = [e.sort_key() for e in room.timeline]
        assert keys == sorted(keys)
        assert len(room.timeline) == 200 + 2  # the import, the counts, the note
        assert sum(room.inquiry_totals().values()) == 200


def test_another_dashboard_reads_only_what_changed(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_shards, "RECORDS_PER_SHARD", 50)
    monkeypatch.setattr(record_shards, "MOVE_AT", 20)
    other = WarRoomRepository.open(db_path)
    try:
        count_calls(repo, 120, fixed_now)
        assert other.refresh_if_changed()
        first = other.snapshot()
        assert len(first.inquiries) == 120
        full = [p.name for p in shard_paths(db_path, "inquiries")][:-1]
        assert full, "the test needs shards that are full and never change again"
        assert first.inquiries[:] == tuple(first.inquiries)  # read all of it, once
        read: list[str] = []
        docs = record_shards._RecordShard.docs  # noqa: SLF001 (a spy on the real reads)

        def spied(shard: record_shards._RecordShard) -> Any:  # noqa: SLF001
            read.append(shard.path.name)
            return docs(shard)

        count_calls(repo, 60, fixed_now + timedelta(hours=1))
        taken_back = repo.take_back_inquiry("phone", "ana", fixed_now + timedelta(hours=2))
        assert taken_back
        monkeypatch.setattr(record_shards._RecordShard, "docs", spied)  # noqa: SLF001
        assert other.refresh_if_changed()
        room = other.snapshot()
        assert len(room.inquiries) == 181
        assert not set(read) & set(full), read
        assert room.inquiries[: len(first.inquiries)] == first.inquiries
        assert room.inquiry_totals() == totals(room.inquiries) == repo.snapshot().inquiry_totals()
    finally:
        other.close()


def test_an_older_database_is_read_as_it_is_and_moved_on_its_first_write(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The layout before issue 16: the whole history in the main file (made here by a writer
    # that never moves, then the shards' record removed, as an older warroom left it).
    monkeypatch.setattr(record_shards, "MOVE_AT", 10**9)
    count_calls(repo, 700, fixed_now)
    before = repo.snapshot()
    repo.close()
    assert not shard_paths(db_path, "timeline") and "record_shards" not in main_file(db_path)
    monkeypatch.setattr(record_shards, "MOVE_AT", 200)
    monkeypatch.setattr(record_shards, "RECORDS_PER_SHARD", 300)

    opened = WarRoomRepository.open(db_path)
    try:
        assert opened.snapshot() == before  # read either way until the first write
        note = opened.add_note("first write after the upgrade", "ana", fixed_now + timedelta(1))
        after = opened.snapshot()
    finally:
        opened.close()
    assert after.timeline == (*before.timeline, note)
    assert after.inquiries == before.inquiries
    data = main_file(db_path)
    assert len(data["timeline"]) + len(data["inquiries"]) <= 1  # only the note is left
    assert len(shard_paths(db_path, "inquiries")) == 3  # 700 events, 300 a shard
    assert WarRoomRepository.open(db_path).snapshot() == after


@pytest.mark.parametrize("family", ["timeline", "inquiries"])
def test_a_missing_shard_is_refused_naming_it_and_what_it_held(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime, family: str
) -> None:
    count_calls(repo, 250, fixed_now)
    repo.close()
    (shard,) = shard_paths(db_path, family)
    held = len(json.loads(shard.read_text("utf-8"))[family])
    shard.rename(shard.with_suffix(".bak"))
    main_before = db_path.read_bytes()
    noun = "timeline entries" if family == "timeline" else "inquiry events"
    opened = WarRoomRepository.open(db_path)
    try:
        with pytest.raises(MissingShardError) as info:
            opened.snapshot()
        with pytest.raises(MissingShardError):
            opened.add_note("must not be written", "ana", fixed_now)
    finally:
        opened.close()
    assert str(shard) in str(info.value) and f"{held:,} {noun}" in str(info.value)
    assert db_path.read_bytes() == main_before


def test_a_shard_missing_records_is_refused(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 250, fixed_now)
    repo.close()
    (shard,) = shard_paths(db_path, "timeline")
    storage = SharedJSONStorage(shard)
    with storage.transaction():
        table = Table(storage, "timeline", cache_size=0)
        table.remove(doc_ids=[table.all()[5].doc_id])
    storage.close()
    opened = WarRoomRepository.open(db_path)
    try:
        with pytest.raises(MissingShardError, match="not the .* recorded"):
            opened.snapshot()
    finally:
        opened.close()


def test_a_damaged_record_in_a_shard_is_set_aside_and_reported(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 250, fixed_now)
    repo.close()
    (shard,) = shard_paths(db_path, "inquiries")
    data = json.loads(shard.read_text("utf-8"))
    first = next(iter(data["inquiries"]))
    data["inquiries"][first]["at"] = "not a time"
    shard.write_text(json.dumps(data), "utf-8")
    opened = WarRoomRepository.open(db_path)
    try:
        room = opened.snapshot()
        assert len(room.inquiries) == 249
        (message,) = opened.quarantined()
        assert shard.name in message and "set aside" in message
        opened.add_note("still writable", "ana", fixed_now)  # and reported still
        assert len(opened.quarantined()) == 1
    finally:
        opened.close()


def test_a_writer_that_never_shows_the_history_never_reads_the_old_shards(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(record_shards, "RECORDS_PER_SHARD", 50)
    monkeypatch.setattr(record_shards, "MOVE_AT", 20)
    count_calls(repo, 300, fixed_now)
    old = shard_paths(db_path, "inquiries")[:-1]
    assert len(old) >= 4
    writer = WarRoomRepository.open(db_path)  # as `warroom poll` or a CLI count would
    try:
        count_calls(writer, 40, fixed_now + timedelta(hours=1))  # two moves
        opened = {
            *writer._history.inquiries._shards,  # noqa: SLF001 (what this process opened)
            *writer._history.timeline._shards,  # noqa: SLF001
        }
    finally:
        writer.close()
    assert not opened & {path.name for path in old}
    room = WarRoomRepository.open(db_path).snapshot()
    assert len(room.inquiries) == 340 and room.inquiry_totals() == totals(room.inquiries)
