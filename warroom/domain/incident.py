"""The prepared incident: what the incident file describes before anyone types anything.

These objects come from the incident file (see ``warroom.incident_file``) and change only when
the file is imported again; everything operators do is kept apart, in the timeline, ticks,
inquiry counts and triage records, so re-importing the preparation never loses their work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

__all__ = [
    "Severity",
    "Status",
    "PlaybookStep",
    "Facts",
    "Team",
    "QuestionAnswer",
    "Channel",
    "ChecklistItem",
    "FeedSource",
    "Incident",
]


class Severity(StrEnum):
    """How bad the incident is; shown in the header."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Status(StrEnum):
    """Where the response stands."""

    INVESTIGATING = "investigating"
    CONTAINED = "contained"
    NOTIFYING = "notifying"
    MONITORING = "monitoring"
    CLOSED = "closed"


class PlaybookStep(StrEnum):
    """The four steps of the playbook, in order; checklist items are grouped by them."""

    TELL = "tell"
    PREPARE = "prepare"
    MONITOR = "monitor"
    LEARN = "learn"

    @property
    def heading(self) -> str:
        """The step as the checklist pane titles it."""
        return _STEP_HEADINGS[self]


_STEP_HEADINGS = {
    PlaybookStep.TELL: "1 Tell it all, fast, truthfully",
    PlaybookStep.PREPARE: "2 Prepare for inquiries",
    PlaybookStep.MONITOR: "3 Monitor and respond",
    PlaybookStep.LEARN: "4 Learn and move on",
}


@dataclass(frozen=True)
class Facts:
    """The single sheet of key facts every message is rendered from."""

    what_happened: str
    data_affected: tuple[str, ...]
    customers_affected: int | None
    what_customers_should_do: str
    what_company_is_doing: str
    hotline: str
    faq_url: str
    sender_address: str
    how_security_will_improve: str = ""
    when_happened: str = ""
    discovered_at: datetime | None = None
    support_email: str = ""
    postal_address: str = ""
    data_protection_contact: str = ""
    law_enforcement_delay: bool = False
    breach_started: datetime | None = None
    """When the breach began (or the start of the range); ``None`` means not yet known."""
    breach_ended: datetime | None = None
    """End of the range when the breach spanned days; ``None`` for a single date or unknown."""
    breach_date_estimated: bool = False
    """True when the breach dates are an estimate, so messages say "on or about"."""
    notice_date: datetime | None = None
    """When the first notice goes (or went) out; dates must run breach ≤ discovery ≤ notice."""
    likely_consequences: str = ""
    """What could happen to people because of the breach (GDPR Art. 33(3)(c), 34(2))."""


@dataclass(frozen=True)
class QuestionAnswer:
    """One entry of a team's Q&A."""

    question: str
    answer: str


@dataclass(frozen=True)
class Team:
    """A customer-facing team that must be briefed (customer service, social, sales …)."""

    id: str
    name: str
    lead: str = ""
    qa: tuple[QuestionAnswer, ...] = ()


@dataclass(frozen=True)
class Channel:
    """An inquiry channel; ``key`` is the single key that counts one inquiry on it."""

    id: str
    name: str
    key: str


@dataclass(frozen=True)
class ChecklistItem:
    """One tickable playbook item; ``due`` is relative to detection (``None``: no due time)."""

    id: str
    step: PlaybookStep
    title: str
    due: timedelta | None = None
    team: str = ""

    def due_at(self, detected_at: datetime) -> datetime | None:
        """Return the absolute due time for an incident detected at ``detected_at``."""
        return None if self.due is None else detected_at + self.due


@dataclass(frozen=True)
class FeedSource:
    """A monitored feed (Google Alerts or any RSS/Atom URL)."""

    id: str
    name: str
    url: str
    poll_seconds: int = 300


@dataclass(frozen=True)
class Incident:
    """The incident and all of its preparation, as loaded from the incident file."""

    id: str
    title: str
    severity: Severity
    status: Status
    detected_at: datetime
    summary: str
    facts: Facts
    teams: tuple[Team, ...] = ()
    channels: tuple[Channel, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    feeds: tuple[FeedSource, ...] = ()
    keywords: tuple[str, ...] = ()
    extras: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    """Optional sections other layers own (drafting templates, regulatory clocks …), as raw data."""

    def channel(self, channel_id: str) -> Channel | None:
        """Return the channel with this id, if the incident has one."""
        return next((c for c in self.channels if c.id == channel_id), None)

    def item(self, item_id: str) -> ChecklistItem | None:
        """Return the checklist item with this id, if the incident has one."""
        return next((i for i in self.checklist if i.id == item_id), None)
