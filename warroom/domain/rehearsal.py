"""A rehearsal's clock: scripted time, played ``speed`` times faster than the wall clock.

A rehearsal compresses three hours into minutes. If its events were stamped with wall time,
the sparkline would be one bar, no spike could have "hours before", T+ would not move and the
review would measure the compression. So a rehearsal database keeps a clock of its own: every
event is stamped with its scripted moment, and every process that opens the database (the
dashboards, the wall, ``status``, the exports) reads the time from this clock.

The clock is a pure function of when the rehearsal started and how fast it plays, so a
dashboard opened half-way through knows the time without asking anyone: simulated time runs at
``speed`` until the script's end, then at the wall's own pace, as if the room carried on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from warroom.domain.clock import Clock

__all__ = ["RehearsalClock", "REHEARSAL_OPERATOR", "rehearsal_operator"]

REHEARSAL_OPERATOR = "rehearsal"


def rehearsal_operator(name: str) -> str:
    """The name a rehearsal writes under: always recognisably a rehearsal's, never a person's."""
    return name if REHEARSAL_OPERATOR in name.lower() else f"{name} ({REHEARSAL_OPERATOR})"


@dataclass(frozen=True)
class RehearsalClock:
    """Simulated time of one rehearsal."""

    title: str
    sim_start: datetime
    """The scripted moment ``after: 0m``."""
    wall_start: datetime
    """When the replay began, by the wall clock."""
    speed: float
    """How many simulated seconds pass per wall second; 0 plays everything at once."""
    duration: timedelta
    """From the first scripted moment to the last."""

    def __post_init__(self) -> None:
        if self.speed < 0:
            raise ValueError("speed must not be negative")

    @property
    def sim_end(self) -> datetime:
        """The script's last moment."""
        return self.sim_start + self.duration

    @property
    def wall_end(self) -> datetime:
        """When, by the wall clock, the script's last moment arrives."""
        if self.speed == 0:
            return self.wall_start
        return self.wall_start + self.duration / self.speed

    def at(self, wall: datetime) -> datetime:
        """The simulated time when the wall clock says ``wall``."""
        if wall >= self.wall_end:
            return self.sim_end + (wall - self.wall_end)
        if wall <= self.wall_start:
            return self.sim_start - (self.wall_start - wall)
        return self.sim_start + (wall - self.wall_start) * self.speed

    def wall_for(self, sim: datetime) -> datetime:
        """When, by the wall clock, simulated time reaches ``sim`` (the replay waits for it)."""
        if sim <= self.sim_start:
            return self.wall_start - (self.sim_start - sim)
        if sim >= self.sim_end:
            return self.wall_end + (sim - self.sim_end)
        if self.speed == 0:
            return self.wall_start
        return self.wall_start + (sim - self.sim_start) / self.speed

    def clock(self, wall: Clock) -> Clock:
        """A ``Clock`` telling simulated time, driven by the ``wall`` clock."""
        return lambda: self.at(wall())
