"""Timeline folding and filtering: pure functions over entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.domain.timeline_view import TimelineFilter, fold_counts

T0 = datetime(2026, 12, 1, 14, 2, tzinfo=UTC)


def entry(
    n: int, kind: EventKind, text: str, *, seconds: int = 0, who: str = "ana"
) -> TimelineEntry:
    at = T0 + timedelta(seconds=seconds)
    return TimelineEntry(f"ev{n:04d}", at, at, who, kind, text)


def test_forty_counts_in_a_minute_are_one_row_per_channel() -> None:
    presses = [
        entry(i, EventKind.INQUIRY, "Inquiry on Phone about is my card safe", seconds=i)
        for i in range(40)
    ]
    mixed = [
        *presses[:20],
        entry(100, EventKind.NOTE, "Decision: FAQ card answer goes first", seconds=20),
        entry(101, EventKind.INQUIRY, "3 inquiries on E-mail", seconds=21),
        entry(102, EventKind.INQUIRY, "Inquiry on E-mail", seconds=22, who="lee"),
        *presses[20:],
        entry(103, EventKind.INQUIRY, "Inquiry on Phone", seconds=61),  # the next minute
    ]
    rows = fold_counts(mixed)
    assert [r.text for r in rows] == [
        "40 inquiries on Phone, 14:02–14:03",
        "Decision: FAQ card answer goes first",
        "4 inquiries on E-mail, 14:02–14:03",
        "Inquiry on Phone",
    ]
    assert len(rows[0].entries) == 40 and rows[0].key == "fold:ev0000"
    assert rows[0].topics == (("is my card safe", 40),)
    assert rows[2].operators == ("ana", "lee") and rows[2].count == 4
    assert not rows[3].is_fold and rows[3].key == "ev0103"


def test_the_filter_reads_kinds_operators_and_words() -> None:
    entries = [
        entry(1, EventKind.NOTE, "Hotline queue at 6 minutes", who="priya"),
        entry(2, EventKind.NOTE, "Decision: notify today", who="maya"),
        entry(3, EventKind.INQUIRY, "Inquiry on Phone", who="priya"),
        entry(4, EventKind.TRIAGE, "Mention “x”: marked ignore", who="leo"),
        entry(5, EventKind.SYSTEM, "Feed news failing", who="maya"),
    ]

    def ids(query: str) -> list[str]:
        return [e.id for e in TimelineFilter.parse(query).apply(entries)]

    assert ids("") == [e.id for e in entries]
    assert ids("notes") == ["ev0001"]
    assert ids("dec") == ["ev0002"]
    assert ids("notes decisions") == ["ev0001", "ev0002"]
    assert ids("@pri") == ["ev0001", "ev0003"]
    assert ids("by:maya system") == ["ev0005"]
    assert ids("counts mentions") == ["ev0003", "ev0004"]
    assert ids("QUEUE minutes") == ["ev0001"]
    assert ids("kind:notes hotline @maya") == []
    assert not TimelineFilter.parse("  ").active
