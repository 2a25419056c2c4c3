"""The hostile-text corpus: whatever a feed holds, parsed mentions are plain, bounded, inert text.

Each hostile string is delivered three ways, because each reaches the text by another road:
escaped inside HTML content (``&amp;#27;`` survives XML and is decoded by the HTML step), raw in
CDATA, and raw in the element text (illegal XML: feedparser falls back to its lenient parser).
The lead's Pilot tests check the screen; these check the data handed to it.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import UTC, datetime

import pytest

from warroom.domain.incident import FeedSource
from warroom.domain.mentions import Mention
from warroom.feeds.parse import SUMMARY_LIMIT, TITLE_LIMIT, URL_LIMIT, parse_feed

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
SOURCE = FeedSource("hostile", "Hostile", "http://127.0.0.1/hostile")

ESC = "\x1b"
HOSTILE: dict[str, tuple[str, str]] = {
    # name: (hostile text, literal text that must survive, "" if nothing must)
    "csi colour": (f"{ESC}[31mRED{ESC}[0m alert", "RED"),
    "csi clear screen": (f"before{ESC}[2J{ESC}[Hafter", "after"),
    "osc 8 hyperlink": (f"{ESC}]8;;file:///etc/passwd{ESC}\\click me{ESC}]8;;{ESC}\\", "click me"),
    "osc 52 clipboard": (f"{ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA=={chr(7)}copied", "copied"),
    "c1 csi": ("x\x9b31my \x9d52;c;AA==\x9c z", "x"),
    "nul del": ("a\x00b\x7fc", "a"),
    "bell backspace": ("ring\x07\x08\x08\x08gone", "ring"),
    "bidi override": ("invoice\u202efdp.exe", "invoice"),
    "bidi isolates": ("\u2066\u2067abc\u2069\u2068", "abc"),
    "zero width": ("pay\u200bpal\u200d\ufeff", "pay"),
    "rich bold": ("[b]bold[/b] claim", "[b]bold[/b] claim"),
    "rich link": (
        "[link=https://evil.example]login[/link]",
        "[link=https://evil.example]login[/link]",
    ),
    "textual click": ("[@click=app.quit]Quit[/]", "[@click=app.quit]Quit[/]"),
    "unbalanced close": ("breach [/] notice", "breach [/] notice"),
    "dangling open": ("breach [/", "breach [/"),
    "bracket prefix": ("[UPDATE] [CVE-2025-1234] patched", "[UPDATE] [CVE-2025-1234] patched"),
    "html script": ("<script>alert(1)</script>Northwind", "Northwind"),
    "html img": ('<img src=x onerror="alert(1)">pic', "pic"),
    "line breaks": ("one\r\ntwo\nthree\u2028four\u2029five", "one"),
    "private use": ("\ue000\U000f0000ok", "ok"),
}

FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def assert_inert(text: str, *, limit: int) -> None:
    """No control, format (bidi, zero-width), surrogate or private character; bounded."""
    assert len(text) <= limit
    for char in text:
        category = unicodedata.category(char)
        assert category not in FORBIDDEN_CATEGORIES, f"{char!r} ({category}) in {text!r}"
    assert "\x1b" not in text and "\x9b" not in text


def assert_mention_inert(mention: Mention) -> None:
    assert_inert(mention.title, limit=TITLE_LIMIT)
    assert_inert(mention.summary, limit=SUMMARY_LIMIT)
    assert_inert(mention.author, limit=200)
    assert_inert(mention.url, limit=URL_LIMIT)
    assert_inert(mention.domain, limit=255)
    assert_inert(mention.entry_id, limit=500)
    for keyword in mention.keywords:
        assert_inert(keyword, limit=60)


def _escaped_html(text: str) -> str:
    """The text as HTML with every character referenced numerically, then XML-escaped."""
    as_html = "".join(f"&#{ord(c)};" if not c.isalnum() else c for c in text)
    return html.escape(as_html, quote=False)


def _feed(title_xml: str, summary_xml: str, *, link: str = "https://news.example.com/a") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>hostile</title>'
        f'<entry><id>urn:hostile:1</id><title type="html">{title_xml}</title>'
        f'<link href="{html.escape(link)}"/><author><name>{title_xml}</name></author>'
        f'<content type="html">{summary_xml}</content>'
        "<updated>2026-11-27T09:00:00Z</updated></entry></feed>"
    ).encode("utf-8", "surrogatepass")


def _deliveries(text: str) -> dict[str, bytes]:
    return {
        "escaped html": _feed(_escaped_html(text), _escaped_html(text)),
        "cdata": _feed(f"<![CDATA[{text}]]>", f"<![CDATA[{text}]]>"),
        "raw": _feed(text, text),
    }


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_inert_and_markup_stays_literal(name: str) -> None:
    text, survivor = HOSTILE[name]
    for road, body in _deliveries(text).items():
        parsed = parse_feed(body, {}, SOURCE, NOW)
        if road == "raw" and not parsed.mentions:
            # Illegal XML may be refused as a whole; then the feed says so, in clean words.
            assert parsed.error
            assert_inert(parsed.error, limit=300)
            continue
        assert parsed.mentions, f"{name} via {road}: {parsed.error}"
        mention = parsed.mentions[0]
        assert_mention_inert(mention)
        if survivor and road != "raw":
            assert survivor in mention.title, f"{name} via {road}: {mention.title!r}"
            assert survivor in mention.summary


def test_markup_is_kept_verbatim_via_html_content() -> None:
    parsed = parse_feed(_deliveries("[@click=app.quit]Quit[/]")["escaped html"], {}, SOURCE, NOW)
    assert parsed.mentions[0].title == "[@click=app.quit]Quit[/]"


def test_one_megabyte_title_is_bounded() -> None:
    huge = "Northwind " * 100_000
    body = _feed(huge, "<b>" * 200_000, link="https://news.example.com/" + "a" * 5000)
    mention = parse_feed(body, {}, SOURCE, NOW).mentions[0]
    assert len(mention.title) == TITLE_LIMIT and mention.title.endswith("…")
    assert len(mention.summary) <= SUMMARY_LIMIT
    assert mention.url == ""  # a 5,000-character URL is not a link anyone should open
    assert_mention_inert(mention)


def test_pathological_markup_is_cheap_to_strip() -> None:
    """Unclosed ``<`` and ``<script`` by the hundred thousand: linear work, bounded output."""
    for filler in ("<" * 300_000, "<script>" * 50_000, "<b>x" * 100_000):
        body = _feed(html.escape(filler), html.escape(filler))
        parsed = parse_feed(body, {}, SOURCE, NOW)
        for mention in parsed.mentions:
            assert_mention_inert(mention)


def test_hostile_url_schemes_and_controls_in_links() -> None:
    for link in (
        "javascript:alert(1)",
        f"https://a.example/{ESC}]52;c;AA=={chr(7)}",
        "https://a.example/\u202eexe",
    ):
        mention = parse_feed(_feed("t", "s", link=link), {}, SOURCE, NOW).mentions[0]
        assert_mention_inert(mention)
        assert not mention.url or mention.url.startswith("https://a.example/")
