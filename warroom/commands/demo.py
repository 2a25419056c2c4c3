"""``warroom demo``: the sample incident at hour two, on whatever date it runs.

The bundled sample is dated 26 November 2026; opened as it is, every deadline has long passed.
The demo moves it so that detection was ``HOURS_IN`` ago, seeds the first hours
(``demo_story``) and starts the feed simulator on a schedule kept in the database, so a restart
carries on: the same room, the feeds still arriving as if they had never stopped. A demo room
left for more than ``FRESH_AFTER`` (yesterday's) is started afresh: a visitor tomorrow should see
hour two too, not hour twenty-six.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from warroom.commands.demo_story import seed_first_hours
from warroom.domain.clock import format_utc, utc
from warroom.feeds.simulator import FeedSchedule
from warroom.incident_file import load_incident
from warroom.incident_file.rebase import rebased_to
from warroom.resources import sample_incident_path
from warroom.store.errors import StoreError
from warroom.store.records import from_iso, iso
from warroom.store.repository import WarRoomRepository, shard_paths

__all__ = ["DemoRoom", "prepare_demo", "HOURS_IN", "FRESH_AFTER", "SEED"]

HOURS_IN = timedelta(hours=2, minutes=10)
"""How long ago the demo's incident was detected when a room is seeded."""
FRESH_AFTER = timedelta(hours=12)
"""A demo room older than this is replaced by a new one."""
SEED = 7
BACKSTORY_INTERVAL = 300.0
"""Seconds between each feed's entries before the demo started (the story breaking)."""
LIVE_INTERVAL = 15.0
"""Seconds between each feed's entries while the demo runs: live, but readable."""
STORY_BREAKS = timedelta(minutes=15)
"""The first mention appears this long after detection."""
_TABLE = "demo"


@dataclass(frozen=True)
class DemoRoom:
    """A demo database ready to open: where, and what its feed simulator serves."""

    db: Path
    seed: int
    schedule: FeedSchedule
    detected_at: datetime
    fresh: bool
    """True when this call seeded it (False: carried on from an earlier run)."""


def _state(repo: WarRoomRepository) -> dict[str, Any] | None:
    docs = repo.table(_TABLE).all()
    return dict(docs[0]) if docs else None


def _room(db: Path, doc: dict[str, Any], *, fresh: bool) -> DemoRoom:
    def when(key: str) -> datetime:
        moment = from_iso(doc.get(key))
        if moment is None:
            raise StoreError(f"{db}: the demo's simulator state has no {key}; use --fresh")
        return moment

    schedule = FeedSchedule(
        when("origin"),
        when("live_from"),
        float(doc["past_interval"]),
        float(doc["interval"]),
    )
    return DemoRoom(db, int(doc["seed"]), schedule, when("detected_at"), fresh)


def _remove_family(db: Path) -> None:
    """Delete a demo database and its mention shards (the lock files stay: they are harmless)."""
    for path in [db, *shard_paths(db)]:
        path.unlink(missing_ok=True)


def _existing(db: Path, now: datetime, fresh: bool) -> DemoRoom | None:
    """The demo room already at ``db`` to carry on with, or None when one must be seeded."""
    if not db.exists():
        return None
    repo = WarRoomRepository.open(db)
    try:
        doc = _state(repo)
        holds_incident = repo.has_incident()
    finally:
        repo.close()
    if doc is None:
        if not holds_incident:
            return None
        raise StoreError(
            f"{db}: holds an incident that `warroom demo` did not write; "
            "pass another --db for the demo (it never changes a real incident)"
        )
    room = _room(db, doc, fresh=False)
    if fresh or now - room.detected_at > FRESH_AFTER:
        _remove_family(db)
        return None
    return room


def prepare_demo(db: Path, operator: str, now: datetime, *, fresh: bool = False) -> DemoRoom:
    """Carry on the demo room at ``db``, or seed a new one whose detection was ``HOURS_IN`` ago.

    Args:
        db: The demo database (created when missing).
        operator: Who runs the demo (the seeded story is by others: they were there first).
        now: The time the demo opens at.
        fresh: Start a new room even if a recent one is there.
    """
    now = utc(now).replace(microsecond=0)
    existing = _existing(db, now, fresh)
    if existing is not None:
        return existing
    path = sample_incident_path()
    load_incident(path)  # the bundled file is valid, but a broken install should say so here
    data = json.loads(path.read_text(encoding="utf-8"))
    detected = (now - HOURS_IN).replace(second=0)
    moved = rebased_to(data, detected)
    origin = detected + STORY_BREAKS
    schedule = FeedSchedule(origin, now, BACKSTORY_INTERVAL, LIVE_INTERVAL)
    repo = WarRoomRepository.open(db, create=True)
    try:
        with repo.transaction():
            repo.import_incident(moved, "maya", detected, source="the bundled sample (demo)")
            repo.table(_TABLE).insert(
                {
                    "seed": SEED,
                    "detected_at": iso(detected),
                    "origin": iso(origin),
                    "live_from": iso(now),
                    "past_interval": BACKSTORY_INTERVAL,
                    "interval": LIVE_INTERVAL,
                    "seeded_at": iso(now),
                    "seeded_for": operator,
                }
            )
            seed_first_hours(repo, detected, now, seed=SEED, schedule=schedule)
    finally:
        repo.close()
    return DemoRoom(db, SEED, schedule, detected, True)


def describe(room: DemoRoom) -> str:
    """One line for the terminal before the dashboard opens."""
    if room.fresh:
        return f"{room.db}: a new demo room, detection at {format_utc(room.detected_at)}"
    return f"{room.db}: carrying on the demo room detected at {format_utc(room.detected_at)}"
