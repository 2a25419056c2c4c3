"""``warroom inquiries import FILE.csv``: bring in counts from a phone or ticket system.

The CSV format is documented in ``warroom.domain.inquiry_import``. The whole file is checked
first; if any row is bad, every problem is printed by line and nothing is imported. A good
file goes in as one atomic write (all its inquiry events plus one timeline entry naming the
file and its fingerprint); importing the same file again is refused unless ``force``.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

from warroom.domain.clock import system_clock
from warroom.domain.inquiry_import import (
    InquiryImportError,
    fingerprint,
    parse_inquiry_csv,
    to_events,
)
from warroom.domain.timeline import EventKind
from warroom.incident_file.bounded import read_bounded
from warroom.incident_file.errors import IncidentFileError
from warroom.store import records
from warroom.store.errors import StoreError
from warroom.store.repository import WarRoomRepository, new_id

__all__ = ["run_inquiries_import", "import_inquiries"]

MAX_BYTES = 20 * 1024 * 1024


def import_inquiries(
    repo: WarRoomRepository,
    text: str,
    operator: str,
    now: datetime,
    *,
    source: str = "CSV",
    force: bool = False,
) -> int:
    """Import the CSV text into ``repo``; return the number of inquiries added.

    Raises:
        InquiryImportError: the file has problems (nothing imported).
        StoreError: the same file was imported before (and not ``force``).
    """
    incident = repo.incident()
    rows = parse_inquiry_csv(text, incident.channels, now, source=source)
    digest = fingerprint(text)
    marker = f"(fingerprint {digest})"
    events = to_events(rows, operator, lambda: new_id("inq"))
    with repo.transaction():
        already = any(
            doc.get("kind") == EventKind.IMPORT.value and marker in str(doc.get("text", ""))
            for doc in repo.table("timeline").all()
        )
        if already and not force:
            raise StoreError(f"{source} was imported already {marker}; use --force to add it again")
        repo.table("inquiries").insert_multiple(records.inquiry_to_doc(e) for e in events)
        per_channel: dict[str, int] = {}
        for row in rows:
            per_channel[row.channel_id] = per_channel.get(row.channel_id, 0) + row.count
        detail = ", ".join(f"{channel} {count}" for channel, count in per_channel.items())
        repo.record(
            EventKind.IMPORT,
            f"Imported {len(events)} inquiries from {Path(source).name} ({detail}) {marker}",
            operator,
            now,
        )
    return len(events)


def run_inquiries_import(
    db: Path,
    csv_path: Path,
    operator: str,
    *,
    force: bool = False,
    now: datetime | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """The sub-command: 0 imported, 2 refused (problems listed on stderr)."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        # A regular file only (a FIFO would hang the read), within the size limit.
        text = read_bounded(csv_path, MAX_BYTES, what="an inquiry CSV; split it").decode("utf-8")
    except IncidentFileError as error:
        print(f"warroom: {csv_path}: {error.problem}", file=err)
        return 2
    except UnicodeDecodeError as error:
        print(
            f"warroom: {csv_path}: not UTF-8 text (byte {error.start}); nothing imported", file=err
        )
        return 2
    try:
        repo = WarRoomRepository.open(db)
    except StoreError as error:
        print(f"warroom: {error}", file=err)
        return 2
    try:
        count = import_inquiries(
            repo, text, operator, now or system_clock(), source=str(csv_path), force=force
        )
    except (InquiryImportError, StoreError) as error:
        print(f"warroom: {error}", file=err)
        return 2
    finally:
        repo.close()
    print(f"Imported {count} inquiries from {csv_path}.", file=out)
    return 0
