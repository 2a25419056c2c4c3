"""The regulatory clocks as rows and as the header's countdown: words and symbols, then colour.

Each state is shown as a symbol and a word (``▲ due soon``, ``✖ OVERDUE``) before any colour,
so the board reads the same in every theme, on a monochrome jump host and to colour-blind
eyes; the colour comes from row roles (``warning``, ``error``) styled in the stylesheets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from warroom.domain.clock import format_utc
from warroom.domain.clocks import (
    ClockRule,
    ClockRules,
    ClockState,
    ClockStatus,
    RegulatoryPrep,
    ResolvedTrigger,
    format_countdown,
    next_deadline,
    not_legal_advice,
    review_status,
    unlisted_states,
)
from warroom.ui.widgets.row_list import Row

__all__ = [
    "STATE_ROLE",
    "header_deadline",
    "short_name",
    "time_left",
    "clock_rows",
    "trigger_rows",
    "worst_state",
    "triggers_of",
    "source_kind",
]

STATE_ROLE = {
    ClockState.NOT_APPLICABLE: "muted",
    ClockState.NOT_STARTED: "muted",
    ClockState.RUNNING: "accent",
    ClockState.AMBER: "warning",
    ClockState.RED: "error",
    ClockState.OVERDUE: "error",
    ClockState.CLOSED: "success",
    ClockState.CLOSED_LATE: "warning",
    ClockState.PAUSED: "muted",
    ClockState.NO_FIXED_DEADLINE: "accent",
}
"""The row role (a component class) of each state; the symbol and word carry the meaning."""

_ORDER = {
    ClockState.OVERDUE: 0,
    ClockState.RED: 1,
    ClockState.AMBER: 2,
    ClockState.RUNNING: 3,
    ClockState.NO_FIXED_DEADLINE: 4,
    ClockState.PAUSED: 5,
    ClockState.NOT_STARTED: 6,
    ClockState.CLOSED_LATE: 7,
    ClockState.CLOSED: 8,
    ClockState.NOT_APPLICABLE: 9,
}


_NO_DUE = {
    ClockState.NOT_APPLICABLE: "not applicable",
    ClockState.NO_FIXED_DEADLINE: "no fixed date",
    ClockState.PAUSED: "paused",
}


def source_kind(rule: ClockRule) -> str:
    """``primary source, verified 2026-12-01 · https://…``: how far to trust the citation."""
    kind = "primary source" if rule.primary else "secondary source"
    verified = f"verified {rule.last_verified}" if rule.last_verified else "not verified"
    parts = [f"{kind}, {verified}"]
    if rule.effective_from or rule.effective_to:
        parts.append(f"in force {rule.effective_from or '…'} to {rule.effective_to or '…'}")
    if rule.source_url:
        parts.append(rule.source_url)
    return " · ".join(parts)


def short_name(status: ClockStatus) -> str:
    """``GDPR``, ``NIS2 early warning``: the header's name for a clock."""
    regime, _, what = status.rule.name.partition(":")
    words = what.split()
    if status.rule.regime in ("nis2", "dora") and words:
        skip = {"incident", "initial"}
        kept = [w for w in words if w.lower() not in skip][:1]
        return f"{regime} {' '.join(kept)}".strip()
    return regime


def _compact(remaining: timedelta) -> str:
    """``17:42``, ``2d 03:15``; ``-1d 02:00`` once overdue (the word says so elsewhere)."""
    text = format_countdown(remaining)
    if text.startswith("overdue by "):
        return "-" + text.removeprefix("overdue by ")
    return text.removesuffix(" left")


def header_deadline(statuses: Sequence[ClockStatus]) -> tuple[str, ClockState | None]:
    """The header's countdown to the next deadline, and its state (for the CSS class).

    ``▲ GDPR in 17:42`` while running; ``✖ SEC OVERDUE 1d 02:00`` once past due.
    """
    status = next_deadline(statuses)
    if status is None or status.remaining is None:
        return "", None
    name = short_name(status)
    if status.state is ClockState.OVERDUE:
        return (
            f"{status.state.symbol} {name} OVERDUE {_compact(status.remaining)[1:]}",
            status.state,
        )
    return f"{status.state.symbol} {name} in {_compact(status.remaining)}", status.state


def worst_state(statuses: Sequence[ClockStatus]) -> ClockState | None:
    """The most urgent open state on the board (for the screen's CSS class)."""
    open_states = [s.state for s in statuses if s.state.is_open]
    return min(open_states, key=_ORDER.__getitem__) if open_states else None


def time_left(status: ClockStatus) -> str:
    """``2d 03:15 left``, ``ran over by 04:00``, ``filed 03:10Z``, ``ran over by … (filed …)``."""
    if status.state.is_open and status.remaining is not None:
        text = format_countdown(status.remaining)
        return text.replace("overdue by", "ran over by")
    if status.closed_at is not None:
        filed = f"filed {format_utc(status.closed_at, with_date=True)}"
        if status.state is ClockState.CLOSED_LATE and status.due_at is not None:
            over = format_countdown(status.due_at - status.closed_at).removeprefix("overdue by ")
            return f"{filed}, ran over by {over}"
        return filed
    return ""


def triggers_of(status: ClockStatus, rules: ClockRules) -> list[str]:
    """Trigger names the clock's limits run from, in rule order, without repeats."""
    return list(dict.fromkeys(limit.trigger for limit in status.rule.limits))


def _trigger_words(
    status: ClockStatus, rules: ClockRules, resolved: Mapping[str, ResolvedTrigger]
) -> str:
    parts = []
    for limit in status.rule.limits:
        definition = rules.triggers.get(limit.trigger)
        label = definition.label if definition else limit.trigger
        happened = resolved.get(limit.trigger)
        when = format_utc(happened.at, with_date=True) if happened else "not yet"
        parts.append(f"{limit.offset.describe()} after {label} ({when})")
    return "; ".join(parts) or "without unreasonable delay (no number of days)"


def clock_rows(
    statuses: Sequence[ClockStatus],
    rules: ClockRules,
    resolved: Mapping[str, ResolvedTrigger],
    item_titles: Mapping[str, str],
    prep: RegulatoryPrep | None = None,
) -> list[Row]:
    """The board: the not-legal-advice line, then open clocks by urgency, then the rest.

    Each clock is a selectable row (state, name, due, time left) and a muted line under it
    (trigger and source), so the citation is on screen, not only in the detail line.
    """
    # Said on the board itself, not in a help page: these are aids, and counsel decides.
    rows: list[Row] = [Row.of(None, (not_legal_advice(rules.last_verified), "muted"))]
    if prep is not None:
        rows.append(Row.of(None, (review_status(prep, rules), "muted")))
        if unlisted := unlisted_states(prep, rules):
            shown = ", ".join(unlisted)
            rows.append(Row.of(None, (f"Not shown (no residents count): {shown}", "muted")))
    latest = datetime.max.replace(tzinfo=UTC)
    ordered = sorted(statuses, key=lambda s: (_ORDER[s.state], s.due_at or latest))
    for status in ordered:
        role = STATE_ROLE[status.state]
        rule = status.rule
        left = time_left(status)
        triggers = _trigger_words(status, rules, resolved)
        item = item_titles.get(status.item_id, status.item_id or "none")
        detail_lines = [
            f"{status.label} — {rule.name}",
            f"Source: {rule.source} ({source_kind(rule)})",
            f"Runs: {triggers}",
        ]
        if status.due_text:
            detail_lines.append(f"{status.due_text}" + (f" · {left}" if left else ""))
            if status.local_due_text:
                detail_lines.append(f"Local time where it counts: {status.local_due_text}")
        elif left:
            detail_lines.append(left)
        if status.reason:
            detail_lines.append(status.reason)
        if status.outer_limit_note:
            detail_lines.append(f"Outer limit: {status.outer_limit_note}.")
        if rule.note:
            detail_lines.append(rule.note)
        detail_lines.append(f"Closes when ticked: {item}")
        due = status.due_text or _NO_DUE.get(status.state, "not started")
        rows.append(
            Row.of(
                f"clock:{rule.id}",
                (f"{status.label:<16} ", role),
                (f"{left:<24} ", role),
                (rule.name, ""),
                detail="\n".join(detail_lines),
            )
        )
        if status.state is ClockState.NOT_APPLICABLE:
            under = f"{status.reason} · {rule.source}"
        else:
            under = f"{due} · {rule.source} · {triggers}"
        rows.append(Row.of(None, (f"   ↳ {under}", "muted")))
    return rows


def trigger_rows(
    prep: RegulatoryPrep,
    statuses: Sequence[ClockStatus],
    rules: ClockRules,
    resolved: Mapping[str, ResolvedTrigger],
    who: Mapping[str, str],
) -> list[Row]:
    """One row per trigger an applicable clock runs from: when it happened, and who said so.

    ``who`` maps a trigger name to ``set by ana at 03:00Z`` for triggers set from the board.
    """
    names: list[str] = []
    for status in statuses:
        if status.state is not ClockState.NOT_APPLICABLE:
            names += [n for n in triggers_of(status, rules) if n not in names]
    rows = []
    for name in names:
        definition = rules.triggers.get(name)
        label = definition.label if definition else name
        happened = resolved.get(name)
        if happened is None:
            when, role = "○ not yet", "warning"
            closer = rules.rule(definition.set_by_clock) if definition else None
            origin = (
                f"set when “{closer.name}” is ticked done (or t to set it)"
                if closer
                else "t: set the time it happened · n: it happened now"
            )
        else:
            when, role = f"● {format_utc(happened.at, with_date=True)}", "accent"
            origin = who.get(name) or (
                "from the incident file" if name in prep.triggers else happened.origin
            )
        starts = [
            s.rule.name
            for s in statuses
            if s.state is not ClockState.NOT_APPLICABLE and name in triggers_of(s, rules)
        ]
        detail = f"{label}: {when.lstrip('○● ')} ({origin})"
        if happened is not None and happened.why:
            detail += f"\nWhy (by {happened.set_by or 'unnamed'}): {happened.why}"
        if definition and definition.about:
            detail += f"\n{definition.about}"
        detail += "\nStarts: " + "; ".join(starts)
        rows.append(
            Row.of(
                f"trigger:{name}",
                (f"{when:<20} ", role),
                (f"{label[:44]:<44} ", ""),
                (origin, "muted"),
                detail=detail,
            )
        )
    return rows
