"""``warroom clocks``: the clock board's judgements from a shell, through the same intents.

Real ``python -m warroom`` processes on a real database; the refusals are the service's (a
pause needs a reason, a trigger's reason needs a trigger that happened), and a dashboard open
on the same file, another operator, sees the CLI's pause on its clock board.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.cli.test_cli import assert_one_line_error, run, sha256
from warroom.domain.clock import fixed_clock
from warroom.domain.timeline import EventKind
from warroom.service import StoreGateway
from warroom.store.regulatory import RegulatoryStore
from warroom.store.repository import WarRoomRepository
from warroom.ui.app import WarRoomApp
from warroom.ui.screens.clock_board import ClockBoardScreen
from warroom.ui.widgets.row_list import RowList


def _init(tmp_path: Path, sample_path: Path) -> Path:
    result = run(tmp_path, "init", str(sample_path), "--operator", "ana")
    assert result.returncode == 0, result.stderr
    return tmp_path / "warroom.json"


def _trigger_entries(db: Path, text: str) -> list[str]:
    repo = WarRoomRepository.open(db)
    try:
        timeline = repo.snapshot().timeline
        return [e.text for e in timeline if e.kind is EventKind.TRIGGER and text in e.text]
    finally:
        repo.close()


def test_the_list_shows_the_clocks_that_apply_and_all_shows_every_one(
    tmp_path: Path, sample_path: Path
) -> None:
    _init(tmp_path, sample_path)
    shown = run(tmp_path, "clocks")
    assert shown.returncode == 0, shown.stderr
    ids = [line.split()[0] for line in shown.stdout.splitlines()]
    assert "us-ca-individuals" in ids and "gdpr-authority" in ids
    assert "hipaa-individuals" not in ids  # not a covered entity: does not apply
    every = run(tmp_path, "clocks", "--all", "--json")
    records = {r["id"]: r for r in json.loads(every.stdout)}
    assert records["hipaa-individuals"]["state"] == "not-applicable"
    assert set(ids) < set(records)


def test_pause_and_resume_from_the_shell_are_the_boards_intents(
    tmp_path: Path, sample_path: Path
) -> None:
    db = _init(tmp_path, sample_path)
    missing = run(tmp_path, "clocks", "pause", "law-enforcement")
    assert missing.returncode == 2 and "--reason" in missing.stderr
    blank = run(tmp_path, "clocks", "pause", "law-enforcement", "--reason", "  ")
    assert_one_line_error(blank, "say who asked")
    wrong = run(
        tmp_path, "clocks", "pause", "law-enforcement", "--clock", "gdpr-authority", "--reason", "x"
    )
    assert_one_line_error(wrong, "gdpr-authority")
    assert not _trigger_entries(db, "Clock paused")

    paused = run(
        tmp_path,
        "clocks",
        "pause",
        "law-enforcement",
        "--clock",
        "us-ca-individuals",
        "--from=-1h",
        "--reason",
        "FBI letter ref 26-114",
        "--operator",
        "counsel",
    )
    assert paused.returncode == 0, paused.stderr
    assert paused.stdout.startswith("Clock paused: law-enforcement delay")
    shown = run(tmp_path, "clocks").stdout
    ca = next(line for line in shown.splitlines() if line.startswith("us-ca-individuals "))
    assert " paused " in ca and "FBI letter ref 26-114" in ca
    again = run(tmp_path, "clocks", "pause", "law-enforcement", "--reason", "second letter")
    assert_one_line_error(again, "already running")

    resumed = run(tmp_path, "clocks", "resume", "--operator", "counsel")
    assert resumed.returncode == 0, resumed.stderr
    repo = WarRoomRepository.open(db)
    (pause,) = RegulatoryStore(repo).pauses()
    repo.close()
    assert pause.set_by == "counsel" and pause.end is not None
    assert len(_trigger_entries(db, "Clock paused")) == 1
    assert len(_trigger_entries(db, "Clock resumed")) == 1


def test_a_refused_change_leaves_the_file_untouched(tmp_path: Path, sample_path: Path) -> None:
    db = _init(tmp_path, sample_path)
    before = sha256(db)
    assert_one_line_error(run(tmp_path, "clocks", "closed", "2026-13-01", "--reason", "x"), "YYYY")
    assert_one_line_error(
        run(tmp_path, "clocks", "trigger", "materiality_determined", "--reason", "memo"),
        "has not happened yet",
    )
    assert_one_line_error(
        run(tmp_path, "clocks", "trigger", "materiality-determined", "--reason", "memo"),
        "not a trigger",
        "materiality_determined",
    )
    assert_one_line_error(run(tmp_path, "clocks", "resume"), "no pause is running")
    assert sha256(db) == before


def test_a_trigger_set_then_explained_then_cleared(tmp_path: Path, sample_path: Path) -> None:
    db = _init(tmp_path, sample_path)
    set_ = run(
        tmp_path, "clocks", "trigger", "materiality_determined", "--at=-2h", "--reason", "board"
    )
    assert set_.returncode == 0, set_.stderr
    sec = next(line for line in run(tmp_path, "clocks").stdout.splitlines() if "sec-8k " in line)
    assert " running " in sec
    why = run(tmp_path, "clocks", "trigger", "materiality_determined", "--reason", "memo 7")
    assert why.returncode == 0, why.stderr
    repo = WarRoomRepository.open(db)
    stored = RegulatoryStore(repo).triggers()["materiality_determined"]
    repo.close()
    assert stored.why == "memo 7"
    cleared = run(tmp_path, "clocks", "trigger", "materiality_determined", "--clear")
    assert cleared.returncode == 0 and cleared.stdout.startswith("Trigger cleared")
    sec = next(line for line in run(tmp_path, "clocks").stdout.splitlines() if "sec-8k " in line)
    assert " not-started " in sec


def test_closed_day_recounts_and_hostile_reasons_print_inert(
    tmp_path: Path, sample_path: Path
) -> None:
    db = _init(tmp_path, sample_path)
    hostile = "EO 14999 \x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J closing EDGAR"
    closed = run(tmp_path, "clocks", "closed", "2026-12-24", "--reason", hostile)
    assert closed.returncode == 0, closed.stderr
    assert "\x1b" not in closed.stdout and "\x07" not in closed.stdout
    assert "EO 14999" in closed.stdout and "closing EDGAR" in closed.stdout
    repo = WarRoomRepository.open(db)
    ((calendar, day, why),) = RegulatoryStore(repo).closures()
    repo.close()
    assert (calendar, day.isoformat()) == ("us-federal", "2026-12-24")
    assert why.startswith("EO 14999") and why.endswith("closing EDGAR") and "\x1b" not in why


async def test_another_operators_dashboard_sees_the_shells_pause(
    tmp_path: Path, sample_path: Path
) -> None:
    db = _init(tmp_path, sample_path)
    now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # after the pause begins, before it ends
    app = WarRoomApp(
        StoreGateway(WarRoomRepository.open(db)), operator="dana", clock=fixed_clock(now)
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        board = app.screen
        assert isinstance(board, ClockBoardScreen)

        def row() -> str:
            rows = board.query_one(RowList).rows
            return next(r.plain for r in rows if r.key == "clock:us-ny-individuals")

        assert row().startswith("◷ running")
        result = run(
            tmp_path,
            "clocks",
            "pause",
            "law-enforcement",
            "--clock",
            "us-ny-individuals",
            "--from",
            "2026-11-29T09:00Z",
            "--reason",
            "NYPD request",
        )
        assert result.returncode == 0, result.stderr
        deadline = time.monotonic() + 30
        while not row().startswith("⏸ paused") and time.monotonic() < deadline:
            await pilot.pause(0.1)
        assert row().startswith("⏸ paused"), row()
