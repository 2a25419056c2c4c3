"""Converters between domain objects and the JSON documents TinyDB stores, side by side.

Datetimes are ISO strings, enums are stored by value; documents carry our own string ids.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from typing import Any, TypeVar

from warroom.domain.checklist import Tick
from warroom.domain.clock import utc
from warroom.domain.feed_state import FeedState
from warroom.domain.inquiries import InquiryEvent
from warroom.domain.mentions import Mention, Priority, Triage, TriageRecord
from warroom.domain.timeline import EventKind, TimelineEntry

Doc = dict[str, Any]
R = TypeVar("R")


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


def _written_when(text: object) -> datetime:
    """A time as warroom writes it (ISO, in UTC); anything else raises, and the caller's
    general decoder decides."""
    moment = datetime.fromisoformat(text)  # type: ignore[arg-type]  # a non-str raises
    if moment.tzinfo is not UTC:
        raise ValueError("not a stored time")
    return moment


def _written_times(first: object, second: object) -> tuple[datetime, datetime]:
    """Two stored times, the second often the same text as the first (parsed once, then)."""
    moment = _written_when(first)
    return moment, moment if second == first else _written_when(second)


def _filled(cls: type[R], doc: Doc) -> tuple[R, dict[str, Any]]:
    """A frozen record holding the document's values (its keys are exactly the fields), and
    its field dictionary, for the caller to put the decoded values in: filled in one step, as
    ``Mention.parsed`` does, not field by field through the frozen ``__init__``."""
    made = object.__new__(cls)
    fields: dict[str, Any] = made.__dict__
    fields.update(doc)
    return made, fields


_KINDS = {kind.value: kind for kind in EventKind}
_ENTRY_FIELDS = len(dataclasses.fields(TimelineEntry))
_INQUIRY_FIELDS = len(dataclasses.fields(InquiryEvent))
_MENTION_FIELDS = len(dataclasses.fields(Mention))


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


def entry_from_written_doc(doc: Doc) -> TimelineEntry | None:
    """``entry_from_doc`` for a document exactly as warroom writes it, or None for any other
    (the general decoder and the quarantine's checks then decide, word for word as before).

    Opening the dashboard decodes the newest thousand entries; the general decoder and the
    field checks after it cost 9.5 µs an entry. Here the document's own values are checked
    (its keys the fields, each string a ``str``, the kind a known one, the times ISO in UTC),
    which is what the field checks would find of the entry built from them.
    """
    if len(doc) != _ENTRY_FIELDS:
        return None
    entry_id, operator, text = doc["id"], doc["operator"], doc["text"]
    kind = _KINDS.get(doc["kind"])
    if kind is None or not type(entry_id) is type(operator) is type(text) is str:
        return None
    entry, fields = _filled(TimelineEntry, doc)
    fields["at"], fields["recorded_at"] = _written_times(doc["at"], doc["recorded_at"])
    fields["kind"] = kind
    return entry


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


def inquiry_from_written_doc(doc: Doc) -> InquiryEvent | None:
    """``inquiry_from_doc`` for a document exactly as warroom writes it, or None for any
    other (then the general decoder and the quarantine's checks decide)."""
    if len(doc) != _INQUIRY_FIELDS:
        return None
    event_id, channel, operator = doc["id"], doc["channel_id"], doc["operator"]
    delta, topic = doc["delta"], doc["topic"]
    if type(delta) is not int or not (
        type(event_id) is type(channel) is type(operator) is type(topic) is str
    ):
        return None
    event, fields = _filled(InquiryEvent, doc)
    fields["at"] = _written_when(doc["at"])
    return event


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
    """Decode a stored mention, whatever the document holds (what it lacks takes its default;
    the quarantine's checks refuse wrong types): filled in one step by ``Mention.parsed``."""
    return Mention.parsed(
        doc["id"],
        doc["feed_id"],
        doc["title"],
        doc["url"],
        _when(doc["published"]),
        _when(doc["fetched_at"]),
        doc.get("summary", ""),
        doc.get("author", ""),
        doc.get("domain", ""),
        doc.get("entry_id", ""),
        tuple(doc.get("keywords", ())),
        bool(doc.get("respond_first", False)),
        doc.get("canonical_url", ""),
        doc.get("reach", ""),
    )


def mention_from_written_doc(doc: Doc) -> Mention | None:
    """``mention_from_doc`` for a document exactly as warroom writes it, or None for any
    other (then the general decoder and the quarantine's checks decide, as before).

    The first frame decodes the newest 2,000 mentions: the field checks after the general
    decoder cost 10 µs a mention (the keywords' ``tuple[str, ...]`` through ``typing``), more
    than decoding. Checking the document's own values gives the same verdict for a third of
    the time: its keys the fields, each text a ``str``, the keywords a list of them,
    ``respond_first`` a ``bool``, the times ISO in UTC. ``tests/store/test_fast_decode.py``
    holds both ways to the same result.
    """
    if len(doc) != _MENTION_FIELDS:
        return None
    mention_id, feed_id, title, url = doc["id"], doc["feed_id"], doc["title"], doc["url"]
    summary, author, domain = doc["summary"], doc["author"], doc["domain"]
    entry_id, canonical, reach = doc["entry_id"], doc["canonical_url"], doc["reach"]
    keywords, respond_first = doc["keywords"], doc["respond_first"]
    if not (
        type(mention_id) is type(feed_id) is type(title) is type(url) is type(summary) is str
        and type(author) is type(domain) is type(entry_id) is type(canonical) is str
        and type(reach) is str
        and type(respond_first) is bool
        and type(keywords) is list
        and (not keywords or all(type(word) is str for word in keywords))
    ):
        return None
    mention, fields = _filled(Mention, doc)
    fields["published"], fields["fetched_at"] = _written_times(doc["published"], doc["fetched_at"])
    fields["keywords"] = tuple(keywords)
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
