"""Room for mentions, a split the operator can move and keep, a header that fits 80x24."""

from __future__ import annotations

from pathlib import Path

from textual.containers import Grid

from warroom.domain.mentions import Priority, Triage
from warroom.ui.screens.dashboard_layout import PaneSplit
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
        grid = app.screen.query_one("#panes", Grid)
        before = app.screen.query_one(MentionPane).size
        await pilot.press("ctrl+left", "ctrl+left", "ctrl+up")
        await pilot.pause()
        after = app.screen.query_one(MentionPane).size
        assert after.width > before.width and after.height > before.height
        assert str(grid.styles.grid_columns[0]) == "30fr"
    assert kept == ["35x40", "30x40", "30x35"]
    again = make_app(layout="30x35")
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.screen.query_one(MentionPane).size == after


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
