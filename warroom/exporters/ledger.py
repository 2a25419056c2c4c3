"""The notification ledger as JSON, CSV and Markdown: every row with its times and references.

One column set for all three, so a spreadsheet, a script and the review read the same thing.
CSV cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) are
quoted with a leading apostrophe: row names and references come from operators and the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from warroom.domain.ledger import LedgerState
from warroom.domain.ledger_rows import LedgerRow, summarize

__all__ = ["FORMATS", "ledger_json", "ledger_csv", "ledger_markdown", "COLUMNS"]

FORMATS = ("json", "csv", "md")

COLUMNS = (
    "id",
    "name",
    "audience",
    "origin",
    "state",
    "overdue",
    "due",
    "jurisdiction",
    "category",
    "recipients",
    "channel",
    "reference",
    "draft",
    "draft_version",
    "draft_hash",
    "drafted_at",
    "approved_at",
    "sent_at",
    "sent_by",
    "acknowledged_at",
    "not_required_reason",
    "clock",
    "note",
)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def row_record(row: LedgerRow) -> dict[str, Any]:
    """One row as a flat record (the CSV's columns; JSON adds the steps)."""
    sent = row.step(LedgerState.SENT)
    at = {s: (step.at if (step := row.step(s)) else None) for s in LedgerState}
    return {
        "id": row.id,
        "name": row.name,
        "audience": row.audience.value,
        "origin": row.origin,
        "state": row.state.value,
        "overdue": row.overdue,
        "due": _iso(row.due_at),
        "jurisdiction": row.jurisdiction or None,
        "category": row.category or None,
        "recipients": row.recipients,
        "channel": row.channel or None,
        "reference": row.reference or None,
        "draft": row.draft or None,
        "draft_version": row.draft_version,
        "draft_hash": row.draft_hash or None,
        "drafted_at": _iso(at[LedgerState.DRAFTED]),
        "approved_at": _iso(at[LedgerState.APPROVED]),
        "sent_at": _iso(at[LedgerState.SENT]),
        "sent_by": sent.operator if sent else None,
        "acknowledged_at": _iso(at[LedgerState.ACKNOWLEDGED]),
        "not_required_reason": row.reason or None,
        "clock": row.clock_id or None,
        "note": row.note or None,
    }


def ledger_json(rows: Sequence[LedgerRow], now: datetime) -> dict[str, Any]:
    """The ledger as one JSON document (``warroom ledger --json``)."""
    summary = summarize(rows)
    return {
        "generated_at": now.isoformat(),
        "summary": {
            **{state.value: n for state, n in summary.by_state.items()},
            "overdue": summary.overdue,
            "total": summary.total,
        },
        "rows": [
            {
                **row_record(row),
                "steps": [
                    {
                        "state": s.state.value,
                        "by": s.operator,
                        "at": s.at.isoformat(),
                        "note": s.note,
                    }
                    for s in row.steps
                ],
                "approvals": list(row.approvals),
            }
            for row in rows
        ],
    }


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def ledger_csv(rows: Iterable[LedgerRow]) -> str:
    """The ledger as CSV with ``COLUMNS`` as the header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        record = row_record(row)
        writer.writerow([_cell(record[c]) for c in COLUMNS])
    return out.getvalue()


def _md(text: object) -> str:
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def ledger_markdown(rows: Sequence[LedgerRow], now: datetime) -> str:
    """The ledger as a Markdown table (for the review and for e-mail)."""
    summary = summarize(rows)
    lines = [
        "# Notification ledger",
        "",
        f"As of {now.isoformat()}: {summary.text}.",
        "",
        "| Audience | State | Due | Sent | Channel | Reference | Recipients | Note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        record = row_record(row)
        state = row.state.value + (" (OVERDUE)" if row.overdue else "")
        if row.reason:
            state += f": {row.reason}"
        sent = record["sent_at"] or ""
        if record["sent_by"]:
            sent += f" by {record['sent_by']}"
        cells = [
            row.name,
            state,
            record["due"] or "",
            sent,
            row.channel,
            row.reference,
            "" if row.recipients is None else f"{row.recipients:,}",
            row.note,
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
