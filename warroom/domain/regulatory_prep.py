"""What the incident file (and operators, later) say about the law's reach over this incident.

Which regimes apply and why, trigger times with who set them and why (they are legal
judgements, so the board shows the reasoning), residents per state, lawful delays that pause
clocks, closures of the regulators' offices, and counsel's review of the rules file.
``warroom.domain.clocks`` re-exports every name here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from warroom.domain.clock import utc

__all__ = ["RegimeApplicability", "TriggerNote", "Pause", "RulesReview", "RegulatoryPrep"]


@dataclass(frozen=True)
class RegimeApplicability:
    """Whether a regime applies to this incident, and why (shown on the clock board)."""

    regime: str
    applies: bool
    why: str = ""


@dataclass(frozen=True)
class TriggerNote:
    """Who set a trigger and on what reasoning (the time itself lives in ``triggers``)."""

    set_by: str = ""
    why: str = ""


@dataclass(frozen=True)
class Pause:
    """A lawful delay of some clocks: from ``start`` until ``end`` (``None``: still running).

    A law-enforcement agency asking for a delay (Cal. Civ. Code 1798.82(c), 45 CFR 164.412)
    or the US Attorney General's written notice under Form 8-K Item 1.05(c) stops the clock;
    the time paused is added to the deadline when it ends.
    """

    kind: str
    clocks: tuple[str, ...]
    start: datetime
    end: datetime | None = None
    set_by: str = ""
    why: str = ""

    def ongoing(self, now: datetime) -> bool:
        """True when the pause has begun and not ended at ``now``."""
        return self.start <= now and (self.end is None or self.end > now)


@dataclass(frozen=True)
class RulesReview:
    """Counsel's review of the rules file: who, when, and the digest of the file reviewed."""

    counsel: str
    reviewed_on: date
    rules_digest: str = ""
    """SHA-256 of the rules file reviewed; another digest means the rules changed since."""


@dataclass(frozen=True)
class RegulatoryPrep:
    """The incident file's ``regulatory`` section, plus triggers operators set later."""

    regimes: tuple[RegimeApplicability, ...] = ()
    triggers: Mapping[str, datetime] = field(default_factory=dict)
    """Trigger times known so far; an absent trigger has not happened yet."""
    residents: Mapping[str, int] = field(default_factory=dict)
    """Affected residents per US state (two-letter code)."""
    affected_total: int | None = None
    closes: Mapping[str, str] = field(default_factory=dict)
    """Clock id → the checklist item id whose tick closes it."""
    milestones: Mapping[str, str] = field(default_factory=dict)
    """Review milestone (``first_notice``, ``faq_published`` …) → checklist item id."""
    notes: str = ""
    trigger_notes: Mapping[str, TriggerNote] = field(default_factory=dict)
    pauses: tuple[Pause, ...] = ()
    closures: Mapping[str, Mapping[date, str]] = field(default_factory=dict)
    """Calendar name → extra closed days (an executive order announced mid-incident)."""
    review: RulesReview | None = None
    counts: Mapping[str, int] = field(default_factory=dict)
    """Named counts the rules' conditions use (``hipaa_contact_insufficient``: people whose
    contact details are insufficient or out of date, for HIPAA's substitute notice)."""
    weekend_relief: str = ""
    """Whether DORA's weekend relief applies: ``eligible`` (Art. 5(4), not excluded by 5(5)),
    ``final-only`` (excluded by 5(5): credit institution, CCP, trading venue, NIS2 entity),
    ``none`` (disapplied under 5(6)); empty: not said, so no relief is applied."""
    relief_zone: str = ""
    """The member state's time zone, for "noon of the next working day"."""

    def regime(self, regime: str) -> RegimeApplicability | None:
        """Return what the file says about a regime (``None``: not listed)."""
        return next((r for r in self.regimes if r.regime == regime), None)

    def residents_in(self, where: str) -> int:
        """Residents affected in a state, ``total`` (the file's, else the states' sum) or
        ``any_state`` (the largest count of any one state)."""
        if where == "total":
            return (
                self.affected_total
                if self.affected_total is not None
                else sum(self.residents.values())
            )
        if where == "any_state":
            return max(self.residents.values(), default=0)
        if where in self.counts:
            return self.counts[where]
        return self.residents.get(where, 0)

    def with_trigger(
        self, name: str, at: datetime | None, note: TriggerNote | None = None
    ) -> RegulatoryPrep:
        """Return a copy with trigger ``name`` set to ``at`` (``None`` clears it)."""
        triggers = dict(self.triggers)
        notes = dict(self.trigger_notes)
        if at is None:
            triggers.pop(name, None)
            notes.pop(name, None)
        else:
            triggers[name] = utc(at)
            if note is not None:
                notes[name] = note
        return replace(self, triggers=triggers, trigger_notes=notes)

    def with_closure(self, calendar: str, day: date, why: str) -> RegulatoryPrep:
        """Return a copy with one more closed day (an executive order announced mid-incident)."""
        closures = {name: dict(days) for name, days in self.closures.items()}
        closures.setdefault(calendar, {})[day] = why
        return replace(self, closures=closures)

    def with_pause(self, pause: Pause) -> RegulatoryPrep:
        """Return a copy with one more pause (a delay recorded mid-incident)."""
        return replace(self, pauses=(*self.pauses, pause))
