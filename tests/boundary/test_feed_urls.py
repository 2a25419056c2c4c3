"""Feed URLs: refused at every door when unsafe, redirects re-validated, Retry-After honoured.

Real files through ``warroom init``, a real HTTP server on 127.0.0.1 (tests/boundary/httpsrv.py)
for redirects, 429s and logins. Before: ``user:password@`` was polled and stored in clear; an
escape, a trailing newline or 100,000 characters crashed ``check`` with ``httpx.InvalidURL``; a
redirect to a loopback or link-local address was followed; ``Retry-After`` was ignored.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.boundary.conftest import run_warroom
from tests.boundary.httpsrv import PolicyServer, policy_server
from warroom.commands.check import _probe_all
from warroom.domain.feed_urls import FeedUrlError, feed_url_problem, redirect_problem
from warroom.domain.incident import FeedSource
from warroom.feeds.credentials import (
    CredentialsError,
    credentials_path,
    env_name,
    load_credentials,
)
from warroom.feeds.fetch import MAX_RETRY_AFTER, Fetcher, FetchSettings
from warroom.feeds.poller import FeedPoller
from warroom.store.repository import WarRoomRepository

Data = dict[str, Any]
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)


@pytest.fixture
def server() -> Iterator[PolicyServer]:
    with policy_server() as running:
        yield running


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("https://kim:hunter2@alerts.example.com/feed", "credentials"),
        ("https://alerts.example.com/feed\n", "U+000A"),
        ("https://alerts.example.com/\x1b]52;c;eA==\x07", "U+001B"),
        ("https://alerts.example.com/" + "a" * 100_000, "the limit is 2,048"),
        ("https://alerts.example.com:99999/feed", "not a valid URL"),
    ],
    ids=["credentials", "newline", "escape", "100k", "port"],
)
def test_unsafe_feed_urls_are_refused_by_init_and_check(
    tmp_path: Path, sample_data: Data, url: str, words: str
) -> None:
    data = copy.deepcopy(sample_data)
    data["feeds"][0]["url"] = url
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for args in (("init", str(path), "--db", "db.json"), ("check", str(path))):
        result = run_warroom(tmp_path, *args)
        stderr = result.stderr.decode()
        assert result.returncode == 2, stderr
        assert "Traceback" not in stderr and "$.feeds[0].url" in stderr, stderr
        assert words in stderr, stderr
        assert len(stderr) < 1500
    assert not (tmp_path / "db.json").exists()


def test_the_credentials_error_says_how_to_keep_the_secret_out() -> None:
    problem = feed_url_problem("https://kim:hunter2@alerts.example.com/feed")
    assert "credentials" in problem and "0600" in problem and "WARROOM_FEED_AUTH_" in problem
    assert "hunter2" not in problem


def test_the_dashboard_add_feed_path_refuses_credentials(repo: WarRoomRepository) -> None:
    with pytest.raises(FeedUrlError):
        repo.add_feed("mine", "https://kim:pw@example.com/feed", 60, "ana", NOW)
    assert all("pw@" not in feed.url for feed in repo.incident(sections=False).feeds)


async def test_a_redirect_to_another_loopback_host_is_refused(server: PolicyServer) -> None:
    target = server.url("/feed", host="localhost")
    async with Fetcher() as fetcher:
        result = await fetcher.fetch(server.url(f"/go?to={target}"))
    assert "loopback address" in result.error and "refused" in result.error
    assert server.auth_seen == []  # the target was never asked


async def test_an_allowed_private_host_is_followed(server: PolicyServer) -> None:
    target = server.url("/feed", host="localhost")
    settings = FetchSettings(allow_private_hosts=frozenset({"localhost"}))
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(server.url(f"/go?to={target}"))
    assert result.ok, result.error
    assert result.final_url == target


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local address"),
        ("http://10.0.0.8/feed", "private address"),
        ("http://kim:pw@example.com/feed", "user name or password"),
        ("http://example.com/" + "a" * 3000, "limit for a feed URL"),
    ],
    ids=["metadata", "private", "credentials", "long"],
)
async def test_redirect_hops_are_validated(server: PolicyServer, target: str, words: str) -> None:
    async with Fetcher() as fetcher:
        result = await fetcher.fetch(server.url("/go?to=" + target))
    assert words in result.error and "refused" in result.error, result.error


def test_a_downgrade_from_https_is_refused() -> None:
    problem = redirect_problem("https://a.example.com/f", "http://a.example.com/f", [], frozenset())
    assert "downgrade" in problem


@pytest.mark.parametrize(
    ("value", "expected"),
    [("120", 120.0), ("99999999", MAX_RETRY_AFTER), ("soon", None)],
)
async def test_retry_after_is_read_and_bounded(
    server: PolicyServer, value: str, expected: float | None
) -> None:
    async with Fetcher() as fetcher:
        result = await fetcher.fetch(server.url(f"/busy?after={value}"))
    assert result.status == 429 and result.error
    assert result.retry_after == expected


async def test_the_poller_waits_as_long_as_retry_after_asks(server: PolicyServer) -> None:
    source = FeedSource("busy", "Busy", server.url("/busy?after=1800"), 60)
    async with FeedPoller(parse_mode="inline", clock=lambda: NOW) as poller:
        result = await poller.poll([source], {}, keywords=(), force=True)
    (state,) = result.states
    assert state.next_poll_at is not None
    assert state.next_poll_at >= NOW + timedelta(seconds=1800)


def test_a_credentials_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "warroom.json"
    path = credentials_path(db)
    path.write_text(json.dumps({"alerts": "kim:pw"}), encoding="utf-8")
    os.chmod(path, 0o644)
    with pytest.raises(CredentialsError, match="chmod 600"):
        load_credentials(db, ["alerts"], environ={})
    os.chmod(path, 0o600)
    assert load_credentials(db, ["alerts"], environ={}) == {"alerts": ("kim", "pw")}
    env = {env_name("alerts"): "env:secret"}
    assert load_credentials(db, ["alerts"], environ=env) == {"alerts": ("env", "secret")}


async def test_credentials_go_to_the_feed_origin_only(server: PolicyServer) -> None:
    own = server.url("/feed")
    elsewhere = server.url("/feed", host="localhost")
    settings = FetchSettings(
        credentials={f"http://127.0.0.1:{server.port}": ("kim", "pw")},
        allow_private_hosts=frozenset({"localhost"}),
    )
    async with Fetcher(settings) as fetcher:
        assert (await fetcher.fetch(own)).ok
        assert (await fetcher.fetch(server.url(f"/go?to={elsewhere}"))).ok
    token = "Basic " + base64.b64encode(b"kim:pw").decode()
    assert server.auth_seen == [
        (f"127.0.0.1:{server.port}", token),
        (f"localhost:{server.port}", ""),
    ]


def test_check_probes_within_its_deadline_and_concurrency(server: PolicyServer) -> None:
    feeds = [FeedSource(f"f{n}", f"Feed {n}", server.url(f"/hang?n={n}"), 60) for n in range(20)]
    started = time.monotonic()
    found = _probe_all(feeds, deadline=1.0)
    elapsed = time.monotonic() - started
    assert elapsed < 5, elapsed
    assert len(found) == 20 and all(not f.ok for f in found)
    assert all("not probed within 1 s" in f.text for f in found)
    assert server.in_flight_peak <= 8


async def test_the_dashboard_poller_uses_the_same_credentials(
    server: PolicyServer, tmp_path: Path, sample_data: Data
) -> None:
    from warroom.service import StoreGateway
    from warroom.service.feeds import FeedService

    data = copy.deepcopy(sample_data)
    data["feeds"] = [{"id": "alerts", "name": "Alerts", "url": server.url("/feed")}]
    db = tmp_path / "warroom.json"
    repo = WarRoomRepository.open(db, create=True)
    repo.import_incident(data, "ana", NOW, source="incident.json")
    credentials_path(db).write_text(json.dumps({"alerts": "kim:pw"}), encoding="utf-8")
    os.chmod(credentials_path(db), 0o600)
    gateway = StoreGateway(repo, operator="ana", clock=lambda: NOW)
    service = FeedService(gateway.call, clock=lambda: NOW, parse_mode="inline")
    try:
        incident = await gateway.call(lambda s: s.repo.incident())
        await service.poll(incident, force=True, progress=lambda done, total: None)
    finally:
        await service.close()
        gateway.close()
    token = "Basic " + base64.b64encode(b"kim:pw").decode()
    assert server.auth_seen == [(f"127.0.0.1:{server.port}", token)]
