"""``warroom serve`` as a real subprocess on a free loopback port, and helpers to end it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

Served = tuple[str, "subprocess.Popen[bytes]", Path]
"""(URL, the serve process, its log file)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """End a process started by a test and all it started (it leads its own process group)."""
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
        with contextlib.suppress(ProcessLookupError):  # the leader is gone, not its children
            os.killpg(process.pid, signal.SIGKILL)


def wait_http(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    """Wait until ``url`` answers (200, or 403 for a proxy-only server); fail with the process's
    output if it dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(url, timeout=2).status_code in (200, 403):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    pytest.fail(f"{url} did not answer within {timeout} s:\n{log.read_text(errors='replace')}")


def group_alive(group: int) -> bool:
    """True while any process of the process group ``group`` lives."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def db_with_sample(tmp_path: Path, sample_path: Path) -> Path:
    """A database with the sample incident imported through the CLI."""
    db = tmp_path / "warroom.json"
    command = [sys.executable, "-m", "warroom", "init", str(sample_path), "--db", str(db)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return db


ServeFactory = Callable[..., Served]
"""``serve(*extra_args)``: start ``warroom serve`` on the sample with more flags."""


@pytest.fixture
def serve(tmp_path: Path, db_with_sample: Path) -> Iterator[ServeFactory]:
    """Start ``warroom serve`` on free loopback ports; sessions never poll (no network)."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*extra: str) -> Served:
        port = free_port()
        log = tmp_path / f"serve-{port}.log"
        command = [
            sys.executable,
            "-m",
            "warroom",
            "serve",
            "--db",
            str(db_with_sample),
            "--port",
            str(port),
            "--operator",
            "browser-op",
            "--no-poll",
            *extra,
        ]
        with log.open("wb") as out:
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path, start_new_session=True
            )
        started.append(process)
        url = f"http://127.0.0.1:{port}/"
        wait_http(url, process, log, timeout=30)
        return url, process, log

    try:
        yield start
    finally:
        for process in started:
            stop(process, signal.SIGINT)  # as an operator's Ctrl-C


@pytest.fixture
def served(serve: ServeFactory) -> Served:
    """``warroom serve`` of the sample for an operator (not wall mode)."""
    return serve()
