"""Live mentions: the dashboard polls real HTTP feeds (the demo simulator on 127.0.0.1) with
parsing in worker processes, and shows what `warroom poll` stores from another process."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.ui.conftest import NOW, AppFactory
from warroom.domain.clock import system_clock
from warroom.feeds.simulator import Simulator, start_simulator
from warroom.resources import sample_incident_path
from warroom.store.repository import WarRoomRepository
from warroom.ui.widgets.mention_pane import MentionPane


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    running = start_simulator(interval_seconds=1.0)
    yield running
    running.stop()


async def _wait_for(pilot: object, condition: object, seconds: float = 30.0) -> bool:
    for _ in range(int(seconds / 0.25)):
        if condition():  # type: ignore[operator]
            return True
        await pilot.pause(0.25)  # type: ignore[attr-defined]
    return bool(condition())  # type: ignore[operator]


async def test_dashboard_polls_feeds_in_worker_processes_and_counts_unseen(
    make_app: AppFactory, simulator: Simulator
) -> None:
    app = make_app(
        poll_feeds=True,
        feed_urls=simulator.urls,
        parse_mode="process",
        feed_poll_seconds=2,
        clock=system_clock,  # polls fall due as real time passes
    )
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.screen.query_one(MentionPane)
        assert await _wait_for(pilot, lambda: len(pane.rows.rows) > 0), "no mention arrived"
        # The first poll fills the pane; later ones arrive while the operator works elsewhere.
        first = len(pane.rows.rows)
        assert await _wait_for(pilot, lambda: len(pane.rows.rows) > first), "feed did not grow"
        assert pane.unseen > 0 and "unseen" in str(pane.border_subtitle)
        domains = {row.plain.split()[-2] for row in pane.rows.rows}  # "… domain HH:MM"
        assert any(d.endswith(".example.net") or d.endswith(".example.io") for d in domains)
        pane.focus_list()
        await pilot.pause()
        assert pane.unseen == 0 and "unseen" not in str(pane.border_subtitle)
        assert app.is_running


async def test_a_dashboard_shows_what_warroom_poll_stores(
    make_app: AppFactory, simulator: Simulator, tmp_path: Path
) -> None:
    data = json.loads(sample_incident_path().read_text(encoding="utf-8"))
    for feed in data["feeds"]:
        feed["url"] = simulator.urls[feed["id"]]
    db = tmp_path / "live.json"
    repo = WarRoomRepository.open(db, create=True)
    repo.import_incident(data, "ana", NOW - timedelta(hours=1))
    repo.close()
    app = make_app(db)  # this dashboard does not poll: `warroom poll` does
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.screen.query_one(MentionPane)
        await pilot.pause()
        assert len(pane.rows.rows) == 0
        done = subprocess.run(
            [sys.executable, "-m", "warroom", "poll", "--db", str(db), "--once"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "2 ok" in done.stdout
        assert await _wait_for(pilot, lambda: len(pane.rows.rows) > 0, seconds=5)
        stored = WarRoomRepository.open(db)
        shown = {r.key for r in pane.rows.rows}
        copies = {c.id for group in pane.groups.values() for c in group.copies}
        # Every stored mention is on screen, once: as a row, or as a syndicated copy of one.
        assert shown | copies == {m.id for m in stored.snapshot().mentions}
        assert not shown & copies
        stored.close()


async def test_a_feed_added_from_the_ui_is_stored_polled_and_can_be_removed(
    make_app: AppFactory, simulator: Simulator, db_file: Path
) -> None:
    app = make_app(poll_feeds=True, parse_mode="inline", clock=system_clock)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("F")
        await pilot.pause()
        assert type(app.screen).__name__ == "FeedHealthScreen"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Extra alerts", "enter", *"ftp://nope", "enter", "enter")
        await pilot.pause()
        assert "http://" in str(app.screen.query_one("#form-error").render())  # refused in place
        url_input = app.screen.query_one("#field-1")
        url_input.value = simulator.urls["alerts-northwind"]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause(0.5)
        repo = WarRoomRepository.open(db_file)
        (added,) = repo.added_feeds()
        assert added.name == "Extra alerts" and added.url == simulator.urls["alerts-northwind"]
        assert added in repo.incident().feeds
        # Not only among the last three: the new feed's first poll may already have written
        # its mention spikes after it (seen on main too, depending on the hour).
        assert any("Feed added: Extra alerts" in e.text for e in repo.snapshot().timeline[-10:])
        repo.close()
        assert type(app.screen).__name__ == "FeedHealthScreen"  # shown again, with the new feed
        pane = app.screen_stack[0].query_one(MentionPane)
        polled = await _wait_for(pilot, lambda: len(pane.rows.rows) > 0)
        assert polled, "the added feed was not polled"
        rows = app.screen.query_one("#feed-list")
        assert rows.select_key(added.id)  # type: ignore[attr-defined]
        await pilot.press("x")
        await pilot.pause(0.5)
        repo = WarRoomRepository.open(db_file)
        assert repo.added_feeds() == []
        repo.close()
