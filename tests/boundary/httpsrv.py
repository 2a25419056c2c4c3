"""A small real HTTP server on 127.0.0.1 for the URL-policy tests: redirects, 429s, logins.

Routes: ``/feed`` (a one-entry Atom feed; records the ``Authorization`` it got), ``/go?to=URL``
(302 to URL), ``/busy?after=VALUE`` (429 with ``Retry-After: VALUE``), ``/hang`` (accepts, never
answers until the server stops). ``in_flight_peak`` is the most requests open at once;
``paths_seen`` every path asked for.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:t</id>
<updated>2026-11-27T00:00:00Z</updated>
<entry><title>Northwind breach</title><id>urn:e1</id><link href="https://example.com/e1"/>
<updated>2026-11-27T00:00:00Z</updated></entry></feed>
"""


class PolicyServer(ThreadingHTTPServer):
    """The server and what the tests look at."""

    daemon_threads = True

    def __init__(self, address: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((address, port), _Handler)
        self.auth_seen: list[tuple[str, str]] = []
        self.paths_seen: list[str] = []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.in_flight_peak = 0

    def __enter__(self) -> PolicyServer:
        threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()  # /hang handlers return, so shutdown does not wait 60 s
        self.shutdown()
        self.server_close()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: PolicyServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Quiet."""

    def _send(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _do(self) -> None:
        parts = urlsplit(self.path)
        with self.server.lock:
            self.server.paths_seen.append(parts.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/feed":
            with self.server.lock:
                host = self.headers.get("Host", "")
                self.server.auth_seen.append((host, self.headers.get("Authorization", "")))
            return self._send(200, FEED, {"Content-Type": "application/atom+xml"})
        if parts.path == "/go":
            return self._send(302, b"", {"Location": query["to"]})
        if parts.path == "/busy":
            return self._send(429, b"slow down", {"Retry-After": query["after"]})
        if parts.path == "/hang":
            self.server.stopping.wait(60)
            return self._send(503, b"")
        return self._send(404, b"no")

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._count(self._do)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._count(self._do)

    def _count(self, handle: object) -> None:
        with self.server.lock:
            self.server.in_flight += 1
            self.server.in_flight_peak = max(self.server.in_flight_peak, self.server.in_flight)
        try:
            handle()  # type: ignore[operator]
        finally:
            with self.server.lock:
                self.server.in_flight -= 1


def policy_server(address: str = "127.0.0.1", port: int = 0) -> PolicyServer:
    """A ``PolicyServer``; ``with`` runs it in a daemon thread and stops it after."""
    return PolicyServer(address, port)
