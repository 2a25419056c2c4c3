"""Intents of "who has been told": the ledger's rows here; counts, promises, statements beside.

Each is one transaction with one timeline entry, like every intent. Marking a regulator's row
sent files its clock through ``RoomIntents._file_clock`` (the clock board's own path), so the
tick is the one record of the filing and the row reads its state from it. ``LedgerIntents``
gathers these with the population (``service.population``), the update promises
(``service.cadence``) and the holding statements (``service.holding``), so the service mixes
them in with one name.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import TYPE_CHECKING

from warroom.domain.ledger import (
    Audience,
    LedgerRecord,
    LedgerState,
    LedgerStep,
    Stakeholder,
)
from warroom.domain.text import inert
from warroom.domain.timeline import EventKind
from warroom.service.cadence import CadenceIntents
from warroom.service.errors import IntentRefused, ReasonRequired
from warroom.service.holding import HoldingIntents
from warroom.service.population import TOTAL_FACT, PopulationIntents
from warroom.service.room import RoomIntents
from warroom.service.view import Changed, RoomView
from warroom.store.ledger import LedgerStore

if TYPE_CHECKING:  # the rows are built with the ledger's screens, not for the first frame
    from warroom.domain.ledger_rows import LedgerRow

__all__ = ["LedgerIntents", "LedgerRowIntents", "TOTAL_FACT"]

_TEXT_LIMIT = 400


class LedgerRowIntents(RoomIntents):
    """The notification ledger's rows: read them, move them, fill in their details, add one."""

    # ------------------------------------------------------------------ reads
    def ledger(self) -> list[LedgerRow]:
        """Every ledger row now, overdue first."""
        return self.view(drafts=False).ledger_rows(self.clock())

    def _row(self, view: RoomView, row_id: str) -> LedgerRow:
        row = next((r for r in view.ledger_rows(self.clock()) if r.id == row_id), None)
        if row is None:
            raise IntentRefused(f"no ledger row {row_id!r} in this incident")
        return row

    # ------------------------------------------------------------------ ledger steps
    def ledger_step(
        self,
        row_id: str,
        state: LedgerState,
        *,
        reason: str = "",
        channel: str = "",
        reference: str = "",
        late_reasons: str = "",
    ) -> Changed[LedgerRow]:
        """Move a row to ``state`` (with the channel and reference of a sending).

        A clock row's "sent" files its clock (same gates, same late-filing reasons, the
        tick's timeline entry carries the channel and reference); going back from sent
        unticks it and needs a reason, like unticking on the dashboard.

        Raises:
            IntentRefused: an unknown row or a move the ledger's rules refuse.
            ReasonRequired: going back, or "not required", without a reason.
        """
        from warroom.domain.ledger_rows import check_step  # with the ledger's screens

        self.writable()
        reason, now, operator = reason.strip(), self.clock(), self.operator
        channel = inert(channel, limit=_TEXT_LIMIT).strip()
        reference = inert(reference, limit=_TEXT_LIMIT).strip()
        with self.repo.transaction():
            row = self._row(self.view(drafts=False), row_id)
            problem = check_step(row, state, reason)
            if problem:
                if "reason" in problem or "say why" in problem:
                    raise ReasonRequired(f"move “{row.name}”", problem)
                raise IntentRefused(problem)
            store = LedgerStore(self.repo)
            record = store.records().get(row.id) or LedgerRecord(row.id)
            details = replace(
                record,
                channel=channel or record.channel,
                reference=reference or record.reference,
            )
            if state is LedgerState.SENT:
                mark = self.view(drafts=False).ledger.drafts.get(row.draft) if row.draft else None
                if mark is not None:
                    details = replace(
                        details, draft_version=mark.version, draft_hash=mark.text_hash
                    )
            said = _details_text(details, reason)
            sent_or_back = state is LedgerState.SENT or (
                row.state in (LedgerState.SENT, LedgerState.ACKNOWLEDGED)
                and state.rank < LedgerState.SENT.rank
            )
            if row.is_regulator_clock and sent_or_back:
                detail = f" (ledger: {row.name}{said})"
                if state is LedgerState.SENT:
                    self._file_clock(row.clock_id, late_reasons, reason, detail)
                else:
                    self._tick(row.item_id, False, reason, "untick", detail)
                step = LedgerStep(state, operator, now, reason)
                store.save_record(replace(details, steps=(*details.steps, step)))
            else:
                step = LedgerStep(state, operator, now, reason)
                store.save_record(replace(details, steps=(*details.steps, step)))
                self.repo.record(
                    EventKind.LEDGER,
                    f"Ledger: “{row.name}” {row.state.value} → {state.value}{said}",
                    operator,
                    now,
                )
        return self.changed(self._row(self.view(drafts=False), row_id))

    def ledger_details(
        self,
        row_id: str,
        *,
        channel: str | None = None,
        reference: str | None = None,
        recipients: int | None = None,
        note: str | None = None,
    ) -> Changed[LedgerRow]:
        """Record a row's channel, reference or case number, recipient count or note."""
        self.writable()
        if recipients is not None and recipients < 0:
            raise IntentRefused("a recipient count cannot be negative")
        with self.repo.transaction():
            row = self._row(self.view(drafts=False), row_id)
            store = LedgerStore(self.repo)
            record = store.records().get(row.id) or LedgerRecord(row.id)
            new = replace(
                record,
                channel=record.channel if channel is None else inert(channel, limit=_TEXT_LIMIT),
                reference=(
                    record.reference if reference is None else inert(reference, limit=_TEXT_LIMIT)
                ),
                note=record.note if note is None else inert(note, limit=2000, keep_newlines=True),
            )
            if recipients is not None:
                new = replace(new, recipients=recipients)
            if new == record:
                return self.changed(row)
            store.save_record(new)
            self.repo.record(
                EventKind.LEDGER,
                f"Ledger: “{row.name}”{_details_text(new, '')}",
                self.operator,
                self.clock(),
            )
        return self.changed(self._row(self.view(drafts=False), row_id))

    def add_ledger_row(
        self, name: str, audience: Audience, *, channel: str = "", jurisdiction: str = ""
    ) -> Changed[LedgerRow]:
        """Add an audience the file did not foresee (a second insurer, a regulator's request)."""
        self.writable()
        clean = inert(name, limit=200).strip()
        if not clean:
            raise IntentRefused("a ledger row needs a name")
        row_id = f"added-{uuid.uuid4().hex[:10]}"
        who = Stakeholder(
            row_id,
            clean,
            Audience(audience),
            jurisdiction=inert(jurisdiction, limit=10).strip().upper(),
            channel=inert(channel, limit=_TEXT_LIMIT).strip(),
        )
        now = self.clock()
        with self.repo.transaction():
            step = LedgerStep(LedgerState.TO_DRAFT, self.operator, now, "added")
            LedgerStore(self.repo).save_record(LedgerRecord(row_id, (step,), added=who))
            self.repo.record(
                EventKind.LEDGER,
                f"Ledger: added “{clean}” ({who.audience.value})",
                self.operator,
                now,
            )
        return self.changed(self._row(self.view(drafts=False), row_id))


def _details_text(record: LedgerRecord, reason: str) -> str:
    parts = []
    if record.channel:
        parts.append(f"via {record.channel}")
    if record.reference:
        parts.append(f"ref {record.reference}")
    if record.recipients is not None:
        parts.append(f"{record.recipients:,} recipients")
    if record.draft_version is not None:
        parts.append(f"draft v{record.draft_version}")
    if reason:
        parts.append(f"reason: {reason}")
    return (", " + ", ".join(parts)) if parts else ""


class LedgerIntents(LedgerRowIntents, PopulationIntents, CadenceIntents, HoldingIntents):
    """Who has been told: the ledger, the affected population, promises, holding statements."""
