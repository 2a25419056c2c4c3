"""Fixtures for the drafting tests: the sample incident with its drafting section, a real store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from warroom.domain.drafts import DraftingPrep
from warroom.domain.incident import Incident
from warroom.incident_file.loader import parse_incident
from warroom.store.drafts import DraftStore
from warroom.store.repository import WarRoomRepository

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def sample_data() -> dict[str, Any]:
    """The sample incident file with the sample drafting section pasted in."""
    data = json.loads((ROOT / "sample_incident.json").read_text("utf-8"))
    drafting = resources.files("warroom.data").joinpath("sample_drafting.json").read_text("utf-8")
    data["drafting"] = json.loads(drafting)
    return data


@pytest.fixture
def now() -> datetime:
    return NOW


@pytest.fixture
def incident() -> Incident:
    return parse_incident("sample", sample_data())


@pytest.fixture
def prep(incident: Incident) -> DraftingPrep:
    found = incident.extras["drafting"]
    assert isinstance(found, DraftingPrep)
    return found


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(path, create=True)
    try:
        repo.import_incident(sample_data(), "lead", NOW, source="sample")
    finally:
        repo.close()
    return path


@pytest.fixture
def repo(db_path: Path) -> Iterator[WarRoomRepository]:
    opened = WarRoomRepository.open(db_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def store(repo: WarRoomRepository) -> DraftStore:
    return DraftStore(repo)


def save_public_drafts(path: Path, operator: str = "lead") -> None:
    """Save the four public messages from their templates, as an operator would (ctrl+s)."""
    from warroom.domain.drafts import DraftKind, DraftRef
    from warroom.service import WarRoomService

    repo = WarRoomRepository.open(path)
    try:
        service = WarRoomService(repo, operator=operator, clock=lambda: NOW)
        for kind in (DraftKind.NOTICE, DraftKind.FAQ, DraftKind.SOCIAL, DraftKind.BANNER):
            ref = DraftRef(kind)
            service.save_draft(ref, service.editor_data(ref).source)
    finally:
        repo.close()


@pytest.fixture
def saved_db_path(db_path: Path) -> Path:
    """The sample database with the four public messages saved (ready, gates open)."""
    save_public_drafts(db_path)
    return db_path
