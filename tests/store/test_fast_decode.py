"""The fast decoders (a document exactly as warroom writes it) give what the general way gives.

``records.*_from_written_doc`` skip the quarantine's field checks for a document whose own
values already pass them; any other document must go the general way (``*_from_doc`` and the
checks), so a damaged record is set aside with the same words as before. Hypothesis builds
records, writes them as the store does, damages them at random, and decodes each table both
ways: the same records (equal, same hash, same repr, same field types) and the same report.
"""

from __future__ import annotations

import dataclasses
import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.boundary.test_fuzz import json_values
from warroom.domain.inquiries import InquiryEvent
from warroom.domain.mentions import Mention
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.store import records
from warroom.store.quarantine import Quarantine

Doc = dict[str, Any]

texts = st.text(max_size=30)
moments = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
mentions = st.builds(
    Mention,
    id=texts, feed_id=texts, title=texts, url=texts, published=moments, fetched_at=moments,
    summary=texts, author=texts, domain=texts, entry_id=texts,
    keywords=st.lists(texts, max_size=3).map(tuple), respond_first=st.booleans(),
    canonical_url=texts, reach=texts,
)  # fmt: skip
entries = st.builds(
    TimelineEntry,
    id=texts, at=moments, recorded_at=moments | st.none(), operator=texts,
    kind=st.sampled_from(EventKind), text=texts,
).map(lambda e: dataclasses.replace(e, recorded_at=e.recorded_at or e.at))  # fmt: skip
events = st.builds(
    InquiryEvent,
    id=texts, channel_id=texts, at=moments, operator=texts,
    delta=st.integers(-3, 3), topic=texts,
)  # fmt: skip

FAMILIES: dict[str, tuple[Any, Callable[[Any], Doc], Callable[[Doc], Any], Any]] = {
    "mentions": (
        mentions, records.mention_to_doc, records.mention_from_doc,
        records.mention_from_written_doc,
    ),
    "timeline": (
        entries, records.entry_to_doc, records.entry_from_doc, records.entry_from_written_doc,
    ),
    "inquiries": (
        events, records.inquiry_to_doc, records.inquiry_from_doc,
        records.inquiry_from_written_doc,
    ),
}  # fmt: skip

odd_values = (
    json_values
    | st.sampled_from(
        [
            "", "2026-11-27", "2026-11-27T06:00:00", "2026-11-27T06:00:00+02:00",
            "2026-11-27T06:00:00Z", "2026-11-27 06:00:00+00:00", "not a time", "note", "tick",
            "NOTE", [], ["a", 1], ["a"], 0, 1, True, False, None, 1.5, "1", {"a": 1},
        ]
    )
    | moments.map(lambda m: m.astimezone(timezone(timedelta(hours=5))).isoformat())
)  # fmt: skip
"""What a hand edit or a damaged file can leave in a field: any JSON, and the near misses."""


def _damaged(data: st.DataObject, doc: Doc) -> Doc:
    """The document with a few fields deleted, replaced, or a field added."""
    doc = dict(doc)
    for _ in range(data.draw(st.integers(0, 3))):
        action = data.draw(st.sampled_from(["delete", "replace", "add"]))
        if action == "add":
            doc[data.draw(st.sampled_from(["extra", "x", "published2"]))] = 1
        elif doc:
            key = data.draw(st.sampled_from(sorted(doc)))
            if action == "delete":
                del doc[key]
            else:
                doc[key] = data.draw(odd_values)
    return doc


def _same(general: list[Any], fast: list[Any]) -> None:
    assert fast == general
    for one, other in zip(general, fast, strict=True):
        assert type(one) is type(other) and repr(one) == repr(other) and hash(one) == hash(other)
        for field in dataclasses.fields(one):
            mine, theirs = getattr(one, field.name), getattr(other, field.name)
            assert type(mine) is type(theirs), field.name
            if isinstance(mine, datetime):
                assert mine.tzinfo is theirs.tzinfo, field.name
        assert pickle.loads(pickle.dumps(other)) == one


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(sorted(FAMILIES)))
def test_both_ways_decode_a_table_alike(data: st.DataObject, family: str) -> None:
    strategy, to_doc, general, fast = FAMILIES[family]
    docs = {}
    for number in range(1, data.draw(st.integers(1, 6)) + 1):
        doc = to_doc(data.draw(strategy))
        docs[str(number)] = _damaged(data, doc) if data.draw(st.booleans()) else doc
    slow, quick = Quarantine(), Quarantine()
    _same(
        slow.decode("db.json", family, docs, general),
        quick.decode("db.json", family, docs, general, fast),
    )
    assert quick.messages() == slow.messages()


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(FAMILIES)), st.data())
def test_a_document_as_warroom_writes_it_takes_the_fast_way(
    family: str, data: st.DataObject
) -> None:
    strategy, to_doc, general, fast = FAMILIES[family]
    record = data.draw(strategy)
    made = fast(to_doc(record))
    assert made is not None and made == record == general(to_doc(record))
    with_fewer = dict(to_doc(record))
    with_fewer.pop(next(iter(with_fewer)))
    assert fast(with_fewer) is None  # an older or damaged shape goes the general way


@example("2026-11-27T06:00:00+00:00", True)
@example("2026-11-27T06:00:00+01:00", False)
@example("2026-11-27T06:00:00", False)
@example("", False)
@given(st.sampled_from(["2026-11-27T06:00:00+00:00"]), st.just(True))
def test_only_utc_iso_times_take_the_fast_way(text: str, fast: bool) -> None:
    """Other offsets and naive times are converted to UTC by the general decoder: the fast
    one leaves them to it rather than repeat the conversion."""
    doc = records.entry_to_doc(
        TimelineEntry("e1", datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC),
                      "ana", EventKind.NOTE, "t")
    )  # fmt: skip
    doc["at"] = text
    quick, slow = Quarantine(), Quarantine()
    got = quick.decode("p", "timeline", {"1": doc}, records.entry_from_doc,
                       records.entry_from_written_doc)  # fmt: skip
    assert got == slow.decode("p", "timeline", {"1": doc}, records.entry_from_doc)
    assert quick.messages() == slow.messages()
    try:
        taken = records.entry_from_written_doc(doc) is not None
    except ValueError:
        taken = False
    assert taken is fast
