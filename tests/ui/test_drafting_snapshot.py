"""A snapshot of the draft editor: source, preview and a blocking problem, at 120x40."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui.conftest import NOW, AppFactory, store_view
from warroom.store.drafts import DraftStore
from warroom.ui.screens.draft_editor import DEBOUNCE_SECONDS, DraftEditorScreen


def test_draft_editor_snapshot(snap_compare: Any, make_app: AppFactory, db_file: Path) -> None:
    view = store_view(db_file)
    store = DraftStore(view)
    store.save_version("notice", "", store.source("notice"), "ben", NOW.replace(hour=2))
    store.set_fact_text("hotline", "", "ben", NOW.replace(hour=2, minute=30))  # blocks the notice
    view.close()

    async def open_editor(pilot: Any) -> None:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause(DEBOUNCE_SECONDS * 2)
        assert isinstance(pilot.app.screen, DraftEditorScreen)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=open_editor)
