"""A fast path for plain, well-formed Atom 1.0 and RSS 2.0: the standard library's XML parser.

feedparser is thorough and slow (about a millisecond per entry); Google Alerts and most news
feeds are plain, well-formed Atom or RSS 2.0, for which ``xml.etree`` extracts the same fields
in a fraction of the time. This module gives ``parse.py`` the entry dictionaries feedparser
would have given (the same keys, types and quirks: ``title_detail.type``, a summary copied from
``content`` without a ``summary_detail``, the last alternate link, ``Name (email)`` authors), so
everything after it is shared. It answers only when it is sure, and returns ``None`` (feedparser
then reads the feed) for anything else: a DOCTYPE, ``xml:base``, XHTML text, an element from
another namespace inside an entry, an encoding other than UTF-8 or one the HTTP header
contradicts, a date it cannot read, a document that is not well-formed. Issue 16, part 3; a
test runs both paths on every fixture and on a generated corpus and compares the mentions.
"""

from __future__ import annotations

import email.utils
import functools
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = ["FastFeed", "fast_parse"]

ATOM = "{http://www.w3.org/2005/Atom}"
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DOCTYPE = re.compile(rb"<!\s*doctype", re.IGNORECASE)
_C1 = re.compile(rb"&#(?:1[2-5][0-9]|0*x0*[89][0-9a-f]);|\xc2[\x80-\x9f]", re.IGNORECASE)
"""U+0080-U+009F, as a reference or a character: feedparser reads them as Windows-1252
(``&#146;`` is ’), XML as C1 controls; feedparser's reading is the one to keep."""
_XML_TYPES = ("application/atom+xml", "application/rss+xml", "application/xml", "text/xml")
_ATOM_ENTRY = {
    f"{ATOM}{name}"
    for name in (
        "id",
        "title",
        "link",
        "summary",
        "content",
        "author",
        "updated",
        "published",
        "category",
    )
}
_ATOM_FEED = {
    f"{ATOM}{name}"
    for name in (
        "title",
        "subtitle",
        "id",
        "updated",
        "link",
        "author",
        "contributor",
        "generator",
        "icon",
        "logo",
        "rights",
        "category",
        "entry",
    )
}
_RSS_CHANNEL = {
    "title",
    "link",
    "description",
    "language",
    "copyright",
    "managingEditor",
    "webMaster",
    "pubDate",
    "lastBuildDate",
    "category",
    "generator",
    "docs",
    "cloud",
    "ttl",
    "image",
    "rating",
    "skipHours",
    "skipDays",
    "item",
    f"{ATOM}link",
}
"""A channel's own elements: anything else (``dc:title``) feedparser may map onto the feed."""
_RSS_ITEM = {"title", "link", "description", "guid", "pubDate", "enclosure", "category"}


class _Unsure(Exception):
    """Something feedparser may read differently: hand the feed to it."""


@dataclass(frozen=True)
class FastFeed:
    """What the fast path read: the feed's title (and its type) and feedparser-shaped entries."""

    title: str
    title_type: str
    entries: list[dict[str, Any]] = field(default_factory=list)


def _looks_like_html(text: str) -> bool:
    """feedparser's own guess whether RSS text is HTML (a closing tag or an entity, and only
    known HTML tags and entities), so both paths guess alike."""
    from feedparser.mixin import _FeedParserMixin  # type: ignore[import-untyped]

    return bool(_FeedParserMixin.looks_like_html(text))


def _text(element: ET.Element | None) -> str:
    """The element's text, stripped as feedparser strips it; nested elements are unsure."""
    if element is None:
        return ""
    if len(element):
        raise _Unsure
    return (element.text or "").strip()


@functools.lru_cache(maxsize=4096)
def _w3c_date(value: str) -> time.struct_time:
    """An Atom date (kept: an entry's published and updated, and a feed's entries, repeat)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise _Unsure from None
    if moment.tzinfo is None or len(value.strip()) < 20:
        raise _Unsure  # a date without a zone or time: feedparser has its own rules
    return moment.astimezone(UTC).timetuple()


def _rfc822_date(value: str) -> time.struct_time:
    parsed = email.utils.parsedate_tz(value.strip())
    if parsed is None or parsed[9] is None:
        raise _Unsure
    return time.gmtime(email.utils.mktime_tz(parsed))


def _atom_text(element: ET.Element) -> tuple[str, str]:
    """(value, MIME type) of an Atom text construct; XHTML and other types are unsure."""
    kind = _TEXT_TYPES.get(element.get("type", "text"))
    if kind is None or len(element):
        raise _Unsure
    return (element.text or "").strip(), kind


_TEXT_TYPES = {"text": "text/plain", "html": "text/html"}


_A_ID, _A_TITLE, _A_SUMMARY, _A_CONTENT = (
    f"{ATOM}{n}" for n in ("id", "title", "summary", "content")
)
_A_LINK, _A_AUTHOR, _A_UPDATED, _A_PUBLISHED = (
    f"{ATOM}{n}" for n in ("link", "author", "updated", "published")
)
_A_DATES = {_A_PUBLISHED: "published_parsed", _A_UPDATED: "updated_parsed"}
_A_NAME, _A_EMAIL, _A_URI = (f"{ATOM}{n}" for n in ("name", "email", "uri"))


def _atom_entry(entry: ET.Element) -> dict[str, Any]:
    found: dict[str, Any] = {}
    alternates: list[str] = []
    enclosures: list[dict[str, str]] = []
    for child in entry:  # xml:base was looked for in the whole document already
        tag = child.tag  # tested in the order Google Alerts and most feeds write them
        if tag == _A_ID:
            if len(child):
                raise _Unsure
            found["id"] = (child.text or "").strip()
        elif tag == _A_TITLE:
            value, kind = _atom_text(child)
            found["title"], found["title_detail"] = value, {"type": kind, "value": value}
        elif tag == _A_LINK:
            rel, href = child.get("rel", "alternate"), child.get("href", "")
            if not href or len(child) or (child.text or "").strip():
                raise _Unsure
            if rel == "alternate" and child.get("type", "text/html") in ("text/html", "html"):
                alternates.append(href)
            elif rel == "enclosure":
                enclosures.append({"href": href})
            elif rel not in ("self", "related", "via", "replies", "edit"):
                raise _Unsure
        elif tag in _A_DATES:
            if len(child):
                raise _Unsure
            found[_A_DATES[tag]] = _w3c_date((child.text or "").strip())
        elif tag == _A_CONTENT:
            value, kind = _atom_text(child)
            found.setdefault("content", []).append({"type": kind, "value": value})
            found.setdefault("summary", value)  # feedparser copies it, without a detail
        elif tag == _A_AUTHOR:
            found["author"] = _atom_author(child)
        elif tag == _A_SUMMARY:
            value, kind = _atom_text(child)
            found["summary"], found["summary_detail"] = value, {"type": kind, "value": value}
        elif tag not in _ATOM_ENTRY:
            raise _Unsure
    if not alternates:
        raise _Unsure  # feedparser may take the id for the link
    found["link"] = alternates[-1]
    if enclosures:
        found["enclosures"] = enclosures
    return _identified(found)


def _identified(found: dict[str, Any]) -> dict[str, Any]:
    """The entry, if it has an id or a link (else its identity would hash feedparser's own
    dictionary, which only feedparser can build)."""
    if not (found.get("id") or found.get("link")):
        raise _Unsure
    return found


def _atom_author(author: ET.Element) -> str:
    name = email = ""
    for child in author:
        if child.tag == _A_NAME:
            name = _text(child)
        elif child.tag == _A_EMAIL:
            email = _text(child)
        elif child.tag != _A_URI:
            raise _Unsure
    if name and email:
        return f"{name} ({email})"
    return name or email


def _rss_item(item: ET.Element) -> dict[str, Any]:
    found: dict[str, Any] = {}
    guid = ""
    permalink = False
    enclosures: list[dict[str, str]] = []
    for child in item:
        tag = child.tag
        if tag not in _RSS_ITEM:
            raise _Unsure
        if tag == "title":
            value = _text(child)
            kind = "text/html" if _looks_like_html(value) else "text/plain"
            found["title"], found["title_detail"] = value, {"type": kind, "value": value}
        elif tag == "description":
            value = _text(child)
            found["summary"] = value
            found["summary_detail"] = {"type": "text/html", "value": value}
        elif tag == "link":
            found["link"] = _text(child)
        elif tag == "guid":
            guid = _text(child)
            permalink = child.get("isPermaLink", "true").lower() != "false"
        elif tag == "pubDate":
            found["published_parsed"] = _rfc822_date(_text(child))
        elif tag == "enclosure" and child.get("url"):
            enclosures.append({"href": child.get("url", "")})
    if guid:
        found["id"] = guid
        if permalink and "link" not in found:
            found["link"] = guid
    if enclosures:
        found["enclosures"] = enclosures
    return _identified(found)


def _may_hold_xml_base(body: bytes) -> bool:
    """False when no element can carry ``xml:base``: it can only be written so (the ``xml``
    prefix is reserved, and a document binding another prefix to its namespace names it), so
    without either string no element needs looking at (two byte searches, not a walk)."""
    return b"xml:base" in body or b"XML/1998/namespace" in body


def _utf8_only(body: bytes, headers: Mapping[str, str]) -> bool:
    """UTF-8 by every account (header, declaration, bytes): no encoding rule can differ."""
    kind = headers.get("content-type", "").lower()
    media = kind.split(";", 1)[0].strip()
    if media and media not in _XML_TYPES:
        return False
    charset = re.search(r"charset\s*=\s*\"?([\w.-]+)", kind)
    if charset and charset.group(1) not in ("utf-8", "utf8"):
        return False
    if media == "text/xml" and not charset:
        return False  # RFC 3023: us-ascii, whatever the document says
    declared = _DECLARED.match(body)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not body.startswith((b"\xff\xfe", b"\xfe\xff"))


def fast_parse(body: bytes, headers: Mapping[str, str]) -> FastFeed | None:
    """The feed read by ``xml.etree``, or ``None`` when feedparser must read it."""
    if _DOCTYPE.search(body[:4096]) or (
        (b"&#" in body or b"\xc2" in body) and _C1.search(body)  # the scan only when it can hit
    ):
        return None
    if not _utf8_only(body, headers):
        return None
    try:
        root = ET.fromstring(body)  # noqa: S314 - no DOCTYPE, so no entity can be declared
    except (ET.ParseError, ValueError):
        return None
    try:
        if _may_hold_xml_base(body) and any(_XML_BASE in e.attrib for e in root.iter()):
            raise _Unsure
        if root.tag == f"{ATOM}feed":
            if any(child.tag not in _ATOM_FEED for child in root):
                raise _Unsure
            title = root.find(f"{ATOM}title")
            value, kind = _atom_text(title) if title is not None else ("", "text/plain")
            entries = [_atom_entry(e) for e in root.iter(f"{ATOM}entry")]
            return FastFeed(value, kind, entries)
        if root.tag == "rss" and root.get("version") == "2.0":
            channel = root.find("channel")
            if channel is None or any(c.tag not in _RSS_CHANNEL for c in channel):
                raise _Unsure
            value = _text(channel.find("title"))
            kind = "text/html" if _looks_like_html(value) else "text/plain"
            return FastFeed(value, kind, [_rss_item(i) for i in channel.iter("item")])
    except _Unsure:
        return None
    return None
