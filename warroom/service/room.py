"""Intents on the room itself: the checklist, filing clocks, counts, notes, the review.

Each method is one operator intent: one transaction, its own timeline entry, and the new view.
The rules (gates, "unticking 'sent' needs a reason", "a late filing says why") are decided
here for every path, so the dashboard, the clock board, the palette, the browser view and the
CLI cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from warroom.domain.clocks import ClockState, ClockStatus
from warroom.domain.gates import item_gate, says_sent
from warroom.domain.mention_trends import MentionSpike
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.domain.trends import Spike
from warroom.service.core import ServiceCore
from warroom.service.errors import GateBlocked, IntentRefused, ReasonRequired
from warroom.service.polling import PollIntents
from warroom.service.view import Changed
from warroom.store.errors import StoreError
from warroom.store.regulatory import RegulatoryStore, file_prep
from warroom.store.repository import new_id

__all__ = ["RoomIntents"]


class RoomIntents(ServiceCore, PollIntents):
    """Checklist, filing clocks, inquiries, notes, review answers, spikes, polls.

    Triggers, pauses and closures are ``ClockIntents`` (``warroom.service.clocks``).
    """

    # ------------------------------------------------------------------ checklist
    def _clock_items(self) -> set[str]:
        prep = file_prep(self.repo.snapshot().incident)
        return set(prep.closes.values()) if prep else set()

    def _tick(self, item_id: str, done: bool, reason: str, action: str, detail: str = "") -> bool:
        """Tick or untick inside the caller's transaction, applying the gates."""
        room = self.repo.snapshot()
        item = room.incident.item(item_id)
        if item is None:
            raise StoreError(f"no checklist item {item_id!r} in this incident")
        operator, now = self.operator, self.clock()
        current = room.ticks.get(item_id)
        if current is not None and current.done == done:
            return False
        reason = reason.strip()
        if done:
            problems = self.draft_problems(item_gate(self.gates(), item_id))
            if problems and not reason:
                raise GateBlocked(f"{action} “{item.title}”", problems)
            self.repo.set_tick(item_id, True, operator, now, detail=detail)
            if problems:
                from warroom.domain.gate_problems import describe_problems

                self.repo.record(
                    EventKind.NOTE,
                    f"Override: “{item.title}” ticked with {len(problems)} problem(s) "
                    f"({describe_problems(problems)}). Reason: {reason}",
                    operator,
                    now,
                )
            return True
        if says_sent(self.gates(), item_id, self._clock_items()) and not reason:
            raise ReasonRequired(
                f"untick “{item.title}”",
                "it records that something was sent or filed; say why it is undone",
            )
        self.repo.set_tick(item_id, False, operator, now, detail=detail)
        if reason:
            self.repo.record(
                EventKind.NOTE, f"Unticked “{item.title}”. Reason: {reason}", operator, now
            )
        return True

    def tick(self, item_id: str, done: bool, *, reason: str = "") -> Changed[bool]:
        """Tick or untick a checklist item.

        A gated tick (the notice sent, the banner up) whose drafts are not ready raises
        ``GateBlocked`` unless ``reason`` is given; the reason is recorded with the tick.
        Unticking an item that records something sent or filed raises ``ReasonRequired``
        without a reason.
        """
        self.writable()
        with self.repo.transaction():
            ticked = self._tick(item_id, done, reason, "tick" if done else "untick")
        return self.changed(ticked)

    def clock_status(self, clock_id: str) -> ClockStatus:
        """One clock's status now (``IntentRefused`` when the incident has no such clock)."""
        clocks = self.view(drafts=False).clocks(self.clock())
        status = next((s for s in clocks if s.id == clock_id), None)
        if status is None:
            raise IntentRefused(f"no clock {clock_id!r} in this incident")
        return status

    def file_clock(
        self, clock_id: str, *, late_reasons: str = "", reason: str = ""
    ) -> Changed[bool]:
        """File a clock: tick the item that closes it, through the same gates as a tick.

        An overdue filing needs the reasons for the delay (GDPR Art. 33(1) asks for them);
        they are recorded beside the filing in the same write. The clock's ledger row reads
        its "sent" from this tick (``LedgerIntents.ledger_step`` files through here too).
        """
        self.writable()
        with self.repo.transaction():
            ticked = self._file_clock(clock_id, late_reasons, reason)
        return self.changed(ticked)

    def _file_clock(self, clock_id: str, late_reasons: str, reason: str, detail: str = "") -> bool:
        """File a clock inside the caller's transaction: the one code path for a filing."""
        status = self.clock_status(clock_id)
        if not status.item_id:
            raise IntentRefused(
                f"no checklist item closes {status.rule.name} (see regulatory.closes)"
            )
        late = status.state is ClockState.OVERDUE
        if late and not late_reasons.strip():
            raise ReasonRequired(
                f"file {status.rule.name}", "it is overdue: give the reasons for the delay"
            )
        ticked = self._tick(status.item_id, True, reason, "file", detail)
        if late:
            self.repo.record(
                EventKind.NOTE,
                f"Filed late: {status.rule.name}. Reasons for the delay: {late_reasons.strip()}",
                self.operator,
                self.clock(),
            )
        return ticked

    # ------------------------------------------------------------------ inquiries and notes
    def count(
        self, channel_id: str, *, topic: str = "", at: datetime | None = None, count: int = 1
    ) -> Changed[None]:
        """Count inquiries on a channel (optionally about a topic, optionally back-dated)."""
        self.writable()
        self.repo.count_inquiry(
            channel_id, self.operator, self.clock(), topic=topic, at=at, count=count
        )
        return self.changed(None)

    def import_inquiries(
        self, text: str, *, source: str = "CSV", force: bool = False
    ) -> Changed[int]:
        """Import counts from another system's CSV in one write; return how many were added.

        The whole file is checked first (``InquiryImportError`` lists every bad row; nothing
        is imported); the same file again is refused unless ``force``.
        """
        from warroom.domain.inquiry_import import fingerprint, parse_inquiry_csv, to_events

        self.writable()
        operator, now = self.operator, self.clock()
        incident = self.repo.incident()
        rows = parse_inquiry_csv(text, incident.channels, now, source=source)
        marker = f"(fingerprint {fingerprint(text)})"
        events = to_events(rows, operator, lambda: new_id("inq"))
        with self.repo.transaction():
            already = any(marker in e.text for e in self.repo.timeline_entries(EventKind.IMPORT))
            if already and not force:
                raise IntentRefused(
                    f"{source} was imported already {marker}; use --force to add it again"
                )
            self.repo.add_inquiry_events(events)
            per_channel: dict[str, int] = {}
            for row in rows:
                per_channel[row.channel_id] = per_channel.get(row.channel_id, 0) + row.count
            detail = ", ".join(f"{channel} {count}" for channel, count in per_channel.items())
            self.repo.record(
                EventKind.IMPORT,
                f"Imported {len(events)} inquiries from {Path(source).name} ({detail}) {marker}",
                operator,
                now,
            )
        return self.changed(len(events))

    def take_back(self, channel_id: str) -> Changed[bool]:
        """Take back one mistaken count; False when the channel's count is already zero."""
        self.writable()
        return self.changed(self.repo.take_back_inquiry(channel_id, self.operator, self.clock()))

    def note(self, text: str, *, at: datetime | None = None) -> Changed[TimelineEntry]:
        """Add a timeline note, possibly back-dated to ``at``."""
        self.writable()
        now = self.clock()
        if at is not None and at > now:
            raise IntentRefused("a note records something that happened: not in the future")
        return self.changed(self.repo.add_note(text, self.operator, now, at=at))

    def record_spikes(
        self, spikes: Sequence[Spike | MentionSpike]
    ) -> Changed[list[Spike | MentionSpike]]:
        """Write the spikes a dashboard saw (inquiries or mentions) into the timeline, once
        across all dashboards (the check runs inside the write lock)."""
        self.writable()
        written = RegulatoryStore(self.repo).record_spikes(spikes, self.operator, self.clock())
        return self.changed(written)

    # ------------------------------------------------------------------ review
    def answer_review(
        self, question_id: str, text: str, *, base: str, overriding: bool = False
    ) -> Changed[bool]:
        """Store the team's answer to one of the review's questions; False if unchanged.

        ``base`` is the answer as the operator saw it; another operator's newer answer raises
        ``SaveConflict`` unless ``overriding`` (then ``base`` is the conflict's token).
        """
        from warroom.service.conflicts import check_text_base

        self.writable()
        store = RegulatoryStore(self.repo)
        with self.repo.transaction():
            stored = store.answers().get(question_id)
            current, by = (stored.text, stored.operator) if stored else ("", "")
            yours = text.strip()
            note = check_text_base(
                "review answer", current, by, base.strip(), yours, overriding=overriding
            )
            changed = store.set_answer(question_id, text, self.operator, self.clock(), note=note)
        return self.changed(changed)
