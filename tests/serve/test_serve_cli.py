"""``warroom serve`` without a browser: what it refuses, the page it serves, and Ctrl-C.

Refusals run the real command line in a subprocess, as an operator would, and must end with
exit status 2 and one line on stderr, never a traceback or a listening socket.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.serve.conftest import Served, ServeFactory, group_alive
from warroom.commands.serve import build_command, is_loopback


def run_serve(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warroom", "serve", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "warroom.example.org"])
def test_refuses_a_non_loopback_host_without_public(
    tmp_path: Path, db_with_sample: Path, host: str
) -> None:
    result = run_serve(tmp_path, "--db", str(db_with_sample), "--host", host, "--port", "1")
    line = one_line_error(result)
    assert line.startswith(f"warroom: refusing to serve on {host}"), line
    assert "--public" in line and "SSH tunnel" in line


def test_refuses_a_missing_database(tmp_path: Path) -> None:
    result = run_serve(tmp_path, "--db", "absent.json", "--port", "1")
    line = one_line_error(result)
    assert "absent.json: no such database" in line and "warroom init" in line, line
    assert not (tmp_path / "absent.json").exists()


def test_refuses_a_database_without_an_incident(tmp_path: Path) -> None:
    from warroom.store.repository import WarRoomRepository

    db = tmp_path / "empty.json"
    repo = WarRoomRepository.open(db, create=True)
    with repo.transaction():  # a real warroom database, with nothing imported yet
        pass
    repo.close()
    before = db.read_bytes()
    line = one_line_error(run_serve(tmp_path, "--db", str(db), "--port", "1"))
    assert "holds no incident yet" in line and f"warroom init INCIDENT.json --db {db}" in line
    assert db.read_bytes() == before


def test_refuses_a_file_that_is_not_a_warroom_database(tmp_path: Path) -> None:
    other = tmp_path / "notes.json"
    other.write_text('{"shopping": ["milk"]}', encoding="utf-8")
    line = one_line_error(run_serve(tmp_path, "--db", str(other), "--port", "1"))
    assert str(other) in line and "left untouched" in line, line
    assert other.read_text(encoding="utf-8") == '{"shopping": ["milk"]}'


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("0.0.0.0", False),
        ("::", False),
        ("10.0.0.1", False),
        ("localhost.example.org", False),
        ("", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_build_command_quotes_for_the_shell() -> None:
    db = Path("/srv/incident files/war room.json")
    operator = "O'Brien; rm -rf /"
    command = build_command(db, operator, wall=False)
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "warroom",
        "open",
        "--db",
        str(db),
        "--operator",
        operator,
    ]
    wall = shlex.split(build_command(db, "ana", wall=True, poll=False))
    assert wall[-2:] == ["--wall", "--no-poll"]


def test_serves_the_page_and_stops_on_ctrl_c(served: Served) -> None:
    url, process, log = served
    ask = httpx.get(url, timeout=10)  # no name yet: the page asks for one
    assert ask.status_code == 200 and 'name="operator"' in ask.text and "Terminal" not in ask.text
    page = httpx.get(url, params={"operator": "Kim Lee"}, timeout=10)
    assert page.status_code == 200
    port = url.rsplit(":", 1)[1].strip("/")
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws/Kim%20Lee"' in page.text
    assert "Northwind Outfitters customer account breach" in page.text  # the page's title
    assert httpx.get(url + "static/js/textual.js", timeout=10).status_code == 200
    # Nothing the page loads is outside this server (the font is textual-serve's own copy).
    loads = re.findall(r'(?:href|src)=["\']([^"\']+)', page.text) + re.findall(
        r'url\("([^"]+)"\)', page.text
    )
    assert loads and all(u.startswith(f"http://127.0.0.1:{port}/") for u in loads), loads
    assert "googleapis" not in page.text

    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(timeout=20) == 0, log.read_text(errors="replace")
    output = log.read_text(errors="replace")
    assert "Traceback" not in output
    assert "--no-poll" in output and "--operator" in output  # the per-session command it ran
    deadline = time.monotonic() + 10
    while group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_alive(process.pid)


def test_public_url_is_what_the_page_connects_to(serve: ServeFactory) -> None:
    """Behind a TLS reverse proxy the page must open its websocket to the proxy, over wss."""
    url, _process, _log = serve("--public-url", "https://warroom.example.org")
    page = httpx.get(url, params={"operator": "kim"}, timeout=10)
    assert 'data-session-websocket-url="wss://warroom.example.org/ws/kim"' in page.text


def test_an_authenticating_proxy_names_the_session(serve: ServeFactory) -> None:
    url, _process, _log = serve("--user-header", "X-Forwarded-User")
    page = httpx.get(url, headers={"X-Forwarded-User": "kim;rm -rf"}, params={"operator": "x"})
    assert "/ws/kimrm%20-rf" in page.text  # the proxy's name wins, made shell- and log-safe
    assert httpx.get(url, timeout=10).status_code == 403  # no header: no session
