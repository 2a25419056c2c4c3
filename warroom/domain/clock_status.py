"""Where one clock stands at a moment: its state (symbol and words) and the board's row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from warroom.domain.clock import format_utc
from warroom.domain.clock_rules import ClockRule

__all__ = ["ClockState", "ResolvedTrigger", "ClockStatus", "format_countdown"]


class ClockState(StrEnum):
    """Where a clock stands; ``symbol`` and ``text`` carry the meaning without colour."""

    NOT_APPLICABLE = "not-applicable"
    NOT_STARTED = "not-started"
    RUNNING = "running"
    AMBER = "amber"
    RED = "red"
    OVERDUE = "overdue"
    CLOSED = "closed"
    CLOSED_LATE = "closed-late"
    PAUSED = "paused"
    """A lawful delay (law enforcement, the DOJ under Item 1.05(c)) stops the clock."""
    NO_FIXED_DEADLINE = "no-fixed-deadline"
    """The law sets no number of days ("without unreasonable delay"): no date to show."""

    @property
    def symbol(self) -> str:
        """A glyph that differs per state (for the board and the header)."""
        return _SYMBOLS[self]

    @property
    def text(self) -> str:
        """The state in words."""
        return _TEXTS[self]

    @property
    def label(self) -> str:
        """Symbol and words together, e.g. ``▲ due soon``."""
        return f"{self.symbol} {self.text}"

    @property
    def is_open(self) -> bool:
        """True while the clock is running (in any shade) or overdue."""
        return self in (ClockState.RUNNING, ClockState.AMBER, ClockState.RED, ClockState.OVERDUE)


_SYMBOLS = {
    ClockState.NOT_APPLICABLE: "–",
    ClockState.NOT_STARTED: "○",
    ClockState.RUNNING: "◷",
    ClockState.AMBER: "▲",
    ClockState.RED: "‼",
    ClockState.OVERDUE: "✖",
    ClockState.CLOSED: "✔",
    ClockState.CLOSED_LATE: "✔",
    ClockState.PAUSED: "⏸",
    ClockState.NO_FIXED_DEADLINE: "◇",
}
_TEXTS = {
    ClockState.NOT_APPLICABLE: "not applicable",
    ClockState.NOT_STARTED: "not started",
    ClockState.RUNNING: "running",
    ClockState.AMBER: "due soon",
    ClockState.RED: "due very soon",
    ClockState.OVERDUE: "OVERDUE",
    ClockState.CLOSED: "done",
    ClockState.CLOSED_LATE: "done late",
    ClockState.PAUSED: "paused",
    ClockState.NO_FIXED_DEADLINE: "no fixed date",
}


@dataclass(frozen=True)
class ResolvedTrigger:
    """A trigger's time and where it came from (file/operator, a closed clock, detection)."""

    name: str
    at: datetime
    origin: str
    set_by: str = ""
    why: str = ""
    """Who set the trigger and why: a trigger time is a legal judgement."""


@dataclass(frozen=True)
class ClockStatus:
    """One clock at ``now``: the row of the clock board."""

    rule: ClockRule
    state: ClockState
    now: datetime
    started_at: datetime | None = None
    due_at: datetime | None = None
    closed_at: datetime | None = None
    item_id: str = ""
    reason: str = ""
    """Why it is not applicable or not started, or which limit binds (for DORA's two)."""

    @property
    def id(self) -> str:
        """The rule id."""
        return self.rule.id

    @property
    def label(self) -> str:
        """Symbol and words, e.g. ``✖ OVERDUE``."""
        return self.state.label

    @property
    def remaining(self) -> timedelta | None:
        """Time left until due (negative once overdue); ``None`` if not running."""
        if self.due_at is None or not self.state.is_open:
            return None
        return self.due_at - self.now

    @property
    def ran_over(self) -> bool:
        """True when the deadline passed before the clock closed (or it is still open past it)."""
        return self.state in (ClockState.OVERDUE, ClockState.CLOSED_LATE)

    @property
    def due_text(self) -> str:
        """``due 2026-11-29 22:40Z`` or ``at most by …`` for an outer limit."""
        if self.due_at is None:
            return ""
        prefix = "at most by" if self.rule.outer_limit else "due"
        return f"{prefix} {format_utc(self.due_at, with_date=True)}"

    @property
    def local_due_text(self) -> str:
        """The due time where the law counts it (``Tue 2026-11-24 17:30 EST``), for the SEC.

        Shown beside the UTC time because counsel and the filing agent read Eastern time;
        ``""`` for rules counted in UTC.
        """
        zone = next((lim.end_of_day.zone for lim in self.rule.limits if lim.end_of_day), "")
        if self.due_at is None or not zone:
            return ""
        local = self.due_at.astimezone(ZoneInfo(zone))
        return local.strftime("%a %Y-%m-%d %H:%M %Z") + f" ({zone})"

    @property
    def outer_limit_note(self) -> str:
        """For "without unreasonable delay" rules: the date is the latest, not the target."""
        if not self.rule.outer_limit and self.rule.fixed_deadline:
            return ""
        if not self.rule.fixed_deadline:
            return "no fixed date: notify without unreasonable delay"
        return "notify without unreasonable delay; this date is the latest, not the target"

    @property
    def summary(self) -> str:
        """One line for the header or a list: label, name, countdown or closing time."""
        parts = [self.label, self.rule.name]
        if self.state.is_open and self.remaining is not None:
            parts.append(format_countdown(self.remaining))
            parts.append(self.due_text)
        elif self.closed_at is not None:
            parts.append(f"closed {format_utc(self.closed_at, with_date=True)}")
        elif self.reason:
            parts.append(self.reason)
        return " · ".join(parts)


def format_countdown(remaining: timedelta) -> str:
    """``2d 03:15 left``, ``03:15 left`` or ``overdue by 1d 02:00`` (minutes, rounded down)."""
    total = int(remaining.total_seconds())
    overdue = total < 0
    minutes = abs(total) // 60
    days, rest = divmod(minutes, 24 * 60)
    clock = f"{rest // 60:02d}:{rest % 60:02d}"
    text = f"{days}d {clock}" if days else clock
    return f"overdue by {text}" if overdue else f"{text} left"
