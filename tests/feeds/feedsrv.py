"""A real HTTP server on 127.0.0.1 serving fixture feeds and every fault the fetcher must survive.

Headers and body go out in one write with TCP_NODELAY (two writes meet Nagle + delayed ACK and
add ~40 ms per response). Routes:

- ``/feeds/<file>``: a fixture feed with ETag / Last-Modified; a matching conditional GET gets 304
- ``/status/<code>``: that status with a short text body
- ``/slow``: headers, then one byte every 0.2 s (a total deadline must cut it)
- ``/stall``: headers, then nothing (the read timeout must cut it)
- ``/loop``: redirects to itself; ``/hop/<n>``: n redirects, then the Google Alerts feed
- ``/to-ftp``, ``/to-file``: a redirect to a non-http scheme
- ``/big``: 3 MB of XML-ish text without Content-Length; ``/bomb``: gzip that inflates to 64 MB
- ``/reset``: a TCP reset instead of a response
- ``/empty``: 200 with no body; ``/html``: a web page; anything added with ``server.add``
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import socket
import struct
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>Northwind Outfitters</title></head>
<body><h1>Welcome</h1><p>This is a web page, not a feed.</p></body></html>
"""


def _gzip_bomb(inflated: int) -> bytes:
    """A gzip member of ``inflated`` zero bytes, built without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    parts = [compressor.compress(block) for _ in range(inflated // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


@dataclass
class Route:
    """A static response: body, content type and extra headers."""

    body: bytes
    content_type: str = "application/atom+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: str = "Wed, 10 Jul 2019 12:00:00 GMT"


class FeedTestServer(ThreadingHTTPServer):
    """The server plus what tests inspect: routes, request counts, conditional headers seen."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.conditional: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.connections = 0
        """TCP connections accepted (a keep-alive client opens few)."""
        self.held: dict[str, threading.Event] = {}
        """Paths whose requests wait until their event is set (``hold``)."""
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.bomb = _gzip_bomb(64 * 1024 * 1024)
        for path in FIXTURES.glob("*.xml"):
            self.add(f"/feeds/{path.name}", path.read_bytes())
        for path in FIXTURES.glob("*.json"):
            self.add(f"/feeds/{path.name}", path.read_bytes(), "application/feed+json")

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        """The absolute URL of a route."""
        return self.base + path

    def hold(self, paths: list[str]) -> threading.Event:
        """Requests for these paths wait (up to 60 s) until the returned event is set: a
        client is caught mid-poll, waiting on the network, at a moment the test chooses."""
        release = threading.Event()
        with self.lock:
            for path in paths:
                self.held[path] = release
        return release

    def add(self, path: str, body: bytes, content_type: str = "application/atom+xml") -> str:
        """Serve ``body`` at ``path`` (with ETag/304 support) and return its URL."""
        with self.lock:
            self.routes[path] = Route(body, content_type)
        return self.url(path)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FeedTestServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.lock:
            self.server.connections += 1

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Quiet: the tests assert on counters, not logs."""

    def _send(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if code != 304:
            self.send_header("Content-Length", str(len(body)))
        self._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
        if code != 304:
            self._headers_buffer.append(body)  # type: ignore[attr-defined]
        self.flush_headers()

    def _redirect(self, location: str, code: int = 302) -> None:
        self._send(code, b"", {"Location": location})

    def _drip(self, interval: float, limit: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(limit))
        self.end_headers()
        try:
            for _ in range(limit):
                if self.server.stopping.wait(interval):
                    break
                self.wfile.write(b"<")
                self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def _reset(self) -> None:
        """No response, a TCP reset (SO_LINGER 0): httpx raises a ``ReadError`` with no message."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        server = self.server
        path = self.path.split("?", 1)[0]
        with server.lock:
            server.hits[path] += 1
            server.user_agents.append(self.headers.get("User-Agent", ""))
            route = server.routes.get(path)
            held = server.held.get(path)
        if held is not None:
            held.wait(60)
        if route is not None:
            return self._serve(path, route)
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            return self._send(code, b"nope\n", {"Content-Type": "text/plain"})
        if path == "/slow":
            return self._drip(0.2, 10_000)
        if path == "/stall":
            return self._drip(30.0, 1)
        if path == "/loop":
            return self._redirect("/loop")
        if path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = f"/hop/{left - 1}" if left > 1 else "/feeds/google-alerts-slack.atom.xml"
            return self._redirect(target, 301)
        if path == "/to-ftp":
            return self._redirect("ftp://files.example.com/feed.xml")
        if path == "/to-file":
            return self._redirect("file:///etc/passwd")
        if path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(3 * 16):
                    self.wfile.write(b"<rss>" + b"x" * (64 * 1024))
            except OSError:
                pass
            self.close_connection = True
            return None
        if path == "/bomb":
            return self._send(
                200,
                server.bomb,
                {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
            )
        if path == "/gzipped":
            body = gzip.compress((FIXTURES / "google-alerts-slack.atom.xml").read_bytes())
            return self._send(
                200, body, {"Content-Type": "application/atom+xml", "Content-Encoding": "gzip"}
            )
        if path == "/reset":
            return self._reset()
        if path == "/empty":
            return self._send(200, b"", {"Content-Type": "application/rss+xml"})
        if path == "/html":
            return self._send(200, HTML_PAGE, {"Content-Type": "text/html; charset=utf-8"})
        return self._send(404, b"not found\n", {"Content-Type": "text/plain"})

    def _serve(self, path: str, route: Route) -> None:
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        headers = {
            "Content-Type": route.content_type,
            "ETag": etag,
            "Last-Modified": route.last_modified,
        }
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm or ims:
            with self.server.lock:
                self.server.conditional[path] += 1
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")]:
                return self._send(304, b"", headers)
        elif ims is not None:
            since = email.utils.parsedate_to_datetime(ims)
            if email.utils.parsedate_to_datetime(route.last_modified) <= since:
                return self._send(304, b"", headers)
        return self._send(200, route.body, headers)
