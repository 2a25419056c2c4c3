"""``warroom demo`` opens on a believable hour two, whatever the date: what a new user sees."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from warroom.commands.demo import FRESH_AFTER, HOURS_IN, prepare_demo
from warroom.domain.checklist import overdue_items
from warroom.domain.clock import fixed_clock
from warroom.domain.mentions import Triage
from warroom.domain.timeline import EventKind
from warroom.service import StoreGateway
from warroom.store.drafts import DraftStore
from warroom.store.repository import WarRoomRepository
from warroom.ui.app import WarRoomApp
from warroom.ui.widgets.incident_header import IncidentHeader

from .conftest import screen_text

DATES = [
    datetime(2026, 12, 1, 9, 40, tzinfo=UTC),  # the day the issue was found, sample + 5 days
    datetime(2026, 11, 26, 20, 0, tzinfo=UTC),  # before the sample's own detection
    datetime(2028, 2, 29, 1, 5, tzinfo=UTC),  # a leap day, detection the evening before
    datetime(2031, 12, 31, 23, 59, tzinfo=UTC),  # the year turns during the first hour
]


@pytest.mark.parametrize("now", DATES, ids=lambda d: d.strftime("%Y-%m-%dT%H%M"))
async def test_the_first_screen_is_hour_two_of_a_busy_room(tmp_path: Path, now: datetime) -> None:
    room = prepare_demo(tmp_path / "demo.json", "rosa", now)
    assert room.fresh and now - room.detected_at <= HOURS_IN + timedelta(minutes=1)
    repo = WarRoomRepository.open(room.db)
    app = WarRoomApp(StoreGateway(repo), operator="rosa", clock=fixed_clock(now))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        header = app.screen.query_one(IncidentHeader)
        elapsed = str(header.query_one("#header-elapsed").render())
    view = WarRoomRepository.open(room.db)
    try:
        snapshot, facts = view.snapshot(), DraftStore(view).facts()
    finally:
        view.close()
    match = re.search(r"T\+(\d\d):(\d\d)", elapsed)
    assert match and int(match.group(1)) < 3, elapsed
    events = re.search(r"(\d+) events", text)
    assert events and int(events.group(1)) >= 20
    assert "OVERDUE" not in text or int(re.findall(r"(\d+) OVERDUE", text)[0]) <= 3
    assert len(overdue_items(snapshot.incident, snapshot.ticks, now)) <= 3
    operators = {e.operator for e in snapshot.timeline if e.kind is not EventKind.SYSTEM}
    assert {"maya", "jonas", "priya", "leo"} <= operators
    assert sum(1 for t in snapshot.ticks.values() if t.done) >= 5
    states = {record.state for record in snapshot.triage.values()}
    assert {Triage.IGNORE, Triage.MONITOR, Triage.RESPONDED} <= states
    assert not any(re.search(r"\[/|\[@|\x1b|<script", m.title) for m in snapshot.mentions)
    # The phone line rises: more in the last hour than in the hour before.
    phone = [e.at for e in snapshot.inquiries if e.channel_id == "phone"]
    assert sum(at > now - timedelta(hours=1) for at in phone) > 2 * sum(
        at <= now - timedelta(hours=1) for at in phone
    )
    # The story's dates follow the clock: the facts' prose names the detection's day.
    assert f"{room.detected_at.day} " in facts.what_happened
    assert str(room.detected_at.year) in facts.what_happened


def test_drafts_are_saved_and_one_is_stale_and_a_clock_is_filed(tmp_path: Path) -> None:
    now = DATES[0]
    room = prepare_demo(tmp_path / "demo.json", "rosa", now)
    repo = WarRoomRepository.open(room.db)
    try:
        drafts = DraftStore(repo)
        saved = [d for d in drafts.drafts() if d.latest is not None]
        stale = [str(d.ref) for d, _ in drafts.stale_drafts()]
        ticks = repo.snapshot().ticks
    finally:
        repo.close()
    assert len(saved) >= 3 and stale == ["faq"]
    assert ticks["nis2-early-warning-sent"].done


def test_a_restart_carries_on_and_yesterdays_room_starts_afresh(tmp_path: Path) -> None:
    db, now = tmp_path / "demo.json", DATES[0]
    first = prepare_demo(db, "rosa", now)
    again = prepare_demo(db, "rosa", now + timedelta(minutes=40))
    assert not again.fresh and again.schedule == first.schedule
    assert again.detected_at == first.detected_at
    later = now + FRESH_AFTER + HOURS_IN
    tomorrow = prepare_demo(db, "rosa", later)
    assert tomorrow.fresh and later - tomorrow.detected_at <= HOURS_IN + timedelta(minutes=1)


def test_the_demo_never_touches_a_real_incident(tmp_path: Path, sample_data: dict) -> None:  # type: ignore[type-arg]
    db = tmp_path / "real.json"
    repo = WarRoomRepository.open(db, create=True)
    repo.import_incident(sample_data, "ana", DATES[0])
    repo.close()
    before = db.read_bytes()
    from warroom.store.errors import StoreError

    with pytest.raises(StoreError, match="did not write"):
        prepare_demo(db, "rosa", DATES[0], fresh=True)
    assert db.read_bytes() == before


@pytest.mark.parametrize("wall_mode", [False, True], ids=["dashboard", "wall"])
async def test_a_rehearsal_shows_its_banner_and_its_own_time(
    tmp_path: Path, wall_mode: bool
) -> None:
    import io

    from warroom.commands.rehearse import run_rehearse
    from warroom.store.rehearsal import room_clock

    start = DATES[0]
    db = tmp_path / "rehearsal.json"
    assert run_rehearse(None, db, speed=0, out=io.StringIO(), wall=lambda: start) == 0
    repo = WarRoomRepository.open(db)
    clock = room_clock(repo, lambda: start + timedelta(minutes=5))
    app = WarRoomApp(StoreGateway(repo), operator="rosa", clock=clock, read_only=wall_mode)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
    assert "◉ REHEARSAL" in text
    assert "T+03:05" in text  # the script's three hours, then five minutes of the wall's


@pytest.mark.skipif(shutil.which("faketime") is None, reason="apt-get install faketime")
def test_under_a_moved_system_clock_the_demo_room_is_still_hour_two(tmp_path: Path) -> None:
    """The real clock path (no injection): libfaketime moves the process's time to 2030."""
    db = tmp_path / "demo.json"
    seed = (
        "import pathlib; from warroom.cli.common import now; from warroom.commands.demo import "
        f"prepare_demo; prepare_demo(pathlib.Path({str(db)!r}), 'rosa', now())"
    )
    moved = ["faketime", "2030-06-15 03:00:00", sys.executable]
    subprocess.run([*moved, "-c", seed], check=True, timeout=120)
    status = subprocess.run(
        [*moved, "-m", "warroom", "status", "--db", str(db), "--json"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    summary = json.loads(status.stdout)
    assert summary["detected_at"].startswith("2030-06-15T00:50")
    assert summary["elapsed_seconds"] < 3 * 3600
    assert len(summary["checklist"]["overdue"]) <= 3
    assert summary["timeline_events"] >= 20
