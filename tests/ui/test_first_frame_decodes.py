"""What ``warroom open`` decodes from the store before its first frame, in a fresh process: the
newest page of each pane, not the shards the page falls in (issue 16).

3,000 mentions and 2,500 timeline entries in shards of 1,000: the timeline's newest 1,000
reach into the second shard, and the mention pane's newest 2,000 fill two shards. Before,
the page decoded the shards it touched whole (the timeline about 1,800 entries).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from tests.ui.conftest import NOW
from warroom.domain.mentions import Mention
from warroom.domain.timeline import EventKind
from warroom.store.repository import WarRoomRepository

_CHILD = """
import json, sys
from textual.app import App
from warroom.domain.mention_history import decoded_count
from warroom.ui.screens.dashboard import DashboardScreen

seen = {}
show_room = DashboardScreen.show_room

def shown(self, room, rules):
    show_room(self, room, rules)
    self.app._room = room

DashboardScreen.show_room = shown
display = App._display

def displayed(self, screen, renderable):
    display(self, screen, renderable)
    room = getattr(self, "_room", None)
    if renderable is not None and room is not None and not seen:
        seen.update(
            timeline=[decoded_count(room.timeline), len(room.timeline)],
            mentions=[decoded_count(room.mentions), len(room.mentions)],
            inquiries=[decoded_count(room.inquiries), len(room.inquiries)],
        )
        self.exit()

App._display = displayed
run = App.run
App.run = lambda self, *a, **k: run(self, headless=True, size=(160, 48))
from warroom.__main__ import main
seen["code"] = main(sys.argv[1:])
print(json.dumps(seen))
"""


def test_the_first_frame_decodes_the_newest_pages_only(db_file: Path) -> None:
    repo = WarRoomRepository.open(db_file)
    try:
        repo.add_new_mentions(
            Mention(f"m{n:05d}", "f", f"Story {n} about the breach", f"https://e.org/{n}",
                    NOW - timedelta(minutes=n), NOW - timedelta(minutes=n))
            for n in range(3_000)
        )  # fmt: skip
        for start in range(0, 2_500, 100):  # a few entries per intent, as use writes them
            with repo.transaction():
                for n in range(start, start + 100):
                    at = NOW - timedelta(hours=3) + timedelta(seconds=n)
                    repo.record(EventKind.NOTE, f"note {n}", "ana", at)
    finally:
        repo.close()
    env = {**os.environ, "WARROOM_CONFIG": str(db_file.parent / "config.json")}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "open", "--db", str(db_file), "--operator", "kim",
         "--no-poll"],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["code"] == 0
    assert seen["timeline"] == [1_000, 2_501]  # the page; was the shards it falls in, whole
    assert seen["mentions"] == [2_000, 3_000]
    assert seen["inquiries"] == [0, 0]
