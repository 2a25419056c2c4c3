"""The notice checklist: the playbook as tickable items grouped by step, with due times."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message

from warroom.domain.checklist import ItemStatus
from warroom.domain.clock import format_elapsed, format_utc
from warroom.domain.incident import PlaybookStep
from warroom.domain.warroom import WarRoom
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import Row

__all__ = ["ChecklistPane", "checklist_rows"]


def _item_row(room: WarRoom, status: ItemStatus) -> Row:
    item = status.item
    if status.done:
        mark = ("[x] ", "done")
    elif status.overdue:
        mark = ("[!] ", "error")
    else:
        mark = ("[ ] ", "")
    fragments: list[tuple[str, str]] = [mark, (item.title, "done" if status.done else "")]
    detail = item.title
    if status.done and status.tick:
        who = f"  ✓ {status.tick.operator} {format_utc(status.tick.at)}"
        fragments.append((who, "muted"))
        detail += (
            f"\nDone by {status.tick.operator} at {format_utc(status.tick.at, with_date=True)}."
        )
        if status.clock is not None and status.clock.state == "done late":
            fragments.append(("  done late", "warning"))
    elif status.clock is not None and not status.clock.applicable:
        fragments.append(("  not applicable", "muted"))
        detail += f"\nIts clock ({status.clock.clock_name}) does not apply to this incident."
    elif status.waiting and status.clock is not None:
        waits = status.clock.waiting_for or "its trigger"
        fragments.append((f"  waits for {waits}", "muted"))
        detail += (
            f"\nIts clock ({status.clock.clock_name}) has not started: it waits for {waits}"
            " (set it on the clock board, C)."
        )
    elif status.clock is not None and status.due_at is None:
        fragments.append((f"  {status.clock.state}", "muted"))  # paused, no fixed date …
        detail += f"\nIts clock ({status.clock.clock_name}): {status.clock.state}."
    elif status.due_at is not None:
        due = format_elapsed(status.due_at - room.incident.detected_at)
        if status.overdue:
            fragments.append((f"  OVERDUE (due {due})", "error"))
        elif status.due_soon:
            fragments.append((f"  due soon {due}", "warning"))
        else:
            fragments.append((f"  due {due}", "muted"))
        detail += f"\nDue {format_utc(status.due_at, with_date=True)} ({due} after detection)."
        if status.clock is not None:
            detail += f" Deadline of the clock {status.clock.clock_name}."
        if status.tick and not status.tick.done:
            detail += f" Unticked by {status.tick.operator} at {format_utc(status.tick.at)}."
    if item.team:
        detail += f" Team: {item.team}."
    return Row.of(item.id, *fragments, detail=detail)


Groups = list[tuple[PlaybookStep, list[ItemStatus]]]
"""The checklist by playbook step, deadlines decided (``RoomView.checklist(now)``)."""


def checklist_rows(room: WarRoom, groups: Groups) -> tuple[list[Row], str]:
    """Rows grouped by playbook step, and a subtitle with progress and overdue count."""
    rows: list[Row] = []
    overdue = 0
    for step, statuses in groups:
        done = sum(1 for s in statuses if s.done)
        rows.append(Row.of(None, (f"{step.heading}  {done}/{len(statuses)}", "heading")))
        for status in statuses:
            overdue += status.overdue
            rows.append(_item_row(room, status))
    done, total = room.checklist_progress()
    subtitle = f"{done}/{total} done" + (f" · {overdue} OVERDUE" if overdue else "")
    return rows, subtitle


class ChecklistPane(Pane):
    """Shows the checklist; space ticks or unticks the highlighted item."""

    PANE_TITLE = "Notice checklist"
    EMPTY_TEXT = "The incident file lists no checklist items."

    BINDINGS = [
        Binding("space,x,enter", "toggle_item", "Tick/untick", tooltip="Tick or untick the item"),
    ]

    @dataclass
    class ToggleRequested(Message):
        """The operator wants this item ticked (``done``) or unticked."""

        item_id: str
        done: bool

    def __init__(self) -> None:
        super().__init__(id="checklist")
        self._done: dict[str, bool] = {}

    def show(self, room: WarRoom, groups: Groups) -> None:
        """Show the room's checklist, with the deadlines the service decided."""
        self._done = {item_id: tick.done for item_id, tick in room.ticks.items()}
        rows, subtitle = checklist_rows(room, groups)
        self.show_rows(rows, subtitle)
        self.set_state("OVERDUE" in subtitle, "-overdue")

    def action_toggle_item(self) -> None:
        key = self.highlighted_key
        if key is not None:
            self.post_message(self.ToggleRequested(key, not self._done.get(key, False)))
