"""The timeline: everything that happened and everything anyone did, oldest first."""

from __future__ import annotations

from warroom.domain.clock import format_utc
from warroom.domain.timeline import EventKind, TimelineEntry
from warroom.domain.warroom import WarRoom
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import LazyRows, Row

__all__ = ["TimelinePane", "timeline_row"]

_KIND_MARK = {
    EventKind.NOTE: ("✎", "accent"),
    EventKind.TICK: ("✓", "success"),
    EventKind.UNTICK: ("↺", "warning"),
    EventKind.INQUIRY: ("☎", ""),
    EventKind.INQUIRY_UNDO: ("↺", "warning"),
    EventKind.TRIAGE: ("◆", "accent"),
    EventKind.IMPORT: ("⇩", "muted"),
    EventKind.FACT: ("≡", "accent"),
    EventKind.DRAFT: ("✉", "accent"),
    EventKind.TRIGGER: ("⏱", "warning"),
    EventKind.LEDGER: ("✉", "accent"),
    EventKind.SYSTEM: ("·", "muted"),
}


def timeline_row(entry: TimelineEntry) -> Row:
    """One timeline entry as a row: time, operator, a mark for its kind, the text."""
    mark, role = _KIND_MARK.get(entry.kind, ("·", "muted"))
    when = entry.at.strftime("%m-%d %H:%MZ")
    backdated = entry.is_backdated
    detail = (
        f"{format_utc(entry.at, with_date=True)} · {entry.operator} · {entry.kind.value}"
        + (f" (recorded {format_utc(entry.recorded_at, with_date=True)})" if backdated else "")
        + f"\n{entry.text}"
    )
    return Row.of(
        entry.id,
        (when, "muted"),
        ("*" if backdated else " ", "warning"),
        (f"{entry.operator[:10]:<10} ", "accent"),
        (f"{mark} ", role),
        (entry.text.replace("\n", " ⏎ "), ""),
        detail=detail,
    )


class TimelinePane(Pane):
    """Shows the timeline; the newest entry is at the bottom and the pane follows it."""

    PANE_TITLE = "Timeline (UTC)"
    EMPTY_TEXT = "No events yet."

    def __init__(self) -> None:
        super().__init__(id="timeline")
        self._rows_for: dict[str, Row] = {}

    def on_mount(self) -> None:
        self.rows.follow_end = True

    def show(self, room: WarRoom) -> None:
        """Show the room's timeline (rows are built once per entry and reused)."""
        cache, entries = self._rows_for, room.timeline

        def build(index: int) -> Row:
            entry = entries[index]
            return cache.get(entry.id) or cache.setdefault(entry.id, timeline_row(entry))

        keys = [e.id for e in entries]  # entries never change once written: ids say it all
        subtitle = f"{len(entries)} event" + ("" if len(entries) == 1 else "s")
        self.show_rows(LazyRows(keys, build), subtitle, signature=keys)
