"""Persistence for what operators add to the regulatory picture during an incident.

The incident file holds the trigger times known while preparing; the rest happens during the
incident: the disclosure committee determines materiality, counsel classifies the incident as
major, the team answers the review's four questions, and the inquiry pane sees a spike. Each of
those is stored here, on the main file, with who and when, and appended to the timeline in the
same atomic write, so the audit trail and the board never disagree.

Tables on the main file: ``triggers`` (latest value per trigger; ``at`` null means an operator
cleared it; with who set it and why, since a trigger time is a legal judgement),
``review_answers`` (latest answer per question), ``pauses`` (lawful delays recorded during the
incident: a law-enforcement request, the Attorney General's delay of the 8-K), ``closures``
(days an executive order closes federal offices, announced during the incident). Spikes live
only in the timeline: ``unrecorded_spikes`` finds them there again, inside the write lock, so
two dashboards sharing the file record a spike once.

First-triage times (for the review's median time to triage) are not kept: the review falls
back to each mention's latest decision, as ``build_review`` documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from warroom.domain.clocks import (
    ClockRules,
    ClockStatus,
    Pause,
    RegulatoryPrep,
    TriggerNote,
    evaluate_clocks,
    pause_problem,
    pause_text,
    set_trigger,
)
from warroom.domain.incident import Incident
from warroom.domain.mention_trends import MentionSpike
from warroom.domain.population import Counts, apply_counts
from warroom.domain.text import inert
from warroom.domain.timeline import EventKind, entries_since
from warroom.domain.trends import HOUR, Spike, unrecorded_spikes
from warroom.domain.warroom import WarRoom
from warroom.incident_file.regulatory import default_rules, milestones_of
from warroom.store.ledger import LedgerStore
from warroom.store.records import from_iso, iso
from warroom.store.repository import RepositoryLike

if TYPE_CHECKING:  # the review's rules load with the review, not before the first frame
    from warroom.domain.review import Review

__all__ = [
    "StoredTrigger",
    "StoredAnswer",
    "RegulatoryState",
    "RegulatoryStore",
    "file_prep",
    "effective_prep",
    "room_clocks",
    "room_review",
    "ANSWER_LIMIT",
    "answered",
]

ANSWER_LIMIT = 20000
"""Characters kept of one review answer (a page or two of prose is plenty)."""


@dataclass(frozen=True)
class StoredTrigger:
    """An operator's setting of one trigger (``at`` None: cleared, the file's value is void)."""

    name: str
    at: datetime | None
    operator: str
    set_at: datetime
    why: str = ""


@dataclass(frozen=True)
class StoredAnswer:
    """The team's current answer to one of the review's four questions."""

    question_id: str
    text: str
    operator: str
    at: datetime


@dataclass(frozen=True)
class RegulatoryState:
    """Everything the dashboard needs beside the snapshot: stored triggers and answers."""

    triggers: Mapping[str, StoredTrigger]
    answers: Mapping[str, StoredAnswer]
    pauses: tuple[Pause, ...] = ()
    """Lawful delays recorded during the incident (the file's own are in its section)."""
    closures: tuple[tuple[str, date, str], ...] = ()
    """(calendar, day, why): closures announced during the incident."""
    counts: Counts | None = None
    """The affected-population ledger's latest counts (they decide which clocks apply)."""


def file_prep(incident: Incident) -> RegulatoryPrep | None:
    """The incident file's ``regulatory`` section, or ``None`` when it has none."""
    prep = incident.extras.get("regulatory")
    return prep if isinstance(prep, RegulatoryPrep) else None


def effective_prep(
    incident: Incident,
    triggers: Mapping[str, StoredTrigger],
    pauses: Iterable[Pause] = (),
    closures: Iterable[tuple[str, date, str]] = (),
    counts: Counts | None = None,
) -> RegulatoryPrep | None:
    """The file's section with the operators' triggers, pauses and closures laid over it.

    ``counts`` (the affected-population ledger's latest) replace the file's residents and
    total, so a count revision re-decides which clocks apply.
    """
    prep = file_prep(incident)
    if prep is None:
        return None
    prep = apply_counts(prep, counts)
    for name, stored in triggers.items():
        prep = prep.with_trigger(name, stored.at, TriggerNote(stored.operator, stored.why))
    for pause in pauses:
        prep = prep.with_pause(pause)
    for calendar, day, why in closures:
        prep = prep.with_closure(calendar, day, why)
    return prep


def room_clocks(
    room: WarRoom,
    triggers: Mapping[str, StoredTrigger],
    now: datetime,
    rules: ClockRules | None = None,
    pauses: Iterable[Pause] = (),
    closures: Iterable[tuple[str, date, str]] = (),
    counts: Counts | None = None,
) -> tuple[ClockStatus, ...]:
    """Evaluate every clock for a snapshot (empty when the file has no regulatory section)."""
    prep = effective_prep(room.incident, triggers, pauses, closures, counts)
    if prep is None:
        return ()
    return evaluate_clocks(
        prep, room.ticks, room.incident.detected_at, now, rules or default_rules()
    )


def room_review(room: WarRoom, state: RegulatoryState, now: datetime) -> Review:
    """The post-incident review of a snapshot, with the stored answers and clocks."""
    from warroom.domain.review import build_review

    prep = effective_prep(room.incident, state.triggers, state.pauses, state.closures, state.counts)
    return build_review(
        room,
        now,
        clocks=room_clocks(
            room,
            state.triggers,
            now,
            pauses=state.pauses,
            closures=state.closures,
            counts=state.counts,
        ),
        milestones=milestones_of(prep),
        answers={qid: answer.text for qid, answer in state.answers.items()},
    )


def _trigger_from_doc(doc: Mapping[str, Any]) -> StoredTrigger:
    set_at = from_iso(doc["set_at"])
    assert set_at is not None
    return StoredTrigger(
        doc["name"], from_iso(doc.get("at")), doc["operator"], set_at, doc.get("why", "")
    )


def _pause_from_doc(doc: Mapping[str, Any]) -> Pause:
    start = from_iso(doc["start"])
    assert start is not None
    return Pause(
        doc["kind"],
        tuple(doc["clocks"]),
        start,
        from_iso(doc.get("end")),
        doc.get("operator", ""),
        doc.get("why", ""),
    )


def _answer_from_doc(doc: Mapping[str, Any]) -> StoredAnswer:
    at = from_iso(doc["at"])
    assert at is not None
    return StoredAnswer(doc["question_id"], doc.get("text", ""), doc["operator"], at)


def _closure_from_doc(doc: Mapping[str, Any]) -> tuple[str, date, str]:
    """(calendar, day, why) of a closure announced during the incident."""
    calendar, why = doc["calendar"], doc.get("why", "")
    if not isinstance(calendar, str) or not isinstance(why, str):
        raise TypeError("a closure's calendar and reason are text")
    return calendar, date.fromisoformat(doc["date"]), why


class RegulatoryStore:
    """Triggers, review answers and spike records, on top of the war-room repository."""

    def __init__(self, repo: RepositoryLike, rules: ClockRules | None = None) -> None:
        self.repo = repo
        self.rules = rules or default_rules()

    # ------------------------------------------------------------------ reading
    def triggers(self) -> dict[str, StoredTrigger]:
        """The operators' trigger settings, by trigger name."""
        return {t.name: t for t in self.repo.decoded("triggers", _trigger_from_doc)}

    def answers(self) -> dict[str, StoredAnswer]:
        """The stored answers, by question id."""
        return {a.question_id: a for a in self.repo.decoded("review_answers", _answer_from_doc)}

    def pauses(self) -> tuple[Pause, ...]:
        """Lawful delays recorded during the incident, oldest first (ended ones included)."""
        return tuple(self.repo.decoded("pauses", _pause_from_doc))

    def closures(self) -> tuple[tuple[str, date, str], ...]:
        """Closures announced during the incident: (calendar, day, why)."""
        return tuple(self.repo.decoded("closures", _closure_from_doc))

    def state(self) -> RegulatoryState:
        """Triggers, answers, pauses and closures together (one read each)."""
        counts = LedgerStore(self.repo).counts()
        return RegulatoryState(
            self.triggers(), self.answers(), self.pauses(), self.closures(), counts
        )

    def clocks(self, now: datetime) -> tuple[ClockStatus, ...]:
        """Every clock at ``now`` for the current snapshot."""
        room = self.repo.snapshot()
        counts = LedgerStore(self.repo).counts()
        return room_clocks(
            room, self.triggers(), now, self.rules, self.pauses(), self.closures(), counts
        )

    def add_closure(self, calendar: str, day: date, why: str, operator: str, now: datetime) -> str:
        """Record a closed day (an executive order closing federal offices and EDGAR).

        Raises:
            ValueError: an unknown calendar, or no reason given.
        """
        if calendar not in self.rules.calendars:
            known = ", ".join(self.rules.calendars)
            raise ValueError(f"{calendar!r} is not a calendar (known: {known})")
        why = inert(why, limit=300).strip()
        if not why:
            raise ValueError("say why the day is closed (the order or announcement)")
        label = self.rules.calendar(calendar).label
        text = f"Closure added to {label}: {day.isoformat()} ({why}); business-day clocks recounted"
        with self.repo.transaction():
            self.repo.table("closures").insert(
                {"calendar": calendar, "date": day.isoformat(), "why": why, "operator": operator}
            )
            self.repo.record(EventKind.TRIGGER, text, operator, now)
        return text

    def review(self, now: datetime) -> Review:
        """The post-incident review at ``now``."""
        return room_review(self.repo.snapshot(), self.state(), now)

    # ------------------------------------------------------------------ writing
    def set_trigger(
        self, name: str, at: datetime | None, operator: str, now: datetime, why: str = ""
    ) -> str:
        """Set (or, with ``None``, clear) a trigger and record it; return the timeline text.

        Raises:
            ValueError: the trigger is unknown, the incident has no regulatory section, or
                ``at`` is in the future (a trigger records something that has happened).
        """
        incident = self.repo.snapshot().incident
        prep = file_prep(incident)
        if prep is None:
            raise ValueError("the incident file has no regulatory section: there are no clocks")
        if at is not None and at > now:
            raise ValueError("a trigger cannot be set in the future")
        why = inert(why, limit=500).strip()
        note = TriggerNote(operator, why) if why else None
        _, text = set_trigger(prep, name, at, self.rules, note)  # validates, words the entry
        with self.repo.transaction():
            table = self.repo.table("triggers")
            table.remove(doc_ids=[doc.doc_id for doc in table.all() if doc.get("name") == name])
            table.insert(
                {
                    "name": name,
                    "at": iso(at),
                    "operator": operator,
                    "set_at": iso(now),
                    "why": why,
                }
            )
            self.repo.record(EventKind.TRIGGER, text, operator, now)
        return text

    def pause(
        self,
        kind: str,
        clocks: Sequence[str],
        start: datetime,
        operator: str,
        now: datetime,
        why: str = "",
    ) -> str:
        """Record a lawful delay that stops ``clocks`` from ``start``; return the timeline text.

        Raises:
            ValueError: an unknown kind or clock, a kind the clock's law does not provide, or
                a start in the future.
        """
        if problem := pause_problem(self.rules, kind, clocks):
            raise ValueError(problem)
        if start > now:
            raise ValueError("a pause cannot start in the future")
        pause = Pause(kind, tuple(clocks), start, None, operator, inert(why, limit=500).strip())
        text = pause_text(pause, self.rules)
        with self.repo.transaction():
            self.repo.table("pauses").insert(
                {
                    "kind": kind,
                    "clocks": list(pause.clocks),
                    "start": iso(start),
                    "end": None,
                    "operator": operator,
                    "why": pause.why,
                }
            )
            self.repo.record(EventKind.TRIGGER, text, operator, now)
        return text

    def resume(self, kind: str, end: datetime, operator: str, now: datetime) -> str:
        """End the running pause of ``kind`` at ``end``; return the timeline text.

        Raises:
            ValueError: no pause of that kind is running, or ``end`` is before its start or
                in the future.
        """
        if end > now:
            raise ValueError("a pause cannot end in the future")
        with self.repo.transaction():
            table = self.repo.table("pauses")
            running = [d for d in table.all() if d.get("kind") == kind and d.get("end") is None]
            if not running:
                raise ValueError(f"no {kind} pause is running")
            doc = running[-1]
            pause = _pause_from_doc(doc)
            if end < pause.start:
                raise ValueError("a pause cannot end before it started")
            table.update({"end": iso(end)}, doc_ids=[doc.doc_id])
            text = pause_text(replace(pause, end=end), self.rules, resumed=True)
            self.repo.record(EventKind.TRIGGER, text, operator, now)
        return text

    def set_answer(
        self, question_id: str, text: str, operator: str, now: datetime, *, note: str = ""
    ) -> bool:
        """Store the team's answer to a review question; False when it did not change.

        The answer it replaces is kept in ``review_answer_history`` (nothing saved is lost);
        ``note`` is added to the timeline entry (the service words an override there).

        Raises:
            ValueError: an unknown question id.
        """
        from warroom.domain.review import QUESTIONS

        question = dict(QUESTIONS).get(question_id)
        if question is None:
            raise ValueError(f"unknown review question {question_id!r}")
        clean = inert(text, limit=ANSWER_LIMIT, keep_newlines=True).strip()
        with self.repo.transaction():
            table = self.repo.table("review_answers")
            current = [doc for doc in table.all() if doc.get("question_id") == question_id]
            if current and current[0].get("text", "") == clean:
                return False
            if current:
                self.repo.table("review_answer_history").insert(dict(current[0]))
            table.remove(doc_ids=[doc.doc_id for doc in current])
            table.insert(
                {"question_id": question_id, "text": clean, "operator": operator, "at": iso(now)}
            )
            first_line = clean.split("\n", 1)[0]
            short = first_line[:117] + "…" if len(first_line) > 120 or "\n" in clean else first_line
            said = f": “{short}”" if clean else ": answer removed"
            self.repo.record(
                EventKind.NOTE, f"Review answer to “{question}”{said}{note}", operator, now
            )
        return True

    def record_spikes(
        self, spikes: Iterable[Spike | MentionSpike], operator: str, now: datetime
    ) -> list[Spike | MentionSpike]:
        """Write each spike not yet in the timeline's last hour; return the ones written.

        The check runs inside the write lock on what is on disk, so two dashboards that notice
        the same spike write it once.
        """
        wanted = list(spikes)
        if not wanted:
            return []
        with self.repo.transaction():
            recent = entries_since(self.repo.snapshot().timeline, now - HOUR)
            fresh = unrecorded_spikes(wanted, recent, now)
            for spike in fresh:
                self.repo.record(EventKind.SYSTEM, spike.text, operator, now)
        return fresh


def answered(state: RegulatoryState) -> Sequence[str]:
    """Question ids with a non-empty answer (for the review screen's subtitle)."""
    from warroom.domain.review import QUESTIONS

    return [qid for qid, _ in QUESTIONS if (a := state.answers.get(qid)) and a.text]
