"""The gates hold on every UI path: the clock board's filing and the command palette.

Each test drives the real app with Pilot on a real database file, watches the message the
widget posts (``message_hook``), and reads the file afterwards as another process would.
"""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from tests.ui.conftest import AppFactory, store_view
from warroom.ui.screens.form_dialog import FormDialog
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.row_list import RowList


async def test_filing_the_ca_clock_is_gated_like_the_notice_tick(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        assert app.screen.query_one(RowList).select_key("clock:us-ca-individuals")
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog) and dialog.title_text.startswith("Not ready")
        assert "never saved" in dialog.hint
        await pilot.press("enter")  # no reason: nothing filed
        await pilot.pause()
        view = store_view(db_file)
        assert "notify-individuals" not in view.snapshot().ticks
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Legal approved the printed letter", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        view.refresh_if_changed()
        room = view.snapshot()
        assert room.ticks["notify-individuals"].done
        assert any(
            e.text.startswith("Override:") and "Legal approved the printed letter" in e.text
            for e in room.timeline
        )
        view.close()


async def test_the_palette_tick_meets_the_same_gate(make_app: AppFactory, db_file: Path) -> None:
    app = make_app()
    posted: list[ChecklistPane.ToggleRequested] = []

    def hook(message: object) -> None:
        if isinstance(message, ChecklistPane.ToggleRequested):
            posted.append(message)

    async with app.run_test(size=(160, 48), message_hook=hook) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ChecklistPane).rows.select_key("homepage-banner")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Tick or untick highlighted")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert posted and posted[-1].item_id == "homepage-banner" and posted[-1].done
        dialog = app.screen
        assert isinstance(dialog, FormDialog), type(dialog)
        assert "Homepage banner" in dialog.hint
        await pilot.press("escape")
        await pilot.pause()
    view = store_view(db_file)
    assert "homepage-banner" not in view.snapshot().ticks
    view.close()


async def test_unticking_a_sent_item_asks_for_a_reason(make_app: AppFactory, db_file: Path) -> None:
    from tests.drafting.conftest import save_public_drafts

    save_public_drafts(db_file)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ChecklistPane).rows.select_key("notify-individuals")
        await pilot.press("space")  # ready: ticks without asking
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        await pilot.press("space")  # untick: asks why
        await app.workers.wait_for_complete()
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog) and "untick" in dialog.title_text
        await pilot.press(*"The send failed at the mail provider", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    view = store_view(db_file)
    room = view.snapshot()
    assert not room.ticks["notify-individuals"].done
    assert any(
        e.text.endswith("Reason: The send failed at the mail provider") and e.operator == "ana"
        for e in room.timeline
    )
    view.close()
