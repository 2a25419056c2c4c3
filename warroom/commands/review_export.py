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

from warroom.domain.clock import Clock, system_clock
from warroom.exporters.review import FORMATS, render_review
from warroom.store.errors import StoreError
from warroom.store.regulatory import RegulatoryStore
from warroom.store.repository import WarRoomRepository

__all__ = ["run_review_export", "write_review"]


def write_review(store: RegulatoryStore, fmt: str, out_dir: Path, now: datetime) -> Path:
    """Render the review at ``now`` and write ``review.<fmt>`` into ``out_dir``.

    Raises:
        ValueError: an unknown format, or ``out_dir`` exists and is not a folder.
        OSError: the folder or file cannot be written.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if out_dir.exists() and not out_dir.is_dir():
        raise ValueError(f"{out_dir} exists and is not a folder")
    text = render_review(store.review(now), fmt)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"review.{fmt}"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def run_review_export(db: Path, fmt: str, out_dir: Path, *, clock: Clock = system_clock) -> int:
    """Run the command; errors go to stderr with exit status 2, the file's path to stdout."""
    try:
        repo = WarRoomRepository.open(db)
    except StoreError as error:
        print(f"warroom export review: {error}", file=sys.stderr)
        return 2
    try:
        path = write_review(RegulatoryStore(repo), fmt, Path(out_dir), clock())
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
