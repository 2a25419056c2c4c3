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
import contextlib
import os
import shutil
import signal
import struct
import subprocess
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.serve.conftest import Served, ServeFactory, free_port, group_alive, stop, wait_http

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


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, RGB rows) of an 8-bit non-interlaced PNG, as Chrome's screenshots are."""
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
                near = min(
                    (abs(guess - left), 0, left),
                    (abs(guess - prev[i]), 1, prev[i]),
                    (abs(guess - up_left), 2, up_left),
                )
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
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-unsafe-swiftshader",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # nothing leaves the host
            f"--user-data-dir={profile}",
            "--window-size=1400,900",
        ]
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }
        response = self.http.post("/session", json={"capabilities": {"alwaysMatch": capabilities}})
        assert response.status_code == 200, response.text
        self.session = response.json()["value"]["sessionId"]

    def close(self) -> None:
        if self.session:
            with contextlib.suppress(httpx.HTTPError):  # its process group is killed next anyway
                self.http.delete(f"/session/{self.session}", timeout=15)
        self.http.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """A headless Chromium behind chromedriver, both on 127.0.0.1; skipped where not installed.

    One browser serves every test of the module (it is the slow part to start); each test
    navigates to its own server, and the terminal-catching script runs in every page.
    """
    found = _browser()
    if found is None:
        pytest.skip(SKIP_REASON)
    chromium, chromedriver = found
    folder = tmp_path_factory.mktemp("chromium")
    port, log = free_port(), folder / "chromedriver.log"
    with log.open("wb") as out:
        driver = subprocess.Popen(
            [chromedriver, f"--port={port}", "--allowed-ips=127.0.0.1"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    client = WebDriver(f"http://127.0.0.1:{port}")
    try:
        wait_http(f"http://127.0.0.1:{port}/status", driver, log, timeout=20)
        client.start(chromium, folder / "profile")
        client.call(
            "POST",
            "/goog/cdp/execute",
            {
                "cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": {"source": CAPTURE_TERMINAL},
            },
        )
        yield client
    finally:
        client.close()
        stop(driver)


def _wait_for_screen(
    browser: WebDriver, ready: Callable[[dict[str, Any], str], bool], timeout: float
) -> tuple[dict[str, Any], str]:
    """Read the page until ``ready(state, text)`` holds or ``timeout`` passes; the last reading."""
    deadline = time.monotonic() + timeout
    while True:
        state = browser.call("POST", "/execute/sync", {"script": READ_SCREEN, "args": []})
        text = "\n".join(state["lines"])
        if ready(state, text) or time.monotonic() > deadline:
            return state, text
        time.sleep(0.25)


def _drawn(state: dict[str, Any], text: str) -> bool:
    on_screen = TITLE in text and all(pane in text for pane in PANES)
    return on_screen and state["introShown"] is False and state["terminalOpacity"] == "1"


def _assert_real_screenshot(browser: WebDriver, shot: Path) -> None:
    """Take a screenshot, keep it at ``shot``, and check it is a full, drawn page."""
    screenshot = base64.b64decode(browser.call("GET", "/screenshot"))
    shot.write_bytes(screenshot)
    width, height, rows = decode_png(screenshot)
    assert (width, height) >= (1000, 600), (width, height)
    colours = Counter(row[i : i + 3] for row in rows[::4] for i in range(0, len(row), 12))
    background, most = colours.most_common(1)[0]
    assert len(colours) > 50, f"{len(colours)} colours: a blank page? {shot}"
    assert most / sum(colours.values()) < 0.9, f"{background!r} fills the page: {shot}"


def test_browser_shows_the_dashboard(browser: WebDriver, served: Served, tmp_path: Path) -> None:
    url, process, log = served
    browser.call("POST", "/url", {"url": url + "?operator=kim"})

    state, text = _wait_for_screen(browser, _drawn, timeout=45)
    report = f"screen {state.get('cols')}x{state.get('rows')}:\n{text}"
    assert TITLE in text, report
    for pane in PANES:
        assert pane in text, f"{pane!r} not on screen; {report}"
    assert state["cols"] >= 120 and state["rows"] >= 30, report  # the window's size, not 80x24
    assert "-first-byte" in state["bodyClass"], state  # textual.js got the app's output
    assert state["introShown"] is False and state["terminalOpacity"] == "1", state

    # A click focuses the terminal; the app hears it over the websocket and its footer shows
    # the keys that apply (a blurred Textual app shows none): input reaches the dashboard.
    found = browser.call("POST", "/element", {"using": "css selector", "value": ".xterm-screen"})
    browser.call("POST", f"/element/{next(iter(found.values()))}/click", {})
    state, text = _wait_for_screen(browser, lambda s, _: "Help" in s["lines"][-1], timeout=20)
    assert "Help" in state["lines"][-1], f"no key hints after focusing:\n{text}"

    _assert_real_screenshot(browser, tmp_path / "warroom-serve.png")
    assert process.poll() is None, log.read_text(errors="replace")

    # Ctrl-C (SIGINT to the foreground group) with a browser still connected: the server and
    # the session's dashboard both end, cleanly.
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=20) == 0, log.read_text(errors="replace")
    assert "Traceback" not in log.read_text(errors="replace")
    deadline = time.monotonic() + 10
    while group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_alive(process.pid), "a browser session's dashboard outlived the server"


def test_browser_shows_the_wall(browser: WebDriver, serve: ServeFactory, tmp_path: Path) -> None:
    url, process, log = serve("--wall")
    assert "--wall" in log.read_text(errors="replace")  # the per-session command
    browser.call("POST", "/url", {"url": url})

    def wall_drawn(state: dict[str, Any], text: str) -> bool:
        return TITLE in text and "READ-ONLY" in text and state["terminalOpacity"] == "1"

    state, text = _wait_for_screen(browser, wall_drawn, timeout=45)
    assert TITLE in text and "READ-ONLY" in text, text  # the wall says it changes nothing
    assert state["introShown"] is False and state["terminalOpacity"] == "1", state
    _assert_real_screenshot(browser, tmp_path / "warroom-serve-wall.png")
    assert process.poll() is None, log.read_text(errors="replace")


RESOURCES = r"""
return {
  loaded: performance.getEntriesByType("resource").map((e) => e.name),
  font: document.fonts.check('16px "Roboto Mono"'),
  fontStatus: [...document.fonts].map((f) => f.family + ":" + f.status),
};
"""


def test_a_browser_session_asks_for_a_name_and_records_it_offline(
    browser: WebDriver, served: Served, db_with_sample: Path
) -> None:
    """With every outside host unresolvable, the page asks who is there, the header says it,
    and a note typed in the browser lands in the timeline under that name."""
    from warroom.domain.timeline import EventKind
    from warroom.store.repository import WarRoomRepository

    url, process, log = served
    browser.call("POST", "/url", {"url": url})
    found = browser.call("POST", "/element", {"using": "css selector", "value": "#operator"})
    field = next(iter(found.values()))
    browser.call("POST", f"/element/{field}/value", {"text": "Kim Lee\n"})  # types, submits

    def named(state: dict[str, Any], text: str) -> bool:
        return _drawn(state, text) and "● Kim Lee" in text

    state, text = _wait_for_screen(browser, named, timeout=45)
    assert "● Kim Lee" in text, text
    screen = browser.call("POST", "/element", {"using": "css selector", "value": ".xterm-screen"})
    browser.call("POST", f"/element/{next(iter(screen.values()))}/click", {})
    _wait_for_screen(browser, lambda s, _: "Help" in s["lines"][-1], timeout=20)
    keys = next(iter(browser.call("GET", "/element/active").values()))

    def typed(text_: str, until: Callable[[str], bool]) -> None:
        browser.call("POST", f"/element/{keys}/value", {"text": text_})
        _, screen_text = _wait_for_screen(browser, lambda _, t: until(t), timeout=20)
        assert until(screen_text), screen_text

    typed("n", lambda t: "Add a timeline note" in t)
    typed("Typed in a browser", lambda t: "Typed in a browser" in t)
    enter = "\ue007"  # WebDriver's Enter key (a "\n" would reach xterm as ctrl+j)
    typed(enter, lambda t: "Typed in a browser" in t)
    typed(enter, lambda t: "Add a timeline note" not in t)  # past "when" (now): saved

    deadline, notes = time.monotonic() + 20, []
    while time.monotonic() < deadline and not notes:
        repo = WarRoomRepository.open(db_with_sample)
        try:
            timeline = repo.snapshot().timeline
        finally:
            repo.close()
        notes = [e for e in timeline if e.kind is EventKind.NOTE]
        time.sleep(0.25)
    assert [(n.text, n.operator) for n in notes] == [("Typed in a browser", "Kim Lee")]

    resources = browser.call("POST", "/execute/sync", {"script": RESOURCES, "args": []})
    origin = url.rstrip("/")
    outside = [u for u in resources["loaded"] if not u.startswith(origin)]
    assert not outside, f"the page asked for outside addresses: {outside}"
    assert any(u.endswith(".ttf") for u in resources["loaded"]), resources  # the local font
    assert resources["font"], resources["fontStatus"]
    assert process.poll() is None, log.read_text(errors="replace")
