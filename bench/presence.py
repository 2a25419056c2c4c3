#!/usr/bin/env python3
"""What presence heartbeats and autosave cost an operator's write, on a 50k-mention database.

Run from the project root (about a minute):
    python bench/presence.py [--mentions 50000] [--runs 40] [--beat-ms 5000] [--rounds 3]

On the sample incident with ``--mentions`` mentions (in their shard files), it measures:
  (a) tick      one operator write alone: a service ``tick`` (one transaction, fsync, rename)
  (b) beats     the same tick while five other operator processes each send a heartbeat and
                read who is in every ``--beat-ms`` (the dashboard's rate is 5,000 ms), and
                again at 50 ms (a hundred times the real rate: an upper bound)
  (c) autosave  the same tick while five processes autosave a 4 KB buffer every 3 s
                (the editor's rate), and every 50 ms
  (d) one heartbeat write + read, one autosave write: their own cost

and prints the ratios of (b) and (c) to (a): near 1 means presence and autosave do not slow
an operator's real writes. Each worker is a separate interpreter, killed and waited for at
the end.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warroom.domain.drafts import DraftKind, DraftRef  # noqa: E402
from warroom.domain.mentions import Mention  # noqa: E402
from warroom.resources import sample_incident_path  # noqa: E402
from warroom.service import WarRoomService  # noqa: E402
from warroom.store.repository import WarRoomRepository  # noqa: E402

NOW = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
NOTICE = DraftRef(DraftKind.NOTICE)
BUFFER = "Subject: Notice of Data Breach\n\n" + "We are writing to tell you. " * 150


def build_db(folder: Path, mentions: int) -> Path:
    """The sample incident with ``mentions`` mentions."""
    db = folder / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    repo.import_incident(json.loads(sample_incident_path().read_text()), "bench", NOW)
    batch = []
    for n in range(mentions):
        published = NOW - timedelta(seconds=n * 7)
        batch.append(
            Mention(
                id=f"m{n:06d}",
                feed_id="alerts-northwind",
                title=f"Northwind Outfitters breach coverage item {n} with several words in it",
                url=f"https://site{n % 97}.example.org/{n}",
                published=published,
                fetched_at=published,
                summary="Customers say they received an e-mail about the breach. " * 3,
                domain=f"site{n % 97}.example.org",
                entry_id=f"tag:bench,2026:{n}",
            )
        )
    repo.add_new_mentions(batch)
    repo.close()
    return db


def worker(mode: str, db: str, operator: str, interval_ms: str) -> None:
    """A background operator: heartbeats (and reads who is in), or autosaves, until killed."""
    repo = WarRoomRepository.open(db)
    service = WarRoomService(repo, operator=operator)
    pause = int(interval_ms) / 1000
    print("ready", flush=True)
    while True:
        if mode == "beat":
            service.heartbeat("notice")
        else:
            service.autosave(NOTICE, BUFFER + str(time.monotonic()), 1)
        time.sleep(pause)


def ticks(service: WarRoomService, runs: int) -> float:
    """Median seconds of one tick (toggling an ungated item)."""
    times = []
    for n in range(runs):
        start = time.perf_counter()
        service.tick("key-messages", n % 2 == 0)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def with_workers(db: Path, mode: str, interval_ms: int, measure: Callable[[], float]) -> float:
    """``measure()`` while five worker processes heartbeat or autosave every ``interval_ms``."""
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--worker", mode, str(db), f"op{i}", str(interval_ms)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(5)
    ]
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(0.3)  # let them get going
        return measure()
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGKILL)
            proc.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mentions", type=int, default=50_000)
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--beat-ms", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds (median taken)")
    ap.add_argument("--worker", nargs=4, metavar=("MODE", "DB", "OPERATOR", "MS"))
    args = ap.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = build_db(Path(tmp), args.mentions)
        repo = WarRoomRepository.open(db)
        service = WarRoomService(repo, operator="bench")
        ids = {item.id for item in service.view().room.incident.checklist}
        assert "key-messages" in ids, sorted(ids)
        ticks(service, 5)  # warm up
        conditions: list[tuple[str, str, int]] = [("tick alone", "", 0)]
        for mode, rates in (("beat", (args.beat_ms, 50)), ("autosave", (3000, 50))):
            for ms in rates:
                label = f"tick + 5 {'heartbeats' if mode == 'beat' else 'autosavers'} @{ms}ms"
                conditions.append((label, mode, ms))
        # Interleaved rounds: the machine is shared, and a neighbour's build during one
        # condition must not pass for the cost of that condition.
        rounds: dict[str, list[float]] = {label: [] for label, _, _ in conditions}
        for _ in range(args.rounds):
            for label, mode, ms in conditions:
                if not mode:
                    rounds[label].append(ticks(service, args.runs))
                else:
                    measured = with_workers(db, mode, ms, lambda: ticks(service, args.runs))
                    rounds[label].append(measured)
        results = {label: statistics.median(times) for label, times in rounds.items()}
        alone = results["tick alone"]
        beat_times, save_times = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            service.heartbeat("notice")
            beat_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            service.autosave(NOTICE, BUFFER, 1)
            save_times.append(time.perf_counter() - start)
        repo.close()
    print(
        f"database: sample incident + {args.mentions:,} mentions; medians of {args.runs} "
        f"ticks, median of {args.rounds} interleaved rounds"
    )
    for label, seconds in results.items():
        ratio = seconds / alone
        print(f"  {label:<34} {seconds * 1000:8.2f} ms   ratio to alone {ratio:5.2f}")
    beat, save = statistics.median(beat_times), statistics.median(save_times)
    for label, seconds in (("one heartbeat (write + read)", beat), ("one autosave (fsync)", save)):
        print(f"  {label:<34} {seconds * 1000:8.2f} ms   ratio to tick {seconds / alone:5.2f}")


if __name__ == "__main__":
    main()
