"""The stdlib fast path and feedparser give identical mentions (issue 16, part 3).

On every fixture, on a generated corpus of 200 feeds (Google Alerts-shaped Atom and news-shaped
RSS 2.0, with markup, entities, ``<`` in plain text, enclosures, zone offsets), and the fast path
stands aside for what only feedparser reads the same way.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import pytest

from warroom.domain.incident import FeedSource
from warroom.feeds.fastparse import fast_parse
from warroom.feeds.parse import parse_feed

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
ATOM = {"content-type": "application/atom+xml; charset=utf-8"}
KEYWORDS = ("Northwind", "breach")
WORDS = [
    *["Northwind", "breach", "customers", "data", "<b>Northwind</b>", "hotline", "fake"],
    *["phishing", "5", "<", "6", "Vector<T>", "café", "&amp;", "naïve", "“quoted”", "scam"],
    *["regulator", "fine", "<i>update</i>", "a&b"],
]


def both(body: bytes, headers: dict[str, str], name: str) -> None:
    source = FeedSource("f", name, f"http://127.0.0.1/feeds/{name}")
    fast = parse_feed(body, headers, source, NOW, KEYWORDS, fast=True)
    slow = parse_feed(body, headers, source, NOW, KEYWORDS, fast=False)
    assert fast == slow


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.xml")))
@pytest.mark.parametrize("headers", [ATOM, {"content-type": "application/xml"}, {}])
def test_both_paths_agree_on_every_fixture(name: str, headers: dict[str, str]) -> None:
    both((FIXTURES / name).read_bytes(), headers, name)


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def atom_feed(rng: random.Random, index: int) -> bytes:
    entries = []
    for e in range(rng.randint(0, 25)):
        when = NOW - timedelta(minutes=rng.randint(0, 5000))
        zone = rng.choice(["Z", "+02:00", "-05:30"])
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S") + zone
        real = f"https://news{e % 7}.example.com/{index}/{e}?utm_source=alert"
        link = "https://www.google.com/url?rct=j&amp;sa=t&amp;url=" + real.replace("&", "%26")
        entries.append(
            f"<entry><id>tag:google.com,2013:googlealerts/feed:{index}{e}</id>"
            f'<title type="html">{escape(sentence(rng, 8))}</title>'
            f'<link href="{link}"/><published>{stamp}</published><updated>{stamp}</updated>'
            f'<content type="{rng.choice(["html", "text"])}">{escape(sentence(rng, 30))}</content>'
            f"<author><name>{rng.choice(['', 'Desk'])}</name></author></entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<id>tag:google.com,2005:reader/user/x/state/com.google/alerts/{index}</id>"
        f"<title>Google Alert - {escape(sentence(rng, 2))}</title>"
        f'<link href="https://www.google.com/alerts/feeds/{index}" rel="self"/>'
        f"<updated>2026-11-27T09:00:00Z</updated>{''.join(entries)}</feed>"
    ).encode()


def rss_feed(rng: random.Random, index: int) -> bytes:
    items = []
    for e in range(rng.randint(0, 25)):
        when = (NOW - timedelta(minutes=rng.randint(0, 5000))).strftime("%a, %d %b %Y %H:%M:%S")
        guid = rng.choice([f"https://site.example.org/{index}/{e}", f"item-{index}-{e}"])
        permalink = "" if guid.startswith("http") else ' isPermaLink="false"'
        link = rng.choice(["", f"<link>/story/{index}/{e}</link>"])
        enclosure = rng.choice(["", f'<enclosure url="https://cdn.example.org/{e}.mp3"/>'])
        items.append(
            f"<item><title>{escape(sentence(rng, 7))}</title>{link}"
            f"<guid{permalink}>{guid}</guid><pubDate>{when} {rng.choice(['GMT', '+0100'])}"
            f"</pubDate><description>{escape(sentence(rng, 25))}</description>{enclosure}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(sentence(rng, 3))}</title><link>https://site.example.org/</link>"
        f"<description>news</description>{''.join(items)}</channel></rss>"
    ).encode()


def test_both_paths_agree_on_a_generated_corpus_of_200_feeds() -> None:
    rng = random.Random(16)
    fast_taken = 0
    for index in range(200):
        body = (atom_feed if index % 2 else rss_feed)(rng, index)
        headers = ATOM if index % 2 else {"content-type": "application/rss+xml"}
        fast_taken += fast_parse(body, headers) is not None
        both(body, headers, f"gen-{index}")
    assert fast_taken == 200  # every one of them took the fast path


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE rss><rss version="2.0"><channel><title>t</title></channel></rss>',
        b'<rss version="2.0"><channel xml:base="http://a/"><title>t</title></channel></rss>',
        b'<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><item>'
        b"<title>t</title><link>http://a/1</link><dc:creator>x</dc:creator></item></channel></rss>",
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:1</id><link href="http://a"/>'
        b'<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">t</div></title>'
        b"</entry></feed>",
        b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel></channel></rss>',
        b'<rss version="0.92"><channel><item><description>d</description></item></channel></rss>',
        b'<rss version="2.0"><channel><item><title>don&#146;t</title><guid>http://a/1</guid>'
        b"</item></channel></rss>",
        b'<rss version="2.0"><channel><item><title>not closed</channel></rss>',
    ],
    ids=["doctype", "xml-base", "dc", "xhtml", "latin-1", "rss-0.92", "cp1252-ref", "broken"],
)
def test_the_fast_path_stands_aside_when_unsure(body: bytes) -> None:
    assert fast_parse(body, {"content-type": "application/xml"}) is None
    both(body, {"content-type": "application/xml"}, "unsure")
