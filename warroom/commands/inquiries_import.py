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
from warroom.domain.inquiry_import import InquiryImportError
from warroom.incident_file.bounded import read_bounded
from warroom.incident_file.errors import IncidentFileError
from warroom.service import StoreError, WarRoomService
from warroom.store.repository import WarRoomRepository

__all__ = ["run_inquiries_import"]

MAX_BYTES = 20 * 1024 * 1024


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
        when = now or system_clock()
        service = WarRoomService(repo, operator=operator, clock=lambda: when)
        count = service.import_inquiries(text, source=str(csv_path), force=force).value
    except (InquiryImportError, StoreError, ValueError) as error:
        print(f"warroom: {error}", file=err)
        return 2
    finally:
        repo.close()
    print(f"Imported {count} inquiries from {csv_path}.", file=out)
    return 0
