"""A local feed simulator for ``warroom demo``: live mentions with no internet.

Serves, on 127.0.0.1, a Google Alerts-style Atom feed and an RSS 2.0 news feed about a fictional
breach at Northwind Outfitters (northwind.example.com). Content is a pure function of the seed and
the entry number; some entries ask whether the notice is phishing (respond first). Only with
``hostile=True`` (``warroom demo --hostile``) do some carry hostile text (markup, escape sequences,
bidi overrides), to show that the UI holds: a new user should see realistic headlines, not strings
that look like rendering bugs.

When each entry appears is a ``FeedSchedule``, a pure function of the time: a backstory (one entry
every few minutes since the story broke) and then live entries every ``interval_seconds``. The
demo keeps the schedule in its database, so after a restart the feeds carry on where the clock
is, instead of starting again from six entries and staying quiet until they catch up.

The server answers conditional GETs with 304 and sends headers and body in one write with
TCP_NODELAY (two writes meet Nagle + delayed ACK: ~40 ms per response).
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import random
import socket
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

from warroom.domain.clock import Clock, system_clock
from warroom.domain.incident import FeedSource

__all__ = [
    "Simulator",
    "FeedSchedule",
    "start_simulator",
    "feed_body",
    "FEEDS",
    "COMPANY",
    "COMPANY_DOMAIN",
    "ALERTS_FEED_ID",
    "NEWS_FEED_ID",
]

COMPANY = "Northwind Outfitters"
COMPANY_DOMAIN = "northwind.example.com"
ALERTS_FEED_ID = "alerts-northwind"
NEWS_FEED_ID = "news-breaches"
"""The feed ids of sample_incident.json: ``Simulator.urls`` overrides those feeds' URLs."""
INITIAL_ENTRIES = 6
MAX_ENTRIES = 40
"""The feeds keep a window of recent entries, as real ones do."""

_SITES = (
    "news.example.com",
    "www.example-times.test",
    "techwire.example.org",
    "local.example.net",
    "forum.example.io",
    "consumer.example.com",
)
_HEADLINES = (
    "{c} confirms data breach affecting customer accounts",
    "{c} customers told to reset passwords after breach",
    "Is this email real? {c} breach notice puzzles customers",
    "What {c} customers should do after the data breach",
    "Scammers send fake {c} breach e-mails, police warn",
    "{c} breach: card data was not taken, company says",
    "Analysts: {c} response faster than most retailers",
    "Customers complain about {c} hotline wait times",
    "{c} says attackers accessed names and e-mail addresses",
    "Got a phishing e-mail about the {c} breach? Here is how to tell",
    "{c} hires forensic firm to investigate breach",
    "Regulator asks {c} for breach timeline",
)
_HOSTILE = (
    "[/] {c} breach [@click=app.quit]click here[/] for refund",
    "\x1b[2J\x1b[31m{c}\x1b[0m breach \x1b]8;;file:///etc/passwd\x1b\\details\x1b]8;;\x1b\\",
    "{c} refund form \u202eexe.mrof\u202c and \x1b]52;c;cm0gLXJmIH4=\x07 [link=https://evil.example]login",
    "[b]{c}[/b] [UPDATE] [CVE-2026-0001] patched? <script>alert(1)</script>",
)
_SNIPPETS = (
    "Northwind Outfitters said customers should change their passwords and watch for e-mails "
    "that ask for card numbers.",
    "A spokesperson for the retailer said the company notified affected customers by e-mail and "
    "posted a FAQ on its website.",
    "Several customers on social media asked whether the notice was a phishing attempt.",
    "The company said it has hired an outside firm and informed the regulator.",
)


@dataclass(frozen=True)
class _Entry:
    number: int
    title: str
    url: str
    summary: str
    published: datetime


@dataclass(frozen=True)
class FeedSchedule:
    """When each feed's entries are published: every ``past_interval`` seconds from ``origin``,
    then every ``interval`` seconds after ``live_from`` (the backstory, then the live part)."""

    origin: datetime
    live_from: datetime
    past_interval: float
    interval: float

    @classmethod
    def starting(cls, now: datetime, interval: float) -> FeedSchedule:
        """A schedule with ``INITIAL_ENTRIES`` already out at ``now`` and one more per interval."""
        origin = now - timedelta(seconds=interval * (INITIAL_ENTRIES - 1))
        return cls(origin, origin, interval, interval)

    @property
    def _past_count(self) -> int:
        """Entries of the backstory (published from ``origin`` up to ``live_from``)."""
        span = (self.live_from - self.origin).total_seconds()
        return int(span // self.past_interval) + 1 if span >= 0 else 0

    def published(self, number: int) -> datetime:
        """When entry ``number`` (from 0) appears."""
        if number < self._past_count:
            return self.origin + timedelta(seconds=self.past_interval * number)
        live = number - self._past_count + 1
        return self.live_from + timedelta(seconds=self.interval * live)

    def count(self, now: datetime) -> int:
        """How many entries have appeared by ``now``."""
        if now < self.origin:
            return 0
        if now <= self.live_from:
            return int((now - self.origin).total_seconds() // self.past_interval) + 1
        live = int((now - self.live_from).total_seconds() // self.interval)
        return self._past_count + live


FEEDS = {ALERTS_FEED_ID: "alerts", NEWS_FEED_ID: "news"}
"""The sample incident's feed ids and the simulator's name for each."""


def _entry(
    seed: int, feed: str, number: int, schedule: FeedSchedule, *, hostile: bool = False
) -> _Entry:
    """The ``number``-th entry of ``feed``: a pure function of the seed and the number."""
    rng = random.Random(f"{seed}:{feed}:{number}")
    if hostile and number % 7 == 5:
        template = _HOSTILE[(number // 7) % len(_HOSTILE)]
    else:
        template = _HEADLINES[rng.randrange(len(_HEADLINES))]
    title = template.format(c=COMPANY)
    site = _SITES[rng.randrange(len(_SITES))]
    slug = "-".join(title.lower().split()[:6])
    url = f"https://{site}/{feed}/{number:05d}/{quote(slug, safe='-')}"
    summary = _SNIPPETS[rng.randrange(len(_SNIPPETS))]
    return _Entry(number, title, url, summary, schedule.published(number))


def _bold(text: str) -> str:
    """Google Alerts puts <b> around the matched words."""
    return text.replace(COMPANY, f"<b>{COMPANY}</b>")


def _xml_text(fragment: str) -> str:
    """Put an HTML fragment in XML text: control characters become HTML character references.

    Raw controls are illegal in XML 1.0; as ``&amp;#27;`` they survive the XML layer and become
    the raw characters when the HTML is decoded, which is the road hostile text takes for real.
    """
    as_html = "".join(
        f"&#{ord(ch)};" if (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F) else ch for ch in fragment
    )
    return html.escape(as_html, quote=False)


def _atom(entries: list[_Entry], seed: int, updated: datetime) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">'
        f"<id>tag:google.com,2005:reader/user/00000000000000000000/state/com.google/alerts/{seed}</id>"
        f"<title>Google Alert - {COMPANY}</title>"
        f"<updated>{updated.strftime('%Y-%m-%dT%H:%M:%SZ')}</updated>"
    ]
    for e in entries:
        link = (
            "https://www.google.com/url?rct=j&sa=t&url="
            + quote(e.url, safe=":/")
            + f"&ct=ga&cd=CAIy{e.number:06d}&usg=AFQjCN{seed:04d}"
        )
        stamp = e.published.strftime("%Y-%m-%dT%H:%M:%SZ")
        parts.append(
            f"<entry><id>tag:google.com,2013:googlealerts/feed:{seed}{e.number:08d}</id>"
            f'<title type="html">{_xml_text(_bold(e.title))}</title>'
            f'<link href="{html.escape(link)}"></link>'
            f"<published>{stamp}</published><updated>{stamp}</updated>"
            f'<content type="html">{_xml_text(_bold(e.summary))}&amp;nbsp;...</content>'
            "<author><name></name></author></entry>"
        )
    parts.append("</feed>")
    return "".join(parts).encode("utf-8")


def _rss(entries: list[_Entry], seed: int, updated: datetime) -> bytes:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        "<title>Example Business News</title><link>https://news.example.com/</link>"
        "<description>Retail and security news</description>"
        f"<lastBuildDate>{email.utils.format_datetime(updated)}</lastBuildDate>"
    ]
    for e in entries:
        parts.append(
            f"<item><title>{_xml_text(e.title)}</title><link>{html.escape(e.url)}</link>"
            f'<guid isPermaLink="false">news-{seed}-{e.number:06d}</guid>'
            f"<pubDate>{email.utils.format_datetime(e.published)}</pubDate>"
            f"<description>{_xml_text(e.summary)}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def feed_body(
    feed: str, seed: int, schedule: FeedSchedule, now: datetime, *, hostile: bool = False
) -> tuple[bytes, datetime]:
    """What ``feed`` (``alerts`` or ``news``) serves at ``now``, and when it was last updated.

    The demo also seeds its first hours from these bodies, so what it stores is exactly what a
    poll at that moment would have found.
    """
    count = schedule.count(now)
    first = max(0, count - MAX_ENTRIES)
    entries = [
        _entry(seed, feed, n, schedule, hostile=hostile) for n in range(count - 1, first - 1, -1)
    ]
    updated = entries[0].published if entries else schedule.origin
    render = _atom if feed == "alerts" else _rss
    return render(entries, seed, updated), updated


@dataclass(frozen=True)
class _FeedClock:
    """What the running server serves: the bodies at the clock's time."""

    seed: int
    schedule: FeedSchedule
    clock: Clock
    hostile: bool

    def body(self, feed: str) -> tuple[bytes, datetime]:
        return feed_body(feed, self.seed, self.schedule, self.clock(), hostile=self.hostile)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _SimulatorServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Silent: the demo's terminal belongs to the dashboard."""

    def _send(self, code: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        if code != 304:
            self.send_header("Content-Length", str(len(body)))
        # Headers and body in one write: see the module docstring.
        self._headers_buffer.append(b"\r\n")  # type: ignore[attr-defined]
        if code != 304:
            self._headers_buffer.append(body)  # type: ignore[attr-defined]
        self.flush_headers()

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        path = self.path.split("?", 1)[0]
        feed = {"/alerts.atom": "alerts", "/news.rss": "news"}.get(path)
        if feed is None:
            self._send(404, b"not found\n", {"Content-Type": "text/plain"})
            return
        body, updated = self.server.clock.body(feed)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        headers = {
            "Content-Type": "application/atom+xml; charset=utf-8"
            if feed == "alerts"
            else "application/rss+xml; charset=utf-8",
            "ETag": etag,
            "Last-Modified": email.utils.format_datetime(updated, usegmt=True),
        }
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")]:
                self._send(304, b"", headers)
                return
        elif ims:
            try:
                if updated <= email.utils.parsedate_to_datetime(ims):
                    self._send(304, b"", headers)
                    return
            except (TypeError, ValueError):
                pass
        self._send(200, body, headers)


class _SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, clock: _FeedClock) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.clock = clock


class Simulator:
    """A running simulator; ``urls`` maps feed ids to local URLs. Call ``stop()`` when done."""

    def __init__(self, server: _SimulatorServer, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread
        port = server.server_address[1]
        # Keyed by the feed ids of the bundled sample incident, whose URLs the demo overrides.
        self.urls: dict[str, str] = {
            ALERTS_FEED_ID: f"http://127.0.0.1:{port}/alerts.atom",
            NEWS_FEED_ID: f"http://127.0.0.1:{port}/news.rss",
        }

    def feed_sources(self, poll_seconds: int = 5) -> tuple[FeedSource, ...]:
        """The simulator's feeds as ``FeedSource``s, for the demo incident."""
        names = {ALERTS_FEED_ID: f"Google Alert - {COMPANY}", NEWS_FEED_ID: "Example Business News"}
        return tuple(
            FeedSource(feed_id, names[feed_id], url, poll_seconds)
            for feed_id, url in self.urls.items()
        )

    def stop(self) -> None:
        """Stop serving and release the port."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def start_simulator(
    seed: int = 7,
    interval_seconds: float = 4.0,
    *,
    schedule: FeedSchedule | None = None,
    clock: Clock = system_clock,
    hostile: bool = False,
) -> Simulator:
    """Start the simulator on a free port of 127.0.0.1, serving from a daemon thread.

    Args:
        seed: Picks the headlines (the same seed serves the same entries).
        interval_seconds: Without ``schedule``: a new entry per feed this often, from now.
        schedule: When entries appear (the demo passes the one kept in its database).
        clock: The time the feeds are served at.
        hostile: Mix in hostile text (markup, escape sequences, bidi overrides).
    """
    if interval_seconds <= 0 or (schedule and min(schedule.interval, schedule.past_interval) <= 0):
        raise ValueError("intervals must be positive")
    plan = schedule or FeedSchedule.starting(clock(), interval_seconds)
    server = _SimulatorServer(_FeedClock(seed, plan, clock, hostile))
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.2},
        name="warroom-feed-simulator",
        daemon=True,
    )
    thread.start()
    return Simulator(server, thread)
