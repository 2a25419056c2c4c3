"""Building the notification ledger's rows from the clock board, the file and the records.

Pure: the clocks at ``now`` (with the population's counts applied), the incident file's
stakeholders and what operators recorded go in; rows come out. A clock row's "sent" is read
from the tick that closes its clock, so the filing and the row are one record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from warroom.domain.checklist import Tick
from warroom.domain.clocks import ClockState, ClockStatus
from warroom.domain.ledger import (
    CLOCK_ROW_PREFIX,
    Audience,
    DraftMark,
    LedgerRecord,
    LedgerState,
    LedgerStep,
    Stakeholder,
)
from warroom.domain.ledger_rows import LedgerRow
from warroom.domain.population import Counts

__all__ = ["build_ledger"]

_REGIME_JURISDICTION = {"gdpr": "EU", "nis2": "EU", "dora": "EU", "sec": "US", "hipaa": "US"}


def _clock_jurisdiction(status: ClockStatus) -> str:
    for condition in status.rule.conditions:
        if condition.residents_in != "total":
            return f"US-{condition.residents_in}"
    return _REGIME_JURISDICTION.get(status.rule.regime, "")


def _is_individuals(status: ClockStatus) -> bool:
    """Clocks to notify people rather than an authority (the rules name them so)."""
    return status.rule.id.endswith("-individuals")


def _operator_steps(record: LedgerRecord | None, applies: bool) -> tuple[LedgerStep, ...]:
    """A record's steps; an automatic "not required" is void once the row applies again."""
    if record is None:
        return ()
    return tuple(s for s in record.steps if not (applies and s.automatic))


def _state_from(
    steps: Iterable[LedgerStep], draft: DraftMark | None, floor: LedgerState
) -> LedgerState:
    listed = list(steps)
    state = listed[-1].state if listed else LedgerState.TO_DRAFT
    if state is LedgerState.TO_DRAFT and draft is not None:
        state = LedgerState.DRAFTED
    if state is not LedgerState.NOT_REQUIRED and state.rank < floor.rank:
        state = floor
    return state


def _clock_row(
    status: ClockStatus,
    record: LedgerRecord | None,
    ticks: Mapping[str, Tick],
    counts: Counts | None,
    drafts: Mapping[str, DraftMark],
) -> LedgerRow | None:
    applies = status.state is not ClockState.NOT_APPLICABLE
    if not applies and record is None:
        return None  # never applied, nobody touched it: the board shows why
    row_id = f"{CLOCK_ROW_PREFIX}{status.id}"
    individuals = _is_individuals(status)
    draft = "notice" if individuals else ""
    steps = list(_operator_steps(record, applies))
    closed = status.state in (ClockState.CLOSED, ClockState.CLOSED_LATE)
    tick = ticks.get(status.item_id) if status.item_id else None
    if closed and tick is not None and tick.done:
        # The tick is the record of sending; operator steps to "sent" (made by this same
        # tick through the ledger) are not a second one.
        steps = [s for s in steps if s.state is not LedgerState.SENT]
        steps.append(LedgerStep(LedgerState.SENT, tick.operator, tick.at, "clock filed"))
        steps.sort(key=lambda s: s.at)
    else:
        # Not filed (or unfiled since): "sent"/"acknowledged" steps no longer hold.
        steps = [s for s in steps if s.state not in (LedgerState.SENT, LedgerState.ACKNOWLEDGED)]
    floor = LedgerState.SENT if closed else LedgerState.TO_DRAFT
    state = _state_from(steps, drafts.get(draft) if draft else None, floor)
    reason = ""
    if not applies:
        state = LedgerState.NOT_REQUIRED
        reason = next(
            (s.note for s in reversed(steps) if s.state is LedgerState.NOT_REQUIRED and s.note),
            status.reason,
        )
    elif state is LedgerState.NOT_REQUIRED:
        reason = steps[-1].note
    jurisdiction = _clock_jurisdiction(status)
    recipients = record.recipients if record and record.recipients is not None else None
    if recipients is None and individuals and counts is not None:
        recipients = counts.count_in(jurisdiction) if jurisdiction else counts.total
    open_ = state.rank < LedgerState.SENT.rank
    return LedgerRow(
        id=row_id,
        name=status.rule.name,
        audience=Audience.CUSTOMERS if individuals else Audience.REGULATOR,
        origin="clock",
        state=state,
        steps=tuple(steps),
        reason=reason,
        jurisdiction=jurisdiction,
        clock_id=status.id,
        item_id=status.item_id,
        due_at=status.due_at,
        overdue=applies and open_ and status.state is ClockState.OVERDUE,
        channel=record.channel if record else "",
        reference=record.reference if record else "",
        recipients=recipients,
        draft=draft,
        draft_version=record.draft_version if record else None,
        draft_hash=record.draft_hash if record else "",
        note=record.note if record else "",
    )


def _stakeholder_row(
    who: Stakeholder,
    origin: str,
    record: LedgerRecord | None,
    counts: Counts | None,
    drafts: Mapping[str, DraftMark],
    detected_at: datetime,
    now: datetime,
) -> LedgerRow:
    steps = _operator_steps(record, True)
    state = _state_from(steps, drafts.get(who.draft) if who.draft else None, LedgerState.TO_DRAFT)
    reason = ""
    if state is LedgerState.NOT_REQUIRED:
        reason = steps[-1].note
    elif not who.required and not steps:
        state, reason = LedgerState.NOT_REQUIRED, who.why_not or "not required (incident file)"
    recipients = record.recipients if record and record.recipients is not None else None
    if recipients is None:
        recipients = who.recipients
    if recipients is None and who.audience is Audience.CUSTOMERS and counts is not None:
        if who.category:
            recipients = counts.categories.get(who.category)
        elif who.jurisdiction:
            recipients = counts.count_in(who.jurisdiction)
    due_at = detected_at + who.due if who.due is not None else None
    open_ = state.rank < LedgerState.SENT.rank
    return LedgerRow(
        id=who.id,
        name=who.name,
        audience=who.audience,
        origin=origin,
        state=state,
        steps=steps,
        reason=reason,
        jurisdiction=who.jurisdiction,
        category=who.category,
        due_at=due_at,
        overdue=open_ and due_at is not None and now > due_at,
        channel=(record.channel if record and record.channel else who.channel),
        contact=who.contact,
        reference=record.reference if record else "",
        recipients=recipients,
        draft=who.draft,
        draft_version=record.draft_version if record else None,
        draft_hash=record.draft_hash if record else "",
        note=(record.note if record and record.note else who.note),
    )


def build_ledger(
    clocks: Iterable[ClockStatus],
    stakeholders: Iterable[Stakeholder],
    records: Mapping[str, LedgerRecord],
    *,
    ticks: Mapping[str, Tick],
    counts: Counts | None,
    drafts: Mapping[str, DraftMark],
    detected_at: datetime,
    now: datetime,
) -> tuple[LedgerRow, ...]:
    """Every row: the clocks' (board order), the file's stakeholders, then rows added later.

    Args:
        clocks: The clock board at ``now`` (with the current counts applied).
        stakeholders: The incident file's ``stakeholders``.
        records: What operators recorded, by row id.
        ticks: The checklist ticks (a clock row's "sent" is its closing tick).
        counts: The affected population now (recipient counts of customer cohorts).
        drafts: Latest saved version per draft key (``notice``, ``briefing:sales`` …).
    """
    rows: list[LedgerRow] = []
    for status in clocks:
        row = _clock_row(
            status, records.get(f"{CLOCK_ROW_PREFIX}{status.id}"), ticks, counts, drafts
        )
        if row is not None:
            rows.append(row)
    declared = {s.id for s in stakeholders}
    for who in stakeholders:
        rows.append(
            _stakeholder_row(who, "file", records.get(who.id), counts, drafts, detected_at, now)
        )
    for row_id, record in sorted(
        records.items(), key=lambda kv: kv[1].steps[0].at if kv[1].steps else now
    ):
        if record.added is not None and row_id not in declared:
            rows.append(
                _stakeholder_row(record.added, "added", record, counts, drafts, detected_at, now)
            )
    return tuple(rows)
