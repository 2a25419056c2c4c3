"""Inquiry trends: rates, sparklines, spikes on made-up series, recurring topics."""

from __future__ import annotations

from datetime import datetime, timedelta

from clockhelp import at

from warroom.domain.incident import Channel
from warroom.domain.inquiries import InquiryEvent
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.domain.trends import (
    SpikeRule,
    TopicRule,
    clock_hours,
    inquiry_trends,
    is_spike,
    recurring_topics,
    rolling_hours,
    sparkline,
    spikes_in_series,
    unrecorded_spikes,
)

PHONE = Channel("phone", "Phone", "1")
EMAIL = Channel("email", "E-mail", "2")
DETECTED = at("2026-11-26T22:40")
NOW = at("2026-11-27T10:00")


def events_per_hour(
    channel: str, counts: list[int], end: datetime, topic: str = ""
) -> list[InquiryEvent]:
    """``counts[i]`` events spread inside hour i of the hours ending at ``end``."""
    events = []
    hours = len(counts)
    for i, count in enumerate(counts):
        start = end - timedelta(hours=hours - i)
        for j in range(count):
            moment = start + timedelta(minutes=1 + j * 58 / max(count, 1))
            events.append(InquiryEvent(f"{channel}-{i}-{j}", channel, moment, "ana", 1, topic))
    return events


def test_is_spike_on_series_that_do_and_do_not_spike() -> None:
    rule = SpikeRule(ratio=3.0, baseline_hours=6, min_count=10)
    assert is_spike(30, [5, 6, 4, 5, 5, 5], rule)  # 30 >= 3 x 5
    assert not is_spike(14, [5, 6, 4, 5, 5, 5], rule)  # only 2.8x
    assert not is_spike(9, [1, 1, 1, 1, 1, 1], rule)  # 9x, but fewer than 10 inquiries
    assert is_spike(10, [0, 0, 0], rule)  # from nothing to ten
    assert not is_spike(50, [40, 45, 50, 42, 38, 44], rule)  # busy but steady
    assert not is_spike(50, [], rule)  # no baseline yet: the first hour is not a spike
    assert is_spike(14, [5, 6, 4, 5, 5, 5], SpikeRule(ratio=2.5, min_count=10))


def test_spikes_in_series_finds_the_jump_until_it_is_the_new_normal() -> None:
    series = [2, 3, 2, 2, 3, 2, 25, 26, 27]
    # Hour 7 is still 4.2x the six before it; by hour 8 the surge is the new normal (2.7x).
    assert spikes_in_series(series, SpikeRule()) == [6, 7]
    assert spikes_in_series([0] * 5 + [10], SpikeRule(), usable_from=5) == []


def test_rolling_hours_and_take_backs() -> None:
    events = events_per_hour("phone", [1, 2, 3], NOW)
    events.append(InquiryEvent("undo", "phone", NOW - timedelta(minutes=5), "ana", -1))
    assert rolling_hours(events, NOW, 3) == [1, 2, 2]
    assert rolling_hours(events, NOW, 3, "email") == [0, 0, 0]


def test_clock_hours_for_the_review() -> None:
    events = [
        InquiryEvent("a", "phone", at("2026-11-27T09:05"), "ana"),
        InquiryEvent("b", "phone", at("2026-11-27T09:55"), "ana"),
        InquiryEvent("c", "email", at("2026-11-27T11:00"), "ana"),
    ]
    series = clock_hours(events, at("2026-11-27T08:30"), at("2026-11-27T11:20"))
    assert series == [
        (at("2026-11-27T08:00"), 0),
        (at("2026-11-27T09:00"), 2),
        (at("2026-11-27T10:00"), 0),
        (at("2026-11-27T11:00"), 1),
    ]


def test_sparkline_scales_to_the_largest_value() -> None:
    assert sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""


def test_pane_trends_mark_a_spiking_channel_only() -> None:
    events = events_per_hour("phone", [3, 4, 3, 3, 4, 3, 40], NOW)
    events += events_per_hour("email", [5, 5, 6, 5, 5, 5, 6], NOW)
    trends = inquiry_trends([PHONE, EMAIL], events, DETECTED, NOW, hours=8)
    phone, email = trends.channel("phone"), trends.channel("email")
    assert phone is not None and email is not None
    assert phone.total == 60 and phone.last_hour == 40
    assert phone.hourly == (0, 3, 4, 3, 3, 4, 3, 40)
    assert phone.sparkline.endswith("█")
    assert phone.spike is not None and phone.spike.count == 40
    assert "update the FAQ and the team Q&A" in phone.spike.text
    assert email.spike is None
    assert trends.spikes == (phone.spike,)
    assert trends.hourly[-1] == 46


def test_hours_before_detection_are_not_a_baseline() -> None:
    detected = NOW - timedelta(minutes=50)
    events = events_per_hour("phone", [25], NOW)
    trends = inquiry_trends([PHONE], events, detected, NOW)
    assert trends.channels[0].spike is None
    later = inquiry_trends([PHONE], events, NOW - timedelta(hours=3), NOW)
    assert later.channels[0].spike is not None  # two quiet incident hours, then 25


def test_recurring_topics_prompt_a_faq_entry() -> None:
    events = events_per_hour("phone", [6], NOW, topic="Card stolen?")
    events += events_per_hour("email", [2], NOW, topic="  card   STOLEN? ")
    events += events_per_hour("email", [4], NOW, topic="refund")
    events += events_per_hour("email", [9], NOW - timedelta(hours=5), topic="refund")
    prompts = recurring_topics(events, NOW, TopicRule(window_hours=3, min_count=5))
    assert [(p.topic, p.count, p.channels) for p in prompts] == [
        ("Card stolen?", 8, ("email", "phone"))
    ]
    assert "add a FAQ entry" in prompts[0].text


def test_a_spike_is_written_to_the_timeline_once_an_hour() -> None:
    events = events_per_hour("phone", [2, 2, 2, 30], NOW)
    spike = inquiry_trends([PHONE], events, DETECTED, NOW).spikes[0]
    assert unrecorded_spikes([spike], [], NOW) == [spike]
    entry = TimelineEntry("t1", NOW, NOW, "system", EventKind.SYSTEM, spike.text)
    assert unrecorded_spikes([spike], [entry], NOW + timedelta(minutes=10)) == []
    assert unrecorded_spikes([spike], [entry], NOW + timedelta(hours=2)) == [spike]


def test_domain_modules_of_this_layer_import_only_the_stdlib() -> None:
    import subprocess
    import sys

    code = (
        "import sys, warroom.domain.clocks, warroom.domain.trends, warroom.domain.review, "
        "warroom.domain.inquiry_import, warroom.domain.business_days;"
        "print(sorted(m for m in ('textual','tinydb','httpx','feedparser') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
