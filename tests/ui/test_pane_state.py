"""The dashboard's first focus and its panes' state classes, on a real database with Pilot."""

from __future__ import annotations

from textual.color import Color
from textual.widgets import Static

from tests.ui.conftest import AppFactory
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.mention_pane import MentionPane
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import RowList

SIZE = (120, 40)


async def test_the_checklist_has_the_first_focus_and_is_the_current_pane(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checklist = app.screen.query_one(ChecklistPane)
        assert app.screen.focused is checklist.rows
        assert [p.id for p in app.screen.query(Pane) if p.has_class("-current")] == ["checklist"]
        assert [c.id for c in app.screen.query(".pane-column.-current")] == ["left-panes"]
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.screen.focused, RowList) and app.screen.focused.id == "inquiries-list"


async def test_a_state_class_restyles_its_pane_at_once(make_app: AppFactory) -> None:
    """``set_state`` restyles the pane alone; its border subtitle takes the state's colour
    and gives it back, and the list inside keeps its own styles."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        variables = app.get_css_variables()
        checklist, mentions = app.screen.query_one(ChecklistPane), app.screen.query_one(MentionPane)
        list_styles = checklist.rows.get_component_rich_style("row--muted")
        for pane, state, colour in (
            (checklist, "-overdue", "error"),
            (mentions, "-unseen", "warning"),
        ):
            pane.set_state(False, state)
            plain = pane.styles.border_subtitle_color
            assert plain != Color.parse(variables[colour])
            pane.set_state(True, state)
            assert pane.has_class(state)
            assert pane.styles.border_subtitle_color == Color.parse(variables[colour])
            pane.set_state(False, state)
            assert not pane.has_class(state) and pane.styles.border_subtitle_color == plain
        assert checklist.rows.get_component_rich_style("row--muted") == list_styles


async def test_the_pane_tabs_are_written_when_the_terminal_becomes_small(
    make_app: AppFactory,
) -> None:
    """Hidden on a large terminal, the tab strip is left as it was; made small, it names the
    panes with the current one marked, and follows tab."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tabs = app.screen.query_one("#pane-tabs", Static)
        assert not tabs.display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert tabs.display
        assert "▶ Notice checklist ◀" in str(tabs.content)
        await pilot.press("tab")
        await pilot.pause()
        assert "▶ Inquiries ◀" in str(tabs.content) and "▶ Notice" not in str(tabs.content)
