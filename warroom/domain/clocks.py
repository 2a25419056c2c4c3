"""The regulatory clocks a breach starts: what is due when, and how close each deadline is.

The rules are data (``warroom/data/clock_rules.json``, read by
``warroom.incident_file.regulatory.load_clock_rules``; their shape is in
``warroom.domain.clock_rules``); this module only evaluates them. Each clock runs from its own
trigger (awareness, the materiality determination, the DORA classification …), not from
detection, and closes when the checklist item mapped to it is ticked: the tick time is the
filing time, so a tick after the due time is "done late". A lawful delay (a law-enforcement
request, the SEC's Justice-Department delay) pauses a clock instead of letting it run OVERDUE.

States are always shown as a symbol plus words, never colour alone, because the war-room
screen is read from across the room, by people who may be colour-blind, in any theme.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from warroom.domain.business_days import BusinessCalendar
from warroom.domain.checklist import Tick
from warroom.domain.clock import format_utc, utc
from warroom.domain.clock_rules import (
    NOT_LEGAL_ADVICE,
    RECIPIENTS,
    ClockRule,
    ClockRules,
    Condition,
    EndOfDay,
    Limit,
    Offset,
    PauseKind,
    Thresholds,
    TriggerDef,
    not_legal_advice,
)
from warroom.domain.clock_status import ClockState, ClockStatus, ResolvedTrigger, format_countdown
from warroom.domain.deadlines import MissingTimeZoneError, limit_due, relief_due
from warroom.domain.regulatory_prep import (
    Pause,
    RegimeApplicability,
    RegulatoryPrep,
    RulesReview,
    TriggerNote,
)

__all__ = [
    # re-exported rule shapes and incident-file facts: callers import them from here
    "Offset",
    "EndOfDay",
    "Limit",
    "Condition",
    "ClockRule",
    "TriggerDef",
    "PauseKind",
    "Thresholds",
    "ClockRules",
    "RECIPIENTS",
    "RegimeApplicability",
    "TriggerNote",
    "Pause",
    "RulesReview",
    "RegulatoryPrep",
    # this module
    "ClockState",
    "ResolvedTrigger",
    "ClockStatus",
    "MissingTimeZoneError",
    "NOT_LEGAL_ADVICE",
    "not_legal_advice",
    "limit_due",
    "resolve_triggers",
    "evaluate_clocks",
    "next_deadline",
    "format_countdown",
    "set_trigger",
    "unclosable_clocks",
    "review_status",
    "unlisted_states",
    "clock_record",
    "pause_problem",
    "pause_text",
    "pausable_clocks",
    "running_pauses",
]


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
            resolved[name] = _set_trigger(prep, name)
        elif definition.set_by_clock and (
            tick := _closing_tick(prep, definition.set_by_clock, ticks)
        ):
            resolved[name] = ResolvedTrigger(
                name, utc(tick.at), f"when {definition.set_by_clock} closed", tick.operator
            )
        elif definition.defaults_to_detection:
            resolved[name] = ResolvedTrigger(name, utc(detected_at), "detection time")
    for name in prep.triggers:  # triggers the rules do not know still show
        resolved.setdefault(name, _set_trigger(prep, name))
    return resolved


def _set_trigger(prep: RegulatoryPrep, name: str) -> ResolvedTrigger:
    note = prep.trigger_notes.get(name, TriggerNote())
    return ResolvedTrigger(name, utc(prep.triggers[name]), "set", note.set_by, note.why)


def _not_applicable(
    rule: ClockRule, prep: RegulatoryPrep, triggers: Mapping[str, ResolvedTrigger] | None = None
) -> str:
    """Return why ``rule`` does not apply to this incident, or ``""`` when it does."""
    regime = prep.regime(rule.regime)
    if regime is None:
        return "regime not listed in the incident file"
    if not regime.applies:
        return regime.why or "regime does not apply"
    for condition in rule.conditions:
        count = prep.residents_in(condition.residents_in)
        if not condition.holds(count):
            return f"applies with {condition.describe()} (this incident: {count})"
    start = (triggers or {}).get(rule.effective_on)
    if start is not None:
        day = start.at.date()
        if rule.effective_from is not None and day < rule.effective_from:
            return f"in force from {rule.effective_from} ({rule.effective_on}: {day})"
        if rule.effective_to is not None and day >= rule.effective_to:
            return f"in force until {rule.effective_to} ({rule.effective_on}: {day})"
    return ""


def _limit_start(limit: Limit, triggers: Mapping[str, ResolvedTrigger]) -> datetime | None:
    """The limit's start: its trigger, moved to a later restart (the latest updated report)."""
    first = triggers.get(limit.trigger)
    if first is None:
        return None
    restarts = [triggers[name].at for name in limit.restarts_on if name in triggers]
    return max([first.at, *restarts])


def _calendar(rules: ClockRules, prep: RegulatoryPrep, name: str) -> BusinessCalendar:
    calendar_ = rules.calendar(name)
    extra = prep.closures.get(name)
    return calendar_.with_closures(extra) if extra else calendar_


def _candidates(
    rule: ClockRule,
    prep: RegulatoryPrep,
    triggers: Mapping[str, ResolvedTrigger],
    rules: ClockRules,
    now: datetime,
) -> tuple[list[tuple[datetime, datetime, Limit]], list[Limit]]:
    """Due times of the limits whose triggers are set, and the limits that lapsed.

    A limit with ``lapses_unless_by`` stops binding once its due time passes without that
    trigger: DORA's "no later than 24 hours from awareness" gives way to "4 hours from the
    classification" when the incident is classified major only after the 24 hours
    (Delegated Regulation (EU) 2025/301 Art. 5).
    """
    found: list[tuple[datetime, datetime, Limit]] = []
    lapsed: list[Limit] = []
    for limit in rule.limits:
        start = _limit_start(limit, triggers)
        if start is None:
            continue
        due = limit_due(limit, start, _calendar(rules, prep, limit.calendar))
        if limit.lapses_unless_by:
            other = triggers.get(limit.lapses_unless_by)
            if (other.at if other is not None else now) > due:
                lapsed.append(limit)
                continue
        found.append((due, start, limit))
    return found, lapsed


def _relieved(
    limit: Limit, prep: RegulatoryPrep, due: datetime, rules: ClockRules
) -> tuple[datetime, str]:
    """Apply a weekend/holiday relief when the file says it applies; else say it might.

    Without the file saying whether the entity may use it (``weekend_relief``) the strict
    deadline stands: a relief assumed wrongly would make the team late.
    """
    relief = limit.relief
    if relief is None:
        return due, ""
    calendar = _calendar(rules, prep, relief.calendar)
    status = prep.weekend_relief
    allowed = status == "eligible" or (status == "final-only" and relief.applies_to == "all")
    if allowed and prep.relief_zone:
        found = relief_due(due, relief, prep.relief_zone, calendar)
        if found is None:
            return due, ""
        moved, local = found
        return moved, (
            f"{format_utc(due, with_date=True)} falls on {calendar.closed_because(local)} "
            f"({local:%a %d %b}): {relief.source} allows until {relief.at:%H:%M} "
            f"{prep.relief_zone} on the next working day"
        )
    if status or calendar.is_business_day(utc(due).date()):
        return due, ""
    return due, (
        f"due on a non-working day: {relief.source} may allow until {relief.at:%H:%M} of the "
        "next working day; the file does not say whether it applies (regulatory.weekend_relief)"
    )


def _paused(
    rule: ClockRule, prep: RegulatoryPrep, due: datetime, now: datetime, rules: ClockRules
) -> tuple[datetime, Pause | None, str]:
    """Apply the rule's pauses: the extended due time, the pause still running, and a note.

    Only a pause that began before the (already extended) deadline stops it; time covered
    twice by overlapping pauses counts once.
    """
    pauses = sorted((p for p in prep.pauses if rule.id in p.clocks), key=lambda p: p.start)
    covered_until: datetime | None = None
    notes: list[str] = []
    for pause in pauses:
        if pause.start > now or pause.start >= due:
            continue
        kind = rules.pause_kinds.get(pause.kind)
        begin = max(pause.start, covered_until) if covered_until else pause.start
        end = pause.end if pause.end is not None and pause.end <= now else None
        length = (end or now) - pause.start
        if kind is not None and kind.max_days is not None and length > timedelta(kind.max_days):
            allowed = ", then ".join(str(d) for d in (kind.max_days, *kind.extensions))
            notes.append(
                f"{kind.label} has run {length.days} days: {kind.source} allows {allowed} days,"
                " each on a further request"
            )
        if end is None:
            return due, pause, "; ".join(notes)
        if end > begin:
            due += end - begin
            covered_until = end
        label = kind.label if kind else pause.kind
        notes.append(f"{label} {format_utc(pause.start)}–{format_utc(end)} added")
    return due, None, "; ".join(notes)


def _evaluate(
    rule: ClockRule,
    prep: RegulatoryPrep,
    ticks: Mapping[str, Tick],
    triggers: Mapping[str, ResolvedTrigger],
    rules: ClockRules,
    now: datetime,
) -> ClockStatus:
    item_id = prep.closes.get(rule.id, "")
    why_not = _not_applicable(rule, prep, triggers)
    if why_not:
        return ClockStatus(rule, ClockState.NOT_APPLICABLE, now, item_id=item_id, reason=why_not)
    tick = _closing_tick(prep, rule.id, ticks)
    if not rule.fixed_deadline:
        state = ClockState.CLOSED if tick else ClockState.NO_FIXED_DEADLINE
        started = triggers.get(rule.effective_on)
        return ClockStatus(
            rule,
            state,
            now,
            started_at=started.at if started else None,
            closed_at=utc(tick.at) if tick else None,
            item_id=item_id,
            reason=f"no fixed number of days: {rule.timing or 'without unreasonable delay'}",
        )
    candidates, lapsed = _candidates(rule, prep, triggers, rules, now)
    if not candidates:
        waiting = ", ".join(
            rules.triggers[limit.trigger].label
            if limit.trigger in rules.triggers
            else limit.trigger
            for limit in rule.limits
            if limit not in lapsed
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
    reasons = []
    if len(candidates) > 1:
        reasons.append(f"{binding.offset.describe()} after {binding.trigger} (the earlier limit)")
    for limit in lapsed:
        reasons.append(
            f"{binding.offset.describe()} after {binding.trigger}: {limit.lapses_unless_by}"
            f" came after the {limit.offset.describe()} from {limit.trigger} had passed"
        )
    due_at, relief_note = _relieved(binding, prep, due_at, rules)
    if relief_note:
        reasons.append(relief_note)
    due_at, pause, pause_note = _paused(rule, prep, due_at, now, rules)
    if pause_note:
        reasons.append(pause_note)
    if tick is not None:
        state = ClockState.CLOSED_LATE if tick.at > due_at else ClockState.CLOSED
        return ClockStatus(
            rule, state, now, started_at, due_at, utc(tick.at), item_id, "; ".join(reasons)
        )
    if pause is not None:
        kind = rules.pause_kinds.get(pause.kind)
        held = format_countdown(due_at - pause.start).replace("overdue by", "over by")
        reasons.insert(
            0,
            f"paused since {format_utc(pause.start, with_date=True)}"
            f" ({kind.label if kind else pause.kind}"
            + (f", recorded by {pause.set_by}" if pause.set_by else "")
            + (f": {pause.why}" if pause.why else "")
            + f"); {held} when paused",
        )
        return ClockStatus(
            rule, ClockState.PAUSED, now, started_at, None, None, item_id, "; ".join(reasons)
        )
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
    return ClockStatus(rule, state, now, started_at, due_at, None, item_id, "; ".join(reasons))


def evaluate_clocks(
    prep: RegulatoryPrep,
    ticks: Mapping[str, Tick],
    detected_at: datetime,
    now: datetime,
    rules: ClockRules,
    *,
    include_not_applicable: bool = True,
    include_unlisted_states: bool = False,
) -> tuple[ClockStatus, ...]:
    """Evaluate every clock of every regime the incident file lists, in rules-file order.

    Rules of regimes the file does not list are left out; rules of listed regimes that do not
    apply (regime marked not applicable, too few residents) are kept as NOT_APPLICABLE rows
    with the reason, so the board shows counsel's reasoning, unless ``include_not_applicable``
    is false. Rules for a US state the file's ``residents`` does not list are left out too
    (fifty rows of "0 residents" would bury the board); ``unlisted_states`` names those
    states so the board can say their clocks are not shown.
    """
    now = utc(now)
    triggers = resolve_triggers(prep, ticks, detected_at, rules)
    statuses = [
        _evaluate(rule, prep, ticks, triggers, rules, now)
        for rule in rules.rules
        if prep.regime(rule.regime) is not None
        and (include_unlisted_states or not _states_of(rule) - set(prep.residents))
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
    prep: RegulatoryPrep,
    name: str,
    at: datetime | None,
    rules: ClockRules,
    note: TriggerNote | None = None,
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
    if note is not None and (note.set_by or note.why):
        text += f" (by {note.set_by or 'unnamed'}: {note.why or 'no reason given'})"
    if started:
        text += " — starts: " + "; ".join(started)
    return prep.with_trigger(name, at, note), text


def unclosable_clocks(
    prep: RegulatoryPrep,
    checklist_ids: Iterable[str],
    rules: ClockRules,
    detected_at: datetime | None = None,
) -> list[str]:
    """Return ids of applicable clocks with no checklist item (or a missing one) to close them.

    With ``detected_at`` the triggers that default to detection count too, so a rule not in
    force for this incident (California's pre-2026 rule in 2026) is not asked for an item.
    """
    known = set(checklist_ids)
    known_triggers = (
        resolve_triggers(prep, {}, detected_at, rules)
        if detected_at is not None
        else {name: _set_trigger(prep, name) for name in prep.triggers}
    )
    missing: list[str] = []
    for rule in rules.rules:
        if prep.regime(rule.regime) is None or _not_applicable(rule, prep, known_triggers):
            continue
        if _states_of(rule) - set(prep.residents):
            continue
        if prep.closes.get(rule.id, "") not in known:
            missing.append(rule.id)
    return missing


def review_status(prep: RegulatoryPrep | None, rules: ClockRules, digest: str = "") -> str:
    """Say whether counsel reviewed these rules: ``reviewed by … on …`` or why unreviewed.

    ``digest`` is the SHA-256 of the rules file in use (default: the one the rules were read
    from); a review of another digest is a review
    of other rules, so the board shows the rules as unreviewed until counsel signs again.
    """
    digest = digest or rules.digest
    review = prep.review if prep is not None else None
    if review is None:
        return "rules not reviewed by counsel for this incident"
    if review.rules_digest and review.rules_digest != digest:
        return (
            f"unreviewed: the rules changed since {review.counsel} reviewed them on "
            f"{review.reviewed_on}"
        )
    return f"rules reviewed by {review.counsel} on {review.reviewed_on}"


def _states_of(rule: ClockRule) -> set[str]:
    """The US states a rule's conditions name (``total``/``any_state`` are not states)."""
    return {c.residents_in for c in rule.conditions if len(c.residents_in) == 2}


def unlisted_states(prep: RegulatoryPrep, rules: ClockRules) -> list[str]:
    """States with rules in a listed, applying regime but no residents count in the file."""
    states: set[str] = set()
    for rule in rules.rules:
        regime = prep.regime(rule.regime)
        if regime is not None and regime.applies:
            states |= _states_of(rule) - set(prep.residents)
    return sorted(states)


def clock_record(status: ClockStatus) -> dict[str, object]:
    """One clock as plain JSON-ready data, citation included (for ``status --json``, exports).

    Everything a reader needs to check the row against the law travels with it: the citation,
    where it was read, whether that is the law itself, the dates in force, the last check.
    """
    rule = status.rule
    return {
        "id": rule.id,
        "regime": rule.regime,
        "name": rule.name,
        "recipient": rule.recipient,
        "state": status.state.value,
        "due_at": status.due_at.isoformat() if status.due_at else None,
        "outer_limit": rule.outer_limit or not rule.fixed_deadline,
        "closed_at": status.closed_at.isoformat() if status.closed_at else None,
        "reason": status.reason,
        "citation": rule.source,
        "source_url": rule.source_url,
        "primary": rule.primary,
        "effective_from": rule.effective_from.isoformat() if rule.effective_from else None,
        "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
        "last_verified": rule.last_verified.isoformat() if rule.last_verified else None,
    }


def pause_problem(rules: ClockRules, kind: str, clocks: Iterable[str]) -> str:
    """Why a pause of ``clocks`` by ``kind`` is not allowed (``""``: it is).

    Only the delays a rule's law provides may stop its clock: a law-enforcement request stops
    a state's resident notice, not the GDPR's 72 hours.
    """
    if kind not in rules.pause_kinds:
        return f"{kind!r} is not a pause kind (known: {', '.join(rules.pause_kinds)})"
    names = list(clocks)
    if not names:
        return "name at least one clock to pause"
    for clock in names:
        rule = rules.rule(clock)
        if rule is None:
            return f"{clock!r} is not a clock id"
        if kind not in rule.pauses:
            return f"{clock!r} allows no {kind} pause (allows: {', '.join(rule.pauses) or 'none'})"
    return ""


def pause_text(pause: Pause, rules: ClockRules, *, resumed: bool = False) -> str:
    """The timeline's words for a pause or its end: what, which clocks, who decided why."""
    kind = rules.pause_kinds.get(pause.kind)
    label = kind.label if kind else pause.kind
    names = "; ".join(r.name for c in pause.clocks if (r := rules.rule(c)) is not None)
    if resumed and pause.end is not None:
        return f"Clock resumed: {label} ended {format_utc(pause.end, with_date=True)} — {names}"
    text = f"Clock paused: {label} from {format_utc(pause.start, with_date=True)} — {names}"
    return text + (f" (why: {pause.why})" if pause.why else "")


def pausable_clocks(statuses: Iterable[ClockStatus], kind: str) -> list[str]:
    """Ids of the clocks a pause of ``kind`` would stop: those that apply to this incident,
    are not yet done, and whose law provides that delay.

    A law-enforcement letter usually asks to hold every notice to individuals at once, so
    "pause all" means these, never the GDPR's 72 hours, which no request can stop.
    """
    done = (ClockState.NOT_APPLICABLE, ClockState.CLOSED, ClockState.CLOSED_LATE)
    return [s.id for s in statuses if s.state not in done and kind in s.rule.pauses]


def running_pauses(pauses: Iterable[Pause], now: datetime) -> list[Pause]:
    """The pauses not yet ended at ``now`` (the ones an operator can end)."""
    return [p for p in pauses if p.end is None or p.end > now]
