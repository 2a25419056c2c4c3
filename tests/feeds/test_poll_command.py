"""``warroom poll`` against the test server and a real database file."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from feedsrv import FeedTestServer

from warroom.commands.poll import run_poll
from warroom.resources import sample_incident_path
from warroom.store.repository import WarRoomRepository

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def make_db(tmp_path: Path, feeds: list[dict[str, object]]) -> Path:
    data = json.loads(sample_incident_path().read_text())
    data["feeds"] = feeds
    db = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    try:
        repo.import_incident(data, "lead", NOW)
    finally:
        repo.close()
    return db


def feeds(server: FeedTestServer) -> list[dict[str, object]]:
    return [
        {
            "id": "ga",
            "name": "GA",
            "url": server.url("/feeds/google-alerts-slack.atom.xml"),
            "poll_seconds": 60,
        },
        {
            "id": "rss",
            "name": "RSS",
            "url": server.url("/feeds/databreach-aggregate.rss.xml"),
            "poll_seconds": 60,
        },
        {"id": "gone", "name": "Gone", "url": server.url("/status/404"), "poll_seconds": 60},
    ]


def test_poll_once_fills_the_store_and_an_open_repository_sees_it(
    tmp_path: Path, feed_server: FeedTestServer
) -> None:
    db = make_db(tmp_path, feeds(feed_server))
    dashboard = WarRoomRepository.open(db)  # opened before the poll, like a running dashboard
    try:
        assert dashboard.snapshot().mentions == ()
        out, err = io.StringIO(), io.StringIO()
        code = run_poll(
            db, once=True, concurrency=4, operator="cron", parse_mode="inline", out=out, err=err
        )
        assert code == 0
        assert "polled 3 feeds: 2 ok, 0 unchanged (304), 1 failed;" in out.getvalue()
        assert "feed gone: HTTP 404 Not Found" in err.getvalue()
        dashboard.refresh_if_changed()
        snapshot = dashboard.snapshot()
        stored = len(snapshot.mentions)
        assert stored > 100
        assert f"; {stored} new mentions" in out.getvalue()
        assert any(m.domain == "investorplace.com" for m in snapshot.mentions)
        states = dashboard.feed_states()
        assert states["ga"].etag and states["gone"].consecutive_failures == 1
        assert any("Feed gone failing" in e.text for e in snapshot.timeline)
    finally:
        dashboard.close()
    # a second pass: validators sent, 304s, nothing new
    out = io.StringIO()
    assert (
        run_poll(
            db,
            once=True,
            concurrency=4,
            operator="cron",
            parse_mode="inline",
            out=out,
            err=io.StringIO(),
        )
        == 0
    )
    assert "2 unchanged (304), 1 failed; 0 new mentions" in out.getvalue()


def test_poll_once_exits_2_when_every_feed_fails(
    tmp_path: Path, feed_server: FeedTestServer
) -> None:
    db = make_db(tmp_path, [feeds(feed_server)[2]])
    assert (
        run_poll(
            db, once=True, concurrency=2, operator="cron", out=io.StringIO(), err=io.StringIO()
        )
        == 2  # never 1: that is kept for a bug (README, exit codes)
    )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_poll_command_in_a_process_with_the_process_pool(
    tmp_path: Path, feed_server: FeedTestServer
) -> None:
    db = make_db(tmp_path, feeds(feed_server)[:2])
    done = subprocess.run(
        [sys.executable, "-m", "warroom.commands.poll", str(db), "--once", "--parse", "process"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
    )
    assert done.returncode == 0, done.stderr
    assert "2 ok" in done.stdout
    repo = WarRoomRepository.open(db)
    try:
        assert len(repo.snapshot().mentions) > 100
    finally:
        repo.close()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_poll_loop_exits_cleanly_on_signal(
    tmp_path: Path, feed_server: FeedTestServer, signum: int
) -> None:
    db = make_db(tmp_path, feeds(feed_server)[:1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "warroom.commands.poll", str(db), "--parse", "inline"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the first poll happens at once
        assert "polled 1 feeds: 1 ok" in first
        time.sleep(0.2)
        proc.send_signal(signum)
        assert proc.wait(timeout=20) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _atom(feed: int, entries: int) -> bytes:
    """A small Atom feed whose entries are all distinct stories."""
    items = "".join(
        f"<entry><id>tag:batch.test,2026:{feed}-{n}</id><title>Breach story {feed}-{n}</title>"
        f'<link href="https://news{feed}.example.com/story/{n}"/>'
        f"<published>2026-11-27T08:{n:02d}:00Z</published>"
        f"<updated>2026-11-27T08:{n:02d}:00Z</updated>"
        f'<content type="html">Customers of Northwind say {n}</content></entry>'
        for n in range(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>tag:batch.test,2026:{feed}</id><title>Feed {feed}</title>"
        f"<updated>2026-11-27T09:00:00Z</updated>{items}</feed>"
    ).encode()


def _stored_ids(db: Path) -> list[str]:
    """Every stored mention id, decoded from the shards (duplicates kept, to be counted)."""
    repo = WarRoomRepository.open(db)
    try:
        repo.check_mentions()  # the shards agree with the main file's record
        return [m.id for m in repo.snapshot().mentions]
    finally:
        repo.close()


def _recorded(db: Path) -> bool:
    """Whether the main file already records a mention shard (the batch's last write)."""
    with contextlib.suppress(ValueError, OSError):
        return bool(json.loads(db.read_text(encoding="utf-8")).get("shards"))
    return False


def _indexed(db: Path) -> int:
    """Mentions the shards' key indexes count (written after each shard, by rename)."""
    total = 0
    for index in db.parent.glob(f"{db.stem}.mentions.*.keys"):
        # Between a shard and its index: counted at the next look.
        with contextlib.suppress(ValueError, KeyError, OSError):
            total += int(json.loads(index.read_text())["count"])
    return total


def _alive_in_group(group: int) -> list[int]:
    """Processes of process group ``group`` still running (zombies, waiting to be reaped by
    whoever adopted them, have ended)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] != "Z":
                alive.append(int(stat.parent.name))
    return alive


def test_a_poll_killed_between_batches_keeps_them_and_the_next_stores_the_rest_once(
    tmp_path: Path, feed_server: FeedTestServer
) -> None:
    """kill -9 while the poll waits on the network, one batch stored and the rest of its feeds
    still coming: the batch survives, no feed's validators were saved, and the next poll
    fetches everything again and stores each remaining mention exactly once."""
    feeds_total, entries = 120, 20
    paths = [f"/batch/{tmp_path.name}/feed_{n:03d}.xml" for n in range(feeds_total)]
    for n, path in enumerate(paths):
        feed_server.add(path, _atom(n, entries))
    release = feed_server.hold(paths[60:])  # these answer only once the poll is dead
    listed = [
        {"id": f"b{n:03d}", "name": f"Feed {n}", "url": feed_server.url(p), "poll_seconds": 60}
        for n, p in enumerate(paths)
    ]
    db = make_db(tmp_path, listed)
    command = [sys.executable, "-m", "warroom", "poll", "--db", str(db), "--once"]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        start_new_session=True,  # its own process group: its workers are found by it
    )
    try:
        deadline = time.monotonic() + 90

        # A batch is stored once its shard, its key index and the main file's record of it
        # are written, in that order: killed before the record, the next opening adopts it.
        def batch_stored() -> bool:
            return _indexed(db) >= 1000 and _recorded(db)

        while not batch_stored() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, proc.communicate()
        assert batch_stored(), "no batch was stored in time"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        # Its parse workers, the fork server and the resource tracker end by themselves:
        # a poller killed by systemd or cron must not leave a set of processes per poll.
        deadline = time.monotonic() + 30
        while _alive_in_group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive_in_group(proc.pid), "processes outlived the killed poll"
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    # A database's first shard is recorded at once, so no reader takes it for an older one's.
    assert json.loads(db.read_text(encoding="utf-8")).get("shards")
    first = _stored_ids(db)
    assert 1000 <= len(first) < feeds_total * entries
    assert len(set(first)) == len(first)
    repo = WarRoomRepository.open(db)
    try:
        assert not any(state.etag for state in repo.feed_states().values())  # killed mid-poll
    finally:
        repo.close()

    again = subprocess.run(command, capture_output=True, text=True, timeout=120, env=_env())
    assert again.returncode == 0, again.stderr
    added = feeds_total * entries - len(first)
    assert f"{feeds_total} ok" in again.stdout and f"; {added} new mentions" in again.stdout
    stored = _stored_ids(db)
    assert len(stored) == feeds_total * entries == len(set(stored))
    assert set(first) <= set(stored)

    warm = subprocess.run(command, capture_output=True, text=True, timeout=120, env=_env())
    assert warm.returncode == 0, warm.stderr
    assert f"{feeds_total} unchanged (304)" in warm.stdout and "; 0 new mentions" in warm.stdout
