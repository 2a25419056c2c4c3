"""Checklist state: who ticked which playbook item when, and what is overdue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from warroom.domain.incident import ChecklistItem, Incident, PlaybookStep

__all__ = [
    "Tick",
    "ClockDeadline",
    "ItemStatus",
    "item_status",
    "progress",
    "items_by_step",
    "overdue_items",
]


@dataclass(frozen=True)
class Tick:
    """The current state of one item: done or not, and who last changed it when."""

    item_id: str
    done: bool
    operator: str
    at: datetime


@dataclass(frozen=True)
class ClockDeadline:
    """The deadline a regulatory clock gives the checklist item that closes it.

    An item such as "SEC Form 8-K filed" is due when its clock says, not at a fixed time after
    detection: the SEC clock runs from the materiality determination.
    ``warroom.domain.item_deadlines`` builds these from the clock board, so every screen shows
    the clock's truth.
    """

    clock_id: str
    clock_name: str
    state: str
    """The clock's state in words (``not started``, ``running``, ``OVERDUE``, ``done late`` …)."""
    due_at: datetime | None
    overdue: bool
    due_soon: bool
    waiting_for: str = ""
    """What the clock waits for before it starts (e.g. "materiality determination")."""
    applicable: bool = True


@dataclass(frozen=True)
class ItemStatus:
    """An item as the checklist pane shows it."""

    item: ChecklistItem
    tick: Tick | None
    due_at: datetime | None
    overdue: bool
    due_soon: bool
    clock: ClockDeadline | None = None
    """Set when a regulatory clock decides this item's deadline."""

    @property
    def done(self) -> bool:
        """True when the item is ticked."""
        return self.tick is not None and self.tick.done

    @property
    def waiting(self) -> bool:
        """True when the item's clock has not started yet (it has no deadline to show)."""
        return self.clock is not None and self.clock.state == "not started"


DUE_SOON_SECONDS = 30 * 60
"""An open item due within this many seconds is flagged as due soon."""


def item_status(
    incident: Incident,
    item: ChecklistItem,
    ticks: Mapping[str, Tick],
    now: datetime,
    clocks: Mapping[str, ClockDeadline] | None = None,
) -> ItemStatus:
    """Return the status of ``item`` at ``now``; a done item is never overdue.

    Args:
        clocks: Deadlines from the regulatory clocks, by the item id each closes. An item
            listed there takes its due time and state from its clock; others keep their due
            time relative to detection.
    """
    tick = ticks.get(item.id)
    done = tick is not None and tick.done
    clock = (clocks or {}).get(item.id)
    if clock is not None:
        return ItemStatus(
            item,
            tick,
            clock.due_at,
            clock.overdue and not done,
            clock.due_soon and not done,
            clock,
        )
    due_at = item.due_at(incident.detected_at)
    overdue = not done and due_at is not None and now > due_at
    due_soon = (
        not done
        and not overdue
        and due_at is not None
        and (due_at - now).total_seconds() <= DUE_SOON_SECONDS
    )
    return ItemStatus(item, tick, due_at, overdue, due_soon)


def items_by_step(
    incident: Incident,
    ticks: Mapping[str, Tick],
    now: datetime,
    clocks: Mapping[str, ClockDeadline] | None = None,
) -> list[tuple[PlaybookStep, list[ItemStatus]]]:
    """Group the incident's items by playbook step, in playbook order, keeping file order."""
    groups: list[tuple[PlaybookStep, list[ItemStatus]]] = []
    for step in PlaybookStep:
        statuses = [
            item_status(incident, item, ticks, now, clocks)
            for item in incident.checklist
            if item.step == step
        ]
        if statuses:
            groups.append((step, statuses))
    return groups


def progress(items: Iterable[ChecklistItem], ticks: Mapping[str, Tick]) -> tuple[int, int]:
    """Return (done, total) for the given items."""
    listed = list(items)
    done = sum(1 for item in listed if (t := ticks.get(item.id)) is not None and t.done)
    return done, len(listed)


def overdue_items(
    incident: Incident,
    ticks: Mapping[str, Tick],
    now: datetime,
    clocks: Mapping[str, ClockDeadline] | None = None,
) -> list[ChecklistItem]:
    """The items past their due time and not ticked, in checklist order."""
    return [
        item
        for item in incident.checklist
        if item_status(incident, item, ticks, now, clocks).overdue
    ]
