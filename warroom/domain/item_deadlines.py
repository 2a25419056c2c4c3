"""One truth for deadlines: a checklist item closed by a clock is due when its clock says.

The checklist, the header, the wall, the review and ``warroom status`` all read item
deadlines through ``clock_deadlines``, so "SEC Form 8-K filed" can never be OVERDUE in one
place and "not started" in another.
"""

from __future__ import annotations

from collections.abc import Iterable

from warroom.domain.checklist import ClockDeadline
from warroom.domain.clocks import ClockState, ClockStatus

__all__ = ["clock_deadlines"]

_URGENCY = {
    ClockState.OVERDUE: 0,
    ClockState.RED: 1,
    ClockState.AMBER: 2,
    ClockState.RUNNING: 3,
    ClockState.CLOSED_LATE: 4,
    ClockState.CLOSED: 5,
    ClockState.PAUSED: 6,
    ClockState.NO_FIXED_DEADLINE: 7,
    ClockState.NOT_STARTED: 8,
    ClockState.NOT_APPLICABLE: 9,
}
"""Which of several clocks closing one item it shows: the most urgent first."""


def _deadline(status: ClockStatus) -> ClockDeadline:
    waiting = status.reason.removeprefix("waiting for: ") if status.reason else ""
    return ClockDeadline(
        clock_id=status.id,
        clock_name=status.rule.name,
        state=status.state.text,
        due_at=status.due_at if status.state is not ClockState.NOT_APPLICABLE else None,
        overdue=status.state is ClockState.OVERDUE,
        due_soon=status.state in (ClockState.AMBER, ClockState.RED),
        waiting_for=waiting if status.state is ClockState.NOT_STARTED else "",
        applicable=status.state is not ClockState.NOT_APPLICABLE,
    )


def clock_deadlines(statuses: Iterable[ClockStatus]) -> dict[str, ClockDeadline]:
    """The deadline each clock-closed checklist item takes, by item id.

    Several clocks may close one item (the notice to individuals closes every state's clock):
    the item shows the most urgent applicable one, the earliest due among equals. An item
    whose clocks all do not apply keeps one not-applicable entry, so it shows no deadline.
    """
    best: dict[str, tuple[tuple[int, float], ClockStatus]] = {}
    for status in statuses:
        if not status.item_id:
            continue
        due = status.due_at.timestamp() if status.due_at is not None else float("inf")
        rank = (_URGENCY.get(status.state, len(_URGENCY)), due)
        current = best.get(status.item_id)
        if current is None or rank < current[0]:
            best[status.item_id] = (rank, status)
    return {item_id: _deadline(status) for item_id, (_, status) in best.items()}
