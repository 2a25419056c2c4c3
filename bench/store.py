#!/usr/bin/env python3
"""What the store costs as the incident grows: its history (calls, notes) and its mentions.

Run from the project root (a few minutes; ``--quick`` for less work, ``--part`` for one half):
    python bench/store.py [--quick] [--part history|mentions|all] [--calls 1000,20000,100000]
                          [--ks 1000,10000,50000] [--runs 7]

History (issue 16), on the REAL main file grown the way use grows it: the sample incident,
then N calls counted with ``count_inquiry`` (each an inquiry event and a timeline entry, spread
over 46 hours, a topic on every seventh) and a note every 50 calls, written through the
repository (in transactions of 200 calls, so building 100k takes a minute, not an hour: the
records and the shards they move into are what single keypresses make). Then, per N, with a
second dashboard open on the same file:
  tick     ``WarRoomService.tick`` (one transaction that returns the new view), alternating with
           ``WarRoomService.count``; the mean includes the moves of the tail into the shards
  reload   the other dashboard's ``WarRoomService.refresh()`` after each of those intents
Printed: main file size, shard count, medians and means in ms, tick@maxN / tick@minN (target
<= 2) and reload@maxN / reload@minN.

Mentions, below: what SharedJSONStorage costs as the mention store grows, against the floor
of one dump + fsync.

Layouts, at K mentions (~600 bytes of JSON each, mention-shaped, deterministic):
  sharded  the design: a small main file (checklist, timeline, inquiries) and mentions in
           shard files of at most SHARD_CAPACITY (1,000; warroom.mentions.NNNN.json)
  single   for comparison: the same data in one file

Figures (medians over --runs, each run on freshly written files):
  (a) tick     one operator write: a transaction that ticks one checklist item
  (b) batch    one poll's 100 new mentions saved in one transaction into the newest shard
               (worst case: that shard is nearly full), or into the single file
  (c) floor    one json.dumps of the data that write must save + write + fsync
  (d) stall    max lateness of a 5 ms asyncio heartbeat while a batch is saved on the event
               loop, and via asyncio.to_thread (target <= 50 ms)
  (e) reload   what every other process pays to re-read the file after someone's write

Ratios printed: batch/floor (near 1 means the storage adds little over the unavoidable dump),
tick@50k / tick@1k (near 1 means an operator's tick does not grow with the mentions).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tinydb.table import Table  # noqa: E402

from warroom.resources import sample_incident_path  # noqa: E402
from warroom.service import WarRoomService  # noqa: E402
from warroom.store.mention_shards import shard_paths  # noqa: E402
from warroom.store.repository import SHARD_CAPACITY as SHARD_SIZE  # noqa: E402
from warroom.store.repository import WarRoomRepository  # noqa: E402
from warroom.store.shared_storage import SharedJSONStorage, hold_lock  # noqa: E402

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
ITEM = "key-messages"  # not gated, records nothing sent: ticks and unticks freely
BUILD_CHUNK = 200
TOPICS = ("refund", "password reset", "is my card safe", "credit monitoring")

BATCH = 100
Doc = dict[str, Any]

WORDS = (  # noqa: SIM905 (a sentence reads better than 21 quoted words)
    "acme breach data customers notified ransomware attack outage statement regulator personal "
    "information exposed hackers company report affected credentials leaked vendor lawsuit"
).split()
SITES = ["news.example.com", "www.example-times.test", "techwire.example.org", "blog.example.io"]


def make_mention(i: int) -> Doc:
    """A mention document shaped like the repository's (id, feed_id, title, url, summary...)."""
    rng = random.Random(i)
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 12)))
    summary = " ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 20)))
    site = rng.choice(SITES)
    slug = "-".join(title.split()[:6])
    return {
        "id": f"m-{i:08d}-{rng.getrandbits(48):012x}",
        "feed_id": f"alerts-{i % 12:02d}",
        "title": title,
        "url": f"https://{site}/2024/{rng.randint(1, 12):02d}/{slug}-{i}.html",
        "summary": summary,
        "author": rng.choice(["", "Staff reporter", "J. Doe"]),
        "domain": site,
        "entry_id": f"tag:google.com,2013:googlealerts/feed:{10_000_000_000 + i}",
        "published": f"2024-05-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+00:00",
        "fetched_at": f"2024-05-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:05:00+00:00",
        "keywords": rng.sample(["acme", "breach", "leak", "lawsuit"], 2),
        "respond_first": rng.random() < 0.05,
    }


def make_main() -> dict[str, dict[str, Doc]]:
    """A main file of realistic size: meta, 40 checklist items, 300 timeline entries, inquiries."""
    checklist = {
        str(i + 1): {"item_id": f"item-{i}", "done": False, "operator": "", "at": ""}
        for i in range(40)
    }
    timeline = {
        str(i + 1): {
            "id": f"t-{i}",
            "kind": "note",
            "text": f"Operator note number {i} about the press statement and the hotline",
            "operator": "alice",
            "at": "2024-05-01T10:00:00+00:00",
        }
        for i in range(300)
    }
    inquiries = {
        str(i + 1): {"channel_id": f"ch-{i}", "at": "2024-05-01T10:00:00+00:00", "count": 1}
        for i in range(200)
    }
    return {
        "meta": {"1": {"schema_version": 1, "incident_id": "bench"}},
        "checklist": checklist,
        "timeline": timeline,
        "inquiries": inquiries,
    }


def dump(data: object) -> bytes:
    """The storage's own serialisation."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_file(path: Path, data: object) -> None:
    path.write_bytes(dump(data))


class Layouts:
    """Files for one K, written once, then copied afresh for each run."""

    def __init__(self, root: Path, k: int, mentions: list[Doc]) -> None:
        self.k = k
        self.pristine = root / f"pristine-{k}"
        self.pristine.mkdir()
        main = make_main()
        write_file(self.pristine / "warroom.json", main)
        # The newest shard holds 1,900 (room for exactly one batch: the worst case short of
        # opening a new shard); older ones are full, the oldest takes what is left.
        self.newest_count = min(k, SHARD_SIZE - BATCH)
        older = mentions[: k - self.newest_count]
        chunks = [
            older[max(0, end - SHARD_SIZE) : end] for end in range(len(older), 0, -SHARD_SIZE)
        ]
        chunks.reverse()
        for n, chunk in enumerate(chunks):
            write_file(self.shard_path(self.pristine, n + 1), {"mentions": numbered(chunk)})
        self.newest = len(chunks) + 1
        newest = mentions[k - self.newest_count : k]
        write_file(self.shard_path(self.pristine, self.newest), {"mentions": numbered(newest)})
        single = dict(main)
        single["mentions"] = numbered(mentions[:k])
        write_file(self.pristine / "single.json", single)
        self.single_bytes = (self.pristine / "single.json").stat().st_size
        self.main_bytes = (self.pristine / "warroom.json").stat().st_size

    @staticmethod
    def shard_path(folder: Path, n: int) -> Path:
        return folder / f"warroom.mentions.{n:04d}.json"

    def fresh(self, root: Path) -> Path:
        """A copy of the pristine files in a new folder: every run starts equal."""
        dest = Path(tempfile.mkdtemp(dir=root))
        for f in self.pristine.iterdir():
            shutil.copyfile(f, dest / f.name)
        return dest


def numbered(docs: list[Doc]) -> dict[str, Doc]:
    return {str(i + 1): d for i, d in enumerate(docs)}


# ---------------------------------------------------------------------------- history
def build_history(folder: Path, calls: int) -> Path:
    """A real database holding the sample incident and ``calls`` counted calls plus notes."""
    path = folder / f"history-{calls}.json"
    repo = WarRoomRepository.open(path, create=True)
    try:
        data = json.loads(sample_incident_path().read_text("utf-8"))
        repo.import_incident(data, "bench", NOW - timedelta(hours=48))
        channels = [channel.id for channel in repo.incident().channels]
        start, step = NOW - timedelta(hours=47), timedelta(hours=46) / max(calls, 1)
        for first in range(0, calls, BUILD_CHUNK):
            with repo.transaction():
                for i in range(first, min(calls, first + BUILD_CHUNK)):
                    at = start + step * i
                    topic = TOPICS[i % len(TOPICS)] if i % 7 == 0 else ""
                    repo.count_inquiry(channels[i % len(channels)], f"op{i % 5}", at, topic=topic)
                    if i % 50 == 49:
                        repo.add_note(f"Call-back list updated after call {i}", "ana", at)
    finally:
        repo.close()
    return path


def measure_history(path: Path, intents: int) -> Doc:
    """Intents through the service on ``path``, each followed by the other dashboard's refresh."""
    repo, other_repo = WarRoomRepository.open(path), WarRoomRepository.open(path)
    service = WarRoomService(repo, operator="kim", clock=lambda: NOW)
    other = WarRoomService(other_repo, operator="lou", clock=lambda: NOW)
    channel = repo.incident().channels[0].id
    try:
        service.view()
        other.view()  # both dashboards have drawn their first frame
        ticks, reloads = [], []
        for n in range(intents):
            t0 = time.perf_counter()
            if n % 2:
                service.count(channel)
            else:
                service.tick(ITEM, n % 4 == 0)
            ticks.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            seen = other.refresh()
            reloads.append(time.perf_counter() - t0)
            if seen is None:
                raise SystemExit("the other dashboard did not see the change")
        return {
            "tick_median": statistics.median(ticks),
            "tick_mean": statistics.mean(ticks),
            "reload_median": statistics.median(reloads),
            "reload_mean": statistics.mean(reloads),
            "main_kb": path.stat().st_size / 1e3,
            "shards": len(shard_paths(path, "timeline")) + len(shard_paths(path, "inquiries")),
            "history_mb": sum(
                p.stat().st_size
                for family in ("timeline", "inquiries")
                for p in shard_paths(path, family)
            )
            / 1e6,
        }
    finally:
        repo.close()
        other_repo.close()


def history_part(root: Path, calls: list[int], intents: int) -> None:
    print(f"# history: intents timed per size={intents} (tick and count alternating)")
    results: dict[int, Doc] = {}
    for n in calls:
        t0 = time.perf_counter()
        path = build_history(root, n)
        built = time.perf_counter() - t0
        results[n] = measure_history(path, intents)
        r = results[n]
        print(
            f"N={n:>7}: built in {built:.0f} s; main file {r['main_kb']:.0f} KB, "
            f"{r['shards']} history shards ({r['history_mb']:.1f} MB)",
            flush=True,
        )
    print("(f) one intent through the service, and the other dashboard's refresh after it")
    print(f"{'calls':>7} {'tick med':>9} {'tick mean':>10} {'reload med':>11} {'reload mean':>12}")
    for n, r in results.items():
        print(
            f"{n:>7} {ms(r['tick_median'])} {ms(r['tick_mean']):>10} "
            f"{ms(r['reload_median']):>11} {ms(r['reload_mean']):>12}"
        )
    lo, hi = results[min(calls)], results[max(calls)]
    print("ratios:")
    print(
        f"  tick@{max(calls)}/tick@{min(calls)}: median "
        f"{hi['tick_median'] / lo['tick_median']:.2f}, mean "
        f"{hi['tick_mean'] / lo['tick_mean']:.2f} (target <= 2)"
    )
    print(
        f"  reload@{max(calls)}/reload@{min(calls)}: median "
        f"{hi['reload_median'] / lo['reload_median']:.2f}, mean "
        f"{hi['reload_mean'] / lo['reload_mean']:.2f}"
    )
    print()


# ---------------------------------------------------------------------------- measures
def tick(storage: SharedJSONStorage, n: int) -> None:
    """One operator write: tick (or untick) checklist item 3."""
    with storage.transaction():
        Table(storage, "checklist", cache_size=0).update({"done": n % 2 == 0}, doc_ids=[3])


def time_ticks(storage: SharedJSONStorage, count: int) -> float:
    times = []
    for n in range(count):
        t0 = time.perf_counter()
        tick(storage, n)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def save_batch(storage: SharedJSONStorage, lock: Path | None, docs: list[Doc]) -> None:
    """One poll's worth, in one transaction (under the family lock for the sharded layout)."""
    if lock is None:
        with storage.transaction():
            Table(storage, "mentions", cache_size=0).insert_multiple(docs)
        return
    with hold_lock(lock), storage.transaction():
        Table(storage, "mentions", cache_size=0).insert_multiple(docs)


def floor(path: Path, data: object, repeats: int = 5) -> float:
    """One dump of the same data + write + fsync: what any whole-file JSON store pays.

    The median of a few repeats: a single fsync on a shared virtual disk is noisy.
    """
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        payload = dump(data)
        with open(path, "wb") as f:
            f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        times.append(time.perf_counter() - t0)
        path.unlink()
    return statistics.median(times)


async def heartbeat_lateness(work: Callable[[], object], threaded: bool) -> float:
    """Max lateness of a 5 ms heartbeat while ``work`` runs (inline or in a thread)."""
    period = 0.005
    worst = 0.0
    stop = False

    async def beat() -> None:
        nonlocal worst
        loop = asyncio.get_running_loop()
        expected = loop.time() + period
        while not stop:
            await asyncio.sleep(max(0.0, expected - loop.time()))
            now = loop.time()
            worst = max(worst, now - expected)
            expected = max(expected + period, now)

    task = asyncio.create_task(beat())
    await asyncio.sleep(0.03)  # let the heartbeat settle
    if threaded:
        await asyncio.to_thread(work)
    else:
        work()
    await asyncio.sleep(0.02)
    stop = True
    await task
    return worst


def measure_k(root: Path, layouts: Layouts, new_docs: list[Doc], runs: int, ticks: int) -> Doc:
    """All figures for one K, medians over ``runs`` fresh copies."""
    out: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        out.setdefault(key, []).append(value)

    for _ in range(runs):
        folder = layouts.fresh(root)
        lock = folder / "warroom.mentions.lock"
        main = SharedJSONStorage(folder / "warroom.json")
        main.read()
        single = SharedJSONStorage(folder / "single.json")
        single.read()
        newest = SharedJSONStorage(layouts.shard_path(folder, layouts.newest), lock_path=lock)
        newest.read()
        add("tick_sharded", time_ticks(main, ticks))
        add("tick_single", time_ticks(single, ticks))

        t0 = time.perf_counter()
        save_batch(newest, lock, new_docs)
        add("batch_sharded", time.perf_counter() - t0)
        t0 = time.perf_counter()
        save_batch(single, None, new_docs)
        add("batch_single", time.perf_counter() - t0)

        add("floor_shard", floor(folder / "floor-shard.json", newest.read()))
        add("floor_single", floor(folder / "floor-single.json", single.read()))
        add("floor_main", floor(folder / "floor-main.json", main.read()))

        for name, storage in (("reload_main", main), ("reload_single", single)):
            t0 = time.perf_counter()
            storage.reload()
            add(name, time.perf_counter() - t0)
        for s in (main, single, newest):
            s.close()
        shutil.rmtree(folder)
    return {key: statistics.median(vals) for key, vals in out.items()}


def measure_stall(root: Path, layouts: Layouts, new_docs: list[Doc], runs: int) -> Doc:
    """Event-loop stall while saving one batch, inline vs asyncio.to_thread, both layouts."""
    out: dict[str, list[float]] = {}
    for _ in range(runs):
        for threaded in (False, True):
            folder = layouts.fresh(root)
            lock = folder / "warroom.mentions.lock"
            newest = SharedJSONStorage(layouts.shard_path(folder, layouts.newest), lock_path=lock)
            newest.read()
            single = SharedJSONStorage(folder / "single.json")
            single.read()
            how = "thread" if threaded else "loop"
            late = asyncio.run(
                heartbeat_lateness(lambda s=newest, lk=lock: save_batch(s, lk, new_docs), threaded)
            )
            out.setdefault(f"stall_sharded_{how}", []).append(late)
            late = asyncio.run(
                heartbeat_lateness(lambda s=single: save_batch(s, None, new_docs), threaded)
            )
            out.setdefault(f"stall_single_{how}", []).append(late)
            newest.close()
            single.close()
            shutil.rmtree(folder)
    return {key: statistics.median(vals) for key, vals in out.items()}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--part", choices=("history", "mentions", "all"), default="all")
    ap.add_argument("--calls", default="1000,20000,100000", help="history sizes (calls)")
    ap.add_argument("--intents", type=int, default=400, help="history intents timed per size")
    ap.add_argument("--ks", default="1000,10000,50000")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--ticks", type=int, default=21, help="ticks timed per run (median)")
    ap.add_argument("--quick", action="store_true", help="3 runs, 7 ticks")
    ap.add_argument("--dir", default=None, help="parent folder for the temp files")
    a = ap.parse_args(argv)
    runs, ticks = (3, 7) if a.quick else (a.runs, a.ticks)
    ks = [int(x) for x in a.ks.split(",")]
    root = Path(tempfile.mkdtemp(prefix="bench_store.", dir=a.dir))
    try:
        print(f"# load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if a.part in ("history", "all"):
            calls = [int(x) for x in a.calls.split(",")]
            history_part(root, calls, 100 if a.quick else a.intents)
        if a.part == "history":
            return 0
        mentions = [make_mention(i) for i in range(max(ks) + BATCH)]
        avg = statistics.mean(len(dump(m)) for m in mentions[:1000])
        print(f"# mention ~{avg:.0f} bytes JSON; runs={runs} ticks/run={ticks}; medians, ms")
        results: dict[int, Doc] = {}
        stalls: dict[int, Doc] = {}
        for k in ks:
            layouts = Layouts(root, k, mentions)
            new_docs = mentions[k : k + BATCH]
            r = measure_k(root, layouts, new_docs, runs, ticks)
            r["single_mb"] = layouts.single_bytes / 1e6
            r["main_kb"] = layouts.main_bytes / 1e3
            results[k] = r
            stalls[k] = measure_stall(root, layouts, new_docs, runs)
            print(
                f"K={k:>6}: main file {r['main_kb']:.0f} KB, single file {r['single_mb']:.1f} MB,"
                f" newest shard {layouts.newest_count}+{BATCH} mentions",
                flush=True,
            )
        print()
        print("(a) tick = one checklist tick (transaction + update of one small doc)")
        print(f"{'K':>6} {'sharded':>9} {'single':>9} {'floor(main)':>12}")
        for k, r in results.items():
            print(
                f"{k:>6} {ms(r['tick_sharded'])} {ms(r['tick_single'])} {ms(r['floor_main']):>12}"
            )
        print("(b) batch of 100 new mentions vs (c) floor = dump + write + fsync of the same data")
        print(
            f"{'K':>6} {'sharded':>9} {'floor':>9} {'ratio':>6}   {'single':>9} {'floor':>9} "
            f"{'ratio':>6}"
        )
        for k, r in results.items():
            print(
                f"{k:>6} {ms(r['batch_sharded'])} {ms(r['floor_shard'])} "
                f"{r['batch_sharded'] / r['floor_shard']:6.2f}   {ms(r['batch_single'])} "
                f"{ms(r['floor_single'])} {r['batch_single'] / r['floor_single']:6.2f}"
            )
        print("(d) event-loop stall: max lateness of a 5 ms heartbeat during one batch save")
        print(
            f"{'K':>6} {'sharded/loop':>13} {'sharded/thread':>15} {'single/loop':>12} "
            f"{'single/thread':>14}"
        )
        for k, s in stalls.items():
            print(
                f"{k:>6} {ms(s['stall_sharded_loop']):>13} {ms(s['stall_sharded_thread']):>15} "
                f"{ms(s['stall_single_loop']):>12} {ms(s['stall_single_thread']):>14}"
            )
        print("(e) reload after another process wrote (every other operator pays this)")
        print(f"{'K':>6} {'main':>9} {'single':>9}")
        for k, r in results.items():
            print(f"{k:>6} {ms(r['reload_main'])} {ms(r['reload_single'])}")
        lo, hi = min(ks), max(ks)
        print()
        print("ratios:")
        for k, r in results.items():
            print(
                f"  batch/floor @{k}: sharded {r['batch_sharded'] / r['floor_shard']:.2f}, "
                f"single {r['batch_single'] / r['floor_single']:.2f}"
            )
        print(
            f"  tick@{hi}/tick@{lo}: sharded "
            f"{results[hi]['tick_sharded'] / results[lo]['tick_sharded']:.2f}, single "
            f"{results[hi]['tick_single'] / results[lo]['tick_single']:.2f}"
        )
        print(
            f"  tick single/sharded @{hi}: "
            f"{results[hi]['tick_single'] / results[hi]['tick_sharded']:.1f}x"
        )
        worst = max(s["stall_sharded_thread"] for s in stalls.values())
        print(f"  worst stall, sharded via to_thread: {worst * 1000:.1f} ms (target <= 50 ms)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
