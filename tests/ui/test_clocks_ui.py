"""Issue 5 on screen: the clock board, the header countdown, inquiry trends and the review.

Driven with Pilot on a real database file; every change is checked in the store (through a
second, independent view, as another process would see it) and on screen.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, Label, TextArea

from tests.ui.conftest import NOW, AppFactory, store_view
from warroom.domain.clock import format_utc
from warroom.domain.timeline import EventKind
from warroom.store.regulatory import RegulatoryStore
from warroom.store.repository import WarRoomRepository
from warroom.ui.screens.clock_board import ClockBoardScreen
from warroom.ui.screens.form_dialog import FormDialog
from warroom.ui.screens.review import AnswerEditor, ReviewScreen
from warroom.ui.widgets.inquiry_pane import InquiryPane
from warroom.ui.widgets.row_list import RowList

ROOT = Path(__file__).resolve().parents[2]


def board_text(app: object) -> list[str]:
    """Every row of the clock board as plain text."""
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ClockBoardScreen)
    return [row.plain for row in screen.query_one(RowList).rows]


def row_with(rows: list[str], text: str) -> str:
    """The one selectable row holding ``text`` (the lines under clocks repeat names)."""
    found = [r for r in rows if text in r and not r.startswith("   ↳")]
    assert len(found) == 1, (text, found)
    return found[0]


def seed_inquiries(db_file: Path, spike: bool) -> None:
    """Two phone inquiries an hour for four hours, then (with ``spike``) 14 in the last hour."""
    repo = WarRoomRepository.open(db_file)
    for hours in range(1, 5):
        at = NOW - timedelta(hours=hours, minutes=10)
        repo.count_inquiry("phone", "ana", NOW, at=at, count=2)
    if spike:
        at = NOW - timedelta(minutes=20)
        repo.count_inquiry("phone", "ana", NOW, at=at, count=14, topic="password reset")
    repo.close()


async def test_header_counts_down_to_the_next_deadline(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        label = app.screen.query_one("#header-deadline", Label)
        # Awareness 22:40 on 26 Nov; at NOW (03:00 on 27 Nov) NIS2's 24 h early warning is next.
        assert str(label.render()).strip() == "◷ NIS2 early in 19:40"
        assert label.display and label.has_class("-running")


async def test_header_countdown_says_overdue_in_words(make_app: AppFactory, db_file: Path) -> None:
    repo = WarRoomRepository.open(db_file)
    # Awareness three days ago: the 24 h early warning ran over by two days.
    RegulatoryStore(repo).set_trigger("became_aware", NOW - timedelta(days=3), "bo", NOW)
    repo.close()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        label = app.screen.query_one("#header-deadline", Label)
        assert str(label.render()).strip() == "✖ NIS2 early OVERDUE 2d 00:00"
        assert label.has_class("-overdue")


async def test_clock_board_shows_every_state_in_words(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        rows = board_text(app)
        gdpr = row_with(rows, "GDPR: notify the supervisory authority")
        assert gdpr.startswith("◷ running") and "2d 19:40 left" in gdpr
        sec = row_with(rows, "SEC: Form 8-K Item 1.05")
        assert sec.startswith("○ not started")
        dora = row_with(rows, "DORA: initial notification")
        assert dora.startswith("– not applicable")
        # The line under each clock names its source and, for n/a, the file's reason.
        assert any("GDPR Art. 33(1)" in r and "due 2026-11-29 22:40Z" in r for r in rows)
        assert any("Northwind is a retailer" in r for r in rows)
        assert row_with(rows, "Materiality determined (SEC)").startswith("○ not yet")
        subtitle = str(app.screen.query_one("#clock-board").border_subtitle)
        assert "not applicable" in subtitle and "running" in subtitle


async def test_setting_a_trigger_stores_it_records_it_and_starts_the_clock(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app(operator="carla")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        board = app.screen
        assert board.query_one(RowList).select_key("trigger:materiality_determined")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#field-0", Input).value = "-2h"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is board
        rows = board_text(app)
        assert row_with(rows, "Materiality determined (SEC)").startswith("● 2026-11-27 01:00Z")
        assert "set by carla" in row_with(rows, "Materiality determined (SEC)")
        sec = row_with(rows, "SEC: Form 8-K Item 1.05")
        # 01:00Z on 27 Nov is 20:00 on Thanksgiving in New York: 4 business days from that
        # date (Fri 27, Mon 30, Tue 1, Wed 2) end on Wed 2 Dec at 17:30 New York time.
        assert sec.startswith("◷ running") and "5d 19:30 left" in sec
        assert any("due 2026-12-02 22:30Z" in r for r in rows)

        view = store_view(db_file)
        stored = RegulatoryStore(view).triggers()["materiality_determined"]
        assert stored.at == NOW - timedelta(hours=2) and stored.operator == "carla"
        entry = view.snapshot().timeline[-1]
        assert entry.kind is EventKind.TRIGGER and entry.operator == "carla"
        assert entry.text.startswith(
            "Trigger set: Materiality determined (SEC) at 2026-11-27 01:00Z"
        )
        assert "SEC: Form 8-K Item 1.05" in entry.text
        view.close()

        # n on the SEC clock row: its trigger "happened now"; f ticks its checklist item.
        assert board.query_one(RowList).select_key("clock:sec-8k")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.pause()
        sec = row_with(board_text(app), "SEC: Form 8-K Item 1.05")
        assert sec.startswith("✔ done") and f"filed {format_utc(NOW, with_date=True)}" in sec
        view = store_view(db_file)
        assert view.snapshot().ticks["sec-8k-filed"].done
        assert RegulatoryStore(view).triggers()["materiality_determined"].at == NOW
        view.close()

        await pilot.press("escape")
        await pilot.pause()
        # Back on the dashboard the header and timeline show the change too.
        timeline = [r.plain for r in app.screen.query_one("#timeline-list", RowList).rows]
        assert sum("Trigger set: Materiality determined" in r for r in timeline) == 2
        assert str(app.screen.query_one("#header-deadline", Label).render()).startswith("◷ NIS2")


async def test_wall_mode_cannot_set_triggers(make_app: AppFactory, db_file: Path) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        app.screen.query_one(RowList).select_key("trigger:materiality_determined")
        await pilot.press("n")
        await pilot.pause()
        view = store_view(db_file)
        assert RegulatoryStore(view).triggers() == {}
        view.close()


async def test_inquiry_pane_shows_sparkline_and_marks_a_spike(
    make_app: AppFactory, db_file: Path
) -> None:
    seed_inquiries(db_file, spike=True)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(InquiryPane)
        phone = pane.rows.rows[0].plain
        assert "Phone" in phone and "22" in phone and "14/h" in phone
        assert phone.rstrip().endswith("▁▁▁▁▁▁▁▂▂▂▂█ ⚡ SPIKE")
        assert "SPIKE" not in pane.rows.rows[1].plain
        assert "update the FAQ and the team Q&A" in str(pane.border_subtitle)
        assert pane.has_class("-spike")
        texts = [r.plain for r in pane.rows.rows]
        assert any("“password reset” asked 14× recently — add a FAQ entry" in t for t in texts)
        # The spike went into the timeline once, even after more reloads.
        await pilot.press("2")
        await pilot.pause()
        view = store_view(db_file)
        spikes = [e for e in view.snapshot().timeline if e.text.startswith("Inquiry spike on")]
        assert len(spikes) == 1 and "update the FAQ and the team Q&A" in spikes[0].text
        view.close()


async def test_no_spike_without_one(make_app: AppFactory, db_file: Path) -> None:
    seed_inquiries(db_file, spike=False)
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(InquiryPane)
        assert "SPIKE" not in " ".join(r.plain for r in pane.rows.rows)
        assert not pane.has_class("-spike")
        view = store_view(db_file)
        assert not [e for e in view.snapshot().timeline if e.text.startswith("Inquiry spike")]
        view.close()


async def test_t_in_the_inquiry_pane_counts_with_a_topic(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.screen.query_one(InquiryPane).focus_list()
        await pilot.press("down", "t")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        app.screen.query_one("#field-0", Input).value = "refund [/b]"
        await pilot.press("enter")
        await pilot.pause()
        view = store_view(db_file)
        events = view.snapshot().inquiries
        assert [(e.channel_id, e.topic) for e in events] == [("email", "refund [/b]")]
        view.close()


async def test_review_screen_saves_and_shows_answers(make_app: AppFactory, db_file: Path) -> None:
    app = make_app(operator="dana")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("V")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        listing = screen.query_one(RowList)
        assert listing.highlighted is not None and listing.highlighted.key == "q:what_happened"
        assert listing.select_key("q:went_right")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnswerEditor)
        app.screen.query_one(
            TextArea
        ).text = "The hotline was staffed in 40 min.\n<script>x</script>"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen
        row = next(r for r in screen.query_one(RowList).rows if r.key == "q:went_right")
        assert "The hotline was staffed in 40 min." in row.plain
        assert "1/4 questions answered" in str(screen.query_one("#review").border_subtitle)
        plain = [r.plain for r in screen.query_one(RowList).rows]
        assert any("Times from detection" in p for p in plain)
        assert any(p.startswith("All channels") for p in plain)

        view = store_view(db_file)
        answer = RegulatoryStore(view).answers()["went_right"]
        assert answer.operator == "dana" and answer.at == NOW
        assert answer.text.endswith("<script>x</script>")
        assert view.snapshot().timeline[-1].text.startswith("Review answer to “What went right?”")
        view.close()


def test_cli_exports_the_review_as_well_formed_escaped_html(db_file: Path, tmp_path: Path) -> None:
    repo = WarRoomRepository.open(db_file)
    store = RegulatoryStore(repo)
    store.set_answer("improve", 'Faster triage <script>alert("x")</script> & more', "ana", NOW)
    repo.count_inquiry("phone", "ana", NOW, at=NOW - timedelta(minutes=5))
    repo.close()
    out = tmp_path / "out"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "warroom",
            "export",
            "review",
            "--format",
            "html",
            "--out",
            str(out),
            "--db",
            str(db_file),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    page = (out / "review.html").read_text(encoding="utf-8")
    ET.fromstring(page.split("\n", 1)[1] if page.startswith("<!DOCTYPE") else page)
    assert "<script" not in page.lower()
    assert "Faster triage &lt;script&gt;alert(" in page
    assert "Phone / switchboard" in page
    assert str(out / "review.html") in done.stdout

    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "warroom",
            "export",
            "review",
            "--format",
            "pdf",
            "--out",
            str(out),
            "--db",
            str(db_file),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2 and "unknown format" in bad.stderr


def test_sample_incident_is_what_these_tests_assume() -> None:
    data = json.loads((ROOT / "sample_incident.json").read_text(encoding="utf-8"))
    assert data["regulatory"]["triggers"]["became_aware"]["at"] == "2026-11-26T22:40:00Z"
    assert data["regulatory"]["triggers"]["materiality_determined"] is None


async def test_filing_an_overdue_clock_asks_why_and_records_the_reasons(
    make_app: AppFactory, db_file: Path
) -> None:
    repo = WarRoomRepository.open(db_file)
    # Awareness four days ago: GDPR's 72 hours have run out.
    RegulatoryStore(repo).set_trigger("became_aware", NOW - timedelta(days=4), "bo", NOW)
    repo.close()
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
        board = app.screen
        assert board.query_one(RowList).select_key("clock:gdpr-authority")
        await pilot.press("f")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
        await pilot.press("enter")  # no reasons: refused in place
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
        await pilot.press(*"Forensics confirmed EU residents only on day 4", "enter")
        await pilot.pause()
        await pilot.pause()
        view = store_view(db_file)
        room = view.snapshot()
        assert room.ticks["notify-authority-gdpr"].done
        note = room.timeline[-1]
        assert note.kind is EventKind.NOTE
        assert "Filed late: GDPR" in note.text
        assert note.text.endswith(
            "Reasons for the delay: Forensics confirmed EU residents only on day 4"
        )
        view.close()
        assert row_with(board_text(app), "GDPR: notify the supervisory").startswith("✔ done late")
