"""Room for mentions, a split the operator can move and keep, a header that fits 80x24."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from warroom.domain.mentions import Priority, Triage
from warroom.ui.app import WarRoomApp
from warroom.ui.screens.dashboard_layout import PaneSplit
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.inquiry_pane import InquiryPane
from warroom.ui.widgets.mention_pane import MentionPane

from .conftest import NOW, AppFactory, make_mention, screen_text, store_view

LONG_TITLE = (
    "Northwind Outfitters customers say the breach notice e-mail looks like phishing and ask "
    "whether the hotline number is real"
)


def _long_mention(db_file: Path) -> None:
    repo = store_view(db_file)
    try:
        other = LONG_TITLE.replace("phishing", "a scam")
        repo.add_new_mentions(
            [make_mention(3, title=LONG_TITLE, respond_first=True), make_mention(4, title=other)]
        )
        repo.set_triage("m00003", "kim", NOW, state=Triage.RESPOND, priority=Priority.URGENT,
                        assignee="leo")  # fmt: skip
    finally:
        repo.close()


async def test_at_120x40_a_mention_title_shows_60_characters_after_its_badges(
    make_app: AppFactory, db_file: Path
) -> None:
    _long_mention(db_file)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        row = app.screen.query_one(MentionPane).rows.rows[0].plain
    assert row.startswith(f"RESP ⚑ ▲URGENT @leo {LONG_TITLE[:20]}")
    badged = next(line for line in text.splitlines() if "▲URGENT" in line)
    assert f"RESP ⚑ ▲URGENT @leo {LONG_TITLE[:40]}" in badged
    assert f"NEW  {LONG_TITLE[:60]}" in text  # the row without badges
    assert "TO RESPOND · ⚑ ▲URGENT @leo · " + LONG_TITLE[:30] in text  # the detail line


async def test_at_80x24_the_header_keeps_the_operator_and_the_title(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app(operator="rosalind")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = next(line for line in screen_text(app).splitlines() if line.strip())
    assert header.lstrip().startswith("● rosalind")
    assert "Northwind" in header and "T+04:20" in header
    assert header.index("rosalind") < header.index("Northwind") < header.index("T+04:20")


async def test_ctrl_arrows_move_the_dividers_and_the_split_is_kept(
    make_app: AppFactory, db_file: Path
) -> None:
    kept: list[str] = []
    app = make_app(on_layout_change=kept.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        left = app.screen.query_one("#left-panes")
        before = app.screen.query_one(MentionPane).size
        checklist_before = app.screen.query_one(ChecklistPane).size
        await pilot.press("ctrl+left", "ctrl+left", "ctrl+up")
        await pilot.pause()
        after = app.screen.query_one(MentionPane).size
        assert after.width > before.width and after.height == before.height
        assert app.screen.query_one(ChecklistPane).size.height > checklist_before.height
        assert str(left.styles.width) == "30fr"
    assert kept == ["35x40", "30x40", "30x35"]
    again = make_app(layout="30x35")
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.screen.query_one(MentionPane).size == after


@pytest.mark.parametrize("size", [(120, 40), (200, 60)])
async def test_the_inquiry_pane_takes_the_rows_it_needs_and_mentions_the_rest(
    make_app: AppFactory, busy_db: Path, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        inquiries = app.screen.query_one(InquiryPane)
        mentions = app.screen.query_one(MentionPane)
        column = app.screen.query_one("#right-panes")
        channels = len(inquiries.rows.rows)
        detail = inquiries.query_one(".detail", Static).outer_size.height
        assert channels >= 6  # the sample's six channels (and any prompts)
        assert inquiries.rows.outer_size.height == channels  # no empty rows in the list
        assert inquiries.outer_size.height == channels + detail + 2  # and a border round it
        # The mentions take every other row of the column, from under the inquiries down.
        assert mentions.region.y == inquiries.region.bottom
        assert mentions.region.bottom == column.region.bottom
        assert mentions.outer_size.height == column.size.height - inquiries.outer_size.height
        assert mentions.outer_size.height > size[1] // 2


async def test_many_recurring_topics_scroll_in_the_inquiry_pane_and_leave_room_for_mentions(
    make_app: AppFactory, db_file: Path
) -> None:
    repo = store_view(db_file)
    for topic in range(30):  # 30 topics asked five times each: 30 FAQ prompts under the channels
        for _ in range(5):
            repo.count_inquiry("phone", "lee", NOW - timedelta(minutes=10), topic=f"topic {topic}")
    repo.close()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        inquiries = app.screen.query_one(InquiryPane)
        detail = inquiries.query_one(".detail", Static)
        assert len(inquiries.rows.rows) > 30
        assert inquiries.rows.outer_size.height == 40 * 40 // 100  # 40% of the screen, scrolling
        assert detail.region.bottom <= inquiries.region.bottom - 1  # the detail stays in sight
        assert app.screen.query_one(MentionPane).outer_size.height >= 10


async def test_at_80x24_the_inquiry_pane_alone_fills_the_screen(
    make_app: AppFactory, db_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("tab")  # from the checklist to the inquiries
        await pilot.pause()
        inquiries = app.screen.query_one(InquiryPane)
        assert inquiries.display and not app.screen.query_one(ChecklistPane).display
        assert not app.screen.query_one("#left-panes").display
        assert inquiries.outer_size.height == 24 - 3  # header, tabs and footer
        assert app.screen.query_one("#right-panes").size.width == 80


def test_a_split_stays_within_bounds_and_reads_what_it_wrote() -> None:
    split = PaneSplit()
    assert (split.left, split.top) == (40, 40)
    for _ in range(20):
        split = split.moved("left").moved("down")
    assert (split.left, split.top) == (20, 80)
    assert PaneSplit.parse(split.text) == split
    assert PaneSplit.parse("nonsense") == PaneSplit() and PaneSplit.parse("95x5") == PaneSplit(
        80, 20
    )


async def test_at_80x24_the_wall_keeps_the_title(make_app: AppFactory, db_file: Path) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = next(line for line in screen_text(app).splitlines() if line.strip())
    assert "Northwind Outfitters" in header and "READ-ONLY" in header, header


async def _footer_line(app: WarRoomApp, pilot: Pilot[None]) -> str:
    """The footer as drawn, once it is filled (its keys arrive a refresh after the screen)."""
    line = ""
    for _ in range(200):
        line = screen_text(app).rstrip().splitlines()[-1]
        if "Note" in line:
            break
        await pilot.pause(0.05)
    return line


async def test_at_120_columns_the_footer_keeps_q_quit(make_app: AppFactory, db_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        footers = []
        for _ in range(4):  # the checklist (first), the inquiries, the mentions, the timeline
            footers.append(await _footer_line(app, pilot))
            await pilot.press("tab")
            await pilot.pause()
    # With the mentions focused their own keys fill the line: q is in ? and works anyway.
    checklist, inquiries, _mentions, timeline = footers
    for footer in (checklist, inquiries, timeline):
        assert "q Quit" in footer and "^p palette" in footer, footer
    assert "Tick/untick" in checklist and "Count" in inquiries and "Expand" in timeline
    assert "Maximise" not in checklist and "Poll" not in checklist and "Review" not in checklist
