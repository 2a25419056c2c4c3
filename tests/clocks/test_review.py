"""The review's metrics on a recorded incident whose answers are known, and its exports."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from clockhelp import at, sample_incident_data, tick

from warroom.domain.clocks import ClockRules, evaluate_clocks
from warroom.domain.inquiries import InquiryEvent
from warroom.domain.mentions import Mention, Triage, TriageRecord
from warroom.domain.review import Review, build_review, compress
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.domain.warroom import WarRoom
from warroom.exporters.review import render_review, review_html, review_markdown
from warroom.incident_file import parse_incident
from warroom.incident_file.regulatory import milestones_of

NOW = at("2026-11-30T12:00")
SCRIPT = "<script>alert('pwned')</script>"


def mention(mid: str, fetched: str) -> Mention:
    return Mention(
        mid, "alerts", f"title {mid}", f"https://x.example/{mid}", at(fetched), at(fetched)
    )


def recorded_room() -> WarRoom:
    incident = parse_incident("sample", sample_incident_data())
    ticks = {
        t.item_id: t
        for t in [
            tick("notify-individuals", "2026-11-27T06:40"),  # T+08:00, due 12 h
            tick("faq-published", "2026-11-27T08:40"),  # T+10:00, due 8 h: late
            tick("brief-customer-service", "2026-11-27T04:40"),  # T+06:00
            tick("brief-social", "2026-11-27T10:40"),  # T+12:00, due 10 h: late
            tick("notify-authority-gdpr", "2026-11-30T00:00"),  # past 72 h: late
            tick("hotline-staffed", "2026-11-27T01:00", done=False),
        ]
    }
    inquiries = []
    for hour in range(6):  # 2 an hour on the phone from 00:00 to 05:59
        for minute in (10, 40):
            moment = at("2026-11-27T00:00") + timedelta(hours=hour, minutes=minute)
            inquiries.append(InquiryEvent(f"p{hour}{minute}", "phone", moment, "ana"))
    for i in range(30):  # then 30 in the 06:00 hour: a spike
        inquiries.append(
            InquiryEvent(f"s{i}", "phone", at("2026-11-27T06:00") + timedelta(minutes=i), "ana")
        )
    for i in range(5):
        inquiries.append(
            InquiryEvent(f"e{i}", "email", at("2026-11-27T07:05"), "bo", topic="refund")
        )
    mentions = (
        mention("m1", "2026-11-26T23:00"),
        mention("m2", "2026-11-26T23:30"),
        mention("m3", "2026-11-27T00:00"),
        mention("m4", "2026-11-27T00:30"),
    )
    triage = {
        "m1": TriageRecord("m1", Triage.RESPONDED, "cy", at("2026-11-27T01:00")),  # 2 h
        "m2": TriageRecord("m2", Triage.MONITOR, "cy", at("2026-11-27T00:00")),  # 30 min
        "m3": TriageRecord("m3", Triage.IGNORE, "cy", at("2026-11-27T00:10")),  # 10 min
    }
    timeline = (
        TimelineEntry(
            "t1",
            at("2026-11-26T22:40"),
            at("2026-11-26T22:41"),
            "ana",
            EventKind.NOTE,
            "Breach confirmed",
        ),
        TimelineEntry(
            "t2",
            at("2026-11-27T02:00"),
            at("2026-11-27T02:00"),
            "bo",
            EventKind.NOTE,
            f"Pasted {SCRIPT} from a tweet",
        ),
    )
    return WarRoom(incident, ticks, timeline, tuple(inquiries), mentions, triage)


def make_review(rules: ClockRules) -> Review:
    room = recorded_room()
    prep = room.incident.extras["regulatory"]
    clocks = evaluate_clocks(prep, room.ticks, room.incident.detected_at, NOW, rules)  # type: ignore[arg-type]
    answers = {
        "what_happened": f"A contractor login was stolen.\n{SCRIPT}",
        "went_right": "Fast notice",
    }
    return build_review(room, NOW, clocks=clocks, milestones=milestones_of(prep), answers=answers)  # type: ignore[arg-type]


def test_times_from_detection(rules: ClockRules) -> None:
    review = make_review(rules)
    marks = {m.label: m for m in review.milestones}
    assert marks["First notice sent to customers"].elapsed_text == "T+08:00"
    assert not marks["First notice sent to customers"].late
    assert marks["FAQ published"].elapsed_text == "T+10:00" and marks["FAQ published"].late
    assert marks["First public response"].elapsed_text == "T+02:20"  # the first reply logged
    teams = {m.label: m for m in review.team_briefings}
    assert teams["Customer service briefed"].elapsed_text == "T+06:00"
    assert teams["Social media community managers briefed"].late
    assert teams["Sales force briefed"].at is None
    gdpr = next(c for c in review.filings if c.id == "gdpr-authority")
    assert gdpr.closed_at == at("2026-11-30T00:00")
    assert {c.id for c in review.clocks_ran_over} == {
        "gdpr-authority",
        "nis2-early-warning",
        "nis2-notification",
    }
    assert not any(c.rule.regime == "dora" for c in review.filings)


def test_inquiry_mention_and_checklist_metrics(rules: ClockRules) -> None:
    review = make_review(rules)
    assert review.inquiries_total == 47
    phone = next(c for c in review.inquiries if c.channel_id == "phone")
    assert (phone.total, phone.peak_hour, phone.peak_count) == (42, at("2026-11-27T06:00"), 30)
    assert review.peak_hour == (at("2026-11-27T06:00"), 30)
    assert [(s.channel_id, s.hour, s.count) for s in review.spikes] == [
        ("phone", at("2026-11-27T06:00"), 30)
    ]
    assert (
        review.mentions_by_state[Triage.NEW] == 1
        and review.mentions_by_state[Triage.RESPONDED] == 1
    )
    assert review.median_to_triage == timedelta(minutes=30)
    assert review.median_to_respond == timedelta(hours=2)
    assert (review.checklist_done, review.checklist_total) == (
        5,
        len(recorded_room().incident.checklist),
    )
    assert {s.item.id for s in review.late_items} == {
        "faq-published",
        "brief-social",
        "notify-authority-gdpr",
    }
    overdue = {s.item.id for s in review.overdue_items}
    assert "notice-what-to-do" in overdue and "hotline-staffed" in overdue
    assert "faq-published" not in overdue
    assert [q for q, _, _ in review.answers] == [
        "what_happened",
        "went_right",
        "improve",
        "next_time",
    ]


def test_html_is_well_formed_escapes_and_charts(rules: ClockRules) -> None:
    page = review_html(make_review(rules))
    assert page.startswith("<!DOCTYPE html>")
    root = ET.fromstring(page.split("\n", 1)[1])  # parses as XML: every tag closed
    assert root.tag == "html"
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;") == 2  # the note and the answer, as text
    svgs = root.findall(".//{http://www.w3.org/2000/svg}svg")
    assert len(svgs) == 2
    bars = svgs[0].findall("{http://www.w3.org/2000/svg}rect")
    assert len(bars) == len(make_review(rules).inquiry_hours)
    assert "Not answered yet." in page
    assert "T+10:00" in page and "✔ done late" in page


def test_markdown_has_sparklines_and_escapes(rules: ClockRules) -> None:
    text = review_markdown(make_review(rules))
    assert "<script" not in text.lower() and "&lt;script&gt;" in text
    assert "## The four questions" in text and "### Where can we improve?" in text
    assert "█" in text  # the spike shows on the sparkline
    assert "| Customer service briefed | 2026-11-27 04:40Z | T+06:00 |  |" in text
    with pytest.raises(ValueError, match="unknown format"):
        render_review(make_review(rules), "pdf")


def test_compress_sums_neighbours() -> None:
    assert compress([1, 2, 3, 4, 5], 2) == [6, 9]
    assert compress([1, 2], 5) == [1, 2]
