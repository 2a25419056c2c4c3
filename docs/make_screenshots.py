#!/usr/bin/env python3
"""Make the README's screenshots from the app itself, so they never drift from the real UI.

    python docs/make_screenshots.py    # docs/*.svg, and docs/*.png if Chromium is installed

A throw-away database gets exactly what ``warroom demo`` opens on (the sample at hour two,
``warroom.commands.demo``), then the real dashboard is driven headless with Pilot at a fixed
clock and saved with ``save_screenshot``; headless Chromium draws each SVG as a PNG.
"""

from __future__ import annotations

import asyncio
import math
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textual.widgets import Footer  # noqa: E402

from warroom.commands.demo import prepare_demo  # noqa: E402
from warroom.domain.clock import fixed_clock  # noqa: E402
from warroom.service import StoreGateway  # noqa: E402
from warroom.store.repository import WarRoomRepository  # noqa: E402
from warroom.ui.app import WarRoomApp  # noqa: E402

NOW = datetime(2026, 12, 1, 9, 40, tzinfo=UTC)
"""Any moment will do: the demo's room is hour two of the breach at whatever time it opens."""


def populate(path: Path) -> None:
    """The room ``warroom demo`` opens on: the sample at hour two, seeded as the demo seeds it."""
    prepare_demo(path, "rosa", NOW)


async def shoot(
    db: Path, size: tuple[int, int], name: str, keys: tuple[str, ...] = (), **options: object
) -> Path:
    app = WarRoomApp(
        StoreGateway(WarRoomRepository.open(db)), operator="rosa", clock=fixed_clock(NOW), **options
    )  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        for _ in range(100):  # the footer fills in once the bindings are ready: wait for it
            footers = app.screen.query(Footer)
            if not footers or footers.first().children:
                break
            await pilot.pause(0.05)
        await pilot.pause()  # and is drawn
        target = HERE / f"{name}.svg"
        app.save_screenshot(filename=target.name, path=str(HERE))
    return target


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "warroom.json"
        populate(db)
        shots = [
            asyncio.run(shoot(db, (120, 40), "dashboard")),
            asyncio.run(shoot(db, (80, 24), "dashboard-80x24")),
            asyncio.run(shoot(db, (200, 60), "dashboard-200x60")),
            asyncio.run(shoot(db, (160, 48), "wall", read_only=True)),
            asyncio.run(shoot(db, (160, 48), "step1-notice-editor", keys=("d", "enter"))),
            asyncio.run(shoot(db, (160, 48), "step1-clocks", keys=("C",))),
            asyncio.run(shoot(db, (160, 48), "step4-review", keys=("V",))),
        ]
    browser = next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "chrome"))), None
    )
    for svg in shots:
        if browser:
            to_png(browser, svg)
        print(svg.with_suffix(".png") if browser else svg)
    return 0


def to_png(browser: str, svg: Path) -> Path:
    """Draw ``svg`` with headless Chromium: it keeps the text as Textual laid it out (rsvg-convert
    dropped the space after each highlighted word: "NorthwindOutfitters")."""
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg.read_text(encoding="utf-8"))
    width, height = (math.ceil(float(n)) for n in box.groups()) if box else (1600, 1000)
    png = svg.with_suffix(".png")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={profile}", f"--window-size={width},{height}",
             f"--screenshot={png}", svg.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    return png


if __name__ == "__main__":
    sys.exit(main())
