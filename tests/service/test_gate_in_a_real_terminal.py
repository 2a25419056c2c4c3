"""The gate holds in a real ``warroom open`` process, the process ``warroom serve`` runs per
browser session: driven through a pseudo-terminal, refused, then overridden with a reason."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.service.conftest import Services
from warroom.store.repository import WarRoomRepository

ROOT = Path(__file__).resolve().parents[2]
DOWN = b"\x1b[B"


class Terminal:
    """One process on a pseudo-terminal; what it wrote is kept for ``wait_for``."""

    def __init__(self, args: list[str]) -> None:
        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "45"}
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT,
            start_new_session=True,
        )  # fmt: skip
        os.close(slave)
        self.output = b""

    def read(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                return
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read()
            if condition():
                return
            if self.process.poll() is not None:
                break
        raise AssertionError(
            f"gave up waiting for {what}; screen ended with {self.output[-600:]!r}"
        )

    def shows(self, text: str) -> Callable[[], bool]:
        return lambda: text.encode() in self.output

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        os.close(self.master)


def _ticked(db: Path) -> bool:
    repo = WarRoomRepository.open(db)
    try:
        tick = repo.snapshot().ticks.get("notify-individuals")
        return tick is not None and tick.done
    finally:
        repo.close()


@pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux pseudo-terminal")
def test_the_notice_gate_holds_in_a_real_dashboard_process(db: Path, services: Services) -> None:
    terminal = Terminal(
        [sys.executable, "-m", "warroom", "open", "--db", str(db), "--no-poll",
         "--operator", "web-kim"]
    )  # fmt: skip
    try:
        terminal.wait_for(terminal.shows("Notice checklist"), "the dashboard")
        terminal.send(DOWN * 5)  # the sixth item of "Tell": First notice sent …
        terminal.wait_for(lambda: True, "nothing")
        terminal.send(b" ")
        terminal.wait_for(terminal.shows("Not ready"), "the gate's dialog")
        assert not _ticked(db)
        terminal.send(b"printed letters, approved by counsel\r")
        deadline = time.monotonic() + 30
        while not _ticked(db) and time.monotonic() < deadline:
            terminal.read()
        assert _ticked(db), terminal.output[-600:]
    finally:
        terminal.close()
    timeline = services("ben").view().room.timeline
    (override,) = [e for e in timeline if e.text.startswith("Override:")]
    assert override.operator == "web-kim"
    assert "Reason: printed letters, approved by counsel" in override.text
    assert "First notice sent to affected customers" in override.text


def test_the_browser_view_runs_exactly_that_process(db: Path) -> None:
    from warroom.commands.serve import build_command

    command = build_command(db, "web-kim", wall=False)
    assert f"-m warroom open --db {db}" in command and "--operator web-kim" in command
