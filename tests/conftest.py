"""Fixtures shared by every test folder: the sample incident, a real database file, a fixed clock.

Every test also runs with the operator's own config and environment hidden, so a developer's
``~/.config/warroom/config.json`` or an exported ``WARROOM_DB`` can never leak into a result.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from warroom.resources import sample_incident_path
from warroom.store.repository import WarRoomRepository

FIXED_NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
"""4h20 after the sample's detection: some items overdue, some not yet."""


@pytest.fixture(autouse=True)
def isolated_environment(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point WARROOM_CONFIG at a file that does not exist and drop WARROOM_DB/WARROOM_OPERATOR."""
    config_dir = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("WARROOM_CONFIG", str(config_dir / "absent-config.json"))
    monkeypatch.delenv("WARROOM_DB", raising=False)
    monkeypatch.delenv("WARROOM_OPERATOR", raising=False)


@pytest.fixture
def fixed_now() -> datetime:
    """A fixed 'now' so times in assertions and snapshots repeat exactly."""
    return FIXED_NOW


@pytest.fixture
def sample_path() -> Path:
    """The bundled sample incident file (repo root in a checkout, package data in a wheel)."""
    return sample_incident_path()


@pytest.fixture
def sample_data(sample_path: Path) -> dict[str, Any]:
    """The sample incident file as parsed JSON; each test gets its own copy to change."""
    data: dict[str, Any] = json.loads(sample_path.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's database lives (not created yet)."""
    return tmp_path / "warroom.json"


@pytest.fixture
def repo(
    db_path: Path, sample_data: dict[str, Any], fixed_now: datetime
) -> Iterator[WarRoomRepository]:
    """A repository on a real file holding the sample, imported by "ana" at ``fixed_now``."""
    opened = WarRoomRepository.open(db_path, create=True)
    try:
        opened.import_incident(sample_data, "ana", fixed_now, source="sample_incident.json")
        yield opened
    finally:
        opened.close()
