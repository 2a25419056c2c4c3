"""The clock board's keys for a lawful pause and its end, a closed day and a trigger's reason.

Driven with Pilot on a real database file: each key asks its fields in a form, the change is
checked in the store through an independent view (as another process reads it), written to the
timeline once, shown on the board, and refused with the read-only message on the wall.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from tests.ui.conftest import NOW, AppFactory, store_view
from warroom.domain.timeline import EventKind
from warroom.service import READ_ONLY_TEXT
from warroom.store.regulatory import RegulatoryStore
from warroom.ui.screens.clock_board import ClockBoardScreen
from warroom.ui.screens.form_dialog import FormDialog
from warroom.ui.widgets.row_list import RowList

SIZE = (160, 48)


def clock_row(app: object, clock_id: str) -> str:
    """The board's row of one clock, as plain text."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ClockBoardScreen)
    rows = screen.query_one(RowList).rows
    return next(r.plain for r in rows if r.key == f"clock:{clock_id}")


async def open_board(pilot: Pilot[None]) -> ClockBoardScreen:
    await pilot.pause()
    await pilot.press("C")
    await pilot.pause()
    board = pilot.app.screen
    assert isinstance(board, ClockBoardScreen)
    return board


async def fill(pilot: Pilot[None], values: dict[int, str]) -> None:
    """Type into the open form's fields and submit it from the last field."""
    dialog = pilot.app.screen
    assert isinstance(dialog, FormDialog), type(dialog)
    for index, value in values.items():
        dialog.query_one(f"#field-{index}", Input).value = value
    dialog.query_one(f"#field-{len(dialog.fields) - 1}", Input).focus()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def trigger_entries(db_file: Path, text: str) -> list[str]:
    view = store_view(db_file)
    try:
        return [
            e.text
            for e in view.snapshot().timeline
            if e.kind is EventKind.TRIGGER and text in e.text
        ]
    finally:
        view.close()


async def test_p_pauses_the_highlighted_clock_and_r_ends_the_pause(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app(operator="carla")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert board.query_one(RowList).select_key("clock:us-ca-individuals")
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        # The highlighted clock's law allows a law-enforcement delay (Cal. Civ. Code
        # 1798.82(c)): the form starts from it.
        assert dialog.query_one("#field-0", Input).value == "law-enforcement"
        assert dialog.query_one("#field-1", Input).value == "us-ca-individuals"
        await fill(pilot, {2: "-1h", 3: "FBI letter ref 26-114"})
        assert app.screen is board
        ca = clock_row(app, "us-ca-individuals")
        assert ca.startswith("⏸ paused")
        assert clock_row(app, "us-ny-individuals").startswith("◷ running")
        view = store_view(db_file)
        (pause,) = RegulatoryStore(view).pauses()
        assert pause.clocks == ("us-ca-individuals",) and pause.set_by == "carla"
        assert pause.start == datetime(2026, 11, 27, 2, 0, tzinfo=UTC) and pause.end is None
        view.close()
        assert len(trigger_entries(db_file, "Clock paused: law-enforcement delay")) == 1

        await pilot.press("r")
        await pilot.pause()
        await fill(pilot, {1: ""})
        assert clock_row(app, "us-ca-individuals").startswith("◷ running")
        view = store_view(db_file)
        (pause,) = RegulatoryStore(view).pauses()
        assert pause.end == NOW
        view.close()
        assert len(trigger_entries(db_file, "Clock resumed: law-enforcement delay")) == 1


async def test_x_adds_an_edgar_closure_and_w_records_a_trigger_reason(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app(operator="dana")
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        await fill(pilot, {0: "2026-13-01", 2: "order"})
        assert app.screen is dialog and "Day: a date" in str(
            dialog.query_one("#form-error").render()
        )
        await fill(pilot, {0: "2026-11-30", 2: "Executive order closing federal offices"})
        assert app.screen is board
        view = store_view(db_file)
        assert RegulatoryStore(view).closures() == (
            ("us-federal", date(2026, 11, 30), "Executive order closing federal offices"),
        )
        view.close()
        assert len(trigger_entries(db_file, "Closure added to")) == 1

        assert board.query_one(RowList).select_key("trigger:became_aware")
        await pilot.press("w")
        await pilot.pause()
        await fill(pilot, {0: "SOC ticket 881 confirmed exfiltration"})
        row = next(r for r in board.query_one(RowList).rows if r.key == "trigger:became_aware")
        assert "Why (by dana): SOC ticket 881 confirmed exfiltration" in (row.detail or "")
        view = store_view(db_file)
        stored = RegulatoryStore(view).triggers()["became_aware"]
        assert stored.why == "SOC ticket 881 confirmed exfiltration" and stored.operator == "dana"
        view.close()
        assert len(trigger_entries(db_file, "(by dana: SOC ticket 881")) == 1


async def test_the_palette_offers_the_board_actions(make_app: AppFactory, db_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        board = await open_board(pilot)
        assert board.query_one(RowList).select_key("clock:sec-8k")
        await pilot.press("n")  # materiality determined now: the 8-K clock runs
        await pilot.pause()
        assert clock_row(app, "sec-8k").startswith("◷ running")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Pause clocks")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog), type(dialog)
        # The SEC's only delay is the Attorney General's under Form 8-K Item 1.05(c).
        assert dialog.query_one("#field-0", Input).value == "sec-doj-delay"
        await fill(pilot, {3: "DOJ letter: substantial risk to national security"})
        assert clock_row(app, "sec-8k").startswith("⏸ paused")
    assert len(trigger_entries(db_file, "Attorney General delay")) == 1


async def test_the_wall_refuses_every_board_change_before_asking(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        board = ClockBoardScreen()  # the wall has no key for it; a read-only board all the same
        await app.push_screen(board)
        await pilot.pause()
        assert board.query_one(RowList).select_key("clock:us-ca-individuals")
        for key in ("p", "r", "x", "w"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is board, key  # no form: nothing could be saved from it
            shown = [n.message for n in app._notifications]
            assert shown and shown[-1] == READ_ONLY_TEXT, (key, shown[-1:])
            app.clear_notifications()
    view = store_view(db_file)
    store = RegulatoryStore(view)
    assert store.pauses() == () and store.closures() == () and store.triggers() == {}
    view.close()


async def wait_until(pilot: Pilot[None], done: Callable[[], bool], seconds: float = 30.0) -> None:
    """Let the app run until ``done`` holds (the board re-reads the file every second)."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "condition not met before the deadline"
        await pilot.pause(0.1)


async def test_a_pause_made_by_one_operator_shows_on_the_others_board(
    make_app: AppFactory, db_file: Path
) -> None:
    ana, bo = make_app(operator="ana"), make_app(operator="bo")
    async with ana.run_test(size=SIZE) as pa, bo.run_test(size=SIZE) as pb:
        await open_board(pb)
        assert clock_row(bo, "us-tx-individuals").startswith("◷ running")
        board = await open_board(pa)
        assert board.query_one(RowList).select_key("clock:us-tx-individuals")
        await pa.press("p")
        await pa.pause()
        await fill(pa, {1: "", 3: "Texas DPS asked to hold notices (call 02:40Z)"})
        assert clock_row(ana, "us-tx-individuals").startswith("⏸ paused")

        def paused_on_bo() -> bool:
            return clock_row(bo, "us-tx-individuals").startswith("⏸ paused")

        await wait_until(pb, paused_on_bo)
        # Every clock the delay can stop was paused (the clocks field was left empty).
        assert clock_row(bo, "us-ca-individuals").startswith("⏸ paused")
        assert clock_row(bo, "gdpr-authority").startswith("◷ running")
    assert len(trigger_entries(db_file, "Clock paused")) == 1
