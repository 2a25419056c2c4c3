"""DNS rebinding: the address a redirect hop connects to is the address the policy checked.

Before, a hop's host was looked up to apply the private-address policy, and httpx then looked
it up again to connect: a name answering a permitted address first and 127.0.0.1 next was
approved and then reached loopback. Now the lookup happens once, when the hop connects
(``feeds/pinned.py``), every address of the answer is checked, and the socket goes there.

Real servers on loopback addresses stand in for the two answers: the "mirror" on 127.0.0.3
(allowed by the incident file) and the "victim" on 127.0.0.1 (loopback, refused), on the same
port; the resolver is the injection point, since DNS cannot be rebound offline.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from tests.boundary.httpsrv import PolicyServer, policy_server
from warroom.feeds.fetch import Fetcher, FetchSettings
from warroom.feeds.pinned import resolve_host

MIRROR = "127.0.0.3"
"""An address the incident file allows; the first DNS answer."""


@pytest.fixture
def victim() -> Iterator[PolicyServer]:
    with policy_server() as running:
        yield running


@pytest.fixture
def mirror(victim: PolicyServer) -> Iterator[PolicyServer]:
    with policy_server(MIRROR, victim.port) as running:
        yield running


class Rebinding:
    """Answers ``answers[0]`` to the first lookup of a name, ``answers[-1]`` to every later one."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int, timeout: float | None) -> list[str]:
        if host == "127.0.0.1":
            return [host]
        self.asked.append(host)
        return self.answers[min(len(self.asked), len(self.answers)) - 1]


SETTINGS = FetchSettings(allow_private_hosts=frozenset({MIRROR}))


async def test_a_hop_connects_to_the_address_that_was_checked(
    victim: PolicyServer, mirror: PolicyServer
) -> None:
    resolver = Rebinding([MIRROR], ["127.0.0.1"])
    hop = f"http://rebind.test:{victim.port}/feed"
    async with Fetcher(SETTINGS, resolve=resolver) as fetcher:
        result = await fetcher.fetch(victim.url(f"/go?to={hop}"))
    assert result.ok, result.error
    assert resolver.asked == ["rebind.test"]  # one lookup: the one the policy saw
    assert mirror.paths_seen == ["/feed"]
    assert mirror.auth_seen == [(f"rebind.test:{victim.port}", "")]  # Host names the host
    assert victim.paths_seen == ["/go"]  # the loopback answer was never used


async def test_every_address_of_an_answer_is_checked(
    victim: PolicyServer, mirror: PolicyServer
) -> None:
    resolver = Rebinding([MIRROR, "127.0.0.1"])
    hop = f"http://rebind.test:{victim.port}/feed"
    async with Fetcher(SETTINGS, resolve=resolver) as fetcher:
        result = await fetcher.fetch(victim.url(f"/go?to={hop}"))
    assert not result.ok
    assert "loopback address (127.0.0.1) refused" in result.error
    assert mirror.paths_seen == [] and victim.paths_seen == ["/go"]


async def test_a_name_resolving_to_loopback_is_refused(victim: PolicyServer) -> None:
    """The system's own answer for ``localhost``, given under another name."""

    async def as_localhost(host: str, port: int, timeout: float | None) -> list[str]:
        return await resolve_host("localhost" if host == "feeds.test" else host, port, timeout)

    hop = f"http://feeds.test:{victim.port}/feed"
    async with Fetcher(FetchSettings(), resolve=as_localhost) as fetcher:
        result = await fetcher.fetch(victim.url(f"/go?to={hop}"))
    assert "loopback address" in result.error and "refused" in result.error
    assert victim.paths_seen == ["/go"]


async def test_the_feed_url_itself_and_same_origin_hops_are_not_checked(
    victim: PolicyServer,
) -> None:
    """The preparer chose the feed's own host: loopback there is theirs to poll."""
    async with Fetcher(FetchSettings()) as fetcher:
        result = await fetcher.fetch(victim.url(f"/go?to={victim.url('/feed')}"))
    assert result.ok, result.error
    assert victim.paths_seen == ["/go", "/feed"]


def test_a_lookup_that_never_answers_ends_at_its_timeout_and_the_process_exits() -> None:
    """A resolver hung forever (a real blocked call) neither delays past the bound nor exit."""
    script = textwrap.dedent(
        """
        import asyncio, socket, threading
        import httpcore
        from warroom.feeds.pinned import resolve_host
        socket.getaddrinfo = lambda *a, **k: threading.Event().wait()  # never answers
        try:
            asyncio.run(resolve_host("feeds.test", 80, 0.2))
        except httpcore.ConnectTimeout as error:
            print("timed out:", error)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "timed out: host name 'feeds.test' not resolved within 0.2 s" in done.stdout
