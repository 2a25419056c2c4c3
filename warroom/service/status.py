"""``warroom status --json``: the room in numbers for monitoring scripts, one versioned shape.

The shape is ``schema/status.schema.json`` (its ``$id`` names the version); the deadlines in
it are the same ``RoomView`` methods the screens use, so a script and the wall never disagree.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warroom.domain.cadence import CadenceStatus, nearest
from warroom.domain.clock import format_elapsed
from warroom.domain.clocks import ClockState, ClockStatus, clock_record, not_legal_advice
from warroom.domain.gates import item_gate
from warroom.domain.ledger_rows import summarize
from warroom.domain.mentions import Triage
from warroom.domain.trends import inquiry_trends
from warroom.incident_file.regulatory import default_rules
from warroom.service.service import WarRoomService
from warroom.service.signoff_state import approvals_document

__all__ = ["status_document", "STATUS_SCHEMA_VERSION"]

STATUS_SCHEMA_VERSION = 2
"""Bumped when a key changes meaning or goes away (adding keys does not bump it)."""


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _clock(status: ClockStatus) -> dict[str, Any]:
    """A clock with its citation (``clock_record``), how far overdue, and its checklist item."""
    overdue_by = None
    if status.state is ClockState.OVERDUE and status.due_at is not None:
        overdue_by = int((status.now - status.due_at).total_seconds())
    return {**clock_record(status), "overdue_by": overdue_by, "item": status.item_id or None}


def _promise(status: CadenceStatus) -> dict[str, Any]:
    late = status.overdue and status.next_due is not None
    return {
        "channel": status.channel,
        "name": status.name,
        "promised": status.promise.text if status.promise else None,
        "due": _iso(status.next_due),
        "overdue": status.overdue,
        "overdue_by": int((status.now - status.next_due).total_seconds())
        if late and status.next_due is not None
        else None,
        "met_at": _iso(status.met_at),
        "last_update": _iso(status.last_update.at) if status.last_update else None,
    }


def status_document(service: WarRoomService, now: datetime) -> dict[str, Any]:
    """Everything ``warroom status --json`` prints, at ``now``."""
    view = service.view()
    room = view.room
    incident = room.incident
    clocks = view.clocks(now)
    gates = view.gates
    items = []
    overdue = []
    gate_cache: dict[tuple[str, ...], list[str]] = {}
    for _step, statuses in view.checklist(now):
        for status in statuses:
            if status.overdue:
                overdue.append(status.item.id)
            required = item_gate(gates, status.item.id)
            gate = None
            if required:
                if required not in gate_cache:
                    gate_cache[required] = [str(p) for p in service.draft_problems(required)]
                gate = {"drafts": list(required), "problems": gate_cache[required]}
            items.append(
                {
                    "id": status.item.id,
                    "title": status.item.title,
                    "done": status.done,
                    "due": _iso(status.due_at),
                    "overdue": status.overdue,
                    "clock": status.clock.clock_id if status.clock else None,
                    "waiting_for": status.clock.waiting_for if status.clock else "",
                    "gate": gate,
                }
            )
    done, total = room.checklist_progress()
    drafts: dict[str, Any] = {}
    for draft_status in service.draft_statuses():
        ref = draft_status.ref
        key = f"{ref.kind.value}:{ref.key}" if ref.key else ref.kind.value
        latest = draft_status.draft.latest
        drafts[key] = {
            "latest_version": latest.number if latest else None,
            "saved_by": latest.operator if latest else None,
            "saved_at": _iso(latest.at) if latest else None,
            "stale": bool(draft_status.stale),
            "stale_facts": list(draft_status.stale),
            "blocking": draft_status.blocking,
            "approvals": approvals_document(draft_status.approvals),
        }
    states = service.feed_states()
    feeds = {
        feed.id: {
            "name": feed.name,
            "last_ok": _iso(state.last_success) if (state := states.get(feed.id)) else None,
            "last_error": state.last_error if state else "",
            "failing": state.consecutive_failures if state else 0,
        }
        for feed in incident.feeds
    }
    by_state = room.mentions_by_state()
    respond_first = sum(
        1 for m in room.mentions if m.respond_first and room.triage_state(m.id) is Triage.NEW
    )
    trends = inquiry_trends(
        incident.channels, room.inquiries, incident.detected_at, now, totals=room.inquiry_totals()
    )
    next_clock = view.next_deadline(now)
    cadence = view.cadence(now)
    next_promise = nearest(cadence)
    ledger_rows = view.ledger_rows(now)
    ledger = summarize(ledger_rows)
    counts, revisions = view.regulatory.counts, view.ledger.revisions
    return {
        "schema": STATUS_SCHEMA_VERSION,
        "updated_at": now.isoformat(),
        "incident": incident.id,
        "title": incident.title,
        "severity": incident.severity.value,
        "status": incident.status.value,
        "detected_at": incident.detected_at.isoformat(),
        "elapsed": format_elapsed(room.elapsed(now)),
        "elapsed_seconds": int(room.elapsed(now).total_seconds()),
        "checklist": {"done": done, "total": total, "overdue": overdue, "items": items},
        "clocks": [_clock(c) for c in clocks],
        "next_deadline": _clock(next_clock) if next_clock else None,
        "drafts": drafts,
        "feeds": feeds,
        "mentions": {
            **{state.value: n for state, n in by_state.items()},
            "respond_first": respond_first,
            "total": len(room.mentions),
        },
        "inquiries": {
            trend.channel_id: {
                "name": trend.name,
                "total": trend.total,
                "last_hour": trend.last_hour,
                "spike": trend.spike is not None,
            }
            for trend in trends.channels
        },
        "timeline_events": len(room.timeline),
        "rehearsal": room.rehearsal is not None,
        "legal_notice": not_legal_advice(default_rules().last_verified),
        "cadence": {
            "overdue": [c.channel for c in cadence if c.overdue],
            "next": _promise(next_promise) if next_promise else None,
            "channels": {c.channel: _promise(c) for c in cadence},
        },
        "ledger": {
            "total": ledger.total,
            "overdue": ledger.overdue,
            "by_state": {state.value: n for state, n in ledger.by_state.items()},
            "overdue_rows": [row.id for row in ledger_rows if row.overdue],
            "affected_total": counts.total if counts else None,
            "population_revision": revisions[-1].number if revisions else None,
        },
    }
