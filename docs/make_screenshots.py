#!/usr/bin/env python3
"""Make the README's screenshots from the app itself, so they never drift from the real UI.

    python docs/make_screenshots.py    # docs/*.svg, and docs/*.png if rsvg-convert exists

A throw-away database gets the sample incident a few hours in (ticks, notes, inquiries and
mentions, some of them hostile), then the real dashboard is driven headless with Pilot at a
fixed clock and saved with ``save_screenshot``.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from warroom.domain.clock import fixed_clock  # noqa: E402
from warroom.domain.mentions import Mention, Priority, Triage  # noqa: E402
from warroom.resources import sample_incident_path  # noqa: E402
from warroom.service import StoreGateway  # noqa: E402
from warroom.store.repository import WarRoomRepository  # noqa: E402
from warroom.ui.app import WarRoomApp  # noqa: E402

NOW = datetime(2026, 11, 27, 5, 12, tzinfo=UTC)

HEADLINES = [
    (
        "Is this Northwind Outfitters breach e-mail real or a phishing scam?",
        "forum.example.net",
        True,
    ),
    ("[UPDATE] Northwind Outfitters confirms customer data breach", "news.example.org", False),
    ("Northwind says 48,200 customers affected, passwords reset", "tech.example.com", False),
    (
        "Got a 'Northwind security' text asking for my card number - fake?",
        "social.example.net",
        True,
    ),
    ("Retailer Northwind breach: what we know so far", "daily.example.com", False),
    ("Northwind hotline busy for an hour this morning", "social.example.net", False),
    ("Analysts: Northwind response faster than industry average", "markets.example.com", False),
]


def populate(path: Path) -> None:
    repo = WarRoomRepository.open(path, create=True)
    start = datetime(2026, 11, 26, 22, 40, tzinfo=UTC)
    repo.import_incident(
        json.loads(sample_incident_path().read_text()), "ana", start + timedelta(minutes=5)
    )
    repo.add_note(
        "Bridge call opened: comms, legal, security, support", "ana", start + timedelta(minutes=20)
    )
    repo.set_tick("monitoring-set-up", True, "kim", start + timedelta(hours=1, minutes=10))
    repo.set_tick("key-messages", True, "ana", start + timedelta(hours=2))
    repo.set_tick("notice-what-to-do", True, "ana", start + timedelta(hours=3))
    repo.set_tick("notice-hotline", True, "lee", start + timedelta(hours=3, minutes=5))
    repo.add_note("Outside forensics firm engaged", "sam", start + timedelta(hours=2, minutes=30))
    for minutes in range(0, 380, 9):
        channel = ("phone", "email", "social", "phone", "service")[minutes % 5]
        repo.count_inquiry(channel, "lee", start + timedelta(hours=1, minutes=minutes % 360))
    mentions = []
    for n, (title, domain, scam) in enumerate(HEADLINES):
        published = NOW - timedelta(minutes=7 + n * 23)
        mentions.append(
            Mention(
                id=f"demo{n}",
                feed_id="alerts-northwind",
                title=title,
                url=f"https://{domain}/story/{n}",
                published=published,
                fetched_at=published + timedelta(minutes=2),
                domain=domain,
                summary="Customers discuss the breach notice.",
                entry_id=f"demo:{n}",
                keywords=("Northwind",),
                respond_first=scam,
            )
        )
    repo.add_new_mentions(mentions)
    repo.set_triage("demo2", "kim", NOW - timedelta(minutes=30), state=Triage.MONITOR)
    repo.set_triage("demo4", "kim", NOW - timedelta(minutes=25), state=Triage.IGNORE)
    repo.set_triage(
        "demo0", "ana", NOW - timedelta(minutes=5), priority=Priority.URGENT, assignee="leo"
    )
    repo.close()


async def shoot(
    db: Path, size: tuple[int, int], name: str, keys: tuple[str, ...] = (), **options: object
) -> Path:
    app = WarRoomApp(
        StoreGateway(WarRoomRepository.open(db)), operator="ana", clock=fixed_clock(NOW), **options
    )  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        target = HERE / f"{name}.svg"
        app.save_screenshot(filename=target.name, path=str(HERE))
    return target


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "warroom.json"
        populate(db)
        shots = [
            asyncio.run(shoot(db, (160, 48), "dashboard")),
            asyncio.run(shoot(db, (80, 24), "dashboard-80x24")),
            asyncio.run(shoot(db, (160, 48), "wall", read_only=True)),
            asyncio.run(shoot(db, (160, 48), "step1-notice-editor", keys=("d", "enter"))),
            asyncio.run(shoot(db, (160, 48), "step1-clocks", keys=("C",))),
            asyncio.run(shoot(db, (160, 48), "step4-review", keys=("V",))),
        ]
    converter = shutil.which("rsvg-convert")
    for svg in shots:
        if converter:
            subprocess.run([converter, str(svg), "-o", str(svg.with_suffix(".png"))], check=True)
        print(svg.with_suffix(".png") if converter else svg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
