"""``warroom export review --format md|html --out DIR``: the after-action report as a file.

The report is measured from the record at the moment of export (times to milestones, clocks
that ran over, inquiries, mentions, the checklist, the timeline) with the team's answers to
the four questions as stored from the review screen. Writing is atomic (a temporary file, then
a rename), so a reader never opens half a report. Exporting changes nothing in the database.
"""

from __future__ import annotations

import sys
from pathlib import Path

from warroom.domain.clock import Clock
from warroom.service import StoreError, WarRoomService
from warroom.store.rehearsal import room_clock
from warroom.store.repository import WarRoomRepository

__all__ = ["run_review_export"]


def run_review_export(db: Path, fmt: str, out_dir: Path, *, clock: Clock | None = None) -> int:
    """Run the command; errors go to stderr with exit status 2, the file's path to stdout.

    Without ``clock`` the report is measured at the room's time (a rehearsal's own clock).
    """
    try:
        repo = WarRoomRepository.open(db)
    except StoreError as error:
        print(f"warroom export review: {error}", file=sys.stderr)
        return 2
    try:
        service = WarRoomService(
            repo, operator="export", clock=clock or room_clock(repo), read_only=True
        )
        (path,) = service.export_review((fmt,), Path(out_dir))
    except (StoreError, ValueError) as error:
        print(f"warroom export review: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(
            f"warroom export review: cannot write to {out_dir}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 2
    finally:
        repo.close()
    print(path)
    return 0
