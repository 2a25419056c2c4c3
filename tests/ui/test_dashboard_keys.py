"""Every dashboard key, driven with Pilot: the change shows on screen and lands in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui.conftest import NOW, AppFactory, make_mention, screen_text, store_view
from warroom.domain.mentions import Triage
from warroom.domain.timeline import EventKind
from warroom.ui.screens.form_dialog import FormDialog
from warroom.ui.screens.help import HelpScreen
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.inquiry_pane import InquiryPane
from warroom.ui.widgets.mention_pane import MentionPane
from warroom.ui.widgets.row_list import RowList
from warroom.ui.widgets.timeline_pane import TimelinePane


async def test_space_ticks_and_unticks_the_highlighted_item(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        checklist = app.screen.query_one(ChecklistPane)
        assert checklist.highlighted_key == "notice-what-to-do"
        await pilot.press("space")
        await pilot.pause()
        view = store_view(db_file)
        assert view.snapshot().ticks["notice-what-to-do"].done
        assert view.snapshot().ticks["notice-what-to-do"].operator == "ana"
        assert "[x] Notice says what customers must do" in checklist.rows.rows[1].plain
        assert "1/37 done" in str(checklist.border_subtitle)
        await pilot.press("space")
        await pilot.pause()
        view.refresh_if_changed()
        assert not view.snapshot().ticks["notice-what-to-do"].done
        kinds = [e.kind for e in view.snapshot().timeline]
        assert kinds[-2:] == [EventKind.TICK, EventKind.UNTICK]
        view.close()


async def test_overdue_items_are_marked_by_word_and_symbol(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        rows = app.screen.query_one(ChecklistPane).rows.rows
        overdue = [r.plain for r in rows if "OVERDUE" in r.plain]
        # NOW is T+04:20: only the items due by then (monitoring set up, 4h) are overdue.
        assert len(overdue) == 1 and overdue[0].startswith("[!] Alerts and feeds set up")
        assert "1 OVERDUE" in str(app.screen.query_one(ChecklistPane).border_subtitle)


async def test_channel_keys_count_from_any_pane_and_minus_takes_back(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("1", "1", "3")
        await pilot.pause()
        inquiries = app.screen.query_one(InquiryPane)
        assert "2" in inquiries.rows.rows[0].plain and "Phone" in inquiries.rows.rows[0].plain
        assert inquiries.border_subtitle == "3 total"
        inquiries.focus_list()
        await pilot.pause()
        await pilot.press("minus")
        await pilot.pause()
        view = store_view(db_file)
        assert view.snapshot().inquiry_totals()["phone"] == 1
        assert view.snapshot().inquiry_totals()["social"] == 1
        await pilot.press("minus", "minus")  # the second one finds zero and says so
        await pilot.pause()
        view.refresh_if_changed()
        assert view.snapshot().inquiry_totals()["phone"] == 0
        assert any(e.kind is EventKind.INQUIRY_UNDO for e in view.snapshot().timeline)
        assert inquiries.border_subtitle == "1 total"
        view.close()


async def test_enter_on_an_inquiry_row_counts_it(make_app: AppFactory, db_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.screen.query_one(InquiryPane).focus_list()
        await pilot.press("down", "enter")
        await pilot.pause()
        view = store_view(db_file)
        assert view.snapshot().inquiry_totals()["email"] == 1
        view.close()


async def test_note_can_be_backdated_and_holds_markup_literally(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Legal says [/] wait [b]now[/b]")
        await pilot.press("enter")
        await pilot.press(*"-45m")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        view = store_view(db_file)
        note = [e for e in view.snapshot().timeline if e.kind is EventKind.NOTE][-1]
        assert note.text == "Legal says [/] wait [b]now[/b]"
        assert (NOW - note.at).total_seconds() == 45 * 60
        assert note.is_backdated and note.operator == "ana"
        timeline = app.screen.query_one(TimelinePane)
        assert any("Legal says [/] wait [b]now[/b]" in r.plain for r in timeline.rows.rows)
        assert "Legal says [/] wait [b]now[/b]" in screen_text(app)
        view.close()


async def test_a_future_time_is_refused_in_place(make_app: AppFactory, db_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Called the police", "enter", *"2030-01-01T00:00", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert "future" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        await pilot.pause()
        view = store_view(db_file)
        assert not [e for e in view.snapshot().timeline if e.kind is EventKind.NOTE]
        view.close()


@pytest.mark.parametrize("size", [(160, 48), (80, 24)], ids=["grid", "one-pane-at-a-time"])
async def test_tab_moves_between_panes_and_z_maximises(
    make_app: AppFactory, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        order = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            assert isinstance(app.focused, RowList)
            order.append(app.focused.id)
            pane = app.focused.parent
            assert pane is not None and pane.display and pane.region.height > 5, "pane not shown"
            assert f"▶ {pane.border_title} ◀" in screen_text(app) or size[0] >= 100
        assert order == ["inquiries-list", "mentions-list", "timeline-list", "checklist-list"]
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "timeline-list"
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is app.screen.query_one(ChecklistPane)
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.maximized is None


async def test_question_mark_lists_every_binding(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        for expected in (
            "Tick or untick",
            "Count one inquiry on Phone / switchboard",
            "Take back",
            "Add a timeline note",
            "Maximise",
            "Ignore this mention",
            "Quit",
        ):
            assert expected in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_every_action(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in (
            "Add timeline note",
            "Tick or untick highlighted item",
            "Count inquiry: E-mail",
            "Take back a count: E-mail",
            "Maximise or restore pane",
            "Show keys",
            "Mention: mark ignore",
            "Quit",
        ):
            assert any(expected in title for title in titles), expected
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"count inquiry: press")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.screen.room.inquiry_totals()["press"] == 1  # type: ignore[attr-defined]


async def test_q_quits(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_mentions_newest_first_with_triage_state(make_app: AppFactory, db_file: Path) -> None:
    view = store_view(db_file)
    view.add_new_mentions([make_mention(n) for n in (30, 5, 90)])
    view.close()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MentionPane)
        keys = [r.key for r in pane.rows.rows]
        assert keys == ["m00005", "m00030", "m00090"]
        assert all(r.plain.startswith("NEW") for r in pane.rows.rows)
        pane.focus_list()
        await pilot.press("i")
        await pilot.pause()
        assert pane.rows.rows[0].plain.startswith("ign")
        check = store_view(db_file)
        assert check.snapshot().triage["m00005"].state is Triage.IGNORE
        check.close()


async def test_another_operators_changes_appear_within_two_seconds(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        other = store_view(db_file)
        other.set_tick("key-messages", True, "kim", NOW)
        other.count_inquiry("email", "kim", NOW)
        other.add_note("Kim joined the bridge", "kim", NOW)
        other.close()
        await pilot.pause(1.2)
        room = app.screen.room  # type: ignore[attr-defined]
        assert room.ticks["key-messages"].operator == "kim"
        assert room.inquiry_totals()["email"] == 1
        timeline = app.screen.query_one(TimelinePane)
        assert any(
            "Kim joined the bridge" in r.plain and "kim" in r.plain for r in timeline.rows.rows
        )


async def test_typing_in_a_form_does_not_count_inquiries(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("n", *"Call 1-800-555-0142", "enter")
        await pilot.pause()
        assert isinstance(app.screen.focused, Input)
        await pilot.press("enter")
        await pilot.pause()
        view = store_view(db_file)
        assert sum(view.snapshot().inquiry_totals().values()) == 0
        view.close()


async def test_leaving_screens_before_their_data_arrives_does_not_crash(
    make_app: AppFactory,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Open and leave every screen faster than the store answers, as a fast typist would.
        for key, close in (
            ("s", "q"),
            ("d", "escape"),
            ("C", "escape"),
            ("V", "escape"),
            ("F", "q"),
        ):
            await pilot.press(key, close, key, close)
        await pilot.pause(0.5)
        assert app.is_running
        assert type(app.screen).__name__ == "DashboardScreen"
