"""Converters between domain objects and the JSON documents TinyDB stores, side by side.

Datetimes are ISO strings, enums are stored by value; documents carry our own string ids.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from warroom.domain.checklist import Tick
from warroom.domain.clock import utc
from warroom.domain.feed_state import FeedState
from warroom.domain.inquiries import InquiryEvent
from warroom.domain.mentions import Mention, Priority, Triage, TriageRecord
from warroom.domain.timeline import EventKind, TimelineEntry

Doc = dict[str, Any]


def iso(moment: datetime | None) -> str | None:
    """Store a datetime as an ISO string in UTC."""
    return None if moment is None else utc(moment).isoformat()


def from_iso(text: str | None) -> datetime | None:
    """Read back a stored datetime (we always store UTC, so the usual case needs no conversion)."""
    if not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is UTC else utc(moment)


def _when(text: str) -> datetime:
    moment = from_iso(text)
    assert moment is not None
    return moment


def tick_to_doc(tick: Tick) -> Doc:
    return {
        "item_id": tick.item_id,
        "done": tick.done,
        "operator": tick.operator,
        "at": iso(tick.at),
    }


def tick_from_doc(doc: Doc) -> Tick:
    return Tick(doc["item_id"], bool(doc["done"]), doc["operator"], _when(doc["at"]))


def entry_to_doc(entry: TimelineEntry) -> Doc:
    return {
        "id": entry.id,
        "at": iso(entry.at),
        "recorded_at": iso(entry.recorded_at),
        "operator": entry.operator,
        "kind": entry.kind.value,
        "text": entry.text,
    }


def entry_from_doc(doc: Doc) -> TimelineEntry:
    try:
        kind = EventKind(doc["kind"])
    except ValueError:
        kind = EventKind.SYSTEM  # written by a newer warroom: still show it
    return TimelineEntry(
        doc["id"], _when(doc["at"]), _when(doc["recorded_at"]), doc["operator"], kind, doc["text"]
    )


def inquiry_to_doc(event: InquiryEvent) -> Doc:
    return {
        "id": event.id,
        "channel_id": event.channel_id,
        "at": iso(event.at),
        "operator": event.operator,
        "delta": event.delta,
        "topic": event.topic,
    }


def inquiry_from_doc(doc: Doc) -> InquiryEvent:
    return InquiryEvent(
        doc["id"],
        doc["channel_id"],
        _when(doc["at"]),
        doc["operator"],
        int(doc.get("delta", 1)),
        doc.get("topic", ""),
    )


def mention_to_doc(mention: Mention) -> Doc:
    return {
        "id": mention.id,
        "feed_id": mention.feed_id,
        "title": mention.title,
        "url": mention.url,
        "published": iso(mention.published),
        "fetched_at": iso(mention.fetched_at),
        "summary": mention.summary,
        "author": mention.author,
        "domain": mention.domain,
        "entry_id": mention.entry_id,
        "keywords": list(mention.keywords),
        "respond_first": mention.respond_first,
        "canonical_url": mention.canonical_url,
        "reach": mention.reach,
    }


def mention_from_doc(doc: Doc) -> Mention:
    """Decode a stored mention.

    Start-up decodes every stored mention (10,000 in the benchmark); a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__`` and made this the largest
    single cost of opening the dashboard. The instance's ``__dict__`` is filled directly
    instead: the same fields, the same values, so equality and hashing are unchanged (a test
    compares both ways of building).
    """
    mention = object.__new__(Mention)
    mention.__dict__.update(
        id=doc["id"],
        feed_id=doc["feed_id"],
        title=doc["title"],
        url=doc["url"],
        published=_when(doc["published"]),
        fetched_at=_when(doc["fetched_at"]),
        summary=doc.get("summary", ""),
        author=doc.get("author", ""),
        domain=doc.get("domain", ""),
        entry_id=doc.get("entry_id", ""),
        keywords=tuple(doc.get("keywords", ())),
        respond_first=bool(doc.get("respond_first", False)),
        canonical_url=doc.get("canonical_url", ""),
        reach=doc.get("reach", ""),
    )
    return mention


def triage_to_doc(record: TriageRecord) -> Doc:
    return {
        "mention_id": record.mention_id,
        "state": record.state.value,
        "operator": record.operator,
        "at": iso(record.at),
        "priority": record.priority.value,
        "assignee": record.assignee,
        "note": record.note,
        "reply": record.reply,
        "reply_where": record.reply_where,
        "first_decided_at": iso(record.first_decided_at),
        "responded_at": iso(record.responded_at),
    }


def triage_from_doc(doc: Doc) -> TriageRecord:
    return TriageRecord(
        mention_id=doc["mention_id"],
        state=Triage(doc["state"]),
        operator=doc["operator"],
        at=_when(doc["at"]),
        priority=Priority(doc.get("priority", "normal")),
        assignee=doc.get("assignee", ""),
        note=doc.get("note", ""),
        reply=doc.get("reply", ""),
        reply_where=doc.get("reply_where", ""),
        first_decided_at=from_iso(doc.get("first_decided_at")),
        responded_at=from_iso(doc.get("responded_at")),
    )


def feed_state_to_doc(state: FeedState) -> Doc:
    return {
        "feed_id": state.feed_id,
        "url": state.url,
        "etag": state.etag,
        "last_modified": state.last_modified,
        "last_attempt": iso(state.last_attempt),
        "last_success": iso(state.last_success),
        "last_error": state.last_error,
        "consecutive_failures": state.consecutive_failures,
        "next_poll_at": iso(state.next_poll_at),
        "entries_seen": state.entries_seen,
    }


def feed_state_from_doc(doc: Doc) -> FeedState:
    return FeedState(
        feed_id=doc["feed_id"],
        url=doc.get("url", ""),
        etag=doc.get("etag", ""),
        last_modified=doc.get("last_modified", ""),
        last_attempt=from_iso(doc.get("last_attempt")),
        last_success=from_iso(doc.get("last_success")),
        last_error=doc.get("last_error", ""),
        consecutive_failures=int(doc.get("consecutive_failures", 0)),
        next_poll_at=from_iso(doc.get("next_poll_at")),
        entries_seen=int(doc.get("entries_seen", 0)),
    )


def digest(data: object) -> str:
    """A stable fingerprint of JSON data (to tell whether a re-import changes anything)."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
