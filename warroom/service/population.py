"""Intents on the affected-population ledger: a revision and everything that follows from it.

A revision re-evaluates the clocks with the new counts in the same write: ledger rows that
start to apply appear, rows that stop are kept as not required with the reason, the facts'
count follows, and the drafts that quoted the old count go stale; one timeline entry says all
of it. The facts sheet's count is the ledger's total, so typing it there is a revision too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from warroom.domain.fact_sheet import FactError, fact_field, format_fact, parse_fact
from warroom.domain.ledger import (
    LedgerRecord,
    LedgerState,
    LedgerStep,
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
from warroom.service.view import Changed
from warroom.store.drafts import DraftStore
from warroom.store.ledger import LedgerStore
from warroom.store.repository import new_id

__all__ = ["PopulationIntents", "TOTAL_FACT"]

TOTAL_FACT = "customers_affected"
"""The fact that is the population ledger's total (one number, two names)."""

_TEXT_LIMIT = 400


class PopulationIntents(DraftingIntents):
    """The affected-population ledger: revisions entered, imported, or typed on the facts sheet."""

    def population(self) -> list[PopulationRevision]:
        """Every revision of the counts, oldest first."""
        return LedgerStore(self.repo).revisions()

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
        from warroom.domain.ledger_rows import applicability_changes  # with the ledger's screens

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
                "id": new_id("fact"),  # ordered with every other fact edit of one moment
                "field": TOTAL_FACT,
                "old": format_fact(TOTAL_FACT, before.customers_affected),
                "new": format_fact(TOTAL_FACT, total),
                "operator": operator,
                "at": now.isoformat(),
            }
        )
        return [str(d.ref) for d, _ in drafts.stale_drafts() if str(d.ref) not in stale_before]

    def set_fact(
        self, field: str, text: str, *, base: str, overriding: bool = False
    ) -> Changed[bool]:
        """Change one fact; the count of people affected is revised in the population ledger.

        Typing a new count on the facts sheet is a population revision of the total (the
        per-jurisdiction counts stay), so the fact and the ledger never hold two numbers. The
        same conflict rule as every fact holds: a count changed by someone else since the
        operator saw ``base`` is not overwritten silently.
        """
        if field != TOTAL_FACT:
            return super().set_fact(field, text, base=base, overriding=overriding)
        from warroom.service.conflicts import check_text_base, current_fact

        self.writable()
        value = parse_fact(field, inert(text, limit=40))
        if not isinstance(value, int):
            raise FactError(
                "the count of customers affected is the population ledger's total: it cannot "
                "be emptied (enter 0 if nobody is affected)"
            )
        seen, by = current_fact(self.drafts, field)
        label = f"fact “{fact_field(field).label}”"
        check_text_base(label, seen, by, base, format_fact(field, value), overriding=overriding)
        current = LedgerStore(self.repo).counts()
        if current is not None and current.total == value:
            return self.changed(False)
        try:
            counts = check_counts(with_total(current, value))
        except ValueError as error:
            raise FactError(str(error)) from None
        self.revise_population(counts, "edited on the facts sheet", source="facts sheet")
        return self.changed(True)
