"""One operator process for the history shard tests: ``python history_worker.py MODE DB ...``.

``count DB NAME N MOVE_AT PER_SHARD``: prints "ready", waits for a line on stdin, then counts
N inquiries, printing each count's number once it returned (it is on disk then).
``note DB PER_SHARD``: prints "ready", then adds one note, the first write of an older
database, which moves its whole history into shards; prints "done".

``MOVE_AT`` and ``PER_SHARD`` are set small so moves (and kills inside them) come often.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from warroom.store import record_shards  # noqa: E402
from warroom.store.repository import WarRoomRepository  # noqa: E402

START = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def count(db: str, name: str, n: int, move_at: int, per_shard: int) -> None:
    record_shards.MOVE_AT = move_at
    record_shards.RECORDS_PER_SHARD = per_shard
    repo = WarRoomRepository.open(db)
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(n):
        repo.count_inquiry("phone", name, START + timedelta(seconds=i))
        print(i + 1, flush=True)
    repo.close()


def note(db: str, per_shard: int) -> None:
    record_shards.RECORDS_PER_SHARD = per_shard
    repo = WarRoomRepository.open(db)
    print("ready", flush=True)
    repo.add_note("first write after the upgrade", "ana", START)
    print("done", flush=True)
    repo.close()


if __name__ == "__main__":
    if sys.argv[1] == "count":
        count(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        note(sys.argv[2], int(sys.argv[3]))
