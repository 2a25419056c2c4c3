"""The header: incident, severity, status, the T+ clock, the operator, and the mode."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from warroom.domain.clock import format_elapsed
from warroom.domain.incident import Severity
from warroom.domain.warroom import WarRoom

__all__ = ["IncidentHeader"]

_SEVERITY_MARK = {
    Severity.LOW: "▽ LOW",
    Severity.MEDIUM: "◇ MEDIUM",
    Severity.HIGH: "▲ HIGH",
    Severity.CRITICAL: "▲▲ CRITICAL",
}


class IncidentHeader(Horizontal):
    """One line across the top; every status has a word or symbol, not colour alone."""

    def __init__(self, operator: str, *, read_only: bool = False) -> None:
        super().__init__(id="header")
        self.operator = operator
        self.read_only = read_only
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Label("", id="header-title", markup=False)
        yield Label("", id="header-severity", markup=False)
        yield Label("", id="header-status", markup=False)
        yield Label("", id="header-elapsed", markup=False)
        deadline = Label("", id="header-deadline", markup=False)
        deadline.display = False  # until show_deadline has a clock to show
        yield deadline
        cadence = Label("", id="header-cadence", markup=False)
        cadence.display = False  # until show_cadence has a promise to count down to
        yield cadence
        yield Label("", id="header-progress", markup=False)
        yield Label("", id="header-drafts", markup=False)
        yield Label(
            "WALL · READ-ONLY" if self.read_only else f"● {self.operator}",
            id="header-operator",
            markup=False,
        )

    def show(self, room: WarRoom, now: datetime, *, stale_drafts: int = 0) -> None:
        """Show the room at ``now`` (the deadline countdown has its own door: ``show_deadline``).

        ``stale_drafts`` counts drafts a fact change has made stale (hidden when none).
        """
        incident = room.incident
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
        """Update a label only when its text changes (an update lays the header out again)."""
        label = self.query_one(selector, Label)
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            label.update(text)
        return label

    def tick(self, room: WarRoom, now: datetime) -> None:
        """Advance the clock only (called every second)."""
        self._set("#header-elapsed", f"{format_elapsed(room.elapsed(now))} since detection")

    def show_deadline(self, text: str, state: str = "") -> None:
        """Show the next regulatory deadline's countdown (hidden when ``text`` is empty).

        ``state`` (``running``, ``amber``, ``red``, ``overdue``) becomes a ``-state`` class;
        the text itself carries a symbol and, once past due, the word OVERDUE.
        """
        label = self._set("#header-deadline", text)
        label.display = bool(text)
        for shade in ("running", "amber", "red", "overdue"):
            label.set_class(shade == state, f"-{shade}")

    def show_cadence(self, text: str, *, overdue: bool = False) -> None:
        """Count down to the nearest update promise (hidden when ``text`` is empty).

        A missed promise says OVERDUE in its text and takes the ``-overdue`` class.
        """
        label = self._set("#header-cadence", text)
        label.display = bool(text)
        label.set_class(bool(text) and not overdue, "-open")
        label.set_class(overdue, "-overdue")
