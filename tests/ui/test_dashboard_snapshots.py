"""Snapshots of the dashboard at an SSH-sized and a large terminal (fixed clock and data).

Review a changed snapshot in snapshot_report.html before running ``--snapshot-update``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import NOW, AppFactory, make_mention, store_view
from warroom.domain.mentions import Triage


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
            make_mention(5, title="Is this Northwind breach e-mail a phishing scam?", respond_first=True),
            make_mention(20, title="[UPDATE] Northwind confirms data breach affecting customers"),
            make_mention(45),
        ]
    )
    repo.set_triage("m00045", "kim", NOW - timedelta(minutes=10), state=Triage.MONITOR)
    repo.close()
    return db_file


def _snap(snap_compare: Any, app: Any, size: tuple[int, int]) -> bool:
    async def settle(pilot: Any) -> None:
        await pilot.pause()

    return bool(snap_compare(app, terminal_size=size, run_before=settle))


def test_dashboard_at_80x24(snap_compare: Any, make_app: AppFactory, busy_db: Path) -> None:
    assert _snap(snap_compare, make_app(busy_db), (80, 24))


def test_dashboard_at_160x48(snap_compare: Any, make_app: AppFactory, busy_db: Path) -> None:
    assert _snap(snap_compare, make_app(busy_db), (160, 48))
