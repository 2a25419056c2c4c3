"""The database's boundary, through real files and real ``warroom`` processes.

Before: one mention document without its ``id`` crashed ``status``, ``poll`` and the dashboard
with ``KeyError``; deleting a shard lost its mentions silently; a read-only file was replaced
by rename without a word; a file of gigabytes was read whole into memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.boundary.conftest import mention_database, run_warroom
from tests.boundary.test_tui_outside_text import Terminal
from warroom.store.errors import MissingShardError, ReadOnlyStoreError
from warroom.store.mention_shards import shard_paths
from warroom.store.repository import WarRoomRepository

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
def populated(tmp_path: Path, sample_data: dict[str, Any]) -> Iterator[Path]:
    """A database with 1,500 mentions in two shards; its feeds point at a closed local port."""
    db = mention_database(tmp_path, sample_data, 1500)
    yield db
    for path in [db, *shard_paths(db)]:
        if path.exists():
            os.chmod(path, 0o644)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_document_missing_its_id_is_set_aside(populated: Path, tmp_path: Path) -> None:
    shard = shard_paths(populated)[0]
    data = json.loads(shard.read_text("utf-8"))
    first = next(iter(data["mentions"]))
    del data["mentions"][first]["id"]
    shard.write_text(json.dumps(data), encoding="utf-8")
    before = _sha(shard)
    result = run_warroom(tmp_path, "status", "--json", "--db", str(populated))
    stderr = result.stderr.decode()
    assert result.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert f"document {first}" in stderr and "'id'" in stderr and "set aside" in stderr
    assert json.loads(result.stdout)["mentions"]["total"] == 1499
    polled = run_warroom(tmp_path, "poll", "--once", "--parse", "inline", "--db", str(populated))
    assert "Traceback" not in polled.stderr.decode() and "set aside" in polled.stderr.decode()
    assert _sha(shard) == before, "the document is left in the file as it was"


def test_a_deleted_shard_is_refused_naming_it(populated: Path, tmp_path: Path) -> None:
    missing = shard_paths(populated)[1]
    missing.unlink()
    main_before = _sha(populated)
    for args in (("status",), ("poll", "--once", "--parse", "inline")):
        result = run_warroom(tmp_path, *args, "--db", str(populated))
        stderr = result.stderr.decode()
        assert result.returncode == 2, stderr
        assert "Traceback" not in stderr
        assert missing.name in stderr and "500 mentions" in stderr, stderr
    assert _sha(populated) == main_before
    repo = WarRoomRepository.open(populated)
    try:
        with pytest.raises(MissingShardError):
            repo.snapshot()
    finally:
        repo.close()


def test_a_truncated_shard_is_refused(populated: Path) -> None:
    shard = shard_paths(populated)[0]
    data = json.loads(shard.read_text("utf-8"))
    data["mentions"] = dict(list(data["mentions"].items())[:10])
    shard.write_text(json.dumps(data), encoding="utf-8")
    repo = WarRoomRepository.open(populated)
    try:
        with pytest.raises(MissingShardError, match="holds 10 mentions, not the 1,000"):
            repo.snapshot()
    finally:
        repo.close()


def test_a_read_only_file_is_never_replaced(
    populated: Path, tmp_path: Path, sample_path: Path
) -> None:
    os.chmod(populated, 0o444)
    before, inode = _sha(populated), populated.stat().st_ino
    changed = json.loads(sample_path.read_text("utf-8"))
    changed["incident"]["summary"] = "changed"
    for feed in changed["feeds"]:
        feed["url"] = "http://127.0.0.1:9/feed.xml"
    incident = tmp_path / "changed.json"
    incident.write_text(json.dumps(changed), encoding="utf-8")
    result = run_warroom(tmp_path, "init", str(incident), "--db", str(populated))
    lines = result.stderr.decode().strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "read-only" in lines[0]
    assert _sha(populated) == before and populated.stat().st_ino == inode
    assert run_warroom(tmp_path, "status", "--db", str(populated)).returncode == 0
    repo = WarRoomRepository.open(populated)
    try:
        assert repo.read_only
        with pytest.raises(ReadOnlyStoreError):
            repo.set_tick(repo.incident().checklist[0].id, True, "ana", NOW)
    finally:
        repo.close()
    assert _sha(populated) == before


def test_a_read_only_file_opens_the_read_only_view(populated: Path, tmp_path: Path) -> None:
    os.chmod(populated, 0o444)
    term = Terminal([sys.executable, "-m", "warroom", "open", "--db", str(populated)], tmp_path)
    try:
        term.wait_for(lambda: b"READ-ONLY" in term.output)
    finally:
        code = term.finish()
    assert code == 0
    assert b"the file is read-only" in term.output


def test_a_file_over_the_read_limit_is_refused(populated: Path, tmp_path: Path) -> None:
    with populated.open("ab") as handle:
        handle.write(b" " * (2 * 1024 * 1024))  # still valid JSON, now over 2 MiB
    before = _sha(populated)
    assert run_warroom(tmp_path, "status", "--db", str(populated)).returncode == 0
    result = run_warroom(tmp_path, "status", "--db", str(populated), env={"WARROOM_MAX_DB_MB": "1"})
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "over the read limit of 1 MiB" in stderr and "WARROOM_MAX_DB_MB" in stderr
    assert _sha(populated) == before
