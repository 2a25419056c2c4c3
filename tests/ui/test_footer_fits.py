"""The dashboard's footer fits the terminal with any pane focused: ``q Quit`` and ``? Help``
are always on screen, no key is cut by the edge or hidden under the palette key, and the
focused pane's first key is there (rarer keys are left out first, and still work)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from tests.ui.conftest import AppFactory
from warroom.ui.widgets.fitting_footer import FittingFooter

PANES = {
    "timeline": "search",
    "checklist": "toggle_item",
    "inquiries": "count",
    "mentions": "triage('ignore')",
}
"""Each pane, and the action of its first footer key."""


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_pane_focused_keeps_quit_and_help_on_the_footer(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app(operator="kim")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for pane, first_action in PANES.items():
            app.screen.query_one(f"#{pane}-list").focus()
            await pilot.pause()
            await pilot.pause()
            footer = app.screen.query_one(FittingFooter)
            keys = [key for key in footer.query(FooterKey) if key.display]
            (palette,) = [key for key in keys if key.has_class("-command-palette")]
            shown = {key.action: key for key in keys if key is not palette}
            where = f"{pane} focused at {size[0]}x{size[1]}"
            assert "quit" in shown and "help" in shown, where
            assert first_action in shown, (where, sorted(shown))
            for action, key in shown.items():
                assert key.region.width > 0, (where, action)
                assert key.region.right <= palette.region.x, (where, action, key.region)
            assert palette.region.right <= size[0], where


async def test_a_key_left_off_the_footer_still_works(make_app: AppFactory) -> None:
    app = make_app(operator="kim")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#mentions-list").focus()
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        shown = {key.action for key in footer.query(FooterKey) if key.display}
        assert "clocks" not in shown  # no room at 80 columns with the mentions focused
        await pilot.press("C")
        await pilot.pause()
        assert type(app.screen).__name__ == "ClockBoardScreen"
