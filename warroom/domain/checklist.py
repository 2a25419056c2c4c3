"""Checklist state: who ticked which playbook item when, and what is overdue."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from warroom.domain.incident import ChecklistItem, Incident, PlaybookStep

__all__ = ["Tick", "ItemStatus", "item_status", "progress", "items_by_step", "overdue_items"]


@dataclass(frozen=True)
class Tick:
    """The current state of one item: done or not, and who last changed it when."""

    item_id: str
    done: bool
    operator: str
    at: datetime


@dataclass(frozen=True)
class ItemStatus:
    """An item as the checklist pane shows it."""

    item: ChecklistItem
    tick: Tick | None
    due_at: datetime | None
    overdue: bool
    due_soon: bool

    @property
    def done(self) -> bool:
        """True when the item is ticked."""
        return self.tick is not None and self.tick.done


DUE_SOON_SECONDS = 30 * 60
"""An open item due within this many seconds is flagged as due soon."""


def item_status(
    incident: Incident, item: ChecklistItem, ticks: Mapping[str, Tick], now: datetime
) -> ItemStatus:
    """Return the status of ``item`` at ``now``; a done item is never overdue."""
    tick = ticks.get(item.id)
    due_at = item.due_at(incident.detected_at)
    done = tick is not None and tick.done
    overdue = not done and due_at is not None and now > due_at
    due_soon = (
        not done
        and not overdue
        and due_at is not None
        and (due_at - now).total_seconds() <= DUE_SOON_SECONDS
    )
    return ItemStatus(item, tick, due_at, overdue, due_soon)


def items_by_step(
    incident: Incident, ticks: Mapping[str, Tick], now: datetime
) -> list[tuple[PlaybookStep, list[ItemStatus]]]:
    """Group the incident's items by playbook step, in playbook order, keeping file order."""
    groups: list[tuple[PlaybookStep, list[ItemStatus]]] = []
    for step in PlaybookStep:
        statuses = [
            item_status(incident, item, ticks, now)
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
    incident: Incident, ticks: Mapping[str, Tick], now: datetime
) -> list[ChecklistItem]:
    """The items past their due time and not ticked, in checklist order."""
    return [item for item in incident.checklist if item_status(incident, item, ticks, now).overdue]
