"""Two real operator processes changing one database at once: nothing may be lost.

Separate interpreters, not forks of pytest: on the jump host each operator runs their own
``warroom open``. Each makes 200 changes as fast as it can while the other does the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from warroom.domain.timeline import EventKind
from warroom.store.mention_shards import shard_paths
from warroom.store.repository import WarRoomRepository

WORKER = Path(__file__).with_name("repository_worker.py")
CHANGES = 200


def start(db: Path, name: str, item_id: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(db), name, str(CHANGES), item_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", line + (proc.stderr.read() if proc.stderr else "")
    return proc


def test_two_processes_making_200_changes_each_lose_nothing(
    repo: WarRoomRepository, db_path: Path
) -> None:
    repo.close()
    workers = {
        "kim": start(db_path, "kim", "faq-published"),
        "lou": start(db_path, "lou", "social-posts"),
    }
    for proc in workers.values():
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    made: dict[str, dict[str, int]] = {}
    for name, proc in workers.items():
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        made[name] = json.loads(out.strip().splitlines()[-1])
        assert sum(made[name].values()) == CHANGES

    reopened = WarRoomRepository.open(db_path)
    try:
        room = reopened.snapshot()
    finally:
        reopened.close()
    by_operator = Counter(entry.operator for entry in room.timeline)
    assert by_operator["kim"] == CHANGES and by_operator["lou"] == CHANGES
    assert len(room.timeline) == 2 * CHANGES + 1  # and the import
    for name in workers:
        mine = [e for e in room.timeline if e.operator == name]
        kinds = Counter(e.kind for e in mine)
        assert kinds[EventKind.INQUIRY] == made[name]["inquiry"]
        assert kinds[EventKind.NOTE] == made[name]["note"]
        assert kinds[EventKind.TICK] + kinds[EventKind.UNTICK] == made[name]["tick"]
        notes = {e.text for e in mine if e.kind is EventKind.NOTE}
        assert notes == {f"{name} note {i}" for i in range(CHANGES) if i % 3 == 1}
        assert sum(1 for e in room.inquiries if e.operator == name) == made[name]["inquiry"]
    assert room.inquiry_totals()["phone"] == made["kim"]["inquiry"] + made["lou"]["inquiry"]
    # Each worker's own item ends in the state of its last toggle (66 toggles: unticked).
    assert room.ticks["faq-published"].done is (made["kim"]["tick"] % 2 == 1)
    assert room.ticks["social-posts"].done is (made["lou"]["tick"] % 2 == 1)
    json.loads(db_path.read_text("utf-8"))  # the file is whole, plain JSON
    # The two really ran at once: in write order (the history shards, then the main file's
    # tail, each by TinyDB doc id) their entries interleave.
    order = []
    for path in [*shard_paths(db_path, "timeline"), db_path]:
        stored = json.loads(path.read_text("utf-8"))["timeline"]
        order += [stored[key]["operator"] for key in sorted(stored, key=int)]
    switches = sum(1 for a, b in zip(order, order[1:], strict=False) if a != b)
    assert switches >= 3, (
        f"the workers did not overlap ({switches} switches): the test proved nothing"
    )
