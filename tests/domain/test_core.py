"""The domain's small pieces, on their own: clocks, checklist state, counts, merging, text."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from warroom.domain.checklist import Tick, item_status, overdue_items, progress
from warroom.domain.clock import WhenError, format_elapsed, parse_when
from warroom.domain.incident import ChecklistItem, Facts, Incident, PlaybookStep, Severity, Status
from warroom.domain.inquiries import InquiryEvent, totals
from warroom.domain.mentions import Mention, merge_new
from warroom.domain.text import html_to_text, inert

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def _incident(*items: ChecklistItem) -> Incident:
    facts = Facts(
        "x", ("names",), 10, "y", "z", "1-800-555-0100", "https://e.example", "a@e.example"
    )
    return Incident("i", "T", Severity.HIGH, Status.NOTIFYING, NOW - timedelta(hours=5), "s", facts,
                    checklist=items)  # fmt: skip


def test_elapsed_is_hours_and_minutes_and_rolls_days_into_hours() -> None:
    assert format_elapsed(timedelta(hours=26, minutes=5, seconds=59)) == "T+26:05"
    assert format_elapsed(timedelta(minutes=-90)) == "T-01:30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", NOW), ("now", NOW), ("-15m", NOW - timedelta(minutes=15)),
     ("-2h", NOW - timedelta(hours=2)),
     ("09:30", NOW.replace(hour=9, minute=30)), ("13:00", NOW.replace(hour=13) - timedelta(days=1)),
     ("2026-11-27T08:00", NOW.replace(hour=8))],
)  # fmt: skip
def test_parse_when_accepts_what_an_operator_types(text: str, expected: datetime) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "25:00", "2030-01-01T00:00Z", "-5x"])
def test_parse_when_refuses_nonsense_and_the_future(text: str) -> None:
    with pytest.raises(WhenError):
        parse_when(text, NOW)


def test_overdue_is_only_past_due_and_not_done() -> None:
    late = ChecklistItem("late", PlaybookStep.TELL, "Late", due=timedelta(hours=4))
    soon = ChecklistItem("soon", PlaybookStep.TELL, "Soon", due=timedelta(hours=5, minutes=20))
    done = ChecklistItem("done", PlaybookStep.PREPARE, "Done", due=timedelta(hours=1))
    incident = _incident(late, soon, done)
    ticks = {"done": Tick("done", True, "kim", NOW)}
    assert [i.id for i in overdue_items(incident, ticks, NOW)] == ["late"]
    assert item_status(incident, soon, ticks, NOW).due_soon
    assert progress(incident.checklist, ticks) == (1, 3)


def test_taking_back_never_goes_below_zero() -> None:
    events = [
        InquiryEvent("1", "phone", NOW, "a"),
        InquiryEvent("2", "phone", NOW, "a", -1),
        InquiryEvent("3", "phone", NOW, "a", -1),
        InquiryEvent("4", "email", NOW, "a"),
    ]
    assert totals(events) == {"phone": 0, "email": 1}


def test_merge_new_drops_what_was_seen_by_entry_id_or_same_article() -> None:
    def mention(n: int, entry: str, url: str, title: str) -> Mention:
        return Mention(f"m{n}", "f", title, url, NOW, NOW, entry_id=entry)

    seen: set[str] = set()
    first = merge_new(seen, [mention(1, "a", "https://x/1", "Breach")])
    again = merge_new(seen, [mention(2, "a", "https://x/9", "Other"),  # same entry id
                             mention(3, "b", "https://x/1", "  breach "),  # same article
                             mention(4, "c", "https://x/1", "Another record")])  # fmt: skip
    assert [m.id for m in first] == ["m1"] and [m.id for m in again] == ["m4"]


def test_inert_removes_escapes_controls_and_bidi_and_keeps_markup_literal() -> None:
    text = inert("\x1b]52;c;AAAA\x07[b]x[/b] \u202eevil\u200b\x00 \x9b31m")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text and "\x9b" not in text
    assert "[b]x[/b]" in text and "\ufffd]52;c;AAAA" in text
    assert inert("a" * 50, limit=10) == "a" * 9 + "…"
    assert html_to_text("<b>Northwind</b> &amp; <script>x()</script>co") == "Northwind & co"


def test_html_to_text_reads_simple_markup_as_the_html_parser_does() -> None:
    from warroom.domain.text import _parsed_text

    pieces = [
        "<b>", "</b>", "<p>", "</p>", "<br>", "<br/>", '<a href="x?a=1&amp;b">', "</a>", "&amp;",
        "&lt;", "&nbsp;", "&#8212;", "text", " ", "<", ">", "5 < 6", "<script>", "</script>",
        "<!-- c -->", '<img src=x alt="a>b">', "<div\n>", '<a href = "x">', "Vector<T>", "&",
        '<span abbr="">', "<i class='y'>",
    ]  # fmt: skip
    rng = random.Random(3)
    for _ in range(3000):
        fragment = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 9)))
        assert html_to_text(fragment) == inert(_parsed_text(fragment).replace("\xa0", " "))


def test_html_to_text_never_lets_an_unclosed_element_swallow_the_rest() -> None:
    assert html_to_text("Before <script>steal() and after") == "Before steal() and after"
    assert html_to_text("a <style>x{} b") == "a x{} b"
    assert html_to_text("5 < 6 and 7 > 3") == "5 < 6 and 7 > 3"
    assert html_to_text("unclosed <!-- comment stays") == "unclosed <!-- comment stays"
    assert html_to_text("<p>a</p><p>b</p>c<br>d") == "a b c d"


def test_the_mention_spike_sentence_reads_plainly() -> None:
    from datetime import UTC, datetime

    from warroom.domain.mention_trends import MentionSpike

    end = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
    fresh = MentionSpike("", end, end, 12, 0.0)
    assert "(none in the hours before)" in fresh.text
    assert fresh.text.startswith("Mention spike (all feeds): 12 in the hour to")
    grown = MentionSpike("Northwind", end, end, 30, 2.5)
    assert "(12.0× the hours before, 2.5 an hour)" in grown.text
