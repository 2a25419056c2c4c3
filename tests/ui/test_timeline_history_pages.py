"""A long timeline opens on its newest page, read from the newest shards only; older entries
are read as the operator scrolls up or searches."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.ui.conftest import NOW, AppFactory, store_view
from warroom.domain.mention_history import decoded_count
from warroom.domain.timeline import EventKind
from warroom.store.mention_shards import shard_paths
from warroom.store.repository import WarRoomRepository
from warroom.ui.widgets.timeline_pane import PAGE, TimelinePane

NOTES = 2_600


def _seed(db: Path) -> None:
    repo = store_view(db)
    start = NOW - timedelta(days=3)
    with repo.transaction():  # one write; the next one moves them into the shards
        for n in range(NOTES):
            text = f"Note {n}" + (" zebracode" if n == 120 else "")
            repo.record(EventKind.NOTE, text, "lee", NOW, at=start + timedelta(seconds=60 * n))
    repo.add_note("the newest note", "lee", NOW)
    repo.close()
    assert len(shard_paths(db, "timeline")) >= 3


def test_a_fresh_process_reads_only_the_newest_timeline_shards(db_file: Path) -> None:
    _seed(db_file)
    repo = WarRoomRepository.open(db_file)
    try:
        room = repo.snapshot()
        assert len(room.timeline) == NOTES + 2 and decoded_count(room.timeline) < PAGE
        assert room.timeline[-1].text == "the newest note"
        assert decoded_count(room.timeline) < PAGE
    finally:
        repo.close()


async def test_the_pane_opens_on_a_page_and_reads_older_ones_as_it_scrolls_up(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    total = NOTES + 2
    app = make_app(operator="kim")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(TimelinePane)
        assert len(pane.rows.rows) == PAGE and pane.more_to_read == total - PAGE
        assert f"{total - PAGE:,} older" in str(pane.border_subtitle)
        assert pane.rows.rows[-1].plain.endswith("the newest note")
        pane.focus_list()
        await pilot.press("home")
        await pilot.pause()
        assert len(pane.rows.rows) == 2 * PAGE  # the next page was read
        await pilot.press("home")
        await pilot.pause()
        await pilot.press("home")
        await pilot.pause()
        assert len(pane.rows.rows) == total and pane.more_to_read == 0
        assert "older" not in str(pane.border_subtitle)


async def test_a_filter_reads_the_whole_timeline(make_app: AppFactory, db_file: Path) -> None:
    _seed(db_file)
    app = make_app(operator="kim")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(TimelinePane)
        pane.focus_list()
        await pilot.press("slash", *"zebracode")
        await pilot.pause()
        assert [row.plain.endswith("Note 120 zebracode") for row in pane.rows.rows] == [True]
        await pilot.press("escape")
        await pilot.pause()
        assert len(pane.rows.rows) == PAGE
