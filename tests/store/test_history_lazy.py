"""The timeline and the inquiry events read on demand (issue 16), on real files.

A process opening the database trusts every shard still matching its record and reads it only
when a read reaches it: the newest page reads the newest shards, a trend reads its hours, the
totals add up the shards' recorded effects, and iterating still reads every record once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.domain.inquiries import totals
from warroom.domain.mention_history import decoded_count
from warroom.domain.mentions import Mention
from warroom.domain.timeline import EventKind, entries_since
from warroom.domain.trends import inquiry_trends
from warroom.store import mention_shards, record_shards, records
from warroom.store.mention_shards import shard_paths
from warroom.store.repository import WarRoomRepository

PER_SHARD = 100


@pytest.fixture(autouse=True)
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_shards, "RECORDS_PER_SHARD", PER_SHARD)
    monkeypatch.setattr(record_shards, "MOVE_AT", 20)


def count_calls(repo: WarRoomRepository, n: int, start: datetime, every: timedelta) -> None:
    for i in range(n):
        repo.count_inquiry("phone" if i % 3 else "email", "ana", start + i * every)


@pytest.fixture
def fresh(db_path: Path) -> Iterator[WarRoomRepository]:
    """Another process's view: a repository opened on the file as it is now."""
    opened = WarRoomRepository.open(db_path)
    try:
        yield opened
    finally:
        opened.close()


def whole(db_path: Path) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(timeline, inquiries), read whole by a process of their own."""
    repo = WarRoomRepository.open(db_path)
    try:
        room = repo.snapshot()
        return tuple(room.timeline), tuple(room.inquiries)
    finally:
        repo.close()


def test_a_fresh_process_reads_only_the_newest_shards(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 1200, fixed_now, timedelta(seconds=30))
    repo.take_back_inquiry("email", "ben", fixed_now + timedelta(days=1))
    assert len(shard_paths(db_path, "inquiries")) >= 11
    timeline, inquiries = whole(db_path)

    opened = WarRoomRepository.open(db_path)
    try:
        room = opened.snapshot()
        assert (len(room.timeline), len(room.inquiries)) == (len(timeline), len(inquiries))
        assert decoded_count(room.timeline) < PER_SHARD and decoded_count(room.inquiries) < 50
        # The counts add up the shards' recorded effects: nothing read for them.
        assert room.inquiry_totals() == totals(inquiries) == {"phone": 800, "email": 399}
        assert decoded_count(room.inquiries) < 50
        page = room.timeline[-150:]
        assert page == timeline[-150:]
        assert decoded_count(room.timeline) <= 150 + 2 * PER_SHARD
        assert (
            room.timeline[-1] == timeline[-1] and room.timeline[len(timeline) - 3] == timeline[-3]
        )
        # Iterating reads everything, once and in order.
        assert tuple(room.timeline) == timeline and tuple(room.inquiries) == inquiries
        # The next snapshot takes in what the reads decoded: no shard is read again.
        again = opened.snapshot()
        assert decoded_count(again.timeline) == len(timeline)
        assert again.inquiry_totals() == room.inquiry_totals()
    finally:
        opened.close()


def test_trends_and_the_spike_window_read_only_their_hours(
    repo: WarRoomRepository, fresh: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    # 600 calls, one every twenty minutes: more than eight days of history.
    count_calls(repo, 600, fixed_now, timedelta(minutes=20))
    now = fixed_now + timedelta(minutes=20 * 600)
    room = fresh.snapshot()
    incident = room.incident
    trends = inquiry_trends(
        incident.channels, room.inquiries, incident.detected_at, now, totals=room.inquiry_totals()
    )
    assert sum(t.total for t in trends.channels) == 600
    read = decoded_count(room.inquiries)
    assert read < 3 * PER_SHARD, read  # about 25 hours of calls (the baseline's span)
    recent = entries_since(room.timeline, now - timedelta(hours=1))
    assert [e.kind for e in recent] == [EventKind.INQUIRY] * 2
    assert decoded_count(room.timeline) < 2 * PER_SHARD

    everything = whole(db_path)[1]
    full = inquiry_trends(incident.channels, everything, incident.detected_at, now)
    assert full == trends


def strip_facts(db_path: Path) -> None:
    """Leave the shards' record as today's main writes it: name, count, checksum, family."""
    data = json.loads(db_path.read_text("utf-8"))
    for doc in data["record_shards"].values():
        for key in ("bytes", "mtime_ns", "oldest", "newest", "summary"):
            doc.pop(key)
    db_path.write_text(json.dumps(data), "utf-8")


def test_a_database_whose_record_predates_shard_facts_opens_and_records_them(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 600, fixed_now, timedelta(seconds=30))
    repo.close()
    before = whole(db_path)
    strip_facts(db_path)

    opened = WarRoomRepository.open(db_path)
    try:
        room = opened.snapshot()
        assert decoded_count(room.timeline) == len(room.timeline)  # read whole, as before
        assert (tuple(room.timeline), tuple(room.inquiries)) == before
        assert room.inquiry_totals() == totals(before[1])
        opened.add_note("first write after the upgrade", "ana", fixed_now + timedelta(days=1))
    finally:
        opened.close()
    recorded = json.loads(db_path.read_text("utf-8"))["record_shards"].values()
    assert recorded and all("summary" in doc and "bytes" in doc for doc in recorded)

    again = WarRoomRepository.open(db_path)
    try:
        room = again.snapshot()
        assert decoded_count(room.inquiries) < PER_SHARD
        assert room.inquiry_totals() == totals(before[1])
        assert tuple(room.inquiries) == before[1]
        assert tuple(room.timeline)[:-1] == before[0]
    finally:
        again.close()


def test_a_shard_changed_behind_its_record_is_read_and_reported_at_once(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 400, fixed_now, timedelta(seconds=30))
    first = shard_paths(db_path, "inquiries")[0]
    data = json.loads(first.read_text("utf-8"))
    key = sorted(data["inquiries"], key=int)[5]
    data["inquiries"][key]["at"] = "not a time"
    first.write_text(json.dumps(data), "utf-8")

    opened = WarRoomRepository.open(db_path)
    try:
        room = opened.snapshot()
        assert any(first.name in line for line in opened.quarantined())  # before any read
        assert decoded_count(room.inquiries) >= PER_SHARD - 1
        assert len(tuple(room.inquiries)) == 399
    finally:
        opened.close()


def test_a_trusted_shard_appended_to_later_is_read_as_recorded_then_once_more(
    repo: WarRoomRepository, fresh: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 150, fixed_now, timedelta(seconds=30))
    room = fresh.snapshot()  # trusts the newest shard, half full, and reads none
    assert decoded_count(room.inquiries) < 50
    # Another operator's moves append to that shard while this one has not read it.
    count_calls(repo, 60, fixed_now + timedelta(hours=2), timedelta(seconds=30))
    early = tuple(room.inquiries)
    assert len(early) == len(room.inquiries) == 150
    assert len({e.id for e in early}) == 150
    fresh.refresh_if_changed()
    later = fresh.snapshot()
    events = tuple(later.inquiries)
    assert len(events) == len({e.id for e in events}) == 210
    assert later.inquiry_totals() == totals(events) == repo.snapshot().inquiry_totals()
    assert events[:150] == early


def test_the_import_check_and_a_take_back_read_no_more_than_they_need(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 600, fixed_now, timedelta(seconds=30))
    opened = WarRoomRepository.open(db_path)
    try:
        imports = opened.timeline_entries(EventKind.IMPORT)
        assert [e.text.split(":")[0] for e in imports] == [
            "Incident imported from sample_incident.json"
        ]
        assert opened.take_back_inquiry("email", "ana", fixed_now + timedelta(days=1))
        room = opened.snapshot()
        # The import's shard (the oldest), the newest (the take-back's write moved the tail
        # into it) and the tail: the shards in between stay unread.
        assert decoded_count(room.timeline) <= 2 * PER_SHARD + record_shards.MOVE_AT + 2
        assert decoded_count(room.timeline) < len(room.timeline) / 2
        assert room.inquiry_totals()["email"] == 199
    finally:
        opened.close()


def test_a_dashboard_on_a_copy_read_only_still_reads_on_demand(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    count_calls(repo, 300, fixed_now, timedelta(seconds=30))
    repo.close()
    for path in [db_path, *shard_paths(db_path, "timeline"), *shard_paths(db_path, "inquiries")]:
        path.chmod(0o444)
    opened = WarRoomRepository.open(db_path)
    try:
        room = opened.snapshot()
        assert decoded_count(room.inquiries) < PER_SHARD
        assert len(tuple(room.inquiries)) == 300
    finally:
        opened.close()


def copy_without_times(db_path: Path, into: Path) -> Path:
    """The database family copied as ``cp -r`` copies it: same bytes, new file times."""
    into.mkdir()
    for path in db_path.parent.glob(f"{db_path.stem}.*"):
        if path.is_file():
            (into / path.name).write_bytes(path.read_bytes())
    return into / db_path.name


def test_a_database_copied_without_its_times_is_trusted_again_after_one_write(
    repo: WarRoomRepository,
    db_path: Path,
    fixed_now: datetime,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mention_shards, "SHARD_CAPACITY", 100)
    count_calls(repo, 600, fixed_now, timedelta(seconds=30))
    repo.add_new_mentions(
        Mention(
            id=f"m-{n}", feed_id="alerts-northwind", title=f"Northwind breach post {n}",
            url=f"https://social.example.com/post/{n}", published=fixed_now + timedelta(minutes=n),
            fetched_at=fixed_now, entry_id=f"tag:example.com,2026:{n}",
        )
        for n in range(450)
    )  # fmt: skip
    repo.close()
    before = whole(db_path)
    copy = copy_without_times(db_path, tmp_path / "restored")
    assert len(shard_paths(copy)) == 5 and len(shard_paths(copy, "inquiries")) >= 5

    mentions_decoded = [0]

    def counting(decode: Any) -> Any:
        def counted(*args: Any) -> Any:
            mentions_decoded[0] += 1
            return decode(*args)

        return counted

    for name in ("mention_from_doc", "mention_from_written_doc"):
        monkeypatch.setattr(records, name, counting(getattr(records, name)))

    def opened_reads() -> tuple[int, int, int]:
        """(timeline entries, inquiry events, mentions) a fresh opening decodes at once."""
        mentions_decoded[0] = 0
        opened = WarRoomRepository.open(copy)
        try:
            room = opened.snapshot()
            return decoded_count(room.timeline), decoded_count(room.inquiries), mentions_decoded[0]
        finally:
            opened.close()

    # The record speaks of the original files: every opening reads everything...
    assert opened_reads() == (len(before[0]), 600, 450)
    assert opened_reads() == (len(before[0]), 600, 450)
    # ...until one write records the files as they are (the copy is checked as it is read).
    writer = WarRoomRepository.open(copy)
    try:
        writer.snapshot()
        writer.add_note("first note on the restored copy", "ana", fixed_now + timedelta(days=1))
    finally:
        writer.close()
    timeline, inquiries, mentions = opened_reads()
    assert timeline < 2 * PER_SHARD and inquiries < PER_SHARD and mentions == 0
    again = WarRoomRepository.open(copy)
    try:
        room = again.snapshot()
        assert tuple(room.inquiries) == before[1] and tuple(room.timeline)[:-1] == before[0]
        assert len(room.mentions) == 450 and tuple(room.mentions) == tuple(
            WarRoomRepository.open(db_path).snapshot().mentions
        )
    finally:
        again.close()
