"""A long history opens on its newest page; older mentions are read as the operator scrolls
or searches, and counts stay right without reading them."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import AppFactory, make_mention, store_view
from warroom.domain.mention_history import decoded_count
from warroom.domain.mentions import Triage
from warroom.store.repository import WarRoomRepository
from warroom.ui.widgets.mention_pane import PAGE, MentionPane

STORED = 5_000


def _seed(db: Path) -> None:
    repo = store_view(db)
    repo.add_new_mentions(
        make_mention(n, title=f"Story {n} about Northwind" + (" zebracode" if n == 4_321 else ""))
        for n in range(STORED)
    )
    repo.close()


def test_a_fresh_process_reads_no_shard_until_asked(db_file: Path) -> None:
    _seed(db_file)
    repo = WarRoomRepository.open(db_file)
    room = repo.snapshot()
    assert len(room.mentions) == STORED and decoded_count(room.mentions) == 0
    assert room.mentions_by_state()[Triage.NEW] == STORED
    assert room.mentions[0].id == "m00000"  # the newest: one shard decoded, not five
    assert decoded_count(room.mentions) <= 1_000
    assert repo.find_mention("m04999") is not None  # the oldest is found when asked for
    repo.close()


async def test_the_pane_opens_on_a_page_and_reads_older_ones_as_it_scrolls(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app(operator="kim")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MentionPane)
        assert len(pane.rows.rows) == PAGE and pane.more_to_read == STORED - PAGE
        assert f"{STORED - PAGE:,} older" in str(pane.border_subtitle)
        pane.focus_list()
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert len(pane.rows.rows) == 2 * PAGE  # the next page was read
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
        assert len(pane.rows.rows) == STORED and pane.more_to_read == 0
        assert pane.highlighted_key is not None


async def test_a_search_reads_the_whole_history(make_app: AppFactory, db_file: Path) -> None:
    _seed(db_file)
    app = make_app(operator="kim")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MentionPane)
        pane.focus_list()
        await pilot.press("slash", *"zebracode")
        await pilot.pause()
        assert [row.key for row in pane.rows.rows] == ["m04321"]  # beyond the first page
        await pilot.press("escape")
        await pilot.pause()
        assert len(pane.rows.rows) == PAGE


async def test_a_triage_of_an_old_mention_by_another_operator_shows_in_the_counts(
    make_app: AppFactory, db_file: Path
) -> None:
    _seed(db_file)
    app = make_app(operator="kim")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        other = make_app(operator="lee")
        async with other.run_test(size=(160, 48)) as other_pilot:
            await other_pilot.pause()
            service_app = other.screen
            await service_app.change(  # type: ignore[attr-defined]
                lambda service: service.triage(["m04999"], Triage.IGNORE)
            )
        view = store_view(db_file)
        room = view.snapshot()
        assert room.triage_state("m04999") is Triage.IGNORE
        assert room.mentions_by_state()[Triage.NEW] == STORED - 1
        assert room.mentions_by_state()[Triage.IGNORE] == 1
        entries = [e.text for e in room.timeline if "Story 4999" in e.text]
        assert entries, "the triage entry names the old mention by its title"
        view.close()
