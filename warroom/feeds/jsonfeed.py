"""JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1), read into feedparser-shaped entries.

feedparser 6.0 does not read JSON Feed: it reported "XML not well-formed", which sent operators
looking for a broken server. The format is small, so this is a typed validator of our own rather
than a runtime dependency on ``jsonschema`` (test-only today) and a schema file: it checks exactly
what warroom uses (``version``, ``items`` and each item's strings), says in words what is wrong,
and hands ``parse.py`` the same dictionaries feedparser produces, so the same caps, sanitising and
identity rules apply to both. Unknown fields and extensions (``_…``) are ignored, as the spec asks.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

__all__ = ["JsonFeed", "JsonFeedError", "looks_like_json_feed", "read_json_feed"]

VERSION_PREFIX = "https://jsonfeed.org/version/1"
"""1 and 1.1 share it; a later major version would be a different format."""
_BOM = "\ufeff"


class JsonFeedError(ValueError):
    """The body is JSON but not a JSON Feed warroom can read; the message says why."""


@dataclass(frozen=True)
class JsonFeed:
    """A JSON Feed's title and its items as feedparser-shaped entry dictionaries."""

    title: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    version: str = "json1"


def looks_like_json_feed(body: bytes, content_type: str) -> bool:
    """True when the response is JSON (declared so, or a body that starts with ``{``)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in ("application/feed+json", "application/json") or kind.endswith("+json"):
        return True
    return body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def _string(value: object) -> str:
    """A string field, or ``""`` for anything else (JSON Feed 1.0 ids may be numbers)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _struct_time(value: object) -> time.struct_time | None:
    """An RFC 3339 date as a UTC ``struct_time`` (what feedparser gives), else ``None``."""
    text = _string(value).strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).timetuple()


def _author(item: Mapping[str, Any], feed: Mapping[str, Any]) -> str:
    """The first author's name: 1.1's ``authors`` list, else 1.0's ``author``, else the feed's."""
    for holder in (item, feed):
        authors = holder.get("authors")
        candidates = authors if isinstance(authors, list) else [holder.get("author")]
        for author in candidates:
            if isinstance(author, Mapping) and _string(author.get("name")):
                return _string(author.get("name"))
    return ""


def _entry(item: Mapping[str, Any], feed: Mapping[str, Any], base: str) -> dict[str, Any]:
    """One item as feedparser would have shaped it (``title_detail``, ``summary_detail``...)."""

    def absolute(link: str) -> str:
        return urllib.parse.urljoin(base, link) if base and link else link

    entry: dict[str, Any] = {}
    title = _string(item.get("title"))
    if title:
        entry["title"] = title
        entry["title_detail"] = {"type": "text/plain", "value": title}
    html = _string(item.get("content_html"))
    text = _string(item.get("content_text")) or _string(item.get("summary"))
    if html:
        entry["summary"], entry["summary_detail"] = html, {"type": "text/html", "value": html}
    elif text:
        entry["summary"], entry["summary_detail"] = text, {"type": "text/plain", "value": text}
    link = absolute(_string(item.get("url")) or _string(item.get("external_url")))
    if link:
        entry["link"] = link
    if _string(item.get("id")):
        entry["id"] = _string(item.get("id"))
    for key, source in (
        ("published_parsed", "date_published"),
        ("updated_parsed", "date_modified"),
    ):
        parsed = _struct_time(item.get(source))
        if parsed is not None:
            entry[key] = parsed
    author = _author(item, feed)
    if author:
        entry["author"] = author
    attachments = item.get("attachments")
    if isinstance(attachments, list):
        entry["enclosures"] = [
            {"href": absolute(_string(a.get("url")))}
            for a in attachments
            if isinstance(a, Mapping) and _string(a.get("url"))
        ]
    return entry


def read_json_feed(body: bytes, base_url: str = "") -> JsonFeed:
    """Read a JSON Feed body; raise ``JsonFeedError`` (in words) when it is not one.

    Args:
        body: The response body (UTF-8, as the spec requires; a BOM is tolerated).
        base_url: The feed's final URL, against which relative item URLs are resolved.
    """
    try:
        data = json.loads(body.decode("utf-8").removeprefix(_BOM))
    except UnicodeDecodeError:
        raise JsonFeedError("JSON Feed is not UTF-8") from None
    except RecursionError:
        raise JsonFeedError("JSON nested too deeply") from None
    except ValueError as exc:
        raise JsonFeedError(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise JsonFeedError("JSON, but not a JSON Feed (the top level is not an object)")
    version = _string(data.get("version"))
    if not version.startswith(VERSION_PREFIX):
        raise JsonFeedError("JSON, but not a JSON Feed (no jsonfeed.org version 1 or 1.1)")
    items = data.get("items")
    if not isinstance(items, list):
        raise JsonFeedError("JSON Feed without an items list")
    base = base_url or _string(data.get("feed_url")) or _string(data.get("home_page_url"))
    entries = [_entry(item, data, base) for item in items if isinstance(item, dict)]
    return JsonFeed(_string(data.get("title")), entries, "json11" if "1.1" in version else "json1")
