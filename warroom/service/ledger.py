"""Intents of "who has been told": ledger steps, population revisions, promises, holding statements.

Each is one transaction with one timeline entry, like every intent. Marking a regulator's row
sent files its clock through ``RoomIntents._file_clock`` (the clock board's own path), so the
tick is the one record of the filing and the row reads its state from it. A population
revision re-evaluates the clocks with the new counts in the same write: rows that start to
apply appear, rows that stop are kept as not required with the reason, the facts' count
follows, and the drafts that quoted the old count go stale.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from warroom.domain.cadence import PUBLIC_CHANNELS, CadenceStatus, ChannelUpdate, Promise
from warroom.domain.checks import Problem, check_draft
from warroom.domain.clock import format_utc
from warroom.domain.drafts import (
    DraftKind,
    FactError,
    fact_field,
    format_fact,
    parse_fact,
    render,
)
from warroom.domain.holding import HoldingPrep, HoldingStatement, approval_problem, text_hash
from warroom.domain.ledger import (
    Audience,
    LedgerRecord,
    LedgerRow,
    LedgerState,
    LedgerStep,
    Stakeholder,
    applicability_changes,
    check_step,
)
from warroom.domain.population import (
    Counts,
    PopulationRevision,
    check_counts,
    describe_change,
    parse_counts_csv,
    with_total,
)
from warroom.domain.text import inert
from warroom.domain.timeline import EventKind
from warroom.service.drafting import DraftingIntents
from warroom.service.errors import IntentRefused, ReasonRequired
from warroom.service.room import RoomIntents
from warroom.service.view import Changed, RoomView
from warroom.store.drafts import DraftStore
from warroom.store.ledger import LedgerStore

__all__ = ["LedgerIntents", "HoldingStatus", "TOTAL_FACT"]

TOTAL_FACT = "customers_affected"
"""The fact that is the population ledger's total (one number, two names)."""

_TEXT_LIMIT = 400


@dataclass(frozen=True)
class HoldingStatus:
    """A holding statement as the messages screen offers it: rendered, linted, approved?"""

    statement: HoldingStatement
    text: str
    problems: tuple[Problem, ...]
    approval_problem: str
    """Why its approval does not hold now ("": it does, the statement counts as approved)."""


class LedgerIntents(RoomIntents, DraftingIntents):
    """The notification ledger, the affected population, update promises, holding statements."""

    # ------------------------------------------------------------------ reads
    def ledger(self) -> list[LedgerRow]:
        """Every ledger row now, overdue first."""
        return self.view(drafts=False).ledger_rows(self.clock())

    def _row(self, view: RoomView, row_id: str) -> LedgerRow:
        row = next((r for r in view.ledger_rows(self.clock()) if r.id == row_id), None)
        if row is None:
            raise IntentRefused(f"no ledger row {row_id!r} in this incident")
        return row

    def population(self) -> list[PopulationRevision]:
        """Every revision of the counts, oldest first."""
        return LedgerStore(self.repo).revisions()

    def cadence(self) -> tuple[CadenceStatus, ...]:
        """Each public channel's promise now."""
        return self.view(drafts=False).cadence(self.clock())

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

    # ------------------------------------------------------------------ population
    def revise_population(
        self, counts: Counts, reason: str, *, source: str = "entered"
    ) -> Changed[PopulationRevision]:
        """Record a new revision of the counts and everything that follows from it, at once.

        The clocks are evaluated with the old and the new counts; rows that start to apply
        appear (they are generated), rows that stop are kept as not required with the
        reason; the facts' count becomes the new total, which makes every draft that quoted
        it stale; one timeline entry says all of it.

        Raises:
            ReasonRequired: no reason given (a revision always says why).
            IntentRefused: counts that cannot be right.
        """
        self.writable()
        reason = inert(reason, limit=_TEXT_LIMIT).strip()
        if not reason:
            raise ReasonRequired(
                "revise the affected population", "say why (e.g. forensics revised the count)"
            )
        try:
            check_counts(counts)
        except ValueError as error:
            raise IntentRefused(str(error)) from None
        operator, now = self.operator, self.clock()
        with self.repo.transaction():
            before = self.view(drafts=False)
            store = LedgerStore(self.repo)
            old = before.regulatory.counts
            revision = store.add_revision(counts, operator, now, reason, source)
            stale = self._write_total(counts.total, operator, now)
            after = self.view(drafts=False)
            added, dropped = applicability_changes(before.ledger_rows(now), after.ledger_rows(now))
            records = store.records()
            for row in dropped:
                why = next(
                    (c.reason for c in after.clocks(now) if c.id == row.clock_id),
                    "no longer applies",
                )
                note = f"population revision {revision.number}: {why}"
                record = records.get(row.id) or LedgerRecord(row.id)
                step = LedgerStep(LedgerState.NOT_REQUIRED, operator, now, note, automatic=True)
                store.save_record(replace(record, steps=(*record.steps, step)))
            text = f"Affected population revision {revision.number} ({source}): " + "; ".join(
                describe_change(old, counts) or ["no change in the counts"]
            )
            text += f". Why: {reason}"
            if old is None or old.total != counts.total:
                text += f". Fact “{fact_field(TOTAL_FACT).label}” is now {counts.total:,}"
            if added:
                text += ". Now required: " + ", ".join(r.name for r in added)
            if dropped:
                text += ". No longer required: " + ", ".join(r.name for r in dropped)
            if stale:  # worded as a fact change words it, so a reader finds both alike
                text += "; now stale: " + ", ".join(stale)
            self.repo.record(EventKind.FACT, text, operator, now)
        return self.changed(revision)

    def import_population(
        self, csv_text: str, name: str, reason: str
    ) -> Changed[PopulationRevision]:
        """Import counts from CSV (``kind,key,count``) as a new revision."""
        try:
            counts = parse_counts_csv(csv_text)
        except ValueError as error:
            raise IntentRefused(f"{name}: {error}") from None
        return self.revise_population(counts, reason, source=f"import {name}")

    def _write_total(self, total: int, operator: str, now: datetime) -> list[str]:
        """Make the facts' count the ledger's total; return the drafts it made stale."""
        drafts = DraftStore(self.repo)
        before = drafts.facts()
        if before.customers_affected == total:
            return []
        stale_before = {str(d.ref) for d, _ in drafts.stale_drafts()}
        self.repo.table("fact_edits").insert(
            {
                "id": f"fact-{uuid.uuid4().hex[:16]}",
                "field": TOTAL_FACT,
                "old": format_fact(TOTAL_FACT, before.customers_affected),
                "new": format_fact(TOTAL_FACT, total),
                "operator": operator,
                "at": now.isoformat(),
            }
        )
        return [str(d.ref) for d, _ in drafts.stale_drafts() if str(d.ref) not in stale_before]

    def set_fact(self, field: str, text: str) -> Changed[bool]:
        """Change one fact; the count of people affected is revised in the population ledger.

        Typing a new count on the facts sheet is a population revision of the total (the
        per-jurisdiction counts stay), so the fact and the ledger never hold two numbers.
        """
        if field != TOTAL_FACT:
            return super().set_fact(field, text)
        self.writable()
        value = parse_fact(field, inert(text, limit=40))
        if not isinstance(value, int):
            raise FactError(
                "the count of customers affected is the population ledger's total: it cannot "
                "be emptied (enter 0 if nobody is affected)"
            )
        current = LedgerStore(self.repo).counts()
        if current is not None and current.total == value:
            return self.changed(False)
        try:
            counts = check_counts(with_total(current, value))
        except ValueError as error:
            raise FactError(str(error)) from None
        self.revise_population(counts, "edited on the facts sheet", source="facts sheet")
        return self.changed(True)

    # ------------------------------------------------------------------ cadence
    def promise_update(
        self, channel: str, *, by: datetime | None = None, every: timedelta | None = None
    ) -> Changed[Promise]:
        """Promise the next update of a public channel: by a time, or every so often."""
        self.writable()
        if channel not in PUBLIC_CHANNELS:
            raise IntentRefused(
                f"{channel!r} is not a public channel ({', '.join(PUBLIC_CHANNELS)})"
            )
        now = self.clock()
        if (by is None) == (every is None):
            raise IntentRefused("promise either a time (by) or an interval (every)")
        if by is not None and by <= now:
            raise IntentRefused("a promised update must be in the future")
        if every is not None and every < timedelta(minutes=5):
            raise IntentRefused("an update interval shorter than 5 minutes is not a promise")
        promise = Promise(channel, self.operator, now, by, every)
        with self.repo.transaction():
            LedgerStore(self.repo).set_promise(promise, channel)
            self.repo.record(
                EventKind.LEDGER,
                f"Promised the next {PUBLIC_CHANNELS[channel]} update {promise.text}",
                self.operator,
                now,
            )
        return self.changed(promise)

    def withdraw_promise(self, channel: str) -> Changed[bool]:
        """Withdraw a channel's promise (False when there was none)."""
        self.writable()
        with self.repo.transaction():
            store = LedgerStore(self.repo)
            if channel not in store.promises():
                return self.changed(False)
            store.set_promise(None, channel)
            self.repo.record(
                EventKind.LEDGER,
                f"Withdrew the {PUBLIC_CHANNELS.get(channel, channel)} update promise",
                self.operator,
                self.clock(),
            )
        return self.changed(True)

    def mark_channel_updated(self, channel: str, what: str = "") -> Changed[ChannelUpdate]:
        """Say a channel was updated (the status page, the press: channels with no draft)."""
        self.writable()
        if channel not in PUBLIC_CHANNELS:
            raise IntentRefused(f"{channel!r} is not a public channel")
        update = ChannelUpdate(channel, self.clock(), self.operator, inert(what, limit=200))
        with self.repo.transaction():
            LedgerStore(self.repo).add_update(update)
            self.repo.record(
                EventKind.LEDGER,
                f"{PUBLIC_CHANNELS[channel]} updated" + (f": {update.what}" if update.what else ""),
                self.operator,
                update.at,
            )
        return self.changed(update)

    def record_missed_promises(self) -> Changed[list[CadenceStatus]]:
        """Write each newly missed promise into the timeline, once across all dashboards."""
        self.writable()
        now = self.clock()
        written: list[CadenceStatus] = []
        with self.repo.transaction():
            store = LedgerStore(self.repo)
            done = store.missed_recorded()
            for status in self.view(drafts=False).cadence(now):
                promise, due = status.promise, status.next_due
                if not status.overdue or promise is None or due is None:
                    continue
                if (status.channel, due.isoformat()) in done:
                    continue  # one entry per missed due time (a recurring promise can miss again)
                store.mark_missed(status.channel, due)
                self.repo.record(
                    EventKind.LEDGER,
                    f"OVERDUE: the {status.name} update promised {promise.text} was not made "
                    f"by {format_utc(due, with_date=True)}",
                    self.operator,
                    now,
                    at=due,
                )
                written.append(status)
        return self.changed(written)

    # ------------------------------------------------------------------ holding statements
    def _holding(self) -> HoldingPrep:
        prep = self.repo.snapshot().incident.extras.get("holding_statements")
        return prep if isinstance(prep, HoldingPrep) else HoldingPrep()

    def holding_statements(self) -> list[HoldingStatus]:
        """Every holding statement rendered from the facts now, linted, with its approval."""
        prep, now = self._holding(), self.clock()
        drafts = self.drafts
        facts, drafting = drafts.facts(), drafts.prep()
        found = []
        for statement in prep.statements:
            text = render(statement.source, facts, last_updated=now).text
            problems = check_draft(
                statement.kind, text, facts, drafting.profiles, now, prep=drafting
            )
            why = approval_problem(statement, prep.approval_valid, now)
            found.append(HoldingStatus(statement, text, tuple(problems), why))
        return found

    def use_holding_statement(self, statement_id: str) -> Changed[int | None]:
        """Save a holding statement as the next version of its draft; return the version.

        The timeline says which statement it came from and whether its approval holds; the
        record of that (``holding_uses``) is what sign-off counts as approval.
        """
        self.writable()
        prep, now = self._holding(), self.clock()
        statement = prep.statement(statement_id)
        if statement is None:
            raise IntentRefused(f"no holding statement {statement_id!r} in the incident file")
        why = approval_problem(statement, prep.approval_valid, now)
        with self.repo.transaction():
            kind = DraftKind(statement.kind)
            version = self.drafts.save_version(kind, "", statement.source, self.operator, now)
            if version is None:
                return self.changed(None)
            approved = (
                f"approved by {statement.approved_by} "
                f"{format_utc(statement.approved_at, with_date=True)}"
                if not why and statement.approved_at
                else f"NOT counted as approved: {why}"
            )
            LedgerStore(self.repo).add_holding_use(
                {
                    "statement_id": statement.id,
                    "kind": kind.value,
                    "version": version.number,
                    "hash": text_hash(statement.source),
                    "approved": not why,
                    "approved_by": statement.approved_by,
                    "operator": self.operator,
                    "at": now.isoformat(),
                }
            )
            self.repo.record(
                EventKind.DRAFT,
                f"{kind.label} v{version.number} from holding statement “{statement.title}” "
                f"({approved})",
                self.operator,
                now,
            )
        return self.changed(version.number)


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
