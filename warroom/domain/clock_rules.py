"""What a clock rule says, as the rules file states it: limits, conditions, sources, pauses.

Kept apart from the evaluation (``warroom.domain.clocks``) because counsel reads and edits
these as data: each rule carries its citation, a source address, whether that source is the
law itself or a summary of it, the dates it is in force and the day it was last checked.
``warroom.domain.clocks`` re-exports every name here, so callers import from either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from warroom.domain.business_days import CALENDARS, US_FEDERAL, BusinessCalendar

__all__ = [
    "Offset",
    "EndOfDay",
    "Limit",
    "Relief",
    "Condition",
    "ClockRule",
    "TriggerDef",
    "PauseKind",
    "Thresholds",
    "ClockRules",
    "RECIPIENTS",
    "NOT_LEGAL_ADVICE",
    "not_legal_advice",
]

RECIPIENTS = (
    "regulator",
    "attorney-general",
    "individuals",
    "credit-bureaus",
    "media",
    "card-brands",
    "clients",
    "investors",
)
"""Whom a rule's notice goes to; each is its own row on the board and in the ledger."""


@dataclass(frozen=True)
class Offset:
    """How far after its trigger a limit falls; exactly one field is non-zero."""

    hours: int = 0
    days: int = 0
    business_days: int = 0
    months: int = 0
    days_after_year_end: int = 0
    """HIPAA's annual log: this many days after the end of the trigger's calendar year."""

    def describe(self) -> str:
        """Say the offset the way the law does: ``72 h``, ``30 days``, ``4 business days``."""
        if self.hours:
            return f"{self.hours} h"
        if self.days:
            return f"{self.days} days"
        if self.business_days:
            return f"{self.business_days} business days"
        if self.days_after_year_end:
            return f"{self.days_after_year_end} days after the end of the calendar year"
        return f"{self.months} month" + ("s" if self.months != 1 else "")


@dataclass(frozen=True)
class EndOfDay:
    """For day-counted limits: the local time on the last day by which the act must be done."""

    zone: str
    at: time


@dataclass(frozen=True)
class Relief:
    """A deadline on a non-working day may move to a local time on the next working day.

    DORA (Delegated Regulation (EU) 2025/301 Art. 5(4)): a report due on a weekend day or a
    bank holiday of the entity's member state may be submitted by noon of the next working
    day; Art. 5(5) takes initial notifications and intermediate reports of credit
    institutions, central counterparties, trading venues and NIS2 entities out of it.
    """

    applies_to: str
    """``all`` (every entity the relief is not disapplied for: the final report) or
    ``eligible`` (only entities Art. 5(5) does not exclude: initial and intermediate)."""
    at: time = time(12, 0)
    calendar: str = "eu-working-days"
    source: str = ""


@dataclass(frozen=True)
class Limit:
    """One deadline of a rule: ``offset`` after the time of ``trigger``."""

    trigger: str
    offset: Offset
    end_of_day: EndOfDay | None = None
    calendar: str = US_FEDERAL.name
    """The business-day calendar ``business_days`` offsets count in."""
    restarts_on: tuple[str, ...] = ()
    """Triggers that move the start to their (later) time: DORA's latest updated report."""
    lapses_unless_by: str = ""
    """This limit stops binding if that trigger has not happened by its due time (DORA's 24 h
    cap on the initial notification gives way to 4 h from a late classification)."""
    relief: Relief | None = None
    """The weekend/holiday relief this deadline may have (only when the file says it applies)."""


@dataclass(frozen=True)
class Condition:
    """A rule applies only with enough (or few enough) affected people.

    ``residents_in`` is a two-letter state, ``total`` or ``any_state`` (the largest count of
    any one state: HIPAA's media notice is for more than 500 residents of one state).
    """

    residents_in: str
    at_least: int = 0
    fewer_than: int | None = None
    label: str = ""
    """Words for a named count (``hipaa_contact_insufficient``: whose contact details fail)."""

    def holds(self, count: int) -> bool:
        """True when ``count`` meets the condition."""
        return count >= self.at_least and (self.fewer_than is None or count < self.fewer_than)

    def describe(self) -> str:
        """Say the condition in words."""
        if self.residents_in == "total":
            where = "affected people in total"
        elif self.residents_in == "any_state":
            where = "residents of any one state"
        elif self.label:
            where = self.label
        else:
            where = f"{self.residents_in} residents"
        if self.fewer_than is not None and self.at_least:
            return f"{self.at_least:,} to {self.fewer_than - 1:,} {where}"
        if self.fewer_than is not None:
            return f"fewer than {self.fewer_than:,} {where}"
        return f"{self.at_least:,} or more {where}"


@dataclass(frozen=True)
class ClockRule:
    """One legal deadline, as the rules file states it, with where it comes from."""

    id: str
    regime: str
    name: str
    limits: tuple[Limit, ...]
    source: str
    """The citation (statute, regulation, article): what counsel looks up."""
    note: str = ""
    outer_limit: bool = False
    """The law says "without unreasonable delay"; the due time is the latest, not the target."""
    conditions: tuple[Condition, ...] = ()
    source_url: str = ""
    primary: bool = False
    """True when ``source_url`` is the law or the regulator itself, not a summary of it."""
    effective_from: date | None = None
    effective_to: date | None = None
    """The rule applies when its start (``effective_on``) is on or after ``effective_from``
    and before ``effective_to``."""
    effective_on: str = "became_aware"
    last_verified: date | None = None
    """The day someone last checked the rule against its source (``None``: never)."""
    verified_by: str = ""
    """What was checked, against what text (a rule's ``last_verified`` is only as good as it)."""
    recipient: str = "regulator"
    pauses: tuple[str, ...] = ()
    """Pause kinds (law-enforcement delay …) the law allows for this notice."""
    timing: str = ""
    """For a rule with no fixed days, what the law says instead ("promptly after …")."""

    @property
    def citation(self) -> str:
        """The citation (another name for ``source``)."""
        return self.source

    @property
    def fixed_deadline(self) -> bool:
        """False for "without unreasonable delay" rules with no number of days at all."""
        return bool(self.limits)


@dataclass(frozen=True)
class TriggerDef:
    """A named moment that starts clocks (``became_aware``, ``materiality_determined`` …)."""

    name: str
    label: str
    about: str = ""
    defaults_to_detection: bool = False
    set_by_clock: str = ""
    """When not set explicitly, the trigger is the time this clock closed."""


@dataclass(frozen=True)
class PauseKind:
    """A lawful delay that stops a clock: a law-enforcement request, the SEC's DOJ delay."""

    name: str
    label: str
    source: str
    source_url: str = ""
    max_days: int | None = None
    """Longest pause the source allows without a further request (DOJ: 30 days)."""
    extensions: tuple[int, ...] = ()
    """Further periods the source allows, in days (DOJ: 30, then 60 in extraordinary cases)."""


@dataclass(frozen=True)
class Thresholds:
    """When a running clock turns amber and red: at most min(fraction × window, cap) left."""

    amber_fraction: float = 0.25
    amber_cap: timedelta = timedelta(hours=72)
    red_fraction: float = 0.10
    red_cap: timedelta = timedelta(hours=24)

    def amber_within(self, window: timedelta) -> timedelta:
        """Time left at which a clock of this window turns amber."""
        return min(window * self.amber_fraction, self.amber_cap)

    def red_within(self, window: timedelta) -> timedelta:
        """Time left at which a clock of this window turns red."""
        return min(window * self.red_fraction, self.red_cap)


def _default_calendars() -> Mapping[str, BusinessCalendar]:
    return dict(CALENDARS)


@dataclass(frozen=True)
class ClockRules:
    """Every rule, trigger and regime the rules file defines."""

    rules: tuple[ClockRule, ...]
    triggers: Mapping[str, TriggerDef]
    regimes: Mapping[str, str]
    thresholds: Thresholds = field(default_factory=Thresholds)
    calendars: Mapping[str, BusinessCalendar] = field(default_factory=_default_calendars)
    """Business-day calendars by name, with the closures of the calendars data file."""
    pause_kinds: Mapping[str, PauseKind] = field(default_factory=dict)
    last_verified: date | None = None
    """The oldest ``last_verified`` of any rule: what the not-legal-advice line quotes."""
    digest: str = ""
    """SHA-256 of the rules file text, so a review of other rules shows as unreviewed."""

    def rule(self, rule_id: str) -> ClockRule | None:
        """Return the rule with this id, if any."""
        return next((r for r in self.rules if r.id == rule_id), None)

    def calendar(self, name: str) -> BusinessCalendar:
        """The calendar a limit counts in (unknown names are caught when the file loads)."""
        return self.calendars[name]


NOT_LEGAL_ADVICE = (
    "Deadlines and checks are aids drawn from the cited sources as of {verified}; they are not "
    "legal advice. Counsel confirms which laws apply and the trigger times."
)
"""The line the clock board, the linter panel and every regulator export carry."""


def not_legal_advice(verified: date | None) -> str:
    """The not-legal-advice line, quoting the date the rules were last checked."""
    when = verified.isoformat() if verified else "an unverified date"
    return NOT_LEGAL_ADVICE.format(verified=when)
