"""The CSV importer: good files come in whole, bad rows are reported by line, nothing half-in."""

from __future__ import annotations

import itertools

import pytest
from clockhelp import at

from warroom.domain.incident import Channel
from warroom.domain.inquiry_import import (
    InquiryImportError,
    fingerprint,
    parse_inquiry_csv,
    to_events,
)

CHANNELS = [Channel("phone", "Phone / switchboard", "1"), Channel("email", "E-mail", "2")]
NOW = at("2026-11-27T12:00")


def test_a_good_file_with_ids_names_offsets_and_a_bom() -> None:
    text = (
        "\ufefftimestamp,channel,count,topic\r\n"
        "2026-11-27T09:15:00Z,phone,3,card stolen?\r\n"
        "2026-11-27T10:15:00+01:00,E-MAIL,2,\r\n"
        "\r\n"
        '2026-11-27T09:30:00Z,Phone / switchboard,1,"refund, please"\r\n'
    )
    rows = parse_inquiry_csv(text, CHANNELS, NOW)
    assert [(r.line, r.at, r.channel_id, r.count, r.topic) for r in rows] == [
        (2, at("2026-11-27T09:15"), "phone", 3, "card stolen?"),
        (3, at("2026-11-27T09:15"), "email", 2, ""),
        (5, at("2026-11-27T09:30"), "phone", 1, "refund, please"),
    ]
    ids = (f"e{i}" for i in itertools.count())
    events = to_events(rows, "ana", lambda: next(ids))
    assert len(events) == 6 and {e.delta for e in events} == {1}
    assert events[0].topic == "card stolen?" and events[0].operator == "ana"


def test_columns_in_any_order_and_topic_optional() -> None:
    rows = parse_inquiry_csv(
        "count,channel,timestamp\n4,email,2026-11-27T08:00:00Z\n", CHANNELS, NOW
    )
    assert rows[0].count == 4 and rows[0].topic == ""


def test_bad_rows_are_all_reported_by_line_and_nothing_is_returned() -> None:
    text = (
        "timestamp,channel,count,topic\n"
        "2026-11-27T09:15:00Z,phone,3,ok\n"
        "2026-11-27 09:15,phone,1,\n"
        "2026-11-27T09:15:00Z,fax,1,\n"
        "2026-11-27T09:15:00Z,phone,0,\n"
        "2026-11-27T09:15:00Z,phone,2.5,\n"
        "2026-11-28T09:15:00Z,phone,1,\n"
        "2026-11-27T09:15:00Z,phone\n"
        "yesterday,email,-1,\n"
    )
    with pytest.raises(InquiryImportError) as error:
        parse_inquiry_csv(text, CHANNELS, NOW, source="calls.csv")
    problems = {p.line: p.problem for p in error.value.problems}
    assert sorted(problems) == [3, 4, 5, 6, 7, 8, 9]
    assert "no UTC offset" in problems[3]
    assert "'fax' is not one of: phone, email" in problems[4]
    assert "between 1 and" in problems[5]
    assert "not a whole number" in problems[6]
    assert "in the future" in problems[7]
    assert "expected 4 values, found 2" in problems[8]
    assert "not ISO 8601" in problems[9] and "not a whole number" in problems[9]
    assert str(error.value).startswith("calls.csv: 7 problem(s), nothing imported")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty file"),
        ("time,channel,count\n", "missing column(s): timestamp"),
        ("timestamp,channel,count,agent\n", "unknown column(s): 'agent'"),
        ("timestamp,channel,count\n", "no rows to import"),
        ('timestamp,channel,count\n"2026-11-27T09:15:00Z,phone,1\n', "not readable as CSV"),
    ],
)
def test_wrong_files_are_refused(text: str, words: str) -> None:
    with pytest.raises(InquiryImportError, match="nothing imported") as error:
        parse_inquiry_csv(text, CHANNELS, NOW)
    assert words in str(error.value)


def test_fingerprint_tells_the_same_export_apart() -> None:
    assert fingerprint("a,b\n") == fingerprint("a,b\n")
    assert fingerprint("a,b\n") != fingerprint("a,c\n")
