"""Turn a feed body into inert ``Mention``s: pure, no I/O, safe on hostile input.

feedparser does the format work (RSS 0.9x/1.0/2.0, Atom, sloppy XML) and this module does the
rest: refuse entity-declaring feeds before feedparser sees them (billion laughs exhausted 2 GiB in
feedparser's fallback parser, TRAPS.md), unwrap Google Alerts redirect links, turn ``<b>`` into
highlight terms, validate dates, bound every field and pass all text through the one sanitiser
(``warroom.domain.text``). Runs in a worker process (``ParsePool``) because feedparser holds the
GIL: parsing 200 feeds on the UI's loop or in a thread freezes the screen 65-140 ms at a time.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import hashlib
import io
import json
import multiprocessing
import os
import re
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

from warroom.domain.incident import FeedSource
from warroom.domain.mentions import Mention
from warroom.domain.signals import Outlets, SignalRules, packaged_signals
from warroom.domain.text import html_to_text, inert, plain_to_text
from warroom.domain.urls import RedirectWrapper, canonical_url, plain_canonical, plain_parts
from warroom.feeds.fastparse import fast_parse
from warroom.feeds.jsonfeed import JsonFeedError, looks_like_json_feed, read_json_feed

__all__ = ["ParsedFeed", "parse_feed", "unwrap_google_link", "ParsePool", "TITLE_LIMIT"]

TITLE_LIMIT = 300
SUMMARY_LIMIT = 1000
URL_LIMIT = 2000
AUTHOR_LIMIT = 200
ENTRY_ID_LIMIT = 500
MAX_ENTRIES = 500
"""A feed holding more entries is cut: nobody triages 10,000 mentions from one poll of one feed."""
MAX_HIGHLIGHTS = 12
UNTITLED = "(no title)"
"""Shown for an entry with no title, text or link (only an author, tags, or a date)."""

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
"""Feeds did not exist before; older dates are hostile or broken and fall back to fetch time."""
FUTURE_SLACK = timedelta(days=1)

_ENTITY_DECL = re.compile(rb"<!\s*entity", re.IGNORECASE)
_CDATA_OPEN = b"<![CDATA["
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
_BOLD = re.compile(r"<\s*b\s*>([^<]{0,200})<\s*/\s*b\s*>", re.IGNORECASE)
_GOOGLE_HOSTS = frozenset({"www.google.com", "google.com"})


@dataclass(frozen=True)
class ParsedFeed:
    """The mentions found in one feed body, or the reason it could not be used."""

    mentions: tuple[Mention, ...] = ()
    error: str = ""
    title: str = ""
    entries_total: int = 0
    warning: str = ""
    """Set when the feed was sloppy (feedparser's ``bozo``) but its entries were usable."""


def _decoded_variants(body: bytes) -> list[bytes]:
    """The body, plus its UTF-8 transcoding when it is UTF-16/32 (a byte search would miss it)."""
    variants = [body]
    head = body[:4]
    codec = None
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or (
        len(head) == 4 and head.count(0) == 3
    ):
        codec = "utf-32"
        if head.count(0) == 3 and not head.startswith((b"\xff\xfe", b"\x00\x00\xfe")):
            codec = "utf-32-le" if head[0] else "utf-32-be"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif len(head) >= 2 and 0 in head[:2]:
        codec = "utf-16-le" if head[0] else "utf-16-be"
    elif head == b"\x4c\x6f\xa7\x94":  # "<?xm" in EBCDIC, which feedparser also understands
        codec = "cp037"
    if codec:
        variants.append(body.decode(codec, errors="ignore").encode("utf-8"))
    return variants


def declares_entities(body: bytes) -> bool:
    """True when the document declares XML entities outside CDATA sections.

    Escaped text (``&lt;!ENTITY``) and CDATA (an article about XXE) are not declarations; an
    unterminated CDATA section is scanned anyway, since a lenient parser may not honour it.
    """
    for data in _decoded_variants(body):
        pos = 0
        while True:
            start = data.find(_CDATA_OPEN, pos)
            segment_end = len(data) if start < 0 else start
            if _ENTITY_DECL.search(data, pos, segment_end):
                return True
            if start < 0:
                break
            end = data.find(b"]]>", start + len(_CDATA_OPEN))
            if end < 0:
                if _ENTITY_DECL.search(data, start):
                    return True
                break
            pos = end + 3
    return False


_ENTITY_DECLARATION = re.compile(
    rb"<!\s*entity\s+(%\s*)?([\w.:-]+)[^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*>",
    re.IGNORECASE,
)
"""One ``<!ENTITY name "value">`` (quoted values may hold ``>``): unambiguous, so linear."""
MAX_DECLARED_ENTITIES = 200


def neutralise_entities(body: bytes) -> bytes | None:
    """The body with its entity declarations removed and their references made literal text.

    Both peers read feeds that declare entities; refusing the *expansion* is what matters
    (billion laughs, quadratic blow-up). So each declaration goes, and each ``&name;`` of a
    declared name becomes ``&amp;name;``: the document stays well-formed and reads
    ``&name;`` where the entity was, in linear time and no more memory than the body. Returns
    ``None`` when that cannot be done safely (an encoding that is not ASCII-compatible, too
    many declarations, or a declaration left over): the feed is then refused as before.
    """
    if len(_decoded_variants(body)) > 1:
        return None
    names: set[bytes] = set()

    def drop(match: re.Match[bytes]) -> bytes:
        if not match.group(1):
            names.add(match.group(2))
        return b""

    cleaned = _ENTITY_DECLARATION.sub(drop, body)
    if len(names) > MAX_DECLARED_ENTITIES or declares_entities(cleaned):
        return None
    if names:
        alternatives = b"|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
        cleaned = re.sub(rb"&(" + alternatives + rb");", rb"&amp;\1;", cleaned)
    return cleaned


def _looks_like_html(body: bytes) -> bool:
    """True when the document starts (after a BOM, blanks and comments) as an HTML page."""
    head = body[:8192].lstrip(b"\xef\xbb\xbf \t\r\n")
    while head.startswith(b"<!--"):
        end = head.find(b"-->")
        if end < 0:
            return False
        head = head[end + 3 :].lstrip()
    return _HTML_START.match(head) is not None


def unwrap_google_link(link: str) -> str:
    """The real article URL behind a ``google.com/url?...&url=REAL`` redirect, else ``link``."""
    if "google.com" not in link.lower():
        return link  # most links, without parsing them
    head, question, rest = link.partition("?")
    if question and head in _GOOGLE_REDIRECT_HEADS:
        asked = rest.partition("#")[0]
        if (asked.isprintable() and " " not in asked) or _GOOGLE_REDIRECT.match(link):
            # the shape every alert link has: read its query without urlsplit
            return _first_value(asked, ("url", "q")) or link
    try:
        parts = urllib.parse.urlsplit(link)
    except ValueError:
        return link
    if parts.hostname in _GOOGLE_HOSTS and parts.path == "/url":
        query = urllib.parse.parse_qs(parts.query)
        for key in ("url", "q"):
            if query.get(key):
                return query[key][0]
    return link


_GOOGLE_REDIRECT = re.compile(r"https?://(?:www\.)?google\.com/url\?([^#\x00-\x20]*)(?:#|$)")
"""A Google redirect link as alerts write it: lower-case host, no port or user, and nothing
``urlsplit`` would strip or remove (controls, spaces) anywhere. A query without them is
checked by ``str.isprintable`` first (a fifth of the time)."""
_GOOGLE_REDIRECT_HEADS = frozenset(
    f"{scheme}://{host}/url" for scheme in ("http", "https") for host in _GOOGLE_HOSTS
)


def _first_value(query: str, names: tuple[str, ...]) -> str:
    """The first non-empty value of the first of ``names`` present, read as ``parse_qs`` does."""
    values: dict[str, str] = {}
    for pair in query.split("&"):
        name, equals, value = pair.partition("=")
        if equals and value:
            if "%" in name or "+" in name:
                name = urllib.parse.unquote_plus(name)
            if name == names[0]:  # the first name's first value: nothing after it counts
                return urllib.parse.unquote_plus(value)
            if name in names and name not in values:
                values[name] = urllib.parse.unquote_plus(value)
    return next((values[name] for name in names if name in values), "")


def _absolute(base: str, link: str) -> str:
    """``link`` resolved against ``base`` (``/news/1`` on the feed's host), or as it was."""
    link = link.strip()
    if not base or not link or link.startswith(("http://", "https://")):
        return link
    try:
        return urllib.parse.urljoin(base, link)
    except ValueError:
        return link


def _link_parts(link: str, wrappers: tuple[RedirectWrapper, ...]) -> tuple[str, str, str]:
    """(url, domain, canonical URL) of an http(s) link, or three empty strings: anything else
    (javascript:, data:) is dropped."""
    url = unwrap_google_link(link.strip())
    plain = plain_parts(url)
    if plain is not None:  # most links: nothing in them for inert or urlsplit to change
        if len(url) > URL_LIMIT:
            return "", "", ""
        domain = plain[0].removeprefix("www.")  # letters, digits, dots and dashes
        domain = domain if len(domain) <= 255 else inert(domain, limit=255)
        return url, domain, plain_canonical(*plain)
    url, domain = _general_url(url)
    return url, domain, canonical_url(url, wrappers) if url else ""


def _general_url(url: str) -> tuple[str, str]:
    """(url, domain) of a link that is not plain: made inert, then split by ``urlsplit``."""
    url = inert(url, limit=None)
    if len(url) > URL_LIMIT:
        return "", ""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "", ""
    if parts.scheme.lower() not in ("http", "https") or not host:
        return "", ""
    domain = host.lower().removeprefix("www.")
    return url, inert(domain, limit=255)


def _published(entry: Mapping[str, Any], fetched_at: datetime) -> datetime:
    """The entry's time in UTC, or the fetch time when missing, impossible or out of bounds."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if not parsed:
            continue
        moment = _moment(parsed) if isinstance(parsed, time.struct_time) else _moment_of(parsed)
        if moment is not None and EARLIEST <= moment <= fetched_at + FUTURE_SLACK:
            return moment
    return fetched_at


def _moment_of(parsed: Any) -> datetime | None:
    """The UTC time of a ``time.struct_time``-like tuple, or ``None`` when it is not one."""
    try:
        year, month, day, hour, minute, second = tuple(parsed)[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):  # year -1, month 13, a short tuple
        return None


_moment = functools.lru_cache(maxsize=4096)(_moment_of)
"""``_moment_of`` remembered: an entry's dates, and a feed's entries, repeat the same times."""


@functools.lru_cache(maxsize=4096)
def _reach(outlets: Outlets, domain: str) -> str:
    """``outlets.reach_of(domain)`` remembered: a feed's links come from a few domains."""
    return outlets.reach_of(domain)


def _highlights(*fragments: str) -> list[str]:
    """Words Google Alerts put in ``<b>``: they are what matched, shown as highlights."""
    found: list[str] = []
    lowered: set[str] = set()
    raws: list[str] = []
    for fragment in fragments:
        if "<" in fragment:
            raws += _BOLD.findall(fragment[: SUMMARY_LIMIT * 8])
    for raw in dict.fromkeys(raws):  # an alert repeats its few terms: each is read once
        term, key = _TERMS.get(raw) or _term_text(raw)
        if term and key not in lowered:
            lowered.add(key)
            found.append(term)
            if len(found) >= MAX_HIGHLIGHTS:
                return found
    return found


def _term_text(raw: str) -> tuple[str, str]:
    """A highlighted term as text, and lower-cased (its identity among the highlights),
    remembered in ``_TERMS``: the same few words come back in every alert."""
    term = html_to_text(raw, limit=60)
    if len(_TERMS) >= _MAX_TERMS:
        _TERMS.clear()
    _TERMS[raw] = term, term.lower()
    return _TERMS[raw]


_TERMS: dict[str, tuple[str, str]] = {}
_MAX_TERMS = 4096


def _keyword_pattern(keywords: tuple[str, ...]) -> _Keywords | None:
    words = [k.strip() for k in keywords if k and k.strip()]
    if not words:
        return None
    alternatives = "|".join(
        r"\s+".join(re.escape(part) for part in word.split())
        for word in sorted(words, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    firsts = tuple(dict.fromkeys(w.split()[0].lower() for w in words))
    return _Keywords(pattern, firsts, all(first.isascii() for first in firsts))


@dataclass(frozen=True)
class _Keywords:
    """The incident's keywords as one pattern, and the first word of each (lower-cased).

    ``finditer`` tries the pattern at every character of every entry (a quarter of a poll's
    parse). In ASCII text, with ASCII keywords, a match can only start where a first word
    does (case-insensitive matching is then plain lower-casing), so the pattern is tried only
    there, in order: the same matches (a test compares both).
    """

    pattern: re.Pattern[str]
    firsts: tuple[str, ...]
    ascii: bool
    """Every first word is ASCII (a non-ASCII one may match ASCII text: ``ſ`` matches ``s``)."""

    def found(self, text: str) -> list[str]:
        """What ``pattern.finditer(text)`` matches, in order."""
        if not (text.isascii() and self.ascii):
            return [match.group(0) for match in self.pattern.finditer(text)]
        lowered = text.lower()
        starts: set[int] = set()
        for first in self.firsts:
            at = lowered.find(first)
            while at >= 0:
                starts.add(at)
                at = lowered.find(first, at + 1)
        terms: list[str] = []
        end = 0
        for at in sorted(starts):
            if at >= end and (match := self.pattern.match(text, at)) is not None:
                terms.append(match.group(0))
                end = match.end()
        return terms


def _mention_id(entry_id: str, url: str, content: str) -> str:
    """warroom's id for an entry: from its id, else its link, else a hash of what it says.

    Never from the fetch time: an entry with no id, link or date was stored again on every poll.
    """
    if entry_id:
        seed = "id:" + entry_id
    elif url:
        seed = "url:" + url
    else:
        seed = "content:" + content
    return hashlib.sha1(seed.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _fingerprint(entry: Mapping[str, Any]) -> str:
    """Everything feedparser read from an entry, in a stable order (identity of last resort)."""
    return json.dumps(entry, sort_keys=True, default=str, ensure_ascii=False)[:100_000]


def _enclosure_urls(entry: Mapping[str, Any]) -> list[str]:
    """The http(s) URLs of the entry's enclosures (podcasts, attachments), in order."""
    found = []
    for enclosure in entry.get("enclosures") or ():
        href = enclosure.get("href") if isinstance(enclosure, Mapping) else None
        if isinstance(href, str) and href:
            found.append(href)
    return found


def _entry_key(raw_id: str, feed_id: str) -> str:
    """The dedup key from the entry id, scoped to the feed when it is not globally unique.

    Google Alerts and most feeds use URIs or long hashes, shared by every feed carrying the same
    item; but some feeds number their items ``1``, ``2``…, and two such feeds must not hide each
    other's entries as duplicates.
    """
    key = inert(raw_id, limit=ENTRY_ID_LIMIT)
    if not key:
        return ""
    if len(key) >= 16 or ":" in key or "/" in key:
        return key
    return f"{feed_id}#{key}"


def _detail_type(detail: object) -> str:
    """The MIME type feedparser reports for a text construct (``text/plain``, ``text/html``)."""
    kind = detail.get("type") if isinstance(detail, dict | Mapping) else None
    return kind if isinstance(kind, str) else "text/html"


def _text_of(entry: Mapping[str, Any]) -> tuple[str, str]:
    """The entry's raw summary (summary, else the first content block) and its MIME type."""
    summary = entry.get("summary") or ""
    kind = _detail_type(entry.get("summary_detail"))
    if not summary:
        for block in entry.get("content") or ():
            value = block.get("value") if isinstance(block, Mapping) else None
            if value:
                summary, kind = value, _detail_type(block)
                break
    return (summary, kind) if isinstance(summary, str) else ("", kind)


def _as_text(raw: str, kind: str, limit: int) -> str:
    """Plain text is only made inert; HTML (or XHTML) is read by an HTML parser.

    feedparser reports the type from the feed (Atom ``type=``) or guesses it (RSS: HTML only
    when it holds closing tags or entities), so ``5 < 6`` and ``Why <script> tags leak`` stay.
    """
    if kind == "text/plain":
        return plain_to_text(raw[: limit * 4], limit=limit)
    return html_to_text(raw[: limit * 20], limit=limit)


def _unflagged_mention(
    entry: Mapping[str, Any],
    source: FeedSource,
    fetched_at: datetime,
    keyword_re: _Keywords | None,
    base: str,
    signals: SignalRules,
) -> Mention | None:
    """The entry's ``Mention`` with ``respond_first`` not yet read, or ``None`` for an empty
    entry."""
    raw_title = entry.get("title") or ""
    raw_title = raw_title if isinstance(raw_title, str) else ""
    raw_summary, summary_type = _text_of(entry)
    title = _as_text(raw_title, _detail_type(entry.get("title_detail")), TITLE_LIMIT)
    summary = _as_text(raw_summary, summary_type, SUMMARY_LIMIT)
    link = entry.get("link") or ""
    wrappers = signals.wrappers
    url, domain, canonical = _link_parts(
        _absolute(base, link if isinstance(link, str) else ""), wrappers
    )
    enclosures = _enclosure_urls(entry)
    if not url and enclosures:
        # a podcast episode: its audio is the link
        url, domain, canonical = _link_parts(_absolute(base, enclosures[0]), wrappers)
    raw_id = entry.get("id") or ""
    entry_id = _entry_key(raw_id if isinstance(raw_id, str) else "", source.id)
    content = ""  # what it says: its identity when it has neither id nor link
    if (
        (not raw_title or raw_title.isspace())
        and (not raw_summary or raw_summary.isspace())
        and all(part.isspace() for part in enclosures)  # each is non-empty
    ):
        if not entry:
            return None
        # Only metadata (an author, tags, a date) or markup with no text: the feed published
        # something, and newsboat shows it too. Its identity is everything feedparser read.
        content = _fingerprint(entry)
    elif not (entry_id or url):
        content = "\n".join([*enclosures, raw_title, raw_summary])
    if not title:
        title = summary[:TITLE_LIMIT] or url[:TITLE_LIMIT] or UNTITLED
    published = _published(entry, fetched_at)
    keywords = _highlights(raw_title[: TITLE_LIMIT * 20], raw_summary)
    if keyword_re is not None:
        lowered = {k.lower() for k in keywords}
        for term in keyword_re.found(f"{title}\n{summary}"):
            if term.lower() not in lowered:
                lowered.add(term.lower())
                keywords.append(term)
    author = entry.get("author") or ""
    return Mention.parsed(
        id=_mention_id(entry_id, url, content),
        feed_id=source.id,
        title=title,
        url=url,
        published=published,
        fetched_at=fetched_at,
        summary=summary,
        author=inert(author, limit=AUTHOR_LIMIT) if isinstance(author, str) and author else "",
        domain=domain,
        entry_id=entry_id,
        keywords=tuple(keywords[: MAX_HIGHLIGHTS * 2]),
        respond_first=False,  # read per feed, all entries at once (``_mentions_of``)
        canonical_url=canonical,
        reach=_reach(signals.outlets, domain),
    )


_SAX_POSITION = re.compile(r"^<unknown>:(\d+):(\d+):\s*")


def _describe_bozo(exc: object) -> str:
    """feedparser's complaint in words: ``line 2, column 29: not well-formed (invalid token)``."""
    text = inert(str(exc), limit=200) if exc is not None else ""
    text = _SAX_POSITION.sub(lambda m: f"line {m.group(1)}, column {m.group(2)}: ", text)
    return text or "not well-formed"


def _base_for(headers: Mapping[str, str], base_url: str) -> str:
    """The URL relative links resolve against: the final URL, or its ``Content-Location``."""
    location = headers.get("content-location", "")
    if base_url and location:
        try:
            return urllib.parse.urljoin(base_url, location)
        except ValueError:
            return base_url
    return base_url or location


def _encoding_guessed(exc: object) -> bool:
    """feedparser had to guess the encoding (none declared that worked, or a wrong one)."""
    return type(exc).__name__ in ("CharacterEncodingOverride", "CharacterEncodingUnknown")


def _mentions_of(
    entries: list[Any],
    source: FeedSource,
    fetched_at: datetime,
    keywords: tuple[str, ...],
    base: str,
    signals: SignalRules | None,
) -> list[Mention]:
    keyword_re = _keyword_pattern(keywords)
    signals = signals or packaged_signals()
    found = [
        mention
        for entry in entries[:MAX_ENTRIES]
        if (mention := _unflagged_mention(entry, source, fetched_at, keyword_re, base, signals))
    ]
    flags = signals.speak_of_phishing([f"{m.title}\n{m.summary}" for m in found])
    for mention, flag in zip(found, flags, strict=True):
        if flag:  # the mention is this function's own until it returns
            object.__setattr__(mention, "respond_first", True)
    return found


def _parse_json_feed(
    body: bytes,
    source: FeedSource,
    fetched_at: datetime,
    keywords: tuple[str, ...],
    base_url: str,
    signals: SignalRules | None,
) -> ParsedFeed:
    try:
        feed = read_json_feed(body, base_url)
    except JsonFeedError as exc:
        return ParsedFeed(error=inert(str(exc), limit=200))
    mentions = _mentions_of(feed.entries, source, fetched_at, keywords, base_url, signals)
    title = plain_to_text(feed.title, limit=TITLE_LIMIT)
    if feed.entries and not mentions:
        return ParsedFeed(error="no usable entries (none has a title, text, link or id)")
    return ParsedFeed(tuple(mentions), "", title, len(feed.entries))


def parse_feed(
    body: bytes,
    headers: Mapping[str, str],
    source: FeedSource,
    fetched_at: datetime,
    keywords: tuple[str, ...] = (),
    base_url: str = "",
    signals: SignalRules | None = None,
    *,
    fast: bool = True,
) -> ParsedFeed:
    """Parse one feed body into mentions; never raises for anything the body holds.

    Args:
        body: The decoded response body (bytes: feedparser treats a *string* as a path or URL).
        headers: Response headers (lower-case names), for the declared encoding.
        source: The feed the body came from.
        fetched_at: When it was fetched (UTC); the fallback for missing or hostile dates.
        keywords: The incident's keywords, highlighted when found in the text.
        base_url: The URL the body finally came from (after redirects): relative links resolve
            against it (and ``xml:base`` inside the feed); ``source.url`` when empty.
        signals: Respond-first patterns, redirect wrappers and outlets (the shipped ones, plus
            the incident file's); the shipped ones when ``None``.
        fast: Read plain, well-formed Atom 1.0 / RSS 2.0 with the standard library's XML
            parser (``fastparse``; same mentions, a fraction of the time); ``False`` always
            uses feedparser (the tests compare both).
    """
    if not body.strip():
        return ParsedFeed(error="empty response")
    headers = {k.lower(): v for k, v in headers.items()}
    base = _base_for(headers, base_url or source.url)
    if looks_like_json_feed(body, headers.get("content-type", "")):
        return _parse_json_feed(body, source, fetched_at, keywords, base, signals)
    notes: list[str] = []
    if declares_entities(body):
        neutralised = neutralise_entities(body)
        if neutralised is None:
            return ParsedFeed(error="feed declares XML entities (refused: entity expansion attack)")
        body = neutralised
        notes.append("entity declarations ignored")
    if _looks_like_html(body):
        return ParsedFeed(error="not a feed: the address returns an HTML page")
    quick = fast_parse(body, headers) if fast and not notes else None
    if quick is not None:
        mentions = _mentions_of(quick.entries, source, fetched_at, keywords, base, signals)
        feed_title = _as_text(quick.title, quick.title_type, TITLE_LIMIT)
        if mentions:
            return ParsedFeed(tuple(mentions), "", feed_title, len(quick.entries))
        if quick.entries:
            return ParsedFeed(error="no usable entries (none has a title, text, link or id)")
        return ParsedFeed(title=feed_title)

    import feedparser  # type: ignore[import-untyped]  # lazy: a warm poll never needs it

    # The base is not given to feedparser: it would also resolve entry *ids* against it (a guid
    # of "1" became "http://a/1"), changing the identity of every stored mention. feedparser
    # honours xml:base on its own; links still relative after that are resolved here.
    safe_headers = {k: v for k, v in headers.items() if k in _PASSED_HEADERS}
    try:
        result = feedparser.parse(
            io.BytesIO(body),
            response_headers=safe_headers,
            sanitize_html=False,  # everything goes through html_to_text; HTML is never rendered
            resolve_relative_uris=False,  # text never shows the URIs inside HTML
        )
    except Exception as exc:  # noqa: BLE001 - feedparser on hostile bytes: the feed's error, not ours
        return ParsedFeed(error=f"could not parse: {inert(type(exc).__name__, limit=60)}")
    entries = result.get("entries") or []
    mentions = _mentions_of(entries, source, fetched_at, keywords, base, signals)
    feed = result.get("feed") or {}
    feed_title = _as_text(
        feed.get("title") or "", _detail_type(feed.get("title_detail")), TITLE_LIMIT
    )
    bozo = bool(result.get("bozo"))
    problem = result.get("bozo_exception")
    if bozo and _encoding_guessed(problem):
        encoding = inert(result.get("encoding") or "", limit=40)
        notes.append(f"encoding guessed ({encoding})" if encoding else "encoding guessed")
    elif bozo:
        notes.append(f"sloppy feed: {_describe_bozo(problem)}")
    if mentions:
        return ParsedFeed(tuple(mentions), "", feed_title, len(entries), "; ".join(notes))
    if not result.get("version"):
        if bozo:
            return ParsedFeed(
                error=f"not a feed: {_describe_bozo(problem)}", entries_total=len(entries)
            )
        return ParsedFeed(error="not a feed (no RSS or Atom found)", entries_total=len(entries))
    if bozo and not _encoding_guessed(problem):
        return ParsedFeed(
            error=f"malformed feed, nothing usable: {_describe_bozo(problem)}",
            entries_total=len(entries),
        )
    if entries:
        return ParsedFeed(error="no usable entries (none has a title, text, link or id)")
    return ParsedFeed(title=feed_title, warning="; ".join(notes))  # a real feed, nothing in it yet


_PASSED_HEADERS = frozenset({"content-type", "content-language"})


def _warm() -> int:
    """Run in each worker at start so the first real parse does not pay feedparser's import."""
    import feedparser  # noqa: F401

    return 0


def _quiet_worker() -> None:
    """In a worker: send its stdout and stderr to /dev/null.

    A full-screen dashboard owns the terminal; a warning printed by a parser process would
    land in the middle of it.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    _exit_with_parent()


def _exit_with_parent() -> None:
    """In a worker: exit as soon as the process that started the pool is gone.

    A worker waits on its call queue, whose pipe it holds both ends of, so a ``warroom poll``
    killed by systemd, cron's timeout or ``kill -9`` would leave its workers (and through
    them the fork server and the resource tracker) running for ever, one set per poll. The
    parent's sentinel is the pipe it keeps open for as long as it lives.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - a worker always has one
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="warroom-parent-watch", daemon=True).start()


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """Let multiprocessing see a real stderr while it starts helper processes.

    Under Textual, ``sys.stderr`` is a capture object without a usable file descriptor, and
    multiprocessing's resource tracker passes ``sys.stderr.fileno()`` to the process it starts:
    every poll then failed with "bad value(s) in fds_to_keep".
    """
    current = sys.stderr
    try:
        usable = current is not None and current.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    sys.stderr = sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = current


class ParsePool:
    """Parse feeds in worker processes, so feedparser never holds the UI's GIL.

    Workers start from a fork server that has already imported this module (and feedparser), so
    each new worker is cheap; forking the UI process itself would copy its threads' locks.

    Args:
        workers: Worker processes (2 suits a 2-core jump host).
        start_method: ``forkserver`` (default), ``spawn`` or ``fork``.
    """

    def __init__(self, workers: int = 2, *, start_method: str = "forkserver") -> None:
        self._workers = max(1, workers)
        self._context = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._context.set_forkserver_preload(["warroom.feeds.parse", "feedparser"])
        self._executor = self._new_executor()

    def _new_executor(self) -> concurrent.futures.ProcessPoolExecutor:
        with _real_stderr():  # its semaphores start the resource tracker
            return concurrent.futures.ProcessPoolExecutor(
                max_workers=self._workers, mp_context=self._context, initializer=_quiet_worker
            )

    def warm(self) -> None:
        """Start the workers now (imports included) instead of at the first parse."""
        with _real_stderr():
            for _ in range(self._workers):
                self._executor.submit(_warm)

    async def parse(
        self,
        body: bytes,
        headers: Mapping[str, str],
        source: FeedSource,
        fetched_at: datetime,
        keywords: tuple[str, ...] = (),
        base_url: str = "",
        signals: SignalRules | None = None,
    ) -> ParsedFeed:
        """``parse_feed`` in a worker; a crashed worker becomes the feed's error."""
        loop = asyncio.get_running_loop()
        try:
            with _real_stderr():  # a worker may (re)start here
                pending = loop.run_in_executor(
                    self._executor,
                    parse_feed,
                    body,
                    dict(headers),
                    source,
                    fetched_at,
                    keywords,
                    base_url,
                    signals,
                )
            return await pending
        except concurrent.futures.process.BrokenProcessPool:
            # A worker died (killed, out of memory): every pending parse fails with it. Replace
            # the pool so the next poll works, and report this feed.
            broken, self._executor = self._executor, self._new_executor()
            broken.shutdown(wait=False, cancel_futures=True)
            return ParsedFeed(error="the parser process died while reading this feed")

    def close(self) -> None:
        """Stop the workers (waits for running parses)."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
