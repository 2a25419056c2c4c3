#!/usr/bin/env python3
"""Start-up: process start to the first complete frame of the dashboard on a big database.

    python bench/startup.py [--runs 7] [--sizes 1000:1000,10000:2000,100000:100000]

Builds a database with the sample incident, N mentions (in shard files) and M timeline
events, then times fresh processes, headless at 200x50, against the empty four-pane app of
../shared/bench/textual_startup.py (reproduced here so both run in the same way and the same
run): process start -> first frame drawn after the dashboard showed the database.
Target (issue 2): product <= 2x the empty app.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
T0 = "WARROOM_BENCH_T0"


def child(mode: str, db: str) -> None:
    """Run one app until its first complete frame, print seconds since the parent's spawn."""
    from textual.app import App, ComposeResult

    marks: dict[str, float] = {}
    original = App._display

    def patched(self: App[None], screen: object, renderable: object) -> None:
        original(self, screen, renderable)  # type: ignore[arg-type]
        if renderable is not None and getattr(self, "_bench_ready", False) and "frame" not in marks:
            marks["frame"] = time.monotonic_ns()
            self.call_later(self.exit)

    App._display = patched  # type: ignore[method-assign]
    if mode == "baseline":
        from textual.containers import Grid
        from textual.widgets import DataTable, Log, OptionList, Static

        class Empty(App[None]):
            CSS = (
                "Grid { grid-size: 2 2; } "
                "DataTable, OptionList, Log, Static { border: round $accent; height: 1fr; }"
            )

            def compose(self) -> ComposeResult:
                with Grid():
                    yield DataTable(id="mentions")
                    yield OptionList(id="timeline")
                    yield Log(id="log")
                    yield Static("Inquiries: 0 phone / 0 email / 0 social", id="counts")

            def on_mount(self) -> None:
                self.query_one(DataTable).add_columns("time", "source", "title", "status", "sev")
                self._bench_ready = True

        app: App[None] = Empty()
    else:
        from warroom.service import StoreGateway
        from warroom.store.repository import WarRoomRepository
        from warroom.ui.app import WarRoomApp
        from warroom.ui.screens.dashboard import DashboardScreen

        original_show = DashboardScreen.show_room

        def show_room(self: DashboardScreen, room: object, rules: list[str]) -> None:
            original_show(self, room, rules)  # type: ignore[arg-type]
            self.app._bench_ready = True  # type: ignore[attr-defined]

        DashboardScreen.show_room = show_room  # type: ignore[method-assign]
        app = WarRoomApp(StoreGateway(WarRoomRepository.open(db)), operator="bench")
    app.run(headless=True, size=(200, 50))
    start = int(os.environ[T0])
    rss_mb = peak_rss_mb()
    print(json.dumps({"frame": (marks["frame"] - start) / 1e9, "rss_mb": rss_mb}))


def peak_rss_mb() -> float:
    """This process's peak resident size (``VmHWM``): ``getrusage``'s maxrss survives ``exec``
    on Linux, so a child would report the parent's peak (the parent built 100k mentions)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build_db(folder: Path, mentions: int, events: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from warroom.domain.mentions import Mention
    from warroom.resources import sample_incident_path
    from warroom.store.repository import WarRoomRepository

    db = folder / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    now = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
    repo.import_incident(json.loads(sample_incident_path().read_text()), "bench", now)
    batch = []
    for n in range(mentions):
        published = now - timedelta(seconds=n * 7)
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
    # Written as use writes them: a few entries per transaction (one intent each), so the
    # store moves them into its history shards as it goes.
    for start in range(0, events, 100):
        with repo.transaction():
            for n in range(start, min(start + 100, events)):
                repo.record(
                    repo_kind(),
                    f"Bench event {n}: operator note with some words",
                    "bench",
                    now - timedelta(seconds=events - n),
                )
    repo.close()
    return db


def repo_kind():  # noqa: ANN201 - tiny helper for the bench only
    from warroom.domain.timeline import EventKind

    return EventKind.NOTE


def child_env() -> dict[str, str]:
    """The children's environment, with byte-code caching on.

    An installed warroom has compiled ``.pyc`` files (pip writes them), and so has Textual;
    with PYTHONDONTWRITEBYTECODE set (as on our shared machines) every run would compile all of
    warroom from source, about 0.1 s that no installed copy pays.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(mode: str, db: Path) -> float:
    return measure(mode, db)[0]


def measure(mode: str, db: Path) -> tuple[float, float]:
    """(seconds to the first frame, peak resident MB) of one fresh process."""
    env = dict(child_env(), **{T0: str(time.monotonic_ns())})
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--db", str(db)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return float(figures["frame"]), float(figures["rss_mb"])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--sizes",
        default="1000:1000,10000:2000,100000:100000",
        help="databases to open, MENTIONS:TIMELINE_EVENTS, comma-separated (default: %(default)s)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db)
        return 0
    sizes = [tuple(int(part) for part in size.split(":")) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        dbs = []
        for mentions, events in sizes:
            started = time.monotonic()
            place = Path(folder) / f"m{mentions}-e{events}"
            place.mkdir()
            dbs.append(build_db(place, mentions, events))
            print(
                f"database: {mentions:,} mentions, {events:,} timeline events "
                f"(built in {time.monotonic() - started:.1f}s)"
            )
        run("baseline", dbs[0])  # warm the page cache and .pyc files
        for db in dbs:
            run("product", db)
        base: list[float] = []
        base_rss: list[float] = []
        product: list[list[tuple[float, float]]] = [[] for _ in dbs]
        for _ in range(args.runs):  # interleaved, round by round
            frame, rss = measure("baseline", dbs[0])
            base.append(frame)
            base_rss.append(rss)
            for index, db in enumerate(dbs):
                product[index].append(measure("product", db))
    b = statistics.median(base)
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(
        f"empty four-pane app : first frame {b:.3f}s (min {min(base):.3f} max {max(base):.3f}), "
        f"RSS {statistics.median(base_rss):.0f} MB"
    )
    first = statistics.median(f for f, _ in product[0])
    for (mentions, events), figures in zip(sizes, product, strict=True):
        frames = [f for f, _ in figures]
        p = statistics.median(frames)
        rss = statistics.median(r for _, r in figures)
        print(
            f"warroom {mentions:>7,} mentions + {events:>7,} events: first frame {p:.3f}s "
            f"= {p / b:.2f}x the empty app (target <= 2.00x), {p / first:.2f}x the smallest; "
            f"RSS {rss:.0f} MB (target <= 100 MB at 100k)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
