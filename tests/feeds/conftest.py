"""Fixtures for the feed tests: the real HTTP server on 127.0.0.1 (see ``feedsrv``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from feedsrv import FeedTestServer


@pytest.fixture(scope="session")
def feed_server() -> Iterator[FeedTestServer]:
    """The test feed server, running in a daemon thread for the whole session."""
    server = FeedTestServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
