"""WarRoomRepository on real files: operator changes, re-imports, mentions, refusals.

Every operator change must land in the file and in the timeline (who, when, what); a re-import
must never lose operator data; a file that is not ours must be refused and left byte-for-byte.
"""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.domain.mentions import Mention, Priority, Triage
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.store import mention_shards as shards_module
from warroom.store.errors import StoreError
from warroom.store.repository import SCHEMA_VERSION, WarRoomRepository, shard_paths

Data = dict[str, Any]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mention(
    n: int,
    at: datetime,
    *,
    entry_id: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Mention:
    """A mention with its own id, entry id, URL and title unless told otherwise."""
    return Mention(
        id=f"m-{n}",
        feed_id="alerts-northwind",
        title=title if title is not None else f"Northwind breach post {n}",
        url=url if url is not None else f"https://social.example.com/post/{n}",
        published=at + timedelta(minutes=n),
        fetched_at=at,
        entry_id=entry_id if entry_id is not None else f"tag:example.com,2026:{n}",
    )


def entries(repo: WarRoomRepository, kind: EventKind | None = None) -> list[TimelineEntry]:
    timeline = repo.snapshot().timeline
    return [e for e in timeline if kind is None or e.kind is kind]


# ------------------------------------------------------------------ import
def test_import_records_a_timeline_entry(repo: WarRoomRepository, fixed_now: datetime) -> None:
    (entry,) = entries(repo)
    assert entry.kind is EventKind.IMPORT
    assert entry.operator == "ana"
    assert entry.at == fixed_now and entry.recorded_at == fixed_now
    assert entry.text.startswith("Incident imported from sample_incident.json")
    assert repo.has_incident()
    assert repo.incident().id == "nw-2026-11-credential-breach"


def test_reimport_of_an_unchanged_file_changes_nothing(
    repo: WarRoomRepository, db_path: Path, sample_data: Data, fixed_now: datetime
) -> None:
    before = sha256(db_path)
    changes = repo.import_incident(sample_data, "kim", fixed_now + timedelta(hours=1))
    assert changes == []
    assert sha256(db_path) == before
    assert len(entries(repo)) == 1


def _operator_work(repo: WarRoomRepository, now: datetime) -> None:
    """Ticks, a note, counts, mentions and triage: everything a re-import must keep."""
    repo.set_tick("notice-what-to-do", True, "ana", now)
    repo.set_tick("key-messages", True, "kim", now)
    repo.add_note("Legal approved the notice text", "kim", now)
    repo.count_inquiry("phone", "ana", now, count=3)
    repo.count_inquiry("email", "kim", now)
    repo.add_new_mentions([mention(1, now), mention(2, now)])
    repo.set_triage("m-1", "ana", now, state=Triage.RESPOND, priority=Priority.HIGH)


def test_reimport_of_a_changed_file_keeps_operator_data_and_says_what_changed(
    repo: WarRoomRepository, sample_data: Data, fixed_now: datetime
) -> None:
    _operator_work(repo, fixed_now)
    changed = copy.deepcopy(sample_data)
    for item in changed["checklist"]:
        if item["id"] == "notice-what-to-do":
            item["title"] = "Notice tells customers how to protect themselves"
    changed["checklist"] = [i for i in changed["checklist"] if i["id"] != "key-messages"]
    changed["checklist"].append(
        {"id": "press-statement", "step": "tell", "title": "Press statement out"}
    )
    changed["facts"]["hotline"] = "1-800-555-0199"
    later = fixed_now + timedelta(hours=2)

    changes = repo.import_incident(changed, "lead", later, source="v2.json")

    assert "checklist item notice-what-to-do changed" in changes
    assert "checklist item press-statement added" in changes
    assert "checklist item key-messages removed (its record is kept)" in changes
    assert "facts changed: hotline" in changes
    room = repo.snapshot()
    assert room.incident.item("notice-what-to-do").title.startswith("Notice tells")  # type: ignore[union-attr]
    assert room.incident.item("press-statement") is not None
    assert (
        room.ticks["notice-what-to-do"].done and room.ticks["notice-what-to-do"].operator == "ana"
    )
    assert room.ticks["key-messages"].done, "a removed item's tick is kept on record"
    assert room.checklist_progress() == (1, len(changed["checklist"]))
    assert room.inquiry_totals()["phone"] == 3 and room.inquiry_totals()["email"] == 1
    assert {m.id for m in room.mentions} == {"m-1", "m-2"}
    assert room.triage["m-1"].state is Triage.RESPOND
    assert any(e.kind is EventKind.NOTE and "Legal approved" in e.text for e in room.timeline)
    update = [e for e in room.timeline if e.kind is EventKind.IMPORT][-1]
    assert update.operator == "lead" and update.at == later
    assert update.text.startswith("Preparation updated from v2.json: ")
    for change in changes:
        assert change in update.text


def test_importing_another_incident_is_refused(
    repo: WarRoomRepository, db_path: Path, sample_data: Data, fixed_now: datetime
) -> None:
    before = sha256(db_path)
    other = copy.deepcopy(sample_data)
    other["incident"]["id"] = "another-incident"
    with pytest.raises(StoreError, match="another-incident") as caught:
        repo.import_incident(other, "ana", fixed_now)
    assert "--db" in str(caught.value)
    assert sha256(db_path) == before
    assert repo.incident().id == "nw-2026-11-credential-breach"


# ------------------------------------------------------------------ checklist
def test_tick_and_untick(repo: WarRoomRepository, fixed_now: datetime) -> None:
    later = fixed_now + timedelta(minutes=5)
    assert repo.set_tick("faq-published", True, "kim", fixed_now) is True
    assert repo.set_tick("faq-published", True, "ana", later) is False, "already ticked"
    tick = repo.snapshot().ticks["faq-published"]
    assert (tick.done, tick.operator, tick.at) == (True, "kim", fixed_now)
    assert repo.set_tick("faq-published", False, "ana", later) is True
    assert repo.set_tick("faq-published", False, "ana", later) is False, "already unticked"
    room = repo.snapshot()
    assert not room.ticks["faq-published"].done
    assert room.checklist_progress()[0] == 0
    ticks = entries(repo, EventKind.TICK)
    unticks = entries(repo, EventKind.UNTICK)
    assert [(e.operator, e.at) for e in ticks] == [("kim", fixed_now)]
    assert [(e.operator, e.at) for e in unticks] == [("ana", later)]
    assert "FAQ page published" in ticks[0].text and "FAQ page published" in unticks[0].text


def test_ticking_an_unknown_item_is_refused(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    before = sha256(db_path)
    with pytest.raises(StoreError, match="no-such-item"):
        repo.set_tick("no-such-item", True, "ana", fixed_now)
    assert sha256(db_path) == before


# ------------------------------------------------------------------ notes
def test_add_note_back_dated(repo: WarRoomRepository, fixed_now: datetime) -> None:
    earlier = fixed_now - timedelta(hours=2)
    live = repo.add_note("Hotline volume rising", "kim", fixed_now)
    old = repo.add_note("CEO was told by phone", "ana", fixed_now, at=earlier)
    assert not live.is_backdated
    assert old.at == earlier and old.recorded_at == fixed_now and old.is_backdated
    notes = entries(repo, EventKind.NOTE)
    assert [n.text for n in notes] == ["CEO was told by phone", "Hotline volume rising"]
    assert notes[0].operator == "ana"


def test_add_note_refuses_empty_text(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    before = sha256(db_path)
    with pytest.raises(ValueError):
        repo.add_note("   \n ", "ana", fixed_now)
    assert sha256(db_path) == before


def test_note_text_is_made_inert(repo: WarRoomRepository, fixed_now: datetime) -> None:
    entry = repo.add_note("call \x1b]52;c;ZXZpbA==\x07 back [b]now[/]", "ana\x1b[2J", fixed_now)
    assert "\x1b" not in entry.text and "\x07" not in entry.text
    assert "\x1b" not in entry.operator
    assert "[b]now[/]" in entry.text, "markup-looking text is kept as plain text"


# ------------------------------------------------------------------ inquiries
def test_count_and_take_back_never_below_zero(repo: WarRoomRepository, fixed_now: datetime) -> None:
    repo.count_inquiry("phone", "ana", fixed_now)
    repo.count_inquiry("phone", "kim", fixed_now, count=2, topic="card numbers")
    repo.count_inquiry("social", "kim", fixed_now)
    assert repo.snapshot().inquiry_totals()["phone"] == 3
    assert repo.take_back_inquiry("phone", "ana", fixed_now) is True
    assert repo.take_back_inquiry("phone", "ana", fixed_now) is True
    assert repo.take_back_inquiry("phone", "ana", fixed_now) is True
    assert repo.take_back_inquiry("phone", "ana", fixed_now) is False, "already zero"
    assert repo.take_back_inquiry("email", "ana", fixed_now) is False, "never counted"
    room = repo.snapshot()
    totals = room.inquiry_totals()
    assert totals["phone"] == 0 and totals["social"] == 1 and totals["email"] == 0
    assert len(entries(repo, EventKind.INQUIRY_UNDO)) == 3
    counted = entries(repo, EventKind.INQUIRY)
    assert len(counted) == 3
    assert any("2 inquiries on Phone / switchboard about card numbers" in e.text for e in counted)
    # Each counted inquiry is its own event, so rates stay true.
    assert sum(1 for e in room.inquiries if e.delta == 1) == 4


def test_counting_on_an_unknown_channel_is_refused(
    repo: WarRoomRepository, fixed_now: datetime
) -> None:
    with pytest.raises(StoreError, match="fax"):
        repo.count_inquiry("fax", "ana", fixed_now)
    with pytest.raises(StoreError, match="fax"):
        repo.take_back_inquiry("fax", "ana", fixed_now)


# ------------------------------------------------------------------ triage
def test_set_triage_records_who_and_what(repo: WarRoomRepository, fixed_now: datetime) -> None:
    repo.add_new_mentions([mention(1, fixed_now)])
    assert repo.snapshot().triage_state("m-1") is Triage.NEW
    later = fixed_now + timedelta(minutes=3)
    record = repo.set_triage("m-1", "kim", later, state=Triage.MONITOR, assignee="Leo")
    assert (record.state, record.operator, record.at, record.assignee) == (
        Triage.MONITOR,
        "kim",
        later,
        "Leo",
    )
    room = repo.snapshot()
    assert room.triage_state("m-1") is Triage.MONITOR
    assert room.mentions_by_state()[Triage.MONITOR] == 1
    (entry,) = entries(repo, EventKind.TRIAGE)
    assert entry.operator == "kim" and entry.at == later
    assert "Northwind breach post 1" in entry.text and "marked monitor" in entry.text
    assert "assigned to Leo" in entry.text
    # The same decision again changes nothing and records nothing.
    repo.set_triage("m-1", "ana", later, state=Triage.MONITOR)
    assert len(entries(repo, EventKind.TRIAGE)) == 1
    assert repo.snapshot().triage["m-1"].operator == "kim"


# ------------------------------------------------------------------ mentions
def test_add_new_mentions_dedups_by_entry_id_and_url(
    repo: WarRoomRepository, fixed_now: datetime
) -> None:
    first = repo.add_new_mentions([mention(1, fixed_now), mention(2, fixed_now)])
    assert [m.id for m in first] == ["m-1", "m-2"]
    again = repo.add_new_mentions(
        [
            mention(3, fixed_now, entry_id="tag:example.com,2026:1"),  # same entry id as m-1
            # the same article (URL and title) reached through another alert, as m-2:
            mention(
                4,
                fixed_now,
                url="https://social.example.com/post/2",
                title="Northwind  BREACH post 2",
            ),
            mention(5, fixed_now),
            mention(
                6,
                fixed_now,
                url="https://social.example.com/post/5",
                title="Northwind breach post 5",
            ),
            # a different record that links to the same page as m-1 is its own mention:
            mention(9, fixed_now, url="https://social.example.com/post/1"),
        ]
    )
    assert [m.id for m in again] == ["m-5", "m-9"]
    room = repo.snapshot()
    assert [m.id for m in room.mentions] == ["m-9", "m-5", "m-2", "m-1"], "newest first"


def test_dedup_holds_across_two_repositories_on_one_file(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    other = WarRoomRepository.open(db_path)
    try:
        assert [m.id for m in repo.add_new_mentions([mention(1, fixed_now)])] == ["m-1"]
        # ``other`` has not looked since; it must still see m-1 on disk before adding.
        assert (
            other.add_new_mentions([mention(7, fixed_now, entry_id="tag:example.com,2026:1")]) == []
        )
        same_article = mention(
            8, fixed_now, url="https://social.example.com/post/1", title="Northwind breach post 1"
        )
        assert other.add_new_mentions([same_article]) == []
        assert [m.id for m in other.add_new_mentions([mention(2, fixed_now)])] == ["m-2"]
        assert repo.refresh_if_changed() is True, "other's new mention is noticed"
        assert repo.add_new_mentions([mention(2, fixed_now)]) == []
        assert {m.id for m in repo.snapshot().mentions} == {"m-1", "m-2"}
    finally:
        other.close()
    reopened = WarRoomRepository.open(db_path)
    try:
        assert len(reopened.snapshot().mentions) == 2
    finally:
        reopened.close()


def test_mentions_roll_over_into_new_shards(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shards_module, "SHARD_CAPACITY", 5)
    main_before = sha256(db_path)
    repo.add_new_mentions([mention(n, fixed_now) for n in range(1, 4)])
    repo.add_new_mentions([mention(n, fixed_now) for n in range(4, 13)])
    shards = shard_paths(db_path)
    assert [p.name for p in shards] == [
        "warroom.mentions.0001.json",
        "warroom.mentions.0002.json",
        "warroom.mentions.0003.json",
    ]
    sizes = [len(json.loads(p.read_text("utf-8"))["mentions"]) for p in shards]
    assert sizes == [5, 5, 2]
    recorded = json.loads(db_path.read_text("utf-8"))["shards"].values()
    assert [(r["name"], r["count"]) for r in recorded] == [
        (p.name, n) for p, n in zip(shards, sizes, strict=True)
    ], "the main file records every shard and its count (issue 14)"
    assert sha256(db_path) != main_before
    reopened = WarRoomRepository.open(db_path)
    try:
        assert len(reopened.snapshot().mentions) == 12
        assert (
            reopened.add_new_mentions([mention(99, fixed_now, entry_id="tag:example.com,2026:3")])
            == []
        )
        assert len(reopened.add_new_mentions([mention(13, fixed_now)])) == 1
    finally:
        reopened.close()
    sizes = [len(json.loads(p.read_text("utf-8"))["mentions"]) for p in shard_paths(db_path)]
    assert sizes == [5, 5, 3]


# ------------------------------------------------------------------ two repositories, one file
def test_two_repositories_see_each_others_changes(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    kim = WarRoomRepository.open(db_path)
    try:
        assert kim.refresh_if_changed() is False
        repo.set_tick("faq-published", True, "ana", fixed_now)
        repo.count_inquiry("phone", "ana", fixed_now)
        assert kim.refresh_if_changed() is True
        room = kim.snapshot()
        assert room.ticks["faq-published"].operator == "ana"
        assert room.inquiry_totals()["phone"] == 1
        kim.add_note("Press call at 09:00", "kim", fixed_now)
        kim.add_new_mentions([mention(1, fixed_now)])
        assert repo.refresh_if_changed() is True
        assert repo.refresh_if_changed() is False, "nothing new the second time"
        room = repo.snapshot()
        assert any(e.text == "Press call at 09:00" and e.operator == "kim" for e in room.timeline)
        assert [m.id for m in room.mentions] == ["m-1"]
        # Writes from both sides interleave without losing either.
        repo.count_inquiry("phone", "ana", fixed_now)
        kim.count_inquiry("phone", "kim", fixed_now)
        repo.count_inquiry("phone", "ana", fixed_now)
        assert kim.snapshot().inquiry_totals()["phone"] == 4
        assert repo.snapshot().inquiry_totals()["phone"] == 4
    finally:
        kim.close()


# ------------------------------------------------------------------ refusing files not ours
NOT_OURS: dict[str, bytes] = {
    "tinydb without warroom meta": b'{"_default": {"1": {"name": "someone else\'s data"}}}',
    "tinydb with another app's meta": (
        b'{"meta": {"1": {"app": "ledger", "kind": "main", "schema_version": 1}}}'
    ),
    "json list": b'[{"incident": "nw"}]',
    "garbage": b"\x00\x01 this is not json at all \xff\xfe",
    "truncated json": b'{"meta": {"1": {"app": "warroom", "kind": "main"',
    "empty file": b"",
}


@pytest.mark.parametrize("create", [False, True], ids=["open", "open-create"])
@pytest.mark.parametrize("content", list(NOT_OURS.values()), ids=list(NOT_OURS))
def test_a_file_that_is_not_a_warroom_database_is_refused_untouched(
    db_path: Path, content: bytes, create: bool, sample_data: Data, fixed_now: datetime
) -> None:
    db_path.write_bytes(content)
    before = sha256(db_path)
    with pytest.raises(StoreError) as caught:
        repo = WarRoomRepository.open(db_path, create=create)
        # Should it open at all, no write may reach the file.
        repo.import_incident(sample_data, "ana", fixed_now)
    assert str(db_path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert sha256(db_path) == before
    assert shard_paths(db_path) == []


def _main_file_with_meta(db_path: Path, repo: WarRoomRepository, **meta: object) -> None:
    data = json.loads(db_path.read_text("utf-8"))
    (doc_id,) = data["meta"]
    data["meta"][doc_id].update(meta)
    db_path.write_text(json.dumps(data), encoding="utf-8")


def test_a_newer_schema_version_is_refused(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    repo.close()
    _main_file_with_meta(db_path, repo, schema_version=SCHEMA_VERSION + 1)
    before = sha256(db_path)
    with pytest.raises(StoreError, match="newer warroom") as caught:
        WarRoomRepository.open(db_path)
    assert f"schema {SCHEMA_VERSION + 1}" in str(caught.value)
    assert sha256(db_path) == before


def test_the_stored_schema_version_is_ours(repo: WarRoomRepository, db_path: Path) -> None:
    data = json.loads(db_path.read_text("utf-8"))
    (meta,) = data["meta"].values()
    assert meta == {"app": "warroom", "kind": "main", "schema_version": SCHEMA_VERSION}


def test_a_damaged_mentions_shard_is_refused_untouched(
    repo: WarRoomRepository, db_path: Path, fixed_now: datetime
) -> None:
    repo.add_new_mentions([mention(1, fixed_now)])
    (shard,) = shard_paths(db_path)
    shard.write_bytes(shard.read_bytes()[:-20])
    before = sha256(shard)
    opened = WarRoomRepository.open(db_path)  # the main file is fine; the shard is read on demand
    try:
        with pytest.raises(StoreError, match="mentions"):
            opened.snapshot()
        with pytest.raises(StoreError, match="mentions"):
            opened.add_new_mentions([mention(2, fixed_now)])
    finally:
        opened.close()
    assert sha256(shard) == before


def test_opening_a_missing_database_says_how_to_create_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"
    with pytest.raises(StoreError) as caught:
        WarRoomRepository.open(missing)
    message = str(caught.value)
    assert str(missing) in message
    assert "warroom init" in message and f"--db {missing}" in message
    assert not missing.exists()
    assert list(tmp_path.iterdir()) == []


def test_opening_without_an_incident_says_so(db_path: Path) -> None:
    repo = WarRoomRepository.open(db_path, create=True)
    try:
        assert not repo.has_incident()
        with pytest.raises(StoreError, match="warroom init"):
            repo.incident()
    finally:
        repo.close()


def test_reimport_repairs_a_stored_incident_this_warroom_cannot_read(
    repo: WarRoomRepository, db_path: Path, sample_data: Data, fixed_now: datetime
) -> None:
    """``incident()`` tells the operator to re-import; that advice must work, keeping their data."""
    repo.set_tick("faq-published", True, "ana", fixed_now)
    repo.close()
    stored = json.loads(db_path.read_text("utf-8"))
    (doc,) = stored["incident"].values()
    doc["data"]["facts"]["retired_field"] = "written by an older warroom"
    doc["digest"] = "older"
    db_path.write_text(json.dumps(stored), encoding="utf-8")

    reopened = WarRoomRepository.open(db_path)
    try:
        with pytest.raises(StoreError, match="warroom init"):
            reopened.incident()
        later = fixed_now + timedelta(hours=1)
        changes = reopened.import_incident(sample_data, "lead", later, source="fixed.json")
        assert changes
        room = reopened.snapshot()
        assert room.incident.id == "nw-2026-11-credential-breach"
        assert room.ticks["faq-published"].done
        last = room.timeline[-1]
        assert (last.kind, last.operator, last.at) == (EventKind.IMPORT, "lead", later)
        assert last.text.startswith("Preparation updated from fixed.json: ")
        assert "could not be read" in last.text
    finally:
        reopened.close()
