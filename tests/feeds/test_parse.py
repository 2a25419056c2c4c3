"""parse_feed on the real feeds and on broken ones: Google Alerts, dedup, dates, refusals."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from warroom.domain.incident import FeedSource
from warroom.domain.mentions import merge_new
from warroom.feeds.parse import (
    EARLIEST,
    FUTURE_SLACK,
    ParsePool,
    declares_entities,
    parse_feed,
    unwrap_google_link,
)

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
GA = FeedSource("ga-slack", "Google Alert - Slack", "http://127.0.0.1/ga")
ATOM = {"content-type": "application/atom+xml; charset=utf-8"}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def rss(items: str, version: str = "2.0") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="{version}"><channel>'
        f"<title>t</title><link>http://news.example.com/</link>{items}</channel></rss>"
    ).encode()


def test_google_alerts_links_are_unwrapped_to_the_real_url() -> None:
    parsed = parse_feed(fixture("google-alerts-slack.atom.xml"), ATOM, GA, NOW)
    assert not parsed.error and len(parsed.mentions) == 20
    first = parsed.mentions[0]
    assert first.url.startswith("https://www.aglobalmarketresearch.com/report-offers-prediction")
    assert first.domain == "aglobalmarketresearch.com"
    for mention in parsed.mentions:
        assert "google.com" not in mention.url and mention.url.startswith("http")
        assert mention.domain and "google" not in mention.domain
        assert mention.author == ""
        assert mention.entry_id.startswith("tag:google.com,2013:googlealerts/feed:")
        assert mention.feed_id == "ga-slack"


def test_google_alerts_bold_becomes_highlights_not_tags() -> None:
    parsed = parse_feed(fixture("google-alerts-slack.atom.xml"), ATOM, GA, NOW)
    for mention in parsed.mentions:
        assert "<b>" not in mention.title and "</b>" not in mention.summary
        assert "&lt;" not in mention.title and "&nbsp;" not in mention.summary
        assert "slack" in [k.lower() for k in mention.keywords]
    assert parsed.mentions[1].title.startswith("Slack Stock Has a Compelling Story")


def test_incident_keywords_are_highlighted_case_insensitively() -> None:
    parsed = parse_feed(
        fixture("google-alerts-slack.atom.xml"), ATOM, GA, NOW, keywords=("ipo", "nyse:work")
    )
    second = parsed.mentions[1]
    assert second.keywords[0] == "Slack"  # the alert's own highlight comes first
    assert "IPO" in second.keywords and "NYSE:WORK" in second.keywords
    assert "IPO" not in parsed.mentions[0].keywords


def test_ids_are_stable_and_published_times_are_utc() -> None:
    one = parse_feed(fixture("google-alerts-slack.atom.xml"), ATOM, GA, NOW)
    later = parse_feed(fixture("google-alerts-slack.atom.xml"), ATOM, GA, datetime.now(UTC))
    assert [m.id for m in one.mentions] == [m.id for m in later.mentions]
    assert len({m.id for m in one.mentions}) == 20
    assert one.mentions[0].published == datetime(2019, 7, 10, 11, 53, 37, tzinfo=UTC)


def test_dedup_across_polls_and_across_feeds() -> None:
    seen: set[str] = set()
    first = merge_new(
        seen, parse_feed(fixture("google-alerts-slack.atom.xml"), ATOM, GA, NOW).mentions
    )
    again = merge_new(
        seen, parse_feed(fixture("google-alerts-slack.atom.xml"), ATOM, GA, NOW).mentions
    )
    assert len(first) == 20 and again == []
    rss_src = FeedSource("db-rss", "Breaches (RSS)", "http://127.0.0.1/rss")
    atom_src = FeedSource("db-atom", "Breaches (Atom)", "http://127.0.0.1/atom")
    from_rss = parse_feed(fixture("databreach-aggregate.rss.xml"), {}, rss_src, NOW).mentions
    from_atom = parse_feed(fixture("databreach-aggregate.atom.xml"), ATOM, atom_src, NOW).mentions
    assert len(from_rss) == len(from_atom) == 145
    assert len({m.entry_id for m in from_rss}) == 145
    assert len(merge_new(seen, from_rss)) > 100
    assert merge_new(seen, from_atom) == []  # the same records in another format count once


def test_real_rss_keeps_brackets_and_emoji_as_text() -> None:
    parsed = parse_feed(fixture("databreach-aggregate.rss.xml"), {}, GA, NOW)
    summaries = " ".join(m.summary for m in parsed.mentions)
    assert "📰" in summaries
    assert any("[" in m.title or "[" in m.summary for m in parsed.mentions)
    assert all("\n" not in m.summary for m in parsed.mentions)


def test_short_entry_ids_are_scoped_to_their_feed() -> None:
    body = rss("<item><guid>1</guid><title>First</title></item>")
    a = parse_feed(body, {}, FeedSource("a", "A", "http://a"), NOW).mentions[0]
    b = parse_feed(body, {}, FeedSource("b", "B", "http://b"), NOW).mentions[0]
    assert a.entry_id == "a#1" and b.entry_id == "b#1"
    assert len(merge_new(set(), [a, b])) == 2


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"", "empty response"),
        (b"  \n\t ", "empty response"),
        (
            b"<!DOCTYPE html><html><body><p>hi</p></body></html>",
            "not a feed: the address returns an HTML page",
        ),
        (b"<!-- x --><html><head></head></html>", "not a feed: the address returns an HTML page"),
        (b"<<<not xml>>>", "not a feed: line 2, column 1: not well-formed (invalid token)"),
        (b'{"json": true}', "JSON, but not a JSON Feed (no jsonfeed.org version 1 or 1.1)"),
        (
            b'<rss version="2.0"><channel><<<>>>&&&',
            "malformed feed, nothing usable: line 2, column 29: not well-formed (invalid token)",
        ),
        (rss("<item></item>"), "no usable entries (none has a title, text, link or id)"),
    ],
)
def test_bodies_that_are_not_usable_feeds_are_errors(body: bytes, error: str) -> None:
    parsed = parse_feed(body, {}, GA, NOW)
    assert parsed.error == error and parsed.mentions == ()


def test_sloppy_feed_with_usable_entries_is_used() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>Northwind &nbsp; breach</title><link>http://a.example/x</link></item>"
        b"<item><title>broken</ti"
    )
    parsed = parse_feed(body, {}, GA, NOW)
    assert not parsed.error and parsed.warning.startswith("sloppy feed:")
    assert parsed.mentions[0].title == "Northwind breach"


def test_an_empty_but_valid_feed_is_not_an_error() -> None:
    parsed = parse_feed(rss(""), {}, GA, NOW)
    assert parsed.error == "" and parsed.mentions == () and parsed.title == "t"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>&lol3;</title><item><title>&lol3;</title></item></channel></rss>
"""


@pytest.mark.parametrize(
    ("body", "title"),
    [
        (BILLION_LAUGHS, "&lol3;"),
        (BILLION_LAUGHS.replace(b"<!ENTITY", b"<!entity"), "&lol3;"),
        # a comment before the DOCTYPE does not hide it; quadratic blow-up: 300 x 5 KB
        (
            b'<!-- <rss> --><!DOCTYPE r [<!ENTITY a "'
            + b"A" * 5000
            + b'">]>'
            + rss("<item><title>&a;</title></item>" * 300).split(b"?>", 1)[1],
            "&a;",
        ),
    ],
    ids=["billion-laughs", "lower-case", "quadratic"],
)
def test_feeds_declaring_entities_are_read_without_expanding_them(body: bytes, title: str) -> None:
    assert declares_entities(body)
    parsed = parse_feed(body, {}, GA, NOW)
    assert parsed.error == "" and parsed.warning == "entity declarations ignored"
    assert parsed.mentions[0].title == title  # the reference, shown as written
    assert all(len(m.title) < 10 for m in parsed.mentions)  # nothing was expanded


@pytest.mark.parametrize(
    "body",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>',
        BILLION_LAUGHS.decode().encode("utf-16"),  # not ASCII-compatible: not rewritten
    ],
    ids=["external", "utf-16"],
)
def test_feeds_whose_entities_cannot_be_neutralised_are_refused_or_empty(body: bytes) -> None:
    assert declares_entities(body)
    parsed = parse_feed(body, {}, GA, NOW)
    assert parsed.mentions == ()
    assert "root:" not in repr(parsed)
    if body.startswith(b"\xff\xfe") or body.startswith(b"\xfe\xff"):
        assert parsed.error == "feed declares XML entities (refused: entity expansion attack)"


def test_entity_text_inside_cdata_or_escaped_is_not_a_declaration() -> None:
    body = rss(
        "<item><title>XXE explained</title><link>http://a.example/xxe</link>"
        "<description><![CDATA[Use <!ENTITY x SYSTEM ...> to attack]]> and &lt;!ENTITY&gt;"
        "</description></item>"
    )
    assert not declares_entities(body)
    parsed = parse_feed(body, {}, GA, NOW)
    # feedparser unescapes RSS descriptions (they are HTML), so the escaped tag is a tag
    assert parsed.mentions[0].summary == "Use to attack and"


@pytest.mark.parametrize(
    "date",
    [
        "-0001-11-30T00:00:00Z",
        "0000-00-00T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "2100-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z",
        "not a date",
    ],
)
def test_hostile_dates_are_bounded(date: str) -> None:
    body = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>urn:x:1</id>'
        f"<title>x</title><published>{date}</published><updated>{date}</updated></entry></feed>"
    ).encode()
    mention = parse_feed(body, ATOM, GA, NOW).mentions[0]
    assert EARLIEST <= mention.published <= NOW + FUTURE_SLACK
    assert mention.published.tzinfo is UTC
    if date[:4] in ("9999", "2100", "1970", "not "):
        assert mention.published == NOW


def test_offset_dates_are_converted_to_utc() -> None:
    body = rss(
        "<item><title>x</title><guid>urn:x:2</guid>"
        "<pubDate>Fri, 27 Nov 2026 10:00:00 +0200</pubDate></item>"
    )
    mention = parse_feed(body, {}, GA, NOW).mentions[0]
    assert mention.published == datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("link", "url", "domain"),
    [
        (
            "https://www.google.com/url?rct=j&sa=t&url=https://news.example.com/a?b%3D1&ct=ga",
            "https://news.example.com/a?b=1",
            "news.example.com",
        ),
        ("https://www.google.com/url?url=javascript:alert(1)", "", ""),
        ("javascript:alert(1)", "", ""),
        ("data:text/html,<script>", "", ""),
        (
            "http://WWW.Northwind.Example.com/x",
            "http://WWW.Northwind.Example.com/x",
            "northwind.example.com",
        ),
    ],
)
def test_links(link: str, url: str, domain: str) -> None:
    body = rss(f"<item><title>x</title><guid>urn:l</guid><link>{_xml_escape(link)}</link></item>")
    mention = parse_feed(body, {}, GA, NOW).mentions[0]
    assert (mention.url, mention.domain) == (url, domain)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def test_unwrap_leaves_other_links_alone() -> None:
    assert unwrap_google_link("https://example.com/url?url=x") == "https://example.com/url?url=x"
    assert unwrap_google_link("https://google.com/url?q=https://a.example/") == "https://a.example/"


@pytest.mark.parametrize(
    ("title", "flag"),
    [
        ("Is this email real? Northwind Outfitters breach notice", True),
        ("Got a fake e-mail claiming to be from Northwind", True),
        ("Northwind breach: beware of phishing", True),
        ("Scammers exploit Northwind Outfitters breach", True),
        ("Northwind Outfitters confirms breach", False),
    ],
)
def test_respond_first(title: str, flag: bool) -> None:
    body = rss(f"<item><title>{title}</title><guid>urn:r</guid></item>")
    assert parse_feed(body, {}, GA, NOW).mentions[0].respond_first is flag


async def test_parse_pool_gives_the_same_result_as_inline() -> None:
    body = fixture("google-alerts-slack.atom.xml")
    with ParsePool(1) as pool:
        pooled = await pool.parse(body, ATOM, GA, NOW, ("IPO",))
    assert pooled == parse_feed(body, ATOM, GA, NOW, ("IPO",))
