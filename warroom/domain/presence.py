"""Who has the incident open and who edits which draft, from heartbeats that expire.

Each running dashboard writes a heartbeat every ``BEAT_SECONDS``: its operator, the draft it
is editing, when. A heartbeat older than ``EXPIRES_AFTER`` no longer counts, so a process
killed without saying goodbye drops out on its own (sooner, when the store can tell its
process is gone). These functions only read heartbeats; they never look at a clock themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

__all__ = [
    "Presence",
    "BEAT_SECONDS",
    "EXPIRES_AFTER",
    "live",
    "operators_in",
    "editors_by_draft",
    "presence_words",
]

BEAT_SECONDS = 5.0
"""How often a dashboard says it is still there."""

EXPIRES_AFTER = timedelta(seconds=20)
"""A heartbeat this old is gone: four missed beats, so a busy host does not flicker."""


@dataclass(frozen=True)
class Presence:
    """One dashboard's last heartbeat."""

    operator: str
    session: str
    at: datetime
    editing: str = ""
    """The draft being edited (``notice``, ``briefing:sales``), or empty."""


def live(beats: Iterable[Presence], now: datetime) -> tuple[Presence, ...]:
    """The heartbeats still current at ``now``, by operator."""
    return tuple(
        sorted(
            (b for b in beats if now - b.at <= EXPIRES_AFTER and b.at - now <= EXPIRES_AFTER),
            key=lambda b: (b.operator, b.session),
        )
    )


def operators_in(beats: Iterable[Presence]) -> tuple[str, ...]:
    """Each operator with the incident open, once (several sessions count once)."""
    return tuple(sorted({b.operator for b in beats}))


def editors_by_draft(beats: Iterable[Presence]) -> Mapping[str, tuple[str, ...]]:
    """Draft ref → the operators editing it now."""
    found: dict[str, set[str]] = {}
    for beat in beats:
        if beat.editing:
            found.setdefault(beat.editing, set()).add(beat.operator)
    return {ref: tuple(sorted(ops)) for ref, ops in sorted(found.items())}


def presence_words(beats: Iterable[Presence], me: str) -> str:
    """``◉ 3 in: ana (you), bo ✎ notice, cy`` for the header and the wall."""
    beats = tuple(beats)
    editing: dict[str, set[str]] = {}
    for beat in beats:
        editing.setdefault(beat.operator, set())
        if beat.editing:
            editing[beat.operator].add(beat.editing)
    names = []
    for operator in sorted(editing):
        name = f"{operator} (you)" if operator == me else operator
        if editing[operator]:
            name += " ✎ " + "/".join(sorted(editing[operator]))
        names.append(name)
    if not names:
        return ""
    return f"◉ {len(names)} in: " + ", ".join(names)
