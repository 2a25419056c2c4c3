"""Moving an incident file in time moves every date a reader could compare, and only those."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from warroom.incident_file import parse_incident
from warroom.incident_file.rebase import rebase_incident_data, shift_prose_dates


def test_prose_dates_move_as_moments_ranges_and_bare_days() -> None:
    delta = timedelta(days=4, hours=8, minutes=50)
    assert shift_prose_dates("between 19 and 26 November 2026", delta, 2026) == (
        "between 23 and 30 November 2026"
    )
    assert shift_prose_dates("at 22:40 UTC on 26 November", delta, 2026) == (
        "at 07:30 UTC on 1 December"
    )
    assert shift_prose_dates("between 28 and 30 December 2026", delta, 2026) == (
        "between 1 and 3 January 2027"
    )
    assert shift_prose_dates("before 15 December.", delta, 2026) == "before 19 December."
    assert shift_prose_dates("Order 12 arrived, 48200 customers", delta, 2026) == (
        "Order 12 arrived, 48200 customers"
    )


def test_the_rebased_sample_is_valid_and_consistent(sample_data: dict[str, Any]) -> None:
    detected = datetime(2031, 3, 9, 6, 15, tzinfo=UTC)
    original = datetime.fromisoformat(sample_data["incident"]["detected_at"])
    moved = rebase_incident_data(sample_data, detected - original)
    incident = parse_incident("moved", moved)
    assert incident.detected_at == detected
    aware = moved["regulatory"]["triggers"]["became_aware"]  # a time, or {at, set_by, why}
    assert (aware["at"] if isinstance(aware, dict) else aware) == "2031-03-09T06:15:00Z"
    assert moved["regulatory"]["triggers"]["materiality_determined"] is None
    assert moved["facts"]["what_happened"].startswith("On 9 March 2031 we found")
    assert moved["facts"]["customers_affected"] == sample_data["facts"]["customers_affected"]
    assert "November" not in moved["facts"]["when_happened"]
    assert moved["incident"]["id"] == sample_data["incident"]["id"]  # ids are not dates
