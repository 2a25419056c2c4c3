"""A real war-room database with the sample incident, and services on it for two operators."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.drafting.conftest import sample_data
from warroom.service import WarRoomService
from warroom.store.repository import WarRoomRepository

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
"""About four hours after the sample's detection (26 Nov 22:40Z)."""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(path, create=True)
    try:
        repo.import_incident(sample_data(), "lead", NOW, source="sample")
    finally:
        repo.close()
    return path


class Services:
    """Opens services on one file, as separate operators would (each its own repository)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.opened: list[WarRoomRepository] = []

    def __call__(
        self, operator: str = "ana", *, now: datetime = NOW, read_only: bool = False
    ) -> WarRoomService:
        repo = WarRoomRepository.open(self.path)
        self.opened.append(repo)
        return WarRoomService(repo, operator=operator, clock=lambda: now, read_only=read_only)

    def close(self) -> None:
        for repo in self.opened:
            repo.close()


@pytest.fixture
def services(db: Path) -> Iterator[Services]:
    opened = Services(db)
    try:
        yield opened
    finally:
        opened.close()
