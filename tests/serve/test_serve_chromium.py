"""``warroom serve`` in a real headless Chromium: the page loads and the dashboard is drawn.

No new dependencies: chromedriver speaks the W3C WebDriver protocol over HTTP, driven here with
httpx. textual-serve draws with xterm.js on a canvas, so the page's DOM holds no text; a script
injected before the page loads keeps a reference to the xterm ``Terminal`` object as the page
creates it, and the test reads the terminal's screen buffer: the characters the browser received
over the websocket and drew. The screenshot is decoded with the stdlib to prove it is not blank.
Everything listens on 127.0.0.1, the browser resolves no other host, every wait is bounded and
every process started here is killed in teardown.
"""

from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

TITLE = "Northwind Outfitters customer account breach"
PANES = ("Notice checklist", "Timeline", "Inquiries", "Mentions")
SKIP_REASON = "Chromium not installed: apt-get install chromium chromium-driver"

CAPTURE_TERMINAL = r"""
// textual.js keeps its xterm Terminal in a closure; catch it when the page assigns
// `this.terminal = new Terminal(...)`, then behave exactly like a plain property.
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && value.loadAddon && !window.__warroomTerminal) {
      window.__warroomTerminal = value;
    }
  },
});
"""

READ_SCREEN = r"""
const term = window.__warroomTerminal;
const intro = document.querySelector(".intro-dialog");
const screen = document.querySelector(".textual-terminal");
const state = {
  lines: [],
  cols: 0,
  rows: 0,
  bodyClass: document.body.className,
  introShown: intro ? getComputedStyle(intro).display !== "none" : null,
  terminalOpacity: screen ? getComputedStyle(screen).opacity : null,
};
if (term) {
  const buffer = term.buffer.active;
  for (let y = 0; y < buffer.length; y++) {
    const line = buffer.getLine(y);
    state.lines.push(line ? line.translateToString(true) : "");
  }
  state.cols = term.cols;
  state.rows = term.rows;
}
return state;
"""


def _browser() -> tuple[str, str] | None:
    """(chromium, chromedriver) executables, or None where they are not installed."""
    driver = shutil.which("chromedriver")
    real = Path("/usr/lib/chromium/chromium")  # Debian's binary; /usr/bin/chromium is a wrapper
    chromium = str(real) if real.exists() else shutil.which("chromium")
    return (chromium, driver) if chromium and driver else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """End a process started here and everything it started (its own process group)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass
    else:
        try:  # the leader is gone; its children may not be
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Wait until ``url`` answers 200; fail with the process's output if it dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {timeout} s:\n{log.read_text(errors='replace')}")


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, RGB(A) rows) of an 8-bit, non-interlaced PNG, such as Chrome's screenshots."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, chunks, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(b"".join(chunks)), width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind_, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            if kind_ == 1:
                line[i] = (line[i] + left) & 255
            elif kind_ == 2:
                line[i] = (line[i] + prev[i]) & 255
            elif kind_ == 3:
                line[i] = (line[i] + (left + prev[i]) // 2) & 255
            elif kind_ == 4:
                up_left = prev[i - bpp] if i >= bpp else 0
                guess = left + prev[i] - up_left
                near = min((abs(guess - left), 0, left), (abs(guess - prev[i]), 1, prev[i]),
                           (abs(guess - up_left), 2, up_left))  # fmt: skip
                line[i] = (line[i] + near[2]) & 255
            else:
                break  # filter 0: the row is stored as is
        rows.append(bytes(line))
        prev = line
    return width, height, [row if bpp == 3 else _drop_alpha(row) for row in rows]


def _drop_alpha(row: bytes) -> bytes:
    return b"".join(row[i : i + 3] for i in range(0, len(row), 4))


class WebDriver:
    """The few W3C WebDriver commands this test needs, over HTTP with httpx."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=60)
        self.session = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, f"/session/{self.session}{path}", json=body)
        value = response.json().get("value")
        assert response.status_code == 200, f"{method} {path}: {response.status_code} {value}"
        return value

    def start(self, chromium: str, profile: Path) -> None:
        args = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # nothing leaves the host
            f"--user-data-dir={profile}", "--window-size=1400,900",
        ]  # fmt: skip
        capabilities = {"browserName": "chrome", "goog:chromeOptions": {"binary": chromium, "args": args}}
        response = self.http.post("/session", json={"capabilities": {"alwaysMatch": capabilities}})
        assert response.status_code == 200, response.text
        self.session = response.json()["value"]["sessionId"]

    def close(self) -> None:
        if self.session:
            try:
                self.http.delete(f"/session/{self.session}", timeout=15)
            except httpx.HTTPError:
                pass  # the driver's process group is killed next anyway
        self.http.close()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    """A headless Chromium behind chromedriver, both on 127.0.0.1; skipped where not installed."""
    found = _browser()
    if found is None:
        pytest.skip(SKIP_REASON)
    chromium, chromedriver = found
    port, log = _free_port(), tmp_path / "chromedriver.log"
    with log.open("wb") as out:
        driver = subprocess.Popen(
            [chromedriver, f"--port={port}", "--allowed-ips=127.0.0.1"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    client = WebDriver(f"http://127.0.0.1:{port}")
    try:
        _wait_http(f"http://127.0.0.1:{port}/status", driver, log, timeout=20)
        client.start(chromium, tmp_path / "chromium-profile")
        yield client
    finally:
        client.close()
        _stop(driver)


@pytest.fixture
def served(tmp_path: Path, db_with_sample: Path) -> Iterator[tuple[str, subprocess.Popen[bytes], Path]]:
    """``warroom serve`` on a free loopback port: (url, process, log file)."""
    port, log = _free_port(), tmp_path / "serve.log"
    command = [sys.executable, "-m", "warroom", "serve", "--db", str(db_with_sample),
               "--port", str(port), "--operator", "browser-op", "--no-poll"]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=tmp_path, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_http(url, process, log, timeout=30)
        yield url, process, log
    finally:
        _stop(process, signal.SIGINT)  # as an operator's Ctrl-C


@pytest.fixture
def db_with_sample(tmp_path: Path, sample_path: Path) -> Path:
    """A database with the sample incident imported through the CLI."""
    db = tmp_path / "warroom.json"
    result = subprocess.run(
        [sys.executable, "-m", "warroom", "init", str(sample_path), "--db", str(db), "--operator", "ana"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return db


def test_browser_shows_the_dashboard(
    browser: WebDriver, served: tuple[str, subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    url, process, log = served
    browser.call("POST", "/goog/cdp/execute", {
        "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": CAPTURE_TERMINAL},
    })  # fmt: skip
    browser.call("POST", "/url", {"url": url})

    deadline, state, text = time.monotonic() + 45, {}, ""
    while time.monotonic() < deadline:
        state = browser.call("POST", "/execute/sync", {"script": READ_SCREEN, "args": []})
        text = "\n".join(state["lines"])
        drawn = TITLE in text and all(pane in text for pane in PANES)
        if drawn and state["introShown"] is False and state["terminalOpacity"] == "1":
            break
        time.sleep(0.25)
    screenshot = base64.b64decode(browser.call("GET", "/screenshot"))
    shot = tmp_path / "warroom-serve.png"
    shot.write_bytes(screenshot)
    report = f"screen {state.get('cols')}x{state.get('rows')}, screenshot {shot}:\n{text}"

    assert TITLE in text, report
    for pane in PANES:
        assert pane in text, f"{pane!r} not on screen; {report}"
    assert state["cols"] >= 120 and state["rows"] >= 30, report  # the window's size, not 80x24
    assert "-first-byte" in state["bodyClass"], state  # textual.js got the app's output
    assert state["introShown"] is False and state["terminalOpacity"] == "1", state

    width, height, rows = decode_png(screenshot)
    assert (width, height) >= (1000, 600), (width, height)
    colours = Counter(row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12))
    background, most = colours.most_common(1)[0]
    assert len(colours) > 50, f"{len(colours)} colours: a blank page? {shot}"
    assert most / sum(colours.values()) < 0.9, f"{background!r} fills the page: {shot}"
    assert process.poll() is None, log.read_text(errors="replace")
