"""What the dashboard does with the checklist, inquiry counts and notes: each to one service intent.

A mixin of ``DashboardScreen``, beside ``MentionIntents``, so the screen itself stays a
coordinator of panes. Its handlers are found by Textual's naming convention: ``@on`` registers
only in a message pump's own class body, not in a plain mixin.
"""

from __future__ import annotations

from textual import events

from warroom.domain.clock import WhenError, format_utc, parse_when
from warroom.ui.screens.dashboard_host import DashboardHost
from warroom.ui.screens.form_field import Field
from warroom.ui.widgets.checklist_pane import ChecklistPane
from warroom.ui.widgets.inquiry_pane import InquiryPane

__all__ = ["PaneIntents"]


class PaneIntents(DashboardHost):
    """Ticks, counts (by key, with a topic, taken back) and timeline notes."""

    async def on_checklist_pane_toggle_requested(
        self, event: ChecklistPane.ToggleRequested
    ) -> None:
        """Tick or untick; the service applies the gates and asks for a reason where due."""
        item_id, done = event.item_id, event.done
        await self.change_with_reason(
            lambda service, reason: service.tick(item_id, done, reason=reason)
        )

    async def on_inquiry_pane_count_requested(self, event: InquiryPane.CountRequested) -> None:
        await self.count_inquiry(event.channel_id)

    def on_inquiry_pane_topic_count_requested(self, event: InquiryPane.TopicCountRequested) -> None:
        """Ask for the topic, then count one inquiry on the channel with it."""
        channel = self.room.incident.channel(event.channel_id) if self.room else None
        if channel is None:
            return
        # The topics of the newest thousand counts: the rest of the history stays on disk.
        newest = self.room.inquiries[-1000:] if self.room else ()
        recent = sorted({e.topic for e in newest if e.topic})[:6]

        async def answered(values: list[str]) -> None:
            topic = values[0].strip()
            await self.change(lambda service: service.count(event.channel_id, topic=topic))

        self.ask(
            f"Count one inquiry on {channel.name}, about…",
            [Field("Topic (a few words: e.g. password reset, refund)", required=True)],
            answered,
            hint="Topics of the latest counts: "
            + (", ".join(recent) or "none")
            + ". A topic that keeps coming back prompts a FAQ entry.",
        )

    async def on_inquiry_pane_take_back_requested(
        self, event: InquiryPane.TakeBackRequested
    ) -> None:
        channel_id = event.channel_id
        taken = await self.change(lambda service: service.take_back(channel_id))
        if taken is False:
            self.notify("That channel's count is already zero.", markup=False)

    async def count_inquiry(self, channel_id: str) -> None:
        """Count one inquiry on a channel."""
        await self.change(lambda service: service.count(channel_id))

    async def on_key(self, event: events.Key) -> None:
        """A channel's key counts an inquiry on it, from any pane."""
        if self.room is None or event.character is None:
            return
        channel = next((c for c in self.room.incident.channels if c.key == event.character), None)
        if channel is not None:
            event.stop()
            await self.count_inquiry(channel.id)

    def action_add_note(self) -> None:
        """Add a timeline note, optionally back-dated."""
        now = self.now()

        def validate(values: list[str]) -> str | None:
            try:
                parse_when(values[1], self.now())
            except WhenError as error:
                return str(error)
            return None

        async def answered(values: list[str]) -> None:
            text, when = values
            at = parse_when(when, self.now())
            await self.change(lambda service: service.note(text, at=at))

        self.ask(
            "Add a timeline note",
            [
                Field("What happened", required=True),
                Field(
                    "When (UTC)",
                    placeholder=f"now · -15m · -2h · HH:MM · ISO (now {format_utc(now)})",
                ),
            ],
            answered,
            validate=validate,
        )
