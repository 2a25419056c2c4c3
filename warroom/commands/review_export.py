"""``warroom export review --format md|html --out DIR``: the after-action report as a file.

The report is measured from the record at the moment of export (times to milestones, clocks
that ran over, inquiries, mentions, the checklist, the timeline) with the team's answers to
the four questions as stored from the review screen. Writing is atomic (a temporary file, then
a rename), so a reader never opens half a report. Exporting changes nothing in the database.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from warroom.domain.clock import Clock
from warroom.exporters.rehearsal_mark import mark_text
from warroom.exporters.review import FORMATS, render_review
from warroom.store.errors import StoreError
from warroom.store.regulatory import RegulatoryStore
from warroom.store.rehearsal import read_rehearsal, room_clock
from warroom.store.repository import WarRoomRepository

__all__ = ["run_review_export", "write_review"]


def write_review(
    store: RegulatoryStore, fmt: str, out_dir: Path, now: datetime, *, rehearsal: bool = False
) -> Path:
    """Render the review at ``now`` and write ``review.<fmt>`` into ``out_dir``.

    ``rehearsal`` marks the report as a rehearsal's (the database is one).

    Raises:
        ValueError: an unknown format, or ``out_dir`` exists and is not a folder.
        OSError: the folder or file cannot be written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"{out_dir} exists and is not a folder")
    text = render_review(store.review(now), fmt)
    if rehearsal:
        text = mark_text(text, fmt)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"review.{fmt}"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


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
        now = (clock or room_clock(repo))()
        rehearsal = read_rehearsal(repo) is not None
        path = write_review(RegulatoryStore(repo), fmt, Path(out_dir), now, rehearsal=rehearsal)
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
