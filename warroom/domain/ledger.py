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

This module names the states, the audiences and what is recorded; ``ledger_rows`` holds the rows
and decides (transitions, order, what is overdue); the store keeps the steps operators took and
the service gathers what ``build_ledger`` needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from warroom.domain.cadence import ChannelUpdate, Promise
from warroom.domain.population import Counts, PopulationRevision

__all__ = [
    "LedgerState",
    "Audience",
    "Stakeholder",
    "LedgerStep",
    "LedgerRecord",
    "DraftMark",
    "LedgerData",
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
