"""Fixtures for the drafting tests: the sample incident with its drafting section, a real store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from warroom.domain.drafts import DraftingPrep
from warroom.domain.incident import Incident
from warroom.incident_file.loader import parse_incident
from warroom.store.drafts import DraftStore
from warroom.store.repository import WarRoomRepository

if TYPE_CHECKING:
    from warroom.service import WarRoomService

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


def save_public_drafts(path: Path, operator: str = "lead", *, approve: bool = True) -> None:
    """Save the four public messages from their templates, as an operator would (ctrl+s),
    and (``approve``) have the sample's role holders sign them off: lee as legal, ana as
    comms lead, so the gates are open."""
    from warroom.domain.drafts import DraftKind, DraftRef
    from warroom.service import WarRoomService

    repo = WarRoomRepository.open(path)
    try:
        service = WarRoomService(repo, operator=operator, clock=lambda: NOW)
        for kind in (DraftKind.NOTICE, DraftKind.FAQ, DraftKind.SOCIAL, DraftKind.BANNER):
            ref = DraftRef(kind)
            data = service.editor_data(ref)
            service.save_draft(
                ref, data.source, base_version=data.latest.number if data.latest else 0
            )
        if approve:
            approve_public_drafts(service)
    finally:
        repo.close()


def approve_public_drafts(service: WarRoomService) -> None:
    """Every sign-off the sample asks of the public messages, by its role holders."""
    from warroom.domain.drafts import DraftKind, DraftRef
    from warroom.service import WarRoomService
    from warroom.service.signoff_state import signoff_rules
    from warroom.store.drafts import DraftStore

    signoff = signoff_rules(DraftStore(service.repo))
    for kind in (DraftKind.NOTICE, DraftKind.FAQ, DraftKind.SOCIAL, DraftKind.BANNER):
        ref = DraftRef(kind)
        latest = service.versions(ref)[-1]
        for role in signoff.required_for(kind.value):
            holder = next(op for op in signoff.roles[role].operators if op != latest.operator)
            as_holder = WarRoomService(service.repo, operator=holder, clock=service.clock)
            as_holder.approve(ref, role, version=latest.number)


@pytest.fixture
def saved_db_path(db_path: Path) -> Path:
    """The sample database with the four public messages saved (ready, gates open)."""
    save_public_drafts(db_path)
    return db_path
