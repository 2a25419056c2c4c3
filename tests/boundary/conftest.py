"""Hostile input for the boundary tests: an incident file and a database seeded with escapes.

The payload holds what TRAPS.md says reached a terminal before: an OSC 52 clipboard write, an
OSC 8 ``file://`` hyperlink, a clear-screen CSI, a C1 CSI (U+009B), NUL and DEL, a right-to-left
override, and Textual markup that would run an action or raise ``MarkupError``.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from warroom.domain.mentions import Mention
from warroom.domain.timeline import EventKind
from warroom.store.repository import WarRoomRepository

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,  # the time bound is asserted by the tests themselves (FUZZ_BOUND)
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "local",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
"""CI runs a short profile; ``HYPOTHESIS_PROFILE=local pytest tests/boundary -k fuzz`` runs long."""

HOSTILE = (
    "\x1b]52;c;UFdORUQ=\x07 [@click=app.quit]x[/] \u202eevil\u202c \x9b31m"
    " \x1b[2J \x1b]8;;file:///etc/passwd\x07link\x1b]8;;\x07 nul\x00 del\x7f"
)
"""Outside text that must never reach a terminal as it is."""

FORBIDDEN = (
    b"\x1b]52",
    b"\x1b]8;;file",
    b"\x1b[2J",
    "\u202e".encode(),
    "\u202c".encode(),
    "\x9b".encode(),
    b"\x00",
    b"\x7f",
)
"""Byte sequences from the payload that would act on a terminal (or reorder text)."""


def leaks(output: bytes) -> list[bytes]:
    """The forbidden sequences found in ``output``."""
    return [marker for marker in FORBIDDEN if marker in output]


def run_warroom(
    cwd: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """``python -m warroom ARGS`` in ``cwd``, capturing the raw bytes of stdout and stderr."""
    return subprocess.run(
        [sys.executable, "-m", "warroom", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        timeout=timeout,
    )


def hostile_incident(sample: dict[str, Any]) -> dict[str, Any]:
    """The sample incident with the payload in its title, summary, facts, teams and channels."""
    data = copy.deepcopy(sample)
    data["incident"]["title"] = "Breach " + HOSTILE
    data["incident"]["summary"] = HOSTILE
    data["facts"]["what_happened"] = HOSTILE
    data["facts"]["hotline"] = HOSTILE
    data["teams"][0]["name"] = HOSTILE
    data["teams"][0]["qa"][0]["answer"] = HOSTILE
    data["channels"][0]["name"] = HOSTILE
    data["checklist"][0]["title"] = HOSTILE
    data["keywords"] = [HOSTILE]
    for feed in data["feeds"]:
        feed["name"] = HOSTILE
        feed["url"] = "http://127.0.0.1:9/feed.xml"  # the discard port: refused at once, offline
    return data


def mention_database(folder: Path, sample: dict[str, Any], count: int) -> Path:
    """The sample incident with ``count`` mentions (1,000 a shard); feeds at a closed port."""
    data = copy.deepcopy(sample)
    for feed in data["feeds"]:
        feed["url"] = "http://127.0.0.1:9/feed.xml"
    db = folder / "warroom.json"
    now = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    repo = WarRoomRepository.open(db, create=True)
    try:
        repo.import_incident(data, "ana", now, source="incident.json")
        repo.add_new_mentions(
            Mention(f"m-{n}", "alerts-northwind", f"post {n}", f"https://example.com/{n}", now, now)
            for n in range(count)
        )
    finally:
        repo.close()
    return db


@pytest.fixture
def hostile_file(tmp_path: Path, sample_data: dict[str, Any]) -> Path:
    """An incident file (valid JSON, valid incident) seeded with the payload."""
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(hostile_incident(sample_data)), encoding="utf-8")
    return path


@pytest.fixture
def hostile_db(tmp_path: Path, sample_data: dict[str, Any]) -> Path:
    """A database holding the hostile incident, a hostile mention and a hostile timeline note."""
    path = tmp_path / "warroom.json"
    now = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
    repo = WarRoomRepository.open(path, create=True)
    try:
        repo.import_incident(hostile_incident(sample_data), "ana", now, source="hostile.json")
        repo.add_new_mentions(
            [
                Mention(
                    id="m-hostile",
                    feed_id=sample_data["feeds"][0]["id"],
                    title=HOSTILE,
                    url="https://example.com/a",
                    published=now,
                    fetched_at=now,
                    summary=HOSTILE,
                    author=HOSTILE,
                    domain="example.com",
                )
            ]
        )
        with repo.transaction():
            repo.record(EventKind.NOTE, HOSTILE, HOSTILE, now)
    finally:
        repo.close()
    return path
