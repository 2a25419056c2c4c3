"""The timeline pane folds a minute's counts into one row, expands it, and filters live."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.widgets import Input

from warroom.ui.widgets.timeline_pane import TimelinePane

from .conftest import NOW, AppFactory, store_view


def _busy_minute(db_file: Path) -> None:
    repo = store_view(db_file)
    start = NOW - timedelta(minutes=3)
    try:
        repo.add_note("Decision: card answer first in the FAQ", "maya", start)
        for second in range(40):
            repo.count_inquiry("phone", "lee", start + timedelta(seconds=second + 5),
                               topic="is my card safe")  # fmt: skip
        repo.add_note("Hotline queue at 6 minutes", "priya", start + timedelta(minutes=1))
    finally:
        repo.close()


@asynccontextmanager
async def _timeline(make_app: AppFactory, db_file: Path) -> AsyncIterator[tuple[Any, TimelinePane]]:
    """The dashboard on a busy minute, the timeline focused."""
    _busy_minute(db_file)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(TimelinePane)
        pane.focus_list()
        yield pilot, pane


async def test_forty_presses_are_one_row_that_expands(make_app: AppFactory, db_file: Path) -> None:
    async with _timeline(make_app, db_file) as (pilot, pane):
        plain = [r.plain for r in pane.rows.rows]
        assert len(plain) == 5  # import, decision, the fold, the note, the spike it made
        assert "☎ 40 inquiries on Phone / switchboard, 02:57–02:58 ▸ 40" in plain[2]
        assert pane.border_subtitle == "44 events"
        pane.rows.select_key(pane.rows.rows[2].key or "")
        await pilot.press("enter")
        await pilot.pause()
        assert len(pane.rows.rows) == 45 and pane.rows.rows[2].plain.endswith("▾")
        await pilot.press("down", "down", "enter")  # from inside the fold: folds it again
        await pilot.pause()
        assert len(pane.rows.rows) == 5 and pane.highlighted_key == pane.rows.rows[2].key


async def test_slash_filters_by_kind_operator_and_text_as_typed(
    make_app: AppFactory, db_file: Path
) -> None:
    async with _timeline(make_app, db_file) as (pilot, pane):
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(pane.app.focused, Input)
        await pilot.press(*"notes")
        await pilot.pause()
        assert [r.plain.split("✎ ")[1] for r in pane.rows.rows] == ["Hotline queue at 6 minutes"]
        await pilot.press(*" decisions @maya")
        await pilot.pause()
        assert [r.plain.split("✎ ")[1] for r in pane.rows.rows] == [
            "Decision: card answer first in the FAQ"
        ]
        assert "1 match" in str(pane.border_subtitle)
        await pilot.press("escape")
        await pilot.pause()
        assert len(pane.rows.rows) == 5 and not pane.query_one(Input).display
        assert pane.rows.has_focus
