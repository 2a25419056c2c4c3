"""The regulatory clocks a breach starts: what is due when, and how close each deadline is.

The rules are data (``warroom/data/clock_rules.json``, read by
``warroom.incident_file.regulatory.load_clock_rules``); this module only evaluates them. Each
clock runs from its own trigger (awareness, the materiality determination, the DORA
classification …), not from detection, and closes when the checklist item mapped to it is
ticked: the tick time is the filing time, so a tick after the due time is "done late".

States are always shown as a symbol plus words, never colour alone, because the war-room
screen is read from across the room, by people who may be colour-blind, in any theme.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from warroom.domain.business_days import add_business_days
from warroom.domain.checklist import Tick
from warroom.domain.clock import format_utc, utc

__all__ = [
    "Offset",
    "EndOfDay",
    "Limit",
    "Condition",
    "ClockRule",
    "TriggerDef",
    "Thresholds",
    "ClockRules",
    "RegimeApplicability",
    "RegulatoryPrep",
    "ClockState",
    "ResolvedTrigger",
    "ClockStatus",
    "resolve_triggers",
    "evaluate_clocks",
    "next_deadline",
    "format_countdown",
    "set_trigger",
    "unclosable_clocks",
]


@dataclass(frozen=True)
class Offset:
    """How far after its trigger a limit falls; exactly one field is non-zero."""

    hours: int = 0
    days: int = 0
    business_days: int = 0
    months: int = 0

    def describe(self) -> str:
        """Say the offset the way the law does: ``72 h``, ``30 days``, ``4 business days``."""
        if self.hours:
            return f"{self.hours} h"
        if self.days:
            return f"{self.days} days"
        if self.business_days:
            return f"{self.business_days} business days"
        return f"{self.months} month" + ("s" if self.months != 1 else "")


@dataclass(frozen=True)
class EndOfDay:
    """For day-counted limits: the local time on the last day by which the act must be done."""

    zone: str
    at: time


@dataclass(frozen=True)
class Limit:
    """One deadline of a rule: ``offset`` after the time of ``trigger``."""

    trigger: str
    offset: Offset
    end_of_day: EndOfDay | None = None


@dataclass(frozen=True)
class Condition:
    """A rule applies only when this many residents (of a state, or ``total``) are affected."""

    residents_in: str
    at_least: int

    def describe(self) -> str:
        """Say the condition in words."""
        where = (
            "affected people in total"
            if self.residents_in == "total"
            else (f"{self.residents_in} residents")
        )
        return f"{self.at_least} or more {where}"


@dataclass(frozen=True)
class ClockRule:
    """One legal deadline, as the rules file states it."""

    id: str
    regime: str
    name: str
    limits: tuple[Limit, ...]
    source: str
    note: str = ""
    outer_limit: bool = False
    """The law says "without unreasonable delay"; the due time is the latest, not the target."""
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class TriggerDef:
    """A named moment that starts clocks (``became_aware``, ``materiality_determined`` …)."""

    name: str
    label: str
    about: str = ""
    defaults_to_detection: bool = False
    set_by_clock: str = ""
    """When not set explicitly, the trigger is the time this clock closed."""


@dataclass(frozen=True)
class Thresholds:
    """When a running clock turns amber and red: at most min(fraction × window, cap) left."""

    amber_fraction: float = 0.25
    amber_cap: timedelta = timedelta(hours=72)
    red_fraction: float = 0.10
    red_cap: timedelta = timedelta(hours=24)

    def amber_within(self, window: timedelta) -> timedelta:
        """Time left at which a clock of this window turns amber."""
        return min(window * self.amber_fraction, self.amber_cap)

    def red_within(self, window: timedelta) -> timedelta:
        """Time left at which a clock of this window turns red."""
        return min(window * self.red_fraction, self.red_cap)


@dataclass(frozen=True)
class ClockRules:
    """Every rule, trigger and regime the rules file defines."""

    rules: tuple[ClockRule, ...]
    triggers: Mapping[str, TriggerDef]
    regimes: Mapping[str, str]
    thresholds: Thresholds = field(default_factory=Thresholds)

    def rule(self, rule_id: str) -> ClockRule | None:
        """Return the rule with this id, if any."""
        return next((r for r in self.rules if r.id == rule_id), None)


@dataclass(frozen=True)
class RegimeApplicability:
    """Whether a regime applies to this incident, and why (shown on the clock board)."""

    regime: str
    applies: bool
    why: str = ""


@dataclass(frozen=True)
class RegulatoryPrep:
    """The incident file's ``regulatory`` section, plus triggers operators set later."""

    regimes: tuple[RegimeApplicability, ...] = ()
    triggers: Mapping[str, datetime] = field(default_factory=dict)
    """Trigger times known so far; an absent trigger has not happened yet."""
    residents: Mapping[str, int] = field(default_factory=dict)
    """Affected residents per US state (two-letter code)."""
    affected_total: int | None = None
    closes: Mapping[str, str] = field(default_factory=dict)
    """Clock id → the checklist item id whose tick closes it."""
    milestones: Mapping[str, str] = field(default_factory=dict)
    """Review milestone (``first_notice``, ``faq_published`` …) → checklist item id."""
    notes: str = ""

    def regime(self, regime: str) -> RegimeApplicability | None:
        """Return what the file says about a regime (``None``: not listed)."""
        return next((r for r in self.regimes if r.regime == regime), None)

    def residents_in(self, where: str) -> int:
        """Residents affected in a state, or ``total`` (the file's total, else the states' sum)."""
        if where == "total":
            return (
                self.affected_total
                if self.affected_total is not None
                else sum(self.residents.values())
            )
        return self.residents.get(where, 0)

    def with_trigger(self, name: str, at: datetime | None) -> RegulatoryPrep:
        """Return a copy with trigger ``name`` set to ``at`` (``None`` clears it)."""
        triggers = dict(self.triggers)
        if at is None:
            triggers.pop(name, None)
        else:
            triggers[name] = utc(at)
        return replace(self, triggers=triggers)


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
}


@dataclass(frozen=True)
class ResolvedTrigger:
    """A trigger's time and where it came from (file/operator, a closed clock, detection)."""

    name: str
    at: datetime
    origin: str


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


def _add_months(moment: datetime, months: int) -> datetime:
    """Add calendar months, clamping the day (31 Jan + 1 month = 28/29 Feb)."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def limit_due(limit: Limit, start: datetime) -> datetime:
    """Return when ``limit`` falls due for a trigger at ``start`` (UTC in, UTC out).

    Day-counted limits with an ``end_of_day`` count dates in that zone and end at that local
    time; without a time zone database the count is done in UTC, which ends earlier (safe side).
    """
    start = utc(start)
    offset = limit.offset
    if offset.hours:
        return start + timedelta(hours=offset.hours)
    if offset.months:
        due = _add_months(start, offset.months)
    elif offset.days:
        due = start + timedelta(days=offset.days)
    else:
        due = start
    if limit.end_of_day is None and not offset.business_days:
        return due
    zone = _zone(limit.end_of_day.zone) if limit.end_of_day else None
    local_start = start.astimezone(zone) if zone else start
    day: date = local_start.date() if offset.business_days else due.astimezone(zone or UTC).date()
    if offset.business_days:
        day = add_business_days(day, offset.business_days)
    if limit.end_of_day is None:
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)
    local = datetime.combine(day, limit.end_of_day.at, tzinfo=zone or UTC)
    return local.astimezone(UTC)


def _closing_tick(prep: RegulatoryPrep, rule_id: str, ticks: Mapping[str, Tick]) -> Tick | None:
    item_id = prep.closes.get(rule_id, "")
    tick = ticks.get(item_id) if item_id else None
    return tick if tick is not None and tick.done else None


def resolve_triggers(
    prep: RegulatoryPrep, ticks: Mapping[str, Tick], detected_at: datetime, rules: ClockRules
) -> dict[str, ResolvedTrigger]:
    """Return every trigger that has happened: set explicitly, by a closed clock, or detection."""
    resolved: dict[str, ResolvedTrigger] = {}
    for name, definition in rules.triggers.items():
        if name in prep.triggers:
            resolved[name] = ResolvedTrigger(name, utc(prep.triggers[name]), "set")
        elif definition.set_by_clock and (
            tick := _closing_tick(prep, definition.set_by_clock, ticks)
        ):
            resolved[name] = ResolvedTrigger(
                name, utc(tick.at), f"when {definition.set_by_clock} closed"
            )
        elif definition.defaults_to_detection:
            resolved[name] = ResolvedTrigger(name, utc(detected_at), "detection time")
    for name, at in prep.triggers.items():  # triggers the rules do not know still show
        resolved.setdefault(name, ResolvedTrigger(name, utc(at), "set"))
    return resolved


def _not_applicable(rule: ClockRule, prep: RegulatoryPrep) -> str:
    """Return why ``rule`` does not apply to this incident, or ``""`` when it does."""
    regime = prep.regime(rule.regime)
    if regime is None:
        return "regime not listed in the incident file"
    if not regime.applies:
        return regime.why or "regime does not apply"
    for condition in rule.conditions:
        count = prep.residents_in(condition.residents_in)
        if count < condition.at_least:
            return f"applies with {condition.describe()} (this incident: {count})"
    return ""


def _evaluate(
    rule: ClockRule,
    prep: RegulatoryPrep,
    ticks: Mapping[str, Tick],
    triggers: Mapping[str, ResolvedTrigger],
    rules: ClockRules,
    now: datetime,
) -> ClockStatus:
    item_id = prep.closes.get(rule.id, "")
    why_not = _not_applicable(rule, prep)
    if why_not:
        return ClockStatus(rule, ClockState.NOT_APPLICABLE, now, item_id=item_id, reason=why_not)
    candidates = [
        (limit_due(limit, triggers[limit.trigger].at), triggers[limit.trigger].at, limit)
        for limit in rule.limits
        if limit.trigger in triggers
    ]
    tick = _closing_tick(prep, rule.id, ticks)
    if not candidates:
        waiting = ", ".join(
            rules.triggers[limit.trigger].label
            if limit.trigger in rules.triggers
            else limit.trigger
            for limit in rule.limits
        )
        state = ClockState.CLOSED if tick else ClockState.NOT_STARTED
        return ClockStatus(
            rule,
            state,
            now,
            closed_at=tick.at if tick else None,
            item_id=item_id,
            reason=f"waiting for: {waiting}",
        )
    due_at, started_at, binding = min(candidates, key=lambda c: c[0])
    reason = ""
    if len(rule.limits) > 1:
        reason = f"{binding.offset.describe()} after {binding.trigger} (the earlier limit)"
    if tick is not None:
        state = ClockState.CLOSED_LATE if tick.at > due_at else ClockState.CLOSED
        return ClockStatus(rule, state, now, started_at, due_at, utc(tick.at), item_id, reason)
    left = due_at - now
    window = due_at - started_at
    if left < timedelta(0):
        state = ClockState.OVERDUE
    elif left <= rules.thresholds.red_within(window):
        state = ClockState.RED
    elif left <= rules.thresholds.amber_within(window):
        state = ClockState.AMBER
    else:
        state = ClockState.RUNNING
    return ClockStatus(rule, state, now, started_at, due_at, None, item_id, reason)


def evaluate_clocks(
    prep: RegulatoryPrep,
    ticks: Mapping[str, Tick],
    detected_at: datetime,
    now: datetime,
    rules: ClockRules,
    *,
    include_not_applicable: bool = True,
) -> tuple[ClockStatus, ...]:
    """Evaluate every clock of every regime the incident file lists, in rules-file order.

    Rules of regimes the file does not list are left out; rules of listed regimes that do not
    apply (regime marked not applicable, too few residents) are kept as NOT_APPLICABLE rows
    with the reason, so the board shows counsel's reasoning, unless ``include_not_applicable``
    is false.
    """
    now = utc(now)
    triggers = resolve_triggers(prep, ticks, detected_at, rules)
    statuses = [
        _evaluate(rule, prep, ticks, triggers, rules, now)
        for rule in rules.rules
        if prep.regime(rule.regime) is not None
    ]
    if not include_not_applicable:
        statuses = [s for s in statuses if s.state is not ClockState.NOT_APPLICABLE]
    return tuple(statuses)


def next_deadline(statuses: Iterable[ClockStatus]) -> ClockStatus | None:
    """The clock for the header countdown: the open clock due first (overdue ones first)."""
    open_clocks = [s for s in statuses if s.state.is_open and s.due_at is not None]
    if not open_clocks:
        return None
    return min(open_clocks, key=lambda s: (s.state is not ClockState.OVERDUE, s.due_at))


def set_trigger(
    prep: RegulatoryPrep, name: str, at: datetime | None, rules: ClockRules
) -> tuple[RegulatoryPrep, str]:
    """Set (or, with ``None``, clear) a trigger; return the new prep and the timeline text.

    The caller stores the returned prep's ``triggers`` and records the text as a TRIGGER
    timeline entry, so the audit trail shows who started which clock when.
    """
    definition = rules.triggers.get(name)
    if definition is None:
        known = ", ".join(sorted(rules.triggers))
        raise ValueError(f"unknown trigger {name!r} (known: {known})")
    if at is None:
        return prep.with_trigger(name, None), f"Trigger cleared: {definition.label}"
    started = [r.name for r in rules.rules if any(lim.trigger == name for lim in r.limits)]
    text = f"Trigger set: {definition.label} at {format_utc(at, with_date=True)}"
    if started:
        text += " — starts: " + "; ".join(started)
    return prep.with_trigger(name, at), text


def unclosable_clocks(
    prep: RegulatoryPrep, checklist_ids: Iterable[str], rules: ClockRules
) -> list[str]:
    """Return ids of applicable clocks with no checklist item (or a missing one) to close them."""
    known = set(checklist_ids)
    missing: list[str] = []
    for rule in rules.rules:
        if prep.regime(rule.regime) is None or _not_applicable(rule, prep):
            continue
        if prep.closes.get(rule.id, "") not in known:
            missing.append(rule.id)
    return missing
