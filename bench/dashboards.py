#!/usr/bin/env python3
"""Five real dashboards on one database: how long a key press takes to show on the others.

    python bench/dashboards.py [--calls 100000] [--small 1000] [--presses 8]

Builds two real databases the way use grows them (``bench/store.py``'s ``build_history``: the
sample incident, calls counted with ``count_inquiry`` and notes): a small one and a large one.
On each, in turn, it starts FIVE ``warroom open`` processes in tmux (``tmux new -d -x 120 -y 40``,
a tmux server of its own), waits until every screen shows the inquiry pane's total, then
presses ``1`` (count one call on the phone line) on the first dashboard, ``--presses`` times,
one press at a time (after one press that warms up), and reads all five screens with
``capture-pane -p`` until each shows the new total. Printed per database: the presser's own
screen and the other four (median and worst over the presses), then large / small. Target
(issue 16): <= 0.6 s on the other four at 100k calls (the 0.5 s refresh plus one frame).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from store import build_history  # noqa: E402

SCREENS = 5
TOTAL = re.compile(r"(\d+) total")
WARROOM = Path(sys.executable).with_name("warroom")


class Tmux:
    """A tmux server of this bench's own (its socket), so nothing else is touched."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"warroom-bench-{os.getpid()}"
        self.env = env

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
        )
        return done.stdout

    def start(self, name: str, command: list[str]) -> None:
        self.run("new-session", "-d", "-s", name, "-x", "120", "-y", "40", *command)

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def close(self) -> None:
        """Stop this bench's tmux server and remove its socket (kill-server leaves it)."""
        socket = self.run("display-message", "-p", "#{socket_path}").strip()
        self.run("kill-server")
        if socket.endswith(self.socket):
            Path(socket).unlink(missing_ok=True)


def total_on(tmux: Tmux, name: str) -> int | None:
    """The inquiry pane's grand total as the screen shows it, if it shows one."""
    found = TOTAL.findall(tmux.screen(name))
    return int(found[-1]) if found else None


def wait_for(condition: Callable[[], bool], deadline: float, what: str) -> None:
    """Poll ``condition`` until it holds; give up at ``deadline``."""
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.005)


def measure(db: Path, presses: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Start five dashboards on ``db``, press ``1`` on the first, time each screen's change."""
    tmux = Tmux(env)
    names = [f"op{i}" for i in range(SCREENS)]
    try:
        for name in names:
            cmd = [str(WARROOM), "open", "--db", str(db), "--operator", name, "--no-poll"]
            tmux.start(name, cmd)
        wait_for(
            lambda: all(total_on(tmux, n) is not None for n in names),
            time.monotonic() + 600,
            "five first frames",
        )
        own: list[float] = []
        others: list[float] = []
        for press in range(presses + 1):  # the first press warms up (lazy imports): not counted
            wait_for(  # every screen settled on one total before the next press
                lambda: len({total_on(tmux, n) for n in names}) == 1,
                time.monotonic() + 120,
                "the screens to agree",
            )
            before = {n: total_on(tmux, n) for n in names}
            t0 = time.monotonic()
            tmux.run("send-keys", "-t", names[0], "1")
            seen: dict[str, float] = {}
            deadline = t0 + 120
            while len(seen) < SCREENS:
                for n in names:
                    if n not in seen:
                        now = total_on(tmux, n)
                        if now is not None and now != before[n]:
                            seen[n] = time.monotonic() - t0
                if time.monotonic() > deadline:
                    raise SystemExit(f"a screen never showed the press: {seen}")
            if press:
                own.append(seen[names[0]])
                others.extend(seen[n] for n in names[1:])
        return {"own": own, "others": others}
    finally:
        tmux.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--calls", type=int, default=100_000, help="calls in the large database")
    ap.add_argument("--small", type=int, default=1_000, help="calls in the small database")
    ap.add_argument("--presses", type=int, default=8)
    ap.add_argument("--dir", default=None, help="parent folder for the temp files")
    a = ap.parse_args(argv)
    if shutil.which("tmux") is None:
        raise SystemExit("this bench needs tmux")
    root = Path(tempfile.mkdtemp(prefix="bench_dashboards.", dir=a.dir))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARROOM_", "TMUX"))}
    env.update(WARROOM_CONFIG=str(root / "no-config.json"), TERM="xterm-256color")
    try:
        print(f"# load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        results = {}
        for calls in (a.small, a.calls):
            t0 = time.perf_counter()
            db = build_history(root, calls)
            print(f"built {calls:,} calls in {time.perf_counter() - t0:.0f} s", flush=True)
            results[calls] = measure(db, a.presses, env)
        print(f"# load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"key press -> change visible, {SCREENS} dashboards, {a.presses} presses (s)")
        print(f"{'calls':>8} {'own med':>8} {'own max':>8} {'others med':>11} {'others max':>11}")
        for calls, r in results.items():
            print(
                f"{calls:>8} {statistics.median(r['own']):8.3f} {max(r['own']):8.3f} "
                f"{statistics.median(r['others']):11.3f} {max(r['others']):11.3f}"
            )
        small, large = results[a.small], results[a.calls]
        print("ratios:")
        print(
            f"  others@{a.calls}/others@{a.small}: median "
            f"{statistics.median(large['others']) / statistics.median(small['others']):.2f}"
        )
        print(
            f"  others@{a.calls} median {statistics.median(large['others']):.3f} s, worst "
            f"{max(large['others']):.3f} s (target <= 0.6 s)"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
