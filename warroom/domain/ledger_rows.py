"""The ledger's rows as the ledger screen, the review, the wall and the exports show them, and
the rules of moving a row.

Apart from ``ledger`` (the states, the audiences and what is stored) because every process
reads the stored ledger data with the room's view, and only those screens build rows from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from warroom.domain.clock import format_utc
from warroom.domain.ledger import Audience, LedgerState, LedgerStep

__all__ = [
    "LedgerRow",
    "LedgerSummary",
    "check_step",
    "sort_rows",
    "summarize",
    "applicability_changes",
]


@dataclass(frozen=True)
class LedgerRow:
    """One audience as the ledger screen, the review and the exports show it."""

    id: str
    name: str
    audience: Audience
    origin: str
    """``clock`` (generated from the board), ``file`` (stakeholders) or ``added``."""
    state: LedgerState
    steps: tuple[LedgerStep, ...] = ()
    reason: str = ""
    """Why it is not required."""
    jurisdiction: str = ""
    category: str = ""
    clock_id: str = ""
    item_id: str = ""
    due_at: datetime | None = None
    overdue: bool = False
    channel: str = ""
    contact: str = ""
    reference: str = ""
    recipients: int | None = None
    draft: str = ""
    draft_version: int | None = None
    draft_hash: str = ""
    note: str = ""
    approvals: tuple[str, ...] = field(default=())
    """Sign-off on what was sent (filled by the sign-off feature; empty until then)."""

    def step(self, state: LedgerState) -> LedgerStep | None:
        """The latest step into ``state``, if the row got there."""
        return next((s for s in reversed(self.steps) if s.state is state), None)

    @property
    def is_regulator_clock(self) -> bool:
        """True for rows whose "sent" files a clock."""
        return self.origin == "clock"

    @property
    def times_text(self) -> str:
        """Every step with its time and who: ``drafted 2026-11-27 03:00Z by ana; sent …``."""
        return "; ".join(
            f"{s.state.value} {format_utc(s.at, with_date=True)} by {s.operator}"
            for s in self.steps
        )

    @property
    def due_text(self) -> str:
        """``due 2026-11-29 22:40Z`` (or "")."""
        return f"due {format_utc(self.due_at, with_date=True)}" if self.due_at else ""


@dataclass(frozen=True)
class LedgerSummary:
    """Rows per state and how many are overdue (the wall's tile, ``status --json``)."""

    by_state: Mapping[LedgerState, int]
    overdue: int
    total: int

    @property
    def text(self) -> str:
        """``3 to draft · 1 sent · 2 OVERDUE``."""
        parts = [f"{n} {state.value.replace('-', ' ')}" for state, n in self.by_state.items() if n]
        if self.overdue:
            parts.append(f"{self.overdue} OVERDUE")
        return " · ".join(parts) or "no rows"


# ------------------------------------------------------------------ rules of moving a row
def check_step(row: LedgerRow, state: LedgerState, reason: str) -> str:
    """Why ``row`` may not move to ``state`` now ("" when it may).

    Going back (sent → approved, not required → anything) rewrites the record, so it needs a
    reason; "not required" always says why; nothing is acknowledged before it was sent.
    """
    if state is row.state:
        return f"“{row.name}” is already {state.value.replace('-', ' ')}"
    if state is LedgerState.NOT_REQUIRED and not reason.strip():
        return f"say why “{row.name}” need not be told"
    if state is LedgerState.ACKNOWLEDGED and row.state is not LedgerState.SENT:
        return f"“{row.name}” was not sent yet: nothing to acknowledge"
    backwards = row.state is LedgerState.NOT_REQUIRED or (
        state is not LedgerState.NOT_REQUIRED and state.rank < row.state.rank
    )
    if backwards and not reason.strip():
        return f"moving “{row.name}” back to {state.value.replace('-', ' ')} needs a reason"
    return ""


def sort_rows(rows: Iterable[LedgerRow]) -> list[LedgerRow]:
    """Overdue first, then the least advanced, then by due time and name; not required last."""
    far = datetime.max.replace(tzinfo=None)

    def key(row: LedgerRow) -> tuple[int, int, datetime, str]:
        due = row.due_at.replace(tzinfo=None) if row.due_at else far
        return (0 if row.overdue else 1, row.state.rank, due, row.name.lower())

    return sorted(rows, key=key)


def summarize(rows: Iterable[LedgerRow]) -> LedgerSummary:
    """Rows per state (in workflow order) and how many are overdue."""
    listed = list(rows)
    by_state = {state: 0 for state in LedgerState}  # in workflow order
    for row in listed:
        by_state[row.state] += 1
    return LedgerSummary(by_state, sum(1 for r in listed if r.overdue), len(listed))


def applicability_changes(
    before: Iterable[LedgerRow], after: Iterable[LedgerRow]
) -> tuple[list[LedgerRow], list[LedgerRow]]:
    """Clock rows a count revision made required (added) and not required (dropped)."""
    old = {r.id: r for r in before if r.origin == "clock"}
    new = {r.id: r for r in after if r.origin == "clock"}

    def required(row: LedgerRow | None) -> bool:
        return row is not None and row.state is not LedgerState.NOT_REQUIRED

    added = [r for rid, r in new.items() if required(r) and not required(old.get(rid))]
    dropped = [r for rid, r in old.items() if required(r) and not required(new.get(rid))]
    return added, dropped
