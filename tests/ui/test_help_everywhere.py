"""``?`` works on every screen and lists that screen's keys; dialogs show their own footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from warroom.ui.screens.form_dialog import FormDialog
from warroom.ui.screens.help import HelpScreen

from .conftest import AppFactory, screen_text


@pytest.mark.parametrize(
    ("opens", "expected"),
    [
        ("d", "Edit"),  # the drafts list
        ("s", "Change the highlighted fact"),  # the sheet of facts
        ("C", "closes the clock"),
        ("V", "answer"),  # the review
        ("F", "Monitor another feed"),
        ("L", "Move the row one step on"),  # the notification ledger
    ],
)
async def test_question_mark_lists_the_keys_of_the_screen_it_is_on(
    make_app: AppFactory, db_file: Path, opens: str, expected: str
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        dashboard = app.screen
        await pilot.press(opens)
        for _ in range(100):  # some screens open after a trip to the store
            if app.screen is not dashboard:
                break
            await pilot.pause(0.05)
        behind = app.screen
        assert behind is not dashboard and not isinstance(behind, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), type(behind).__name__
        body = str(app.screen.query_one("#help-body", Static).render())
        assert expected.lower() in body.lower(), body
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is behind


async def test_a_dialog_shows_its_own_keys_not_the_dashboards(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        footer = screen_text(app).rstrip().splitlines()[-1]
        assert "Cancel" in footer and "Tick/untick" not in footer, footer
