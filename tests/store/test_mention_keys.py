"""The shards' key indexes: dedup without decoding stored mentions, through real files.

Before: every poll decoded every stored shard to deduplicate (a 5,000-feed poller with 300k
mentions peaked at 1.1 GB), and ``warroom poll`` decoded them once more up front to tell of a
missing shard. Now each shard has a keys-only index beside it, checked against the shard by
its signature and rebuilt from the shard whenever they disagree.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.store.mention_keys_worker import mention
from warroom.domain.mentions import Mention
from warroom.store.errors import MissingShardError
from warroom.store.mention_keys import KeyIndex, index_path, key_hashes
from warroom.store.mention_shards import SHARD_CAPACITY, MentionShards, shard_paths
from warroom.store.quarantine import Quarantine
from warroom.store.repository import WarRoomRepository

NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
WORKER = Path(__file__).with_name("mention_keys_worker.py")


def _store(db: Path, mentions: list[Mention]) -> list[Mention]:
    shards = MentionShards(db)
    try:
        return shards.add_new(mentions)
    finally:
        shards.close()


def _stored_ids(db: Path) -> set[str]:
    """Every stored mention id, by decoding the shards (what a dashboard shows)."""
    shards = MentionShards(db)
    try:
        shards.sync()
        return {m.id for m in shards.newest_first()}
    finally:
        shards.close()


def test_each_shard_gets_an_index_and_a_new_process_dedups_from_it(tmp_path: Path) -> None:
    db = tmp_path / "warroom.json"
    assert len(_store(db, [mention(n) for n in range(1500)])) == 1500
    paths = shard_paths(db)
    assert [p.name for p in paths] == ["warroom.mentions.0001.json", "warroom.mentions.0002.json"]
    for path in paths:
        document = json.loads(index_path(path).read_text())
        assert document["count"] == len(json.loads(path.read_text())["mentions"])
    again = MentionShards(db)
    try:
        fresh = again.add_new([mention(n) for n in range(1490, 1510)])
        assert [m.id for m in fresh] == [f"m-{n}" for n in range(1500, 1510)]
        assert again.newest_first() == ()  # it stored without decoding a stored mention
    finally:
        again.close()
    assert len(_stored_ids(db)) == 1510


def test_a_shard_without_an_index_gets_one_on_first_need(tmp_path: Path) -> None:
    """A database from before the index (or whose index was deleted) dedups just the same."""
    db = tmp_path / "warroom.json"
    _store(db, [mention(n) for n in range(1200)])
    for path in shard_paths(db):
        index_path(path).unlink()
    assert _store(db, [mention(n) for n in range(1200)]) == []
    assert all(index_path(path).exists() for path in shard_paths(db))


def test_a_shard_changed_behind_its_index_is_read_again(tmp_path: Path) -> None:
    """An older warroom (or a hand edit) wrote the shard but not its index."""
    db = tmp_path / "warroom.json"
    _store(db, [mention(n) for n in range(10)])
    (shard,) = shard_paths(db)
    data = json.loads(shard.read_text())
    doc = dict(data["mentions"]["1"], id="m-extra", entry_id="e-extra", url="https://x.org/e")
    data["mentions"]["99"] = doc
    shard.write_text(json.dumps(data))
    assert _store(db, [mention(3), Mention("m-extra", "f", "t", "", NOW, NOW)]) == []


@pytest.mark.parametrize("damage", ["", "{not json", '{"version": 1, "shard": [1, 2, 3, 4]}'])
def test_a_damaged_index_is_rebuilt(tmp_path: Path, damage: str) -> None:
    db = tmp_path / "warroom.json"
    _store(db, [mention(n) for n in range(10)])
    (shard,) = shard_paths(db)
    index_path(shard).write_text(damage)
    assert _store(db, [mention(n) for n in range(12)]) != []
    assert json.loads(index_path(shard).read_text())["count"] == 12


def test_the_index_tells_the_documents_set_aside_without_decoding(tmp_path: Path) -> None:
    db = tmp_path / "warroom.json"
    _store(db, [mention(n) for n in range(10)])
    (shard,) = shard_paths(db)
    data = json.loads(shard.read_text())
    del data["mentions"]["4"]["id"]
    shard.write_text(json.dumps(data))
    _store(db, [])  # builds the index (the shard changed), noting the document
    quarantine = Quarantine()
    index = KeyIndex(quarantine, db.with_name("warroom.mentions.lock"))
    (summary,) = index.summaries([shard])
    assert summary.count == 10 and len(summary.problems) == 1
    assert "document 4" in quarantine.messages()[0] and "set aside" in quarantine.messages()[0]


def test_a_truncated_shard_is_refused_from_its_index_alone(
    tmp_path: Path, sample_data: dict[str, object]
) -> None:
    db = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    try:
        repo.import_incident(sample_data, "ana", NOW, source="incident.json")
        repo.add_new_mentions(mention(n) for n in range(1200))
    finally:
        repo.close()
    first = shard_paths(db)[0]
    data = json.loads(first.read_text())
    data["mentions"] = dict(list(data["mentions"].items())[:10])
    first.write_text(json.dumps(data))
    repo = WarRoomRepository.open(db)
    try:
        with pytest.raises(MissingShardError, match="holds 10 mentions, not the 1,000"):
            repo.check_mentions()
    finally:
        repo.close()


def test_keys_are_the_dedup_keys_hashed() -> None:
    a, b = mention(1), mention(2)
    assert len(key_hashes(a)) == 3 and len(set(key_hashes(a)) | set(key_hashes(b))) == 6
    assert key_hashes(a) == key_hashes(mention(1))


def test_a_poller_killed_mid_write_leaves_index_and_shards_agreeing(tmp_path: Path) -> None:
    """kill -9 at any moment: between a shard and its index, the index is stale, never wrong."""
    db = tmp_path / "warroom.json"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    for round_ in range(4):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(db)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        target = 300 * (round_ + 1) + 35 * round_  # kills land at different points of a shard
        deadline = time.monotonic() + 120
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line or int(line) >= target:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert line, "the worker stopped before it was killed"
    stored = _stored_ids(db)
    assert stored, "nothing was stored"
    top = max(int(i.removeprefix("m-")) for i in stored)
    # Every mention up to the last stored counts as seen, every later one is new: the indexes
    # (stale or not) agree with the shards.
    shards = MentionShards(db)
    try:
        fresh = shards.add_new(mention(n) for n in range(top + 200))
    finally:
        shards.close()
    assert {m.id for m in fresh} == {f"m-{n}" for n in range(top + 200)} - stored
    assert all(
        len(json.loads(p.read_text())["mentions"]) <= SHARD_CAPACITY for p in shard_paths(db)
    )
    for path in shard_paths(db):
        index = json.loads(index_path(path).read_text())
        assert index["count"] == len(json.loads(path.read_text())["mentions"])
