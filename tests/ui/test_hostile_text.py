"""Text from feeds is data, never markup, on screen and in the bytes sent to the terminal.

The hostile strings are stored raw (as if a parser had let them through), so these tests prove
the UI's own defence, not the parser's.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from fcntl import ioctl
from pathlib import Path

import pytest

from tests.feeds.test_hostile import HOSTILE
from tests.ui.conftest import AppFactory, make_mention, screen_text, store_view
from warroom.ui.widgets.mention_pane import MentionPane

ESC = "\x1b"


def _seed_hostile(db: Path) -> dict[str, str]:
    """Store one mention per hostile string (raw, in title, summary and domain)."""
    repo = store_view(db)
    mentions = []
    for n, (_name, (text, _)) in enumerate(sorted(HOSTILE.items()), start=1):
        mentions.append(
            make_mention(n, title=f"#{n} {text}", url=f"https://h{n}.example/{text[:10]}")
        )
    repo.add_new_mentions(mentions)
    repo.close()
    return {f"m{n:05d}": name for n, name in enumerate(sorted(HOSTILE), start=1)}


async def test_hostile_titles_render_literally_and_the_app_keeps_running(
    make_app: AppFactory, db_file: Path
) -> None:
    ids = _seed_hostile(db_file)
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(MentionPane)
        pane.focus_list()
        # Walk every row so each is drawn, and open each one's detail line.
        for _ in range(len(ids)):
            await pilot.press("down")
        await pilot.pause()
        assert app.is_running
        rows = {row.key: row for row in pane.rows.rows}
        for mention_id, name in ids.items():
            _, survivor = HOSTILE[name]
            plain = rows[mention_id].plain
            assert ESC not in plain and "\x9b" not in plain and "\u202e" not in plain, name
            if survivor and not survivor.startswith("<"):
                assert survivor in plain, f"{name}: {plain!r}"
        screen = screen_text(app)
        for needle in (
            "[@click=app.quit]Quit[/]",
            "[link=https://evil.example]login[/link]",
            "breach [/] notice",
            "[UPDATE] [CVE-2025-1234] patched",
        ):
            assert needle in screen, needle
        assert ESC not in screen
        # Clicking the text that looks like a quit link does nothing but select the row.
        await pilot.click(MentionPane, offset=(40, 2))
        await pilot.pause()
        assert app.is_running


@pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux pseudo-terminal")
def test_no_hostile_escape_sequence_reaches_a_real_terminal(db_file: Path, tmp_path: Path) -> None:
    _seed_hostile(db_file)
    leader, follower = pty.openpty()
    ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 90, 200, 0, 0))
    env = dict(
        os.environ,
        TERM="xterm-256color",
        COLORTERM="truecolor",
        WARROOM_CONFIG=str(tmp_path / "none.json"),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "warroom",
            "open",
            "--db",
            str(db_file),
            "--operator",
            "ana",
            "--no-poll",
        ],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    output = bytearray()
    deadline = time.monotonic() + 20
    sent_quit = False
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                output.extend(chunk)
            if not sent_quit and b"hidden by ignore" not in output and b"shown" in output:
                time.sleep(1.0)
                os.write(leader, b"q")
                sent_quit = True
            if process.poll() is not None:
                break
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        os.close(leader)
    text = output.decode("utf-8", "replace")
    assert "Mentions" in text, "the dashboard never drew"
    assert sent_quit and process.returncode == 0
    # The payloads may stay visible as inert text (ESC shown as �), but never as a sequence.
    for payload in (
        "\x1b]52;",
        "\x1b]8;;file:",
        "\x1b[2J\x1b[Hafter",
        "\x1b[31mRED",
        "\u202e",
        "\u2066",
        "\x9b",
        "\x9d",
        "\x07\x08",
        "\x00",
    ):
        assert payload not in text, repr(payload)
    assert "\ufffd]52;c;Y3Vy" in text  # the OSC 52 attempt is shown, defused
    assert "[@click=app.quit]Quit[/]" in text
