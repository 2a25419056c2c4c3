"""How a mention's triage record changes: states, first-decision and reply times, in words.

Pure, so the service applies the same rule to one mention or fifty marked ones, and the
review's "time to first decision" means the same thing whichever path made the decision.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from warroom.domain.mentions import Priority, Triage, TriageRecord
from warroom.domain.text import inert

__all__ = ["TriageChange", "triage_change", "next_priority"]


@dataclass(frozen=True)
class TriageChange:
    """What operators asked for; ``None`` leaves a field as it is."""

    state: Triage | None = None
    priority: Priority | None = None
    assignee: str | None = None
    note: str | None = None
    reply: str | None = None
    reply_where: str | None = None


def triage_change(
    record: TriageRecord | None,
    mention_id: str,
    change: TriageChange,
    operator: str,
    now: datetime,
) -> tuple[TriageRecord, list[str]]:
    """Apply ``change`` to a mention's record; return the new record and the changes in words.

    An empty list of words means nothing changed (the caller writes nothing). Marking a
    mention responded needs the reply: what was said is the point of the record.

    Raises:
        ValueError: ``responded`` without a reply text.
    """
    current = record or TriageRecord(mention_id, Triage.NEW, operator, now)
    words: list[str] = []
    updated = replace(current, operator=operator, at=now)
    if change.state is Triage.RESPONDED and not (change.reply or current.reply):
        raise ValueError("a mention is marked responded with the reply that was given")
    if change.state is not None and change.state != current.state:
        updated = replace(updated, state=change.state)
        words.append(f"marked {change.state.value}")
        if change.state is not Triage.NEW and updated.first_decided_at is None:
            updated = replace(updated, first_decided_at=now)
        if change.state is Triage.RESPONDED and updated.responded_at is None:
            updated = replace(updated, responded_at=now)
    if change.priority is not None and change.priority != current.priority:
        updated = replace(updated, priority=change.priority)
        words.append(f"priority {change.priority.value}")
    if change.assignee is not None and inert(change.assignee, limit=80) != current.assignee:
        updated = replace(updated, assignee=inert(change.assignee, limit=80))
        words.append(f"assigned to {updated.assignee or 'nobody'}")
    if change.note is not None and inert(change.note, limit=2000) != current.note:
        updated = replace(updated, note=inert(change.note, limit=2000))
        words.append(f"note: {updated.note}")
    if change.reply is not None:
        updated = replace(
            updated,
            reply=inert(change.reply, limit=2000),
            reply_where=inert(change.reply_where or "", limit=200),
        )
        where = f" on {updated.reply_where}" if updated.reply_where else ""
        words.append(f"replied{where}: {updated.reply}")
    return (updated if words else current), words


def next_priority(current: Priority) -> Priority:
    """The priority one press of ``p`` moves to (normal → high → urgent → normal)."""
    order = list(Priority)
    return order[(order.index(current) + 1) % len(order)]
