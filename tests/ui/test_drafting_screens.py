"""The drafting screens driven with Pilot on a real database file: what is done, what lands."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from textual.widgets import Input, Label, TextArea
from textual.widgets.text_area import Selection

from tests.drafting.conftest import save_public_drafts
from tests.ui.conftest import NOW, AppFactory, store_view
from warroom.domain.checks import Severity
from warroom.domain.timeline import EventKind
from warroom.store.drafts import DraftStore
from warroom.ui.screens.confirm import ConfirmDialog
from warroom.ui.screens.draft_editor import DEBOUNCE_SECONDS, DraftEditorScreen
from warroom.ui.screens.drafts import DraftsScreen
from warroom.ui.screens.facts import FactsScreen
from warroom.ui.screens.form_dialog import FormDialog
from warroom.ui.screens.versions import VersionsScreen
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.row_list import RowList

SIZE = (120, 40)


def seed_notice_versions(db_file: Path, *sources: str) -> None:
    """Save versions of the notice before the app starts, as another operator would have."""
    view = store_view(db_file)
    store = DraftStore(view)
    for number, source in enumerate(sources, 1):
        store.save_version("notice", "", source, "ben", NOW.replace(minute=number))
    view.close()


def notice_template(db_file: Path) -> str:
    view = store_view(db_file)
    try:
        return DraftStore(view).source("notice")
    finally:
        view.close()


async def open_notice_editor(pilot) -> DraftEditorScreen:  # type: ignore[no-untyped-def]
    """From the dashboard: d (messages), enter on the notice (the first row)."""
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DraftsScreen)
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DraftEditorScreen)
    return screen


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the editor's debounce timer fire and the preview redraw."""
    await pilot.pause(DEBOUNCE_SECONDS * 2)
    await pilot.pause()


async def test_type_in_the_editor_and_save_a_version(make_app: AppFactory, db_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = await open_notice_editor(pilot)
        area = editor.query_one("#editor-source", TextArea)
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"Thank you for your patience.")
        await settle(pilot)
        assert "UNSAVED" in str(editor.query_one("#editor-state", Label).render())
        assert "Thank you for your patience." in editor.query_one("#editor-preview", TextArea).text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "saved v1 by ana at 03:00Z" in str(editor.query_one("#editor-state", Label).render())
        view = store_view(db_file)
        versions = DraftStore(view).versions("notice")
        assert [v.number for v in versions] == [1]
        assert versions[0].operator == "ana" and versions[0].at == NOW
        assert versions[0].source.endswith("Thank you for your patience.")
        assert "48,200" in versions[0].text  # rendered from the facts
        assert any(e.kind is EventKind.DRAFT and "v1" in e.text for e in view.snapshot().timeline)
        view.close()
        # Nothing unsaved: escape closes without asking.
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        assert "v1 ana 03:00Z" in app.screen.query_one(RowList).rows[1].plain


async def test_problems_update_live_as_the_text_breaks_rules(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = await open_notice_editor(pilot)
        assert not [p for p in editor.problems if p.severity is Severity.BLOCKING]
        area = editor.query_one("#editor-source", TextArea)
        # Delete the hotline placeholder, as an operator tidying the text by mistake would.
        start = area.text.index("{facts.hotline}")
        before = area.text[:start]
        row, col = before.count("\n"), len(before.split("\n")[-1])
        area.selection = Selection((row, col), (row, col + len("{facts.hotline}")))
        await pilot.press("backspace")
        await settle(pilot)
        blocking = [p for p in editor.problems if p.severity is Severity.BLOCKING]
        assert "playbook.hotline" in [p.rule_id for p in blocking]
        rows = [r.plain for r in editor.query_one("#problem-list", RowList).rows]
        assert rows[0].startswith("✗ BLOCKING") and "hotline" in " ".join(rows).lower()
        assert "✗ 1 blocking" in str(editor.query_one("#editor-problems").border_title) or (
            f"✗ {len(blocking)} blocking" in str(editor.query_one("#editor-problems").border_title)
        )
        # Now leave a placeholder behind.
        await pilot.press(*" TBD")
        await settle(pilot)
        assert "placeholders.unfilled" in [p.rule_id for p in editor.problems]
        assert "TBD" in editor.query_one("#editor-preview", TextArea).text
        # Moving through the problems shows each one's line in the preview.
        await pilot.press("ctrl+l")
        placeholder = next(p for p in editor.problems if p.rule_id == "placeholders.unfilled")
        listing = editor.query_one("#problem-list", RowList)
        listing.select_key(
            f"{placeholder.rule_id}:{placeholder.line}:{editor.problems.index(placeholder)}"
        )
        await pilot.pause()
        preview = editor.query_one("#editor-preview", TextArea)
        assert placeholder.line and preview.cursor_location[0] == placeholder.line - 1


async def test_escape_asks_before_discarding_unsaved_changes(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = await open_notice_editor(pilot)
        await pilot.press("x")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor and editor.text.startswith("xSubject")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        view = store_view(db_file)
        assert DraftStore(view).versions("notice") == ()
        view.close()


async def test_diff_two_versions(make_app: AppFactory, db_file: Path) -> None:
    template = notice_template(db_file)
    seed_notice_versions(
        db_file,
        template,
        template.replace("We are sorry.", "We are very sorry."),
        template.replace("We are sorry.", "We are truly sorry.") + "\nP.S. Thank you.\n",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d", "v")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, VersionsScreen)
        listing = screen.query_one("#versions-list", RowList)
        assert [r.key for r in listing.rows] == ["3", "2", "1"]  # newest first
        # Mark v1, go back to v3, diff.
        await pilot.press("down", "down", "space", "up", "up", "enter")
        await pilot.pause()
        assert "◆ MARKED" in listing.rows[2].plain
        assert screen.compared == (1, 3)
        lines = [r.plain for r in screen.query_one("#diff-list", RowList).rows]
        assert lines[0].startswith("--- v1 · ben") and lines[1].startswith("+++ v3 · ben")
        assert any(line.startswith("-") and "We are sorry." in line for line in lines)
        assert any(line.startswith("+") and "We are truly sorry." in line for line in lines)
        assert "+P.S. Thank you." in lines
        assert "v1 → v3" in str(screen.query_one("#diff-box").border_title)
        # Marking v3 instead, enter on v2 compares v2 with it.
        await pilot.press("space", "down", "enter")
        await pilot.pause()
        assert screen.compared == (2, 3)


async def test_export_from_the_ui_writes_an_eml_that_parses(
    make_app: AppFactory, db_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    save_public_drafts(db_file)  # the notice's gate: saved and free of blocking problems
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d", "x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.query_one("#field-0", Input).value == "notice"
        assert dialog.query_one("#field-1", Input).value == "eml"
        dialog.query_one("#field-2", Input).value = str(out)
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
    written = out / "notice.eml"
    assert written.is_file()
    message = email.message_from_bytes(written.read_bytes(), policy=policy.default)
    assert message["Subject"].startswith("Notice of Data Breach")
    assert "security-update@example.com" in message["From"]
    assert message["Date"]
    kinds = {part.get_content_type() for part in message.walk()}
    assert {"text/plain", "text/html"} <= kinds
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and "1-800-555-0142" in plain.get_content()
    view = store_view(db_file)
    assert any("Exported notice as eml" in e.text for e in view.snapshot().timeline)
    view.close()


async def test_an_impossible_export_is_refused_in_place(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.query_one(RowList).select_key("faq")
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.query_one("#field-0", Input).value == "faq"
        dialog.query_one("#field-1", Input).value = "eml"
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert app.screen is dialog
        assert "notice only" in str(dialog.query_one("#form-error").render())


async def test_fact_change_marks_the_notice_stale_until_reviewed(
    make_app: AppFactory, db_file: Path
) -> None:
    seed_notice_versions(db_file, notice_template(db_file))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = app.screen.query_one("#header-drafts", Label)
        assert not header.display
        await pilot.press("s")
        await pilot.pause()
        facts = app.screen
        assert isinstance(facts, FactsScreen)
        listing = facts.query_one(RowList)
        assert listing.select_key("customers_affected")
        await pilot.press("enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        field = dialog.query_one("#field-0", Input)
        assert field.value == "48200"
        field.value = "lots"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog  # refused in place
        assert "not a whole number" in str(dialog.query_one("#form-error").render())
        field.value = "51,000"
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is facts
        row = next(r for r in listing.rows if r.key == "customers_affected")
        assert "51000" in row.plain and "✎ ana 03:00Z" in row.plain
        view = store_view(db_file)
        edits = DraftStore(view).fact_edits("customers_affected")
        assert [(e.old, e.new, e.operator, e.at) for e in edits] == [("48200", "51000", "ana", NOW)]
        fact_entry = [e for e in view.snapshot().timeline if e.kind is EventKind.FACT][-1]
        assert "Customers affected" in fact_entry.text and "now stale: notice" in fact_entry.text
        view.close()
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert header.display and str(header.render()) == "✉ 1 stale"
        await pilot.press("d")
        await pilot.pause()
        drafts = app.screen
        assert isinstance(drafts, DraftsScreen)
        notice_row = drafts.query_one(RowList).rows[1]
        assert "STALE" in notice_row.plain and "Customers affected" in notice_row.plain
        assert all("STALE" not in r.plain for r in drafts.query_one(RowList).rows[2:])
        await pilot.press("r")
        await pilot.pause()
        assert "STALE" not in drafts.query_one(RowList).rows[1].plain
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not header.display


async def test_first_notice_gate_blocks_then_override_is_recorded(
    make_app: AppFactory, db_file: Path
) -> None:
    view = store_view(db_file)
    DraftStore(view).set_fact_text("hotline", "", "ben", NOW.replace(hour=2))
    view.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checklist = app.screen.query_one(ChecklistPane)
        assert checklist.rows.select_key("notify-individuals")
        await pilot.press("space")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert "Not ready: " in dialog.title_text and "problem(s)" in dialog.title_text
        assert "hotline" in dialog.hint.lower()
        await pilot.press("enter")  # empty reason: cancel
        await pilot.pause()
        view = store_view(db_file)
        assert "notify-individuals" not in view.snapshot().ticks
        await pilot.press("space")
        await pilot.pause()
        await pilot.press(*"Legal approved sending by letter", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        view.refresh_if_changed()
        tick = view.snapshot().ticks["notify-individuals"]
        assert tick.done and tick.operator == "ana"
        override = [e for e in view.snapshot().timeline if e.text.startswith("Override:")]
        assert len(override) == 1 and "Reason: Legal approved sending by letter" in override[0].text
        assert "hotline" in override[0].text.lower()
        view.close()


async def test_first_notice_ticks_without_asking_when_nothing_blocks(
    make_app: AppFactory, db_file: Path
) -> None:
    save_public_drafts(db_file)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ChecklistPane).rows.select_key("notify-individuals")
        await pilot.press("space")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, FormDialog)
        view = store_view(db_file)
        assert view.snapshot().ticks["notify-individuals"].done
        view.close()


async def test_social_post_preview_shows_the_thread(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.query_one(RowList).select_key("social")
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, DraftEditorScreen) and editor.ref.kind.value == "social"
        preview = editor.query_one("#editor-preview", TextArea).text
        assert "── Post 1/2 ·" in preview and "/280 characters ──" in preview
        assert "(2/2)" in preview


async def test_q_types_in_the_editor_and_closes_from_the_problems(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = await open_notice_editor(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert editor.text.startswith("qSubject")  # typed, not quit
        await pilot.press("ctrl+l", "q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # unsaved: asked, not quit
