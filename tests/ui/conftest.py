"""Fixtures for driving the real dashboard with Pilot on a real database file."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from warroom.domain.clock import fixed_clock
from warroom.domain.mentions import Mention, Triage
from warroom.resources import sample_incident_path
from warroom.service import StoreGateway
from warroom.store.repository import WarRoomRepository
from warroom.ui.app import WarRoomApp

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
"""The fixed moment every UI test runs at (T+04:20 after the sample's detection)."""


def make_mention(
    n: int, *, title: str | None = None, url: str | None = None, **extra: object
) -> Mention:
    """A mention published ``n`` minutes before NOW."""
    published = NOW - timedelta(minutes=n)
    return Mention(
        id=f"m{n:05d}",
        feed_id="alerts-northwind",
        title=title or f"Northwind customers report breach e-mails #{n}",
        url=url or f"https://news{n % 7}.example.org/story/{n}",
        published=published,
        fetched_at=published + timedelta(minutes=1),
        summary=f"Summary of story {n}",
        domain=f"news{n % 7}.example.org",
        entry_id=f"tag:example.org,2026:{n}",
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A database with the sample incident imported at a fixed time."""
    path = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(path, create=True)
    data = json.loads(sample_incident_path().read_text(encoding="utf-8"))
    repo.import_incident(data, "ana", NOW - timedelta(hours=4), source="sample_incident.json")
    repo.close()
    return path


AppFactory = Callable[..., WarRoomApp]


@pytest.fixture
def make_app(db_file: Path) -> AppFactory:
    """Build an app on ``db_file`` (or another path) with the fixed clock, feeds off."""

    def build(path: Path | None = None, *, operator: str = "ana", **options: object) -> WarRoomApp:
        repo = WarRoomRepository.open(path or db_file)
        options.setdefault("clock", fixed_clock(NOW))
        return WarRoomApp(StoreGateway(repo), operator=operator, **options)  # type: ignore[arg-type]

    return build


def store_view(path: Path) -> WarRoomRepository:
    """A second, independent view of the database, as another process would have."""
    return WarRoomRepository.open(path)


def screen_text(app: object) -> str:
    """What a person reads on the screen: the screenshot's text with styles dropped."""
    import html
    import re

    svg = app.export_screenshot()  # type: ignore[attr-defined]
    body = svg[svg.index('<g class="terminal') :] if '<g class="terminal' in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


@pytest.fixture
def busy_db(db_file: Path) -> Path:
    """The sample incident a few hours in: ticks, notes, counts and triaged mentions."""
    repo = store_view(db_file)
    start = NOW - timedelta(hours=3)
    repo.set_tick("monitoring-set-up", True, "kim", start)
    repo.set_tick("key-messages", True, "ana", start + timedelta(minutes=40))
    repo.add_note("Bridge call opened with legal [counsel] and security", "ana", start, at=start)
    for minutes, channel in ((10, "phone"), (12, "phone"), (30, "email"), (50, "social")):
        repo.count_inquiry(channel, "lee", start + timedelta(minutes=minutes))
    repo.add_new_mentions(
        [
            make_mention(
                5, title="Is this Northwind breach e-mail a phishing scam?", respond_first=True
            ),
            make_mention(20, title="[UPDATE] Northwind confirms data breach affecting customers"),
            make_mention(45),
        ]
    )
    repo.set_triage("m00045", "kim", NOW - timedelta(minutes=10), state=Triage.MONITOR)
    repo.close()
    return db_file


def snap(snap_compare: Any, app: Any, size: tuple[int, int]) -> bool:
    async def settle(pilot: Any) -> None:
        await pilot.pause()

    return bool(snap_compare(app, terminal_size=size, run_before=settle))
