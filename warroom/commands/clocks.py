"""``warroom clocks``: the legal clocks for scripts, and their mid-incident judgements by hand.

Counsel does not always sit at a dashboard: the law-enforcement letter arrives by e-mail at
3 a.m., and the pause it grants must be recorded from wherever counsel is (an SSH session, a
runbook script). Each action is the same service intent as the clock board's key and the
palette's command (``warroom.service.clocks``), so the same refusals hold: a pause needs a
reason and a clock its law lets stop, a trigger's reason needs a trigger that happened.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from warroom.domain.clock import Clock, WhenError, format_utc, parse_when, system_clock
from warroom.domain.clock_status import ClockState
from warroom.domain.clocks import ClockStatus, clock_record
from warroom.service import IntentRefused, StoreError, WarRoomService
from warroom.store.rehearsal import room_clock
from warroom.store.repository import WarRoomRepository

__all__ = ["ClockAction", "run_clocks"]


@dataclass(frozen=True)
class ClockAction:
    """One change asked on the command line; ``kind`` empty means: only list the clocks."""

    kind: str = ""  # "" | "pause" | "resume" | "closed" | "trigger"
    name: str = ""  # the pause kind, the trigger's name
    clocks: Sequence[str] = field(default_factory=tuple)
    when: str = ""  # as the operator wrote it: now, -15m, HH:MM, ISO
    day: str = ""  # a closed day, YYYY-MM-DD
    calendar: str = "us-federal"
    reason: str = ""
    clear: bool = False


def _table(statuses: Sequence[ClockStatus]) -> str:
    """One line per clock: id, state, due (UTC), name and why, in columns as wide as needed."""
    rows = [
        (
            status.rule.id,
            status.state.value,
            format_utc(status.due_at, with_date=True) if status.due_at else "-",
            status.rule.name + (f" — {status.reason}" if status.reason else ""),
        )
        for status in statuses
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d}" for a, b, c, d in rows
    )


def _apply(service: WarRoomService, action: ClockAction, now: datetime) -> str:
    """Run the one intent ``action`` names; returns the timeline's words."""
    if action.kind == "pause":
        start = parse_when(action.when, now) if action.when else None
        return service.pause_clocks(
            action.name, list(action.clocks), why=action.reason, start=start
        ).value
    if action.kind == "resume":
        end = parse_when(action.when, now) if action.when else None
        return service.resume_clocks(action.name, end=end).value
    if action.kind == "closed":
        try:
            day = date.fromisoformat(action.day)
        except ValueError:
            raise WhenError(f"{action.day!r}: give the closed day as YYYY-MM-DD") from None
        return service.add_closure(day, action.reason, calendar=action.calendar).value
    if action.clear:
        return service.set_trigger(action.name, None, why=action.reason).value
    if action.when:
        at = parse_when(action.when, now)
        return service.set_trigger(action.name, at, why=action.reason).value
    return service.trigger_reason(action.name, action.reason).value


def run_clocks(
    db_path: Path,
    action: ClockAction,
    operator: str,
    *,
    as_json: bool = False,
    every: bool = False,
    clock: Clock | None = None,
) -> int:
    """Apply ``action`` and print the timeline's words, or list the clocks; 2 on a refusal.

    The list leaves out clocks that do not apply to this incident unless ``every``: at 3 a.m.
    the twelve that run matter, not the ninety laws that do not reach this company.
    """
    try:
        repo = WarRoomRepository.open(db_path, create=False)
    except StoreError as error:
        print(f"warroom clocks: {error}", file=sys.stderr)
        return 2
    try:
        service = WarRoomService(
            repo,
            operator=operator,
            clock=room_clock(repo, clock or system_clock),
            read_only=not action.kind,
        )
        if action.kind:
            print(_apply(service, action, service.clock()))
            return 0
        statuses = service.view(drafts=False).clocks(service.clock())
    except (IntentRefused, StoreError, WhenError) as error:
        print(f"warroom clocks: {error}", file=sys.stderr)
        return 2
    finally:
        repo.close()
    if not every:
        statuses = tuple(s for s in statuses if s.state is not ClockState.NOT_APPLICABLE)
    if as_json:
        print(json.dumps([clock_record(s) for s in statuses], indent=2, ensure_ascii=False))
    elif not statuses:
        print("no clocks apply: the incident file has no regulatory section, or none applies")
    else:
        print(_table(statuses))
    return 0
