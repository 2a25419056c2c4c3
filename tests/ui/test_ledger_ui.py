"""The ledger screen (L), the population revision and update promises, driven with Pilot.

Each test drives the real app on a real database file and reads the file afterwards as
another process would; ``message_hook`` shows the screens were told of the change.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.message import Message
from textual.widgets import Input, Label

from tests.ui.conftest import NOW, AppFactory, screen_text, store_view
from warroom.domain.clock import fixed_clock
from warroom.domain.clocks import ClockState
from warroom.domain.ledger import LedgerState
from warroom.service import WarRoomService
from warroom.store.drafts import DraftStore
from warroom.ui.screens.form_dialog import FormDialog
from warroom.ui.screens.ledger import LedgerScreen
from warroom.ui.screens.store_screen import RoomChanged
from warroom.ui.widgets.incident_header import IncidentHeader
from warroom.ui.widgets.row_list import RowList

SIZE = (160, 48)


def _service(path: Path, *, at: object = NOW) -> WarRoomService:
    repo = store_view(path)
    return WarRoomService(repo, operator="kim", clock=lambda: at)  # type: ignore[return-value]


async def test_l_opens_the_ledger_and_sending_a_regulator_row_files_its_clock(
    make_app: AppFactory, db_file: Path
) -> None:
    seen: list[Message] = []
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LedgerScreen)
        text = screen_text(app)
        assert "GDPR: notify the supervisory authority" in text and "Cyber insurer" in text
        listing = app.screen.query_one(RowList)
        assert listing.select_key("clock:gdpr-authority")
        for _ in range(2):  # to draft → drafted → approved
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("enter")  # → sent: asks how and under which reference
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog) and dialog.title_text.startswith("Sent:")
        dialog.query_one("#field-0", Input).value = "DPC web form"
        dialog.query_one("#field-1", Input).value = "DPC-2026-118"
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LedgerScreen)
        assert any(isinstance(m, RoomChanged) for m in seen)
        other = _service(db_file)
        clock = next(c for c in other.view().clocks(NOW) if c.id == "gdpr-authority")
        assert clock.state is ClockState.CLOSED  # one action: the clock is filed
        row = next(r for r in other.ledger() if r.id == "clock:gdpr-authority")
        assert row.state is LedgerState.SENT and row.reference == "DPC-2026-118"
        assert [s.state for s in row.steps][:2] == [LedgerState.DRAFTED, LedgerState.APPROVED]
        other.repo.close()


async def test_a_count_revision_from_the_screen_drops_the_ca_ag_row_visibly(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        places = dialog.query_one("#field-1", Input)
        assert "US-CA=1900" in places.value
        places.value = places.value.replace("US-CA=1900", "US-CA=400")
        dialog.query_one("#field-0", Input).value = "61000"
        dialog.query_one("#field-3", Input).value = "forensics revised after log review"
        await pilot.press("enter", "enter", "enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LedgerScreen)
        row = screen.rows["clock:us-ca-attorney-general"]
        assert row.state is LedgerState.NOT_REQUIRED and "this incident: 400" in row.reason
        shown = {r.key: r.plain for r in screen.query_one(RowList).rows if r.key}
        assert "r1 total 61,000" in shown["population:1"]  # the revision, listed with its why
        assert "forensics revised" in shown["population:1"]
    view = store_view(db_file)
    assert DraftStore(view).facts().customers_affected == 61000  # the facts follow
    assert "No longer required: California" in view.snapshot().timeline[-1].text
    view.close()


async def test_a_promised_update_counts_down_in_the_header_and_goes_overdue(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        dialog.query_one("#field-1", Input).value = "+2h"
        await pilot.press("enter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        header = app.screen.query_one(IncidentHeader).query_one("#header-cadence", Label)
        assert header.display and "FAQ update 02:00 left" in str(header.render())
    late = make_app(clock=fixed_clock(NOW + timedelta(hours=2, minutes=5)))
    async with late.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await late.workers.wait_for_complete()
        await pilot.pause()
        header = late.screen.query_one(IncidentHeader).query_one("#header-cadence", Label)
        assert "OVERDUE" in str(header.render()) and header.has_class("-overdue")
        await late.workers.wait_for_complete()
    view = store_view(db_file)
    missed = [e for e in view.snapshot().timeline if e.text.startswith("OVERDUE: the FAQ")]
    assert len(missed) == 1  # the dashboard wrote it into the timeline, once
    view.close()


async def test_the_wall_shows_the_ledger_counts_and_a_missed_promise(
    make_app: AppFactory, db_file: Path
) -> None:
    earlier = _service(db_file, at=NOW - timedelta(hours=3))
    earlier.promise_update("faq", by=NOW - timedelta(hours=1))
    earlier.ledger_step("cyber-insurer", LedgerState.SENT, reference="CL-77")
    to_draft = sum(1 for r in earlier.ledger() if r.state is LedgerState.TO_DRAFT)
    earlier.repo.close()
    app = make_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        told = str(app.screen.query_one("#wall-ledger", Label).render())
        assert "1 sent" in told and f"{to_draft} to draft" in told
        cadence = app.screen.query_one("#wall-cadence", Label)
        assert "FAQ update OVERDUE by 01:00" in str(cadence.render())
        assert cadence.has_class("-overdue")


async def test_a_holding_statement_is_used_from_the_messages_screen(
    make_app: AppFactory, db_file: Path
) -> None:
    from warroom.domain.drafts import DraftKind
    from warroom.ui.screens.holding import HoldingScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HoldingScreen)
        text = screen_text(app)
        assert "We are investigating (first hour)" in text
        assert "approved by Dana Whitfield" in text and "blocking" in text
        listing = app.screen.query_one(RowList)
        assert listing.select_key("we-are-investigating")
        detail = str(app.screen.query_one("#holding-detail").render())
        assert "https://www.example.com/security-update" in detail  # rendered from the facts
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, HoldingScreen)
    view = store_view(db_file)
    latest = DraftStore(view).draft(DraftKind.SOCIAL).latest
    assert latest is not None and latest.text.startswith("We are investigating")
    assert "from holding statement “We are investigating (first hour)”" in (
        view.snapshot().timeline[-1].text
    )
    view.close()


async def test_a_new_faq_version_keeps_the_promise_and_offers_the_next(
    make_app: AppFactory, db_file: Path
) -> None:
    from textual.notifications import Notify

    from warroom.domain.drafts import DraftKind, DraftRef
    from warroom.ui.screens.dashboard import DashboardScreen

    earlier = _service(db_file, at=NOW - timedelta(hours=1))
    earlier.promise_update("faq", by=NOW + timedelta(hours=1))
    source = earlier.editor_data(DraftRef(DraftKind.FAQ)).source
    earlier.repo.close()
    seen: list[Message] = []
    app = make_app()
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.pause()
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        header = dashboard.query_one(IncidentHeader).query_one("#header-cadence", Label)
        assert "FAQ update 01:00 left" in str(header.render())
        await dashboard.change(
            lambda s: s.save_draft(DraftRef(DraftKind.FAQ), source, base_version=0)
        )
        await pilot.pause()
        offers = [
            m.notification.message
            for m in seen
            if isinstance(m, Notify) and "promise kept" in m.notification.message
        ]
        assert offers == ["FAQ update promise kept. Promise the next one: L, then u."]
        dashboard.show_deadline(dashboard.view.room, NOW)  # type: ignore[union-attr]
        assert not header.display  # nothing promised any more: the countdown is gone


async def test_another_operators_step_shows_on_an_open_ledger(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LedgerScreen)
        assert screen.rows["board"].state is LedgerState.TO_DRAFT
        other = _service(db_file)
        other.ledger_step("board", LedgerState.SENT, channel="briefing call")
        other.repo.close()
        for _ in range(60):  # the screen looks for other processes' writes every second
            if screen.rows["board"].state is LedgerState.SENT:
                break
            await pilot.pause(0.1)
        assert screen.rows["board"].state is LedgerState.SENT
        assert screen.rows["board"].channel == "briefing call"
