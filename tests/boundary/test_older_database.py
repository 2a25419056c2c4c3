"""A database written before the main file recorded its shards gets its record, and holds.

Before, such a database had no record until its next mention write, so a shard deleted in the
meantime was dropped silently. Now a writable open records the shards (under the lock), after
checking they are numbered without a gap; a read-only open, which cannot write, says so.
Real files and real ``warroom status`` processes.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.boundary.conftest import mention_database, run_warroom
from warroom.store.mention_shards import shard_paths
from warroom.store.repository import SHARDS_TABLE

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
def older(tmp_path: Path, sample_data: dict[str, Any]) -> Iterator[Path]:
    """2,500 mentions in three shards, the main file without its record (as older versions)."""
    db = mention_database(tmp_path, sample_data, 2500)
    main = json.loads(db.read_text("utf-8"))
    del main[SHARDS_TABLE]
    db.write_text(json.dumps(main), encoding="utf-8")
    yield db
    os.chmod(db, 0o644)


def _record(db: Path) -> list[dict[str, Any]]:
    return list(json.loads(db.read_text("utf-8")).get(SHARDS_TABLE, {}).values())


def test_a_writable_open_records_the_shards_and_then_a_lost_one_is_refused(
    older: Path, tmp_path: Path
) -> None:
    assert len(shard_paths(older)) == 3 and _record(older) == []
    first = run_warroom(tmp_path, "status", "--json", "--db", str(older))
    assert first.returncode == 0, first.stderr.decode()
    assert json.loads(first.stdout)["mentions"]["total"] == 2500
    assert [(e["name"], e["count"]) for e in _record(older)] == [
        ("warroom.mentions.0001.json", 1000),
        ("warroom.mentions.0002.json", 1000),
        ("warroom.mentions.0003.json", 500),
    ]
    shard_paths(older)[2].unlink()  # the last one: no gap shows it, only the record does
    after = run_warroom(tmp_path, "status", "--db", str(older))
    stderr = after.stderr.decode()
    assert after.returncode == 2, stderr
    assert "warroom.mentions.0003.json" in stderr and "500 mentions" in stderr
    assert "Traceback" not in stderr


def test_a_gap_in_an_unrecorded_family_is_refused(older: Path, tmp_path: Path) -> None:
    shard_paths(older)[1].unlink()
    before = hashlib.sha256(older.read_bytes()).hexdigest()
    result = run_warroom(tmp_path, "status", "--db", str(older))
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "warroom.mentions.0002.json" in stderr and "unknown" in stderr
    assert hashlib.sha256(older.read_bytes()).hexdigest() == before  # nothing recorded


def test_a_read_only_open_says_the_record_is_missing(older: Path, tmp_path: Path) -> None:
    os.chmod(older, 0o444)
    before = hashlib.sha256(older.read_bytes()).hexdigest()
    result = run_warroom(tmp_path, "status", "--db", str(older))
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert "no record of its mention shards" in stderr and "read-only" in stderr
    assert hashlib.sha256(older.read_bytes()).hexdigest() == before
