"""Intents on the clocks mid-incident: lawful pauses, closed days, and why a trigger is when it is.

A law-enforcement agency asks to hold the notices, the Attorney General delays the 8-K, an
executive order closes EDGAR, counsel records why awareness is dated as it is: each is a legal
judgement made during the incident, so each is one intent here, for the clock board, the
palette and every other path alike, with who and why kept in one timeline entry.

Screens that show the clock board also read the rules' trigger names and labels here rather
than reaching into the store or the incident-file layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from warroom.domain.clock import format_utc
from warroom.domain.clocks import pausable_clocks, resolve_triggers, running_pauses
from warroom.incident_file.regulatory import default_rules
from warroom.service.core import ServiceCore
from warroom.service.errors import IntentRefused
from warroom.service.view import Changed
from warroom.store.regulatory import (
    RegulatoryState,
    RegulatoryStore,
    StoredTrigger,
    effective_prep,
    file_prep,
)

__all__ = [
    "ClockIntents",
    "default_rules",
    "effective_prep",
    "file_prep",
    "RegulatoryState",
    "StoredTrigger",
]


class ClockIntents(ServiceCore):
    """Pause and resume clocks, add a closed day, record a trigger's reason."""

    def _refused(self, error: ValueError) -> IntentRefused:
        return IntentRefused(str(error))

    def pause_clocks(
        self,
        kind: str,
        clocks: Sequence[str] = (),
        *,
        why: str,
        start: datetime | None = None,
    ) -> Changed[str]:
        """Stop clocks for a lawful delay from ``start`` (default now); return the entry's text.

        ``clocks`` empty: every clock of this incident that the delay can stop (those whose
        law provides it and that are not done). ``why`` is required: who asked, and how (the
        letter, the call), because the regulator and the review will ask. A second pause of
        the same kind while one runs is refused: end it first.
        """
        self.writable()
        why = why.strip()
        if not why:
            raise IntentRefused("say who asked for the delay and how (the letter, the call)")
        now = self.clock()
        view = self.view(drafts=False)
        rules = default_rules()
        label = rules.pause_kinds[kind].label if kind in rules.pause_kinds else kind
        running = [p for p in running_pauses(view.regulatory.pauses, now) if p.kind == kind]
        if running:
            since = format_utc(running[-1].start, with_date=True)
            raise IntentRefused(f"a {label} is already running since {since}: end it first")
        names = list(clocks) or pausable_clocks(view.clocks(now), kind)
        if not names:
            raise IntentRefused(f"no open clock of this incident allows a {label}")
        try:
            text = RegulatoryStore(self.repo).pause(
                kind, names, start or now, self.operator, now, why=why
            )
        except ValueError as error:
            raise self._refused(error) from None
        return self.changed(text)

    def resume_clocks(self, kind: str = "", *, end: datetime | None = None) -> Changed[str]:
        """End a running pause at ``end`` (default now); the time paused is added to its clocks.

        ``kind`` empty: the one pause running (refused, naming them, when there are several).
        """
        self.writable()
        now = self.clock()
        running = running_pauses(RegulatoryStore(self.repo).pauses(), now)
        if not kind:
            kinds = sorted({p.kind for p in running})
            if not kinds:
                raise IntentRefused("no pause is running")
            if len(kinds) > 1:
                raise IntentRefused(f"several pauses are running ({', '.join(kinds)}): name one")
            kind = kinds[0]
        try:
            text = RegulatoryStore(self.repo).resume(kind, end or now, self.operator, now)
        except ValueError as error:
            raise self._refused(error) from None
        return self.changed(text)

    def add_closure(self, day: date, why: str, *, calendar: str = "us-federal") -> Changed[str]:
        """Record a day a calendar is closed (an executive order closing EDGAR); business-day
        clocks recount at once. ``why`` names the order or announcement."""
        self.writable()
        try:
            text = RegulatoryStore(self.repo).add_closure(
                calendar, day, why, self.operator, self.clock()
            )
        except ValueError as error:
            raise self._refused(error) from None
        return self.changed(text)

    def trigger_reason(self, name: str, why: str) -> Changed[str]:
        """Record why a trigger is at the time it is (counsel's reasoning), keeping the time.

        Refused for a trigger that has not happened yet: set its time first.
        """
        self.writable()
        why = why.strip()
        if not why:
            raise IntentRefused("say why the trigger is at this time")
        known = default_rules().triggers
        if name not in known:
            raise IntentRefused(f"{name!r} is not a trigger (known: {', '.join(sorted(known))})")
        room = self.repo.snapshot()
        regulatory = RegulatoryStore(self.repo).state()
        prep = effective_prep(
            room.incident,
            regulatory.triggers,
            regulatory.pauses,
            regulatory.closures,
            regulatory.counts,
        )
        if prep is None:
            raise IntentRefused("the incident file has no regulatory section: there are no clocks")
        resolved = resolve_triggers(prep, room.ticks, room.incident.detected_at, default_rules())
        current = resolved.get(name)
        if current is None:
            raise IntentRefused(f"{name} has not happened yet: set its time first")
        return self.set_trigger(name, current.at, why=why)

    def set_trigger(self, name: str, at: datetime | None, *, why: str = "") -> Changed[str]:
        """Set (or, with ``None``, clear) a clock trigger, with why; return the timeline's words.

        A trigger time is a legal judgement (when did we become aware?), so the reason, when
        given, is kept with it and in the entry.
        """
        self.writable()
        try:
            text = RegulatoryStore(self.repo).set_trigger(
                name, at, self.operator, self.clock(), why=why
            )
        except ValueError as error:
            raise self._refused(error) from None
        return self.changed(text)
