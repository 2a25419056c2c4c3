"""https:// feeds through the fetcher's own asyncio connections, against a real TLS server.

The connections under httpx are warroom's (``feeds/pinned.py``): TLS is started on them by
asyncio, so a certificate the client trusts must work, keep its connection across a 304, and a
certificate it does not trust must fail in words, never reach the body.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from feedsrv import FIXTURES, FeedTestServer

from warroom.feeds.fetch import Fetcher, FetchSettings

GA = "/feeds/google-alerts-slack.atom.xml"

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FeedTestServer, Path]]:
    """The fixture server behind TLS, with a self-signed certificate for 127.0.0.1."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server = FeedTestServer()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, cert
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


def _url(server: FeedTestServer, path: str) -> str:
    return server.url(path).replace("http://", "https://")


async def test_a_trusted_certificate_fetches_and_keeps_its_connection(
    tls_server: tuple[FeedTestServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, cert = tls_server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # httpx's trust store for this test only
    async with Fetcher(FetchSettings(concurrency=1)) as fetcher:
        first = await fetcher.fetch(_url(server, GA))
        assert first.ok, first.error
        assert first.body == (FIXTURES / "google-alerts-slack.atom.xml").read_bytes()
        before = server.connections
        for _ in range(5):
            again = await fetcher.fetch(_url(server, GA), etag=first.etag)
            assert again.not_modified, again.error
    assert server.connections == before  # the 304s went over the first connection


async def test_an_untrusted_certificate_fails_in_words(
    tls_server: tuple[FeedTestServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, _ = tls_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    async with Fetcher(FetchSettings(concurrency=1, total_timeout=10)) as fetcher:
        result = await fetcher.fetch(_url(server, GA))
    assert result.body == b"" and not result.ok
    assert result.error.startswith("TLS error: ") and "certificate" in result.error
