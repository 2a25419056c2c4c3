#!/usr/bin/env python3
"""What one operator intent costs through the service, against the old two-trip path and the floor.

Run from the project root (a minute or so; ``--quick`` for less):
    python bench/intents.py [--quick] [--ks 1000,50000] [--runs 15]

On a real database (the sample incident, K stored mentions in shards), per K:
  before   the path before the service layer: ``repo.set_tick`` (trip 1), then the
           dashboard's full reload (trip 2: snapshot, ignore rules, triggers and answers,
           stale-draft count)
  after    ``WarRoomService.tick``: one transaction that also returns the new view
  floor    one ``json.dumps`` of the main file + write + fsync (what any write must pay)

Printed: medians in ms, after/floor, before/after, and after@maxK / after@minK (near 1 means
an operator's keypress does not grow with the mentions stored).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from warroom.domain.mentions import Mention  # noqa: E402
from warroom.resources import sample_incident_path  # noqa: E402
from warroom.service import WarRoomService  # noqa: E402
from warroom.store.drafts import DraftStore  # noqa: E402
from warroom.store.regulatory import RegulatoryStore  # noqa: E402
from warroom.store.repository import WarRoomRepository  # noqa: E402

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
ITEM = "key-messages"  # not gated, records nothing sent: ticks and unticks freely
OTHER_ITEM = "qa-per-team"  # the same kind, for the other path (each run changes both)


def build(folder: Path, k: int) -> Path:
    path = folder / f"warroom-{k}.json"
    repo = WarRoomRepository.open(path, create=True)
    data = json.loads(sample_incident_path().read_text("utf-8"))
    repo.import_incident(data, "bench", NOW - timedelta(hours=4))
    for start in range(0, k, 1000):
        repo.add_new_mentions(
            Mention(
                f"m{i:07d}",
                "alerts-northwind",
                f"Northwind breach coverage number {i} from a regional outlet",
                f"https://news.example.com/{i}",
                NOW,
                NOW,
                summary="What customers should do after the Northwind Outfitters breach " * 3,
                entry_id=f"tag:bench,{i}",
            )
            for i in range(start, min(k, start + 1000))
        )
    repo.close()
    return path


def measure(path: Path, runs: int) -> dict[str, float]:
    """Medians of the three, measured in turn within each run so that noise hits all alike."""
    os.sync()  # building wrote many shards: let their write-back finish before timing fsyncs
    repo = WarRoomRepository.open(path)
    service = WarRoomService(repo, operator="bench", clock=lambda: NOW)
    service.view()  # warm: the first read decodes every shard once, as a dashboard's start does
    floor_data = json.loads(path.read_bytes())
    floor_path = path.with_name("floor.json")

    def before(n: int) -> None:
        repo.set_tick(ITEM, n % 2 == 0, "bench", NOW)
        repo.snapshot(), repo.ignore_rules(), RegulatoryStore(repo).state()
        len(DraftStore(repo).stale_drafts())

    def after(n: int) -> None:
        assert service.tick(OTHER_ITEM, n % 2 == 0).value  # a real change, every run

    def floor(_: int) -> None:
        with open(floor_path, "wb") as handle:
            handle.write(json.dumps(floor_data, ensure_ascii=False).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())

    times: dict[str, list[float]] = {"before": [], "after": [], "floor": []}
    work: dict[str, Callable[[int], None]] = {"before": before, "after": after, "floor": floor}
    for n in range(runs):
        for name, step in work.items():
            start = time.perf_counter()
            step(n)
            times[name].append((time.perf_counter() - start) * 1000)
    repo.close()
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--ks", default="1000,50000")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    ks = [int(k) for k in args.ks.split(",")]
    runs = 5 if args.quick else args.runs
    print(f"load average {os.getloadavg()[0]:.2f}; {runs} runs per figure; medians in ms")
    results = {}
    with tempfile.TemporaryDirectory(prefix="warroom-bench-") as folder:
        for k in ks:
            path = build(Path(folder), k)
            results[k] = measure(path, runs)
            r = results[k]
            print(
                f"{k:>7} mentions: before {r['before']:7.2f}  after {r['after']:7.2f}  "
                f"floor {r['floor']:6.2f}  after/floor {r['after'] / r['floor']:5.2f}x  "
                f"before/after {r['before'] / r['after']:5.2f}x"
            )
    low, high = min(ks), max(ks)
    print(f"tick after@{high} / after@{low}: {results[high]['after'] / results[low]['after']:.2f}x")


if __name__ == "__main__":
    main()
