"""A read of the newest records decodes those records, not every shard they fall in (issue 16).

Real files. The newest page across a shard boundary decodes one page; a damaged document in a
trusted shard is set aside with the same words as a whole decode gives, when a read reaches
it; mentions whose shards overlap in time (feeds polled together) read only the newest ones.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from warroom.domain.mention_history import decoded_count, newest
from warroom.domain.mentions import Mention
from warroom.store import mention_shards, record_shards, records
from warroom.store.mention_shards import shard_paths
from warroom.store.quarantine import Quarantine
from warroom.store.repository import WarRoomRepository

PER_SHARD = 100


@pytest.fixture(autouse=True)
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_shards, "RECORDS_PER_SHARD", PER_SHARD)
    monkeypatch.setattr(record_shards, "MOVE_AT", 20)


@pytest.fixture
def notes(repo: WarRoomRepository, db_path: Path, fixed_now: datetime) -> Path:
    """250 notes a minute apart after the import: two full shards and a half-full one."""
    for i in range(250):
        repo.add_note(f"note {i}", "ana", fixed_now + timedelta(minutes=i + 1))
    repo.close()
    return db_path


@pytest.fixture
def opened(notes: Path) -> Iterator[WarRoomRepository]:
    repo = WarRoomRepository.open(notes)
    try:
        yield repo
    finally:
        repo.close()


def _vouch_for(db_path: Path, shard: Path, table: str) -> None:
    """Record the shard's file as it is now, as a write of this file would have."""
    data = json.loads(db_path.read_text("utf-8"))
    st = os.stat(shard)
    for entry in data[table].values():
        if entry["name"] == shard.name:
            entry["bytes"], entry["mtime_ns"] = st.st_size, st.st_mtime_ns
    db_path.write_text(json.dumps(data), "utf-8")


def test_the_newest_page_across_a_shard_boundary_decodes_that_page(
    opened: WarRoomRepository, notes: Path
) -> None:
    room = opened.snapshot()
    tail = decoded_count(room.timeline)
    assert len(shard_paths(notes, "timeline")) >= 2 and tail < 60
    page = room.timeline[-120:]
    assert [e.text for e in page[-3:]] == ["note 247", "note 248", "note 249"]
    assert decoded_count(room.timeline) == 120  # was the newest shards whole: 120 + 100
    whole = tuple(room.timeline)
    assert page == whole[-120:] and len(whole) == 251


def test_a_damaged_entry_is_set_aside_when_a_read_reaches_it_in_the_same_words(
    notes: Path,
) -> None:
    shard = shard_paths(notes, "timeline")[-1]
    data = json.loads(shard.read_text("utf-8"))
    ordered = sorted(data["timeline"], key=int)
    newest_doc, oldest_doc = ordered[-1], ordered[0]
    data["timeline"][newest_doc]["operator"] = 7
    del data["timeline"][oldest_doc]["text"]
    shard.write_text(json.dumps(data), "utf-8")
    _vouch_for(notes, shard, "record_shards")
    whole = Quarantine()
    whole.decode(shard, "timeline", data["timeline"], records.entry_from_doc)
    expected = whole.found(shard, "timeline")
    assert len(expected) == 2

    repo = WarRoomRepository.open(notes)
    try:
        room = repo.snapshot()
        assert not any(shard.name in line for line in repo.quarantined())  # trusted, unread
        room.timeline[-(decoded_count(room.timeline) + 5) :]  # the tail, and 5 from the shard
        told = [line for line in repo.quarantined() if shard.name in line]
        assert told == [expected[-1]]  # the newest document only: the page reached it
        assert len(tuple(room.timeline)) == 249
        told = [line for line in repo.quarantined() if shard.name in line]
        assert told == list(expected)  # all, in file order, as a whole decode says them
    finally:
        repo.close()


def _mention(n: int, at: datetime) -> Mention:
    return Mention(f"m{n:05d}", "f", f"Story {n}", f"https://news.example.org/{n}", at, at)


def test_mentions_in_shards_that_overlap_in_time_read_only_the_newest(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    """Polls store mentions as feeds finish, not in published order: each shard spans the
    whole day. The newest page decodes about a page, not every shard."""
    stored = [_mention(n, fixed_now - timedelta(minutes=(n * 37) % 3000)) for n in range(3000)]
    repo.add_new_mentions(stored)
    repo.close()
    fresh = WarRoomRepository.open(db_path)
    try:
        room = fresh.snapshot()
        assert len(shard_paths(db_path)) == 3 and decoded_count(room.mentions) == 0
        page = newest(room.mentions, 500)
        expected = sorted(stored, key=lambda m: (m.published, m.id), reverse=True)
        assert list(page) == expected[:500]
        assert decoded_count(room.mentions) <= 503  # was all 3,000: every shard reached
        assert list(room.mentions) == expected
    finally:
        fresh.close()


def test_an_older_view_read_on_after_the_shard_changed_leaves_the_new_one_alone(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dashboard keeps its last snapshot while a poll appends to the shard its page came
    from; reading the old snapshot on must not put the shard's old mentions back in place of
    the new ones."""
    monkeypatch.setattr(mention_shards, "SHARD_CAPACITY", 100)
    stored = (_mention(n, fixed_now - timedelta(minutes=150 - n)) for n in range(150))
    repo.add_new_mentions(stored)  # oldest first: the second shard holds the newest 50
    dashboard = WarRoomRepository.open(db_path)
    try:
        old = dashboard.snapshot()
        assert newest(old.mentions, 10)[0].id == "m00149" and decoded_count(old.mentions) == 10
        repo.add_new_mentions(
            _mention(n, fixed_now + timedelta(minutes=n)) for n in range(150, 170)
        )
        assert dashboard.refresh_if_changed()
        new = dashboard.snapshot()
        assert len(list(old.mentions)) == 150  # the old view, read to its end
        assert len(list(new.mentions)) == 170
        assert newest(new.mentions, 1)[0].id == "m00169"
    finally:
        dashboard.close()
