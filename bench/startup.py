#!/usr/bin/env python3
"""Start-up: process start to the first complete frame of the dashboard on a big database.

    python bench/startup.py [--runs 7] [--sizes 1000:1000,10000:2000,100000:100000] [--poll]

Builds a database with the sample incident, N mentions (in shard files) and M timeline
events, then times fresh processes, headless at 200x50, against the empty four-pane app of
../shared/bench/textual_startup.py (reproduced here so both run in the same way and the same
run): process start -> first frame drawn after the dashboard showed the database.
The dashboard is started as an operator starts it, ``warroom open --db DB`` (the database
checked before Textual is imported, the user's config file read), with ``--no-poll`` unless
``--poll`` is given (a polling dashboard's first poll goes out after its first frame).
Target (issue 2): product <= 2x the empty app.
"""

from __future__ import annotations

import argparse
import importlib.abc
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from warroom.domain.timeline import EventKind

ROOT = Path(__file__).resolve().parent.parent
T0 = "WARROOM_BENCH_T0"


def child(mode: str, db: str, poll: bool = False) -> None:
    """Run one app until its first complete frame, print seconds since the parent's spawn."""
    marks: dict[str, float] = {}

    def instrument(app_class: type[App[None]]) -> None:
        original = app_class._display

        def patched(self: App[None], screen: object, renderable: object) -> None:
            original(self, screen, renderable)  # type: ignore[arg-type]
            ready = getattr(self, "_bench_ready", False)
            if renderable is not None and ready and "frame" not in marks:
                marks["frame"] = time.monotonic_ns()
                marks["cpu"] = time.process_time()
                self.call_later(self.exit)

        def run_headless(self: App[None], *args: object, **kwargs: object) -> None:
            original_run(self, headless=True, size=(200, 50))

        original_run = app_class.run
        app_class._display = patched  # type: ignore[method-assign]
        app_class.run = run_headless  # type: ignore[method-assign]

    if mode == "baseline":
        from textual.app import App, ComposeResult
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

        instrument(App)
        Empty().run()
    else:
        from warroom.__main__ import main as warroom_main

        def instrument_dashboard(module: ModuleType) -> None:
            original_show = module.DashboardScreen.show_room

            def show_room(self: Any, room: object, rules: list[str]) -> None:
                original_show(self, room, rules)
                self.app._bench_ready = True

            module.DashboardScreen.show_room = show_room

        # Instrumented as they are imported, so the command imports them when it does
        # (Textual only after the database was checked), as it does for an operator.
        after_import("textual.app", lambda module: instrument(module.App))
        after_import("warroom.ui.screens.dashboard", instrument_dashboard)
        argv = ["open", "--db", db, "--operator", "bench", *([] if poll else ["--no-poll"])]
        if warroom_main(argv) != 0:
            raise SystemExit("warroom open failed")
    start = int(os.environ[T0])
    rss_mb = peak_rss_mb()
    figures = {"frame": (marks["frame"] - start) / 1e9, "cpu": marks["cpu"], "rss_mb": rss_mb}
    print(json.dumps(figures))


def after_import(name: str, then: Callable[[ModuleType], None]) -> None:
    """Call ``then(module)`` right after module ``name`` is first imported."""

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: object, target: object = None) -> Any:
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            assert spec is not None and spec.loader is not None
            loader, load = spec.loader, spec.loader.exec_module

            def exec_module(module: ModuleType) -> None:
                load(module)
                then(module)

            loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


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


def repo_kind() -> EventKind:
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


def run(mode: str, db: Path, poll: bool = False) -> float:
    return measure(mode, db, poll)[0]


def measure(mode: str, db: Path, poll: bool = False) -> tuple[float, float, float]:
    """(seconds to the first frame, CPU seconds to it, peak resident MB) of one fresh process.

    The CPU time (every thread of the process) moves less than the wall clock on a loaded
    machine: when the two ratios disagree, the machine was busy.
    """
    # No operator's config file (theme, layout) is read: a config of its own, beside the db.
    config = {"WARROOM_CONFIG": str(db.parent / "config.json")}
    env = dict(child_env(), **config, **{T0: str(time.monotonic_ns())})
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--db", str(db), *(["--poll"] if poll else [])],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return float(figures["frame"]), float(figures["cpu"]), float(figures["rss_mb"])


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
    parser.add_argument(
        "--poll",
        action="store_true",
        help="open the dashboard polling feeds, as `warroom open` does by default",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.db, args.poll)
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
            run("product", db, args.poll)
        base: list[tuple[float, float, float]] = []
        product: list[list[tuple[float, float, float]]] = [[] for _ in dbs]
        for _ in range(args.runs):  # interleaved, round by round
            base.append(measure("baseline", dbs[0]))
            for index, db in enumerate(dbs):
                product[index].append(measure("product", db, args.poll))
    frames = [f for f, _, _ in base]
    b, b_cpu = statistics.median(frames), statistics.median(c for _, c, _ in base)
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(
        f"empty four-pane app : first frame {b:.3f}s "
        f"(min {min(frames):.3f} max {max(frames):.3f}), "
        f"CPU {b_cpu:.3f}s, RSS {statistics.median(r for _, _, r in base):.0f} MB"
    )
    first = statistics.median(f for f, _, _ in product[0])
    for (mentions, events), figures in zip(sizes, product, strict=True):
        p = statistics.median(f for f, _, _ in figures)
        cpu = statistics.median(c for _, c, _ in figures)
        rss = statistics.median(r for _, _, r in figures)
        print(
            f"warroom open{' (polling)' if args.poll else ''} {mentions:>7,} mentions + "
            f"{events:>7,} events: first frame {p:.3f}s "
            f"= {p / b:.2f}x the empty app (target <= 2.00x), {p / first:.2f}x the smallest; "
            f"CPU {cpu:.3f}s = {cpu / b_cpu:.2f}x; RSS {rss:.0f} MB (target <= 100 MB at 100k)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
