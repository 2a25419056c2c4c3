"""The rehearsal mark: a database made by ``warroom rehearse`` says so, and keeps its clock.

Every process opening the file reads the mark: dashboards and the wall show a REHEARSAL banner
and tell time by the rehearsal's clock, exports carry the word, and ``rehearse`` itself refuses
to play into a database without the mark unless told ``--into-live``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from warroom.domain.clock import Clock, system_clock
from warroom.domain.rehearsal import RehearsalClock
from warroom.domain.timeline import EventKind
from warroom.store.errors import StoreError
from warroom.store.records import from_iso, iso

if TYPE_CHECKING:
    from warroom.store.repository import RepositoryLike

__all__ = ["TABLE", "rehearsal_from_docs", "read_rehearsal", "mark_rehearsal", "room_clock"]

TABLE = "rehearsal"


def rehearsal_from_docs(docs: Iterable[dict[str, Any]]) -> RehearsalClock | None:
    """The mark among a database's ``rehearsal`` documents (None: not a rehearsal)."""
    for doc in docs:
        sim_start, wall_start = from_iso(doc.get("sim_start")), from_iso(doc.get("wall_start"))
        if sim_start is None or wall_start is None:
            raise StoreError("the rehearsal mark has no start; the file was edited by hand")
        try:
            return RehearsalClock(
                str(doc.get("title", "")),
                sim_start,
                wall_start,
                float(doc.get("speed", 1.0)),
                timedelta(seconds=float(doc.get("duration_seconds", 0))),
            )
        except (TypeError, ValueError, OverflowError):
            # Refused, not set aside: without its mark a rehearsal would pass for a real incident.
            raise StoreError(
                "the rehearsal mark is unreadable; the file was edited by hand"
            ) from None
    return None


def read_rehearsal(repo: RepositoryLike) -> RehearsalClock | None:
    """The database's rehearsal mark, if it has one."""
    return rehearsal_from_docs(repo.table(TABLE).all())


def mark_rehearsal(repo: RepositoryLike, clock: RehearsalClock, operator: str) -> None:
    """Mark the database as a rehearsal played on ``clock`` (one mark per database)."""
    with repo.transaction():
        if read_rehearsal(repo) is not None:
            raise StoreError("this database already holds a rehearsal; use a new --db")
        repo.table(TABLE).insert(
            {
                "title": clock.title,
                "sim_start": iso(clock.sim_start),
                "wall_start": iso(clock.wall_start),
                "speed": clock.speed,
                "duration_seconds": clock.duration.total_seconds(),
            }
        )
        repo.record(
            EventKind.SYSTEM,
            f"REHEARSAL: {clock.title} (played at ×{clock.speed:g}; times are scripted times)",
            operator,
            clock.sim_start,
        )


def room_clock(repo: RepositoryLike, wall: Clock = system_clock) -> Clock:
    """The time in this database's room: the rehearsal's clock on a rehearsal, else ``wall``."""
    mark = read_rehearsal(repo)
    return wall if mark is None else mark.clock(wall)
