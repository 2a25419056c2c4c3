"""A rehearsal plays in scripted time: the same trends, spikes and review at any speed.

The wall clock is injected (a fake that moves only when the replay sleeps), so a three-hour
script at ``--speed 1`` takes no real time in the test.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.commands.export import run_export
from warroom.commands.rehearse import load_script, run_rehearse
from warroom.commands.review_export import run_review_export
from warroom.domain.rehearsal import RehearsalClock
from warroom.domain.trends import inquiry_trends
from warroom.exporters.rehearsal_mark import REHEARSAL_LINE
from warroom.store.regulatory import RegulatoryStore
from warroom.store.rehearsal import room_clock
from warroom.store.repository import WarRoomRepository

START = datetime(2026, 12, 1, 9, 40, 0, tzinfo=UTC)


@dataclass
class FakeWall:
    """A wall clock that advances only when slept on."""

    now: datetime
    slept: float = 0.0

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += timedelta(seconds=seconds)


def _play(db: Path, speed: float, wall: FakeWall, **options: Any) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_rehearse(None, db, speed=speed, out=out, err=err, wall=wall, sleep=wall.sleep,
                        **options)  # fmt: skip
    return code, err.getvalue()


def _figures(db: Path, wall: FakeWall) -> dict[str, Any]:
    """What a dashboard and the review show at the room's time, relative to detection."""
    repo = WarRoomRepository.open(db)
    try:
        now = room_clock(repo, wall)()
        room = repo.snapshot()
        review = RegulatoryStore(repo).review(now)
    finally:
        repo.close()
    incident = room.incident
    trends = inquiry_trends(incident.channels, room.inquiries, incident.detected_at, now)
    detected = incident.detected_at
    return {
        "elapsed": now - detected,
        "series": {t.channel_id: t.hourly for t in trends.channels},
        "spikes": [(s.channel_id, s.start - detected, s.count, s.baseline) for s in trends.spikes],
        "topics": [(p.topic, p.count) for p in trends.faq_prompts],
        "inquiry_hours": [(h - detected, n) for h, n in review.inquiry_hours],
        "peak_hour": review.peak_hour and (review.peak_hour[0] - detected, review.peak_hour[1]),
        "review_spikes": [(s.channel_id, s.hour - detected, s.count) for s in review.spikes],
        "mention_hours": [(h - detected, n) for h, n in review.mention_hours],
        "median_to_triage": review.median_to_triage,
        "stamps": [  # all but the mark, which names the speed
            (e.at - detected, e.kind, e.text)
            for e in room.timeline
            if not e.text.startswith("REHEARSAL:")
        ],
    }


def test_speed_120_gives_the_same_trends_spikes_and_review_as_speed_1(tmp_path: Path) -> None:
    script = load_script(None)
    fast_wall, slow_wall = FakeWall(START), FakeWall(START + timedelta(days=3))
    assert _play(tmp_path / "fast.json", 120, fast_wall) == (0, "")
    assert _play(tmp_path / "slow.json", 1, slow_wall) == (0, "")
    assert fast_wall.slept == pytest.approx(script.duration.total_seconds() / 120)
    assert slow_wall.slept == pytest.approx(script.duration.total_seconds())
    fast, slow = (
        _figures(tmp_path / "fast.json", fast_wall),
        _figures(tmp_path / "slow.json", slow_wall),
    )
    assert fast == slow
    # And the figures are those of three hours, not of ninety seconds.
    assert fast["elapsed"] == script.duration
    phone = fast["series"]["phone"]
    assert sum(1 for n in phone if n) >= 3, phone  # a sparkline of hours, not one bar
    assert [s[0] for s in fast["spikes"]] == ["phone"] and fast["spikes"][0][3] > 0
    assert len(fast["inquiry_hours"]) >= 3


def test_a_dashboard_opened_half_way_tells_scripted_time(tmp_path: Path) -> None:
    clock = RehearsalClock("t", START, START, 120, timedelta(hours=3))
    assert clock.at(START + timedelta(seconds=45)) == START + timedelta(minutes=90)
    assert clock.at(START + timedelta(seconds=90)) == START + timedelta(hours=3)
    # After the script the room carries on at the wall's pace.
    assert clock.at(START + timedelta(seconds=150)) == START + timedelta(hours=3, minutes=1)
    assert clock.wall_for(START + timedelta(hours=1)) == START + timedelta(seconds=30)
    at_once = RehearsalClock("t", START, START, 0, timedelta(hours=3))
    assert at_once.at(START) == START + timedelta(hours=3)
    assert at_once.wall_for(START + timedelta(hours=1)) == START


def test_rehearse_refuses_a_live_database_unless_told_and_marks_its_records(
    tmp_path: Path, sample_data: dict[str, Any]
) -> None:
    live = tmp_path / "live.json"
    repo = WarRoomRepository.open(live, create=True)
    repo.import_incident(sample_data, "ana", START - timedelta(hours=1))
    repo.close()
    before = live.read_bytes()
    code, err = _play(live, 120, FakeWall(START))
    assert code == 2 and "not a rehearsal database" in err and "--into-live" in err
    code, err = _play(live, 120, FakeWall(START), into_live=True)
    assert code == 2 and "--speed 1 only" in err
    assert live.read_bytes() == before
    assert _play(live, 1, FakeWall(START), into_live=True) == (0, "")
    repo = WarRoomRepository.open(live)
    try:
        room = repo.snapshot()
    finally:
        repo.close()
    assert room.rehearsal is None  # a live room stays live
    played = [e for e in room.timeline if e.at >= START]
    assert played and all(e.operator == "rehearsal" for e in played)
    assert {e.operator for e in room.inquiries} == {"rehearsal"}


def test_a_rehearsal_database_is_marked_and_so_are_its_exports(tmp_path: Path) -> None:
    db = tmp_path / "rehearsal.json"
    wall = FakeWall(START)
    assert _play(db, 0, wall) == (0, "")
    code, err = _play(db, 0, wall)
    assert code == 2 and "already holds a rehearsal" in err
    assert run_review_export(db, "md", tmp_path / "out") == 0
    assert (tmp_path / "out" / "review.md").read_text().startswith(REHEARSAL_LINE)
    why = "the gate is not what this test is about"
    assert run_export(db, "notice", "eml", tmp_path / "msg", "ana", override=why) == 0
    eml = (tmp_path / "msg" / "notice.eml").read_bytes()
    assert b"Subject: [REHEARSAL] " in eml and b"X-Warroom-Rehearsal: yes" in eml
    assert run_export(db, "faq", "html", tmp_path / "msg", "ana", override=why) == 0
    assert REHEARSAL_LINE in (tmp_path / "msg" / "faq.html").read_text()
    stored = json.loads(db.read_text())
    assert list(stored["rehearsal"].values())[0]["speed"] == 0


def test_poll_leaves_a_rehearsal_to_its_script(tmp_path: Path) -> None:
    from warroom.commands.poll import run_poll

    db = tmp_path / "rehearsal.json"
    assert _play(db, 0, FakeWall(START)) == (0, "")
    err = io.StringIO()
    code = run_poll(db, once=True, concurrency=1, operator="ana", out=io.StringIO(), err=err)
    assert code == 1 and "is a rehearsal" in err.getvalue()
