"""Rows of the ledger screen: update promises, the ledger by state (overdue first), the counts.

Pure functions from domain objects to ``Row``s, so the screen only coordinates and the rows can
be tested without an app. Every state carries a symbol and words, never colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from warroom.domain.cadence import CadenceStatus
from warroom.domain.clock import format_utc
from warroom.domain.ledger import LedgerState
from warroom.domain.ledger_rows import LedgerRow, summarize
from warroom.domain.population import PopulationRevision
from warroom.ui.widgets.row_list import Row

__all__ = ["ledger_rows", "row_detail", "cadence_rows", "population_rows"]

_ROLE = {
    LedgerState.TO_DRAFT: "warning",
    LedgerState.DRAFTED: "accent",
    LedgerState.APPROVED: "accent",
    LedgerState.SENT: "success",
    LedgerState.ACKNOWLEDGED: "done",
    LedgerState.NOT_REQUIRED: "muted",
}


def row_detail(row: LedgerRow) -> str:
    """Everything about a row, for the detail line: steps, references, why not required."""
    parts = [f"{row.name} · {row.audience.value} · {row.state.label}"]
    if row.reason:
        parts.append(f"not required: {row.reason}")
    if row.due_text:
        parts.append(row.due_text + (" (OVERDUE)" if row.overdue else ""))
    for label, value in (
        ("channel", row.channel),
        ("contact", row.contact),
        ("ref", row.reference),
        ("jurisdiction", row.jurisdiction),
        ("data", row.category),
        ("note", row.note),
    ):
        if value:
            parts.append(f"{label}: {value}")
    if row.recipients is not None:
        parts.append(f"{row.recipients:,} recipients")
    if row.draft_version is not None:
        parts.append(f"sent {row.draft} v{row.draft_version} ({row.draft_hash[:15]}…)")
    if row.is_regulator_clock:
        parts.append(f"sent = filing clock {row.clock_id} (checklist {row.item_id})")
    steps = "; ".join(
        f"{s.state.value} by {s.operator} {format_utc(s.at, with_date=True)}"
        + (f" ({s.note})" if s.note else "")
        for s in row.steps
    )
    if steps:
        parts.append("history: " + steps)
    return " · ".join(parts)


def _line(row: LedgerRow) -> Row:
    fragments: list[tuple[str, str]] = [
        ("✖ OVERDUE " if row.overdue else "", "error"),
        (f"{row.state.label:<16}", _ROLE[row.state]),
        (f"{row.name}", "muted" if row.state is LedgerState.NOT_REQUIRED else ""),
    ]
    extra = []
    if row.due_text and row.state.rank < LedgerState.SENT.rank:
        extra.append(row.due_text)
    if row.recipients is not None:
        extra.append(f"{row.recipients:,} people")
    if row.reference:
        extra.append(f"ref {row.reference}")
    if row.reason:
        extra.append(row.reason)
    if extra:
        fragments.append(("  " + " · ".join(extra), "muted"))
    return Row.of(row.id, *fragments, detail=row_detail(row))


def ledger_rows(rows: Sequence[LedgerRow]) -> list[Row]:
    """The ledger grouped: overdue first, then by state in workflow order."""
    shown: list[Row] = []
    overdue = [r for r in rows if r.overdue]
    if overdue:
        shown.append(Row.of(None, (f"Overdue — {len(overdue)}", "heading")))
        shown += [_line(r) for r in overdue]
    for state in LedgerState:
        group = [r for r in rows if r.state is state and not r.overdue]
        if group:
            shown.append(Row.of(None, (f"{state.label} — {len(group)}", "heading")))
            shown += [_line(r) for r in group]
    return shown


def cadence_rows(statuses: Sequence[CadenceStatus]) -> list[Row]:
    """One row per public channel with a promise or an update."""
    shown = [Row.of(None, ("Update promises (u: promise, U: updated now)", "heading"))]
    if not statuses:
        shown.append(Row.of(None, ("No update promised on any public channel.", "muted")))
    for status in statuses:
        role = "error" if status.overdue else ("accent" if status.open else "muted")
        last = (
            f" · last update {format_utc(status.last_update.at, with_date=True)}"
            if status.last_update
            else ""
        )
        shown.append(Row.of(f"cadence:{status.channel}", (status.summary, role), (last, "muted")))
    return shown


def population_rows(revisions: Sequence[PopulationRevision]) -> list[Row]:
    """The counts now and each revision (p: revise, i: import CSV)."""
    shown = [Row.of(None, ("Affected population (p: revise, i: import CSV)", "heading"))]
    for revision in reversed(revisions):
        counts = revision.counts
        places = ", ".join(f"{k} {v:,}" for k, v in counts.jurisdictions.items() if v)
        shown.append(
            Row.of(
                f"population:{revision.number}",
                (f"r{revision.number} total {counts.total:,}", "accent"),
                (f"  {places}" if places else "", ""),
                (
                    f"  · {revision.operator} {format_utc(revision.at, with_date=True)}: "
                    f"{revision.reason} ({revision.source})",
                    "muted",
                ),
                detail=(
                    f"Revision {revision.number}: total {counts.total:,}; "
                    + "; ".join(f"{k} {v:,}" for k, v in counts.jurisdictions.items())
                    + (
                        "; data: " + "; ".join(f"{k} {v:,}" for k, v in counts.categories.items())
                        if counts.categories
                        else ""
                    )
                    + f". {revision.reason} — {revision.operator}, {revision.source}"
                ),
            )
        )
    return shown


def subtitle(rows: Sequence[LedgerRow]) -> str:
    """The border subtitle: counts per state and overdue."""
    return summarize(rows).text
