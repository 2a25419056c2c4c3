"""Lawful delays recorded during the incident, and triggers with their reasons, in the store.

A law-enforcement request usually arrives mid-incident, not while the file is prepared, so the
pause is an operator's act: stored with who and why, in the timeline, and laid over the file's
section whenever clocks are evaluated.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from warroom.domain.clocks import ClockState
from warroom.domain.timeline import EventKind
from warroom.store.regulatory import RegulatoryStore
from warroom.store.repository import WarRoomRepository

AWARE = datetime(2026, 11, 26, 22, 40, tzinfo=UTC)  # the sample's became_aware


def clock(store: RegulatoryStore, now: datetime, rule_id: str):  # type: ignore[no-untyped-def]
    return next(s for s in store.clocks(now) if s.id == rule_id)


def test_a_pause_stops_the_clock_and_its_end_adds_the_time(
    repo: WarRoomRepository, fixed_now: datetime
) -> None:
    store = RegulatoryStore(repo)
    start = AWARE + timedelta(days=5)  # 2026-12-01 22:40Z
    with pytest.raises(ValueError, match="allows no law-enforcement pause"):
        store.pause("law-enforcement", ["gdpr-authority"], start, "ana", start)
    text = store.pause(
        "law-enforcement", ["us-ca-individuals"], start, "ana", start, why="FBI letter of 1 Dec"
    )
    assert text.startswith("Clock paused: law-enforcement delay") and "FBI letter" in text
    assert repo.snapshot().timeline[-1].kind is EventKind.TRIGGER
    # Cal. Civ. Code 1798.82(a): 30 days from awareness, due 2026-12-26 22:40Z without a pause.
    later = AWARE + timedelta(days=31)
    assert clock(store, later, "us-ca-individuals").state is ClockState.PAUSED
    end = start + timedelta(days=10)
    store.resume("law-enforcement", end, "ana", end)
    resumed = clock(store, end + timedelta(hours=1), "us-ca-individuals")
    assert resumed.due_at == datetime(2027, 1, 5, 22, 40, tzinfo=UTC)
    with pytest.raises(ValueError, match="no law-enforcement pause is running"):
        store.resume("law-enforcement", end, "ana", end)


def test_a_trigger_set_on_the_board_keeps_its_reason(
    repo: WarRoomRepository, fixed_now: datetime
) -> None:
    store = RegulatoryStore(repo)
    at = fixed_now - timedelta(hours=1)
    text = store.set_trigger(
        "materiality_determined", at, "carla", fixed_now, why="disclosure committee minutes"
    )
    assert "(by carla: disclosure committee minutes)" in text
    assert store.triggers()["materiality_determined"].why == "disclosure committee minutes"


def test_a_closure_announced_mid_incident_recounts_the_sec_deadline(
    repo: WarRoomRepository, fixed_now: datetime
) -> None:
    # Form 8-K Item 1.05: determination Wed 2026-11-25 14:00 ET is due Wed 2 Dec 17:30 ET (D5).
    store = RegulatoryStore(repo)
    decided = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
    now = decided + timedelta(hours=1)
    store.set_trigger("materiality_determined", decided, "carla", now)
    assert clock(store, now, "sec-8k").due_at == datetime(2026, 12, 2, 22, 30, tzinfo=UTC)
    with pytest.raises(ValueError, match="say why"):
        store.add_closure("us-federal", date(2026, 12, 1), " ", "carla", now)
    text = store.add_closure("us-federal", date(2026, 12, 1), "EO (example)", "carla", now)
    assert "recounted" in text
    # Offices closed on Tue 1 Dec: the fourth business day becomes Thu 3 Dec.
    assert clock(store, now, "sec-8k").due_at == datetime(2026, 12, 3, 22, 30, tzinfo=UTC)
