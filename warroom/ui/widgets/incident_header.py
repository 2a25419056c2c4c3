"""The header: incident, severity, status, the T+ clock, who is in, the operator, the mode.

On a rehearsal database it starts with REHEARSAL, on every screen that has a header, so nobody
mistakes practice counts for real ones.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from warroom.domain.clock import format_elapsed
from warroom.domain.incident import Severity
from warroom.domain.text import inert
from warroom.domain.warroom import WarRoom

__all__ = ["IncidentHeader"]

_SEVERITY_MARK = {
    Severity.LOW: "▽ LOW",
    Severity.MEDIUM: "◇ MEDIUM",
    Severity.HIGH: "▲ HIGH",
    Severity.CRITICAL: "▲▲ CRITICAL",
}


_HEADER_LIMIT = 160
"""A header field longer than this is cut with an ellipsis: it is one line across the top."""


class IncidentHeader(Horizontal):
    """One line across the top; every status has a word or symbol, not colour alone."""

    def __init__(self, operator: str, *, read_only: bool = False) -> None:
        super().__init__(id="header")
        self.operator = operator
        self.read_only = read_only
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        rehearsal = Label("◉ REHEARSAL", id="header-rehearsal", markup=False)
        rehearsal.display = False  # until a snapshot says the database is a rehearsal
        yield rehearsal
        # On small terminals (CSS: DashboardScreen.-narrow) who you are comes first, and the
        # right-hand copy, "since detection" and the progress give way to the title.
        yield Label(self._who(), id="header-operator-first", markup=False)
        yield Label("", id="header-title", markup=False)
        yield Label("", id="header-severity", markup=False)
        yield Label("", id="header-status", markup=False)
        yield Label("", id="header-elapsed", markup=False)
        yield Label("since detection", id="header-since", markup=False)
        deadline = Label("", id="header-deadline", markup=False)
        deadline.display = False  # until show_deadline has a clock to show
        yield deadline
        cadence = Label("", id="header-cadence", markup=False)
        cadence.display = False  # until show_cadence has a promise to count down to
        yield cadence
        yield Label("", id="header-progress", markup=False)
        yield Label("", id="header-drafts", markup=False)
        presence = Label("", id="header-presence", markup=False)
        presence.display = False  # until someone else is in
        yield presence
        yield Label(self._who(), id="header-operator", markup=False)

    def _who(self) -> str:
        return "WALL · READ-ONLY" if self.read_only else f"● {self.operator}"

    def show(self, room: WarRoom, now: datetime, *, stale_drafts: int = 0) -> None:
        """Show the room at ``now`` (the deadline countdown has its own door: ``show_deadline``).

        ``stale_drafts`` counts drafts a fact change has made stale (hidden when none).
        """
        incident = room.incident
        self.query_one("#header-rehearsal", Label).display = room.rehearsal is not None
        self._set("#header-title", incident.title)
        severity = self._set("#header-severity", _SEVERITY_MARK[incident.severity])
        for level in Severity:
            severity.set_class(level == incident.severity, f"-{level.value}")
        self._set("#header-status", incident.status.value)
        self.tick(room, now)
        done, total = room.checklist_progress()
        self._set("#header-progress", f"☑ {done}/{total}")
        self._set("#header-drafts", f"✉ {stale_drafts} stale" if stale_drafts else "").display = (
            stale_drafts > 0
        )

    def _set(self, selector: str, text: str) -> Label:
        """Update a label only when its text changes (an update lays the header out again).

        Every value is made inert here, at the one door into the header: the title comes from
        the incident file or the database, and ``markup=False`` alone still lets ESC through.
        """
        text = inert(text, limit=_HEADER_LIMIT)
        label = self.query_one(selector, Label)
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            label.update(text)
        return label

    def tick(self, room: WarRoom, now: datetime) -> None:
        """Advance the clock only (called every second)."""
        self._set("#header-elapsed", format_elapsed(room.elapsed(now)))

    def show_deadline(self, text: str, state: str = "") -> None:
        """Show the next regulatory deadline's countdown (hidden when ``text`` is empty).

        ``state`` (``running``, ``amber``, ``red``, ``overdue``) becomes a ``-state`` class;
        the text itself carries a symbol and, once past due, the word OVERDUE.
        """
        label = self._set("#header-deadline", text)
        label.display = bool(text)
        for shade in ("running", "amber", "red", "overdue"):
            label.set_class(shade == state, f"-{shade}")

    def show_presence(self, text: str) -> None:
        """Show who else has the incident open (``◉ 3 in: …``; hidden when ``text`` is empty).

        A heartbeat can arrive before the header has composed its labels (or after it began
        to go away): then there is nothing to show it on yet, and the next beat will.
        """
        if not self.query("#header-presence"):
            return
        self._set("#header-presence", text).display = bool(text)

    def show_cadence(self, text: str, *, overdue: bool = False) -> None:
        """Count down to the nearest update promise (hidden when ``text`` is empty).

        A missed promise says OVERDUE in its text and takes the ``-overdue`` class.
        """
        label = self._set("#header-cadence", text)
        label.display = bool(text)
        label.set_class(bool(text) and not overdue, "-open")
        label.set_class(overdue, "-overdue")
