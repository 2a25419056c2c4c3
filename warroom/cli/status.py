"""``warroom status``: the room in numbers, as text for people or JSON for scripts."""

from __future__ import annotations

import argparse
import json
import sys

from warroom.cli.common import settings_of
from warroom.config import Settings

__all__ = ["cmd_status", "status_summary"]


def status_summary(settings: Settings) -> dict[str, object]:
    """The database in numbers, for ``warroom status`` (shape: schema/status.schema.json)."""
    from warroom.service import WarRoomService
    from warroom.service.status import status_document
    from warroom.store.rehearsal import room_clock
    from warroom.store.repository import WarRoomRepository

    repo = WarRoomRepository.open(settings.db, create=False)
    try:
        service = WarRoomService(
            repo, operator=settings.operator, clock=room_clock(repo), read_only=True
        )
        document = status_document(service, service.clock())
        for line in repo.quarantined():  # found while reading: told, and left in the file
            print(f"warroom: warning: {line}", file=sys.stderr)
        return document
    finally:
        repo.close()


def cmd_status(args: argparse.Namespace) -> int:
    summary = status_summary(settings_of(args))
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    checklist = summary["checklist"]
    assert isinstance(checklist, dict)
    if summary["rehearsal"]:
        print("REHEARSAL (times are the rehearsal's scripted times)")
    print(f"{summary['title']} [{summary['severity']}, {summary['status']}]")
    print(f"{summary['elapsed']} since detection ({summary['detected_at']})")
    print(
        f"checklist: {checklist['done']}/{checklist['total']} done, "
        f"{len(checklist['overdue'])} overdue"
    )
    deadline = summary["next_deadline"]
    if isinstance(deadline, dict):
        print(f"next deadline: {deadline['name']} ({deadline['state']}), due {deadline['due_at']}")
    inquiries = summary["inquiries"]
    assert isinstance(inquiries, dict)
    print("inquiries: " + ", ".join(f"{k} {v['total']}" for k, v in inquiries.items()))
    mentions = summary["mentions"]
    assert isinstance(mentions, dict)
    print(
        "mentions: "
        + ", ".join(f"{k} {v}" for k, v in mentions.items() if k not in ("total", "respond_first"))
    )
    print(f"timeline: {summary['timeline_events']} events")
    return 0
