"""Snapshots of the dashboard at an SSH-sized and a large terminal (fixed clock and data).

Review a changed snapshot in snapshot_report.html before running ``--snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.ui.conftest import AppFactory, snap


def test_dashboard_at_80x24(snap_compare: Any, make_app: AppFactory, busy_db: Path) -> None:
    assert snap(snap_compare, make_app(busy_db), (80, 24))


def test_dashboard_at_120x40(snap_compare: Any, make_app: AppFactory, busy_db: Path) -> None:
    assert snap(snap_compare, make_app(busy_db), (120, 40))


def test_dashboard_at_160x48(snap_compare: Any, make_app: AppFactory, busy_db: Path) -> None:
    assert snap(snap_compare, make_app(busy_db), (160, 48))


def test_dashboard_at_240x67(snap_compare: Any, make_app: AppFactory, busy_db: Path) -> None:
    assert snap(snap_compare, make_app(busy_db), (240, 67))
