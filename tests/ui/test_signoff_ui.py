"""Issue 10 in the TUI: a save conflict between two dashboards, restore, quit guard, sign-off."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label, TextArea

from tests.ui.conftest import NOW, AppFactory, screen_text, store_view
from tests.ui.test_drafting_screens import open_notice_editor, seed_notice_versions
from warroom.domain.drafts import DraftKind, DraftRef
from warroom.service import WarRoomService
from warroom.store.drafts import DraftStore
from warroom.ui.screens.choice_dialog import ChoiceDialog
from warroom.ui.screens.confirm import ConfirmDialog
from warroom.ui.screens.draft_editor import DraftEditorScreen
from warroom.ui.screens.drafts import DraftsScreen

SIZE = (120, 40)
NOTICE = DraftRef(DraftKind.NOTICE)


def _sources(db_file: Path) -> list[str]:
    view = store_view(db_file)
    try:
        return [v.source for v in DraftStore(view).versions("notice")]
    finally:
        view.close()


async def _type_at_end(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    area = pilot.app.screen.query_one("#editor-source", TextArea)
    area.move_cursor(area.document.end)
    area.insert(text)
    await pilot.pause()


async def test_two_dashboards_on_one_file_conflict_and_merge_keeps_both(
    make_app: AppFactory, db_file: Path
) -> None:
    seed_notice_versions(db_file, "Subject: Breach\n\nDear customer,\n\nWe are sorry.\n")
    ana, bo = make_app(operator="ana"), make_app(operator="bo")
    async with ana.run_test(size=SIZE) as pa, bo.run_test(size=SIZE) as pb:
        await pa.pause()
        await pb.pause()
        await open_notice_editor(pa)
        await open_notice_editor(pb)
        await _type_at_end(pa, "Call 1-800-555-0142.\n")
        await pa.press("ctrl+s")
        await pa.pause()
        assert _sources(db_file)[-1].endswith("Call 1-800-555-0142.\n")
        area = pb.app.screen.query_one("#editor-source", TextArea)
        area.load_text(area.text.replace("Dear customer,", "Dear Northwind customer,"))
        await pb.pause()
        await pb.press("ctrl+s")
        await pb.pause()
        assert isinstance(pb.app.screen, ChoiceDialog)  # not saved silently over ana's v2
        assert len(_sources(db_file)) == 2
        shown = screen_text(pb.app)
        assert "ana saved notice (v2" in shown and "+Call 1-800-555-0142." in shown
        await pb.press("m")
        await pb.pause()
        editor = pb.app.screen
        assert isinstance(editor, DraftEditorScreen) and editor.base_version == 2
        merged = editor.text
        assert "Dear Northwind customer," in merged and "Call 1-800-555-0142." in merged
        await pb.press("ctrl+s")
        await pb.pause()
    sources = _sources(db_file)
    assert len(sources) == 3 and sources[2] == merged  # v1, ana's v2, the merge on top


async def test_an_autosaved_buffer_is_offered_back_with_its_difference(
    make_app: AppFactory, db_file: Path
) -> None:
    view = store_view(db_file)
    service = WarRoomService(view, operator="ana", clock=lambda: NOW)
    source = service.editor_data(NOTICE).source
    service.autosave(NOTICE, source + "\nHalf a sentence", 0)
    view.close()
    async with make_app(operator="ana").run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChoiceDialog)
        assert "+Half a sentence" in screen_text(pilot.app)
        await pilot.press("r")
        await pilot.pause()
        editor = pilot.app.screen
        assert isinstance(editor, DraftEditorScreen) and editor.text.endswith("Half a sentence")
        assert editor.dirty


async def test_quitting_with_unsaved_text_asks_first(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_notice_editor(pilot)
        await _type_at_end(pilot, "unsaved words")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Unsaved changes to Customer notice e-mail" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, DraftEditorScreen) and app.is_running


async def test_approving_from_the_messages_list_confirms_and_binds_the_version(
    make_app: AppFactory, db_file: Path
) -> None:
    seed_notice_versions(db_file, "Subject: Breach\n\nDear customer,\n")
    async with make_app(operator="ana").run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DraftsScreen)
        assert "✗ 0/2 signed" in screen_text(pilot.app)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmDialog)
        assert "Approve v1 of Customer notice e-mail as Comms lead?" in screen_text(pilot.app)
        await pilot.press("y")
        await pilot.pause()
        assert "✗ 1/2 signed" in screen_text(pilot.app)
    view = store_view(db_file)
    try:
        docs = view.table("draft_approvals").all()
        assert [(d["role"], d["operator"], d["version"]) for d in docs] == [
            ("comms-lead", "ana", 1)
        ]
    finally:
        view.close()


async def test_the_header_shows_who_else_is_in_and_the_list_who_edits_what(
    make_app: AppFactory, db_file: Path
) -> None:
    view = store_view(db_file)
    WarRoomService(view, operator="bo", clock=lambda: NOW).heartbeat("notice")
    app = make_app(operator="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.beat()
        await pilot.pause()
        header = app.screen.query_one("#header-presence", Label)
        assert header.display and "◉ 2 in: ana (you), bo ✎ notice" in str(header.content)
        await pilot.press("d")
        await pilot.pause()
        await app.beat()
        await pilot.pause()
        assert "✎ bo · ○ never saved" in screen_text(app)
    view.close()


async def test_a_fact_changed_by_another_operator_meanwhile_asks_and_keeps_both(
    make_app: AppFactory, db_file: Path
) -> None:
    from textual.widgets import Input

    from warroom.ui.screens.facts import FactsScreen
    from warroom.ui.screens.form_dialog import FormDialog
    from warroom.ui.widgets.row_list import RowList

    app = make_app(operator="ana")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, FactsScreen)
        assert app.screen.query_one(RowList).select_key("hotline")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        other = store_view(db_file)  # kim changes it while ana's form is open
        kim = WarRoomService(other, operator="kim", clock=lambda: NOW)
        kim.set_fact("hotline", "1-800-555-0199", base="1-800-555-0142")
        other.close()
        dialog.query_one("#field-0", Input).value = "1-800-555-0111"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)  # not saved over kim's silently
        shown = screen_text(app)
        assert "kim saved fact “Hotline”" in shown and "+1-800-555-0199" in shown
        await pilot.press("o")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    view = store_view(db_file)
    try:
        facts, edits = WarRoomService(view, operator="x").facts_and_edits()
        assert facts.hotline == "1-800-555-0111"
        assert [(e.operator, e.new) for e in edits] == [
            ("kim", "1-800-555-0199"),
            ("ana", "1-800-555-0111"),
        ]
    finally:
        view.close()
