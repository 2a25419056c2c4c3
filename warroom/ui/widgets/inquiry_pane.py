"""Inquiry counts per channel, each counted with one key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.binding import Binding
from textual.message import Message

from warroom.domain.warroom import WarRoom
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import Row

__all__ = ["InquiryPane", "inquiry_rows"]


def inquiry_rows(room: WarRoom, now: datetime) -> tuple[list[Row], str]:
    """One row per channel: its key, name and total; subtitle: the grand total."""
    counts = room.inquiry_totals()
    rows = []
    for channel in room.incident.channels:
        count = counts[channel.id]
        rows.append(
            Row.of(
                channel.id,
                (f"[{channel.key}] ", "accent"),
                (f"{channel.name:<24} ", ""),
                (f"{count:>6}", "heading"),
                detail=f"{channel.name}: {count} inquiries. Press {channel.key} to count one; "
                "- takes one back.",
            )
        )
    return rows, f"{sum(counts.values())} total"


class InquiryPane(Pane):
    """Shows counts; enter or + counts on the highlighted channel, - takes one back."""

    PANE_TITLE = "Inquiries"
    EMPTY_TEXT = "The incident file lists no inquiry channels."

    BINDINGS = [
        Binding("enter,plus,equals_sign", "count", "Count", tooltip="Count one inquiry here"),
        Binding("minus,backspace", "take_back", "Take back", tooltip="Take back a mistaken count"),
    ]

    @dataclass
    class CountRequested(Message):
        """Count one inquiry on this channel."""

        channel_id: str

    @dataclass
    class TakeBackRequested(Message):
        """Take back one mistaken count on this channel."""

        channel_id: str

    def __init__(self) -> None:
        super().__init__(id="inquiries")

    def show(self, room: WarRoom, now: datetime) -> None:
        """Show the room's inquiry counts."""
        rows, subtitle = inquiry_rows(room, now)
        self.show_rows(rows, subtitle)

    def action_count(self) -> None:
        if (key := self.highlighted_key) is not None:
            self.post_message(self.CountRequested(key))

    def action_take_back(self) -> None:
        if (key := self.highlighted_key) is not None:
            self.post_message(self.TakeBackRequested(key))
