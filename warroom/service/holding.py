"""Intents on holding statements: words approved in peacetime, used in the first minute.

Rendered from the facts and linted like any draft; used, one becomes the next version of its
draft, and the record says which statement it came from and whether its approval held (the
hook sign-off counts as approval).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from warroom.domain.clock import format_utc
from warroom.domain.draft_kinds import DraftKind
from warroom.domain.draft_rendering import render
from warroom.domain.holding import HoldingPrep, approval_problem, text_hash
from warroom.domain.timeline import EventKind
from warroom.service.drafting import DraftingIntents
from warroom.service.errors import IntentRefused
from warroom.service.view import Changed
from warroom.store.ledger import LedgerStore

if TYPE_CHECKING:
    from warroom.service.drafting_views import HoldingStatus

__all__ = ["HoldingIntents"]


class HoldingIntents(DraftingIntents):
    """List the holding statements as they would read now, and use one."""

    # ------------------------------------------------------------------ holding statements
    def _holding(self) -> HoldingPrep:
        prep = self.repo.snapshot().incident.extras.get("holding_statements")
        return prep if isinstance(prep, HoldingPrep) else HoldingPrep()

    def holding_statements(self) -> list[HoldingStatus]:
        """Every holding statement rendered from the facts now, linted, with its approval."""
        from warroom.domain.checks import check_draft
        from warroom.service.drafting_views import HoldingStatus

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
