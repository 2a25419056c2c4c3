"""Lawful pauses, closed days and a trigger's reason as service intents (issue 13).

Each intent is checked the way another operator would see it: through a second service on the
same real file. Each writes one timeline entry and is refused on a read-only dashboard.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.service.conftest import NOW, Services
from warroom.domain.clocks import ClockState
from warroom.domain.timeline import EventKind
from warroom.service import READ_ONLY_TEXT, IntentRefused, ReadOnlyError

AWARE = datetime(2026, 11, 26, 22, 40, tzinfo=UTC)  # the sample's became_aware


def state_of(services: Services, clock_id: str, now: datetime = NOW) -> ClockState:
    """The clock's state as another operator reads it from the file."""
    return services("other", now=now).clock_status(clock_id).state


def trigger_entries(services: Services) -> list[str]:
    return [e.text for e in services("reader").view().room.timeline if e.kind is EventKind.TRIGGER]


def test_a_pause_stops_every_clock_its_law_allows_and_not_the_gdpr(services: Services) -> None:
    ana = services("ana")
    before = len(trigger_entries(services))
    text = ana.pause_clocks("law-enforcement", why="FBI field office letter, ref 26-114").value
    # Cal. Civ. Code 1798.82(c) and the other states' delay clauses stop the resident notices;
    # GDPR Art. 33 has no such clause, so its 72 hours keep running.
    assert text.startswith("Clock paused: law-enforcement delay from 2026-11-27 03:00Z")
    assert "FBI field office letter" in text and "California: notify residents" in text
    for clock in ("us-ca-individuals", "us-ny-individuals", "us-wa-individuals"):
        assert state_of(services, clock) is ClockState.PAUSED
    assert state_of(services, "gdpr-authority") is ClockState.RUNNING
    entries = trigger_entries(services)
    assert len(entries) == before + 1 and entries[-1] == text
    with pytest.raises(IntentRefused, match="already running since 2026-11-27 03:00Z"):
        services("bo").pause_clocks("law-enforcement", why="second letter")


def test_a_pause_needs_a_reason_and_a_clock_whose_law_allows_it(services: Services) -> None:
    ana = services("ana")
    with pytest.raises(IntentRefused, match="who asked for the delay"):
        ana.pause_clocks("law-enforcement", why="  ")
    with pytest.raises(IntentRefused, match="allows no law-enforcement pause"):
        ana.pause_clocks("law-enforcement", ["gdpr-authority"], why="FBI letter")
    # No clock of the sample provides the HIPAA oral-request delay (45 CFR 164.412(b)).
    with pytest.raises(IntentRefused, match="no open clock of this incident allows"):
        ana.pause_clocks("law-enforcement-oral", why="a call from the FBI")
    assert services("reader").view().regulatory.pauses == ()


def test_resuming_adds_the_time_paused(services: Services) -> None:
    start = AWARE + timedelta(days=5)
    services("ana", now=start).pause_clocks(
        "law-enforcement", ["us-ca-individuals"], why="FBI letter"
    )
    end = start + timedelta(days=10)
    text = services("bo", now=end).resume_clocks().value
    assert text.startswith("Clock resumed: law-enforcement delay ended 2026-12-11 22:40Z")
    # Cal. Civ. Code 1798.82(a): 30 days from awareness (2026-12-26 22:40Z) plus 10 paused.
    status = services("other", now=end).clock_status("us-ca-individuals")
    assert status.due_at == datetime(2027, 1, 5, 22, 40, tzinfo=UTC)
    with pytest.raises(IntentRefused, match="no pause is running"):
        services("bo", now=end).resume_clocks()


def test_a_closure_moves_the_sec_clock_a_business_day(services: Services) -> None:
    ana = services("ana")
    # Determined Thu 26 Nov 2026 (Thanksgiving) 12:00 ET: 4 business days are Fri 27, Mon 30,
    # Tue 1, Wed 2 Dec (Form 8-K General Instruction B.1; 17 CFR 240.0-3 business days).
    ana.set_trigger("materiality_determined", datetime(2026, 11, 26, 17, 0, tzinfo=UTC))
    before = ana.clock_status("sec-8k").due_at
    assert before == datetime(2026, 12, 2, 22, 30, tzinfo=UTC)
    text = ana.add_closure(date(2026, 11, 30), "Executive order closing executive departments")
    assert text.value.startswith("Closure added to")
    assert services("other").clock_status("sec-8k").due_at == datetime(
        2026, 12, 3, 22, 30, tzinfo=UTC
    )
    assert trigger_entries(services)[-1] == text.value
    with pytest.raises(IntentRefused, match="say why the day is closed"):
        ana.add_closure(date(2026, 12, 1), "")
    with pytest.raises(IntentRefused, match="is not a calendar"):
        ana.add_closure(date(2026, 12, 1), "order", calendar="mars")


def test_a_trigger_reason_keeps_its_time_and_says_who_decided(services: Services) -> None:
    carla = services("carla")
    text = carla.trigger_reason("became_aware", "SOC ticket 881 confirmed exfiltration").value
    assert text.startswith("Trigger set: Became aware")
    assert "(by carla: SOC ticket 881 confirmed exfiltration)" in text
    stored = services("other").view().regulatory.triggers["became_aware"]
    assert stored.at == AWARE and stored.why == "SOC ticket 881 confirmed exfiltration"
    assert trigger_entries(services)[-1] == text
    with pytest.raises(IntentRefused, match="has not happened yet"):
        carla.trigger_reason("materiality_determined", "committee met")


def test_every_clock_intent_is_refused_read_only(services: Services) -> None:
    wall = services("wall", read_only=True)
    for attempt in (
        lambda: wall.pause_clocks("law-enforcement", why="FBI letter"),
        lambda: wall.resume_clocks(),
        lambda: wall.add_closure(date(2026, 11, 30), "order"),
        lambda: wall.trigger_reason("became_aware", "why"),
        lambda: wall.set_trigger("materiality_determined", NOW),
    ):
        with pytest.raises(ReadOnlyError, match=READ_ONLY_TEXT):
            attempt()
    reader = services("reader").view()
    assert reader.regulatory.pauses == () and reader.regulatory.closures == ()
    assert reader.regulatory.triggers == {}
