"""Inquiry counts per channel, each counted with one key."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.binding import Binding
from textual.message import Message

from warroom.domain.trends import SPIKE_PROMPT, InquiryTrends, inquiry_trends
from warroom.domain.warroom import WarRoom
from warroom.ui.widgets.pane import Pane
from warroom.ui.widgets.row_list import Row, fit

__all__ = ["InquiryPane", "inquiry_rows", "room_trends"]


NAME_WIDTH = 21
"""Channel names are cut to this on the row; the detail line shows the whole name."""
MIN_NAME_WIDTH, MIN_SPARK = 8, 4
_FIXED = len("[1] ") + 1 + 5 + len(" 999/h ") + len(" ⚡ SPIKE") + 2
"""Columns a row needs besides the name and the sparkline (and the scrollbar, a margin)."""


def _widths(width: int | None, spark: int) -> tuple[int, int]:
    """(name, sparkline) columns: the numbers and the spike mark are never cut; in a narrow
    pane the name gives way first, then the sparkline's oldest hours."""
    if not width:
        return NAME_WIDTH, spark
    room = width - _FIXED
    spark_width = max(MIN_SPARK, min(spark, room - MIN_NAME_WIDTH))
    return max(MIN_NAME_WIDTH, min(NAME_WIDTH, room - spark_width)), spark_width


def inquiry_rows(
    room: WarRoom, now: datetime, trends: InquiryTrends | None = None, *, width: int | None = None
) -> tuple[list[Row], str]:
    """One row per channel: key, name, total, last hour, sparkline, ``⚡ SPIKE``; then prompts.

    The subtitle carries the grand total and, while a channel spikes, the prompt to update the
    FAQ and the team Q&A. Topics that keep coming back follow the channels as FAQ prompts.
    In a narrow pane (``width``) the name gives way, so the counts, the sparkline's latest hours
    and the spike mark stay in sight.
    """
    trends = trends or room_trends(room, now)
    name_width, spark_width = _widths(
        width, max((len(t.sparkline) for t in trends.channels), default=0)
    )
    rows = []
    for channel in room.incident.channels:
        trend = trends.channel(channel.id)
        total = trend.total if trend else 0
        last_hour = trend.last_hour if trend else 0
        spark = trend.sparkline if trend else ""
        spike = trend.spike if trend else None
        detail = (
            f"{channel.name}: {total} inquiries, {last_hour} in the last hour; per hour over the"
            f" last {len(trend.hourly) if trend else 0} h: {spark}. Press {channel.key} to count"
            " one; - takes one back; t counts one with a topic."
        )
        if spike is not None:
            detail = f"⚡ SPIKE: {spike.text}\n" + detail
        rows.append(
            Row.of(
                channel.id,
                (f"[{channel.key}] ", "accent"),
                (f"{fit(channel.name, name_width):<{name_width}} ", ""),
                (f"{total:>5}", "heading"),
                (f" {last_hour:>4}/h ", "error" if spike else "muted"),
                (spark[-spark_width:] if spark_width else "", "error" if spike else "accent"),
                (" ⚡ SPIKE" if spike else "", "error"),
                detail=detail,
            )
        )
    if trends.spikes:
        names = ", ".join(s.channel_name for s in trends.spikes)
        rows.append(Row.of(None, (f"⚡ SPIKE on {names}: {SPIKE_PROMPT}", "error")))
    for prompt in trends.faq_prompts:
        rows.append(
            Row.of(
                f"topic:{prompt.topic}",
                ("? ", "warning"),
                (prompt.text, "warning"),
                detail=f"{prompt.text} (channels: {', '.join(prompt.channels)})",
            )
        )
    grand = sum(c.total for c in trends.channels)
    subtitle = f"{grand} total"
    if trends.spikes:
        subtitle += f" · ⚡ SPIKE: {SPIKE_PROMPT}"
    return rows, subtitle


def room_trends(room: WarRoom, now: datetime) -> InquiryTrends:
    """The inquiry trends of a snapshot at ``now`` (12 hours of sparkline)."""
    incident = room.incident
    return inquiry_trends(
        incident.channels,
        room.inquiries,
        incident.detected_at,
        now,
        hours=12,
        totals=room.inquiry_totals(),
    )


class InquiryPane(Pane):
    """Shows counts; enter or + counts on the highlighted channel, - takes one back."""

    PANE_TITLE = "Inquiries"
    EMPTY_TEXT = "The incident file lists no inquiry channels."

    BINDINGS = [
        Binding("enter,plus,equals_sign", "count", "Count", tooltip="Count one inquiry here"),
        Binding("minus,backspace", "take_back", "Take back", tooltip="Take back a mistaken count"),
        Binding(
            "t", "count_topic", "With topic", tooltip="Count one inquiry here, tagged with a topic"
        ),
    ]

    @dataclass
    class CountRequested(Message):
        """Count one inquiry on this channel."""

        channel_id: str

    @dataclass
    class TopicCountRequested(Message):
        """Ask for a topic, then count one inquiry on this channel with it."""

        channel_id: str

    @dataclass
    class TakeBackRequested(Message):
        """Take back one mistaken count on this channel."""

        channel_id: str

    def __init__(self) -> None:
        super().__init__(id="inquiries")
        self._shown: tuple[WarRoom, datetime, InquiryTrends] | None = None

    def show(self, room: WarRoom, now: datetime, trends: InquiryTrends | None = None) -> None:
        """Show the room's inquiry counts and trends; a spike marks the pane ``-spike``."""
        trends = trends or room_trends(room, now)
        self._shown = (room, now, trends)
        rows, subtitle = inquiry_rows(room, now, trends, width=self.rows.size.width)
        self.show_rows(rows, subtitle)
        self.set_state(bool(trends.spikes), "-spike")

    def on_resize(self) -> None:
        """Lay the rows out again for the new width (names give way to the numbers)."""
        if self._shown is not None:
            self.show(*self._shown)

    def _channel_key(self) -> str | None:
        """The highlighted channel's id (``None`` on a prompt row)."""
        key = self.highlighted_key
        return None if key is None or key.startswith("topic:") else key

    def action_count(self) -> None:
        if (key := self._channel_key()) is not None:
            self.post_message(self.CountRequested(key))

    def action_count_topic(self) -> None:
        if (key := self._channel_key()) is not None:
            self.post_message(self.TopicCountRequested(key))

    def action_take_back(self) -> None:
        if (key := self._channel_key()) is not None:
            self.post_message(self.TakeBackRequested(key))
