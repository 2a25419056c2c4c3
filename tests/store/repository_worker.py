"""One operator process for the repository torture test: ``python repository_worker.py DB NAME N``.

Prints "ready", waits for a line on stdin (so both processes really start together), then makes
N changes through WarRoomRepository, cycling count_inquiry, add_note and set_tick, and prints
how many of each it made as JSON.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from warroom.store.repository import WarRoomRepository  # noqa: E402

START = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)


def main(db: str, name: str, count: int, item_id: str) -> None:
    repo = WarRoomRepository.open(db)
    print("ready", flush=True)
    sys.stdin.readline()
    made = {"inquiry": 0, "note": 0, "tick": 0}
    done = False
    for i in range(count):
        now = START + timedelta(seconds=i)
        if i % 3 == 0:
            repo.count_inquiry("phone", name, now)
            made["inquiry"] += 1
        elif i % 3 == 1:
            repo.add_note(f"{name} note {i}", name, now)
            made["note"] += 1
        else:
            done = not done
            if not repo.set_tick(item_id, done, name, now):
                raise SystemExit(f"{name}: tick {i} was a no-op: another change was lost")
            made["tick"] += 1
    repo.close()
    print(json.dumps(made), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
