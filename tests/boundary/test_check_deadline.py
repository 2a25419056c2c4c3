"""``warroom check`` ends at its deadline whatever the feeds do: hang in DNS, connect or read.

Before, probes ran in pool threads on a blocking client: at the deadline the report was printed
but the process waited for the threads at exit, each to its own timeouts (about 10 s over the
documented 30 s), and a host-name lookup that never answered kept it alive for good. Now every
step is bounded (a daemon-thread lookup with a timeout, connect and read timeouts, a per-probe
deadline) and probes still running at the deadline are cancelled.

The probe runs in its own process here, against a real server that never answers, a listening
socket whose backlog is full (connect never completes) and a resolver call that never returns.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from tests.boundary.httpsrv import PolicyServer, policy_server

SCRIPT = textwrap.dedent(
    """
    import json, socket, sys, threading, time
    real = socket.getaddrinfo
    def lookup(host, *args, **kwargs):
        if host == "hung.test":
            threading.Event().wait()  # a resolver that never answers
        return real(host, *args, **kwargs)
    socket.getaddrinfo = lookup
    full = socket.socket()
    full.bind(("127.0.0.1", 0))
    full.listen(0)
    for _ in range(4):  # fill the backlog: later connects get no SYN-ACK
        filler = socket.socket()
        filler.setblocking(False)
        filler.connect_ex(full.getsockname())
    from warroom.commands.check import _probe_all
    from warroom.domain.incident import FeedSource
    urls = ["http://hung.test/feed", "http://127.0.0.1:%d/feed" % full.getsockname()[1]]
    urls += [sys.argv[1] + "?n=%d" % n for n in range(12)]
    feeds = [FeedSource("f%d" % n, "Feed %d" % n, url, 60) for n, url in enumerate(urls)]
    started = time.monotonic()
    found = _probe_all(feeds, deadline=float(sys.argv[2]))
    print(json.dumps({
        "elapsed": time.monotonic() - started,
        "texts": [f.text for f in found],
        "threads": [t.name for t in threading.enumerate() if not t.daemon],
    }))
    """
)


@pytest.fixture
def server() -> Iterator[PolicyServer]:
    with policy_server() as running:
        yield running


def test_check_ends_at_its_deadline_on_feeds_that_never_answer(server: PolicyServer) -> None:
    deadline = 1.0
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, server.url("/hang"), str(deadline)],
        capture_output=True,
        text=True,
        timeout=60,  # the old probe never ended on the hung lookup: this expired
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["threads"] == ["MainThread"]  # nothing left to wait for at exit
    assert len(report["texts"]) == 14
    assert all(text == f"not probed within {deadline:g} s" for text in report["texts"])
    # The bound the README documents: the deadline, plus closing the cancelled connections.
    assert report["elapsed"] < deadline + 5.0, report["elapsed"]
