"""A shard the main file's record vouches for is not read until its mentions are, even after a
poller that never decodes a stored mention has written the record."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warroom.domain.mention_history import decoded_count, newest
from warroom.domain.mentions import Mention
from warroom.resources import sample_incident_path
from warroom.store.repository import WarRoomRepository

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _mention(n: int) -> Mention:
    at = NOW - timedelta(minutes=n)
    return Mention(
        id=f"m{n:05d}",
        feed_id="alerts-northwind",
        title=f"Story {n}",
        url=f"https://news.example.org/{n}",
        published=at,
        fetched_at=at,
    )


def test_a_pollers_record_lets_a_fresh_dashboard_skip_every_shard(tmp_path: Path) -> None:
    db = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    data = json.loads(sample_incident_path().read_text(encoding="utf-8"))
    repo.import_incident(data, "ana", NOW - timedelta(days=3))
    repo.add_new_mentions(_mention(n) for n in range(10, 3_010))
    repo.close()
    poller = WarRoomRepository.open(db)  # a fresh process: writes without decoding
    assert len(poller.add_new_mentions(_mention(n) for n in range(10))) == 10
    poller.close()
    dashboard = WarRoomRepository.open(db)
    room = dashboard.snapshot()
    assert len(room.mentions) == 3_010 and decoded_count(room.mentions) == 0
    assert [m.id for m in newest(room.mentions, 3)] == ["m00000", "m00001", "m00002"]
    assert decoded_count(room.mentions) <= 1_000
    assert [m.id for m in room.mentions][-1] == "m03009"  # all of it, when all is read
    dashboard.close()


def test_a_shard_changed_behind_its_record_is_read_and_checked_at_once(tmp_path: Path) -> None:
    db = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    data = json.loads(sample_incident_path().read_text(encoding="utf-8"))
    repo.import_incident(data, "ana", NOW - timedelta(days=3))
    repo.add_new_mentions(_mention(n) for n in range(2_000))
    repo.close()
    first = db.with_name("warroom.mentions.0001.json")
    raw = json.loads(first.read_text(encoding="utf-8"))
    doc_id = next(iter(raw["mentions"]))
    del raw["mentions"][doc_id]["title"]  # hand-damaged: same documents, one unreadable
    first.write_text(json.dumps(raw), encoding="utf-8")
    fresh = WarRoomRepository.open(db)
    room = fresh.snapshot()
    assert any(f"document {doc_id}" in line for line in fresh.quarantined())
    assert len(room.mentions) in (1_999, 2_000)
    assert len(list(room.mentions)) == 1_999
    fresh.close()
