"""The notification ledger: who must or should be told, and whether they were, by whom, when.

One row per audience: every regulator a clock applies to (one row per clock on the board: each
filing is its own submission with its own reference), each customer cohort, partners,
processors, card brands, the acquirer, the insurer, law enforcement, the board, staff and the
press (declared in the incident file's ``stakeholders``), and rows added during the incident.

A row moves to draft → drafted → approved → sent → acknowledged, or is not required with a
reason. For a row generated from a clock, "sent" *is* the tick that closes the clock: the state
is read from the tick, so filing on the clock board and marking the row sent are the same
record and cannot disagree. A generated row whose clock stops applying (a count revision fell
below a threshold) stays in the ledger, not required, with the reason.

This module decides (states, transitions, order, what is overdue); the store keeps the steps
operators took and the service gathers what ``build_ledger`` needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from warroom.domain.cadence import ChannelUpdate, Promise
from warroom.domain.clock import format_utc
from warroom.domain.population import Counts, PopulationRevision

__all__ = [
    "LedgerState",
    "Audience",
    "Stakeholder",
    "LedgerStep",
    "LedgerRecord",
    "DraftMark",
    "LedgerRow",
    "LedgerSummary",
    "LedgerData",
    "check_step",
    "sort_rows",
    "summarize",
    "applicability_changes",
    "CLOCK_ROW_PREFIX",
]

CLOCK_ROW_PREFIX = "clock:"
"""Row ids of rows generated from a clock: ``clock:<rule id>``."""


class LedgerState(StrEnum):
    """Where a row stands; the text says it without colour."""

    TO_DRAFT = "to-draft"
    DRAFTED = "drafted"
    APPROVED = "approved"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    NOT_REQUIRED = "not-required"

    @property
    def rank(self) -> int:
        """Position on the way to "acknowledged" (not required: past the end)."""
        return _ORDER.index(self)

    @property
    def label(self) -> str:
        """Symbol and words, e.g. ``✉ sent``."""
        return f"{_SYMBOLS[self]} {self.value.replace('-', ' ')}"


_ORDER = (
    LedgerState.TO_DRAFT,
    LedgerState.DRAFTED,
    LedgerState.APPROVED,
    LedgerState.SENT,
    LedgerState.ACKNOWLEDGED,
    LedgerState.NOT_REQUIRED,
)
_SYMBOLS = {
    LedgerState.TO_DRAFT: "○",
    LedgerState.DRAFTED: "✎",
    LedgerState.APPROVED: "☑",
    LedgerState.SENT: "✉",
    LedgerState.ACKNOWLEDGED: "✔",
    LedgerState.NOT_REQUIRED: "–",
}


class Audience(StrEnum):
    """Who a row tells."""

    REGULATOR = "regulator"
    CUSTOMERS = "customers"
    PARTNER = "partner"
    PROCESSOR = "processor"
    CARD_BRAND = "card-brand"
    ACQUIRER = "acquirer"
    INSURER = "insurer"
    LAW_ENFORCEMENT = "law-enforcement"
    BOARD = "board"
    STAFF = "staff"
    PRESS = "press"
    OTHER = "other"


@dataclass(frozen=True)
class Stakeholder:
    """An audience declared in the incident file's ``stakeholders`` (or added later)."""

    id: str
    name: str
    audience: Audience
    jurisdiction: str = ""
    """ISO code of a customer cohort's jurisdiction (``US-CA``, ``IE``)."""
    category: str = ""
    """Data category of a customer cohort (as the facts name it)."""
    channel: str = ""
    contact: str = ""
    recipients: int | None = None
    draft: str = ""
    """The draft that tells them (``notice``, ``faq``, ``briefing:sales`` …), if any."""
    due: timedelta | None = None
    """How long after detection they should be told."""
    required: bool = True
    why_not: str = ""
    note: str = ""


@dataclass(frozen=True)
class LedgerStep:
    """One move of a row: to which state, who, when, and what they said."""

    state: LedgerState
    operator: str
    at: datetime
    note: str = ""
    automatic: bool = False
    """Made by a count revision (the row's clock stopped applying), not by an operator."""


@dataclass(frozen=True)
class LedgerRecord:
    """What operators have recorded on one row (the store keeps it)."""

    row_id: str
    steps: tuple[LedgerStep, ...] = ()
    channel: str = ""
    reference: str = ""
    recipients: int | None = None
    note: str = ""
    draft_version: int | None = None
    draft_hash: str = ""
    added: Stakeholder | None = None
    """Set for rows added during the incident (they are not in the file)."""


@dataclass(frozen=True)
class DraftMark:
    """The latest saved version of a draft: enough to say "drafted" and what was sent."""

    version: int
    text_hash: str
    at: datetime


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


@dataclass(frozen=True)
class LedgerData:
    """Everything the ledger and the cadence are computed from, read in one store trip."""

    records: Mapping[str, LedgerRecord] = field(default_factory=dict)
    stakeholders: tuple[Stakeholder, ...] = ()
    drafts: Mapping[str, DraftMark] = field(default_factory=dict)
    """Latest saved version per draft key (``notice``, ``briefing:sales``)."""
    promises: Mapping[str, Promise] = field(default_factory=dict)
    updates: tuple[ChannelUpdate, ...] = ()
    """Channel updates: draft versions of public channels and hand-marked ones."""
    revisions: tuple[PopulationRevision, ...] = ()

    @property
    def counts(self) -> Counts | None:
        """The latest counts."""
        return self.revisions[-1].counts if self.revisions else None


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
    by_state = {state: 0 for state in _ORDER}
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
