"""The dashboard in a real pseudo-terminal: the raw bytes it writes carry none of the payload.

``warroom open`` runs as its own process on a pty (Python's ``pty`` module); every byte Textual
writes is captured while the dashboard, each screen reachable by a key, and the wall are shown
on a database seeded with escapes, markup and bidi text. Before, the header wrote the title's
OSC 52 clipboard sequence to the terminal as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.boundary.conftest import leaks

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

SCREEN_KEYS = {
    "s": b"Facts",
    "d": b"Drafts",
    "F": b"Feeds",
    "C": b"Regulatory clocks",
    "V": b"Post-incident review",
    "question_mark": b"Help",
}
"""Each screen's key and a word its first paint writes (its border title)."""

NESTED = [
    # The notice in the draft editor: its preview renders the hostile facts.
    ("d", b"Drafts", b"Source", b"Drafts"),
    # A review question's answer dialog.
    ("V", b"Post-incident review", b"ctrl+s saves", b"Post-incident"),
]
"""Screens opened from another: key, its word, enter's screen's word, the word back on it."""
KEY_BYTES = {"question_mark": b"?", "escape": b"\x1b", "down": b"\x1b[B"}
ESCAPE_GAP_S = 0.3
"""Longer than the escape delay after which a terminal reader takes a lone ESC as escape."""


class Terminal:
    """A process on a pty and every byte it wrote."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 140, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "40"}
        self.process = subprocess.Popen(
            args, cwd=cwd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._wide = False

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            with contextlib.suppress(OSError):  # EIO once the process closed the pty
                self.output += os.read(self.master, 65536)

    def wait_for(
        self,
        done: Callable[[], bool],
        deadline_s: float = 30.0,
        what: str = "",
        *,
        repaint: bool = False,
    ) -> None:
        """Read until ``done()`` holds; fail after the deadline.

        With ``repaint``, every second without it the terminal is "resized" (what a terminal
        does when its window changes), which makes Textual paint the whole screen again: after
        a dialog closes it only repaints the region the dialog covered, which may not hold the
        word waited for.
        """
        end = time.monotonic() + deadline_s
        nudge = time.monotonic() + 1.0
        while not done():
            assert time.monotonic() < end, (what, bytes(self.output[-1500:]))
            assert self.process.poll() is None or done(), (what, bytes(self.output[-1500:]))
            if repaint and time.monotonic() > nudge:
                self.repaint()
                nudge = time.monotonic() + 1.0
            self._read(0.1)

    def repaint(self) -> None:
        """A new window size and the SIGWINCH a terminal sends with it (one column wider or
        back): the pty is not the process's controlling terminal, so the signal is sent here."""
        self._wide = not self._wide
        size = struct.pack("HHHH", 40, 141 if self._wide else 140, 0, 0)
        fcntl.ioctl(self.master, termios.TIOCSWINSZ, size)
        self.process.send_signal(signal.SIGWINCH)

    def press(self, key: str, shows: bytes, *, repaint: bool = False, step: int = 0) -> None:
        """Send a key and wait until the terminal was sent ``shows`` after it.

        A lone ESC byte is only a key once no other byte follows it within the terminal's
        escape delay; a key sent sooner would be read as alt+key. So after escape the next
        key waits out that gap (a property of the protocol, not of how busy the machine is).
        """
        before = len(self.output)
        sent = time.monotonic()
        os.write(self.master, KEY_BYTES.get(key, key.encode()))
        what = f"step {step}: {key} → {shows!r}"
        self.wait_for(lambda: shows in self.output[before:], 20, what=what, repaint=repaint)
        if key == "escape":
            time.sleep(max(0.0, ESCAPE_GAP_S - (time.monotonic() - sent)))

    def finish(self) -> int:
        """Quit with q and collect everything written up to the exit."""
        os.write(self.master, b"q")
        end = time.monotonic() + 30
        while self.process.poll() is None:
            if time.monotonic() > end:
                self.process.kill()  # our own child; the test fails on its exit code below
                self.process.wait(10)
                break
            self._read(0.1)
        self._read(0)
        os.close(self.master)
        return self.process.returncode


def _warroom(db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "warroom", "open", "--db", str(db), "--no-poll", *extra]


def test_dashboard_and_every_screen_write_no_payload(hostile_db: Path, tmp_path: Path) -> None:
    term = Terminal(_warroom(hostile_db, "--operator", "ana"), tmp_path)
    try:
        term.wait_for(lambda: b"Breach" in term.output and b"evil" in term.output)
        for key, shows in SCREEN_KEYS.items():
            term.press(key, shows)
            term.press("escape", b"Timeline")  # back on the dashboard: its panes repainted
        for key, shows, opened, title in NESTED:
            term.press(key, shows)
            term.press("\r", opened)  # enter: the highlighted row's own screen
            term.press("escape", title)
            term.press("escape", b"Timeline")
    finally:
        code = term.finish()
    assert code == 0, bytes(term.output[-3000:])
    assert leaks(bytes(term.output)) == []
    assert b"Traceback" not in term.output


def test_wall_writes_no_payload(hostile_db: Path, tmp_path: Path) -> None:
    term = Terminal(_warroom(hostile_db, "--wall"), tmp_path)
    try:
        term.wait_for(lambda: b"Breach" in term.output)
    finally:
        code = term.finish()
    assert code == 0
    assert leaks(bytes(term.output)) == []
