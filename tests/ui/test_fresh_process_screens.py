"""Every screen opened from the dashboard in a process of its own, as an operator's first use
of it is: the first frame loads only what it shows, and the rest is imported on first use, so
a screen whose code relies on something another screen imports (a check that registers itself
when its module loads) works in the suite's process, where everything is loaded already, and
fails for the operator. Each case starts a fresh Python on the demo's room."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.commands.demo import prepare_demo

NOW = datetime(2026, 12, 1, 9, 40, tzinfo=UTC)

_CHILD = """
import asyncio, json, sys
from datetime import datetime
from pathlib import Path

from warroom.domain.clock import fixed_clock
from warroom.service import StoreGateway
from warroom.store.repository import WarRoomRepository
from warroom.ui.app import WarRoomApp


async def main() -> None:
    db, keys, now = Path(sys.argv[1]), sys.argv[2].split(), datetime.fromisoformat(sys.argv[3])
    app = WarRoomApp(StoreGateway(WarRoomRepository.open(db)), operator="rosa",
                     clock=fixed_clock(now))
    screens = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screens.append(type(app.screen).__name__)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            screens.append(type(app.screen).__name__)
    print(json.dumps(screens))


asyncio.run(main())
"""

KEYS = [
    "s",  # the fact sheet
    "d",  # messages
    "d enter",  # a draft in the editor, checked against the rule book
    "C",  # the clock board
    "L",  # the ledger
    "L enter",
    "V",  # the review
    "F",  # feed health
    "I",  # an ignore rule
    "n",  # a note
    "question_mark",  # the keys
    "ctrl+p",  # the palette
    "tab tab y",  # log a reply on a mention (the checklist has the first focus)
]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepare_demo(tmp_path_factory.mktemp("demo") / "demo.json", "rosa", NOW).db


@pytest.mark.parametrize("keys", KEYS)
def test_a_screen_opened_first_in_a_fresh_process_works(demo_db: Path, keys: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(demo_db), keys, NOW.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    screens = json.loads(done.stdout.strip().splitlines()[-1])
    assert screens[0] == "DashboardScreen"
    assert screens[-1] != "DashboardScreen", screens  # the keys opened something
