"""Time helpers: UTC only, and time is always passed in, so tests and snapshots repeat exactly."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

__all__ = [
    "Clock",
    "system_clock",
    "fixed_clock",
    "utc",
    "format_elapsed",
    "format_utc",
    "parse_when",
    "WhenError",
]

Clock = Callable[[], datetime]
"""A function returning the current time, timezone-aware, in UTC."""


def system_clock() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def fixed_clock(moment: datetime) -> Clock:
    """Return a clock stuck at ``moment`` (for tests, snapshots and rehearsals)."""
    frozen = utc(moment)
    return lambda: frozen


def utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_elapsed(delta: timedelta) -> str:
    """Format a duration as ``T+hh:mm`` (or ``T-hh:mm`` before detection); days roll into hours."""
    total = int(delta.total_seconds())
    sign = "+" if total >= 0 else "-"
    minutes = abs(total) // 60
    return f"T{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_utc(moment: datetime, *, with_date: bool = False) -> str:
    """Format a time for the screen: ``14:05Z`` or ``2026-11-27 14:05Z``."""
    moment = utc(moment)
    return moment.strftime("%Y-%m-%d %H:%MZ" if with_date else "%H:%MZ")


class WhenError(ValueError):
    """The operator's time could not be understood."""


_RELATIVE = re.compile(r"^-\s*(\d+)\s*([mhd])$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*z|\s*utc)?$", re.IGNORECASE)


def parse_when(text: str, now: datetime) -> datetime:
    """Parse an operator's "when" for back-dating a timeline note.

    Accepts an empty string (now), ``-15m``/``-2h``/``-1d`` (ago), ``HH:MM`` (UTC, today, or
    yesterday if that would be in the future) and ISO 8601 (naive means UTC). A time in the
    future is refused: the timeline records what has happened.
    """
    value = text.strip()
    now = utc(now)
    if not value or value.lower() == "now":
        return now
    if match := _RELATIVE.match(value.lower()):
        amount, unit = int(match.group(1)), match.group(2)
        step = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1)}[unit]
        return now - amount * step
    if match := _CLOCK.match(value):
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise WhenError(f"{value!r} is not a time of day")
        moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        return moment - timedelta(days=1) if moment > now else moment
    try:
        moment = utc(datetime.fromisoformat(value))
    except ValueError:
        raise WhenError(
            f"{value!r}: use -15m, -2h, HH:MM (UTC) or an ISO date such as 2026-11-27T09:30Z"
        ) from None
    if moment > now + timedelta(minutes=1):
        raise WhenError(f"{value!r} is in the future")
    return moment
