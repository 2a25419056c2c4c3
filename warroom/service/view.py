"""What every screen shows, returned by every intent: the snapshot and what goes with it.

One object, built on the store thread in the same trip as the change that led to it, so a
screen never shows a change without its consequences (a tick and the clock it closed, a fact
and the drafts it made stale). Deadlines are computed here for every reader alike: the
checklist, the header, the wall, the review and ``warroom status`` ask the same methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from warroom.domain.cadence import CadenceStatus, evaluate_cadence
from warroom.domain.checklist import ClockDeadline, ItemStatus, items_by_step
from warroom.domain.checklist import overdue_items as _overdue_items
from warroom.domain.clocks import ClockStatus, next_deadline
from warroom.domain.gates import Gates
from warroom.domain.incident import ChecklistItem, PlaybookStep
from warroom.domain.item_deadlines import clock_deadlines
from warroom.domain.ledger import LedgerData
from warroom.domain.warroom import WarRoom
from warroom.store.regulatory import RegulatoryState, room_clocks, room_review

if TYPE_CHECKING:  # the review's rules load with the review, not before the first frame
    from warroom.domain.ledger_rows import LedgerRow
    from warroom.domain.review import Review

__all__ = ["RoomView", "Changed"]

T = TypeVar("T", covariant=True)


@dataclass(frozen=True)
class RoomView:
    """The war room as one operator's screens show it at one moment of the record."""

    room: WarRoom
    ignore_rules: tuple[str, ...] = ()
    regulatory: RegulatoryState = field(default_factory=lambda: RegulatoryState({}, {}))
    stale_drafts: int = 0
    gates: Gates = field(default_factory=Gates)
    ledger: LedgerData = field(default_factory=LedgerData)

    # ------------------------------------------------------------------ deadlines, one truth
    def clocks(self, now: datetime) -> tuple[ClockStatus, ...]:
        """Every regulatory clock at ``now`` (empty when the file has no regulatory section)."""
        state = self.regulatory  # the operators' triggers, lawful pauses and closures
        return room_clocks(
            self.room,
            state.triggers,
            now,
            pauses=state.pauses,
            closures=state.closures,
            counts=state.counts,
        )

    def deadlines(self, now: datetime) -> dict[str, ClockDeadline]:
        """The deadline each clock-closed checklist item takes from its clock."""
        return clock_deadlines(self.clocks(now))

    def checklist(self, now: datetime) -> list[tuple[PlaybookStep, list[ItemStatus]]]:
        """The checklist by playbook step, with clock-decided deadlines."""
        return items_by_step(self.room.incident, self.room.ticks, now, self.deadlines(now))

    def overdue_items(self, now: datetime) -> list[ChecklistItem]:
        """Items past due and not ticked, by the same deadlines as the checklist."""
        return _overdue_items(self.room.incident, self.room.ticks, now, self.deadlines(now))

    def next_deadline(self, now: datetime) -> ClockStatus | None:
        """The clock the header counts down to."""
        return next_deadline(self.clocks(now))

    def ledger_rows(self, now: datetime) -> list[LedgerRow]:
        """The notification ledger at ``now``, overdue first (clock rows from ``clocks``)."""
        from warroom.domain.ledger_build import build_ledger  # with the ledger's screens
        from warroom.domain.ledger_rows import sort_rows

        data, room = self.ledger, self.room
        rows = build_ledger(
            self.clocks(now),
            data.stakeholders,
            data.records,
            ticks=room.ticks,
            counts=self.regulatory.counts,
            drafts=data.drafts,
            detected_at=room.incident.detected_at,
            now=now,
        )
        return sort_rows(rows)

    def cadence(self, now: datetime) -> tuple[CadenceStatus, ...]:
        """Every public channel's update promise at ``now``."""
        return evaluate_cadence(self.ledger.promises, self.ledger.updates, now)

    def review(self, now: datetime) -> Review:
        """The post-incident review measured from this record."""
        review = room_review(self.room, self.regulatory, now)
        return replace(review, ledger=tuple(self.ledger_rows(now)))


@dataclass(frozen=True)
class Changed(Generic[T]):
    """An intent's result: what it returned, and the room as it stands after it."""

    value: T
    view: RoomView
